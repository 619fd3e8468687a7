//! Bars of the vertical kinds: grouped bars (the first series at the start
//! side of each group, as in the legend), diverging bars coloured by sign,
//! and stacked bars labelled with their net total. Value labels are drawn
//! all or none: only when none touches another label or any bar. Where a
//! grid line passes through a label, the label stands on a backing.

use dossier_canvas::{Rect, Weight};

use crate::context::{crossed_across, Ctx, Role, AXIS, DEFICIT, INK, SURPLUS, VALUE_SIZE};
use crate::data::{ChartError, Series};
use crate::plot::series_color;
use crate::spec::ChartKind;
use crate::vertical::Axes;

/// For each category, the sums of the negative and of the positive values:
/// where a stacked bar ends below and above zero.
pub(crate) fn stacks(series: &[&Series], n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            series.iter().fold((0.0, 0.0), |(neg, pos), s| {
                let v = s.values[i];
                if v < 0.0 {
                    (neg + v, pos)
                } else {
                    (neg, pos + v)
                }
            })
        })
        .collect()
}

/// A bar's box in points, from `(x0, y0)` to `(x1, y1)` in plot units.
fn bar_box(axes: &Axes, x0: f64, x1: f64, y0: f64, y1: f64) -> Rect {
    let p = &axes.plot;
    let (a, b) = (p.map_x(x0), p.map_x(x1));
    let (c, d) = (p.map_y(y0), p.map_y(y1));
    Rect::new(a.min(b), c.min(d), (b - a).abs(), (d - c).abs())
}

pub(crate) fn draw(
    ctx: &mut Ctx,
    axes: &Axes,
    series: &[&Series],
    stacks: &[(f64, f64)],
) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let kind = spec.kind;
    let (plot, ticks) = (&axes.plot, &axes.ticks);
    let title = ctx.title();
    let derr = |e: String| ChartError::Draw {
        title: title.clone(),
        message: e,
    };
    let k = series.len();
    let group = 0.8;
    let bw = group / k as f64;
    // (centre x, value shown, value where the label stands)
    let mut bars: Vec<(f64, f64, f64)> = Vec::new();
    // Every bar's box, which value labels keep clear of.
    let mut boxes: Vec<Rect> = Vec::new();
    if kind == ChartKind::StackedBar {
        let lo = ticks.lo.min(0.0);
        let hi = ticks.hi.max(0.0);
        for (i, (neg_end, pos_end)) in stacks.iter().enumerate() {
            let (x0, x1) = (i as f64 + 0.2, i as f64 + 0.8);
            let (mut neg, mut pos) = (0.0f64, 0.0f64);
            for (si, s) in series.iter().enumerate() {
                let v = s.values[i];
                let (y0, y1) = if v < 0.0 {
                    neg += v;
                    (neg - v, neg)
                } else {
                    pos += v;
                    (pos - v, pos)
                };
                plot.rect(
                    x0,
                    x1,
                    y0.clamp(lo, hi),
                    y1.clamp(lo, hi),
                    series_color(si, s.color),
                )
                .map_err(derr)?;
            }
            boxes.push(bar_box(
                axes,
                x0,
                x1,
                neg_end.clamp(lo, hi),
                pos_end.clamp(lo, hi),
            ));
            let net = pos_end + neg_end;
            let at = if net < 0.0 { *neg_end } else { *pos_end };
            bars.push(((x0 + x1) / 2.0, net, at));
        }
    } else {
        let base = 0.0f64.max(ticks.lo).min(ticks.hi);
        for (si, s) in series.iter().enumerate() {
            let slot = ctx.sides.group_slot(si, k);
            for (i, v) in s.values.iter().enumerate() {
                let x0 = i as f64 + 0.1 + slot as f64 * bw;
                let x1 = x0 + bw * 0.92;
                let c = if kind == ChartKind::Diverging {
                    if *v < 0.0 {
                        DEFICIT
                    } else {
                        SURPLUS
                    }
                } else {
                    series_color(si, s.color)
                };
                plot.rect(x0, x1, base, *v, c).map_err(derr)?;
                boxes.push(bar_box(axes, x0, x1, base, *v));
                bars.push(((x0 + x1) / 2.0, *v, *v));
            }
        }
    }
    // Zero line over the bars.
    let z = 0.0f64.max(ticks.lo).min(ticks.hi);
    plot.polyline(&[(0.0, z), (axes.n as f64, z)], AXIS, 0.8)
        .map_err(derr)?;
    if !spec.value_labels {
        return Ok(());
    }
    let mut lines = axes.lines.clone();
    lines.push(plot.map_y(z));
    let mut out = Vec::new();
    for (x, v, at) in &bars {
        let text = ctx.fmt_value(*v, spec.decimals);
        let l = ctx.measure(&text, VALUE_SIZE, Weight::Regular, INK)?;
        let lh = l.ascent + l.descent;
        let (cx, y) = (plot.map_x(*x), plot.map_y(*at));
        let top = if *v < 0.0 { y + 2.0 } else { y - 2.0 - lh };
        let r = Rect::new(cx - l.width / 2.0, top, l.width, lh);
        out.push((text, l, r));
    }
    let clash = out.iter().enumerate().any(|(i, a)| {
        let grown = Rect::new(a.2.x - 1.5, a.2.y, a.2.width + 3.0, a.2.height);
        out[i + 1..].iter().any(|b| grown.intersects(&b.2))
            || boxes.iter().any(|b| grown.intersects(b))
    });
    if !clash {
        for (t, l, r) in out {
            if crossed_across(&r, &lines) {
                ctx.backing(r);
            }
            ctx.put(Role::Value, &t, &l, r.x, r.y);
        }
    }
    Ok(())
}
