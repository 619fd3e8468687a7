//! A data file's rows typed by its schema: columns matched to declared
//! fields, each cell parsed by its field's type and checked against its
//! range, categories and constraints.
//!
//! Columns: in CSV every declared field needs its column (a localized
//! field `label` reads `label_en`, `label_fa`, …, one per language, any
//! BCP 47 tag) and every column must be declared. In JSON and TOML rows a
//! key left out is a missing value, and a key not declared is an error.

use std::collections::HashMap;
use std::path::Path;

use dossier_formula::Value;
use dossier_lang::LanguageTag;

use super::cells::{parse_node, parse_text, CellError};
use super::declaration::ResourceDecl;
use super::error::{closest, excerpt, Errors, PackageError, Place};
use super::records::{Raw, RawCell, RawTable};
use super::resource::{Locator, Row, RowProvenance};
use super::tree::NodeValue;
use super::types::{Field, FieldType, Localized, Qualifier, Range};

/// Where a field's cells come from.
enum Columns {
    /// One column (or none, in a JSON or TOML file that never gives it).
    One(Option<usize>),
    /// A localized field in CSV: one column per language.
    PerLanguage(Vec<(LanguageTag, usize)>),
}

fn at(path: &Path, cell: &RawCell) -> Place {
    Place::new(path, cell.line as usize, cell.column as usize)
}

/// Matches the file's columns to the declared fields; false when one is
/// missing, undeclared or given twice.
fn match_columns(
    path: &Path,
    raw: &RawTable,
    decl: &ResourceDecl,
    languages: &[LanguageTag],
    errors: &mut Errors,
) -> (Vec<Columns>, bool) {
    let fields = &decl.schema.fields;
    let header_at = |i: usize| {
        let (l, c) = raw.column_places.get(i).copied().unwrap_or((1, 1));
        Place::new(path, l, c)
    };
    let mut claimed = vec![false; raw.columns.len()];
    let mut ok = true;
    if raw.header {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, c) in raw.columns.iter().enumerate() {
            if seen.insert(c.as_str(), i).is_some() {
                errors.push(PackageError::DuplicateColumn {
                    at: header_at(i),
                    column: c.clone(),
                });
                ok = false;
            }
        }
    }
    let first_line = Place::new(path, raw.column_places.first().map_or(1, |p| p.0), 1);
    let mut out = Vec::new();
    for f in fields {
        if f.field_type == FieldType::Localized && raw.header {
            let prefix = format!("{}_", f.name);
            let mut cols = Vec::new();
            for (i, c) in raw.columns.iter().enumerate() {
                let Some(tag) = c.strip_prefix(&prefix) else {
                    continue;
                };
                // `label_es-CL` and `label_es_CL` both name es-CL.
                if let Ok(tag) = LanguageTag::parse(tag) {
                    claimed[i] = true;
                    cols.push((tag, i));
                }
            }
            if cols.is_empty() {
                let lang = languages
                    .first()
                    .map_or_else(|| "en".to_string(), |l| l.to_string());
                errors.push(PackageError::MissingColumn {
                    at: first_line.clone(),
                    column: format!("{}_{lang}", f.name),
                    resource: decl.name.clone(),
                });
                ok = false;
            } else {
                let texts = Localized {
                    texts: cols
                        .iter()
                        .map(|(t, _)| (t.clone(), String::new()))
                        .collect(),
                    all: None,
                };
                if let Some(lang) = texts.missing(languages) {
                    errors.push(PackageError::MissingLabel {
                        at: first_line.clone(),
                        what: format!(
                            "localized field `{}` (no column `{}_{lang}`)",
                            f.name, f.name
                        ),
                        language: lang.to_string(),
                        languages: languages.iter().map(|l| l.to_string()).collect(),
                    });
                    ok = false;
                }
            }
            out.push(Columns::PerLanguage(cols));
        } else {
            let i = raw.columns.iter().position(|c| *c == f.name);
            match i {
                Some(i) => claimed[i] = true,
                None if raw.header => {
                    errors.push(PackageError::MissingColumn {
                        at: first_line.clone(),
                        column: f.name.clone(),
                        resource: decl.name.clone(),
                    });
                    ok = false;
                }
                None => {}
            }
            out.push(Columns::One(i));
        }
    }
    let expected: Vec<String> = fields
        .iter()
        .map(|f| match (f.field_type, raw.header) {
            (FieldType::Localized, true) => format!("{}_<language>", f.name),
            _ => f.name.clone(),
        })
        .collect();
    for (i, c) in raw.columns.iter().enumerate() {
        if !claimed[i] {
            errors.push(PackageError::UndeclaredColumn {
                at: header_at(i),
                column: c.clone(),
                suggestion: closest(c, fields.iter().map(|f| f.name.as_str())),
                expected: expected.clone(),
            });
            ok = false;
        }
    }
    (out, ok)
}

/// A cell as a value of `field`, missing values recognised.
pub(crate) fn value_of(field: &Field, raw: &Raw) -> Result<Value, CellError> {
    if let Some(t) = raw.text() {
        if field.missing_values.iter().any(|m| m == t) {
            return Ok(Value::Missing);
        }
    }
    match raw {
        Raw::Text(t) => parse_text(field, t),
        Raw::Node(n) => parse_node(field, n),
    }
}

/// Checks one typed value against its field; pushes what fails.
fn check_value(
    path: &Path,
    cell: &RawCell,
    field: &Field,
    range: Option<&Range>,
    value: &Value,
    errors: &mut Errors,
) -> bool {
    let c = &field.constraints;
    let fail = |errors: &mut Errors, e: PackageError| {
        errors.push(e);
        false
    };
    if value.is_missing() {
        if c.required {
            return fail(
                errors,
                PackageError::MissingValue {
                    at: at(path, cell),
                    field: field.name.clone(),
                },
            );
        }
        return true;
    }
    if let Some(r) = range {
        if !r.contains(value) {
            return fail(
                errors,
                PackageError::OutOfRange {
                    at: at(path, cell),
                    field: field.name.clone(),
                    value: excerpt(&raw_shown(value)),
                    range: r.to_string(),
                },
            );
        }
    }
    if field.is_category() && field.category_of(value).is_none() {
        let shown = raw_shown(value);
        return fail(
            errors,
            PackageError::UndeclaredCategory {
                at: at(path, cell),
                field: field.name.clone(),
                value: excerpt(&shown),
                suggestion: closest(&shown, field.categories.iter().map(|c| c.value.as_str())),
                expected: field.categories.iter().map(|c| c.value.clone()).collect(),
            },
        );
    }
    if let Value::Text(t) = value {
        let n = t.chars().count();
        for (name, bound, bad) in [
            (
                "minLength",
                c.min_length,
                c.min_length.is_some_and(|m| n < m),
            ),
            (
                "maxLength",
                c.max_length,
                c.max_length.is_some_and(|m| n > m),
            ),
        ] {
            if bad {
                return fail(
                    errors,
                    PackageError::ConstraintFailed {
                        at: at(path, cell),
                        field: field.name.clone(),
                        constraint: name.into(),
                        expected: format!(
                            "{} {} characters, found {n}",
                            if name == "minLength" {
                                "at least"
                            } else {
                                "at most"
                            },
                            bound.unwrap_or(0)
                        ),
                        found: excerpt(t),
                    },
                );
            }
        }
    }
    if let Some(allowed) = &c.allowed {
        if !allowed.contains(value) {
            return fail(
                errors,
                PackageError::ConstraintFailed {
                    at: at(path, cell),
                    field: field.name.clone(),
                    constraint: "enum".into(),
                    expected: format!(
                        "one of {}",
                        allowed.iter().map(raw_shown).collect::<Vec<_>>().join(", ")
                    ),
                    found: excerpt(&raw_shown(value)),
                },
            );
        }
    }
    true
}

/// A value as it is written in data (no quotes around texts).
fn raw_shown(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        other => other.to_string(),
    }
}

/// The texts of a localized field from its cells.
fn texts_of(
    path: &Path,
    field: &Field,
    cells: &[(Option<&LanguageTag>, &RawCell)],
    errors: &mut Errors,
) -> Option<Localized> {
    let mut out = Localized::default();
    for (tag, cell) in cells {
        match (tag, &cell.raw) {
            (Some(tag), raw) => match raw.text() {
                Some(t) if field.missing_values.iter().any(|m| m == t) => {}
                Some(t) => out.texts.push(((*tag).clone(), t.to_string())),
                None => errors.push(PackageError::BadValue {
                    at: at(path, cell),
                    field: field.name.clone(),
                    expected: "a text".into(),
                    found: excerpt(&raw.shown()),
                }),
            },
            (None, Raw::Node(n)) => match &n.value {
                NodeValue::Null => {}
                NodeValue::String(s) if field.missing_values.iter().any(|m| m == s) => {}
                NodeValue::String(s) => out.all = Some(s.clone()),
                NodeValue::Table(entries) => {
                    for e in entries {
                        let tag = LanguageTag::parse(&e.key);
                        match (tag, e.value.as_str()) {
                            (Ok(tag), Some(t)) => out.texts.push((tag, t.to_string())),
                            (Err(err), _) => errors.push(PackageError::BadValue {
                                at: at(path, cell),
                                field: field.name.clone(),
                                expected: format!("language tags as keys ({err})"),
                                found: excerpt(&e.key),
                            }),
                            (Ok(_), None) => errors.push(PackageError::BadValue {
                                at: at(path, cell),
                                field: field.name.clone(),
                                expected: format!("a text for language `{}`", e.key),
                                found: e.value.value.describe().into(),
                            }),
                        }
                    }
                }
                other => errors.push(PackageError::BadValue {
                    at: at(path, cell),
                    field: field.name.clone(),
                    expected: "a text per language (`{ en = \"…\", fa = \"…\" }`) or a string"
                        .into(),
                    found: other.describe().into(),
                }),
            },
            (None, Raw::Text(t)) => out.all = Some(t.clone()),
        }
    }
    (!out.texts.is_empty() || out.all.is_some()).then_some(out)
}

/// Types every row of `raw` by `decl`'s schema. Rows with errors are
/// marked failed (the errors are pushed); every row carries a placeholder
/// provenance that the provenance check fills in.
pub fn type_rows(
    path: &Path,
    raw: &RawTable,
    decl: &ResourceDecl,
    languages: &[LanguageTag],
    errors: &mut Errors,
) -> Vec<Row> {
    // With a column missing or undeclared the rows are still typed (for
    // the errors of their cells, and so that other resources' foreign
    // keys find them), but all marked failed.
    let (columns, columns_ok) = match_columns(path, raw, decl, languages, errors);
    let fields = &decl.schema.fields;
    let ranges: Vec<Option<Range>> = fields.iter().map(Field::range).collect();
    // Qualifier columns, by the index of the field holding them.
    let qualifier_fields: Vec<usize> = fields
        .iter()
        .filter_map(|f| f.qualifier.as_ref())
        .filter_map(|q| decl.schema.index(q))
        .collect();
    let codes: Vec<String> = languages.iter().map(|l| l.to_string()).collect();
    let mut rows = Vec::with_capacity(raw.rows.len());
    for r in &raw.rows {
        let mut ok = true;
        let mut values = Vec::with_capacity(fields.len());
        let mut texts = Vec::with_capacity(fields.len());
        let mut cells = Vec::with_capacity(fields.len());
        for (fi, (f, cols)) in fields.iter().zip(&columns).enumerate() {
            match cols {
                Columns::One(col) => {
                    let cell = col.and_then(|c| r.cells.get(c)).and_then(Option::as_ref);
                    let Some(cell) = cell else {
                        if f.constraints.required {
                            errors.push(PackageError::MissingValue {
                                at: Place::new(path, r.line, r.column),
                                field: f.name.clone(),
                            });
                            ok = false;
                        }
                        values.push(Value::Missing);
                        texts.push(None);
                        cells.push((0, 0));
                        continue;
                    };
                    cells.push((cell.line, cell.column));
                    if f.field_type == FieldType::Localized {
                        let t = texts_of(path, f, &[(None, cell)], errors);
                        ok &= localized_ok(path, f, cell, t.as_ref(), languages, &codes, errors);
                        values.push(Value::Missing);
                        texts.push(t);
                        continue;
                    }
                    let v = match value_of(f, &cell.raw) {
                        Ok(v) => Some(v),
                        Err(CellError::Type(expected)) => {
                            errors.push(PackageError::BadValue {
                                at: at(path, cell),
                                field: f.name.clone(),
                                expected,
                                found: excerpt(&cell.raw.shown()),
                            });
                            None
                        }
                        Err(CellError::Year(y)) => {
                            errors.push(PackageError::OutOfRange {
                                at: at(path, cell),
                                field: f.name.clone(),
                                value: excerpt(&cell.raw.shown()),
                                range: ranges[fi].as_ref().map_or_else(
                                    || format!("a year from 1 to 9999 (found year {y})"),
                                    |r| r.to_string(),
                                ),
                            });
                            None
                        }
                    };
                    let Some(v) = v else {
                        ok = false;
                        values.push(Value::Missing);
                        texts.push(None);
                        continue;
                    };
                    ok &= check_value(path, cell, f, ranges[fi].as_ref(), &v, errors);
                    if qualifier_fields.contains(&fi) {
                        if let Value::Text(q) = &v {
                            if Qualifier::parse(q).is_none() {
                                errors.push(PackageError::UndeclaredCategory {
                                    at: at(path, cell),
                                    field: f.name.clone(),
                                    value: excerpt(q),
                                    suggestion: closest(q, Qualifier::NAMES.iter().copied()),
                                    expected: Qualifier::NAMES
                                        .iter()
                                        .map(|s| s.to_string())
                                        .collect(),
                                });
                                ok = false;
                            }
                        }
                    }
                    values.push(v);
                    texts.push(None);
                }
                Columns::PerLanguage(cols) => {
                    let list: Vec<(Option<&LanguageTag>, &RawCell)> = cols
                        .iter()
                        .filter_map(|(tag, c)| {
                            r.cells.get(*c)?.as_ref().map(|cell| (Some(tag), cell))
                        })
                        .collect();
                    let Some(&(_, first)) = list.first() else {
                        values.push(Value::Missing);
                        texts.push(None);
                        cells.push((0, 0));
                        continue;
                    };
                    cells.push((first.line, first.column));
                    let t = texts_of(path, f, &list, errors);
                    // A missing language names the cell of its column.
                    let missing_cell = t
                        .as_ref()
                        .and_then(|t| t.missing(languages))
                        .and_then(|lang| {
                            cols.iter()
                                .find(|(tag, _)| lang.fallbacks().contains(tag))
                                .and_then(|(_, c)| r.cells.get(*c)?.as_ref())
                        })
                        .unwrap_or(first);
                    // A language with no column at all was reported once,
                    // on the header.
                    let header = Localized {
                        texts: cols
                            .iter()
                            .map(|(tag, _)| (tag.clone(), String::new()))
                            .collect(),
                        all: None,
                    };
                    let need: &[LanguageTag] = if header.missing(languages).is_some() {
                        &[]
                    } else {
                        languages
                    };
                    ok &= localized_ok(path, f, missing_cell, t.as_ref(), need, &codes, errors);
                    values.push(Value::Missing);
                    texts.push(t);
                }
            }
        }
        rows.push(Row {
            line: r.line,
            values,
            texts,
            provenance: RowProvenance {
                sources: Vec::new(),
                locator: Locator::Line { line: r.line },
            },
            cells,
            failed: !ok || !columns_ok,
        });
    }
    rows
}

/// A localized value serves every language of the report, and is given
/// when required.
fn localized_ok(
    path: &Path,
    f: &Field,
    cell: &RawCell,
    texts: Option<&Localized>,
    languages: &[LanguageTag],
    codes: &[String],
    errors: &mut Errors,
) -> bool {
    match texts {
        None if f.constraints.required => {
            errors.push(PackageError::MissingValue {
                at: at(path, cell),
                field: f.name.clone(),
            });
            false
        }
        None => true,
        Some(t) => match t.missing(languages) {
            Some(lang) => {
                errors.push(PackageError::MissingLabel {
                    at: at(path, cell),
                    what: format!("field `{}`", f.name),
                    language: lang.to_string(),
                    languages: codes.to_vec(),
                });
                false
            }
            None => true,
        },
    }
}
