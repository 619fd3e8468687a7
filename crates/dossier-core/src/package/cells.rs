//! One cell of data to a typed value, by the type its field declares.
//!
//! Numeric cells are machine values: ASCII digits in plain decimal
//! notation as XML Schema's `decimal` writes it (an optional sign, and
//! `.097` or `3.` allowed; no exponent, `NaN` or `INF`), `.` as the
//! decimal point unless the field declares another
//! `decimalChar`, no thousands separators unless it declares a `groupChar`.
//! Persian and Arabic-Indic digits belong in quotes, where they are checked
//! against the source; a cell holding them gets an error that says so. A
//! value that has the right form but lies outside its field's range is
//! reported as out of range by the caller, not here.

use dossier_formula::{Date, DateError, Decimal, Value};

use super::tree::{Node, NodeValue};
use super::types::{Field, FieldType};

/// Why a cell is not a value of its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellError {
    /// Not of the field's type: what was expected.
    Type(String),
    /// Of the right form, but a year outside 1 to 9999 (which no date
    /// holds), so no value exists to range-check.
    Year(i32),
}

/// Frictionless's default words for booleans.
pub const TRUE_VALUES: &[&str] = &["true", "True", "TRUE", "1"];
pub const FALSE_VALUES: &[&str] = &["false", "False", "FALSE", "0"];

fn is_other_digit(c: char) -> bool {
    ('\u{06F0}'..='\u{06F9}').contains(&c) || ('\u{0660}'..='\u{0669}').contains(&c)
}

/// What a numeric field expected, with a hint for the usual mistakes.
fn number_error(field: &Field, text: &str) -> CellError {
    let mut expected = field.field_type.expected().to_string();
    if field.number_format.decimal_char != '.' {
        expected.push_str(&format!(
            ", with `{}` as the decimal sign",
            field.number_format.decimal_char
        ));
    }
    if text.chars().any(is_other_digit) {
        expected.push_str(
            "; Persian and Arabic-Indic digits are not accepted in numeric fields (they belong in the quote)",
        );
    } else if field.number_format.group_char.is_none()
        && (text.contains(',') || text.contains('\u{066C}') || text.contains('_'))
    {
        expected.push_str("; remove the thousands separator (or declare `groupChar`)");
    } else if text.contains(['e', 'E']) && text.chars().any(|c| c.is_ascii_digit()) {
        expected.push_str("; exponent notation is not accepted, write the number out");
    }
    CellError::Type(expected)
}

/// The digits of a numeric cell with the field's number format applied:
/// group characters removed, the decimal sign made `.`, and (when
/// `bareNumber` is false) leading and trailing non-numeric text dropped.
fn plain_number(field: &Field, text: &str) -> String {
    let f = &field.number_format;
    let mut t: &str = text;
    if !f.bare_number {
        let is_num = |c: char| c.is_ascii_digit() || c == '-' || c == f.decimal_char;
        let start = t.find(is_num).unwrap_or(t.len());
        let end = t
            .rfind(|c: char| c.is_ascii_digit())
            .map_or(start, |i| i + 1);
        t = t.get(start..end.max(start)).unwrap_or("");
    }
    t.chars()
        .filter(|&c| Some(c) != f.group_char)
        .map(|c| if c == f.decimal_char { '.' } else { c })
        .collect()
}

/// A number as it is kept: as written, except that integers lose any
/// trailing `.0` and zero has no sign (so equal numbers hash alike).
pub fn kept(n: Decimal, integer: bool) -> Decimal {
    if n.is_zero() {
        Decimal::ZERO
    } else if integer {
        n.normalize()
    } else {
        n
    }
}

/// Parses a decimal in plain notation, as XML Schema's `decimal` (which
/// Frictionless follows) writes it: an optional sign, digits, and a
/// fraction after `.` (`-1.5`, `+2`, `.097`, `3.`); `None` for anything
/// else, exponents included.
fn plain_decimal(text: &str, fraction: bool) -> Option<Decimal> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) if fraction => (i, Some(f)),
        Some(_) => return None,
        None => (digits, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let given = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    if !given || !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let negative = text.starts_with('-');
    let plain = format!(
        "{}{}{}{}",
        if negative { "-" } else { "" },
        if int.is_empty() { "0" } else { int },
        if frac.is_some_and(|f| !f.is_empty()) {
            "."
        } else {
            ""
        },
        frac.unwrap_or("")
    );
    plain.parse().ok()
}

/// A text cell (CSV, or a string in JSON or TOML) as a value of `field`.
/// Missing values are the caller's to recognise first.
pub fn parse_text(field: &Field, text: &str) -> Result<Value, CellError> {
    match field.field_type {
        FieldType::Integer | FieldType::Year => {
            let t = plain_number(field, text);
            plain_decimal(&t, false)
                .map(|n| Value::Number(kept(n, true)))
                .ok_or_else(|| number_error(field, text))
        }
        FieldType::Number => {
            let t = plain_number(field, text);
            plain_decimal(&t, true)
                .map(|n| Value::Number(kept(n, false)))
                .ok_or_else(|| number_error(field, text))
        }
        FieldType::YearMonth => {
            let bad = || CellError::Type(FieldType::YearMonth.expected().to_string());
            if text.len() != 7 {
                return Err(bad());
            }
            date(text, bad)
        }
        FieldType::Date => date(text, || {
            CellError::Type(FieldType::Date.expected().to_string())
        }),
        FieldType::String | FieldType::Localized => Ok(Value::Text(text.to_string())),
        FieldType::Boolean => {
            let yes = |words: &[String], defaults: &[&str]| {
                if words.is_empty() {
                    defaults.contains(&text)
                } else {
                    words.iter().any(|w| w == text)
                }
            };
            if yes(&field.true_values, TRUE_VALUES) {
                Ok(Value::Bool(true))
            } else if yes(&field.false_values, FALSE_VALUES) {
                Ok(Value::Bool(false))
            } else {
                let words = |w: &[String], d: &[&str]| {
                    if w.is_empty() {
                        d.join("`, `")
                    } else {
                        w.join("`, `")
                    }
                };
                Err(CellError::Type(format!(
                    "a boolean: `{}` or `{}`",
                    words(&field.true_values, TRUE_VALUES),
                    words(&field.false_values, FALSE_VALUES)
                )))
            }
        }
    }
}

fn date(text: &str, bad: impl Fn() -> CellError) -> Result<Value, CellError> {
    match Date::parse(text) {
        Ok(d) => Ok(Value::Date(d)),
        Err(DateError::Year(y)) => Err(CellError::Year(y)),
        Err(DateError::Month(_)) | Err(DateError::Day { .. }) | Err(DateError::DayWithoutMonth) => {
            Err(CellError::Type(format!(
                "{} that exists in the calendar",
                FieldType::Date.expected()
            )))
        }
        Err(DateError::Syntax(_)) => Err(bad()),
    }
}

/// A scalar of a JSON or TOML resource as a value of `field`: strings are
/// read like CSV cells, numbers keep their written digits, `null` is
/// missing.
pub fn parse_node(field: &Field, node: &Node) -> Result<Value, CellError> {
    let ty = field.field_type;
    match &node.value {
        NodeValue::String(s) => parse_text(field, s),
        NodeValue::Null => Ok(Value::Missing),
        NodeValue::Number(text) if ty.is_numeric() => {
            let n = if text.contains(['e', 'E']) {
                Decimal::from_scientific(text).ok()
            } else {
                plain_decimal(text, true)
            };
            match n {
                Some(n) if ty == FieldType::Number || n.fract().is_zero() => {
                    Ok(Value::Number(kept(n, ty != FieldType::Number)))
                }
                _ => Err(CellError::Type(ty.expected().to_string())),
            }
        }
        NodeValue::Bool(b) if ty == FieldType::Boolean => Ok(Value::Bool(*b)),
        NodeValue::Datetime(text) if matches!(ty, FieldType::Date | FieldType::YearMonth) => {
            parse_text(field, text)
        }
        other => Err(CellError::Type(format!(
            "{}, found {}",
            ty.expected(),
            other.describe()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::error::Place;
    use crate::package::types::{Constraints, NumberFormat};
    use std::path::Path;

    fn field(ty: FieldType) -> Field {
        Field {
            name: "x".into(),
            field_type: ty,
            unit: None,
            title: None,
            description: None,
            constraints: Constraints::default(),
            categories: Vec::new(),
            qualifier: None,
            missing_values: vec![String::new()],
            number_format: NumberFormat::default(),
            true_values: Vec::new(),
            false_values: Vec::new(),
            place: Place::file(Path::new("d.toml")),
        }
    }

    fn num(s: &str) -> Value {
        Value::Number(s.parse().unwrap())
    }

    #[test]
    fn numbers_in_plain_notation() {
        let f = field(FieldType::Number);
        assert_eq!(parse_text(&f, "43.8"), Ok(num("43.8")));
        assert_eq!(parse_text(&f, "-1.5"), Ok(num("-1.5")));
        for bad in [
            "", "1.5e3", ".", "-", "+", "NaN", "inf", "1,649", "۱۶۴۹", " 1", "1 ", "--1", "1.2.3",
        ] {
            assert!(parse_text(&f, bad).is_err(), "{bad:?}");
        }
        // XML Schema's decimal forms, as Frictionless reads them.
        for (text, value) in [("+1", "1"), ("1.", "1"), (".097", "0.097"), ("-.5", "-0.5")] {
            assert_eq!(parse_text(&f, text), Ok(num(value)), "{text:?}");
        }
        let CellError::Type(why) = parse_text(&f, "۱۶۴۹").unwrap_err() else {
            panic!()
        };
        assert!(why.contains("Persian"), "{why}");
        let CellError::Type(why) = parse_text(&f, "1,649").unwrap_err() else {
            panic!()
        };
        assert!(why.contains("thousands"), "{why}");
    }

    #[test]
    fn number_formats() {
        let mut f = field(FieldType::Number);
        f.number_format = NumberFormat {
            decimal_char: ',',
            group_char: Some('.'),
            bare_number: false,
        };
        assert_eq!(parse_text(&f, "€1.234,5"), Ok(num("1234.5")));
        assert_eq!(parse_text(&f, "12,5 %"), Ok(num("12.5")));
    }

    #[test]
    fn integers_and_years() {
        let f = field(FieldType::Integer);
        assert_eq!(parse_text(&f, "-12"), Ok(num("-12")));
        assert!(parse_text(&f, "1.0").is_err());
        let y = field(FieldType::Year);
        // Form checks only; the range (1 to 9999) is checked by the caller.
        assert_eq!(parse_text(&y, "99999"), Ok(num("99999")));
        assert_eq!(parse_text(&y, "-1"), Ok(num("-1")));
    }

    #[test]
    fn dates_of_mixed_precision() {
        let f = field(FieldType::Date);
        for t in ["1973", "1973-09", "1973-09-11"] {
            assert_eq!(parse_text(&f, t), Ok(Value::Date(Date::parse(t).unwrap())));
        }
        assert_eq!(parse_text(&f, "0000"), Err(CellError::Year(0)));
        assert!(matches!(
            parse_text(&f, "1973-02-30"),
            Err(CellError::Type(_))
        ));
        assert!(matches!(
            parse_text(&f, "11/09/1973"),
            Err(CellError::Type(_))
        ));
        let ym = field(FieldType::YearMonth);
        assert!(parse_text(&ym, "1990-03").is_ok());
        assert!(parse_text(&ym, "1990").is_err());
        assert!(parse_text(&ym, "1990-03-01").is_err());
    }

    #[test]
    fn booleans() {
        let mut f = field(FieldType::Boolean);
        assert_eq!(parse_text(&f, "TRUE"), Ok(Value::Bool(true)));
        assert_eq!(parse_text(&f, "0"), Ok(Value::Bool(false)));
        f.true_values = vec!["yes".into()];
        assert!(parse_text(&f, "TRUE").is_err());
        assert_eq!(parse_text(&f, "yes"), Ok(Value::Bool(true)));
    }

    #[test]
    fn nodes_keep_their_digits() {
        let f = field(FieldType::Number);
        let n = |t: &str| Node {
            span: 0..0,
            value: NodeValue::Number(t.into()),
        };
        assert_eq!(
            parse_node(&f, &n("0.30000000000000004")),
            Ok(num("0.30000000000000004"))
        );
        assert_eq!(parse_node(&f, &n("1e3")), Ok(num("1000")));
        let i = field(FieldType::Integer);
        assert!(parse_node(&i, &n("1.5")).is_err());
        assert_eq!(parse_node(&i, &n("2.0")), Ok(num("2")));
        let s = field(FieldType::String);
        assert!(parse_node(&s, &n("1")).is_err());
        assert_eq!(
            parse_node(
                &s,
                &Node {
                    span: 0..0,
                    value: NodeValue::Null
                }
            ),
            Ok(Value::Missing)
        );
    }
}
