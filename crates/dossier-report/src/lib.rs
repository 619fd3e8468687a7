//! dossier-report: a report folder in, documents and charts out.
//!
//! A report is `report.toml` (sections and the blocks they hold), prose in
//! `prose/<name>.<lang>.md` and chart specs in `charts/`. This crate reads
//! them, loads the data through dossier-core, resolves every block into
//! dossier-pdf blocks (prose with figures filled in, tables built from the
//! data, charts drawn by dossier-charts) and renders the PDFs and chart
//! files. Nothing here lays out text or draws: it only assembles.
//!
//! Data flow: `report.toml` + prose + `data/` → [`Briefing`] (dossier-core)
//! → per language: figures, tables, chart Scenes → `Document` → PDF bytes.

mod assemble;
pub mod error;
pub mod prose;
pub mod spec;
pub mod tables;

use std::path::{Path, PathBuf};

use dossier_core::{Briefing, Lang};
use rayon::prelude::*;

pub use error::ReportError;
pub use spec::ReportSpec;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Languages to build; `None` builds the report's own list.
    pub langs: Option<Vec<Lang>>,
    pub pdf: bool,
    pub png: bool,
    pub svg: bool,
    /// `SOURCE_DATE_EPOCH`: the creation date written into PDFs.
    pub source_date_epoch: Option<i64>,
}

/// A file produced by a build, not yet written.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// File name inside the report's output folder.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The outputs of one report.
#[derive(Debug, Clone)]
pub struct Built {
    pub id: String,
    pub files: Vec<OutputFile>,
}

/// The result of checking a report without building it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub id: String,
    /// The claim checks as a plain-text table.
    pub claims_table: String,
    /// The claim checks as JSON.
    pub claims_json: String,
    /// Names of the figures prose can use.
    pub figures: Vec<String>,
}

/// A report folder, its spec read and its data loaded.
pub struct Report {
    pub dir: PathBuf,
    pub spec: ReportSpec,
    pub briefing: Briefing,
}

impl Report {
    /// Reads `dir/report.toml` and loads the data it names.
    pub fn open(dir: &Path) -> Result<Report, ReportError> {
        let spec = ReportSpec::load(&dir.join("report.toml"))?;
        let briefing =
            dossier_core::load_briefing(&dir.join(&spec.data)).map_err(ReportError::Data)?;
        Ok(Report {
            dir: dir.to_path_buf(),
            spec,
            briefing,
        })
    }
}

/// The report folders under `root`: every folder holding a `report.toml`,
/// sorted by path.
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let io = |e: std::io::Error| ReportError::Io {
        path: root.to_path_buf(),
        message: e.to_string(),
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.join("report.toml").is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Loads and validates everything a build would use, writing nothing.
pub fn check(dir: &Path) -> Result<Checked, ReportError> {
    let report = Report::open(dir)?;
    for lang in report.spec.langs() {
        assemble::document(&report, lang, None)?;
    }
    let checks = &report.briefing.checks;
    Ok(Checked {
        id: report.spec.id.clone(),
        claims_table: dossier_core::claims_table(checks, Lang::En),
        claims_json: serde_json::to_string_pretty(checks).unwrap_or_default(),
        figures: assemble::figures(&report.briefing, Lang::En)
            .into_keys()
            .collect(),
    })
}

/// Builds the report in `dir`: a PDF per language and every chart as PNG
/// and SVG, as asked by `options`.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<Built, ReportError> {
    let report = Report::open(dir)?;
    let langs = options.langs.clone().unwrap_or_else(|| report.spec.langs());
    let per_lang: Vec<Result<Vec<OutputFile>, ReportError>> = langs
        .par_iter()
        .map(|&lang| build_lang(&report, lang, options))
        .collect();
    let mut files = Vec::new();
    for result in per_lang {
        files.extend(result?);
    }
    Ok(Built {
        id: report.spec.id.clone(),
        files,
    })
}

fn build_lang(
    report: &Report,
    lang: Lang,
    options: &BuildOptions,
) -> Result<Vec<OutputFile>, ReportError> {
    let assembled = assemble::document(report, lang, options.source_date_epoch)?;
    let mut files = Vec::new();
    for (stem, scene) in &assembled.charts {
        if options.png {
            let bytes =
                dossier_canvas::png::to_png(scene, dossier_charts::PNG_SCALE).map_err(|e| {
                    ReportError::Io {
                        path: report.dir.join(format!("charts/{stem}.toml")),
                        message: e.to_string(),
                    }
                })?;
            files.push(OutputFile {
                name: format!("{stem}.{}.png", lang.code()),
                bytes,
            });
        }
        if options.svg {
            files.push(OutputFile {
                name: format!("{stem}.{}.svg", lang.code()),
                bytes: dossier_canvas::svg::to_svg(scene).into_bytes(),
            });
        }
    }
    if options.pdf {
        let theme = assemble::theme();
        let bytes = dossier_pdf::render(&assembled.document, &theme)?;
        files.push(OutputFile {
            name: format!("{}.{}.pdf", report.spec.id, lang.code()),
            bytes,
        });
    }
    Ok(files)
}

/// Renders one chart spec file to `[("png", bytes), ("svg", bytes)]`. The
/// data folder defaults to the nearest `data/` above the spec.
pub fn render_chart_file(
    spec_path: &Path,
    data_dir: Option<&Path>,
    lang: Lang,
    scale: f32,
) -> Result<Vec<(&'static str, Vec<u8>)>, ReportError> {
    let data_dir = match data_dir {
        Some(d) => d.to_path_buf(),
        None => find_data_dir(spec_path).ok_or_else(|| ReportError::Io {
            path: spec_path.to_path_buf(),
            message: "no data/ folder found above the spec; pass --data".into(),
        })?,
    };
    let briefing = dossier_core::load_briefing(&data_dir).map_err(ReportError::Data)?;
    let scene = assemble::chart(&briefing, spec_path, lang)?;
    let png = dossier_canvas::png::to_png(&scene, scale).map_err(|e| ReportError::Io {
        path: spec_path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(vec![
        ("png", png),
        ("svg", dossier_canvas::svg::to_svg(&scene).into_bytes()),
    ])
}

fn find_data_dir(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|a| a.join("data"))
        .find(|d| d.join("sources").is_dir())
}
