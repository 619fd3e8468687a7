//! Proof that the engine is general: no Rust source under `crates/` names
//! the subject of the shipped briefing (its countries and people, in any
//! script) or any claim id of it, as a whole word, in code, strings,
//! tests, benches or examples. The briefing's facts live in `data/` and
//! `reports/`, nowhere else.

use std::path::{Path, PathBuf};

use dossier_e2e::root;

/// The subject's names: English, Spanish (with the adjectives) and
/// Persian; Persian is compared after unifying Arabic yeh and kaf.
const WORDS: &[&str] = &[
    "chile",
    "chilean",
    "chileans",
    "chileno",
    "chilena",
    "chilenos",
    "chilenas",
    "cuba",
    "cuban",
    "cubans",
    "cubano",
    "cubana",
    "cubanos",
    "cubanas",
    "carter",
    "reagan",
    "pinochet",
    "شیلی",
    "شیلیایی",
    "کوبا",
    "کوبایی",
    "کارتر",
    "ریگان",
    "پینوشه",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The claim ids of the briefing, read from its claims file.
fn claim_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("data/claims.toml")).expect("claims.toml");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .map(str::to_string)
        .collect()
}

/// The words of `text`, lower-cased: runs of letters, digits and `_`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\u{200C}'))
        .filter(|w| !w.is_empty())
        .map(|w| dossier_core::match_key(w).to_lowercase())
}

#[test]
fn no_rust_source_names_the_briefing_subject() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    assert!(files.len() > 50, "found only {} Rust files", files.len());
    let ids = claim_ids();
    assert!(ids.len() >= 10, "found only {} claim ids", ids.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a Rust file");
        for (n, line) in text.lines().enumerate() {
            for w in words(line) {
                if WORDS.contains(&w.as_str()) || ids.contains(&w) {
                    found.push(format!("{}:{}: `{w}`", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "Rust sources name the briefing's subject:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_word_check_matches_whole_words_in_every_script() {
    let w: Vec<String> = words("let x = \"Chile's\"; // شيلى (Cuba) chileno").collect();
    assert!(w.contains(&"chile".to_string()));
    assert!(w.contains(&"شیلی".to_string()), "{w:?}");
    assert!(w.contains(&"cuba".to_string()));
    assert!(!words("Chileans_x cubage").any(|w| WORDS.contains(&w.as_str())));
}
