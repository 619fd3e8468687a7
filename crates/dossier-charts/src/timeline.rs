//! The timeline: periods as a band coloured by status on a date axis that
//! runs left to right in both directions, and events as markers with
//! labels stacked above the band (placed by [`crate::event_labels`]).
//! Events on one date share a flag. An event whose label finds no place is
//! numbered, and the key below the axis gives its label
//! ([`crate::key`]); a timeline never leaves an event out unsaid.

use dossier_canvas::{Color, Label, Path, Point, Rect, Weight};
use dossier_lang::Label as Text;
use plotters::prelude::Circle;
use std::sync::Arc;

use crate::backend::px;
use crate::context::{Ctx, Role, AXIS, GRID, INK, LABEL_SIZE, MUTED, VALUE_SIZE};
use crate::data::{ChartError, Event, TimelineData};
use crate::event_labels::{
    stack_top, EventLabel, LabelLine, Obstacle, Placement, Problem, EVENT_GAP, EVENT_LINE_GAP,
    LABELLED_EVENTS, SEARCHED_EVENTS,
};
use crate::fmt;
use crate::key::{Badge, Key};
use crate::plot::{fill_style, luminance, Plot};
use crate::ticks::nice_ticks;

/// Events closer than this (in points across) share one flag.
const SAME_DATE: f32 = 0.5;
/// Gap between the band's top and the lowest labels.
const FLAG_GAP: f32 = 8.0;
/// Radius of an event's marker.
const MARKER: f32 = 3.5;
/// Room at each end of the date axis for half a year label.
const YEAR_MARGIN: f32 = 15.0;
/// The thinnest band.
const MIN_BAND: f32 = 22.0;
/// The shares of the chart's height the key may take: the first, unless
/// more is needed to list every numbered event.
const KEY_SHARES: [f32; 2] = [0.4, 0.6];

/// A numbered marker: which date it stands on, its badge, and how far it is
/// lifted above the band's top so as not to touch a neighbour's.
struct Numbered {
    group: usize,
    badge: Badge,
    lift: f32,
}

/// How the events were settled: which line width their labels have, where
/// the labels went, the key and the numbered markers.
struct Settled {
    share: usize,
    placed: Placement,
    key: Key,
    numbered: Vec<Numbered>,
}

/// The label of the events of one date, each broken into lines no wider
/// than `max_width`.
fn group_label(ctx: &Ctx, group: &[&Event], max_width: f32) -> Result<EventLabel, ChartError> {
    let mut lines = Vec::new();
    let mut y = 0.0f32;
    for (k, e) in group.iter().enumerate() {
        if k > 0 {
            y += EVENT_GAP - EVENT_LINE_GAP;
        }
        let b = ctx.block(&e.label, VALUE_SIZE, Weight::Regular, INK, max_width)?;
        for (text, label) in b.lines {
            let h = label.ascent + label.descent;
            lines.push(LabelLine {
                text,
                label,
                top: y,
            });
            y += h + EVENT_LINE_GAP;
        }
    }
    let width = lines.iter().map(|l| l.label.width).fold(0.0, f32::max);
    let height = (y - EVENT_LINE_GAP).max(0.0);
    Ok(EventLabel {
        lines,
        width,
        height,
    })
}

/// Badges on the markers of the first `listed` numbered dates, each lifted
/// above any earlier badge it would touch.
fn badges(
    ctx: &Ctx,
    keyed: &[usize],
    listed: usize,
    xs: &[f32],
) -> Result<Vec<Numbered>, ChartError> {
    let mut out: Vec<Numbered> = Vec::new();
    for (k, &group) in keyed.iter().take(listed).enumerate() {
        let badge = ctx.badge(k + 1)?;
        let mut lift = 0.0f32;
        loop {
            let (r, h) = (badge.radius, badge.half());
            let touching = out.iter().find(|o| {
                let near = (xs[o.group] - xs[group]).abs() < o.badge.radius + r + 1.0;
                let level = (o.lift - lift).abs() < o.badge.half() + h + 1.0;
                near && level
            });
            match touching {
                Some(o) => lift = o.lift + o.badge.half() + h + 1.0,
                None => break,
            }
        }
        out.push(Numbered { group, badge, lift });
    }
    Ok(out)
}

/// What labels and leader lines keep clear of: each badge, widened by a
/// marker's radius so that no other marker touches it.
fn obstacles(numbered: &[Numbered], xs: &[f32]) -> Vec<Obstacle> {
    numbered
        .iter()
        .map(|n| {
            let (x, r) = (xs[n.group], n.badge.radius);
            Obstacle {
                x0: x - r - MARKER - 0.5,
                x1: x + r + MARKER + 0.5,
                top: n.lift + n.badge.half() - FLAG_GAP,
            }
        })
        .collect()
}

/// The events of a timeline, ready to be placed: where their dates are
/// across, how many events each date stands for, their texts for the key,
/// their labels at each line width tried, where the plot's space starts,
/// how tall the axis labels are, and how much height the frame leaves.
struct Dates<'a> {
    xs: &'a [f32],
    weights: &'a [usize],
    texts: &'a [String],
    label_sets: &'a [Vec<EventLabel>],
    top: f32,
    axis_h: f32,
    full: f32,
}

impl Settled {
    /// How many events are neither labelled nor listed in the key.
    fn unsaid(&self, weights: &[usize]) -> usize {
        let said: usize = self
            .placed
            .iter()
            .zip(weights)
            .filter(|(p, _)| p.is_some())
            .map(|(_, w)| w)
            .sum::<usize>()
            + self
                .numbered
                .iter()
                .map(|n| weights[n.group])
                .sum::<usize>();
        weights.iter().sum::<usize>() - said
    }
}

/// Labels what fits and numbers the rest (or, with `all`, numbers every
/// event), with a key that may take `key_share` of the height, less what
/// the band and the axis need. The key and the numbered markers take room
/// from the labels, so this repeats until no further label is lost. With
/// too many dates to label at all, the key says how many events are not
/// labelled.
fn settle(ctx: &Ctx, d: &Dates, key_share: f32, all: bool) -> Result<Settled, ChartError> {
    let n = d.xs.len();
    let capped = d.label_sets.is_empty();
    let mut keyed = vec![capped || all; n];
    let key_h = (d.full * key_share).min(d.full - d.axis_h - MIN_BAND - 16.0);
    let unlisted: usize = if capped { d.weights.iter().sum() } else { 0 };
    let rtl = ctx.rtl();
    let width = ctx.inner().width;
    loop {
        let numbered_groups: Vec<usize> = if capped {
            Vec::new()
        } else {
            (0..n).filter(|i| keyed[*i]).collect()
        };
        let key_texts: Vec<String> = numbered_groups
            .iter()
            .map(|i| d.texts[*i].clone())
            .collect();
        let key_weights: Vec<usize> = numbered_groups.iter().map(|i| d.weights[*i]).collect();
        let key = ctx.key_layout(&key_texts, &key_weights, unlisted, width, key_h)?;
        let numbered = badges(ctx, &numbered_groups, key.listed(), d.xs)?;
        let avail_h = (ctx.frame_bottom_edge(key.height)? - d.top - d.axis_h).max(20.0);
        let max_h = (avail_h - MIN_BAND - 10.0).max(0.0);
        let obstacles = obstacles(&numbered, d.xs);
        let mut best: Option<(usize, Placement)> = None;
        for (k, labels) in d.label_sets.iter().enumerate() {
            let problem = Problem {
                xs: d.xs,
                labels,
                weights: d.weights,
                skip: &keyed,
                obstacles: &obstacles,
                chart_width: ctx.spec.width,
                max_h,
            };
            let placed = problem.search(rtl);
            if best
                .as_ref()
                .is_none_or(|(_, b)| problem.better(&placed, b, rtl))
            {
                best = Some((k, placed));
            }
        }
        let (share, placed) = best.unwrap_or((0, vec![None; n]));
        let lost: Vec<usize> = (0..n)
            .filter(|i| !keyed[*i] && placed[*i].is_none())
            .collect();
        if lost.is_empty() {
            return Ok(Settled {
                share,
                placed,
                key,
                numbered,
            });
        }
        for i in lost {
            keyed[i] = true;
        }
    }
}

/// Timeline: a band of periods coloured by status above a date axis, with
/// events as markers whose labels (broken into lines when long) are
/// stacked above the band so that none overlap and no leader line crosses
/// a label.
pub(crate) fn timeline(ctx: &mut Ctx, data: &TimelineData) -> Result<(), ChartError> {
    data.validate(ctx.spec.title.first())?;
    // The legend lists the statuses the band shows: those with a period of
    // some length.
    let legend: Vec<(String, Color)> = data
        .statuses
        .iter()
        .filter(|s| {
            data.periods
                .iter()
                .any(|p| p.status_key == s.key && p.end > p.start)
        })
        .map(|s| (s.label.clone(), s.color))
        .collect();
    let top = ctx.frame_top(&legend)?;
    let inner = ctx.inner();

    let dates = data
        .periods
        .iter()
        .flat_map(|p| [p.start, p.end])
        .chain(data.events.iter().map(|e| e.at));
    let (min, max) = dates.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (min, max) = if max - min < 1.0 {
        ((min - 0.5).floor(), (max + 0.5).ceil())
    } else {
        (min.floor(), max.ceil())
    };
    let target = ((inner.width / 70.0).round() as usize).clamp(2, 12);
    let mut ticks = nice_ticks(min, max, target);
    if ticks.step < 1.0 {
        ticks = nice_ticks(min, max, (max - min) as usize);
    }
    let years: Vec<(String, Arc<Label>)> = ticks
        .values
        .iter()
        .map(|v| {
            let t = fmt::year(v.round() as i32, ctx.lang);
            ctx.measure(&t, LABEL_SIZE, Weight::Regular, MUTED)
                .map(|l| (t, l))
        })
        .collect::<Result<_, _>>()?;
    let yw = years.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
    // The axis ends leave room for half a year label. The room is the
    // same in every edition (a four-digit year in any digits is narrower
    // than it), so that events fall at the same places across and the
    // same labels fit in both reading directions.
    let margin = (yw / 2.0 + 2.0).max(YEAR_MARGIN);
    let lh_axis = LABEL_SIZE * 1.7;
    let (axis_x, axis_w) = (inner.x + margin, inner.width - 2.0 * margin);
    let map_x = |v: f64| axis_x + ((v - ticks.lo) / (ticks.hi - ticks.lo)) as f32 * axis_w;

    // Events by date; those on one date share a flag.
    let mut events: Vec<&Event> = data.events.iter().collect();
    // Events of one date keep the order of the data, in every language.
    events.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut groups: Vec<Vec<&Event>> = Vec::new();
    for e in events {
        match groups.last_mut() {
            Some(g) if (map_x(g[0].at) - map_x(e.at)).abs() < SAME_DATE => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    let n = groups.len();
    let xs: Vec<f32> = groups.iter().map(|g| map_x(g[0].at)).collect();
    let weights: Vec<usize> = groups.iter().map(Vec::len).collect();
    let separator = ctx.lang.language().label(Text::ChartKeySeparator);
    let texts: Vec<String> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|e| e.label.as_str())
                .collect::<Vec<_>>()
                .join(separator)
        })
        .collect();

    // A label wider than a good part of the axis is broken into lines, so
    // that long event texts leave room for the others; two line widths are
    // tried for a handful of dates.
    let shares: &[f32] = if n <= SEARCHED_EVENTS {
        &[0.4, 0.32]
    } else if n <= LABELLED_EVENTS {
        &[0.32]
    } else {
        &[]
    };
    let label_sets: Vec<Vec<EventLabel>> = shares
        .iter()
        .map(|share| {
            let max_w = (axis_w * share).max(120.0);
            groups
                .iter()
                .map(|g| group_label(ctx, g, max_w))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;

    // Label what fits; number the rest, with a key below the axis. When
    // the key cannot list every numbered event in its usual share of the
    // chart, a larger share is tried, and the one saying more is kept.
    let dates = Dates {
        xs: &xs,
        weights: &weights,
        texts: &texts,
        label_sets: &label_sets,
        top,
        axis_h: lh_axis + 4.0,
        full: (ctx.frame_bottom_edge(0.0)? - top).max(20.0),
    };
    // Last, every event numbered, the key taking what the band and the
    // axis leave.
    let mut settled = settle(ctx, &dates, KEY_SHARES[0], false)?;
    let tries = KEY_SHARES[1..]
        .iter()
        .map(|s| (*s, false))
        .chain(std::iter::once((1.0, true)));
    for (share, all) in tries {
        if settled.unsaid(&weights) == 0 {
            break;
        }
        let other = settle(ctx, &dates, share, all)?;
        if other.unsaid(&weights) < settled.unsaid(&weights) {
            settled = other;
        }
    }
    let Settled {
        share,
        placed,
        key,
        numbered,
        ..
    } = settled;
    let labels = label_sets.get(share).map_or(&[][..], Vec::as_slice);

    let (plot_bottom, key_top) = ctx.frame_bottom(key.height)?;
    let avail = Rect::new(
        axis_x,
        top,
        axis_w,
        (plot_bottom - top - lh_axis - 4.0).max(20.0),
    );
    let lifted = numbered
        .iter()
        .map(|n| n.lift + n.badge.half() + 1.0)
        .fold(0.0, f32::max);
    let events_h = if placed.iter().any(Option::is_some) {
        stack_top(&placed) + FLAG_GAP
    } else {
        0.0
    }
    .max(lifted);
    let band_h = ((avail.height - events_h) * 0.4).clamp(MIN_BAND, 40.0);
    let block = (events_h + band_h).min(avail.height);
    // The block sits on the date axis, at the bottom of the space left for
    // it: a timeline reads best in a short chart (about 800 × 300 pt).
    let rect = Rect::new(avail.x, avail.bottom() - block, avail.width, block);
    ctx.layout.plot = rect;
    let band_top = rect.bottom() - band_h;
    let plot = Plot::new(
        &ctx.scene,
        rect,
        (ticks.lo, ticks.hi),
        (0.0, rect.height as f64),
        false,
    );
    let title = ctx.title();
    let derr = |e: String| ChartError::Draw {
        title: title.clone(),
        message: e,
    };
    // y in points up from the bottom of the plot.
    let yb = |y: f32| (rect.bottom() - y) as f64;

    // Year grid and labels, thinned.
    let spacing = rect.width / (ticks.values.len().max(2) - 1) as f32;
    let every = ((yw + 6.0) / spacing).ceil().max(1.0) as usize;
    for (i, (v, (t, l))) in ticks.values.iter().zip(&years).enumerate() {
        plot.polyline(&[(*v, 0.0), (*v, yb(rect.y))], GRID, 0.5)
            .map_err(derr)?;
        if i % every == 0 {
            let x = plot.map_x(*v) - l.width / 2.0;
            ctx.put(Role::XTick, t, l, x, rect.bottom() + 4.0);
        }
    }

    // Badges reach into the band: a period label keeps clear of them,
    // lower in the band or not at all (the legend names its colour).
    let badge_boxes: Vec<Rect> = numbered
        .iter()
        .map(|n| {
            let (r, h) = (n.badge.radius, n.badge.half());
            Rect::new(xs[n.group] - r, band_top - n.lift - h, 2.0 * r, 2.0 * h)
        })
        .collect();
    for p in &data.periods {
        let status = data
            .statuses
            .iter()
            .find(|s| s.key == p.status_key)
            .map(|s| s.color)
            .unwrap_or(MUTED);
        plot.rect(p.start, p.end, yb(rect.bottom()), yb(band_top), status)
            .map_err(derr)?;
        let text_color = if luminance(status) < 140.0 {
            Color::WHITE
        } else {
            INK
        };
        if !p.label.is_empty() {
            let l = ctx.measure(&p.label, VALUE_SIZE, Weight::Regular, text_color)?;
            let (x0, x1) = (plot.map_x(p.start), plot.map_x(p.end));
            let lh = l.ascent + l.descent;
            if l.width + 8.0 <= x1 - x0 && lh + 2.0 <= band_h {
                let x = (x0 + x1) / 2.0 - l.width / 2.0;
                let clear = |y: f32| {
                    let r = Rect::new(x, y, l.width, lh);
                    !badge_boxes.iter().any(|b| b.intersects(&r))
                };
                let (middle, low) = (band_top + (band_h - lh) / 2.0, rect.bottom() - lh - 1.0);
                if let Some(y) = [middle, low].into_iter().find(|y| clear(*y)) {
                    ctx.put(Role::Period, &p.label, &l, x, y);
                }
            }
        }
    }
    plot.polyline(
        &[(ticks.lo, yb(rect.bottom())), (ticks.hi, yb(rect.bottom()))],
        AXIS,
        0.8,
    )
    .map_err(derr)?;

    for (i, (l, place)) in labels.iter().zip(&placed).enumerate() {
        let flag = place.map(|f| (f, band_top - FLAG_GAP - f.bottom - f.height));
        if let Some((f, top)) = flag {
            // A flag's leader runs along its side; a centred label's stops
            // below it.
            let (right, left) = f.hangs();
            let from = if right || left {
                top + 1.0
            } else {
                top + f.height + 2.0
            };
            ctx.stroke(
                Path::line(Point::new(f.leader, from), Point::new(f.leader, band_top)),
                MUTED,
                0.6,
            );
        }
        if !numbered.iter().any(|n| n.group == i) {
            plot.area
                .draw(&Circle::new(
                    (groups[i][0].at, yb(band_top)),
                    px(MARKER) as u32,
                    fill_style(INK),
                ))
                .map_err(|e| derr(e.to_string()))?;
        }
        if let Some((f, top)) = flag {
            // The lines of a flag line up on the side of its leader line;
            // those of a label centred over its marker are centred. Grid
            // lines pass behind the label, not through it.
            let (right, left) = f.hangs();
            for line in &l.lines {
                let dx = match (right, left) {
                    (true, _) => 0.0,
                    (_, true) => l.width - line.label.width,
                    _ => (l.width - line.label.width) / 2.0,
                };
                let lh = line.label.ascent + line.label.descent;
                let r = Rect::new(f.left + dx, top + line.top, line.label.width, lh);
                ctx.backing(r);
                ctx.put(Role::Event, &line.text, &line.label, r.x, r.y);
            }
        }
    }
    if labels.is_empty() {
        for g in &groups {
            plot.area
                .draw(&Circle::new(
                    (g[0].at, yb(band_top)),
                    px(MARKER) as u32,
                    fill_style(INK),
                ))
                .map_err(|e| derr(e.to_string()))?;
        }
    }
    for num in &numbered {
        ctx.put_badge(&num.badge, xs[num.group], band_top - num.lift);
    }
    if key.height > 0.0 {
        ctx.put_key(&key, inner.x, key_top);
    }
    Ok(())
}
