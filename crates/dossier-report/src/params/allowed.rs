//! Parameters resolved against the data package: the allowed values of
//! each, written out or taken from a data set, with their labels per
//! language.

use dossier_core::package::{FieldType, Localized, Package};
use dossier_core::Value;
use dossier_lang::LanguageTag;

use super::declare::{canonical, ParamSpec, ParamType};
use crate::spec::Parsed;
use crate::ReportError;

/// One parameter, ready to take values.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub kind: ParamType,
    pub default: Option<Value>,
    /// The parameter's own name per language, if the spec gives one.
    pub label: Option<Localized>,
    /// The values it may take, in order; `None` when any value of its
    /// type is allowed.
    pub allowed: Option<Vec<Allowed>>,
    /// Byte offsets in `report.toml`: of its name, and of its allowed
    /// values (the name when there are none).
    pub at: usize,
    pub values_at: usize,
}

/// One allowed value.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub value: Value,
    /// The value as it names a run.
    pub text: String,
    pub label: Option<Localized>,
    /// The row of the data set it was taken from, whose label a run that
    /// takes it shows.
    pub row: Option<(String, usize)>,
}

/// Whether a parameter allows a value.
#[derive(Debug, Clone, Copy)]
pub enum Allowance<'a> {
    /// The parameter allows any value of its type.
    Free,
    /// It is this allowed value.
    Listed(&'a Allowed),
    /// It is none of the allowed values.
    Outside,
}

impl Param {
    /// Whether `value` is allowed, and as which allowed value.
    pub fn allows(&self, value: &Value) -> Allowance<'_> {
        match &self.allowed {
            None => Allowance::Free,
            Some(list) => {
                let text = canonical(value);
                list.iter()
                    .find(|a| a.text == text)
                    .map_or(Allowance::Outside, Allowance::Listed)
            }
        }
    }

    /// "one of `a`, `b`, … (60 in all)"; with the closest to `given`.
    pub fn allowed_list(&self, given: &str) -> String {
        let Some(list) = &self.allowed else {
            return String::new();
        };
        let shown: Vec<String> = list
            .iter()
            .take(8)
            .map(|a| format!("`{}`", a.text))
            .collect();
        let more = if list.len() > shown.len() {
            format!(", … ({} in all)", list.len())
        } else {
            String::new()
        };
        let hint = dossier_core::closest(given, list.iter().map(|a| a.text.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        format!("expected one of {}{more}{hint}", shown.join(", "))
    }
}

fn labels(l: &dossier_charts::Localized) -> Localized {
    Localized {
        texts: l
            .texts
            .iter()
            .filter_map(|(tag, text)| Some((LanguageTag::parse(tag).ok()?, text.clone())))
            .collect(),
        all: None,
    }
}

/// Every parameter of the report, its allowed values resolved against
/// `package`.
pub fn resolve(parsed: &Parsed, package: &Package) -> Result<Vec<Param>, ReportError> {
    let mut out = Vec::new();
    for p in &parsed.spec.params {
        out.push(resolve_one(parsed, p, package)?);
    }
    Ok(out)
}

fn resolve_one(parsed: &Parsed, p: &ParamSpec, package: &Package) -> Result<Param, ReportError> {
    let name = p.name.get_ref().clone();
    let kind = parsed.param_type(p)?;
    let at = p.name.span().start;
    let mut values_at = at;
    let allowed = match (&p.values, &p.values_from) {
        (Some(values), _) => {
            values_at = values.span().start;
            Some(
                parsed
                    .literal_values(p, kind, values)?
                    .into_iter()
                    .map(|(value, label, _)| Allowed {
                        text: canonical(&value),
                        value,
                        label: label.as_ref().map(labels),
                        row: None,
                    })
                    .collect(),
            )
        }
        (None, Some(from)) => {
            values_at = from.span().start;
            Some(from_data(parsed, &name, kind, from.get_ref(), package)?)
        }
        (None, None) => None,
    };
    let default = match &p.default {
        None => None,
        Some(d) => {
            let value = kind.from_toml(d.get_ref()).map_err(|m| {
                parsed.error(d.span().start, format!("the default of `{name}`: {m}"))
            })?;
            if let Some(list) = &allowed {
                let text = canonical(&value);
                if !list.iter().any(|a| a.text == text) {
                    let param = Param {
                        name: name.clone(),
                        kind,
                        default: None,
                        label: None,
                        allowed: allowed.clone(),
                        at,
                        values_at,
                    };
                    return Err(parsed.error(
                        d.span().start,
                        format!(
                            "the default `{text}` of `{name}` is not one of its allowed values; {}",
                            param.allowed_list(&text)
                        ),
                    ));
                }
            }
            Some(value)
        }
    };
    Ok(Param {
        name,
        kind,
        default,
        label: p.label.as_ref().map(|t| labels(&t.0)),
        allowed,
        at,
        values_at,
    })
}

/// The allowed values taken from a data set.
fn from_data(
    parsed: &Parsed,
    name: &str,
    kind: ParamType,
    from: &super::declare::ValuesFrom,
    package: &Package,
) -> Result<Vec<Allowed>, ReportError> {
    let data = from.data.get_ref();
    let res = package.resource(data).ok_or_else(|| {
        let hint = dossier_core::closest(data, package.resources.iter().map(|r| r.name.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        parsed.error(
            from.data.span().start,
            format!("the values of `{name}` come from the unknown data set `{data}`{hint}"),
        )
    })?;
    let field = |f: &crate::spec::Located| {
        res.field(f.get_ref()).ok_or_else(|| {
            let hint = dossier_core::closest(
                f.get_ref(),
                res.schema.fields.iter().map(|x| x.name.as_str()),
            )
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
            parsed.error(
                f.span().start,
                format!(
                    "`{}` is not a field of the data set `{data}`{hint}",
                    f.get_ref()
                ),
            )
        })
    };
    let (key, key_field) = field(&from.key)?;
    let label = match &from.label {
        None => None,
        Some(l) => {
            let (i, f) = field(l)?;
            if !matches!(f.field_type, FieldType::Localized | FieldType::String) {
                return Err(parsed.error(
                    l.span().start,
                    format!(
                        "the labels of `{name}` come from `{}`, which is not a text field (localized or string)",
                        l.get_ref()
                    ),
                ));
            }
            Some((i, f.field_type))
        }
    };
    let mut out: Vec<Allowed> = Vec::new();
    for (r, row) in res.rows.iter().enumerate() {
        let Some(value) = row.values.get(key) else {
            continue;
        };
        if value.is_missing() {
            continue;
        }
        if !kind.accepts(value) {
            return Err(parsed.error(
                from.key.span().start,
                format!(
                    "the values of `{name}` are {}s, but field `{}` of `{data}` holds {} (line {} of {})",
                    kind.name(),
                    key_field.name,
                    value.kind(),
                    row.line,
                    res.path.display()
                ),
            ));
        }
        let text = canonical(value);
        if out.iter().any(|a| a.text == text) {
            continue;
        }
        let label = label.and_then(|(i, t)| match t {
            FieldType::Localized => row.texts.get(i).cloned().flatten(),
            _ => row
                .values
                .get(i)
                .and_then(|v| v.as_text())
                .map(Localized::plain),
        });
        out.push(Allowed {
            value: value.clone(),
            text,
            label,
            row: Some((res.name.clone(), r)),
        });
    }
    if out.is_empty() {
        return Err(parsed.error(
            from.data.span().start,
            format!("the data set `{data}` gives `{name}` no values"),
        ));
    }
    Ok(out)
}
