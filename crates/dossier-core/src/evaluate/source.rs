//! A formula as written in a file, with its place, so that an error at a
//! byte inside it points at the file, line and column of that byte.

use dossier_formula::{Formula, FormulaError};
use serde::Serialize;

use super::EvalError;
use crate::package::Place;

/// The text of a formula and the place of its first character.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormulaSource {
    pub text: String,
    /// Where the formula's first character is written (for a string
    /// written with escapes or over several lines, the string's place).
    pub place: Place,
    /// Whether byte positions in `text` map to columns on the place's line
    /// (a one-line string without escapes).
    pub verbatim: bool,
}

impl FormulaSource {
    pub fn new(text: impl Into<String>, place: Place, verbatim: bool) -> FormulaSource {
        let text = text.into();
        let verbatim = verbatim && !text.contains('\n');
        FormulaSource {
            text,
            place,
            verbatim,
        }
    }

    /// The place of byte `pos` of the formula.
    pub fn place_at(&self, pos: usize) -> Place {
        if !self.verbatim || self.place.line == 0 {
            return self.place.clone();
        }
        let pos = pos.min(self.text.len());
        let chars = self.text.get(..pos).map_or(0, |s| s.chars().count());
        Place {
            path: self.place.path.clone(),
            line: self.place.line,
            column: self.place.column + chars,
        }
    }

    /// The formula parsed, or an error at the place of the fault.
    pub fn parse(&self) -> Result<Formula, EvalError> {
        Formula::parse(&self.text).map_err(|e| self.error(&e))
    }

    /// A formula error as an [`EvalError`] at its place.
    pub fn error(&self, e: &FormulaError) -> EvalError {
        EvalError::new(
            self.place_at(e.span.start),
            "formula",
            format!("in formula `{}`: {e}", self.text),
        )
    }
}
