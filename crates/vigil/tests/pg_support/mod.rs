//! The PostgreSQL server of the tests that run `vigil` against PostgreSQL:
//! `VIGIL_TEST_POSTGRES` names a `postgres://` URL whose user may create
//! databases (`.ci/postgres` starts one). Without it a test is skipped with
//! its reason printed, except under `CI=true`, where it fails: a test that
//! silently passed would hide that PostgreSQL was never tested.

use vigil_store_postgres::ScratchDatabase;

/// A fresh database for one test, or `None` (after printing why) to skip.
pub fn scratch(name: &str) -> Option<ScratchDatabase> {
    let url = match std::env::var("VIGIL_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "VIGIL_TEST_POSTGRES is not set under CI=true: start a server with .ci/postgres"
            );
            eprintln!("skipped: VIGIL_TEST_POSTGRES is not set (see .ci/postgres)");
            return None;
        }
    };
    Some(ScratchDatabase::create(&url, name).expect("a test database is created"))
}
