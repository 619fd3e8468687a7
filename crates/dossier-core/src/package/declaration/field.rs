//! One declared field: its type and unit, labels, categories, number
//! format and constraints, all checked where they are written.

use dossier_formula::{Date, Value};

use super::read::{decimal_text, strings, wrong_type, At, Doc, Table};
use crate::package::cells::{parse_node, CellError};
use crate::package::error::{closest, Errors, PackageError, Place};
use crate::package::tree::{Node, NodeValue};
use crate::package::types::{
    Bound, Category, Constraints, Field, FieldType, NumberFormat, Range, Unit,
};

const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "format",
    "title",
    "description",
    "example",
    "constraints",
    "missingValues",
    "categories",
    "categoriesOrdered",
    "trueValues",
    "falseValues",
    "bareNumber",
    "decimalChar",
    "groupChar",
    "rdfType",
    "unit",
    "qualifier",
];

const CONSTRAINT_KEYS: &[&str] = &[
    "required",
    "unique",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
    "pattern",
];

/// Reads one field table; `missing_values` are the schema's. A field
/// whose type is not known is still returned (as a string field, with
/// `sound` false), so that other keys naming it do not add errors of
/// their own.
pub fn field(
    mut t: Table<'_>,
    missing_values: &[String],
    errors: &mut Errors,
) -> Option<(Field, bool)> {
    let doc = t.doc();
    let name = t.required_string("name", errors)?;
    if name.value.is_empty() {
        errors.push(PackageError::BadDeclaration {
            at: name.at.clone(),
            key: "name".into(),
            expected: "a field name".into(),
            found: String::new(),
        });
    }
    let mut sound = true;
    let type_entry = t.get("type");
    let (field_type, mut unit, category_alias) = match type_entry {
        None => (FieldType::String, None, false),
        Some(e) => match super::read::string(doc, &e.value, "type", errors) {
            None => {
                sound = false;
                (FieldType::String, None, false)
            }
            Some(ty) => match parse_type(&ty, errors) {
                Some(parsed) => parsed,
                None => {
                    sound = false;
                    (FieldType::String, None, false)
                }
            },
        },
    };
    let type_at = type_entry.map_or_else(|| t.at.clone(), |e| doc.at(&e.value.span));
    let money = field_type == FieldType::Number
        && unit.is_none()
        && type_entry.is_some_and(|e| e.value.as_str() == Some("money"));

    if let Some(e) = t.get("unit") {
        if !matches!(field_type, FieldType::Integer | FieldType::Number) {
            errors.push(PackageError::BadDeclaration {
                at: doc.at(&e.value.span),
                key: "unit".into(),
                expected: "a unit only on an integer, number or money field".into(),
                found: field_type.to_string(),
            });
        } else if let Some(u) = parse_unit(doc, &e.value, errors) {
            if unit.is_some() && unit.as_ref() != Some(&u) {
                errors.push(PackageError::BadDeclaration {
                    at: doc.at(&e.value.span),
                    key: "unit".into(),
                    expected: "the unit its type names (percent)".into(),
                    found: format!("{u:?}"),
                });
            }
            unit = Some(u);
        }
    }
    if money && !matches!(unit, Some(Unit::Money { .. })) {
        errors.push(PackageError::MissingKey {
            at: type_at.clone(),
            key: "unit".into(),
            within: format!(
                "money field `{}` (`unit = {{ currency = \"USD\", scale = 1000000 }}`)",
                name.value
            ),
        });
    }

    if let Some(f) = t.string("format", errors) {
        if f.value != "default" {
            errors.push(PackageError::Unsupported {
                at: f.at,
                what: format!("format `{}`", f.value),
                message: format!(
                    "dossier reads {} fields in their default form only; expected `format = \"default\"` or none",
                    field_type
                ),
            });
        }
    }

    let field_missing = match t.strings("missingValues", errors) {
        Some(v) => v.into_iter().map(|s| s.value).collect(),
        None => missing_values.to_vec(),
    };

    let mut number_format = NumberFormat::default();
    if let Some(c) = t.string("decimalChar", errors) {
        number_format.decimal_char = single_char(c, "decimalChar", errors).unwrap_or('.');
    }
    if let Some(c) = t.string("groupChar", errors) {
        number_format.group_char = single_char(c, "groupChar", errors);
    }
    if let Some(b) = t.bool("bareNumber", errors) {
        number_format.bare_number = b.value;
    }
    if number_format.group_char == Some(number_format.decimal_char) {
        errors.push(PackageError::BadDeclaration {
            at: t.at.clone(),
            key: "groupChar".into(),
            expected: "a group character other than the decimal character".into(),
            found: number_format.decimal_char.to_string(),
        });
    }
    let true_values = t
        .strings("trueValues", errors)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.value)
        .collect();
    let false_values = t
        .strings("falseValues", errors)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.value)
        .collect();

    let mut f = Field {
        name: name.value.clone(),
        field_type,
        unit: unit.clone(),
        title: t.localized("title", errors).map(|v| v.value),
        description: t.localized("description", errors).map(|v| v.value),
        constraints: Constraints::default(),
        categories: Vec::new(),
        qualifier: None,
        missing_values: field_missing,
        number_format,
        true_values,
        false_values,
        place: t.at.clone(),
    };

    if let Some(items) = t.array("categories", errors) {
        if !matches!(field_type, FieldType::String | FieldType::Integer) {
            errors.push(PackageError::BadDeclaration {
                at: type_at.clone(),
                key: "categories".into(),
                expected: "categories only on a string or integer field".into(),
                found: field_type.to_string(),
            });
        } else {
            f.categories = categories(doc, items, field_type == FieldType::Integer, errors);
            if f.categories.is_empty() {
                errors.push(PackageError::BadDeclaration {
                    at: t.at.clone(),
                    key: "categories".into(),
                    expected: "at least one category".into(),
                    found: "[]".into(),
                });
            }
        }
    } else if category_alias {
        errors.push(PackageError::MissingKey {
            at: type_at.clone(),
            key: "categories".into(),
            within: format!("category field `{}`", name.value),
        });
    }

    if let Some(q) = t.string("qualifier", errors) {
        if field_type == FieldType::Date {
            f.qualifier = Some(q.value);
        } else {
            errors.push(PackageError::BadDeclaration {
                at: q.at,
                key: "qualifier".into(),
                expected: "a qualifier column only on a date field".into(),
                found: field_type.to_string(),
            });
        }
    }

    if let Some(e) = t.get("constraints") {
        if let Some(c) = constraints(doc, &e.value, &f, errors) {
            f.constraints = c;
        }
    }
    t.finish(FIELD_KEYS, errors);
    Some((f, sound))
}

/// A type name, as (type, unit it implies, whether it was `category`).
fn parse_type(ty: &At<String>, errors: &mut Errors) -> Option<(FieldType, Option<Unit>, bool)> {
    Some(match ty.value.as_str() {
        "integer" => (FieldType::Integer, None, false),
        "number" | "decimal" => (FieldType::Number, None, false),
        "percent" => (FieldType::Number, Some(Unit::Percent), false),
        "money" => (FieldType::Number, None, false),
        "year" => (FieldType::Year, None, false),
        "yearmonth" => (FieldType::YearMonth, None, false),
        "date" => (FieldType::Date, None, false),
        "string" => (FieldType::String, None, false),
        "category" => (FieldType::String, None, true),
        "localized" => (FieldType::Localized, None, false),
        "boolean" => (FieldType::Boolean, None, false),
        other => {
            if let Some(why) = FieldType::unsupported(other) {
                errors.push(PackageError::Unsupported {
                    at: ty.at.clone(),
                    what: format!("field type `{other}`"),
                    message: why.to_string(),
                });
            } else {
                errors.push(PackageError::UnknownType {
                    at: ty.at.clone(),
                    found: other.to_string(),
                    suggestion: closest(other, FieldType::NAMES.iter().copied()),
                    expected: FieldType::NAMES.iter().map(|s| s.to_string()).collect(),
                });
            }
            return None;
        }
    })
}

fn single_char(s: At<String>, key: &str, errors: &mut Errors) -> Option<char> {
    let mut chars = s.value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_ascii_digit() && c != '-' => Some(c),
        _ => {
            errors.push(PackageError::BadDeclaration {
                at: s.at,
                key: key.to_string(),
                expected: "one character that is not a digit or `-`".into(),
                found: s.value,
            });
            None
        }
    }
}

/// `unit = "percent"` (or `days`, `years`), or a money table
/// `{ currency = "USD", scale = 1000000 }`.
pub(crate) fn parse_unit(doc: &Doc<'_>, node: &Node, errors: &mut Errors) -> Option<Unit> {
    match &node.value {
        NodeValue::String(s) => match s.as_str() {
            "percent" => Some(Unit::Percent),
            "days" => Some(Unit::Days),
            "years" => Some(Unit::Years),
            other => {
                errors.push(PackageError::UnknownName {
                    at: doc.at(&node.span),
                    what: "unit".into(),
                    name: other.to_string(),
                    suggestion: closest(other, Unit::NAMES.iter().copied()),
                    expected: Unit::NAMES
                        .iter()
                        .map(|s| s.to_string())
                        .chain(["{ currency, scale }".to_string()])
                        .collect(),
                });
                None
            }
        },
        NodeValue::Table(_) => {
            let mut t = Table::of(doc, node, "unit", "a money unit", errors)?;
            let currency = t.required_string("currency", errors);
            let scale = t.count("scale", errors);
            t.finish(&["currency", "scale"], errors);
            let currency = currency?;
            if currency.value.len() != 3 || !currency.value.bytes().all(|b| b.is_ascii_uppercase())
            {
                errors.push(PackageError::BadDeclaration {
                    at: currency.at,
                    key: "currency".into(),
                    expected: "an ISO 4217 code of three capital letters (`USD`)".into(),
                    found: currency.value,
                });
                return None;
            }
            let scale = match scale {
                None => 1,
                Some(s) => {
                    let power_of_ten = s.value > 0 && {
                        let mut n = s.value;
                        while n % 10 == 0 {
                            n /= 10;
                        }
                        n == 1
                    };
                    if !power_of_ten {
                        errors.push(PackageError::BadDeclaration {
                            at: s.at,
                            key: "scale".into(),
                            expected: "a power of ten (1, 1000, 1000000)".into(),
                            found: s.value.to_string(),
                        });
                        return None;
                    }
                    s.value
                }
            };
            Some(Unit::Money {
                currency: currency.value,
                scale,
            })
        }
        other => {
            errors.push(wrong_type(
                doc,
                node,
                "unit",
                "`\"percent\"` or `{ currency, scale }`",
                other,
            ));
            None
        }
    }
}

/// A category value as written: a string, or (for an integer field) an
/// integer, kept in its canonical decimal text.
fn category_value(
    doc: &Doc<'_>,
    node: &Node,
    integer: bool,
    errors: &mut Errors,
) -> Option<String> {
    match (&node.value, integer) {
        (NodeValue::String(s), false) => Some(s.clone()),
        (NodeValue::Number(n) | NodeValue::String(n), true) => match decimal_text(n) {
            Some(d) if d.fract().is_zero() => Some(d.normalize().to_string()),
            _ => {
                errors.push(PackageError::BadDeclaration {
                    at: doc.at(&node.span),
                    key: "categories".into(),
                    expected: "an integer, as the field is an integer field".into(),
                    found: n.clone(),
                });
                None
            }
        },
        (other, _) => {
            errors.push(wrong_type(
                doc,
                node,
                "categories",
                if integer {
                    "an integer or `{ value, label }`"
                } else {
                    "a string or `{ value, label }`"
                },
                other,
            ));
            None
        }
    }
}

fn categories(doc: &Doc<'_>, items: &[Node], integer: bool, errors: &mut Errors) -> Vec<Category> {
    let mut out: Vec<(Category, Place)> = Vec::new();
    for item in items {
        let at = doc.at(&item.span);
        let cat = match &item.value {
            NodeValue::Table(_) => {
                let Some(mut t) = Table::of(doc, item, "categories", "a category", errors) else {
                    continue;
                };
                let value = t
                    .require("value", errors)
                    .and_then(|e| category_value(doc, &e.value, integer, errors));
                let label = t.localized("label", errors);
                t.finish(&["value", "label"], errors);
                let Some(value) = value else { continue };
                Category {
                    value,
                    label: label.map(|l| l.value),
                    place: at.clone(),
                }
            }
            _ => {
                let Some(value) = category_value(doc, item, integer, errors) else {
                    continue;
                };
                Category {
                    value,
                    label: None,
                    place: at.clone(),
                }
            }
        };
        if let Some((_, first)) = out.iter().find(|(c, _)| c.value == cat.value) {
            errors.push(PackageError::DuplicateName {
                at,
                what: "category".into(),
                name: cat.value.clone(),
                first: first.clone(),
            });
            continue;
        }
        out.push((cat, at));
    }
    out.into_iter().map(|(c, _)| c).collect()
}

/// A bound of `field`'s range as written in the declaration.
fn bound(
    doc: &Doc<'_>,
    node: &Node,
    key: &str,
    field: &Field,
    errors: &mut Errors,
) -> Option<Bound> {
    let at = doc.at(&node.span);
    let bad = |expected: &str, found: String, errors: &mut Errors| {
        errors.push(PackageError::BadConstraint {
            at: at.clone(),
            constraint: key.to_string(),
            message: format!("expected {expected}, found `{found}`"),
        });
    };
    let text = match &node.value {
        NodeValue::Number(t) | NodeValue::String(t) | NodeValue::Datetime(t) => t.clone(),
        other => {
            bad("a number or a date", other.describe().to_string(), errors);
            return None;
        }
    };
    match field.field_type {
        FieldType::Integer | FieldType::Number | FieldType::Year => match decimal_text(&text) {
            Some(n) if field.field_type == FieldType::Number || n.fract().is_zero() => {
                Some(Bound::Number(n))
            }
            _ => {
                bad(field.field_type.expected(), text, errors);
                None
            }
        },
        FieldType::Date | FieldType::YearMonth => match Date::parse(&text) {
            Ok(d) => Some(Bound::Date(d)),
            Err(e) => {
                bad(&format!("a date ({e})"), text, errors);
                None
            }
        },
        other => {
            errors.push(PackageError::BadConstraint {
                at,
                constraint: key.to_string(),
                message: format!("a {other} field has no order; expected `{key}` only on numbers, years and dates"),
            });
            None
        }
    }
}

fn constraints(
    doc: &Doc<'_>,
    node: &Node,
    field: &Field,
    errors: &mut Errors,
) -> Option<Constraints> {
    let mut t = Table::of(doc, node, "constraints", "constraints", errors)?;
    let mut c = Constraints::default();
    if let Some(b) = t.bool("required", errors) {
        c.required = b.value;
    }
    if let Some(b) = t.bool("unique", errors) {
        c.unique = b.value;
    }
    let lengths_ok = matches!(field.field_type, FieldType::String | FieldType::Localized);
    for key in ["minLength", "maxLength"] {
        if let Some(n) = t.count(key, errors) {
            if !lengths_ok {
                errors.push(PackageError::BadConstraint {
                    at: n.at,
                    constraint: key.into(),
                    message: format!(
                        "expected `{key}` only on text fields, found it on a {} field",
                        field.field_type
                    ),
                });
                continue;
            }
            let n = usize::try_from(n.value).unwrap_or(usize::MAX);
            if key == "minLength" {
                c.min_length = Some(n);
            } else {
                c.max_length = Some(n);
            }
        }
    }
    if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
        if lo > hi {
            errors.push(PackageError::BadConstraint {
                at: t.at.clone(),
                constraint: "minLength".into(),
                message: format!("minLength {lo} is above maxLength {hi}"),
            });
        }
    }
    let mut bounds: Vec<(&str, Bound, Place)> = Vec::new();
    for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
        let Some(e) = t.get(key) else { continue };
        if let Some(b) = bound(doc, &e.value, key, field, errors) {
            bounds.push((key, b, doc.at(&e.value.span)));
        }
    }
    for (key, b, _) in &bounds {
        match *key {
            "minimum" => c.minimum = Some(*b),
            "maximum" => c.maximum = Some(*b),
            "exclusiveMinimum" => c.exclusive_minimum = Some(*b),
            _ => c.exclusive_maximum = Some(*b),
        }
    }
    if c.minimum.is_some() && c.exclusive_minimum.is_some()
        || c.maximum.is_some() && c.exclusive_maximum.is_some()
    {
        errors.push(PackageError::BadConstraint {
            at: t.at.clone(),
            constraint: "exclusiveMinimum".into(),
            message: "give either the inclusive or the exclusive form of a bound, not both".into(),
        });
    }
    // Declared bounds must lie inside what the type can hold.
    if let Some(default) = Range::default_for(field.field_type) {
        for (key, b, at) in &bounds {
            let v = match b {
                Bound::Number(n) => Value::Number(*n),
                Bound::Date(d) => Value::Date(*d),
            };
            if !default.contains(&v) {
                errors.push(PackageError::BadConstraint {
                    at: at.clone(),
                    constraint: key.to_string(),
                    message: format!(
                        "{b} is outside what a {} field holds; expected {default}",
                        field.field_type
                    ),
                });
            }
        }
        let mut with = field.clone();
        with.constraints = c.clone();
        if let Some(r) = with.range() {
            let empty = match (&r.low, &r.high) {
                (Bound::Number(lo), Bound::Number(hi)) => {
                    lo > hi || (lo == hi && !(r.low_inclusive && r.high_inclusive))
                }
                (Bound::Date(lo), Bound::Date(hi)) => {
                    lo.days_since_epoch() > hi.last_day_since_epoch()
                }
                _ => false,
            };
            if empty {
                errors.push(PackageError::BadConstraint {
                    at: t.at.clone(),
                    constraint: "minimum".into(),
                    message: format!("the range from {} to {} holds no value", r.low, r.high),
                });
            }
        }
    }
    if let Some(e) = t.get("enum") {
        match &e.value.value {
            NodeValue::Array(items) => {
                let mut allowed = Vec::new();
                for item in items {
                    match parse_node(field, item) {
                        Ok(v) if !v.is_missing() => allowed.push(v),
                        Ok(_) | Err(CellError::Year(_)) | Err(CellError::Type(_)) => {
                            errors.push(PackageError::BadConstraint {
                                at: doc.at(&item.span),
                                constraint: "enum".into(),
                                message: format!(
                                    "expected values of the field's type: {}",
                                    field.field_type.expected()
                                ),
                            });
                        }
                    }
                }
                c.allowed = Some(allowed);
            }
            other => errors.push(wrong_type(
                doc,
                &e.value,
                "enum",
                "an array of values",
                other,
            )),
        }
    }
    if let Some(p) = t.get("pattern") {
        errors.push(PackageError::Unsupported {
            at: doc.at(&p.value.span),
            what: "constraint `pattern`".into(),
            message: "dossier has no regular-expression engine; use `enum` or categories for a closed set of values".into(),
        });
    }
    t.finish(CONSTRAINT_KEYS, errors);
    Some(c)
}

/// The names a schema's `missingValues` gives (default `[""]`).
pub fn missing_values(doc: &Doc<'_>, node: Option<&Node>, errors: &mut Errors) -> Vec<String> {
    match node {
        None => vec![String::new()],
        Some(n) => strings(doc, n, "missingValues", errors)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect(),
    }
}
