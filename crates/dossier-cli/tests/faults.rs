//! Faults of a real build machine: builds killed at random points, a full
//! disk, an output folder that cannot be written, and builds racing into
//! the same `--out`. Whatever happens, every output file is complete (the
//! previous one or the new one), and failures say which file and why.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dossier")
}

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .output()
        .expect("run dossier")
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

/// The visible files of a folder with their bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry"))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

fn qpdf_available() -> bool {
    Command::new("qpdf").arg("--version").output().is_ok()
}

/// Every PDF in `dir` passes `qpdf --check` (or, without qpdf, at least
/// starts and ends as a PDF does).
fn check_pdfs(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.ends_with(".pdf") || name.starts_with('.') {
            continue;
        }
        n += 1;
        if qpdf_available() {
            let o = Command::new("qpdf")
                .args(["--check", path.to_str().expect("utf-8")])
                .output()
                .expect("qpdf");
            assert!(
                o.status.success(),
                "{name} is damaged: {}",
                String::from_utf8_lossy(&o.stdout)
            );
        } else {
            let bytes = std::fs::read(&path).expect("read");
            assert!(bytes.starts_with(b"%PDF-"), "{name}");
            assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name}");
        }
    }
    n
}

/// A small deterministic generator of kill delays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn builds_killed_at_random_points_leave_complete_outputs() {
    let p = project();
    let out = p.path().join("out/minimal");
    let o = dossier(&["build", "--format", "pdf,png"], p.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // How long a whole build takes here, to spread the kills over it.
    let start = std::time::Instant::now();
    let o = dossier(&["build", "--force", "--format", "pdf,png"], p.path());
    assert!(o.status.success());
    let span = (start.elapsed().as_millis() as u64).max(20) * 5 / 4;

    // Kill at a random point within the build's duration; a build that
    // ends before its kill shortens the span, so that the loop keeps
    // landing inside builds however loaded the machine is.
    let mut span = span;
    let mut rng = Lcg(7);
    let (mut killed, mut rounds) = (0, 0);
    let wanted = 50;
    while killed < wanted {
        rounds += 1;
        assert!(
            rounds <= 400,
            "only {killed} of {rounds} builds could be killed midway"
        );
        // Alternate the content so that a kill can land between two
        // different versions of every file.
        let prose = p.path().join("reports/minimal/prose/trade.en.md");
        let text = std::fs::read_to_string(&prose).expect("prose");
        std::fs::write(&prose, format!("{text}\nRound {rounds}.\n")).expect("write");
        let mut child = Command::new(bin())
            .args(["build", "-q", "--force", "--format", "pdf,png"])
            .current_dir(p.path())
            .spawn()
            .expect("spawn");
        let delay = Duration::from_millis(rng.next(span));
        let t0 = std::time::Instant::now();
        loop {
            if child.try_wait().expect("try_wait").is_some() {
                span = (t0.elapsed().as_millis() as u64 * 9 / 10).max(5);
                break;
            }
            if t0.elapsed() >= delay {
                let _ = child.kill();
                let _ = child.wait();
                killed += 1;
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            check_pdfs(&out) >= 2,
            "round {rounds}: both PDFs are still there"
        );
        // build.json is always whole JSON.
        let json = std::fs::read(out.join("build.json")).expect("build.json");
        serde_json::from_slice::<serde_json::Value>(&json).expect("build.json is complete");
    }
    // The next build cleans what the killed ones left and ends consistent:
    // build.json lists exactly the files there, with their hashes.
    let o = dossier(&["build", "--format", "pdf,png"], p.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("build.json")).expect("json"))
            .expect("json");
    for o in record["outputs"].as_array().expect("outputs") {
        let bytes = std::fs::read(out.join(o["file"].as_str().expect("file"))).expect("output");
        assert_eq!(o["bytes"].as_u64(), Some(bytes.len() as u64));
    }
    eprintln!("{killed} of {rounds} builds killed midway; every PDF passed the check");
}

#[test]
fn a_full_disk_leaves_the_previous_outputs() {
    let p = project();
    let out = p.path().join("out/minimal");
    let o = dossier(&["build", "--format", "pdf,png,svg"], p.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = snapshot(&out);
    let prose = p.path().join("reports/minimal/prose/trade.en.md");
    let text = std::fs::read_to_string(&prose).expect("prose");
    std::fs::write(&prose, format!("{text}\nA change.\n")).expect("write");

    // The file layer refuses to grow any file past 40 KB, as a disk that
    // fills up midway through the outputs would: the charts fit, the
    // PDFs do not. SIGXFSZ is ignored so that the write returns an error.
    let script = format!(
        "trap '' XFSZ; ulimit -f 80; exec '{}' build --format pdf,png,svg",
        bin()
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(p.path())
        .output()
        .expect("sh");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(err.contains("out/minimal/"), "names the file: {err}");
    assert_eq!(snapshot(&out), before, "the previous outputs are untouched");
    let hidden = std::fs::read_dir(&out)
        .expect("read_dir")
        .filter(|e| {
            e.as_ref()
                .map(|e| e.file_name().to_string_lossy().starts_with('.'))
                .unwrap_or(false)
        })
        .count();
    assert_eq!(hidden, 0, "no temporary file is left behind");

    // A real small file system, where the machine lets us mount one.
    let mnt = p.path().join("small");
    std::fs::create_dir(&mnt).expect("mkdir");
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=16k",
            "tmpfs",
            mnt.to_str().expect("utf-8"),
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if mounted {
        let o = dossier(
            &[
                "build",
                "--format",
                "pdf",
                "--out",
                mnt.to_str().expect("utf-8"),
            ],
            p.path(),
        );
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        let _ = Command::new("umount").arg(&mnt).output();
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("No space left on device"), "{err}");
    } else {
        eprintln!("tmpfs cannot be mounted here; the full disk was simulated with ulimit -f only");
    }
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error() {
    let p = project();
    std::fs::write(p.path().join("blocker"), "a file, not a folder").expect("write");
    let o = dossier(&["build", "--out", "blocker/out"], p.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("blocker/out: cannot create the output folder"),
        "{err}"
    );
}

#[test]
fn builds_racing_into_one_folder_do_not_corrupt_it() {
    let p = project();
    let out = p.path().join("out/minimal");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(bin())
                .args(["build", "-q", "--force", "--format", "pdf,svg"])
                .current_dir(p.path())
                .env("SOURCE_DATE_EPOCH", "1000000000")
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
    assert!(check_pdfs(&out) >= 2);
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("build.json")).expect("json"))
            .expect("json");
    let outputs = record["outputs"].as_array().expect("outputs");
    for o in outputs {
        let bytes = std::fs::read(out.join(o["file"].as_str().expect("file"))).expect("output");
        assert_eq!(
            o["bytes"].as_u64(),
            Some(bytes.len() as u64),
            "{}",
            o["file"]
        );
    }
    assert_eq!(
        snapshot(&out).len(),
        outputs.len() + 1,
        "outputs plus build.json, nothing else"
    );
}
