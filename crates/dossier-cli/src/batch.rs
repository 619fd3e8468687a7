//! Building many reports: choosing them (sharding), planning their
//! outputs and checking the plans against each other, skipping those whose
//! outputs are up to date, building the rest and writing each one's output
//! set with its `build.json` (see [`crate::output`]).
//!
//! A report is up to date when its `build.json` was written by the same
//! dossier binary with the same options, every file the build read (its
//! journal, see [`dossier_core::Sandbox`]) still has the same SHA-256,
//! every folder it listed holds the same names, and its output folder holds
//! exactly the files its plan names, each with the hash it was written with.
//! A run of a report with parameters is checked the same way, with its
//! parameter values, and by the rows it read instead of its data files
//! (see [`crate::runs`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use dossier_core::evaluate::DataRead;
use dossier_core::{sha256_hex, Input, Limits, Listing};
use dossier_outputs::{FolderPlan, RECORD};
use dossier_report::{BuildOptions, ReportError};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::output::{self, Format, OutRoot, Staging};
use crate::writer::{Ticket, Writer};

/// Version of the `build.json` layout: 2 added runs of reports with
/// parameters (`run`, `params`, `data`).
pub const BUILD_SCHEMA: u32 = 2;

/// `--shard K/N`: the K-th of N parts (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N, e.g. 2/4; found {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Whether the report in `dir` belongs to this shard. The partition
    /// hashes the folder's name only, so a report stays in its shard
    /// wherever the project is checked out and whatever else is added.
    pub fn holds(&self, dir: &Path) -> bool {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        self.holds_name(&name)
    }

    /// Whether the output named `name` (a run's folder) belongs to this
    /// shard: the same hash, of that name alone, so that a run stays in its
    /// shard whatever runs are added beside it.
    pub fn holds_name(&self, name: &str) -> bool {
        let digest = sha256_hex(name.as_bytes());
        let h = u64::from_str_radix(&digest[..16], 16).unwrap_or(0);
        h % self.n == self.k - 1
    }
}

/// What identifies the program that made an output: a binary built from
/// other sources makes every output out of date. The hash of the binary's
/// bytes, unlike its file time, survives a fresh CI checkout that rebuilds
/// the same sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub binary_sha256: String,
}

/// The running binary's identity, hashed once per process (about 40 ms
/// for a release binary; [`warm_up`] starts it early).
pub fn tool() -> &'static Tool {
    static TOOL: OnceLock<Tool> = OnceLock::new();
    TOOL.get_or_init(|| Tool {
        name: "dossier".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        binary_sha256: std::env::current_exe()
            .and_then(|p| hash_file(&p))
            .unwrap_or_default(),
    })
}

/// Hashes the binary on a thread of its own while the first reports build.
pub fn warm_up() {
    std::thread::spawn(|| {
        tool();
    });
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The options that shape a report's outputs, as recorded in `build.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedOptions {
    pub langs: Option<Vec<String>>,
    pub formats: Vec<String>,
    pub source_date_epoch: Option<i64>,
    pub root: Option<PathBuf>,
    pub limits: Limits,
    /// How PDFs are written: `tagged` or `untagged`, then the standards
    /// they declare (`tagged ua-1,a-2u`). Records from before it was kept
    /// read as empty, so their outputs are rebuilt.
    #[serde(default)]
    pub pdf: String,
}

/// One output file in `build.json` and in the `--json` summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    /// Name inside the report's output folder.
    pub file: String,
    /// Path as written (the output folder joined with `file`).
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Milliseconds spent building in memory, writing, and in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub build_ms: f64,
    pub write_ms: f64,
    pub total_ms: f64,
}

/// The contents of `build.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildRecord {
    pub schema: u32,
    pub report: String,
    /// The report folder as given.
    pub dir: PathBuf,
    pub tool: Tool,
    pub options: RecordedOptions,
    /// For a run of a report with parameters: its output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// The run's parameter values, as they name it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// Every file the build read; for a run of a report with parameters,
    /// every file but its data files, which `data` covers row by row.
    pub inputs: Vec<Input>,
    pub listings: Vec<Listing>,
    /// What a run took from each data set, by rows (see
    /// [`dossier_core::evaluate::reads`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataRead>,
    pub outputs: Vec<OutputRecord>,
    pub timings: Timings,
    pub warnings: Vec<String>,
    pub claims: serde_json::Value,
}

/// How one report ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Built,
    UpToDate,
    Failed,
}

/// A place an error points at, in the `--json` summary.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorPlace {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip)]
    pub needle: Option<String>,
}

/// Why a report failed, in the `--json` summary.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// `io`, `spec`, `prose`, `data.<kind>`, `path`, `limit`, `chart`,
    /// `text`, `pdf`, `output` (outputs that would share a name) or
    /// `write`.
    pub kind: String,
    pub message: String,
    pub places: Vec<ErrorPlace>,
    /// The files the report read before it failed: only their lines may be
    /// shown with the error.
    #[serde(skip)]
    pub read: Vec<PathBuf>,
}

/// One report's line in the `--json` summary.
#[derive(Debug, Clone, Serialize)]
pub struct ReportResult {
    pub dir: PathBuf,
    pub report: Option<String>,
    /// For a run of a report with parameters: its values (`country=NO`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    pub status: Status,
    pub outputs: Vec<OutputRecord>,
    pub warnings: Vec<String>,
    pub error: Option<Failure>,
    pub millis: f64,
    /// Where the outputs were handed to a [`Writer`]: what became of them.
    #[serde(skip)]
    pub written: Option<Ticket>,
}

impl ReportResult {
    /// The report folder, and the run for a run: how errors name it.
    /// Takes in the outcome of the set handed to a [`Writer`], once the
    /// writer is done: a set that could not be written fails the report.
    pub fn settle(&mut self) {
        if let Some(Err(failure)) = self.written.take().map(|t| t.outcome()) {
            self.status = Status::Failed;
            self.outputs.clear();
            self.error = Some(failure);
        }
    }

    pub fn shown(&self) -> String {
        match &self.run {
            Some(run) => format!("{} [{run}]", self.dir.display()),
            None => self.dir.display().to_string(),
        }
    }
}

/// What `dossier build` does to each report.
pub struct Job {
    pub options: BuildOptions,
    pub formats: Vec<Format>,
    pub out: OutRoot,
    pub force: bool,
    /// Whether every file of a set is synced to disk before the set is
    /// switched in (`--no-sync` turns it off).
    pub sync: bool,
    /// The runs of reports with parameters to build.
    pub selection: dossier_report::Selection,
}

/// The report folders `dirs` without repeats: a folder named twice
/// (`reports/a` and `./reports/a/`) is one report, built once.
pub fn distinct(dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    dirs.into_iter()
        .filter(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())))
        .collect()
}

/// The output plan of each report in `dirs`, in order, or why it has
/// none. Reports whose output folders would be one folder all fail, each
/// naming another, so that none of them wins by the order of the batch.
pub fn plans(dirs: &[PathBuf], options: &BuildOptions) -> Vec<Result<FolderPlan, Failure>> {
    let mut plans: Vec<Result<FolderPlan, Failure>> = dirs
        .par_iter()
        .map(|dir| {
            // Read through a sandbox of its own, so that an error in
            // `report.toml` may show its lines.
            let sandbox = dossier_report::sandbox(dir, options).map_err(failure)?;
            dossier_report::plan_in(&sandbox, dir, options)
                .map_err(|e| failure_reading(e, &sandbox))
        })
        .collect();
    refuse_colliding(&mut plans.iter_mut().collect::<Vec<_>>());
    plans
}

/// Turns each plan whose output folder another plan also writes into a
/// failure naming both (see [`dossier_outputs::folder_collisions`]).
pub(crate) fn refuse_colliding(plans: &mut [&mut Result<FolderPlan, Failure>]) {
    let planned: Vec<(usize, &FolderPlan)> = plans
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().ok().map(|p| (i, p)))
        .collect();
    let folders: Vec<_> = planned
        .iter()
        .map(|(_, p)| (p.folder(), p.origin()))
        .collect();
    let collisions: Vec<(usize, dossier_outputs::PlanError)> =
        dossier_outputs::folder_collisions(&folders)
            .into_iter()
            .zip(&planned)
            .filter_map(|(c, (i, _))| c.map(|c| (*i, c)))
            .collect();
    for (i, collision) in collisions {
        *plans[i] = Err(failure(ReportError::Output(collision)));
    }
}

impl Job {
    /// The options as `build.json` records them.
    pub fn recorded(&self) -> RecordedOptions {
        let mut formats: Vec<String> = self
            .formats
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        formats.sort();
        formats.dedup();
        RecordedOptions {
            langs: self.options.langs.as_ref().cloned(),
            formats,
            source_date_epoch: self.options.source_date_epoch,
            root: self.options.root.clone(),
            limits: self.options.limits,
            pdf: {
                let p = &self.options.pdf_options;
                let tags = if p.tagged { "tagged" } else { "untagged" };
                format!("{tags} {}", p.standards)
            },
        }
    }
}

/// Builds (or skips) the report in `dir`, planned as `plan`.
pub fn run<'a>(
    dir: &Path,
    plan: &Result<FolderPlan, Failure>,
    job: &'a Job,
    writer: Option<&Writer<'a>>,
) -> ReportResult {
    let start = Instant::now();
    let mut result = ReportResult {
        dir: dir.to_path_buf(),
        report: None,
        run: None,
        status: Status::Failed,
        outputs: Vec::new(),
        warnings: Vec::new(),
        error: None,
        millis: 0.0,
        written: None,
    };
    let outcome = match plan {
        Ok(plan) => run_inner(dir, plan, job, &mut result, start, writer),
        Err(failure) => Err(failure.clone()),
    };
    match outcome {
        Ok(status) => result.status = status,
        Err(failure) => {
            result.status = Status::Failed;
            result.error = Some(failure);
        }
    }
    result.millis = ms(start);
    result
}

pub fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

fn run_inner<'a>(
    dir: &Path,
    plan: &FolderPlan,
    job: &'a Job,
    result: &mut ReportResult,
    start: Instant,
    writer: Option<&Writer<'a>>,
) -> Result<Status, Failure> {
    let sandbox = dossier_report::sandbox(dir, &job.options).map_err(failure)?;
    let id = plan.folder();
    result.report = Some(id.to_string());
    let recorded = job.recorded();
    output::restore(&job.out, id).map_err(write_failure)?;
    if !job.force {
        if let Some(previous) = up_to_date(dir, job, plan, &recorded, &BTreeMap::new()) {
            result.outputs = previous.outputs;
            result.warnings = previous.warnings;
            return Ok(Status::UpToDate);
        }
    }
    let built = dossier_report::build_in(sandbox.clone(), dir, &job.options)
        .map_err(|e| failure_reading(e, &sandbox))?;
    publish(dir, plan, built, job, result, start, writer)
}

/// Writes the outputs of `built`, planned as `plan`, with their
/// `build.json`, and switches them into place as one set: here, or on the
/// threads of `writer`, whose ticket the result then waits on.
pub fn publish<'a>(
    dir: &Path,
    plan: &FolderPlan,
    built: dossier_report::Built,
    job: &'a Job,
    result: &mut ReportResult,
    start: Instant,
    writer: Option<&Writer<'a>>,
) -> Result<Status, Failure> {
    let id = plan.folder().to_string();
    if built.plan.names() != plan.names() || built.plan.folder() != id {
        // The batch's plans were checked against each other, not this one.
        return Err(Failure {
            kind: "output".into(),
            message: format!(
                "{}: report.toml changed while the report was built; build it again",
                dir.join("report.toml").display()
            ),
            places: Vec::new(),
            read: Vec::new(),
        });
    }
    let folder = job.out.path().join(&id);
    let build_ms = ms(start);
    let outputs: Vec<OutputRecord> = built
        .files
        .iter()
        .map(|file| OutputRecord {
            file: file.name.clone(),
            path: folder.join(&file.name).display().to_string(),
            bytes: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
        })
        .collect();
    let record = BuildRecord {
        schema: BUILD_SCHEMA,
        report: built.id.clone(),
        dir: dir.to_path_buf(),
        tool: tool().clone(),
        options: job.recorded(),
        run: (!built.params.is_empty()).then(|| id.clone()),
        params: built.params.iter().cloned().collect(),
        inputs: built.inputs,
        listings: built.listings,
        data: built.data,
        outputs: outputs.clone(),
        timings: Timings::default(),
        warnings: built.warnings.clone(),
        claims: serde_json::to_value(&built.claims).unwrap_or_default(),
    };
    let files = built.files;
    let write = move || write_set(job, &id, &files, record, build_ms, start);
    match writer {
        Some(w) => result.written = Some(w.hand(write)),
        None => write()?,
    }
    result.outputs = outputs;
    result.warnings = built.warnings;
    Ok(Status::Built)
}

/// Writes `files` and their `record` as the new set of the folder `id`,
/// and switches it into place.
fn write_set(
    job: &Job,
    id: &str,
    files: &[dossier_report::OutputFile],
    mut record: BuildRecord,
    build_ms: f64,
    start: Instant,
) -> Result<(), Failure> {
    let write_start = Instant::now();
    // Dropped on any error before it is published: the old set stays.
    let mut staging = if job.sync {
        Staging::start(&job.out, id)
    } else {
        Staging::start_unsynced(&job.out, id)
    }
    .map_err(write_failure)?;
    for file in files {
        staging
            .write(&file.name, &file.bytes)
            .map_err(write_failure)?;
    }
    record.timings = Timings {
        build_ms,
        write_ms: ms(write_start),
        total_ms: ms(start),
    };
    let json = serde_json::to_vec_pretty(&record).map_err(|e| write_failure(e.to_string()))?;
    staging.write(RECORD, &json).map_err(write_failure)?;
    // Past the deadline, the old outputs stay as they are.
    let Some(_commit) = crate::deadline::commit() else {
        return Err(write_failure(
            "the deadline passed before the outputs were switched into place".into(),
        ));
    };
    staging.publish().map_err(write_failure)
}

/// The largest `build.json` read back, in bytes: `out/` may come from a
/// cache, and nothing there is trusted to be small.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// The previous `build.json` of the report when nothing it depends on has
/// changed (see the module docs). The output folder is read without
/// following links: a symlink in its place, or in it, is never up to date.
///
/// For a run of a report with parameters, `params` are its values; the
/// caller then compares the rows it reads with the record's `data`.
pub fn up_to_date(
    dir: &Path,
    job: &Job,
    plan: &FolderPlan,
    recorded: &RecordedOptions,
    params: &BTreeMap<String, String>,
) -> Option<BuildRecord> {
    let folder = job.out.folder(plan.folder()).ok()?;
    let text = folder.read(RECORD, MAX_RECORD_BYTES).ok()?;
    let previous: BuildRecord = serde_json::from_slice(&text).ok()?;
    if previous.schema != BUILD_SCHEMA
        || previous.dir != dir
        || &previous.options != recorded
        || &previous.tool != tool()
        || &previous.params != params
        || previous.inputs.is_empty()
    {
        return None;
    }
    // The folder holds exactly what the plan names, and build.json lists.
    let mut listed: Vec<&str> = previous
        .outputs
        .iter()
        .map(|o| o.file.as_str())
        .chain([RECORD])
        .collect();
    listed.sort_unstable();
    if listed != plan.names() || folder.names().ok()? != listed {
        return None;
    }
    let sandbox = dossier_report::sandbox(dir, &job.options).ok()?;
    for input in &previous.inputs {
        let bytes = sandbox.read(&input.path).ok()?;
        if bytes.len() as u64 != input.bytes || sha256_hex(&bytes) != input.sha256 {
            return None;
        }
    }
    for listing in &previous.listings {
        let mut names: Vec<String> = sandbox
            .list(&listing.path)
            .ok()?
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        if names != listing.entries {
            return None;
        }
    }
    for out in &previous.outputs {
        let bytes = folder.read(&out.file, out.bytes).ok()?;
        if bytes.len() as u64 != out.bytes || sha256_hex(&bytes) != out.sha256 {
            return None;
        }
    }
    Some(previous)
}

/// A report error as a failure, with the files `sandbox` read before it.
pub fn failure_reading(e: ReportError, sandbox: &dossier_core::Sandbox) -> Failure {
    Failure {
        read: sandbox.inputs().into_iter().map(|i| i.path).collect(),
        ..failure(e)
    }
}

/// A report error as a failure, with every place it points at.
pub fn failure(e: ReportError) -> Failure {
    Failure {
        read: Vec::new(),
        kind: e.kind(),
        message: e.to_string(),
        places: e
            .locations()
            .into_iter()
            .map(|l| ErrorPlace {
                path: l.path,
                line: l.line,
                column: l.column,
                message: l.message,
                needle: l.needle,
            })
            .collect(),
    }
}

pub fn write_failure(message: String) -> Failure {
    Failure {
        kind: "write".into(),
        message,
        places: Vec::new(),
        read: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { k: 2, n: 4 }));
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition() {
        let dirs: Vec<PathBuf> = (0..300)
            .map(|i| PathBuf::from(format!("reports/r-{i}")))
            .collect();
        for n in 1..=5 {
            let mut seen = vec![0; dirs.len()];
            for k in 1..=n {
                let shard = Shard { k, n };
                let mut count = 0;
                for (i, d) in dirs.iter().enumerate() {
                    if shard.holds(d) {
                        seen[i] += 1;
                        count += 1;
                    }
                }
                // Roughly even: no shard of 300 reports is starved.
                assert!(count * n as usize >= 300 / 2, "{k}/{n}: {count}");
            }
            assert!(
                seen.iter().all(|&s| s == 1),
                "every report in exactly one of {n} shards"
            );
        }
        // Stable: the same folder name, wherever it lives.
        let s = Shard { k: 1, n: 3 };
        assert_eq!(
            s.holds(Path::new("a/r-7")),
            s.holds(Path::new("/elsewhere/r-7"))
        );
    }
}
