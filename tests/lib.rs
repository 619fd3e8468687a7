//! End-to-end tests: build real reports with dossier-report and read the
//! results back with real readers (poppler's `pdftotext`, `pdfinfo`,
//! `pdffonts`, `pdfimages`, and `qpdf`). The helpers here run those readers.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a reader on `file` and returns its stdout; fails the test with a clear
/// message when the reader is not installed.
pub fn read_with(program: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} could not run ({e}); install poppler-utils and qpdf (see README)")
        });
    assert!(
        out.status.success() || program == "qpdf",
        "{program} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `s` with its ASCII digits in the digits of the language `tag`:
/// Persian digits for `fa`.
pub fn digits_of(tag: &str, s: &str) -> String {
    dossier_core::Lang::parse(tag)
        .expect("a shipped language")
        .language()
        .localize_digits(s)
}

/// `s` in Persian digits.
pub fn persian_digits(s: &str) -> String {
    digits_of("fa", s)
}
