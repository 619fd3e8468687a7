//! Placement of timeline event labels: flags stacked above the band so that
//! no two touch and no leader line crosses a label, chosen so that the set
//! of labelled events does not depend on the reading direction.
//!
//! A label hangs like a flag from its leader line, to the right or to the
//! left of it, or centred over it. Labels are placed one by one, each at the
//! lowest height where it is free, in several orders; every order is tried
//! twice, once preferring flags to the right and once to the left. The
//! placements found are the same in both reading directions, and the one
//! kept labels the most events, then the earliest ones (a rule that knows
//! no direction); only among placements labelling the same events does the
//! reading direction count, through the flags that hang towards it (so
//! that a label's start, its date, is next to its marker), then the lower
//! stack.

use dossier_canvas::Label;
use std::sync::Arc;

use crate::context::PAD;

/// Up to this many events (counting one per date), a timeline labels them;
/// beyond, labels could not be read and would cost time, so markers are
/// drawn and the key says how many events are not labelled.
pub(crate) const LABELLED_EVENTS: usize = 200;
/// Up to this many dates with events, the placement also tries shuffled
/// orders and two line widths.
pub(crate) const SEARCHED_EVENTS: usize = 24;
/// How many shuffled orders it tries for each side preference.
const SHUFFLED_ORDERS: usize = 24;
/// Space between the lines of one event's label.
pub(crate) const EVENT_LINE_GAP: f32 = 1.0;
/// Space between the labels of two events on one date, in one flag.
pub(crate) const EVENT_GAP: f32 = 5.0;
/// Space kept between two labels one above the other, and between a label
/// and a leader line.
const GAP: f32 = 4.0;
/// Space kept between two labels side by side, so that the end of one is
/// not read on into the start of the next.
const SIDE_GAP: f32 = 10.0;

/// One line of a label, with its top below the label's top.
pub(crate) struct LabelLine {
    pub(crate) text: String,
    pub(crate) label: Arc<Label>,
    pub(crate) top: f32,
}

/// The label of the events on one date: their lines, one after another.
pub(crate) struct EventLabel {
    pub(crate) lines: Vec<LabelLine>,
    /// Width of the widest line.
    pub(crate) width: f32,
    /// Height of all lines with the gaps between them.
    pub(crate) height: f32,
}

/// Where a label went: its extent across (box and leader line), its bottom
/// above the band, its height, its leader line and its left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Flag {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) bottom: f32,
    pub(crate) height: f32,
    pub(crate) leader: f32,
    pub(crate) left: f32,
    pub(crate) width: f32,
}

impl Flag {
    fn top(&self) -> f32 {
        self.bottom + self.height
    }

    /// Whether the label hangs to the right of its leader line (its left
    /// edge at or past the line), to the left (its right edge at or before
    /// it), or neither (centred).
    pub(crate) fn hangs(&self) -> (bool, bool) {
        (
            self.left >= self.leader - 0.01,
            self.left + self.width <= self.leader + 0.01,
        )
    }
}

/// Something on the band's edge that labels and leader lines keep clear of
/// (the numbered marker of an event without a label): `x0..x1` across, up
/// to `top` above the level where labels start (negative when it stays
/// below that level).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Obstacle {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) top: f32,
}

/// For each date, where its label went, or `None`.
pub(crate) type Placement = Vec<Option<Flag>>;

/// A placement problem: dates at `xs` (points across the chart), their
/// labels, how many events each stands for, which ones are not to be
/// labelled (they are numbered instead), what to keep clear of, the
/// chart's width and the highest a label may reach above the band.
pub(crate) struct Problem<'a> {
    pub(crate) xs: &'a [f32],
    pub(crate) labels: &'a [EventLabel],
    pub(crate) weights: &'a [usize],
    pub(crate) skip: &'a [bool],
    pub(crate) obstacles: &'a [Obstacle],
    pub(crate) chart_width: f32,
    pub(crate) max_h: f32,
}

impl Problem<'_> {
    /// Candidate left edges of label `i`: the flag to the preferred side,
    /// then to the other, then centred over the marker (pushed inside the
    /// chart when nothing fits).
    fn candidates(&self, i: usize, prefer_right: bool) -> Vec<f32> {
        let (x, w) = (self.xs[i], self.labels[i].width);
        let fits = |lx: f32| lx >= PAD - 0.01 && lx + w <= self.chart_width - PAD + 0.01;
        let (right, left) = (x + GAP, x - GAP - w);
        let centre = x - w / 2.0;
        let mut cands = if prefer_right {
            vec![right, left, centre]
        } else {
            vec![left, right, centre]
        };
        cands.retain(|lx| fits(*lx));
        if cands.is_empty() {
            cands.push(centre.max(PAD).min(self.chart_width - PAD - w));
        }
        cands
    }

    /// The extent across of label `i` at left edge `lx`: its box reaches
    /// its leader line.
    fn span(&self, i: usize, lx: f32) -> (f32, f32) {
        let (x, w) = (self.xs[i], self.labels[i].width);
        (lx.min(x) - 1.0, (lx + w).max(x) + 1.0)
    }

    /// Places the labels one by one in `order`, each at the lowest free
    /// height. With no free place a label is left out.
    fn place(&self, order: &[usize], prefer_right: bool) -> Placement {
        let n = self.xs.len();
        let mut placed: Placement = vec![None; n];
        let mut done: Vec<Flag> = Vec::new();
        let mut seen = vec![false; n];
        for &i in order {
            seen[i] = true;
            if self.skip[i] {
                continue;
            }
            let (x, l) = (self.xs[i], &self.labels[i]);
            let free = |bottom: f32, lx: f32| {
                let (x0, x1) = self.span(i, lx);
                let top = bottom + l.height;
                top <= self.max_h + 0.01
                    && done.iter().all(|p| {
                        let gap = side_gap((p.x0, p.x1, p.leader), (x0, x1, x));
                        let boxes = p.x0 < x1 + gap
                            && x0 < p.x1 + gap
                            && bottom < p.top() + GAP
                            && p.bottom < top + GAP;
                        // Leader lines run from the band up to their label's top.
                        let theirs_cross =
                            p.leader >= x0 && p.leader <= x1 && bottom < p.top() + GAP;
                        let mine_cross = x >= p.x0 && x <= p.x1 && p.bottom < top + GAP;
                        !(boxes || theirs_cross || mine_cross)
                    })
                    && self.obstacles.iter().all(|o| {
                        let boxes = o.x0 < x1 && x0 < o.x1 && bottom < o.top + 1.0;
                        let mine_cross = x >= o.x0 && x <= o.x1;
                        !(boxes || mine_cross)
                    })
            };
            let mut bottoms: Vec<f32> = std::iter::once(0.0)
                .chain(done.iter().map(|p| p.top() + GAP))
                .chain(self.obstacles.iter().map(|o| (o.top + 1.0).max(0.0)))
                .collect();
            bottoms.sort_by(f32::total_cmp);
            // Of the candidates, the one hanging over the fewest markers
            // still to come, then the lowest, then the first.
            let waiting = |lx: f32| {
                let (x0, x1) = self.span(i, lx);
                (0..n)
                    .filter(|&j| {
                        j != i && !seen[j] && !self.skip[j] && self.xs[j] >= x0 && self.xs[j] <= x1
                    })
                    .count()
            };
            let found = self
                .candidates(i, prefer_right)
                .iter()
                .enumerate()
                .filter_map(|(k, &lx)| {
                    let b = bottoms.iter().copied().find(|&b| free(b, lx))?;
                    Some(((waiting(lx), b, k), (b, lx)))
                })
                .min_by(|(a, _), (b, _)| {
                    a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
                })
                .map(|(_, place)| place);
            if let Some((bottom, lx)) = found {
                let (x0, x1) = self.span(i, lx);
                let flag = Flag {
                    x0,
                    x1,
                    bottom,
                    height: l.height,
                    leader: x,
                    left: lx,
                    width: l.width,
                };
                done.push(flag);
                placed[i] = Some(flag);
            }
        }
        placed
    }

    /// The orders to try for one side preference. A label that hangs over
    /// other markers must go up after their labels, so that their leader
    /// lines pass below it: labels whose first choice covers no marker
    /// still waiting go first (from the end the flags point to, or from
    /// the other end); where every waiting label covers another, the one
    /// covering fewest goes. For a handful of dates, shuffled orders as
    /// well, from a fixed seed, so that the chart is the same on every run.
    fn orders(&self, prefer_right: bool) -> Vec<Vec<usize>> {
        let n = self.xs.len();
        let covers: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let (x0, x1) = self.span(i, self.candidates(i, prefer_right)[0]);
                (0..n)
                    .filter(|&j| j != i && !self.skip[j] && self.xs[j] >= x0 && self.xs[j] <= x1)
                    .collect()
            })
            .collect();
        let covers_first = |base: Vec<usize>| {
            let mut waiting = base;
            let mut order = Vec::with_capacity(waiting.len());
            while !waiting.is_empty() {
                let still = |i: usize| covers[i].iter().filter(|j| waiting.contains(j)).count();
                let pick = (0..waiting.len())
                    .min_by_key(|&k| (still(waiting[k]), k))
                    .unwrap_or(0);
                order.push(waiting.remove(pick));
            }
            order
        };
        let from_end: Vec<usize> = if prefer_right {
            (0..n).rev().collect()
        } else {
            (0..n).collect()
        };
        let from_start: Vec<usize> = from_end.iter().rev().copied().collect();
        let mut orders = vec![covers_first(from_end), covers_first(from_start)];
        if n <= SEARCHED_EVENTS {
            let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
            for _ in 0..SHUFFLED_ORDERS {
                let mut order = orders[0].clone();
                for k in (1..order.len()).rev() {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    order.swap(k, (seed >> 33) as usize % (k + 1));
                }
                orders.push(order);
            }
        }
        orders
    }

    /// Every placement the search finds, in a fixed order that does not
    /// depend on the reading direction.
    fn pool(&self) -> Vec<Placement> {
        [true, false]
            .into_iter()
            .flat_map(|prefer_right| {
                self.orders(prefer_right)
                    .into_iter()
                    .map(move |order| self.place(&order, prefer_right))
            })
            .collect()
    }

    /// The best placement found: see [`Problem::better`].
    pub(crate) fn search(&self, rtl: bool) -> Placement {
        let mut best: Option<Placement> = None;
        for placed in self.pool() {
            if best.as_ref().is_none_or(|b| self.better(&placed, b, rtl)) {
                best = Some(placed);
            }
        }
        best.unwrap_or_else(|| vec![None; self.xs.len()])
    }

    /// How many events placement `p` labels.
    pub(crate) fn labelled(&self, p: &[Option<Flag>]) -> usize {
        p.iter()
            .zip(self.weights)
            .filter(|(f, _)| f.is_some())
            .map(|(_, w)| w)
            .sum()
    }

    /// Whether placement `a` beats `b`, placements of this problem's labels
    /// or of the same events' labels at another line width: it labels more
    /// events; or the same number, the first date where they differ being
    /// labelled in `a`; or the same dates, with more flags hanging towards
    /// the reading direction; or those too, in a lower stack.
    pub(crate) fn better(&self, a: &[Option<Flag>], b: &[Option<Flag>], rtl: bool) -> bool {
        let (na, nb) = (self.labelled(a), self.labelled(b));
        if na != nb {
            return na > nb;
        }
        if let Some((x, _)) = a.iter().zip(b).find(|(x, y)| x.is_some() != y.is_some()) {
            return x.is_some();
        }
        let reading = |p: &[Option<Flag>]| {
            p.iter()
                .flatten()
                .map(Flag::hangs)
                .filter(|(right, left)| if rtl { *left } else { *right })
                .count()
        };
        let (ra, rb) = (reading(a), reading(b));
        if ra != rb {
            return ra > rb;
        }
        stack_top(a) < stack_top(b)
    }
}

/// The space two labels side by side keep between them, given each one's
/// extent and leader line: none where a leader line stands between them
/// (the one on the left ends at its leader, or the one on the right starts
/// at its own), [`SIDE_GAP`] where text would face text.
fn side_gap(a: (f32, f32, f32), b: (f32, f32, f32)) -> f32 {
    let (left, right) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    let left_ends_at_leader = left.2 >= left.1 - 1.01;
    let right_starts_at_leader = right.2 <= right.0 + 1.01;
    if left_ends_at_leader || right_starts_at_leader {
        0.0
    } else {
        SIDE_GAP
    }
}

/// The top of the highest label of a placement, above the band.
pub(crate) fn stack_top(p: &[Option<Flag>]) -> f32 {
    p.iter().flatten().map(Flag::top).fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(width: f32) -> EventLabel {
        EventLabel {
            lines: Vec::new(),
            width,
            height: 20.0,
        }
    }

    fn problem<'a>(
        xs: &'a [f32],
        labels: &'a [EventLabel],
        ones: &'a [usize],
        skip: &'a [bool],
        max_h: f32,
    ) -> Problem<'a> {
        Problem {
            xs,
            labels,
            weights: ones,
            skip,
            obstacles: &[],
            chart_width: 600.0,
            max_h,
        }
    }

    /// No two placed labels touch, and no leader line crosses a label.
    fn assert_clear(xs: &[f32], placed: &[Option<Flag>]) {
        let flags: Vec<Flag> = placed.iter().flatten().copied().collect();
        for (i, a) in flags.iter().enumerate() {
            for (j, b) in flags.iter().enumerate() {
                if i == j {
                    continue;
                }
                let across = a.x0 < b.x1 && b.x0 < a.x1;
                let up = a.bottom < b.top() && b.bottom < a.top();
                assert!(!(across && up), "{i} and {j} overlap");
                // b's leader runs from 0 to b's top.
                let crosses = b.leader > a.x0 && b.leader < a.x1 && a.bottom < b.top();
                assert!(!crosses, "the leader of {j} crosses {i}");
            }
        }
        assert_eq!(placed.len(), xs.len());
    }

    /// Labels that each hang over the next markers stack as a staircase
    /// (the one reaching furthest on top), in both reading directions, and
    /// towards the reading direction when there is room.
    #[test]
    fn event_labels_stack_as_a_staircase() {
        let xs = [40.0, 80.0, 120.0, 160.0, 400.0];
        let labels: Vec<EventLabel> = xs.iter().map(|_| label(150.0)).collect();
        let (ones, skip) = ([1; 5], [false; 5]);
        let p = problem(&xs, &labels, &ones, &skip, 200.0);
        for rtl in [false, true] {
            let placed = p.search(rtl);
            assert_eq!(p.labelled(&placed), xs.len(), "rtl {rtl}");
            assert_clear(&xs, &placed);
        }
        // The last label has room on both sides: it hangs towards the
        // reading direction.
        let hangs = |rtl| p.search(rtl)[4].map(|f| f.hangs());
        assert_eq!(hangs(false).map(|h| h.0), Some(true));
        assert_eq!(hangs(true).map(|h| h.1), Some(true));
        // With room for two rows only, some are left out, the same ones in
        // both directions, and what is placed still stays clear.
        let low = problem(&xs, &labels, &ones, &skip, 45.0);
        let (a, b) = (low.search(false), low.search(true));
        assert!(low.labelled(&a) < xs.len());
        assert!(stack_top(&a) <= 45.01);
        assert_clear(&xs, &a);
        let set = |p: &Placement| p.iter().map(Option::is_some).collect::<Vec<_>>();
        assert_eq!(set(&a), set(&b));
    }

    /// Labels side by side keep apart where the text of one would face the
    /// text of the other; a leader line between them is separation enough.
    #[test]
    fn labels_side_by_side_keep_apart_where_text_faces_text() {
        // Hanging right from 100, and hanging left from 300: text faces text.
        assert_eq!(
            side_gap((99.0, 184.0, 100.0), (195.0, 301.0, 300.0)),
            SIDE_GAP
        );
        // The one on the right hangs right: its leader stands between them.
        assert_eq!(side_gap((189.0, 300.0, 190.0), (99.0, 184.0, 100.0)), 0.0);
        // The one on the left hangs left: it ends at its leader.
        assert_eq!(side_gap((9.0, 101.0, 100.0), (110.0, 301.0, 300.0)), 0.0);
    }

    /// A label that is skipped is not placed, and an obstacle keeps leader
    /// lines and low labels off its place.
    #[test]
    fn skipped_labels_and_obstacles_stay_clear() {
        let xs = [100.0, 300.0];
        let labels = [label(80.0), label(80.0)];
        let (ones, skip) = ([1; 2], [true, false]);
        let mut p = problem(&xs, &labels, &ones, &skip, 200.0);
        let obstacles = [Obstacle {
            x0: 290.0,
            x1: 310.0,
            top: 10.0,
        }];
        let placed = p.search(false);
        assert!(placed[0].is_none() && placed[1].is_some());
        p.obstacles = &obstacles;
        // The leader line at 300 would cross the obstacle: no place.
        assert!(p.search(false)[1].is_none());
        let xs = [330.0, 450.0];
        p.xs = &xs;
        p.skip = &[false, false];
        let placed = p.search(false);
        // A label hanging left over the obstacle goes above it; hanging
        // right it stays low.
        for f in placed.iter().flatten() {
            assert!(f.x0 >= 310.0 || f.bottom >= 11.0, "{f:?}");
        }
    }
}
