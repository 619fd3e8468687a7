//! `dossier watch` end to end: started on a copy of the minimal fixture, it
//! rebuilds the PDF when a prose file is saved, prints the error and keeps
//! the last good PDF when the file is broken, builds again once it is
//! fixed, keeps the folder to exactly what `build.json` lists, and ends
//! cleanly on Ctrl-C (SIGINT). Timeouts are generous: the machine may be
//! busy, and no speed is measured here.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal")
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

/// The watch process and the lines it prints, on both streams.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(cwd: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("watch")
            .args(args)
            .current_dir(cwd)
            .env("CI", "true")
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier watch");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        for stream in [
            Box::new(out) as Box<dyn std::io::Read + Send>,
            Box::new(err) as Box<dyn std::io::Read + Send>,
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line with `a` and one with `b`, in either order.
    fn wait_for_both(&mut self, a: &str, b: &str) {
        let first = self.wait_for_any(&[a, b]);
        let other = if first.contains(a) { b } else { a };
        self.wait_for(other);
    }

    /// Waits for a line that contains one of `needles`; fails with every
    /// line so far when none comes in time.
    fn wait_for_any(&mut self, needles: &[&str]) -> String {
        let start = Instant::now();
        while let Some(left) = TIMEOUT.checked_sub(start.elapsed()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if needles.iter().any(|n| line.contains(n)) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with any of {needles:?} within {TIMEOUT:?}; the watch printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// Waits for a line that contains `needle`; fails with every line so
    /// far when none comes in time.
    fn wait_for(&mut self, needle: &str) -> String {
        self.wait_for_any(&[needle])
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves `text` as an editor does: a new file renamed over the old one,
/// so that the watch never sees it half written.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(".saving.tmp");
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext could not run ({e}); install poppler-utils"));
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The folder holds exactly the files its build.json lists, and itself.
fn folder_matches_record(folder: &Path) {
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("build.json")).expect("build.json"))
            .expect("build.json is JSON");
    let mut listed: Vec<String> = record["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|o| o["file"].as_str().expect("file").to_string())
        .chain(["build.json".to_string()])
        .collect();
    listed.sort();
    let mut there: Vec<String> = std::fs::read_dir(folder)
        .expect("read out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    there.sort();
    assert_eq!(there, listed);
}

#[test]
fn watch_rebuilds_on_save_keeps_the_last_good_pdf_and_stops_on_ctrl_c() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(), &tmp.path().join("minimal"));
    let prose = tmp.path().join("minimal/prose/traffic.en.md");
    let pdf = tmp.path().join("out/minimal/minimal.en.pdf");
    let mut watch = Watch::start(tmp.path(), &["minimal", "--format", "pdf,svg"]);
    // The two lines come on stdout and stderr, in either order.
    watch.wait_for_both("built ", "watching");
    assert!(pdf_text(&pdf).contains("The harbour line carried"));

    let good = std::fs::read_to_string(&prose).expect("prose");
    save(&prose, &good.replace("harbour line", "night ferry"));
    let line = watch.wait_for("rebuilt");
    assert!(line.contains("minimal.en.pdf"), "{line}");
    assert!(!line.contains(".svg"), "the chart did not change: {line}");
    assert!(pdf_text(&pdf).contains("The night ferry carried"));
    folder_matches_record(&tmp.path().join("out/minimal"));

    let before = std::fs::read(&pdf).expect("pdf");
    save(&prose, "{no_such_figure} is unknown.\n");
    let error = watch.wait_for("error");
    assert!(error.contains("no_such_figure"), "{error}");
    watch.wait_for("kept the last good outputs");
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        before,
        "the last good PDF stays"
    );
    folder_matches_record(&tmp.path().join("out/minimal"));

    save(&prose, &good.replace("harbour line", "morning boat"));
    watch.wait_for("rebuilt");
    assert!(pdf_text(&pdf).contains("The morning boat carried"));

    let pid = watch.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    watch.wait_for("stopped watching");
    let status = watch.child.wait().expect("wait");
    assert!(status.success(), "Ctrl-C ends the watch cleanly: {status}");
    let beside: Vec<String> = std::fs::read_dir(tmp.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["minimal"], "no staging folder or lock is left");
}
