//! `dossier-pdfcheck [--pdfa b|u] [--ua-id] [--no-ua] [--no-pdfa] [--list] FILE...`:
//! checks PDFs and prints one line per finding. Exit code 0 when every
//! file passes, 1 when a file fails a checkpoint, 2 on bad usage or an
//! unreadable file.

use std::process::ExitCode;

use dossier_pdfcheck::{check, Checkpoint, Level, Options};

const USAGE: &str =
    "usage: dossier-pdfcheck [--pdfa b|u] [--ua-id] [--no-ua] [--no-pdfa] [--list] FILE...";

fn main() -> ExitCode {
    let mut options = Options::claimed();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--pdfa" => match args.next().as_deref() {
                Some("b" | "B") => options.pdfa = Some(Level::B),
                Some("u" | "U") => options.pdfa = Some(Level::U),
                _ => {
                    eprintln!("--pdfa takes b or u\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--ua-id" => options.ua_identification = Some(true),
            "--no-ua" => options.ua = false,
            "--no-pdfa" => options.no_pdfa = true,
            "--list" => {
                for c in Checkpoint::ALL {
                    println!("{:<12} {:<40} {}", c.id(), c.clause(), c.title());
                }
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            f if f.starts_with('-') => {
                eprintln!("unknown option {f}\n{USAGE}");
                return ExitCode::from(2);
            }
            f => files.push(f.to_string()),
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut code = ExitCode::SUCCESS;
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        };
        match check(&bytes, &options) {
            Ok(report) => {
                for finding in &report.findings {
                    println!("{f}: {finding}");
                }
                println!(
                    "{f}: {} checkpoints checked, {} findings",
                    report.checked.len(),
                    report.findings.len()
                );
                if !report.passed() {
                    code = ExitCode::from(1);
                }
            }
            Err(e) => {
                eprintln!("{f}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    code
}
