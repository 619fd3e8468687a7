//! Vertical kinds: grouped bar, line, diverging and stacked bar, with
//! categories along x and values up.

use dossier_canvas::{Color, Label, Path, Point, Rect, Weight};

use crate::chart::{default_labels, value_ticks};
use crate::context::{
    Ctx, Role, AXIS, DEFICIT, GRID, INK, LABEL_SIZE, MUTED, PAD, SURPLUS, VALUE_SIZE,
};
use crate::data::{CategorySeries, ChartError};
use crate::plot::{series_color, Plot};
use crate::spec::ChartKind;

/// GroupedBar, Line and Diverging: categories along x (left to right in
/// both languages), values up.
pub(crate) fn vertical(ctx: &mut Ctx, data: &CategorySeries) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let kind = spec.kind;
    let series: Vec<_> = if kind == ChartKind::Diverging {
        data.series.iter().take(1).collect()
    } else {
        data.series.iter().collect()
    };
    let legend: Vec<(String, Color)> = if kind == ChartKind::Diverging {
        let (p, n) = default_labels(spec, ctx.lang);
        vec![(p, SURPLUS), (n, DEFICIT)]
    } else if series.len() > 1 || kind == ChartKind::Line || kind == ChartKind::StackedBar {
        series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), series_color(i, s.color)))
            .collect()
    } else {
        Vec::new()
    };
    let mut inner = ctx.frame(&legend)?;
    ctx.value_caption(&mut inner)?;

    // Category labels: one line under the plot.
    let cats: Vec<Label> = data
        .categories
        .iter()
        .map(|c| ctx.measure(c, LABEL_SIZE, Weight::Regular, INK))
        .collect::<Result<_, _>>()?;
    let lh = cats
        .iter()
        .map(|l| l.ascent + l.descent)
        .fold(LABEL_SIZE * 1.2, f32::max);
    let plot_top = inner.y + 2.0;
    let plot_bottom = inner.bottom() - lh - 5.0;
    let plot_h = (plot_bottom - plot_top).max(10.0);

    // A stacked bar reaches the sum of its positive and of its negative
    // segments.
    let stacks: Vec<(f64, f64)> = (0..data.categories.len())
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
        .collect();
    let values: Vec<f64> = if kind == ChartKind::StackedBar {
        stacks.iter().flat_map(|(n, p)| [*n, *p]).collect()
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .collect()
    };
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let headroom = if spec.value_labels {
        VALUE_SIZE * 1.6
    } else {
        0.0
    };
    let ticks = value_ticks(min, max, plot_h, headroom, kind != ChartKind::Line);
    let decimals = ticks.decimals;
    let tick_labels: Vec<(String, Label)> = ticks
        .values
        .iter()
        .map(|v| {
            let t = ctx.fmt_value(*v, decimals);
            ctx.measure(&t, LABEL_SIZE, Weight::Regular, MUTED)
                .map(|l| (t, l))
        })
        .collect::<Result<_, _>>()?;
    let tw = tick_labels.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
    let rect = if ctx.rtl() {
        Rect::new(inner.x, plot_top, inner.width - tw - 6.0, plot_h)
    } else {
        Rect::new(inner.x + tw + 6.0, plot_top, inner.width - tw - 6.0, plot_h)
    };
    ctx.layout.plot = rect;
    let n = data.categories.len();
    let plot = Plot::new(
        &ctx.scene,
        rect,
        (0.0, n as f64),
        (ticks.lo, ticks.hi),
        false,
    );
    let title = ctx.title();
    let derr = |e: String| ChartError::Draw {
        title: title.clone(),
        message: e,
    };

    // Grid and y labels, thinned so that labels keep apart.
    let tick_h = tick_labels
        .iter()
        .map(|(_, l)| l.ascent + l.descent)
        .fold(0.0, f32::max);
    let spacing = plot_h / (ticks.values.len().max(2) - 1) as f32;
    let every = ((tick_h + 2.0) / spacing).ceil().max(1.0) as usize;
    for (i, (v, (t, l))) in ticks.values.iter().zip(&tick_labels).enumerate() {
        let y = plot.map_y(*v);
        let c = if *v == 0.0 { AXIS } else { GRID };
        let w = if *v == 0.0 { 0.8 } else { 0.5 };
        plot.polyline(&[(0.0, *v), (n as f64, *v)], c, w)
            .map_err(derr)?;
        if i % every == 0 {
            let x = if ctx.rtl() {
                rect.right() + 6.0
            } else {
                rect.x - 6.0 - l.width
            };
            ctx.put(Role::YTick, t, l, x, y - (l.ascent + l.descent) / 2.0);
        }
    }

    // Category labels, thinned by a common step when they would touch.
    let slot = rect.width / n as f32;
    let widest = cats.iter().map(|l| l.width).fold(0.0, f32::max);
    let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
    let mut last_right = f32::NEG_INFINITY;
    for (i, (t, l)) in data.categories.iter().zip(&cats).enumerate() {
        if i % every != 0 {
            continue;
        }
        let cx = rect.x + (i as f32 + 0.5) * slot;
        let x = (cx - l.width / 2.0)
            .max(PAD)
            .min(spec.width - PAD - l.width);
        if x < last_right + 4.0 {
            continue;
        }
        ctx.put(Role::XTick, t, l, x, plot_bottom + 5.0);
        last_right = x + l.width;
    }

    let fmt_v = |ctx: &Ctx, v: f64| ctx.fmt_value(v, spec.decimals);
    match kind {
        ChartKind::Line => {
            let mut placed: Vec<Rect> = Vec::new();
            let mut labels = Vec::new();
            for (si, s) in series.iter().enumerate() {
                let c = series_color(si, s.color);
                let pts: Vec<(f64, f64)> = s
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64 + 0.5, *v))
                    .collect();
                if pts.len() > 1 {
                    plot.polyline(&pts, c, 2.0).map_err(derr)?;
                }
                for p in &pts {
                    plot.marker(*p, si, c).map_err(derr)?;
                    placed.push(Rect::new(
                        plot.map_x(p.0) - 4.0,
                        plot.map_y(p.1) - 4.0,
                        8.0,
                        8.0,
                    ));
                }
                if spec.value_labels {
                    for p in &pts {
                        labels.push((si, *p, c));
                    }
                }
            }
            // Value labels: above the marker or below it, preferring a
            // place that no line crosses; left out when every place touches
            // another label or marker. A white halo keeps lines off the text.
            let segments: Vec<(Point, Point)> = series
                .iter()
                .flat_map(|s| {
                    let pts: Vec<Point> = s
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| Point::new(plot.map_x(i as f64 + 0.5), plot.map_y(*v)))
                        .collect();
                    pts.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
                })
                .collect();
            let crossed = |r: &Rect| {
                segments.iter().any(|(a, b)| {
                    let n = ((b.x - a.x).abs().max((b.y - a.y).abs()) / 1.5)
                        .ceil()
                        .max(1.0) as usize;
                    (0..=n).any(|k| {
                        let t = k as f32 / n as f32;
                        let (x, y) = (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                        x > r.x && x < r.right() && y > r.y && y < r.bottom()
                    })
                })
            };
            for (_, p, c) in labels {
                let text = fmt_v(ctx, p.1);
                let l = ctx.measure(&text, VALUE_SIZE, Weight::Regular, c)?;
                let lh = l.ascent + l.descent;
                let (x, y) = (plot.map_x(p.0), plot.map_y(p.1));
                let lx = (x - l.width / 2.0).max(PAD).min(spec.width - PAD - l.width);
                let ok: Vec<Rect> = [
                    (lx, y - 5.0 - lh),
                    (lx, y + 5.0),
                    (x + 6.0, y - lh / 2.0),
                    (x - 6.0 - l.width, y - lh / 2.0),
                ]
                .into_iter()
                .map(|(left, top)| Rect::new(left, top, l.width, lh))
                .filter(|r| {
                    r.y >= rect.y - 2.0
                        && r.bottom() <= rect.bottom()
                        && r.x >= rect.x - 3.0
                        && r.right() <= rect.right() + 3.0
                        && !placed.iter().any(|q| q.intersects(r))
                })
                .collect();
                let best = ok.iter().find(|r| !crossed(r)).or(ok.first()).copied();
                if let Some(r) = best {
                    ctx.scene.borrow_mut().fill(
                        Path::rect(Rect::new(r.x - 1.5, r.y, r.width + 3.0, r.height)),
                        Color::WHITE.with_alpha(0.85),
                    );
                    ctx.put(Role::Value, &text, &l, r.x, r.y);
                    placed.push(r);
                }
            }
        }
        _ => {
            // Bars: in Persian the first series is the rightmost of a group,
            // as in the legend, which reads from the right.
            let k = series.len();
            let group = 0.8;
            let bw = group / k as f64;
            // (centre x, value shown, value where the label stands)
            let mut bars: Vec<(f64, f64, f64)> = Vec::new();
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
                    let net = pos_end + neg_end;
                    let at = if net < 0.0 { *neg_end } else { *pos_end };
                    bars.push(((x0 + x1) / 2.0, net, at));
                }
            }
            for (si, s) in series.iter().enumerate() {
                if kind == ChartKind::StackedBar {
                    break;
                }
                let pos = if ctx.rtl() { k - 1 - si } else { si };
                for (i, v) in s.values.iter().enumerate() {
                    let x0 = i as f64 + 0.1 + pos as f64 * bw;
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
                    plot.rect(x0, x1, 0.0f64.max(ticks.lo).min(ticks.hi), *v, c)
                        .map_err(derr)?;
                    bars.push(((x0 + x1) / 2.0, *v, *v));
                }
            }
            // Zero line over the bars.
            let z = 0.0f64.max(ticks.lo).min(ticks.hi);
            plot.polyline(&[(0.0, z), (n as f64, z)], AXIS, 0.8)
                .map_err(derr)?;
            if spec.value_labels {
                // All or none: value labels only when none would touch.
                let mut out = Vec::new();
                for (x, v, at) in &bars {
                    let text = fmt_v(ctx, *v);
                    let l = ctx.measure(&text, VALUE_SIZE, Weight::Regular, INK)?;
                    let lh = l.ascent + l.descent;
                    let (cx, y) = (plot.map_x(*x), plot.map_y(*at));
                    let top = if *v < 0.0 { y + 2.0 } else { y - 2.0 - lh };
                    let r = Rect::new(cx - l.width / 2.0, top, l.width, lh);
                    out.push((text, l, r));
                }
                let clash = out.iter().enumerate().any(|(i, a)| {
                    out[i + 1..].iter().any(|b| {
                        let grown = Rect::new(a.2.x - 1.5, a.2.y, a.2.width + 3.0, a.2.height);
                        grown.intersects(&b.2)
                    })
                });
                if !clash {
                    for (t, l, r) in out {
                        ctx.put(Role::Value, &t, &l, r.x, r.y);
                    }
                }
            }
        }
    }
    Ok(())
}
