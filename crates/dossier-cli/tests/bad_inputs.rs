//! The bad-input corpus, run with the real binary. Every folder under
//! `tests/bad-inputs/cases/` is a small report with an `expected.toml`
//! (format in `tests/bad-inputs/README.md`). Each case is copied into a
//! fresh project (`data/` = the corpus's shared data, `cases/<name>/`),
//! its generated files and symlinks are made, and then:
//!
//! - `dossier build cases/<name> --out out` must exit with the expected
//!   code, print every expected fragment, never panic (exit 101 or
//!   "panicked at" fail the case) and finish within a time bound;
//! - the output folder, pre-filled with an old build, must be byte for
//!   byte unchanged when the build fails, and nothing outside
//!   `out/<name>/` may change when it succeeds;
//! - `dossier check cases/<name>` must agree, and write nothing;
//! - in process, [`dossier_report::check`] must fail with the expected
//!   error kind (or succeed for `kind = "ok"`).
//!
//! A folder without `expected.toml` fails the run.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The longest one command of one case may take.
const TIME_BOUND: Duration = Duration::from_secs(120);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    description: String,
    exit: i32,
    kind: String,
    #[serde(default)]
    messages: Vec<String>,
    #[serde(default)]
    outputs: Vec<String>,
    #[serde(default)]
    generate: Vec<Generate>,
    #[serde(default)]
    symlink: Vec<Symlink>,
    #[serde(default)]
    special: Vec<Special>,
    /// Fragments stderr must not hold (text of files the report may not
    /// show).
    #[serde(default)]
    absent: Vec<String>,
    /// The report folder to build, relative to the case folder.
    #[serde(default = "here")]
    report: String,
    /// Extra arguments of every command run.
    #[serde(default)]
    args: Vec<String>,
    /// Extra arguments of `build` only.
    #[serde(default)]
    build_args: Vec<String>,
    /// Environment variables of every command run.
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// The commands to run: `build`, `check`.
    #[serde(default = "both")]
    commands: Vec<String>,
    /// Whether the in-process check can reproduce the case (not when it
    /// depends on arguments or the environment).
    #[serde(default = "yes")]
    in_process: bool,
    /// Read every PDF written back with pdfinfo and pdftotext, any
    /// warning an error.
    #[serde(default)]
    readers: bool,
}

fn here() -> String {
    ".".into()
}

fn both() -> Vec<String> {
    vec!["build".into(), "check".into()]
}

fn yes() -> bool {
    true
}

/// A special file made at run time (replacing any committed file there):
/// `kind` is `fifo` or `socket`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Special {
    path: String,
    kind: String,
}

/// A file made at run time: the parts, each repeated, then the committed
/// file's own text when `keep_existing` is set. With `numbered`, `{i}` in
/// a part becomes the number of its repetition (0, 1, …), for names that
/// must differ.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    path: String,
    parts: Vec<(String, usize)>,
    #[serde(default)]
    keep_existing: bool,
    #[serde(default)]
    numbered: bool,
}

/// A symlink made at run time (replacing any committed file there).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    path: String,
    target: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target).expect("copy");
        } else {
            panic!(
                "{}: the corpus holds only plain files and folders; make symlinks with [[symlink]] in expected.toml",
                entry.path().display()
            );
        }
    }
}

/// What a file-system entry is, compared before and after a run.
#[derive(Debug, PartialEq)]
enum Entry {
    Dir,
    File([u8; 32]),
    Link(PathBuf),
    /// A FIFO, socket or device: never opened, since opening a FIFO
    /// waits for a writer.
    Special,
}

/// Every entry under `root`, symlinks not followed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let rel = path.strip_prefix(root).expect("inside").to_path_buf();
            if meta.file_type().is_symlink() {
                out.insert(rel, Entry::Link(std::fs::read_link(&path).expect("link")));
            } else if meta.is_dir() {
                out.insert(rel, Entry::Dir);
                stack.push(path);
            } else if !meta.is_file() {
                out.insert(rel, Entry::Special);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(rel, Entry::File(Sha256::digest(&bytes).into()));
            }
        }
    }
    out
}

/// The result of one run of the binary.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd`, killing it when it runs past [`TIME_BOUND`].
fn dossier(args: &[&str], cwd: &Path, env: &BTreeMap<String, String>) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run dossier: {e}"))?;
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > TIME_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "`dossier {}` ran longer than {TIME_BOUND:?} and was killed",
                args.join(" ")
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    Ok(Run {
        code: status.code(),
        stdout,
        stderr,
    })
}

/// Makes the case's generated files and symlinks inside `dir`.
fn prepare(dir: &Path, expected: &Expected) -> Result<(), String> {
    for g in &expected.generate {
        let path = dir.join(&g.path);
        let existing = if g.keep_existing {
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", g.path))?
        } else {
            String::new()
        };
        let mut text = String::new();
        for (part, times) in &g.parts {
            if g.numbered {
                for i in 0..*times {
                    text.push_str(&part.replace("{i}", &i.to_string()));
                }
            } else {
                text.push_str(&part.repeat(*times));
            }
        }
        text.push_str(&existing);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", g.path))?;
    }
    for link in &expected.symlink {
        let path = dir.join(&link.path);
        if std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", link.path))?;
        }
        // Git keeps no empty folders, so the link's folder may not exist yet.
        std::fs::create_dir_all(path.parent().expect("parent"))
            .map_err(|e| format!("{}: {e}", link.path))?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(&link.target, &path)
            .map_err(|e| format!("{}: {e}", link.path))?;
        #[cfg(not(unix))]
        return Err(format!("{}: symlinks need a unix system", link.path));
    }
    for special in &expected.special {
        let path = dir.join(&special.path);
        if std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", special.path))?;
        }
        std::fs::create_dir_all(path.parent().expect("parent"))
            .map_err(|e| format!("{}: {e}", special.path))?;
        match special.kind.as_str() {
            "fifo" => {
                let status = Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .map_err(|e| format!("mkfifo: {e}"))?;
                if !status.success() {
                    return Err(format!("mkfifo {}: {status}", special.path));
                }
            }
            #[cfg(unix)]
            "socket" => {
                // The socket file stays when the listener is dropped.
                std::os::unix::net::UnixListener::bind(&path)
                    .map_err(|e| format!("{}: {e}", special.path))?;
            }
            other => return Err(format!("{}: unknown special kind {other:?}", special.path)),
        }
    }
    Ok(())
}

/// Reads `pdf` with pdfinfo and pdftotext; any warning is a problem.
fn read_back(pdf: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (tool, args) in [("pdfinfo", vec![]), ("pdftotext", vec!["-"])] {
        let out = match Command::new(tool).arg(pdf).args(&args).output() {
            Ok(out) => out,
            Err(e) => {
                problems.push(format!("{tool} cannot run: {e}"));
                continue;
            }
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() || !stderr.trim().is_empty() {
            problems.push(format!("{tool} {}: {stderr}", pdf.display()));
        }
    }
    problems
}

/// Checks that a run neither panicked nor left the expected outcome.
fn judge(what: &str, run: &Run, expected: &Expected) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code == Some(101) || run.stderr.contains("panicked at") {
        problems.push(format!("{what} panicked:\n{}", run.stderr));
        return problems;
    }
    if run.code != Some(expected.exit) {
        problems.push(format!(
            "{what} exited with {:?}, expected {}\nstdout: {}\nstderr: {}",
            run.code,
            expected.exit,
            run.stdout.chars().take(2000).collect::<String>(),
            run.stderr.chars().take(2000).collect::<String>()
        ));
    }
    for fragment in &expected.messages {
        if !run.stderr.contains(fragment.as_str()) {
            problems.push(format!(
                "{what}: message lacks {fragment:?}; stderr was:\n{}",
                run.stderr.chars().take(2000).collect::<String>()
            ));
        }
    }
    for fragment in &expected.absent {
        if run.stderr.contains(fragment.as_str()) || run.stdout.contains(fragment.as_str()) {
            problems.push(format!("{what}: printed {fragment:?}, which it must not"));
        }
    }
    problems
}

/// Runs one case; returns what went wrong.
fn run_case(case: &Path) -> Vec<String> {
    let name = case
        .file_name()
        .expect("case name")
        .to_string_lossy()
        .into_owned();
    let expected_path = case.join("expected.toml");
    let text = match std::fs::read_to_string(&expected_path) {
        Ok(t) => t,
        Err(e) => return vec![format!("no readable expected.toml: {e}")],
    };
    let expected: Expected = match toml::from_str(&text) {
        Ok(e) => e,
        Err(e) => return vec![format!("expected.toml: {e}")],
    };
    if expected.description.trim().is_empty() {
        return vec!["expected.toml: empty description".into()];
    }
    if expected.exit != 0 && expected.messages.is_empty() {
        return vec!["expected.toml: a failing case must name message fragments".into()];
    }
    if (expected.exit == 0) != (expected.kind == "ok") {
        return vec!["expected.toml: kind = \"ok\" goes with exit = 0, and only with it".into()];
    }

    let project = tempfile::tempdir().expect("tempdir");
    let root = project.path();
    copy_dir(&corpus().join("data"), &root.join("data"));
    let dir = root.join("cases").join(&name);
    copy_dir(case, &dir);
    if let Err(e) = prepare(&dir, &expected) {
        return vec![format!("cannot prepare the case: {e}")];
    }
    // An earlier build that must survive a failed one.
    let out = root.join("out");
    std::fs::create_dir_all(out.join(&name)).expect("mkdir out");
    std::fs::write(out.join("sentinel.txt"), "an unrelated file").expect("sentinel");
    std::fs::write(
        out.join(&name).join(format!("{name}.en.pdf")),
        "%PDF-1.7 previous build",
    )
    .expect("old pdf");
    std::fs::write(out.join(&name).join("build.json"), "{\"previous\": true}").expect("old json");

    let mut problems = Vec::new();
    let rel = format!("cases/{name}/{}", expected.report);
    let runs = |command: &str| expected.commands.iter().any(|c| c == command);
    let before = snapshot(root);
    let mut build_args = vec!["build", rel.as_str(), "--out", "out"];
    build_args.extend(expected.args.iter().map(String::as_str));
    build_args.extend(expected.build_args.iter().map(String::as_str));
    match runs("build").then(|| dossier(&build_args, root, &expected.env)) {
        None => {}
        Some(Err(e)) => problems.push(e),
        Some(Ok(run)) => {
            problems.extend(judge("build", &run, &expected));
            let after = snapshot(root);
            if expected.exit == 0 {
                let own = Path::new("out").join(&name);
                let keep = |m: &BTreeMap<PathBuf, Entry>| -> Vec<String> {
                    m.iter()
                        .filter(|(p, _)| !p.starts_with(&own))
                        .map(|(p, e)| format!("{} {e:?}", p.display()))
                        .collect()
                };
                if keep(&before) != keep(&after) {
                    problems.push("build changed files outside its output folder".into());
                }
                for file in &expected.outputs {
                    let path = out.join(&name).join(file);
                    match std::fs::read(&path) {
                        Ok(bytes) => {
                            let magic: &[u8] = match file.rsplit('.').next() {
                                Some("pdf") => b"%PDF-",
                                Some("png") => b"\x89PNG",
                                Some("svg") => b"<svg",
                                _ => b"",
                            };
                            if !bytes.starts_with(magic) || bytes.len() < 100 {
                                problems
                                    .push(format!("output {file} is not a real {magic:?} file"));
                            }
                        }
                        Err(e) => problems.push(format!("output {file} missing: {e}")),
                    }
                    if expected.readers && file.ends_with(".pdf") {
                        problems.extend(read_back(&path));
                    }
                }
            } else if before != after {
                let changed: Vec<String> = before
                    .keys()
                    .chain(after.keys())
                    .filter(|p| before.get(*p) != after.get(*p))
                    .map(|p| p.display().to_string())
                    .collect();
                problems.push(format!(
                    "a failed build changed files: {}",
                    changed.join(", ")
                ));
            }
        }
    }

    let before = snapshot(root);
    let mut check_args = vec!["check", rel.as_str()];
    check_args.extend(expected.args.iter().map(String::as_str));
    match runs("check").then(|| dossier(&check_args, root, &expected.env)) {
        None => {}
        Some(Err(e)) => problems.push(e),
        Some(Ok(run)) => {
            problems.extend(judge("check", &run, &expected));
            if snapshot(root) != before {
                problems.push("check wrote files".into());
            }
        }
    }

    if !expected.in_process {
        return problems;
    }
    let options = dossier_report::BuildOptions::default();
    let kind = match dossier_report::check(&dir.join(&expected.report), &options) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.kind(),
    };
    if kind != expected.kind {
        problems.push(format!(
            "in-process check gave kind {kind:?}, expected {:?}",
            expected.kind
        ));
    }
    problems
}

#[test]
fn bad_inputs_corpus() {
    let cases_dir = corpus().join("cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .expect("tests/bad-inputs/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "the corpus needs at least 40 cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    let mut ok = 0;
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let started = Instant::now();
        let problems = run_case(case);
        eprintln!(
            "{name}: {} in {:.1} s",
            if problems.is_empty() { "ok" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        if problems.is_empty() {
            ok += 1;
        } else {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert_eq!(ok, cases.len());
}
