//! The report spec, `report.toml`: languages, cover, figures, table views,
//! sections (and an annex) with the blocks they hold. Blocks only name
//! things (prose files, table views, built-in tables, chart specs); facts
//! come from the data package and the figures computed from it.
//!
//! Every text given per language is a table by BCP 47 tag, checked
//! against the report's `languages`: a missing language and a language the
//! report does not list are both errors naming the field and the language
//! (`es-CL` is served by an `es` text). Unknown keys are errors that
//! suggest the closest known key. Every error names the file, line and
//! column.
//!
//! `[edition.TAG]` holds what a report chooses for one language's
//! edition beyond its tag ([`EditionSpec`]): the calendar of the edition
//! date, whether the other calendar is added, and the digits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_charts::Localized;
use dossier_core::evaluate::{
    ColumnDef, DerivedDef, FigureDef, FigureUnit, FormulaSource, PivotDef, ViewDef,
};
use dossier_core::package::Place;
use dossier_lang::{CalendarChoice, DateStyle, LanguageOptions, LanguageTag, Numbering};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{locate, ReportError};

/// The built-in tables any report can place.
pub const BUILTINS: [&str; 5] = ["claims", "errata", "provenance", "normalisation", "sources"];

/// A localized text read with its place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub Localized);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        let s: Spanned<Localized> = Spanned::deserialize(d)?;
        let offset = s.span().start;
        Ok(Text(Localized {
            offset,
            ..s.into_inner()
        }))
    }
}

impl Text {
    pub fn get(&self, lang: dossier_core::Lang) -> &str {
        self.0.get(lang)
    }
}

/// A string with its place.
pub type Located = Spanned<String>;

/// `report.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// Short name, used for the output folder and file names.
    pub id: String,
    /// The data package folder, relative to the report folder.
    pub data: PathBuf,
    /// BCP 47 tags, in build order.
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Edition date printed on the cover, `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// An optional report number printed on the cover.
    pub number: Option<String>,
    pub title: Text,
    pub subtitle: Text,
    /// The author or organisation line of the cover.
    pub author: Text,
    /// A second line under the author (what the report is made from).
    pub byline: Option<Text>,
    #[serde(default)]
    pub cover: Cover,
    /// The report's parameters (see [`crate::params`]).
    #[serde(default, rename = "param")]
    pub params: Vec<crate::params::ParamSpec>,
    /// The runs a build makes when the command line does not say.
    pub runs: Option<crate::params::RunsSpec>,
    #[serde(default, rename = "figure")]
    pub figures: Vec<FigureSpec>,
    #[serde(default, rename = "table")]
    pub tables: Vec<TableSpec>,
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
    /// The annex heading and its sections (data notes), numbered apart.
    pub annex: Option<Annex>,
    /// Choices per language edition, by tag: `[edition.fa]`.
    #[serde(default)]
    pub edition: BTreeMap<String, EditionSpec>,
}

/// `[edition.TAG]`: what a report chooses for the edition of one of its
/// languages. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionSpec {
    /// The calendar of the edition date on the cover: `default`, the
    /// language's own in CLDR (Solar Hijri for `fa`, Gregorian for `en`),
    /// or `gregorian`. Default: `default`. Dates in the data are never
    /// converted.
    pub calendar: Option<Located>,
    /// Adds the edition date in the other calendar, in parentheses, when
    /// the two differ: «۷ آذر ۱۴۰۵ (۲۸ نوامبر ۲۰۲۶)». Default: false.
    #[serde(default)]
    pub other_calendar: bool,
    /// The digits of the edition, as CLDR names the choice: `default`
    /// (the language's default numbering system, Latin digits for `ar`),
    /// `native` (its native one, Arabic-Indic digits ٠–٩ for `ar`) or
    /// `latin`. Default: `default`.
    pub numbering: Option<Located>,
}

/// The calendar names `[edition.TAG] calendar` takes.
pub const CALENDARS: [&str; 2] = ["default", "gregorian"];
/// The names `[edition.TAG] numbering` takes.
pub const NUMBERINGS: [&str; 3] = ["default", "native", "latin"];

/// The choices of one edition, resolved and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edition {
    /// How the cover shows the edition date.
    pub date: DateStyle,
    /// What the language is loaded with.
    pub language: LanguageOptions,
}

impl Default for Edition {
    /// The language's own calendar alone, its default digits.
    fn default() -> Edition {
        Edition {
            date: DateStyle {
                calendar: CalendarChoice::Default,
                precision: None,
                other_calendar: false,
            },
            language: LanguageOptions::default(),
        }
    }
}

/// The cover page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
}

/// A figure on the cover and its label (which may name figures too).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub figure: Located,
    pub label: Text,
}

/// `[[figure]]`: a named formula (see dossier-core's `evaluate::figures`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    pub name: Located,
    pub formula: Located,
    pub each: Option<Located>,
    pub decimals: Option<u32>,
    pub unit: Option<Located>,
}

/// `[[table]]`: a view of a data set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub id: Located,
    pub data: Located,
    pub caption: Text,
    pub filter: Option<Located>,
    #[serde(default)]
    pub sort: Vec<String>,
    pub pivot: Option<Spanned<PivotSpec>>,
    /// The header of the row-label column of a pivot.
    pub corner: Option<Text>,
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnSpec>,
    #[serde(default, rename = "row")]
    pub rows: Vec<RowSpec>,
    pub total: Option<RowSpec>,
    #[serde(default)]
    pub notes: Vec<Text>,
    /// `zebra` (default) or `ruled`.
    pub style: Option<Located>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PivotSpec {
    pub rows: String,
    pub columns: String,
    pub value: String,
    pub decimals: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub field: Option<Located>,
    pub formula: Option<Located>,
    pub header: Option<Text>,
    pub decimals: Option<u32>,
    pub unit: Option<Located>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// Names the row for charts (`[[series]] column = "balance"`).
    pub id: Option<String>,
    pub label: Text,
    pub formula: Option<Located>,
    pub decimals: Option<u32>,
}

/// A numbered section with a heading.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: Located,
    pub title: Text,
    pub blocks: Vec<Spanned<BlockRef>>,
}

/// The annex: a heading of its own, and sections one level below it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    pub id: Located,
    pub title: Text,
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
}

/// One block of a section: exactly one of `prose`, `table`, `chart` or
/// `page_break = true`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlockRef {
    /// `prose/<name>.<lang>.md`.
    pub prose: Option<String>,
    /// A table view's id, or a built-in table ([`BUILTINS`]).
    pub table: Option<String>,
    /// A chart spec file, relative to the report folder.
    pub chart: Option<PathBuf>,
    /// The id of a chart block, for `{@fig:id}`.
    pub id: Option<String>,
    #[serde(default)]
    pub page_break: bool,
}

/// What a block reference resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind<'a> {
    Prose(&'a str),
    Table(&'a str),
    Chart(&'a Path),
    PageBreak,
}

impl BlockRef {
    pub fn kind(&self) -> Option<BlockKind<'_>> {
        match (&self.prose, &self.table, &self.chart, self.page_break) {
            (Some(p), None, None, false) => Some(BlockKind::Prose(p)),
            (None, Some(t), None, false) => Some(BlockKind::Table(t)),
            (None, None, Some(c), false) => Some(BlockKind::Chart(c)),
            (None, None, None, true) => Some(BlockKind::PageBreak),
            _ => None,
        }
    }

    /// The id of a chart block: its `id`, else its file stem.
    pub fn chart_id(&self) -> Option<String> {
        let chart = self.chart.as_ref()?;
        Some(self.id.clone().unwrap_or_else(|| {
            chart
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }))
    }
}

/// The spec read, with what errors point into.
pub struct Parsed {
    pub spec: ReportSpec,
    pub path: PathBuf,
    pub text: String,
    pub languages: Vec<LanguageTag>,
    /// The choices of each language's edition, in the order of
    /// `languages`.
    pub editions: Vec<Edition>,
}

impl Parsed {
    /// The place of byte `offset` of the spec.
    pub fn place(&self, offset: usize) -> Place {
        let (line, column) = locate(&self.text, offset);
        Place::new(&self.path, line, column)
    }

    pub fn error(&self, offset: usize, message: impl Into<String>) -> ReportError {
        let (line, column) = locate(&self.text, offset);
        ReportError::Spec {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A formula written at `s`.
    pub fn formula(&self, s: &Located) -> FormulaSource {
        // The string's content starts after its opening quote; a string
        // written without escapes maps byte for byte.
        let start = s.span().start;
        let raw = self.text.get(start..s.span().end).unwrap_or("");
        let verbatim = raw.len() == s.get_ref().len() + 2
            && !raw.starts_with("'''")
            && !raw.starts_with("\"\"\"");
        FormulaSource::new(s.get_ref().clone(), self.place(start + 1), verbatim)
    }

    /// The choices of the edition in `tag` (the defaults for a language
    /// the report does not list).
    pub fn edition(&self, tag: &LanguageTag) -> Edition {
        self.languages
            .iter()
            .position(|t| t == tag)
            .and_then(|i| self.editions.get(i).copied())
            .unwrap_or_default()
    }

    /// The figure definitions.
    pub fn figure_defs(&self) -> Result<Vec<FigureDef>, ReportError> {
        let mut defs = Vec::new();
        for f in &self.spec.figures {
            let unit = match &f.unit {
                None => None,
                Some(u) => Some(FigureUnit::parse(u.get_ref()).ok_or_else(|| {
                    self.error(
                        u.span().start,
                        unknown("unit", u.get_ref(), FigureUnit::NAMES),
                    )
                })?),
            };
            defs.push(FigureDef {
                name: f.name.get_ref().clone(),
                formula: self.formula(&f.formula),
                each: f.each.as_ref().map(|e| self.formula(e)),
                decimals: f.decimals,
                unit,
                place: self.place(f.name.span().start),
            });
        }
        Ok(defs)
    }

    /// The table view definitions.
    pub fn view_defs(&self) -> Result<Vec<ViewDef>, ReportError> {
        let mut defs = Vec::new();
        for t in &self.spec.tables {
            let place = self.place(t.id.span().start);
            let mut columns = Vec::new();
            for c in &t.columns {
                let at = c
                    .field
                    .as_ref()
                    .or(c.formula.as_ref())
                    .map(|s| s.span().start)
                    .unwrap_or(t.id.span().start);
                let unit = match &c.unit {
                    None => None,
                    Some(u) => Some(FigureUnit::parse(u.get_ref()).ok_or_else(|| {
                        self.error(
                            u.span().start,
                            unknown("unit", u.get_ref(), FigureUnit::NAMES),
                        )
                    })?),
                };
                columns.push(ColumnDef {
                    field: c.field.as_ref().map(|f| f.get_ref().clone()),
                    formula: c.formula.as_ref().map(|f| self.formula(f)),
                    decimals: c.decimals,
                    unit,
                    place: self.place(at),
                });
            }
            let derived = |r: &RowSpec| DerivedDef {
                id: r.id.clone(),
                formula: r.formula.as_ref().map(|f| self.formula(f)),
                decimals: r.decimals,
                place: place.clone(),
            };
            defs.push(ViewDef {
                id: t.id.get_ref().clone(),
                data: t.data.get_ref().clone(),
                filter: t.filter.as_ref().map(|f| self.formula(f)),
                sort: t.sort.clone(),
                columns,
                pivot: t.pivot.as_ref().map(|p| PivotDef {
                    rows: p.get_ref().rows.clone(),
                    columns: p.get_ref().columns.clone(),
                    value: p.get_ref().value.clone(),
                    decimals: p.get_ref().decimals,
                    place: self.place(p.span().start),
                }),
                derived_rows: t.rows.iter().map(derived).collect(),
                total: t.total.as_ref().map(derived),
                place: self.place(t.data.span().start),
            });
        }
        Ok(defs)
    }

    /// Every section, the annex's after the others, with whether it is
    /// in the annex.
    pub fn all_sections(&self) -> impl Iterator<Item = (&Section, bool)> {
        self.spec.sections.iter().map(|s| (s, false)).chain(
            self.spec
                .annex
                .iter()
                .flat_map(|a| a.sections.iter().map(|s| (s, true))),
        )
    }
}

/// "unknown unit `x`; expected one of …, did you mean …?"
pub fn unknown(what: &str, name: &str, known: &[&str]) -> String {
    let hint = dossier_core::closest(name, known.iter().copied())
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    format!(
        "unknown {what} `{name}`; expected one of {}{hint}",
        known.join(", ")
    )
}

/// Parses the text of a `report.toml` read from `path`.
pub fn parse(text: &str, path: &Path) -> Result<Parsed, ReportError> {
    let spec: ReportSpec = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| locate(text, s.start)).unwrap_or((0, 0));
        let mut message = e.message().trim().to_string();
        // serde names the expected keys: suggest the closest.
        if message.starts_with("unknown field") {
            let words = dossier_core::backticked(&message);
            if let Some((found, expected)) = words.split_first() {
                if let Some(c) = dossier_core::closest(found, expected.iter().map(String::as_str)) {
                    message.push_str(&format!("; did you mean `{c}`?"));
                }
            }
        }
        ReportError::Spec {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    let mut parsed = Parsed {
        spec,
        path: path.to_path_buf(),
        text: text.to_string(),
        languages: Vec::new(),
        editions: Vec::new(),
    };
    parsed.validate()?;
    parsed.check_params()?;
    crate::characters::check_toml(text, path, &parsed.languages)?;
    Ok(parsed)
}

/// The byte offset of the key `key` of the table `table` of the spec
/// `text` (already known to parse): `[edition.fa]`; 0 when it is not there.
fn table_key_offset(text: &str, table: &str, key: &str) -> usize {
    let root = match toml::de::DeTable::parse(text) {
        Ok(root) => root,
        Err(_) => return 0,
    };
    let Some(toml::de::DeValue::Table(t)) = root.get_ref().get(table).map(|v| v.get_ref()) else {
        return 0;
    };
    t.iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(k, _)| k.span().start)
        .unwrap_or(0)
}

/// The byte offset of the top-level key `key` of the spec `text` (already
/// known to parse); 0 when it is not there.
pub(crate) fn top_level_offset(text: &str, key: &str) -> usize {
    toml::de::DeTable::parse(text)
        .ok()
        .and_then(|root| root.get_ref().get(key).map(|v| v.span().start))
        .unwrap_or(0)
}

impl Parsed {
    fn validate(&mut self) -> Result<(), ReportError> {
        let spec = &self.spec;
        let id_at = top_level_offset(&self.text, "id");
        if !is_plain_name(&spec.id) {
            return Err(self.error(
                id_at,
                format!(
                    "report id `{}` is not a plain name; expected letters, digits, `-`, `_` or `.`, not starting with `.` (it names the output folder and files)",
                    spec.id
                ),
            ));
        }
        let mut languages: Vec<LanguageTag> = Vec::new();
        for l in &spec.languages {
            let tag = LanguageTag::parse(l.get_ref()).map_err(|e| {
                self.error(
                    l.span().start,
                    format!("`{}` is not a language tag: {e}", l.get_ref()),
                )
            })?;
            if languages.contains(&tag) {
                return Err(self.error(
                    l.span().start,
                    format!("the language `{tag}` is listed twice"),
                ));
            }
            languages.push(tag);
        }
        if languages.is_empty() {
            let at = top_level_offset(&self.text, "languages");
            return Err(self.error(at, "expected at least one language"));
        }
        if let Some(date) = &spec.date {
            if parse_date(date.get_ref()).is_none() {
                return Err(self.error(
                    date.span().start,
                    format!(
                        "date `{}` is not a valid date, expected YYYY-MM-DD",
                        date.get_ref()
                    ),
                ));
            }
        }
        // Every localized text, with the name of its field.
        let mut texts: Vec<(String, &Text)> = vec![
            ("title".into(), &spec.title),
            ("subtitle".into(), &spec.subtitle),
            ("author".into(), &spec.author),
        ];
        if let Some(b) = &spec.byline {
            texts.push(("byline".into(), b));
        }
        for p in &spec.params {
            if let Some(l) = &p.label {
                texts.push((format!("the label of parameter `{}`", p.name.get_ref()), l));
            }
        }
        for k in &spec.cover.key_figures {
            texts.push((
                format!("the label of key figure `{}`", k.figure.get_ref()),
                &k.label,
            ));
        }
        for t in &spec.tables {
            let id = t.id.get_ref();
            texts.push((format!("the caption of table `{id}`"), &t.caption));
            if let Some(c) = &t.corner {
                texts.push((format!("the corner of table `{id}`"), c));
            }
            for c in &t.columns {
                if let Some(h) = &c.header {
                    texts.push((format!("a column header of table `{id}`"), h));
                }
            }
            for r in t.rows.iter().chain(&t.total) {
                texts.push((format!("a row label of table `{id}`"), &r.label));
            }
            for n in &t.notes {
                texts.push((format!("a note of table `{id}`"), n));
            }
        }
        let sections: Vec<(&Section, bool)> = self.all_sections().collect();
        if let Some(a) = &spec.annex {
            texts.push(("the annex title".into(), &a.title));
        }
        for (s, _) in &sections {
            texts.push((
                format!("the title of section `{}`", s.id.get_ref()),
                &s.title,
            ));
        }
        for (name, text) in texts {
            if let Some(problem) = text.0.problem(&languages) {
                return Err(self.error(text.0.offset, format!("{name}: {problem}")));
            }
        }
        let mut ids: Vec<&str> = Vec::new();
        for (s, _) in &sections {
            let id = s.id.get_ref().as_str();
            if ids.contains(&id) {
                return Err(self.error(
                    s.id.span().start,
                    format!("section id `{id}` is used twice"),
                ));
            }
            ids.push(id);
            for block in &s.blocks {
                if block.get_ref().kind().is_none() {
                    return Err(self.error(
                        block.span().start,
                        format!(
                            "a block of section `{id}` must set exactly one of `prose`, `table`, `chart` or `page_break = true`"
                        ),
                    ));
                }
            }
        }
        if let Some(a) = &spec.annex {
            if ids.contains(&a.id.get_ref().as_str()) {
                return Err(self.error(
                    a.id.span().start,
                    format!("the annex id `{}` is a section id too", a.id.get_ref()),
                ));
            }
        }
        for t in &spec.tables {
            if BUILTINS.contains(&t.id.get_ref().as_str()) {
                return Err(self.error(
                    t.id.span().start,
                    format!(
                        "table id `{}` is the name of a built-in table ({})",
                        t.id.get_ref(),
                        BUILTINS.join(", ")
                    ),
                ));
            }
            if let Some(style) = &t.style {
                if !["zebra", "ruled"].contains(&style.get_ref().as_str()) {
                    return Err(self.error(
                        style.span().start,
                        unknown("table style", style.get_ref(), &["zebra", "ruled"]),
                    ));
                }
            }
        }
        self.editions = self.editions(&languages)?;
        self.languages = languages;
        Ok(())
    }

    /// Checks `[edition.TAG]` and resolves each language's choices.
    fn editions(&self, languages: &[LanguageTag]) -> Result<Vec<Edition>, ReportError> {
        let mut editions = vec![Edition::default(); languages.len()];
        let mut given = vec![false; languages.len()];
        let listed = || {
            languages
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (key, e) in &self.spec.edition {
            let at = table_key_offset(&self.text, "edition", key);
            let tag = LanguageTag::parse(key)
                .map_err(|err| self.error(at, format!("`[edition.{key}]`: {err}")))?;
            let Some(i) = languages.iter().position(|t| *t == tag) else {
                return Err(self.error(
                    at,
                    format!(
                        "`[edition.{key}]` names a language the report does not list; its languages are {}",
                        listed()
                    ),
                ));
            };
            // `[edition.fa]` and `[edition.FA]` are one tag.
            if given[i] {
                return Err(self.error(at, format!("the edition of `{tag}` is given twice")));
            }
            given[i] = true;
            let calendar = match &e.calendar {
                None => CalendarChoice::Default,
                Some(c) => match c.get_ref().as_str() {
                    "default" => CalendarChoice::Default,
                    "gregorian" => CalendarChoice::Gregorian,
                    other => {
                        return Err(
                            self.error(c.span().start, unknown("calendar", other, &CALENDARS))
                        )
                    }
                },
            };
            let numbering = match &e.numbering {
                None => Numbering::Default,
                Some(n) => match n.get_ref().as_str() {
                    "default" => Numbering::Default,
                    "native" => Numbering::Native,
                    "latin" => Numbering::Latin,
                    other => {
                        return Err(
                            self.error(n.span().start, unknown("numbering", other, &NUMBERINGS))
                        )
                    }
                },
            };
            editions[i] = Edition {
                date: DateStyle {
                    calendar,
                    precision: None,
                    other_calendar: e.other_calendar,
                },
                language: LanguageOptions { numbering },
            };
        }
        Ok(editions)
    }
}

/// A name that is safe as a file or folder name on its own: 1 to 100
/// letters, digits, `-`, `_` or `.`, not starting with `.`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<dossier_core::Date> {
    let d = dossier_core::Date::parse(text).ok()?;
    d.day().map(|_| d)
}
