//! dossier-report: a report folder in, documents and charts out.
//!
//! A report is `report.toml` (sections and the blocks they hold), prose in
//! `prose/<name>.<lang>.md` and chart specs in `charts/`. This crate reads
//! them, loads the data package through dossier-core, resolves every block
//! into dossier-doc blocks (prose with its references resolved, table views
//! and built-in tables formatted for the edition, charts drawn by
//! dossier-charts) and renders the PDFs and chart files. Nothing here lays
//! out text or draws, and nothing here knows a report's subject.
//!
//! Data flow: `report.toml` + prose + the data package → dossier-core
//! (package loaded; figures, claims and table views evaluated) → per
//! language: prose with its references resolved, tables, built-in data
//! notes, chart Scenes → a dossier-doc `Document` → PDF bytes.
//!
//! Report folders are untrusted input (they come from pull requests), so
//! every file is read through a [`Sandbox`]:
//!
//! - a report may read only inside its own folder and one more folder:
//!   [`BuildOptions::root`] when given (`--root`), otherwise the project's
//!   `data/` folder, which is the `data/` folder (one holding `sources/`)
//!   of the nearest ancestor of the report folder. For `reports/my-report`
//!   that is the project's `data/`. Paths are checked as written (absolute
//!   paths and `..` steps) and again with every symlink resolved; anything
//!   outside is refused with an error naming the path and the allowed
//!   folders;
//! - [`Limits`] bound what one build may read and make: file size, rows,
//!   text, charts, chart points and pages. Each error names the limit, the
//!   value and the flag that raises it;
//! - the report id, which names the output folder and files, is a plain
//!   name (letters, digits, `-`, `_`, `.`, not starting with `.`), so no
//!   report can make a build write outside its output folder. Nothing in a
//!   report is ever run as a program or fetched from the network.
//!
//! Every file a build makes is named by its output plan ([`plan`], from
//! dossier-outputs) before anything is rendered: two charts whose files
//! would share a name are an error naming both, and a build renders
//! exactly the files its plan names.

mod alt;
mod assemble;
mod budget;
mod builtins;
pub mod characters;
mod charts;
pub mod error;
pub mod folder;
mod format;
mod outputs;
pub mod params;
pub mod prose;
pub mod refs;
mod resolve;
pub mod session;
pub mod spec;
mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dossier_core::evaluate::{
    check_claims, evaluate_figures_in, evaluate_view, ClaimCheck, DataRead, Figures, Reads, View,
};
use dossier_core::package::{self, Package};
use dossier_core::{Class, DataError, Lang};
use dossier_outputs::{FolderPlan, Format, Product};
use rayon::prelude::*;
use serde::Serialize;

pub use dossier_canvas::shape_cache;
pub use dossier_core::{Limits, Sandbox};
pub use dossier_pdf::write::{MAX_CREATION_DATE, MIN_CREATION_DATE};
pub use dossier_pdf::{PdfOptions, PdfStandard, Standards};
pub use error::ReportError;
pub use params::{Param, Run, Selection};
pub use session::{Rebuilt, Session};
pub use spec::{Parsed, ReportSpec};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Languages to build (BCP 47 tags); `None` builds the report's own
    /// list. Each must be one of the report's languages.
    pub langs: Option<Vec<String>>,
    pub pdf: bool,
    pub png: bool,
    pub svg: bool,
    /// The web edition (`ID.LANG.html`).
    pub html: bool,
    /// `SOURCE_DATE_EPOCH`: the creation date written into PDFs.
    pub source_date_epoch: Option<i64>,
    /// The folder a report may read from besides its own (`--root`);
    /// `None` means the project's `data/` folder (see [`project_data_dir`]).
    pub root: Option<PathBuf>,
    /// Resource limits; the default is [`Limits::default`].
    pub limits: Limits,
    /// How editions are written as PDF: tagged (the default) or not, and
    /// the standards they declare (`--no-tags`, `--pdf-standard`).
    pub pdf_options: dossier_pdf::PdfOptions,
}

/// A file produced by a build, not yet written.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// File name inside the report's output folder, from the plan.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The outputs of one report, with what they were made from.
#[derive(Debug, Clone)]
pub struct Built {
    pub id: String,
    /// Every file of the output folder, [`dossier_outputs::RECORD`] among
    /// them: `files` plus the build record the caller writes.
    pub plan: FolderPlan,
    pub files: Vec<OutputFile>,
    /// Every file the build read, with its hash.
    pub inputs: Vec<dossier_core::Input>,
    /// Every folder the build listed, with the names it held.
    pub listings: Vec<dossier_core::Listing>,
    /// The claim checks of the report's data.
    pub claims: Vec<ClaimCheck>,
    /// Things a reader should know that did not stop the build: claims the
    /// data contradicts or that differ by rounding.
    pub warnings: Vec<String>,
    /// The run's parameter values, as they name it (empty for a report
    /// without parameters).
    pub params: Vec<(String, String)>,
    /// For a run of a report with parameters: what it took from each data
    /// set, by rows; its data files are then not among `inputs`.
    pub data: Vec<DataRead>,
}

/// A data set of a checked report.
#[derive(Debug, Clone, Serialize)]
pub struct DataSet {
    pub name: String,
    pub path: PathBuf,
    pub rows: usize,
    /// The sources its rows cite.
    pub sources: Vec<String>,
}

/// A figure of a checked report, with its value as English writes it.
#[derive(Debug, Clone, Serialize)]
pub struct FigureValue {
    pub name: String,
    pub value: dossier_core::Value,
    pub text: String,
    pub formula: String,
}

/// A claim of a checked report.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimValue {
    pub id: String,
    pub class: Class,
    pub stated: Option<String>,
    pub computed: Option<dossier_core::Decimal>,
    pub formula: Option<String>,
    pub computation: String,
}

/// The result of checking a report without building it.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub id: String,
    /// How many runs were checked: 1 for a report without parameters.
    pub runs: usize,
    pub data_sets: Vec<DataSet>,
    pub figures: Vec<FigureValue>,
    pub claims: Vec<ClaimValue>,
}

impl Checked {
    /// The listing as text: data sets, figures with values, claims with
    /// classes.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.runs > 1 {
            out.push_str(&format!(
                "runs: {} checked; the figures are those of the first\n",
                self.runs
            ));
        }
        out.push_str("data sets:\n");
        for d in &self.data_sets {
            out.push_str(&format!(
                "  {} ({} rows, {}; sources: {})\n",
                d.name,
                d.rows,
                d.path.display(),
                d.sources.join(", ")
            ));
        }
        out.push_str("figures:\n");
        for f in &self.figures {
            out.push_str(&format!("  {} = {}\n", f.name, f.text));
        }
        out.push_str("claims:\n");
        for c in &self.claims {
            out.push_str(&format!("  {}: {} ({})\n", c.id, c.class, c.computation));
        }
        out
    }
}

/// A report folder opened for its runs: its spec read, its data package
/// loaded and its parameters resolved, once, however many runs are then
/// evaluated from it (see [`crate::params`]).
pub struct Template {
    pub dir: PathBuf,
    pub parsed: Arc<Parsed>,
    pub package: Arc<Package>,
    /// The report's languages, loaded, in the order listed.
    pub langs: Vec<Lang>,
    pub params: Arc<Vec<Param>>,
    /// What opening read; each run reads through a fork of it.
    pub sandbox: Sandbox,
}

impl Template {
    /// Reads `dir/report.toml` and loads the data it names, confined as
    /// `options` says (see the crate docs).
    pub fn open(dir: &Path, options: &BuildOptions) -> Result<Template, ReportError> {
        Template::open_in(sandbox_for(dir, options)?, dir)
    }

    /// As [`Template::open`], reading through `sandbox` (made by
    /// [`sandbox`] for `dir`).
    pub fn open_in(sandbox: Sandbox, dir: &Path) -> Result<Template, ReportError> {
        let spec_path = dir.join("report.toml");
        let text = sandbox.read_text(&spec_path).map_err(access)?;
        let parsed = spec::parse(&text, &spec_path)?;
        let data_dir = dir.join(&parsed.spec.data);
        sandbox.resolve(&data_dir).map_err(access)?;
        // Output names are checked before any data is loaded.
        outputs::plan(&parsed, &codes(&parsed), &ALL_FORMATS)?;
        let mut langs = Vec::new();
        for tag in &parsed.languages {
            let options = parsed.edition(tag).language;
            let lang = Lang::load(tag, options, &dossier_canvas::fonts::covers).map_err(|e| {
                ReportError::Language {
                    path: spec_path.clone(),
                    message: e.to_string(),
                }
            })?;
            langs.push(lang);
        }
        let package = package::load(
            &data_dir,
            &sandbox,
            &package::LoadOptions {
                languages: parsed.languages.clone(),
            },
        )
        .map_err(ReportError::Package)?;
        let params = params::allowed::resolve(&parsed, &package)?;
        Ok(Template {
            dir: dir.to_path_buf(),
            parsed: Arc::new(parsed),
            package: Arc::new(package),
            langs,
            params: Arc::new(params),
            sandbox,
        })
    }

    /// The output plan of `run` built with `options`: its folder, its
    /// editions (named by the run's folder) and its charts.
    pub fn plan(&self, run: &Run, options: &BuildOptions) -> Result<FolderPlan, ReportError> {
        let langs = match &options.langs {
            Some(l) => l.clone(),
            None => codes(&self.parsed),
        };
        outputs::plan_run(&self.parsed, run, &langs, &formats(options))
    }

    /// Whether the report declares parameters.
    pub fn is_parameterised(&self) -> bool {
        !self.params.is_empty()
    }

    /// The runs `selection` makes, each checked and named.
    pub fn runs(&self, selection: &Selection) -> Result<Vec<Run>, ReportError> {
        params::runs::select(&self.parsed, &self.params, selection)
    }

    /// Evaluates `run`: its figures, claims and table views, with its
    /// parameter values in scope and the rows it reads recorded.
    pub fn evaluate(&self, run: &Run) -> Result<Report, ReportError> {
        let spec_path = &self.parsed.path;
        let sandbox = self.sandbox.forked();
        let reads = Arc::new(Reads::new());
        for v in &run.values {
            // Its label, and the run itself, come from that row.
            if let Some((data, row)) = &v.row {
                reads.mark(data, [*row]);
            }
        }
        let env = Figures::with_params(run.params(), Some(reads.clone()));
        let mut defs = self.parsed.figure_defs()?;
        defs.extend(claim_figures(&self.package));
        let figures = evaluate_figures_in(&self.package, &defs, env).map_err(ReportError::Eval)?;
        let claims = check_claims(&self.package, &figures).map_err(ReportError::Eval)?;
        let mut views = BTreeMap::new();
        for def in self.parsed.view_defs()? {
            let view = evaluate_view(&self.package, &figures, &def)
                .map_err(|e| ReportError::Eval(vec![e]))?;
            if view.rows.len() > sandbox.limits.max_table_rows {
                return Err(ReportError::Limit(dossier_core::LimitExceeded::new(
                    spec_path,
                    format!("the number of rows of table `{}`", def.id),
                    view.rows.len(),
                    sandbox.limits.max_table_rows,
                    "max-table-rows",
                )));
            }
            views.insert(def.id.clone(), view);
        }
        Ok(Report {
            dir: self.dir.clone(),
            parsed: self.parsed.clone(),
            package: self.package.clone(),
            figures,
            claims,
            views,
            langs: self.langs.clone(),
            sandbox,
            params: self.params.clone(),
            run: run.clone(),
            reads,
        })
    }
}

/// One run of a report folder: its spec read, its data loaded, its
/// figures, claims and table views evaluated with the run's parameter
/// values. A report without parameters has one run, named by its id.
pub struct Report {
    pub dir: PathBuf,
    pub parsed: Arc<Parsed>,
    pub package: Arc<Package>,
    pub figures: Figures,
    pub claims: Vec<ClaimCheck>,
    pub views: BTreeMap<String, View>,
    /// The report's languages, loaded, in the order listed.
    pub langs: Vec<Lang>,
    /// What the report may read; prose and chart specs are read through it.
    pub sandbox: Sandbox,
    /// The parameters the report declares.
    pub params: Arc<Vec<Param>>,
    /// The run: its parameter values and output folder.
    pub run: Run,
    /// The rows of each data set the run takes values from.
    pub reads: Arc<Reads>,
}

impl Report {
    /// Reads `dir/report.toml`, loads the data it names and evaluates it,
    /// confined as `options` says (see the crate docs). A report with
    /// parameters is evaluated as its default run.
    pub fn open(dir: &Path, options: &BuildOptions) -> Result<Report, ReportError> {
        Report::open_in(sandbox_for(dir, options)?, dir)
    }

    /// As [`Report::open`], reading through `sandbox` (made by [`sandbox`]
    /// for `dir`), whose journal then says what the report read.
    pub fn open_in(sandbox: Sandbox, dir: &Path) -> Result<Report, ReportError> {
        let template = Template::open_in(sandbox, dir)?;
        let run = template
            .runs(&Selection::Configured)?
            .into_iter()
            .next()
            .unwrap_or_else(|| Run::plain(&template.parsed.spec.id));
        let mut report = template.evaluate(&run)?;
        // One run read through the sandbox it was given.
        report.sandbox = template.sandbox;
        Ok(report)
    }

    /// The output plan of a build with `options`.
    pub fn plan(&self, options: &BuildOptions) -> Result<FolderPlan, ReportError> {
        outputs::plan_run(
            &self.parsed,
            &self.run,
            &self.build_codes(options)?,
            &formats(options),
        )
    }

    /// What the run takes from each data set, by rows: what its figures,
    /// claims and views took (recorded when it was evaluated), every chart
    /// it places (whose data is read here, without drawing), and every row
    /// of every data set when it places the `provenance` or
    /// `normalisation` table.
    pub fn data_reads(&self) -> Result<Vec<DataRead>, ReportError> {
        let lang = self.langs[0];
        let data = charts::Data {
            package: &self.package,
            figures: &self.figures,
            views: &self.views,
            languages: &self.parsed.languages,
            strict: false,
            resolver: None,
        };
        for (section, _) in self.parsed.all_sections() {
            for block in &section.blocks {
                if let Some(spec::BlockKind::Chart(rel)) = block.get_ref().kind() {
                    charts::read_data(&data, &self.dir.join(rel), lang, &self.sandbox)?;
                }
            }
        }
        Ok(self.recorded_reads())
    }

    /// What the run took from each data set as recorded so far (a build
    /// records the data of the charts it draws), with every row of every
    /// data set when it places the `provenance` or `normalisation` table.
    fn recorded_reads(&self) -> Vec<DataRead> {
        let every_row = self.parsed.all_sections().any(|(section, _)| {
            section.blocks.iter().any(|b| {
                matches!(
                    b.get_ref().kind(),
                    Some(spec::BlockKind::Table("provenance" | "normalisation"))
                )
            })
        });
        if every_row {
            for r in &self.package.resources {
                self.reads.mark_all(&self.package, &r.name);
            }
        }
        self.reads.record(&self.package)
    }
    /// The languages a build with `options` makes.
    fn build_langs(&self, options: &BuildOptions) -> Result<Vec<Lang>, ReportError> {
        let Some(asked) = &options.langs else {
            return Ok(self.langs.clone());
        };
        asked
            .iter()
            .map(|code| {
                self.langs
                    .iter()
                    .copied()
                    .find(|l| l.code().eq_ignore_ascii_case(code))
                    .ok_or_else(|| ReportError::Io {
                        path: self.parsed.path.clone(),
                        message: format!(
                            "the report has no language `{code}`; its languages are {}",
                            codes(&self.parsed).join(", ")
                        ),
                    })
            })
            .collect()
    }

    fn build_codes(&self, options: &BuildOptions) -> Result<Vec<String>, ReportError> {
        Ok(self
            .build_langs(options)?
            .iter()
            .map(|l| l.code().to_string())
            .collect())
    }
}

/// `claim.<id>`: the value each claim states, at its stated precision.
fn claim_figures(package: &Package) -> Vec<dossier_core::evaluate::FigureDef> {
    package
        .claims
        .iter()
        .filter_map(|c| {
            let stated = c.stated.as_ref()?;
            Some(dossier_core::evaluate::FigureDef {
                name: format!("claim.{}", c.id),
                formula: dossier_core::evaluate::FormulaSource::new(
                    stated.value.to_string(),
                    c.place.clone(),
                    false,
                ),
                each: None,
                decimals: Some(stated.decimals),
                unit: Some(dossier_core::evaluate::claims::claim_unit(c.unit.as_ref())),
                place: c.place.clone(),
            })
        })
        .collect()
}

/// The tags of the report's languages.
fn codes(parsed: &Parsed) -> Vec<String> {
    parsed.languages.iter().map(|t| t.to_string()).collect()
}

/// Every format a build can write; `check` plans them all, so that it
/// finds every collision a build could meet.
const ALL_FORMATS: [Format; 4] = [Format::Pdf, Format::Png, Format::Svg, Format::Html];

/// The formats `options` asks for.
fn formats(options: &BuildOptions) -> Vec<Format> {
    [
        (options.pdf, Format::Pdf),
        (options.png, Format::Png),
        (options.svg, Format::Svg),
        (options.html, Format::Html),
    ]
    .into_iter()
    .filter_map(|(on, f)| on.then_some(f))
    .collect()
}

/// A read refused or failed by the sandbox, as a report error.
pub(crate) fn access(e: DataError) -> ReportError {
    ReportError::Data(vec![e])
}

/// The folders the report in `dir` may read: its own folder, and
/// `options.root` or else the project's `data/` folder when there is one.
pub fn allowed_roots(dir: &Path, options: &BuildOptions) -> Result<Vec<PathBuf>, ReportError> {
    let mut roots = vec![folder::report_folder(dir)?];
    match &options.root {
        Some(root) => roots.push(std::fs::canonicalize(root).map_err(|e| ReportError::Io {
            path: root.clone(),
            message: format!("cannot open the --root folder: {e}"),
        })?),
        None => roots.extend(project_data_dir(dir)?),
    }
    Ok(roots)
}

/// The project's `data/` folder for the report in `dir`: the `data/`
/// folder holding `sources/` of the nearest ancestor of `dir` (its parent
/// first), resolved. `None` when no ancestor has one; an error when the
/// one found is not a plain folder (see [`folder::plain_folder`]).
pub fn project_data_dir(dir: &Path) -> Result<Option<PathBuf>, ReportError> {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return Ok(None);
    };
    match dir
        .ancestors()
        .skip(1)
        .map(|a| a.join("data"))
        .find(|d| d.join("sources").is_dir())
    {
        Some(data) => folder::plain_folder(&data, "the project's data folder").map(Some),
        None => Ok(None),
    }
}

fn sandbox_for(dir: &Path, options: &BuildOptions) -> Result<Sandbox, ReportError> {
    Sandbox::new(&allowed_roots(dir, options)?, options.limits).map_err(access)
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

/// Loads and validates everything a build would use, writing nothing: the
/// documents are assembled and laid out, so that text no font covers and
/// the page limit fail here as they would in a build.
pub fn check(dir: &Path, options: &BuildOptions) -> Result<Checked, ReportError> {
    check_in(sandbox_for(dir, options)?, dir)
}

/// As [`check`], reading through `sandbox` (made by [`sandbox`] for `dir`).
///
/// A report with parameters is checked in every run it is built in by
/// default (its `[runs]`, else its defaults); the listing is that of the
/// first.
pub fn check_in(sandbox: Sandbox, dir: &Path) -> Result<Checked, ReportError> {
    let template = Template::open_in(sandbox, dir)?;
    let mut runs = template.runs(&Selection::Configured)?.into_iter();
    let Some(first) = runs.next() else {
        return Err(template.parsed.error(0, "the report makes no runs"));
    };
    let count = 1 + runs.len();
    let check = |run: &Run| -> Result<Report, ReportError> {
        let mut report = template.evaluate(run)?;
        // Read through the sandbox given, whose journal the caller shows
        // an error's lines from.
        report.sandbox = template.sandbox.clone();
        let located = |e| characters::located(&report.sandbox, e);
        for &lang in &report.langs {
            let assembled = assemble::document(&report, lang, None).map_err(located)?;
            lay_out(&report, &assembled, lang).map_err(located)?;
        }
        Ok(report)
    };
    let report = check(&first)?;
    for run in runs {
        check(&run)?;
    }
    let english = report
        .langs
        .iter()
        .copied()
        .find(|l| l.tag().language() == "en")
        .unwrap_or(report.langs[0]);
    let data_sets = report
        .package
        .resources
        .iter()
        .map(|r| {
            let mut sources: Vec<String> = Vec::new();
            for row in &r.rows {
                for s in &row.provenance.sources {
                    if !sources.contains(s) {
                        sources.push(s.clone());
                    }
                }
            }
            DataSet {
                name: r.name.clone(),
                path: r.path.clone(),
                rows: r.rows.len(),
                sources,
            }
        })
        .collect();
    let figures = report
        .figures
        .figures
        .values()
        .map(|f| FigureValue {
            name: f.name.clone(),
            value: f.value.clone(),
            text: format::figure(f, english),
            formula: f.formula.clone(),
        })
        .collect();
    let claims = report
        .claims
        .iter()
        .map(|c| ClaimValue {
            id: c.id.clone(),
            class: c.class,
            stated: c.stated.clone(),
            computed: c.computed,
            formula: c.formula.clone(),
            computation: builtins::computation(&report, c, english),
        })
        .collect();
    Ok(Checked {
        id: report.parsed.spec.id.clone(),
        runs: count,
        data_sets,
        figures,
        claims,
    })
}

/// Builds the report in `dir`: a PDF per language and every chart as PNG
/// and SVG, as asked by `options`.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<Built, ReportError> {
    build_in(sandbox_for(dir, options)?, dir, options)
}

/// As [`build`], reading through `sandbox` (made by [`sandbox`] for
/// `dir`), whose journal then says what the build read, even when it
/// failed.
pub fn build_in(
    sandbox: Sandbox,
    dir: &Path,
    options: &BuildOptions,
) -> Result<Built, ReportError> {
    let report = Report::open_in(sandbox, dir)?;
    build_report(&report, options)
}

/// Builds one run of a report, evaluated: a PDF per language and every
/// chart as PNG and SVG, as asked by `options`, into the files of its
/// plan.
pub fn build_report(report: &Report, options: &BuildOptions) -> Result<Built, ReportError> {
    let plan = report.plan(options)?;
    let langs = report.build_langs(options)?;
    let per_lang: Vec<Result<Vec<OutputFile>, ReportError>> = langs
        .par_iter()
        .map(|&lang| {
            build_lang(report, &plan, lang, options)
                .map_err(|e| characters::located(&report.sandbox, e))
        })
        .collect();
    let mut files = Vec::new();
    for result in per_lang {
        files.extend(result?);
    }
    let warnings = claim_warnings(report, langs[0]);
    // A run of a report with parameters depends on the rows it read, not
    // on the whole of each data file: a change to a row that no other run
    // read rebuilds that run alone.
    let (inputs, data) = if report.params.is_empty() {
        (report.sandbox.inputs(), Vec::new())
    } else {
        // Every chart was drawn, and recorded the rows it draws.
        let data = report.recorded_reads();
        let files: Vec<&Path> = report
            .package
            .resources
            .iter()
            .map(|r| r.path.as_path())
            .collect();
        let inputs = report
            .sandbox
            .inputs()
            .into_iter()
            .filter(|i| !files.contains(&i.path.as_path()))
            .collect();
        (inputs, data)
    };
    Ok(Built {
        id: report.parsed.spec.id.clone(),
        plan,
        files,
        inputs,
        listings: report.sandbox.listings(),
        claims: report.claims.clone(),
        warnings,
        params: report
            .run
            .values
            .iter()
            .map(|v| (v.name.clone(), v.text.clone()))
            .collect(),
        data,
    })
}

/// The claims the data contradicts or that differ from it by rounding, as
/// warnings with their computation in `lang`.
fn claim_warnings(report: &Report, lang: Lang) -> Vec<String> {
    report
        .claims
        .iter()
        .filter_map(|c| {
            let what = match c.class {
                Class::Inconsistent => "is contradicted by the data",
                Class::RoundingDifference => "differs from the data by rounding",
                _ => return None,
            };
            Some(format!(
                "claim `{}` {what}: {}",
                c.id,
                builtins::computation(report, c, lang)
            ))
        })
        .collect()
}

/// The output plan of a build of the report in `dir` with `options`, read
/// from its `report.toml` alone: its folder (the report id) and every
/// file. Errors name both sources of two outputs that would share a name.
pub fn plan(dir: &Path, options: &BuildOptions) -> Result<FolderPlan, ReportError> {
    plan_in(&sandbox_for(dir, options)?, dir, options)
}

/// As [`plan`], reading through `sandbox`.
pub fn plan_in(
    sandbox: &Sandbox,
    dir: &Path,
    options: &BuildOptions,
) -> Result<FolderPlan, ReportError> {
    plan_of(&spec_in(sandbox, dir)?, options)
}

/// Reads and checks `dir/report.toml` through `sandbox`, loading nothing
/// else.
pub fn spec_in(sandbox: &Sandbox, dir: &Path) -> Result<Parsed, ReportError> {
    let spec_path = dir.join("report.toml");
    let text = sandbox.read_text(&spec_path).map_err(access)?;
    spec::parse(&text, &spec_path)
}

/// The output plan of a build of the report `parsed` with `options`, as
/// a report without parameters (its folder is its id).
pub fn plan_of(parsed: &Parsed, options: &BuildOptions) -> Result<FolderPlan, ReportError> {
    let langs = match &options.langs {
        Some(l) => l.clone(),
        None => codes(parsed),
    };
    outputs::plan(parsed, &langs, &formats(options))
}

/// The sandbox a build of the report in `dir` reads through (see the
/// crate docs), with a fresh journal.
pub fn sandbox(dir: &Path, options: &BuildOptions) -> Result<Sandbox, ReportError> {
    sandbox_for(dir, options)
}

fn build_lang(
    report: &Report,
    plan: &FolderPlan,
    lang: Lang,
    options: &BuildOptions,
) -> Result<Vec<OutputFile>, ReportError> {
    let assembled = assemble::document(report, lang, options.source_date_epoch)?;
    let spec_path = report.dir.join("report.toml");
    let mut files = Vec::new();
    for planned in plan.files() {
        let bytes = match &planned.product {
            Product::Chart {
                spec,
                lang: l,
                format,
            } if l == lang.code() => {
                let scene = assembled
                    .charts
                    .iter()
                    .find(|(p, _)| dossier_core::access::lexical(p) == *spec)
                    .map(|(_, scene)| scene)
                    .ok_or_else(|| ReportError::Io {
                        path: spec_path.clone(),
                        message: format!("chart `{}` is planned but was not drawn", spec.display()),
                    })?;
                render_chart(scene, *format, &report.dir.join(spec))?
            }
            Product::Edition { lang: l, format } if l == lang.code() => {
                render_edition(report, &assembled, lang, *format, options)?
            }
            _ => continue,
        };
        files.push(OutputFile {
            name: planned.name.clone(),
            bytes,
        });
    }
    Ok(files)
}

/// A chart's file in `format`, from its scene.
pub(crate) fn render_chart(
    scene: &dossier_canvas::Scene,
    format: Format,
    chart_path: &Path,
) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Png => dossier_canvas::png::to_png(scene, dossier_charts::PNG_SCALE).map_err(|e| {
            ReportError::Io {
                path: chart_path.to_path_buf(),
                message: e.to_string(),
            }
        }),
        Format::Svg => Ok(dossier_canvas::svg::to_svg(scene).into_bytes()),
        Format::Pdf | Format::Html => Err(ReportError::Io {
            path: chart_path.to_path_buf(),
            message: format!("charts are not written as {} files", format.ext()),
        }),
    }
}

/// An edition's file in `format`, from its assembled document.
pub(crate) fn render_edition(
    report: &Report,
    assembled: &assemble::Assembled,
    lang: Lang,
    format: Format,
    options: &BuildOptions,
) -> Result<Vec<u8>, ReportError> {
    let spec_path = report.dir.join("report.toml");
    match format {
        Format::Pdf => {
            let laid = lay_out(report, assembled, lang)?;
            Ok(dossier_pdf::write_layout_with(
                &assembled.document,
                &laid,
                &options.pdf_options,
            )?)
        }
        Format::Html => {
            let html = dossier_html::Options {
                theme: assemble::theme(),
                embed_fonts: true,
            };
            Ok(dossier_html::write(&assembled.document, &html)
                .map_err(|e| ReportError::Io {
                    path: spec_path,
                    message: format!("the {} web edition: {e}", lang.code()),
                })?
                .into_bytes())
        }
        Format::Png | Format::Svg => Err(ReportError::Io {
            path: spec_path,
            message: format!("editions are not written as {} files", format.ext()),
        }),
    }
}

/// Lays out the pages of an assembled document, within the page limit.
pub(crate) fn lay_out(
    report: &Report,
    assembled: &assemble::Assembled,
    lang: Lang,
) -> Result<dossier_pdf::Layout, ReportError> {
    let laid = dossier_pdf::layout(&assembled.document, &assemble::theme())?;
    let limit = report.sandbox.limits.max_pages;
    if laid.pages.len() > limit {
        return Err(ReportError::Limit(dossier_core::LimitExceeded::new(
            &report.dir.join("report.toml"),
            format!("the number of pages of the {} PDF", lang.code()),
            laid.pages.len(),
            limit,
            "max-pages",
        )));
    }
    Ok(laid)
}

/// Renders one chart spec file to `[("png", bytes), ("svg", bytes)]`. The
/// data folder defaults to the nearest `data/` above the spec. Reads are
/// confined to the spec's folder and the data folder, under `limits`. The
/// chart's data must be a data set (a table view belongs to a report).
pub fn render_chart_file(
    spec_path: &Path,
    data_dir: Option<&Path>,
    lang: Lang,
    scale: f32,
    limits: Limits,
) -> Result<Vec<(&'static str, Vec<u8>)>, ReportError> {
    let data_dir = match data_dir {
        Some(d) => d.to_path_buf(),
        None => find_data_dir(spec_path).ok_or_else(|| ReportError::Io {
            path: spec_path.to_path_buf(),
            message: "no data/ folder found above the spec; pass --data".into(),
        })?,
    };
    let spec_dir = spec_path.parent().unwrap_or(Path::new("."));
    let spec_dir = if spec_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        spec_dir
    };
    let sandbox =
        Sandbox::new(&[spec_dir.to_path_buf(), data_dir.clone()], limits).map_err(access)?;
    let package = package::load(
        &data_dir,
        &sandbox,
        &package::LoadOptions {
            languages: vec![lang.tag().clone()],
        },
    )
    .map_err(ReportError::Package)?;
    let figures = Figures::default();
    let views = BTreeMap::new();
    let source = charts::Data {
        package: &package,
        figures: &figures,
        views: &views,
        languages: std::slice::from_ref(lang.tag()),
        strict: false,
        resolver: None,
    };
    let mut budget = budget::TextBudget::new(&sandbox.limits);
    let scene = charts::draw(&source, spec_path, lang, &sandbox, scale, &mut budget)
        .map_err(|e| characters::located(&sandbox, e))?
        .standalone;
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
