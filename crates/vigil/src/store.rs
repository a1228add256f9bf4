//! Opening the store a `--db` URL names: PostgreSQL for `postgres://` and
//! `postgresql://` URLs, else an SQLite file (a path or a `sqlite:` URL).

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use vigil_store::Store;
use vigil_store::transfer::Transfer;
use vigil_store_postgres::{PostgresStore, is_postgres_url, redacted_url};
use vigil_store_sqlite::SqliteStore;

/// Opens (creating an SQLite file if needed) and migrates the store at `url`.
pub fn open_store(url: &str) -> Result<Arc<dyn Store>> {
    if is_postgres_url(url) {
        let store = PostgresStore::open_url(url)
            .with_context(|| format!("opening the store {}", redacted_url(url)))?;
        return Ok(Arc::new(store));
    }
    let store = SqliteStore::open_url(url).with_context(|| format!("opening the store {url}"))?;
    Ok(Arc::new(store))
}

/// Opens an existing store; a missing SQLite file is an error rather than a
/// new empty store. (A PostgreSQL database is created by its administrator,
/// so one that is reachable exists.)
pub fn open_existing(url: &str) -> Result<Arc<dyn Store>> {
    if !is_postgres_url(url) {
        let path = vigil_store_sqlite::path_of_url(url)?;
        if !path.exists() {
            bail!(
                "{}: no such database (run `vigil ingest` first)",
                path.display()
            );
        }
    }
    open_store(url)
}

/// The store at `url` for a table-by-table move; an SQLite file must exist
/// when `existing` is set.
pub fn open_transfer(url: &str, existing: bool) -> Result<Box<dyn Transfer>> {
    if is_postgres_url(url) {
        let store = PostgresStore::open_url(url)
            .with_context(|| format!("opening the store {}", redacted_url(url)))?;
        return Ok(Box::new(store));
    }
    let path = vigil_store_sqlite::path_of_url(url)?;
    if existing && !path.exists() {
        bail!("{}: no such database", path.display());
    }
    let store = SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?;
    Ok(Box::new(store))
}

/// The URL as it may be printed: without a password.
pub fn printable(url: &str) -> String {
    if is_postgres_url(url) {
        redacted_url(url)
    } else {
        url.to_owned()
    }
}
