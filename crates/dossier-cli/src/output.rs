//! Writing a built report to disk: atomic writes (temporary file, then
//! rename) and the `build.json` summary.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// An output format the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Png,
    Svg,
}

/// One written file in the summary.
#[derive(Debug, Serialize)]
pub struct WrittenFile {
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
}

/// What `build.json` holds for one report.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub report: String,
    pub outputs: Vec<WrittenFile>,
    pub millis: u128,
}

/// Builds the report in `dir` and writes its files under `out/<id>/`.
pub fn build_one(
    dir: &Path,
    options: &dossier_report::BuildOptions,
    out: &Path,
) -> Result<Summary, String> {
    let start = std::time::Instant::now();
    let built = dossier_report::build(dir, options).map_err(|e| e.to_string())?;
    let folder = out.join(&built.id);
    let mut outputs = Vec::new();
    for file in &built.files {
        let path = folder.join(&file.name);
        write_atomic(&path, &file.bytes)?;
        outputs.push(WrittenFile {
            path: path.display().to_string(),
            bytes: file.bytes.len(),
            sha256: hex(&Sha256::digest(&file.bytes)),
        });
    }
    let summary = Summary {
        report: built.id.clone(),
        outputs,
        millis: start.elapsed().as_millis(),
    };
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| e.to_string())?;
    write_atomic(&folder.join("build.json"), &json)?;
    Ok(summary)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place, so that readers never see a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", path.display())
    })
}
