//! dossier-html: the web edition. [`write`] turns a [`Document`] into one
//! self-contained HTML5 file: no JavaScript, no external request (a
//! Content-Security-Policy forbids both), the embedded fonts as WOFF
//! `data:` URLs, and charts as inline SVG drawn from the same scenes as
//! the PDF's.
//!
//! The page says what the PDF says, in its own terms: the cover facts, a
//! table of contents with links, headings with the anchors of the
//! document's [`Index`](dossier_doc::Index) (so `#id` links mean the same
//! in both editions), tables with header scopes and a total row in
//! `tfoot`, figures with their alternative text, footnotes numbered as in
//! the PDF and listed at the end of each top-level section with links
//! back, and cross-references with the words the PDF prints.
//!
//! Every text is escaped, and every link passes the link rule every
//! writer of links shares, [`dossier_core::check_link`]. The same document
//! gives the same bytes.

mod body;
mod escape;
mod fonts;
mod page;
mod style;
mod woff;

use dossier_core::LinkError;
use dossier_doc::{DocError, Theme};

pub use fonts::FAMILY;
pub use page::write;
pub use woff::WoffError;

/// How the page is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Colours for the style sheet (the PDF's theme, so both editions look
    /// alike).
    pub theme: Theme,
    /// Embed the fonts the page uses. Without them the browser sets the
    /// text in its own fonts (smaller files, for previews and tests).
    pub embed_fonts: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            theme: Theme::default(),
            embed_fonts: true,
        }
    }
}

/// Why a document could not be written as a page.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The document's ids, cross-references or footnotes do not hold
    /// together.
    #[error(transparent)]
    Document(#[from] DocError),
    /// A link the link rule refuses.
    #[error("block {block}: the link `{href}` is refused: {reason}")]
    Link {
        block: usize,
        href: String,
        reason: LinkError,
    },
    /// An id the page would give two elements.
    #[error("the id `{id}` is taken by a block and by the page's own {what}")]
    DuplicateId { id: String, what: &'static str },
    /// An embedded font could not be wrapped as WOFF.
    #[error("the embedded font {face:?} could not be made a web font: {reason}")]
    Font {
        face: dossier_canvas::Face,
        reason: WoffError,
    },
}

#[cfg(test)]
mod tests;
