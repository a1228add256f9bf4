//! `vigil` with `--db postgres://…`: synthetic reports ingested through the
//! command line into PostgreSQL are read back by the CLI and by the store, and
//! hold the same documents and events as the same reports ingested into SQLite.

use std::path::Path;
use std::process::Output;

use vigil_pipeline::synthetic::Generator;
use vigil_store::{EventFilter, PageRequest, Sort, Store};
use vigil_store_postgres::PostgresStore;
use vigil_store_sqlite::SqliteStore;

mod cli_support;
mod pg_support;
use cli_support::vigil;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(args: &[&str], stdin: Option<&str>, cwd: &Path) -> String {
    let out = vigil(args, stdin, cwd);
    assert!(out.status.success(), "vigil {args:?}: {}", text(&out));
    text(&out)
}

/// What a store holds, backend aside: each current event's report, type,
/// sort date, place and review state, in search order.
fn contents(store: &dyn Store) -> Vec<(String, String, String, Option<String>, String)> {
    let page = store
        .search(
            &EventFilter::default(),
            Sort::Newest,
            &PageRequest::first(1000),
        )
        .expect("search");
    assert!(page.next.is_none(), "one page holds the test's events");
    page.items
        .iter()
        .map(|e| {
            (
                e.document.to_string(),
                e.event.kind.as_str().to_owned(),
                e.event
                    .date
                    .as_ref()
                    .and_then(|d| d.start)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                e.event.place.as_ref().and_then(|p| p.name.clone()),
                e.review.as_str().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_cli_ingests_into_postgres_and_reads_back() {
    let Some(db) = pg_support::scratch("cli") else {
        return;
    };
    let url = db.url();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    Generator::new(11)
        .write_corpus(&corpus, 12)
        .expect("corpus written");
    let corpus = corpus.to_str().expect("utf-8 path");

    let summary = run(
        &["ingest", corpus, "--db", url, "--quiet"],
        None,
        dir.path(),
    );
    assert!(summary.contains("12"), "{summary}");
    let sqlite = dir.path().join("same.db");
    let sqlite_url = format!("sqlite:{}", sqlite.display());
    run(
        &["ingest", corpus, "--db", &sqlite_url, "--quiet"],
        None,
        dir.path(),
    );

    let pg = PostgresStore::open_url(url).expect("opens");
    let stats = pg.stats().expect("stats");
    assert_eq!(stats.documents, 12);
    assert!(stats.events > 12, "{stats:?}");
    assert!(pg.integrity_check().expect("check").is_ok());
    let lite = SqliteStore::open(&sqlite).expect("opens");
    let (in_pg, in_lite) = (contents(&pg), contents(&lite));
    assert_eq!(in_pg.len() as u64, stats.events);
    assert_eq!(
        in_pg, in_lite,
        "both backends hold the same events in the same order"
    );

    // Ingest links people and incidents across reports, alike on both backends.
    let totals = pg.incident_totals(&EventFilter::default()).expect("totals");
    assert_eq!(
        totals,
        lite.incident_totals(&EventFilter::default())
            .expect("totals")
    );
    assert_eq!(totals.events, stats.events);
    let resolved = run(&["resolve", "--all", "--db", url], None, dir.path());
    assert!(resolved.contains("resolved 12 reports"), "{resolved}");
    assert_eq!(
        pg.incident_totals(&EventFilter::default()).expect("totals"),
        totals,
        "resolving again changes nothing"
    );

    // A second run finds every page unchanged.
    run(
        &["ingest", corpus, "--db", url, "--quiet"],
        None,
        dir.path(),
    );
    assert_eq!(pg.stats().expect("stats").documents, 12);

    let out = vigil(
        &[
            "search", "", "--db", url, "--limit", "500", "--format", "json",
        ],
        None,
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(found.len() as u64, stats.events);

    run(
        &[
            "user",
            "add",
            "aida",
            "--role",
            "editor",
            "--password-stdin",
            "--db",
            url,
        ],
        Some("a long enough password\n"),
        dir.path(),
    );
    let users = run(&["user", "list", "--db", url], None, dir.path());
    assert!(
        users.contains("aida") && users.contains("editor"),
        "{users}"
    );
    let login = pg.user_login("AIDA").expect("read").expect("added");
    assert!(login.password_hash.starts_with("$argon2id$"));
}

#[test]
fn a_wrong_postgres_url_is_a_clear_error_without_the_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = vigil(
        &[
            "search",
            "",
            "--db",
            "postgres://vigil:s3cret@127.0.0.1:1/none?connect_timeout=2",
        ],
        None,
        dir.path(),
    );
    assert!(!out.status.success());
    let message = text(&out);
    assert!(
        message.contains("postgres://vigil@127.0.0.1:1/none"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}
