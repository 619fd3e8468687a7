//! Loading `data/`: CSV and TOML files into typed records, with errors that
//! point at file, line and column, followed by the provenance check of
//! every quote against its source paragraph.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::hash::Hash;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::access::{Limits, Sandbox};
use crate::error::{backticked, closest, line_col, DataError, LimitExceeded};
use crate::model::*;
use crate::normalize::match_key;
use crate::types::{Date, Money, Percent, Provenance, Year};

/// File names inside the data directory.
pub const TRADE_FILE: &str = "trade.csv";
pub const TRADE_STATED_FILE: &str = "trade_stated.csv";
pub const POLICY_FILE: &str = "policy.csv";
pub const CUBA_EVENTS_FILE: &str = "cuba_events.csv";
pub const CUBA_PERIODS_FILE: &str = "cuba_periods.csv";
pub const CLAIMS_FILE: &str = "claims.toml";
pub const ERRATA_FILE: &str = "errata.toml";
pub const SOURCES_DIR: &str = "sources";

/// Reads a file as UTF-8, reporting the line and column of the first
/// invalid byte.
pub fn read_text(path: &Path) -> Result<String, DataError> {
    Sandbox::unconfined(Limits::default()).read_text(path)
}

/// Decodes `bytes` read from `path` as UTF-8, reporting the line and column
/// of the first invalid byte.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, DataError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let (line, column) = line_col(valid, offset);
            Err(DataError::BadUtf8 {
                path: path.to_path_buf(),
                line,
                column,
                offset,
            })
        }
    }
}

// ---------------------------------------------------------------- CSV ----

#[derive(Deserialize)]
struct TradeRow {
    flow: Flow,
    year: u16,
    value_musd: f64,
    source_id: String,
    source_para: u32,
    quote: String,
}
const TRADE_FIELDS: &[&str] = &[
    "flow",
    "year",
    "value_musd",
    "source_id",
    "source_para",
    "quote",
];

#[derive(Deserialize)]
struct StatedRow {
    flow: Flow,
    metric: StatedMetric,
    value_pct: f64,
    source_id: String,
    source_para: u32,
    quote: String,
}
const STATED_FIELDS: &[&str] = &[
    "flow",
    "metric",
    "value_pct",
    "source_id",
    "source_para",
    "quote",
];

#[derive(Deserialize)]
struct PolicyRow {
    id: String,
    administration: Administration,
    lever: Lever,
    direction: Direction,
    description_en: String,
    description_fa: String,
    source_id: String,
    source_para: u32,
    quote: String,
}
const POLICY_FIELDS: &[&str] = &[
    "id",
    "administration",
    "lever",
    "direction",
    "description_en",
    "description_fa",
    "source_id",
    "source_para",
    "quote",
];

#[derive(Deserialize)]
struct EventRow {
    id: String,
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    qualifier: DateQualifier,
    kind: EventKind,
    label_en: String,
    label_fa: String,
    source_id: String,
    source_para: u32,
    quote: String,
}
const EVENT_FIELDS: &[&str] = &[
    "id",
    "year",
    "month",
    "day",
    "qualifier",
    "kind",
    "label_en",
    "label_fa",
    "source_id",
    "source_para",
    "quote",
];

#[derive(Deserialize)]
struct PeriodRow {
    id: String,
    status: RelationStatus,
    start_year: i32,
    start_month: Option<u8>,
    start_day: Option<u8>,
    end_year: Option<i32>,
    end_month: Option<u8>,
    end_day: Option<u8>,
    source_id: String,
    source_para: u32,
    quote: String,
}
const PERIOD_FIELDS: &[&str] = &[
    "id",
    "status",
    "start_year",
    "start_month",
    "start_day",
    "end_year",
    "end_month",
    "end_day",
    "source_id",
    "source_para",
    "quote",
];

/// Describes what a serde message expected, adding a suggestion for
/// unknown enum variants.
fn expected_from_message(msg: &str) -> String {
    if msg.starts_with("unknown variant") {
        let words = backticked(msg);
        if let Some((found, cands)) = words.split_first() {
            let list = cands
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = closest(found, cands.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return format!("one of {list}{hint}");
        }
    }
    msg.to_string()
}

/// Loads a CSV file with a header row into `T`; returns rows with their
/// 1-based line numbers. All problems are pushed to `errors`.
fn load_csv<T: DeserializeOwned>(
    sandbox: &Sandbox,
    path: &Path,
    fields: &[&str],
    optional: &[&str],
    errors: &mut Vec<DataError>,
) -> Vec<(usize, T)> {
    let text = match sandbox.read_text(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    if text.trim_start_matches('\u{FEFF}').trim().is_empty() {
        errors.push(DataError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!(
                "empty file; expected a header row ({}) and then one row per record",
                fields.join(",")
            ),
        });
        return Vec::new();
    }
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(DataError::Syntax {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: e.to_string(),
            });
            return Vec::new();
        }
    };
    let before = errors.len();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if !fields.contains(&h) {
            errors.push(DataError::UnknownField {
                path: path.to_path_buf(),
                line: 1,
                column: i + 1,
                field: h.to_string(),
                suggestion: closest(h, fields.iter().copied()),
                expected: fields.iter().map(|s| s.to_string()).collect(),
            });
        } else if seen.insert(h, i + 1).is_some() {
            errors.push(DataError::DuplicateKey {
                path: path.to_path_buf(),
                line: 1,
                key: h.to_string(),
                first_line: Some(1),
            });
        }
    }
    for f in fields {
        if !optional.contains(f) && !headers.iter().any(|h| h == *f) {
            errors.push(DataError::MissingField {
                path: path.to_path_buf(),
                line: 1,
                field: f.to_string(),
            });
        }
    }
    if errors.len() > before {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let max_rows = sandbox.limits.max_table_rows;
    for (n, result) in rdr.records().enumerate() {
        if n >= max_rows {
            // The rows read so far are dropped: checking a truncated table
            // would only add misleading errors.
            errors.push(row_limit(path, n + 1, max_rows));
            return Vec::new();
        }
        let rec = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(DataError::Syntax {
                    path: path.to_path_buf(),
                    line,
                    column: 1,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.len() != headers.len() {
            errors.push(DataError::RaggedRow {
                path: path.to_path_buf(),
                line,
                expected: headers.len(),
                found: rec.len(),
            });
            continue;
        }
        match rec.deserialize::<T>(Some(&headers)) {
            Ok(v) => rows.push((line, v)),
            Err(e) => errors.push(csv_value_error(path, line, &headers, &rec, &e)),
        }
    }
    rows
}

fn row_limit(path: &Path, rows: usize, limit: usize) -> DataError {
    DataError::Limit(LimitExceeded::new(
        path,
        "the number of rows read",
        rows,
        limit,
        "max-table-rows",
    ))
}

/// What a numeric field expected, with a hint for the usual mistakes.
fn number_expected(what: &str, found: &str) -> String {
    let mut text = format!(
        "{what} written with ASCII digits 0-9 (and `.` as the decimal point), without thousands separators"
    );
    if found
        .chars()
        .any(|c| ('\u{06F0}'..='\u{06F9}').contains(&c) || ('\u{0660}'..='\u{0669}').contains(&c))
    {
        text.push_str(
            "; Persian and Arabic-Indic digits are not accepted in numeric fields (they belong in `quote`)",
        );
    } else if found.contains(',') || found.contains('\u{066C}') || found.contains('_') {
        text.push_str("; remove the thousands separator");
    }
    text
}

fn csv_value_error(
    path: &Path,
    line: usize,
    headers: &csv::StringRecord,
    rec: &csv::StringRecord,
    e: &csv::Error,
) -> DataError {
    if let csv::ErrorKind::Deserialize { err, .. } = e.kind() {
        // serde reports no field index for unknown enum variants: the
        // field is the one holding the rejected word.
        let idx = err
            .field()
            .map(|f| f as usize)
            .or_else(|| match err.kind() {
                csv::DeserializeErrorKind::Message(m) if m.starts_with("unknown variant") => {
                    let word = backticked(m).into_iter().next()?;
                    rec.iter().position(|v| v == word)
                }
                _ => None,
            });
        let field = idx.and_then(|i| headers.get(i)).unwrap_or("?").to_string();
        let found = idx.and_then(|i| rec.get(i)).unwrap_or("").to_string();
        let expected = match err.kind() {
            csv::DeserializeErrorKind::ParseInt(e) => {
                number_expected(&format!("an integer ({e})"), &found)
            }
            csv::DeserializeErrorKind::ParseFloat(_) => number_expected("a number", &found),
            csv::DeserializeErrorKind::ParseBool(_) => "true or false".to_string(),
            csv::DeserializeErrorKind::UnexpectedEndOfRow => "another field".to_string(),
            csv::DeserializeErrorKind::Message(m) if m.starts_with("missing field") => {
                let f = backticked(m).into_iter().next().unwrap_or_default();
                return DataError::MissingField {
                    path: path.to_path_buf(),
                    line,
                    field: f,
                };
            }
            csv::DeserializeErrorKind::Message(m) => expected_from_message(m),
            other => other.to_string(),
        };
        return DataError::BadValue {
            path: path.to_path_buf(),
            line,
            column: idx.map(|i| i + 1).unwrap_or(0),
            field,
            expected,
            found,
        };
    }
    DataError::Syntax {
        path: path.to_path_buf(),
        line,
        column: 1,
        message: e.to_string(),
    }
}

// --------------------------------------------------------------- TOML ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsFile {
    #[serde(default)]
    claim: Vec<toml::Spanned<ClaimRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimRaw {
    id: String,
    kind: ClaimKind,
    statement_en: String,
    stated_value: Option<f64>,
    source_id: String,
    paragraph: u32,
    quote: String,
    check: CheckMethod,
    checkable_against: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrataFile {
    #[serde(default)]
    erratum: Vec<toml::Spanned<ErratumRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErratumRaw {
    id: String,
    kind: ErratumKind,
    confidence: Confidence,
    source_id: String,
    paragraph: u32,
    quote: String,
    says: String,
    correction: String,
    correction_fa: String,
    basis: String,
    basis_fa: String,
}

/// Parses a TOML file into `T`; on error returns one [`DataError`] with the
/// line and column of the offending span.
fn load_toml<T: DeserializeOwned>(
    sandbox: &Sandbox,
    path: &Path,
) -> Result<(String, T), DataError> {
    let text = sandbox.read_text(path)?;
    match toml::from_str::<T>(&text) {
        Ok(v) => Ok((text, v)),
        Err(e) => Err(toml_error(path, &text, &e)),
    }
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> DataError {
    let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    let msg = e.message().trim().to_string();
    let path = path.to_path_buf();
    let words = backticked(&msg);
    if msg.starts_with("unknown field") {
        if let Some((field, cands)) = words.split_first() {
            return DataError::UnknownField {
                path,
                line,
                column,
                field: field.clone(),
                suggestion: closest(field, cands.iter().map(String::as_str)),
                expected: cands.to_vec(),
            };
        }
    }
    if msg.contains("duplicate key") {
        let key = words
            .first()
            .cloned()
            .unwrap_or_else(|| key_at_line(text, line));
        return DataError::DuplicateKey {
            path,
            line,
            key,
            first_line: None,
        };
    }
    if msg.starts_with("missing field") {
        let field = words.first().cloned().unwrap_or_default();
        return DataError::MissingField { path, line, field };
    }
    if msg.starts_with("invalid type") || msg.starts_with("unknown variant") {
        let found = e
            .span()
            .and_then(|s| text.get(s))
            .map(|s| s.trim().trim_matches('"').to_string())
            .unwrap_or_default();
        return DataError::BadValue {
            path,
            line,
            column,
            field: key_at_line(text, line),
            expected: expected_from_message(&msg),
            found,
        };
    }
    DataError::Syntax {
        path,
        line,
        column,
        message: msg.replace('\n', " "),
    }
}

/// The key assigned on a TOML line (`key = value`), or an empty string.
fn key_at_line(text: &str, line: usize) -> String {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------- validation ----

fn duplicates<K: Hash + Eq + Display>(
    path: &Path,
    keys: impl IntoIterator<Item = (K, usize)>,
    errors: &mut Vec<DataError>,
) {
    let mut first: HashMap<K, usize> = HashMap::new();
    for (k, line) in keys {
        if let Some(&l) = first.get(&k) {
            errors.push(DataError::DuplicateKey {
                path: path.to_path_buf(),
                line,
                key: k.to_string(),
                first_line: Some(l),
            });
        } else {
            first.insert(k, line);
        }
    }
}

/// Checks that a quote occurs in its paragraph, after light normalisation
/// on both sides (see [`match_key`]).
pub fn check_provenance(
    sources: &BTreeMap<String, SourceDoc>,
    path: &Path,
    line: usize,
    prov: &Provenance,
) -> Result<(), DataError> {
    let Some(doc) = sources.get(&prov.source) else {
        let hint = closest(&prov.source, sources.keys().map(String::as_str))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(DataError::Invalid {
            path: path.to_path_buf(),
            line,
            field: "source_id".into(),
            message: format!(
                "unknown source `{}`{hint}; expected a file stem under data/{SOURCES_DIR}/",
                prov.source
            ),
        });
    };
    let key = match_key(&prov.quote);
    if key.is_empty() {
        return Err(DataError::Invalid {
            path: path.to_path_buf(),
            line,
            field: "quote".into(),
            message: "empty quote; expected an exact span of the source text".into(),
        });
    }
    let Some(para) = doc.paragraph(prov.paragraph) else {
        return Err(DataError::Invalid {
            path: path.to_path_buf(),
            line,
            field: "paragraph".into(),
            message: format!(
                "paragraph {} does not exist; expected 1-{} for source `{}`",
                prov.paragraph,
                doc.paragraphs.len(),
                doc.id
            ),
        });
    };
    if match_key(para).contains(&key) {
        return Ok(());
    }
    let found_in = doc
        .paragraphs
        .iter()
        .position(|p| match_key(p).contains(&key))
        .map(|i| i as u32 + 1);
    Err(DataError::QuoteNotInSource {
        path: path.to_path_buf(),
        line,
        source_id: prov.source.clone(),
        paragraph: prov.paragraph,
        quote: prov.quote.clone(),
        found_in,
    })
}

/// Trade values, million US$: no trade is negative, and the bound keeps
/// every derived sum finite.
const MONEY_RANGE: (f64, f64) = (0.0, 1e9);
/// Stated percentages: a fall is at most 100 %.
const PERCENT_RANGE: (f64, f64) = (-100.0, 1e6);
/// Values stated by claims: years, counts, percentages, days.
const CLAIM_RANGE: (f64, f64) = (-1e9, 1e9);

/// Checks that `v` is finite and within `range`.
fn in_range(
    path: &Path,
    line: usize,
    field: &str,
    v: f64,
    (lo, hi): (f64, f64),
) -> Result<(), DataError> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        return Ok(());
    }
    Err(DataError::Invalid {
        path: path.to_path_buf(),
        line,
        field: field.into(),
        message: format!(
            "expected a finite number from {lo} to {hi}, found {}",
            if v.abs() < 1e15 {
                v.to_string()
            } else {
                format!("{v:e}")
            }
        ),
    })
}

/// Checks that `v` equals a whole number token of `quote`, by the token
/// grammar of [`crate::package::tokens`]: `16` does not match `۱۶۴۹`, and
/// `0` matches only a `0`. `percent` says the field's unit is percent, so
/// that a `۱۸٪` of the quote may match it.
fn value_in_quote(
    path: &Path,
    line: usize,
    field: &str,
    v: f64,
    quote: &str,
    percent: bool,
) -> Result<(), DataError> {
    // The shortest text that reads back as `v` (`43.8`, not the binary
    // expansion), as a decimal.
    let value: Option<dossier_formula::Decimal> = format!("{v}").parse().ok();
    let tokens = crate::package::tokens::tokens(quote);
    if let Some(value) = &value {
        if tokens.iter().any(|t| t.matches(value, percent)) {
            return Ok(());
        }
    }
    let found: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    Err(DataError::Invalid {
        path: path.to_path_buf(),
        line,
        field: field.into(),
        message: format!(
            "value {v} is not a whole number of the quote; expected one of the quote's numbers ({})",
            if found.is_empty() {
                "it has none".to_string()
            } else {
                found.join(", ")
            }
        ),
    })
}

/// Years of data: four-digit years of the common era.
const YEAR_RANGE: (i32, i32) = (1, 9999);

/// Checks that `year` is within [`YEAR_RANGE`].
fn year_in_range(path: &Path, line: usize, field: &str, year: i32) -> Result<(), DataError> {
    let (lo, hi) = YEAR_RANGE;
    if (lo..=hi).contains(&year) {
        return Ok(());
    }
    Err(DataError::Invalid {
        path: path.to_path_buf(),
        line,
        field: field.into(),
        message: format!("expected a year from {lo} to {hi}, found {year}"),
    })
}

fn date_or_err(
    path: &Path,
    line: usize,
    field: &str,
    y: i32,
    m: Option<u8>,
    d: Option<u8>,
    errors: &mut Vec<DataError>,
) -> Option<Date> {
    let year_field = match field {
        "month/day" => "year".to_string(),
        other => format!("{other}_year"),
    };
    if let Err(e) = year_in_range(path, line, &year_field, y) {
        errors.push(e);
        return None;
    }
    match Date::new(y, m, d) {
        Ok(date) => Some(date),
        Err(message) => {
            errors.push(DataError::Invalid {
                path: path.to_path_buf(),
                line,
                field: field.into(),
                message: format!("invalid date: {message}"),
            });
            None
        }
    }
}

fn origin(path: &Path, line: usize) -> Origin {
    Origin {
        file: path.to_path_buf(),
        line,
    }
}

fn prov(source: String, paragraph: u32, quote: String) -> Provenance {
    Provenance {
        source,
        paragraph,
        quote,
    }
}

/// Loads every `*.txt` under `dir` as a source document, id = file stem.
pub fn load_sources(dir: &Path, errors: &mut Vec<DataError>) -> BTreeMap<String, SourceDoc> {
    load_sources_in(dir, &Sandbox::unconfined(Limits::default()), errors)
}

/// Like [`load_sources`], reading only what `sandbox` allows.
pub fn load_sources_in(
    dir: &Path,
    sandbox: &Sandbox,
    errors: &mut Vec<DataError>,
) -> BTreeMap<String, SourceDoc> {
    let mut out = BTreeMap::new();
    let entries = match sandbox.list(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(e);
            return out;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let Some(id) = p.file_stem().and_then(|s| s.to_str()).map(str::to_string) else {
            continue;
        };
        match sandbox.read_text(&p) {
            Ok(text) => {
                out.insert(id.clone(), SourceDoc::new(id, p, text));
            }
            Err(e) => errors.push(e),
        }
    }
    out
}

/// Loads and validates the whole data set, collecting every error.
pub fn load_dataset(data_dir: &Path) -> Result<Dataset, Vec<DataError>> {
    load_dataset_in(data_dir, &Sandbox::unconfined(Limits::default()))
}

/// Like [`load_dataset`], reading only what `sandbox` allows and within
/// its limits.
pub fn load_dataset_in(data_dir: &Path, sandbox: &Sandbox) -> Result<Dataset, Vec<DataError>> {
    let mut errors = Vec::new();
    let sources = load_sources_in(&data_dir.join(SOURCES_DIR), sandbox, &mut errors);
    let mut ds = Dataset {
        data_dir: data_dir.to_path_buf(),
        sources,
        trade: Vec::new(),
        trade_stated: Vec::new(),
        policy: Vec::new(),
        cuba_events: Vec::new(),
        cuba_periods: Vec::new(),
        claims: Vec::new(),
        errata: Vec::new(),
    };
    // Each check pushes into `errors`; a record with a bad quote is kept
    // out of the data set.
    let provenance_ok = |path: &Path, line: usize, p: &Provenance, errors: &mut Vec<DataError>| {
        match check_provenance(&ds.sources, path, line, p) {
            Ok(()) => true,
            Err(e) => {
                errors.push(e);
                false
            }
        }
    };

    let path = data_dir.join(TRADE_FILE);
    let rows: Vec<(usize, TradeRow)> = load_csv(sandbox, &path, TRADE_FIELDS, &[], &mut errors);
    duplicates(
        &path,
        rows.iter()
            .map(|(l, r)| (format!("{:?}/{}", r.flow, r.year), *l)),
        &mut errors,
    );
    let mut trade = Vec::new();
    for (line, r) in rows {
        let p = prov(r.source_id, r.source_para, r.quote);
        let mut ok = provenance_ok(&path, line, &p, &mut errors);
        if let Err(e) = in_range(&path, line, "value_musd", r.value_musd, MONEY_RANGE)
            .and_then(|()| value_in_quote(&path, line, "value_musd", r.value_musd, &p.quote, false))
            .and_then(|()| year_in_range(&path, line, "year", i32::from(r.year)))
        {
            errors.push(e);
            ok = false;
        }
        if ok {
            trade.push(TradeFigure {
                flow: r.flow,
                year: Year(r.year),
                value: Money(r.value_musd),
                provenance: p,
                origin: origin(&path, line),
            });
        }
    }

    let path = data_dir.join(TRADE_STATED_FILE);
    let rows: Vec<(usize, StatedRow)> = load_csv(sandbox, &path, STATED_FIELDS, &[], &mut errors);
    duplicates(
        &path,
        rows.iter()
            .map(|(l, r)| (format!("{:?}/{:?}", r.flow, r.metric), *l)),
        &mut errors,
    );
    let mut stated = Vec::new();
    for (line, r) in rows {
        let p = prov(r.source_id, r.source_para, r.quote);
        let mut ok = provenance_ok(&path, line, &p, &mut errors);
        if let Err(e) = in_range(&path, line, "value_pct", r.value_pct, PERCENT_RANGE)
            .and_then(|()| value_in_quote(&path, line, "value_pct", r.value_pct, &p.quote, true))
        {
            errors.push(e);
            ok = false;
        }
        if ok {
            stated.push(StatedFigure {
                flow: r.flow,
                metric: r.metric,
                value: Percent(r.value_pct),
                provenance: p,
                origin: origin(&path, line),
            });
        }
    }

    let path = data_dir.join(POLICY_FILE);
    let rows: Vec<(usize, PolicyRow)> = load_csv(sandbox, &path, POLICY_FIELDS, &[], &mut errors);
    duplicates(
        &path,
        rows.iter().map(|(l, r)| (r.id.clone(), *l)),
        &mut errors,
    );
    let mut policy = Vec::new();
    for (line, r) in rows {
        let p = prov(r.source_id, r.source_para, r.quote);
        if provenance_ok(&path, line, &p, &mut errors) {
            policy.push(PolicyMeasure {
                id: r.id,
                administration: r.administration,
                lever: r.lever,
                direction: r.direction,
                description_en: r.description_en,
                description_fa: r.description_fa,
                provenance: p,
                origin: origin(&path, line),
            });
        }
    }

    let path = data_dir.join(CUBA_EVENTS_FILE);
    let rows: Vec<(usize, EventRow)> = load_csv(sandbox, &path, EVENT_FIELDS, &[], &mut errors);
    duplicates(
        &path,
        rows.iter().map(|(l, r)| (r.id.clone(), *l)),
        &mut errors,
    );
    let mut events = Vec::new();
    for (line, r) in rows {
        let p = prov(r.source_id, r.source_para, r.quote);
        let ok = provenance_ok(&path, line, &p, &mut errors);
        let date = date_or_err(
            &path,
            line,
            "month/day",
            r.year,
            r.month,
            r.day,
            &mut errors,
        );
        if let (true, Some(date)) = (ok, date) {
            events.push(CubaEvent {
                id: r.id,
                date,
                qualifier: r.qualifier,
                kind: r.kind,
                label_en: r.label_en,
                label_fa: r.label_fa,
                provenance: p,
                origin: origin(&path, line),
            });
        }
    }

    let path = data_dir.join(CUBA_PERIODS_FILE);
    let rows: Vec<(usize, PeriodRow)> = load_csv(sandbox, &path, PERIOD_FIELDS, &[], &mut errors);
    duplicates(
        &path,
        rows.iter().map(|(l, r)| (r.id.clone(), *l)),
        &mut errors,
    );
    let mut periods = Vec::new();
    for (line, r) in rows {
        let p = prov(r.source_id, r.source_para, r.quote);
        let ok = provenance_ok(&path, line, &p, &mut errors);
        let start = date_or_err(
            &path,
            line,
            "start",
            r.start_year,
            r.start_month,
            r.start_day,
            &mut errors,
        );
        let end = match r.end_year {
            Some(y) => {
                date_or_err(&path, line, "end", y, r.end_month, r.end_day, &mut errors).map(Some)
            }
            None if r.end_month.is_some() || r.end_day.is_some() => {
                errors.push(DataError::Invalid {
                    path: path.clone(),
                    line,
                    field: "end_year".into(),
                    message: "end month/day without end year; expected an end year".into(),
                });
                None
            }
            None => Some(None),
        };
        if let (true, Some(start), Some(end)) = (ok, start, end) {
            periods.push(CubaPeriod {
                id: r.id,
                status: r.status,
                start,
                end,
                provenance: p,
                origin: origin(&path, line),
            });
        }
    }
    check_periods(&path, &mut periods, &mut errors);

    let path = data_dir.join(CLAIMS_FILE);
    let mut claims = Vec::new();
    match load_toml::<ClaimsFile>(sandbox, &path) {
        Err(e) => errors.push(e),
        Ok((text, file)) => {
            if file.claim.len() > sandbox.limits.max_table_rows {
                errors.push(row_limit(
                    &path,
                    file.claim.len(),
                    sandbox.limits.max_table_rows,
                ));
                return Err(errors);
            }
            let lines: Vec<(String, usize)> = file
                .claim
                .iter()
                .map(|c| (c.get_ref().id.clone(), line_col(&text, c.span().start).0))
                .collect();
            duplicates(&path, lines.iter().cloned(), &mut errors);
            for (c, (_, line)) in file.claim.into_iter().zip(lines) {
                let c = c.into_inner();
                if let Some(v) = c.stated_value {
                    if let Err(e) = in_range(&path, line, "stated_value", v, CLAIM_RANGE) {
                        errors.push(e);
                        continue;
                    }
                }
                let p = prov(c.source_id, c.paragraph, c.quote);
                if provenance_ok(&path, line, &p, &mut errors) {
                    claims.push(Claim {
                        id: c.id,
                        kind: c.kind,
                        statement_en: c.statement_en,
                        stated_value: c.stated_value,
                        check: c.check,
                        checkable_against: c.checkable_against,
                        provenance: p,
                        origin: origin(&path, line),
                    });
                }
            }
        }
    }

    let path = data_dir.join(ERRATA_FILE);
    let mut errata = Vec::new();
    match load_toml::<ErrataFile>(sandbox, &path) {
        Err(e) => errors.push(e),
        Ok((text, file)) => {
            if file.erratum.len() > sandbox.limits.max_table_rows {
                errors.push(row_limit(
                    &path,
                    file.erratum.len(),
                    sandbox.limits.max_table_rows,
                ));
                return Err(errors);
            }
            let lines: Vec<(String, usize)> = file
                .erratum
                .iter()
                .map(|c| (c.get_ref().id.clone(), line_col(&text, c.span().start).0))
                .collect();
            duplicates(&path, lines.iter().cloned(), &mut errors);
            for (c, (_, line)) in file.erratum.into_iter().zip(lines) {
                let c = c.into_inner();
                let p = prov(c.source_id, c.paragraph, c.quote);
                if provenance_ok(&path, line, &p, &mut errors) {
                    errata.push(Erratum {
                        id: c.id,
                        kind: c.kind,
                        confidence: c.confidence,
                        says: c.says,
                        correction: c.correction,
                        correction_fa: c.correction_fa,
                        basis: c.basis,
                        basis_fa: c.basis_fa,
                        provenance: p,
                        origin: origin(&path, line),
                    });
                }
            }
        }
    }

    ds.trade = trade;
    ds.trade_stated = stated;
    ds.policy = policy;
    ds.cuba_events = events;
    ds.cuba_periods = periods;
    ds.claims = claims;
    ds.errata = errata;
    if errors.is_empty() {
        Ok(ds)
    } else {
        Err(errors)
    }
}

/// Periods must not end before they start, must follow one another without
/// gaps or overlaps, and only the last may be open-ended.
fn check_periods(path: &Path, periods: &mut [CubaPeriod], errors: &mut Vec<DataError>) {
    periods.sort_by_key(|p| p.start.days_from_epoch());
    let n = periods.len();
    for (i, p) in periods.iter().enumerate() {
        if let Some(end) = p.end {
            if end.days_from_epoch() < p.start.days_from_epoch() {
                errors.push(DataError::Invalid {
                    path: path.to_path_buf(),
                    line: p.origin.line,
                    field: "end_year".into(),
                    message: format!("period ends ({end}) before it starts ({})", p.start),
                });
            }
        } else if i + 1 != n {
            errors.push(DataError::Invalid {
                path: path.to_path_buf(),
                line: p.origin.line,
                field: "end_year".into(),
                message: "open-ended period is not the last; expected an end date".into(),
            });
        }
        if let (Some(end), Some(next)) = (p.end, periods.get(i + 1)) {
            if end != next.start {
                errors.push(DataError::Invalid {
                    path: path.to_path_buf(),
                    line: next.origin.line,
                    field: "start_year".into(),
                    message: format!(
                        "period starts {} but the previous one (line {}) ends {end}; expected contiguous periods",
                        next.start, p.origin.line
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
    }

    /// A copy of the real data directory in a temporary directory.
    fn copy_data() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let src = real_dir();
        std::fs::create_dir(tmp.path().join(SOURCES_DIR)).unwrap();
        for f in [
            TRADE_FILE,
            TRADE_STATED_FILE,
            POLICY_FILE,
            CUBA_EVENTS_FILE,
            CUBA_PERIODS_FILE,
            CLAIMS_FILE,
            ERRATA_FILE,
        ] {
            std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
        }
        let s = "sources/000_be3af3bae581de8e.txt";
        std::fs::copy(src.join(s), tmp.path().join(s)).unwrap();
        tmp
    }

    fn edit(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
        let p = dir.join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, f(t)).unwrap();
    }

    fn errors_of(dir: &Path) -> Vec<DataError> {
        load_dataset(dir).expect_err("expected errors")
    }

    #[test]
    fn real_data_loads() {
        let ds = load_dataset(&real_dir()).unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert_eq!(ds.trade.len(), 8);
        assert_eq!(ds.trade_stated.len(), 4);
        assert_eq!(ds.policy.len(), 9);
        assert_eq!(ds.cuba_events.len(), 7);
        assert_eq!(ds.cuba_periods.len(), 5);
        assert!(ds.claims.len() >= 14);
        assert!(ds.errata.len() >= 6);
        assert_eq!(ds.sources["000_be3af3bae581de8e"].paragraphs.len(), 11);
        assert_eq!(ds.trade_value(Flow::Imports, 1995), Some(Money(3792.0)));
        assert_eq!(ds.trade[0].origin.line, 2);
    }

    /// The shipped source must stay the original document byte for byte:
    /// its SHA-256 was taken when it was copied from the seed.
    #[test]
    fn source_copy_is_byte_identical() {
        use sha2::{Digest, Sha256};
        let bytes = std::fs::read(real_dir().join("sources/000_be3af3bae581de8e.txt")).unwrap();
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "cf2ec17e2cfeec9dbe3434b9633ad58a4a0b10316b2fc8528e03abc8f785d7d2"
        );
    }

    #[test]
    fn ragged_row() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen("exports,1993,1655,", "exports,1993,", 1)
        });
        let e = errors_of(d.path());
        assert!(
            e.iter().any(|e| matches!(
                e,
                DataError::RaggedRow {
                    line: 3,
                    expected: 6,
                    found: 5,
                    ..
                }
            )),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("trade.csv:3"), "{}", e[0]);
    }

    #[test]
    fn non_numeric_value() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen("1649,000", "16x9,000", 1)
        });
        let e = errors_of(d.path());
        let msg = e
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            e.iter().any(|e| matches!(e, DataError::BadValue { line: 2, column: 3, field, found, .. } if field == "value_musd" && found == "16x9")),
            "{msg}"
        );
        assert!(msg.contains("expected a number"), "{msg}");
    }

    #[test]
    fn bad_enum_value_suggests() {
        let d = copy_data();
        edit(d.path(), POLICY_FILE, |t| {
            t.replacen(",restrict,", ",restricts,", 1)
        });
        let msg = errors_of(d.path())[0].to_string();
        assert!(
            msg.contains("policy.csv:2") && msg.contains("did you mean `restrict`"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_csv_column_suggests() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen("value_musd", "valeu_musd", 1)
        });
        let e = errors_of(d.path());
        match &e[0] {
            DataError::UnknownField {
                line,
                column,
                field,
                suggestion,
                ..
            } => {
                assert_eq!((*line, *column), (1, 3));
                assert_eq!(field, "valeu_musd");
                assert_eq!(suggestion.as_deref(), Some("value_musd"));
            }
            other => panic!("{other:?}"),
        }
        assert!(e[0].to_string().contains("did you mean `value_musd`"));
    }

    #[test]
    fn unknown_toml_field_has_line_col_and_suggestion() {
        let d = copy_data();
        edit(d.path(), CLAIMS_FILE, |t| {
            t.replacen("stated_value = 25.0", "stated_valeu = 25.0", 1)
        });
        let e = errors_of(d.path());
        let msg = e[0].to_string();
        assert!(
            matches!(
                &e[0],
                DataError::UnknownField {
                    line: 8,
                    column: 1,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            msg.contains("claims.toml:8:1") && msg.contains("did you mean `stated_value`"),
            "{msg}"
        );
    }

    #[test]
    fn toml_bad_value_names_field() {
        let d = copy_data();
        edit(d.path(), CLAIMS_FILE, |t| {
            t.replacen("check = \"none\"", "check = \"nonee\"", 1)
        });
        let e = errors_of(d.path());
        let msg = e[0].to_string();
        assert!(
            msg.contains("claims.toml:12")
                && msg.contains("`check`")
                && msg.contains("did you mean `none`"),
            "{msg}"
        );
    }

    #[test]
    fn missing_file() {
        let d = copy_data();
        std::fs::remove_file(d.path().join(POLICY_FILE)).unwrap();
        let e = errors_of(d.path());
        assert!(
            matches!(&e[0], DataError::Io { path, .. } if path.ends_with(POLICY_FILE)),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("policy.csv: cannot read file"));
    }

    #[test]
    fn quote_not_in_source() {
        let d = copy_data();
        edit(d.path(), CUBA_EVENTS_FILE, |t| {
            t.replacen("پس از انقلاب ۱۹۶۱ کوبا", "پس از انقلاب ۱۹۵۹ کوبا", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(
                &e[0],
                DataError::QuoteNotInSource {
                    line: 2,
                    paragraph: 10,
                    found_in: None,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("cuba_events.csv:2"));
    }

    #[test]
    fn quote_in_wrong_paragraph() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen(",7,۱۶۴۹", ",9,۱۶۴۹", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(
                &e[0],
                DataError::QuoteNotInSource {
                    paragraph: 9,
                    found_in: Some(7),
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn quote_matches_after_light_normalisation() {
        let d = copy_data();
        // Modern orthography in the data still matches the old source.
        edit(d.path(), CUBA_EVENTS_FILE, |t| {
            t.replacen("پس از انقلاب ۱۹۶۱ کوبا", "پس  از انقلاب\u{200C} ۱۹۶۱ کوبا", 1)
        });
        assert!(load_dataset(d.path()).is_ok());
    }

    #[test]
    fn value_must_appear_in_quote() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen("exports,1992,1649", "exports,1992,1650", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(&e[0], DataError::Invalid { line: 2, field, .. } if field == "value_musd"),
            "{e:?}"
        );
    }

    #[test]
    fn duplicate_keys() {
        let d = copy_data();
        edit(d.path(), TRADE_FILE, |t| {
            t.replacen("exports,1993,1655", "exports,1992,1655", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(
                &e[0],
                DataError::DuplicateKey {
                    line: 3,
                    first_line: Some(2),
                    ..
                }
            ),
            "{e:?}"
        );

        let d = copy_data();
        edit(d.path(), CLAIMS_FILE, |t| {
            t.replacen("id = \"arms_ban_1980\"", "id = \"embassy_staff_25pct\"", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(
                &e[0],
                DataError::DuplicateKey {
                    first_line: Some(4),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("embassy_staff_25pct"));

        let d = copy_data();
        edit(d.path(), ERRATA_FILE, |t| {
            t.replacen(
                "kind = \"factual\"",
                "kind = \"factual\"\nkind = \"typo\"",
                1,
            )
        });
        let e = errors_of(d.path());
        assert!(
            matches!(&e[0], DataError::DuplicateKey { line: 7, .. }),
            "{e:?}"
        );
    }

    #[test]
    fn bad_utf8() {
        let d = copy_data();
        let p = d.path().join(TRADE_STATED_FILE);
        let mut b = std::fs::read(&p).unwrap();
        let pos = b.iter().position(|&c| c == b'\n').unwrap() + 3;
        b.insert(pos, 0xFF);
        std::fs::write(&p, b).unwrap();
        let e = errors_of(d.path());
        assert!(
            matches!(
                &e[0],
                DataError::BadUtf8 {
                    line: 2,
                    column: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("trade_stated.csv:2:3"));
    }

    #[test]
    fn toml_syntax_error_and_missing_field() {
        let d = copy_data();
        edit(d.path(), ERRATA_FILE, |t| {
            t.replacen("confidence = \"high\"", "confidence = high", 1)
        });
        let e = errors_of(d.path());
        assert!(
            e[0].line() == 7 && e[0].to_string().contains("errata.toml:7"),
            "{e:?}"
        );

        let d = copy_data();
        edit(d.path(), ERRATA_FILE, |t| {
            t.replacen("confidence = \"high\"\n", "", 1)
        });
        let e = errors_of(d.path());
        assert!(
            matches!(&e[0], DataError::MissingField { field, .. } if field == "confidence"),
            "{e:?}"
        );
    }

    #[test]
    fn periods_must_be_contiguous() {
        let d = copy_data();
        edit(d.path(), CUBA_PERIODS_FILE, |t| {
            t.replacen("full,1970,,,1973,9,14", "full,1970,,,1973,9,13", 1)
        });
        let e = errors_of(d.path());
        assert!(matches!(&e[0], DataError::Invalid { line: 4, .. }), "{e:?}");
    }

    #[test]
    fn invalid_date() {
        let d = copy_data();
        edit(d.path(), CUBA_EVENTS_FILE, |t| {
            t.replacen("1995,4,7,", "1995,4,31,", 1)
        });
        let e = errors_of(d.path());
        assert!(
            e.iter().any(
                |e| matches!(e, DataError::Invalid { line: 8, field, .. } if field == "month/day")
            ),
            "{e:?}"
        );
    }

    #[test]
    fn garbage_never_panics() {
        let d = copy_data();
        for (f, junk) in [
            (TRADE_FILE, "\"unterminated,\n\n,,,\u{0}"),
            (POLICY_FILE, ""),
            (CLAIMS_FILE, "[[claim]]\n[[claim]\n= ="),
            (ERRATA_FILE, "erratum = 3"),
            (CUBA_PERIODS_FILE, "id\n"),
        ] {
            std::fs::write(d.path().join(f), junk).unwrap();
        }
        let e = errors_of(d.path());
        assert!(e.len() >= 4, "{e:?}");
        for err in &e {
            assert!(!err.to_string().is_empty());
        }
    }
}
