//! dossier-formula: the small formula language in which a report defines
//! its figures and checks its claims.
//!
//! It sits between loading and layout: `dossier-core` loads and validates
//! the data sets, then evaluates each figure and claim formula through this
//! crate, which reads the data only through the [`Context`] trait and so
//! knows nothing of files or reports.
//!
//! Values are [`Value`]s: decimal numbers (never binary floating point, so
//! a claim's class cannot depend on an f64 rounding), texts, mixed-precision
//! [`Date`]s, booleans, missing values and lists.

mod context;
mod date;
mod value;

pub use context::{Context, FigureError, MemoryTable, Table, TableError};
pub use date::{days_in_month, Date, DateError, Precision, YEARS};
pub use rust_decimal::Decimal;
pub use value::Value;
