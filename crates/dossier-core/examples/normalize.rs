//! Normalises a Persian text file and lists the changes:
//! `cargo run -p dossier-core --example normalize -- FILE`.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "data/sources/000_be3af3bae581de8e.txt".into());
    let text =
        match dossier_core::Sandbox::unconfined(dossier_core::Limits::default()).read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
    let n = dossier_core::normalize(&text);
    println!("{}", n.text);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in &n.changes {
        *counts.entry(format!("{:?}", c.kind)).or_default() += 1;
    }
    for (kind, count) in counts {
        eprintln!("{kind}: {count}");
    }
}
