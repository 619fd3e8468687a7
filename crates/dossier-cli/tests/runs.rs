//! Runs of a report with parameters, built by the `dossier` binary: one
//! output folder per run, each with its own `build.json`; a change to one
//! run's rows rebuilds that run alone; runs that no longer exist are
//! removed; shards partition runs; run folders that would collide are
//! errors naming both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
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

/// A project with the parameter fixture as `reports/harbour`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &root().join("tests/fixtures/params"),
        &dir.path().join("reports/harbour"),
    );
    dir
}

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("CI", "1")
        .output()
        .expect("run dossier")
}

/// `dossier build ARGS --json --format pdf,svg`: the summary.
fn build(cwd: &Path, args: &[&str]) -> Value {
    let mut all = vec!["build", "--json", "--format", "pdf,svg"];
    all.extend_from_slice(args);
    let o = dossier(&all, cwd);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON summary")
}

/// Each output folder of the summary with its status.
fn statuses(summary: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = summary["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| {
            (
                r["report"].as_str().unwrap_or("").to_string(),
                r["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

#[test]
fn each_run_has_its_folder_and_record_and_rebuilds_alone() {
    let p = project();
    let s = build(p.path(), &[]);
    assert_eq!(
        statuses(&s),
        pairs(&[
            ("harbour-E", "built"),
            ("harbour-N", "built"),
            ("harbour-S", "built")
        ])
    );
    let record: Value = serde_json::from_slice(
        &std::fs::read(p.path().join("out/harbour-S/build.json")).expect("build.json"),
    )
    .expect("JSON");
    assert_eq!(record["run"], "harbour-S");
    assert_eq!(record["params"]["harbour"], "S");
    let data = record["data"].as_array().expect("data");
    assert_eq!(data[1]["name"], "traffic");
    assert_eq!(data[1]["rows"], 3);
    assert!(
        !record["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .any(|i| i["path"].as_str().unwrap_or("").ends_with("traffic.csv")),
        "data files are recorded by rows, not as files"
    );
    assert!(p.path().join("out/harbour-S/harbour-S.fa.pdf").is_file());

    // Nothing changed: every run is up to date.
    let s = build(p.path(), &[]);
    assert_eq!(s["up_to_date"], 3, "{s}");
    // One harbour's row: that run alone.
    edit(
        &p.path().join("reports/harbour/data/traffic.csv"),
        "S,2022,131",
        "S,2022,132",
    );
    let s = build(p.path(), &[]);
    assert_eq!(
        statuses(&s),
        pairs(&[
            ("harbour-E", "up_to_date"),
            ("harbour-N", "up_to_date"),
            ("harbour-S", "built")
        ])
    );
    // Prose every run reads: every run.
    edit(
        &p.path().join("reports/harbour/prose/traffic.en.md"),
        "saw",
        "counted",
    );
    let s = build(p.path(), &[]);
    assert_eq!(s["built"], 3, "{s}");
}

#[test]
fn one_run_with_param_and_the_stale_runs_removed() {
    let p = project();
    let s = build(p.path(), &["reports/harbour", "--param", "harbour=E"]);
    assert_eq!(statuses(&s), pairs(&[("harbour-E", "built")]));
    // Different values: a different run, and the first stays.
    let s = build(p.path(), &["--param", "harbour=S"]);
    assert_eq!(statuses(&s), pairs(&[("harbour-S", "built")]));
    assert!(p.path().join("out/harbour-E").is_dir());
    // Every run; then the report loses a harbour, whose folder goes.
    build(p.path(), &["--all-params"]);
    for file in ["harbours.csv", "traffic.csv"] {
        let path = p.path().join("reports/harbour/data").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("E,")).collect();
        std::fs::write(&path, kept.join("\n") + "\n").expect("write");
    }
    std::fs::create_dir_all(p.path().join("out/harbour-keep")).expect("mkdir");
    let s = build(p.path(), &[]);
    assert_eq!(s["removed"], serde_json::json!(["harbour-E"]), "{s}");
    assert!(!p.path().join("out/harbour-E").exists());
    assert!(
        p.path().join("out/harbour-keep").is_dir(),
        "a folder no run of the report wrote stays"
    );
    let o = dossier(&["build", "--param", "harbour=Z"], p.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.toml:15:15") && err.contains("`Z` is not an allowed value"),
        "{err}"
    );
}

/// Every file under `dir`, by path below it, with its bytes; build
/// records left out (they hold timings).
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for folder in std::fs::read_dir(dir).expect("out") {
        let folder = folder.expect("entry").path();
        for file in std::fs::read_dir(&folder).expect("folder") {
            let file = file.expect("file").path();
            if file.file_name().is_some_and(|n| n == "build.json") {
                continue;
            }
            let name = file.strip_prefix(dir).expect("below").display().to_string();
            out.push((name, std::fs::read(&file).expect("read")));
        }
    }
    out.sort();
    out
}

#[test]
fn runs_built_together_are_the_runs_built_alone() {
    let p = project();
    // Every run in one process, two threads sharing the shaping cache.
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-q", "--jobs", "2", "--out", "together"])
        .current_dir(p.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Each run alone, in a process of its own, without the cache.
    for harbour in ["N", "S", "E"] {
        let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "-q", "--jobs", "1", "--out", "alone"])
            .args(["--param", &format!("harbour={harbour}")])
            .current_dir(p.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .env("DOSSIER_SHAPE_CACHE", "0")
            .output()
            .expect("run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let together = outputs(&p.path().join("together"));
    let alone = outputs(&p.path().join("alone"));
    assert_eq!(together.len(), 3 * 6, "PDFs, PNGs and SVGs of three runs");
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&together), names(&alone));
    for ((name, a), (_, b)) in together.iter().zip(&alone) {
        assert!(a == b, "{name} differs between the batch and the run alone");
    }
}

#[test]
fn shards_partition_runs_by_their_names() {
    let p = project();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let s = build(p.path(), &["--shard", &shard]);
        seen.extend(statuses(&s).into_iter().map(|(name, _)| name));
    }
    seen.sort();
    assert_eq!(seen, ["harbour-E", "harbour-N", "harbour-S"]);
}

#[test]
fn run_folders_that_collide_name_both() {
    let p = project();
    let spec = p.path().join("reports/harbour/report.toml");
    // `../N` and `N` make one folder once made safe.
    edit(
        &spec,
        "values_from = { data = \"harbours\", key = \"code\", label = \"name\" }",
        "values = [\"N\", \"../N\"]",
    );
    let o = dossier(&["build", "--format", "svg"], p.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("output folder `harbour-N`") && err.contains("harbour=../N"),
        "{err}"
    );
    // A report whose id is a run's folder collides with the run.
    let other = p.path().join("reports/other");
    copy_dir(&root().join("tests/fixtures/minimal"), &other);
    edit(
        &other.join("report.toml"),
        "id = \"minimal\"",
        "id = \"harbour-S\"",
    );
    edit(
        &spec,
        "values = [\"N\", \"../N\"]",
        "values = [\"N\", \"S\"]",
    );
    let o = dossier(&["build", "--format", "svg"], p.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report `harbour-S`") && err.contains("run `harbour=S`"),
        "{err}"
    );
}
