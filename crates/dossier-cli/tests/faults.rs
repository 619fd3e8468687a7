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

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every name in a folder, hidden ones too, with its bytes, sorted.
fn everything(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry"))
        .map(|e| {
            let bytes = std::fs::read(e.path())
                .unwrap_or_else(|err| panic!("{}: not a readable file: {err}", e.path().display()));
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    v.sort();
    v
}

/// Checks that `files` is one whole output set: its `build.json` lists
/// every other file with its size and hash, and nothing else is there.
/// Returns the hashes `build.json` recorded for the inputs whose paths end
/// in `inputs`, in that order.
fn whole_set(files: &[(String, Vec<u8>)], inputs: &[&str]) -> Result<Vec<String>, String> {
    let json = files
        .iter()
        .find(|(n, _)| n == "build.json")
        .ok_or("no build.json")?;
    let record: serde_json::Value =
        serde_json::from_slice(&json.1).map_err(|e| format!("build.json: {e}"))?;
    let outputs = record["outputs"].as_array().ok_or("no outputs")?;
    let mut listed: Vec<&str> = outputs
        .iter()
        .map(|o| o["file"].as_str().unwrap_or(""))
        .chain(["build.json"])
        .collect();
    listed.sort_unstable();
    let present: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if listed != present {
        return Err(format!(
            "build.json lists {listed:?}; the folder holds {present:?}"
        ));
    }
    for o in outputs {
        let name = o["file"].as_str().unwrap_or("");
        let bytes = &files.iter().find(|(n, _)| n == name).expect("listed").1;
        if o["sha256"].as_str() != Some(sha256(bytes).as_str())
            || o["bytes"].as_u64() != Some(bytes.len() as u64)
        {
            return Err(format!("{name} is not the file build.json lists"));
        }
    }
    inputs
        .iter()
        .map(|end| {
            record["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|i| i["path"].as_str().is_some_and(|p| p.ends_with(end)))
                .and_then(|i| i["sha256"].as_str())
                .map(str::to_string)
                .ok_or(format!("build.json records no input {end}"))
        })
        .collect()
}

/// Milliseconds one forced build of the project takes here.
fn build_millis(p: &Path) -> u64 {
    let start = std::time::Instant::now();
    let o = dossier(&["build", "-q", "--force", "--format", "pdf,png"], p);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    start.elapsed().as_millis() as u64
}

#[test]
fn builds_killed_at_any_point_leave_the_old_set_or_the_new_one() {
    let p = project();
    let out = p.path().join("out/minimal");
    let prose = p.path().join("reports/minimal/prose/trade.en.md");
    let chart = p.path().join("reports/minimal/charts/exports.toml");
    let (prose_text, chart_text) = (
        std::fs::read_to_string(&prose).expect("prose"),
        std::fs::read_to_string(&chart).expect("chart"),
    );
    let watched = ["prose/trade.en.md", "charts/exports.toml"];
    let o = dossier(&["build", "--format", "pdf,png"], p.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The whole build's duration here, the middle of three, with a margin:
    // the kills are spread evenly over it, writes and switch included. A
    // build that ends before its kill measures the span again, so that the
    // kills follow the machine's load as other tests come and go.
    let mut times: Vec<u64> = (0..3).map(|_| build_millis(p.path())).collect();
    times.sort_unstable();
    let mut span = times[1].max(20) * 11 / 10;
    let first_span = span;

    let (slices, wanted) = (60u64, 40u64);
    let mut rng = Lcg(7);
    let (mut killed, mut old, mut new) = (0, 0, 0);
    let first = everything(&out);
    let mut round = 0u64;
    // Every slice once, and enough kills.
    while round < slices || killed < wanted {
        round += 1;
        assert!(
            round <= 4 * slices,
            "only {killed} of {round} builds could be killed midway"
        );
        let before = everything(&out);
        whole_set(&before, &watched).expect("each round starts from a whole set");
        // A real change in every output: the English prose changes both
        // English files' text, the chart titles change both charts and so
        // both PDFs.
        std::fs::write(&prose, format!("{prose_text}\nRound {round}.\n")).expect("write");
        std::fs::write(
            &chart,
            chart_text
                .replace("\" }", &format!(" {round}\" }}"))
                .replace("\", en", &format!(" {round}\", en")),
        )
        .expect("write");
        let now = [
            sha256(&std::fs::read(&prose).expect("prose")),
            sha256(&std::fs::read(&chart).expect("chart")),
        ];
        let mut child = Command::new(bin())
            .args(["build", "-q", "--force", "--format", "pdf,png"])
            .current_dir(p.path())
            .env("SOURCE_DATE_EPOCH", "1000000000")
            .spawn()
            .expect("spawn");
        // One kill in each of `slices` equal slices of the span, in turn.
        let slice = (round - 1) % slices;
        let delay = Duration::from_millis(slice * span / slices + rng.next((span / slices).max(1)));
        let t0 = std::time::Instant::now();
        loop {
            if child.try_wait().expect("try_wait").is_some() {
                span = (t0.elapsed().as_millis() as u64).max(20) * 11 / 10;
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
        let after = everything(&out);
        if after == before {
            old += 1;
        } else {
            let recorded = whole_set(&after, &watched)
                .unwrap_or_else(|e| panic!("round {round}, after {delay:?}: a mixed set: {e}"));
            assert_eq!(
                recorded, now,
                "round {round}: a set that is neither the old one nor the new one"
            );
            new += 1;
        }
        assert!(check_pdfs(&out) >= 2, "round {round}: both PDFs are there");
    }
    // The next build cleans what the killed ones left and ends consistent:
    // out/ holds the folder alone, and the folder exactly what build.json
    // lists.
    let o = dossier(&["build", "--format", "pdf,png"], p.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let beside: Vec<_> = everything_names(&p.path().join("out"));
    assert_eq!(beside, ["minimal"], "nothing is left beside the folder");
    let last = everything(&out);
    whole_set(&last, &watched).expect("a whole set");
    // The check tells a mix: the last set with one PDF of the first.
    let mixed: Vec<_> = last
        .iter()
        .map(
            |(n, b)| match first.iter().find(|(f, _)| f == n && n.ends_with(".pdf")) {
                Some(old) => old.clone(),
                None => (n.clone(), b.clone()),
            },
        )
        .collect();
    assert!(whole_set(&mixed, &watched).is_err(), "a mix is told apart");
    eprintln!(
        "{killed} of {round} builds killed over a span of {first_span} ms at first, {span} ms at last; {old} left the old set, {new} the new one"
    );
}

fn everything_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
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

    // The file layer refuses to grow any file past the English PDF (which
    // the change makes larger) less one 512-byte block, as a disk that
    // fills up midway through the outputs would: the smaller files fit,
    // the new PDF does not. Unchanged outputs are linked, not written.
    // SIGXFSZ is ignored so that the write returns an error.
    let en_pdf = before
        .iter()
        .find(|(name, _)| name.ends_with(".en.pdf"))
        .map_or(0, |(_, b)| b.len());
    let smallest = before.iter().map(|(_, b)| b.len()).min().unwrap_or(0);
    let blocks = (en_pdf - 1) / 512;
    assert!(
        blocks * 512 > smallest,
        "outputs of different sizes: {smallest}, {en_pdf}"
    );
    let script = format!(
        "trap '' XFSZ; ulimit -f {blocks}; exec '{}' build --format pdf,png,svg",
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
