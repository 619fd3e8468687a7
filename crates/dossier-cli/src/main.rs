//! `dossier`: the command line. It stays thin: it parses arguments, hands
//! work to dossier-report (in parallel with rayon), writes files atomically
//! and reports what happened, in colour with a progress bar on a terminal
//! and as plain one-line logs in CI. Nothing it prints can make it panic
//! (see `console`).

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use dossier_core::{Lang, Limits};
use rayon::prelude::*;

/// mimalloc: text shaping and PDF writing make many small allocations, and
/// with it a PDF edition renders about a fifth faster than with the system
/// allocator, for a larger (bounded) resident set. Its version 2 keeps that
/// set smaller than version 3 does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[macro_use]
mod console;
mod batch;
mod deadline;
mod diag;
mod new;
mod output;
mod runs;
mod watch;
mod writer;

const EXAMPLES: &str = "Examples:
  dossier new reports/my-report --lang en,fa   start a report that builds at once
  dossier watch reports/my-report --format pdf,html   rebuild what each save changes
  dossier build                      build every report under reports/ into out/
  dossier build reports/my-report --lang fa --format pdf
  dossier build --shard 2/4 --json   the second of four CI shards, summary as JSON
  dossier build reports/note --param country=NO   one run of a report with parameters
  dossier build reports/note --all-params         every run: each allowed value
  dossier build --force -v           rebuild even what is up to date; say more
  dossier check                      validate data, specs and prose; list data sets, figures and claims
  dossier chart reports/my-report/charts/trade.toml --lang fa --format png,svg --out charts/
  dossier normalize --changes < text.txt
  dossier completions bash > /etc/bash_completion.d/dossier

Exit codes: 0 success, 1 a report or input failed (the others still build), 2 usage.";

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build sourced Persian and English briefings: PDFs and charts.",
    after_help = EXAMPLES
)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: timings, inputs read and warnings of every report.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour and progress bar: auto (on a terminal, unless CI or NO_COLOR
    /// is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Where a report may read, and how much (see `Limits` in dossier-core).
#[derive(Args, Debug, Clone)]
struct AccessArgs {
    /// The folder a report may read besides its own [default: the project's
    /// data/, the nearest data/ holding sources/ above the report].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    deadline: DeadlineArg,
}

/// The whole-run deadline.
#[derive(Args, Debug, Clone)]
struct DeadlineArg {
    /// Stop with an error (exit 1) when the run takes longer than this many
    /// seconds, for instance because a read blocks on a remote file system;
    /// outputs are then as they were, or entirely new [default: 600].
    #[arg(long, value_name = "SECONDS", value_parser = deadline::parse_seconds,
          default_value = "600", hide_default_value = true)]
    deadline: std::time::Duration,
}

/// Resource limits; each error that hits one names its flag.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Limits")]
struct LimitArgs {
    /// Bytes of any one input file.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_file_bytes)]
    max_file_bytes: u64,
    /// Rows of one data file or table.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_table_rows)]
    max_table_rows: usize,
    /// Pages of one PDF.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages)]
    max_pages: usize,
    /// Characters of one prose file.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_prose_chars)]
    max_prose_chars: usize,
    /// Characters of one paragraph, list item, title, label or table cell.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_paragraph_chars)]
    max_paragraph_chars: usize,
    /// Characters of all the text of one document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_document_chars)]
    max_document_chars: usize,
    /// Blocks (headings, paragraphs, lists, tables, figures) of one document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_blocks)]
    max_blocks: usize,
    /// Charts in one document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_charts)]
    max_charts: usize,
    /// Points of one chart.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_chart_points)]
    max_chart_points: usize,
    /// Width of one chart, in points.
    #[arg(long, value_name = "PT", default_value_t = Limits::default().max_chart_width)]
    max_chart_width: u32,
    /// Height of one chart, in points.
    #[arg(long, value_name = "PT", default_value_t = Limits::default().max_chart_height)]
    max_chart_height: u32,
    /// Pixels of one chart image (width × height at the PNG scale).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_chart_pixels)]
    max_chart_pixels: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_bytes,
            max_table_rows: self.max_table_rows,
            max_pages: self.max_pages,
            max_prose_chars: self.max_prose_chars,
            max_paragraph_chars: self.max_paragraph_chars,
            max_document_chars: self.max_document_chars,
            max_blocks: self.max_blocks,
            max_charts: self.max_charts,
            max_chart_points: self.max_chart_points,
            max_chart_width: self.max_chart_width,
            max_chart_height: self.max_chart_height,
            max_chart_pixels: self.max_chart_pixels,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build reports (every report under reports/ when none is given).
    ///
    /// Each report gets a folder under --out with its PDFs, charts and a
    /// build.json (inputs and outputs with hashes, timings, warnings, claim
    /// checks). Reports whose outputs are up to date are skipped.
    Build {
        reports: Vec<PathBuf>,
        /// Languages to build, e.g. `fa,en` [default: the report's own list].
        #[arg(long, value_delimiter = ',')]
        lang: Option<Vec<String>>,
        /// Outputs to write.
        #[arg(long, value_delimiter = ',', default_value = "pdf,png,svg")]
        format: Vec<output::Format>,
        /// Output folder; each report gets a subfolder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Worker threads, 1 to 4 × the cores [default: one per core].
        #[arg(long, short, value_parser = parse_jobs)]
        jobs: Option<usize>,
        /// Build only part K of N, e.g. `2/4`: a stable partition of the
        /// reports by folder name, for CI matrices.
        #[arg(long, value_name = "K/N")]
        shard: Option<batch::Shard>,
        /// Rebuild even reports whose outputs are up to date.
        #[arg(long)]
        force: bool,
        /// Do not wait for each output set to reach the disk before it is
        /// switched in. Sets still switch whole, but a power loss or system
        /// crash soon after may leave files empty: for CI machines whose
        /// disk does not outlive them.
        #[arg(long)]
        no_sync: bool,
        /// Build one run of a report with parameters, with this value
        /// (repeat for several parameters; the others take their defaults).
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = dossier_report::params::parse_assignment)]
        params: Vec<(String, String)>,
        /// Build every run of each report with parameters: every
        /// combination of their allowed values [default: the report's
        /// `[runs]`, else its defaults].
        #[arg(long, conflicts_with = "params")]
        all_params: bool,
        /// Print the build summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Write PDFs without tags (structure tree, marked content,
        /// artifacts); they are tagged by default.
        #[arg(long)]
        no_tags: bool,
        /// PDF standards the editions declare: `ua-1`, `a-2b` or `a-2u`,
        /// several separated by commas (`ua-1,a-2u`).
        #[arg(long, value_delimiter = ',', value_name = "STANDARD")]
        pdf_standard: Vec<dossier_report::PdfStandard>,
        #[command(flatten)]
        access: AccessArgs,
    },
    /// Start a report: a new folder, in the general format, that builds at once.
    New(new::NewArgs),
    /// Build a report, then rebuild what each save changes, until Ctrl-C.
    Watch(watch::WatchArgs),
    /// Validate data, specs and prose without writing anything; list data sets, figures and claims.
    Check {
        reports: Vec<PathBuf>,
        /// Check only part K of N (as for build).
        #[arg(long, value_name = "K/N")]
        shard: Option<batch::Shard>,
        /// Print the claim checks as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        access: AccessArgs,
    },
    /// Render one chart spec to PNG and/or SVG.
    Chart {
        spec: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long, value_delimiter = ',', default_value = "png,svg")]
        format: Vec<output::Format>,
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The data folder [default: the nearest data/ holding sources/ above the spec].
        #[arg(long)]
        data: Option<PathBuf>,
        /// Pixels per point for PNG, more than 0 and at most 16.
        #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
        scale: f32,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        deadline: DeadlineArg,
    },
    /// List the reports found under reports/.
    List {
        /// List only part K of N (as for build).
        #[arg(long, value_name = "K/N")]
        shard: Option<batch::Shard>,
    },
    /// Normalise Persian text (stdin when no file is given).
    Normalize {
        file: Option<PathBuf>,
        /// List each change with its kind instead of the text.
        #[arg(long)]
        changes: bool,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into --out.
    Man {
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// How much to print, and how.
#[derive(Debug, Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: bool,
    style: diag::Style,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help, the version and usage errors, printed by clap; a write
            // error there is handled like any other.
            console::record(!e.use_stderr(), e.print());
            return console::finish(ExitCode::from(e.exit_code().clamp(0, 255) as u8));
        }
    };
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
        style: diag::Style {
            fancy: fancy(cli.color),
        },
    };
    let code = match run(cli.command, ui) {
        Ok(code) => code,
        Err(message) => {
            err!("{}", diag::render(ui.style, &message, "", None, 0, 0));
            ExitCode::from(1)
        }
    };
    console::finish(code)
}

/// Colour and progress only for a person at a terminal.
fn fancy(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("CI").is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// `--jobs`: 1 to 4 × the cores. More threads than that only compete for
/// the same cores, and a huge number would try to start that many threads.
fn parse_jobs(text: &str) -> Result<usize, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let max = 4 * cores;
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected 1 to {max} (4 × the {cores} cores of this machine); found {text:?}"
        )),
    }
}

/// `--scale`: more than 0 and at most 16 pixels per point.
fn parse_scale(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if s > 0.0 && s <= 16.0 => Ok(s),
        _ => Err(format!(
            "expected a number of pixels per point, more than 0 and at most 16; found {text:?}"
        )),
    }
}

/// A usage error found after the arguments were parsed (exit code 2).
fn usage(ui: Ui, message: &str) -> ExitCode {
    eprint!("{}", diag::render(ui.style, message, "", None, 0, 0));
    ExitCode::from(2)
}

fn run(command: Command, ui: Ui) -> Result<ExitCode, String> {
    match command {
        Command::Build {
            reports,
            lang,
            format,
            out,
            jobs,
            shard,
            force,
            no_sync,
            params,
            all_params,
            json,
            no_tags,
            pdf_standard,
            access,
        } => {
            let source_date_epoch = match source_date_epoch() {
                Ok(epoch) => epoch,
                Err(message) => return Ok(usage(ui, &message)),
            };
            match shape_cache_budget() {
                Ok(Some(bytes)) => dossier_report::shape_cache::set_budget(bytes),
                Ok(None) => {}
                Err(message) => return Ok(usage(ui, &message)),
            }
            deadline::start(access.deadline.deadline, "build");
            let standards =
                dossier_report::Standards::from_list(&pdf_standard).map_err(|e| e.to_string())?;
            if standards.ua1 && no_tags {
                return Err("--pdf-standard ua-1 needs tags: drop --no-tags".into());
            }
            if let Some(n) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .map_err(|e| e.to_string())?;
            }
            let dirs = report_dirs(reports, None)?;
            batch::warm_up();
            let job = batch::Job {
                options: dossier_report::BuildOptions {
                    langs: lang,
                    pdf: format.contains(&output::Format::Pdf),
                    png: format.contains(&output::Format::Png),
                    svg: format.contains(&output::Format::Svg),
                    html: format.contains(&output::Format::Html),
                    source_date_epoch,
                    root: access.root.clone(),
                    limits: access.limits.limits(),
                    pdf_options: dossier_report::PdfOptions {
                        standards,
                        tagged: !no_tags,
                    },
                },
                formats: format,
                out: output::OutRoot::open(&out)?,
                force,
                sync: !no_sync,
                selection: if all_params {
                    dossier_report::Selection::All
                } else if params.is_empty() {
                    dossier_report::Selection::Configured
                } else {
                    dossier_report::Selection::Given(params)
                },
            };
            build(&dirs, shard, &job, json, ui)
        }
        Command::New(args) => new::run(args, ui.quiet).map(|()| ExitCode::SUCCESS),
        Command::Watch(args) => watch::run(args, ui),
        Command::Check {
            reports,
            shard,
            json,
            access,
        } => {
            deadline::start(access.deadline.deadline, "check");
            let dirs = report_dirs(reports, shard)?;
            let options = dossier_report::BuildOptions {
                root: access.root.clone(),
                limits: access.limits.limits(),
                ..Default::default()
            };
            let mut failed = 0;
            let mut results = Vec::new();
            let plans = batch::plans(&dirs, &options);
            for (dir, plan) in dirs.iter().zip(&plans) {
                let checked = match plan {
                    Ok(_) => match dossier_report::sandbox(dir, &options) {
                        Ok(sandbox) => dossier_report::check_in(sandbox.clone(), dir)
                            .map_err(|e| batch::failure_reading(e, &sandbox)),
                        Err(e) => Err(batch::failure(e)),
                    },
                    Err(failure) => Err(failure.clone()),
                };
                match checked {
                    Ok(checked) => {
                        if json {
                            results.push(serde_json::json!({
                                "dir": dir,
                                "report": checked.id,
                                "status": "ok",
                                "data_sets": checked.data_sets,
                                "claims": checked.claims,
                                "figures": checked.figures,
                                "error": null,
                            }));
                        } else if !ui.quiet {
                            outln!("{}: ok", dir.display());
                            out!("{}", checked.text());
                        }
                    }
                    Err(failure) => {
                        failed += 1;
                        err!(
                            "{}",
                            show_error(ui, dir, &dir.display().to_string(), &options, &failure)
                        );
                        results.push(serde_json::json!({
                            "dir": dir,
                            "report": null,
                            "status": "failed",
                            "data_sets": [],
                            "claims": [],
                            "figures": [],
                            "error": failure,
                        }));
                    }
                }
            }
            if json {
                let summary = serde_json::json!({
                    "schema": batch::BUILD_SCHEMA,
                    "checked": dirs.len() - failed,
                    "failed": failed,
                    "reports": results,
                });
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?
                );
            }
            Ok(if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Chart {
            spec,
            lang,
            format,
            out,
            data,
            scale,
            limits,
            deadline,
        } => {
            deadline::start(deadline.deadline, "chart");
            let files = dossier_report::render_chart_file(
                &spec,
                data.as_deref(),
                lang,
                scale,
                limits.limits(),
            )
            .map_err(|e| e.to_string())?;
            let root = output::OutRoot::open(&out)?;
            for (ext, bytes) in files {
                let f = match ext {
                    "png" => output::Format::Png,
                    "svg" => output::Format::Svg,
                    _ => continue,
                };
                if !format.contains(&f) {
                    continue;
                }
                // Named as in a report's folder, by the same rule.
                let name = dossier_outputs::name::chart(&spec, lang.code(), f.planned()).map_err(
                    |problem| {
                        format!(
                            "{}: the chart's output name {problem}",
                            spec.display().to_string().escape_debug()
                        )
                    },
                )?;
                let Some(_commit) = deadline::commit() else {
                    return Err("the deadline passed before the chart was written".into());
                };
                root.write_file(&name, &bytes)?;
                if !ui.quiet {
                    outln!("wrote {}", out.join(&name).display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { shard } => {
            for dir in report_dirs(Vec::new(), shard)? {
                outln!("{}", dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Normalize { file, changes } => {
            let text = match &file {
                Some(path) => {
                    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => {
                    let mut s = String::new();
                    std::io::stdin()
                        .read_to_string(&mut s)
                        .map_err(|e| format!("<stdin>: {e}"))?;
                    s
                }
            };
            let normalized = dossier_core::normalize(&text);
            if changes {
                for c in &normalized.changes {
                    outln!(
                        "{}..{}\t{:?}\t{:?} -> {:?}",
                        c.range.start,
                        c.range.end,
                        c.kind,
                        c.before,
                        c.after
                    );
                }
            } else {
                console::write_out(normalized.text.as_bytes());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            // Generated into memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "dossier", &mut script);
            console::write_out(&script);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out } => {
            let cmd = Cli::command();
            match out {
                Some(dir) => {
                    let root = output::OutRoot::open(&dir)?;
                    for (name, page) in man_pages(cmd)? {
                        root.write_file(&name, &page)?;
                    }
                    if !ui.quiet {
                        outln!("wrote man pages to {}", dir.display());
                    }
                }
                None => {
                    let mut page = Vec::new();
                    clap_mangen::Man::new(cmd)
                        .render(&mut page)
                        .map_err(|e| e.to_string())?;
                    console::write_out(&page);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The man page of `cmd` and of each of its commands, as file name and
/// text; what `clap_mangen::generate_to` writes, rendered in memory so that
/// the files are written like every other output.
fn man_pages(cmd: clap::Command) -> Result<Vec<(String, Vec<u8>)>, String> {
    fn collect(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            collect(sub, pages)?;
        }
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page).map_err(|e| e.to_string())?;
        pages.push((man.get_filename(), page));
        Ok(())
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(cmd, &mut pages)?;
    Ok(pages)
}

/// The `--json` summary of a build.
#[derive(serde::Serialize)]
struct Summary<'a> {
    schema: u32,
    built: usize,
    up_to_date: usize,
    failed: usize,
    millis: f64,
    reports: &'a [batch::ReportResult],
    /// Output folders of runs that no longer exist, removed.
    removed: &'a [String],
    /// The shaping cache over the whole build.
    shaping: Shaping,
}

/// The shaping cache's counters, in the `--json` summary.
#[derive(serde::Serialize)]
struct Shaping {
    hits: u64,
    misses: u64,
    hit_rate: f64,
    evicted: u64,
    entries: u64,
    bytes: u64,
}

impl Shaping {
    fn now() -> Shaping {
        let s = dossier_report::shape_cache::stats();
        Shaping {
            hits: s.hits,
            misses: s.misses,
            hit_rate: (s.hit_rate() * 1e4).round() / 1e4,
            evicted: s.evicted,
            entries: s.entries,
            bytes: s.bytes,
        }
    }
}

fn build(
    dirs: &[PathBuf],
    shard: Option<batch::Shard>,
    job: &batch::Job,
    json: bool,
    ui: Ui,
) -> Result<ExitCode, String> {
    let start = Instant::now();
    let (units, templates) = runs::units(dirs, &job.options, &job.selection, shard);
    let bar = progress(ui, json, units.len());
    // Output sets are synced and switched in on two writer threads while
    // the workers build the next units.
    let mut results: Vec<batch::ReportResult> = writer::Writer::scope(2, |w| {
        units
            .par_iter()
            .map(|unit| {
                let r = runs::build(unit, job, Some(w));
                if let Some(bar) = &bar {
                    bar.set_message(unit.dir().display().to_string());
                    bar.inc(1);
                }
                r
            })
            .collect()
    });
    job.out.sync_switches();
    for r in &mut results {
        r.settle();
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut removed = Vec::new();
    let mut remove_failed = false;
    for t in &templates {
        for r in runs::remove_stale(t, job, shard) {
            match r {
                Ok(name) => {
                    if !json && !ui.quiet {
                        outln!("removed {}", job.out.path().join(&name).display());
                    }
                    removed.push(name);
                }
                Err(message) => {
                    err!("{}", diag::render(ui.style, &message, "", None, 0, 0));
                    remove_failed = true;
                }
            }
        }
    }
    let count = |s: batch::Status| results.iter().filter(|r| r.status == s).count();
    let (built, fresh, failed) = (
        count(batch::Status::Built),
        count(batch::Status::UpToDate),
        count(batch::Status::Failed),
    );
    for r in &results {
        report_result(ui, json, job, r);
    }
    if json {
        let summary = Summary {
            schema: batch::BUILD_SCHEMA,
            built,
            up_to_date: fresh,
            failed,
            millis: (start.elapsed().as_secs_f64() * 1e4).round() / 10.0,
            reports: &results,
            removed: &removed,
            shaping: Shaping::now(),
        };
        let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
        outln!("{text}");
    } else if !ui.quiet {
        errln!(
            "{built} built, {fresh} up to date, {failed} failed in {:.2} s",
            start.elapsed().as_secs_f64()
        );
        if ui.verbose {
            let s = Shaping::now();
            errln!(
                "shaping cache: {} hits, {} misses ({:.1}% hits), {} evicted, {} entries, {:.1} MB",
                s.hits,
                s.misses,
                s.hit_rate * 100.0,
                s.evicted,
                s.entries,
                s.bytes as f64 / 1e6
            );
        }
    }
    if failed > 0 {
        let names: Vec<String> = results
            .iter()
            .filter(|r| r.status == batch::Status::Failed)
            .map(|r| r.shown())
            .collect();
        errln!("failed: {}", names.join(", "));
        return Ok(ExitCode::from(1));
    }
    if remove_failed {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what happened to one report: one line per output written (or
/// one for a report that was up to date), errors with their source lines.
fn report_result(ui: Ui, json: bool, job: &batch::Job, r: &batch::ReportResult) {
    if let Some(error) = &r.error {
        err!(
            "{}",
            show_error(ui, &r.dir, &r.shown(), &job.options, error)
        );
        return;
    }
    if json || ui.quiet {
        return;
    }
    let name = r.report.as_deref().unwrap_or("?");
    match r.status {
        batch::Status::Built => {
            for o in &r.outputs {
                outln!("wrote {}", o.path);
            }
        }
        batch::Status::UpToDate => {
            outln!("up to date: {name} ({} files)", r.outputs.len())
        }
        batch::Status::Failed => {}
    }
    if ui.verbose {
        outln!("{name}: {:.1} ms", r.millis);
        for w in &r.warnings {
            outln!("warning: {name}: {w}");
        }
    } else if !r.warnings.is_empty() && r.status == batch::Status::Built {
        outln!(
            "{name}: {} claim warnings, listed in build.json (or run with -v)",
            r.warnings.len()
        );
    }
}

/// An error of the report in `dir`, with the offending source lines.
fn show_error(
    ui: Ui,
    dir: &Path,
    shown: &str,
    options: &dossier_report::BuildOptions,
    failure: &batch::Failure,
) -> String {
    // Lines are shown only of files the report itself read: a path that
    // the sandbox refused, or that the report never reached, is named but
    // its content is never printed.
    let read: Vec<PathBuf> = failure
        .read
        .iter()
        .map(|p| dossier_core::access::lexical(p))
        .collect();
    let was_read = |p: &Path| read.contains(&dossier_core::access::lexical(p));
    let with_lines: Vec<_> = failure.places.iter().filter(|p| p.line > 0).collect();
    if with_lines.is_empty() {
        return diag::render(
            ui.style,
            &format!("{shown}: {}", failure.message),
            "",
            None,
            0,
            0,
        );
    }
    // Source lines are read through the report's sandbox, so that showing
    // an error never reads what the build could not.
    let sandbox = dossier_report::sandbox(dir, options).ok();
    let mut out = String::new();
    for place in with_lines {
        let text = sandbox
            .as_ref()
            .filter(|_| was_read(&place.path))
            .and_then(|s| s.read_text(&place.path).ok());
        let column = match (&text, &place.needle) {
            (Some(text), Some(needle)) if place.column == 0 && !needle.is_empty() => text
                .split('\n')
                .nth(place.line - 1)
                .and_then(|l| l.find(needle.as_str()).map(|i| l[..i].chars().count() + 1))
                .unwrap_or(0),
            _ => place.column,
        };
        out.push_str(&diag::render(
            ui.style,
            &format!("{shown}: {}", place.message),
            &dossier_core::access::lexical(&place.path)
                .display()
                .to_string(),
            text.as_deref(),
            place.line,
            column,
        ));
    }
    out
}

/// A progress bar on stderr, for a person at a terminal.
fn progress(ui: Ui, json: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !ui.style.fancy || ui.quiet || json {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{bar:30}] {pos}/{len} {elapsed} {wide_msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// The report folders named, or all under `reports/`, restricted to a shard.
fn report_dirs(given: Vec<PathBuf>, shard: Option<batch::Shard>) -> Result<Vec<PathBuf>, String> {
    let all = if given.is_empty() {
        let found = dossier_report::discover(Path::new("reports")).map_err(|e| e.to_string())?;
        if found.is_empty() {
            return Err(
                "no reports found under reports/ (a report is a folder with a report.toml)".into(),
            );
        }
        found
    } else {
        given
    };
    let all = batch::distinct(all);
    Ok(match shard {
        Some(s) => all.into_iter().filter(|d| s.holds(d)).collect(),
        None => all,
    })
}

/// `SOURCE_DATE_EPOCH`, for reproducible dates in the PDFs: a whole number
/// of seconds since 1970 within the four-digit years a PDF date can hold.
fn source_date_epoch() -> Result<Option<i64>, String> {
    use dossier_report::{MAX_CREATION_DATE, MIN_CREATION_DATE};
    let value = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v,
        Err(std::env::VarError::NotPresent) => return Ok(None),
        Err(std::env::VarError::NotUnicode(v)) => {
            return Err(format!(
                "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {v:?}"
            ))
        }
    };
    let epoch: i64 = value.trim().parse().map_err(|_| {
        format!("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value:?}")
    })?;
    if !(MIN_CREATION_DATE..=MAX_CREATION_DATE).contains(&epoch) {
        return Err(format!(
            "SOURCE_DATE_EPOCH {epoch} is outside the years 0 to 9999 a PDF date can hold; \
             expected {MIN_CREATION_DATE} (0000-01-01) to {MAX_CREATION_DATE} (9999-12-31 23:59:59)"
        ));
    }
    Ok(Some(epoch))
}

/// `DOSSIER_SHAPE_CACHE`: the byte budget of the shaping cache shared by
/// the reports and runs of one build (0 turns it off; see
/// `dossier_canvas::shape_cache`).
fn shape_cache_budget() -> Result<Option<usize>, String> {
    match std::env::var("DOSSIER_SHAPE_CACHE") {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Ok(v) => v.trim().parse::<usize>().map(Some).map_err(|_| {
            format!("DOSSIER_SHAPE_CACHE must be a whole number of bytes (0 turns the cache off), got {v:?}")
        }),
        Err(std::env::VarError::NotUnicode(v)) => Err(format!(
            "DOSSIER_SHAPE_CACHE must be a whole number of bytes, got {v:?}"
        )),
    }
}

/// A language tag for `--lang`, loaded.
fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
