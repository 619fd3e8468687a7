//! The files of declared sources, read and hashed: a text source split
//! into its paragraphs, a table source (a vendored published data set)
//! into rows as written. A declared `sha256` is checked; the hash of every
//! file is recorded, so that a citation can name the exact data set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::declaration::{Source, SourceKind};
use super::error::{Errors, PackageError};
use super::position::TextFile;
use super::records::{read_csv, read_json, RawTable};
use crate::access::{sha256_hex, Sandbox};
use crate::normalize::match_key;

/// A source file as read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceFile {
    pub path: PathBuf,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    #[serde(skip)]
    pub content: SourceContent,
}

/// What a source file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceContent {
    Text(TextDocument),
    Table(RawTable),
}

/// A text split into paragraphs: blocks separated by blank lines,
/// numbered from 1.
#[derive(Clone, Debug, PartialEq)]
pub struct TextDocument {
    pub paragraphs: Vec<String>,
    /// Each paragraph after [`match_key`], for quote checks.
    keys: Vec<String>,
}

impl TextDocument {
    pub fn new(text: &str) -> TextDocument {
        let paragraphs = split_paragraphs(text);
        let keys = paragraphs.iter().map(|p| match_key(p)).collect();
        TextDocument { paragraphs, keys }
    }

    /// Paragraph `n` (1-based).
    pub fn paragraph(&self, n: u32) -> Option<&str> {
        let i = (n as usize).checked_sub(1)?;
        self.paragraphs.get(i).map(String::as_str)
    }

    /// Whether the quote (already through [`match_key`]) occurs in
    /// paragraph `n`.
    pub fn quote_in(&self, n: u32, key: &str) -> bool {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| self.keys.get(i))
            .is_some_and(|p| p.contains(key))
    }

    /// The first paragraph holding the quote.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.keys
            .iter()
            .position(|p| p.contains(key))
            .and_then(|i| u32::try_from(i + 1).ok())
    }
}

/// Splits text into paragraphs at blank (whitespace-only) lines; lines
/// end at LF, CRLF or a lone CR, and a paragraph's lines are joined with
/// LF.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in lines(text) {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join("\n"));
    }
    out
}

/// The lines of `text`, each without its line end (LF, CRLF or CR).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\r', '\n']) {
            None => Some(std::mem::take(&mut rest)),
            Some(i) => {
                let line = &rest[..i];
                let end = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + end..];
                Some(line)
            }
        }
    })
}

/// Reads every source that has a file. Returns the files by source name.
pub fn load_sources(
    dir: &Path,
    sources: &[Source],
    sandbox: &Sandbox,
    errors: &mut Errors,
) -> BTreeMap<String, SourceFile> {
    let mut out = BTreeMap::new();
    for s in sources {
        let Some(rel) = &s.path else { continue };
        let path = dir.join(rel);
        let bytes = match sandbox.read(&path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(PackageError::Read(e));
                continue;
            }
        };
        let sha256 = sha256_hex(&bytes);
        if let Some(declared) = &s.sha256 {
            if declared.value != sha256 {
                errors.push(PackageError::HashMismatch {
                    at: declared.at.clone(),
                    path: path.clone(),
                    declared: declared.value.clone(),
                    actual: sha256.clone(),
                });
                continue;
            }
        }
        let file = match TextFile::decode(&path, bytes) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let content = match s.kind {
            SourceKind::Text => SourceContent::Text(TextDocument::new(&file.text)),
            SourceKind::Table => {
                let ext = rel
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let table = match ext.as_str() {
                    "csv" => read_csv(&path, &file, b',', b'"', &sandbox.limits, errors),
                    "tsv" => read_csv(&path, &file, b'\t', b'"', &sandbox.limits, errors),
                    "json" => read_json(&path, &file, &sandbox.limits, errors),
                    _ => {
                        errors.push(PackageError::Unsupported {
                            at: s.place.clone(),
                            what: format!("table source file `{}`", rel.display()),
                            message: "expected a .csv, .tsv or .json file (an array of objects)"
                                .into(),
                        });
                        None
                    }
                };
                match table {
                    Some(t) => SourceContent::Table(t),
                    None => continue,
                }
            }
            SourceKind::Reference => continue,
        };
        out.insert(
            s.name.clone(),
            SourceFile {
                path,
                sha256,
                content,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_with_any_line_end() {
        for text in [
            "a\n\nb\nc\n\n\n  \nd",
            "a\r\n\r\nb\r\nc\r\n\r\n\r\n  \r\nd",
            "a\r\rb\rc\r\r\r  \rd",
        ] {
            assert_eq!(split_paragraphs(text), ["a", "b\nc", "d"], "{text:?}");
        }
        assert!(split_paragraphs("").is_empty());
    }

    #[test]
    fn quotes_match_after_normalisation() {
        let d = TextDocument::new("اول\n\nمی شود كتاب  ها\n");
        assert!(d.quote_in(2, &match_key("می شود کتاب ها")));
        assert!(!d.quote_in(1, &match_key("کتاب")));
        assert!(!d.quote_in(0, &match_key("کتاب")));
        assert_eq!(d.find(&match_key("کتاب")), Some(2));
    }
}
