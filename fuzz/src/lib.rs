//! Shared set-up of the fuzz targets: a scratch copy of the project's
//! `data/` folder in which one file at a time is replaced by fuzz input,
//! so that the real package loader (`dossier_core::package::load`) reads
//! it and the briefing's claims are checked.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The project's real data folder.
pub fn project_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A private copy of `data/`, made once per process.
pub struct ScratchData {
    dir: PathBuf,
}

impl ScratchData {
    /// The process-wide scratch copy.
    pub fn get() -> &'static ScratchData {
        static SCRATCH: OnceLock<ScratchData> = OnceLock::new();
        SCRATCH.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("dossier-fuzz-{}", std::process::id()));
            copy_dir(&project_data(), &dir).expect("copy data/ into the scratch folder");
            ScratchData { dir }
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `f` on the data folder with `file` replaced by `bytes`, then
    /// puts the original file back.
    pub fn with_file<R>(&self, file: &str, bytes: &[u8], f: impl FnOnce(&Path) -> R) -> R {
        let path = self.dir.join(file);
        let original = std::fs::read(project_data().join(file)).expect("read original data file");
        std::fs::write(&path, bytes).expect("write fuzz input");
        let out = f(&self.dir);
        std::fs::write(&path, original).expect("restore data file");
        out
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            let mut perms = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}

/// Counts each character of `parts`.
pub fn char_counts<'a>(
    parts: impl Iterator<Item = &'a str>,
) -> std::collections::BTreeMap<char, usize> {
    let mut m = std::collections::BTreeMap::new();
    for part in parts {
        for c in part.chars() {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    m
}

/// Loads the package in `dir` in the briefing's languages and checks its
/// claims; every error must have a message.
pub fn load_package(dir: &Path) {
    use dossier_core::package::{load, LoadOptions};
    use dossier_core::{Limits, Sandbox};
    let Ok(sandbox) = Sandbox::new(&[dir.to_path_buf()], Limits::default()) else {
        return;
    };
    let options = LoadOptions {
        languages: ["fa", "en", "es-CL"]
            .iter()
            .filter_map(|t| dossier_lang::LanguageTag::parse(t).ok())
            .collect(),
    };
    match load(dir, &sandbox, &options) {
        Ok(package) => {
            let figures = dossier_core::evaluate::Figures::default();
            if let Err(errors) = dossier_core::evaluate::check_claims(&package, &figures) {
                for e in &errors {
                    let _ = e.to_string();
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                let _ = e.to_string();
            }
        }
    }
}
