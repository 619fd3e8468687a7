//! Drawing a chart: the options of a rendering, the Scene and its context,
//! and the kind that draws it.

use std::cell::RefCell;
use std::rc::Rc;

use dossier_canvas::{Path, Rect, Scene};
use dossier_core::Lang;

use crate::context::{ChartLayout, Ctx, BACKGROUND};
use crate::data::{ChartData, ChartError};
use crate::sides::Sides;
use crate::spec::{ChartKind, ChartSpec, Localized};
use crate::ticks::{nice_ticks, Ticks};
use crate::{horizontal, timeline, vertical};

/// What a chart draws around its plot.
///
/// A chart inside a document figure leaves its title and subtitle to the
/// figure's caption ("Figure 1: ...") and its source note to the source
/// line below the figure; the height they would take goes to the plot. A
/// standalone PNG or SVG file draws both, which is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    /// Draw the title and the subtitle at the top.
    pub title: bool,
    /// Draw the source note at the bottom.
    pub source_note: bool,
}

impl RenderOptions {
    /// A standalone chart file: title, subtitle and source note drawn.
    pub const STANDALONE: RenderOptions = RenderOptions {
        title: true,
        source_note: true,
    };
    /// A chart inside a document figure that prints its caption above it
    /// and its source line below it: neither is drawn in the chart.
    pub const FIGURE: RenderOptions = RenderOptions {
        title: false,
        source_note: false,
    };
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions::STANDALONE
    }
}

/// Draws a chart with its title and source note; see [`crate::render`].
pub fn render_with_layout(
    spec: &ChartSpec,
    data: &ChartData,
    lang: Lang,
) -> Result<(Scene, ChartLayout), ChartError> {
    render_with_layout_and_options(spec, data, lang, RenderOptions::default())
}

/// Draws a chart as `options` ask, and says where every label went.
pub fn render_with_layout_and_options(
    spec: &ChartSpec,
    data: &ChartData,
    lang: Lang,
    options: RenderOptions,
) -> Result<(Scene, ChartLayout), ChartError> {
    let scene = Rc::new(RefCell::new(Scene::new(spec.width, spec.height)));
    scene.borrow_mut().fill(
        Path::rect(Rect::new(0.0, 0.0, spec.width, spec.height)),
        BACKGROUND,
    );
    let mut ctx = Ctx {
        spec,
        lang,
        options,
        sides: Sides::new(lang.is_rtl()),
        scene: scene.clone(),
        layout: ChartLayout::default(),
    };
    let wrong = |needs| ChartError::WrongData {
        title: spec.title.first().to_string(),
        kind: kind_name(spec.kind),
        needs,
    };
    match (spec.kind, data) {
        (ChartKind::Timeline, ChartData::Timeline(t)) => timeline::timeline(&mut ctx, t)?,
        (ChartKind::Timeline, _) => return Err(wrong("timeline")),
        (_, ChartData::Categories(c)) => {
            c.validate(spec.title.first())?;
            match spec.kind {
                ChartKind::HorizontalBar => horizontal::horizontal(&mut ctx, c)?,
                _ => vertical::vertical(&mut ctx, c)?,
            }
        }
        (_, ChartData::Timeline(_)) => return Err(wrong("category")),
    }
    let layout = std::mem::take(&mut ctx.layout);
    drop(ctx);
    let scene = Rc::try_unwrap(scene)
        .map(RefCell::into_inner)
        .unwrap_or_else(|rc| rc.borrow().clone());
    Ok((scene, layout))
}

fn kind_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::GroupedBar => "grouped-bar",
        ChartKind::Line => "line",
        ChartKind::HorizontalBar => "horizontal-bar",
        ChartKind::Diverging => "diverging",
        ChartKind::StackedBar => "stacked-bar",
        ChartKind::Timeline => "timeline",
    }
}

pub(crate) fn default_labels(spec: &ChartSpec, lang: Lang) -> (String, String) {
    let pos = spec.positive_label.clone().unwrap_or_else(|| {
        Localized::from_pairs(&[(
            lang.code(),
            lang.language().label(dossier_lang::Label::ChartSurplus),
        )])
    });
    let neg = spec.negative_label.clone().unwrap_or_else(|| {
        Localized::from_pairs(&[(
            lang.code(),
            lang.language().label(dossier_lang::Label::ChartDeficit),
        )])
    });
    (pos.get(lang).to_string(), neg.get(lang).to_string())
}

/// Value-axis ticks for data in `[min, max]` over `len` points, with head
/// room for value labels.
pub(crate) fn value_ticks(min: f64, max: f64, len: f32, headroom: f32, zero: bool) -> Ticks {
    let (mut lo, mut hi) = (min, max);
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let extra = span * (headroom / len.max(1.0)) as f64;
    if hi > 0.0 || !zero {
        hi += extra;
    }
    if lo < 0.0 {
        lo -= extra;
    }
    let target = ((len / 45.0).round() as usize).clamp(2, 8);
    nice_ticks(lo, hi, target)
}
