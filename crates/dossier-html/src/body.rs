//! The page's body: the document's blocks as HTML elements, inline text
//! with its languages, links, cross-references and footnote marks, and the
//! footnotes at the end of each top-level section.

use std::fmt::Write;

use dossier_canvas::{to_svg_element, Direction, SvgElement};
use dossier_core::check_link;
use dossier_doc::{
    footnote_anchor, Block, Callout, ColumnAlign, Document, Figure, HeaderCell, Heading, Index,
    Inline, Link, List, RichText, Scope, Span, Table, TableStyle,
};
use unicode_bidi::{bidi_class, BidiClass};

use crate::escape::{content, push_content, text as esc};
use crate::fonts::FacesUsed;
use crate::HtmlError;

/// The id of the mark that refers to footnote `n`, which its note links
/// back to.
pub fn footnote_ref_anchor(n: u32) -> String {
    format!("{}-ref", footnote_anchor(n))
}

/// The direction of `text`'s first strongly directional character.
pub fn text_direction(text: &str) -> Option<Direction> {
    text.chars().find_map(|c| match bidi_class(c) {
        BidiClass::L => Some(Direction::Ltr),
        BidiClass::R | BidiClass::AL => Some(Direction::Rtl),
        _ => None,
    })
}

pub fn dir_attr(dir: Direction) -> &'static str {
    match dir {
        Direction::Rtl => "rtl",
        Direction::Ltr => "ltr",
    }
}

/// Writes the blocks of one document.
pub struct BodyWriter<'a> {
    pub doc: &'a Document,
    pub index: &'a Index,
    pub out: String,
    pub faces: FacesUsed,
    /// Footnotes met since the last list of notes: number, block and
    /// content.
    notes: Vec<(u32, usize, &'a RichText)>,
    /// The number the next footnote mark gets.
    next_note: u32,
    /// The block being written, for error messages.
    block: usize,
}

impl<'a> BodyWriter<'a> {
    pub fn new(doc: &'a Document, index: &'a Index) -> BodyWriter<'a> {
        BodyWriter {
            doc,
            index,
            out: String::new(),
            faces: FacesUsed::default(),
            notes: Vec::new(),
            next_note: 1,
            block: 0,
        }
    }

    /// Checks `href` against the link rule.
    pub fn href(&self, link: &Link) -> Result<String, HtmlError> {
        let href = link.href();
        check_link(&href).map_err(|reason| HtmlError::Link {
            block: self.block,
            href: href.clone(),
            reason,
        })?;
        Ok(href)
    }

    /// Writes every block, in `<section>`s that start at each level-1
    /// heading, with the notes of each section at its end.
    pub fn blocks(&mut self) -> Result<(), HtmlError> {
        let mut open = false;
        for (i, block) in self.doc.blocks.iter().enumerate() {
            self.block = i;
            self.next_note = self.index.first_footnote(i);
            if let Block::Heading(h) = block {
                if h.level() == 1 {
                    if open {
                        self.flush_notes()?;
                        self.out.push_str("</section>\n");
                    }
                    self.out.push_str("<section>\n");
                    open = true;
                }
            }
            match block {
                Block::Heading(h) => self.heading(i, h),
                Block::Paragraph(p) => {
                    self.out.push_str("<p>");
                    self.rich(p)?;
                    self.out.push_str("</p>\n");
                }
                Block::List(l) => self.list(l)?,
                Block::Table(t) => self.table(t),
                Block::Figure(f) => self.figure(i, f),
                Block::Callout(c) => self.callout(c)?,
                Block::PageBreak => self
                    .out
                    .push_str("<div class=\"page-break\" aria-hidden=\"true\"></div>\n"),
            }
        }
        self.flush_notes()?;
        if open {
            self.out.push_str("</section>\n");
        }
        Ok(())
    }

    /// The heading's text as printed: with its section number when it is
    /// numbered.
    pub fn heading_text(&self, i: usize, h: &Heading) -> String {
        match self.index.heading(i) {
            Some(n) if h.numbered => format!("{}  {}", self.doc.numbers.section(&n.parts), h.text),
            _ => h.text.clone(),
        }
    }

    fn heading(&mut self, i: usize, h: &Heading) {
        self.faces.bold = true;
        let level = h.level();
        let anchor = self
            .index
            .heading(i)
            .map(|n| n.anchor.clone())
            .or_else(|| h.id.clone())
            .unwrap_or_default();
        let number = match self.index.heading(i) {
            Some(n) if h.numbered => Some(self.doc.numbers.section(&n.parts)),
            _ => None,
        };
        let _ = write!(self.out, "<h{level} id=\"{}\">", esc(&anchor));
        if let Some(number) = number {
            let _ = write!(
                self.out,
                "<span class=\"secno\">{}</span>  ",
                content(&number)
            );
        }
        self.span_text(&dossier_doc::Span::new(h.text.clone()));
        let _ = writeln!(self.out, "</h{level}>");
    }

    fn list(&mut self, l: &'a List) -> Result<(), HtmlError> {
        self.faces.regular = true;
        if l.ordered {
            // Numbered in the document's digits, as the PDF numbers them.
            self.out.push_str("<ol class=\"numbered\">\n");
            for (n, item) in l.items.iter().enumerate() {
                let number = self.doc.numbers.count(n as u64 + 1);
                let _ = write!(
                    self.out,
                    "<li><span class=\"marker\">{}.</span>",
                    esc(&number)
                );
                self.rich(item)?;
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ol>\n");
        } else {
            self.out.push_str("<ul>\n");
            for item in &l.items {
                self.out.push_str("<li>");
                self.rich(item)?;
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ul>\n");
        }
        Ok(())
    }

    fn table(&mut self, t: &Table) {
        self.faces.regular = true;
        let caption = self.table_caption(t);
        let _ = write!(
            self.out,
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table",
            esc(&caption.iter().map(String::as_str).collect::<String>())
        );
        if let Some(id) = &t.id {
            let _ = write!(self.out, " id=\"{}\"", esc(id));
        }
        if t.style == TableStyle::Zebra {
            self.out.push_str(" class=\"zebra\"");
        }
        self.out.push_str(">\n");
        if caption.iter().any(|c| !c.is_empty()) {
            self.faces.bold = true;
            self.out.push_str("<caption>");
            if !caption[0].is_empty() {
                let _ = write!(
                    self.out,
                    "<span class=\"label\">{}</span>",
                    esc(&caption[0])
                );
            }
            self.span_text(&Span::new(caption[1].clone()));
            self.out.push_str("</caption>\n");
        }
        if !t.header.is_empty() {
            self.faces.bold = true;
            self.out.push_str("<thead>\n");
            for row in &t.header {
                self.out.push_str("<tr>");
                for (c, cell) in row.iter().enumerate() {
                    self.header_cell(t, c, cell);
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for row in &t.rows {
            self.row(t, row);
        }
        self.out.push_str("</tbody>\n");
        if let Some(total) = &t.total_row {
            self.faces.bold = true;
            self.out.push_str("<tfoot>\n");
            self.row(t, total);
            self.out.push_str("</tfoot>\n");
        }
        self.out.push_str("</table>\n</div>\n");
        for note in t.all_notes() {
            self.out.push_str("<p class=\"note\">");
            self.span_text(&Span::new(note));
            self.out.push_str("</p>\n");
        }
    }

    /// The label ("Table 2: ") and the caption, as the PDF prints them.
    fn table_caption(&self, t: &Table) -> [String; 2] {
        let label = match t.number {
            Some(n) => format!(
                "{} {}: ",
                self.doc.labels.table,
                self.doc.numbers.count(u64::from(n))
            ),
            None => String::new(),
        };
        [label, t.caption.clone()]
    }

    fn align_class(t: &Table, c: usize) -> &'static str {
        match t.align_of(c) {
            ColumnAlign::Start => "",
            ColumnAlign::End => " class=\"end\"",
            ColumnAlign::Center => " class=\"center\"",
            ColumnAlign::Numeric => " class=\"num\"",
        }
    }

    fn header_cell(&mut self, t: &Table, c: usize, cell: &HeaderCell) {
        let class = Self::align_class(t, c);
        if cell.text.is_empty() {
            // An empty corner heads nothing.
            let _ = write!(self.out, "<td{class}></td>");
            return;
        }
        let scope = match cell.scope {
            Scope::Column => "col",
            Scope::Row => "row",
        };
        let _ = write!(self.out, "<th scope=\"{scope}\"{class}>");
        self.span_text(&Span::new(cell.text.clone()));
        self.out.push_str("</th>");
    }

    fn row(&mut self, t: &Table, row: &[String]) {
        self.out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let class = Self::align_class(t, c);
            let tag = if t.is_row_header(c) && !cell.is_empty() {
                "th scope=\"row\""
            } else {
                "td"
            };
            let _ = write!(self.out, "<{tag}{class}>");
            self.span_text(&Span::new(cell.clone()));
            let close = if tag == "td" { "td" } else { "th" };
            let _ = write!(self.out, "</{close}>");
        }
        self.out.push_str("</tr>\n");
    }

    fn figure(&mut self, i: usize, f: &Figure) {
        self.faces.regular = true;
        let alt = if f.alt.is_empty() {
            f.caption.text()
        } else {
            f.alt.clone()
        };
        self.out.push_str("<figure");
        if let Some(id) = &f.id {
            let _ = write!(self.out, " id=\"{}\"", esc(id));
        }
        self.out.push_str(">\n");
        // The caption stands above the chart (first in the figure), as in
        // the PDF edition; the source line follows the chart.
        let caption = f.caption.text();
        if f.number.is_some() || !caption.is_empty() {
            self.out.push_str("<figcaption>");
            if let Some(n) = f.number {
                self.faces.bold = true;
                let sep = if caption.is_empty() { "" } else { ": " };
                let _ = write!(
                    self.out,
                    "<span class=\"label\">{} {}{sep}</span>",
                    esc(&self.doc.labels.figure),
                    esc(&self.doc.numbers.count(u64::from(n)))
                );
            }
            self.span_text(&Span::new(caption));
            self.out.push_str("</figcaption>\n");
        }
        // A scene is drawn in points; at 96 px to the inch it is 4/3 as
        // many pixels wide, and never wider than the column. On a narrow
        // screen it shrinks to three quarters of that at most, so that its
        // labels stay legible, and scrolls inside its own box beyond; the
        // box takes the keyboard focus, so that it can be scrolled without
        // a pointer.
        let width = (f.scene.width * 4.0 / 3.0).clamp(1.0, 4000.0).round();
        let least = (width * 0.75).round();
        let _ = writeln!(
            self.out,
            "<div class=\"chart\" tabindex=\"0\" style=\"max-width:{width}px;--least:{least}px\">"
        );
        let prefix = format!("b{i}-");
        let allow = |u: &str| check_link(u).is_ok();
        let svg = to_svg_element(
            &f.scene,
            &SvgElement {
                id_prefix: &prefix,
                label: &alt,
                allow_url: &allow,
            },
        );
        self.out.push_str(&svg);
        self.out.push_str("</div>\n");
        if !f.source_note.is_empty() {
            self.out.push_str("<p class=\"note\">");
            self.span_text(&Span::new(f.source_note.clone()));
            self.out.push_str("</p>\n");
        }
        self.out.push_str("</figure>\n");
    }

    fn callout(&mut self, c: &'a Callout) -> Result<(), HtmlError> {
        self.out.push_str("<aside class=\"callout\">\n");
        if !c.title.is_empty() {
            self.faces.bold = true;
            self.out.push_str("<p class=\"callout-title\">");
            self.span_text(&Span::new(c.title.clone()));
            self.out.push_str("</p>\n");
        }
        if !c.body.is_empty() {
            self.out.push_str("<p>");
            self.rich(&c.body)?;
            self.out.push_str("</p>\n");
        }
        self.key_figures(&c.key_figures);
        self.out.push_str("</aside>\n");
        Ok(())
    }

    /// Headline numbers: the value over its label.
    pub fn key_figures(&mut self, figures: &[(String, String)]) {
        if figures.is_empty() {
            return;
        }
        self.faces.bold = true;
        self.out.push_str("<ul class=\"figures\">\n");
        for (value, label) in figures {
            self.out.push_str("<li><span class=\"value\">");
            self.span_text(&Span::new(value.clone()));
            self.out.push_str("</span> ");
            self.span_text(&Span::new(label.clone()));
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n");
    }

    /// Rich text: spans, cross-references and footnote marks.
    pub fn rich(&mut self, rich: &'a [Inline]) -> Result<(), HtmlError> {
        for inline in rich {
            match inline {
                Inline::Text(span) => self.span(span)?,
                Inline::CrossRef(r) => {
                    let target = self.index.resolve(r, self.block)?;
                    let text = self.doc.reference_text(target);
                    let _ = write!(
                        self.out,
                        "<a class=\"xref\" href=\"#{}\">",
                        esc(&target.anchor)
                    );
                    self.span_text(&Span::new(text));
                    self.out.push_str("</a>");
                }
                Inline::Footnote(note) => {
                    let n = self.next_note;
                    self.next_note = n.saturating_add(1);
                    self.notes.push((n, self.block, &note.content));
                    let _ = write!(
                        self.out,
                        "<sup><a class=\"fnref\" id=\"{}\" href=\"#{}\">{}</a></sup>",
                        footnote_ref_anchor(n),
                        footnote_anchor(n),
                        esc(&self.doc.numbers.count(u64::from(n)))
                    );
                }
            }
        }
        Ok(())
    }

    fn span(&mut self, span: &Span) -> Result<(), HtmlError> {
        if span.text.is_empty() {
            return Ok(());
        }
        let href = span.link.as_ref().map(|l| self.href(l)).transpose()?;
        if let Some(href) = &href {
            let _ = write!(self.out, "<a href=\"{}\">", esc(href));
        }
        if span.bold {
            self.out.push_str("<strong>");
        }
        if span.italic {
            self.out.push_str("<em>");
        }
        self.span_text(span);
        if span.italic {
            self.out.push_str("</em>");
        }
        if span.bold {
            self.out.push_str("</strong>");
        }
        if href.is_some() {
            self.out.push_str("</a>");
        }
        Ok(())
    }

    /// A span's text, its runs in other languages in `<span lang>` (with
    /// `dir` where their direction differs from the document's).
    pub fn span_text(&mut self, span: &Span) {
        if span.text.is_empty() {
            return;
        }
        if span.bold {
            self.faces.bold = true;
        } else {
            self.faces.regular = true;
        }
        for run in self.doc.language_runs(span) {
            let Some(text) = span.text.get(run.range.clone()) else {
                continue;
            };
            match run.lang {
                None => push_content(&mut self.out, text),
                Some(lang) => {
                    let _ = write!(self.out, "<span lang=\"{}\"", esc(&lang.to_string()));
                    match text_direction(text) {
                        Some(dir) if dir != self.doc.direction => {
                            let _ = write!(self.out, " dir=\"{}\"", dir_attr(dir));
                        }
                        _ => {}
                    }
                    self.out.push('>');
                    push_content(&mut self.out, text);
                    self.out.push_str("</span>");
                }
            }
        }
    }

    /// The notes met since the last list, as a numbered list with links
    /// back to their marks.
    fn flush_notes(&mut self) -> Result<(), HtmlError> {
        if self.notes.is_empty() {
            return Ok(());
        }
        let notes = std::mem::take(&mut self.notes);
        let (block, next) = (self.block, self.next_note);
        self.out.push_str("<ol class=\"notes\">\n");
        for (n, in_block, content) in notes {
            let number = self.doc.numbers.count(u64::from(n));
            let _ = write!(
                self.out,
                "<li id=\"{}\"><a class=\"back\" href=\"#{}\">{}</a>",
                footnote_anchor(n),
                footnote_ref_anchor(n),
                esc(&number)
            );
            // Errors name the block that holds the note.
            self.block = in_block;
            self.rich(content)?;
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n");
        (self.block, self.next_note) = (block, next);
        Ok(())
    }
}
