//! Traces: a computation shown for readers, with every data value in
//! place of the lookup that gave it, in any language's number format.
//!
//! `pct_change(t['a', 1994].v, t['a', 1995].v)` traces to
//! `(3,792 − 2,638) / 2,638` in English and to the same with Persian
//! digits in Persian: the caller formats each number, and the operands stay
//! in logical order (a right-to-left caller wraps the result in a
//! left-to-right isolate).

use rust_decimal::Decimal;

use crate::ast::{BinaryOp, ATOM_PRECEDENCE, NEG_PRECEDENCE, NOT_PRECEDENCE};
use crate::date::Date;
use crate::value::Value;

/// The display tree of an evaluated formula.
///
/// Functions appear in their display form: `pct_change(a, b)` as
/// `(b − a) / a`, `share(p, w)` as `p / w`, `sum(list)` as `a + b + c`,
/// `mean(list)` as `(a + b + c) / 3`, `days_between(d1, d2)` as `d2 − d1`,
/// `years_between(d1, d2)` as `(d2 − d1) / 365.2425`, `abs(x)` as `|x|`;
/// `count`, `year` and `date` show their result; `min`, `max` and `round`
/// show as calls.
#[derive(Clone, Debug, PartialEq)]
pub enum Trace {
    /// A value: a literal, or the unrounded value of a lookup, field,
    /// figure or parameter.
    Leaf(Value),
    /// Values left out of a long list (`a + b + … + z`).
    Ellipsis,
    Neg(Box<Trace>),
    Not(Box<Trace>),
    Binary {
        op: BinaryOp,
        left: Box<Trace>,
        right: Box<Trace>,
    },
    Abs(Box<Trace>),
    Call {
        function: String,
        args: Vec<Trace>,
    },
}

/// How a trace writes its values, for one language.
///
/// A closure `Fn(&Decimal) -> String` is a notation that formats numbers
/// and keeps the defaults for the rest. Numbers reach it without their
/// sign: the trace writes `−` itself.
pub trait Notation {
    fn number(&self, n: &Decimal) -> String;

    fn date(&self, d: &Date) -> String {
        d.to_string()
    }

    fn text(&self, t: &str) -> String {
        format!("‘{t}’")
    }

    fn boolean(&self, b: bool) -> String {
        b.to_string()
    }

    fn missing(&self) -> String {
        "—".to_string()
    }
}

impl<F: Fn(&Decimal) -> String> Notation for F {
    fn number(&self, n: &Decimal) -> String {
        self(n)
    }
}

/// Lists longer than this show their first two and last values.
pub const LIST_SHOWN: usize = 6;

impl Trace {
    pub(crate) fn leaf(value: impl Into<Value>) -> Trace {
        Trace::Leaf(value.into())
    }

    pub(crate) fn binary(op: BinaryOp, left: Trace, right: Trace) -> Trace {
        Trace::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        }
    }

    /// `a + b + c` over leaves, `0` when empty, elided past
    /// [`LIST_SHOWN`] items.
    pub(crate) fn sum_of(values: &[Value]) -> Trace {
        let shown = Trace::shown(values);
        let mut iter = shown.into_iter();
        let Some(first) = iter.next() else {
            return Trace::leaf(Decimal::ZERO);
        };
        iter.fold(first, |acc, t| Trace::binary(BinaryOp::Add, acc, t))
    }

    /// The leaves shown for a list: all of them, or the first two, an
    /// ellipsis and the last.
    pub(crate) fn shown(values: &[Value]) -> Vec<Trace> {
        if values.len() <= LIST_SHOWN {
            return values.iter().cloned().map(Trace::Leaf).collect();
        }
        vec![
            Trace::Leaf(values[0].clone()),
            Trace::Leaf(values[1].clone()),
            Trace::Ellipsis,
            Trace::Leaf(values[values.len() - 1].clone()),
        ]
    }

    fn precedence(&self) -> u8 {
        match self {
            Trace::Binary { op, .. } => op.precedence(),
            Trace::Not(_) => NOT_PRECEDENCE,
            Trace::Neg(_) => NEG_PRECEDENCE,
            Trace::Leaf(Value::Number(n)) if n.is_sign_negative() && !n.is_zero() => NEG_PRECEDENCE,
            _ => ATOM_PRECEDENCE,
        }
    }

    /// The computation as text: `+ − × /`, `= ≠ < ≤ > ≥`, `∧ ∨ ¬`, values
    /// through `notation`, parentheses where precedence needs them.
    pub fn render(&self, notation: &dyn Notation) -> String {
        let mut out = String::new();
        self.write(notation, &mut out);
        out
    }

    fn write(&self, n: &dyn Notation, out: &mut String) {
        match self {
            Trace::Leaf(value) => write_value(value, n, out),
            Trace::Ellipsis => out.push('…'),
            Trace::Neg(x) => {
                out.push('−');
                write_child(x, n, out, x.precedence() <= NEG_PRECEDENCE);
            }
            Trace::Not(x) => {
                out.push('¬');
                write_child(x, n, out, x.precedence() < ATOM_PRECEDENCE);
            }
            Trace::Binary { op, left, right } => {
                let prec = op.precedence();
                let cmp = op.is_comparison();
                write_child(
                    left,
                    n,
                    out,
                    left.precedence() < prec || (cmp && left.precedence() == prec),
                );
                out.push(' ');
                out.push_str(symbol(*op));
                out.push(' ');
                write_child(
                    right,
                    n,
                    out,
                    right.precedence() <= prec || right.precedence() == NEG_PRECEDENCE,
                );
            }
            Trace::Abs(x) => {
                out.push('|');
                x.write(n, out);
                out.push('|');
            }
            Trace::Call { function, args } => {
                out.push_str(function);
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    a.write(n, out);
                }
                out.push(')');
            }
        }
    }
}

fn write_child(t: &Trace, n: &dyn Notation, out: &mut String, parens: bool) {
    if parens {
        out.push('(');
        t.write(n, out);
        out.push(')');
    } else {
        t.write(n, out);
    }
}

fn write_value(value: &Value, n: &dyn Notation, out: &mut String) {
    match value {
        Value::Number(x) => {
            if x.is_sign_negative() && !x.is_zero() {
                out.push('−');
            }
            out.push_str(&n.number(&x.abs()));
        }
        Value::Text(t) => out.push_str(&n.text(t)),
        Value::Date(d) => out.push_str(&n.date(d)),
        Value::Bool(b) => out.push_str(&n.boolean(*b)),
        Value::Missing => out.push_str(&n.missing()),
        Value::List(items) => {
            out.push('[');
            for (i, t) in Trace::shown(items).iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                t.write(n, out);
            }
            out.push(']');
        }
    }
}

/// The typographic operator: U+2212 minus, U+00D7 times.
fn symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "∨",
        BinaryOp::And => "∧",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "≠",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "≤",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => "≥",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "−",
        BinaryOp::Mul => "×",
        BinaryOp::Div => "/",
    }
}
