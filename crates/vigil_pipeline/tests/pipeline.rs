//! The pipeline over the demo corpus and over a page that changes.

use std::path::{Path, PathBuf};

use vigil_ingest::Source;
use vigil_pipeline::{Outcome, Pipeline, Report, Settings, Summary};
use vigil_store::{PageRequest, Store};
use vigil_store_sqlite::SqliteStore;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
}

fn settings() -> Settings {
    Settings {
        quiet: true,
        batch_size: 16,
        ..Settings::default()
    }
}

fn run(store: &SqliteStore, paths: &[PathBuf]) -> (Summary, Vec<Report>) {
    let sources: Vec<Source> = paths
        .iter()
        .map(|p| Source::parse(&p.display().to_string()).expect("a readable path"))
        .collect();
    let mut reports = Vec::new();
    let summary = Pipeline::new(store, settings())
        .run(&sources, |r| reports.push(r.clone()))
        .expect("the run completes");
    (summary, reports)
}

#[test]
fn demo_corpus_is_stored_once_and_copies_are_linked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("demo.db")).expect("store opens");
    let inputs = [
        demo_dir().join("html"),
        demo_dir().join("text"),
        demo_dir().join("feed/pages"),
    ];
    let (first, reports) = run(&store, &inputs);
    assert_eq!(first.failed, 0, "{reports:#?}");
    assert_eq!(first.documents(), 51);
    assert!(first.events > 40, "{first}");
    let copies: Vec<&Report> = reports
        .iter()
        .filter(|r| {
            matches!(
                r.outcome,
                Outcome::NearDuplicate { .. } | Outcome::Duplicate { .. }
            )
        })
        .collect();
    assert!(
        copies
            .iter()
            .any(|r| r.source.contains("tbilisi-protest-detentions")),
        "the syndicated Tbilisi copy is linked: {reports:#?}"
    );
    let before = store.stats().expect("stats");
    assert_eq!(before.documents, first.stored + first.near_duplicates);
    assert_eq!(first.stored + first.near_duplicates + first.duplicates, 51);

    let (second, _) = run(&store, &inputs);
    assert_eq!(second.unchanged + second.duplicates, 51, "{second}");
    assert_eq!(
        second.stored + second.new_versions + second.near_duplicates,
        0
    );
    assert_eq!(store.stats().expect("stats"), before);
    assert!(store.integrity_check().expect("check").is_ok());
}

#[test]
fn a_changed_page_is_a_new_version_with_a_new_analysis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("v.db")).expect("store opens");
    let page = dir.path().join("report.txt");
    std::fs::write(&page, "Police detained five students in Almaty on Monday.").expect("write");
    let (first, _) = run(&store, std::slice::from_ref(&page));
    assert_eq!(first.stored, 1);
    std::fs::write(
        &page,
        "Police detained five students in Almaty on Monday. A court fined two of them on Tuesday.",
    )
    .expect("write");
    let (second, reports) = run(&store, std::slice::from_ref(&page));
    assert_eq!(second.new_versions, 1, "{reports:#?}");
    let Outcome::Stored {
        id,
        previous: Some(previous),
        events,
    } = &reports[0].outcome
    else {
        panic!("not a new version: {reports:#?}");
    };
    assert!(
        *events >= 2,
        "the new text is analysed again: {events} events"
    );
    let versions = store.document_versions(id).expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(&versions[0].id, previous);
    let listed = store
        .list_documents(None, &PageRequest::first(10))
        .expect("list");
    assert_eq!(listed.items.len(), 2);
    assert!(store.integrity_check().expect("check").is_ok());
}
