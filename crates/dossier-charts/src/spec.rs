//! The chart spec: what a chart shows and says, read from TOML.
//!
//! ```toml
//! kind = "grouped-bar"   # grouped-bar | line | horizontal-bar | diverging | stacked-bar | timeline
//! data = "trade"         # a data set (`table` is read too), or
//! # view = "trade"        # a table view of the report (its pivot columns
//!                         # are the categories, its rows the series)
//! category = "year"      # its category column
//! # filter = "kind = 'a'"   # rows of a data set to draw
//! # series_by = "flow"      # one series per category value, named by its
//! # value = "amount"        #   labels, with the values of `value`
//! # a timeline instead names its data sets and columns:
//! # periods = { data = "spans", start = "start", end = "end", status = "status" }
//! # events = { data = "events", date = "date", label = "label" }
//! # colors = { open = "#009E73" }   # status colours
//! width = 480            # points; default 480 × 300
//! height = 300
//! value_labels = true    # default true
//! decimals = 1           # decimals of value labels, 0–6; default 0
//! percent = false        # values are percentages (23.5 → 23.5 %)
//! divide_by = 1000000    # every value divided by this (a population in millions)
//!
//! [title]                # required; every text is given per language (BCP 47 tags)
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
use dossier_lang::LanguageTag;
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

/// A text given per language, by BCP 47 tag: `{ en = "…", fa = "…" }`.
///
/// Read for any languages; the report checks the texts against its own
/// list of languages ([`check_languages`]). A language is served by its
/// own tag or a less specific one (`es-CL` by `es`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Localized {
    /// Texts by tag, as written.
    pub texts: Vec<(String, String)>,
    /// Byte offset of the text in the spec file, for errors.
    pub offset: usize,
}

impl<'de> serde::Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Localized, D::Error> {
        let map: std::collections::BTreeMap<String, String> =
            std::collections::BTreeMap::deserialize(d)?;
        Ok(Localized {
            texts: map.into_iter().collect(),
            offset: 0,
        })
    }
}

impl Localized {
    /// A text from (tag, text) pairs.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Localized {
        Localized {
            texts: pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
            offset: 0,
        }
    }

    /// The text in `lang`: its own tag, else a less specific one; empty
    /// when none serves it (the report has checked that one does).
    pub fn get(&self, lang: Lang) -> &str {
        self.find(lang.tag()).unwrap_or("")
    }

    /// The text for `tag` or a less specific tag.
    pub fn find(&self, tag: &LanguageTag) -> Option<&str> {
        tag.fallbacks().iter().find_map(|t| {
            let want = t.to_string();
            self.texts
                .iter()
                .find(|(l, _)| LanguageTag::parse(l).is_ok_and(|l| l.to_string() == want))
                .map(|(_, text)| text.as_str())
        })
    }

    /// Some text, for messages that name the chart.
    pub fn first(&self) -> &str {
        self.texts.first().map_or("", |(_, t)| t.as_str())
    }

    /// The first problem with these texts for a report in `languages`: a
    /// language no text serves, or a text for no language of the report.
    pub fn problem(&self, languages: &[LanguageTag]) -> Option<String> {
        if let Some(missing) = languages.iter().find(|l| self.find(l).is_none()) {
            return Some(format!("no text for the language `{missing}`"));
        }
        for (tag, _) in &self.texts {
            let serves = LanguageTag::parse(tag)
                .is_ok_and(|t| languages.iter().any(|l| l.fallbacks().contains(&t)));
            if !serves {
                let list: Vec<String> = languages.iter().map(|l| l.to_string()).collect();
                return Some(format!(
                    "a text for `{tag}`, which is not a language of the report ({})",
                    list.join(", ")
                ));
            }
        }
        None
    }
}

/// One series of a chart: a table column with a name per language.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSpec {
    /// Column of the table holding the values.
    pub column: String,
    /// The series' name; with `series_by`, the category labels name the
    /// series instead.
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
    /// Every value is divided by this before it is drawn (`divide_by =
    /// 1000000` draws a population in millions, with `unit` saying so); 1
    /// when not given.
    pub divide_by: f64,
    /// The data set the data comes from (`data`, or `table`).
    pub table: Option<String>,
    /// Or the table view of the report it comes from (`view`): its pivot
    /// columns are the categories, its rows the series.
    pub view: Option<String>,
    /// Column of that table holding the categories.
    pub category: Option<String>,
    /// A condition over a data set's rows (a formula), choosing the rows
    /// the chart draws.
    pub filter: Option<String>,
    /// One series per value of this category field, named by its labels,
    /// with the values of `value`.
    pub series_by: Option<String>,
    /// With `series_by`: the field holding the values.
    pub value: Option<String>,
    /// A timeline's periods: data set and columns.
    pub periods: Option<PeriodSource>,
    /// A timeline's events: data set and columns.
    pub events: Option<EventSource>,
    /// Colours of a timeline's statuses, by status value.
    pub colors: Vec<(String, Color)>,
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
    pub view: (usize, usize),
    pub category: (usize, usize),
    pub width: (usize, usize),
    pub height: (usize, usize),
    /// The `column` of each `[[series]]`, in order.
    pub series: Vec<(usize, usize)>,
}

/// Where a timeline's periods come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSource {
    pub data: String,
    pub start: String,
    pub end: String,
    /// A category field: its labels name the statuses in the legend.
    pub status: String,
}

/// Where a timeline's events come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSource {
    pub data: String,
    pub date: String,
    /// A localized or text field.
    pub label: String,
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
    #[serde(default)]
    name: Option<Spanned<Localized>>,
    #[serde(default)]
    color: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    kind: Spanned<ChartKind>,
    title: Spanned<Localized>,
    #[serde(default)]
    subtitle: Option<Spanned<Localized>>,
    #[serde(default)]
    x_title: Option<Spanned<Localized>>,
    #[serde(default)]
    y_title: Option<Spanned<Localized>>,
    #[serde(default)]
    unit: Option<Spanned<Localized>>,
    #[serde(default)]
    source_note: Option<Spanned<Localized>>,
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
    divide_by: Option<Spanned<f64>>,
    #[serde(default, alias = "table")]
    data: Option<Spanned<String>>,
    #[serde(default)]
    view: Option<Spanned<String>>,
    #[serde(default)]
    category: Option<Spanned<String>>,
    #[serde(default)]
    filter: Option<String>,
    #[serde(default)]
    series_by: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    periods: Option<PeriodSource>,
    #[serde(default)]
    events: Option<EventSource>,
    #[serde(default)]
    colors: Option<std::collections::BTreeMap<String, Spanned<String>>>,
    #[serde(default)]
    series: Option<Spanned<Vec<RawSeries>>>,
    #[serde(default)]
    positive_label: Option<Spanned<Localized>>,
    #[serde(default)]
    negative_label: Option<Spanned<Localized>>,
}

/// A text with the offset of its place in the spec.
fn placed(s: Spanned<Localized>) -> Localized {
    let offset = s.span().start;
    Localized {
        offset,
        ..s.into_inner()
    }
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
        table: raw.data.as_ref().map_or((0, 0), |t| at(t.span())),
        view: raw.view.as_ref().map_or((0, 0), |v| at(v.span())),
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
    let divide_by = match raw.divide_by {
        None => 1.0,
        Some(d) if d.get_ref().is_finite() && *d.get_ref() > 0.0 && *d.get_ref() <= 1e15 => {
            *d.get_ref()
        }
        Some(d) => {
            return Err(err(
                d.span().start,
                format!(
                    "divide_by must be a number more than 0 and at most 1e15, not {}",
                    d.get_ref()
                ),
            ))
        }
    };
    let mut series = Vec::new();
    let series_span = raw.series.as_ref().map(|s| s.span().start);
    let color = |c: &Spanned<String>| {
        Color::from_hex(c.get_ref()).ok_or_else(|| {
            err(
                c.span().start,
                format!("colour must be written #rrggbb, not {:?}", c.get_ref()),
            )
        })
    };
    let mut colors = Vec::new();
    for (status, c) in raw.colors.iter().flatten() {
        colors.push((status.clone(), color(c)?));
    }
    for s in raw.series.map(|s| s.into_inner()).unwrap_or_default() {
        let color = match &s.color {
            None => None,
            Some(c) => Some(color(c)?),
        };
        let name = match s.name {
            Some(n) => placed(n),
            None if raw.series_by.is_some() => Localized::default(),
            None => {
                return Err(err(
                    series_span.unwrap_or(0),
                    format!(
                        "series `{}` needs a `name` (a text per language)",
                        s.column.get_ref()
                    ),
                ))
            }
        };
        places.series.push(at(s.column.span()));
        series.push(SeriesSpec {
            column: s.column.into_inner(),
            name,
            color,
        });
    }
    let kind = raw.kind.into_inner();
    if kind != ChartKind::Timeline && series.is_empty() && raw.series_by.is_none() {
        return Err(err(
            series_span.unwrap_or(0),
            "a chart of this kind needs at least one [[series]]".to_string(),
        ));
    }
    if kind == ChartKind::Timeline && (raw.periods.is_none() && raw.events.is_none()) {
        return Err(err(
            0,
            "a timeline needs `periods` or `events` (a data set and its columns)".to_string(),
        ));
    }
    Ok(ChartSpec {
        kind,
        title: placed(raw.title),
        subtitle: raw.subtitle.map(placed),
        x_title: raw.x_title.map(placed),
        y_title: raw.y_title.map(placed),
        unit: raw.unit.map(placed),
        source_note: raw.source_note.map(placed),
        width,
        height,
        value_labels: raw.value_labels.unwrap_or(true),
        decimals,
        percent: raw.percent,
        divide_by,
        table: raw.data.map(Spanned::into_inner),
        view: raw.view.map(Spanned::into_inner),
        category: raw.category.map(Spanned::into_inner),
        filter: raw.filter,
        series_by: raw.series_by,
        value: raw.value,
        periods: raw.periods,
        events: raw.events,
        colors,
        series,
        positive_label: raw.positive_label.map(placed),
        negative_label: raw.negative_label.map(placed),
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
            divide_by: 1.0,
            table: None,
            view: None,
            category: None,
            filter: None,
            series_by: None,
            value: None,
            periods: None,
            events: None,
            colors: Vec::new(),
            series: Vec::new(),
            positive_label: None,
            negative_label: None,
            places: SpecPlaces::default(),
        }
    }
}

/// The first text of `spec` that does not serve exactly the report's
/// `languages`, as an error at its place in the spec file `text`.
pub fn check_languages(
    spec: &ChartSpec,
    text: &str,
    origin: &str,
    languages: &[LanguageTag],
) -> Result<(), SpecError> {
    let mut texts: Vec<(&str, &Localized)> = vec![("title", &spec.title)];
    for (name, t) in [
        ("subtitle", &spec.subtitle),
        ("x_title", &spec.x_title),
        ("y_title", &spec.y_title),
        ("unit", &spec.unit),
        ("source_note", &spec.source_note),
        ("positive_label", &spec.positive_label),
        ("negative_label", &spec.negative_label),
    ] {
        if let Some(t) = t {
            texts.push((name, t));
        }
    }
    for s in &spec.series {
        if !s.name.texts.is_empty() || spec.series_by.is_none() {
            texts.push(("series name", &s.name));
        }
    }
    for (name, t) in texts {
        if let Some(problem) = t.problem(languages) {
            let (line, column) = line_col(text, t.offset);
            return Err(SpecError {
                origin: origin.to_string(),
                line,
                column,
                message: format!("`{name}`: {problem}"),
            });
        }
    }
    Ok(())
}
