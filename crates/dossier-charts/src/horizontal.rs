//! The horizontal bar chart: categories as rows, bars along the value axis.
//! Its categories have no order of time, so in a right-to-left language it
//! is mirrored as a whole: category labels on the right, set flush against
//! the bars, bars growing leftwards, value labels past each bar's end.

use dossier_canvas::{Color, Label, Rect, Weight};
use std::sync::Arc;

use crate::chart::value_ticks;
use crate::context::{
    crossed_along, Ctx, Role, AXIS, GRID, INK, LABEL_SIZE, MUTED, PAD, VALUE_SIZE,
};
use crate::data::{CategorySeries, ChartError};
use crate::plot::{series_color, Plot};
use crate::sides::Anchor;
use crate::vertical::draws_bars;

/// HorizontalBar: categories as rows from the top, bars growing from the
/// start side (left in English, right in Persian).
pub(crate) fn horizontal(ctx: &mut Ctx, data: &CategorySeries) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let series = &data.series;
    // The legend lists the series that draw a bar.
    let legend: Vec<(String, Color)> = if series.len() > 1 {
        series
            .iter()
            .enumerate()
            .filter(|(_, s)| draws_bars(s))
            .map(|(i, s)| (s.name.clone(), series_color(i, s.color)))
            .collect()
    } else {
        Vec::new()
    };
    let mut inner = ctx.frame(&legend)?;
    ctx.value_caption(&mut inner)?;
    let rtl = ctx.sides.bars_grow_left();

    // Category labels take at most 40% of the width; a longer one breaks
    // into lines.
    let most = inner.width * 0.4;
    let cats = data
        .categories
        .iter()
        .map(|c| ctx.block(c, LABEL_SIZE, Weight::Regular, INK, most))
        .collect::<Result<Vec<_>, _>>()?;
    let cw = cats.iter().map(|b| b.width()).fold(0.0, f32::max).min(most);
    let values = series.iter().flat_map(|s| s.values.iter().copied());
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    // Room at the end for the widest value label.
    let value_room = if spec.value_labels {
        let widest = [min, max]
            .iter()
            .map(|v| {
                let t = ctx.fmt_value(*v, spec.decimals);
                ctx.measure(&t, VALUE_SIZE, Weight::Regular, INK)
                    .map(|l| l.width)
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .fold(0.0, f32::max);
        widest + 8.0
    } else {
        0.0
    };
    let tick_lh = LABEL_SIZE * 1.7;
    let plot_w = (inner.width - cw - 8.0).max(20.0);
    let plot_h = (inner.height - tick_lh - 4.0).max(10.0);
    let rect = if rtl {
        Rect::new(inner.x, inner.y + 2.0, plot_w, plot_h)
    } else {
        Rect::new(inner.x + cw + 8.0, inner.y + 2.0, plot_w, plot_h)
    };
    ctx.layout.plot = rect;
    let target_len = plot_w;
    let ticks = value_ticks(min, max, target_len, value_room, true);
    let n = data.categories.len();
    // y: rows top to bottom, category 0 at the top.
    let plot = Plot::new(&ctx.scene, rect, (ticks.lo, ticks.hi), (n as f64, 0.0), rtl);
    let title = ctx.title();
    let derr = |e: String| ChartError::Draw {
        title: title.clone(),
        message: e,
    };

    // Vertical grid with value ticks under the plot, thinned to keep apart.
    let tick_labels: Vec<(String, Arc<Label>)> = ticks
        .values
        .iter()
        .map(|v| {
            let t = ctx.fmt_value(*v, ticks.decimals);
            ctx.measure(&t, LABEL_SIZE, Weight::Regular, MUTED)
                .map(|l| (t, l))
        })
        .collect::<Result<_, _>>()?;
    let widest = tick_labels.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
    let spacing = plot_w / (ticks.values.len().max(2) - 1) as f32;
    let every = ((widest + 6.0) / spacing).ceil().max(1.0) as usize;
    let mut ticks_placed: Vec<Rect> = Vec::new();
    let mut lines = Vec::new();
    for (i, (v, (t, l))) in ticks.values.iter().zip(&tick_labels).enumerate() {
        lines.push(plot.map_x(*v));
        let c = if *v == 0.0 { AXIS } else { GRID };
        plot.polyline(
            &[(*v, 0.0), (*v, n as f64)],
            c,
            if *v == 0.0 { 0.8 } else { 0.5 },
        )
        .map_err(derr)?;
        if i % every == 0 {
            let x = (plot.map_x(*v) - l.width / 2.0)
                .max(PAD)
                .min(spec.width - PAD - l.width);
            let r = Rect::new(
                x - 3.0,
                rect.bottom() + 4.0,
                l.width + 6.0,
                l.ascent + l.descent,
            );
            if !ticks_placed.iter().any(|q: &Rect| q.intersects(&r)) {
                ctx.put(Role::XTick, t, l, x, rect.bottom() + 4.0);
                ticks_placed.push(r);
            }
        }
    }

    let k = series.len();
    let row = rect.height / n as f32;
    let clh = cats.iter().map(|b| b.height).fold(0.0f32, f32::max);
    let every = ((clh + 2.0) / row).ceil().max(1.0) as usize;
    // Category labels stand flush against the bars.
    let (anchor, ax) = if rtl {
        (Anchor::Left, rect.right() + 8.0)
    } else {
        (Anchor::Right, rect.x - 8.0)
    };
    for (i, b) in cats.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let cy = rect.y + (i as f32 + 0.5) * row;
        ctx.put_block(Role::YTick, b, anchor, ax, cy - b.height / 2.0);
    }
    let group = 0.76;
    let bh = group / k as f64;
    let z = 0.0f64.max(ticks.lo);
    let mut values = Vec::new();
    for (si, s) in series.iter().enumerate() {
        let c = series_color(si, s.color);
        for (i, v) in s.values.iter().enumerate() {
            let y0 = i as f64 + 0.12 + si as f64 * bh;
            let y1 = y0 + bh * 0.9;
            plot.rect(z, *v, y0, y1, c).map_err(derr)?;
            if spec.value_labels {
                let text = ctx.fmt_value(*v, spec.decimals);
                let l = ctx.measure(&text, VALUE_SIZE, Weight::Regular, INK)?;
                let lh = l.ascent + l.descent;
                if (bh as f32 * row) + 1.0 < lh * 0.8 {
                    continue;
                }
                // Past the bar's end, away from the category labels.
                let end = plot.map_x(*v);
                let outward = (*v >= 0.0) != rtl;
                let x = if outward {
                    end + 4.0
                } else {
                    end - 4.0 - l.width
                };
                let cy = plot.map_y((y0 + y1) / 2.0);
                values.push((text, l, Rect::new(x, cy - lh / 2.0, 0.0, lh)));
            }
        }
    }
    plot.polyline(&[(z, 0.0), (z, n as f64)], AXIS, 0.8)
        .map_err(derr)?;
    // Where a grid line passes through a value label, the label stands on
    // a backing.
    for (text, l, at) in values {
        let r = Rect::new(at.x, at.y, l.width, at.height);
        if crossed_along(&r, &lines) {
            ctx.backing(r);
        }
        ctx.put(Role::Value, &text, &l, r.x, r.y);
    }
    Ok(())
}
