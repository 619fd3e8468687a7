//! Layout: blocks → measured units → pages of [`Scene`]s, with cover, table
//! of contents, running header and footer, and footnotes at the foot of the
//! page of their reference. Everything mirrors for right-to-left documents:
//! positions are computed from the start edge and flipped by
//! `Frame::place`. Numbers, anchors and cross-references come from the
//! document's [`Index`], numbers are written by its formatter and the
//! words it adds are its [`Labels`](dossier_doc::Labels).

use std::borrow::Cow;

use rayon::prelude::*;

use dossier_canvas::{
    with_typesetter, Align, Color, Direction, Group, Item, LinkTarget, Paragraph, ParagraphSpec,
    Path, Point, Rect, Scene, Span, SpanStyle, Stroke, Transform, Typesetter, Weight,
};

use dossier_doc::{
    footnote_anchor, Block, Callout, ColumnAlign, Cover, Document, Figure, HeaderCell, Index,
    Inline, RichText, Table, TableStyle, Theme,
};

use crate::paginate::{paginate, paginate_with_notes, FlowMetrics, Placement};
use crate::PdfError;

/// A heading as it landed, for the table of contents and the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 1 to 3.
    pub level: u8,
    /// The heading text with its number, as printed.
    pub title: String,
    /// Named destination (an `Item::Anchor` on the page).
    pub anchor: String,
    /// Zero-based physical page index.
    pub page: usize,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<Scene>,
    pub outline: Vec<OutlineEntry>,
}

/// A measured piece of a block: items relative to the unit's top (y = 0),
/// with page x coordinates.
#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    items: Vec<Item>,
    /// The footnotes referenced in this unit, laid out, for the foot of
    /// the page it lands on.
    notes: Vec<Unit>,
}

impl Unit {
    fn new(height: f32, items: Vec<Item>) -> Unit {
        Unit {
            height,
            items,
            notes: Vec::new(),
        }
    }
}

/// Room between the text and the footnotes of a page: the separator rule
/// sits in its middle.
const NOTE_GAP: f32 = 12.0;

/// The height of the footnotes of each unit, or nothing when there are none.
fn note_heights(units: &[Unit]) -> Vec<f32> {
    if units.iter().all(|u| u.notes.is_empty()) {
        return Vec::new();
    }
    units
        .iter()
        .map(|u| u.notes.iter().map(|n| n.height).sum())
        .collect()
}

/// The footnotes met while laying out one block's text, numbered on from
/// the block's first.
struct Notes<'d> {
    /// The block, for errors.
    block: usize,
    next: u32,
    found: Vec<(u32, &'d RichText)>,
}

impl<'d> Notes<'d> {
    fn new(block: usize, first: u32) -> Notes<'d> {
        Notes {
            block,
            next: first,
            found: Vec::new(),
        }
    }
}

struct Flow {
    metrics: FlowMetrics,
    units: Vec<Unit>,
    repeat: Option<Unit>,
    heading: Option<(u8, String, String)>,
}

/// Page geometry and direction.
#[derive(Debug, Clone, Copy)]
struct Frame {
    width: f32,
    height: f32,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    rtl: bool,
}

impl Frame {
    fn content_width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Page x of a box of width `w` whose start edge is `off` from the
    /// start edge of the content area.
    fn place(&self, off: f32, w: f32) -> f32 {
        if self.rtl {
            self.x1 - off - w
        } else {
            self.x0 + off
        }
    }

    fn dir(&self) -> Direction {
        if self.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

struct Ctx<'a> {
    theme: &'a Theme,
    frame: Frame,
    doc: &'a Document,
    index: &'a Index,
}

fn style(size: f32, bold: bool, color: Color) -> SpanStyle {
    SpanStyle::new(
        size,
        if bold { Weight::Bold } else { Weight::Regular },
        color,
    )
}

fn translate(items: Vec<Item>, dx: f32, dy: f32) -> Item {
    Item::Group(Group {
        transform: Transform::translate(dx, dy),
        clip: None,
        items,
    })
}

impl Ctx<'_> {
    /// A number the layout counts with, in the document's digits.
    fn num(&self, n: usize) -> String {
        self.doc.numbers.count(n as u64)
    }

    /// Rich text as spans: cross-references become their target's words
    /// and number, linked; footnote references become raised numbers,
    /// linked to the note, and are collected in `notes`.
    fn spans<'d>(
        &self,
        rich: &'d [Inline],
        size: f32,
        color: Color,
        notes: &mut Notes<'d>,
    ) -> Result<Vec<Span>, PdfError> {
        let mut out = Vec::with_capacity(rich.len());
        for inline in rich {
            match inline {
                Inline::Text(span) => {
                    if span.text.is_empty() {
                        continue;
                    }
                    let mut s = style(size, span.bold, color);
                    if let Some(link) = &span.link {
                        s.link = Some(link.href());
                        s.color = self.theme.accent;
                    }
                    out.push(Span {
                        text: span.text.clone(),
                        style: s,
                    });
                }
                Inline::CrossRef(r) => {
                    let target = self.index.resolve(r, notes.block)?;
                    let mut s = style(size, false, self.theme.accent);
                    s.link = Some(format!("#{}", target.anchor));
                    out.push(Span {
                        text: self.doc.reference_text(target),
                        style: s,
                    });
                }
                Inline::Footnote(note) => {
                    let n = notes.next;
                    notes.next = n.saturating_add(1);
                    notes.found.push((n, &note.content));
                    let mut s = style(size * 0.72, false, self.theme.accent);
                    s.raise = size * 0.36;
                    s.link = Some(format!("#{}", footnote_anchor(n)));
                    out.push(Span {
                        text: self.num(n as usize),
                        style: s,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Footnote `n`, laid out for the foot of a page: its number on the
    /// start side, the note beside it.
    fn footnote(
        &self,
        ts: &mut Typesetter,
        n: u32,
        content: &RichText,
        block: usize,
    ) -> Result<Unit, PdfError> {
        let t = self.theme;
        let size = t.small_size;
        let indent = 14.0;
        let width = self.frame.content_width() - indent;
        // A footnote holds no footnote (the index refuses one).
        let mut inner = Notes::new(block, 0);
        let spans = self.spans(content, size, t.text, &mut inner)?;
        let p = self.paragraph(ts, spans, Align::Start, width, 1.35)?;
        let mut items = p.items_at(self.frame.place(indent, width), 0.0);
        let baseline = p.lines.first().map_or(size, |l| l.baseline);
        let (_, mark) = self.label_in(
            ts,
            &self.num(n as usize),
            &style(size, false, t.accent),
            self.frame.place(0.0, indent - 3.0),
            indent - 3.0,
            self.start_side(),
            baseline,
        )?;
        items.extend(mark);
        items.push(Item::Anchor {
            name: footnote_anchor(n),
            at: Point::new(self.frame.x0, 0.0),
        });
        Ok(Unit::new(p.height + 2.0, items))
    }

    /// Lays out the footnotes `found` and hands each to the line of `p`
    /// (one unit per line, in `lines`) that references it.
    fn attach_notes(
        &self,
        ts: &mut Typesetter,
        p: &Paragraph,
        lines: &mut [Unit],
        found: &[(u32, &RichText)],
        block: usize,
    ) -> Result<(), PdfError> {
        for (n, content) in found {
            let mark = format!("#{}", footnote_anchor(*n));
            let line = p
                .lines
                .iter()
                .position(|l| l.links.iter().any(|(_, link)| *link == mark))
                .unwrap_or(p.lines.len().saturating_sub(1));
            let note = self.footnote(ts, *n, content, block)?;
            if let Some(unit) = lines.get_mut(line) {
                unit.notes.push(note);
            }
        }
        Ok(())
    }

    fn paragraph(
        &self,
        ts: &mut Typesetter,
        spans: Vec<Span>,
        align: Align,
        width: f32,
        line_height: f32,
    ) -> Result<Paragraph, PdfError> {
        self.paragraph_in(ts, self.frame.dir(), spans, align, width, line_height)
    }

    fn paragraph_in(
        &self,
        ts: &mut Typesetter,
        direction: Direction,
        mut spans: Vec<Span>,
        align: Align,
        width: f32,
        line_height: f32,
    ) -> Result<Paragraph, PdfError> {
        if direction == Direction::Rtl {
            for s in &mut spans {
                if let Cow::Owned(t) = isolate_identifiers(&s.text) {
                    s.text = t;
                }
            }
        }
        Ok(ts.paragraph(&ParagraphSpec {
            spans,
            direction,
            align,
            width,
            line_height,
            origin: "dossier-pdf".to_string(),
        })?)
    }

    /// `text` as it is set in `direction`: see [`isolate_identifiers`].
    fn for_direction<'t>(&self, text: &'t str, direction: Direction) -> Cow<'t, str> {
        if direction == Direction::Rtl {
            isolate_identifiers(text)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Splits a paragraph into one unit per line, placed at page x `x`.
    fn line_units(&self, p: &Paragraph, x: f32) -> Vec<Unit> {
        let n = p.lines.len();
        let mut bounds = Vec::with_capacity(n + 1);
        bounds.push(0.0_f32);
        for i in 0..n.saturating_sub(1) {
            let a = &p.lines[i];
            let b = &p.lines[i + 1];
            let lo = a.baseline + a.descent;
            let hi = b.baseline - b.ascent;
            bounds.push(((lo + hi) / 2.0).max(*bounds.last().unwrap_or(&0.0)));
        }
        bounds.push(p.height.max(*bounds.last().unwrap_or(&0.0)));
        (0..n)
            .map(|i| {
                let single = Paragraph {
                    lines: vec![p.lines[i].clone()],
                    width: p.width,
                    height: p.height,
                };
                Unit::new(bounds[i + 1] - bounds[i], single.items_at(x, -bounds[i]))
            })
            .collect()
    }

    /// Advance width of a one-line label.
    fn label_width(
        &self,
        ts: &mut Typesetter,
        text: &str,
        st: &SpanStyle,
    ) -> Result<f32, PdfError> {
        let text = self.for_direction(text, self.frame.dir());
        Ok(ts.label(&text, st, self.frame.dir(), "dossier-pdf")?.width)
    }

    /// A label placed in a box `[bx, bx + bw]` (page x), aligned physically
    /// left (-1), centre (0) or right (1), on `baseline`.
    #[allow(clippy::too_many_arguments)]
    fn label_in(
        &self,
        ts: &mut Typesetter,
        text: &str,
        st: &SpanStyle,
        bx: f32,
        bw: f32,
        side: i8,
        baseline: f32,
    ) -> Result<(f32, Vec<Item>), PdfError> {
        let text = self.for_direction(text, self.frame.dir());
        let l = ts.label(&text, st, self.frame.dir(), "dossier-pdf")?;
        let x = match side {
            -1 => bx,
            0 => bx + (bw - l.width) / 2.0,
            _ => bx + bw - l.width,
        };
        Ok((l.width, l.items_at(x, baseline)))
    }

    /// Physical side of the logical start edge.
    fn start_side(&self) -> i8 {
        if self.frame.rtl {
            1
        } else {
            -1
        }
    }

    fn heading(
        &self,
        ts: &mut Typesetter,
        level: u8,
        text: &str,
        anchor: &str,
    ) -> Result<Flow, PdfError> {
        let t = self.theme;
        let lvl = level.clamp(1, 3);
        let size = t.heading_sizes[(lvl - 1) as usize];
        let color = if lvl == 1 { t.accent } else { t.text };
        let p = self.paragraph(
            ts,
            vec![Span {
                text: text.to_string(),
                style: style(size, true, color),
            }],
            Align::Start,
            self.frame.content_width(),
            1.25,
        )?;
        let mut items = p.items_at(self.frame.x0, 0.0);
        let mut height = p.height;
        if lvl == 1 {
            height += 4.0;
            let mut rule = Path::new();
            rule.move_to(self.frame.x0, height - 1.0)
                .line_to(self.frame.x1, height - 1.0);
            items.push(Item::Path {
                path: rule,
                fill: None,
                stroke: Some(Stroke::solid(t.rule, 0.8)),
            });
        }
        items.push(Item::Anchor {
            name: anchor.to_string(),
            at: Point::new(self.frame.x0, 0.0),
        });
        let space_before = [20.0, 14.0, 10.0][(lvl - 1) as usize];
        let mut metrics = FlowMetrics::atomic(height, space_before, 6.0);
        metrics.keep_with_next = true;
        Ok(Flow {
            metrics,
            units: vec![Unit::new(height, items)],
            repeat: None,
            heading: Some((lvl, text.to_string(), anchor.to_string())),
        })
    }

    fn text_flow(&self, units: Vec<Unit>, space_after: f32) -> Flow {
        Flow {
            metrics: FlowMetrics {
                heights: units.iter().map(|u| u.height).collect(),
                notes: note_heights(&units),
                space_after,
                orphans: 2,
                widows: 2,
                ..FlowMetrics::default()
            },
            units,
            repeat: None,
            heading: None,
        }
    }

    fn body_paragraph<'d>(
        &self,
        ts: &mut Typesetter,
        rich: &'d [Inline],
        notes: &mut Notes<'d>,
    ) -> Result<Flow, PdfError> {
        let t = self.theme;
        let p = self.paragraph(
            ts,
            self.spans(rich, t.body_size, t.text, notes)?,
            Align::Justify,
            self.frame.content_width(),
            t.line_height,
        )?;
        let mut lines = self.line_units(&p, self.frame.x0);
        self.attach_notes(ts, &p, &mut lines, &notes.found, notes.block)?;
        Ok(self.text_flow(lines, t.paragraph_gap))
    }

    fn list<'d>(
        &self,
        ts: &mut Typesetter,
        ordered: bool,
        items: &'d [RichText],
        notes: &mut Notes<'d>,
    ) -> Result<Flow, PdfError> {
        let t = self.theme;
        let indent = 18.0;
        let width = self.frame.content_width() - indent;
        let mut units = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let before = notes.found.len();
            let p = self.paragraph(
                ts,
                self.spans(item, t.body_size, t.text, notes)?,
                Align::Start,
                width,
                t.line_height,
            )?;
            let x = self.frame.place(indent, width);
            let mut lines = self.line_units(&p, x);
            self.attach_notes(ts, &p, &mut lines, &notes.found[before..], notes.block)?;
            if let (Some(first), Some(line)) = (lines.first_mut(), p.lines.first()) {
                let marker_box = self.frame.place(0.0, indent - 5.0);
                if ordered {
                    let st = style(t.body_size, false, t.text);
                    let text = format!("{}.", self.num(n + 1));
                    let side = -self.start_side();
                    let (_, it) = self.label_in(
                        ts,
                        &text,
                        &st,
                        marker_box,
                        indent - 5.0,
                        side,
                        line.baseline,
                    )?;
                    first.items.extend(it);
                } else {
                    let r = t.body_size * 0.16;
                    let cx = if self.frame.rtl {
                        marker_box + indent - 5.0 - r - 4.0
                    } else {
                        marker_box + r + 4.0
                    };
                    let cy = line.baseline - t.body_size * 0.3;
                    first.items.push(Item::Path {
                        path: Path::circle(Point::new(cx, cy), r),
                        fill: Some(t.accent),
                        stroke: None,
                    });
                }
            }
            if let Some(last) = lines.last_mut() {
                last.height += 3.0;
            }
            units.extend(lines);
        }
        Ok(self.text_flow(units, t.paragraph_gap))
    }

    // Columns are indexed across several parallel vectors.
    #[allow(clippy::needless_range_loop)]
    fn table(&self, ts: &mut Typesetter, tab: &Table) -> Result<Flow, PdfError> {
        let t = self.theme;
        let cols = tab.columns();
        if cols == 0 {
            return Ok(self.text_flow(Vec::new(), 0.0));
        }
        let pad = 6.0;
        let size = t.body_size * 0.92;
        let reg = style(size, false, t.text);
        let bold = style(size, true, t.text);
        let align = |c: usize| tab.align_of(c);
        let cell = |row: &[String], c: usize| row.get(c).cloned().unwrap_or_default();
        let head =
            |row: &[HeaderCell], c: usize| row.get(c).map(|h| h.text.clone()).unwrap_or_default();

        // Natural column widths.
        let mut natural = vec![0.0_f32; cols];
        let mut int_w = vec![0.0_f32; cols];
        let mut frac_w = vec![0.0_f32; cols];
        let body_rows: Vec<(&Vec<String>, bool)> = tab
            .rows
            .iter()
            .map(|r| (r, false))
            .chain(tab.total_row.iter().map(|r| (r, true)))
            .collect();
        for (row, is_total) in &body_rows {
            let st = if *is_total { &bold } else { &reg };
            for (c, nat) in natural.iter_mut().enumerate() {
                let text = cell(row, c);
                let w = self.label_width(ts, &text, st)?;
                *nat = nat.max(w);
                if align(c) == ColumnAlign::Numeric {
                    let (i, _) = split_decimal(&text);
                    let iw = self.label_width(ts, i, st)?;
                    int_w[c] = int_w[c].max(iw);
                    frac_w[c] = frac_w[c].max(w - iw);
                }
            }
        }
        for c in 0..cols {
            if align(c) == ColumnAlign::Numeric {
                natural[c] = natural[c].max(int_w[c] + frac_w[c]);
            }
            let mut hw: f32 = 0.0;
            for row in &tab.header {
                hw = hw.max(self.label_width(ts, &head(row, c), &bold)?);
            }
            natural[c] = natural[c].max(hw.min(110.0)) + 2.0 * pad;
        }
        let cw = self.frame.content_width();
        let widths = fit_columns(&natural, cw);
        let offs: Vec<f32> = widths
            .iter()
            .scan(0.0, |acc, w| {
                let o = *acc;
                *acc += w;
                Some(o)
            })
            .collect();
        let col_x = |c: usize| self.frame.place(offs[c], widths[c]);

        let row_h = size * 1.9;
        let baseline = row_h * 0.64;
        let mut units = Vec::new();

        if !tab.caption.is_empty() || tab.number.is_some() {
            let mut spans = Vec::new();
            if let Some(n) = tab.number {
                spans.push(Span {
                    text: format!("{} {}: ", self.doc.labels.table, self.num(n as usize)),
                    style: style(t.small_size + 0.5, true, t.accent),
                });
            }
            spans.push(Span {
                text: tab.caption.clone(),
                style: style(t.small_size + 0.5, true, t.text),
            });
            let p = self.paragraph(ts, spans, Align::Start, cw, 1.4)?;
            units.push(Unit::new(p.height + 4.0, p.items_at(self.frame.x0, 0.0)));
        }

        // Header rows: wrapped, bold, on one shaded band.
        let (x_left, x_right) = (self.frame.x0, self.frame.x1);
        let mut header_rows = Vec::new();
        let mut header_h: f32 = 0.0;
        for row in &tab.header {
            let mut row_height: f32 = row_h;
            let mut paras = Vec::new();
            for c in 0..cols {
                let p = self.paragraph(
                    ts,
                    vec![Span {
                        text: head(row, c),
                        style: bold.clone(),
                    }],
                    match align(c) {
                        // Header over the numbers, which sit on the physical right.
                        ColumnAlign::Numeric if self.frame.rtl => Align::Start,
                        a => column_text_align(a),
                    },
                    widths[c] - 2.0 * pad,
                    1.3,
                )?;
                row_height = row_height.max(p.height + 2.0 * pad * 0.8);
                paras.push(p);
            }
            header_rows.push((header_h, row_height, paras));
            header_h += row_height;
        }
        let mut header_items = Vec::new();
        if !header_rows.is_empty() {
            header_items.push(Item::Path {
                path: Path::rect(Rect::new(x_left, 0.0, x_right - x_left, header_h)),
                fill: Some(t.zebra),
                stroke: None,
            });
            for (top, row_height, paras) in &header_rows {
                for (c, p) in paras.iter().enumerate() {
                    let y = top + (row_height - p.height) / 2.0;
                    header_items.extend(p.items_at(col_x(c) + pad, y));
                }
            }
            header_items.push(hrule(x_left, x_right, header_h, t.text, 0.9));
        }
        let header = Unit::new(header_h, header_items);
        if !header_rows.is_empty() {
            units.push(header.clone());
        }

        let numeric_x = |c: usize, text: &str, st: &SpanStyle, ts: &mut Typesetter| {
            // Align on the decimal separator: the integer part ends at the
            // same x in every row.
            let (i, _) = split_decimal(text);
            let iw = self.label_width(ts, i, st)?;
            let col_right = col_x(c) + widths[c] - pad;
            let point_x = col_right - frac_w[c];
            Ok::<f32, PdfError>(point_x - iw)
        };

        for (r, (row, is_total)) in body_rows.iter().enumerate() {
            let st = if *is_total { &bold } else { &reg };
            // Cells are laid out first, so that a row whose text wraps grows
            // to hold it; first lines share one baseline.
            let mut cells = Vec::new();
            let mut h = row_h;
            for c in 0..cols {
                let text = cell(row, c);
                if text.is_empty() {
                    continue;
                }
                let bx = col_x(c) + pad;
                let bw = widths[c] - 2.0 * pad;
                // A cell takes the direction of its own text (a Persian
                // quote in an English table reads right to left), while the
                // column keeps the side the document's direction gives it.
                let dir = text_direction(&text).unwrap_or(self.frame.dir());
                let l = ts.label(&self.for_direction(&text, dir), st, dir, "dossier-pdf")?;
                if align(c) != ColumnAlign::Numeric && l.width > bw + 0.5 {
                    let mut a = column_text_align(align(c));
                    if dir != self.frame.dir() {
                        a = match a {
                            Align::Start => Align::End,
                            Align::End => Align::Start,
                            other => other,
                        };
                    }
                    let p = self.paragraph_in(
                        ts,
                        dir,
                        vec![Span {
                            text: text.clone(),
                            style: st.clone(),
                        }],
                        a,
                        bw,
                        1.35,
                    )?;
                    let first = p.lines.first().map_or(0.0, |l| l.baseline);
                    let top = baseline - first;
                    h = h.max(top + p.height + pad * 0.7);
                    cells.push(p.items_at(bx, top));
                    continue;
                }
                let x = match align(c) {
                    ColumnAlign::Numeric => numeric_x(c, &text, st, ts)?,
                    a => {
                        let side = match (a, self.frame.rtl) {
                            (ColumnAlign::Center, _) => 0,
                            (ColumnAlign::Start, false) | (ColumnAlign::End, true) => -1,
                            _ => 1,
                        };
                        match side {
                            -1 => bx,
                            0 => bx + (bw - l.width) / 2.0,
                            _ => bx + bw - l.width,
                        }
                    }
                };
                cells.push(l.items_at(x, baseline));
            }
            let mut items = Vec::new();
            if *is_total {
                items.push(hrule(x_left, x_right, 0.0, t.text, 0.9));
            } else if tab.style == TableStyle::Zebra && r % 2 == 1 {
                items.push(Item::Path {
                    path: Path::rect(Rect::new(x_left, 0.0, x_right - x_left, h)),
                    fill: Some(t.zebra),
                    stroke: None,
                });
            }
            items.extend(cells.into_iter().flatten());
            if tab.style == TableStyle::Ruled && !*is_total {
                items.push(hrule(x_left, x_right, h, t.rule, 0.5));
            }
            units.push(Unit::new(h, items));
        }
        if let Some(last) = units.last_mut() {
            let h = last.height;
            last.items.push(hrule(x_left, x_right, h, t.text, 0.9));
        }
        for note in tab.all_notes() {
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: note.to_string(),
                    style: style(t.small_size, false, t.muted),
                }],
                Align::Start,
                cw,
                1.4,
            )?;
            units.push(Unit::new(p.height + 2.0, p.items_at(self.frame.x0, 2.0)));
        }
        if let (Some(id), Some(first)) = (&tab.id, units.first_mut()) {
            first.items.push(Item::Anchor {
                name: id.clone(),
                at: Point::new(self.frame.x0, 0.0),
            });
        }
        let has_caption = !tab.caption.is_empty() || tab.number.is_some();
        let orphans = if has_caption { 4 } else { 3 };
        let mut flow = self.text_flow(units, 12.0);
        flow.metrics.orphans = orphans;
        flow.metrics.widows = 2;
        flow.metrics.space_before = 6.0;
        if !header_rows.is_empty() {
            flow.metrics.repeat_height = Some(header.height);
            flow.repeat = Some(header);
        }
        Ok(flow)
    }

    fn figure(&self, ts: &mut Typesetter, fig: &Figure) -> Result<Flow, PdfError> {
        let t = self.theme;
        let cw = self.frame.content_width();
        let max_h = (self.frame.bottom - self.frame.top) * 0.62;
        let sw = fig.scene.width.max(1.0);
        let sh = fig.scene.height.max(1.0);
        let scale = (cw / sw).min(max_h / sh).min(1.0);
        let (w, h) = (sw * scale, sh * scale);
        let mut items = vec![Item::Group(Group {
            transform: Transform::translate(self.frame.x0 + (cw - w) / 2.0, 0.0)
                .then(Transform::scale(scale, scale)),
            clip: Some(Path::rect(Rect::new(0.0, 0.0, sw, sh))),
            items: fig.scene.items.clone(),
        })];
        if let Some(id) = &fig.id {
            items.push(Item::Anchor {
                name: id.clone(),
                at: Point::new(self.frame.x0, 0.0),
            });
        }
        let mut y = h + 6.0;
        let mut spans = Vec::new();
        // A chart that prints its own title keeps only the figure number
        // under it, rather than the same words twice.
        let caption = fig.caption.text();
        let caption_shown = !caption.is_empty() && !scene_says(&fig.scene, &caption);
        if let Some(n) = fig.number {
            let sep = if caption_shown { ": " } else { "" };
            spans.push(Span {
                text: format!("{} {}{sep}", self.doc.labels.figure, self.num(n as usize)),
                style: style(t.small_size + 0.5, true, t.accent),
            });
        }
        if caption_shown {
            spans.push(Span {
                text: caption,
                style: style(t.small_size + 0.5, false, t.text),
            });
        }
        if !spans.is_empty() {
            let p = self.paragraph(ts, spans, Align::Start, cw, 1.4)?;
            items.extend(p.items_at(self.frame.x0, y));
            y += p.height;
        }
        if !fig.source_note.is_empty() {
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: fig.source_note.clone(),
                    style: style(t.small_size, false, t.muted),
                }],
                Align::Start,
                cw,
                1.4,
            )?;
            items.extend(p.items_at(self.frame.x0, y));
            y += p.height;
        }
        Ok(Flow {
            metrics: FlowMetrics {
                float: true,
                ..FlowMetrics::atomic(y, 8.0, 12.0)
            },
            units: vec![Unit::new(y, items)],
            repeat: None,
            heading: None,
        })
    }

    fn callout<'d>(
        &self,
        ts: &mut Typesetter,
        c: &'d Callout,
        notes: &mut Notes<'d>,
    ) -> Result<Flow, PdfError> {
        let t = self.theme;
        let pad = 12.0;
        let cw = self.frame.content_width();
        let inner = cw - 2.0 * pad;
        let mut items = Vec::new();
        let mut y = pad;
        if !c.title.is_empty() {
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: c.title.clone(),
                    style: style(t.body_size + 1.0, true, t.accent),
                }],
                Align::Start,
                inner,
                1.3,
            )?;
            items.extend(p.items_at(self.frame.x0 + pad, y));
            y += p.height + 3.0;
        }
        if !c.body.is_empty() {
            let p = self.paragraph(
                ts,
                self.spans(&c.body, t.body_size, t.text, notes)?,
                Align::Justify,
                inner,
                t.line_height,
            )?;
            items.extend(p.items_at(self.frame.x0 + pad, y));
            y += p.height + 4.0;
        }
        if !c.key_figures.is_empty() {
            let n = c.key_figures.len();
            let col = inner / n as f32;
            let vsize = t.heading_sizes[0];
            let mut max_h: f32 = 0.0;
            for (i, (value, label)) in c.key_figures.iter().enumerate() {
                let bx = self.frame.place(pad + i as f32 * col, col);
                let side = self.start_side();
                let (_, it) = self.label_in(
                    ts,
                    value,
                    &style(vsize, true, t.accent),
                    bx,
                    col - 6.0,
                    side,
                    y + vsize,
                )?;
                items.extend(it);
                let p = self.paragraph(
                    ts,
                    vec![Span {
                        text: label.clone(),
                        style: style(t.small_size, false, t.muted),
                    }],
                    Align::Start,
                    col - 6.0,
                    1.3,
                )?;
                let lx = if self.frame.rtl { bx + 6.0 } else { bx };
                items.extend(p.items_at(lx, y + vsize + 5.0));
                max_h = max_h.max(vsize + 5.0 + p.height);
            }
            y += max_h + 2.0;
        }
        y += pad;
        let mut bg = vec![Item::Path {
            path: Path::rect(Rect::new(self.frame.x0, 0.0, cw, y)),
            fill: Some(t.callout_fill),
            stroke: None,
        }];
        let bar_x = if self.frame.rtl {
            self.frame.x1 - 3.0
        } else {
            self.frame.x0
        };
        bg.push(Item::Path {
            path: Path::rect(Rect::new(bar_x, 0.0, 3.0, y)),
            fill: Some(t.accent),
            stroke: None,
        });
        bg.extend(items);
        let mut unit = Unit::new(y, bg);
        for (n, content) in &notes.found {
            unit.notes
                .push(self.footnote(ts, *n, content, notes.block)?);
        }
        let units = vec![unit];
        Ok(Flow {
            metrics: FlowMetrics {
                notes: note_heights(&units),
                ..FlowMetrics::atomic(y, 8.0, 12.0)
            },
            units,
            repeat: None,
            heading: None,
        })
    }

    fn cover(&self, ts: &mut Typesetter, cover: &Cover) -> Result<Scene, PdfError> {
        let t = self.theme;
        let f = self.frame;
        let mut s = Scene::new(f.width, f.height);
        s.fill(Path::rect(Rect::new(0.0, 0.0, f.width, 14.0)), t.accent);
        let cw = f.content_width();
        let mut y = f.height * 0.28;
        let p = self.paragraph(
            ts,
            vec![Span {
                text: cover.title.clone(),
                style: style(t.title_size, true, t.accent),
            }],
            Align::Start,
            cw,
            1.25,
        )?;
        s.items.extend(p.items_at(f.x0, y));
        y += p.height + 10.0;
        if !cover.subtitle.is_empty() {
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: cover.subtitle.clone(),
                    style: style(t.heading_sizes[1], false, t.text),
                }],
                Align::Start,
                cw,
                1.35,
            )?;
            s.items.extend(p.items_at(f.x0, y));
            y += p.height + 8.0;
        }
        if !cover.date.is_empty() {
            let st = style(t.body_size, false, t.muted);
            let (_, it) =
                self.label_in(ts, &cover.date, &st, f.x0, cw, self.start_side(), y + 12.0)?;
            s.items.extend(it);
            y += 24.0;
        }
        s.stroke(
            Path::line(Point::new(f.x0, y), Point::new(f.x1, y)),
            Stroke::solid(t.rule, 0.8),
        );
        y += 26.0;
        let n = cover.key_figures.len().max(1);
        let gap = 10.0;
        let bw = (cw - gap * (n as f32 - 1.0)) / n as f32;
        let bh = 78.0;
        for (i, (value, label)) in cover.key_figures.iter().enumerate() {
            let bx = f.place(i as f32 * (bw + gap), bw);
            s.fill(Path::rect(Rect::new(bx, y, bw, bh)), t.callout_fill);
            let (_, it) = self.label_in(
                ts,
                value,
                &style(t.heading_sizes[0] + 3.0, true, t.accent),
                bx + 10.0,
                bw - 20.0,
                self.start_side(),
                y + 34.0,
            )?;
            s.items.extend(it);
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: label.clone(),
                    style: style(t.small_size, false, t.text),
                }],
                Align::Start,
                bw - 20.0,
                1.3,
            )?;
            s.items.extend(p.items_at(bx + 10.0, y + 44.0));
        }
        Ok(s)
    }

    /// Header and footer of a numbered page.
    fn furniture(
        &self,
        ts: &mut Typesetter,
        scene: &mut Scene,
        title: &str,
        page: usize,
        pages: usize,
    ) -> Result<(), PdfError> {
        let t = self.theme;
        let f = self.frame;
        let st = style(t.small_size, false, t.muted);
        let hy = f.top - 22.0;
        if !title.is_empty() {
            let (_, it) = self.label_in(
                ts,
                title,
                &st,
                f.x0,
                f.content_width(),
                self.start_side(),
                hy,
            )?;
            scene.items.extend(it);
        }
        scene.stroke(
            Path::line(Point::new(f.x0, hy + 6.0), Point::new(f.x1, hy + 6.0)),
            Stroke::solid(t.rule, 0.5),
        );
        let text = self.doc.labels.page_of(&self.num(page), &self.num(pages));
        let fy = f.bottom + 32.0;
        let (_, it) = self.label_in(ts, &text, &st, f.x0, f.content_width(), 0, fy)?;
        scene.items.extend(it);
        Ok(())
    }

    /// Table-of-contents rows; `pages` gives each entry's printed page
    /// number (placeholders in the measuring pass).
    fn toc_flows(
        &self,
        ts: &mut Typesetter,
        entries: &[OutlineEntry],
        pages: &[usize],
    ) -> Result<Vec<Flow>, PdfError> {
        let t = self.theme;
        let f = self.frame;
        let cw = f.content_width();
        let mut flows = Vec::new();
        let title = self.heading(ts, 1, &self.doc.labels.contents, "contents")?;
        let mut title = title;
        title.heading = None;
        flows.push(title);
        let num_w = 36.0;
        for (e, page) in entries.iter().zip(pages) {
            let indent = if e.level >= 2 { 16.0 } else { 0.0 };
            let bold = e.level == 1;
            let st = style(t.body_size, bold, t.text);
            let tw = cw - indent - num_w;
            let p = self.paragraph(
                ts,
                vec![Span {
                    text: e.title.clone(),
                    style: st.clone(),
                }],
                Align::Start,
                tw,
                1.45,
            )?;
            let tx = f.place(indent, tw);
            let mut items = p.items_at(tx, 0.0);
            let last = p.lines.last().map(|l| l.baseline).unwrap_or(t.body_size);
            let nb = f.place(cw - num_w, num_w);
            let (_, it) = self.label_in(
                ts,
                &self.num(*page),
                &st,
                nb,
                num_w,
                -self.start_side(),
                last,
            )?;
            items.extend(it);
            // Dotted leader between the title's end and the number.
            let line_w = p.lines.last().map(|l| l.width).unwrap_or(0.0);
            let (la, lb) = if f.rtl {
                (nb + num_w + 4.0, tx + tw - line_w - 6.0)
            } else {
                (tx + line_w + 6.0, nb - 4.0)
            };
            if lb > la + 8.0 {
                items.push(Item::Path {
                    path: Path::line(Point::new(la, last), Point::new(lb, last)),
                    fill: None,
                    stroke: Some(Stroke {
                        color: t.rule,
                        width: 0.8,
                        dash: vec![0.8, 2.4],
                    }),
                });
            }
            let height = p.height + 2.0;
            items.push(Item::Link {
                rect: Rect::new(f.x0, 0.0, cw, height),
                target: LinkTarget::Anchor(e.anchor.clone()),
            });
            let mut m = FlowMetrics::atomic(height, if e.level == 1 { 4.0 } else { 0.0 }, 0.0);
            m.keep_with_next = false;
            flows.push(Flow {
                metrics: m,
                units: vec![Unit::new(height, items)],
                repeat: None,
                heading: None,
            });
        }
        Ok(flows)
    }

    /// Lays out every block. Heading numbers and anchors and the first
    /// footnote number of each block come from the index, so each block is
    /// laid out on its own: the blocks are spread over the cores, each
    /// thread with its own typesetter. The result is in document order
    /// and does not depend on which thread laid out what.
    fn blocks(&self, doc: &Document) -> Result<Vec<Flow>, PdfError> {
        let jobs: Vec<Job> = doc
            .blocks
            .iter()
            .enumerate()
            .map(|(i, block)| {
                let Block::Heading(h) = block else {
                    return Job::Block(i, block);
                };
                let (parts, anchor) = match self.index.heading(i) {
                    Some(n) => (n.parts.as_slice(), n.anchor.clone()),
                    // The index numbers every heading of the document.
                    None => (&[][..], h.id.clone().unwrap_or_default()),
                };
                let title = if h.numbered {
                    format!("{}  {}", self.doc.numbers.section(parts), h.text)
                } else {
                    h.text.clone()
                };
                Job::Heading {
                    level: h.level(),
                    title,
                    anchor,
                }
            })
            .collect();
        jobs.par_iter()
            .map(|job| with_typesetter(|ts| self.block(ts, job)))
            .collect()
    }

    fn block(&self, ts: &mut Typesetter, job: &Job) -> Result<Flow, PdfError> {
        let (i, block) = match job {
            Job::Heading {
                level,
                title,
                anchor,
            } => return self.heading(ts, *level, title, anchor),
            Job::Block(i, block) => (*i, *block),
        };
        let mut notes = Notes::new(i, self.index.first_footnote(i));
        Ok(match block {
            Block::Heading(h) => {
                self.heading(ts, h.level(), &h.text, h.id.as_deref().unwrap_or(""))?
            }
            Block::Paragraph(rich) => self.body_paragraph(ts, rich, &mut notes)?,
            Block::List(list) => self.list(ts, list.ordered, &list.items, &mut notes)?,
            Block::Table(tab) => self.table(ts, tab)?,
            Block::Figure(fig) => self.figure(ts, fig)?,
            Block::Callout(c) => self.callout(ts, c, &mut notes)?,
            Block::PageBreak => Flow {
                metrics: FlowMetrics {
                    break_before: true,
                    ..FlowMetrics::default()
                },
                units: Vec::new(),
                repeat: None,
                heading: None,
            },
        })
    }
}

/// A block ready to lay out on any thread: headings come with their number
/// and anchor settled, other blocks with their index in the document.
enum Job<'a> {
    Heading {
        level: u8,
        title: String,
        anchor: String,
    },
    Block(usize, &'a Block),
}

/// Words of a caption, without the punctuation that joins its parts.
fn caption_words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '—' | '–' | ':' | '،' | ',' | '.')))
        .filter(|w| !w.is_empty())
}

/// True when every word of `caption` is already printed in `scene`.
fn scene_says(scene: &Scene, caption: &str) -> bool {
    fn collect(items: &[Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                Item::Glyphs(run) => out.push(run.text().to_string()),
                Item::Group(g) => collect(&g.items, out),
                _ => {}
            }
        }
    }
    let mut texts = Vec::new();
    collect(&scene.items, &mut texts);
    let printed: std::collections::HashSet<&str> =
        texts.iter().flat_map(|t| caption_words(t)).collect();
    let mut words = caption_words(caption).peekable();
    words.peek().is_some() && words.all(|w| printed.contains(w))
}

/// Column widths that fill `total`: when the natural widths fit, they grow
/// in proportion; when they don't, narrow columns keep their natural width
/// and the wide ones share what is left (their text then wraps).
fn fit_columns(natural: &[f32], total: f32) -> Vec<f32> {
    let sum: f32 = natural.iter().sum();
    if sum <= total || natural.is_empty() {
        let scale = if sum > 0.0 { total / sum } else { 1.0 };
        return natural.iter().map(|w| w * scale).collect();
    }
    let mut fixed = vec![false; natural.len()];
    loop {
        let used: f32 = natural
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| **f)
            .map(|(w, _)| w)
            .sum();
        let flex: Vec<usize> = (0..natural.len()).filter(|&c| !fixed[c]).collect();
        if flex.is_empty() {
            return natural.to_vec();
        }
        let share = (total - used).max(0.0) / flex.len() as f32;
        let newly: Vec<usize> = flex
            .iter()
            .copied()
            .filter(|&c| natural[c] <= share)
            .collect();
        if newly.is_empty() {
            let flex_sum: f32 = flex.iter().map(|&c| natural[c]).sum();
            let left = (total - used).max(0.0);
            return (0..natural.len())
                .map(|c| {
                    if fixed[c] {
                        natural[c]
                    } else {
                        // Between an equal share and a share in proportion
                        // to the text, so no wide column starves another.
                        0.5 * share + 0.5 * left * natural[c] / flex_sum
                    }
                })
                .collect();
        }
        for c in newly {
            fixed[c] = true;
        }
    }
}

/// The direction of most of the letters in `text`: right to left when
/// Arabic-script and Hebrew letters outnumber the others, left to right
/// otherwise; `None` when there is no letter. A cell's first letter is not
/// enough: an English note often opens with the Persian word it discusses.
fn text_direction(text: &str) -> Option<Direction> {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if matches!(c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x1EE00..=0x1EEFF)
        {
            rtl += 1;
        } else {
            ltr += 1;
        }
    }
    match (rtl, ltr) {
        (0, 0) => None,
        (r, l) if r > l => Some(Direction::Rtl),
        _ => Some(Direction::Ltr),
    }
}

fn column_text_align(a: ColumnAlign) -> Align {
    match a {
        ColumnAlign::Start => Align::Start,
        ColumnAlign::Center => Align::Center,
        ColumnAlign::End | ColumnAlign::Numeric => Align::End,
    }
}

fn hrule(x0: f32, x1: f32, y: f32, color: Color, width: f32) -> Item {
    Item::Path {
        path: Path::line(Point::new(x0, y), Point::new(x1, y)),
        fill: None,
        stroke: Some(Stroke::solid(color, width)),
    }
}

/// Splits a formatted number at its decimal separator (`.` or `٫`):
/// (integer part, separator and fraction).
fn split_decimal(s: &str) -> (&str, &str) {
    match s.find(['.', '٫']) {
        Some(i) => s.split_at(i),
        None => {
            // No separator: the integer part is everything up to the last digit.
            let end = s
                .char_indices()
                .filter(|(_, c)| c.is_numeric())
                .map(|(i, c)| i + c.len_utf8())
                .next_back()
                .unwrap_or(s.len());
            s.split_at(end)
        }
    }
}

/// Draws placed flows onto `pages` (one scene per page index, offset by `first_page`).
/// The footnotes of a page go at its foot, under a short rule.
fn draw(
    frame: &Frame,
    theme: &Theme,
    flows: &[Flow],
    placements: &[Placement],
    pages: &mut [Scene],
    outline: &mut Vec<OutlineEntry>,
    first_page: usize,
) {
    let mut notes: Vec<(usize, &Unit)> = Vec::new();
    for pl in placements {
        let flow = &flows[pl.flow];
        let scene = &mut pages[first_page + pl.page];
        let mut y = frame.top + pl.y;
        if pl.repeat {
            if let Some(r) = &flow.repeat {
                scene.items.push(translate(r.items.clone(), 0.0, y));
                y += r.height;
            }
        }
        for u in &flow.units[pl.units.clone()] {
            scene.items.push(translate(u.items.clone(), 0.0, y));
            y += u.height;
            notes.extend(u.notes.iter().map(|n| (first_page + pl.page, n)));
        }
        if pl.units.start == 0 {
            if let Some((level, title, anchor)) = &flow.heading {
                outline.push(OutlineEntry {
                    level: *level,
                    title: title.clone(),
                    anchor: anchor.clone(),
                    page: first_page + pl.page,
                });
            }
        }
    }
    for page in notes.chunk_by(|a, b| a.0 == b.0) {
        let scene = &mut pages[page[0].0];
        let height: f32 = page.iter().map(|(_, n)| n.height).sum();
        let mut y = frame.bottom - height;
        let rule_w = 72.0_f32.min(frame.content_width());
        let x = frame.place(0.0, rule_w);
        let rule_y = y - NOTE_GAP / 2.0;
        scene
            .items
            .push(hrule(x, x + rule_w, rule_y, theme.rule, 0.6));
        for (_, note) in page {
            scene.items.push(translate(note.items.clone(), 0.0, y));
            y += note.height;
        }
    }
}

/// Lays out `doc` into pages.
pub fn layout(doc: &Document, theme: &Theme) -> Result<Layout, PdfError> {
    let (width, height) = theme.page.points();
    let frame = Frame {
        width,
        height,
        x0: theme.margin_left,
        x1: width - theme.margin_right,
        top: theme.margin_top,
        bottom: height - theme.margin_bottom,
        rtl: doc.direction == Direction::Rtl,
    };
    let index = doc.index()?;
    let ctx = Ctx {
        theme,
        frame,
        doc,
        index: &index,
    };
    let avail = frame.bottom - frame.top;
    // Body first, on pages numbered from zero. (The blocks are laid out
    // before this thread's typesetter is borrowed below, since a rayon
    // worker waiting for them may lay out one of them itself.)
    let flows = ctx.blocks(doc)?;
    with_typesetter(|ts| {
        let metrics: Vec<FlowMetrics> = flows.iter().map(|f| f.metrics.clone()).collect();
        let (placements, body_pages) = paginate_with_notes(&metrics, avail, NOTE_GAP);
        let mut body = vec![Scene::new(width, height); body_pages];
        let mut outline = Vec::new();
        draw(
            &frame,
            theme,
            &flows,
            &placements,
            &mut body,
            &mut outline,
            0,
        );

        let cover_pages = usize::from(doc.cover.is_some());
        let toc_entries: Vec<OutlineEntry> =
            outline.iter().filter(|e| e.level <= 2).cloned().collect();
        let with_toc = doc.toc && !toc_entries.is_empty();
        // Measuring pass: the table of contents with placeholder numbers
        // tells how many pages it takes (entry heights do not depend on the
        // numbers).
        let toc_pages = if with_toc {
            let placeholder = vec![0; toc_entries.len()];
            let toc = ctx.toc_flows(ts, &toc_entries, &placeholder)?;
            let m: Vec<FlowMetrics> = toc.iter().map(|f| f.metrics.clone()).collect();
            paginate(&m, avail).1
        } else {
            0
        };
        let shift = cover_pages + toc_pages;
        for e in &mut outline {
            e.page += shift;
        }
        let total = shift + body_pages;
        let mut pages = Vec::with_capacity(total);
        if let Some(cover) = &doc.cover {
            pages.push(ctx.cover(ts, cover)?);
        }
        if with_toc {
            let numbers: Vec<usize> = toc_entries.iter().map(|e| e.page + shift + 1).collect();
            let toc = ctx.toc_flows(ts, &toc_entries, &numbers)?;
            let m: Vec<FlowMetrics> = toc.iter().map(|f| f.metrics.clone()).collect();
            let (pl, n) = paginate(&m, avail);
            debug_assert_eq!(n, toc_pages);
            let mut toc_scenes = vec![Scene::new(width, height); n.max(toc_pages)];
            let mut none = Vec::new();
            draw(&frame, theme, &toc, &pl, &mut toc_scenes, &mut none, 0);
            pages.extend(toc_scenes.into_iter().take(toc_pages));
        }
        pages.extend(body);
        for (i, page) in pages.iter_mut().enumerate().skip(cover_pages) {
            ctx.furniture(ts, page, &doc.metadata.title, i + 1, total)?;
        }
        Ok(Layout { pages, outline })
    })
}

/// Latin identifiers inside right-to-left text (`dossier-core`,
/// `000_be3af3bae581de8e`, `data/sources`): runs of ASCII letters and
/// digits joined by `_ - . / : @ + #`, holding at least one letter and one
/// joiner. The bidi algorithm would otherwise split them at their
/// punctuation (showing `be3af3bae581de8e_000`, or a hyphen on the wrong
/// side of a line break), so each is wrapped in a left-to-right isolate
/// (U+2066 … U+2069), which keeps its parts in order, also when a line
/// breaks at its hyphen, and leaves no trace in extracted text. Plain words
/// and numbers are left alone.
pub fn isolate_identifiers(text: &str) -> Cow<'_, str> {
    fn word(c: char) -> bool {
        c.is_ascii_alphanumeric()
    }
    fn joiner(c: char) -> bool {
        matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '+' | '#')
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !word(chars[i].1) {
            i += 1;
            continue;
        }
        // A run: words joined by single joiners, ending on a word character.
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < chars.len() {
            if word(chars[j].1) {
                end = j + 1;
                j += 1;
            } else if joiner(chars[j].1) && chars.get(j + 1).is_some_and(|c| word(c.1)) {
                j += 1;
            } else {
                break;
            }
        }
        let run = &chars[start..end];
        let has_letter = run.iter().any(|c| c.1.is_ascii_alphabetic());
        let has_joiner = run.iter().any(|c| joiner(c.1));
        if has_letter && has_joiner {
            runs.push((start, end));
        }
        i = end.max(i + 1);
    }
    if runs.is_empty() {
        return Cow::Borrowed(text);
    }
    let byte = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let mut out = String::with_capacity(text.len() + runs.len() * 8);
    let mut last = 0;
    for (start, end) in runs {
        out.push_str(&text[last..byte(start)]);
        out.push('\u{2066}');
        // A word joiner after a hyphen or slash: the line breaker would
        // otherwise break there, leaving half the name on each line.
        for c in text[byte(start)..byte(end)].chars() {
            out.push(c);
            if matches!(c, '-' | '/') {
                out.push('\u{2060}');
            }
        }
        out.push('\u{2069}');
        last = byte(end);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn identifiers_in_persian_are_isolated() {
        assert_eq!(
            isolate_identifiers("در dossier-core (ادعای export_share_note)."),
            "در \u{2066}dossier-\u{2060}core\u{2069} (ادعای \u{2066}export_share_note\u{2069})."
        );
        assert_eq!(
            isolate_identifiers("سند 000_be3af3bae581de8e (در data/sources)"),
            "سند \u{2066}000_be3af3bae581de8e\u{2069} (در \u{2066}data/\u{2060}sources\u{2069})"
        );
        // Words, numbers, decimals and sentence ends stay as they are.
        for plain in ["Trade 1995", "۱۴٫۴٪", "3.5", "U.S", "end.", "-5", "a - b"] {
            let out = isolate_identifiers(plain);
            if plain == "U.S" {
                assert_eq!(out, "\u{2066}U.S\u{2069}");
            } else {
                assert_eq!(out, plain, "{plain}");
            }
        }
    }

    use super::*;

    fn titled_chart(title: &str) -> Scene {
        let mut s = Scene::new(300.0, 200.0);
        with_typesetter(|ts| {
            let st = SpanStyle::new(10.0, Weight::Bold, Color::rgb(0, 0, 0));
            let l = ts.label(title, &st, Direction::Ltr, "test").unwrap();
            s.items.extend(l.items_at(10.0, 20.0));
        });
        s
    }

    #[test]
    fn cell_direction_follows_most_of_its_letters() {
        assert_eq!(
            text_direction("«پس از انقلاب ۱۹۶۱ در آن کشور»"),
            Some(Direction::Rtl)
        );
        assert_eq!(
            text_direction("1961 national revolution"),
            Some(Direction::Ltr)
        );
        assert_eq!(
            text_direction("'مستعمر' makes no sense in context"),
            Some(Direction::Ltr)
        );
        assert_eq!(text_direction("انقلاب Nation کشور"), Some(Direction::Rtl));
        assert_eq!(text_direction("۱۲٫۵٪"), None);
    }

    #[test]
    fn caption_that_repeats_the_chart_title_is_recognised() {
        let chart = titled_chart("Trade with the neighbouring country");
        assert!(scene_says(&chart, "Trade with the neighbouring country"));
        assert!(!scene_says(&chart, "Annual trade value"));
        assert!(!scene_says(&chart, ""));
    }
}
