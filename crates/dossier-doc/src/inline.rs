//! Inline content: text spans with emphasis, language and link, and the two
//! pieces a writer numbers itself, footnote references and
//! cross-references.

use dossier_lang::LanguageTag;

/// Rich text: a sequence of inline pieces in reading order.
pub type RichText = Vec<Inline>;

/// One piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with one style.
    Text(Span),
    /// A footnote reference. Writers number footnotes continuously through
    /// the document (see [`Index`](crate::Index)), print the number here
    /// and the note where their medium puts notes.
    Footnote(Footnote),
    /// A reference to a numbered block, printed as "Figure 2" / «شکل ۲»
    /// with the target's real number, as an internal link.
    CrossRef(CrossRef),
}

impl Inline {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text(Span::new(text))
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Inline {
        Inline::Text(Span {
            bold: true,
            ..Span::new(text)
        })
    }

    /// Linked text.
    pub fn link(text: impl Into<String>, target: Link) -> Inline {
        Inline::Text(Span {
            link: Some(target),
            ..Span::new(text)
        })
    }

    /// A footnote reference whose note is `content`.
    pub fn footnote(content: RichText) -> Inline {
        Inline::Footnote(Footnote { content })
    }

    /// A cross-reference to the block with id `target`, expected to be a
    /// `kind`.
    pub fn cross_ref(kind: RefKind, target: impl Into<String>) -> Inline {
        Inline::CrossRef(CrossRef {
            kind,
            target: target.into(),
        })
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    /// Emphasis. The PDF's embedded faces have no italic, so the PDF sets
    /// it upright; the web edition writes `<em>`.
    pub italic: bool,
    /// The span's language when markup gives it. `None` means: the
    /// document's language, except for runs of letters in another script,
    /// whose language [`ScriptLanguages`](crate::ScriptLanguages) gives
    /// (see [`Document::language_runs`](crate::Document::language_runs)).
    pub lang: Option<LanguageTag>,
    pub link: Option<Link>,
}

impl Span {
    /// Unstyled text in the document's language.
    pub fn new(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Link {
    /// An external URL, already checked by whoever built the document.
    External(String),
    /// A block of this document, by its id (a section id, a table or
    /// figure id, or the anchor the [`Index`](crate::Index) gives a heading
    /// without one).
    Internal(String),
}

impl Link {
    /// Reads a link as Markdown writes it: `#name` is a link inside the
    /// document, anything else a URL.
    pub fn from_href(href: &str) -> Link {
        match href.strip_prefix('#') {
            Some(id) => Link::Internal(id.to_string()),
            None => Link::External(href.to_string()),
        }
    }

    /// The link as an href: `#name` for an internal link, the URL
    /// otherwise.
    pub fn href(&self) -> String {
        match self {
            Link::External(url) => url.clone(),
            Link::Internal(id) => format!("#{id}"),
        }
    }
}

/// A footnote: its content as rich text. Its number is not stored: it
/// follows from its place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The note. It may hold links and cross-references, but no footnote.
    pub content: RichText,
}

/// What kind of block a cross-reference points at; it chooses the word
/// ("Figure", «جدول») and is checked against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Section,
    Table,
    Figure,
}

impl RefKind {
    /// The kind as the reference grammar writes it: `sec`, `tbl`, `fig`.
    pub fn prefix(self) -> &'static str {
        match self {
            RefKind::Section => "sec",
            RefKind::Table => "tbl",
            RefKind::Figure => "fig",
        }
    }

    /// The kind for a grammar prefix.
    pub fn from_prefix(prefix: &str) -> Option<RefKind> {
        Some(match prefix {
            "sec" => RefKind::Section,
            "tbl" => RefKind::Table,
            "fig" => RefKind::Figure,
            _ => return None,
        })
    }
}

impl std::fmt::Display for RefKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RefKind::Section => "section",
            RefKind::Table => "table",
            RefKind::Figure => "figure",
        })
    }
}

/// A reference to a numbered block by its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CrossRef {
    pub kind: RefKind,
    /// The id of the block referred to.
    pub target: String,
}

/// Calls `f` on every inline of `rich`, footnote contents included (after
/// the footnote itself), in reading order.
pub fn walk_inlines<'a>(rich: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for inline in rich {
        f(inline);
        if let Inline::Footnote(note) = inline {
            walk_inlines(&note.content, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_round_trip() {
        assert_eq!(Link::from_href("#trade"), Link::Internal("trade".into()));
        assert_eq!(
            Link::from_href("https://example.org/#x"),
            Link::External("https://example.org/#x".into())
        );
        for href in ["#trade", "https://example.org/a"] {
            assert_eq!(Link::from_href(href).href(), href);
        }
    }

    #[test]
    fn ref_kind_prefixes() {
        for kind in [RefKind::Section, RefKind::Table, RefKind::Figure] {
            assert_eq!(RefKind::from_prefix(kind.prefix()), Some(kind));
        }
        assert_eq!(RefKind::from_prefix("eq"), None);
    }

    #[test]
    fn walking_visits_footnote_contents_after_the_reference() {
        let rich = vec![
            Inline::plain("a"),
            Inline::footnote(vec![Inline::plain("b"), Inline::plain("c")]),
            Inline::plain("d"),
        ];
        let mut seen = Vec::new();
        walk_inlines(&rich, &mut |i| {
            seen.push(match i {
                Inline::Text(s) => s.text.clone(),
                Inline::Footnote(_) => "^".into(),
                Inline::CrossRef(_) => "@".into(),
            })
        });
        assert_eq!(seen, ["a", "^", "b", "c", "d"]);
    }
}
