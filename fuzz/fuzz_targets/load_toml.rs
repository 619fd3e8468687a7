//! Arbitrary bytes as `claims.toml`, `errata.toml` or `datapackage.toml`
//! (through the real package loader and the claim checks) or as a
//! report's `report.toml` (through the spec parser and the definitions it
//! gives). The first byte picks the file; the rest is its content.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use dossier_fuzz::{load_package, ScratchData};

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let file = match which % 4 {
        0 => "claims.toml",
        1 => "errata.toml",
        2 => "datapackage.toml",
        _ => {
            let Ok(text) = std::str::from_utf8(content) else {
                return;
            };
            match dossier_report::spec::parse(text, Path::new("report.toml")) {
                Ok(parsed) => {
                    for (section, _) in parsed.all_sections() {
                        for block in &section.blocks {
                            assert!(block.get_ref().kind().is_some());
                        }
                    }
                    let _ = parsed.figure_defs();
                    let _ = parsed.view_defs();
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
            return;
        }
    };
    ScratchData::get().with_file(file, content, load_package);
});
