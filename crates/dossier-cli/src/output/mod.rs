//! Writing outputs: only under the real `--out`, never through a symlink,
//! and a report's whole output set at once.
//!
//! - [`root`]: `--out`, resolved once and held open; every file under it
//!   is named relative to it without following links.
//! - [`set`]: a report's files written into a fresh sibling folder and
//!   switched in with one exchange of the two folders, under a lock.
//! - [`tree`]: removing the previous set, however deep and whatever links
//!   it holds.

pub mod root;
pub mod set;
pub mod tree;

pub use root::OutRoot;
pub use set::{remove, restore, Staging};

/// An output format the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Png,
    Svg,
    Html,
}

impl Format {
    /// The planner's format.
    pub fn planned(self) -> dossier_outputs::Format {
        match self {
            Format::Pdf => dossier_outputs::Format::Pdf,
            Format::Png => dossier_outputs::Format::Png,
            Format::Svg => dossier_outputs::Format::Svg,
            Format::Html => dossier_outputs::Format::Html,
        }
    }
}
