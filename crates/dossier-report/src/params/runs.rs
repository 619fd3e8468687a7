//! Runs: which values a build gives the parameters (from the command line,
//! every allowed combination, or the spec's `[runs]` manifest), each
//! checked against its parameter, and the output folder each run is
//! named by.

use dossier_core::package::Localized;
use dossier_core::Value;

use super::allowed::{Allowance, Param};
use super::declare::{canonical, unknown_param};
use crate::spec::Parsed;
use crate::ReportError;

/// Which runs to make.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// What the report says: its `[runs]` manifest, else one run with
    /// every parameter at its default.
    #[default]
    Configured,
    /// Every combination of the allowed values (`--all-params`).
    All,
    /// One run with these values (`--param NAME=VALUE`, repeatable); the
    /// parameters not given take their defaults.
    Given(Vec<(String, String)>),
}

impl Selection {
    /// Whether the runs selected are all the runs the report is built
    /// in, so that the folders of runs outside them are stale.
    pub fn is_complete(&self) -> bool {
        !matches!(self, Selection::Given(_))
    }
}

/// Parses `NAME=VALUE` as given to `--param`.
pub fn parse_assignment(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!(
            "expected NAME=VALUE, e.g. country=NO; found {text:?}"
        )),
    }
}

/// One parameter's value in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunValue {
    pub name: String,
    pub value: Value,
    /// The value as it names the run.
    pub text: String,
    /// Its label per language, when its allowed values have labels.
    pub label: Option<Localized>,
    /// The data set row the value was taken from, if any.
    pub row: Option<(String, usize)>,
}

/// One run of a report: the values of its parameters, in the order they
/// are declared, and the name of its output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub values: Vec<RunValue>,
    /// The output folder (and the stem of the editions' names): the
    /// report id, then each value made safe ([`dossier_outputs::name::run`]).
    pub folder: String,
    /// The byte offset in `report.toml` of what asks for the run (a
    /// manifest entry, or the first parameter).
    pub at: usize,
}

impl Run {
    /// The run of a report without parameters: its folder is its id.
    pub fn plain(id: &str) -> Run {
        Run {
            values: Vec::new(),
            folder: id.to_string(),
            at: 0,
        }
    }

    /// `country=NO, year=2005`.
    pub fn describe(&self) -> String {
        self.values
            .iter()
            .map(|v| format!("{}={}", v.name, v.text))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The values as `param.NAME` gives them to formulas.
    pub fn params(&self) -> dossier_core::evaluate::Params {
        self.values
            .iter()
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<&RunValue> {
        self.values.iter().find(|v| v.name == name)
    }
}

/// The runs `selection` makes of a report with `params`.
pub fn select(
    parsed: &Parsed,
    params: &[Param],
    selection: &Selection,
) -> Result<Vec<Run>, ReportError> {
    let id = &parsed.spec.id;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let first_at = params.first().map_or_else(
        || crate::spec::top_level_offset(&parsed.text, "id"),
        |p| p.at,
    );
    if params.is_empty() {
        return match selection {
            Selection::Given(given) => match given.first() {
                Some((name, _)) => Err(parsed.error(
                    first_at,
                    format!("--param {name}=…: {}", unknown_param(name, &[])),
                )),
                None => Ok(vec![Run::plain(id)]),
            },
            _ => Ok(vec![Run::plain(id)]),
        };
    }
    match selection {
        Selection::Given(given) => {
            for (name, _) in given {
                if !names.contains(&name.as_str()) {
                    return Err(parsed.error(
                        first_at,
                        format!("--param {name}=…: {}", unknown_param(name, &names)),
                    ));
                }
            }
            let mut values = Vec::new();
            for p in params {
                let written: Vec<&String> = given
                    .iter()
                    .filter(|(n, _)| n == &p.name)
                    .map(|(_, v)| v)
                    .collect();
                let value = match written.as_slice() {
                    [] => default(parsed, p, "--param")?,
                    [one] => {
                        let value = p.kind.from_text(one).map_err(|m| {
                            parsed.error(p.at, format!("--param {}={one}: {m}", p.name))
                        })?;
                        bind(parsed, p, value, &format!("--param {}={one}", p.name))?
                    }
                    _ => {
                        return Err(parsed
                            .error(p.at, format!("--param gives `{}` more than once", p.name)))
                    }
                };
                values.push(value);
            }
            Ok(vec![named(parsed, values, first_at)?])
        }
        Selection::All => all(parsed, params, first_at),
        Selection::Configured => match &parsed.spec.runs {
            Some(runs) if runs.all.is_some() => all(parsed, params, first_at),
            Some(runs) => {
                let mut out = Vec::new();
                for entry in runs.list.iter().flatten() {
                    let at = entry.span().start;
                    let mut values = Vec::new();
                    for p in params {
                        let value = match entry.get_ref().get(&p.name) {
                            None => default(parsed, p, "a run of `[runs]`")?,
                            Some(v) => {
                                let value = p.kind.from_toml(v).map_err(|m| {
                                    parsed.error(at, format!("`{}` of this run: {m}", p.name))
                                })?;
                                bind_at(parsed, p, value, "this run", at)?
                            }
                        };
                        values.push(value);
                    }
                    out.push(named(parsed, values, at)?);
                }
                Ok(out)
            }
            None => {
                let values = params
                    .iter()
                    .map(|p| default(parsed, p, "a build without --param"))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(vec![named(parsed, values, first_at)?])
            }
        },
    }
}

/// The default of `p`, or an error saying how to give a value.
fn default(parsed: &Parsed, p: &Param, what: &str) -> Result<RunValue, ReportError> {
    match &p.default {
        Some(v) => bind(parsed, p, v.clone(), "the default"),
        None => Err(parsed.error(
            p.at,
            format!(
                "{what} needs a value of `{}`, which has no default; give `--param {}=VALUE`, `--all-params`, a `default` or a `[runs]` manifest",
                p.name, p.name
            ),
        )),
    }
}

fn bind(parsed: &Parsed, p: &Param, value: Value, what: &str) -> Result<RunValue, ReportError> {
    bind_at(parsed, p, value, what, p.values_at)
}

/// `value` as the value of `p`, checked against its allowed values; an
/// error points at `at`.
fn bind_at(
    parsed: &Parsed,
    p: &Param,
    value: Value,
    what: &str,
    at: usize,
) -> Result<RunValue, ReportError> {
    let text = canonical(&value);
    let allowed = match p.allows(&value) {
        Allowance::Free => None,
        Allowance::Listed(a) => Some(a),
        Allowance::Outside => {
            return Err(parsed.error(
                at,
                format!(
                    "{what}: `{text}` is not an allowed value of `{}`; {}",
                    p.name,
                    p.allowed_list(&text)
                ),
            ))
        }
    };
    Ok(RunValue {
        name: p.name.clone(),
        label: allowed.and_then(|a| a.label.clone()),
        row: allowed.and_then(|a| a.row.clone()),
        value,
        text,
    })
}

/// Every combination of the allowed values, the first parameter
/// changing slowest.
fn all(parsed: &Parsed, params: &[Param], at: usize) -> Result<Vec<Run>, ReportError> {
    let mut combos: Vec<Vec<RunValue>> = vec![Vec::new()];
    for p in params {
        let Some(list) = &p.allowed else {
            return Err(parsed.error(
                p.at,
                format!(
                    "every run needs the allowed values of `{}`: give it `values` or `values_from`",
                    p.name
                ),
            ));
        };
        let mut next = Vec::with_capacity(combos.len() * list.len());
        for combo in &combos {
            for a in list {
                let mut c = combo.clone();
                c.push(RunValue {
                    name: p.name.clone(),
                    value: a.value.clone(),
                    text: a.text.clone(),
                    label: a.label.clone(),
                    row: a.row.clone(),
                });
                next.push(c);
            }
        }
        combos = next;
    }
    combos
        .into_iter()
        .map(|values| named(parsed, values, at))
        .collect()
}

/// A run named after its values.
fn named(parsed: &Parsed, values: Vec<RunValue>, at: usize) -> Result<Run, ReportError> {
    let id = &parsed.spec.id;
    let texts: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
    let folder = dossier_outputs::name::run(id, &texts).map_err(|problem| {
        let shown = values
            .iter()
            .map(|v| format!("{}={}", v.name, v.text))
            .collect::<Vec<_>>()
            .join(", ");
        parsed.error(
            at,
            format!(
                "the output folder of the run `{}` {problem}",
                shown.escape_debug()
            ),
        )
    })?;
    Ok(Run { values, folder, at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_parse() {
        assert_eq!(
            parse_assignment("country=NO"),
            Ok(("country".into(), "NO".into()))
        );
        assert_eq!(parse_assignment("x=a=b"), Ok(("x".into(), "a=b".into())));
        assert!(parse_assignment("country").is_err());
        assert!(parse_assignment("=NO").is_err());
    }
}
