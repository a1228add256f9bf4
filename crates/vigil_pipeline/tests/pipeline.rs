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

fn near_dup_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/near-dup")
        .join(name)
}

/// Copies fixtures into `dir` under new names (each name is its own address).
fn place(dir: &Path, files: &[(&str, &str)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(fixture, name)| {
            let path = dir.join(name);
            std::fs::copy(near_dup_fixture(fixture), &path).expect("fixture copied");
            path
        })
        .collect()
}

fn by_name<'a>(reports: &'a [Report], name: &str) -> &'a Report {
    reports
        .iter()
        .find(|r| r.source.ends_with(name))
        .unwrap_or_else(|| panic!("no report for {name}: {reports:#?}"))
}

fn stored_id(report: &Report) -> &vigil_store::DocumentId {
    match &report.outcome {
        Outcome::Stored { id, .. } => id,
        other => panic!("{} not stored: {other:?}", report.source),
    }
}

fn copied(report: &Report) -> (&vigil_store::DocumentId, vigil_pipeline::Similarity) {
    match &report.outcome {
        Outcome::NearDuplicate { of, similarity, .. } => (of, *similarity),
        other => panic!("{} not linked as a copy: {other:?}", report.source),
    }
}

#[test]
fn syndicated_copies_are_linked_to_a_report_stored_earlier() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("n.db")).expect("store opens");
    let first = place(
        dir.path(),
        &[
            ("story.txt", "wire-story.txt"),
            ("same-topic.txt", "other-outlet.txt"),
        ],
    );
    let (summary, reports) = run(&store, &first);
    assert_eq!(summary.stored, 2, "{reports:#?}");
    let original = stored_id(by_name(&reports, "wire-story.txt")).clone();
    let second = place(
        dir.path(),
        &[
            ("syndicated.txt", "partner-with-intro.txt"),
            ("edited.txt", "lightly-edited.txt"),
            ("story.txt", "mirror.txt"),
        ],
    );
    let (summary, reports) = run(&store, &second);
    eprintln!("{reports:#?}");
    for name in ["partner-with-intro.txt", "lightly-edited.txt"] {
        let report = by_name(&reports, name);
        let (of, similarity) = copied(report);
        assert_eq!(of, &original);
        // SimHash finds the lightly edited copy; only MinHash finds the one with new
        // paragraphs.
        if name == "partner-with-intro.txt" {
            assert!(
                matches!(similarity, vigil_pipeline::Similarity::MinHash { .. }),
                "{similarity:?}"
            );
        }
        let Outcome::NearDuplicate { id, .. } = &report.outcome else {
            unreachable!("checked above")
        };
        assert!(store.document_events(id).expect("events").is_empty());
    }
    // The same bytes at another address are recognised before any cleaning.
    assert!(
        matches!(
            by_name(&reports, "mirror.txt").outcome,
            Outcome::Unchanged { ref id } | Outcome::Duplicate { of: ref id } if *id == original
        ),
        "{reports:#?}"
    );
    assert_eq!(summary.near_duplicates, 2);
    let copies = store.duplicates_of(&original).expect("copies");
    assert_eq!(copies.len(), 2);
    assert!(store.integrity_check().expect("check").is_ok());
}

#[test]
fn copies_within_one_batch_are_linked_and_another_outlets_report_is_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("n.db")).expect("store opens");
    let paths = place(
        dir.path(),
        &[
            ("story.txt", "a-wire-story.txt"),
            ("syndicated.txt", "b-partner-with-intro.txt"),
            ("same-topic.txt", "c-other-outlet.txt"),
            ("edited.txt", "d-lightly-edited.txt"),
        ],
    );
    let (summary, reports) = run(&store, &paths);
    eprintln!("{reports:#?}");
    let original = stored_id(by_name(&reports, "a-wire-story.txt"));
    assert_eq!(
        copied(by_name(&reports, "b-partner-with-intro.txt")).0,
        original
    );
    stored_id(by_name(&reports, "c-other-outlet.txt"));
    assert_eq!(
        copied(by_name(&reports, "d-lightly-edited.txt")).0,
        original
    );
    assert_eq!((summary.stored, summary.near_duplicates), (2, 2));
    assert!(store.integrity_check().expect("check").is_ok());
}

/// A blog's long "about" blurb beside a short post, as the blog prints it on every page.
fn blog_page(n: u32, post: &str) -> String {
    format!(
        "<html><head><link rel=canonical href=\"https://www.osh-diary.example/{n}\"></head>\
         <body><div class=post><h2>Day {n}</h2><p>{post}</p></div>\
         <div class=box><p>Welcome to the Osh Diary, a blog about life in the Fergana valley, \
         written since 2009 by a teacher who moved here from Bishkek and stayed for the \
         bazaars, the mountains and the people he met along the way.</p></div></body></html>"
    )
}

#[test]
fn a_batch_of_one_sites_pages_leaves_out_the_blocks_the_site_repeats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("s.db")).expect("store opens");
    let posts = [
        "Police detained the blogger Daniyar Umarov in Osh on March 2.",
        "A court in Osh fined two students on March 3 for a picket.",
        "Riot police dispersed a rally of traders in Osh on March 4.",
    ];
    let write = |name: &str, html: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, html).expect("page written");
        path
    };
    let paths: Vec<PathBuf> = posts
        .iter()
        .zip(1..)
        .map(|(post, n)| write(&format!("day-{n}.html"), &blog_page(n, post)))
        .collect();
    let (summary, reports) = run(&store, &paths);
    assert_eq!(summary.failed, 0, "{reports:#?}");
    for (post, n) in posts.iter().zip(1..) {
        let id = stored_id(by_name(&reports, &format!("day-{n}.html")));
        let doc = store.get_document(id).expect("read").expect("stored");
        assert_eq!(doc.document.text, *post);
    }

    // The same page alone in a run: its longest prose is the blurb.
    let alone = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(alone.path().join("a.db")).expect("store opens");
    let path = alone.path().join("day-1.html");
    std::fs::write(&path, blog_page(1, posts[0])).expect("page written");
    let (_, reports) = run(&store, &[path]);
    let id = stored_id(by_name(&reports, "day-1.html"));
    let doc = store.get_document(id).expect("read").expect("stored");
    assert!(
        doc.document.text.contains("Fergana valley"),
        "{}",
        doc.document.text
    );
}
