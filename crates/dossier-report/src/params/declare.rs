//! The `[[param]]` tables and the `[runs]` manifest of `report.toml`, as
//! written, and the checks that need nothing but the spec: names, types,
//! literal allowed values, defaults and manifest entries.
//!
//! ```toml
//! [[param]]
//! name = "country"                 # `{param.country}`, `param.country`
//! type = "string"                  # string (default), integer, number, year, date, boolean
//! default = "NO"                   # the value of a run that does not give one
//! label = { en = "Country" }       # the parameter's own name, optional
//! values_from = { data = "countries", key = "code", label = "name" }
//! # or a literal list, each value plain or with its label per language:
//! # values = ["NO", { value = "SE", label = { en = "Sweden" } }]
//!
//! [runs]                           # the runs `dossier build` makes
//! all = true                       # every allowed value of every parameter
//! # list = [{ country = "NO" }, { country = "SE" }]
//! ```

use dossier_core::{Date, Decimal, Value};
use serde::Deserialize;
use toml::Spanned;

use crate::spec::{Located, Parsed, Text};
use crate::ReportError;

/// `[[param]]`: one parameter of the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: Located,
    #[serde(rename = "type")]
    pub kind: Option<Located>,
    pub default: Option<Spanned<toml::Value>>,
    /// The parameter's own name, per language.
    pub label: Option<Text>,
    /// The allowed values, written out.
    pub values: Option<Spanned<Vec<Spanned<toml::Value>>>>,
    /// The allowed values, from a data set of the package.
    pub values_from: Option<Spanned<ValuesFrom>>,
}

/// `values_from = { data = "…", key = "…", label = "…" }`: every value of
/// field `key` of data set `data`, in the data set's order, each with the
/// text of field `label` (localized or plain) of its first row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesFrom {
    pub data: Located,
    pub key: Located,
    pub label: Option<Located>,
}

/// `[runs]`: which runs a build makes when the command line does not say.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunsSpec {
    /// Every combination of the allowed values.
    pub all: Option<Spanned<bool>>,
    /// The runs listed, each a table of parameter values; a parameter
    /// left out takes its default.
    pub list: Option<Vec<Spanned<toml::Table>>>,
}

/// The type of a parameter's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    Text,
    Integer,
    Number,
    Year,
    Date,
    Boolean,
}

impl ParamType {
    /// The names a spec may write.
    pub const NAMES: &'static [&'static str] =
        &["string", "integer", "number", "year", "date", "boolean"];

    pub fn parse(name: &str) -> Option<ParamType> {
        Some(match name {
            "string" => ParamType::Text,
            "integer" => ParamType::Integer,
            "number" => ParamType::Number,
            "year" => ParamType::Year,
            "date" => ParamType::Date,
            "boolean" => ParamType::Boolean,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ParamType::Text => "string",
            ParamType::Integer => "integer",
            ParamType::Number => "number",
            ParamType::Year => "year",
            ParamType::Date => "date",
            ParamType::Boolean => "boolean",
        }
    }

    /// A value written as text (on the command line): what it means for
    /// this type, or what was expected.
    pub fn from_text(self, text: &str) -> Result<Value, String> {
        let expected = || {
            format!(
                "`{text}` is not a {}: expected {}",
                self.name(),
                self.hint()
            )
        };
        match self {
            ParamType::Text => {
                if text.is_empty() {
                    Err("an empty value: expected some text".into())
                } else {
                    Ok(Value::Text(text.to_string()))
                }
            }
            ParamType::Integer => text
                .trim()
                .parse::<i64>()
                .map(|n| Value::Number(Decimal::from(n)))
                .map_err(|_| expected()),
            ParamType::Number => Decimal::from_str_exact(text.trim())
                .map(Value::Number)
                .map_err(|_| expected()),
            ParamType::Year => match text.trim().parse::<i64>() {
                Ok(y) if (1..=9999).contains(&y) => Ok(Value::Number(Decimal::from(y))),
                _ => Err(expected()),
            },
            ParamType::Date => Date::parse(text.trim())
                .map(Value::Date)
                .map_err(|_| expected()),
            ParamType::Boolean => match text.trim() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(expected()),
            },
        }
    }

    /// A value written in TOML: what it means for this type.
    pub fn from_toml(self, value: &toml::Value) -> Result<Value, String> {
        let found = || {
            format!(
                "{} is not a {}: expected {}",
                describe(value),
                self.name(),
                self.hint()
            )
        };
        match (self, value) {
            (ParamType::Text, toml::Value::String(s)) => self.from_text(s),
            (ParamType::Integer | ParamType::Year, toml::Value::Integer(n)) => {
                self.from_text(&n.to_string())
            }
            (ParamType::Number, toml::Value::Integer(n)) => Ok(Value::Number(Decimal::from(*n))),
            (ParamType::Number | ParamType::Date, toml::Value::String(s)) => self.from_text(s),
            (ParamType::Boolean, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
            _ => Err(found()),
        }
    }

    /// Whether a value of a data set's field can be a value of this type.
    pub fn accepts(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (ParamType::Text, Value::Text(_))
                | (ParamType::Integer | ParamType::Year, Value::Number(_))
                | (ParamType::Number, Value::Number(_))
                | (ParamType::Date, Value::Date(_))
                | (ParamType::Boolean, Value::Bool(_))
        ) && !(matches!(self, ParamType::Integer | ParamType::Year)
            && value.as_number().is_some_and(|n| !n.fract().is_zero()))
    }

    fn hint(self) -> &'static str {
        match self {
            ParamType::Text => "a string",
            ParamType::Integer => "a whole number",
            ParamType::Number => "a number in plain decimal notation (a string in TOML: \"1.5\")",
            ParamType::Year => "a year from 1 to 9999",
            ParamType::Date => "a date, YYYY, YYYY-MM or YYYY-MM-DD",
            ParamType::Boolean => "true or false",
        }
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the string {s:?}"),
        toml::Value::Integer(n) => format!("the integer {n}"),
        toml::Value::Float(f) => format!("the float {f}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date-time {d}"),
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

/// The text of a value as it names a run (`--param country=NO`, the run's
/// folder, `build.json`): a number in plain notation, a date as written.
pub fn canonical(value: &Value) -> String {
    match value {
        Value::Number(n) => n.normalize().to_string(),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Missing | Value::List(_) => String::new(),
    }
}

/// A parameter name: what `param.NAME` can name in a formula.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Parsed {
    /// The declared type of parameter `p` (string when not given).
    pub fn param_type(&self, p: &ParamSpec) -> Result<ParamType, ReportError> {
        match &p.kind {
            None => Ok(ParamType::Text),
            Some(k) => ParamType::parse(k.get_ref()).ok_or_else(|| {
                self.error(
                    k.span().start,
                    crate::spec::unknown("parameter type", k.get_ref(), ParamType::NAMES),
                )
            }),
        }
    }

    /// Checks the parameters and the manifest against the spec alone.
    pub(crate) fn check_params(&self) -> Result<(), ReportError> {
        let spec = &self.spec;
        let mut names: Vec<&str> = Vec::new();
        for p in &spec.params {
            let name = p.name.get_ref().as_str();
            let at = p.name.span().start;
            if !is_name(name) {
                return Err(self.error(
                    at,
                    format!("parameter name `{name}` is not a name; expected letters, digits and `_`, not starting with a digit (it is written `param.{name}`)"),
                ));
            }
            if names.contains(&name) {
                return Err(self.error(at, format!("the parameter `{name}` is declared twice")));
            }
            names.push(name);
            let kind = self.param_type(p)?;
            if let (Some(v), Some(_)) = (&p.values, &p.values_from) {
                return Err(self.error(
                    v.span().start,
                    format!("parameter `{name}` gives both `values` and `values_from`; keep one"),
                ));
            }
            if let Some(values) = &p.values {
                self.literal_values(p, kind, values)?;
            }
            if let Some(d) = &p.default {
                let value = kind.from_toml(d.get_ref()).map_err(|m| {
                    self.error(d.span().start, format!("the default of `{name}`: {m}"))
                })?;
                if let Some(values) = &p.values {
                    let allowed = self.literal_values(p, kind, values)?;
                    if !allowed.iter().any(|(v, _, _)| v == &value) {
                        return Err(self.error(
                            d.span().start,
                            format!(
                                "the default `{}` of `{name}` is not one of its values",
                                canonical(&value)
                            ),
                        ));
                    }
                }
            }
        }
        let Some(runs) = &spec.runs else {
            return Ok(());
        };
        let at = crate::spec::top_level_offset(&self.text, "runs");
        if spec.params.is_empty() {
            return Err(self.error(
                at,
                "a `[runs]` manifest, but the report declares no parameters (`[[param]]`)",
            ));
        }
        match (&runs.all, &runs.list) {
            (Some(_), Some(list)) => Err(self.error(
                list.first().map_or(at, |l| l.span().start),
                "`[runs]` gives both `all` and `list`; keep one",
            )),
            (None, None) => Err(self.error(at, "`[runs]` needs `all = true` or a `list` of runs")),
            (Some(all), None) if !*all.get_ref() => Err(self.error(
                all.span().start,
                "`all = false` lists no runs; give `all = true` or a `list`",
            )),
            (None, Some(list)) if list.is_empty() => {
                Err(self.error(at, "`[runs]` has an empty `list`"))
            }
            (None, Some(list)) => {
                for entry in list {
                    for key in entry.get_ref().keys() {
                        if !names.contains(&key.as_str()) {
                            return Err(self.error(entry.span().start, unknown_param(key, &names)));
                        }
                    }
                }
                Ok(())
            }
            (Some(_), None) => Ok(()),
        }
    }

    /// The literal allowed values of `p`: each value, its label, and the
    /// byte offset where it is written.
    pub(crate) fn literal_values(
        &self,
        p: &ParamSpec,
        kind: ParamType,
        values: &Spanned<Vec<Spanned<toml::Value>>>,
    ) -> Result<Vec<(Value, Option<dossier_charts::Localized>, usize)>, ReportError> {
        let name = p.name.get_ref();
        if values.get_ref().is_empty() {
            return Err(self.error(
                values.span().start,
                format!("parameter `{name}` allows no values; list at least one"),
            ));
        }
        let mut out: Vec<(Value, Option<dossier_charts::Localized>, usize)> = Vec::new();
        for item in values.get_ref() {
            let at = item.span().start;
            let (raw, label) = match item.get_ref() {
                toml::Value::Table(t) => {
                    for key in t.keys() {
                        if key != "value" && key != "label" {
                            return Err(self.error(
                                at,
                                format!("unknown key `{key}` in a value of `{name}`; expected `value` and `label`"),
                            ));
                        }
                    }
                    let raw = t.get("value").ok_or_else(|| {
                        self.error(
                            at,
                            format!("a value of `{name}` written as a table needs `value`"),
                        )
                    })?;
                    let label = match t.get("label") {
                        None => None,
                        Some(l) => {
                            let mut label = dossier_charts::Localized::deserialize(l.clone())
                                .map_err(|e| {
                                    self.error(
                                        at,
                                        format!("the label of a value of `{name}`: {e}; expected a text per language"),
                                    )
                                })?;
                            label.offset = at;
                            if let Some(problem) = label.problem(&self.languages) {
                                return Err(self.error(
                                    at,
                                    format!("the label of a value of `{name}`: {problem}"),
                                ));
                            }
                            Some(label)
                        }
                    };
                    (raw, label)
                }
                other => (other, None),
            };
            let value = kind
                .from_toml(raw)
                .map_err(|m| self.error(at, format!("a value of `{name}`: {m}")))?;
            if out
                .iter()
                .any(|(v, _, _)| canonical(v) == canonical(&value))
            {
                return Err(self.error(
                    at,
                    format!(
                        "the value `{}` of `{name}` is listed twice",
                        canonical(&value)
                    ),
                ));
            }
            out.push((value, label, at));
        }
        let labelled = out.iter().filter(|(_, l, _)| l.is_some()).count();
        if labelled > 0 && labelled < out.len() {
            let at = out
                .iter()
                .find(|(_, l, _)| l.is_none())
                .map_or(values.span().start, |(_, _, at)| *at);
            return Err(self.error(
                at,
                format!("some values of `{name}` have a label and this one has none; give every value a label, or none"),
            ));
        }
        Ok(out)
    }
}

/// "unknown parameter `x`; did you mean `y`?", or that there are none.
pub fn unknown_param(name: &str, known: &[&str]) -> String {
    if known.is_empty() {
        return format!("unknown parameter `{name}`: this report declares no parameters");
    }
    let hint = dossier_core::closest(name, known.iter().copied())
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    format!(
        "unknown parameter `{name}`; the report declares {}{hint}",
        known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_from_text_and_toml() {
        assert_eq!(
            ParamType::Year.from_text("2005"),
            Ok(Value::Number(2005.into()))
        );
        assert!(ParamType::Year.from_text("20050").is_err());
        assert!(ParamType::Integer.from_text("1.5").is_err());
        assert_eq!(
            ParamType::Number.from_text("1.50").map(|v| canonical(&v)),
            Ok("1.5".to_string())
        );
        assert!(ParamType::Text.from_text("").is_err());
        assert_eq!(
            ParamType::Boolean.from_toml(&toml::Value::Boolean(true)),
            Ok(Value::Bool(true))
        );
        assert!(ParamType::Text
            .from_toml(&toml::Value::Integer(3))
            .unwrap_err()
            .contains("the integer 3 is not a string"));
        assert!(ParamType::Integer.accepts(&Value::Number(3.into())));
        assert!(!ParamType::Integer.accepts(&Value::Number(Decimal::new(15, 1))));
        assert!(!ParamType::Text.accepts(&Value::Number(3.into())));
    }

    #[test]
    fn names_are_formula_names() {
        for good in ["country", "_x", "year2"] {
            assert!(is_name(good), "{good}");
        }
        for bad in ["", "2x", "a.b", "a-b", "label x"] {
            assert!(!is_name(bad), "{bad}");
        }
        assert!(unknown_param("contry", &["country"]).contains("did you mean `country`"));
        assert!(unknown_param("x", &[]).contains("declares no parameters"));
    }
}
