//! Writing finished output sets on threads of their own. A build syncs
//! every file of a set to disk before the set is switched in, and a sync
//! waits on the disk, not the processor: done on the worker that built the
//! report, it leaves that core idle. The worker hands the set over here and
//! goes on to the next report, and a few writers keep the disk busy.
//!
//! The queue is short, so built sets never pile up in memory faster than
//! the disk takes them.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};

use crate::batch::Failure;

type Task<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Hands output sets to the writer threads of [`Writer::scope`].
pub struct Writer<'a> {
    tx: SyncSender<Task<'a>>,
}

/// What became of one handed-over set: filled in when it was written.
#[derive(Debug, Clone, Default)]
pub struct Ticket(Arc<OnceLock<Result<(), Failure>>>);

impl Ticket {
    /// The outcome, once the writer threads are done (after
    /// [`Writer::scope`] returns); a set whose writer died counts as not
    /// written.
    pub fn outcome(&self) -> Result<(), Failure> {
        self.0.get().cloned().unwrap_or_else(|| {
            Err(crate::batch::write_failure(
                "the output set was not written".into(),
            ))
        })
    }
}

impl<'a> Writer<'a> {
    /// Runs `f` with a writer of `threads` threads, and returns once `f`
    /// has returned and every set handed over is written.
    pub fn scope<R>(threads: usize, f: impl FnOnce(&Writer<'a>) -> R) -> R {
        let threads = threads.max(1);
        let (tx, rx) = sync_channel::<Task<'a>>(threads * 2);
        let rx = Mutex::new(rx);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| work(&rx));
            }
            let writer = Writer { tx };
            // `writer`, and with it the queue's only sender, is dropped at
            // the end of this block; the threads then drain the queue and
            // end, and the scope waits for them.
            f(&writer)
        })
    }

    /// Queues `write` and returns the ticket its outcome will be on; waits
    /// while the queue is full.
    pub fn hand(&self, write: impl FnOnce() -> Result<(), Failure> + Send + 'a) -> Ticket {
        let ticket = Ticket::default();
        let slot = ticket.0.clone();
        let task: Task<'a> = Box::new(move || {
            let _ = slot.set(write());
        });
        if let Err(e) = self.tx.send(task) {
            // Every writer is gone (one panicked): write it here instead.
            (e.0)();
        }
        ticket
    }
}

fn work(rx: &Mutex<Receiver<Task<'_>>>) {
    loop {
        let next = rx.lock().map(|r| r.recv());
        match next {
            Ok(Ok(task)) => task(),
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_handed_set_is_written_before_the_scope_returns() {
        let done = AtomicUsize::new(0);
        let tickets = Writer::scope(2, |w| {
            (0..20)
                .map(|i| {
                    let done = &done;
                    w.hand(move || {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        done.fetch_add(1, Ordering::SeqCst);
                        if i == 7 {
                            Err(crate::batch::write_failure(format!("set {i}")))
                        } else {
                            Ok(())
                        }
                    })
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(done.load(Ordering::SeqCst), 20);
        for (i, t) in tickets.iter().enumerate() {
            match t.outcome() {
                Ok(()) => assert_ne!(i, 7),
                Err(f) => {
                    assert_eq!(i, 7);
                    assert_eq!(f.message, "set 7");
                }
            }
        }
    }
}
