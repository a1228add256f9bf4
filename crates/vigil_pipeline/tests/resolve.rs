//! People and incidents resolved against the store at ingest, and recomputed by
//! `resolve_all` without undoing a reviewer.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use vigil_ingest::Source;
use vigil_pipeline::resolve::{resolve_all, resolver_provenance};
use vigil_pipeline::{Pipeline, Settings, Summary};
use vigil_store::{
    ClusterId, DocumentId, EventFilter, IncidentTotals, LinkKind, PageRequest, Provenance, Store,
};
use vigil_store_sqlite::SqliteStore;

const REPORTS: &[(&str, &str)] = &[
    (
        "osh-courier.txt",
        "Police detained the blogger Daniyar Umarov in Osh on March 2, 2025. \
         Umarov had criticised the city's new parking fees.",
    ),
    (
        "fergana-wire.txt",
        "Officers detained the blogger Daniar Umarov in Osh on March 2, 2025, his lawyer said.",
    ),
    (
        "osh-court.txt",
        "A court in Osh fined the blogger Daniyar Umarov on March 10, 2025 for a post about \
         parking fees.",
    ),
    (
        "naryn-news.txt",
        "Police detained the teacher Daniyar Umarov in Naryn on May 14, 2025.",
    ),
];

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_687_200, 0).unwrap_or_default()
}

fn write(dir: &Path, name: &str) -> PathBuf {
    let (_, text) = REPORTS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a report of the test");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

fn ingest(store: &SqliteStore, dir: &Path, names: &[&str]) -> Summary {
    let sources: Vec<Source> = names
        .iter()
        .map(|n| Source::parse(&write(dir, n).display().to_string()).expect("a path"))
        .collect();
    let settings = Settings {
        quiet: true,
        clock: at,
        ..Settings::default()
    };
    let summary = Pipeline::new(store, settings)
        .run(&sources, |_| {})
        .expect("the run completes");
    assert_eq!(summary.failed, 0);
    assert_eq!(summary.resolve_failed, 0);
    summary
}

/// The stored document of a test report.
fn doc(store: &dyn Store, name: &str) -> DocumentId {
    let page = store
        .list_documents(None, &PageRequest::first(50))
        .expect("list");
    page.items
        .into_iter()
        .find(|d| d.locator.ends_with(name))
        .unwrap_or_else(|| panic!("{name} is stored"))
        .id
}

/// The cross-report person of the Umarov of report `name`.
fn umarov(store: &dyn Store, name: &str) -> (i64, ClusterId) {
    let entity = store
        .document_entities(&doc(store, name))
        .expect("entities")
        .into_iter()
        .find(|e| e.entity.name.contains("Umarov"))
        .unwrap_or_else(|| panic!("{name} names Umarov"));
    let links = store
        .links_of(LinkKind::Person, &[entity.id.0])
        .expect("links");
    let member = links
        .iter()
        .find(|l| l.state.is_member())
        .unwrap_or_else(|| panic!("{name}'s Umarov is linked: {links:?}"));
    (entity.id.0, member.target)
}

fn totals(store: &dyn Store) -> IncidentTotals {
    store
        .incident_totals(&EventFilter::default())
        .expect("totals")
}

#[test]
fn reports_resolve_at_ingest_and_a_recompute_keeps_reviewers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("r.db")).expect("store opens");

    // One report at a time: each is resolved against what is stored.
    let first = ingest(&store, dir.path(), &["osh-courier.txt"]);
    assert!(first.links >= 2, "a person and an incident: {first}");
    ingest(&store, dir.path(), &["fergana-wire.txt"]);
    let (_, p1) = umarov(&store, "osh-courier.txt");
    let (_, p2) = umarov(&store, "fergana-wire.txt");
    assert_eq!(p1, p2, "Daniar is Daniyar in Osh");
    assert_eq!(
        totals(&store),
        IncidentTotals {
            events: 2,
            incidents: 1,
            reports: 2
        },
        "two outlets, one detention"
    );
    ingest(&store, dir.path(), &["osh-court.txt", "naryn-news.txt"]);
    let (court, p3) = umarov(&store, "osh-court.txt");
    let (_, p4) = umarov(&store, "naryn-news.txt");
    assert_eq!(p3, p1, "fined in Osh a week later: the same blogger");
    assert_ne!(p4, p1, "the Naryn teacher is a namesake");
    assert_eq!(
        totals(&store),
        IncidentTotals {
            events: 4,
            incidents: 3,
            reports: 4
        }
    );
    let timeline: Vec<&str> = store
        .cluster_events(LinkKind::Person, p1)
        .expect("events")
        .iter()
        .map(|e| e.event.kind.as_str())
        .collect();
    assert_eq!(timeline, ["detention", "detention", "fine"]);

    // A recompute of an unchanged store writes nothing.
    let provenance = resolver_provenance(at());
    let again = resolve_all(&store, &provenance).expect("recomputed");
    assert_eq!((again.written, again.withdrawn), (0, 0), "{again:?}");
    assert_eq!((again.reports, again.incidents), (4, 3));

    // A reviewer splits the court report's Umarov off; the recompute keeps it apart.
    let aida = Provenance::user("aida", at());
    let apart = store
        .split_cluster(
            LinkKind::Person,
            p1,
            &[court],
            &aida,
            Some("another Umarov"),
        )
        .expect("split");
    let after = resolve_all(&store, &provenance).expect("recomputed");
    assert_eq!(after.written, 0, "{after:?}");
    assert_eq!(umarov(&store, "osh-court.txt").1, apart);
    assert_eq!(umarov(&store, "osh-courier.txt").1, p1);
    assert_eq!(
        store
            .cluster_members(LinkKind::Person, p1)
            .expect("members")
            .len(),
        2
    );

    // A reviewer merges the namesake in; the recompute keeps that too.
    store
        .merge_clusters(LinkKind::Person, p1, p4, &aida, None)
        .expect("merged");
    resolve_all(&store, &provenance).expect("recomputed");
    assert_eq!(umarov(&store, "naryn-news.txt").1, p1);
    assert!(store.integrity_check().expect("check").is_ok());
}

#[test]
fn a_run_without_resolve_links_nothing_and_resolve_all_catches_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("r.db")).expect("store opens");
    let sources: Vec<Source> = ["osh-courier.txt", "fergana-wire.txt"]
        .iter()
        .map(|n| Source::parse(&write(dir.path(), n).display().to_string()).expect("a path"))
        .collect();
    let settings = Settings {
        quiet: true,
        resolve: false,
        ..Settings::default()
    };
    let summary = Pipeline::new(&store, settings)
        .run(&sources, |_| {})
        .expect("the run completes");
    assert_eq!(summary.links, 0);
    assert_eq!(totals(&store).incidents, 2);
    let done = resolve_all(&store, &resolver_provenance(at())).expect("resolved");
    assert!(done.written >= 4, "{done:?}");
    assert_eq!(totals(&store).incidents, 1);
}
