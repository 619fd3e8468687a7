//! Arbitrary text as output names through the output planner's naming
//! rules. The input is split at `\n` into pieces; each piece is tried as a
//! file name, a folder name, a report id, a chart's file stem and a
//! parameter value.
//!
//! Checks: every name a rule gives passes the safety check of its kind;
//! making a value safe twice changes nothing; the collision key is stable;
//! and the batch check flags exactly the folders whose key another folder
//! shares.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use dossier_outputs::name::{self, Format};
use dossier_outputs::{folder_collisions, Origin};

fuzz_target!(|text: &str| {
    let pieces: Vec<&str> = text.split('\n').take(64).collect();
    let mut folders = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let key = name::key(piece);
        assert_eq!(name::key(&key), key, "the key of a key is itself");
        if let Ok(edition) = name::edition(piece, "en", Format::Pdf) {
            assert_eq!(name::check_file(&edition), Ok(()));
        }
        if let Ok(chart) = name::chart(
            &Path::new("charts").join(format!("{piece}.toml")),
            "fa",
            Format::Svg,
        ) {
            assert_eq!(name::check_file(&chart), Ok(()), "{chart:?}");
        }
        if let Ok(run) = name::run("r", &[piece, piece]) {
            assert_eq!(name::check_folder(&run), Ok(()), "{run:?}");
            let value = &run["r-".len()..];
            let again = name::run("r", &[value]).expect("a safe name stays a name");
            assert_eq!(
                again,
                format!("r-{value}"),
                "making a value safe twice changes it"
            );
        }
        if name::check_folder(piece).is_ok() {
            folders.push((*piece, i));
        }
    }
    let origins: Vec<Origin> = folders
        .iter()
        .map(|(_, i)| Origin {
            what: format!("report {i}"),
            path: "reports/r/report.toml".into(),
            line: i + 1,
            column: 1,
        })
        .collect();
    let batch: Vec<(&str, &Origin)> = folders.iter().map(|(f, _)| *f).zip(&origins).collect();
    let result = folder_collisions(&batch);
    for (i, (folder, _)) in batch.iter().enumerate() {
        let shared = batch
            .iter()
            .enumerate()
            .any(|(j, (other, _))| j != i && name::key(other) == name::key(folder));
        assert_eq!(result[i].is_some(), shared, "{folder:?}");
        if let Some(e) = &result[i] {
            assert!(!e.to_string().is_empty());
        }
    }
});
