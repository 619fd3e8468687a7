//! Prints the claim-check table: `cargo run -p dossier-core --example claims [-- fa|en|json] [data-dir]`.

use std::path::PathBuf;

use dossier_core::{check_claims, claims_table, load_dataset, Lang};

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "en".into());
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| "data".into());
    let ds = match load_dataset(&dir) {
        Ok(ds) => ds,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            std::process::exit(1);
        }
    };
    let checks = check_claims(&ds);
    if mode == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&checks).unwrap_or_default()
        );
        return;
    }
    let lang: Lang = mode.parse().unwrap_or(Lang::En);
    print!("{}", claims_table(&checks, lang));
}
