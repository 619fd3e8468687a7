//! The provenance check of every row: the source it cites exists and is
//! of a kind the row can be checked against, and the row's facts are
//! there.
//!
//! - **Text sources:** the paragraph exists, the quote occurs in it after
//!   the same light normalisation on both sides ([`match_key`]: Arabic yeh
//!   and kaf unified, ZWNJ removed, whitespace collapsed), and each value
//!   named in `values` equals a whole number token of the quote (see
//!   [`super::tokens`]); with `match = "position"`, the rows sharing one
//!   quote match its tokens in order.
//! - **Table sources:** the row of the source with the same key exists
//!   (exactly one), and each mapped column holds the same value, compared
//!   as values of our field's type: numbers as exact decimals, as their
//!   digits are written in the file (a JSON `0.30000000000000004` equals
//!   only that decimal, never a rounded float).
//! - **Reference sources:** the row gives a locator.

use std::collections::{BTreeMap, HashMap};

use dossier_formula::Value;

use super::declaration::{Matching, ProvenanceRule, Source, SourceKind, SourceRule};
use super::error::{closest, excerpt, Errors, PackageError, Place};
use super::keys::shown;
use super::records::RawTable;
use super::resource::{Locator, Resource, Row, RowProvenance};
use super::rows::value_of;
use super::sources::{SourceContent, SourceFile, TextDocument};
use super::tokens::{tokens, Token};
use crate::normalize::match_key;

/// The declared sources and their files.
pub struct Cited<'a> {
    pub sources: &'a [Source],
    pub files: &'a BTreeMap<String, SourceFile>,
}

impl Cited<'_> {
    /// The source called `name`, or an "unknown source" error at `at`.
    // Errors are rare and carry their place and what was expected;
    // their size does not matter on the path that succeeds.
    #[allow(clippy::result_large_err)]
    pub fn source(&self, name: &str, at: &Place) -> Result<&Source, PackageError> {
        self.sources.iter().find(|s| s.name == name).ok_or_else(|| {
            let names = self.sources.iter().map(|s| s.name.as_str());
            PackageError::UnknownSource {
                at: at.clone(),
                name: excerpt(name),
                suggestion: closest(name, names.clone()),
                expected: names.map(str::to_string).collect(),
            }
        })
    }

    fn document(&self, name: &str) -> Option<&TextDocument> {
        match &self.files.get(name)?.content {
            SourceContent::Text(d) => Some(d),
            SourceContent::Table(_) => None,
        }
    }

    /// Checks a citation of a text source: paragraph `paragraph` (as
    /// written, from `at_paragraph`) exists and holds `quote`.
    // Errors are rare and carry their place and what was expected;
    // their size does not matter on the path that succeeds.
    #[allow(clippy::result_large_err)]
    pub fn text(
        &self,
        source: &Source,
        paragraph: &Value,
        at_paragraph: &Place,
        quote: &str,
        at_quote: &Place,
    ) -> Result<Locator, PackageError> {
        // A source whose file failed to load was reported already; its
        // citations cannot be checked, and would only repeat that error.
        let doc = self.document(&source.name);
        let count = doc.map_or(0, |d| d.paragraphs.len());
        let n = paragraph
            .as_number()
            .filter(|n| n.fract().is_zero())
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n >= 1 && (n as usize) <= count || doc.is_none());
        let Some(n) = n else {
            return Err(PackageError::ParagraphOutOfRange {
                at: at_paragraph.clone(),
                source_name: source.name.clone(),
                paragraph: paragraph.to_string(),
                count,
            });
        };
        let key = match_key(quote);
        if key.is_empty() {
            return Err(PackageError::MissingValue {
                at: at_quote.clone(),
                field: "quote".into(),
            });
        }
        if let Some(doc) = doc {
            if !doc.quote_in(n, &key) {
                return Err(PackageError::QuoteNotInParagraph {
                    at: at_quote.clone(),
                    source_name: source.name.clone(),
                    paragraph: n,
                    quote: excerpt(quote),
                    found_in: doc.find(&key),
                });
            }
        }
        Ok(Locator::Text {
            paragraph: n,
            quote: quote.to_string(),
        })
    }
}

/// A table source indexed by the key a resource cites it with.
struct TableIndex<'a> {
    raw: &'a RawTable,
    /// Our key value → rows of the source.
    index: HashMap<Vec<Value>, Vec<usize>>,
    /// The source's column for each of `rule.columns`.
    columns: Vec<usize>,
}

fn index_table<'a>(
    resource: &Resource,
    source: &Source,
    raw: &'a RawTable,
    rule: &ProvenanceRule,
    errors: &mut Errors,
) -> Option<TableIndex<'a>> {
    let mut resolve = |name: &super::declaration::read::At<String>| {
        let i = raw.columns.iter().position(|c| *c == name.value);
        if i.is_none() {
            errors.push(PackageError::UnknownName {
                at: name.at.clone(),
                what: format!("column of table source `{}`", source.name),
                name: excerpt(&name.value),
                suggestion: closest(&name.value, raw.columns.iter().map(String::as_str)),
                expected: raw.columns.clone(),
            });
        }
        i
    };
    let key_cols: Vec<Option<usize>> = rule.key.iter().map(|(_, theirs)| resolve(theirs)).collect();
    let value_cols: Vec<Option<usize>> = rule
        .columns
        .iter()
        .map(|(_, theirs)| resolve(theirs))
        .collect();
    let key_cols: Vec<usize> = key_cols.into_iter().collect::<Option<_>>()?;
    let columns: Vec<usize> = value_cols.into_iter().collect::<Option<_>>()?;
    let mut index: HashMap<Vec<Value>, Vec<usize>> = HashMap::new();
    for (i, row) in raw.rows.iter().enumerate() {
        let key: Option<Vec<Value>> = rule
            .key
            .iter()
            .zip(&key_cols)
            .map(|((ours, _), &c)| {
                let field = &resource.schema.fields[*ours];
                let cell = row.cells.get(c)?.as_ref()?;
                value_of(field, &cell.raw).ok()
            })
            .collect();
        // A source row whose key is not of our key's type cannot be cited.
        if let Some(key) = key {
            index.entry(key).or_default().push(i);
        }
    }
    Some(TableIndex {
        raw,
        index,
        columns,
    })
}

/// Checks a row against its row of a table source.
fn check_table_row(
    resource: &Resource,
    row: &Row,
    source: &Source,
    table: &TableIndex<'_>,
    path: &std::path::Path,
    errors: &mut Errors,
) -> Option<Locator> {
    let rule = &resource.provenance;
    let key: Vec<Value> = rule
        .key
        .iter()
        .map(|(ours, _)| row.values[*ours].clone())
        .collect();
    let at = resource.place(row, rule.key.first().map_or(0, |k| k.0));
    let shown_key = shown(&key.iter().collect::<Vec<_>>());
    let hits = table.index.get(&key).map(Vec::as_slice).unwrap_or_default();
    let hit = match hits {
        [] => {
            errors.push(PackageError::TableRowNotFound {
                at,
                source_name: source.name.clone(),
                path: path.to_path_buf(),
                key: shown_key,
            });
            return None;
        }
        [one] => &table.raw.rows[*one],
        many => {
            errors.push(PackageError::TableKeyAmbiguous {
                at,
                source_name: source.name.clone(),
                key: shown_key,
                count: many.len(),
                lines: many.iter().map(|&i| table.raw.rows[i].line).collect(),
            });
            return None;
        }
    };
    let mut ok = true;
    for ((ours, theirs), &col) in rule.columns.iter().zip(&table.columns) {
        let field = &resource.schema.fields[*ours];
        let cell = hit.cells.get(col).and_then(Option::as_ref);
        let theirs_value = match cell {
            None => Some(Value::Missing),
            Some(c) => value_of(field, &c.raw).ok(),
        };
        let ours_value = &row.values[*ours];
        if theirs_value.as_ref() != Some(ours_value) {
            errors.push(PackageError::TableValueDiffers {
                at: resource.place(row, *ours),
                field: field.name.clone(),
                value: excerpt(&ours_value.to_string()),
                source_name: source.name.clone(),
                path: path.to_path_buf(),
                source_line: cell.map_or(hit.line, |c| c.line as usize),
                column: theirs.value.clone(),
                found: excerpt(&cell.map_or_else(|| "no value".to_string(), |c| c.raw.shown())),
            });
            ok = false;
        }
    }
    ok.then(|| Locator::Table {
        key: rule
            .key
            .iter()
            .map(|(ours, _)| {
                (
                    resource.schema.fields[*ours].name.clone(),
                    row.values[*ours].clone(),
                )
            })
            .collect(),
        columns: rule
            .columns
            .iter()
            .map(|(ours, _)| resource.schema.fields[*ours].name.clone())
            .collect(),
        line: hit.line,
    })
}

/// The text of a string cell, or a "missing value" error naming it.
// Errors are rare; their size does not matter on the path that succeeds.
#[allow(clippy::result_large_err)]
fn text_cell<'r>(resource: &Resource, row: &'r Row, field: usize) -> Result<&'r str, PackageError> {
    match &row.values[field] {
        Value::Text(t) if !t.trim().is_empty() => Ok(t),
        _ => Err(PackageError::MissingValue {
            at: resource.place(row, field),
            field: resource.schema.fields[field].name.clone(),
        }),
    }
}

/// Checks one row; returns its provenance.
fn check_row<'a>(
    resource: &Resource,
    row: &Row,
    cited: &'a Cited<'a>,
    tables: &mut HashMap<String, Option<TableIndex<'a>>>,
    errors: &mut Errors,
) -> Option<RowProvenance> {
    let rule = &resource.provenance;
    if row.failed {
        return None;
    }
    let (name, at) = match &rule.source {
        SourceRule::Published(names) => {
            return Some(RowProvenance {
                sources: names.clone(),
                locator: Locator::Line { line: row.line },
            })
        }
        SourceRule::Named(n) => (n.value.clone(), resource.place(row, 0)),
        SourceRule::Column(i) => match text_cell(resource, row, *i) {
            Ok(t) => (t.to_string(), resource.place(row, *i)),
            Err(e) => {
                errors.push(e);
                return None;
            }
        },
    };
    let source = match cited.source(&name, &at) {
        Ok(s) => s,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    if let Some(needs) = super::declaration::needs(source.kind, rule) {
        // A fixed source was checked with the declaration.
        if matches!(rule.source, SourceRule::Column(_)) {
            errors.push(PackageError::WrongSourceKind {
                at,
                source_name: source.name.clone(),
                source_kind: source.kind.name().into(),
                needs,
            });
        }
        return None;
    }
    let locator = match source.kind {
        SourceKind::Text => {
            let (Some(p), Some(q)) = (rule.paragraph, rule.quote) else {
                return None;
            };
            let quote = match text_cell(resource, row, q) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    return None;
                }
            };
            match cited.text(
                source,
                &row.values[p],
                &resource.place(row, p),
                quote,
                &resource.place(row, q),
            ) {
                Ok(l) => l,
                Err(e) => {
                    errors.push(e);
                    return None;
                }
            }
        }
        SourceKind::Table => {
            let file = cited.files.get(&source.name)?;
            let SourceContent::Table(raw) = &file.content else {
                return None;
            };
            let entry = tables
                .entry(source.name.clone())
                .or_insert_with(|| index_table(resource, source, raw, rule, errors));
            let table = entry.as_ref()?;
            check_table_row(resource, row, source, table, &file.path, errors)?
        }
        SourceKind::Reference => {
            let l = rule.locator?;
            match text_cell(resource, row, l) {
                Ok(t) => Locator::Reference {
                    locator: t.to_string(),
                },
                Err(e) => {
                    errors.push(e);
                    return None;
                }
            }
        }
    };
    Some(RowProvenance {
        sources: vec![source.name.clone()],
        locator,
    })
}

/// Checks every row of `resource`, fills in its provenance, and checks
/// its declared values against their quotes.
pub fn check_resource(resource: &mut Resource, cited: &Cited<'_>, errors: &mut Errors) {
    let mut tables = HashMap::new();
    let mut found = Vec::with_capacity(resource.rows.len());
    for row in &resource.rows {
        found.push(check_row(resource, row, cited, &mut tables, errors));
    }
    check_values(resource, &found, errors);
    for (row, p) in resource.rows.iter_mut().zip(found) {
        if let Some(p) = p {
            row.provenance = p;
        }
    }
}

/// Each value of `values` against the number tokens of its row's quote.
/// Rows are grouped into series by the source, paragraph and quote they
/// give, whether or not their own checks passed, so that one bad row does
/// not shift the positions of the rows after it.
fn check_values(resource: &Resource, found: &[Option<RowProvenance>], errors: &mut Errors) {
    let rule = &resource.provenance;
    let (Some(pi), Some(qi)) = (rule.paragraph, rule.quote) else {
        return;
    };
    if rule.values.is_empty() {
        return;
    }
    let mut position: HashMap<(String, &Value, &Value), usize> = HashMap::new();
    let mut cache: HashMap<&str, Vec<Token>> = HashMap::new();
    for (row, p) in resource.rows.iter().zip(found) {
        let source = match &rule.source {
            SourceRule::Column(i) => row.values[*i].as_text().unwrap_or("").to_string(),
            SourceRule::Named(n) => n.value.clone(),
            SourceRule::Published(_) => return,
        };
        let k = position
            .entry((source, &row.values[pi], &row.values[qi]))
            .or_insert(0);
        let nth = *k;
        *k += 1;
        let Some(RowProvenance {
            locator: Locator::Text { quote, .. },
            ..
        }) = p
        else {
            continue;
        };
        let toks = cache.entry(quote.as_str()).or_insert_with(|| tokens(quote));
        let shown_tokens = || toks.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        for (j, &f) in rule.values.iter().enumerate() {
            let Some(v) = row.values[f].as_number() else {
                continue;
            };
            let field = &resource.schema.fields[f];
            let percent = field.is_percent();
            match rule.matching {
                Matching::Token => {
                    if !toks.iter().any(|t| t.matches(&v, percent)) {
                        errors.push(PackageError::ValueNotInQuote {
                            at: resource.place(row, f),
                            field: field.name.clone(),
                            value: v.to_string(),
                            tokens: shown_tokens(),
                        });
                    }
                }
                Matching::Position => {
                    let pos = nth * rule.values.len() + j;
                    let token = toks.get(pos);
                    if !token.is_some_and(|t| t.matches(&v, percent)) {
                        errors.push(PackageError::ValueNotAtPosition {
                            at: resource.place(row, f),
                            field: field.name.clone(),
                            value: v.to_string(),
                            position: pos + 1,
                            found: token.map(|t| t.text.clone()),
                            tokens: shown_tokens(),
                        });
                    }
                }
            }
        }
    }
}
