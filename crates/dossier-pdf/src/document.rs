//! The document model: what a printed briefing is made of, before layout.
//!
//! Everything here is plain data. Numbers inside text arrive already
//! formatted by the caller (dossier-core formats them per language); this
//! crate only formats the numbers it invents itself: page, figure, table and
//! section numbers, through [`localize_digits`].

use dossier_canvas::{Color, Direction, Scene};

/// A briefing ready for layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// BCP 47 language tag written as the PDF `/Lang`, e.g. `fa-IR` or `en-US`.
    pub lang_tag: String,
    /// Base direction of the whole document; `Rtl` mirrors every page.
    pub direction: Direction,
    pub metadata: Metadata,
    /// The cover page; `None` starts directly with the contents.
    pub cover: Option<Cover>,
    /// Whether a table of contents (from the headings) follows the cover.
    pub toc: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    /// True when numbers the layout invents use Persian digits.
    pub fn persian_digits(&self) -> bool {
        self.lang_tag.starts_with("fa")
    }
}

/// Document information, written to the PDF `/Info` dictionary.
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
    /// `SOURCE_DATE_EPOCH`); `None` writes no `/CreationDate`.
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

/// A piece of rich inline text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    /// A URL, or `#anchor` for a link inside the document.
    pub link: Option<String>,
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            ..Inline::default()
        }
    }

    pub fn bold(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            bold: true,
            link: None,
        }
    }

    pub fn link(text: impl Into<String>, target: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            bold: false,
            link: Some(target.into()),
        }
    }
}

/// Rich text: a sequence of inline pieces.
pub type RichText = Vec<Inline>;

/// How a table column is aligned, relative to the document direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnAlign {
    #[default]
    Start,
    End,
    Center,
    /// Numbers, aligned on their decimal separator (`.` or `٫`).
    Numeric,
}

/// The look of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableStyle {
    /// Alternate rows shaded.
    #[default]
    Zebra,
    /// A thin rule under every row.
    Ruled,
}

/// A table of already formatted cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: String,
    /// Table number shown before the caption; `None` for none.
    pub number: Option<u32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// One per column; missing entries are `Start`.
    pub align: Vec<ColumnAlign>,
    /// A bold total row after a rule, drawn with the last page of the table.
    pub total_row: Option<Vec<String>>,
    /// Notes under the table (sources, footnotes).
    pub notes: Vec<String>,
    pub style: TableStyle,
}

/// A figure: a vector scene scaled to the text width, never split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub scene: Scene,
    pub caption: String,
    pub source_note: String,
    /// Figure number shown as "Figure n" / «شکل n»; `None` for none.
    pub number: Option<u32>,
}

/// A highlighted box.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Callout {
    pub title: String,
    pub body: RichText,
    /// (formatted value, label).
    pub key_figures: Vec<(String, String)>,
}

/// One block of the document flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        /// 1 to 3.
        level: u8,
        text: String,
        /// Prefix with a section number such as `2.1`.
        numbered: bool,
        /// Named destination for links and the outline; generated when `None`.
        anchor: Option<String>,
    },
    Paragraph(RichText),
    List {
        ordered: bool,
        items: Vec<RichText>,
    },
    Table(Table),
    Figure(Figure),
    Callout(Callout),
    PageBreak,
}

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
    /// (width, height) in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (595.28, 841.89),
            PageSize::Letter => (612.0, 792.0),
        }
    }
}

/// Fonts sizes, colours, spacing and page geometry, shared with charts
/// (which take their colours from [`Theme::palette`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub page: PageSize,
    /// Margins in points: top, right, bottom, left (physical sides).
    pub margin_top: f32,
    pub margin_right: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub body_size: f32,
    /// Heading sizes for levels 1, 2, 3.
    pub heading_sizes: [f32; 3],
    pub small_size: f32,
    pub title_size: f32,
    pub line_height: f32,
    /// Space after a paragraph, in points.
    pub paragraph_gap: f32,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub rule: Color,
    pub zebra: Color,
    pub callout_fill: Color,
    /// Series colours for charts.
    pub palette: Vec<Color>,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            page: PageSize::A4,
            margin_top: 72.0,
            margin_right: 62.0,
            margin_bottom: 66.0,
            margin_left: 62.0,
            body_size: 10.5,
            heading_sizes: [17.0, 13.5, 11.5],
            small_size: 8.5,
            title_size: 28.0,
            line_height: 1.55,
            paragraph_gap: 7.0,
            text: Color::rgb(0x1f, 0x23, 0x28),
            muted: Color::rgb(0x6a, 0x72, 0x7c),
            accent: Color::rgb(0x1d, 0x4e, 0x89),
            rule: Color::rgb(0xc8, 0xcd, 0xd3),
            zebra: Color::rgb(0xf1, 0xf4, 0xf8),
            callout_fill: Color::rgb(0xea, 0xf1, 0xfa),
            palette: vec![
                Color::rgb(0x1d, 0x4e, 0x89),
                Color::rgb(0xd9, 0x7b, 0x29),
                Color::rgb(0x3a, 0x8d, 0x5c),
                Color::rgb(0xb0, 0x3a, 0x48),
                Color::rgb(0x6b, 0x5b, 0x95),
                Color::rgb(0x7f, 0x7f, 0x7f),
            ],
        }
    }
}

impl Theme {
    /// US Letter paper, otherwise the default.
    pub fn letter() -> Theme {
        Theme {
            page: PageSize::Letter,
            ..Theme::default()
        }
    }
}

/// Replaces ASCII digits with Persian digits (۰–۹) when `persian` is true.
/// Other characters (such as the `.` of a section number) are kept.
pub fn localize_digits(s: &str, persian: bool) -> String {
    let lang = if persian {
        dossier_core::Lang::Fa
    } else {
        dossier_core::Lang::En
    };
    dossier_core::locale::digits(s, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_digits() {
        assert_eq!(localize_digits("12 of 30", true), "۱۲ of ۳۰");
        assert_eq!(localize_digits("2.1", true), "۲.۱");
        assert_eq!(localize_digits("2.1", false), "2.1");
    }
}
