//! Layout and drawing of every chart kind.

use std::cell::RefCell;
use std::rc::Rc;

use dossier_canvas::{
    Color, Direction, Label, Path, Point, Rect, Scene, SpanStyle, Stroke, Weight,
};
use dossier_core::Lang;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    Cartesian2d, Circle, DrawingArea, IntoDrawingArea, PathElement, Polygon, Rectangle,
};
use plotters::style::{RGBAColor, ShapeStyle};

use crate::backend::{px, SceneBackend, SUBPIXEL};
use crate::data::{CategorySeries, ChartData, ChartError, TimelineData};
use crate::spec::{ChartKind, ChartSpec, Localized};
use crate::ticks::{nice_ticks, Ticks};
use crate::{fmt, PALETTE};

/// Text colour of titles and labels.
pub const INK: Color = Color::rgb(0x1a, 0x1a, 0x1a);
/// Text colour of subtitles, axis captions and notes.
pub const MUTED: Color = Color::rgb(0x55, 0x55, 0x55);
const GRID: Color = Color::rgb(0xdd, 0xdd, 0xdd);
const AXIS: Color = Color::rgb(0x44, 0x44, 0x44);
/// Colour of positive values in a diverging chart (Okabe–Ito blue).
pub const SURPLUS: Color = PALETTE[0];
/// Colour of negative values in a diverging chart (Okabe–Ito vermillion).
pub const DEFICIT: Color = PALETTE[3];

const PAD: f32 = 12.0;
const TITLE_SIZE: f32 = 13.0;
const SUBTITLE_SIZE: f32 = 10.0;
const LABEL_SIZE: f32 = 9.5;
const VALUE_SIZE: f32 = 9.0;
const NOTE_SIZE: f32 = 9.0;

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
enum Anchor {
    Left,
    Center,
    Right,
}

struct Ctx<'a> {
    spec: &'a ChartSpec,
    lang: Lang,
    scene: Rc<RefCell<Scene>>,
    layout: ChartLayout,
}

fn rgba(c: Color) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, c.alpha as f64)
}

fn fill_style(c: Color) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: true,
        stroke_width: 0,
    }
}

fn line_style(c: Color, width: f32) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: false,
        stroke_width: (width * SUBPIXEL).round().max(1.0) as u32,
    }
}

impl<'a> Ctx<'a> {
    fn title(&self) -> String {
        self.spec.title.first().to_string()
    }

    fn rtl(&self) -> bool {
        self.lang.is_rtl()
    }

    fn text_error(&self, e: impl std::fmt::Display) -> ChartError {
        ChartError::Text {
            title: self.title(),
            message: e.to_string(),
        }
    }

    /// The text direction of the chart's language.
    fn direction(&self) -> Direction {
        if self.rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    fn measure(
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
    fn event_label(&self, text: &str, max_width: f32) -> Result<EventLabel, ChartError> {
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
    fn put(&mut self, role: Role, text: &str, label: &Label, x: f32, top: f32) -> Rect {
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

    fn anchored(label: &Label, anchor: Anchor, x: f32) -> f32 {
        match anchor {
            Anchor::Left => x,
            Anchor::Center => x - label.width / 2.0,
            Anchor::Right => x - label.width,
        }
    }

    /// The start side of the chart: left in English, right in Persian.
    fn start_anchor(&self, inner: &Rect) -> (Anchor, f32) {
        if self.rtl() {
            (Anchor::Right, inner.right())
        } else {
            (Anchor::Left, inner.x)
        }
    }

    fn fmt_value(&self, v: f64, decimals: usize) -> String {
        if self.spec.percent {
            fmt::percent(v, decimals, self.lang)
        } else {
            fmt::number(v, decimals, self.lang)
        }
    }

    fn stroke(&self, path: Path, color: Color, width: f32) {
        self.scene
            .borrow_mut()
            .stroke(path, Stroke::solid(color, width));
    }

    /// Title, subtitle and legend at the top, axis caption and source note
    /// at the bottom; returns what is left for the plot and its labels.
    fn frame(&mut self, legend: &[(String, Color)]) -> Result<Rect, ChartError> {
        let (w, h) = (self.spec.width, self.spec.height);
        let inner = Rect::new(PAD, PAD, w - 2.0 * PAD, h - 2.0 * PAD);
        let (anchor, ax) = self.start_anchor(&inner);
        let mut top = inner.y;

        let title = self.spec.title.get(self.lang).to_string();
        if !title.is_empty() {
            let mut size = TITLE_SIZE;
            let mut l = self.measure(&title, size, Weight::Bold, INK)?;
            while l.width > inner.width && size > 10.0 {
                size -= 0.5;
                l = self.measure(&title, size, Weight::Bold, INK)?;
            }
            let x = Self::anchored(&l, anchor, ax);
            let r = self.put(Role::Title, &title, &l, x, top);
            top = r.bottom() + 3.0;
        }
        if let Some(sub) = self
            .spec
            .subtitle
            .as_ref()
            .map(|s| s.get(self.lang).to_string())
        {
            if !sub.is_empty() {
                let l = self.measure(&sub, SUBTITLE_SIZE, Weight::Regular, MUTED)?;
                let x = Self::anchored(&l, anchor, ax);
                let r = self.put(Role::Subtitle, &sub, &l, x, top);
                top = r.bottom() + 3.0;
            }
        }
        if !legend.is_empty() {
            top += 4.0;
            top = self.legend(legend, &inner, top)? + 4.0;
        }

        let mut bottom = inner.bottom();
        if let Some(note) = self
            .spec
            .source_note
            .as_ref()
            .map(|s| s.get(self.lang).to_string())
        {
            if !note.is_empty() {
                let l = self.measure(&note, NOTE_SIZE, Weight::Regular, MUTED)?;
                let x = Self::anchored(&l, anchor, ax);
                let lh = l.ascent + l.descent;
                self.put(Role::Note, &note, &l, x, bottom - lh);
                bottom -= lh + 6.0;
            }
        }
        if let Some(xt) = self
            .spec
            .x_title
            .as_ref()
            .map(|s| s.get(self.lang).to_string())
        {
            if !xt.is_empty() {
                let l = self.measure(&xt, LABEL_SIZE, Weight::Regular, MUTED)?;
                let x = Self::anchored(&l, Anchor::Center, inner.x + inner.width / 2.0);
                let lh = l.ascent + l.descent;
                self.put(Role::AxisTitle, &xt, &l, x, bottom - lh);
                bottom -= lh + 4.0;
            }
        }
        Ok(Rect::new(
            inner.x,
            top,
            inner.width,
            (bottom - top).max(20.0),
        ))
    }

    /// Legend entries in reading order: from the left in English, from the
    /// right in Persian (so the order is mirrored). Returns the bottom.
    fn legend(
        &mut self,
        entries: &[(String, Color)],
        inner: &Rect,
        top: f32,
    ) -> Result<f32, ChartError> {
        const SW: f32 = 9.0;
        const GAP: f32 = 4.0;
        const SEP: f32 = 14.0;
        let labels = entries
            .iter()
            .map(|(t, _)| self.measure(t, LABEL_SIZE, Weight::Regular, INK))
            .collect::<Result<Vec<_>, _>>()?;
        let lh = labels
            .iter()
            .map(|l| l.ascent + l.descent)
            .fold(0.0f32, f32::max);
        let mut row_top = top;
        let mut used = 0.0f32;
        for ((text, color), l) in entries.iter().zip(&labels) {
            let ew = SW + GAP + l.width;
            if used > 0.0 && used + SEP + ew > inner.width {
                row_top += lh + 3.0;
                used = 0.0;
            }
            let offset = if used > 0.0 { used + SEP } else { 0.0 };
            // Box of the entry from the start edge.
            let (sw_x, text_x) = if self.rtl() {
                let right = inner.right() - offset;
                (right - SW, right - SW - GAP - l.width)
            } else {
                let left = inner.x + offset;
                (left, left + SW + GAP)
            };
            let sw_top = row_top + (lh - SW) / 2.0;
            self.scene
                .borrow_mut()
                .fill(Path::rect(Rect::new(sw_x, sw_top, SW, SW)), *color);
            self.put(Role::Legend, text, l, text_x, row_top);
            used = offset + ew;
        }
        Ok(row_top + lh)
    }

    /// The value-axis caption (y title and unit), on the start side.
    fn value_caption(&mut self, inner: &mut Rect) -> Result<(), ChartError> {
        let title = self
            .spec
            .y_title
            .as_ref()
            .map(|t| t.get(self.lang).to_string());
        let unit = self
            .spec
            .unit
            .as_ref()
            .map(|t| t.get(self.lang).to_string());
        let text = match (title, unit) {
            (Some(t), Some(u)) if !t.is_empty() && !u.is_empty() => format!("{t} ({u})"),
            (Some(t), _) if !t.is_empty() => t,
            (_, Some(u)) if !u.is_empty() => u,
            _ => return Ok(()),
        };
        let l = self.measure(&text, LABEL_SIZE, Weight::Regular, MUTED)?;
        let (anchor, ax) = self.start_anchor(inner);
        let x = Self::anchored(&l, anchor, ax);
        let r = self.put(Role::AxisTitle, &text, &l, x, inner.y);
        let cut = r.bottom() + 6.0 - inner.y;
        inner.y += cut;
        inner.height = (inner.height - cut).max(20.0);
        Ok(())
    }
}

type Area = DrawingArea<SceneBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area mapped by plotters: logical x and y ranges onto a
/// rectangle in points. `x_flip` mirrors x (for right-to-left value axes).
struct Plot {
    area: Area,
    rect: Rect,
    x: (f64, f64),
    y: (f64, f64),
    x_flip: bool,
}

impl Plot {
    fn new(
        scene: &Rc<RefCell<Scene>>,
        rect: Rect,
        x: (f64, f64),
        y: (f64, f64),
        x_flip: bool,
    ) -> Plot {
        let root = SceneBackend::new(scene.clone()).into_drawing_area();
        let xr = if x_flip {
            px(rect.right())..px(rect.x)
        } else {
            px(rect.x)..px(rect.right())
        };
        let coord = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
            x.0..x.1,
            y.0..y.1,
            (xr, px(rect.bottom())..px(rect.y)),
        );
        Plot {
            area: root.apply_coord_spec(coord),
            rect,
            x,
            y,
            x_flip,
        }
    }

    fn map_x(&self, v: f64) -> f32 {
        let t = ((v - self.x.0) / (self.x.1 - self.x.0)) as f32;
        if self.x_flip {
            self.rect.right() - t * self.rect.width
        } else {
            self.rect.x + t * self.rect.width
        }
    }

    fn map_y(&self, v: f64) -> f32 {
        let t = ((v - self.y.0) / (self.y.1 - self.y.0)) as f32;
        self.rect.bottom() - t * self.rect.height
    }

    fn rect(&self, x0: f64, x1: f64, y0: f64, y1: f64, c: Color) -> Result<(), String> {
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], fill_style(c)))
            .map_err(|e| e.to_string())
    }

    fn polyline(&self, pts: &[(f64, f64)], c: Color, width: f32) -> Result<(), String> {
        self.area
            .draw(&PathElement::new(pts.to_vec(), line_style(c, width)))
            .map_err(|e| e.to_string())
    }

    fn marker(&self, at: (f64, f64), shape: usize, c: Color) -> Result<(), String> {
        let r = 3.5f64;
        let res = match shape % 3 {
            0 => self
                .area
                .draw(&Circle::new(at, px(r as f32) as u32, fill_style(c))),
            1 => {
                let (x, y) = (self.map_x(at.0), self.map_y(at.1));
                let d = r as f32 * 0.9;
                let pts = [
                    (x - d, y - d),
                    (x + d, y - d),
                    (x + d, y + d),
                    (x - d, y + d),
                ];
                self.area.strip_coord_spec().draw(&Polygon::new(
                    pts.iter().map(|p| (px(p.0), px(p.1))).collect::<Vec<_>>(),
                    fill_style(c),
                ))
            }
            _ => {
                let (x, y) = (self.map_x(at.0), self.map_y(at.1));
                let d = r as f32 * 1.2;
                let pts = [(x, y - d), (x + d, y + d * 0.75), (x - d, y + d * 0.75)];
                self.area.strip_coord_spec().draw(&Polygon::new(
                    pts.iter().map(|p| (px(p.0), px(p.1))).collect::<Vec<_>>(),
                    fill_style(c),
                ))
            }
        };
        res.map_err(|e| e.to_string())
    }
}

fn series_color(i: usize, own: Option<Color>) -> Color {
    own.unwrap_or(PALETTE[i % PALETTE.len()])
}

/// Draws a chart; see [`crate::render`].
pub fn render_with_layout(
    spec: &ChartSpec,
    data: &ChartData,
    lang: Lang,
) -> Result<(Scene, ChartLayout), ChartError> {
    let scene = Rc::new(RefCell::new(Scene::new(spec.width, spec.height)));
    scene.borrow_mut().fill(
        Path::rect(Rect::new(0.0, 0.0, spec.width, spec.height)),
        Color::WHITE,
    );
    let mut ctx = Ctx {
        spec,
        lang,
        scene: scene.clone(),
        layout: ChartLayout::default(),
    };
    let wrong = |needs| ChartError::WrongData {
        title: spec.title.first().to_string(),
        kind: kind_name(spec.kind),
        needs,
    };
    match (spec.kind, data) {
        (ChartKind::Timeline, ChartData::Timeline(t)) => timeline(&mut ctx, t)?,
        (ChartKind::Timeline, _) => return Err(wrong("timeline")),
        (_, ChartData::Categories(c)) => {
            c.validate(spec.title.first())?;
            match spec.kind {
                ChartKind::HorizontalBar => horizontal(&mut ctx, c)?,
                _ => vertical(&mut ctx, c)?,
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

fn default_labels(spec: &ChartSpec, lang: Lang) -> (String, String) {
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
fn value_ticks(min: f64, max: f64, len: f32, headroom: f32, zero: bool) -> Ticks {
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

/// GroupedBar, Line and Diverging: categories along x (left to right in
/// both languages), values up.
fn vertical(ctx: &mut Ctx, data: &CategorySeries) -> Result<(), ChartError> {
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

/// HorizontalBar: categories as rows from the top, bars grow from the start
/// side (left in English, right in Persian): this is not a time axis, so the
/// whole chart is mirrored.
fn horizontal(ctx: &mut Ctx, data: &CategorySeries) -> Result<(), ChartError> {
    let spec = ctx.spec;
    let series = &data.series;
    let legend: Vec<(String, Color)> = if series.len() > 1 {
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
    let rtl = ctx.rtl();

    let cats: Vec<Label> = data
        .categories
        .iter()
        .map(|c| ctx.measure(c, LABEL_SIZE, Weight::Regular, INK))
        .collect::<Result<_, _>>()?;
    let cw = cats
        .iter()
        .map(|l| l.width)
        .fold(0.0, f32::max)
        .min(inner.width * 0.4);
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
    let tick_labels: Vec<(String, Label)> = ticks
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
    for (i, (v, (t, l))) in ticks.values.iter().zip(&tick_labels).enumerate() {
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
    let clh = cats
        .iter()
        .map(|l| l.ascent + l.descent)
        .fold(0.0f32, f32::max);
    let every = ((clh + 2.0) / row).ceil().max(1.0) as usize;
    for (i, (t, l)) in data.categories.iter().zip(&cats).enumerate() {
        if i % every != 0 {
            continue;
        }
        let cy = rect.y + (i as f32 + 0.5) * row;
        let x = if rtl {
            rect.right() + 8.0
        } else {
            rect.x - 8.0 - l.width
        };
        ctx.put(Role::YTick, t, l, x, cy - (l.ascent + l.descent) / 2.0);
    }
    let group = 0.76;
    let bh = group / k as f64;
    let z = 0.0f64.max(ticks.lo);
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
                let end = plot.map_x(*v);
                let outward = (*v >= 0.0) != rtl;
                let x = if outward {
                    end + 4.0
                } else {
                    end - 4.0 - l.width
                };
                let cy = plot.map_y((y0 + y1) / 2.0);
                ctx.put(Role::Value, &text, &l, x, cy - lh / 2.0);
            }
        }
    }
    plot.polyline(&[(z, 0.0), (z, n as f64)], AXIS, 0.8)
        .map_err(derr)?;
    Ok(())
}

fn luminance(c: Color) -> f32 {
    0.299 * c.r as f32 + 0.587 * c.g as f32 + 0.114 * c.b as f32
}

/// Timeline: a band of periods coloured by status above a date axis that
/// runs left to right in both languages, with events as markers whose
/// labels (broken into lines when long) are stacked above the band so that
/// none overlap and no leader line crosses a label. A label with no room
/// is left out; its marker stays.
fn timeline(ctx: &mut Ctx, data: &TimelineData) -> Result<(), ChartError> {
    data.validate(ctx.spec.title.first())?;
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

/// Places event labels above a timeline's band: for each event (at `xs`,
/// with `labels`), where its label goes, or `None` when there is no room.
/// Labels stack upwards from the band, each at the lowest height where it
/// touches no other label and no leader line crosses a label, and no
/// higher than `max_h`.
fn place_event_labels(
    xs: &[f32],
    labels: &[EventLabel],
    rtl: bool,
    chart_width: f32,
    max_h: f32,
) -> Placement {
    let gap = 4.0;
    // Candidate left edges of an event's label: the flag towards the
    // reading direction first, then the other way, then centred over the
    // marker (pushed inside the chart when nothing fits).
    let candidates = |i: usize| {
        let (x, w) = (xs[i], labels[i].width);
        let fits = |lx: f32| lx >= PAD - 0.01 && lx + w <= chart_width - PAD + 0.01;
        let (right, left) = (x + 4.0, x - 4.0 - w);
        let centre = x - w / 2.0;
        let mut cands = if rtl {
            vec![left, right, centre]
        } else {
            vec![right, left, centre]
        };
        cands.retain(|lx| fits(*lx));
        if cands.is_empty() {
            cands.push(centre.max(PAD).min(chart_width - PAD - w));
        }
        cands
    };
    // Labels are placed one by one, each at the lowest free height. The
    // order matters: a label that hangs over other markers must go up after
    // their labels, so that their leader lines pass below it. So labels
    // whose first choice covers no marker still waiting go first (in
    // reading order, or the other way); where every waiting label covers
    // another, the one covering fewest goes. Both ways are tried, and the
    // one that places the most labels, then the lower stack, wins.
    let covers: Vec<Vec<usize>> = (0..xs.len())
        .map(|i| {
            let lx = candidates(i)[0];
            let (x0, x1) = (lx.min(xs[i]), (lx + labels[i].width).max(xs[i]));
            (0..xs.len())
                .filter(|&j| j != i && xs[j] >= x0 && xs[j] <= x1)
                .collect()
        })
        .collect();
    let covers_first = |base: Vec<usize>| {
        let mut waiting = base;
        let mut order = Vec::with_capacity(waiting.len());
        while !waiting.is_empty() {
            let still = |i: usize| covers[i].iter().filter(|j| waiting.contains(j)).count();
            let pick = (0..waiting.len())
                .min_by_key(|&k| (still(waiting[k]), k))
                .unwrap_or(0);
            order.push(waiting.remove(pick));
        }
        order
    };
    let backwards: Vec<usize> = if rtl {
        (0..xs.len()).collect()
    } else {
        (0..xs.len()).rev().collect()
    };
    let forwards: Vec<usize> = backwards.iter().rev().copied().collect();
    let mut orders = vec![covers_first(backwards), covers_first(forwards)];
    // For a handful of events, shuffled orders as well (from a fixed seed,
    // so that the chart is the same on every run).
    if xs.len() <= SEARCHED_EVENTS {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..SHUFFLED_ORDERS {
            let mut order = orders[0].clone();
            for k in (1..order.len()).rev() {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                order.swap(k, (seed >> 33) as usize % (k + 1));
            }
            orders.push(order);
        }
    }
    let place = |order: &[usize]| {
        let mut placed: Placement = vec![None; xs.len()];
        let mut done: Vec<Flag> = Vec::new();
        let mut seen = vec![false; xs.len()];
        for &i in order {
            let (x, l) = (xs[i], &labels[i]);
            let cands = candidates(i);
            // A label's box reaches its leader line.
            let span = |lx: f32| (lx.min(x) - 1.0, (lx + l.width).max(x) + 1.0);
            let free = |bottom: f32, lx: f32| {
                let (x0, x1) = span(lx);
                let top = bottom + l.height;
                top <= max_h + 0.01
                    && done.iter().all(|p| {
                        let p_top = p.bottom + p.height;
                        let boxes =
                            p.x0 < x1 && x0 < p.x1 && bottom < p_top + gap && p.bottom < top + gap;
                        // Leader lines run from the band up to their label's top.
                        let theirs_cross = p.leader >= x0 && p.leader <= x1 && bottom < p_top + gap;
                        let mine_cross = x >= p.x0 && x <= p.x1 && p.bottom < top + gap;
                        !(boxes || theirs_cross || mine_cross)
                    })
            };
            let mut bottoms: Vec<f32> = std::iter::once(0.0)
                .chain(done.iter().map(|p| p.bottom + p.height + gap))
                .collect();
            bottoms.sort_by(f32::total_cmp);
            // With no free place the label is left out; the marker stays.
            // Of the candidates, the one hanging over the fewest markers
            // still to come, then the lowest, then the first.
            let waiting = |lx: f32| {
                let (x0, x1) = span(lx);
                (0..xs.len())
                    .filter(|&j| j != i && !seen[j] && xs[j] >= x0 && xs[j] <= x1)
                    .count()
            };
            let found = cands
                .iter()
                .enumerate()
                .filter_map(|(k, &lx)| {
                    let b = bottoms.iter().copied().find(|&b| free(b, lx))?;
                    Some(((waiting(lx), b, k), (b, lx)))
                })
                .min_by(|(a, _), (b, _)| {
                    a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
                })
                .map(|(_, place)| place);
            seen[i] = true;
            if let Some((bottom, lx)) = found {
                let (x0, x1) = span(lx);
                let flag = Flag {
                    x0,
                    x1,
                    bottom,
                    height: l.height,
                    leader: x,
                };
                done.push(flag);
                placed[i] = Some((flag, lx));
            }
        }
        placed
    };
    let mut placed = place(&orders[0]);
    for order in &orders[1..] {
        let other = place(order);
        if better_placement(&other, &placed) {
            placed = other;
        }
    }
    placed
}

/// How good a placement is: how many labels it places, then how high the
/// stack is (lower is better).
fn placement_score(placed: &[Option<(Flag, f32)>]) -> (usize, f32) {
    let count = placed.iter().flatten().count();
    let top = placed
        .iter()
        .flatten()
        .map(|(f, _)| f.bottom + f.height)
        .fold(0.0, f32::max);
    (count, top)
}

/// Whether placement `a` beats `b`: it places more labels, or as many in a
/// lower stack.
fn better_placement(a: &[Option<(Flag, f32)>], b: &[Option<(Flag, f32)>]) -> bool {
    let ((na, ha), (nb, hb)) = (placement_score(a), placement_score(b));
    na > nb || (na == nb && ha < hb)
}

/// For each event, where its label went (its flag and left edge), or
/// `None` when it was left out.
type Placement = Vec<Option<(Flag, f32)>>;

/// Where an event label went: its extent across (box and leader line),
/// its bottom above the band and its height.
#[derive(Clone, Copy)]
struct Flag {
    x0: f32,
    x1: f32,
    bottom: f32,
    height: f32,
    leader: f32,
}

/// Up to this many events, a timeline labels them; beyond, the labels
/// could not be read and would cost time, so only markers are drawn.
const LABELLED_EVENTS: usize = 200;
/// Up to this many events, label placement also tries shuffled orders.
const SEARCHED_EVENTS: usize = 24;
/// How many shuffled orders it tries.
const SHUFFLED_ORDERS: usize = 48;

/// Space between the lines of a multi-line event label.
const EVENT_LINE_GAP: f32 = 1.0;

/// An event's label, in one or more lines.
struct EventLabel {
    lines: Vec<(String, Label)>,
    /// Width of the widest line.
    width: f32,
    /// Height of all lines with the gaps between them.
    height: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(width: f32) -> EventLabel {
        EventLabel {
            lines: Vec::new(),
            width,
            height: 20.0,
        }
    }

    /// No two placed labels touch, and no leader line crosses a label.
    fn assert_clear(xs: &[f32], placed: &[Option<(Flag, f32)>]) {
        let flags: Vec<Flag> = placed.iter().flatten().map(|(f, _)| *f).collect();
        for (i, a) in flags.iter().enumerate() {
            for (j, b) in flags.iter().enumerate() {
                if i == j {
                    continue;
                }
                let across = a.x0 < b.x1 && b.x0 < a.x1;
                let up = a.bottom < b.bottom + b.height && b.bottom < a.bottom + a.height;
                assert!(!(across && up), "{i} and {j} overlap");
                // b's leader runs from 0 to b's top.
                let crosses = b.leader > a.x0 && b.leader < a.x1 && a.bottom < b.bottom + b.height;
                assert!(!crosses, "the leader of {j} crosses {i}");
            }
        }
        assert_eq!(placed.len(), xs.len());
    }

    /// Labels that each hang over the next markers stack as a staircase
    /// (the one reaching furthest on top), in both reading directions.
    #[test]
    fn event_labels_stack_as_a_staircase() {
        let xs = [40.0, 80.0, 120.0, 160.0, 400.0];
        let labels: Vec<EventLabel> = xs.iter().map(|_| label(150.0)).collect();
        for rtl in [false, true] {
            let placed = place_event_labels(&xs, &labels, rtl, 600.0, 200.0);
            assert_eq!(placement_score(&placed).0, xs.len(), "rtl {rtl}");
            assert_clear(&xs, &placed);
        }
        // With room for two rows only, some are left out, and what is
        // placed still stays clear.
        let placed = place_event_labels(&xs, &labels, false, 600.0, 45.0);
        assert!(placement_score(&placed).0 < xs.len());
        assert!(placement_score(&placed).1 <= 45.01);
        assert_clear(&xs, &placed);
    }

    /// Two events on the same date cannot both have a leader line beside
    /// a label: one of them is left out, and its marker stays.
    #[test]
    fn events_on_one_date_keep_one_label() {
        let xs = [100.0, 100.0];
        let labels = [label(80.0), label(80.0)];
        let placed = place_event_labels(&xs, &labels, false, 600.0, 200.0);
        assert_eq!(placement_score(&placed).0, 1);
        assert_clear(&xs, &placed);
    }
}
