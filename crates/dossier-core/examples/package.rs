//! Loads and checks a data package and lists what it holds, or every
//! error: `cargo run -p dossier-core --example package -- [DIR] [LANG...]`
//! (default `data`, no languages required).

use std::path::PathBuf;

use dossier_core::package::{load, LoadOptions};
use dossier_core::{Limits, Sandbox};
use dossier_lang::LanguageTag;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| "data".into());
    let mut languages = Vec::new();
    for a in args {
        match LanguageTag::parse(&a) {
            Ok(t) => languages.push(t),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
    }
    let sandbox = match Sandbox::new(std::slice::from_ref(&dir), Limits::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    match load(&dir, &sandbox, &LoadOptions { languages }) {
        Ok(p) => {
            for r in &p.resources {
                println!(
                    "{}: {} rows, {} fields",
                    r.name,
                    r.rows.len(),
                    r.schema.fields.len()
                );
            }
            for s in &p.sources {
                println!("source {} ({})", s.name, s.kind.name());
            }
            println!("{} errata, {} claims", p.errata.len(), p.claims.len());
            for w in &p.warnings {
                println!("warning: {}: {}", w.at, w.message);
            }
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error[{}]: {e}", e.kind());
            }
            std::process::exit(1);
        }
    }
}
