//! The document: its language and direction, what it says about itself
//! (metadata, cover), the words and numbers its writers add, and its blocks.

use dossier_canvas::Direction;
use dossier_lang::{Args, Label, Language, LanguageTag, Message};

use crate::block::Block;
use crate::index::{DocError, Index, Target, TargetNumber};
use crate::inline::{RefKind, Span};
use crate::numbers::NumberFormatter;
use crate::script::{LanguageRun, ScriptLanguages};

/// A document ready for a writer.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's language (PDF `/Lang`, HTML `lang`).
    pub lang: LanguageTag,
    /// Base direction of the whole document; `Rtl` mirrors every page.
    pub direction: Direction,
    /// The language of runs of letters in other scripts; see
    /// [`Document::language_runs`].
    pub scripts: ScriptLanguages,
    /// How the numbers writers invent (pages, sections, figures, tables,
    /// footnotes, list items) are written.
    pub numbers: NumberFormatter,
    /// The words writers add themselves.
    pub labels: Labels,
    pub metadata: Metadata,
    /// The cover page; `None` starts directly with the contents.
    pub cover: Option<Cover>,
    /// Whether a table of contents (from the headings) follows the cover.
    pub toc: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Resolves the document's ids, heading numbers and footnote numbers,
    /// checking every cross-reference and internal link.
    pub fn index(&self) -> Result<Index, DocError> {
        Index::build(&self.blocks)
    }

    /// The runs of `span` by language: one run in the span's own language
    /// when markup gave it, otherwise the runs by script. `None` is the
    /// document's language, which writers leave untagged.
    pub fn language_runs<'a>(&'a self, span: &'a Span) -> Vec<LanguageRun<'a>> {
        match &span.lang {
            _ if span.text.is_empty() => Vec::new(),
            Some(lang) => vec![LanguageRun {
                range: 0..span.text.len(),
                lang: (*lang != self.lang).then_some(lang),
            }],
            None => self.scripts.runs(&span.text),
        }
    }

    /// How a cross-reference to `target` reads: "Figure 2", «جدول ۳»,
    /// "Section 2.1"; the target's title when it has no number.
    pub fn reference_text(&self, target: &Target) -> String {
        let number = match &target.number {
            Some(TargetNumber::Section(parts)) => self.numbers.section(parts),
            Some(TargetNumber::Item(n)) => self.numbers.count(u64::from(*n)),
            None => return target.title.clone(),
        };
        format!("{} {number}", self.labels.word(target.kind))
    }
}

/// Words writers print on their own, in the document's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The title of the table of contents.
    pub contents: String,
    /// The word before a section, table and figure number.
    pub section: String,
    pub table: String,
    pub figure: String,
    /// The page footer, with `{page}` and `{pages}` in it.
    pub page_of: String,
}

impl Labels {
    /// The English words.
    pub fn english() -> Labels {
        Labels {
            contents: "Contents".into(),
            section: "Section".into(),
            table: "Table".into(),
            figure: "Figure".into(),
            page_of: "Page {page} of {pages}".into(),
        }
    }

    /// The words of `language`, from its message file: contents, section,
    /// table and figure, and the page footer.
    pub fn from_language(language: &Language) -> Labels {
        let page_of = language
            .message(
                Message::PageOf,
                &Args::new().text("page", "{page}").text("pages", "{pages}"),
            )
            .unwrap_or_else(|_| "{page} / {pages}".into());
        Labels {
            contents: language.label(Label::Contents).into(),
            section: language.label(Label::Section).into(),
            table: language.label(Label::Table).into(),
            figure: language.label(Label::Figure).into(),
            page_of,
        }
    }

    /// The word for a kind of target.
    pub fn word(&self, kind: RefKind) -> &str {
        match kind {
            RefKind::Section => &self.section,
            RefKind::Table => &self.table,
            RefKind::Figure => &self.figure,
        }
    }

    /// The footer of page `page` of `pages` (both already formatted).
    pub fn page_of(&self, page: &str, pages: &str) -> String {
        // `{pages}` first: `{page}` is a prefix of it.
        self.page_of
            .replace("{pages}", pages)
            .replace("{page}", page)
    }
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::english()
    }
}

/// Document information (PDF `/Info` and XMP, HTML `<title>` and `<meta>`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The date as printed (already formatted for the language).
    pub date_text: String,
    /// Creation time in seconds since the Unix epoch (the caller honours
    /// `SOURCE_DATE_EPOCH`); `None` writes no creation date.
    pub creation_date: Option<i64>,
}

/// The cover page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cover {
    pub title: String,
    pub subtitle: String,
    pub date: String,
    /// Headline numbers: (formatted value, label).
    pub key_figures: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::Heading;
    use crate::numbers::Digits;
    use crate::script::Script;
    use crate::table::Table;

    fn tag(s: &str) -> LanguageTag {
        LanguageTag::parse(s).unwrap()
    }

    fn persian() -> Document {
        Document {
            lang: tag("fa"),
            direction: Direction::Rtl,
            scripts: ScriptLanguages::new(Script::ARABIC),
            numbers: NumberFormatter::new(Digits::from_zero('۰').unwrap()),
            labels: Labels {
                contents: "فهرست مطالب".into(),
                section: "بخش".into(),
                table: "جدول".into(),
                figure: "شکل".into(),
                page_of: "صفحهٔ {page} از {pages}".into(),
            },
            metadata: Metadata::default(),
            cover: None,
            toc: false,
            blocks: vec![
                Block::Heading(Heading {
                    level: 1,
                    text: "تجارت".into(),
                    numbered: true,
                    id: Some("trade".into()),
                }),
                Block::Heading(Heading {
                    level: 2,
                    text: "قیمت‌ها".into(),
                    numbered: false,
                    id: Some("prices".into()),
                }),
                Block::Table(Table {
                    id: Some("t".into()),
                    caption: "صادرات".into(),
                    number: Some(12),
                    ..Table::default()
                }),
            ],
        }
    }

    #[test]
    fn references_read_in_the_document_language() {
        let doc = persian();
        let index = doc.index().unwrap();
        let text = |id| doc.reference_text(index.get(id).unwrap());
        assert_eq!(text("t"), "جدول ۱۲");
        assert_eq!(text("trade"), "بخش ۱");
        assert_eq!(
            text("prices"),
            "قیمت‌ها",
            "an unnumbered heading by its title"
        );
        assert_eq!(doc.labels.page_of("۳", "۱۰"), "صفحهٔ ۳ از ۱۰");
        assert_eq!(Labels::english().page_of("3", "10"), "Page 3 of 10");
    }

    #[test]
    fn span_languages_explicit_or_by_script() {
        let doc = persian();
        let by_script = Span::new("نام Sevilla");
        let runs = doc.language_runs(&by_script);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].lang.map(|t| t.to_string()), Some("en".into()));
        // Markup wins over the script.
        let marked = Span {
            lang: Some(tag("es")),
            ..Span::new("Sevilla")
        };
        let runs = doc.language_runs(&marked);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].lang.map(|t| t.to_string()), Some("es".into()));
        // Marked as the document's own language: untagged.
        let own = Span {
            lang: Some(tag("fa")),
            ..Span::new("Sevilla")
        };
        assert_eq!(doc.language_runs(&own)[0].lang, None);
    }
}
