//! The fixed list of functions: their arity, their meaning in decimal
//! arithmetic, and their display form in a trace.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::ast::{BinaryOp, Ident};
use crate::date::Date;
use crate::error::{closest, ErrorKind, FormulaError, Span};
use crate::eval::{arithmetic, type_error, Eval};
use crate::trace::Trace;
use crate::value::Value;

/// Every function a formula may call.
pub const NAMES: [&str; 13] = [
    "pct_change",
    "share",
    "sum",
    "mean",
    "count",
    "min",
    "max",
    "abs",
    "round",
    "days_between",
    "years_between",
    "year",
    "date",
];

/// Days in a mean Gregorian year, by which `years_between` divides.
pub const DAYS_PER_YEAR: Decimal = Decimal::from_parts(3_652_425, 0, 0, false, 4);

/// The largest number of decimals `round` takes.
pub const MAX_DECIMALS: u32 = 28;

/// How many arguments a function takes: at least `min`, at most `max`.
fn arity(name: &str) -> Option<(usize, Option<usize>, &'static str)> {
    Some(match name {
        "pct_change" | "share" | "round" | "days_between" | "years_between" => {
            (2, Some(2), "2 arguments")
        }
        "sum" | "mean" | "count" | "abs" | "year" | "date" => (1, Some(1), "1 argument"),
        "min" | "max" => (1, None, "a list, or 2 or more values"),
        _ => return None,
    })
}

/// Checks that `function` exists and takes `argc` arguments.
pub(crate) fn check_call(function: &Ident, argc: usize) -> Result<(), FormulaError> {
    let Some((min, max, expected)) = arity(&function.name) else {
        return Err(FormulaError::new(
            ErrorKind::UnknownFunction {
                name: function.name.clone(),
                suggestion: closest(&function.name, NAMES),
            },
            function.span,
        ));
    };
    if argc < min || max.is_some_and(|m| argc > m) {
        return Err(FormulaError::new(
            ErrorKind::ArgumentCount {
                function: function.name.clone(),
                expected: expected.to_string(),
                found: argc,
            },
            function.span,
        ));
    }
    Ok(())
}

/// One evaluated argument.
pub(crate) struct Arg<'a> {
    pub eval: Eval<'a>,
    pub trace: Trace,
    pub span: Span,
}

impl Arg<'_> {
    fn value(self) -> Result<(Value, Trace, Span), FormulaError> {
        let span = self.span;
        Ok((self.eval.into_value(span)?, self.trace, span))
    }
}

fn number(f: &str, v: &Value, span: Span) -> Result<Option<Decimal>, FormulaError> {
    match v {
        Value::Number(n) => Ok(Some(*n)),
        Value::Missing => Ok(None),
        other => Err(type_error(
            &format!("a number as argument of `{f}`"),
            other.kind().to_string(),
            span,
        )),
    }
}

/// A date, or a text in date form; `None` when missing.
fn date(f: &str, v: &Value, span: Span) -> Result<Option<Date>, FormulaError> {
    match v {
        Value::Date(d) => Ok(Some(*d)),
        Value::Missing => Ok(None),
        Value::Text(t) => Date::parse(t)
            .map(Some)
            .map_err(|e| invalid(f, e.to_string(), span)),
        other => Err(type_error(
            &format!("a date as argument of `{f}`"),
            other.kind().to_string(),
            span,
        )),
    }
}

fn invalid(f: &str, message: String, span: Span) -> FormulaError {
    FormulaError::new(
        ErrorKind::InvalidArgument {
            function: f.to_string(),
            message,
        },
        span,
    )
}

/// The list a list function reads, without its missing values.
fn list(f: &str, v: Value, span: Span) -> Result<Vec<Value>, FormulaError> {
    match v {
        Value::List(items) => Ok(items.into_iter().filter(|i| !i.is_missing()).collect()),
        other => Err(type_error(
            &format!("a list as argument of `{f}` (for example `data[condition].field`)"),
            other.kind().to_string(),
            span,
        )),
    }
}

fn numbers(f: &str, items: &[Value], span: Span) -> Result<Vec<Decimal>, FormulaError> {
    items
        .iter()
        .map(|i| match i {
            Value::Number(n) => Ok(*n),
            other => Err(type_error(
                &format!("a list of numbers as argument of `{f}`"),
                format!("a list holding {}", other.kind()),
                span,
            )),
        })
        .collect()
}

fn sum(items: &[Decimal], span: Span) -> Result<Decimal, FormulaError> {
    items.iter().try_fold(Decimal::ZERO, |acc, n| {
        arithmetic(BinaryOp::Add, acc, *n, span)
    })
}

/// `a × 100 / b` as a percentage, `b` not zero.
fn percent(a: Decimal, b: Decimal, span: Span) -> Result<Decimal, FormulaError> {
    let scaled = arithmetic(BinaryOp::Mul, a, Decimal::ONE_HUNDRED, span)?;
    arithmetic(BinaryOp::Div, scaled, b, span)
}

fn div(a: Trace, b: Trace) -> Trace {
    Trace::binary(BinaryOp::Div, a, b)
}

fn sub(a: Trace, b: Trace) -> Trace {
    Trace::binary(BinaryOp::Sub, a, b)
}

fn missing_or(n: Option<Decimal>) -> Value {
    n.map_or(Value::Missing, Value::Number)
}

/// Calls `function` (already checked by [`check_call`]) on its arguments.
pub(crate) fn apply(
    function: &Ident,
    args: Vec<Arg<'_>>,
    span: Span,
) -> Result<(Value, Trace), FormulaError> {
    let f = function.name.as_str();
    let argc = args.len();
    let mut args = args.into_iter();
    // `check_call` guarantees each function its number of arguments, so a
    // missing one is never reported; the error keeps this panic-free.
    let mut next = || {
        args.next().ok_or_else(|| {
            FormulaError::new(
                ErrorKind::ArgumentCount {
                    function: f.to_string(),
                    expected: "more arguments".into(),
                    found: argc,
                },
                span,
            )
        })
    };
    match f {
        "pct_change" | "share" => {
            let (a, at, asp) = next()?.value()?;
            let (b, bt, bsp) = next()?.value()?;
            let (a, b) = (number(f, &a, asp)?, number(f, &b, bsp)?);
            let value = match (a, b) {
                (Some(a), Some(b)) if f == "pct_change" => {
                    let change = arithmetic(BinaryOp::Sub, b, a, span)?;
                    Some(percent(change, a, span)?)
                }
                (Some(a), Some(b)) => Some(percent(a, b, span)?),
                _ => None,
            };
            let trace = if f == "pct_change" {
                div(sub(bt, at.clone()), at)
            } else {
                div(at, bt)
            };
            Ok((missing_or(value), trace))
        }
        "sum" | "mean" => {
            let (v, _, vs) = next()?.value()?;
            let items = list(f, v, vs)?;
            let ns = numbers(f, &items, vs)?;
            let total = sum(&ns, span)?;
            if f == "sum" {
                return Ok((Value::Number(total), Trace::sum_of(&items)));
            }
            if ns.is_empty() {
                return Err(FormulaError::new(
                    ErrorKind::EmptyList { function: f.into() },
                    span,
                ));
            }
            let count = Decimal::from(ns.len());
            let mean = arithmetic(BinaryOp::Div, total, count, span)?;
            Ok((
                Value::Number(mean),
                div(Trace::sum_of(&items), Trace::leaf(count)),
            ))
        }
        "count" => {
            let arg = next()?;
            let n = match arg.eval {
                Eval::Rows { rows, .. } => rows.len(),
                Eval::Value(Value::List(items)) => items.iter().filter(|i| !i.is_missing()).count(),
                other => {
                    let found = match other {
                        Eval::Value(v) => v.kind().to_string(),
                        _ => "a single row".to_string(),
                    };
                    return Err(type_error(
                        "a set of rows or a list as argument of `count`",
                        found,
                        arg.span,
                    ));
                }
            };
            let n = Decimal::from(n);
            Ok((Value::Number(n), Trace::leaf(n)))
        }
        "min" | "max" => {
            let (items, traces) = if argc == 1 {
                let (v, _, vs) = next()?.value()?;
                let items = list(f, v, vs)?;
                let traces = Trace::shown(&items);
                (items, traces)
            } else {
                let mut items = Vec::with_capacity(argc);
                let mut traces = Vec::with_capacity(argc);
                for _ in 0..argc {
                    let (v, t, _) = next()?.value()?;
                    items.push(v);
                    traces.push(t);
                }
                (items, traces)
            };
            let trace = Trace::Call {
                function: f.into(),
                args: traces,
            };
            if argc > 1 && items.iter().any(Value::is_missing) {
                return Ok((Value::Missing, trace));
            }
            Ok((extreme(f, &items, span)?, trace))
        }
        "abs" => {
            let (v, t, vs) = next()?.value()?;
            let n = number(f, &v, vs)?;
            Ok((missing_or(n.map(|n| n.abs())), Trace::Abs(Box::new(t))))
        }
        "round" => {
            let (v, t, vs) = next()?.value()?;
            let (d, dt, ds) = next()?.value()?;
            let n = number(f, &v, vs)?;
            let whole = |d: Decimal| if d.is_integer() { d.to_u32() } else { None };
            let decimals = match number(f, &d, ds)?.map(whole) {
                Some(Some(d)) if d <= MAX_DECIMALS => d,
                Some(_) => {
                    return Err(invalid(
                        f,
                        format!(
                        "the number of decimals must be a whole number from 0 to {MAX_DECIMALS}"
                    ),
                        ds,
                    ))
                }
                None => {
                    return Ok((
                        Value::Missing,
                        Trace::Call {
                            function: f.into(),
                            args: vec![t, dt],
                        },
                    ))
                }
            };
            let rounded = n.map(|n| crate::rules::round_half_away(n, decimals));
            Ok((
                missing_or(rounded),
                Trace::Call {
                    function: f.into(),
                    args: vec![t, dt],
                },
            ))
        }
        "days_between" | "years_between" => {
            let (a, _, asp) = next()?.value()?;
            let (b, _, bsp) = next()?.value()?;
            let (a, b) = (date(f, &a, asp)?, date(f, &b, bsp)?);
            let leaf = |d: Option<Date>| Trace::Leaf(d.map_or(Value::Missing, Value::Date));
            let days_trace = sub(leaf(b), leaf(a));
            let (Some(a), Some(b)) = (a, b) else {
                let trace = if f == "days_between" {
                    days_trace
                } else {
                    div(days_trace, Trace::leaf(DAYS_PER_YEAR))
                };
                return Ok((Value::Missing, trace));
            };
            let days = Decimal::from(b.days_since_epoch() - a.days_since_epoch());
            if f == "days_between" {
                return Ok((Value::Number(days), days_trace));
            }
            let years = arithmetic(BinaryOp::Div, days, DAYS_PER_YEAR, span)?;
            Ok((
                Value::Number(years),
                div(days_trace, Trace::leaf(DAYS_PER_YEAR)),
            ))
        }
        "year" => {
            let (v, _, vs) = next()?.value()?;
            let value = match date(f, &v, vs)? {
                Some(d) => Value::Number(Decimal::from(d.year())),
                None => Value::Missing,
            };
            let trace = Trace::Leaf(value.clone());
            Ok((value, trace))
        }
        _ => {
            let (v, _, vs) = next()?.value()?;
            let value = match v {
                Value::Number(n) => {
                    let year = if n.is_integer() { n.to_i32() } else { None };
                    let d = year.and_then(|y| Date::from_year(y).ok()).ok_or_else(|| {
                        invalid(f, format!("{n} is not a year from 1 to 9999"), vs)
                    })?;
                    Value::Date(d)
                }
                other => date(f, &other, vs)?.map_or(Value::Missing, Value::Date),
            };
            let trace = Trace::Leaf(value.clone());
            Ok((value, trace))
        }
    }
}

/// The least (`min`) or greatest (`max`) of numbers, or of dates.
fn extreme(f: &str, items: &[Value], span: Span) -> Result<Value, FormulaError> {
    if items.is_empty() {
        return Err(FormulaError::new(
            ErrorKind::EmptyList { function: f.into() },
            span,
        ));
    }
    let all_numbers = items.iter().all(|i| matches!(i, Value::Number(_)));
    let all_dates = items.iter().all(|i| matches!(i, Value::Date(_)));
    if !all_numbers && !all_dates {
        let odd = items
            .iter()
            .find(|i| !matches!(i, Value::Number(_) | Value::Date(_)))
            .unwrap_or(&items[0]);
        return Err(type_error(
            &format!("numbers, or dates, as arguments of `{f}`"),
            if matches!(odd, Value::Number(_) | Value::Date(_)) {
                "numbers mixed with dates".into()
            } else {
                odd.kind().to_string()
            },
            span,
        ));
    }
    let pick = |a: &Value, b: &Value| {
        let ord = match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.cmp(y),
            (Value::Date(x), Value::Date(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        };
        if (f == "min") == ord.is_le() {
            a.clone()
        } else {
            b.clone()
        }
    };
    let mut best = items[0].clone();
    for i in &items[1..] {
        best = pick(&best, i);
    }
    Ok(best)
}
