//! The SQLite store's connections: one writer and a small pool of readers.
//!
//! WAL lets readers run beside the single writer, so the server's page
//! requests never wait for an ingest batch. Writes are serialised by a mutex
//! rather than by SQLite's busy loop, which keeps batches fair and fast. The
//! log is copied back into the file by a [`Checkpointer`] of its own.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::checkpoint::Checkpointer;
use crate::convert::{Context, Result};

/// Readers kept open between calls; more are opened when busy.
const KEEP_READERS: usize = 8;

/// How long a connection waits for a lock held by another process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The connections of one database file.
#[derive(Debug)]
pub(crate) struct Connections {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// `None` when its connection could not be opened: the writer checkpoints itself.
    _checkpointer: Option<Checkpointer>,
}

impl Connections {
    /// Wraps the writer connection of `path`, already migrated, and starts its
    /// checkpointer.
    pub(crate) fn new(path: PathBuf, mut writer: Connection) -> Result<Self> {
        let checkpointer = Checkpointer::start(&path, &mut writer)?;
        Ok(Self {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            _checkpointer: checkpointer,
        })
    }

    /// The database file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a read connection.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match lock(&self.readers).pop() {
            Some(conn) => conn,
            None => open_reader(&self.path)?,
        };
        let out = f(&conn);
        let mut pool = lock(&self.readers);
        if pool.len() < KEEP_READERS {
            pool.push(conn);
        }
        out
    }

    /// Runs `f` in one write transaction, committed if `f` succeeds.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a write")?;
        let out = f(&tx)?;
        tx.commit().ctx("committing a write")?;
        Ok(out)
    }

    /// Runs `f` on the writer connection outside any transaction.
    pub(crate) fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        f(&mut lock(&self.writer))
    }
}

/// A poisoned lock still guards a sound connection: a panic inside a
/// transaction rolled the transaction back when it unwound.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Opens the writer: creates the file, switches to WAL.
pub(crate) fn open_writer(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).ctx("opening the database")?;
    configure(&conn)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .ctx("switching to WAL")?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(vigil_store::StoreError::Refused(format!(
            "the database cannot use WAL (journal mode {mode})"
        )));
    }
    Ok(conn)
}

/// Opens the checkpointer's connection to a database the writer has opened.
pub(crate) fn open_checkpointer(path: &Path) -> Result<Connection> {
    open_beside_writer(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE,
        "opening the checkpointer",
    )
}

fn open_reader(path: &Path) -> Result<Connection> {
    open_beside_writer(path, OpenFlags::SQLITE_OPEN_READ_ONLY, "opening a reader")
}

/// Another connection to a database the writer has created; each is used by one thread
/// at a time, so SQLite's own connection mutex is left out.
fn open_beside_writer(path: &Path, mode: OpenFlags, doing: &'static str) -> Result<Connection> {
    let conn =
        Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX).ctx(doing)?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)
        .ctx("setting the busy timeout")?;
    // NORMAL is durable against a killed process in WAL mode; only a power
    // loss can drop the last commits, and never corrupts the file.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32768;
         PRAGMA mmap_size = 268435456;",
    )
    .ctx("configuring the connection")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}
