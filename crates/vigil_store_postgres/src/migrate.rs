//! Versioned schema migrations: plain SQL files in `migrations/`, applied in
//! order, each in its own transaction with its number recorded in the
//! `schema_version` table, so a crash mid-migration leaves the previous
//! version intact. An advisory lock makes processes that open a new database
//! at the same moment migrate it once.

use postgres::Client;
use vigil_store::StoreError;

use crate::convert::{Context, Result, to_u32};

/// The migrations in order; the schema version is the index plus one.
/// Never edit a published migration: add a new one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("initial", include_str!("../migrations/0001_initial.sql")),
    ("links", include_str!("../migrations/0002_links.sql")),
    (
        "work_queue",
        include_str!("../migrations/0003_work_queue.sql"),
    ),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// The key of the advisory lock held while migrating ("vigilm").
const MIGRATION_LOCK: i64 = 0x76_69_67_69_6c_6d;

const CREATE_VERSIONS: &str = "CREATE TABLE IF NOT EXISTS schema_version (
    version    bigint PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)";

/// The database's schema version (0 for a new database).
pub(crate) fn version(client: &mut impl postgres::GenericClient) -> Result<u32> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .and_then(|r| r.try_get(0))
        .ctx("looking for the schema version")?;
    if !exists {
        return Ok(0);
    }
    let v: Option<i64> = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .and_then(|r| r.try_get(0))
        .ctx("reading the schema version")?;
    Ok(v.map_or(0, to_u32))
}

/// Brings the database up to the latest version.
pub(crate) fn migrate(client: &mut Client) -> Result<u32> {
    let mut tx = client.transaction().ctx("starting a migration")?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .ctx("waiting for other migrations")?;
    tx.batch_execute(CREATE_VERSIONS)
        .ctx("creating the version table")?;
    let found = version(&mut tx)?;
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    tx.commit().ctx("committing the version table")?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let number = index as u32 + 1;
        if number <= found {
            continue;
        }
        let mut tx = client.transaction().ctx("starting a migration")?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .ctx("waiting for other migrations")?;
        // Another process may have applied it while this one waited.
        if version(&mut tx)? >= number {
            continue;
        }
        tx.batch_execute(sql).ctx("applying a migration")?;
        tx.execute(
            "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
            &[&i64::from(number), name],
        )
        .ctx("recording the schema version")?;
        tx.commit().ctx("committing a migration")?;
    }
    version(client)
}
