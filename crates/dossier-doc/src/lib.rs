//! dossier-doc: the document model shared by every writer.
//!
//! A [`Document`] is what a report says, before any writer decides how it
//! looks: headings, paragraphs, lists, tables, figures, callouts and page
//! breaks, with cover, metadata and theme. dossier-report builds one per
//! language edition; the PDF layout (dossier-pdf) and the web edition each
//! turn it into their own output and know nothing of how it was made.
//!
//! The blocks carry their meaning, so that every writer can say it in its
//! own terms (tagged PDF structure, HTML elements):
//!
//! - heading levels, and ids on the blocks that can be referred to
//!   (headings, tables, figures); [`Index`] resolves every id,
//!   cross-reference, internal link, section number and footnote number in
//!   one place;
//! - table header cells with their scope, and row headers;
//! - figure captions and alternative text;
//! - footnote and cross-reference slots in inline text;
//! - the document's language as a [`LanguageTag`](dossier_lang::LanguageTag)
//!   and the language of each span, given by markup or, for runs of
//!   letters in another script, by [`ScriptLanguages`].
//!
//! Text arrives already formatted (numbers inside prose and table cells
//! come formatted from the report layer); the numbers writers invent
//! themselves (page, section, figure, table, footnote numbers) go through
//! the document's [`NumberFormatter`], and the words they add through its
//! [`Labels`].
//!
//! Data flow: dossier-report → `Document` → dossier-pdf (layout, PDF) and
//! the other writers.

mod block;
mod document;
mod index;
mod inline;
mod numbers;
mod script;
mod table;
mod theme;

#[doc(hidden)]
pub mod sample;

pub use block::{Block, Callout, Caption, Figure, Heading, List};
pub use document::{Cover, Document, Labels, Metadata};
pub use index::{footnote_anchor, DocError, HeadingNumber, Index, Target, TargetNumber};
pub use inline::{walk_inlines, CrossRef, Footnote, Inline, Link, RefKind, RichText, Span};
pub use numbers::{Digits, LanguageNumbers, NumberFormat, NumberFormatter};
pub use script::{LanguageRun, Script, ScriptLanguages};
pub use table::{ColumnAlign, HeaderCell, Scope, Table, TableStyle};
pub use theme::{PageSize, Theme};
