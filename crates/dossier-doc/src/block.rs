//! The blocks of the document flow: headings, paragraphs, lists, tables,
//! figures, callouts and page breaks.

use dossier_canvas::Scene;

use crate::inline::RichText;
use crate::table::Table;

/// One block of the document flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Heading),
    Paragraph(RichText),
    List(List),
    Table(Table),
    Figure(Figure),
    Callout(Callout),
    /// The next block starts a new page (in paged media).
    PageBreak,
}

impl Block {
    /// The block's id, for the blocks that can be referred to.
    pub fn id(&self) -> Option<&str> {
        match self {
            Block::Heading(h) => h.id.as_deref(),
            Block::Table(t) => t.id.as_deref(),
            Block::Figure(f) => f.id.as_deref(),
            _ => None,
        }
    }

    /// The rich texts the block holds (paragraph, list items, callout
    /// body), in reading order.
    pub fn rich_texts(&self) -> Vec<&RichText> {
        match self {
            Block::Paragraph(p) => vec![p],
            Block::List(l) => l.items.iter().collect(),
            Block::Callout(c) => vec![&c.body],
            _ => Vec::new(),
        }
    }
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 3; other values are read as the nearest of them.
    pub level: u8,
    pub text: String,
    /// Printed after a section number such as `2.1`.
    pub numbered: bool,
    /// The spec's id: the heading's anchor and the target of
    /// cross-references. Without one, the [`Index`](crate::Index) gives it
    /// an anchor from its number (`sec-2-1`).
    pub id: Option<String>,
}

impl Heading {
    /// The level clamped to 1..=3.
    pub fn level(&self) -> u8 {
        self.level.clamp(1, 3)
    }
}

/// A bulleted or numbered list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<RichText>,
}

/// The caption of a figure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Caption {
    pub title: String,
    pub subtitle: Option<String>,
}

impl Caption {
    /// The caption on one line: "title — subtitle".
    pub fn text(&self) -> String {
        match &self.subtitle {
            Some(sub) if !sub.is_empty() => format!("{} — {sub}", self.title),
            _ => self.title.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.subtitle.as_deref().unwrap_or("").is_empty()
    }
}

/// A figure: a vector scene (a chart), scaled to the text width and never
/// split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// The spec's id, for cross-references and links.
    pub id: Option<String>,
    pub scene: Scene,
    pub caption: Caption,
    /// Figure number shown as "Figure n" / «شکل n»; `None` for none.
    pub number: Option<u32>,
    /// Where the figures come from; empty when the scene draws its own.
    pub source_note: String,
    /// What the figure shows, in words, for readers who cannot see it
    /// (tagged PDF `/Alt`, HTML `aria-label`/`alt`), in the document's
    /// language.
    pub alt: String,
}

/// A highlighted box.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Callout {
    pub title: String,
    pub body: RichText,
    /// Headline numbers: (formatted value, label).
    pub key_figures: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_on_one_line() {
        let mut c = Caption {
            title: "Trade".into(),
            subtitle: None,
        };
        assert_eq!(c.text(), "Trade");
        c.subtitle = Some("US$ million".into());
        assert_eq!(c.text(), "Trade — US$ million");
        assert!(Caption::default().is_empty());
    }

    #[test]
    fn ids_of_blocks_that_can_be_referred_to() {
        let h = Block::Heading(Heading {
            level: 7,
            text: "A".into(),
            numbered: true,
            id: Some("a".into()),
        });
        assert_eq!(h.id(), Some("a"));
        let Block::Heading(inner) = &h else {
            unreachable!()
        };
        assert_eq!(inner.level(), 3);
        let f = Block::Figure(Figure {
            id: Some("f".into()),
            ..Figure::default()
        });
        assert_eq!(f.id(), Some("f"));
        assert_eq!(Block::PageBreak.id(), None);
    }
}
