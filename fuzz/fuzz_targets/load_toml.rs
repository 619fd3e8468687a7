//! Arbitrary bytes as `claims.toml` or `errata.toml` (through the real data
//! loader) or as a report's `report.toml` (through `ReportSpec::parse`).
//! The first byte picks the file; the rest is its content.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use dossier_core::load::{CLAIMS_FILE, ERRATA_FILE};
use dossier_fuzz::ScratchData;
use dossier_report::ReportSpec;

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 | 1 => {
            let file = if which % 3 == 0 {
                CLAIMS_FILE
            } else {
                ERRATA_FILE
            };
            let result = ScratchData::get().with_file(file, content, dossier_core::load_briefing);
            if let Err(errors) = result {
                assert!(!errors.is_empty());
                for e in &errors {
                    let _ = e.to_string();
                }
            }
        }
        _ => {
            let Ok(text) = std::str::from_utf8(content) else {
                return;
            };
            match ReportSpec::parse(text, Path::new("report.toml")) {
                Ok(spec) => {
                    let _ = spec.langs();
                    for section in &spec.sections {
                        for block in &section.blocks {
                            assert!(block.kind().is_some());
                        }
                    }
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    }
});
