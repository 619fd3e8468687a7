//! Formula errors: one kind per thing that can go wrong, each with the
//! byte range inside the formula it points at.

use std::fmt;

/// A byte range inside a formula's text, `start..end`. The caller maps it
/// to the file, line and column where the formula is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A formula that cannot be parsed or evaluated, and where.
///
/// Its message says what is wrong and what was expected, without the
/// position: [`FormulaError::span`] gives that, for the caller to turn into
/// a file, line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct FormulaError {
    pub kind: ErrorKind,
    pub span: Span,
}

impl FormulaError {
    pub fn new(kind: ErrorKind, span: Span) -> FormulaError {
        FormulaError { kind, span }
    }
}

/// Which limit of [`crate::Limits`] a formula exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Length,
    Depth,
    Steps,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The text does not follow the grammar.
    #[error("expected {expected}, found {found}")]
    Syntax { expected: String, found: String },

    #[error("the formula is {found} characters long; at most {max} are allowed")]
    TooLong { max: usize, found: usize },

    #[error("the formula nests deeper than {max} levels (each operator, call, lookup and parenthesis adds one); split it into named figures")]
    TooDeep { max: usize },

    #[error("evaluating the formula takes more than {max} steps; filter smaller data sets or split it into named figures")]
    TooManySteps { max: usize },

    #[error("unknown data set `{name}`{}", did_you_mean(suggestion))]
    UnknownDataSet {
        name: String,
        suggestion: Option<String>,
    },

    #[error(
        "unknown name `{name}`: expected a field, a figure or a data set{}",
        did_you_mean(suggestion)
    )]
    UnknownName {
        name: String,
        suggestion: Option<String>,
    },

    #[error("unknown parameter `{name}`{}", did_you_mean(suggestion))]
    UnknownParameter {
        name: String,
        suggestion: Option<String>,
    },

    #[error(
        "data set `{data_set}` has no field `{field}`{}",
        did_you_mean(suggestion)
    )]
    UnknownField {
        data_set: String,
        field: String,
        suggestion: Option<String>,
    },

    #[error("unknown function `{name}`{}; the functions are {}", did_you_mean(suggestion), crate::functions::NAMES.join(", "))]
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },

    #[error("`{function}` takes {expected}, found {found}")]
    ArgumentCount {
        function: String,
        expected: String,
        found: usize,
    },

    /// A value of the wrong kind: an operand, an argument, a condition.
    #[error("expected {expected}, found {found}")]
    Type { expected: String, found: String },

    #[error("`{function}`: {message}")]
    InvalidArgument { function: String, message: String },

    #[error("`{function}` of an empty list")]
    EmptyList { function: String },

    #[error("a lookup in `{data_set}` by key gives {expected} value(s) ({}), found {found}", fields.join(", "))]
    KeyCount {
        data_set: String,
        fields: Vec<String>,
        expected: usize,
        found: usize,
    },

    #[error("no row of `{data_set}` has {key}")]
    NoRow { data_set: String, key: String },

    #[error("{count} rows of `{data_set}` have {key}, expected exactly one; add fields to the lookup, or use a filter with sum(), count() and the like")]
    SeveralRows {
        data_set: String,
        key: String,
        count: usize,
    },

    #[error("division by zero")]
    DivisionByZero,

    #[error("the result is too large for a decimal number (at most 28 digits)")]
    Overflow,

    #[error("circular definition: {}", chain.join(" -> "))]
    Circular { chain: Vec<String> },

    /// A figure this formula names has an error of its own.
    #[error("figure `{name}` has no value: {message}")]
    FigureFailed { name: String, message: String },
}

impl ErrorKind {
    /// Which limit this error reports, if it is a limit.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            ErrorKind::TooLong { .. } => Some(Limit::Length),
            ErrorKind::TooDeep { .. } => Some(Limit::Depth),
            ErrorKind::TooManySteps { .. } => Some(Limit::Steps),
            _ => None,
        }
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

/// The candidate closest to `word`: Jaro-Winkler similarity of at least
/// 0.7, or at most two edits away; ties go to the first candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let score = strsim::jaro_winkler(word, c);
        let close = score >= 0.7 || strsim::levenshtein(word, c) <= 2;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(closest("trdae", ["trade", "policy"]), Some("trade".into()));
        assert_eq!(closest("zzz", ["trade", "policy"]), None);
    }

    #[test]
    fn messages_say_what_was_expected() {
        let e = ErrorKind::UnknownDataSet {
            name: "trdae".into(),
            suggestion: Some("trade".into()),
        };
        assert_eq!(
            e.to_string(),
            "unknown data set `trdae` (did you mean `trade`?)"
        );
        let e = ErrorKind::Syntax {
            expected: "`)`".into(),
            found: "end of formula".into(),
        };
        assert_eq!(e.to_string(), "expected `)`, found end of formula");
    }
}
