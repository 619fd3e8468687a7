//! The drawing context of one chart: its spec, language and Scene, the
//! sizes and colours every kind shares, text measuring and placing, and
//! what every placed label records about itself.

use std::cell::RefCell;
use std::rc::Rc;

use dossier_canvas::{Color, Direction, Label, Path, Rect, Scene, SpanStyle, Stroke, Weight};
use dossier_core::Lang;

use crate::data::ChartError;
use crate::event_labels::{EventLabel, EVENT_LINE_GAP};
use crate::spec::ChartSpec;
use crate::{fmt, PALETTE};

/// Text colour of titles and labels.
pub const INK: Color = Color::rgb(0x1a, 0x1a, 0x1a);
/// Text colour of subtitles, axis captions and notes.
pub const MUTED: Color = Color::rgb(0x55, 0x55, 0x55);
pub(crate) const GRID: Color = Color::rgb(0xdd, 0xdd, 0xdd);
pub(crate) const AXIS: Color = Color::rgb(0x44, 0x44, 0x44);
/// Colour of positive values in a diverging chart (Okabe–Ito blue).
pub const SURPLUS: Color = PALETTE[0];
/// Colour of negative values in a diverging chart (Okabe–Ito vermillion).
pub const DEFICIT: Color = PALETTE[3];

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
    Event,
    Period,
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

#[derive(Clone, Copy)]
pub(crate) enum Anchor {
    Left,
    Center,
    Right,
}

pub(crate) struct Ctx<'a> {
    pub(crate) spec: &'a ChartSpec,
    pub(crate) lang: Lang,
    pub(crate) scene: Rc<RefCell<Scene>>,
    pub(crate) layout: ChartLayout,
}

impl Ctx<'_> {
    pub(crate) fn title(&self) -> String {
        self.spec.title.en.clone()
    }

    pub(crate) fn rtl(&self) -> bool {
        self.lang.is_rtl()
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
    ) -> Result<Label, ChartError> {
        let style = SpanStyle::new(size, weight, color);
        let dir = self.direction();
        dossier_canvas::with_typesetter(|ts| ts.label(text, &style, dir, "chart"))
            .map_err(|e| self.text_error(e))
    }

    /// An event label at the value size, broken into lines no wider than
    /// `max_width` when it is wider.
    pub(crate) fn event_label(&self, text: &str, max_width: f32) -> Result<EventLabel, ChartError> {
        let one = self.measure(text, VALUE_SIZE, Weight::Regular, INK)?;
        let lines = if one.width <= max_width {
            vec![(text.to_string(), one)]
        } else {
            let style = SpanStyle::new(VALUE_SIZE, Weight::Regular, INK);
            let dir = self.direction();
            dossier_canvas::with_typesetter(|ts| {
                ts.label_lines(text, &style, dir, max_width, "chart")
            })
            .map_err(|e| self.text_error(e))?
        };
        let width = lines.iter().map(|(_, l)| l.width).fold(0.0, f32::max);
        let height = lines.iter().map(|(_, l)| l.ascent + l.descent).sum::<f32>()
            + EVENT_LINE_GAP * lines.len().saturating_sub(1) as f32;
        Ok(EventLabel {
            lines,
            width,
            height,
        })
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

    pub(crate) fn anchored(label: &Label, anchor: Anchor, x: f32) -> f32 {
        match anchor {
            Anchor::Left => x,
            Anchor::Center => x - label.width / 2.0,
            Anchor::Right => x - label.width,
        }
    }

    /// The start side of the chart: left in English, right in Persian.
    pub(crate) fn start_anchor(&self, inner: &Rect) -> (Anchor, f32) {
        if self.rtl() {
            (Anchor::Right, inner.right())
        } else {
            (Anchor::Left, inner.x)
        }
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
