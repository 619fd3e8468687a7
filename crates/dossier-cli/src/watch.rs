//! `dossier watch [REPORT_DIR]`: builds a report, then rebuilds what each
//! save changes until Ctrl-C.
//!
//! It watches, through `notify`, the folders of every file the last build
//! read (the report's [`Session`] keeps them: spec, prose, data, sources
//! and chart specs) and collects the events of one save for a short quiet
//! spell ([`QUIET`], never more than [`MAX_DEBOUNCE`] in all), since an
//! editor's save is several events. A save that leaves a file's bytes as
//! they were does nothing. Otherwise the session redoes only what the
//! changed files reach, and the whole output set, unchanged files carried
//! forward, is switched into place in one step by the output-set writer
//! (without fsync: a watch's outputs are remade on the next save), so the
//! folder always holds exactly what its `build.json` lists and a PDF
//! viewer never reads a half-written file. One line says what was
//! remade and how long it took; an error prints its diagnostic and leaves
//! the last good outputs in place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use dossier_core::sha256_hex;
use dossier_outputs::RECORD;
use dossier_report::{BuildOptions, Rebuilt, Session};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::batch::{self, BuildRecord, Failure, OutputRecord, Timings};
use crate::output::{self, OutRoot, Staging};
use crate::{LimitArgs, Ui};

/// How long a save's events are collected after the last one.
pub const QUIET: Duration = Duration::from_millis(20);

/// The longest a save's events are collected, from the first one.
pub const MAX_DEBOUNCE: Duration = Duration::from_millis(50);

/// `dossier watch`'s arguments.
#[derive(Args, Debug, Clone)]
pub(crate) struct WatchArgs {
    /// The report folder [default: this folder if it holds a report.toml,
    /// else the one report under reports/].
    report: Option<PathBuf>,
    /// Languages to build, e.g. `fa,en` [default: the report's own list].
    #[arg(long, value_delimiter = ',')]
    lang: Option<Vec<String>>,
    /// Outputs to write.
    #[arg(long, value_delimiter = ',', default_value = "pdf,png,svg")]
    format: Vec<output::Format>,
    /// Output folder; the report gets a subfolder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The folder the report may read besides its own [default: the
    /// project's data/].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// What reaches the loop: a file event, or a signal to stop.
enum Message {
    Files(notify::Result<notify::Event>),
    Stop,
}

/// Runs the watch until Ctrl-C (SIGINT) or SIGTERM.
pub(crate) fn run(args: WatchArgs, ui: Ui) -> Result<ExitCode, String> {
    let dir = report_dir(args.report)?;
    let options = BuildOptions {
        langs: args.lang,
        pdf: args.format.contains(&output::Format::Pdf),
        png: args.format.contains(&output::Format::Png),
        svg: args.format.contains(&output::Format::Svg),
        html: args.format.contains(&output::Format::Html),
        source_date_epoch: crate::source_date_epoch()?,
        root: args.root,
        limits: args.limits.limits(),
        pdf_options: dossier_report::PdfOptions {
            tagged: true,
            ..Default::default()
        },
    };
    batch::warm_up();
    let job = batch::Job {
        options: options.clone(),
        formats: args.format,
        out: OutRoot::open(&args.out)?,
        force: true,
        // The watch writes its sets itself, unsynced (see `write_set`).
        sync: false,
        selection: dossier_report::Selection::Configured,
    };
    let (tx, rx) = mpsc::channel();
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let signal_handle = signals.handle();
    let stop = tx.clone();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = stop.send(Message::Stop);
        }
    });
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(Message::Files(event));
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut watching = BTreeSet::new();
    let mut session = Session::new(&dir, options);

    rebuild(&mut session, &[], &job, ui);
    let files = update_watches(&mut watcher, &mut watching, &session);
    if !ui.quiet {
        errln!(
            "watching {files} files in {} folders; Ctrl-C to stop",
            watching.len()
        );
    }
    'events: while let Ok(message) = rx.recv() {
        let Message::Files(event) = message else {
            break;
        };
        let mut changed = relevant(event, &session, &watching);
        if changed.is_empty() {
            continue;
        }
        let first = Instant::now();
        loop {
            let left = MAX_DEBOUNCE.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(QUIET.min(left)) {
                Ok(Message::Files(event)) => changed.extend(relevant(event, &session, &watching)),
                Ok(Message::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break 'events,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
            }
        }
        changed.sort();
        changed.dedup();
        if !session.affected(&changed) {
            continue;
        }
        rebuild(&mut session, &changed, &job, ui);
        update_watches(&mut watcher, &mut watching, &session);
    }
    signal_handle.close();
    if !ui.quiet {
        errln!("stopped watching {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The report folder to watch: the one given, this folder when it holds a
/// report, or the only report under `reports/`.
fn report_dir(given: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    if Path::new("report.toml").is_file() {
        return Ok(PathBuf::from("."));
    }
    let found = dossier_report::discover(Path::new("reports")).unwrap_or_default();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(
            "no report to watch: name its folder (a folder with a report.toml), or run in one"
                .into(),
        ),
        many => Err(format!(
            "name the report to watch: {}",
            many.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A path as it is compared: absolute, `.` and `..` removed.
fn key(path: &Path) -> PathBuf {
    dossier_core::access::lexical(&std::path::absolute(path).unwrap_or_else(|_| path.into()))
}

/// The paths of `event` that may matter: a file a build read, or a new
/// file in a watched folder that could be one (a prose file for a
/// language, a chart spec, a data file), not an editor's swap or backup
/// file. Reads and changes of metadata alone are left out.
fn relevant(
    event: notify::Result<notify::Event>,
    session: &Session,
    watching: &BTreeSet<PathBuf>,
) -> Vec<PathBuf> {
    let Ok(event) = event else {
        return Vec::new();
    };
    match event.kind {
        EventKind::Access(_) | EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => {
            return Vec::new()
        }
        _ => {}
    }
    let watched: BTreeSet<PathBuf> = session.watched().iter().map(|p| key(p)).collect();
    event
        .paths
        .into_iter()
        .filter(|p| {
            let p = key(p);
            if watched.contains(&p) {
                return true;
            }
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let input_like = !name.starts_with('.')
                && !name.ends_with('~')
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("md" | "toml" | "csv" | "json" | "txt")
                );
            input_like && p.parent().is_some_and(|d| watching.contains(d))
        })
        .collect()
}

/// Watches the folder of every file the session depends on (an editor
/// that saves by renaming a new file over the old one replaces the file,
/// and a watch on the file itself would be lost), and stops watching
/// folders no longer needed. Returns the number of files depended on.
fn update_watches(
    watcher: &mut notify::RecommendedWatcher,
    watching: &mut BTreeSet<PathBuf>,
    session: &Session,
) -> usize {
    let files = session.watched();
    let wanted: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| key(f).parent().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .collect();
    for gone in watching.difference(&wanted).cloned().collect::<Vec<_>>() {
        let _ = watcher.unwatch(&gone);
        watching.remove(&gone);
    }
    for new in wanted.difference(&watching.clone()) {
        if watcher.watch(new, RecursiveMode::NonRecursive).is_ok() {
            watching.insert(new.clone());
        }
    }
    files.len()
}

/// Rebuilds what `changed` reaches and switches the outputs in; prints
/// one line, or the error and that the last good outputs stay.
fn rebuild(session: &mut Session, changed: &[PathBuf], job: &batch::Job, ui: Ui) {
    let start = Instant::now();
    let rebuilt = session.rebuild(changed);
    let build_ms = ms(start);
    let why = changed_names(changed);
    match rebuilt {
        Ok(r) => match write_set(session.dir(), &r, job, build_ms, start) {
            Ok(()) if ui.quiet => {}
            Ok(()) if changed.is_empty() => outln!(
                "built {}: {} files in {:.1} ms",
                job.out.path().join(&r.id).display(),
                r.files.len() + 1,
                ms(start)
            ),
            Ok(()) if r.remade.is_empty() => outln!(
                "rebuilt nothing ({why} changed no output) in {:.1} ms",
                ms(start)
            ),
            Ok(()) => outln!(
                "rebuilt {} in {:.1} ms ({why})",
                r.remade.join(", "),
                ms(start)
            ),
            Err(message) => {
                err!(
                    "{}",
                    crate::diag::render(ui.style, &message, "", None, 0, 0)
                );
                errln!("kept the last good outputs");
            }
        },
        Err(e) => {
            let failure = Failure {
                read: session.failed_reads().to_vec(),
                ..batch::failure(e)
            };
            err!(
                "{}",
                crate::show_error(
                    ui,
                    session.dir(),
                    &session.dir().display().to_string(),
                    &job.options,
                    &failure
                )
            );
            errln!("kept the last good outputs; watching for the next change");
        }
    }
}

/// The changed files, as paths below the current folder where they are.
fn changed_names(changed: &[PathBuf]) -> String {
    let here = std::env::current_dir().map(|d| key(&d)).unwrap_or_default();
    changed
        .iter()
        .map(|p| {
            let p = key(p);
            p.strip_prefix(&here)
                .map(Path::to_path_buf)
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

/// Writes the whole output set of `r` with its `build.json`, unsynced,
/// and switches it in (see the module docs).
fn write_set(
    dir: &Path,
    r: &Rebuilt,
    job: &batch::Job,
    build_ms: f64,
    start: Instant,
) -> Result<(), String> {
    let write_start = Instant::now();
    let folder = job.out.path().join(&r.id);
    let mut staging = Staging::start_unsynced(&job.out, &r.id)?;
    let mut outputs = Vec::new();
    for file in &r.files {
        staging.write(&file.name, &file.bytes)?;
        outputs.push(OutputRecord {
            file: file.name.clone(),
            path: folder.join(&file.name).display().to_string(),
            bytes: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
        });
    }
    let record = BuildRecord {
        schema: batch::BUILD_SCHEMA,
        report: r.id.clone(),
        dir: dir.to_path_buf(),
        tool: batch::tool().clone(),
        options: job.recorded(),
        run: None,
        params: Default::default(),
        inputs: r.inputs.clone(),
        listings: r.listings.clone(),
        data: Vec::new(),
        outputs,
        timings: Timings {
            build_ms,
            write_ms: ms(write_start),
            total_ms: ms(start),
        },
        warnings: r.warnings.clone(),
        claims: serde_json::to_value(&r.claims).unwrap_or_default(),
    };
    let json = serde_json::to_vec_pretty(&record).map_err(|e| e.to_string())?;
    staging.write(RECORD, &json)?;
    staging.publish()
}
