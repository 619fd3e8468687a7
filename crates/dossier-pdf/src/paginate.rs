//! Page breaking on heights alone: which units of which flow go on which
//! page. Kept free of text and drawing so that the rules (orphans, widows,
//! keep-with-next, repeated table headers, unsplittable figures, footnotes
//! on the page of their reference) are tested on plain numbers.

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
    /// An atomic block (a figure) that may move to the top of the next page
    /// when it does not fit, letting the blocks after it fill the current
    /// page, as long as they belong to the same section: the next heading,
    /// page break or figure brings it back first.
    pub float: bool,
    /// Per unit, the height of the footnotes referenced in it, which go at
    /// the foot of the page the unit lands on; empty when the flow has
    /// none.
    pub notes: Vec<f32>,
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

    /// The height of the footnotes of units `range`.
    fn notes_of(&self, range: Range<usize>) -> f32 {
        self.notes.get(range).map_or(0.0, |n| n.iter().sum())
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
        self.space_before + self.heights[..n].iter().sum::<f32>() + self.notes_of(0..n)
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
    paginate_with_notes(flows, avail, 0.0)
}

/// [`paginate`], with footnotes: the footnotes of the units on a page
/// stand at its foot, below a separator `note_gap` high, and take their
/// room from the page's content height. A unit goes on the next page with
/// its notes when they do not fit beside it (a note longer than a page is
/// set at the foot of a page of its own and runs over its margin).
pub fn paginate_with_notes(
    flows: &[FlowMetrics],
    avail: f32,
    note_gap: f32,
) -> (Vec<Placement>, usize) {
    let mut st = State {
        flows,
        out: Vec::new(),
        page: 0,
        y: 0.0,
        empty: true,
        deferred: None,
        notes: 0.0,
        note_gap,
    };
    for (i, f) in flows.iter().enumerate() {
        if st.deferred.is_some() && (f.break_before || f.keep_with_next || f.float) {
            // The deferred figure goes before the next section starts.
            st.new_page();
        }
        if f.break_before {
            if !st.empty {
                st.new_page();
            }
            continue;
        }
        if f.heights.is_empty() {
            continue;
        }
        if f.float && !st.empty {
            let total: f32 = f.heights.iter().sum();
            let fits_here = st.y + f.space_before + total + st.notes_with(0.0) <= avail + EPS;
            if !fits_here && total <= avail + EPS {
                st.deferred = Some(i);
                continue;
            }
        }
        st.place(i, avail);
    }
    if st.deferred.is_some() {
        st.new_page();
    }
    let pages = if st.out.is_empty() { 1 } else { st.page + 1 };
    (st.out, pages)
}

/// The state of page breaking: where the next piece goes.
struct State<'a> {
    flows: &'a [FlowMetrics],
    out: Vec<Placement>,
    page: usize,
    y: f32,
    empty: bool,
    /// A figure waiting for the top of the next page.
    deferred: Option<usize>,
    /// Height of the footnotes on the current page.
    notes: f32,
    note_gap: f32,
}

impl State<'_> {
    /// The room footnotes take on the current page with `extra` more.
    fn notes_with(&self, extra: f32) -> f32 {
        let n = self.notes + extra;
        if n > 0.0 {
            n + self.note_gap
        } else {
            0.0
        }
    }

    /// Starts a new page, with the deferred figure at its top.
    fn new_page(&mut self) {
        self.page += 1;
        self.y = 0.0;
        self.empty = true;
        self.notes = 0.0;
        if let Some(d) = self.deferred.take() {
            let f = &self.flows[d];
            let h: f32 = f.heights.iter().sum();
            self.out.push(Placement {
                flow: d,
                units: 0..f.heights.len(),
                page: self.page,
                y: 0.0,
                repeat: false,
            });
            self.y = h + f.space_after;
            self.empty = false;
        }
    }

    /// Places flow `i` from the current position on.
    fn place(&mut self, i: usize, avail: f32) {
        let flows = self.flows;
        let f = &flows[i];
        // A heading keeps with what follows it, and a run of headings (a
        // section and its first subsection) with the first lines after
        // the last of them.
        let mut next_need = 0.0;
        let mut j = i;
        while flows[j].keep_with_next {
            let Some(next) = flows.get(j + 1) else { break };
            if next.keep_with_next && !next.splittable() && !next.break_before {
                next_need += next.space_before + next.heights.iter().sum::<f32>();
                j += 1;
            } else {
                next_need += next.first_chunk();
                break;
            }
        }
        let mut start = 0;
        while start < f.heights.len() {
            let sb = if self.empty { 0.0 } else { f.space_before };
            let rep = if start > 0 {
                f.repeat_height.unwrap_or(0.0)
            } else {
                0.0
            };
            let rest = &f.heights[start..];
            let total: f32 = rest.iter().sum::<f32>() + rep;
            let rest_notes = f.notes_of(start..f.heights.len());
            let notes = self.notes_with(rest_notes);
            let y = self.y;
            if y + sb + total + next_need + notes <= avail + EPS {
                self.out.push(Placement {
                    flow: i,
                    units: start..f.heights.len(),
                    page: self.page,
                    y: y + sb,
                    repeat: rep > 0.0,
                });
                self.y += sb + total + f.space_after;
                self.notes += rest_notes;
                self.empty = false;
                break;
            }
            if y + sb + total + notes <= avail + EPS && !self.empty {
                // It fits, but whatever must stay with it does not.
                self.new_page();
                continue;
            }
            // How many units fit here?
            let mut k = 0;
            let mut h = sb + rep;
            while k < rest.len()
                && y + h + rest[k] + self.notes_with(f.notes_of(start..start + k + 1))
                    <= avail + EPS
            {
                h += rest[k];
                k += 1;
            }
            let splittable = f.splittable();
            if splittable && k < rest.len() && rest.len() - k < f.widows {
                k = rest.len().saturating_sub(f.widows);
            }
            let min_first = if start == 0 { f.orphans.max(1) } else { 1 };
            if splittable && k >= min_first && k < rest.len() {
                self.out.push(Placement {
                    flow: i,
                    units: start..start + k,
                    page: self.page,
                    y: y + sb,
                    repeat: rep > 0.0,
                });
                self.notes += f.notes_of(start..start + k);
                start += k;
                self.new_page();
                continue;
            }
            if !self.empty {
                self.new_page();
                continue;
            }
            // Alone on an empty page and still too tall: place what fits
            // (at least one unit, or the whole atomic block) and go on.
            let k = if splittable {
                // Recount without widow adjustment.
                let mut k = 0;
                let mut h = rep;
                while k < rest.len()
                    && y + h + rest[k] + self.notes_with(f.notes_of(start..start + k + 1))
                        <= avail + EPS
                {
                    h += rest[k];
                    k += 1;
                }
                k.max(1)
            } else {
                rest.len()
            };
            let height: f32 = rep + rest[..k].iter().sum::<f32>();
            self.out.push(Placement {
                flow: i,
                units: start..start + k,
                page: self.page,
                y,
                repeat: rep > 0.0,
            });
            self.notes += f.notes_of(start..start + k);
            start += k;
            if start < f.heights.len() {
                self.new_page();
            } else {
                self.y += height + f.space_after;
                self.empty = false;
            }
        }
    }
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
    fn a_run_of_headings_keeps_with_the_lines_after_it() {
        let heading = || FlowMetrics {
            keep_with_next: true,
            ..FlowMetrics::atomic(15.0, 0.0, 0.0)
        };
        // 6 lines used: both headings fit (90) but not with a line after.
        let (p, _) = paginate(&[para(6), heading(), heading(), para(4)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..1)]);
        assert_eq!(pieces(&p, 2), vec![(1, 0..1)]);
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

    fn figure(height: f32) -> FlowMetrics {
        FlowMetrics {
            float: true,
            ..FlowMetrics::atomic(height, 0.0, 0.0)
        }
    }

    #[test]
    fn a_figure_that_does_not_fit_lets_the_text_after_it_fill_the_page() {
        // 60 points of text, a 60-point figure, then 30 points of text.
        let (p, n) = paginate(&[para(6), figure(60.0), para(3)], 100.0);
        assert_eq!(pieces(&p, 2), vec![(0, 0..3)], "the text moves up");
        assert_eq!(pieces(&p, 1), vec![(1, 0..1)]);
        assert_eq!(n, 2);
    }

    #[test]
    fn a_deferred_figure_stays_in_its_section() {
        let heading = FlowMetrics {
            keep_with_next: true,
            ..FlowMetrics::atomic(10.0, 0.0, 0.0)
        };
        let (p, _) = paginate(&[para(6), figure(60.0), heading, para(2)], 100.0);
        assert_eq!(pieces(&p, 1), vec![(1, 0..1)]);
        assert_eq!(
            pieces(&p, 2),
            vec![(1, 0..1)],
            "the next heading comes after it"
        );
        let fig = p.iter().find(|x| x.flow == 1).unwrap();
        let head = p.iter().find(|x| x.flow == 2).unwrap();
        assert!(head.y >= fig.y + 60.0);
    }

    #[test]
    fn a_split_table_continues_below_the_deferred_figure() {
        let table = FlowMetrics {
            heights: vec![10.0; 6],
            orphans: 2,
            widows: 2,
            repeat_height: Some(10.0),
            ..FlowMetrics::default()
        };
        let (p, _) = paginate(&[para(6), figure(60.0), table], 100.0);
        assert_eq!(pieces(&p, 2), vec![(0, 0..4), (1, 4..6)]);
        let rest = p.iter().find(|x| x.flow == 2 && x.page == 1).unwrap();
        assert!(rest.y >= 60.0, "below the figure: {}", rest.y);
        assert!(rest.repeat);
    }

    fn with_notes(lines: usize, notes: &[(usize, f32)]) -> FlowMetrics {
        let mut f = para(lines);
        f.notes = vec![0.0; lines];
        for (unit, h) in notes {
            f.notes[*unit] = *h;
        }
        f
    }

    #[test]
    fn footnotes_take_room_at_the_foot_of_their_page() {
        // 6 lines used; a 4-line paragraph whose third line holds a
        // 15-point note (plus a 5-point separator): lines 1-2 fit with no
        // note, line 3 would need 30 + 20 more than the 40 left.
        let (p, _) = paginate_with_notes(&[para(6), with_notes(4, &[(2, 15.0)])], 100.0, 5.0);
        assert_eq!(pieces(&p, 1), vec![(0, 0..2), (1, 2..4)]);
        // Without the note the paragraph fits.
        let (p, _) = paginate_with_notes(&[para(6), with_notes(4, &[])], 100.0, 5.0);
        assert_eq!(pieces(&p, 1), vec![(0, 0..4)]);
    }

    #[test]
    fn the_notes_of_a_page_add_up_and_start_afresh_on_the_next() {
        // Each 2-line paragraph's first line holds a 20-point note, with a
        // 5-point separator once per page. Two fit on a 90-point page (40
        // points of text, 45 of notes); a third would need 20 more of each.
        let note = || with_notes(2, &[(0, 20.0)]);
        let (p, pages) = paginate_with_notes(&[note(), note(), note(), note()], 90.0, 5.0);
        let on: Vec<usize> = (0..4).map(|f| pieces(&p, f)[0].0).collect();
        assert_eq!(on, [0, 0, 1, 1]);
        assert_eq!(pages, 2);
        // A note taller than a page still lands with its line.
        let (p, _) = paginate_with_notes(&[with_notes(1, &[(0, 500.0)])], 80.0, 5.0);
        assert_eq!(pieces(&p, 0), vec![(0, 0..1)]);
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
