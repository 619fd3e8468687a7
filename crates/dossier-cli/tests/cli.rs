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
    copy_dir(
        &root().join("tests/fixtures/project/data"),
        &dir.path().join("data"),
    );
    let report = dir.path().join("reports/minimal");
    copy_dir(&root().join("tests/fixtures/project/report"), &report);
    let spec = std::fs::read_to_string(report.join("report.toml")).expect("spec");
    std::fs::write(
        report.join("report.toml"),
        spec.replace("\"../data\"", "\"../../data\""),
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
    let o = dossier(&["check", "tests/fixtures/minimal"], &root());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("data sets:\n  ferries (3 rows"), "{out}");
    assert!(out.contains("passengers.2023 = 502"), "{out}");
    assert!(out.contains("growth_fifth: consistent"), "{out}");
}

#[test]
fn check_json_is_json() {
    let o = dossier(&["check", "--json", "tests/fixtures/minimal"], &root());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["failed"], 0);
    assert_eq!(v["reports"][0]["report"], "minimal");
    assert_eq!(v["reports"][0]["status"], "ok");
    let checks = v["reports"][0]["claims"]
        .as_array()
        .expect("an array of checks");
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["class"], "consistent");
    assert_eq!(v["reports"][0]["data_sets"][0]["rows"], 3);
    assert!(v["reports"][0]["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .any(|f| f["name"] == "growth.2021_2023"));
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
    let spec = root().join("tests/fixtures/minimal/charts/passengers.toml");
    let data = root().join("tests/fixtures/minimal/data");
    let o = dossier(
        &[
            "chart",
            spec.to_str().expect("utf-8"),
            "--data",
            data.to_str().expect("utf-8"),
            "--lang",
            "en",
            "--format",
            "png,svg",
            "--out",
            p.path().to_str().expect("utf-8"),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let png = std::fs::read(p.path().join("passengers.en.png")).expect("png written");
    assert!(png.starts_with(b"\x89PNG"));
    let svg = std::fs::read_to_string(p.path().join("passengers.en.svg")).expect("svg written");
    assert!(svg.contains("<svg"));
}

#[test]
fn list_and_usage_errors() {
    let o = dossier(&["list"], &root());
    assert!(o.status.success());
    assert!(!stdout(&o).is_empty());
    let o = dossier(&["build", "--format", "gif"], &root());
    assert_eq!(o.status.code(), Some(2));
}

/// A project with `n` copies of the minimal report, `reports/r-<i>`.
fn many(n: usize) -> tempfile::TempDir {
    let p = project();
    let minimal = p.path().join("reports/minimal");
    for i in 0..n {
        let dir = p.path().join(format!("reports/r-{i}"));
        copy_dir(&minimal, &dir);
        let spec = std::fs::read_to_string(dir.join("report.toml")).expect("spec");
        std::fs::write(
            dir.join("report.toml"),
            spec.replace("id = \"minimal\"", &format!("id = \"r-{i}\"")),
        )
        .expect("write spec");
    }
    std::fs::remove_dir_all(&minimal).expect("rm");
    p
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).collect()
}

#[test]
fn shards_split_the_reports_without_overlap() {
    let p = many(7);
    let all = lines(&stdout(&dossier(&["list"], p.path())));
    assert_eq!(all.len(), 7, "{all:?}");
    for n in [2, 3] {
        let mut union = Vec::new();
        for k in 1..=n {
            let o = dossier(&["list", "--shard", &format!("{k}/{n}")], p.path());
            assert!(o.status.success(), "{}", stderr(&o));
            union.extend(lines(&stdout(&o)));
        }
        union.sort();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!(
            union, expected,
            "the {n} shards together hold each report once"
        );
    }
    // Building a shard builds exactly the reports that shard lists.
    let listed = lines(&stdout(&dossier(&["list", "--shard", "2/3"], p.path())));
    let o = dossier(
        &["build", "--shard", "2/3", "--format", "svg", "--json"],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let mut built: Vec<String> = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["dir"].as_str().expect("dir").to_string())
        .collect();
    built.sort();
    let mut listed = listed;
    listed.sort();
    assert_eq!(built, listed);
    for bad in ["0/3", "4/3", "1/0", "x"] {
        let o = dossier(&["build", "--shard", bad], p.path());
        assert_eq!(o.status.code(), Some(2), "--shard {bad} is a usage error");
    }
}

#[test]
fn up_to_date_reports_are_skipped_and_force_rebuilds() {
    let p = project();
    let args = ["build", "--format", "pdf,svg"];
    let o = dossier(&args, p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("wrote out/minimal/minimal.en.pdf"),
        "{}",
        stdout(&o)
    );
    let pdf = p.path().join("out/minimal/minimal.en.pdf");
    let modified = || {
        std::fs::metadata(&pdf)
            .expect("pdf")
            .modified()
            .expect("mtime")
    };
    let first = modified();

    let o = dossier(&args, p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("up to date: minimal"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("wrote"), "{}", stdout(&o));
    assert_eq!(modified(), first, "an up-to-date output is not rewritten");

    // Other options are other outputs.
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(stdout(&o).contains("wrote"), "{}", stdout(&o));
    let o = dossier(&args, p.path());
    assert!(stdout(&o).contains("wrote"), "{}", stdout(&o));

    let o = dossier(&["build", "--format", "pdf,svg", "--force"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("wrote out/minimal/minimal.en.pdf"),
        "{}",
        stdout(&o)
    );

    // A changed input, a changed data folder and a damaged output each
    // make the report out of date.
    let prose = p.path().join("reports/minimal/prose");
    let name = std::fs::read_dir(&prose)
        .expect("prose")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().ends_with(".en.md"))
        .expect("an English prose file");
    let text = std::fs::read_to_string(&name).expect("read");
    std::fs::write(&name, format!("{text}\nOne more sentence.\n")).expect("write");
    let o = dossier(&args, p.path());
    assert!(
        stdout(&o).contains("wrote"),
        "prose changed: {}",
        stdout(&o)
    );
    // A file the build never reads changes nothing, even beside the
    // sources; a change to a declared source does.
    std::fs::write(p.path().join("data/notes.txt"), "unread").expect("write");
    let o = dossier(&args, p.path());
    assert!(
        stdout(&o).contains("up to date"),
        "unread file: {}",
        stdout(&o)
    );
    std::fs::write(p.path().join("data/sources/new.txt"), "undeclared").expect("write");
    let o = dossier(&args, p.path());
    assert!(
        stdout(&o).contains("up to date"),
        "undeclared source: {}",
        stdout(&o)
    );
    let source = p.path().join("data/sources/notes.txt");
    let text = std::fs::read_to_string(&source).expect("read");
    std::fs::write(&source, format!("{text}\nA third paragraph.\n")).expect("write");
    let o = dossier(&args, p.path());
    assert!(
        stdout(&o).contains("wrote"),
        "declared source changed: {}",
        stdout(&o)
    );
    std::fs::write(&pdf, b"%PDF-1.7 damaged").expect("write");
    let o = dossier(&args, p.path());
    assert!(
        stdout(&o).contains("wrote"),
        "output damaged: {}",
        stdout(&o)
    );
    assert!(std::fs::read(&pdf).expect("pdf").len() > 1000);
}

#[test]
fn json_summary_and_build_json_follow_their_schema() {
    let p = project();
    let o = dossier(&["build", "--json"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON only");
    assert_eq!(v["schema"], 2);
    assert_eq!(v["built"], 1);
    assert_eq!(v["up_to_date"], 0);
    assert_eq!(v["failed"], 0);
    assert!(v["millis"].as_f64().is_some());
    let r = &v["reports"][0];
    assert_eq!(r["dir"], "reports/minimal");
    assert_eq!(r["report"], "minimal");
    assert_eq!(r["status"], "built");
    assert!(r["error"].is_null());
    assert!(r["warnings"].is_array());
    let outputs = r["outputs"].as_array().expect("outputs");
    assert!(outputs.len() >= 6);
    for o in outputs {
        let file = p.path().join(o["path"].as_str().expect("path"));
        let bytes = std::fs::read(&file).expect("listed output exists");
        assert_eq!(o["bytes"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(o["sha256"].as_str().map(str::len), Some(64));
        assert!(o["file"].as_str().is_some());
    }

    let b: serde_json::Value = serde_json::from_slice(
        &std::fs::read(p.path().join("out/minimal/build.json")).expect("build.json"),
    )
    .expect("build.json is JSON");
    assert_eq!(b["schema"], 2);
    assert_eq!(b["report"], "minimal");
    assert_eq!(b["tool"]["name"], "dossier");
    assert_eq!(b["tool"]["binary_sha256"].as_str().map(str::len), Some(64));
    assert_eq!(
        b["options"]["formats"],
        serde_json::json!(["pdf", "png", "svg"])
    );
    assert_eq!(b["options"]["limits"]["max_pages"], 1000);
    let inputs: Vec<&str> = b["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["path"].as_str().expect("path"))
        .collect();
    assert!(
        inputs.iter().any(|i| i.ends_with("report.toml")),
        "{inputs:?}"
    );
    assert!(
        inputs.iter().any(|i| i.ends_with("trade.csv")),
        "{inputs:?}"
    );
    assert!(inputs.iter().any(|i| i.ends_with(".md")), "{inputs:?}");
    assert!(b["inputs"][0]["sha256"].as_str().is_some());
    // The data package names its files, so no folder needs listing.
    assert!(b["listings"].as_array().is_some());
    assert_eq!(b["outputs"], r["outputs"]);
    for t in ["build_ms", "write_ms", "total_ms"] {
        assert!(b["timings"][t].as_f64().is_some(), "{t}");
    }
    assert!(b["warnings"].is_array());
    assert!(b["claims"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn one_failing_report_does_not_stop_the_others() {
    let p = many(3);
    std::fs::write(p.path().join("reports/r-1/report.toml"), "id = \n").expect("break r-1");
    let o = dossier(&["build", "--format", "svg", "--json"], p.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["built"], 2);
    assert_eq!(v["failed"], 1);
    let failed = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["status"] == "failed")
        .expect("a failed report");
    assert_eq!(failed["dir"], "reports/r-1");
    assert_eq!(failed["error"]["kind"], "spec");
    assert_eq!(failed["error"]["places"][0]["line"], 1);
    let err = stderr(&o);
    assert!(err.contains("reports/r-1/report.toml:1"), "{err}");
    assert!(
        err.contains("failed: reports/r-1"),
        "all failures listed: {err}"
    );
    assert!(err.contains("id = "), "the offending line is shown: {err}");
    assert!(p.path().join("out/r-0/exports.en.svg").is_file());
    assert!(p.path().join("out/r-2/exports.fa.svg").is_file());
    assert!(!p.path().join("out/r-1").exists());
}

#[test]
fn limits_and_root_are_flags() {
    let p = project();
    let o = dossier(&["build", "--max-pages", "1", "--format", "pdf"], p.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("over the limit of 1; raise it with --max-pages"),
        "{err}"
    );
    assert!(!p.path().join("out/minimal").exists());

    // With --root elsewhere, the project's data/ is outside the report's reach.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let o = dossier(
        &["check", "--root", elsewhere.path().to_str().expect("utf-8")],
        p.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("refused"), "{}", stderr(&o));
    let o = dossier(
        &[
            "check",
            "--root",
            p.path().join("data").to_str().expect("utf-8"),
        ],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn completions_man_page_and_help() {
    let o = dossier(&["completions", "bash"], &root());
    assert!(o.status.success());
    assert!(stdout(&o).contains("dossier"), "{}", stdout(&o));
    assert!(stdout(&o).contains("--shard"));
    let o = dossier(&["completions", "zsh"], &root());
    assert!(o.status.success());
    let o = dossier(&["man"], &root());
    assert!(o.status.success());
    assert!(stdout(&o).contains(".TH dossier"), "{}", stdout(&o));
    let dir = tempfile::tempdir().expect("tempdir");
    let o = dossier(
        &["man", "--out", dir.path().to_str().expect("utf-8")],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("dossier-build.1").is_file());
    let o = dossier(&["build", "--help"], &root());
    assert!(stdout(&o).contains("--force") && stdout(&o).contains("--max-table-rows"));
    let o = dossier(&["--help"], &root());
    assert!(stdout(&o).contains("Examples:"), "{}", stdout(&o));
    let o = dossier(&["frobnicate"], &root());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn quiet_and_verbose() {
    let p = project();
    let o = dossier(&["build", "-q", "--format", "svg"], p.path());
    assert!(o.status.success());
    assert!(
        stdout(&o).is_empty() && stderr(&o).is_empty(),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = dossier(&["build", "-v", "--force", "--format", "svg"], p.path());
    assert!(stdout(&o).contains("minimal: "), "{}", stdout(&o));
    assert!(
        !stderr(&o).contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
#[cfg(unix)]
fn chart_reads_only_its_spec_and_data_folders() {
    let p = project();
    let csv = p.path().join("data/trade.csv");
    std::fs::remove_file(&csv).expect("rm");
    std::os::unix::fs::symlink("/etc/passwd", &csv).expect("symlink");
    let out = p.path().join("charts");
    let o = dossier(
        &[
            "chart",
            "reports/minimal/charts/exports.toml",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        p.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("trade.csv: refused"), "{err}");
    assert!(!out.exists(), "nothing written");
}
