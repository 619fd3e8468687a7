//! Batch-build benchmark: N synthetic bilingual reports (PDF, PNG and SVG,
//! Persian and English) built by the `dossier` binary as CI runs it, with
//! one worker and with two.
//!
//! `cargo bench -p dossier-cli --bench batch` (sizes and jobs can be given:
//! `-- 50,200 1,2`). Prints wall time, reports per second, the speed-up
//! from one to two workers, and the peak resident memory of the process,
//! which should not grow with N.

#[path = "../examples/synth/generate.rs"]
mod generate;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let list = |i: usize, default: &[usize]| -> Vec<usize> {
        args.get(i)
            .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
            .unwrap_or_else(|| default.to_vec())
    };
    let sizes = list(0, &[50, 200]);
    let jobs = list(1, &[1, 2]);
    println!(
        "{:>6} {:>5} {:>9} {:>10} {:>9}",
        "N", "jobs", "seconds", "reports/s", "peak MB"
    );
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        generate::generate(dir.path(), n).expect("generate reports");
        let mut first = None;
        for &j in &jobs {
            // One warm-up build fills the page cache; then the best of three.
            run(dir.path(), j);
            let (secs, peak) = (0..3)
                .map(|_| run(dir.path(), j))
                .fold((f64::MAX, 0u64), |(s, p), (s2, p2)| (s.min(s2), p.max(p2)));
            let speedup = match first {
                None => {
                    first = Some(secs);
                    String::new()
                }
                Some(one) => format!("  speed-up {:.2}x", one / secs),
            };
            println!(
                "{n:>6} {j:>5} {secs:>9.2} {:>10.1} {:>9.1}{speedup}",
                n as f64 / secs,
                peak as f64 / 1024.0
            );
        }
    }
}

/// Builds every report in `dir` with `jobs` workers; returns the wall time
/// in seconds and the peak resident memory in KiB (from /proc, 0 elsewhere).
fn run(dir: &Path, jobs: usize) -> (f64, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-q", "--force", "--jobs", &jobs.to_string()])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .spawn()
        .expect("spawn dossier");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
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
    assert!(
        status.success(),
        "dossier build failed in {}",
        dir.display()
    );
    (start.elapsed().as_secs_f64(), peak)
}
