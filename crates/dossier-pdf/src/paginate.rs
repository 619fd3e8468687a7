//! Page breaking on heights alone: which units of which flow go on which
//! page. Kept free of text and drawing so that the rules (orphans, widows,
//! keep-with-next, repeated table headers, unsplittable figures) are tested
//! on plain numbers.

use std::ops::Range;

/// The measurements of one block for page breaking.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowMetrics {
    /// Heights of the units (lines, table rows, or one unit for an atomic block).
    pub heights: Vec<f32>,
    /// Start a new page before this flow (a page break has no units).
    pub break_before: bool,
    /// Keep on the same page as the first lines of the next flow.
    pub keep_with_next: bool,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    pub space_after: f32,
    /// Minimum number of units left at the bottom of a page before a split.
    pub orphans: usize,
    /// Minimum number of units carried to the next page after a split.
    pub widows: usize,
    /// Height of a unit repeated at the top of every continuation (a table header).
    pub repeat_height: Option<f32>,
}

impl FlowMetrics {
    /// A block that is never split.
    pub fn atomic(height: f32, space_before: f32, space_after: f32) -> FlowMetrics {
        FlowMetrics {
            heights: vec![height],
            space_before,
            space_after,
            orphans: 1,
            widows: 1,
            ..FlowMetrics::default()
        }
    }

    fn splittable(&self) -> bool {
        self.heights.len() >= 2 && self.heights.len() >= self.orphans + self.widows
    }

    /// Height of the smallest first piece of this flow that may stand at
    /// the bottom of a page.
    fn first_chunk(&self) -> f32 {
        if self.break_before {
            return 0.0;
        }
        let n = if self.splittable() {
            self.orphans.max(1).min(self.heights.len())
        } else {
            self.heights.len()
        };
        self.space_before + self.heights[..n].iter().sum::<f32>()
    }
}

/// Where a piece of a flow landed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub flow: usize,
    pub units: Range<usize>,
    pub page: usize,
    /// Top of the piece (of the repeated unit, when there is one), measured
    /// from the top of the content area.
    pub y: f32,
    /// The repeated unit (table header) is drawn first.
    pub repeat: bool,
}

const EPS: f32 = 0.01;

/// Breaks `flows` into pages of `avail` points of content height.
/// Returns the placements and the number of pages.
pub fn paginate(flows: &[FlowMetrics], avail: f32) -> (Vec<Placement>, usize) {
    let mut out = Vec::new();
    let mut page = 0;
    let mut y = 0.0_f32;
    let mut empty = true;
    for (i, f) in flows.iter().enumerate() {
        if f.break_before {
            if !empty {
                page += 1;
                y = 0.0;
                empty = true;
            }
            continue;
        }
        if f.heights.is_empty() {
            continue;
        }
        let next_need = if f.keep_with_next {
            flows
                .get(i + 1)
                .map(FlowMetrics::first_chunk)
                .unwrap_or(0.0)
        } else {
            0.0
        };
        let mut start = 0;
        while start < f.heights.len() {
            let sb = if empty { 0.0 } else { f.space_before };
            let rep = if start > 0 {
                f.repeat_height.unwrap_or(0.0)
            } else {
                0.0
            };
            let rest = &f.heights[start..];
            let total: f32 = rest.iter().sum::<f32>() + rep;
            if y + sb + total + next_need <= avail + EPS {
                out.push(Placement {
                    flow: i,
                    units: start..f.heights.len(),
                    page,
                    y: y + sb,
                    repeat: rep > 0.0,
                });
                y += sb + total + f.space_after;
                empty = false;
                break;
            }
            if y + sb + total <= avail + EPS && !empty {
                // It fits, but whatever must stay with it does not.
                page += 1;
                y = 0.0;
                empty = true;
                continue;
            }
            // How many units fit here?
            let mut k = 0;
            let mut h = sb + rep;
            while k < rest.len() && y + h + rest[k] <= avail + EPS {
                h += rest[k];
                k += 1;
            }
            let splittable = f.splittable();
            if splittable && k < rest.len() && rest.len() - k < f.widows {
                k = rest.len().saturating_sub(f.widows);
            }
            let min_first = if start == 0 { f.orphans.max(1) } else { 1 };
            if splittable && k >= min_first && k < rest.len() {
                out.push(Placement {
                    flow: i,
                    units: start..start + k,
                    page,
                    y: y + sb,
                    repeat: rep > 0.0,
                });
                start += k;
                page += 1;
                y = 0.0;
                empty = true;
                continue;
            }
            if !empty {
                page += 1;
                y = 0.0;
                empty = true;
                continue;
            }
            // Alone on an empty page and still too tall: place what fits
            // (at least one unit, or the whole atomic block) and go on.
            let k = if splittable {
                // Recount without widow adjustment.
                let mut k = 0;
                let mut h = rep;
                while k < rest.len() && h + rest[k] <= avail + EPS {
                    h += rest[k];
                    k += 1;
                }
                k.max(1)
            } else {
                rest.len()
            };
            let height: f32 = rep + rest[..k].iter().sum::<f32>();
            out.push(Placement {
                flow: i,
                units: start..start + k,
                page,
                y,
                repeat: rep > 0.0,
            });
            start += k;
            if start < f.heights.len() {
                page += 1;
                y = 0.0;
                empty = true;
            } else {
                y += height + f.space_after;
                empty = false;
            }
        }
    }
    let pages = if out.is_empty() { 1 } else { page + 1 };
    (out, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(lines: usize) -> FlowMetrics {
        FlowMetrics {
            heights: vec![10.0; lines],
            orphans: 2,
            widows: 2,
            space_after: 0.0,
            ..FlowMetrics::default()
        }
    }

    fn pieces(p: &[Placement], flow: usize) -> Vec<(usize, Range<usize>)> {
        p.iter()
            .filter(|x| x.flow == flow)
            .map(|x| (x.page, x.units.clone()))
            .collect()
    }

    #[test]
    fn fits_on_one_page() {
        let (p, pages) = paginate(&[para(5), para(5)], 100.0);
        assert_eq!(pages, 1);
        assert_eq!(p[1].y, 50.0);
    }

    #[test]
    fn no_widow_line() {
        // 9 lines used, a 3-line paragraph: 1 line would fit, but then its
        // other two lines... fit the widow rule? 1 orphan line is not allowed.
        let (p, _) = paginate(&[para(9), para(3)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..3)]);
        // 7 lines used, 4-line paragraph: 3 would fit, leaving 1 widow;
        // break after 2 instead.
        let (p, _) = paginate(&[para(7), para(4)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(0, 0..2), (1, 2..4)]);
    }

    #[test]
    fn no_orphan_line() {
        // 9 lines used: only one line of a 5-line paragraph would fit.
        let (p, _) = paginate(&[para(9), para(5)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..5)]);
        // 8 lines used: two fit, three move on.
        let (p, _) = paginate(&[para(8), para(5)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(0, 0..2), (1, 2..5)]);
    }

    #[test]
    fn heading_keeps_with_next() {
        let mut h = FlowMetrics::atomic(15.0, 0.0, 0.0);
        h.keep_with_next = true;
        // 8 lines used; the heading fits (95) but not with two lines of the
        // following paragraph.
        let (p, _) = paginate(&[para(8), h, para(4)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..1)]);
        assert_eq!(pieces(&p, 2), vec![(1, 0..4)]);
        // With room for two lines the heading stays and the paragraph splits.
        let mut h = FlowMetrics::atomic(15.0, 0.0, 0.0);
        h.keep_with_next = true;
        let (p, _) = paginate(&[para(6), h, para(4)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(0, 0..1)]);
        assert_eq!(pieces(&p, 2), vec![(0, 0..2), (1, 2..4)]);
    }

    #[test]
    fn table_split_repeats_header() {
        let table = FlowMetrics {
            heights: vec![10.0; 20], // header + 19 rows
            orphans: 3,
            widows: 2,
            repeat_height: Some(10.0),
            ..FlowMetrics::default()
        };
        let (p, pages) = paginate(&[para(5), table], 100.0);
        assert_eq!(pages, 3);
        assert_eq!(pieces(&p, 1), vec![(0, 0..5), (1, 5..14), (2, 14..20)]);
        assert!(!p[1].repeat);
        assert!(p[2].repeat && p[3].repeat);
    }

    #[test]
    fn figure_never_splits() {
        let fig = FlowMetrics::atomic(60.0, 5.0, 5.0);
        let (p, _) = paginate(&[para(5), fig], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..1)]);
        assert_eq!(p[1].y, 0.0, "space before is dropped at the top of a page");
    }

    #[test]
    fn page_break() {
        let brk = FlowMetrics {
            break_before: true,
            ..FlowMetrics::default()
        };
        let (p, pages) = paginate(&[para(2), brk, para(2)], 100.0);
        assert_eq!(pages, 2);
        assert_eq!(pieces(&p, 2), vec![(1, 0..2)]);
    }
}
