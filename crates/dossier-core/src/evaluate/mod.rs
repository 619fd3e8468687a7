//! Evaluation: a report's figures, the package's claims and the report's
//! table views, computed over a loaded [`Package`](crate::package::Package).
//!
//! Generic: nothing here knows a subject. The report layer reads its spec
//! into the definitions of this module ([`FigureDef`], [`ViewDef`]); this
//! module evaluates them with dossier-formula:
//!
//! 1. **figures** ([`figures`]), each a named formula (or a family of
//!    them, one per row of a data set), evaluated on demand in dependency
//!    order with every value kept: a figure that needs itself, directly or
//!    through others, is a circular-definition error naming the chain;
//! 2. **claims** ([`claims`]), classed by their rule against the stated
//!    value ([`dossier_formula::classify`]), with the trace of their
//!    computation for the claims table;
//! 3. **table views** ([`views`]) into typed, language-independent
//!    [`Cell`]s with the provenance of the rows they show.
//!
//! Arithmetic is decimal throughout; rounding is half away from zero
//! ([`dossier_formula::round_half_away`]): `43.745` at one decimal is
//! `43.7`, `0.05` is `0.1`, `-0.05` is `-0.1`. Every error names the file,
//! line and column of the formula, and the place inside it.

pub mod claims;
pub mod figures;
pub mod reads;
pub mod source;
pub mod views;

use std::path::PathBuf;

use serde::Serialize;

pub use claims::{check_claims, ClaimCheck};
pub use figures::{
    evaluate_figures, evaluate_figures_in, Figure, FigureDef, FigureUnit, Figures, Params,
};
pub use reads::{DataRead, Reads};
pub use source::FormulaSource;
pub use views::{
    evaluate_view, Cell, ColumnDef, ColumnHead, DerivedDef, PivotDef, RowLabel, View, ViewDef,
    ViewRow,
};

use crate::package::Place;

/// Why a figure, claim or view could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{place}: {message}")]
pub struct EvalError {
    /// The file, line and column: of the formula, at the place inside it
    /// the error concerns.
    pub place: Place,
    /// What is wrong and what was expected.
    pub message: String,
    /// A stable name for the kind of error (`formula`, `circular`,
    /// `unknown-data`, `view`, `claim`).
    pub kind: &'static str,
}

impl EvalError {
    pub fn new(place: Place, kind: &'static str, message: impl Into<String>) -> EvalError {
        EvalError {
            place,
            message: message.into(),
            kind,
        }
    }

    /// The file the error points into.
    pub fn path(&self) -> &PathBuf {
        &self.place.path
    }
}
