//! Backups of a live store and their verified restoring.
//!
//! [`snapshot`] copies a database that a server may be writing to with SQLite's online
//! backup API in a single step: the copy is one read transaction, so it is consistent, and
//! under WAL it never blocks the writer. (A step of a few pages at a time restarts whenever
//! another connection writes between steps, and under steady writes need never finish;
//! `VACUUM INTO` is as consistent but rebuilds every table and took twice as long in
//! `scripts/measure-backup.py`.)
//!
//! [`verify`] opens a copy and checks it before anything relies on it: the engine's
//! integrity check, foreign keys, a schema version this build knows, and (at the latest
//! version) Vigil's own invariants; it returns counts and a checksum over every stored row,
//! so that a backup and its restore can be compared. [`replace`] puts a verified copy in
//! place of a store by one rename, and refuses while another process has the store open.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use sha2::{Digest, Sha256};
use vigil_store::StoreError;

use crate::convert::{Context, Result, to_u64};
use crate::{integrity, migrate};

/// What a backup or a restored store holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSummary {
    /// Stored documents (every version of every report).
    pub documents: u64,
    /// Events, current or merged away.
    pub events: u64,
    /// User accounts.
    pub users: u64,
    /// The schema version.
    pub schema_version: u32,
    /// `sha256:` and the hex SHA-256 over every row of every table, table by table in name
    /// order and rows in storage order: equal for two stores with the same rows.
    pub checksum: String,
}

/// Copies the database at `source` into `dest` (a new or empty file) as one consistent
/// snapshot, while other connections may go on writing to `source`. The copy is left in
/// rollback-journal mode, a single self-contained file.
pub fn snapshot(source: &Path, dest: &Path) -> Result<()> {
    let src = open_source(source)?;
    let mut dst = Connection::open(dest).ctx("creating the backup file")?;
    {
        let backup = Backup::new(&src, &mut dst).ctx("starting the backup")?;
        copy_in_one_step(&backup)?;
    }
    let mode: String = dst
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .ctx("making the backup one file")?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Refused(format!(
            "the backup stayed in journal mode {mode}"
        )));
    }
    dst.close()
        .map_err(|(_, e)| StoreError::backend("closing the backup file", e))
}

/// A connection to the database to back up, which must exist and be a database.
fn open_source(source: &Path) -> Result<Connection> {
    if !source.is_file() {
        return Err(StoreError::Refused(format!(
            "no database at {}",
            source.display()
        )));
    }
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .ctx("opening the database to back up")?;
    src.busy_timeout(BUSY_WAIT)
        .ctx("setting the busy timeout")?;
    // Fails on a file that is not a database before any copying.
    migrate::version(&src).map_err(|_| not_a_database())?;
    Ok(src)
}

/// Runs the backup as one step (every page in one read transaction), retrying while a
/// lock is briefly held by another connection.
fn copy_in_one_step(backup: &Backup<'_, '_>) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1).ctx("copying the database")? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked | StepResult::More
                if started.elapsed() < BUSY_WAIT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {
                return Err(StoreError::Refused(format!(
                    "the database stayed locked for {} s",
                    BUSY_WAIT.as_secs()
                )));
            }
        }
    }
}

/// How long a backup waits for a lock held by another connection.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens the database copy at `path` and checks it; the summary if it is a sound Vigil store
/// this build can open, else why not.
pub fn verify(path: &Path) -> Result<StoreSummary> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .ctx("opening the copy")?;
    check(&conn)
}

/// A snapshot held in memory, so that an encrypted backup never has its plain text on disk;
/// it takes as much memory as the database's size.
#[derive(Debug)]
pub struct MemorySnapshot {
    conn: Connection,
    /// What it holds, checked as [`verify`] checks a file.
    pub summary: StoreSummary,
}

impl MemorySnapshot {
    /// Writes the snapshot as a database file's bytes.
    pub fn write_to(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let data = self
            .conn
            .serialize(rusqlite::MAIN_DB)
            .map_err(std::io::Error::other)?;
        out.write_all(&data)
    }
}

/// Like [`snapshot`], into memory, and checked.
pub fn snapshot_in_memory(source: &Path) -> Result<MemorySnapshot> {
    let src = open_source(source)?;
    let page_size: i64 = src
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .ctx("reading the page size")?;
    let mut conn = Connection::open_in_memory().ctx("opening memory")?;
    // A backup into memory needs the source's page size.
    conn.pragma_update(None, "page_size", page_size)
        .ctx("setting the page size")?;
    {
        let backup = Backup::new(&src, &mut conn).ctx("starting the backup")?;
        copy_in_one_step(&backup)?;
    }
    let summary = check(&conn)?;
    Ok(MemorySnapshot { conn, summary })
}

/// Checks an open copy: see [`verify`].
fn check(conn: &Connection) -> Result<StoreSummary> {
    let version = migrate::version(conn).map_err(|_| not_a_database())?;
    let has = |table: &str| -> Result<bool> {
        conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|_| not_a_database())
    };
    if version == 0 || !has("documents")? || !has("events")? {
        return Err(StoreError::Refused(
            "not a Vigil store (no schema version or tables)".to_owned(),
        ));
    }
    if version > migrate::LATEST_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: migrate::LATEST_VERSION,
        });
    }
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| StoreError::Corrupt(format!("integrity check failed: {e}")))?;
    problems.retain(|m: &String| m != "ok");
    if problems.is_empty() && version == migrate::LATEST_VERSION {
        problems = integrity::check(conn)?.problems;
    }
    if let Some(first) = problems.first() {
        return Err(StoreError::Corrupt(format!(
            "integrity check: {first}{}",
            if problems.len() > 1 {
                format!(" (and {} more problems)", problems.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    summarise(conn, version, has("users")?)
}

fn not_a_database() -> StoreError {
    StoreError::Refused("not a SQLite database, or a damaged one".to_owned())
}

/// Counts and the row checksum of the open database `conn`.
fn summarise(conn: &Connection, schema_version: u32, has_users: bool) -> Result<StoreSummary> {
    let count = |table: &str| -> Result<u64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map(to_u64)
            .ctx("counting rows")
    };
    Ok(StoreSummary {
        documents: count("documents")?,
        events: count("events")?,
        users: if has_users { count("users")? } else { 0 },
        schema_version,
        checksum: checksum(conn)?,
    })
}

/// SHA-256 over the rows of every ordinary table (the full-text indexes' own tables
/// included, virtual tables left out: their rows live in those).
pub fn checksum(conn: &Connection) -> Result<String> {
    let tables: Vec<(String, bool)> = conn
        .prepare(
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main'
             AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY name",
        )
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?
                .collect()
        })
        .ctx("listing the tables")?;
    let mut hash = Sha256::new();
    for (table, without_rowid) in tables {
        hash.update(b"table\0");
        hash.update(table.as_bytes());
        hash.update(b"\0");
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let order = if without_rowid {
            let columns: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info(?1)",
                    [&table],
                    |r| r.get(0),
                )
                .ctx("counting columns")?;
            (1..=columns.max(1))
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "rowid".to_owned()
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {quoted} ORDER BY {order}"))
            .ctx("reading a table")?;
        let width = stmt.column_count();
        let mut rows = stmt.query([]).ctx("reading a table")?;
        while let Some(row) = rows.next().ctx("reading a row")? {
            hash.update(b"r");
            for i in 0..width {
                let value = row.get_ref(i).ctx("reading a value")?;
                match value {
                    ValueRef::Null => hash.update(b"n"),
                    ValueRef::Integer(n) => {
                        hash.update(b"i");
                        hash.update(n.to_le_bytes());
                    }
                    ValueRef::Real(x) => {
                        hash.update(b"f");
                        hash.update(x.to_bits().to_le_bytes());
                    }
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                        hash.update(if matches!(value, ValueRef::Text(_)) {
                            b"t"
                        } else {
                            b"b"
                        });
                        hash.update((bytes.len() as u64).to_le_bytes());
                        hash.update(bytes);
                    }
                }
            }
        }
    }
    let digest = hash.finalize();
    Ok(format!(
        "sha256:{}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ))
}

/// Replaces the database at `target` by the verified copy at `copy` (in the same
/// directory) with one rename. An existing target is first locked exclusively, which fails
/// at once while any other process has it open, and folded back into one file, so that no
/// write-ahead log of the old database is left to be replayed into the new one.
pub fn replace(target: &Path, copy: &Path) -> Result<()> {
    if target.exists() {
        let conn = Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .ctx("opening the database to replace")?;
        conn.busy_timeout(std::time::Duration::ZERO)
            .ctx("setting the busy timeout")?;
        let locked = conn.execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;
             PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE; COMMIT;",
        );
        match locked {
            Ok(()) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                return Err(StoreError::Refused(format!(
                    "{} is open in another process (a running `vigil serve`?); stop it first",
                    target.display()
                )));
            }
            // A damaged or foreign file at the target is replaced all the same.
            Err(_) => {}
        }
        // The lock is held until the connection closes, after the rename.
        std::fs::rename(copy, target)
            .map_err(|e| io("putting the restored database in place", &e))?;
        remove_side_files(target);
        drop(conn);
    } else {
        std::fs::rename(copy, target)
            .map_err(|e| io("putting the restored database in place", &e))?;
        remove_side_files(target);
    }
    Ok(())
}

/// Removes an old database's log, index and journal: SQLite would replay a log or a
/// journal it finds beside a file into that file, whatever file it is now.
fn remove_side_files(target: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        // Absent is the usual case; one that cannot be removed shows when the store opens.
        let _ = std::fs::remove_file(std::path::PathBuf::from(side));
    }
}

fn io(context: &'static str, e: &std::io::Error) -> StoreError {
    StoreError::Refused(format!("{context}: {e}"))
}

#[cfg(test)]
mod tests {
    use vigil_store::{NewUser, Role, Store};

    use super::*;
    use crate::SqliteStore;

    fn user(name: &str) -> NewUser {
        NewUser {
            name: name.to_owned(),
            role: Role::Editor,
            password_hash: "not-a-hash".to_owned(),
            at: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a time"),
        }
    }

    /// A snapshot has the rows of its source; one changed value changes the checksum.
    #[test]
    fn the_checksum_follows_the_rows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let live = dir.path().join("live.db");
        let store = SqliteStore::open(&live).expect("opens");
        store.add_user(&user("aigerim")).expect("added");
        let copy = dir.path().join("copy.db");
        snapshot(&live, &copy).expect("snapshot");
        let before = verify(&copy).expect("sound");
        assert_eq!(before.users, 1);
        assert_eq!(before.schema_version, crate::LATEST_VERSION);
        let conn = Connection::open(&copy).expect("opens");
        assert_eq!(checksum(&conn).expect("sum"), before.checksum);
        conn.execute("UPDATE users SET role = 'viewer'", [])
            .expect("changed");
        assert_ne!(checksum(&conn).expect("sum"), before.checksum);
        conn.execute("UPDATE users SET role = 'editor'", [])
            .expect("changed back");
        assert_eq!(checksum(&conn).expect("sum"), before.checksum);
        drop(conn);
        // The source moves on; the snapshot does not.
        store.add_user(&user("timur")).expect("added");
        assert_eq!(verify(&copy).expect("sound"), before);
        drop(store);
        assert_ne!(verify(&live).expect("sound").checksum, before.checksum);
    }

    /// The in-memory snapshot's bytes are a file with the same rows as a file snapshot.
    #[test]
    fn a_snapshot_in_memory_writes_the_same_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let live = dir.path().join("live.db");
        let store = SqliteStore::open(&live).expect("opens");
        store.add_user(&user("nodira")).expect("added");
        let on_disk = dir.path().join("disk.db");
        snapshot(&live, &on_disk).expect("snapshot");
        let mut in_memory = snapshot_in_memory(&live).expect("snapshot");
        let mut bytes = Vec::new();
        in_memory.write_to(&mut bytes).expect("serialised");
        let from_memory = dir.path().join("memory.db");
        std::fs::write(&from_memory, &bytes).expect("written");
        let expected = verify(&on_disk).expect("sound");
        assert_eq!(in_memory.summary, expected);
        assert_eq!(verify(&from_memory).expect("sound"), expected);
        assert!(snapshot_in_memory(&dir.path().join("absent.db")).is_err());
    }

    #[test]
    fn replacing_refuses_a_store_open_elsewhere_and_leaves_no_old_log() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target.db");
        let store = SqliteStore::open(&target).expect("opens");
        store.add_user(&user("old")).expect("added");
        let source = dir.path().join("source.db");
        let other = SqliteStore::open(&source).expect("opens");
        other.add_user(&user("new")).expect("added");
        drop(other);
        let copy = dir.path().join("copy.db");
        snapshot(&source, &copy).expect("snapshot");
        let err = replace(&target, &copy).expect_err("the target is open");
        assert!(err.to_string().contains("open in another process"), "{err}");
        drop(store);
        replace(&target, &copy).expect("replaced");
        assert!(!copy.exists());
        let mut wal = target.as_os_str().to_owned();
        wal.push("-wal");
        assert!(!std::path::PathBuf::from(wal).exists());
        let restored = SqliteStore::open(&target).expect("opens");
        let names: Vec<String> = restored
            .list_users()
            .expect("users")
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["new"]);
    }
}
