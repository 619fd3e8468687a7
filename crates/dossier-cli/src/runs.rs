//! Runs of reports with parameters, in a batch: each report folder opened
//! once (its spec read, its data package loaded), its runs chosen
//! (`--param`, `--all-params`, or the report's `[runs]` manifest), each
//! run planned into its own output folder beside the other reports', and
//! built, or skipped when it is up to date.
//!
//! A run is up to date when its `build.json` shows the same binary,
//! options and parameter values, every file other than its data files
//! unchanged, its outputs intact, and the same rows taken from each data
//! set: the run is evaluated again (its figures, views and the data of its
//! charts, which is quick) and what it takes is compared, row by row, with
//! what the record says it took. A change to one row rebuilds the runs
//! that took that row, and no other.
//!
//! When a build makes every run the report is built in (no `--param`),
//! the folders of its runs that no longer exist are removed, as stale
//! outputs are; with `--shard`, each shard removes those whose names it
//! holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use dossier_outputs::{FolderPlan, RECORD};
use dossier_report::{BuildOptions, Run, Selection, Template};
use rayon::prelude::*;

use crate::batch::{self, Failure, Job, ReportResult, Shard, Status};
use crate::output;
use crate::writer::Writer;

/// One folder of a batch's outputs: a report without parameters, or one
/// run of a report with them.
pub enum Unit {
    Report {
        dir: PathBuf,
        plan: Result<FolderPlan, Failure>,
    },
    Run {
        dir: PathBuf,
        template: Arc<Template>,
        run: Run,
        plan: Result<FolderPlan, Failure>,
    },
}

impl Unit {
    pub fn dir(&self) -> &Path {
        match self {
            Unit::Report { dir, .. } | Unit::Run { dir, .. } => dir,
        }
    }

    fn plan_mut(&mut self) -> &mut Result<FolderPlan, Failure> {
        match self {
            Unit::Report { plan, .. } | Unit::Run { plan, .. } => plan,
        }
    }

    /// Whether the unit belongs to `shard`: a report by its folder's name,
    /// a run by its output folder's name.
    fn in_shard(&self, shard: &Shard) -> bool {
        match self {
            Unit::Report { dir, .. } => shard.holds(dir),
            Unit::Run { run, .. } => shard.holds_name(&run.folder),
        }
    }
}

/// A report with parameters opened for a batch, with the folders of all
/// the runs chosen (in every shard), and whether they are all its runs.
pub struct Opened {
    pub dir: PathBuf,
    pub id: String,
    pub folders: Vec<String>,
    pub complete: bool,
}

/// The units of the report folders `dirs`, in order, planned and checked
/// against each other (two folders that would be one are errors naming
/// both), then restricted to `shard`; and the reports with parameters
/// among them.
pub fn units(
    dirs: &[PathBuf],
    options: &BuildOptions,
    selection: &Selection,
    shard: Option<Shard>,
) -> (Vec<Unit>, Vec<Opened>) {
    let opened: Vec<(Vec<Unit>, Option<Opened>)> = dirs
        .par_iter()
        .map(|dir| open(dir, options, selection))
        .collect();
    let mut units = Vec::new();
    let mut templates = Vec::new();
    for (u, t) in opened {
        units.extend(u);
        templates.extend(t);
    }
    batch::refuse_colliding(&mut units.iter_mut().map(Unit::plan_mut).collect::<Vec<_>>());
    if let Some(shard) = shard {
        units.retain(|u| u.in_shard(&shard));
    }
    (units, templates)
}

/// The units of one report folder.
fn open(dir: &Path, options: &BuildOptions, selection: &Selection) -> (Vec<Unit>, Option<Opened>) {
    let failed = |plan: Result<FolderPlan, Failure>| {
        (
            vec![Unit::Report {
                dir: dir.to_path_buf(),
                plan,
            }],
            None,
        )
    };
    // Read through a sandbox of its own, so that an error in
    // `report.toml` may show its lines.
    let sandbox = match dossier_report::sandbox(dir, options) {
        Ok(s) => s,
        Err(e) => return failed(Err(batch::failure(e))),
    };
    let parsed = match dossier_report::spec_in(&sandbox, dir) {
        Ok(p) => p,
        Err(e) => return failed(Err(batch::failure_reading(e, &sandbox))),
    };
    if parsed.spec.params.is_empty() {
        // `--param` names a parameter this report does not declare.
        if let Err(e) = dossier_report::params::runs::select(&parsed, &[], selection) {
            return failed(Err(batch::failure_reading(e, &sandbox)));
        }
        return failed(
            dossier_report::plan_of(&parsed, options)
                .map_err(|e| batch::failure_reading(e, &sandbox)),
        );
    }
    let template = match Template::open_in(sandbox.clone(), dir) {
        Ok(t) => Arc::new(t),
        Err(e) => return failed(Err(batch::failure_reading(e, &sandbox))),
    };
    let runs = match template.runs(selection) {
        Ok(r) => r,
        Err(e) => return failed(Err(batch::failure_reading(e, &sandbox))),
    };
    let opened = Opened {
        dir: dir.to_path_buf(),
        id: template.parsed.spec.id.clone(),
        folders: runs.iter().map(|r| r.folder.clone()).collect(),
        complete: selection.is_complete(),
    };
    let units = runs
        .into_iter()
        .map(|run| Unit::Run {
            dir: dir.to_path_buf(),
            plan: template
                .plan(&run, options)
                .map_err(|e| batch::failure_reading(e, &sandbox)),
            template: template.clone(),
            run,
        })
        .collect();
    (units, Some(opened))
}

/// Builds (or skips) one unit.
/// Builds (or skips) one unit; `writer`, when given, writes its outputs.
pub fn build<'a>(unit: &Unit, job: &'a Job, writer: Option<&Writer<'a>>) -> ReportResult {
    match unit {
        Unit::Report { dir, plan } => batch::run(dir, plan, job, writer),
        Unit::Run {
            dir,
            template,
            run,
            plan,
        } => {
            let start = Instant::now();
            let mut result = ReportResult {
                dir: dir.clone(),
                report: Some(run.folder.clone()),
                run: Some(run.describe()),
                status: Status::Failed,
                outputs: Vec::new(),
                warnings: Vec::new(),
                error: None,
                millis: 0.0,
                written: None,
            };
            let outcome = match plan {
                Ok(plan) => build_run(dir, template, run, plan, job, &mut result, start, writer),
                Err(failure) => Err(failure.clone()),
            };
            match outcome {
                Ok(status) => result.status = status,
                Err(failure) => result.error = Some(failure),
            }
            result.millis = batch::ms(start);
            result
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_run<'a>(
    dir: &Path,
    template: &Template,
    run: &Run,
    plan: &FolderPlan,
    job: &'a Job,
    result: &mut ReportResult,
    start: Instant,
    writer: Option<&Writer<'a>>,
) -> Result<Status, Failure> {
    let folder = plan.folder();
    output::restore(&job.out, folder).map_err(batch::write_failure)?;
    let report = template
        .evaluate(run)
        .map_err(|e| batch::failure_reading(e, &template.sandbox))?;
    if !job.force {
        let params: BTreeMap<String, String> = run
            .values
            .iter()
            .map(|v| (v.name.clone(), v.text.clone()))
            .collect();
        if let Some(previous) = batch::up_to_date(dir, job, plan, &job.recorded(), &params) {
            // Evaluated again, it takes the same rows, unchanged.
            if report.data_reads().ok().as_ref() == Some(&previous.data) {
                result.outputs = previous.outputs;
                result.warnings = previous.warnings;
                return Ok(Status::UpToDate);
            }
        }
    }
    let built = dossier_report::build_report(&report, &job.options)
        .map_err(|e| batch::failure_reading(e, &report.sandbox))?;
    drop(report);
    batch::publish(dir, plan, built, job, result, start, writer)
}

/// Removes the folders under `--out` of runs of `report` that the build
/// did not make: folders named `ID-…` whose `build.json` says they are a
/// run of the report in the same folder, outside `report.folders`, and (with
/// `shard`) held by this shard. Returns the folders removed, or why one
/// could not be.
pub fn remove_stale(
    report: &Opened,
    job: &Job,
    shard: Option<Shard>,
) -> Vec<Result<String, String>> {
    if !report.complete {
        return Vec::new();
    }
    let Ok(names) = job.out.names() else {
        return Vec::new();
    };
    let prefix = format!("{}-", report.id);
    let mut out = Vec::new();
    for name in names {
        if !name.starts_with(&prefix)
            || report.folders.contains(&name)
            || shard.is_some_and(|s| !s.holds_name(&name))
        {
            continue;
        }
        let Ok(folder) = job.out.folder(&name) else {
            continue;
        };
        let Ok(text) = folder.read(RECORD, batch::MAX_RECORD_BYTES) else {
            continue;
        };
        let Ok(record) = serde_json::from_slice::<batch::BuildRecord>(&text) else {
            continue;
        };
        if record.report != report.id
            || record.dir != report.dir
            || record.run.as_deref() != Some(name.as_str())
        {
            continue;
        }
        drop(folder);
        out.push(output::remove(&job.out, &name).map(|()| name));
    }
    out
}
