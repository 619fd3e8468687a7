//! The report spec, `report.toml`: title, cover, and the sections with the
//! blocks they are made of. Blocks only name things (prose files, tables,
//! chart specs); facts come from the data folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_core::Lang;
use serde::Deserialize;

use crate::error::{locate, ReportError};

/// Text given once per language.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub fa: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fa => &self.fa,
            Lang::En => &self.en,
        }
    }
}

/// `report.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// Short name, used for the output folder and file names.
    pub id: String,
    /// The data folder, relative to the report folder.
    pub data: PathBuf,
    pub languages: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Edition date printed on the cover, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Localized,
    pub subtitle: Localized,
    pub author: Localized,
    #[serde(default)]
    pub cover: Cover,
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
    /// Where its parts were written.
    #[serde(skip)]
    pub places: SpecPlaces,
}

/// A 1-based (line, column) in a file; `(0, 0)` when not known.
pub type Place = (usize, usize);

/// Where the parts of `report.toml` were written, as 1-based (line,
/// column) pairs, for errors found after parsing (an unknown table, a limit
/// a block runs into). `(0, 0)` when not known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecPlaces {
    pub id: (usize, usize),
    pub languages: (usize, usize),
    pub date: (usize, usize),
    pub title: (usize, usize),
    pub subtitle: (usize, usize),
    pub author: (usize, usize),
    /// Each `[[section]]` and each of its blocks.
    pub sections: Vec<(Place, Vec<Place>)>,
    /// Each key figure of the cover.
    pub key_figures: Vec<(usize, usize)>,
}

impl SpecPlaces {
    /// The places of the spec `text` (already known to parse).
    fn of(text: &str) -> SpecPlaces {
        use toml::de::{DeTable, DeValue};
        let Ok(root) = DeTable::parse(text) else {
            return SpecPlaces::default();
        };
        let at = |v: &toml::Spanned<DeValue>| locate(text, v.span().start);
        let field = |table: &DeTable, key: &str| table.get(key).map_or((0, 0), at);
        fn items<'a, 'i>(
            v: Option<&'a toml::Spanned<DeValue<'i>>>,
        ) -> Vec<&'a toml::Spanned<DeValue<'i>>> {
            match v.map(|v| v.get_ref()) {
                Some(DeValue::Array(items)) => items.iter().collect(),
                _ => Vec::new(),
            }
        }
        let root = root.get_ref();
        let sections = items(root.get("section"))
            .into_iter()
            .map(|section| {
                // A block is placed at the key that says what it is
                // (`table = "…"`), else where it starts.
                let block = |b: &toml::Spanned<DeValue>| match b.get_ref() {
                    DeValue::Table(t) => t
                        .iter()
                        .find(|(k, _)| {
                            ["prose", "table", "chart", "page_break"]
                                .contains(&k.get_ref().as_ref())
                        })
                        .map_or_else(|| at(b), |(k, _)| locate(text, k.span().start)),
                    _ => at(b),
                };
                let blocks = match section.get_ref() {
                    DeValue::Table(t) => items(t.get("blocks")).into_iter().map(block).collect(),
                    _ => Vec::new(),
                };
                (at(section), blocks)
            })
            .collect();
        let key_figures = match root.get("cover").map(|c| c.get_ref()) {
            Some(DeValue::Table(cover)) => items(cover.get("key_figures"))
                .into_iter()
                .map(at)
                .collect(),
            _ => Vec::new(),
        };
        SpecPlaces {
            id: field(root, "id"),
            languages: field(root, "languages"),
            date: field(root, "date"),
            title: field(root, "title"),
            subtitle: field(root, "subtitle"),
            author: field(root, "author"),
            sections,
            key_figures,
        }
    }

    /// Where section `s` was written.
    pub fn section(&self, s: usize) -> (usize, usize) {
        self.sections.get(s).map_or((0, 0), |(at, _)| *at)
    }

    /// Where block `b` of section `s` was written (the section when the
    /// block's own place is not known).
    pub fn block(&self, s: usize, b: usize) -> (usize, usize) {
        self.sections
            .get(s)
            .and_then(|(_, blocks)| blocks.get(b).copied())
            .unwrap_or_else(|| self.section(s))
    }

    /// Where key figure `k` of the cover was written.
    pub fn key_figure(&self, k: usize) -> (usize, usize) {
        self.key_figures.get(k).copied().unwrap_or((0, 0))
    }
}

/// The cover page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Figures shown in the key-figures panel.
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
}

/// A figure on the cover: a figure name (as used in prose) and its label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub figure: String,
    pub label: Localized,
}

/// A numbered section with a heading.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Localized,
    pub blocks: Vec<BlockRef>,
}

/// One block of a section: exactly one of its fields is set.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlockRef {
    /// `prose/<name>.<lang>.md`.
    pub prose: Option<String>,
    /// A table built from the data: one of [`crate::tables::TABLES`].
    pub table: Option<String>,
    /// A chart spec file, relative to the report folder.
    pub chart: Option<PathBuf>,
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
}

impl ReportSpec {
    /// Reads and checks `report.toml`.
    pub fn load(path: &Path) -> Result<ReportSpec, ReportError> {
        let text = std::fs::read_to_string(path).map_err(|e| ReportError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Self::parse(&text, path)
    }

    /// Parses the text of a `report.toml` read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<ReportSpec, ReportError> {
        let mut spec: ReportSpec = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| locate(text, s.start)).unwrap_or((0, 0));
            ReportError::Spec {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        spec.places = SpecPlaces::of(text);
        spec.validate(path)?;
        crate::characters::check_toml(text, path)?;
        Ok(spec)
    }

    fn validate(&self, path: &Path) -> Result<(), ReportError> {
        let err = |(line, column): (usize, usize), message: String| ReportError::Spec {
            path: path.to_path_buf(),
            line,
            column,
            message,
        };
        if !is_plain_name(&self.id) {
            return Err(err(
                self.places.id,
                format!(
                    "report id `{}` is not a plain name; expected letters, digits, `-`, `_` or `.`, not starting with `.` (it names the output folder and files)",
                    self.id
                ),
            ));
        }
        for lang in &self.languages {
            if lang.parse::<Lang>().is_err() {
                return Err(err(
                    self.places.languages,
                    format!("unknown language `{lang}`, expected `fa` or `en`"),
                ));
            }
        }
        if let Some(date) = &self.date {
            if parse_date(date).is_none() {
                return Err(err(
                    self.places.date,
                    format!("date `{date}` is not a valid date, expected YYYY-MM-DD"),
                ));
            }
        }
        if self.languages.is_empty() {
            return Err(err(
                self.places.languages,
                "expected at least one language".into(),
            ));
        }
        let mut seen = BTreeMap::new();
        for (i, section) in self.sections.iter().enumerate() {
            if let Some(first) = seen.insert(section.id.as_str(), i) {
                return Err(err(
                    self.places.section(i),
                    format!(
                        "section id `{}` is used twice (sections {} and {})",
                        section.id,
                        first + 1,
                        i + 1
                    ),
                ));
            }
            for (b, block) in section.blocks.iter().enumerate() {
                if block.kind().is_none() {
                    return Err(err(
                        self.places.block(i, b),
                        format!(
                            "a block of section `{}` must set exactly one of `prose`, `table`, `chart` or `page_break = true`",
                            section.id
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The languages to build, in the order given.
    pub fn langs(&self) -> Vec<Lang> {
        self.languages
            .iter()
            .filter_map(|l| l.parse().ok())
            .collect()
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
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    dossier_core::Date::new(year, Some(month), Some(day)).ok()
}
