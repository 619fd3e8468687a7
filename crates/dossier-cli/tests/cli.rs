//! The `dossier` binary end to end: every command, its output and its exit
//! code, run the way a user or CI runs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run dossier")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies the data folder and the minimal report into a fresh folder laid
/// out like a project: `data/` and `reports/minimal/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("data"), &dir.path().join("data"));
    let report = dir.path().join("reports/minimal");
    copy_dir(&root().join("tests/fixtures/minimal"), &report);
    let spec = std::fs::read_to_string(report.join("report.toml")).expect("spec");
    std::fs::write(
        report.join("report.toml"),
        spec.replace("../../../data", "../../data"),
    )
    .expect("write spec");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn check_prints_the_claim_table() {
    let o = dossier(&["check"], &root());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("exports_growth_1994_1995"), "{out}");
    assert!(out.contains("rounding difference"), "{out}");
    assert!(out.contains("inconsistent"), "{out}");
}

#[test]
fn check_json_is_json() {
    let o = dossier(&["check", "--json", "reports/us-chile"], &root());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let checks = v.as_array().expect("an array of checks");
    assert!(checks.len() >= 10);
    assert!(checks.iter().all(|c| c.get("class").is_some()));
}

#[test]
fn build_writes_pdfs_charts_and_summary() {
    let p = project();
    let o = dossier(&["build", "--out", "out"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = p.path().join("out/minimal");
    for name in [
        "minimal.fa.pdf",
        "minimal.en.pdf",
        "exports.fa.png",
        "exports.en.svg",
        "build.json",
    ] {
        assert!(out.join(name).is_file(), "missing {name}");
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("build.json")).expect("build.json"))
            .expect("valid build.json");
    assert_eq!(summary["report"], "minimal");
    assert!(summary["outputs"].as_array().map_or(0, |a| a.len()) >= 6);
}

#[test]
fn bad_data_fails_loudly_and_writes_nothing() {
    let p = project();
    let csv = p.path().join("data/trade.csv");
    let text = std::fs::read_to_string(&csv).expect("trade.csv");
    std::fs::write(&csv, text.replacen(",1649,", ",16x49,", 1)).expect("write");
    let o = dossier(&["build", "--out", "out"], p.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("trade.csv:2"),
        "error must name file and line: {err}"
    );
    assert!(
        err.contains("16x49"),
        "error must show the bad value: {err}"
    );
    assert!(
        !p.path().join("out/minimal").exists(),
        "no output on failure"
    );
}

#[test]
fn normalize_reads_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["normalize"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("مىکند".as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    assert_eq!(stdout(&o), "می\u{200C}کند");
}

#[test]
fn normalize_lists_changes() {
    let p = tempfile::tempdir().expect("tempdir");
    let file = p.path().join("t.txt");
    std::fs::write(&file, "گروههاى %۱۸").expect("write");
    let o = dossier(
        &["normalize", "--changes", file.to_str().expect("utf-8")],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("PluralSuffix"), "{out}");
    assert!(out.contains("PercentSign"), "{out}");
}

#[test]
fn chart_renders_one_spec() {
    let p = tempfile::tempdir().expect("tempdir");
    let spec = root().join("reports/us-chile/charts/trade.toml");
    let o = dossier(
        &[
            "chart",
            spec.to_str().expect("utf-8"),
            "--lang",
            "fa",
            "--format",
            "png,svg",
            "--out",
            p.path().to_str().expect("utf-8"),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let png = std::fs::read(p.path().join("trade.fa.png")).expect("png written");
    assert!(png.starts_with(b"\x89PNG"));
    let svg = std::fs::read_to_string(p.path().join("trade.fa.svg")).expect("svg written");
    assert!(svg.contains("صادرات به آمریکا"));
}

#[test]
fn list_and_usage_errors() {
    let o = dossier(&["list"], &root());
    assert!(o.status.success());
    assert!(stdout(&o).contains("us-chile"));
    let o = dossier(&["build", "--format", "gif"], &root());
    assert_eq!(o.status.code(), Some(2));
}
