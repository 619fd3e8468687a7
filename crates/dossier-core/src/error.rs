//! Errors raised while loading and validating the data set. Every error
//! names the file, the line (and column or field where it applies) and
//! what was expected.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// One problem found in the data. Loading collects all of them.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataError {
    #[error("{}: cannot read file: {message}; expected a readable file", path.display())]
    Io { path: PathBuf, message: String },

    #[error("{}:{line}:{column}: invalid UTF-8 at byte {offset}; expected UTF-8 text", path.display())]
    BadUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
        offset: usize,
    },

    #[error("{}:{line}: ragged row: {found} fields, expected {expected} (one per header column)", path.display())]
    RaggedRow {
        path: PathBuf,
        line: usize,
        expected: usize,
        found: usize,
    },

    #[error("{}:{line}: column {column} `{field}`: expected {expected}, found `{found}`", path.display())]
    BadValue {
        path: PathBuf,
        line: usize,
        /// 1-based column index (CSV) or column within the line (TOML).
        column: usize,
        field: String,
        expected: String,
        found: String,
    },

    #[error("{}:{line}:{column}: unknown field `{field}`{}; expected one of: {}", path.display(), did_you_mean(suggestion), expected.join(", "))]
    UnknownField {
        path: PathBuf,
        line: usize,
        column: usize,
        field: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },

    #[error("{}:{line}: missing field `{field}`; expected it to be present", path.display())]
    MissingField {
        path: PathBuf,
        line: usize,
        field: String,
    },

    #[error("{}:{line}:{column}: syntax error: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{}:{line}: duplicate key `{key}`{}; expected each key once", path.display(), first_line.map(|l| format!(" (first defined on line {l})")).unwrap_or_default())]
    DuplicateKey {
        path: PathBuf,
        line: usize,
        key: String,
        first_line: Option<usize>,
    },

    #[error("{}:{line}: field `quote`: not found in paragraph {paragraph} of source `{source_id}`{}; expected an exact span of the source text, found \"{quote}\"", path.display(), found_in.map(|p| format!(" (it occurs in paragraph {p})")).unwrap_or_default())]
    QuoteNotInSource {
        path: PathBuf,
        line: usize,
        source_id: String,
        paragraph: u32,
        quote: String,
        found_in: Option<u32>,
    },

    #[error("{}:{line}: field `{field}`: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        field: String,
        message: String,
    },

    #[error("{}: refused: the path resolves to {}, outside the folders a report may read ({}); expected a file inside them (pass --root to allow another folder)", path.display(), resolved.display(), allowed.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Outside {
        path: PathBuf,
        resolved: PathBuf,
        allowed: Vec<PathBuf>,
    },

    #[error("{}: refused: it is {what}, not a regular file; expected a regular file (a report reads nothing else, so that no read can block or never end)", path.display())]
    Special { path: PathBuf, what: String },

    #[error("{0}")]
    Limit(LimitExceeded),
}

/// A resource limit was exceeded. The loaders and the report builder both
/// report it, with the same words and the flag that raises it.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[error("{}: {what} is {value}, over the limit of {limit}; raise it with --{name} <N>", place(path, *line))]
pub struct LimitExceeded {
    pub path: PathBuf,
    /// The 1-based line of `path` where the limit was hit (the block or
    /// field that asked for too much); 0 for the whole file.
    pub line: usize,
    /// What was counted, e.g. "file size in bytes", "the number of pages".
    pub what: String,
    pub value: u64,
    pub limit: u64,
    /// The [`Limits`](crate::Limits) field, also its command-line flag.
    pub name: String,
}

impl LimitExceeded {
    pub fn new(
        path: &Path,
        what: impl Into<String>,
        value: usize,
        limit: usize,
        name: &str,
    ) -> Self {
        LimitExceeded {
            path: path.to_path_buf(),
            line: 0,
            what: what.into(),
            value: value as u64,
            limit: limit as u64,
            name: name.to_string(),
        }
    }

    /// The same limit, pointing at `line` of its file.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }
}

/// `path` or `path:line`.
fn place(path: &Path, line: usize) -> String {
    if line > 0 {
        format!("{}:{line}", path.display())
    } else {
        path.display().to_string()
    }
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

impl DataError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            DataError::Io { path, .. }
            | DataError::BadUtf8 { path, .. }
            | DataError::RaggedRow { path, .. }
            | DataError::BadValue { path, .. }
            | DataError::UnknownField { path, .. }
            | DataError::MissingField { path, .. }
            | DataError::Syntax { path, .. }
            | DataError::DuplicateKey { path, .. }
            | DataError::QuoteNotInSource { path, .. }
            | DataError::Invalid { path, .. }
            | DataError::Outside { path, .. }
            | DataError::Special { path, .. }
            | DataError::Limit(LimitExceeded { path, .. }) => path,
        }
    }

    /// A stable name for the kind of error, as in its JSON form.
    pub fn kind(&self) -> &'static str {
        match self {
            DataError::Io { .. } => "io",
            DataError::BadUtf8 { .. } => "bad_utf8",
            DataError::RaggedRow { .. } => "ragged_row",
            DataError::BadValue { .. } => "bad_value",
            DataError::UnknownField { .. } => "unknown_field",
            DataError::MissingField { .. } => "missing_field",
            DataError::Syntax { .. } => "syntax",
            DataError::DuplicateKey { .. } => "duplicate_key",
            DataError::QuoteNotInSource { .. } => "quote_not_in_source",
            DataError::Invalid { .. } => "invalid",
            DataError::Outside { .. } => "outside",
            DataError::Special { .. } => "special",
            DataError::Limit(_) => "limit",
        }
    }

    /// The 1-based column in characters within [`line`](Self::line), or 0
    /// when the error is about a whole line or file.
    pub fn column(&self) -> usize {
        match self {
            DataError::BadUtf8 { column, .. }
            | DataError::UnknownField { column, .. }
            | DataError::Syntax { column, .. } => *column,
            _ => 0,
        }
    }

    /// The 1-based line, or 0 when the error is about the whole file.
    pub fn line(&self) -> usize {
        match self {
            DataError::Io { .. } | DataError::Outside { .. } | DataError::Special { .. } => 0,
            DataError::Limit(l) => l.line,
            DataError::BadUtf8 { line, .. }
            | DataError::RaggedRow { line, .. }
            | DataError::BadValue { line, .. }
            | DataError::UnknownField { line, .. }
            | DataError::MissingField { line, .. }
            | DataError::Syntax { line, .. }
            | DataError::DuplicateKey { line, .. }
            | DataError::QuoteNotInSource { line, .. }
            | DataError::Invalid { line, .. } => *line,
        }
    }
}

/// The candidate closest to `word` (Jaro-Winkler ≥ 0.7 or edit distance ≤ 2).
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        let close = score >= 0.7 || strsim::levenshtein(word, c) <= 2;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Backtick-quoted words of a serde message, e.g. ``unknown variant `x`,
/// expected `a` or `b` `` → `["x", "a", "b"]`.
pub fn backticked(msg: &str) -> Vec<String> {
    msg.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` in `text`;
/// every crate that points at a place in an input file uses it.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests() {
        let c = ["flow", "year", "value_musd", "quote"];
        assert_eq!(closest("valeu_musd", c), Some("value_musd".into()));
        assert_eq!(closest("yaer", c), Some("year".into()));
        assert_eq!(closest("zzzzzzzzzz", c), None);
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\nسلام x";
        assert_eq!(line_col(t, 0), (1, 1));
        let off = t.find('x').unwrap();
        assert_eq!(line_col(t, off), (2, 6));
    }

    #[test]
    fn backticks() {
        assert_eq!(
            backticked("unknown variant `x`, expected `a` or `b`"),
            ["x", "a", "b"]
        );
    }
}
