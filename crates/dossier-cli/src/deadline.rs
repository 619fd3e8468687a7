//! The whole-build deadline (`--deadline SECONDS`): a watchdog thread that
//! ends the process with a clear error when a build or check runs too
//! long, for instance because a read blocks on a remote file system that
//! stopped answering, where no per-read bound can help.
//!
//! Ending the process never leaves a half-written output set: outputs are
//! switched into place only inside [`commit`], and the watchdog waits for
//! a commit under way to finish (for at most [`COMMIT_GRACE`]) and lets no
//! new one start. What a build had staged but not committed is left as
//! hidden temporary files, as a killed build leaves them, and the next
//! build removes them.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The longest deadline accepted, in seconds (one week).
pub const MAX_SECONDS: f64 = 604_800.0;

/// How long the watchdog waits, once the deadline has passed, for outputs
/// that are being switched into place.
pub const COMMIT_GRACE: Duration = Duration::from_secs(30);

/// Parses `--deadline`: a number of seconds, more than 0 and at most
/// [`MAX_SECONDS`].
pub fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of seconds, e.g. 600; found {text:?}"))?;
    if !(seconds > 0.0 && seconds <= MAX_SECONDS) {
        return Err(format!(
            "expected more than 0 and at most {MAX_SECONDS} seconds; found {text:?}"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[derive(Default)]
struct State {
    /// The deadline has passed: no commit may start.
    expired: bool,
    /// Commits under way.
    committing: usize,
}

static STATE: Mutex<State> = Mutex::new(State {
    expired: false,
    committing: 0,
});
static CHANGED: Condvar = Condvar::new();

/// Starts the watchdog: after `limit`, it prints an error naming `command`
/// and the flag, and ends the process with exit code 1.
pub fn start(limit: Duration, command: &'static str) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        expire();
        eprintln!(
            "error: `dossier {command}` did not finish within its deadline of {} s and was \
             stopped; a read may be blocked (a remote file system that stopped answering, \
             for example). No output was switched in part: each report's outputs are as \
             they were before, or entirely new. Raise the deadline with --deadline SECONDS.",
            limit.as_secs_f64()
        );
        std::process::exit(1);
    });
}

/// Lets no new commit start, then waits for those under way (at most
/// [`COMMIT_GRACE`]).
fn expire() {
    let Ok(mut state) = STATE.lock() else {
        return;
    };
    state.expired = true;
    let until = Instant::now() + COMMIT_GRACE;
    while state.committing > 0 {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match CHANGED.wait_timeout(state, left) {
            Ok((s, _)) => state = s,
            Err(_) => return,
        }
    }
}

/// Permission to switch outputs into place, held for the duration of the
/// switch; `None` once the deadline has passed.
pub struct Commit(());

impl Drop for Commit {
    fn drop(&mut self) {
        if let Ok(mut state) = STATE.lock() {
            state.committing = state.committing.saturating_sub(1);
            CHANGED.notify_all();
        }
    }
}

/// Asks to switch outputs into place; `None` once the deadline has passed,
/// and the caller then leaves the old outputs as they are.
pub fn commit() -> Option<Commit> {
    let mut state = STATE.lock().ok()?;
    if state.expired {
        return None;
    }
    state.committing += 1;
    Some(Commit(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_parse() {
        assert_eq!(parse_seconds("600"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "abc", "NaN", "inf", "1e9", ""] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
