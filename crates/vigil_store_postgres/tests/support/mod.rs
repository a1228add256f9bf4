//! The test server: `VIGIL_TEST_POSTGRES` names a `postgres://` URL whose user
//! may create databases (`.ci/postgres` starts one). Without it a test is
//! skipped with its reason printed, except under `CI=true`, where a test that
//! silently passed would hide that PostgreSQL was never tested: it fails.

use vigil_store_postgres::{PostgresStore, ScratchDatabase};

/// The server URL, or `None` (after printing why) when the test must skip.
pub fn server() -> Option<String> {
    match std::env::var("VIGIL_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "VIGIL_TEST_POSTGRES is not set under CI=true: start a server with .ci/postgres"
            );
            eprintln!("skipped: VIGIL_TEST_POSTGRES is not set (see .ci/postgres)");
            None
        }
    }
}

/// A store in a fresh database of its own, with the database's guard.
pub fn fresh_store(server: &str, name: &str) -> (ScratchDatabase, PostgresStore) {
    let db = ScratchDatabase::create(server, name).expect("a test database is created");
    let store = PostgresStore::open_url(db.url()).expect("the store opens");
    (db, store)
}
