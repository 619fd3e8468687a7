//! Arbitrary bytes as a data package declaration. The first byte picks
//! how it is read: 0 as `datapackage.toml` and 1 as `datapackage.json`,
//! through the declaration parser alone; 2 as `datapackage.toml` of a
//! scratch copy of `data/`, through the whole package loader (sources,
//! resources, keys and provenance). The rest is the file's content.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use dossier_core::package::declaration::{self, Syntax};
use dossier_core::package::{load, LoadOptions, PackageError, TextFile};
use dossier_core::{Limits, Sandbox};
use dossier_fuzz::ScratchData;
use dossier_lang::LanguageTag;

fn check_errors(errors: &[PackageError], lines: usize) {
    assert!(!errors.is_empty());
    for e in errors {
        assert!(!e.to_string().is_empty());
        assert!(e.line() <= lines.max(1), "{e} is past the end of the file");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let languages = vec![LanguageTag::parse("fa").unwrap(), LanguageTag::parse("en").unwrap()];
    match which % 3 {
        0 | 1 => {
            let (name, syntax) = if which % 3 == 0 {
                ("datapackage.toml", Syntax::Toml)
            } else {
                ("datapackage.json", Syntax::Json)
            };
            let path = Path::new(name);
            let file = match TextFile::decode(path, content.to_vec()) {
                Ok(f) => f,
                Err(e) => return check_errors(&[e], usize::MAX),
            };
            match declaration::parse(path, &file, syntax) {
                Ok(decl) => {
                    for r in &decl.resources {
                        assert!(r.schema.primary_key.iter().all(|&i| i < r.schema.fields.len()));
                    }
                }
                Err(errors) => check_errors(&errors, file.lines.lines()),
            }
        }
        _ => {
            let scratch = ScratchData::get();
            let result = scratch.with_file("datapackage.toml", content, |dir| {
                let sandbox = Sandbox::new(&[dir.to_path_buf()], Limits::default()).unwrap();
                load(dir, &sandbox, &LoadOptions { languages })
            });
            if let Err(errors) = result {
                check_errors(&errors, usize::MAX);
            }
        }
    }
});
