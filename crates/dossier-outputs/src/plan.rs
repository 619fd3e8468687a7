//! Plans: the files of one output folder, and the folders of one batch,
//! each with the source that asks for it, checked for collisions as they
//! are added.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::name::{self, Format, NameProblem};

/// The name of the build record every output folder holds.
pub const RECORD: &str = "build.json";

/// What an output file is, independent of its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// The report in one language and format.
    Edition { lang: String, format: Format },
    /// A chart in one language and format, drawn from the spec file
    /// `spec` (relative to the report folder, without `.` or `..`).
    Chart {
        spec: PathBuf,
        lang: String,
        format: Format,
    },
    /// The build record, [`RECORD`].
    Record,
}

/// Where a planned file or folder comes from: what asks for it, and the
/// place in an input file that does, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// What it is, for people: "chart `charts/trade.toml`".
    pub what: String,
    /// The file that asks for it (a `report.toml`).
    pub path: PathBuf,
    /// 1-based line in `path`; 0 for the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 for the whole line.
    pub column: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.what, self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        f.write_str(")")
    }
}

/// One file of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub name: String,
    pub product: Product,
    pub origin: Origin,
}

/// Why a plan cannot be carried out. Each names every source involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{}: {} would write `{folder}/{name}`, which {first} already writes{}; give one of them another file name",
        second.path.display(),
        second.what,
        same_as(same_name.as_deref(), "file")
    )]
    File {
        folder: String,
        name: String,
        /// The name as the first source spells it, when it differs.
        same_name: Option<String>,
        first: Box<Origin>,
        second: Box<Origin>,
    },
    #[error(
        "{}: {} would write the output folder `{folder}`, which {first} also writes{}; every report needs its own folder name",
        second.path.display(),
        second.what,
        same_as(same_name.as_deref(), "folder")
    )]
    Folder {
        folder: String,
        same_name: Option<String>,
        first: Box<Origin>,
        second: Box<Origin>,
    },
    #[error("{}: {}: the output name `{}` {problem}", origin.path.display(), origin.what, name.escape_debug())]
    Name {
        name: String,
        problem: NameProblem,
        origin: Box<Origin>,
    },
}

/// The note on a name that differs from the one it collides with.
fn same_as(other: Option<&str>, what: &str) -> String {
    other
        .map(|n| {
            format!(
                " as `{n}` (the same {what} on a file system that ignores case or Unicode normalisation)"
            )
        })
        .unwrap_or_default()
}

impl PlanError {
    /// The origins the error names, the one to change first.
    pub fn origins(&self) -> Vec<&Origin> {
        match self {
            PlanError::File { first, second, .. } | PlanError::Folder { first, second, .. } => {
                vec![second.as_ref(), first.as_ref()]
            }
            PlanError::Name { origin, .. } => vec![origin.as_ref()],
        }
    }
}

/// Every file one output folder will hold, keyed by the name a
/// case-insensitive file system would store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderPlan {
    folder: String,
    origin: Origin,
    files: Vec<Planned>,
    keys: BTreeMap<String, usize>,
}

impl FolderPlan {
    /// A plan for the folder `folder`, asked for by `origin`, holding its
    /// build record.
    pub fn new(folder: &str, origin: Origin) -> Result<FolderPlan, PlanError> {
        name::check_folder(folder).map_err(|problem| PlanError::Name {
            name: folder.to_string(),
            problem,
            origin: Box::new(origin.clone()),
        })?;
        let mut plan = FolderPlan {
            folder: folder.to_string(),
            origin: origin.clone(),
            files: Vec::new(),
            keys: BTreeMap::new(),
        };
        plan.add(RECORD.to_string(), Product::Record, origin)?;
        Ok(plan)
    }

    /// Plans the edition of report `report` in `lang` and `format`.
    pub fn edition(
        &mut self,
        report: &str,
        lang: &str,
        format: Format,
        origin: Origin,
    ) -> Result<(), PlanError> {
        let name = name::edition(report, lang, format).map_err(|problem| PlanError::Name {
            name: format!("{report}.{lang}.{}", format.ext()),
            problem,
            origin: Box::new(origin.clone()),
        })?;
        let product = Product::Edition {
            lang: lang.to_string(),
            format,
        };
        self.add(name, product, origin)
    }

    /// Plans the chart drawn from `spec` (relative to the report folder)
    /// in `lang` and `format`. The same spec planned again, however it is
    /// spelled (`charts/a.toml`, `./charts/a.toml`), is the same file.
    pub fn chart(
        &mut self,
        spec: &Path,
        lang: &str,
        format: Format,
        origin: Origin,
    ) -> Result<(), PlanError> {
        let spec = lexical(spec);
        let name = name::chart(&spec, lang, format).map_err(|problem| PlanError::Name {
            name: format!(
                "{}.{lang}.{}",
                spec.file_stem().unwrap_or_default().to_string_lossy(),
                format.ext()
            ),
            problem,
            origin: Box::new(origin.clone()),
        })?;
        let product = Product::Chart {
            spec,
            lang: lang.to_string(),
            format,
        };
        self.add(name, product, origin)
    }

    fn add(&mut self, name: String, product: Product, origin: Origin) -> Result<(), PlanError> {
        let key = name::key(&name);
        if let Some(&i) = self.keys.get(&key) {
            let first = &self.files[i];
            if first.product == product {
                return Ok(());
            }
            return Err(PlanError::File {
                folder: self.folder.clone(),
                same_name: (first.name != name).then(|| first.name.clone()),
                name,
                first: Box::new(first.origin.clone()),
                second: Box::new(origin),
            });
        }
        self.keys.insert(key, self.files.len());
        self.files.push(Planned {
            name,
            product,
            origin,
        });
        Ok(())
    }

    /// The output folder's name.
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// What asks for the folder.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Every planned file, the build record first, then in the order
    /// they were planned.
    pub fn files(&self) -> &[Planned] {
        &self.files
    }

    /// The name planned for `product`, if it is planned.
    pub fn name_of(&self, product: &Product) -> Option<&str> {
        self.files
            .iter()
            .find(|f| &f.product == product)
            .map(|f| f.name.as_str())
    }

    /// Every planned file name, sorted; the build record among them.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        names.sort_unstable();
        names
    }
}

/// Checks the folders of a batch against each other: `folders[i]` is the
/// folder name planned by `origins[i]`. Returns, for each, the collision
/// it is part of. Every folder of a collision fails, not only the later
/// one, so that which report wins never depends on the order they were
/// found in. Folders that are one source asked for twice are the caller's
/// to merge before this check.
pub fn folder_collisions(folders: &[(&str, &Origin)]) -> Vec<Option<PlanError>> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (folder, _)) in folders.iter().enumerate() {
        by_key.entry(name::key(folder)).or_default().push(i);
    }
    let mut out = vec![None; folders.len()];
    for group in by_key.values().filter(|g| g.len() > 1) {
        for &i in group {
            // Each names the first other member of its group.
            let other = group.iter().copied().find(|&j| j != i).unwrap_or(i);
            let (folder, origin) = folders[i];
            let (other_folder, other_origin) = folders[other];
            out[i] = Some(PlanError::Folder {
                folder: folder.to_string(),
                same_name: (folder != other_folder).then(|| other_folder.to_string()),
                first: Box::new(other_origin.clone()),
                second: Box::new(origin.clone()),
            });
        }
    }
    out
}

/// `path` without `.` steps, and with each `..` removing the step before.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(what: &str, line: usize) -> Origin {
        Origin {
            what: what.to_string(),
            path: PathBuf::from("reports/r/report.toml"),
            line,
            column: 1,
        }
    }

    fn plan() -> FolderPlan {
        FolderPlan::new("r", at("report `r`", 1)).unwrap()
    }

    #[test]
    fn a_plan_names_every_file_with_the_record() {
        let mut p = plan();
        for lang in ["fa", "en"] {
            p.edition("r", lang, Format::Pdf, at("edition", 1)).unwrap();
            for format in [Format::Png, Format::Svg] {
                p.chart(Path::new("charts/trade.toml"), lang, format, at("chart", 5))
                    .unwrap();
            }
        }
        assert_eq!(
            p.names(),
            [
                "build.json",
                "r.en.pdf",
                "r.fa.pdf",
                "trade.en.png",
                "trade.en.svg",
                "trade.fa.png",
                "trade.fa.svg"
            ]
        );
        assert_eq!(p.files()[0].product, Product::Record);
        assert_eq!(
            p.name_of(&Product::Chart {
                spec: PathBuf::from("charts/trade.toml"),
                lang: "fa".into(),
                format: Format::Svg
            }),
            Some("trade.fa.svg")
        );
    }

    #[test]
    fn charts_sharing_a_stem_collide_and_both_are_named() {
        let mut p = plan();
        p.chart(
            Path::new("charts/trade.toml"),
            "en",
            Format::Png,
            at("chart `charts/trade.toml`", 5),
        )
        .unwrap();
        let err = p
            .chart(
                Path::new("charts/sub/trade.toml"),
                "en",
                Format::Png,
                at("chart `charts/sub/trade.toml`", 9),
            )
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("charts/sub/trade.toml"), "{text}");
        assert!(text.contains("chart `charts/trade.toml`"), "{text}");
        assert!(text.contains("r/trade.en.png"), "{text}");
        assert!(text.contains(":5:1"), "points at the first: {text}");
        assert_eq!(err.origins()[0].line, 9, "the later source comes first");
    }

    #[test]
    fn names_that_differ_in_case_collide() {
        let mut p = plan();
        p.chart(
            Path::new("charts/Trade.toml"),
            "en",
            Format::Png,
            at("a", 5),
        )
        .unwrap();
        let err = p
            .chart(
                Path::new("charts/trade.toml"),
                "en",
                Format::Png,
                at("b", 6),
            )
            .unwrap_err();
        assert!(
            matches!(&err, PlanError::File { same_name: Some(n), .. } if n == "Trade.en.png"),
            "{err:?}"
        );
        assert!(err.to_string().contains("ignores case"), "{err}");
    }

    #[test]
    fn one_chart_placed_twice_is_one_file() {
        let mut p = plan();
        for spec in [
            "charts/trade.toml",
            "./charts/trade.toml",
            "charts/x/../trade.toml",
        ] {
            p.chart(Path::new(spec), "en", Format::Svg, at("chart", 5))
                .unwrap();
        }
        assert_eq!(p.files().len(), 2, "{:?}", p.names());
    }

    #[test]
    fn nothing_can_take_the_record_name() {
        // No rule gives a chart or edition the record's name today; the
        // check does not depend on that.
        let mut p = plan();
        let err = p
            .add(
                "BUILD.json".into(),
                Product::Edition {
                    lang: "en".into(),
                    format: Format::Pdf,
                },
                at("edition", 2),
            )
            .unwrap_err();
        assert!(matches!(err, PlanError::File { .. }), "{err:?}");
    }

    #[test]
    fn bad_names_name_their_source() {
        let mut p = plan();
        let err = p
            .chart(
                Path::new("charts/a\nb.toml"),
                "en",
                Format::Png,
                at("chart `charts/a\\nb.toml`", 4),
            )
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("control character U+000A"), "{text}");
        assert!(
            text.contains("a\\nb.en.png"),
            "escaped in the message: {text}"
        );
        assert!(FolderPlan::new("x.", at("report", 1)).is_err());
        assert!(FolderPlan::new(".x", at("report", 1)).is_err());
    }

    #[test]
    fn folders_that_collide_all_fail() {
        let (a, b, c, d) = (at("a", 1), at("b", 1), at("c", 1), at("d", 1));
        let folders = [("note", &a), ("other", &b), ("Note", &c), ("note", &d)];
        let result = folder_collisions(&folders);
        assert!(result[1].is_none());
        for i in [0, 2, 3] {
            let err = result[i].as_ref().expect("collision");
            assert_eq!(err.origins()[0], folders[i].1);
        }
        assert!(
            result[0].as_ref().unwrap().to_string().contains("`Note`"),
            "{:?}",
            result[0]
        );
        assert!(result[3]
            .as_ref()
            .unwrap()
            .to_string()
            .contains("a (reports"));
    }

    #[test]
    fn runs_collide_with_each_other_and_with_report_ids() {
        let run = |values: &[&str]| crate::name::run("note", values).unwrap();
        let (a, b, c) = (run(&["../CL"]), run(&["CL"]), run(&["AR"]));
        let origins = [
            at("run `country=../CL`", 3),
            at("run `country=CL`", 4),
            at("report `note-ar`", 1),
            at("run `country=AR`", 5),
        ];
        let folders = [
            (a.as_str(), &origins[0]),
            (b.as_str(), &origins[1]),
            ("note-ar", &origins[2]),
            (c.as_str(), &origins[3]),
        ];
        let result = folder_collisions(&folders);
        assert!(result.iter().all(Option::is_some), "{result:?}");
        let text = result[1].as_ref().unwrap().to_string();
        assert!(text.contains("run `country=CL` would write the output folder `note-CL`, which run `country=../CL`"), "{text}");
        let text = result[3].as_ref().unwrap().to_string();
        assert!(text.contains("as `note-ar`"), "{text}");
        assert!(folder_collisions(&folders[1..3])
            .iter()
            .all(Option::is_none));
    }
}
