//! The key of a timeline's numbered events. An event whose label finds no
//! place beside its marker is not left out: its marker becomes a badge with
//! a number, and the key below the axis gives the same badge followed by
//! the label. Entries follow one another in reading order from the start
//! side and wrap into rows. When the key would take too much of the chart,
//! or there are too many events to label at all, its last line says how
//! many events are not labelled.

use dossier_canvas::{Label, Path, Point, Rect, Weight};
use dossier_lang::{Args, Message};
use std::sync::Arc;

use crate::context::{Ctx, Role, INK, VALUE_SIZE};
use crate::data::ChartError;
use crate::fmt;
use crate::frame::Block;
use crate::sides::Anchor;

/// Size of the numbers on badges.
const NUMBER_SIZE: f32 = 9.0;
/// Smallest radius of a badge.
const BADGE_RADIUS: f32 = 6.5;
/// Space between a badge and its text, and between entries.
const GAP: f32 = 4.0;
const SEP: f32 = 14.0;
/// Space between rows of the key.
const ROW_GAP: f32 = 3.0;

/// A numbered marker: the number's label and the circle's radius.
pub(crate) struct Badge {
    pub(crate) number: String,
    pub(crate) label: Arc<Label>,
    pub(crate) radius: f32,
}

impl Badge {
    /// Half the badge's height: the circle's radius, or half the number's
    /// box where that is taller.
    pub(crate) fn half(&self) -> f32 {
        self.radius
            .max((self.label.ascent + self.label.descent) / 2.0)
    }
}

/// One entry of the key: a badge and the events' label.
struct Entry {
    badge: Badge,
    text: Block,
}

impl Entry {
    fn width(&self) -> f32 {
        2.0 * self.badge.radius + GAP + self.text.width()
    }

    /// Height of the first line, which the badge is centred on.
    fn first_line(&self) -> f32 {
        self.text
            .lines
            .first()
            .map_or(0.0, |(_, l)| l.ascent + l.descent)
    }

    fn height(&self) -> f32 {
        let h = self.badge.half();
        (2.0 * h).max(h - self.first_line() / 2.0 + self.text.height)
    }
}

/// The key, laid out: the entries it lists, in rows, and the line saying
/// how many events it leaves out.
pub(crate) struct Key {
    entries: Vec<Entry>,
    /// For each row, its entries (indices) with their offset from the start
    /// edge, and the row's height.
    rows: Vec<(Vec<(usize, f32)>, f32)>,
    overflow: Option<Block>,
    width: f32,
    /// Height of the whole key, 0 when it is empty.
    pub(crate) height: f32,
}

impl Key {
    /// How many of the numbered entries it lists; the first ones are.
    pub(crate) fn listed(&self) -> usize {
        self.entries.len()
    }
}

impl Ctx<'_> {
    /// The badge of number `n`, in the chart's digits.
    pub(crate) fn badge(&self, n: usize) -> Result<Badge, ChartError> {
        let number = fmt::number(n as f64, 0, self.lang);
        let label = self.measure(
            &number,
            NUMBER_SIZE,
            Weight::Bold,
            dossier_canvas::Color::WHITE,
        )?;
        let radius = BADGE_RADIUS.max(label.width / 2.0 + 2.5);
        Ok(Badge {
            number,
            label,
            radius,
        })
    }

    /// Draws `badge` centred at (`cx`, `cy`).
    pub(crate) fn put_badge(&mut self, badge: &Badge, cx: f32, cy: f32) {
        self.scene
            .borrow_mut()
            .fill(Path::circle(Point::new(cx, cy), badge.radius), INK);
        let l = &badge.label;
        self.put(
            Role::EventNumber,
            &badge.number,
            l,
            cx - l.width / 2.0,
            cy - (l.ascent + l.descent) / 2.0,
        );
    }

    /// The line saying that `n` events are not labelled, `more` when the
    /// key lists others before it.
    fn not_labelled(&self, n: usize, more: bool) -> String {
        let message = if more {
            Message::ChartMoreEventsNotLabelled
        } else {
            Message::ChartEventsNotLabelled
        };
        self.lang
            .language()
            .message(message, &Args::new().number("count", n as u64))
            .unwrap_or_default()
    }

    /// Lays out the key of the numbered events: `texts[i]` is the label of
    /// number `i + 1`, `weights[i]` how many events it stands for, and
    /// `unlisted` how many events have no number at all. The key is `width`
    /// wide and lists as many entries as fit in `max_h`.
    pub(crate) fn key_layout(
        &self,
        texts: &[String],
        weights: &[usize],
        unlisted: usize,
        width: f32,
        max_h: f32,
    ) -> Result<Key, ChartError> {
        let mut entries = Vec::with_capacity(texts.len());
        for (i, text) in texts.iter().enumerate() {
            let badge = self.badge(i + 1)?;
            let room = (width - 2.0 * badge.radius - GAP).max(40.0);
            let text = self.block(text, VALUE_SIZE, Weight::Regular, INK, room)?;
            entries.push(Entry { badge, text });
        }
        loop {
            let left_out = unlisted + weights[entries.len()..].iter().sum::<usize>();
            let key = self.flow(entries, left_out, width)?;
            if key.height <= max_h || key.entries.is_empty() {
                return Ok(key);
            }
            entries = key.entries;
            entries.pop();
        }
    }

    /// Rows of `entries` from the start edge, and the line for `left_out`
    /// events.
    fn flow(&self, entries: Vec<Entry>, left_out: usize, width: f32) -> Result<Key, ChartError> {
        let mut rows: Vec<(Vec<(usize, f32)>, f32)> = Vec::new();
        let mut used = 0.0f32;
        for (i, e) in entries.iter().enumerate() {
            let ew = e.width();
            let new_row = rows.is_empty() || used + SEP + ew > width;
            if new_row {
                rows.push((Vec::new(), 0.0));
                used = 0.0;
            }
            let offset = if new_row { 0.0 } else { used + SEP };
            if let Some((row, h)) = rows.last_mut() {
                row.push((i, offset));
                *h = h.max(e.height());
            }
            used = offset + ew;
        }
        let overflow = if left_out > 0 {
            let text = self.not_labelled(left_out, !entries.is_empty());
            Some(self.block(&text, VALUE_SIZE, Weight::Regular, INK, width)?)
        } else {
            None
        };
        let parts = rows.len() + usize::from(overflow.is_some());
        let height = rows.iter().map(|(_, h)| h).sum::<f32>()
            + overflow.as_ref().map_or(0.0, |b| b.height)
            + ROW_GAP * parts.saturating_sub(1) as f32;
        Ok(Key {
            entries,
            rows,
            overflow,
            width,
            height,
        })
    }

    /// Draws `key` with its top at `top`, across the chart's inner width.
    pub(crate) fn put_key(&mut self, key: &Key, x: f32, top: f32) {
        let area = Rect::new(x, top, key.width, key.height);
        let (anchor, ax) = self.sides.start(&area);
        let mut y = top;
        for (row, h) in &key.rows {
            for (i, offset) in row {
                let e = &key.entries[*i];
                let ew = e.width();
                let left = self.sides.left_of_entry(&area, *offset, ew);
                let r = e.badge.radius;
                let (cx, text_x, text_anchor) = if self.rtl() {
                    (left + ew - r, left + ew - 2.0 * r - GAP, Anchor::Right)
                } else {
                    (left + r, left + 2.0 * r + GAP, Anchor::Left)
                };
                let h = e.badge.half();
                self.put_badge(&e.badge, cx, y + h);
                let text_top = y + h - e.first_line() / 2.0;
                self.put_block(Role::EventKey, &e.text, text_anchor, text_x, text_top);
            }
            y += h + ROW_GAP;
        }
        if let Some(b) = &key.overflow {
            self.put_block(Role::EventKey, b, anchor, ax, y);
        }
    }
}
