//! dossier-lang: what a language is to dossier.
//!
//! A report names its languages with BCP 47 tags (`fa`, `en`, `es-CL`,
//! `ar`). [`LanguageTag`] is that tag as a value: parsed and canonicalised
//! once at the edge (`EN-us` becomes `en-US`), compared and hashed by its
//! canonical form, and printed back the same way, so every crate after
//! loading holds a checked tag rather than a string.
//!
//! [`Language`] is what dossier knows of a tag, loaded once per edition:
//!
//! - from CLDR through ICU4X's compiled data (so any language CLDR knows
//!   needs no data of ours): the writing direction, the digits, the
//!   decimal, grouping and minus signs, month names and date patterns,
//!   the default calendar (Solar Hijri for `fa`), plural rules and list
//!   patterns;
//! - from CLDR's JSON, in a generated table (`data/numbers.tsv`), what
//!   ICU4X's stable crates do not carry: the percent sign and pattern,
//!   and the native numbering system;
//! - from its message file (`messages/<tag>.toml`, compiled in): every
//!   text dossier writes itself, such as "Table", "Page 3 of 12" and the
//!   names of claim-check classes.
//!
//! It is also the one formatter of an edition: chart ticks, table cells,
//! prose figures, the cover, page numbers and heading numbers all go
//! through [`Language::integer`], [`Language::decimal`],
//! [`Language::percent`], [`Language::year`], [`Language::date`],
//! [`Language::digits`], [`Language::localize_digits`],
//! [`Language::heading_number`],
//! [`Language::label`] and [`Language::message`].
//!
//! ```
//! use dossier_lang::{Language, LanguageOptions, LanguageTag, PartialDate, DateStyle, CalendarChoice};
//!
//! let fa = Language::load(&LanguageTag::parse("fa").unwrap(), LanguageOptions::default(), &|_| true).unwrap();
//! assert_eq!(fa.integer(2375), "۲٬۳۷۵");
//! assert_eq!(fa.percent(rust_decimal::Decimal::new(437, 1), 1), "۴۳٫۷٪");
//! let cover = DateStyle { calendar: CalendarChoice::Default, ..DateStyle::default() };
//! assert_eq!(fa.date(&PartialDate::ymd(2026, 11, 28), &cover).unwrap(), "۷ آذر ۱۴۰۵");
//! ```
//!
//! Adding a language is adding its message file; the build script lists
//! the folder, so no Rust changes.

mod bidi;
mod catalogue;
mod cldr_numbers;
mod coverage;
mod dates;
mod error;
mod language;
mod messages;
mod number;
mod numbers;
mod percent;
mod shipped;
mod tag;

pub use bidi::{isolate, Direction, LRI, PDI, RLI};
pub use catalogue::Catalogue;
pub use cldr_numbers::Numbering;
pub use dates::{Calendar, CalendarChoice, DatePrecision, DateStyle, PartialDate};
pub use error::{CatalogueError, CatalogueErrorKind, DateError, LanguageError, MessageError};
pub use icu_plurals::PluralCategory;
pub use language::{Args, Language, LanguageOptions};
pub use messages::{Label, Message};
pub use number::{NotFinite, Number};
pub use numbers::NumberSymbols;
pub use shipped::shipped_languages;
pub use tag::{LanguageTag, ParseTagError};
