//! Lines of the line chart, with a marker shape per series, and their
//! value labels: above the marker or below it, else beside it after the
//! marker in reading order, preferring a place that no line crosses; left
//! out when every place touches another label or marker. Each label stands
//! on an opaque backing, so that neither grid lines nor series lines run
//! through its text.

use dossier_canvas::{Point, Rect, Weight};

use crate::context::{Ctx, Role, PAD, VALUE_SIZE};
use crate::data::{ChartError, Series};
use crate::plot::series_color;
use crate::vertical::Axes;

pub(crate) fn draw(ctx: &mut Ctx, axes: &Axes, series: &[&Series]) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let (plot, rect) = (&axes.plot, axes.rect);
    let title = ctx.title();
    let derr = |e: String| ChartError::Draw {
        title: title.clone(),
        message: e,
    };
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
                labels.push((*p, c));
            }
        }
    }
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
    let after_right = ctx.sides.after_is_right();
    for (p, c) in labels {
        let text = ctx.fmt_value(p.1, spec.decimals);
        let l = ctx.measure(&text, VALUE_SIZE, Weight::Regular, c)?;
        let lh = l.ascent + l.descent;
        let (x, y) = (plot.map_x(p.0), plot.map_y(p.1));
        let lx = (x - l.width / 2.0).max(PAD).min(spec.width - PAD - l.width);
        let beside_right = (x + 6.0, y - lh / 2.0);
        let beside_left = (x - 6.0 - l.width, y - lh / 2.0);
        let (after, before) = if after_right {
            (beside_right, beside_left)
        } else {
            (beside_left, beside_right)
        };
        let ok: Vec<Rect> = [(lx, y - 5.0 - lh), (lx, y + 5.0), after, before]
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
            ctx.backing(r);
            ctx.put(Role::Value, &text, &l, r.x, r.y);
            placed.push(r);
        }
    }
    Ok(())
}
