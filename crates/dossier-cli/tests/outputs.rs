//! What a build writes, end to end: every output name planned and checked
//! against the others before anything is written, nothing under `--out`
//! followed through a symlink, and each report's folder holding exactly
//! what its `build.json` lists.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .output()
        .expect("run dossier")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
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

/// `data/` and `reports/minimal/` in a fresh folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &root().join("tests/fixtures/project/data"),
        &dir.path().join("data"),
    );
    let report = dir.path().join("reports/minimal");
    copy_dir(&root().join("tests/fixtures/project/report"), &report);
    edit(&report.join("report.toml"), "\"../data\"", "\"../../data\"");
    dir
}

/// Replaces `from` by `to` in the file at `path`, which must hold it.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

/// A copy of `reports/minimal` as `reports/NAME` with the id `id`.
fn copy_report(p: &Path, name: &str, id: &str) {
    let dir = p.join("reports").join(name);
    copy_dir(&p.join("reports/minimal"), &dir);
    edit(
        &dir.join("report.toml"),
        "id = \"minimal\"",
        &format!("id = \"{id}\""),
    );
}

/// Every name in a folder, hidden ones too, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The names `build.json` in `dir` lists, itself included, sorted.
fn listed(dir: &Path) -> Vec<String> {
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("build.json")).expect("build.json"))
            .expect("json");
    let mut v: Vec<String> = record["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|o| o["file"].as_str().expect("file").to_string())
        .chain(["build.json".to_string()])
        .collect();
    v.sort();
    v
}

/// Checks that the folder holds exactly what its `build.json` lists, and
/// that nothing but the report folders is beside it.
fn exact(out: &Path, folders: &[&str]) {
    assert_eq!(names(out), folders, "nothing beside the report folders");
    for f in folders {
        let dir = out.join(f);
        assert_eq!(
            names(&dir),
            listed(&dir),
            "{f}: exactly what build.json lists"
        );
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false)
}

#[test]
fn two_reports_with_one_id_both_fail_naming_each_other() {
    let p = project();
    copy_report(p.path(), "copy", "minimal");
    for command in ["build", "check"] {
        let o = dossier(&[command], p.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{command}: {err}");
        for (this, other) in [("copy", "minimal"), ("minimal", "copy")] {
            assert!(
                err.contains(&format!(
                    "reports/{this}/report.toml: report `minimal` would write the output folder `minimal`, which report `minimal` (reports/{other}/report.toml:2:1) also writes"
                )),
                "{command}: {err}"
            );
        }
    }
    assert!(
        !p.path().join("out").join("minimal").exists(),
        "neither won"
    );
    let o = dossier(&["build", "--json"], p.path());
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let kinds: Vec<_> = summary["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("none").to_string())
        .collect();
    assert_eq!(kinds, ["output", "output"], "{summary}");
}

#[test]
fn report_ids_that_one_file_system_stores_as_one_name_collide() {
    // Differing only by case, in ASCII and beyond: one folder on macOS,
    // Windows and many artifact stores.
    for (a, b) in [("Minimal", "minimal"), ("CAF\u{c9}", "caf\u{e9}")] {
        let p = project();
        copy_report(p.path(), "one", a);
        copy_report(p.path(), "two", b);
        let o = dossier(&["build", "reports/one", "reports/two"], p.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{a} and {b}: {err}");
        assert!(
            err.contains(
                "the same folder on a file system that ignores case or Unicode normalisation"
            ),
            "{a} and {b}: {err}"
        );
        assert!(err.contains("failed: reports/one, reports/two"), "{err}");
    }
}

#[test]
fn distinct_ids_build_side_by_side_and_a_folder_named_twice_is_one_report() {
    let p = project();
    copy_report(p.path(), "second", "minimal-2");
    let o = dossier(
        &[
            "build",
            "--format",
            "pdf",
            "reports/minimal",
            "./reports/minimal/",
            "reports/second",
        ],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 built"), "{}", stderr(&o));
    exact(&p.path().join("out"), &["minimal", "minimal-2"]);
}

#[test]
fn an_unsynced_build_switches_in_the_same_whole_set() {
    let p = project();
    let o = dossier(&["build", "reports/minimal"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = p.path().join("out/minimal");
    let synced: Vec<(String, Vec<u8>)> = names(&out)
        .into_iter()
        .filter(|n| n != "build.json")
        .map(|n| {
            let bytes = std::fs::read(out.join(&n)).expect("read");
            (n, bytes)
        })
        .collect();
    std::fs::write(out.join("stray.txt"), "left by hand").expect("write");
    let o = dossier(
        &["build", "--force", "--no-sync", "reports/minimal"],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 built"), "{}", stderr(&o));
    exact(&p.path().join("out"), &["minimal"]);
    for (name, bytes) in &synced {
        let now = std::fs::read(out.join(name)).expect("read");
        assert!(
            &now == bytes,
            "{name} differs between a synced and an unsynced build"
        );
    }
    let written: Vec<&String> = synced.iter().map(|(n, _)| n).collect();
    assert!(written.iter().any(|n| n.ends_with(".pdf")), "{written:?}");
}

#[test]
fn charts_sharing_a_stem_are_refused_before_anything_is_written() {
    let p = project();
    let report = p.path().join("reports/minimal");
    std::fs::create_dir_all(report.join("charts/sub")).expect("mkdir");
    std::fs::copy(
        report.join("charts/exports.toml"),
        report.join("charts/sub/exports.toml"),
    )
    .expect("copy");
    edit(
        &report.join("report.toml"),
        "{ chart = \"charts/exports.toml\" }",
        "{ chart = \"charts/exports.toml\" }, { chart = \"charts/sub/exports.toml\" }",
    );
    let o = dossier(&["build"], p.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("chart `charts/sub/exports.toml` would write `minimal/exports.fa.png`, which chart `charts/exports.toml` (reports/minimal/report.toml:17:64) already writes"),
        "{err}"
    );
    assert!(!p.path().join("out/minimal").exists(), "nothing written");
}

#[test]
fn the_outputs_of_a_removed_chart_and_stray_files_are_gone_after_a_build() {
    let p = project();
    let out = p.path().join("out");
    let o = dossier(&["build"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    exact(&out, &["minimal"]);
    assert!(out.join("minimal/exports.en.svg").is_file());

    // A stray file makes the report out of date, and goes with the rebuild.
    std::fs::write(out.join("minimal/stray.pdf"), "not ours").expect("write");
    let o = dossier(&["build"], p.path());
    assert!(stderr(&o).contains("1 built"), "{}", stderr(&o));
    exact(&out, &["minimal"]);

    // The chart leaves the report: its files leave the folder.
    edit(
        &p.path().join("reports/minimal/report.toml"),
        ", { chart = \"charts/exports.toml\" }",
        "",
    );
    let o = dossier(&["build"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    exact(&out, &["minimal"]);
    assert_eq!(
        names(&out.join("minimal")),
        ["build.json", "minimal.en.pdf", "minimal.fa.pdf"]
    );
    let o = dossier(&["build"], p.path());
    assert!(stderr(&o).contains("1 up to date"), "{}", stderr(&o));
}

#[test]
fn symlinks_under_out_are_replaced_never_followed() {
    let p = project();
    let out = p.path().join("out");
    let elsewhere = p.path().join("elsewhere");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::write(elsewhere.join("keep"), "keep").expect("write");
    let untouched = || {
        assert_eq!(names(&elsewhere), ["keep"]);
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("keep")).expect("keep"),
            "keep"
        );
    };

    // The report's folder is a link, and so are its hidden siblings.
    symlink(&elsewhere, out.join("minimal")).expect("symlink");
    symlink(&elsewhere, out.join(".minimal.new")).expect("symlink");
    symlink(&elsewhere, out.join(".minimal.old")).expect("symlink");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    untouched();
    assert!(!is_link(&out.join("minimal")));
    exact(&out, &["minimal"]);

    // Files of the set are links: the report is out of date, and the
    // links are replaced by files.
    let pdf = out.join("minimal/minimal.en.pdf");
    std::fs::remove_file(&pdf).expect("rm");
    symlink(elsewhere.join("keep"), &pdf).expect("symlink");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(stderr(&o).contains("1 built"), "{}", stderr(&o));
    untouched();
    assert!(!is_link(&pdf));
    exact(&out, &["minimal"]);

    // build.json a link to a copy of itself: never read through.
    let copy = elsewhere.join("build.json");
    std::fs::copy(out.join("minimal/build.json"), &copy).expect("copy");
    std::fs::remove_file(out.join("minimal/build.json")).expect("rm");
    symlink(&copy, out.join("minimal/build.json")).expect("symlink");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(stderr(&o).contains("1 built"), "{}", stderr(&o));
    assert!(!is_link(&out.join("minimal/build.json")));
    std::fs::remove_file(&copy).expect("rm");
    untouched();

    // A folder inside the set, with a link inside it: removed, link alone.
    std::fs::create_dir(out.join("minimal/sub")).expect("mkdir");
    symlink(&elsewhere, out.join("minimal/sub/deeper")).expect("symlink");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(stderr(&o).contains("1 built"), "{}", stderr(&o));
    untouched();
    exact(&out, &["minimal"]);
}

#[test]
fn a_linked_lock_file_is_refused_and_not_written_through() {
    let p = project();
    let out = p.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let victim = p.path().join("victim");
    std::fs::write(&victim, "keep").expect("write");
    symlink(&victim, out.join(".minimal.lock")).expect("symlink");
    let o = dossier(&["build"], p.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "out/.minimal.lock: is a symlink where dossier keeps the output folder's lock"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep");
    assert!(!out.join("minimal").exists());
}

#[test]
fn a_symlinked_out_is_the_users_choice_and_is_resolved_once() {
    let p = project();
    let real = p.path().join("real-out");
    std::fs::create_dir(&real).expect("mkdir");
    symlink(&real, p.path().join("out")).expect("symlink");
    let o = dossier(&["build", "--format", "svg"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    exact(&real, &["minimal"]);
}

#[test]
fn what_a_killed_build_left_is_put_in_order_by_the_next() {
    let p = project();
    let out = p.path().join("out");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(out.join("minimal/build.json")).expect("json");

    // Killed between the two renames of the fallback switch: the set
    // aside, a half-written new one, a stale lock file.
    std::fs::rename(out.join("minimal"), out.join(".minimal.old")).expect("rename");
    std::fs::create_dir(out.join(".minimal.new")).expect("mkdir");
    std::fs::write(out.join(".minimal.new/minimal.en.pdf"), "%PDF-half").expect("write");
    std::fs::write(out.join(".minimal.lock"), "").expect("write");
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 up to date"),
        "the set put back is the previous one: {}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(out.join("minimal/build.json")).expect("json"),
        before
    );
    exact(&out, &["minimal"]);
}

#[test]
fn the_chart_command_replaces_links_and_names_files_by_the_same_rule() {
    let p = project();
    let out = p.path().join("charts-out");
    std::fs::create_dir(&out).expect("mkdir");
    let victim = p.path().join("victim");
    std::fs::write(&victim, "keep").expect("write");
    symlink(&victim, out.join("exports.en.svg")).expect("symlink");
    let o = dossier(
        &[
            "chart",
            "reports/minimal/charts/exports.toml",
            "--format",
            "svg",
            "--out",
            "charts-out",
        ],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep");
    assert!(!is_link(&out.join("exports.en.svg")));
    assert_eq!(names(&out), ["exports.en.svg"]);

    // A spec whose name would make an unsafe output name is refused.
    let spec = p.path().join("reports/minimal/charts/a\u{202e}gpj.toml");
    std::fs::copy(p.path().join("reports/minimal/charts/exports.toml"), &spec).expect("copy");
    let o = dossier(
        &[
            "chart",
            spec.to_str().expect("utf-8"),
            "--out",
            "charts-out",
        ],
        p.path(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the chart's output name"), "{err}");
    assert_eq!(names(&out), ["exports.en.svg"], "nothing written");
}

#[test]
fn man_pages_replace_links_in_their_folder() {
    let p = project();
    let out = p.path().join("man");
    std::fs::create_dir(&out).expect("mkdir");
    let victim = p.path().join("victim");
    std::fs::write(&victim, "keep").expect("write");
    symlink(&victim, out.join("dossier.1")).expect("symlink");
    let o = dossier(&["man", "--out", "man"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep");
    assert!(!is_link(&out.join("dossier.1")));
    assert!(names(&out).contains(&"dossier-build.1".to_string()));
}

fn mkfifo(path: &Path) {
    let o = Command::new("mkfifo").arg(path).output().expect("mkfifo");
    assert!(o.status.success(), "mkfifo {}", path.display());
}

#[test]
fn special_files_under_out_are_removed_without_blocking_or_refused() {
    let p = project();
    let out = p.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    // A FIFO in place of the folder, and of a hidden sibling.
    mkfifo(&out.join("minimal"));
    mkfifo(&out.join(".minimal.new"));
    let o = dossier(&["build", "--format", "pdf"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    exact(&out, &["minimal"]);

    // A FIFO in place of build.json and of an output: out of date, replaced.
    for name in ["build.json", "minimal.en.pdf"] {
        let path = out.join("minimal").join(name);
        std::fs::remove_file(&path).expect("rm");
        mkfifo(&path);
        let o = dossier(&["build", "--format", "pdf"], p.path());
        assert!(stderr(&o).contains("1 built"), "{name}: {}", stderr(&o));
        exact(&out, &["minimal"]);
    }

    // A FIFO in place of the lock is refused, naming it.
    mkfifo(&out.join(".minimal.lock"));
    let o = dossier(&["build", "--force", "--format", "pdf"], p.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("out/.minimal.lock: is not a regular file, where dossier keeps the output folder's lock"),
        "{err}"
    );
}
