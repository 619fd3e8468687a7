//! How long `dossier watch` takes from saving a prose file to the new PDF
//! being in place.
//!
//! ```sh
//! cargo build --release -p dossier-cli
//! cargo run --release -p dossier-cli --example watch_latency -- \
//!     target/release/dossier reports/NAME prose/FILE.md [SAVES] [FORMATS]
//! ```
//!
//! Run from the project's root. It copies the report folder and the
//! project's `data/` into a temporary project, starts the watch there, and
//! saves the prose file SAVES times (default 20), as an editor does (a new
//! file renamed over the old one), alternately with one more paragraph and
//! as it was. For each save it waits until the report's output folder has
//! been switched (its inode changes when the new set goes in) and prints:
//!
//! - **end to end**: from the rename to the new folder in place, which
//!   includes the watch's quiet spell after the last event (20 ms) and the
//!   time the kernel takes to report the event;
//! - **rebuild**: what the watch prints, from the end of the quiet spell to
//!   the set switched in (the rebuild and the writing of every file);
//! - **CPU**: the processor time the watch process spent on the save (user
//!   and system, from `/proc`), which a busy machine does not inflate the
//!   way it inflates the wall-clock times.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn usage() -> ! {
    eprintln!(
        "usage: watch_latency DOSSIER_BINARY REPORT_DIR PROSE_FILE [SAVES] [FORMATS]\n\
         e.g.   watch_latency target/release/dossier reports/my-report prose/intro.en.md 20 pdf,png,svg"
    );
    std::process::exit(2);
}

/// User and system time of process `pid` so far, in milliseconds (Linux).
fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Linux counts in USER_HZ, 100 per second on every common build.
    Some(ticks * 10.0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(binary), Some(report), Some(prose)) = (args.first(), args.get(1), args.get(2)) else {
        usage()
    };
    let saves: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    let formats = args.get(4).map_or("pdf,png,svg", String::as_str);
    let binary = std::fs::canonicalize(binary)?;
    let tmp = std::env::temp_dir().join(format!("dossier-watch-latency-{}", std::process::id()));
    let report_dir = PathBuf::from(report);
    copy_dir(&report_dir, &tmp.join(&report_dir))?;
    if Path::new("data").is_dir() {
        copy_dir(Path::new("data"), &tmp.join("data"))?;
    }
    let prose_path = tmp.join(&report_dir).join(prose);
    let original = std::fs::read_to_string(&prose_path)?;
    let first_word = original
        .split_whitespace()
        .find(|w| w.chars().all(char::is_alphabetic))
        .unwrap_or("Note")
        .to_string();

    let mut child = Command::new(&binary)
        .args(["watch", report, "--format", formats])
        .current_dir(&tmp)
        .env("CI", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (tx, lines) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().expect("piped")) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().expect("piped")),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let wait_for = |needle: &str| -> Option<String> {
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(120)) {
            if line.contains(needle) {
                return Some(line);
            }
            if line.starts_with("error") {
                eprintln!("{line}");
            }
        }
        None
    };
    let built = wait_for("built ").unwrap_or_else(|| {
        eprintln!("the watch did not build");
        std::process::exit(1)
    });
    println!("{built}");
    wait_for("watching");
    let folder_line = built
        .split_whitespace()
        .nth(1)
        .unwrap_or("out")
        .trim_end_matches(':')
        .to_string();
    let folder = tmp.join(folder_line);

    let mut end_to_end = Vec::new();
    let mut rebuild = Vec::new();
    let mut cpu = Vec::new();
    for i in 0..saves {
        let text = if i % 2 == 0 {
            format!("{original}\n\n{first_word}.\n")
        } else {
            original.clone()
        };
        let before = std::fs::metadata(&folder)?.ino();
        let cpu_before = cpu_ms(child.id());
        let staged = prose_path.with_file_name(".saving.tmp");
        std::fs::write(&staged, text)?;
        let saved = Instant::now();
        std::fs::rename(&staged, &prose_path)?;
        loop {
            if std::fs::metadata(&folder).is_ok_and(|m| m.ino() != before) {
                break;
            }
            if saved.elapsed() > Duration::from_secs(60) {
                eprintln!("no rebuild within 60 s");
                std::process::exit(1);
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        end_to_end.push(saved.elapsed().as_secs_f64() * 1000.0);
        let line = wait_for("rebuilt").unwrap_or_default();
        if let (Some(a), Some(b)) = (cpu_before, cpu_ms(child.id())) {
            cpu.push(b - a);
        }
        if let Some(ms) = line
            .split(" in ")
            .nth(1)
            .and_then(|r| r.split(" ms").next())
            .and_then(|n| n.parse::<f64>().ok())
        {
            rebuild.push(ms);
        }
        println!(
            "save {:>2}: {:6.1} ms end to end; {line}",
            i + 1,
            end_to_end[i]
        );
        // Let the next save be a save of its own.
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&tmp);
    let lo = end_to_end.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = end_to_end.iter().copied().fold(0.0, f64::max);
    println!(
        "end to end (save to PDF in place, with the 20 ms quiet spell): median {:.1} ms, {:.1}–{:.1} ms over {saves} saves",
        median(&mut end_to_end.clone()),
        lo,
        hi
    );
    if !cpu.is_empty() {
        println!(
            "CPU time of the watch per save: median {:.0} ms (10 ms resolution)",
            median(&mut cpu)
        );
    }
    if !rebuild.is_empty() {
        println!(
            "rebuild and write, as the watch prints it: median {:.1} ms",
            median(&mut rebuild)
        );
    }
    Ok(())
}
