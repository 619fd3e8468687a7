//! dossier-formula: the small formula language in which a report defines
//! its figures and checks its claims.
//!
//! It sits between loading and layout: `dossier-core` loads and validates
//! the data sets, then evaluates each figure and claim formula through this
//! crate, which reads the data only through the [`Context`] trait and so
//! knows nothing of files or reports. The language is sandboxed by
//! construction: no loops, no assignment, no I/O, a fixed list of
//! functions, and limits on length, depth and evaluation steps.
//!
//! Numbers are decimals ([`rust_decimal::Decimal`], 28 significant digits),
//! never binary floating point, so that a claim's class cannot depend on an
//! f64 rounding. Rounding is half away from zero ([`round_half_away`]).
//!
//! # Examples
//!
//! ```text
//! trade['exports', 1995].value_musd               a lookup by primary key
//! trade[flow = 'exports', year = 1995].value_musd  a lookup by named fields
//! sum(trade[year >= 1993 and flow = 'exports'].value_musd)
//! pct_change(trade['imports', 1994].value_musd, trade['imports', 1995].value_musd)
//! exports.1995 - imports.1995                      other figures, by name
//! years_between(date('1973-09-11'), events['restored'].date)
//! round(share(part, whole), 1)
//! param.base_year + 1
//! ```
//!
//! # Grammar
//!
//! ```text
//! expr    := or
//! or      := and ('or' and)*
//! and     := not ('and' not)*
//! not     := 'not' not | cmp
//! cmp     := sum (('=' | '!=' | '<' | '<=' | '>' | '>=') sum)?
//! sum     := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := '-' unary | postfix
//! postfix := primary ( '[' items ']' | '.' FIELD )*
//! primary := NUMBER | STRING | 'true' | 'false' | NAME | 'param.' NAME
//!          | CALL | '(' expr ')'
//! CALL    := IDENT '(' (expr (',' expr)*)? ')'
//! items   := expr (',' expr)*
//! ```
//!
//! - **NUMBER**: `1995`, `43.8`; ASCII digits with an optional fraction, no
//!   sign (write `-2`, which is negation), no exponent, at most 28 digits.
//! - **STRING**: `'exports'` or `"exports"`; a quote inside is doubled
//!   (`'it''s'`).
//! - **NAME**: a letter or `_`, then letters, digits or `_`; segments joined
//!   by `.` with no space make one dotted name (`growth.imports.1995`). A
//!   name in backticks may hold any character (`` `life expectancy` ``).
//!   `and`, `or`, `not`, `true`, `false` and `param` are reserved.
//! - **FIELD** after `.`: a name, a name in backticks, or digits.
//! - Comparisons do not chain: write `a < b and b < c`.
//!
//! # Meaning
//!
//! **Names.** A bare name is, in this order: a field of the row a filter is
//! looking at (innermost filter first), a figure (the whole dotted name),
//! or a data set named by its first segments followed by fields named by
//! the rest (`trade.year` is the list of every row's `year`). Data sets and
//! figures share one namespace. `param.NAME` is a parameter.
//!
//! **Subscripts.** `data[...]` selects rows of a data set (or of the rows
//! an earlier subscript selected):
//! - one condition (a comparison, or comparisons joined by `and`, `or`,
//!   `not`) is a **filter** and gives the set of rows for which it holds;
//!   inside it, bare names are the row's fields. A row where the condition
//!   is missing is left out.
//! - otherwise the items are a **lookup** that must give exactly one row:
//!   either the values of the primary key in key order
//!   (`trade['exports', 1995]`, `years[1995]`), or two or more
//!   `field = value` pairs in any order. No matching row, or several, is an
//!   error.
//!
//! So `sales[region = 'north']` (a lone comparison) is a filter, and
//! `sales[region = 'north', year = 2001]` a lookup; a data set keyed by one
//! field is looked up by its value alone (`years[1995]`). Key values and
//! `field = value` values are evaluated where the lookup stands, not in
//! the rows being searched.
//!
//! `.field` on a row gives its value; on a set of rows, the list of its
//! values in row order. A lookup value may be a text in date form for a
//! date field (`events['1973-09']`); numbers match by amount (`1995` =
//! `1995.0`).
//!
//! **Operators.** `+ - * /` take numbers; `/` by zero and results beyond
//! 28 digits are errors. `=` and `!=` compare two numbers, texts, dates or
//! booleans; `< <= > >=` compare numbers, texts or dates (a text in date
//! form compares as a date; dates of mixed precision order by their first
//! day, a coarser date first). `and`, `or`, `not` take conditions. Both
//! sides of every operator are evaluated.
//!
//! **Missing values** (a data set's `missingValues`) propagate: arithmetic
//! and functions of a missing value give a missing value, orderings with
//! one are missing, `=` holds only between two missing values, and `and`,
//! `or` follow three-valued logic (`false and missing` is false). List
//! functions leave missing values out. A claim whose formula gives a
//! missing value is not checkable.
//!
//! # Functions
//!
//! | function | gives |
//! |---|---|
//! | `pct_change(from, to)` | `(to − from) × 100 / from`, in percent; `from` = 0 is a division by zero |
//! | `share(part, whole)` | `part × 100 / whole`, in percent |
//! | `sum(list)` | the sum of a list of numbers; 0 for an empty list |
//! | `mean(list)` | the arithmetic mean; an empty list is an error |
//! | `count(rows or list)` | the number of rows, or of non-missing values |
//! | `min(list)`, `min(a, b, …)` | the least number or earliest date; `max` likewise |
//! | `abs(x)` | the absolute value |
//! | `round(x, n)` | `x` to `n` decimals (0 to 28), halves away from zero |
//! | `days_between(d1, d2)` | days from `d1` to `d2` (negative if `d2` is earlier) |
//! | `years_between(d1, d2)` | those days / 365.2425, the mean Gregorian year |
//! | `year(d)` | the year of a date, as a number |
//! | `date(x)` | a date from a text (`'1973-09-11'`, `'1973-09'`, `'1973'`) or a year |
//!
//! A date of month or year precision counts from the first day of its
//! period in `days_between` and `years_between` (`1973` is 1973-01-01).
//! Date arguments may be texts in date form.
//!
//! # Limits and errors
//!
//! [`Limits`] bound a formula's length (2,000 characters), the depth of its
//! tree (64: each operator, call, lookup and parenthesis adds a level) and
//! its evaluation steps (10,000: one per node evaluated, a filter's
//! condition once per row). Each exceeded limit is its own error.
//!
//! Every error is a [`FormulaError`]: an [`ErrorKind`] that says what was
//! expected, and the byte [`Span`] inside the formula it points at, which
//! the caller maps to the file, line and column of the formula.
//!
//! # Traces
//!
//! [`Formula::evaluate_traced`] also gives a [`Trace`]: the computation
//! with every data value in place of its lookup, unrounded, and functions
//! in display form, rendered through a [`Notation`] so that each language
//! writes its own numbers: `(3,792 − 2,638) / 2,638`.

mod ast;
mod context;
mod date;
mod deps;
mod error;
mod eval;
mod functions;
mod lexer;
mod memory;
mod parser;
mod rules;
mod trace;
mod value;

pub use ast::{BinaryOp, Expr, ExprKind, Ident, Subscript, UnaryOp};
pub use context::{Context, FigureError, MemoryTable, Table, TableError};
pub use date::{days_in_month, Date, DateError, Precision, YEARS};
pub use deps::{evaluation_order, Cycle, Dependency, DependencyKind};
pub use error::{closest, ErrorKind, FormulaError, Limit, Span};
pub use functions::{DAYS_PER_YEAR, MAX_DECIMALS, NAMES as FUNCTIONS};
pub use memory::MemoryContext;
pub use rules::{
    classify, round_half_away, stated_decimals, unit_of_last_place, Class, Rule, RuleError, Stated,
    StatedError, RULE_NAMES,
};
pub use rust_decimal::Decimal;
pub use trace::{Notation, Trace, LIST_SHOWN};
pub use value::Value;

use eval::Evaluator;

/// Bounds on a formula, each exceeded one its own error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Characters in the formula's text.
    pub max_length: usize,
    /// Levels of its tree.
    pub max_depth: usize,
    /// Nodes evaluated, a filter's condition counting once per row.
    pub max_steps: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_length: 2_000,
            max_depth: 64,
            max_steps: 10_000,
        }
    }
}

/// A parsed formula, ready to evaluate any number of times.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    source: String,
    expr: Expr,
    limits: Limits,
}

/// A formula's value with the trace of its computation.
#[derive(Clone, Debug, PartialEq)]
pub struct Traced {
    pub value: Value,
    pub trace: Trace,
}

impl Formula {
    /// Parses `text` within the default [`Limits`].
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        Formula::parse_with(text, Limits::default())
    }

    /// Parses `text` within `limits`, which also bound its evaluation.
    pub fn parse_with(text: &str, limits: Limits) -> Result<Formula, FormulaError> {
        let expr = parser::parse(text, &limits)?;
        Ok(Formula {
            source: text.to_string(),
            expr,
            limits,
        })
    }

    /// A formula from a tree built in code; its source is the tree's
    /// canonical text. The tree is checked when evaluated (unknown
    /// functions, argument counts, depth).
    pub fn from_expr(expr: Expr, limits: Limits) -> Formula {
        Formula {
            source: expr.to_string(),
            expr,
            limits,
        }
    }

    /// The text the formula was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The formula's value over `ctx`.
    pub fn evaluate(&self, ctx: &dyn Context) -> Result<Value, FormulaError> {
        Evaluator::new(ctx, self.limits)
            .untraced()
            .run(&self.expr)
            .map(|(v, _)| v)
    }

    /// The value and the trace of its computation.
    pub fn evaluate_traced(&self, ctx: &dyn Context) -> Result<Traced, FormulaError> {
        let (value, trace) = Evaluator::new(ctx, self.limits).run(&self.expr)?;
        Ok(Traced { value, trace })
    }

    /// The value with `row` of `table` in scope, as a filter sees it: bare
    /// names are that row's fields first. For table views: a filter
    /// (`year >= 1992`) or a derived column (`exports - imports`).
    pub fn evaluate_in_row(
        &self,
        ctx: &dyn Context,
        table: &dyn Table,
        row: usize,
    ) -> Result<Value, FormulaError> {
        Evaluator::new(ctx, self.limits)
            .untraced()
            .in_row(table, row)
            .run(&self.expr)
            .map(|(v, _)| v)
    }

    /// The values with each of `rows` of `table` in scope, in order, as
    /// [`Formula::evaluate_in_row`] gives them one by one (each within the
    /// step limit); the parts that do not depend on the row, such as a
    /// lookup in a filter `country = codes[param.c].name`, are evaluated
    /// once for all the rows. The list ends at the first error: one value
    /// per row up to it.
    pub fn evaluate_in_rows(
        &self,
        ctx: &dyn Context,
        table: &dyn Table,
        rows: impl IntoIterator<Item = usize>,
    ) -> Vec<Result<Value, FormulaError>> {
        Evaluator::new(ctx, self.limits).each_row(&self.expr, table, rows)
    }

    /// Every data set, figure and parameter the formula names, in order of
    /// appearance, told apart through `ctx` without evaluating anything;
    /// feed the figures to [`evaluation_order`] to order figures and find
    /// circular definitions before evaluating.
    pub fn dependencies(&self, ctx: &dyn Context) -> Vec<Dependency> {
        deps::dependencies(&self.expr, ctx)
    }
}
