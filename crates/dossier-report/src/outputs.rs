//! The output plan of one report: every file its build writes, named by
//! dossier-outputs from the spec alone, with the line of `report.toml`
//! that asks for each, so that a collision points at both lines.

use std::path::Path;

use dossier_outputs::{FolderPlan, Format, Origin};

use crate::error::locate;
use crate::params::Run;
use crate::spec::{BlockKind, Parsed};
use crate::ReportError;

/// Plans the outputs of the report whose spec `spec` was read from
/// `spec_path` (its text `text`): for each language, the edition in each
/// asked-for edition format, and each chart it places in each asked-for
/// picture format, plus the build record.
pub fn plan(
    parsed: &Parsed,
    langs: &[String],
    formats: &[Format],
) -> Result<FolderPlan, ReportError> {
    plan_run(parsed, &Run::plain(&parsed.spec.id), langs, formats)
}

/// As [`plan`], for one run of the report: its folder and the stem of its
/// editions' names are the run's folder name (the report id for a report
/// without parameters), asked for by what asks for the run.
pub fn plan_run(
    parsed: &Parsed,
    run: &Run,
    langs: &[String],
    formats: &[Format],
) -> Result<FolderPlan, ReportError> {
    let spec = &parsed.spec;
    let text = parsed.text.as_str();
    let spec_path: &Path = &parsed.path;
    let origin = |what: String, (line, column): (usize, usize)| Origin {
        what,
        path: spec_path.to_path_buf(),
        line,
        column,
    };
    let (name, what, id_at) = if run.values.is_empty() {
        (
            spec.id.as_str(),
            format!("report `{}`", spec.id),
            top_level_key(text, "id"),
        )
    } else {
        (
            run.folder.as_str(),
            format!(
                "run `{}` of report `{}`",
                run.describe().escape_debug(),
                spec.id
            ),
            locate(text, run.at),
        )
    };
    let mut plan = FolderPlan::new(name, origin(what.clone(), id_at))?;
    let charts: Vec<&Path> = parsed
        .all_sections()
        .flat_map(|(s, _)| &s.blocks)
        .filter_map(|b| match b.get_ref().kind() {
            Some(BlockKind::Chart(path)) => Some(path),
            _ => None,
        })
        .collect();
    for code in langs {
        let code = code.as_str();
        for &format in formats {
            match format {
                Format::Pdf | Format::Html => plan.edition(
                    name,
                    code,
                    format,
                    origin(
                        format!("the {code} {} edition of {what}", format.ext()),
                        id_at,
                    ),
                )?,
                Format::Png | Format::Svg => {
                    for chart in &charts {
                        let written = chart.to_string_lossy();
                        // Escaped, so that a newline or a direction mark in
                        // a file name cannot forge lines of a CI log.
                        let what = format!("chart `{}`", written.escape_debug());
                        plan.chart(chart, code, format, origin(what, quoted(text, &written)))?;
                    }
                }
            }
        }
    }
    Ok(plan)
}

/// Where the top-level `key = ...` of a TOML text is (before any table
/// header), as 1-based line and column; `(0, 0)` when it is not there.
fn top_level_key(text: &str, key: &str) -> (usize, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return locate(text, offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    (0, 0)
}

/// Where the string `value` is first written as a quoted TOML string.
fn quoted(text: &str, value: &str) -> (usize, usize) {
    for q in ['"', '\''] {
        if let Some(i) = text.find(&format!("{q}{value}{q}")) {
            return locate(text, i + 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_strings_are_found_where_written() {
        let text = "# id = \"no\"\n[x]\n";
        assert_eq!(top_level_key(text, "id"), (0, 0), "comments are not keys");
        let text = "title = 1\n  id = \"r\"\n[[section]]\nid = \"s\"\n";
        assert_eq!(top_level_key(text, "id"), (2, 3));
        let text = "blocks = [{ chart = 'charts/a.toml' }]\n";
        assert_eq!(quoted(text, "charts/a.toml"), (1, 22));
        assert_eq!(quoted(text, "charts/b.toml"), (0, 0));
    }
}
