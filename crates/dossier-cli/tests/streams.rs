//! Writing to stdout and stderr never panics. Every command, with a full
//! disk (`/dev/full`) and with a reader that went away (`| head -1`) on
//! either stream: a closed reader stops the printing and the command ends
//! with its own status; any other write error ends it with 1 and, when it
//! was on stdout, a message on stderr.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// A project with three reports, one of them broken.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("data"), &dir.path().join("data"));
    for (name, id) in [("a", "a"), ("b", "b"), ("broken", "broken")] {
        let report = dir.path().join("reports").join(name);
        copy_dir(&root().join("tests/fixtures/minimal"), &report);
        let spec = std::fs::read_to_string(report.join("report.toml")).expect("spec");
        let mut spec = spec
            .replace("../../../data", "../../data")
            .replace("id = \"minimal\"", &format!("id = \"{id}\""));
        if name == "broken" {
            spec = spec.replace("prose = \"trade\"", "prose = \"missing\"");
        }
        std::fs::write(report.join("report.toml"), spec).expect("write spec");
    }
    // Persian text with Arabic letters, which normalisation changes.
    std::fs::write(dir.path().join("text.txt"), "\u{0643}\u{064A}\n").expect("write");
    dir
}

/// Where a stream of the child goes.
#[derive(Clone, Copy, Debug)]
enum Sink {
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
    /// A pipe whose reader has already gone: every write fails with EPIPE.
    Closed,
    /// A pipe that is read to its end.
    Read,
}

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn run(args: &[&str], cwd: &Path, out: Sink, err: Sink) -> Run {
    let stdio = |sink: Sink| match sink {
        Sink::Full => Stdio::from(std::fs::File::create("/dev/full").expect("/dev/full")),
        Sink::Closed | Sink::Read => Stdio::piped(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .stdin(Stdio::null())
        .stdout(stdio(out))
        .stderr(stdio(err))
        .spawn()
        .expect("spawn");
    // Closing our end before the child writes makes each of its writes fail.
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    if matches!(out, Sink::Closed) {
        drop(out_pipe.take());
    }
    if matches!(err, Sink::Closed) {
        drop(err_pipe.take());
    }
    let out_reader = std::thread::spawn(move || {
        if let Some(mut p) = out_pipe {
            let _ = std::io::copy(&mut p, &mut std::io::sink());
        }
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut p) = err_pipe {
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    let status = child.wait().expect("wait");
    out_reader.join().expect("stdout");
    Run {
        code: status.code(),
        stderr: err_reader.join().expect("stderr"),
    }
}

fn no_panic(what: &str, r: &Run) {
    assert_ne!(r.code, Some(101), "{what} panicked: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
}

/// Every command with stdout on a full disk: exit 1 and a message.
#[test]
fn a_full_stdout_is_an_error_with_a_message() {
    let p = project();
    let commands: &[&[&str]] = &[
        &["check", "reports/a", "reports/b"],
        &["check", "--json", "reports/a"],
        &["build", "reports/a", "--format", "svg"],
        &["build", "reports/a", "--format", "svg", "--json", "--force"],
        &["list"],
        &[
            "chart",
            "reports/a/charts/exports.toml",
            "--format",
            "svg",
            "--out",
            "charts",
        ],
        &["normalize", "text.txt"],
        &["normalize", "--changes", "text.txt"],
        &["completions", "bash"],
        &["man"],
        &["man", "--out", "man"],
        &["--help"],
        &["--version"],
        &["help", "build"],
    ];
    for args in commands {
        let r = run(args, p.path(), Sink::Full, Sink::Read);
        let what = args.join(" ");
        no_panic(&what, &r);
        assert_eq!(r.code, Some(1), "{what}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("cannot write to stdout: No space left on device"),
            "{what}: {}",
            r.stderr
        );
    }
    // The build itself went on: its outputs are there.
    assert!(p.path().join("out/a/build.json").is_file());
}

/// Every command with its reader gone: no panic, its own exit status.
#[test]
fn a_closed_stdout_ends_printing_not_the_command() {
    let p = project();
    let commands: &[(&[&str], i32)] = &[
        (&["check", "reports/a", "reports/b"], 0),
        (&["check"], 1),
        (&["check", "--json"], 1),
        (&["build", "reports/a", "reports/b", "--format", "svg"], 0),
        (&["build", "--format", "svg", "--force"], 1),
        (&["build", "--format", "svg", "--json", "--force"], 1),
        (&["list"], 0),
        (
            &[
                "chart",
                "reports/a/charts/exports.toml",
                "--format",
                "svg",
                "--out",
                "charts",
            ],
            0,
        ),
        (&["normalize", "text.txt"], 0),
        (&["normalize", "--changes", "text.txt"], 0),
        (&["completions", "zsh"], 0),
        (&["man"], 0),
        (&["--help"], 0),
        (&["--version"], 0),
        (&["build", "--no-such-flag"], 2),
    ];
    for (args, code) in commands {
        let r = run(args, p.path(), Sink::Closed, Sink::Read);
        let what = args.join(" ");
        no_panic(&what, &r);
        assert_eq!(r.code, Some(*code), "{what}: {}", r.stderr);
        assert!(
            !r.stderr.contains("cannot write"),
            "quiet: {what}: {}",
            r.stderr
        );
    }
    // The builds finished: both reports were built, every file in place.
    for report in ["a", "b"] {
        assert!(p.path().join(format!("out/{report}/build.json")).is_file());
    }
}

/// `dossier check | head -1` through a real `head`.
#[test]
fn check_into_head_ends_with_the_check_status() {
    let p = project();
    for (args, code) in [
        (&["check", "reports/a", "reports/b"][..], 0),
        (&["check"][..], 1),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(p.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let head = Command::new("head")
            .arg("-1")
            .stdin(Stdio::from(child.stdout.take().expect("stdout")))
            .output()
            .expect("head");
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("read");
        let status = child.wait().expect("wait");
        assert_ne!(status.code(), Some(101), "{err}");
        assert_eq!(status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(String::from_utf8_lossy(&head.stdout).lines().count(), 1);
    }
}

/// stderr on a full disk or closed: no panic; a full one fails the command
/// (there is nowhere left to say why), a closed one does not.
#[test]
fn stderr_errors_never_panic() {
    let p = project();
    let commands: &[(&[&str], i32)] = &[
        (&["check"], 1),
        (&["build", "--format", "svg"], 1),
        (&["build", "reports/a", "--format", "svg", "--force"], 0),
        (&["build", "--no-such-flag"], 2),
        (&["chart", "no/such/spec.toml"], 1),
    ];
    for (args, code) in commands {
        let what = args.join(" ");
        let r = run(args, p.path(), Sink::Read, Sink::Closed);
        no_panic(&what, &r);
        assert_eq!(r.code, Some(*code), "closed stderr: {what}");
        let r = run(args, p.path(), Sink::Read, Sink::Full);
        no_panic(&what, &r);
        // A build that printed its summary line to a full stderr failed
        // to report; every other case already fails.
        assert_eq!(r.code, Some((*code).max(1)), "full stderr: {what}");
    }
}
