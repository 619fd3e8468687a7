//! The errors of this crate: a language that cannot be loaded, a message
//! file that is wrong, a date or message that cannot be formatted.

use crate::LanguageTag;

/// Why a language cannot be loaded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LanguageError {
    /// dossier ships no message file for the tag or any of its fallbacks.
    #[error(
        "language `{language}`: dossier has no message file for it (it has {shipped}); \
         add crates/dossier-lang/messages/{language}.toml"
    )]
    NoMessages {
        language: LanguageTag,
        /// The shipped languages, comma-separated.
        shipped: String,
    },
    /// A message file does not parse or lacks a message.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// No embedded font draws a character the language needs.
    #[error(
        "language `{language}`: no embedded font has a glyph for {character:?} (U+{code:04X}), \
         found in {place}; add a font that covers it to dossier-canvas's font list",
        code = *character as u32
    )]
    NoGlyph {
        language: LanguageTag,
        character: char,
        /// Where the character came from: "the exemplar characters",
        /// "the month names", "message `table`", ...
        place: String,
    },
    /// ICU4X's compiled data cannot serve the language.
    #[error("language `{language}`: ICU4X cannot load its {what}: {message}")]
    Data {
        language: LanguageTag,
        what: &'static str,
        message: String,
    },
}

/// A mistake in a message file, with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", place(file, *line, *column, kind))]
pub struct CatalogueError {
    /// The file, as `messages/<tag>.toml`.
    pub file: String,
    /// 1-based line and column (0 when the place is the whole file).
    pub line: usize,
    pub column: usize,
    pub kind: CatalogueErrorKind,
}

/// `file:line:column: what`, or `file: what` for the whole file.
fn place(file: &str, line: usize, column: usize, kind: &CatalogueErrorKind) -> String {
    if line == 0 {
        format!("{file}: {kind}")
    } else {
        format!("{file}:{line}:{column}: {kind}")
    }
}

/// What is wrong in a message file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueErrorKind {
    #[error("not valid TOML: {0}")]
    Toml(String),
    #[error("language `{language}` has no message `{id}` (expected {expected})")]
    Missing {
        language: String,
        id: &'static str,
        expected: String,
    },
    #[error("unknown message `{id}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown {
        id: String,
        suggestion: Option<&'static str>,
    },
    #[error("message `{id}` must be a string")]
    NotText { id: &'static str },
    #[error(
        "message `{id}` must be a string or a table of plural forms \
         (zero, one, two, few, many, other, or `=N`)"
    )]
    NotPlural { id: &'static str },
    #[error("message `{id}` has no `other` form, which every plural message needs")]
    NoOther { id: &'static str },
    #[error(
        "message `{id}`: `{form}` is not a plural form of the language \
         (its forms are {forms}, and `=N` for an exact count)"
    )]
    UnknownForm {
        id: &'static str,
        form: String,
        /// The language's plural categories, comma-separated.
        forms: String,
    },
    #[error("message `{id}` uses `{{{name}}}`, which it does not take (it takes {takes})")]
    UnknownPlaceholder {
        id: &'static str,
        name: String,
        takes: String,
    },
    #[error("message `{id}` never uses `{{{name}}}`")]
    UnusedPlaceholder {
        id: &'static str,
        name: &'static str,
    },
    #[error("message `{id}`: {problem}")]
    Pattern { id: &'static str, problem: String },
}

/// Why a date cannot be formatted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{year}-{month:02}-{day:02} is not a date in the Gregorian calendar")]
    Invalid { year: i32, month: u8, day: u8 },
    #[error("month {month} of {year} is not a month (expected 1 to 12)")]
    Month { year: i32, month: u8 },
    #[error("a day ({day}) is given without a month")]
    DayWithoutMonth { day: u8 },
    #[error("the date {date} has no {missing}, so it cannot be shown to the {precision}")]
    TooCoarse {
        date: String,
        missing: &'static str,
        precision: &'static str,
    },
    #[error(
        "the date {date} has no day, so it cannot be converted to the {calendar} calendar \
         (a year or a month does not map onto one year or month of another calendar)"
    )]
    NotConvertible {
        date: String,
        calendar: &'static str,
    },
    #[error("ICU4X cannot format the date: {0}")]
    Format(String),
}

/// Why a message cannot be formatted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("message `{id}` needs the argument `{name}`")]
    MissingArgument {
        id: &'static str,
        name: &'static str,
    },
    #[error("message `{id}` takes no argument `{name}` (it takes {takes})")]
    UnknownArgument {
        id: &'static str,
        name: String,
        takes: String,
    },
    #[error("message `{id}` chooses its form by `count`, which must be a number")]
    CountNotNumber { id: &'static str },
}
