//! Every edition of the shipped briefing is a tagged PDF that passes
//! dossier-pdfcheck (PDF/UA-1 Matterhorn checkpoints, the MCID and parent
//! tree cross-check, and PDF/A-2u when declared) and, for a second
//! opinion, the `pdfua` checker from PyPI when it is installed (CI
//! installs it; on a developer machine the test says it is missing and
//! checks the rest). Each edition stays within 150 KB.

use std::path::Path;
use std::process::Command;

use dossier_e2e::root;
use dossier_report::{build, BuildOptions, PdfOptions, Standards};

const MAX_EDITION_BYTES: usize = 150 * 1024;

fn options(standards: &str) -> BuildOptions {
    BuildOptions {
        langs: None,
        pdf: true,
        png: false,
        svg: false,
        source_date_epoch: Some(1_764_288_000),
        pdf_options: PdfOptions {
            standards: Standards::parse(standards).expect("standards"),
            tagged: true,
        },
        ..Default::default()
    }
}

/// The shipped briefing's PDFs, built with `standards` declared.
fn editions(standards: &str) -> Vec<(String, Vec<u8>)> {
    let built = build(&root().join("reports/us-chile"), &options(standards))
        .unwrap_or_else(|e| panic!("build failed: {e}"));
    let pdfs: Vec<(String, Vec<u8>)> = built
        .files
        .into_iter()
        .filter(|f| f.name.ends_with(".pdf"))
        .map(|f| (f.name, f.bytes))
        .collect();
    assert!(pdfs.len() >= 2, "expected an edition per language");
    pdfs
}

fn assert_checker_clean(name: &str, bytes: &[u8]) {
    let report = dossier_pdfcheck::check(bytes, &dossier_pdfcheck::Options::claimed())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let findings: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert!(
        findings.is_empty(),
        "{name}: {} finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// Runs `pdfua check` on `path`; `None` when it is not installed.
fn pdfua(path: &Path) -> Option<(bool, String)> {
    let out = Command::new("pdfua")
        .args(["check", "--format", "text"])
        .arg(path)
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), text))
}

#[test]
fn editions_declaring_ua1_and_pdfa2u_pass_both_checkers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut missing = false;
    for (name, bytes) in editions("ua-1,a-2u") {
        assert!(
            bytes.len() <= MAX_EDITION_BYTES,
            "{name} is {} bytes, over {MAX_EDITION_BYTES}",
            bytes.len()
        );
        assert_checker_clean(&name, &bytes);
        let path = dir.path().join(&name);
        std::fs::write(&path, &bytes).expect("write edition");
        match pdfua(&path) {
            Some((ok, text)) => assert!(ok, "pdfua check {name}:\n{text}"),
            None => missing = true,
        }
    }
    if missing {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdfua is not installed, and CI must run it (scripts/test installs it with pip)"
        );
        eprintln!(
            "NOTE: pdfua is not installed, so the second opinion on the editions was skipped; \
             install it with `pip install pdfua` (scripts/test does)"
        );
    }
}

#[test]
fn default_editions_are_tagged_and_clean() {
    for (name, bytes) in editions("") {
        // The checker's structure checks fail on an untagged file.
        assert_checker_clean(&name, &bytes);
    }
}
