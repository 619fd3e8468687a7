//! Batch-build benchmark: bilingual reports (PDF, PNG and SVG, Persian and
//! English) built by the `dossier` binary as CI runs it, with one worker
//! and with two, with the shaping cache and without it, and with the
//! cache but without syncing the outputs to disk (`--no-sync`).
//!
//! Each build writes into an output folder of its own, as a build of a
//! fresh clone does; the folders are removed only at the end, so that no
//! build pays for removing another's files. The last line of each kind
//! rebuilds in place (`--force` over the previous outputs), as an analyst
//! does: unchanged outputs are then kept, not written again.
//!
//! `cargo bench -p dossier-cli --bench batch -- WHAT JOBS`: WHAT is a
//! comma list of `notes` (every run of the shipped country note, one per
//! country of its data) and numbers N (N synthetic unrelated briefings from
//! `examples/synth`); JOBS a comma list of worker counts. The default is
//! `notes,200 1,2`. Prints wall time, reports per second, the speed-up
//! from one worker to two, the peak resident memory of the process (which
//! should not grow with N), the hit rate of the shaping cache, and the
//! share of each report's time spent writing its files (syncs included).

#[path = "../examples/synth/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
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

/// A project holding the country note and its data package only.
fn notes_project(dir: &Path) {
    copy_dir(
        &repo().join("reports/country-note"),
        &dir.join("reports/country-note"),
    );
    copy_dir(&repo().join("data/gapminder"), &dir.join("data/gapminder"));
    std::fs::create_dir_all(dir.join("data/sources")).expect("project data folder");
}

/// One timed build.
struct Measured {
    seconds: f64,
    peak_kib: u64,
    reports: usize,
    hit_rate: f64,
    /// Of the reports' own time (build and write), the part spent writing.
    write_share: f64,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let what: Vec<String> = args
        .first()
        .map(|s| s.split(',').map(str::to_string).collect())
        .unwrap_or_else(|| vec!["notes".into(), "200".into()]);
    let jobs: Vec<usize> = args
        .get(1)
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2]);
    println!(
        "{:>10} {:>5} {:>4} {:>6} {:>5} {:>6} {:>8} {:>10} {:>8} {:>9} {:>7}",
        "reports",
        "N",
        "jobs",
        "cache",
        "sync",
        "out",
        "seconds",
        "reports/s",
        "peak MB",
        "hit rate",
        "writing"
    );
    for w in &what {
        let dir = tempfile::tempdir().expect("tempdir");
        let label = if w == "notes" {
            notes_project(dir.path());
            "notes"
        } else {
            let n: usize = w.parse().expect("`notes` or a number of synthetic reports");
            generate::generate(dir.path(), n).expect("generate reports");
            "synth"
        };
        let mut builds = 0;
        for (cache, sync, fresh) in [
            (true, true, true),
            (false, true, true),
            (true, false, true),
            (true, true, false),
        ] {
            let mut first = None;
            for &j in &jobs {
                let mut out = || {
                    builds += 1;
                    if fresh {
                        format!("out-{builds}")
                    } else {
                        "out".to_string()
                    }
                };
                // One warm-up build fills the page cache; then the best of three.
                run(dir.path(), &out(), j, cache, sync);
                let m = (0..3)
                    .map(|_| run(dir.path(), &out(), j, cache, sync))
                    .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
                    .expect("three builds");
                let speedup = match first {
                    None => {
                        first = Some(m.seconds);
                        String::new()
                    }
                    Some(one) => format!("  speed-up {:.2}x", one / m.seconds),
                };
                println!(
                    "{label:>10} {:>5} {j:>4} {:>6} {:>5} {:>6} {:>8.2} {:>10.1} {:>8.1} {:>8.1}% {:>6.0}%{speedup}",
                    m.reports,
                    if cache { "on" } else { "off" },
                    if sync { "on" } else { "off" },
                    if fresh { "new" } else { "kept" },
                    m.seconds,
                    m.reports as f64 / m.seconds,
                    m.peak_kib as f64 / 1024.0,
                    m.hit_rate * 100.0,
                    m.write_share * 100.0,
                );
            }
        }
    }
}

/// Builds every report in `dir` into the folder `out` with `jobs`
/// workers, with or without the shaping cache, syncing the outputs to
/// disk or not.
fn run(dir: &Path, out: &str, jobs: usize, cache: bool, sync: bool) -> Measured {
    let start = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(["build", "--json", "--force", "--out", out])
        .args(["--jobs", &jobs.to_string()])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .stdout(std::process::Stdio::piped());
    if !cache {
        command.env("DOSSIER_SHAPE_CACHE", "0");
    }
    if !sync {
        command.arg("--no-sync");
    }
    let mut child = command.spawn().expect("spawn dossier");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            for line in text.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        status.success(),
        "dossier build failed in {}",
        dir.display()
    );
    let text = reader.join().expect("reader").expect("summary");
    let summary: serde_json::Value = serde_json::from_str(&text).expect("JSON summary");
    let reports = summary["built"].as_u64().unwrap_or(0) as usize;
    let hit_rate = summary["shaping"]["hit_rate"].as_f64().unwrap_or(0.0);
    let (mut build_ms, mut write_ms) = (0.0, 0.0);
    for folder in std::fs::read_dir(dir.join(out)).expect("out").flatten() {
        let Ok(record) = std::fs::read(folder.path().join("build.json")) else {
            continue;
        };
        let record: serde_json::Value = serde_json::from_slice(&record).expect("build.json");
        build_ms += record["timings"]["build_ms"].as_f64().unwrap_or(0.0);
        write_ms += record["timings"]["write_ms"].as_f64().unwrap_or(0.0);
    }
    Measured {
        seconds,
        peak_kib: peak,
        reports,
        hit_rate,
        write_share: write_ms / (build_ms + write_ms).max(1e-9),
    }
}
