//! The chart spec: what a chart shows and says, read from TOML.
//!
//! ```toml
//! kind = "grouped-bar"   # grouped-bar | line | horizontal-bar | diverging | stacked-bar | timeline
//! table = "trade"        # table the data comes from (for the report layer)
//! category = "year"      # its category column
//! width = 480            # points; default 480 × 300
//! height = 300
//! value_labels = true    # default true
//! decimals = 1           # decimals of value labels, 0–6; default 0
//! percent = false        # values are percentages (23.5 → 23.5 %)
//!
//! [title]                # required; every text is given in both languages
//! fa = "تجارت کالا"
//! en = "Goods trade"
//! # optional: [subtitle] [x_title] [y_title] [unit] [source_note]
//! #           [positive_label] [negative_label] (diverging legend)
//!
//! [[series]]             # at least one, except for a timeline
//! column = "exports"
//! name = { fa = "صادرات", en = "Exports" }
//! color = "#0072B2"      # optional; default: the next colour of PALETTE
//! ```
//!
//! Unknown fields are refused, and every error names the file, line and
//! column of the offending field.

use dossier_canvas::Color;
use dossier_core::{line_col, Lang};
use serde::Deserialize;
use toml::Spanned;

/// The kinds of chart this crate draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Categories (e.g. years) along x, one bar per series in each group.
    GroupedBar,
    /// Categories along x, one line with markers per series.
    Line,
    /// Categories as rows, bars along the value axis (shares, percentages).
    HorizontalBar,
    /// One series of signed values (e.g. a trade balance), surplus and
    /// deficit in distinct colours around a zero line.
    Diverging,
    /// Categories along x, one bar per category with a segment per series:
    /// positive values stack up from zero and negative ones down (e.g.
    /// exports as surplus above, imports as deficit below), each bar
    /// labelled with its net total.
    StackedBar,
    /// Periods as coloured bands by status and events as labelled markers
    /// on a date axis.
    Timeline,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub fa: String,
    pub en: String,
}

impl Localized {
    pub fn new(fa: &str, en: &str) -> Localized {
        Localized {
            fa: fa.to_string(),
            en: en.to_string(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fa => &self.fa,
            Lang::En => &self.en,
        }
    }
}

/// One series of a chart: a table column with a name per language.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSpec {
    /// Column of the table holding the values.
    pub column: String,
    pub name: Localized,
    /// Overrides the palette colour.
    pub color: Option<Color>,
}

/// A chart, as written in a report's TOML.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: Localized,
    pub subtitle: Option<Localized>,
    /// Caption of the category / date axis.
    pub x_title: Option<Localized>,
    /// Caption of the value axis, drawn horizontally above it.
    pub y_title: Option<Localized>,
    /// Unit of the values, appended to the value-axis caption in brackets.
    pub unit: Option<Localized>,
    pub source_note: Option<Localized>,
    /// Size in points.
    pub width: f32,
    pub height: f32,
    /// Print each value next to its bar or marker.
    pub value_labels: bool,
    /// Decimals of value labels.
    pub decimals: usize,
    /// Values are percentages (23.5 means 23.5 %), shown with a percent sign.
    pub percent: bool,
    /// Table the data comes from.
    pub table: Option<String>,
    /// Column of that table holding the categories.
    pub category: Option<String>,
    pub series: Vec<SeriesSpec>,
    /// Legend entries of a diverging chart.
    pub positive_label: Option<Localized>,
    pub negative_label: Option<Localized>,
    /// Where its fields were written, for errors found after parsing.
    pub places: SpecPlaces,
}

/// Where the fields of a spec were written, as 1-based (line, column)
/// pairs, so that an error found after parsing (a column the table lacks,
/// a size over a limit) can point at the field to change. `(0, 0)` for a
/// field that was not written, or for a spec built in code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecPlaces {
    pub kind: (usize, usize),
    pub table: (usize, usize),
    pub category: (usize, usize),
    pub width: (usize, usize),
    pub height: (usize, usize),
    /// The `column` of each `[[series]]`, in order.
    pub series: Vec<(usize, usize)>,
}

/// Default size of a chart: a figure on an A4 page, in points.
pub const DEFAULT_WIDTH: f32 = 480.0;
pub const DEFAULT_HEIGHT: f32 = 300.0;

/// The smallest width or height a spec may ask for, in points: room for a
/// title and an axis.
pub const MIN_SIZE: f32 = 50.0;
/// The largest width or height a spec may ask for, in points: the largest
/// page a PDF may have (200 inches). Builds bound it further with the
/// report layer's limits (`--max-chart-width`, `--max-chart-height`).
pub const MAX_SIZE: f32 = 14_400.0;

/// A spec that could not be read, with the place in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct SpecError {
    pub origin: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    column: Spanned<String>,
    name: Localized,
    #[serde(default)]
    color: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    kind: Spanned<ChartKind>,
    title: Localized,
    #[serde(default)]
    subtitle: Option<Localized>,
    #[serde(default)]
    x_title: Option<Localized>,
    #[serde(default)]
    y_title: Option<Localized>,
    #[serde(default)]
    unit: Option<Localized>,
    #[serde(default)]
    source_note: Option<Localized>,
    #[serde(default)]
    width: Option<Spanned<f32>>,
    #[serde(default)]
    height: Option<Spanned<f32>>,
    #[serde(default)]
    value_labels: Option<bool>,
    #[serde(default)]
    decimals: Option<Spanned<usize>>,
    #[serde(default)]
    percent: bool,
    #[serde(default)]
    table: Option<Spanned<String>>,
    #[serde(default)]
    category: Option<Spanned<String>>,
    #[serde(default)]
    series: Option<Spanned<Vec<RawSeries>>>,
    #[serde(default)]
    positive_label: Option<Localized>,
    #[serde(default)]
    negative_label: Option<Localized>,
}

/// Reads a chart spec from TOML. `origin` (e.g. the file path) is named in
/// errors, which point at the line and column of the offending field.
pub fn parse_spec(text: &str, origin: &str) -> Result<ChartSpec, SpecError> {
    let err = |offset: usize, message: String| {
        let (line, column) = line_col(text, offset);
        SpecError {
            origin: origin.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: RawSpec = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        err(offset, e.message().trim().to_string())
    })?;
    let at = |span: std::ops::Range<usize>| line_col(text, span.start);
    let mut places = SpecPlaces {
        kind: at(raw.kind.span()),
        table: raw.table.as_ref().map_or((0, 0), |t| at(t.span())),
        category: raw.category.as_ref().map_or((0, 0), |c| at(c.span())),
        width: raw.width.as_ref().map_or((0, 0), |w| at(w.span())),
        height: raw.height.as_ref().map_or((0, 0), |h| at(h.span())),
        series: Vec::new(),
    };
    let size = |v: Option<Spanned<f32>>, default: f32, name: &str| match v {
        None => Ok(default),
        Some(s) if (MIN_SIZE..=MAX_SIZE).contains(s.get_ref()) => Ok(*s.get_ref()),
        Some(s) => Err(err(
            s.span().start,
            format!(
                "{name} must be between {MIN_SIZE} and {MAX_SIZE} points, not {}",
                s.get_ref()
            ),
        )),
    };
    let width = size(raw.width, DEFAULT_WIDTH, "width")?;
    let height = size(raw.height, DEFAULT_HEIGHT, "height")?;
    let decimals = match raw.decimals {
        None => 0,
        Some(d) if *d.get_ref() <= 6 => *d.get_ref(),
        Some(d) => {
            return Err(err(
                d.span().start,
                format!("decimals must be at most 6, not {}", d.get_ref()),
            ))
        }
    };
    let mut series = Vec::new();
    let series_span = raw.series.as_ref().map(|s| s.span().start);
    for s in raw.series.map(|s| s.into_inner()).unwrap_or_default() {
        let color = match s.color {
            None => None,
            Some(c) => Some(Color::from_hex(c.get_ref()).ok_or_else(|| {
                err(
                    c.span().start,
                    format!("colour must be written #rrggbb, not {:?}", c.get_ref()),
                )
            })?),
        };
        places.series.push(at(s.column.span()));
        series.push(SeriesSpec {
            column: s.column.into_inner(),
            name: s.name,
            color,
        });
    }
    let kind = raw.kind.into_inner();
    if kind != ChartKind::Timeline && series.is_empty() {
        return Err(err(
            series_span.unwrap_or(0),
            "a chart of this kind needs at least one [[series]]".to_string(),
        ));
    }
    Ok(ChartSpec {
        kind,
        title: raw.title,
        subtitle: raw.subtitle,
        x_title: raw.x_title,
        y_title: raw.y_title,
        unit: raw.unit,
        source_note: raw.source_note,
        width,
        height,
        value_labels: raw.value_labels.unwrap_or(true),
        decimals,
        percent: raw.percent,
        table: raw.table.map(Spanned::into_inner),
        category: raw.category.map(Spanned::into_inner),
        series,
        positive_label: raw.positive_label,
        negative_label: raw.negative_label,
        places,
    })
}

impl ChartSpec {
    /// A spec with defaults, for building charts in code.
    pub fn new(kind: ChartKind, title: Localized) -> ChartSpec {
        ChartSpec {
            kind,
            title,
            subtitle: None,
            x_title: None,
            y_title: None,
            unit: None,
            source_note: None,
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            value_labels: true,
            decimals: 0,
            percent: false,
            table: None,
            category: None,
            series: Vec::new(),
            positive_label: None,
            negative_label: None,
            places: SpecPlaces::default(),
        }
    }
}
