//! The frame of a chart: title, subtitle and legend at the top, axis
//! caption and source note at the bottom, and the value-axis caption.

use dossier_canvas::{Color, Path, Rect, Weight};

use crate::context::{
    Anchor, Ctx, Role, INK, LABEL_SIZE, MUTED, NOTE_SIZE, PAD, SUBTITLE_SIZE, TITLE_SIZE,
};
use crate::data::ChartError;

impl Ctx<'_> {
    /// Title, subtitle and legend at the top, axis caption and source note
    /// at the bottom; returns what is left for the plot and its labels.
    pub(crate) fn frame(&mut self, legend: &[(String, Color)]) -> Result<Rect, ChartError> {
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
    pub(crate) fn legend(
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
    pub(crate) fn value_caption(&mut self, inner: &mut Rect) -> Result<(), ChartError> {
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
