//! Vertical kinds (grouped bar, line, diverging and stacked bar): the
//! legend, the value axis on the start side, the category axis running
//! left to right in both directions, and the marks drawn by [`crate::bars`]
//! and [`crate::line`].

use dossier_canvas::{Color, Label, Rect, Weight};
use std::sync::Arc;

use crate::chart::{default_labels, value_ticks};
use crate::context::{
    Ctx, Role, AXIS, DEFICIT, GRID, INK, LABEL_SIZE, MUTED, PAD, SURPLUS, VALUE_SIZE,
};
use crate::data::{CategorySeries, ChartError, Series};
use crate::plot::{series_color, Plot};
use crate::spec::ChartKind;
use crate::ticks::Ticks;
use crate::{bars, line};

/// The plot of a vertical chart, once its axes are drawn.
pub(crate) struct Axes {
    pub(crate) plot: Plot,
    pub(crate) rect: Rect,
    pub(crate) ticks: Ticks,
    /// Number of categories: slot `i` spans `i..i + 1` along x.
    pub(crate) n: usize,
    /// Where the horizontal grid and zero lines run, in points.
    pub(crate) lines: Vec<f32>,
}

/// Whether a bar series draws anything: a bar of zero height does not.
pub(crate) fn draws_bars(s: &Series) -> bool {
    s.values.iter().any(|v| *v != 0.0)
}

/// The legend of a vertical chart: what it draws, and nothing else. A
/// diverging chart lists surplus and deficit only when some value has
/// that sign; a bar series is listed when some bar has a height; a line is
/// always drawn.
fn legend(ctx: &Ctx, kind: ChartKind, series: &[&Series]) -> Vec<(String, Color)> {
    if kind == ChartKind::Diverging {
        let (p, n) = default_labels(ctx.spec, ctx.lang);
        let values = || series.iter().flat_map(|s| s.values.iter());
        let mut out = Vec::new();
        if values().any(|v| *v > 0.0) {
            out.push((p, SURPLUS));
        }
        if values().any(|v| *v < 0.0) {
            out.push((n, DEFICIT));
        }
        return out;
    }
    if series.len() < 2 && kind == ChartKind::GroupedBar {
        return Vec::new();
    }
    series
        .iter()
        .enumerate()
        .filter(|(_, s)| kind == ChartKind::Line || draws_bars(s))
        .map(|(i, s)| (s.name.clone(), series_color(i, s.color)))
        .collect()
}

/// GroupedBar, Line, Diverging and StackedBar: categories along x (left to
/// right in both languages), values up.
pub(crate) fn vertical(ctx: &mut Ctx, data: &CategorySeries) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let kind = spec.kind;
    let series: Vec<&Series> = if kind == ChartKind::Diverging {
        data.series.iter().take(1).collect()
    } else {
        data.series.iter().collect()
    };
    let legend = legend(ctx, kind, &series);
    let mut inner = ctx.frame(&legend)?;
    ctx.value_caption(&mut inner)?;

    // Category labels: one line under the plot.
    let cats: Vec<Arc<Label>> = data
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
    let stacks = bars::stacks(&series, data.categories.len());
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
    let tick_labels: Vec<(String, Arc<Label>)> = ticks
        .values
        .iter()
        .map(|v| {
            let t = ctx.fmt_value(*v, decimals);
            ctx.measure(&t, LABEL_SIZE, Weight::Regular, MUTED)
                .map(|l| (t, l))
        })
        .collect::<Result<_, _>>()?;
    let tw = tick_labels.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
    // The value axis stands on the start side.
    let right = ctx.sides.value_axis_right();
    let rect = if right {
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

    // Grid and value labels, thinned so that labels keep apart. The
    // numbers are right-aligned, so that their units line up: against the
    // plot in English, flush with the chart's right edge in Persian.
    let tick_h = tick_labels
        .iter()
        .map(|(_, l)| l.ascent + l.descent)
        .fold(0.0, f32::max);
    let spacing = plot_h / (ticks.values.len().max(2) - 1) as f32;
    let every = ((tick_h + 2.0) / spacing).ceil().max(1.0) as usize;
    let mut lines = Vec::new();
    for (i, (v, (t, l))) in ticks.values.iter().zip(&tick_labels).enumerate() {
        let y = plot.map_y(*v);
        let c = if *v == 0.0 { AXIS } else { GRID };
        let w = if *v == 0.0 { 0.8 } else { 0.5 };
        plot.polyline(&[(0.0, *v), (n as f64, *v)], c, w)
            .map_err(derr)?;
        lines.push(y);
        if i % every == 0 {
            let x = if right {
                inner.right() - l.width
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

    let axes = Axes {
        plot,
        rect,
        ticks,
        n,
        lines,
    };
    match kind {
        ChartKind::Line => line::draw(ctx, &axes, &series),
        _ => bars::draw(ctx, &axes, &series, &stacks),
    }
}
