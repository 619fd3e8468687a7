//! Data packages: declared data sets of any subject, loaded, typed and
//! checked against their sources.
pub mod cells;
pub mod declaration;
pub mod delimited;
pub mod error;
pub mod json;
pub mod position;
pub mod tokens;
pub mod tree;
pub mod types;
