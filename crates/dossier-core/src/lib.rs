//! Core of *dossier*: the generic engine that turns a data package into
//! checked, evaluated facts, for reports of any subject.
//!
//! Its job is a fixed pipeline, data flowing one way:
//!
//! 1. **load** ([`package`]): a data folder's `datapackage.toml` and every
//!    file it declares, read through the report's [`Sandbox`] ([`access`]),
//!    typed and checked (keys, categories, constraints, foreign keys), each
//!    row's provenance checked against its source;
//! 2. **evaluate** ([`evaluate`]): the report's figures (named formulas),
//!    the package's claims (classed by their rules), and table views into
//!    typed cells with the provenance of the rows they show;
//! 3. **normalise** ([`normalize`]) quoted Persian to modern orthography,
//!    reporting each change.
//!
//! Each edition's language is a [`Lang`], a handle on the
//! [`dossier_lang::Language`] that formats every number, percentage, year
//! and date the edition prints.
//!
//! Nothing here knows a subject: there are no domain types, and no fact
//! is a constant. Errors name the file, line and column they concern.

pub mod access;
pub mod error;
pub mod evaluate;
pub mod lang;
pub mod links;
pub mod normalize;
pub mod package;
mod regular_file;

pub use access::{sha256_hex, Input, Limits, Listing, Sandbox};
pub use dossier_formula::{Class, Date, Decimal, Value};
pub use error::{backticked, closest, line_col, DataError, LimitExceeded};
pub use evaluate::{ClaimCheck, EvalError, Figure, FigureUnit, Figures};
pub use lang::Lang;
pub use links::{check_link, Link, LinkError};
pub use normalize::{match_key, normalize, Change, ChangeKind, Normalized};
pub use regular_file::read_regular_file;
