//! Placement of timeline event labels: flags stacked above the band so
//! that no two touch and no leader line crosses a label.

use dossier_canvas::Label;

use crate::context::PAD;

/// Places event labels above a timeline's band: for each event (at `xs`,
/// with `labels`), where its label goes, or `None` when there is no room.
/// Labels stack upwards from the band, each at the lowest height where it
/// touches no other label and no leader line crosses a label, and no
/// higher than `max_h`.
pub(crate) fn place_event_labels(
    xs: &[f32],
    labels: &[EventLabel],
    rtl: bool,
    chart_width: f32,
    max_h: f32,
) -> Placement {
    let gap = 4.0;
    // Candidate left edges of an event's label: the flag towards the
    // reading direction first, then the other way, then centred over the
    // marker (pushed inside the chart when nothing fits).
    let candidates = |i: usize| {
        let (x, w) = (xs[i], labels[i].width);
        let fits = |lx: f32| lx >= PAD - 0.01 && lx + w <= chart_width - PAD + 0.01;
        let (right, left) = (x + 4.0, x - 4.0 - w);
        let centre = x - w / 2.0;
        let mut cands = if rtl {
            vec![left, right, centre]
        } else {
            vec![right, left, centre]
        };
        cands.retain(|lx| fits(*lx));
        if cands.is_empty() {
            cands.push(centre.max(PAD).min(chart_width - PAD - w));
        }
        cands
    };
    // Labels are placed one by one, each at the lowest free height. The
    // order matters: a label that hangs over other markers must go up after
    // their labels, so that their leader lines pass below it. So labels
    // whose first choice covers no marker still waiting go first (in
    // reading order, or the other way); where every waiting label covers
    // another, the one covering fewest goes. Both ways are tried, and the
    // one that places the most labels, then the lower stack, wins.
    let covers: Vec<Vec<usize>> = (0..xs.len())
        .map(|i| {
            let lx = candidates(i)[0];
            let (x0, x1) = (lx.min(xs[i]), (lx + labels[i].width).max(xs[i]));
            (0..xs.len())
                .filter(|&j| j != i && xs[j] >= x0 && xs[j] <= x1)
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
    let backwards: Vec<usize> = if rtl {
        (0..xs.len()).collect()
    } else {
        (0..xs.len()).rev().collect()
    };
    let forwards: Vec<usize> = backwards.iter().rev().copied().collect();
    let mut orders = vec![covers_first(backwards), covers_first(forwards)];
    // For a handful of events, shuffled orders as well (from a fixed seed,
    // so that the chart is the same on every run).
    if xs.len() <= SEARCHED_EVENTS {
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
    let place = |order: &[usize]| {
        let mut placed: Placement = vec![None; xs.len()];
        let mut done: Vec<Flag> = Vec::new();
        let mut seen = vec![false; xs.len()];
        for &i in order {
            let (x, l) = (xs[i], &labels[i]);
            let cands = candidates(i);
            // A label's box reaches its leader line.
            let span = |lx: f32| (lx.min(x) - 1.0, (lx + l.width).max(x) + 1.0);
            let free = |bottom: f32, lx: f32| {
                let (x0, x1) = span(lx);
                let top = bottom + l.height;
                top <= max_h + 0.01
                    && done.iter().all(|p| {
                        let p_top = p.bottom + p.height;
                        let boxes =
                            p.x0 < x1 && x0 < p.x1 && bottom < p_top + gap && p.bottom < top + gap;
                        // Leader lines run from the band up to their label's top.
                        let theirs_cross = p.leader >= x0 && p.leader <= x1 && bottom < p_top + gap;
                        let mine_cross = x >= p.x0 && x <= p.x1 && p.bottom < top + gap;
                        !(boxes || theirs_cross || mine_cross)
                    })
            };
            let mut bottoms: Vec<f32> = std::iter::once(0.0)
                .chain(done.iter().map(|p| p.bottom + p.height + gap))
                .collect();
            bottoms.sort_by(f32::total_cmp);
            // With no free place the label is left out; the marker stays.
            // Of the candidates, the one hanging over the fewest markers
            // still to come, then the lowest, then the first.
            let waiting = |lx: f32| {
                let (x0, x1) = span(lx);
                (0..xs.len())
                    .filter(|&j| j != i && !seen[j] && xs[j] >= x0 && xs[j] <= x1)
                    .count()
            };
            let found = cands
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
            seen[i] = true;
            if let Some((bottom, lx)) = found {
                let (x0, x1) = span(lx);
                let flag = Flag {
                    x0,
                    x1,
                    bottom,
                    height: l.height,
                    leader: x,
                };
                done.push(flag);
                placed[i] = Some((flag, lx));
            }
        }
        placed
    };
    let mut placed = place(&orders[0]);
    for order in &orders[1..] {
        let other = place(order);
        if better_placement(&other, &placed) {
            placed = other;
        }
    }
    placed
}

/// How good a placement is: how many labels it places, then how high the
/// stack is (lower is better).
fn placement_score(placed: &[Option<(Flag, f32)>]) -> (usize, f32) {
    let count = placed.iter().flatten().count();
    let top = placed
        .iter()
        .flatten()
        .map(|(f, _)| f.bottom + f.height)
        .fold(0.0, f32::max);
    (count, top)
}

/// Whether placement `a` beats `b`: it places more labels, or as many in a
/// lower stack.
pub(crate) fn better_placement(a: &[Option<(Flag, f32)>], b: &[Option<(Flag, f32)>]) -> bool {
    let ((na, ha), (nb, hb)) = (placement_score(a), placement_score(b));
    na > nb || (na == nb && ha < hb)
}

/// For each event, where its label went (its flag and left edge), or
/// `None` when it was left out.
pub(crate) type Placement = Vec<Option<(Flag, f32)>>;

/// Where an event label went: its extent across (box and leader line),
/// its bottom above the band and its height.
#[derive(Clone, Copy)]
pub(crate) struct Flag {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) bottom: f32,
    pub(crate) height: f32,
    pub(crate) leader: f32,
}

/// Up to this many events, a timeline labels them; beyond, the labels
/// could not be read and would cost time, so only markers are drawn.
pub(crate) const LABELLED_EVENTS: usize = 200;
/// Up to this many events, label placement also tries shuffled orders.
pub(crate) const SEARCHED_EVENTS: usize = 24;
/// How many shuffled orders it tries.
pub(crate) const SHUFFLED_ORDERS: usize = 48;

/// Space between the lines of a multi-line event label.
pub(crate) const EVENT_LINE_GAP: f32 = 1.0;

/// An event's label, in one or more lines.
pub(crate) struct EventLabel {
    pub(crate) lines: Vec<(String, Label)>,
    /// Width of the widest line.
    pub(crate) width: f32,
    /// Height of all lines with the gaps between them.
    pub(crate) height: f32,
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

    /// No two placed labels touch, and no leader line crosses a label.
    fn assert_clear(xs: &[f32], placed: &[Option<(Flag, f32)>]) {
        let flags: Vec<Flag> = placed.iter().flatten().map(|(f, _)| *f).collect();
        for (i, a) in flags.iter().enumerate() {
            for (j, b) in flags.iter().enumerate() {
                if i == j {
                    continue;
                }
                let across = a.x0 < b.x1 && b.x0 < a.x1;
                let up = a.bottom < b.bottom + b.height && b.bottom < a.bottom + a.height;
                assert!(!(across && up), "{i} and {j} overlap");
                // b's leader runs from 0 to b's top.
                let crosses = b.leader > a.x0 && b.leader < a.x1 && a.bottom < b.bottom + b.height;
                assert!(!crosses, "the leader of {j} crosses {i}");
            }
        }
        assert_eq!(placed.len(), xs.len());
    }

    /// Labels that each hang over the next markers stack as a staircase
    /// (the one reaching furthest on top), in both reading directions.
    #[test]
    fn event_labels_stack_as_a_staircase() {
        let xs = [40.0, 80.0, 120.0, 160.0, 400.0];
        let labels: Vec<EventLabel> = xs.iter().map(|_| label(150.0)).collect();
        for rtl in [false, true] {
            let placed = place_event_labels(&xs, &labels, rtl, 600.0, 200.0);
            assert_eq!(placement_score(&placed).0, xs.len(), "rtl {rtl}");
            assert_clear(&xs, &placed);
        }
        // With room for two rows only, some are left out, and what is
        // placed still stays clear.
        let placed = place_event_labels(&xs, &labels, false, 600.0, 45.0);
        assert!(placement_score(&placed).0 < xs.len());
        assert!(placement_score(&placed).1 <= 45.01);
        assert_clear(&xs, &placed);
    }

    /// Two events on the same date cannot both have a leader line beside
    /// a label: one of them is left out, and its marker stays.
    #[test]
    fn events_on_one_date_keep_one_label() {
        let xs = [100.0, 100.0];
        let labels = [label(80.0), label(80.0)];
        let placed = place_event_labels(&xs, &labels, false, 600.0, 200.0);
        assert_eq!(placement_score(&placed).0, 1);
        assert_clear(&xs, &placed);
    }
}
