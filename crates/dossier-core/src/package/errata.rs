//! Errata: what a source gets wrong, in a fixed schema, each entry citing
//! the words it corrects.
//!
//! ```toml
//! [[erratum]]
//! id = "founding_year"
//! kind = "factual"          # factual | transliteration | spelling | typo | finding
//! confidence = "high"       # low | medium | high
//! source = "article"        # a declared source
//! paragraph = 3             # text sources: paragraph and quote,
//! quote = "…"               # checked like a row's provenance
//! # locator = "p. 12"       # table and reference sources
//! says = { en = "…", fa = "…" }        # what the source says
//! correction = { en = "…", fa = "…" }  # what is right
//! basis = { en = "…", fa = "…" }       # how we know
//! ```
//!
//! Texts may also be plain strings (the same in every language).

use std::path::Path;

use dossier_lang::LanguageTag;
use serde::Serialize;

use super::citation::{citation, entries, localized, unique_id, EntryFile, CITATION_KEYS};
use super::declaration::read::Table;
use super::error::{closest, Errors, PackageError, Place};
use super::provenance::Cited;
use super::resource::Locator;
use super::types::Localized;
use crate::access::Sandbox;

/// What kind of mistake an erratum corrects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErratumKind {
    Factual,
    Transliteration,
    Spelling,
    Typo,
    /// Not a mistake of fact but something a reader must know (a table
    /// header that says the wrong thing, an inconsistency).
    Finding,
}

impl ErratumKind {
    pub const NAMES: &'static [&'static str] =
        &["factual", "transliteration", "spelling", "typo", "finding"];

    fn parse(s: &str) -> Option<ErratumKind> {
        Some(match s {
            "factual" => ErratumKind::Factual,
            "transliteration" => ErratumKind::Transliteration,
            "spelling" => ErratumKind::Spelling,
            "typo" => ErratumKind::Typo,
            "finding" => ErratumKind::Finding,
            _ => return None,
        })
    }
}

/// How sure the correction is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub const NAMES: &'static [&'static str] = &["low", "medium", "high"];

    fn parse(s: &str) -> Option<Confidence> {
        Some(match s {
            "low" => Confidence::Low,
            "medium" => Confidence::Medium,
            "high" => Confidence::High,
            _ => return None,
        })
    }
}

/// One erratum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Erratum {
    pub id: String,
    pub kind: ErratumKind,
    pub confidence: Confidence,
    pub source: String,
    pub locator: Locator,
    pub says: Localized,
    pub correction: Localized,
    pub basis: Localized,
    pub place: Place,
}

const KEYS: &[&str] = &[
    "id",
    "kind",
    "confidence",
    "source",
    "paragraph",
    "quote",
    "locator",
    "says",
    "correction",
    "basis",
];

/// Reads one of a fixed set of words.
pub fn word<T>(
    t: &mut Table<'_>,
    key: &str,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut Errors,
) -> Option<T> {
    let w = t.required_string(key, errors)?;
    let v = parse(&w.value);
    if v.is_none() {
        errors.push(PackageError::UnknownName {
            at: w.at,
            what: key.to_string(),
            suggestion: closest(&w.value, names.iter().copied()),
            name: w.value,
            expected: names.iter().map(|s| s.to_string()).collect(),
        });
    }
    v
}

/// Reads and checks the errata file.
pub fn load_errata(
    path: &Path,
    sandbox: &Sandbox,
    cited: &Cited<'_>,
    languages: &[LanguageTag],
    errors: &mut Errors,
) -> Vec<Erratum> {
    let Some(file) = EntryFile::read(path, sandbox, errors) else {
        return Vec::new();
    };
    let doc = file.doc();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for node in entries(
        &doc,
        &file.root,
        "erratum",
        sandbox.limits.max_table_rows,
        errors,
    ) {
        let Some(mut t) = Table::of(&doc, node, "erratum", "an erratum", errors) else {
            continue;
        };
        let id = t.required_string("id", errors);
        let kind = word(
            &mut t,
            "kind",
            ErratumKind::NAMES,
            ErratumKind::parse,
            errors,
        );
        let confidence = word(
            &mut t,
            "confidence",
            Confidence::NAMES,
            Confidence::parse,
            errors,
        );
        let cite = citation(&mut t, cited, errors);
        let says = localized(&mut t, "says", true, languages, errors);
        let correction = localized(&mut t, "correction", true, languages, errors);
        let basis = localized(&mut t, "basis", true, languages, errors);
        let place = t.at.clone();
        let known: Vec<&str> = KEYS.iter().chain(CITATION_KEYS).copied().collect();
        t.finish(&known, errors);
        let Some(id) = id else { continue };
        if !unique_id(&mut seen, &id, errors) {
            continue;
        }
        if let (
            Some(kind),
            Some(confidence),
            Some((source, locator)),
            Some(says),
            Some(correction),
            Some(basis),
        ) = (kind, confidence, cite, says, correction, basis)
        {
            out.push(Erratum {
                id: id.value,
                kind,
                confidence,
                source,
                locator,
                says,
                correction,
                basis,
                place,
            });
        }
    }
    out
}
