//! Claims: what a source states, where, and the formula that says what the
//! data gives, loaded into a typed list. Evaluating the formulas and
//! classing each claim is the report's job; this module checks the shape,
//! the citation and the languages, and keeps the place of every formula
//! so that an error inside it can point at the file, line and column.
//!
//! ```toml
//! [[claim]]
//! id = "growth_b_2"
//! statement = { en = "B grew 43.8% in year 2", fa = "…" }
//! stated = "43.8"            # as stated; its decimals are the stated precision
//! unit = "percent"           # percent | days | years | { currency, scale }
//! source = "article"
//! paragraph = 9
//! quote = "…"
//! formula = "pct_change(t['b', 1].v, t['b', 2].v)"
//! rule = "equal"             # equal | more_than | at_least | less_than | at_most
//! # tolerance = "0.5"        # with rule = "equal"
//! note = { en = "…", fa = "…" }                  # optional
//! # without a formula (not checkable):
//! # checkable_against = { en = "…", fa = "…" }
//! ```

use std::path::Path;

use dossier_formula::Decimal;
use dossier_lang::LanguageTag;
use serde::Serialize;

use super::citation::{citation, entries, localized, unique_id, EntryFile, CITATION_KEYS};
use super::declaration::field::parse_unit;
use super::declaration::read::{Doc, Table};
use super::errata::word;
use super::error::{Errors, PackageError, Place};
use super::position::TextFile;
use super::provenance::Cited;
use super::resource::Locator;
use super::tree::{Node, NodeValue};
use super::types::{Localized, Unit};
use crate::access::Sandbox;

/// How a computed value is compared with the stated one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Equal,
    MoreThan,
    AtLeast,
    LessThan,
    AtMost,
}

impl Rule {
    pub const NAMES: &'static [&'static str] =
        &["equal", "more_than", "at_least", "less_than", "at_most"];

    fn parse(s: &str) -> Option<Rule> {
        Some(match s {
            "equal" => Rule::Equal,
            "more_than" => Rule::MoreThan,
            "at_least" => Rule::AtLeast,
            "less_than" => Rule::LessThan,
            "at_most" => Rule::AtMost,
            _ => return None,
        })
    }
}

/// A value as the source states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stated {
    /// As written in the claims file (`"43.8"`).
    pub text: String,
    pub value: Decimal,
    /// Digits after the decimal point: the stated precision.
    pub decimals: u32,
}

/// A formula with where it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Formula {
    pub text: String,
    /// The place of the string (its opening quote).
    pub place: Place,
    /// Byte offset in the claims file of the formula's first character.
    pub offset: usize,
    /// Whether the string is written without escapes, so that a byte
    /// position in `text` is the same byte in the file after `offset`.
    pub verbatim: bool,
}

impl Formula {
    /// The place in the claims file of byte `pos` of the formula (the
    /// string's place when escapes make positions differ).
    pub fn place_of(&self, claims: &TextFile, pos: usize) -> Place {
        if self.verbatim {
            claims.place(&self.place.path, self.offset + pos.min(self.text.len()))
        } else {
            self.place.clone()
        }
    }
}

/// One claim of a source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    pub id: String,
    pub statement: Localized,
    pub stated: Option<Stated>,
    pub unit: Option<Unit>,
    pub source: String,
    pub locator: Locator,
    pub formula: Option<Formula>,
    pub rule: Rule,
    pub tolerance: Option<Decimal>,
    pub note: Option<Localized>,
    /// For a claim without a formula: what it could be checked against.
    pub checkable_against: Option<Localized>,
    pub place: Place,
}

/// The claims of a package, and their file (to place formula errors).
#[derive(Clone, Debug)]
pub struct Claims {
    pub claims: Vec<Claim>,
    pub file: TextFile,
}

const KEYS: &[&str] = &[
    "id",
    "statement",
    "stated",
    "unit",
    "formula",
    "rule",
    "tolerance",
    "note",
    "checkable_against",
];

/// A decimal in plain notation, and its number of decimals.
fn stated_number(text: &str) -> Option<(Decimal, u32)> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    if !ok {
        return None;
    }
    Some((text.parse().ok()?, u32::try_from(frac.len()).ok()?))
}

fn number(doc: &Doc<'_>, t: &mut Table<'_>, key: &str, errors: &mut Errors) -> Option<Stated> {
    let e = t.get(key)?;
    let text = match &e.value.value {
        NodeValue::String(s) | NodeValue::Number(s) => s.clone(),
        other => {
            errors.push(super::declaration::read::wrong_type(
                doc,
                &e.value,
                key,
                "a number (`\"43.8\"`)",
                other,
            ));
            return None;
        }
    };
    match stated_number(&text) {
        Some((value, decimals)) => Some(Stated {
            text,
            value,
            decimals,
        }),
        None => {
            errors.push(PackageError::BadDeclaration {
                at: doc.at(&e.value.span),
                key: key.to_string(),
                expected: "a decimal number in ASCII digits, in plain notation (`43.8`)".into(),
                found: super::error::excerpt(&text),
            });
            None
        }
    }
}

/// The formula string and where its text starts in the file.
fn formula(doc: &Doc<'_>, node: &Node, errors: &mut Errors) -> Option<Formula> {
    let s = super::declaration::read::string(doc, node, "formula", errors)?;
    let raw = doc.file.text.get(node.span.clone()).unwrap_or("");
    let (open, literal) = if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with("'''") {
        (3, true)
    } else {
        (1, raw.starts_with('\''))
    };
    let mut offset = node.span.start + open;
    // A multi-line string drops a line end right after its opening.
    if open == 3 {
        let rest = doc.file.text.get(offset..).unwrap_or("");
        if rest.starts_with("\r\n") {
            offset += 2;
        } else if rest.starts_with('\n') {
            offset += 1;
        }
    }
    let inner = doc
        .file
        .text
        .get(offset..offset + s.value.len())
        .unwrap_or("");
    let verbatim = inner == s.value && (literal || !inner.contains('\\'));
    Some(Formula {
        text: s.value,
        place: s.at,
        offset,
        verbatim,
    })
}

/// Reads and checks the claims file.
pub fn load_claims(
    path: &Path,
    sandbox: &Sandbox,
    cited: &Cited<'_>,
    languages: &[LanguageTag],
    errors: &mut Errors,
) -> Option<Claims> {
    let file = EntryFile::read(path, sandbox, errors)?;
    let doc = file.doc();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for node in entries(
        &doc,
        &file.root,
        "claim",
        sandbox.limits.max_table_rows,
        errors,
    ) {
        let Some(mut t) = Table::of(&doc, node, "claim", "a claim", errors) else {
            continue;
        };
        let id = t.required_string("id", errors);
        let statement = localized(&mut t, "statement", true, languages, errors);
        let stated = number(&doc, &mut t, "stated", errors);
        let unit = t
            .get("unit")
            .and_then(|e| parse_unit(&doc, &e.value, errors));
        let cite = citation(&mut t, cited, errors);
        let formula = t
            .get("formula")
            .and_then(|e| formula(&doc, &e.value, errors));
        let rule = if t.get("rule").is_some() {
            // `word` reads the key again; marking it seen first is harmless.
            word(&mut t, "rule", Rule::NAMES, Rule::parse, errors)
        } else {
            Some(Rule::Equal)
        };
        let tolerance = number(&doc, &mut t, "tolerance", errors);
        let note = localized(&mut t, "note", false, languages, errors);
        let checkable_against = localized(&mut t, "checkable_against", false, languages, errors);
        let place = t.at.clone();
        if formula.is_none() && checkable_against.is_none() {
            errors.push(PackageError::MissingKey {
                at: place.clone(),
                key: "formula".into(),
                within: "a claim (give `formula`, or `checkable_against` for a claim the data cannot check)".into(),
            });
        }
        if tolerance.is_some() && rule != Some(Rule::Equal) {
            errors.push(PackageError::BadDeclaration {
                at: place.clone(),
                key: "tolerance".into(),
                expected: "a tolerance only with `rule = \"equal\"`".into(),
                found: "tolerance".into(),
            });
        }
        if let Some(t) = &tolerance {
            if t.value.is_sign_negative() {
                errors.push(PackageError::BadDeclaration {
                    at: place.clone(),
                    key: "tolerance".into(),
                    expected: "a tolerance of at least 0".into(),
                    found: t.text.clone(),
                });
            }
        }
        if formula.is_some() && stated.is_none() {
            errors.push(PackageError::MissingKey {
                at: place.clone(),
                key: "stated".into(),
                within: "a claim with a formula (the value the source states, to compare with)"
                    .into(),
            });
        }
        let known: Vec<&str> = KEYS.iter().chain(CITATION_KEYS).copied().collect();
        t.finish(&known, errors);
        let Some(id) = id else { continue };
        if !unique_id(&mut seen, &id, errors) {
            continue;
        }
        if let (Some(statement), Some((source, locator)), Some(rule)) = (statement, cite, rule) {
            out.push(Claim {
                id: id.value,
                statement,
                stated,
                unit,
                source,
                locator,
                formula,
                rule,
                tolerance: tolerance.map(|t| t.value),
                note,
                checkable_against,
                place,
            });
        }
    }
    Some(Claims {
        claims: out,
        file: file.file,
    })
}
