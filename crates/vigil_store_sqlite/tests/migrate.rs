//! An old database file, written at schema version 1 and committed, opens
//! with today's code, migrates, and keeps every record readable.

use std::path::{Path, PathBuf};

use vigil_model::EventType;
use vigil_store::testing::corpus::{documents, machine};
use vigil_store::{
    EventFilter, NewDocument, PageRequest, PutStatus, ReviewState, Sort, Store, StoreError,
};
use vigil_store_sqlite::{LATEST_VERSION, SqliteStore};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1.db");

/// A writable copy of the fixture in a fresh directory.
fn copy_fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("old.db");
    std::fs::copy(FIXTURE, &path).expect("fixture copied");
    (dir, path)
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("opens");
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("reads")
}

fn table_exists(path: &Path, name: &str) -> bool {
    let conn = rusqlite::Connection::open(path).expect("opens");
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .expect("reads")
        == 1
}

#[test]
fn the_fixture_is_at_version_one() {
    let (_dir, path) = copy_fixture();
    assert_eq!(user_version(&path), 1);
    assert!(table_exists(&path, "events"));
    assert!(!table_exists(&path, "document_simhash"));
}

#[test]
fn old_file_opens_migrates_and_keeps_its_records() {
    let (_dir, path) = copy_fixture();
    let store = SqliteStore::open(&path).expect("opens and migrates");
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    const { assert!(LATEST_VERSION >= 2, "there is an upgrade path to test") };
    assert!(table_exists(&path, "document_simhash"));
    let stats = store.stats().expect("stats");
    assert_eq!(
        (stats.documents, stats.events, stats.event_versions),
        (7, 10, 11)
    );
    assert_eq!(stats.schema_version, LATEST_VERSION);
    assert!(store.integrity_check().expect("check").is_ok());

    let reviewed = EventFilter {
        review: vec![ReviewState::Accepted],
        ..Default::default()
    };
    let accepted = store
        .search(&reviewed, Sort::Newest, &PageRequest::first(10))
        .expect("search");
    assert_eq!(accepted.items.len(), 1);
    let history = store.event_history(accepted.items[0].id).expect("history");
    let authors: Vec<_> = history
        .iter()
        .map(|v| v.provenance.author.as_str())
        .collect();
    assert_eq!(authors, ["extractor@test", "fixture-reviewer"]);

    let text = EventFilter {
        text: Some("tuition".to_owned()),
        ..Default::default()
    };
    assert_eq!(store.facets(&text).expect("facets").total, 2);
    let first = &documents()[0];
    let id = vigil_store::DocumentId(first.analysis.document.id.clone());
    let raw = store.raw_page(&id).expect("read").expect("kept");
    assert_eq!(Some(raw.bytes), first.raw.as_ref().map(|r| r.bytes.clone()));
    let analysis = store.get_analysis(&id).expect("read").expect("kept");
    assert_eq!(analysis.analysis, first.analysis);
}

#[test]
fn migrated_file_takes_what_version_two_added() {
    let (_dir, path) = copy_fixture();
    let store = SqliteStore::open(&path).expect("opens and migrates");
    let docs = documents();
    let original = vigil_store::DocumentId(docs[2].analysis.document.id.clone());
    let mut copy = docs[2].clone();
    copy.analysis
        .document
        .text
        .push_str("\n\nFirst published by the Lakeside Daily.");
    copy.analysis.document.id = vigil_model::document_id(&copy.analysis.document.text);
    copy.analysis.document.url = Some("https://copy-desk.example/rally".to_owned());
    let copy = NewDocument {
        simhash: Some(42),
        duplicate_of: Some(original.clone()),
        provenance: machine(),
        ..copy
    };
    let stored = store.put_document(&copy).expect("stored");
    assert_eq!(stored.status, PutStatus::Duplicate { of: original });
    assert_eq!(store.near_duplicates(43, 3).expect("lookup").len(), 1);
    let queue = store
        .review_queue(
            &EventFilter {
                types: vec![EventType::Protest],
                ..Default::default()
            },
            &PageRequest::first(5),
        )
        .expect("queue");
    assert_eq!(queue.items.len(), 2);
    assert!(store.integrity_check().expect("check").is_ok());
    drop(store);
    let again = SqliteStore::open(&path).expect("reopens");
    assert_eq!(again.stats().expect("stats").documents, 8);
}

#[test]
fn a_newer_file_is_refused() {
    let (_dir, path) = copy_fixture();
    let conn = rusqlite::Connection::open(&path).expect("opens");
    conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
        .expect("set");
    drop(conn);
    let err = SqliteStore::open(&path).expect_err("refused");
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == LATEST_VERSION + 1));
}
