//! `dossier new NAME`: a new report folder that builds at once, written
//! from the templates under `templates/new/` (compiled in).
//!
//! Without `--data` it is a complete example: one declared data set that
//! quotes a source document, figures, a table view, a chart placed as a
//! figure, a checked claim, and a prose file per language, every file
//! commented so that it teaches the format. Its library and figures are
//! invented, and say so. With `--data DIR` the report reads an existing
//! data package instead: its first data set with a one-field key and a
//! number field gives the table, the chart and the figures, and its claims
//! the data notes. Nothing is ever overwritten: the folder must not exist,
//! and every file is created new.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use clap::Args;
use dossier_core::package::{self, Field, FieldType, LoadOptions, Localized, Package, Resource};
use dossier_core::{Lang, Limits, Sandbox};
use dossier_lang::LanguageTag;

/// `dossier new`'s arguments.
#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// The report folder to create; its name is the report's id.
    pub name: PathBuf,
    /// Languages of the report, e.g. `en,fa` (a prose file is written for each).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    pub lang: Vec<String>,
    /// Read this existing data package (a folder with a datapackage.toml)
    /// instead of writing an example one.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// A template: where its text goes in the new folder, and the text.
type Template = (&'static str, &'static str);

macro_rules! template {
    ($path:literal) => {
        include_str!(concat!("../templates/new/", $path))
    };
}

const README: &str = template!("README.md");

/// The example report.
const EXAMPLE: &[Template] = &[
    ("report.toml", template!("example/report.toml")),
    (
        "charts/visits.toml",
        template!("example/charts/visits.toml"),
    ),
    (
        "data/datapackage.toml",
        template!("example/data/datapackage.toml"),
    ),
    ("data/library.csv", template!("example/data/library.csv")),
    ("data/claims.toml", template!("example/data/claims.toml")),
    (
        "data/sources/library-note.txt",
        template!("example/data/sources/library-note.txt"),
    ),
];

/// A report on an existing data package.
const FROM_DATA: &[Template] = &[
    ("report.toml", template!("from-data/report.toml")),
    (
        "charts/overview.toml",
        template!("from-data/charts/overview.toml"),
    ),
];

/// The texts of each language the templates are written in, by tag.
const TEXTS: &[Template] = &[
    ("ar", template!("texts/ar.toml")),
    ("en", template!("texts/en.toml")),
    ("es", template!("texts/es.toml")),
    ("fa", template!("texts/fa.toml")),
];

/// The prose of the example, by tag.
const EXAMPLE_PROSE: &[Template] = &[
    ("ar", template!("prose/visits.ar.md")),
    ("en", template!("prose/visits.en.md")),
    ("es", template!("prose/visits.es.md")),
    ("fa", template!("prose/visits.fa.md")),
];

/// The prose of a report on an existing package, by tag.
const DATA_PROSE: &[Template] = &[
    ("ar", template!("prose/overview.ar.md")),
    ("en", template!("prose/overview.en.md")),
    ("es", template!("prose/overview.es.md")),
    ("fa", template!("prose/overview.fa.md")),
];

/// One language of the new report: its tag as asked, and the tag of the
/// template texts that serve it (`es` for `es-CL`).
struct Language {
    tag: String,
    texts: &'static str,
    words: BTreeMap<String, String>,
}

/// A file to write: its path inside the folder, and its text.
pub struct NewFile {
    pub path: String,
    pub text: String,
}

/// Writes the new report folder and says what to do next.
pub fn run(args: NewArgs, quiet: bool) -> Result<(), String> {
    let dir = &args.name;
    let id = report_id(dir)?;
    let langs = languages(&args.lang)?;
    let mut notes = Vec::new();
    let files = match &args.data {
        None => example(&id, dir, &langs)?,
        Some(data) => {
            let (files, note) = from_data(&id, dir, data, &langs)?;
            notes.extend(note);
            files
        }
    };
    write_folder(dir, &files)?;
    if !quiet {
        outln!(
            "wrote {} ({} files): build it with `dossier build {}`, or `dossier watch {}` while you write",
            dir.display(),
            files.len(),
            dir.display(),
            dir.display()
        );
        for note in notes {
            outln!("note: {note}");
        }
    }
    Ok(())
}

/// The report's id: the folder's name, which must be a plain name since it
/// names the output folder and files.
fn report_id(dir: &Path) -> Result<String, String> {
    let name = dir
        .components()
        .next_back()
        .and_then(|c| match c {
            Component::Normal(n) => n.to_str(),
            _ => None,
        })
        .ok_or_else(|| {
            format!(
                "{}: expected the path of a new folder, ending in its name",
                dir.display()
            )
        })?;
    let plain = !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        return Err(format!(
            "{}: the folder's name `{name}` is the report's id, and must be letters, digits, `-`, `_` or `.`, not starting with `.`",
            dir.display()
        ));
    }
    dossier_outputs::name::check_folder(name)
        .map_err(|p| format!("{}: the report id `{name}` {p}", dir.display()))?;
    Ok(name.to_string())
}

/// The languages asked for, each with the template texts that serve it.
fn languages(asked: &[String]) -> Result<Vec<Language>, String> {
    let mut out: Vec<Language> = Vec::new();
    for text in asked {
        let tag = LanguageTag::parse(text.trim())
            .map_err(|e| format!("--lang: `{text}` is not a language tag: {e}"))?;
        Lang::parse(&tag.to_string()).map_err(|e| format!("--lang: {e}"))?;
        let code = tag.to_string();
        if out.iter().any(|l| l.tag.eq_ignore_ascii_case(&code)) {
            return Err(format!("--lang: `{code}` is given twice"));
        }
        let (texts, source) = tag
            .fallbacks()
            .iter()
            .find_map(|t| {
                let t = t.to_string();
                TEXTS.iter().find(|(l, _)| *l == t).copied()
            })
            .ok_or_else(|| {
                format!(
                    "--lang: dossier new has no template texts for `{code}`; it writes {}",
                    TEXTS.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", ")
                )
            })?;
        let words = parse_texts(texts, source)?;
        out.push(Language {
            tag: code,
            texts,
            words,
        });
    }
    if out.is_empty() {
        return Err("--lang: expected at least one language".into());
    }
    Ok(out)
}

/// The texts file of one language: `key = "text"` lines.
fn parse_texts(lang: &str, text: &str) -> Result<BTreeMap<String, String>, String> {
    toml::from_str(text).map_err(|e| format!("the template texts for `{lang}`: {e}"))
}

/// The example report's files.
fn example(id: &str, dir: &Path, langs: &[Language]) -> Result<Vec<NewFile>, String> {
    let mut values = common(id, dir, langs);
    values.insert("data_rows".into(), EXAMPLE_DATA_ROWS.into());
    let mut files = Vec::new();
    for (path, template) in EXAMPLE {
        files.push(NewFile {
            path: path.to_string(),
            text: fill(path, template, &values, langs, &BTreeMap::new())?,
        });
    }
    for (i, lang) in langs.iter().enumerate() {
        files.push(NewFile {
            path: format!("prose/visits.{}.md", lang.tag),
            text: prose(EXAMPLE_PROSE, lang, i, &BTreeMap::new())?,
        });
    }
    files.push(NewFile {
        path: "README.md".into(),
        text: fill("README.md", README, &values, langs, &BTreeMap::new())?,
    });
    Ok(files)
}

const EXAMPLE_DATA_ROWS: &str = "\
| `data/datapackage.toml` | the data package: data sets, fields, sources, and where each row comes from |
| `data/library.csv` | the data set (invented figures, an example) |
| `data/claims.toml` | what the source states, with the formula that checks it |
| `data/sources/library-note.txt` | the source document the rows quote (an invented example) |";

/// The values every template may use.
fn common(id: &str, dir: &Path, langs: &[Language]) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    values.insert("id".into(), id.to_string());
    values.insert("path".into(), dir.display().to_string());
    values.insert("date".into(), today());
    values.insert(
        "languages".into(),
        format!(
            "[{}]",
            langs
                .iter()
                .map(|l| toml_string(&l.tag))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    values
}

/// Fills the `@@key@@` slots of `template`: a value of `values`, else the
/// key's text in every language as `{ en = "…", fa = "…" }`, with the
/// `@name@` slots of each text filled from `names` (per language).
fn fill(
    what: &str,
    template: &str,
    values: &BTreeMap<String, String>,
    langs: &[Language],
    names: &BTreeMap<&str, Vec<String>>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 512);
    let mut rest = template;
    while let Some(start) = rest.find("@@") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("@@")
            .ok_or_else(|| format!("the template {what} has an unclosed @@ slot"))?;
        let key = &after[..end];
        match values.get(key) {
            Some(v) => out.push_str(v),
            None => out.push_str(&localized(what, key, langs, names)?),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `{ en = "…", fa = "…" }` for the texts of `key`.
fn localized(
    what: &str,
    key: &str,
    langs: &[Language],
    names: &BTreeMap<&str, Vec<String>>,
) -> Result<String, String> {
    let mut parts = Vec::new();
    for (i, lang) in langs.iter().enumerate() {
        let text = lang.words.get(key).ok_or_else(|| {
            format!(
                "the template {what} uses `{key}`, which the texts for `{}` lack",
                lang.texts
            )
        })?;
        let text = fill_names(text, names, i, Escape::Reference);
        parts.push(format!("{} = {}", lang.tag, toml_string(&text)));
    }
    Ok(format!("{{ {} }}", parts.join(", ")))
}

/// How a name put into a text is escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// In a text of the spec: braces doubled, so that the reference
    /// grammar reads them as braces.
    Reference,
    /// In Markdown prose: braces doubled and Markdown's own marks escaped.
    Markdown,
}

/// Fills the `@name@` slots of `text` with the names of language `i`.
fn fill_names(text: &str, names: &BTreeMap<&str, Vec<String>>, i: usize, how: Escape) -> String {
    let mut out = text.to_string();
    for (key, per_lang) in names {
        if let Some(name) = per_lang.get(i) {
            let mut escaped = String::new();
            for c in name.chars() {
                match c {
                    '{' => escaped.push_str("{{"),
                    '}' => escaped.push_str("}}"),
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
                        if how == Escape::Markdown =>
                    {
                        escaped.push('\\');
                        escaped.push(c);
                    }
                    c => escaped.push(c),
                }
            }
            out = out.replace(&format!("@{key}@"), &escaped);
        }
    }
    out
}

/// The prose of `lang`, the `i`-th language, from `sources`.
fn prose(
    sources: &[Template],
    lang: &Language,
    i: usize,
    names: &BTreeMap<&str, Vec<String>>,
) -> Result<String, String> {
    let (_, text) = sources
        .iter()
        .find(|(l, _)| *l == lang.texts)
        .ok_or_else(|| format!("no template prose for `{}`", lang.texts))?;
    Ok(fill_names(text, names, i, Escape::Markdown))
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A report on the package in `data`: its files, and a note when a build
/// will need `--root` to read the package.
fn from_data(
    id: &str,
    dir: &Path,
    data: &Path,
    langs: &[Language],
) -> Result<(Vec<NewFile>, Option<String>), String> {
    let tags: Vec<LanguageTag> = langs
        .iter()
        .filter_map(|l| LanguageTag::parse(&l.tag).ok())
        .collect();
    let sandbox = Sandbox::unconfined(Limits::default());
    let package =
        package::load(data, &sandbox, &LoadOptions { languages: tags }).map_err(|errors| {
            let mut message = format!(
                "{}: the data package does not load for the languages {}:",
                data.display(),
                langs
                    .iter()
                    .map(|l| l.tag.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for e in errors.iter().take(10) {
                message.push_str(&format!("\n  {e}"));
            }
            message
        })?;
    let shape = pick(&package).ok_or_else(|| {
        format!(
            "{}: no data set of the package has what the new report's table and chart need: a primary key of one field (or of two, one of them a category), and a number field besides it",
            data.display()
        )
    })?;
    let (resource, key, value) = (shape.resource, shape.category, shape.value);
    let relative = relative_to(dir, data)?;
    let mut values = common(id, dir, langs);
    values.insert("data".into(), toml_escape_inner(&relative));
    values.insert("data_set".into(), resource.name.clone());
    values.insert("key".into(), key.name.clone());
    values.insert("value".into(), value.name.clone());
    values.insert(
        "family".into(),
        std::iter::once("value".to_string())
            .chain(shape.keys.iter().map(|k| format!("{{{}}}", k.name)))
            .collect::<Vec<_>>()
            .join("."),
    );
    values.insert(
        "sort".into(),
        shape
            .keys
            .iter()
            .map(|k| toml_string(&k.name))
            .collect::<Vec<_>>()
            .join(", "),
    );
    values.insert(
        "columns".into(),
        shape
            .keys
            .iter()
            .chain([&value])
            .map(|f| format!("\n[[table.column]]\nfield = {}\n", toml_string(&f.name)))
            .collect(),
    );
    values.insert(
        "chart_kind".into(),
        if key.field_type == FieldType::Year {
            "line"
        } else {
            "horizontal-bar"
        }
        .into(),
    );
    values.insert(
        "notes_blocks".into(),
        if package.claims.is_empty() {
            "{ table = \"sources\" }".into()
        } else {
            "{ table = \"claims\" }, { table = \"sources\" }".into()
        },
    );
    values.insert(
        "data_rows".into(),
        format!(
            "| `{}` | the data package this report reads; `dossier new` left it as it was |",
            relative
        ),
    );
    let in_lang = |text: &Option<Localized>, fallback: &str| -> Vec<String> {
        langs
            .iter()
            .map(|l| {
                LanguageTag::parse(&l.tag)
                    .ok()
                    .and_then(|t| text.as_ref().and_then(|x| x.get(&t)).map(str::to_string))
                    .unwrap_or_else(|| fallback.to_string())
            })
            .collect()
    };
    let value_names = in_lang(&value.title, &value.name);
    values.insert(
        "series".into(),
        match shape.series_by {
            Some(by) => format!(
                "# One series per value of a category field, named by its labels:\nseries_by = {}\nvalue = {}\n",
                toml_string(&by.name),
                toml_string(&value.name)
            ),
            None => format!(
                "\n# One series per column; `series_by = \"FIELD\"` with `value = \"FIELD\"`\n# makes one series per category value instead.\n[[series]]\ncolumn = {}\nname = {{ {} }}\n",
                toml_string(&value.name),
                langs
                    .iter()
                    .zip(&value_names)
                    .map(|(l, n)| format!("{} = {}", l.tag, toml_string(n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    );
    let mut names: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    names.insert("data_set", in_lang(&resource.title, &resource.name));
    names.insert("value_field", value_names);
    names.insert("key_field", in_lang(&key.title, &key.name));
    let mut files = Vec::new();
    for (path, template) in FROM_DATA {
        files.push(NewFile {
            path: path.to_string(),
            text: fill(path, template, &values, langs, &names)?,
        });
    }
    for (i, lang) in langs.iter().enumerate() {
        files.push(NewFile {
            path: format!("prose/overview.{}.md", lang.tag),
            text: prose(DATA_PROSE, lang, i, &names)?,
        });
    }
    files.push(NewFile {
        path: "README.md".into(),
        text: fill("README.md", README, &values, langs, &names)?,
    });
    let note = (!readable(dir, data)).then(|| {
        format!(
            "a build reads only the report's folder and the project's data/ (the nearest data/ holding sources/ above it); {} is neither, so build with `--root {}`",
            data.display(),
            data.display()
        )
    });
    Ok((files, note))
}

/// Whether a build of the report in `dir` finds the package in `data`
/// without `--root`: it is in the project's data folder.
fn readable(dir: &Path, data: &Path) -> bool {
    let Ok(data) = std::fs::canonicalize(data) else {
        return false;
    };
    let Some(parent) = absolute_parent(dir) else {
        return false;
    };
    // The folder does not exist yet: look from its parent, as a build
    // would from the folder itself.
    let project = parent
        .ancestors()
        .map(|a| a.join("data"))
        .find(|d| d.join("sources").is_dir())
        .and_then(|d| std::fs::canonicalize(d).ok());
    project.is_some_and(|p| data == p || data.starts_with(&p))
}

/// The parent of the new folder, resolved (it exists once the folder is
/// being made; before, the nearest existing ancestor stands for it).
fn absolute_parent(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    let parent = abs.parent()?.to_path_buf();
    let existing = parent.ancestors().find(|a| a.exists())?;
    let rest = parent.strip_prefix(existing).ok()?;
    Some(std::fs::canonicalize(existing).ok()?.join(rest))
}

/// `data` relative to the new folder `dir`, with `/` separators.
fn relative_to(dir: &Path, data: &Path) -> Result<String, String> {
    let data_abs = std::fs::canonicalize(data)
        .map_err(|e| format!("{}: cannot open the data folder: {e}", data.display()))?;
    let parent = absolute_parent(dir)
        .ok_or_else(|| format!("{}: cannot resolve the folder's parent", dir.display()))?;
    let name = dir
        .file_name()
        .ok_or_else(|| format!("{}: expected a folder name", dir.display()))?;
    let here = parent.join(name);
    let common = here
        .components()
        .zip(data_abs.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in here.components().skip(common) {
        parts.push("..".into());
    }
    for c in data_abs.components().skip(common) {
        let s = c.as_os_str().to_str().ok_or_else(|| {
            format!(
                "{}: the data folder's path is not UTF-8, which report.toml cannot hold",
                data.display()
            )
        })?;
        parts.push(s.to_string());
    }
    Ok(if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    })
}

/// `text` escaped for the inside of a TOML basic string.
fn toml_escape_inner(text: &str) -> String {
    let quoted = toml_string(text);
    quoted[1..quoted.len() - 1].to_string()
}

/// What a report on an existing package shows: a data set, the fields of
/// its key, the one the chart's categories come from, the one that splits
/// it into series (for a key of two fields), and the number drawn.
struct Shape<'a> {
    resource: &'a Resource,
    keys: Vec<&'a Field>,
    category: &'a Field,
    series_by: Option<&'a Field>,
    value: &'a Field,
}

/// The package's first data set that a table and a chart can show: a
/// primary key of one field, or of two of which one is a category (its
/// values give the series), and a number field besides the key.
fn pick(package: &Package) -> Option<Shape<'_>> {
    package.resources.iter().find_map(|r| {
        let field = |i: &usize| r.schema.fields.get(*i);
        let keys: Vec<&Field> = r.schema.primary_key.iter().filter_map(field).collect();
        let value = r.schema.fields.iter().enumerate().find_map(|(i, f)| {
            (!r.schema.primary_key.contains(&i)
                && matches!(f.field_type, FieldType::Integer | FieldType::Number))
            .then_some(f)
        })?;
        let (category, series_by) = match keys.as_slice() {
            [k] => (*k, None),
            [a, b] => {
                let is_series =
                    |f: &Field| f.field_type == FieldType::String && !f.categories.is_empty();
                let (category, series) = if a.field_type == FieldType::Year || is_series(b) {
                    (*a, *b)
                } else {
                    (*b, *a)
                };
                if !is_series(series) {
                    return None;
                }
                (category, Some(series))
            }
            _ => return None,
        };
        Some(Shape {
            resource: r,
            keys,
            category,
            series_by,
            value,
        })
    })
}

/// Today's date as YYYY-MM-DD (UTC), or that of `SOURCE_DATE_EPOCH`, so
/// that the same inputs make the same folder.
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The Gregorian date of day `z` since 1970-01-01 (Howard Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Creates `dir` and every file in it. The folder must not exist (not even
/// empty), and every file is created new, so nothing is ever overwritten;
/// on a failure, what was created is removed again.
pub fn write_folder(dir: &Path, files: &[NewFile]) -> Result<(), String> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create the folder: {e}", parent.display()))?;
    }
    std::fs::create_dir(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "{}: already exists; dossier new makes a new folder and never writes into one that is there",
            dir.display()
        ),
        _ => format!("{}: cannot create the folder: {e}", dir.display()),
    })?;
    let written = files.iter().try_for_each(|f| write_new(dir, f));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
    written
}

fn write_new(dir: &Path, file: &NewFile) -> Result<(), String> {
    let path = dir.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create the folder: {e}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(file.text.as_bytes()))
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(tags: &[&str]) -> Vec<Language> {
        languages(&tags.iter().map(|t| t.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn every_shipped_language_has_texts_and_prose() {
        for lang in dossier_lang::shipped_languages() {
            assert!(TEXTS.iter().any(|(l, _)| *l == lang), "texts for {lang}");
            assert!(EXAMPLE_PROSE.iter().any(|(l, _)| *l == lang), "{lang}");
            assert!(DATA_PROSE.iter().any(|(l, _)| *l == lang), "{lang}");
        }
        let en = parse_texts("en", TEXTS[1].1).unwrap();
        for (lang, text) in TEXTS {
            let words = parse_texts(lang, text).unwrap();
            let keys: Vec<_> = words.keys().collect();
            assert_eq!(keys, en.keys().collect::<Vec<_>>(), "{lang}: the same keys");
        }
    }

    #[test]
    fn every_slot_is_filled_in_every_language() {
        let all = langs(&["en", "fa", "es-CL", "ar"]);
        let files = example("r", Path::new("reports/r"), &all).unwrap();
        for f in &files {
            assert!(!f.text.contains("@@"), "{}: {}", f.path, f.text);
        }
        let report = &files.iter().find(|f| f.path == "report.toml").unwrap().text;
        assert!(report.contains("languages = [\"en\", \"fa\", \"es-CL\", \"ar\"]"));
        assert!(report.contains("title = { en = \"Library visits\", fa = "));
        assert!(report.contains("es-CL = \"Visitas a la biblioteca\""));
        assert!(files.iter().any(|f| f.path == "prose/visits.es-CL.md"));
    }

    #[test]
    fn ids_and_languages_are_checked() {
        assert_eq!(
            report_id(Path::new("reports/my-report")).unwrap(),
            "my-report"
        );
        for bad in [".hidden", "a b", "x/..", "/"] {
            assert!(report_id(Path::new(bad)).is_err(), "{bad}");
        }
        let e = languages(&["en".into(), "en".into()]).err().unwrap();
        assert!(e.contains("twice"), "{e}");
        assert!(languages(&["xx-!".into()]).is_err());
    }

    #[test]
    fn names_are_escaped_where_they_land() {
        let mut names = BTreeMap::new();
        names.insert("n", vec!["a{b}_*c".to_string()]);
        assert_eq!(fill_names("@n@", &names, 0, Escape::Reference), "a{{b}}_*c");
        assert_eq!(
            fill_names("@n@", &names, 0, Escape::Markdown),
            "a{{b}}\\_\\*c"
        );
        assert_eq!(toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn an_existing_folder_is_never_written_into() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("r");
        std::fs::create_dir(&dir).unwrap();
        let files = vec![NewFile {
            path: "report.toml".into(),
            text: "x".into(),
        }];
        let e = write_folder(&dir, &files).unwrap_err();
        assert!(e.contains("already exists"), "{e}");
        assert!(e.contains(&dir.display().to_string()), "{e}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }
}
