//! dossier-pdf: the printed briefing.
//!
//! A [`Document`] of dossier-doc (headings, paragraphs, lists, tables,
//! figures, callouts, page breaks, plus cover and metadata) is laid out
//! with dossier-canvas into pages of [`Scene`](dossier_canvas::Scene)s by
//! [`layout()`], then written as PDF by [`render`]. This crate only reads the
//! document; it knows nothing of the report it came from:
//!
//! - pages mirror for right-to-left documents (text, bullets, table
//!   columns, captions, header and footer), and the numbers this crate
//!   invents (page, section, figure, table, footnote numbers) are written
//!   by the document's number formatter, the words it adds taken from the
//!   document's labels;
//! - cross-references print their target's real number as an internal
//!   link, and footnotes are numbered through the document and set at the
//!   foot of the page that references them;
//! - pagination keeps headings with what follows, avoids single orphan and
//!   widow lines, repeats table headers and never splits a figure
//!   ([`paginate`] holds the rules, tested on plain heights);
//! - the table of contents carries the real page numbers and links;
//! - the PDF has subset embedded fonts, extractable text in logical order
//!   (with `/ActualText` where glyphs and text differ), `/Lang`, a nested
//!   outline, named destinations, metadata and a content-derived `/ID`, so
//!   the same document always gives the same bytes.
//!
//! ```no_run
//! # use dossier_pdf::*;
//! # use dossier_doc::{Document, Theme};
//! # fn f(doc: &Document) -> Result<(), PdfError> {
//! let bytes = render(doc, &Theme::default())?;
//! # Ok(()) }
//! ```

mod content;
mod file;
pub mod layout;
mod marked_text;
pub mod paginate;
pub mod standard;
mod struct_tree;
mod subset;
pub mod tags;
pub mod write;
mod xmp;

pub use layout::{layout, Layout, OutlineEntry};
pub use standard::{PdfALevel, PdfStandard, StandardError, Standards};

use dossier_canvas::Direction;
use dossier_doc::{Document, Theme};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PdfError {
    /// Text that the embedded fonts cannot set.
    #[error(transparent)]
    Text(#[from] dossier_canvas::TextError),
    /// A font could not be subset or embedded.
    #[error("font: {0}")]
    Font(String),
    /// The PDF structure could not be written.
    #[error("pdf: {0}")]
    Pdf(String),
    /// The document's ids, cross-references or footnotes do not hold
    /// together.
    #[error(transparent)]
    Document(#[from] dossier_doc::DocError),
    /// PDF/UA-1 was asked for a PDF written without tags.
    #[error(
        "PDF/UA-1 needs a tagged PDF: drop the option that turns tags off, or the ua-1 standard"
    )]
    UntaggedUa,
}

/// Lays out and writes `doc` as PDF bytes.
pub fn render(doc: &Document, theme: &Theme) -> Result<Vec<u8>, PdfError> {
    let laid = layout(doc, theme)?;
    write_layout(doc, &laid)
}

/// How a PDF is written, beyond what the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// The standards the file declares.
    pub standards: Standards,
    /// Tagged (structure tree, marked content, artifacts): on unless
    /// turned off.
    pub tagged: bool,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            standards: Standards::NONE,
            tagged: true,
        }
    }
}

/// Writes an already laid-out document.
pub fn write_layout(doc: &Document, laid: &Layout) -> Result<Vec<u8>, PdfError> {
    write_layout_with(doc, laid, &PdfOptions::default())
}

/// Writes an already laid-out document with `options`.
pub fn write_layout_with(
    doc: &Document,
    laid: &Layout,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let m = &doc.metadata;
    let meta = write::PdfMeta {
        title: m.title.clone(),
        author: m.author.clone(),
        subject: m.subject.clone(),
        keywords: m.keywords.clone(),
        lang: doc.lang.to_string(),
        rtl: doc.direction == Direction::Rtl,
        creation_date: m.creation_date,
        standards: options.standards,
    };
    if options.standards.ua1 && !options.tagged {
        return Err(PdfError::UntaggedUa);
    }
    let tags = options.tagged.then_some(write::Tags {
        structure: &laid.structure,
        marks: &laid.marks,
    });
    write::write_pdf(&laid.pages, &laid.outline, &meta, tags)
}
