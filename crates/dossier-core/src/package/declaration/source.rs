//! Declared sources (Frictionless `sources`, extended with what a citation
//! needs and how rows are checked against them) and licences.

use std::path::PathBuf;

use dossier_formula::Date;
use dossier_lang::LanguageTag;
use serde::Serialize;

use super::read::{At, Table};
use crate::package::error::{Errors, PackageError, Place};
use crate::package::tree::Node;
use crate::package::types::Localized;

/// How rows are checked against a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A vendored text: rows cite a paragraph and quote its exact words.
    Text,
    /// A vendored published data set (CSV or JSON): rows cite a row key,
    /// and every cited value is compared with the file.
    Table,
    /// Cited, not vendored: rows carry a locator (page, section).
    Reference,
}

impl SourceKind {
    pub const NAMES: &'static [&'static str] = &["text", "table", "reference"];

    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Text => "text",
            SourceKind::Table => "table",
            SourceKind::Reference => "reference",
        }
    }
}

/// A declared source, with what a citation of it needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    /// The short id that rows, prose and notes cite.
    pub name: String,
    pub kind: SourceKind,
    /// The vendored file, relative to the package folder (text and table
    /// sources).
    pub path: Option<PathBuf>,
    /// The title in the source's own language.
    pub title: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub publication: Option<String>,
    pub date: Option<Date>,
    pub language: Option<LanguageTag>,
    pub url: Option<String>,
    pub license: Option<String>,
    pub version: Option<String>,
    pub email: Option<String>,
    /// The name a source note uses, per language.
    pub short: Option<Localized>,
    /// The declared SHA-256 of the vendored file, lower-case hex.
    pub sha256: Option<At<String>>,
    /// Where the source is declared.
    pub place: Place,
}

/// A licence (Frictionless `licenses`): an SPDX id in `name`, a URL in
/// `path`, words in `title`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct License {
    pub name: Option<String>,
    pub path: Option<String>,
    pub title: Option<String>,
}

const SOURCE_KEYS: &[&str] = &[
    "name",
    "kind",
    "path",
    "title",
    "author",
    "outlet",
    "publication",
    "date",
    "language",
    "url",
    "license",
    "version",
    "email",
    "short",
    "sha256",
];

/// Reads one source table. `default_name` names a Frictionless source,
/// which has only a title and a URL.
pub fn source(
    mut t: Table<'_>,
    default_name: Option<String>,
    errors: &mut Errors,
) -> Option<Source> {
    let name = match (t.string("name", errors), default_name) {
        (Some(n), _) => {
            if n.value.trim().is_empty() || n.value.chars().any(char::is_whitespace) {
                errors.push(PackageError::BadDeclaration {
                    at: n.at.clone(),
                    key: "name".into(),
                    expected: "a short id without spaces".into(),
                    found: n.value.clone(),
                });
            }
            n.value
        }
        (None, Some(d)) => d,
        (None, None) => {
            t.require("name", errors);
            String::new()
        }
    };
    let kind = match t.string("kind", errors) {
        None => SourceKind::Reference,
        Some(k) => match k.value.as_str() {
            "text" => SourceKind::Text,
            "table" => SourceKind::Table,
            "reference" => SourceKind::Reference,
            other => {
                errors.push(PackageError::UnknownName {
                    at: k.at,
                    what: "source kind".into(),
                    name: other.to_string(),
                    suggestion: crate::package::error::closest(
                        other,
                        SourceKind::NAMES.iter().copied(),
                    ),
                    expected: SourceKind::NAMES.iter().map(|s| s.to_string()).collect(),
                });
                return None;
            }
        },
    };
    let path = t.string("path", errors);
    let mut url = t.string("url", errors).map(|u| u.value);
    let file = match (kind, path) {
        (SourceKind::Reference, Some(p)) if p.value.contains("://") => {
            // A Frictionless source's `path` is the URL where it is found.
            url.get_or_insert(p.value);
            None
        }
        (SourceKind::Reference, Some(p)) => {
            errors.push(PackageError::BadDeclaration {
                at: p.at,
                key: "path".into(),
                expected: "a URL for a reference source (it is cited, not vendored); for a vendored file set `kind = \"text\"` or `kind = \"table\"`".into(),
                found: p.value,
            });
            None
        }
        (_, Some(p)) => Some(PathBuf::from(p.value)),
        (SourceKind::Reference, None) => None,
        (_, None) => {
            t.require("path", errors);
            None
        }
    };
    let date = t.get("date").and_then(|e| {
        let text = match &e.value.value {
            crate::package::tree::NodeValue::String(s) => s.clone(),
            crate::package::tree::NodeValue::Datetime(s) => s.clone(),
            crate::package::tree::NodeValue::Number(s) => s.clone(),
            other => {
                errors.push(super::read::wrong_type(
                    t.doc(),
                    &e.value,
                    "date",
                    "a date YYYY, YYYY-MM or YYYY-MM-DD",
                    other,
                ));
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(d) => Some(d),
            Err(err) => {
                errors.push(PackageError::BadDeclaration {
                    at: t.doc().at(&e.value.span),
                    key: "date".into(),
                    expected: format!("a date YYYY, YYYY-MM or YYYY-MM-DD ({err})"),
                    found: text,
                });
                None
            }
        }
    });
    let language = t
        .string("language", errors)
        .and_then(|l| match LanguageTag::parse(&l.value) {
            Ok(tag) => Some(tag),
            Err(err) => {
                errors.push(PackageError::BadDeclaration {
                    at: l.at,
                    key: "language".into(),
                    expected: err.to_string(),
                    found: l.value,
                });
                None
            }
        });
    let sha256 = t.string("sha256", errors).and_then(|h| {
        let hex = h
            .value
            .strip_prefix("sha256:")
            .unwrap_or(&h.value)
            .to_ascii_lowercase();
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(At {
                value: hex,
                at: h.at,
            })
        } else {
            errors.push(PackageError::BadDeclaration {
                at: h.at,
                key: "sha256".into(),
                expected: "64 hexadecimal digits".into(),
                found: h.value,
            });
            None
        }
    });
    if sha256.is_some() && kind == SourceKind::Reference {
        errors.push(PackageError::BadDeclaration {
            at: t.at.clone(),
            key: "sha256".into(),
            expected: "no hash for a reference source, which has no file".into(),
            found: "sha256".into(),
        });
    }
    let s = Source {
        name,
        kind,
        path: file,
        title: t.string("title", errors).map(|v| v.value),
        author: t.string("author", errors).map(|v| v.value),
        outlet: t.string("outlet", errors).map(|v| v.value),
        publication: t.string("publication", errors).map(|v| v.value),
        date,
        language,
        url,
        license: t.string("license", errors).map(|v| v.value),
        version: t.string("version", errors).map(|v| v.value),
        email: t.string("email", errors).map(|v| v.value),
        short: t.localized("short", errors).map(|v| v.value),
        sha256,
        place: t.at.clone(),
    };
    t.finish(SOURCE_KEYS, errors);
    Some(s)
}

const LICENSE_KEYS: &[&str] = &["name", "path", "title"];

/// Reads a `licenses` array.
pub fn licenses(doc: &super::read::Doc<'_>, items: &[Node], errors: &mut Errors) -> Vec<License> {
    let mut out = Vec::new();
    for item in items {
        let Some(mut t) = Table::of(doc, item, "licenses", "a licence", errors) else {
            continue;
        };
        let l = License {
            name: t.string("name", errors).map(|v| v.value),
            path: t.string("path", errors).map(|v| v.value),
            title: t.string("title", errors).map(|v| v.value),
        };
        if l.name.is_none() && l.path.is_none() {
            errors.push(PackageError::MissingKey {
                at: t.at.clone(),
                key: "name".into(),
                within: "a licence (give `name` or `path`)".into(),
            });
        }
        t.finish(LICENSE_KEYS, errors);
        out.push(l);
    }
    out
}
