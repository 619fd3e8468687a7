//! The frame of a chart: title, subtitle and legend at the top, axis
//! caption and source note at the bottom, and the value-axis caption.
//! Text too wide for the chart is broken into lines rather than cut off.

use dossier_canvas::{Color, Label, Path, Rect, Weight};
use std::sync::Arc;

use crate::context::{
    Ctx, Role, INK, LABEL_SIZE, MUTED, NOTE_SIZE, PAD, SUBTITLE_SIZE, TITLE_SIZE,
};
use crate::data::ChartError;
use crate::sides::Anchor;

/// Smallest size a long title shrinks to before it is broken into lines.
const TITLE_MIN_SIZE: f32 = 11.0;
/// Space between the lines of a text block of the frame.
const LINE_GAP: f32 = 1.0;

/// Lines of text, each with its label, and their height together.
pub(crate) struct Block {
    pub(crate) lines: Vec<(String, Arc<Label>)>,
    pub(crate) height: f32,
}

impl Block {
    pub(crate) fn width(&self) -> f32 {
        self.lines.iter().map(|(_, l)| l.width).fold(0.0, f32::max)
    }
}

/// The bottom of the frame, measured: the source note and the category
/// axis caption, as drawn when the options ask for them.
struct Bottom {
    note: Option<Block>,
    x_title: Option<(String, Arc<Label>)>,
}

impl Ctx<'_> {
    /// The chart less its padding.
    pub(crate) fn inner(&self) -> Rect {
        let (w, h) = (self.spec.width, self.spec.height);
        Rect::new(PAD, PAD, w - 2.0 * PAD, h - 2.0 * PAD)
    }

    /// `text` in lines no wider than `width` (a word wider than `width`
    /// keeps a line of its own).
    pub(crate) fn block(
        &self,
        text: &str,
        size: f32,
        weight: Weight,
        color: Color,
        width: f32,
    ) -> Result<Block, ChartError> {
        let one = self.measure(text, size, weight, color)?;
        let lines = if one.width <= width {
            vec![(text.to_string(), one)]
        } else {
            self.measure_lines(text, size, weight, color, width)?
        };
        let height = lines.iter().map(|(_, l)| l.ascent + l.descent).sum::<f32>()
            + LINE_GAP * lines.len().saturating_sub(1) as f32;
        Ok(Block { lines, height })
    }

    /// Draws `block` with its top at `top`, each line anchored at `x`;
    /// returns its bottom.
    pub(crate) fn put_block(
        &mut self,
        role: Role,
        block: &Block,
        anchor: Anchor,
        x: f32,
        top: f32,
    ) -> f32 {
        let mut y = top;
        for (text, l) in &block.lines {
            let r = self.put(role, text, l, anchor.left_edge(l.width, x), y);
            y = r.bottom() + LINE_GAP;
        }
        top + block.height
    }

    /// Title, subtitle and legend at the top, axis caption and source note
    /// at the bottom; returns what is left for the plot and its labels.
    pub(crate) fn frame(&mut self, legend: &[(String, Color)]) -> Result<Rect, ChartError> {
        let top = self.frame_top(legend)?;
        let (bottom, _) = self.frame_bottom(0.0)?;
        let inner = self.inner();
        Ok(Rect::new(
            inner.x,
            top,
            inner.width,
            (bottom - top).max(20.0),
        ))
    }

    /// Title and subtitle (unless the options leave them to a figure
    /// caption) and the legend; returns the y below them.
    pub(crate) fn frame_top(&mut self, legend: &[(String, Color)]) -> Result<f32, ChartError> {
        let inner = self.inner();
        let (anchor, ax) = self.sides.start(&inner);
        let mut top = inner.y;
        if self.options.title {
            let title = self.spec.title.get(self.lang).to_string();
            if !title.is_empty() {
                // A long title shrinks a little, then breaks into lines.
                let mut size = TITLE_SIZE;
                let mut l = self.measure(&title, size, Weight::Bold, INK)?;
                while l.width > inner.width && size > TITLE_MIN_SIZE {
                    size -= 0.5;
                    l = self.measure(&title, size, Weight::Bold, INK)?;
                }
                let b = self.block(&title, size, Weight::Bold, INK, inner.width)?;
                top = self.put_block(Role::Title, &b, anchor, ax, top) + 3.0;
            }
            let sub = self.text_of(self.spec.subtitle.as_ref());
            if !sub.is_empty() {
                let b = self.block(&sub, SUBTITLE_SIZE, Weight::Regular, MUTED, inner.width)?;
                top = self.put_block(Role::Subtitle, &b, anchor, ax, top) + 3.0;
            }
        }
        if !legend.is_empty() {
            if top > inner.y {
                top += 4.0;
            }
            top = self.legend(legend, &inner, top)? + 4.0;
        }
        Ok(top)
    }

    fn text_of(&self, text: Option<&crate::spec::Localized>) -> String {
        text.map(|t| t.get(self.lang).to_string())
            .unwrap_or_default()
    }

    fn bottom(&self) -> Result<Bottom, ChartError> {
        let inner = self.inner();
        let note = self.text_of(self.spec.source_note.as_ref());
        let note = if self.options.source_note && !note.is_empty() {
            Some(self.block(&note, NOTE_SIZE, Weight::Regular, MUTED, inner.width)?)
        } else {
            None
        };
        let xt = self.text_of(self.spec.x_title.as_ref());
        let x_title = if xt.is_empty() {
            None
        } else {
            let l = self.measure(&xt, LABEL_SIZE, Weight::Regular, MUTED)?;
            Some((xt, l))
        };
        Ok(Bottom { note, x_title })
    }

    fn bottom_layout(b: &Bottom, inner: &Rect, reserve: f32) -> (f32, f32, f32, f32) {
        let mut bottom = inner.bottom();
        let note_top = bottom - b.note.as_ref().map_or(0.0, |n| n.height);
        if b.note.is_some() {
            bottom = note_top - 6.0;
        }
        let reserve_top = bottom - reserve;
        if reserve > 0.0 {
            bottom = reserve_top - 6.0;
        }
        let xt_top = bottom
            - b.x_title
                .as_ref()
                .map_or(0.0, |(_, l)| l.ascent + l.descent);
        if b.x_title.is_some() {
            bottom = xt_top - 4.0;
        }
        (bottom, reserve_top, note_top, xt_top)
    }

    /// The y above the bottom of the frame when `reserve` points are kept
    /// free above the source note, without drawing anything.
    pub(crate) fn frame_bottom_edge(&self, reserve: f32) -> Result<f32, ChartError> {
        let b = self.bottom()?;
        Ok(Self::bottom_layout(&b, &self.inner(), reserve).0)
    }

    /// The source note at the bottom (unless the options leave it to the
    /// document), `reserve` points above it kept free, and the category
    /// axis caption above those. Returns the y above the caption and the
    /// top of the reserved space.
    pub(crate) fn frame_bottom(&mut self, reserve: f32) -> Result<(f32, f32), ChartError> {
        let inner = self.inner();
        let b = self.bottom()?;
        let (bottom, reserve_top, note_top, xt_top) = Self::bottom_layout(&b, &inner, reserve);
        if let Some(note) = &b.note {
            let (anchor, ax) = self.sides.start(&inner);
            self.put_block(Role::Note, note, anchor, ax, note_top);
        }
        if let Some((text, l)) = &b.x_title {
            let x = Anchor::Center.left_edge(l.width, inner.x + inner.width / 2.0);
            self.put(Role::AxisTitle, text, l, x, xt_top);
        }
        Ok((bottom, reserve_top))
    }

    /// Legend entries in reading order from the start side (from the right
    /// in Persian, so the order is mirrored), wrapping into rows; an entry
    /// wider than a row breaks into lines. Returns the bottom.
    pub(crate) fn legend(
        &mut self,
        entries: &[(String, Color)],
        inner: &Rect,
        top: f32,
    ) -> Result<f32, ChartError> {
        const SW: f32 = 9.0;
        const GAP: f32 = 4.0;
        const SEP: f32 = 14.0;
        let blocks = entries
            .iter()
            .map(|(t, _)| self.block(t, LABEL_SIZE, Weight::Regular, INK, inner.width - SW - GAP))
            .collect::<Result<Vec<_>, _>>()?;
        let lh = blocks
            .iter()
            .flat_map(|b| b.lines.first())
            .map(|(_, l)| l.ascent + l.descent)
            .fold(0.0f32, f32::max);
        let (anchor, _) = self.sides.start(inner);
        let mut row_top = top;
        let mut row_h = 0.0f32;
        let mut used = 0.0f32;
        for ((_, color), b) in entries.iter().zip(&blocks) {
            let ew = SW + GAP + b.width();
            if used > 0.0 && used + SEP + ew > inner.width {
                row_top += row_h + 3.0;
                row_h = 0.0;
                used = 0.0;
            }
            let offset = if used > 0.0 { used + SEP } else { 0.0 };
            let left = self.sides.left_of_entry(inner, offset, ew);
            let (sw_x, text_x) = if self.sides.rtl() {
                (left + ew - SW, left + ew - SW - GAP)
            } else {
                (left, left + SW + GAP)
            };
            let sw_top = row_top + (lh - SW) / 2.0;
            self.scene
                .borrow_mut()
                .fill(Path::rect(Rect::new(sw_x, sw_top, SW, SW)), *color);
            self.put_block(Role::Legend, b, anchor, text_x, row_top);
            row_h = row_h.max(b.height);
            used = offset + ew;
        }
        Ok(row_top + row_h)
    }

    /// The value-axis caption (y title and unit), on the start side.
    pub(crate) fn value_caption(&mut self, inner: &mut Rect) -> Result<(), ChartError> {
        let title = self.text_of(self.spec.y_title.as_ref());
        let unit = self.text_of(self.spec.unit.as_ref());
        let text = match (title.is_empty(), unit.is_empty()) {
            (false, false) => format!("{title} ({unit})"),
            (false, true) => title,
            (true, false) => unit,
            (true, true) => return Ok(()),
        };
        let b = self.block(&text, LABEL_SIZE, Weight::Regular, MUTED, inner.width)?;
        let (anchor, ax) = self.sides.start(inner);
        let bottom = self.put_block(Role::AxisTitle, &b, anchor, ax, inner.y);
        let cut = bottom + 6.0 - inner.y;
        inner.y += cut;
        inner.height = (inner.height - cut).max(20.0);
        Ok(())
    }
}
