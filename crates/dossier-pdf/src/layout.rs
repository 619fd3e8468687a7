//! Layout: blocks → measured units → pages of [`Scene`]s, with cover, table
//! of contents, running header and footer, and footnotes at the foot of the
//! page of their reference. Everything mirrors for right-to-left documents:
//! positions are computed from the start edge and flipped by
//! `Frame::place`. Numbers, anchors and cross-references come from the
//! document's [`Index`], numbers are written by its formatter and the
//! words it adds are its [`Labels`](dossier_doc::Labels).

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use dossier_canvas::{
    with_typesetter, Align, Color, Direction, Group, Item, LinkTarget, Paragraph, ParagraphSpec,
    Path, Point, Rect, Scene, Span, SpanStyle, Stroke, Transform, Typesetter, Weight,
};

use dossier_doc::{
    footnote_anchor, Block, Callout, ColumnAlign, Cover, Document, Figure, HeaderCell, Index,
    Inline, RichText, Scope, Table, TableStyle, Theme,
};

use crate::marked_text::{Marked, TextMarks};
use crate::paginate::{paginate_with_notes, FlowMetrics, Placement};
use crate::tags::{Artifact, Graft, Mark, Role, Structure};
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
    /// The logical structure, for tagged PDF.
    pub structure: Structure,
    /// Per page, the mark of each of its items (`pages[i].items`).
    pub marks: Vec<Vec<Mark>>,
}

/// A measured piece of a block: items relative to the unit's top (y = 0),
/// with page x coordinates.
#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    items: Vec<Item>,
    /// What each item is in the structure, one mark per item.
    marks: Vec<Mark>,
    /// The footnotes referenced in this unit, laid out, for the foot of
    /// the page it lands on.
    notes: Vec<Unit>,
}

impl Unit {
    fn new(height: f32, marked: Marked) -> Unit {
        Unit {
            height,
            items: marked.items,
            marks: marked.marks,
            notes: Vec::new(),
        }
    }

    fn push(&mut self, item: Item, mark: Mark) {
        self.items.push(item);
        self.marks.push(mark);
    }

    /// Puts `marked` before the unit's items.
    fn prepend(&mut self, marked: Marked) {
        let mut m = marked;
        m.extend(Marked {
            items: std::mem::take(&mut self.items),
            marks: std::mem::take(&mut self.marks),
        });
        self.items = m.items;
        self.marks = m.marks;
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
    /// The block's elements; the marks of `units` (and their notes) number
    /// its nodes.
    tree: Structure,
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
    /// How text is marked in the structure.
    fn text(&self) -> TextMarks<'_> {
        TextMarks {
            scripts: &self.doc.scripts,
        }
    }

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
                    // A span marked in another language is tagged so.
                    s.lang = span
                        .lang
                        .as_ref()
                        .filter(|l| **l != self.doc.lang)
                        .map(|l| l.to_string());
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
    /// The note is a `Note` element under `parent`.
    #[allow(clippy::too_many_arguments)]
    fn footnote(
        &self,
        ts: &mut Typesetter,
        n: u32,
        content: &RichText,
        block: usize,
        tree: &mut Structure,
        parent: usize,
    ) -> Result<Unit, PdfError> {
        let t = self.theme;
        let size = t.small_size;
        let indent = 14.0;
        let width = self.frame.content_width() - indent;
        // A footnote holds no footnote (the index refuses one).
        let mut inner = Notes::new(block, 0);
        let spans = self.spans(content, size, t.text, &mut inner)?;
        let p = self.paragraph(ts, spans, Align::Start, width, 1.35)?;
        let note = tree.add(parent, Role::Note);
        let lbl = tree.add(note, Role::Lbl);
        let body = tree.add(note, Role::P);
        let mut items = self.text().paragraph(
            &p,
            self.frame.place(indent, width),
            0.0,
            self.frame.rtl,
            tree,
            body,
        );
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
        items.prepend(Marked::all(mark, Mark::Content(lbl)));
        items.push(
            Item::Anchor {
                name: footnote_anchor(n),
                at: Point::new(self.frame.x0, 0.0),
            },
            Mark::Artifact(Artifact::Layout),
        );
        Ok(Unit::new(p.height + 2.0, items))
    }

    /// Lays out the footnotes `found` and hands each to the line of `p`
    /// (one unit per line, in `lines`) that references it.
    /// The notes are elements under `parent`, the paragraph's element.
    #[allow(clippy::too_many_arguments)]
    fn attach_notes(
        &self,
        ts: &mut Typesetter,
        p: &Paragraph,
        lines: &mut [Unit],
        found: &[(u32, &RichText)],
        block: usize,
        tree: &mut Structure,
        parent: usize,
    ) -> Result<(), PdfError> {
        for (n, content) in found {
            let mark = format!("#{}", footnote_anchor(*n));
            let line = p
                .lines
                .iter()
                .position(|l| l.links.iter().any(|(_, link)| *link == mark))
                .unwrap_or(p.lines.len().saturating_sub(1));
            let note = self.footnote(ts, *n, content, block, tree, parent)?;
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
    ) -> Result<Arc<Paragraph>, PdfError> {
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
    ) -> Result<Arc<Paragraph>, PdfError> {
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

    /// Splits a paragraph into one unit per line, placed at page x `x`,
    /// its text marked under `parent`.
    fn line_units(&self, p: &Paragraph, x: f32, tree: &mut Structure, parent: usize) -> Vec<Unit> {
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
        let text = self.text();
        (0..n)
            .map(|i| {
                let single = Paragraph {
                    lines: vec![p.lines[i].clone()],
                    width: p.width,
                    height: p.height,
                };
                let marked = text.paragraph(&single, x, -bounds[i], self.frame.rtl, tree, parent);
                Unit::new(bounds[i + 1] - bounds[i], marked)
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
        let mut tree = Structure::new(Role::Div);
        let h = tree.add(Structure::ROOT, Role::H(lvl));
        if let Some(n) = tree.node_mut(h) {
            n.title = Some(without_layout_marks(text));
        }
        let mut items = self
            .text()
            .paragraph(&p, self.frame.x0, 0.0, self.frame.rtl, &mut tree, h);
        let mut height = p.height;
        if lvl == 1 {
            height += 4.0;
            let mut rule = Path::new();
            rule.move_to(self.frame.x0, height - 1.0)
                .line_to(self.frame.x1, height - 1.0);
            items.push(
                Item::Path {
                    path: rule,
                    fill: None,
                    stroke: Some(Stroke::solid(t.rule, 0.8)),
                },
                Mark::Artifact(Artifact::Layout),
            );
        }
        items.push(
            Item::Anchor {
                name: anchor.to_string(),
                at: Point::new(self.frame.x0, 0.0),
            },
            Mark::Artifact(Artifact::Layout),
        );
        let space_before = [20.0, 14.0, 10.0][(lvl - 1) as usize];
        let mut metrics = FlowMetrics::atomic(height, space_before, 6.0);
        metrics.keep_with_next = true;
        Ok(Flow {
            metrics,
            units: vec![Unit::new(height, items)],
            repeat: None,
            heading: Some((lvl, text.to_string(), anchor.to_string())),
            tree,
        })
    }

    fn text_flow(&self, units: Vec<Unit>, space_after: f32, tree: Structure) -> Flow {
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
            tree,
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
        let mut tree = Structure::new(Role::Div);
        let para = tree.add(Structure::ROOT, Role::P);
        let mut lines = self.line_units(&p, self.frame.x0, &mut tree, para);
        self.attach_notes(
            ts,
            &p,
            &mut lines,
            &notes.found,
            notes.block,
            &mut tree,
            para,
        )?;
        Ok(self.text_flow(lines, t.paragraph_gap, tree))
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
        let mut tree = Structure::new(Role::Div);
        let list = tree.add(Structure::ROOT, Role::L);
        for (n, item) in items.iter().enumerate() {
            let li = tree.add(list, Role::LI);
            let lbl = if ordered {
                Some(tree.add(li, Role::Lbl))
            } else {
                None
            };
            let body = tree.add(li, Role::LBody);
            let before = notes.found.len();
            let p = self.paragraph(
                ts,
                self.spans(item, t.body_size, t.text, notes)?,
                Align::Start,
                width,
                t.line_height,
            )?;
            let x = self.frame.place(indent, width);
            let mut lines = self.line_units(&p, x, &mut tree, body);
            self.attach_notes(
                ts,
                &p,
                &mut lines,
                &notes.found[before..],
                notes.block,
                &mut tree,
                body,
            )?;
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
                    let mark = lbl.map_or(Mark::Artifact(Artifact::Layout), Mark::Content);
                    first.prepend(Marked::all(it, mark));
                } else {
                    let r = t.body_size * 0.16;
                    let cx = if self.frame.rtl {
                        marker_box + indent - 5.0 - r - 4.0
                    } else {
                        marker_box + r + 4.0
                    };
                    let cy = line.baseline - t.body_size * 0.3;
                    // The bullet says nothing a list does not: decoration.
                    first.push(
                        Item::Path {
                            path: Path::circle(Point::new(cx, cy), r),
                            fill: Some(t.accent),
                            stroke: None,
                        },
                        Mark::Artifact(Artifact::Layout),
                    );
                }
            }
            if let Some(last) = lines.last_mut() {
                last.height += 3.0;
            }
            units.extend(lines);
        }
        Ok(self.text_flow(units, t.paragraph_gap, tree))
    }

    // Columns are indexed across several parallel vectors.
    #[allow(clippy::needless_range_loop)]
    fn table(&self, ts: &mut Typesetter, tab: &Table) -> Result<Flow, PdfError> {
        let t = self.theme;
        let cols = tab.columns();
        let mut tree = Structure::new(Role::Div);
        if cols == 0 {
            return Ok(self.text_flow(Vec::new(), 0.0, tree));
        }
        let table = tree.add(Structure::ROOT, Role::Table);
        let text = self.text();
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
            let caption = tree.add(table, Role::Caption);
            let marked = text.paragraph(&p, self.frame.x0, 0.0, self.frame.rtl, &mut tree, caption);
            units.push(Unit::new(p.height + 4.0, marked));
        }

        // Header rows: wrapped, bold, on one shaded band.
        let (x_left, x_right) = (self.frame.x0, self.frame.x1);
        let mut header_rows = Vec::new();
        let mut header_h: f32 = 0.0;
        let thead = (!tab.header.is_empty()).then(|| tree.add(table, Role::THead));
        for row in &tab.header {
            let mut row_height: f32 = row_h;
            let mut paras = Vec::new();
            let tr = tree.add(thead.unwrap_or(table), Role::TR);
            for c in 0..cols {
                let th = tree.add(tr, Role::TH);
                if let Some(n) = tree.node_mut(th) {
                    n.scope = Some(row.get(c).map(|h| h.scope).unwrap_or_default());
                }
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
                paras.push((p, th));
            }
            header_rows.push((header_h, row_height, paras));
            header_h += row_height;
        }
        let mut header_items = Marked::default();
        if !header_rows.is_empty() {
            header_items.push(
                Item::Path {
                    path: Path::rect(Rect::new(x_left, 0.0, x_right - x_left, header_h)),
                    fill: Some(t.zebra),
                    stroke: None,
                },
                Mark::Artifact(Artifact::Layout),
            );
            for (top, row_height, paras) in &header_rows {
                for (c, (p, th)) in paras.iter().enumerate() {
                    let y = top + (row_height - p.height) / 2.0;
                    header_items.extend(text.paragraph(
                        p,
                        col_x(c) + pad,
                        y,
                        self.frame.rtl,
                        &mut tree,
                        *th,
                    ));
                }
            }
            header_items.push(
                hrule(x_left, x_right, header_h, t.text, 0.9),
                Mark::Artifact(Artifact::Layout),
            );
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

        let tbody = tree.add(table, Role::TBody);
        for (r, (row, is_total)) in body_rows.iter().enumerate() {
            let st = if *is_total { &bold } else { &reg };
            let tr = tree.add(tbody, Role::TR);
            // Cells are laid out first, so that a row whose text wraps grows
            // to hold it; first lines share one baseline.
            let mut cells = Vec::new();
            let mut h = row_h;
            for c in 0..cols {
                let cell_node = if tab.is_row_header(c) {
                    let th = tree.add(tr, Role::TH);
                    if let Some(n) = tree.node_mut(th) {
                        n.scope = Some(Scope::Row);
                    }
                    th
                } else {
                    tree.add(tr, Role::TD)
                };
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
                    cells.push(self.text().paragraph(
                        &p,
                        bx,
                        top,
                        dir == Direction::Rtl,
                        &mut tree,
                        cell_node,
                    ));
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
                cells.push(self.text().label(
                    &l,
                    x,
                    baseline,
                    dir == Direction::Rtl,
                    &mut tree,
                    cell_node,
                ));
            }
            let deco = Mark::Artifact(Artifact::Layout);
            let mut items = Marked::default();
            if *is_total {
                items.push(hrule(x_left, x_right, 0.0, t.text, 0.9), deco.clone());
            } else if tab.style == TableStyle::Zebra && r % 2 == 1 {
                items.push(
                    Item::Path {
                        path: Path::rect(Rect::new(x_left, 0.0, x_right - x_left, h)),
                        fill: Some(t.zebra),
                        stroke: None,
                    },
                    deco.clone(),
                );
            }
            for c in cells {
                items.extend(c);
            }
            if tab.style == TableStyle::Ruled && !*is_total {
                items.push(hrule(x_left, x_right, h, t.rule, 0.5), deco);
            }
            units.push(Unit::new(h, items));
        }
        if let Some(last) = units.last_mut() {
            let h = last.height;
            last.push(
                hrule(x_left, x_right, h, t.text, 0.9),
                Mark::Artifact(Artifact::Layout),
            );
        }
        let mut notes = 0;
        for note in tab.all_notes() {
            notes += 1;
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
            // Notes follow the table, outside it.
            let para = tree.add(Structure::ROOT, Role::P);
            let marked =
                self.text()
                    .paragraph(&p, self.frame.x0, 2.0, self.frame.rtl, &mut tree, para);
            units.push(Unit::new(p.height + 2.0, marked));
        }
        if let (Some(id), Some(first)) = (&tab.id, units.first_mut()) {
            first.push(
                Item::Anchor {
                    name: id.clone(),
                    at: Point::new(self.frame.x0, 0.0),
                },
                Mark::Artifact(Artifact::Layout),
            );
        }
        let has_caption = !tab.caption.is_empty() || tab.number.is_some();
        let orphans = if has_caption { 4 } else { 3 };
        let mut flow = self.text_flow(units, 12.0, tree);
        flow.metrics.orphans = orphans;
        // The last part of a split table holds two rows at least, besides
        // the notes under the table: notes never go over alone under a
        // repeated header.
        flow.metrics.widows = 2 + notes;
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
        let mut tree = Structure::new(Role::Div);
        let caption = fig.caption.text();
        // A figure without words of its own is described by its caption.
        let alt = if fig.alt.trim().is_empty() {
            caption.clone()
        } else {
            fig.alt.clone()
        };
        let mut items = Marked::default();
        // The caption goes above the chart, as a table's does: "Figure 1:
        // title — subtitle"; the chart in a figure draws neither.
        let mut y = 0.0;
        let mut spans = Vec::new();
        if let Some(n) = fig.number {
            let sep = if caption.is_empty() { "" } else { ": " };
            spans.push(Span {
                text: format!("{} {}{sep}", self.doc.labels.figure, self.num(n as usize)),
                style: style(t.small_size + 0.5, true, t.accent),
            });
        }
        if !caption.is_empty() {
            spans.push(Span {
                text: caption,
                style: style(t.small_size + 0.5, false, t.text),
            });
        }
        if !spans.is_empty() {
            let p = self.paragraph(ts, spans, Align::Start, cw, 1.4)?;
            let node = tree.add(Structure::ROOT, Role::Caption);
            items.extend(self.text().paragraph(
                &p,
                self.frame.x0,
                y,
                self.frame.rtl,
                &mut tree,
                node,
            ));
            y += p.height + 4.0;
        }
        let figure = tree.add(Structure::ROOT, Role::Figure);
        if let Some(n) = tree.node_mut(figure) {
            n.alt = Some(alt);
        }
        items.push(
            Item::Group(Group {
                transform: Transform::translate(self.frame.x0 + (cw - w) / 2.0, y)
                    .then(Transform::scale(scale, scale)),
                clip: Some(Path::rect(Rect::new(0.0, 0.0, sw, sh))),
                items: fig.scene.items.clone(),
            }),
            Mark::Content(figure),
        );
        if let Some(id) = &fig.id {
            items.push(
                Item::Anchor {
                    name: id.clone(),
                    at: Point::new(self.frame.x0, 0.0),
                },
                Mark::Artifact(Artifact::Layout),
            );
        }
        y += h + 4.0;
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
            let node = tree.add(Structure::ROOT, Role::P);
            items.extend(self.text().paragraph(
                &p,
                self.frame.x0,
                y,
                self.frame.rtl,
                &mut tree,
                node,
            ));
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
            tree,
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
        let mut items = Marked::default();
        let mut tree = Structure::new(Role::Div);
        let div = tree.add(Structure::ROOT, Role::Div);
        let text = self.text();
        let rtl = self.frame.rtl;
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
            let node = tree.add(div, Role::P);
            items.extend(text.paragraph(&p, self.frame.x0 + pad, y, rtl, &mut tree, node));
            y += p.height + 3.0;
        }
        let body = tree.add(div, Role::P);
        if !c.body.is_empty() {
            let p = self.paragraph(
                ts,
                self.spans(&c.body, t.body_size, t.text, notes)?,
                Align::Justify,
                inner,
                t.line_height,
            )?;
            items.extend(text.paragraph(&p, self.frame.x0 + pad, y, rtl, &mut tree, body));
            y += p.height + 4.0;
        }
        if !c.key_figures.is_empty() {
            let n = c.key_figures.len();
            let col = inner / n as f32;
            let vsize = t.heading_sizes[0];
            let mut max_h: f32 = 0.0;
            for (i, (value, label)) in c.key_figures.iter().enumerate() {
                let node = tree.add(div, Role::P);
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
                items.extend(Marked::all(it, Mark::Content(node)));
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
                items.extend(text.paragraph(&p, lx, y + vsize + 5.0, rtl, &mut tree, node));
                max_h = max_h.max(vsize + 5.0 + p.height);
            }
            y += max_h + 2.0;
        }
        y += pad;
        let deco = Mark::Artifact(Artifact::Layout);
        let mut bg = Marked::default();
        bg.push(
            Item::Path {
                path: Path::rect(Rect::new(self.frame.x0, 0.0, cw, y)),
                fill: Some(t.callout_fill),
                stroke: None,
            },
            deco.clone(),
        );
        let bar_x = if self.frame.rtl {
            self.frame.x1 - 3.0
        } else {
            self.frame.x0
        };
        bg.push(
            Item::Path {
                path: Path::rect(Rect::new(bar_x, 0.0, 3.0, y)),
                fill: Some(t.accent),
                stroke: None,
            },
            deco,
        );
        bg.extend(items);
        let mut unit = Unit::new(y, bg);
        for (n, content) in &notes.found {
            let note = self.footnote(ts, *n, content, notes.block, &mut tree, body)?;
            unit.notes.push(note);
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
            tree,
        })
    }

    /// The cover page, its marks and its elements (paragraphs: a cover
    /// title is no section heading).
    fn cover(
        &self,
        ts: &mut Typesetter,
        cover: &Cover,
    ) -> Result<(Scene, Vec<Mark>, Structure), PdfError> {
        let t = self.theme;
        let f = self.frame;
        let text = self.text();
        let mut tree = Structure::new(Role::Div);
        let mut m = Marked::default();
        let deco = Mark::Artifact(Artifact::Layout);
        m.push(
            Item::Path {
                path: Path::rect(Rect::new(0.0, 0.0, f.width, 14.0)),
                fill: Some(t.accent),
                stroke: None,
            },
            deco.clone(),
        );
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
        let node = tree.add(Structure::ROOT, Role::P);
        m.extend(text.paragraph(&p, f.x0, y, f.rtl, &mut tree, node));
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
            let node = tree.add(Structure::ROOT, Role::P);
            m.extend(text.paragraph(&p, f.x0, y, f.rtl, &mut tree, node));
            y += p.height + 8.0;
        }
        if !cover.date.is_empty() {
            let st = style(t.body_size, false, t.muted);
            let (_, it) =
                self.label_in(ts, &cover.date, &st, f.x0, cw, self.start_side(), y + 12.0)?;
            let node = tree.add(Structure::ROOT, Role::P);
            m.extend(Marked::all(it, Mark::Content(node)));
            y += 24.0;
        }
        m.push(
            Item::Path {
                path: Path::line(Point::new(f.x0, y), Point::new(f.x1, y)),
                fill: None,
                stroke: Some(Stroke::solid(t.rule, 0.8)),
            },
            deco.clone(),
        );
        y += 26.0;
        let n = cover.key_figures.len().max(1);
        let gap = 10.0;
        let bw = (cw - gap * (n as f32 - 1.0)) / n as f32;
        // Every box is as tall as the tallest label needs, so a label that
        // wraps to more lines stays inside its shading.
        let labels = cover
            .key_figures
            .iter()
            .map(|(_, label)| {
                self.paragraph(
                    ts,
                    vec![Span {
                        text: label.clone(),
                        style: style(t.small_size, false, t.text),
                    }],
                    Align::Start,
                    bw - 20.0,
                    1.3,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let label_top = 44.0;
        let bh = labels
            .iter()
            .map(|p| label_top + p.height + 10.0)
            .fold(78.0_f32, f32::max);
        for (i, ((value, _), p)) in cover.key_figures.iter().zip(&labels).enumerate() {
            let bx = f.place(i as f32 * (bw + gap), bw);
            m.push(
                Item::Path {
                    path: Path::rect(Rect::new(bx, y, bw, bh)),
                    fill: Some(t.callout_fill),
                    stroke: None,
                },
                deco.clone(),
            );
            let node = tree.add(Structure::ROOT, Role::P);
            let (_, it) = self.label_in(
                ts,
                value,
                &style(t.heading_sizes[0] + 3.0, true, t.accent),
                bx + 10.0,
                bw - 20.0,
                self.start_side(),
                y + 34.0,
            )?;
            m.extend(Marked::all(it, Mark::Content(node)));
            m.extend(text.paragraph(p, bx + 10.0, y + label_top, f.rtl, &mut tree, node));
        }
        let mut s = Scene::new(f.width, f.height);
        s.items = m.items;
        Ok((s, m.marks, tree))
    }

    /// Header and footer of a numbered page: pagination artifacts, their
    /// marks added to `marks`.
    fn furniture(
        &self,
        ts: &mut Typesetter,
        scene: &mut Scene,
        marks: &mut Vec<Mark>,
        title: &str,
        page: usize,
        pages: usize,
    ) -> Result<(), PdfError> {
        let t = self.theme;
        let f = self.frame;
        let st = style(t.small_size, false, t.muted);
        let hy = f.top - 22.0;
        let header = Mark::Artifact(Artifact::Header);
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
            marks.extend(Mark::all(header.clone(), it.len()));
            scene.items.extend(it);
        }
        scene.stroke(
            Path::line(Point::new(f.x0, hy + 6.0), Point::new(f.x1, hy + 6.0)),
            Stroke::solid(t.rule, 0.5),
        );
        marks.push(header);
        let text = self.doc.labels.page_of(&self.num(page), &self.num(pages));
        let fy = f.bottom + 32.0;
        let (_, it) = self.label_in(ts, &text, &st, f.x0, f.content_width(), 0, fy)?;
        marks.extend(Mark::all(Mark::Artifact(Artifact::Footer), it.len()));
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
            // A row is a TOCI holding one Link: the title, the page
            // number and the annotation over the whole row.
            let mut tree = Structure::new(Role::Div);
            let toci = tree.add(Structure::ROOT, Role::TOCI);
            let link = tree.add(toci, Role::Link);
            if let Some(n) = tree.node_mut(link) {
                n.title = Some(without_layout_marks(&e.title));
            }
            let mut items = self.text().paragraph(&p, tx, 0.0, f.rtl, &mut tree, link);
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
            items.extend(Marked::all(it, Mark::Content(link)));
            // Dotted leader between the title's end and the number.
            let line_w = p.lines.last().map(|l| l.width).unwrap_or(0.0);
            let (la, lb) = if f.rtl {
                (nb + num_w + 4.0, tx + tw - line_w - 6.0)
            } else {
                (tx + line_w + 6.0, nb - 4.0)
            };
            if lb > la + 8.0 {
                items.push(
                    Item::Path {
                        path: Path::line(Point::new(la, last), Point::new(lb, last)),
                        fill: None,
                        stroke: Some(Stroke {
                            color: t.rule,
                            width: 0.8,
                            dash: vec![0.8, 2.4],
                        }),
                    },
                    Mark::Artifact(Artifact::Layout),
                );
            }
            let height = p.height + 2.0;
            items.push(
                Item::Link {
                    rect: Rect::new(f.x0, 0.0, cw, height),
                    target: LinkTarget::Anchor(e.anchor.clone()),
                },
                Mark::Content(link),
            );
            let mut m = FlowMetrics::atomic(height, if e.level == 1 { 4.0 } else { 0.0 }, 0.0);
            m.keep_with_next = false;
            flows.push(Flow {
                metrics: m,
                units: vec![Unit::new(height, items)],
                repeat: None,
                heading: None,
                tree,
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
                tree: Structure::new(Role::Div),
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
/// Letters inside an isolate (LRI, RLI or FSI … PDI) do not count: the
/// text marks them as a piece in its own order, such as a Persian title in
/// an English reference.
fn text_direction(text: &str) -> Option<Direction> {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    let mut isolated = 0usize;
    for c in text.chars() {
        match c {
            '\u{2066}'..='\u{2068}' => isolated += 1,
            '\u{2069}' => isolated = isolated.saturating_sub(1),
            _ => {}
        }
        if isolated > 0 || !c.is_alphabetic() {
            continue;
        }
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
/// `grafts[i]` renumbers the nodes of flow `i` in the document's
/// structure; `marks` gets one mark per item drawn.
#[allow(clippy::too_many_arguments)]
fn draw(
    frame: &Frame,
    theme: &Theme,
    flows: &[Flow],
    grafts: &[Graft],
    placements: &[Placement],
    pages: &mut [Scene],
    marks: &mut [Vec<Mark>],
    outline: &mut Vec<OutlineEntry>,
    first_page: usize,
) {
    let each = |g: &Graft, u: &Unit| Mark::Each(u.marks.iter().map(|m| g.mark(m)).collect());
    let mut notes: Vec<(usize, &Unit, Graft)> = Vec::new();
    for pl in placements {
        let flow = &flows[pl.flow];
        let graft = grafts[pl.flow];
        let page = first_page + pl.page;
        let scene = &mut pages[page];
        let mut y = frame.top + pl.y;
        if pl.repeat {
            if let Some(r) = &flow.repeat {
                scene.items.push(translate(r.items.clone(), 0.0, y));
                // Header rows repeated on a later page are there for the
                // eye; the table has them once.
                marks[page].push(each(&graft, r).as_artifact(Artifact::Pagination));
                y += r.height;
            }
        }
        for u in &flow.units[pl.units.clone()] {
            scene.items.push(translate(u.items.clone(), 0.0, y));
            marks[page].push(each(&graft, u));
            y += u.height;
            notes.extend(u.notes.iter().map(|n| (page, n, graft)));
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
        let height: f32 = page.iter().map(|(_, n, _)| n.height).sum();
        let mut y = frame.bottom - height;
        let rule_w = 72.0_f32.min(frame.content_width());
        let x = frame.place(0.0, rule_w);
        let rule_y = y - NOTE_GAP / 2.0;
        scene
            .items
            .push(hrule(x, x + rule_w, rule_y, theme.rule, 0.6));
        marks[page[0].0].push(Mark::Artifact(Artifact::Layout));
        for (_, note, graft) in page {
            scene.items.push(translate(note.items.clone(), 0.0, y));
            marks[page[0].0].push(each(graft, note));
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
        let cover_pages = usize::from(doc.cover.is_some());
        // The contents list the headings of levels 1 and 2, in order; their
        // rows are as high whatever their page numbers, so the contents and
        // the body are paginated together once, with placeholder numbers,
        // and the contents share their last page with the start of the body.
        let toc_entries: Vec<(u8, String, String)> = flows
            .iter()
            .filter_map(|f| f.heading.clone())
            .filter(|(level, _, _)| *level <= 2)
            .collect();
        let with_toc = doc.toc && !toc_entries.is_empty();
        let toc_rows = |numbers: &[usize], ts: &mut Typesetter| -> Result<Vec<Flow>, PdfError> {
            if !with_toc {
                return Ok(Vec::new());
            }
            let entries: Vec<OutlineEntry> = toc_entries
                .iter()
                .zip(numbers)
                .map(|((level, title, anchor), page)| OutlineEntry {
                    level: *level,
                    title: title.clone(),
                    anchor: anchor.clone(),
                    page: *page,
                })
                .collect();
            let numbers: Vec<usize> = entries.iter().map(|e| e.page).collect();
            ctx.toc_flows(ts, &entries, &numbers)
        };
        let measured = toc_rows(&vec![0; toc_entries.len()], ts)?;
        let toc_len = measured.len();
        let metrics: Vec<FlowMetrics> = measured
            .iter()
            .chain(&flows)
            .map(|f| f.metrics.clone())
            .collect();
        let (placements, body_pages) = paginate_with_notes(&metrics, avail, NOTE_GAP);
        // Each heading's printed page: where its flow starts, after the cover.
        let mut first_page = vec![usize::MAX; metrics.len()];
        for pl in &placements {
            if pl.units.start == 0 && first_page[pl.flow] == usize::MAX {
                first_page[pl.flow] = pl.page;
            }
        }
        let numbers: Vec<usize> = flows
            .iter()
            .enumerate()
            .filter(|(_, f)| f.heading.as_ref().is_some_and(|(level, _, _)| *level <= 2))
            .map(|(i, _)| first_page[toc_len + i] + cover_pages + 1)
            .collect();
        let toc = toc_rows(&numbers, ts)?;
        debug_assert!(toc
            .iter()
            .zip(&measured)
            .all(|(a, b)| a.metrics.heights == b.metrics.heights));
        let all: Vec<Flow> = toc.into_iter().chain(flows).collect();

        let mut body = vec![Scene::new(width, height); body_pages];
        let mut body_marks = vec![Vec::new(); body_pages];
        let mut outline = Vec::new();
        // Elements enter the structure where their content is first drawn
        // (see `struct_tree`), so the order of grafting matters only for
        // elements without content. The contents' title is a heading of the
        // document; their rows are one TOC.
        let mut structure = Structure::new(Role::Document);
        let mut toc_node = None;
        let mut grafts = Vec::with_capacity(all.len());
        for (i, f) in all.iter().enumerate() {
            let parent = if i == 0 || i >= toc_len {
                Structure::ROOT
            } else {
                *toc_node.get_or_insert_with(|| structure.add(Structure::ROOT, Role::TOC))
            };
            grafts.push(structure.graft(parent, &f.tree));
        }
        draw(
            &frame,
            theme,
            &all,
            &grafts,
            &placements,
            &mut body,
            &mut body_marks,
            &mut outline,
            0,
        );
        for e in &mut outline {
            e.page += cover_pages;
        }
        let total = cover_pages + body_pages;
        let mut pages = Vec::with_capacity(total);
        let mut marks = Vec::with_capacity(total);
        if let Some(cover) = &doc.cover {
            let (scene, m, tree) = ctx.cover(ts, cover)?;
            let g = structure.graft(Structure::ROOT, &tree);
            pages.push(scene);
            marks.push(m.iter().map(|m| g.mark(m)).collect());
        }
        pages.extend(body);
        marks.extend(body_marks);
        for (i, (page, m)) in pages
            .iter_mut()
            .zip(marks.iter_mut())
            .enumerate()
            .skip(cover_pages)
        {
            ctx.furniture(ts, page, m, &doc.metadata.title, i + 1, total)?;
        }
        Ok(Layout {
            pages,
            outline,
            structure,
            marks,
        })
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

/// A heading's text for the outline and the structure tree's `/T`:
/// without the isolates that order its number on the page, which a viewer
/// would show as boxes and the extracted text leaves out too.
pub(crate) fn without_layout_marks(text: &str) -> String {
    text.chars()
        .filter(|&c| !crate::write::is_layout_mark(c))
        .collect()
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
        // An isolated title does not decide; the text around it does.
        assert_eq!(
            text_direction("“\u{2067}تاریخ یک کتاب تازه\u{2069}”. 1995."),
            None
        );
        assert_eq!(
            text_direction("“\u{2067}کتاب تازه\u{2069}”. A Press, 1995."),
            Some(Direction::Ltr)
        );
        assert_eq!(
            text_direction("\u{2066}Le \u{2067}دریا\u{2069} Monde\u{2069} و دریا"),
            Some(Direction::Rtl)
        );
    }
}
