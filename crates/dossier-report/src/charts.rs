//! Chart data from the report's data: a chart spec names a data set or a
//! table view (`view`), its category column, and its series (columns, or one series
//! per value of a category field); a timeline names the data sets and
//! columns of its periods and events. The chart's source note is built
//! from the provenance of the rows it draws.
//!
//! In a report, every text of a chart spec (title, subtitle, axis titles,
//! unit, source note, series names, legend labels) uses the reference
//! grammar of [`crate::refs`], as the spec's own texts do: `{figure}`,
//! `{param.NAME}`, `{cite:source}`, with `{{` and `}}` for braces. The
//! filter of a chart is a formula that may name parameters
//! (`country = param.country`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use dossier_canvas::{Scene, Weight};
use dossier_charts::{
    CategorySeries, ChartData, ChartKind, ChartSpec, Event, Period, RenderOptions, Series, Status,
    TimelineData, PALETTE,
};
use dossier_core::evaluate::{ColumnHead, Figures, RowLabel, View};
use dossier_core::package::{FieldType, Package, Resource, RowProvenance};
use dossier_core::{Date, Lang, LimitExceeded, Limits, Sandbox, Value};
use dossier_lang::LanguageTag;

use crate::budget::{self, Origin, TextBudget};
use crate::error::ReportError;
use crate::resolve::Resolver;
use crate::{access, format};

/// What charts may draw from.
pub struct Data<'a> {
    pub package: &'a Package,
    pub figures: &'a Figures,
    pub views: &'a BTreeMap<String, View>,
    /// The report's languages, which every chart text must serve.
    pub languages: &'a [LanguageTag],
    /// Whether a text for another language is an error too (in a report;
    /// a chart drawn alone may carry the texts of every language).
    pub strict: bool,
    /// What the chart's texts may refer to, in a report; a chart drawn
    /// alone keeps its texts as written.
    pub resolver: Option<&'a Resolver<'a>>,
}

fn fail(spec: &ChartSpec, table: &str, column: &str) -> dossier_charts::ChartError {
    dossier_charts::ChartError::MissingColumn {
        title: spec.title.first().to_string(),
        table: table.to_string(),
        column: column.to_string(),
    }
}

/// A chart drawn for one edition.
pub struct Drawn {
    pub spec: ChartSpec,
    /// The chart file: title, subtitle and source note drawn in it.
    pub standalone: Scene,
    /// The chart in a document figure, which prints the caption above it
    /// and the source line below it ([`RenderOptions::FIGURE`]).
    pub figure: Scene,
    /// Its alternative text, from its data (see [`crate::alt`]).
    pub alt: String,
}

/// Reads, checks and draws the chart spec at `path` in `lang`: its
/// strings (see [`crate::characters`]), its languages, its size against
/// the chart limits at raster `scale`, its points, and every text it draws
/// against `budget`.
pub fn draw(
    data: &Data<'_>,
    path: &Path,
    lang: Lang,
    sandbox: &Sandbox,
    scale: f32,
    budget: &mut TextBudget,
) -> Result<Drawn, ReportError> {
    let text = sandbox.read_text(path).map_err(access)?;
    let origin = path.display().to_string();
    let mut spec = checked_spec(data, path, &text, &origin)?;
    // In a report every language was checked with the spec.
    if let Some(missing) = missing_text(&spec, lang).filter(|_| !data.strict) {
        return Err(ReportError::Spec {
            path: path.to_path_buf(),
            line: crate::error::locate(&text, missing.1).0,
            column: crate::error::locate(&text, missing.1).1,
            message: format!("`{}`: no text for the language `{}`", missing.0, lang.tag()),
        });
    }
    check_chart_size(&spec, path, &sandbox.limits, scale)?;
    check_source(data, &spec, path)?;
    if let Some(resolver) = data.resolver {
        resolve_texts(&mut spec, resolver, path, &text)?;
    }
    let chart_err = |spec: &ChartSpec, source: dossier_charts::ChartError| {
        let (line, column) = chart_error_place(spec, &source);
        ReportError::Chart {
            path: path.to_path_buf(),
            line,
            column,
            source,
        }
    };
    let (chart, provenance) = chart_data(data, &spec, lang).map_err(|e| chart_err(&spec, e))?;
    let points = match &chart {
        ChartData::Categories(c) => c.categories.len().saturating_mul(c.series.len().max(1)),
        ChartData::Timeline(t) => t.periods.len() + t.events.len(),
    };
    if points > sandbox.limits.max_chart_points {
        return Err(ReportError::Limit(
            dossier_core::LimitExceeded::new(
                path,
                "the number of points of the chart",
                points,
                sandbox.limits.max_chart_points,
                "max-chart-points",
            )
            .at_line(data_place(&spec).0),
        ));
    }
    if spec.source_note.is_none() {
        let note = format::source_note(data.package, &provenance, lang);
        spec.source_note = Some(dossier_charts::Localized::from_pairs(&[(
            lang.code(),
            &note,
        )]));
    }
    let texts = budget::chart_texts(&spec, &chart, lang);
    budget.spend(
        Origin::new(path, spec.places.kind.0),
        "a chart label",
        texts.iter().map(String::as_str),
    )?;
    // Labels from the data are checked here, where the chart is known;
    // the error points at the first input that holds the character.
    for t in &texts {
        if let Some((offset, message)) = crate::characters::refusal(t, true, Weight::Regular) {
            let ch = t[offset..].chars().next().unwrap_or(' ');
            let (file, line, column) = crate::characters::locate(sandbox, ch)
                .unwrap_or_else(|| (path.to_path_buf(), data_place(&spec).0, 0));
            return Err(ReportError::Character {
                path: file,
                line,
                column,
                message,
            });
        }
    }
    let render = |options| {
        dossier_charts::render_with_options(&spec, &chart, lang, options)
            .map_err(|e| chart_err(&spec, e))
    };
    let standalone = render(RenderOptions::STANDALONE)?;
    let figure = render(RenderOptions::FIGURE)?;
    let mut caption = spec.title.get(lang).to_string();
    if let Some(sub) = spec.subtitle.as_ref().map(|s| s.get(lang)) {
        if !sub.is_empty() {
            caption = format!("{caption} — {sub}");
        }
    }
    let alt = crate::alt::chart_alt(&spec, &chart, &caption, lang);
    Ok(Drawn {
        spec,
        standalone,
        figure,
        alt,
    })
}

/// The spec `text` (read from `path`) parsed, its strings checked (see
/// [`crate::characters`]) and, in a report, its languages. Every run of a
/// report draws the same specs in each edition, so a spec checked once is
/// kept for the process, by its path, text and the report's languages,
/// and handed out again as a copy.
fn checked_spec(
    data: &Data<'_>,
    path: &Path,
    text: &str,
    origin: &str,
) -> Result<ChartSpec, ReportError> {
    type Key = (PathBuf, String, Vec<LanguageTag>, bool);
    /// Specs kept at most; more are parsed afresh after the kept ones go.
    const MAX_KEPT: usize = 256;
    static CHECKED: LazyLock<Mutex<HashMap<Key, ChartSpec>>> = LazyLock::new(Default::default);
    let key: Key = (
        path.to_path_buf(),
        text.to_string(),
        data.languages.to_vec(),
        data.strict,
    );
    if let Some(spec) = CHECKED.lock().ok().and_then(|kept| kept.get(&key).cloned()) {
        return Ok(spec);
    }
    let spec_err = |e: dossier_charts::SpecError| ReportError::Spec {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    };
    let spec = dossier_charts::parse_spec(text, origin).map_err(spec_err)?;
    crate::characters::check_toml(text, path, data.languages)?;
    if data.strict {
        dossier_charts::check_languages(&spec, text, origin, data.languages).map_err(spec_err)?;
    }
    if let Ok(mut kept) = CHECKED.lock() {
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(key, spec.clone());
    }
    Ok(spec)
}

/// Checks that the view or data set `spec` names exists, and that a
/// chart of a pivot view names its column field as its category, as
/// errors at the field to change.
fn check_source(data: &Data<'_>, spec: &ChartSpec, path: &Path) -> Result<(), ReportError> {
    if spec.kind == ChartKind::Timeline {
        return Ok(());
    }
    let err = |(line, column): (usize, usize), message: String| ReportError::Spec {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let known = |names: Vec<&str>, name: &str| {
        let hint = dossier_core::closest(name, names.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let list = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        };
        format!("expected one of: {list}{hint}")
    };
    if let Some(name) = &spec.view {
        let Some(view) = data.views.get(name) else {
            let names: Vec<&str> = data.views.keys().map(String::as_str).collect();
            return Err(err(
                spec.places.view,
                format!("unknown table view `{name}`; {}", known(names, name)),
            ));
        };
        if let (Some(category), Some(columns)) = (&spec.category, &view.pivot_columns) {
            if category != columns {
                return Err(err(
                    spec.places.category,
                    format!(
                        "`category = \"{category}\"`: the categories of a chart of view `{name}` are its pivot columns, the values of `{columns}`; expected `category = \"{columns}\"` or no `category`"
                    ),
                ));
            }
        }
        if view.pivot_columns.is_none() {
            return Err(err(
                spec.places.view,
                format!("table view `{name}` has no pivot; a chart of a view draws its pivot columns as categories and its rows as series"),
            ));
        }
    } else {
        let name = spec.table.as_deref().unwrap_or("");
        if data.package.resource(name).is_none() {
            let names: Vec<&str> = data
                .package
                .resources
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            let at = if spec.places.table.0 > 0 {
                spec.places.table
            } else {
                spec.places.kind
            };
            let message = if name.is_empty() {
                format!("the chart names no data: set `data` (a data set) or `view` (a table view); data sets: {}", names.join(", "))
            } else {
                format!("unknown data set `{name}`; {}", known(names, name))
            };
            return Err(err(at, message));
        }
    }
    Ok(())
}

/// Reads the chart spec at `path` and the rows of the data its chart
/// draws in `lang`, without drawing it, so that they are recorded as the
/// report's reads (see [`crate::Report::data_reads`]).
pub fn read_data(
    data: &Data<'_>,
    path: &Path,
    lang: Lang,
    sandbox: &Sandbox,
) -> Result<(), ReportError> {
    let text = sandbox.read_text(path).map_err(access)?;
    let origin = path.display().to_string();
    let spec = dossier_charts::parse_spec(&text, &origin).map_err(|e| ReportError::Spec {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    chart_data(data, &spec, lang).map_err(|source| {
        let (line, column) = chart_error_place(&spec, &source);
        ReportError::Chart {
            path: path.to_path_buf(),
            line,
            column,
            source,
        }
    })?;
    Ok(())
}

/// Resolves the references in every text of `spec` (read from `path`,
/// whose text is `file`), as the edition of `resolver` writes them.
fn resolve_texts(
    spec: &mut ChartSpec,
    resolver: &Resolver<'_>,
    path: &Path,
    file: &str,
) -> Result<(), ReportError> {
    let mut texts: Vec<&mut dossier_charts::Localized> = vec![&mut spec.title];
    texts.extend(spec.subtitle.as_mut());
    texts.extend(spec.x_title.as_mut());
    texts.extend(spec.y_title.as_mut());
    texts.extend(spec.unit.as_mut());
    texts.extend(spec.source_note.as_mut());
    texts.extend(spec.positive_label.as_mut());
    texts.extend(spec.negative_label.as_mut());
    texts.extend(spec.series.iter_mut().map(|s| &mut s.name));
    for localized in texts {
        for (_, text) in &mut localized.texts {
            if !text.contains(['{', '}']) {
                continue;
            }
            match resolver.plain(text) {
                Ok(resolved) => *text = resolved,
                Err((offset, message)) => {
                    // Where the text is written: its first line holding the
                    // reference, found in the file.
                    let needle = text
                        .get(offset..)
                        .unwrap_or(text)
                        .lines()
                        .next()
                        .unwrap_or("");
                    let (line, column) = file
                        .find(needle)
                        .filter(|_| !needle.is_empty())
                        .map_or((0, 0), |at| crate::error::locate(file, at));
                    return Err(ReportError::Spec {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Where the spec names its data (`data`, else `kind`, which every spec
/// has).
fn data_place(spec: &ChartSpec) -> (usize, usize) {
    if spec.places.table.0 > 0 {
        spec.places.table
    } else {
        spec.places.kind
    }
}

/// Checks the size of `spec` against the chart limits: width and height in
/// points, and pixels at raster `scale`.
fn check_chart_size(
    spec: &ChartSpec,
    path: &Path,
    limits: &Limits,
    scale: f32,
) -> Result<(), ReportError> {
    let places = &spec.places;
    let or_kind = |p: (usize, usize)| if p.0 > 0 { p } else { places.kind };
    let limit = |what: &str, value: usize, max: usize, name: &str, place: (usize, usize)| {
        ReportError::Limit(LimitExceeded::new(path, what, value, max, name).at_line(place.0))
    };
    if spec.width > limits.max_chart_width as f32 {
        return Err(limit(
            "the width of the chart in points",
            spec.width.ceil() as usize,
            limits.max_chart_width as usize,
            "max-chart-width",
            or_kind(places.width),
        ));
    }
    if spec.height > limits.max_chart_height as f32 {
        return Err(limit(
            "the height of the chart in points",
            spec.height.ceil() as usize,
            limits.max_chart_height as usize,
            "max-chart-height",
            or_kind(places.height),
        ));
    }
    let pixels = |points: f32| (points * scale).ceil().max(0.0) as u64;
    let total = pixels(spec.width).saturating_mul(pixels(spec.height));
    if total > limits.max_chart_pixels {
        let place = if places.width.0 > 0 {
            places.width
        } else {
            or_kind(places.height)
        };
        return Err(ReportError::Limit(
            LimitExceeded {
                path: path.to_path_buf(),
                line: 0,
                what: format!(
                    "the number of pixels of the chart image ({} × {} points at {scale} pixels per point)",
                    spec.width, spec.height
                ),
                value: total,
                limit: limits.max_chart_pixels,
                name: "max-chart-pixels".into(),
            }
            .at_line(place.0),
        ));
    }
    Ok(())
}

/// The field of `spec` to change for `error`: the series or category
/// naming a missing column, else the data, else the kind (which every
/// spec has).
fn chart_error_place(spec: &ChartSpec, error: &dossier_charts::ChartError) -> (usize, usize) {
    use dossier_charts::ChartError;
    let places = &spec.places;
    let or_data = |p: (usize, usize)| if p.0 > 0 { p } else { data_place(spec) };
    let place = match error {
        ChartError::MissingColumn { column, .. } => spec
            .series
            .iter()
            .zip(&places.series)
            .find(|(s, _)| &s.column == column)
            .map(|(_, p)| *p)
            .or((spec.category.as_deref() == Some(column.as_str())).then_some(places.category))
            .unwrap_or(places.table),
        ChartError::Length { series, .. } | ChartError::NotFinite { series, .. } => spec
            .series
            .iter()
            .zip(&places.series)
            .find(|(s, _)| s.name.texts.iter().any(|(_, t)| t == series))
            .map(|(_, p)| *p)
            .unwrap_or(places.table),
        ChartError::WrongData { .. } => places.kind,
        _ => places.table,
    };
    or_data(place)
}

/// The first required text of `spec` with nothing for `lang`.
fn missing_text(spec: &ChartSpec, lang: Lang) -> Option<(&'static str, usize)> {
    let mut texts = vec![("title", &spec.title)];
    texts.extend(spec.subtitle.iter().map(|t| ("subtitle", t)));
    texts.extend(spec.y_title.iter().map(|t| ("y_title", t)));
    texts.extend(spec.x_title.iter().map(|t| ("x_title", t)));
    texts
        .into_iter()
        .find(|(_, t)| t.find(lang.tag()).is_none())
        .map(|(n, t)| (n, t.offset))
}

fn chart_data(
    data: &Data<'_>,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<RowProvenance>), dossier_charts::ChartError> {
    let (mut chart, provenance) = undivided(data, spec, lang)?;
    if spec.divide_by != 1.0 {
        if let ChartData::Categories(c) = &mut chart {
            for s in &mut c.series {
                for v in &mut s.values {
                    *v /= spec.divide_by;
                }
            }
        }
    }
    Ok((chart, provenance))
}

/// The chart's data as the data set or view holds it.
fn undivided(
    data: &Data<'_>,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<RowProvenance>), dossier_charts::ChartError> {
    if spec.kind == ChartKind::Timeline {
        return timeline(data, spec, lang);
    }
    if let Some(name) = &spec.view {
        let view = data
            .views
            .get(name)
            .ok_or_else(|| fail(spec, name, "(no table view of that name)"))?;
        return from_view(view, spec, lang);
    }
    let name = spec.table.as_deref().unwrap_or("");
    let res = data
        .package
        .resource(name)
        .ok_or_else(|| fail(spec, name, "(no table view or data set of that name)"))?;
    from_resource(data, res, spec, lang)
}

/// A pivot view: its columns are the categories, its rows the series.
fn from_view(
    view: &View,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<RowProvenance>), dossier_charts::ChartError> {
    if view.rows.is_empty() {
        return Err(dossier_charts::ChartError::Empty {
            title: spec.title.first().to_string(),
        });
    }
    let pivot: Vec<usize> = view
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, ColumnHead::Pivot(_)))
        .map(|(i, _)| i)
        .collect();
    if pivot.is_empty() {
        return Err(dossier_charts::ChartError::Empty {
            title: spec.title.first().to_string(),
        });
    }
    let categories = pivot
        .iter()
        .filter_map(|&i| match &view.columns[i] {
            ColumnHead::Pivot(c) => Some(format::cell(c, lang)),
            ColumnHead::Column(_) => None,
        })
        .collect();
    let data = CategorySeries::from_columns(spec, lang, categories, |column| {
        let row = view.rows.iter().find(|r| match &r.label {
            Some(RowLabel::Key(dossier_core::evaluate::Cell::Category { value, .. })) => {
                value == column
            }
            Some(RowLabel::Key(c)) => format::cell(c, lang) == column,
            Some(RowLabel::Derived(i)) => {
                view.row_ids.get(*i).and_then(|id| id.as_deref()) == Some(column)
            }
            _ => false,
        })?;
        Some(
            pivot
                .iter()
                .map(|&i| match row.cells.get(i) {
                    Some(dossier_core::evaluate::Cell::Number { value, .. }) => {
                        value.to_string().parse().unwrap_or(f64::NAN)
                    }
                    _ => 0.0,
                })
                .collect(),
        )
    })?;
    Ok((ChartData::Categories(data), view.provenance.clone()))
}

/// The rows of `res` a chart's filter keeps.
fn rows_of(
    data: &Data<'_>,
    res: &Resource,
    spec: &ChartSpec,
) -> Result<Vec<usize>, dossier_charts::ChartError> {
    let Some(filter) = &spec.filter else {
        return Ok((0..res.rows.len()).collect());
    };
    let bad = |what: String| dossier_charts::ChartError::WrongData {
        title: spec.title.first().to_string(),
        kind: "chart",
        needs: Box::leak(what.into_boxed_str()),
    };
    let formula = dossier_formula::Formula::parse(filter)
        .map_err(|e| bad(format!("a filter that reads: {e}")))?;
    let ctx = data.figures.context(data.package);
    let mut rows = Vec::new();
    for (row, tested) in formula
        .evaluate_in_rows(&ctx, res, 0..res.rows.len())
        .into_iter()
        .enumerate()
    {
        match tested {
            Ok(Value::Bool(true)) => rows.push(row),
            Ok(_) => {}
            Err(e) => return Err(bad(format!("a filter that evaluates: {e}"))),
        }
    }
    Ok(rows)
}

fn number(v: Option<&Value>) -> f64 {
    match v {
        Some(Value::Number(n)) => n.to_string().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

fn from_resource(
    data: &Data<'_>,
    res: &Resource,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<RowProvenance>), dossier_charts::ChartError> {
    let rows = rows_of(data, res, spec)?;
    data.figures.mark(&res.name, rows.iter().copied());
    let category = spec.category.as_deref().unwrap_or("");
    let (ci, _) = res
        .field(category)
        .ok_or_else(|| fail(spec, &res.name, category))?;
    let mut keys: Vec<Value> = Vec::new();
    for &r in &rows {
        let v = res.rows[r].values[ci].clone();
        if !keys.contains(&v) {
            keys.push(v);
        }
    }
    let categories = keys
        .iter()
        .map(|k| format::field_value(res, ci, k, lang))
        .collect();
    let find = |key: &Value, extra: Option<(usize, &Value)>| {
        rows.iter().copied().find(|&r| {
            res.rows[r].values[ci] == *key && extra.is_none_or(|(i, v)| res.rows[r].values[i] == *v)
        })
    };
    let chart = match &spec.series_by {
        Some(by) => {
            let (bi, bf) = res.field(by).ok_or_else(|| fail(spec, &res.name, by))?;
            let value = spec.value.as_deref().unwrap_or("");
            let (vi, _) = res
                .field(value)
                .ok_or_else(|| fail(spec, &res.name, value))?;
            let mut groups: Vec<Value> = Vec::new();
            for &r in &rows {
                let v = res.rows[r].values[bi].clone();
                if !groups.contains(&v) {
                    groups.push(v);
                }
            }
            let rank = |v: &Value| {
                v.as_text()
                    .and_then(|t| bf.categories.iter().position(|c| c.value == t))
                    .unwrap_or(usize::MAX)
            };
            groups.sort_by_key(rank);
            let series = groups
                .iter()
                .enumerate()
                .map(|(i, g)| Series {
                    name: format::field_value(res, bi, g, lang),
                    values: keys
                        .iter()
                        .map(|k| number(find(k, Some((bi, g))).map(|r| &res.rows[r].values[vi])))
                        .collect(),
                    color: spec.series.get(i).and_then(|s| s.color),
                })
                .collect();
            CategorySeries { categories, series }
        }
        None => CategorySeries::from_columns(spec, lang, categories, |column| {
            let (i, _) = res.field(column)?;
            Some(
                keys.iter()
                    .map(|k| number(find(k, None).map(|r| &res.rows[r].values[i])))
                    .collect(),
            )
        })?,
    };
    let provenance = rows
        .iter()
        .map(|&r| res.rows[r].provenance.clone())
        .collect();
    Ok((ChartData::Categories(chart), provenance))
}

/// A date as a fractional year: 1973-09-14 is about 1973.7.
fn fractional_year(d: &Date) -> f64 {
    let month = f64::from(d.month().unwrap_or(1));
    let day = f64::from(d.day().unwrap_or(1));
    f64::from(d.year()) + (month - 1.0) / 12.0 + (day - 1.0) / 365.0
}

fn timeline(
    data: &Data<'_>,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<RowProvenance>), dossier_charts::ChartError> {
    let mut provenance = Vec::new();
    let mut events = Vec::new();
    let mut last = f64::MIN;
    if let Some(e) = &spec.events {
        let res = data
            .package
            .resource(&e.data)
            .ok_or_else(|| fail(spec, &e.data, "(no such data set)"))?;
        let (di, _) = res
            .field(&e.date)
            .ok_or_else(|| fail(spec, &res.name, &e.date))?;
        res.field(&e.label)
            .ok_or_else(|| fail(spec, &res.name, &e.label))?;
        data.figures.mark(&res.name, 0..res.rows.len());
        for row in &res.rows {
            let Some(date) = row.values[di].as_date() else {
                continue;
            };
            let at = fractional_year(&date);
            last = last.max(at);
            let label = res.text(row, &e.label, lang.tag()).unwrap_or("");
            events.push(Event {
                at,
                label: format!("{} · {label}", crate::format::date(&date, lang)),
            });
            provenance.push(row.provenance.clone());
        }
    }
    let mut periods = Vec::new();
    let mut statuses = Vec::new();
    if let Some(p) = &spec.periods {
        let res = data
            .package
            .resource(&p.data)
            .ok_or_else(|| fail(spec, &p.data, "(no such data set)"))?;
        let field = |name: &str| {
            res.field(name)
                .map(|(i, _)| i)
                .ok_or_else(|| fail(spec, &res.name, name))
        };
        let (si, ei, ti) = (field(&p.start)?, field(&p.end)?, field(&p.status)?);
        data.figures.mark(&res.name, 0..res.rows.len());
        for row in &res.rows {
            if let Some(d) = row.values[si].as_date() {
                last = last.max(fractional_year(&d));
            }
        }
        for row in &res.rows {
            let Some(start) = row.values[si].as_date() else {
                continue;
            };
            let end = row.values[ei]
                .as_date()
                .map(|d| fractional_year(&d))
                .unwrap_or(last.ceil().max(last + 0.5));
            let status = row.values[ti].as_text().unwrap_or("").to_string();
            periods.push(Period {
                start: fractional_year(&start),
                end,
                label: res
                    .label(&p.status, &status, lang.tag())
                    .unwrap_or(&status)
                    .to_string(),
                status_key: status,
            });
            provenance.push(row.provenance.clone());
        }
        let status_field = &res.schema.fields[ti];
        for (i, c) in status_field.categories.iter().enumerate() {
            let color = spec
                .colors
                .iter()
                .find(|(k, _)| *k == c.value)
                .map(|(_, c)| *c)
                .unwrap_or(PALETTE[i % PALETTE.len()]);
            statuses.push(Status {
                key: c.value.clone(),
                label: c
                    .label
                    .as_ref()
                    .and_then(|l| l.get(lang.tag()))
                    .unwrap_or(&c.value)
                    .to_string(),
                color,
            });
        }
        if status_field.field_type != FieldType::String || statuses.is_empty() {
            return Err(fail(
                spec,
                &res.name,
                &format!("{} (a category field)", p.status),
            ));
        }
    }
    Ok((
        ChartData::Timeline(TimelineData {
            periods,
            events,
            statuses,
        }),
        provenance,
    ))
}
