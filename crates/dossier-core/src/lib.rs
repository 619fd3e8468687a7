//! Core of *dossier*: turns the sourced facts under `data/` into typed,
//! checked briefing data. Its job is a fixed pipeline: **load** the CSV and
//! TOML files into typed records (unknown fields, ragged rows, bad values
//! and bad UTF-8 are reported with file, line and column, never a panic);
//! **validate** them (duplicate keys, dates, contiguous periods, and every
//! quote checked against its paragraph of the source text); **normalise**
//! Persian text to modern orthography, reporting each change; and produce
//! **typed Briefing data**: the [`Dataset`], derived figures (balances,
//! growth, implied totals) and a classification of every quantitative
//! claim of the source as consistent, a rounding difference, inconsistent
//! or not checkable, with the computation spelled out in English and
//! Persian. The [`locale`] module formats numbers, percentages and dates
//! for both languages and is shared with the chart and PDF crates.

pub mod access;
pub mod checks;
pub mod error;
pub mod load;
pub mod locale;
pub mod model;
pub mod normalize;
pub mod package;
pub mod types;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

pub use access::{sha256_hex, Input, Limits, Listing, Sandbox};
pub use checks::{
    check_claim, check_claims, claims_table, derive, CheckClass, ClaimCheck, Derived,
};
pub use error::{line_col, DataError, LimitExceeded};
pub use load::{load_dataset, read_text};
pub use model::*;
pub use normalize::{match_key, normalize, Change, ChangeKind, Normalized};
pub use types::{Date, Lang, Money, ParseLangError, Percent, Provenance, Year};

/// Everything a briefing needs: the validated data set, derived figures,
/// claim checks and the normalised paragraphs of every source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Briefing {
    pub dataset: Dataset,
    pub derived: Derived,
    pub checks: Vec<ClaimCheck>,
    /// Source id → paragraphs in modern Persian orthography.
    pub normalized_sources: BTreeMap<String, Vec<String>>,
}

/// Loads `data_dir` and builds the [`Briefing`]; returns every data error.
pub fn load_briefing(data_dir: &Path) -> Result<Briefing, Vec<DataError>> {
    load_briefing_in(data_dir, &Sandbox::unconfined(Limits::default()))
}

/// Like [`load_briefing`], reading only what `sandbox` allows.
pub fn load_briefing_in(data_dir: &Path, sandbox: &Sandbox) -> Result<Briefing, Vec<DataError>> {
    let dataset = load::load_dataset_in(data_dir, sandbox)?;
    let derived = derive(&dataset);
    let checks = check_claims(&dataset);
    let normalized_sources = dataset
        .sources
        .iter()
        .map(|(id, doc)| {
            (
                id.clone(),
                doc.paragraphs.iter().map(|p| normalize(p).text).collect(),
            )
        })
        .collect();
    Ok(Briefing {
        dataset,
        derived,
        checks,
        normalized_sources,
    })
}
