//! dossier-lang: what a language is to dossier.
//!
//! A report names its languages with BCP 47 tags (`fa`, `en`, `es-CL`,
//! `ar`). [`LanguageTag`] is that tag as a value: parsed and canonicalised
//! once at the edge (`EN-us` becomes `en-US`), compared and hashed by its
//! canonical form, and printed back the same way, so every crate after
//! loading holds a checked tag rather than a string.

mod tag;

pub use tag::{LanguageTag, ParseTagError};
