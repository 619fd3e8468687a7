//! Reading the declaration tree: tables whose keys are checked against the
//! known ones (an unknown key is an error that suggests the closest), and
//! scalars of the expected kind, each error at the place it was written.

use std::ops::Range;
use std::path::Path;

use dossier_formula::Decimal;
use dossier_lang::LanguageTag;

use crate::package::error::{closest, Errors, PackageError, Place};
use crate::package::position::TextFile;
use crate::package::tree::{Entry, Node, NodeValue};
use crate::package::types::Localized;

/// The file being read, for turning spans into places.
pub struct Doc<'a> {
    pub path: &'a Path,
    pub file: &'a TextFile,
}

impl Doc<'_> {
    pub fn at(&self, span: &Range<usize>) -> Place {
        self.file.place(self.path, span.start)
    }
}

/// A value with the place it was written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct At<T> {
    pub value: T,
    pub at: Place,
}

/// One table of the declaration, read key by key. Keys that were never
/// asked for are reported by [`Table::finish`].
pub struct Table<'a> {
    doc: &'a Doc<'a>,
    entries: &'a [Entry],
    /// Where the table starts, for "missing key" errors.
    pub at: Place,
    /// What the table is, for messages: "resource `trade`".
    pub what: String,
    seen: Vec<bool>,
}

impl<'a> Table<'a> {
    /// Reads `node` as a table; an error (and `None`) when it is not one.
    pub fn of(
        doc: &'a Doc<'a>,
        node: &'a Node,
        key: &str,
        what: impl Into<String>,
        errors: &mut Errors,
    ) -> Option<Table<'a>> {
        match &node.value {
            NodeValue::Table(entries) => Some(Table {
                doc,
                entries,
                at: doc.at(&node.span),
                what: what.into(),
                seen: vec![false; entries.len()],
            }),
            other => {
                errors.push(wrong_type(doc, node, key, "a table", other));
                None
            }
        }
    }

    pub fn doc(&self) -> &'a Doc<'a> {
        self.doc
    }

    /// The entry for `key`, marking it as known.
    pub fn get(&mut self, key: &str) -> Option<&'a Entry> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.seen[i] = true;
        Some(&self.entries[i])
    }

    /// The entry for `key`, or a "missing key" error.
    pub fn require(&mut self, key: &str, errors: &mut Errors) -> Option<&'a Entry> {
        let e = self.get(key);
        if e.is_none() {
            errors.push(PackageError::MissingKey {
                at: self.at.clone(),
                key: key.to_string(),
                within: self.what.clone(),
            });
        }
        e
    }

    pub fn string(&mut self, key: &str, errors: &mut Errors) -> Option<At<String>> {
        let e = self.get(key)?;
        string(self.doc, &e.value, key, errors)
    }

    pub fn required_string(&mut self, key: &str, errors: &mut Errors) -> Option<At<String>> {
        let e = self.require(key, errors)?;
        string(self.doc, &e.value, key, errors)
    }

    pub fn bool(&mut self, key: &str, errors: &mut Errors) -> Option<At<bool>> {
        let e = self.get(key)?;
        match &e.value.value {
            NodeValue::Bool(b) => Some(At {
                value: *b,
                at: self.doc.at(&e.value.span),
            }),
            other => {
                errors.push(wrong_type(
                    self.doc,
                    &e.value,
                    key,
                    "`true` or `false`",
                    other,
                ));
                None
            }
        }
    }

    pub fn array(&mut self, key: &str, errors: &mut Errors) -> Option<&'a [Node]> {
        let e = self.get(key)?;
        match &e.value.value {
            NodeValue::Array(items) => Some(items),
            other => {
                errors.push(wrong_type(self.doc, &e.value, key, "an array", other));
                None
            }
        }
    }

    /// A list of strings; a single string counts as a list of one, as
    /// Frictionless allows for `primaryKey` and key `fields`.
    pub fn strings(&mut self, key: &str, errors: &mut Errors) -> Option<Vec<At<String>>> {
        let e = self.get(key)?;
        strings(self.doc, &e.value, key, errors)
    }

    pub fn localized(&mut self, key: &str, errors: &mut Errors) -> Option<At<Localized>> {
        let e = self.get(key)?;
        localized(self.doc, &e.value, key, errors)
    }

    /// A whole number of at least zero.
    pub fn count(&mut self, key: &str, errors: &mut Errors) -> Option<At<u64>> {
        let e = self.get(key)?;
        let at = self.doc.at(&e.value.span);
        match &e.value.value {
            NodeValue::Number(text) => match text.parse::<u64>() {
                Ok(n) => Some(At { value: n, at }),
                Err(_) => {
                    errors.push(PackageError::BadDeclaration {
                        at,
                        key: key.to_string(),
                        expected: "a whole number of at least 0".into(),
                        found: text.clone(),
                    });
                    None
                }
            },
            other => {
                errors.push(wrong_type(self.doc, &e.value, key, "a whole number", other));
                None
            }
        }
    }

    /// Reports every key that was not asked for, suggesting the closest of
    /// `known` (which lists every key the table may hold).
    pub fn finish(self, known: &[&str], errors: &mut Errors) {
        for (e, seen) in self.entries.iter().zip(&self.seen) {
            if !seen {
                let listed = known.contains(&e.key.as_str());
                if listed {
                    // Known and accepted, but not used by dossier.
                    continue;
                }
                errors.push(PackageError::UnknownKey {
                    at: self.doc.at(&e.key_span),
                    key: e.key.clone(),
                    suggestion: closest(&e.key, known.iter().copied()),
                    expected: known.iter().map(|k| k.to_string()).collect(),
                });
            }
        }
    }
}

/// "expected X, found Y" for a value of the wrong kind.
pub fn wrong_type(
    doc: &Doc<'_>,
    node: &Node,
    key: &str,
    expected: &str,
    found: &NodeValue,
) -> PackageError {
    PackageError::WrongType {
        at: doc.at(&node.span),
        key: key.to_string(),
        expected: expected.to_string(),
        found: found.describe().to_string(),
    }
}

pub fn string(doc: &Doc<'_>, node: &Node, key: &str, errors: &mut Errors) -> Option<At<String>> {
    match &node.value {
        NodeValue::String(s) => Some(At {
            value: s.clone(),
            at: doc.at(&node.span),
        }),
        other => {
            errors.push(wrong_type(doc, node, key, "a string", other));
            None
        }
    }
}

pub fn strings(
    doc: &Doc<'_>,
    node: &Node,
    key: &str,
    errors: &mut Errors,
) -> Option<Vec<At<String>>> {
    match &node.value {
        NodeValue::String(_) => string(doc, node, key, errors).map(|s| vec![s]),
        NodeValue::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                out.push(string(doc, item, key, errors)?);
            }
            Some(out)
        }
        other => {
            errors.push(wrong_type(
                doc,
                node,
                key,
                "a string or an array of strings",
                other,
            ));
            None
        }
    }
}

/// A text per language (`{ en = "…", fa = "…" }`, keys BCP 47 tags) or
/// one plain string for every language.
pub fn localized(
    doc: &Doc<'_>,
    node: &Node,
    key: &str,
    errors: &mut Errors,
) -> Option<At<Localized>> {
    let at = doc.at(&node.span);
    match &node.value {
        NodeValue::String(s) => Some(At {
            value: Localized::plain(s.clone()),
            at,
        }),
        NodeValue::Table(entries) => {
            let mut texts: Vec<(LanguageTag, String)> = Vec::new();
            let mut ok = true;
            for e in entries {
                let tag = match LanguageTag::parse(&e.key) {
                    Ok(t) => t,
                    Err(err) => {
                        errors.push(PackageError::BadDeclaration {
                            at: doc.at(&e.key_span),
                            key: key.to_string(),
                            expected: format!("language tags as keys: {err}"),
                            found: e.key.clone(),
                        });
                        ok = false;
                        continue;
                    }
                };
                let Some(text) = string(doc, &e.value, &e.key, errors) else {
                    ok = false;
                    continue;
                };
                if texts.iter().any(|(t, _)| *t == tag) {
                    errors.push(PackageError::BadDeclaration {
                        at: doc.at(&e.key_span),
                        key: key.to_string(),
                        expected: "each language once".into(),
                        found: e.key.clone(),
                    });
                    ok = false;
                    continue;
                }
                texts.push((tag, text.value));
            }
            ok.then_some(At {
                value: Localized { texts, all: None },
                at,
            })
        }
        other => {
            errors.push(wrong_type(
                doc,
                node,
                key,
                "a text per language (`{ en = \"…\", fa = \"…\" }`) or a string",
                other,
            ));
            None
        }
    }
}

/// A decimal written as a TOML or JSON number (`0.1` stays exactly one
/// tenth), or as a string of one.
pub fn decimal_text(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        let plain = text.strip_prefix('+').unwrap_or(text);
        let digits = plain.strip_prefix('-').unwrap_or(plain);
        let ok = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().filter(|&b| b == b'.').count() <= 1
            && !digits.starts_with('.')
            && !digits.ends_with('.');
        if ok {
            plain.parse().ok()
        } else {
            None
        }
    }
}
