//! Citations written as keys of a TOML table (errata and claims):
//! `source`, then `paragraph` and `quote` for a text source or `locator`
//! for any other, checked like the provenance of a row.

use std::path::{Path, PathBuf};

use dossier_formula::{Decimal, Value};
use dossier_lang::LanguageTag;

use super::declaration::read::{At, Doc, Table};
use super::declaration::SourceKind;
use super::error::{Errors, PackageError, Place};
use super::position::TextFile;
use super::provenance::Cited;
use super::resource::Locator;
use super::tree::{parse_toml, Node, NodeValue};
use super::types::Localized;
use crate::access::Sandbox;

/// The keys a citation uses.
pub const CITATION_KEYS: &[&str] = &["source", "paragraph", "quote", "locator"];

/// Reads and checks the citation keys of `t`.
pub fn citation(
    t: &mut Table<'_>,
    cited: &Cited<'_>,
    errors: &mut Errors,
) -> Option<(String, Locator)> {
    let source = t.required_string("source", errors)?;
    let s = match cited.source(&source.value, &source.at) {
        Ok(s) => s,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let doc = t.doc();
    match s.kind {
        SourceKind::Text => {
            let paragraph = t.require("paragraph", errors);
            let quote = t.required_string("quote", errors);
            let paragraph = paragraph?;
            let quote = quote?;
            let at_p = doc.at(&paragraph.value.span);
            let value = match &paragraph.value.value {
                NodeValue::Number(n) => n
                    .parse::<Decimal>()
                    .map(Value::Number)
                    .unwrap_or(Value::Missing),
                other => {
                    errors.push(super::declaration::read::wrong_type(
                        doc,
                        &paragraph.value,
                        "paragraph",
                        "a paragraph number",
                        other,
                    ));
                    return None;
                }
            };
            match cited.text(s, &value, &at_p, &quote.value, &quote.at) {
                Ok(l) => Some((s.name.clone(), l)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        }
        SourceKind::Table | SourceKind::Reference => {
            let locator = t.required_string("locator", errors)?;
            if locator.value.trim().is_empty() {
                errors.push(PackageError::MissingValue {
                    at: locator.at,
                    field: "locator".into(),
                });
                return None;
            }
            Some((
                s.name.clone(),
                Locator::Reference {
                    locator: locator.value,
                },
            ))
        }
    }
}

/// A text per language that must serve every language of the report.
pub fn localized(
    t: &mut Table<'_>,
    key: &str,
    required: bool,
    languages: &[LanguageTag],
    errors: &mut Errors,
) -> Option<Localized> {
    let v = if required {
        t.require(key, errors)?;
        t.localized(key, errors)?
    } else {
        t.localized(key, errors)?
    };
    check_languages(&v, key, languages, errors);
    Some(v.value)
}

pub fn check_languages(
    v: &At<Localized>,
    key: &str,
    languages: &[LanguageTag],
    errors: &mut Errors,
) {
    if let Some(lang) = v.value.missing(languages) {
        errors.push(PackageError::MissingLabel {
            at: v.at.clone(),
            what: format!("`{key}`"),
            language: lang.to_string(),
            languages: languages.iter().map(|l| l.to_string()).collect(),
        });
    }
}

/// A TOML file of `[[key]]` tables, read through the sandbox.
pub struct EntryFile {
    pub path: PathBuf,
    pub file: TextFile,
    pub root: Node,
}

impl EntryFile {
    pub fn read(path: &Path, sandbox: &Sandbox, errors: &mut Errors) -> Option<EntryFile> {
        let bytes = match sandbox.read(path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(PackageError::Read(e));
                return None;
            }
        };
        let file = match TextFile::decode(path, bytes) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
        let root = match parse_toml(&file.text) {
            Ok(r) => r,
            Err(e) => {
                errors.push(PackageError::Syntax {
                    at: file.place(path, e.offset),
                    message: e.message,
                });
                return None;
            }
        };
        Some(EntryFile {
            path: path.to_path_buf(),
            file,
            root,
        })
    }

    pub fn doc(&self) -> Doc<'_> {
        Doc {
            path: &self.path,
            file: &self.file,
        }
    }
}

/// The `[[key]]` tables of `root` (an unknown top-level key is an error),
/// bounded by the row limit.
pub fn entries<'a>(
    doc: &Doc<'_>,
    root: &'a Node,
    key: &str,
    max_rows: usize,
    errors: &mut Errors,
) -> &'a [Node] {
    let mut list: &[Node] = &[];
    for e in root.as_table().unwrap_or_default() {
        if e.key == key {
            match e.value.as_array() {
                Some(items) => list = items,
                None => errors.push(super::declaration::read::wrong_type(
                    doc,
                    &e.value,
                    key,
                    &format!("an array of tables `[[{key}]]`"),
                    &e.value.value,
                )),
            }
        } else {
            errors.push(PackageError::UnknownKey {
                at: doc.at(&e.key_span),
                key: e.key.clone(),
                suggestion: super::error::closest(&e.key, [key]),
                expected: vec![key.to_string()],
            });
        }
    }
    if list.len() > max_rows {
        let start = list[max_rows].span.clone();
        errors.push(PackageError::Limit {
            at: doc.at(&start),
            what: format!("the number of `[[{key}]]` tables"),
            value: list.len() as u64,
            limit: max_rows as u64,
            flag: "max-table-rows".into(),
        });
        return &[];
    }
    list
}

/// Checks that ids are unique; returns whether `id` is new.
pub fn unique_id(seen: &mut Vec<(String, Place)>, id: &At<String>, errors: &mut Errors) -> bool {
    if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id.value) {
        errors.push(PackageError::DuplicateKey {
            at: id.at.clone(),
            key: format!("`{}`", id.value),
            first_line: Some(first.line),
        });
        return false;
    }
    seen.push((id.value.clone(), id.at.clone()));
    true
}
