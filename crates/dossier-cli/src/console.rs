//! Printing to stdout and stderr without ever panicking. `println!`
//! panics when a write fails, which a full disk (`>/dev/full`) or a reader
//! that stops early (`| head -1`) makes happen. Here every write goes
//! through [`out!`]/[`outln!`] or [`err!`]/[`errln!`], which remember the
//! first failure of each stream and stop writing to it:
//!
//! - the reader went away (a broken pipe): nothing more is printed there
//!   and the command still runs to its end and exits with its own status,
//!   as `ls | head` does;
//! - any other failure (no space, an I/O error): the command runs to its
//!   end and exits with 1 (or its own failing code), with a message on
//!   stderr when the failure was on stdout.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;

/// How far writing to one stream got.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    /// The reader closed its end.
    Closed,
    /// Any other write error, as a message.
    Failed(String),
}

static STDOUT: Mutex<State> = Mutex::new(State::Open);
static STDERR: Mutex<State> = Mutex::new(State::Open);

/// Writes `bytes` to `w` unless an earlier write failed, and records a
/// failure in `state`.
fn emit(state: &mut State, w: &mut impl Write, bytes: &[u8]) {
    if *state != State::Open {
        return;
    }
    if let Err(e) = w.write_all(bytes).and_then(|()| w.flush()) {
        *state = match e.kind() {
            io::ErrorKind::BrokenPipe => State::Closed,
            _ => State::Failed(e.to_string()),
        };
    }
}

fn with(lock: &Mutex<State>, f: impl FnOnce(&mut State)) {
    // A thread that panicked while printing leaves the state as it was;
    // printing goes on.
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut state);
}

/// Writes to stdout.
pub fn write_out(bytes: &[u8]) {
    with(&STDOUT, |s| emit(s, &mut io::stdout().lock(), bytes));
}

/// Writes to stderr.
pub fn write_err(bytes: &[u8]) {
    with(&STDERR, |s| emit(s, &mut io::stderr().lock(), bytes));
}

/// Formats and writes to stdout.
pub fn out_fmt(args: fmt::Arguments<'_>) {
    write_out(args.to_string().as_bytes());
}

/// Formats and writes to stderr.
pub fn err_fmt(args: fmt::Arguments<'_>) {
    write_err(args.to_string().as_bytes());
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::console::out_fmt(format_args!($($arg)*)) };
}

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::out_fmt(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => { $crate::console::err_fmt(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::err_fmt(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Records the outcome of a write made elsewhere (clap's help text) as if
/// it had gone through this module.
pub fn record(stdout: bool, result: io::Result<()>) {
    if let Err(e) = result {
        let state = match e.kind() {
            io::ErrorKind::BrokenPipe => State::Closed,
            _ => State::Failed(e.to_string()),
        };
        with(if stdout { &STDOUT } else { &STDERR }, |s| {
            if *s == State::Open {
                *s = state;
            }
        });
    }
}

/// The exit code of a command that would exit with `code`, given how its
/// writes went (see the module docs): a write error fails a command that
/// would have succeeded; one that fails anyway keeps its own code.
pub fn finish(code: ExitCode) -> ExitCode {
    with(&STDOUT, |s| emit(s, &mut io::stdout().lock(), b""));
    let mut out = State::Open;
    with(&STDOUT, |s| out = s.clone());
    let mut failed = false;
    if let State::Failed(message) = out {
        failed = true;
        errln!("error: cannot write to stdout: {message}");
    }
    with(&STDERR, |s| failed |= matches!(s, State::Failed(_)));
    if failed && code == ExitCode::SUCCESS {
        ExitCode::from(1)
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that accepts `room` bytes, then fails with `kind`.
    struct Limited {
        room: usize,
        kind: io::ErrorKind,
        written: Vec<u8>,
    }

    impl Write for Limited {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(self.kind));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn limited(room: usize, kind: io::ErrorKind) -> Limited {
        Limited {
            room,
            kind,
            written: Vec::new(),
        }
    }

    #[test]
    fn a_closed_reader_stops_the_stream_quietly() {
        let mut state = State::Open;
        let mut w = limited(6, io::ErrorKind::BrokenPipe);
        emit(&mut state, &mut w, b"line 1\n");
        assert_eq!(state, State::Closed);
        w.room = 100;
        emit(&mut state, &mut w, b"line 2\n");
        assert_eq!(w.written, b"line 1", "nothing more is written");
    }

    #[test]
    fn other_failures_are_kept_with_their_message() {
        let mut state = State::Open;
        let mut w = limited(0, io::ErrorKind::StorageFull);
        emit(&mut state, &mut w, b"x\n");
        assert!(
            matches!(&state, State::Failed(m) if !m.is_empty()),
            "{state:?}"
        );
        emit(&mut state, &mut w, b"y\n");
        assert!(matches!(state, State::Failed(_)));
    }

    #[test]
    fn writes_that_fit_leave_the_stream_open() {
        let mut state = State::Open;
        let mut w = limited(100, io::ErrorKind::BrokenPipe);
        emit(&mut state, &mut w, b"a\n");
        emit(&mut state, &mut w, b"b\n");
        assert_eq!(state, State::Open);
        assert_eq!(w.written, b"a\nb\n");
    }
}
