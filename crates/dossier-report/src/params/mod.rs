//! Parameters: one report, many runs.
//!
//! A report declares parameters in `report.toml` (`[[param]]`: a name, a
//! type, a default, and the values it allows, written out or taken from a
//! data set of its package). Everything in the report can refer to them:
//! formulas of figures, claims, table filters and chart filters as
//! `param.NAME`, and every text (prose, the spec's texts, chart texts) as
//! `{param.NAME}` (the value, formatted for the edition) or
//! `{param.NAME.label}` (the label of the value in the edition's
//! language). Each run is the report with one value per parameter, built
//! into its own output folder named from the values
//! (`REPORT-VALUE…`, see [`dossier_outputs::name::run`]).
//!
//! - [`declare`]: the spec's tables as written, checked alone;
//! - [`allowed`]: allowed values resolved against the data package;
//! - [`runs`]: the runs a build makes, each value checked.
//!
//! An unknown parameter, or a value outside the allowed set, is an error
//! naming `report.toml` and the line and column of the parameter or of
//! what gave the value.

pub mod allowed;
pub mod declare;
pub mod runs;

pub use allowed::{Allowance, Allowed, Param};
pub use declare::{canonical, ParamSpec, ParamType, RunsSpec, ValuesFrom};
pub use runs::{parse_assignment, Run, RunValue, Selection};
