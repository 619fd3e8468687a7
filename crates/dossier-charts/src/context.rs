//! The drawing context of one chart: its spec, language, options and
//! Scene, the sizes and colours every kind shares, text measuring and
//! placing, and what every placed label records about itself.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use dossier_canvas::{Color, Direction, Label, Path, Rect, Scene, SpanStyle, Stroke, Weight};
use dossier_core::Lang;

use crate::chart::RenderOptions;
use crate::data::ChartError;
use crate::sides::Sides;
use crate::spec::ChartSpec;
use crate::{fmt, PALETTE};

/// Text colour of titles and labels.
pub const INK: Color = Color::rgb(0x1a, 0x1a, 0x1a);
/// Text colour of subtitles, axis captions and notes.
pub const MUTED: Color = Color::rgb(0x55, 0x55, 0x55);
/// Colour of grid lines.
pub(crate) const GRID: Color = Color::rgb(0xdd, 0xdd, 0xdd);
/// Colour of axis and zero lines.
pub(crate) const AXIS: Color = Color::rgb(0x44, 0x44, 0x44);
/// Colour of positive values in a diverging chart (Okabe–Ito blue).
pub const SURPLUS: Color = PALETTE[0];
/// Colour of negative values in a diverging chart (Okabe–Ito vermillion).
pub const DEFICIT: Color = PALETTE[3];
/// The chart's background, and of the backings that keep lines off text.
pub(crate) const BACKGROUND: Color = Color::WHITE;

pub(crate) const PAD: f32 = 12.0;
pub(crate) const TITLE_SIZE: f32 = 13.0;
pub(crate) const SUBTITLE_SIZE: f32 = 10.0;
pub(crate) const LABEL_SIZE: f32 = 9.5;
pub(crate) const VALUE_SIZE: f32 = 9.0;
pub(crate) const NOTE_SIZE: f32 = 9.0;

/// What a piece of chart text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Title,
    Subtitle,
    Legend,
    AxisTitle,
    XTick,
    YTick,
    Value,
    Note,
    /// A line of a timeline event's label, beside its marker.
    Event,
    Period,
    /// The number on the marker of an event labelled in the key, and the
    /// same number in the key.
    EventNumber,
    /// A line of the key of a timeline's numbered events, or the key's line
    /// saying how many events are not labelled at all.
    EventKey,
}

/// A piece of text as placed on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    pub role: Role,
    pub text: String,
    /// Its box: advance width × (ascent + descent), in points.
    pub rect: Rect,
}

/// Where things went: every label with its box, and the plot area.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartLayout {
    pub labels: Vec<PlacedLabel>,
    pub plot: Rect,
}

/// What every kind draws with.
pub(crate) struct Ctx<'a> {
    pub(crate) spec: &'a ChartSpec,
    pub(crate) lang: Lang,
    pub(crate) options: RenderOptions,
    pub(crate) sides: Sides,
    pub(crate) scene: Rc<RefCell<Scene>>,
    pub(crate) layout: ChartLayout,
}

impl Ctx<'_> {
    pub(crate) fn title(&self) -> String {
        self.spec.title.first().to_string()
    }

    pub(crate) fn rtl(&self) -> bool {
        self.sides.rtl()
    }

    pub(crate) fn text_error(&self, e: impl std::fmt::Display) -> ChartError {
        ChartError::Text {
            title: self.title(),
            message: e.to_string(),
        }
    }

    /// The text direction of the chart's language.
    pub(crate) fn direction(&self) -> Direction {
        if self.rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    pub(crate) fn measure(
        &self,
        text: &str,
        size: f32,
        weight: Weight,
        color: Color,
    ) -> Result<Arc<Label>, ChartError> {
        let style = SpanStyle::new(size, weight, color);
        let dir = self.direction();
        dossier_canvas::with_typesetter(|ts| ts.label(text, &style, dir, "chart"))
            .map_err(|e| self.text_error(e))
    }

    /// `text` broken into lines no wider than `width`, each as a label.
    pub(crate) fn measure_lines(
        &self,
        text: &str,
        size: f32,
        weight: Weight,
        color: Color,
        width: f32,
    ) -> Result<Vec<(String, Arc<Label>)>, ChartError> {
        let style = SpanStyle::new(size, weight, color);
        let dir = self.direction();
        dossier_canvas::with_typesetter(|ts| ts.label_lines(text, &style, dir, width, "chart"))
            .map_err(|e| self.text_error(e))
    }

    /// Draws `label` with its box's left edge at `x` and its top at `top`.
    pub(crate) fn put(&mut self, role: Role, text: &str, label: &Label, x: f32, top: f32) -> Rect {
        let items = label.items_at(x, top + label.ascent);
        self.scene.borrow_mut().items.extend(items);
        let rect = Rect::new(x, top, label.width, label.ascent + label.descent);
        self.layout.labels.push(PlacedLabel {
            role,
            text: text.to_string(),
            rect,
        });
        rect
    }

    /// An opaque backing of the background colour behind a label's box
    /// `r`, drawn before the label, so that lines drawn earlier (grid lines,
    /// a line chart's series) pass behind the text, not through it.
    pub(crate) fn backing(&self, r: Rect) {
        self.scene.borrow_mut().fill(
            Path::rect(Rect::new(r.x - 1.5, r.y, r.width + 3.0, r.height)),
            BACKGROUND,
        );
    }

    pub(crate) fn fmt_value(&self, v: f64, decimals: usize) -> String {
        if self.spec.percent {
            fmt::percent(v, decimals, self.lang)
        } else {
            fmt::number(v, decimals, self.lang)
        }
    }

    pub(crate) fn stroke(&self, path: Path, color: Color, width: f32) {
        self.scene
            .borrow_mut()
            .stroke(path, Stroke::solid(color, width));
    }
}

/// Whether a horizontal line at one of `ys` passes through box `r`.
pub(crate) fn crossed_across(r: &Rect, ys: &[f32]) -> bool {
    ys.iter().any(|y| *y > r.y - 0.5 && *y < r.bottom() + 0.5)
}

/// Whether a vertical line at one of `xs` passes through box `r`.
pub(crate) fn crossed_along(r: &Rect, xs: &[f32]) -> bool {
    xs.iter().any(|x| *x > r.x - 2.0 && *x < r.right() + 2.0)
}
