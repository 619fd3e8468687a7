//! The errors of the package loader, one variant per kind of mistake.
//!
//! Every error names a [`Place`]: the file, the 1-based line and the
//! 1-based character column where the user must act (in the declaration
//! for a mistake in the declaration, in the data file for a bad value), and
//! says what was expected. Unknown names carry the closest known one.
//! Values quoted in messages come only from declared inputs, and long ones
//! are cut (see [`excerpt`]).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::DataError;

/// A position in an input file. Line and column are 1-based; 0 means the
/// error is about the whole file (or the whole line).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn new(path: &Path, line: usize, column: usize) -> Place {
        Place {
            path: path.to_path_buf(),
            line,
            column,
        }
    }

    /// The whole file.
    pub fn file(path: &Path) -> Place {
        Place::new(path, 0, 0)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// One problem found while loading a data package. Loading collects all of
/// them (up to [`MAX_ERRORS_PER_FILE`] per file).
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PackageError {
    /// A file could not be read: missing, refused by the sandbox, over a
    /// size limit.
    #[error("{0}")]
    Read(DataError),

    #[error("{at}: invalid UTF-8; expected UTF-8 text")]
    BadUtf8 { at: Place },

    #[error("{at}: syntax error: {message}")]
    Syntax { at: Place, message: String },

    #[error("{at}: {what} is {value}, over the limit of {limit}; raise it with --{flag} <N>")]
    Limit {
        at: Place,
        what: String,
        value: u64,
        limit: u64,
        flag: String,
    },

    #[error("{}: {count} more errors not shown; fix the ones above first", path.display())]
    TooManyErrors { path: PathBuf, count: usize },

    // ------------------------------------------------ the declaration ----
    #[error("{at}: unknown key `{key}`{}; expected one of: {}", did_you_mean(suggestion), expected.join(", "))]
    UnknownKey {
        at: Place,
        key: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: missing key `{key}` in {within}; expected it to be given")]
    MissingKey {
        at: Place,
        key: String,
        within: String,
    },

    #[error("{at}: `{key}`: expected {expected}, found {found}")]
    WrongType {
        at: Place,
        key: String,
        expected: String,
        found: String,
    },

    #[error("{at}: unknown field type `{found}`{}; expected one of: {}", did_you_mean(suggestion), expected.join(", "))]
    UnknownType {
        at: Place,
        found: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: {what} is not supported: {message}")]
    Unsupported {
        at: Place,
        what: String,
        message: String,
    },

    #[error("{at}: unknown {what} `{name}`{}; expected one of: {}", did_you_mean(suggestion), expected.join(", "))]
    UnknownName {
        at: Place,
        what: String,
        name: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: {what} `{name}` is declared twice (first at {first}); expected each name once")]
    DuplicateName {
        at: Place,
        what: String,
        name: String,
        first: Place,
    },

    #[error("{at}: bad constraint `{constraint}`: {message}")]
    BadConstraint {
        at: Place,
        constraint: String,
        message: String,
    },

    #[error("{at}: {what} has no text for language `{language}`; expected one for every language of the report ({})", languages.join(", "))]
    MissingLabel {
        at: Place,
        what: String,
        language: String,
        languages: Vec<String>,
    },

    #[error("{at}: `{key}`: expected {expected}, found `{found}`")]
    BadDeclaration {
        at: Place,
        key: String,
        expected: String,
        found: String,
    },

    // ----------------------------------------------------- data files ----
    #[error("{at}: missing column `{column}`, declared in the schema of `{resource}`; expected a header with every declared field")]
    MissingColumn {
        at: Place,
        column: String,
        resource: String,
    },

    #[error("{at}: column `{column}` is not declared{}; expected one of: {}", did_you_mean(suggestion), expected.join(", "))]
    UndeclaredColumn {
        at: Place,
        column: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: column `{column}` appears twice in the header; expected each column once")]
    DuplicateColumn { at: Place, column: String },

    #[error("{at}: {found} fields in this row; expected {expected}, one per header column")]
    RaggedRow {
        at: Place,
        expected: usize,
        found: usize,
    },

    #[error("{at}: field `{field}`: expected {expected}, found `{found}`")]
    BadValue {
        at: Place,
        field: String,
        expected: String,
        found: String,
    },

    #[error("{at}: field `{field}`: {value} is out of range; expected {range}")]
    OutOfRange {
        at: Place,
        field: String,
        value: String,
        range: String,
    },

    #[error("{at}: field `{field}` is empty; expected a value (the field is required)")]
    MissingValue { at: Place, field: String },

    #[error("{at}: field `{field}`: `{found}` breaks the constraint `{constraint}`; expected {expected}")]
    ConstraintFailed {
        at: Place,
        field: String,
        constraint: String,
        expected: String,
        found: String,
    },

    #[error("{at}: duplicate key {key}{}; expected each key once", first_line.map(|l| format!(" (first on line {l})")).unwrap_or_default())]
    DuplicateKey {
        at: Place,
        key: String,
        first_line: Option<usize>,
    },

    #[error("{at}: field `{field}`: `{value}` is not a declared category{}; expected one of: {}", did_you_mean(suggestion), expected.join(", "))]
    UndeclaredCategory {
        at: Place,
        field: String,
        value: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: foreign key ({}) = {value} has no row in `{resource}`; expected a value of its ({})", fields.join(", "), reference.join(", "))]
    ForeignKeyNotFound {
        at: Place,
        fields: Vec<String>,
        value: String,
        resource: String,
        reference: Vec<String>,
    },

    // ----------------------------------------------------- provenance ----
    #[error("{at}: unknown source `{name}`{}; expected one of the declared sources: {}", did_you_mean(suggestion), expected.join(", "))]
    UnknownSource {
        at: Place,
        name: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{at}: source `{source_name}` is a {source_kind} source; {needs}")]
    WrongSourceKind {
        at: Place,
        source_name: String,
        source_kind: String,
        needs: String,
    },

    #[error("{at}: paragraph {paragraph} of source `{source_name}` does not exist; expected 1 to {count}")]
    ParagraphOutOfRange {
        at: Place,
        source_name: String,
        paragraph: String,
        count: usize,
    },

    #[error("{at}: the quote is not in paragraph {paragraph} of source `{source_name}`{}; expected an exact span of that paragraph, found \"{quote}\"", found_in.map(|p| format!(" (it occurs in paragraph {p})")).unwrap_or_default())]
    QuoteNotInParagraph {
        at: Place,
        source_name: String,
        paragraph: u32,
        quote: String,
        found_in: Option<u32>,
    },

    #[error("{at}: field `{field}`: {value} is not a number of its quote; expected it to equal one whole number token of the quote ({})", list_or_none(tokens))]
    ValueNotInQuote {
        at: Place,
        field: String,
        value: String,
        tokens: Vec<String>,
    },

    #[error("{at}: field `{field}`: {value} is value {position} of the series its quote lists, but token {position} of the quote is {}; expected the values in the order of the quote ({})", found.as_deref().unwrap_or("missing"), list_or_none(tokens))]
    ValueNotAtPosition {
        at: Place,
        field: String,
        value: String,
        position: usize,
        found: Option<String>,
        tokens: Vec<String>,
    },

    #[error("{at}: no row of table source `{source_name}` has the key {key}; expected a row of {} with it", path.display())]
    TableRowNotFound {
        at: Place,
        source_name: String,
        path: PathBuf,
        key: String,
    },

    #[error("{at}: field `{field}`: {value} differs from table source `{source_name}` ({} line {source_line}, column `{column}`), which has {found}; expected the value of the source", path.display())]
    TableValueDiffers {
        at: Place,
        field: String,
        value: String,
        source_name: String,
        path: PathBuf,
        source_line: usize,
        column: String,
        found: String,
    },

    #[error("{at}: the key {key} matches {count} rows of table source `{source_name}` (lines {}); expected a key that names one row", lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "))]
    TableKeyAmbiguous {
        at: Place,
        source_name: String,
        key: String,
        count: usize,
        lines: Vec<usize>,
    },

    #[error("{at}: {} is {actual} bytes; expected the declared {declared} (the file changed, or `bytes` is wrong)", path.display())]
    SizeMismatch {
        at: Place,
        path: PathBuf,
        declared: u64,
        actual: u64,
    },

    #[error("{at}: the SHA-256 of {} is {actual}; expected the declared {declared} (the file changed, or the hash is wrong)", path.display())]
    HashMismatch {
        at: Place,
        path: PathBuf,
        declared: String,
        actual: String,
    },
}

/// How many errors one file reports before the rest are only counted.
pub const MAX_ERRORS_PER_FILE: usize = 50;

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

fn list_or_none(tokens: &[String]) -> String {
    if tokens.is_empty() {
        "the quote has no number tokens".to_string()
    } else {
        format!("its tokens are {}", tokens.join(", "))
    }
}

/// `text` cut to at most 80 characters, so that a huge value cannot flood a
/// message.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX).collect();
    out.push('…');
    out
}

impl PackageError {
    /// Where the error points, when it points somewhere inside a file.
    pub fn place(&self) -> Option<&Place> {
        use PackageError::*;
        match self {
            Read(_) | TooManyErrors { .. } => None,
            BadUtf8 { at }
            | Syntax { at, .. }
            | Limit { at, .. }
            | UnknownKey { at, .. }
            | MissingKey { at, .. }
            | WrongType { at, .. }
            | UnknownType { at, .. }
            | Unsupported { at, .. }
            | UnknownName { at, .. }
            | DuplicateName { at, .. }
            | BadConstraint { at, .. }
            | MissingLabel { at, .. }
            | BadDeclaration { at, .. }
            | MissingColumn { at, .. }
            | UndeclaredColumn { at, .. }
            | DuplicateColumn { at, .. }
            | RaggedRow { at, .. }
            | BadValue { at, .. }
            | OutOfRange { at, .. }
            | MissingValue { at, .. }
            | ConstraintFailed { at, .. }
            | DuplicateKey { at, .. }
            | UndeclaredCategory { at, .. }
            | ForeignKeyNotFound { at, .. }
            | UnknownSource { at, .. }
            | WrongSourceKind { at, .. }
            | ParagraphOutOfRange { at, .. }
            | QuoteNotInParagraph { at, .. }
            | ValueNotInQuote { at, .. }
            | ValueNotAtPosition { at, .. }
            | TableRowNotFound { at, .. }
            | TableKeyAmbiguous { at, .. }
            | SizeMismatch { at, .. }
            | TableValueDiffers { at, .. }
            | HashMismatch { at, .. } => Some(at),
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            PackageError::Read(e) => e.path(),
            PackageError::TooManyErrors { path, .. } => path,
            other => other
                .place()
                .map(|p| p.path.as_path())
                .unwrap_or(Path::new("")),
        }
    }

    /// The 1-based line, or 0 when the error is about a whole file.
    pub fn line(&self) -> usize {
        match self {
            PackageError::Read(e) => e.line(),
            other => other.place().map_or(0, |p| p.line),
        }
    }

    /// The 1-based character column, or 0 when the error is about a whole
    /// line or file.
    pub fn column(&self) -> usize {
        match self {
            PackageError::Read(e) => e.column(),
            other => other.place().map_or(0, |p| p.column),
        }
    }

    /// A stable name for the kind of error, as in its JSON form.
    pub fn kind(&self) -> &'static str {
        use PackageError::*;
        match self {
            Read(e) => e.kind(),
            BadUtf8 { .. } => "bad_utf8",
            Syntax { .. } => "syntax",
            Limit { .. } => "limit",
            TooManyErrors { .. } => "too_many_errors",
            UnknownKey { .. } => "unknown_key",
            MissingKey { .. } => "missing_key",
            WrongType { .. } => "wrong_type",
            UnknownType { .. } => "unknown_type",
            Unsupported { .. } => "unsupported",
            UnknownName { .. } => "unknown_name",
            DuplicateName { .. } => "duplicate_name",
            BadConstraint { .. } => "bad_constraint",
            MissingLabel { .. } => "missing_label",
            BadDeclaration { .. } => "bad_declaration",
            MissingColumn { .. } => "missing_column",
            UndeclaredColumn { .. } => "undeclared_column",
            DuplicateColumn { .. } => "duplicate_column",
            RaggedRow { .. } => "ragged_row",
            BadValue { .. } => "bad_value",
            OutOfRange { .. } => "out_of_range",
            MissingValue { .. } => "missing_value",
            ConstraintFailed { .. } => "constraint_failed",
            DuplicateKey { .. } => "duplicate_key",
            UndeclaredCategory { .. } => "undeclared_category",
            ForeignKeyNotFound { .. } => "foreign_key_not_found",
            UnknownSource { .. } => "unknown_source",
            WrongSourceKind { .. } => "wrong_source_kind",
            ParagraphOutOfRange { .. } => "paragraph_out_of_range",
            QuoteNotInParagraph { .. } => "quote_not_in_paragraph",
            ValueNotInQuote { .. } => "value_not_in_quote",
            ValueNotAtPosition { .. } => "value_not_at_position",
            TableRowNotFound { .. } => "table_row_not_found",
            TableValueDiffers { .. } => "table_value_differs",
            TableKeyAmbiguous { .. } => "table_key_ambiguous",
            SizeMismatch { .. } => "size_mismatch",
            HashMismatch { .. } => "hash_mismatch",
        }
    }
}

/// Collects the errors of one load, capping how many each file reports.
#[derive(Debug, Default)]
pub struct Errors {
    list: Vec<PackageError>,
    per_file: std::collections::BTreeMap<PathBuf, usize>,
}

impl Errors {
    pub fn push(&mut self, e: PackageError) {
        let n = self.per_file.entry(e.path().to_path_buf()).or_default();
        *n += 1;
        if *n <= MAX_ERRORS_PER_FILE {
            self.list.push(e);
        }
    }

    pub fn extend(&mut self, errors: impl IntoIterator<Item = PackageError>) {
        for e in errors {
            self.push(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Every error, with one [`PackageError::TooManyErrors`] per file that
    /// had more than the cap.
    pub fn into_vec(mut self) -> Vec<PackageError> {
        for (path, n) in self.per_file {
            if n > MAX_ERRORS_PER_FILE {
                self.list.push(PackageError::TooManyErrors {
                    path,
                    count: n - MAX_ERRORS_PER_FILE,
                });
            }
        }
        self.list
    }
}

/// The candidate closest to `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    crate::error::closest(word, candidates)
}
