//! The timeline: periods as a band coloured by status on a date axis, and
//! events as markers with labels stacked above the band.

use dossier_canvas::{Color, Label, Path, Point, Rect, Weight};
use plotters::prelude::Circle;

use crate::backend::px;
use crate::context::{Ctx, Role, AXIS, GRID, INK, LABEL_SIZE, MUTED, VALUE_SIZE};
use crate::data::{ChartError, TimelineData};
use crate::event_labels::{
    better_placement, place_event_labels, EventLabel, Placement, EVENT_LINE_GAP, LABELLED_EVENTS,
    SEARCHED_EVENTS,
};
use crate::fmt;
use crate::plot::{fill_style, luminance, Plot};
use crate::ticks::nice_ticks;

/// Timeline: a band of periods coloured by status above a date axis that
/// runs left to right in both languages, with events as markers whose
/// labels (broken into lines when long) are stacked above the band so that
/// none overlap and no leader line crosses a label. A label with no room
/// is left out; its marker stays.
pub(crate) fn timeline(ctx: &mut Ctx, data: &TimelineData) -> Result<(), ChartError> {
    data.validate(&ctx.spec.title.en)?;
    let spec = ctx.spec;
    let legend: Vec<(String, Color)> = data
        .statuses
        .iter()
        .filter(|s| data.periods.iter().any(|p| p.status_key == s.key))
        .map(|s| (s.label.clone(), s.color))
        .collect();
    let inner = ctx.frame(&legend)?;

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
    let years: Vec<(String, Label)> = ticks
        .values
        .iter()
        .map(|v| {
            let t = fmt::year(v.round() as i32, ctx.lang);
            ctx.measure(&t, LABEL_SIZE, Weight::Regular, MUTED)
                .map(|l| (t, l))
        })
        .collect::<Result<_, _>>()?;
    let yw = years.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
    let margin = yw / 2.0 + 2.0;
    let lh_axis = LABEL_SIZE * 1.7;
    let avail = Rect::new(
        inner.x + margin,
        inner.y,
        inner.width - 2.0 * margin,
        (inner.height - lh_axis - 4.0).max(20.0),
    );
    let map_x = |v: f64| avail.x + ((v - ticks.lo) / (ticks.hi - ticks.lo)) as f32 * avail.width;

    // Event labels hang like flags from their leader lines, towards the
    // reading direction (rightwards in English, leftwards in Persian, or
    // the other way at the edge). Taken from the end of the reading
    // direction backwards, each label takes the lowest level where it
    // touches no other label and no leader line crosses a label.
    // A label wider than a good part of the axis is broken into lines, so
    // that long event texts leave room for the others. Two line widths are
    // tried for a handful of events, and the one that places more labels,
    // then the lower stack, wins.
    let mut events: Vec<_> = data.events.iter().collect();
    events.sort_by(|a, b| a.at.total_cmp(&b.at).then_with(|| a.label.cmp(&b.label)));
    let min_band = 22.0;
    let max_h = (avail.height - min_band - 10.0).max(0.0);
    let xs: Vec<f32> = events.iter().map(|e| map_x(e.at)).collect();
    let widths: &[f32] = if events.len() <= SEARCHED_EVENTS {
        &[0.4, 0.32]
    } else if events.len() <= LABELLED_EVENTS {
        &[0.32]
    } else {
        &[]
    };
    let mut best: Option<(Vec<EventLabel>, Placement)> = None;
    for share in widths {
        let max_w = (avail.width * share).max(120.0);
        let labels: Vec<EventLabel> = events
            .iter()
            .map(|e| ctx.event_label(&e.label, max_w))
            .collect::<Result<_, _>>()?;
        let placed = place_event_labels(&xs, &labels, ctx.rtl(), spec.width, max_h);
        if best
            .as_ref()
            .is_none_or(|(_, b)| better_placement(&placed, b))
        {
            best = Some((labels, placed));
        }
    }
    // Beyond LABELLED_EVENTS only the markers are drawn.
    let (labels, placed) = best.unwrap_or_else(|| {
        let none = || EventLabel {
            lines: Vec::new(),
            width: 0.0,
            height: 0.0,
        };
        (
            events.iter().map(|_| none()).collect(),
            vec![None; events.len()],
        )
    });
    let events_h = placed
        .iter()
        .flatten()
        .map(|(p, _)| p.bottom + p.height + 8.0)
        .fold(0.0, f32::max);
    let band_h = ((avail.height - events_h) * 0.4).clamp(min_band, 40.0);
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
                ctx.put(
                    Role::Period,
                    &p.label,
                    &l,
                    x,
                    band_top + (band_h - lh) / 2.0,
                );
            }
        }
    }
    plot.polyline(
        &[(ticks.lo, yb(rect.bottom())), (ticks.hi, yb(rect.bottom()))],
        AXIS,
        0.8,
    )
    .map_err(derr)?;

    for ((e, l), place) in events.iter().zip(&labels).zip(placed) {
        let flag = place.map(|(f, lx)| (f, lx, band_top - 8.0 - f.bottom - f.height));
        if let Some((f, lx, top)) = flag {
            // A flag's leader runs along its side; a centred label's stops
            // below it.
            let centred = lx < f.leader && f.leader < lx + l.width;
            let from = if centred {
                top + f.height + 2.0
            } else {
                top + 1.0
            };
            ctx.stroke(
                Path::line(Point::new(f.leader, from), Point::new(f.leader, band_top)),
                MUTED,
                0.6,
            );
        }
        plot.area
            .draw(&Circle::new(
                (e.at, yb(band_top)),
                px(3.5) as u32,
                fill_style(INK),
            ))
            .map_err(|e| derr(e.to_string()))?;
        if let Some((f, lx, top)) = flag {
            // The lines of a flag line up on the side of its leader line;
            // those of a label centred over its marker are centred.
            let (right, left) = (lx >= f.leader, lx + l.width <= f.leader);
            let mut y = top;
            for (text, line) in &l.lines {
                let dx = match (right, left) {
                    (true, _) => 0.0,
                    (_, true) => l.width - line.width,
                    _ => (l.width - line.width) / 2.0,
                };
                // Grid lines pass behind the label, not through it.
                ctx.scene.borrow_mut().fill(
                    Path::rect(Rect::new(
                        lx + dx - 1.5,
                        y,
                        line.width + 3.0,
                        line.ascent + line.descent,
                    )),
                    Color::WHITE.with_alpha(0.85),
                );
                ctx.put(Role::Event, text, line, lx + dx, y);
                y += line.ascent + line.descent + EVENT_LINE_GAP;
            }
        }
    }
    Ok(())
}
