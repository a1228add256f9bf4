//! Versioned schema migrations: plain SQL files in `migrations/`, applied in
//! order, each in its own transaction with `PRAGMA user_version` set to its
//! number, so a crash mid-migration leaves the previous version intact. A
//! migration may also run a Rust step after its SQL, for data that SQL
//! cannot rebuild (the contentless full-text index).

use rusqlite::Connection;
use vigil_store::StoreError;

use crate::convert::{Context, Result};

/// A step of a migration written in Rust, run after its SQL in its transaction.
type Step = fn(&Connection) -> Result<()>;

/// The migrations in order; the schema version is the index plus one.
/// Never edit a published migration: add a new one.
const MIGRATIONS: &[(&str, &str, Option<Step>)] = &[
    (
        "initial",
        include_str!("../migrations/0001_initial.sql"),
        None,
    ),
    (
        "near_duplicates",
        include_str!("../migrations/0002_near_duplicates.sql"),
        None,
    ),
    (
        "search_indexes",
        include_str!("../migrations/0003_search_indexes.sql"),
        // Event rows gained their report's headline.
        Some(crate::events::reindex_all),
    ),
    (
        "minhash",
        include_str!("../migrations/0004_minhash.sql"),
        None,
    ),
    (
        "accounts",
        include_str!("../migrations/0005_accounts.sql"),
        None,
    ),
    (
        "resolve",
        include_str!("../migrations/0006_resolve.sql"),
        None,
    ),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// The database's schema version (0 for a new file).
pub(crate) fn version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .ctx("reading the schema version")?;
    Ok(u32::try_from(v).unwrap_or(u32::MAX))
}

/// Brings the database up to `target`, which is at most [`LATEST_VERSION`].
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<u32> {
    let found = version(conn)?;
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    for (index, (_name, sql, step)) in MIGRATIONS.iter().enumerate().take(target as usize) {
        let number = index as u32 + 1;
        if number > found {
            apply(conn, number, sql, *step)?;
        }
    }
    version(conn)
}

fn apply(conn: &mut Connection, number: u32, sql: &str, step: Option<Step>) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .ctx("starting a migration")?;
    tx.execute_batch(sql).ctx("applying a migration")?;
    if let Some(step) = step {
        step(&tx)?;
    }
    tx.pragma_update(None, "user_version", number)
        .ctx("recording the schema version")?;
    tx.commit().ctx("committing a migration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_step_by_step_and_refuses_newer_files() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        assert_eq!(migrate_to(&mut conn, 1).expect("v1"), 1);
        assert_eq!(
            migrate_to(&mut conn, LATEST_VERSION).expect("latest"),
            LATEST_VERSION
        );
        assert_eq!(
            migrate_to(&mut conn, LATEST_VERSION).expect("again"),
            LATEST_VERSION
        );
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .expect("set");
        assert!(matches!(
            migrate_to(&mut conn, LATEST_VERSION),
            Err(StoreError::TooNew { .. })
        ));
    }
}
