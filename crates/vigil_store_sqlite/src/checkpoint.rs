//! Checkpoints on a thread of their own: copying the write-ahead log back into the
//! database file ends with an fsync, and run inside the writer's commit (SQLite's
//! automatic checkpoint) that wait for the disk stalled every ingest batch behind it.
//!
//! The writer's log hook counts the pages in the log after each commit; past
//! [`CHECKPOINT_PAGES`] it wakes the checkpointer, which runs a passive checkpoint on its
//! own connection while the writer goes on. Commits during a checkpoint leave one more
//! request, so the checkpointer never falls further behind than one round.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::wal::CheckpointMode;

use crate::convert::{Context, Result};

/// Pages in the log that ask for a checkpoint (SQLite's own default interval).
const CHECKPOINT_PAGES: i32 = 1000;

/// What the writer asks of the checkpointer.
#[derive(Debug, Default)]
struct Requests {
    checkpoint: bool,
    stop: bool,
}

#[derive(Debug, Default)]
struct Signal {
    requests: Mutex<Requests>,
    wake: Condvar,
}

impl Signal {
    fn send(&self, change: impl FnOnce(&mut Requests)) {
        change(&mut self.requests.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_one();
    }

    /// Waits for a request; `false` when asked to stop.
    fn wait(&self) -> bool {
        let guard = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        let mut requests = self
            .wake
            .wait_while(guard, |r| !r.checkpoint && !r.stop)
            .unwrap_or_else(PoisonError::into_inner);
        requests.checkpoint = false;
        !requests.stop
    }
}

/// The checkpointing thread of one database; stopped and joined when dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing `path` for `writer`, whose own automatic checkpoints stop.
    /// If the checkpointer's connection or thread cannot be had, the writer keeps them.
    pub(crate) fn start(path: &Path, writer: &mut Connection) -> Result<Option<Self>> {
        let Ok(conn) = crate::connection::open_checkpointer(path) else {
            return Ok(None);
        };
        let signal = Arc::new(Signal::default());
        let thread_signal = Arc::clone(&signal);
        let spawned = std::thread::Builder::new()
            .name("vigil-checkpoint".to_owned())
            .spawn(move || run(&conn, &thread_signal));
        let Ok(thread) = spawned else {
            return Ok(None);
        };
        let hook_signal = Arc::clone(&signal);
        writer
            .wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
                if pages >= CHECKPOINT_PAGES {
                    hook_signal.send(|r| r.checkpoint = true);
                }
                Ok(())
            }))
            .ctx("installing the log hook")?;
        Ok(Some(Self {
            signal,
            thread: Some(thread),
        }))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.signal.send(|r| r.stop = true);
        if let Some(thread) = self.thread.take() {
            // A panic on the thread has been reported by the panic hook already.
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, signal: &Signal) {
    while signal.wait() {
        if let Err(e) = conn.wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE) {
            tracing::warn!(error = %e, "checkpoint failed; the next commit asks again");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::connection::{Connections, open_writer};
    use crate::convert::Context;

    /// The writer no longer checkpoints; the log still reaches the database file while the
    /// store is open, copied by the checkpointer.
    #[test]
    fn the_log_reaches_the_file_while_the_store_is_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("checkpoint.db");
        let conns = Connections::new(path.clone(), open_writer(&path).expect("writer"))
            .expect("connections");
        conns
            .write(|tx| {
                tx.execute_batch(
                    "CREATE TABLE filler (bytes BLOB);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                     INSERT INTO filler SELECT randomblob(2000) FROM n;",
                )
                .ctx("filling the log")
            })
            .expect("a write of about 1,500 pages");
        let size = || std::fs::metadata(&path).map_or(0, |m| m.len());
        let started = Instant::now();
        while size() < 6_000_000 && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(size() >= 6_000_000, "database file {} bytes", size());
    }
}
