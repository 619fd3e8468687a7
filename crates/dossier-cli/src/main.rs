//! `dossier`: the command line. It stays thin: it parses arguments, hands
//! work to dossier-report (in parallel with rayon), writes files atomically
//! and reports what happened.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use dossier_core::Lang;
use rayon::prelude::*;

mod output;

const EXAMPLES: &str = "Examples:
  dossier build                      build every report under reports/ into out/
  dossier build reports/us-chile --lang fa --format pdf
  dossier check                      validate data, specs and prose; print the claim checks
  dossier chart reports/us-chile/charts/trade.toml --lang fa --format png,svg --out charts/
  dossier normalize --changes < text.txt";

#[derive(Parser)]
#[command(name = "dossier", version, about = "Build sourced Persian and English briefings: PDFs and charts.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build reports (every report under reports/ when none is given).
    Build {
        reports: Vec<PathBuf>,
        /// Languages to build, e.g. `fa,en` (default: the report's own list).
        #[arg(long, value_delimiter = ',')]
        lang: Option<Vec<Lang>>,
        /// Outputs to write: pdf, png, svg.
        #[arg(long, value_delimiter = ',', default_value = "pdf,png,svg")]
        format: Vec<output::Format>,
        /// Output folder; each report gets a subfolder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Print the build summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Print only errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Validate data, specs and prose without writing anything; print the claim checks.
    Check {
        reports: Vec<PathBuf>,
        /// Print the claim checks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Render one chart spec to PNG and/or SVG.
    Chart {
        spec: PathBuf,
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[arg(long, value_delimiter = ',', default_value = "png,svg")]
        format: Vec<output::Format>,
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The data folder (default: the nearest `data/` above the spec).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Pixels per point for PNG.
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
    },
    /// List the reports found under reports/.
    List,
    /// Normalise Persian text (stdin when no file is given).
    Normalize {
        file: Option<PathBuf>,
        /// List each change with its kind instead of the text.
        #[arg(long)]
        changes: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Build {
            reports,
            lang,
            format,
            out,
            jobs,
            json,
            quiet,
        } => {
            if let Some(n) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n.max(1))
                    .build_global()
                    .map_err(|e| e.to_string())?;
            }
            let dirs = report_dirs(reports)?;
            let options = dossier_report::BuildOptions {
                langs: lang,
                pdf: format.contains(&output::Format::Pdf),
                png: format.contains(&output::Format::Png),
                svg: format.contains(&output::Format::Svg),
                source_date_epoch: source_date_epoch()?,
                ..Default::default()
            };
            let results: Vec<_> = dirs
                .par_iter()
                .map(|dir| output::build_one(dir, &options, &out))
                .collect();
            let mut failed = 0;
            let mut summaries = Vec::new();
            for (dir, result) in dirs.iter().zip(results) {
                match result {
                    Ok(summary) => {
                        if !quiet && !json {
                            for file in &summary.outputs {
                                println!("wrote {}", file.path);
                            }
                        }
                        summaries.push(summary);
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("error: {}: {e}", dir.display());
                    }
                }
            }
            if json {
                let text = serde_json::to_string_pretty(&summaries).map_err(|e| e.to_string())?;
                println!("{text}");
            }
            Ok(if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Check { reports, json } => {
            let dirs = report_dirs(reports)?;
            let mut failed = false;
            for dir in &dirs {
                match dossier_report::check(dir, &Default::default()) {
                    Ok(checked) => {
                        if json {
                            println!("{}", checked.claims_json);
                        } else {
                            println!("{}: ok", dir.display());
                            print!("{}", checked.claims_table);
                            println!("figures prose can use: {}", checked.figures.join(", "));
                        }
                    }
                    Err(e) => {
                        failed = true;
                        eprintln!("error: {}:\n{e}", dir.display());
                    }
                }
            }
            Ok(if failed {
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
        } => {
            let files = dossier_report::render_chart_file(&spec, data.as_deref(), lang, scale)
                .map_err(|e| e.to_string())?;
            for (ext, bytes) in files {
                let f = match ext {
                    "png" => output::Format::Png,
                    "svg" => output::Format::Svg,
                    _ => continue,
                };
                if !format.contains(&f) {
                    continue;
                }
                let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("chart");
                let path = out.join(format!("{stem}.{}.{ext}", lang.code()));
                output::write_atomic(&path, &bytes)?;
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List => {
            for dir in dossier_report::discover(Path::new("reports")).map_err(|e| e.to_string())? {
                println!("{}", dir.display());
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
            let mut stdout = std::io::stdout().lock();
            if changes {
                for c in &normalized.changes {
                    writeln!(
                        stdout,
                        "{}..{}\t{:?}\t{:?} -> {:?}",
                        c.range.start, c.range.end, c.kind, c.before, c.after
                    )
                    .map_err(|e| e.to_string())?;
                }
            } else {
                stdout
                    .write_all(normalized.text.as_bytes())
                    .map_err(|e| e.to_string())?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The report folders named, or all under `reports/`.
fn report_dirs(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    if given.is_empty() {
        let found = dossier_report::discover(Path::new("reports")).map_err(|e| e.to_string())?;
        if found.is_empty() {
            return Err(
                "no reports found under reports/ (a report is a folder with a report.toml)".into(),
            );
        }
        Ok(found)
    } else {
        Ok(given)
    }
}

/// `SOURCE_DATE_EPOCH`, for reproducible dates in the PDFs.
fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            v.trim().parse().map(Some).map_err(|_| {
                format!("SOURCE_DATE_EPOCH must be a whole number of seconds, got {v:?}")
            })
        }
        Err(_) => Ok(None),
    }
}

#[allow(dead_code)]
fn command() -> clap::Command {
    Cli::command()
}
