//! What an evaluation read from the data, row by row, so that a build can
//! tell later whether anything it depended on changed.
//!
//! The rows recorded are those whose values reached a result: the rows a
//! table view keeps after its filter, the rows bound to the members of a
//! figure family, the rows a formula takes `.field` of or counts, the rows
//! a chart draws, and every row of a data set read whole. Rows a filter or
//! a lookup only looks at to choose are not recorded: the choice is made
//! again by the evaluation that checks the record, and the record compares
//! what was chosen. A change to a row no result took never changes the
//! record; a change to one that a result took always does.
//!
//! [`Reads::record`] gives one [`DataRead`] per data set read: how many of
//! its rows were taken and a SHA-256 over them (their line, values, texts
//! and provenance, in the data set's order). Rows added to or removed from
//! a data set change the record of the evaluations that take them, and
//! of no other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::package::Package;

/// The rows of each data set an evaluation took values from. Shared by
/// the threads that evaluate one report (figures, views, the charts of
/// each language).
#[derive(Debug, Default)]
pub struct Reads {
    used: Mutex<BTreeMap<String, BTreeSet<usize>>>,
}

/// What one evaluation took from one data set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRead {
    /// The data set's name.
    pub name: String,
    /// Its data file, as read.
    pub path: PathBuf,
    /// How many of its rows were taken.
    pub rows: usize,
    /// SHA-256 of the rows taken, lower-case hex.
    pub sha256: String,
}

impl Reads {
    pub fn new() -> Reads {
        Reads::default()
    }

    /// Records that values of `rows` of the data set `name` were taken.
    pub fn mark(&self, name: &str, rows: impl IntoIterator<Item = usize>) {
        if let Ok(mut used) = self.used.lock() {
            match used.get_mut(name) {
                Some(set) => set.extend(rows),
                None => {
                    used.insert(name.to_string(), rows.into_iter().collect());
                }
            }
        }
    }

    /// Records that the data set `name` of `package` was read whole.
    pub fn mark_all(&self, package: &Package, name: &str) {
        if let Some(r) = package.resource(name) {
            self.mark(name, 0..r.rows.len());
        }
    }

    /// The record of what was taken from the data sets of `package`, in
    /// the order the package declares them. A data set none of whose rows
    /// were taken is left out.
    pub fn record(&self, package: &Package) -> Vec<DataRead> {
        let used = match self.used.lock() {
            Ok(u) => u.clone(),
            Err(_) => return Vec::new(),
        };
        let mut out = Vec::new();
        for resource in &package.resources {
            let Some(rows) = used.get(&resource.name) else {
                continue;
            };
            let mut hasher = Sha256::new();
            let mut count = 0;
            for &r in rows {
                let Some(row) = resource.rows.get(r) else {
                    continue;
                };
                // A row serialises to the same bytes whenever it holds the
                // same line, values, texts and provenance.
                let bytes = serde_json::to_vec(row).unwrap_or_default();
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
                count += 1;
            }
            if count == 0 {
                continue;
            }
            out.push(DataRead {
                name: resource.name.clone(),
                path: resource.path.clone(),
                rows: count,
                sha256: hasher
                    .finalize()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            });
        }
        out
    }
}
