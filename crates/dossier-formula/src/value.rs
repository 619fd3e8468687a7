//! The values a data set holds and a formula computes.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;

/// One value of a data set, a parameter or a formula's result.
///
/// Numbers carry no unit: the caller knows which column or figure a value
/// came from and tracks its unit. [`Value::Missing`] is a value the data
/// does not give (one of a data set's `missingValues`).
///
/// Serialised untagged: a number as its decimal text (`"43.8"`, exact), a
/// text or date as a string, a boolean as a boolean, a missing value as
/// `null` and a list as an array.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(Decimal),
    Text(String),
    Date(Date),
    Bool(bool),
    Missing,
    /// The values of one field over a set of rows, in row order.
    List(Vec<Value>),
}

impl Value {
    /// What kind of value this is, as an error message names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Number(_) => "a number",
            Value::Text(_) => "a text",
            Value::Date(_) => "a date",
            Value::Bool(_) => "a boolean",
            Value::Missing => "a missing value",
            Value::List(_) => "a list",
        }
    }

    pub fn as_number(&self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }

    /// Whether a data value equals a value given in a formula, as lookups
    /// and `=` compare: numbers by amount (`1995` equals `1995.0`), and a
    /// date equals a text that parses as the same date (`'1973-09'`).
    pub fn matches(&self, given: &Value) -> bool {
        match (self, given) {
            (Value::Date(d), Value::Text(t)) | (Value::Text(t), Value::Date(d)) => {
                Date::parse(t).is_ok_and(|p| p == *d)
            }
            _ => self == given,
        }
    }
}

impl From<Decimal> for Value {
    fn from(n: Decimal) -> Value {
        Value::Number(n)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Decimal::from(n))
    }
}

impl From<&str> for Value {
    fn from(t: &str) -> Value {
        Value::Text(t.to_string())
    }
}

impl From<String> for Value {
    fn from(t: String) -> Value {
        Value::Text(t)
    }
}

impl From<Date> for Value {
    fn from(d: Date) -> Value {
        Value::Date(d)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

/// Plain text for messages and tests: numbers as stored, dates as
/// `YYYY-MM-DD`, a missing value as `missing`. Reports format values for
/// their language elsewhere.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) => write!(f, "'{}'", t.replace('\'', "''")),
            Value::Date(d) => write!(f, "{d}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Missing => f.write_str("missing"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn numbers_match_by_amount() {
        let a = Value::Number(Decimal::from_str("1995.0").unwrap());
        assert!(a.matches(&Value::from(1995)));
        assert!(!a.matches(&Value::from("1995")));
    }

    #[test]
    fn dates_match_their_text() {
        let d = Value::Date(Date::parse("1973-09").unwrap());
        assert!(d.matches(&Value::from("1973-09")));
        assert!(!d.matches(&Value::from("1973-09-01")));
        assert!(!d.matches(&Value::from("1973")));
    }

    #[test]
    fn serialises_untagged() {
        let v = Value::List(vec![
            Value::Number(Decimal::from_str("43.8").unwrap()),
            Value::from("a"),
            Value::Date(Date::parse("1973").unwrap()),
            Value::Bool(true),
            Value::Missing,
        ]);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"["43.8","a","1973",true,null]"#
        );
        assert_eq!(v.to_string(), "[43.8, 'a', 1973, true, missing]");
    }
}
