//! `vigil ingest --worker`: three workers share a queue of synthetic reports in a
//! PostgreSQL store; one is killed with SIGKILL while it holds claims. The others take its
//! sources over once its leases expire, and the store ends equal to a single `vigil ingest`
//! of the same reports: the same documents, events and counts.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vigil_pipeline::synthetic::Generator;
use vigil_store::{PageRequest, Store};
use vigil_store_postgres::PostgresStore;

mod pg_support;

const REPORTS: usize = 150;

fn vigil(args: &[&str], cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    cmd.args(args)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Every stored document's events, as (local id, type), by document id.
type Documents = BTreeMap<String, Vec<(String, String)>>;

/// Every stored document with its events, and the store's counts.
fn contents(store: &dyn Store) -> (Documents, [u64; 4]) {
    let mut documents = BTreeMap::new();
    let mut page = PageRequest::first(500);
    loop {
        let listed = store.list_documents(None, &page).expect("list");
        for summary in &listed.items {
            let mut events: Vec<(String, String)> = store
                .document_events(&summary.id)
                .expect("events")
                .into_iter()
                .map(|e| (e.event.id, e.event.kind.as_str().to_owned()))
                .collect();
            events.sort();
            assert!(
                documents.insert(summary.id.to_string(), events).is_none(),
                "{} listed twice",
                summary.id
            );
        }
        match listed.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let stats = store.stats().expect("stats");
    let counts = [
        stats.documents,
        stats.raw_pages,
        stats.events,
        stats.entities,
    ];
    (documents, counts)
}

#[test]
fn a_killed_worker_loses_nothing_and_retries_store_once() {
    let (Some(queued), Some(single)) = (
        pg_support::scratch("workers"),
        pg_support::scratch("single"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Generator::new(20)
        .write_corpus(&dir.path().join("corpus"), REPORTS)
        .expect("corpus");
    let mut args = vec!["ingest", "--enqueue", "--db", queued.url()];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    assert!(vigil(&args, dir.path()).status().expect("runs").success());
    let store = PostgresStore::open_url(queued.url()).expect("opens");
    assert_eq!(
        store.queue_counts().expect("counts").pending,
        REPORTS as u64
    );

    let worker = [
        "ingest",
        "--worker",
        "--db",
        queued.url(),
        "--quiet",
        "--claim",
        "4",
        "--lease-seconds",
        "3",
    ];
    let mut workers: Vec<_> = (0..3)
        .map(|_| vigil(&worker, dir.path()).spawn().expect("worker starts"))
        .collect();
    let started = Instant::now();
    while store.stats().expect("stats").documents < 12 {
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        workers[0].try_wait().expect("status").is_none(),
        "the first worker is still at work when killed"
    );
    // Child::kill sends SIGKILL: no rollback, no release of its claims.
    workers[0].kill().expect("killed");
    workers[0].wait().expect("reaped");
    for worker in &mut workers[1..] {
        assert!(worker.wait().expect("worker ends").success());
    }
    let counts = store.queue_counts().expect("counts");
    assert_eq!(
        (counts.pending, counts.done, counts.failed),
        (0, REPORTS as u64, 0),
        "{counts:?}"
    );
    assert!(
        counts.retried > 0,
        "the killed worker's claims were taken over: {counts:?}"
    );
    assert!(store.integrity_check().expect("check").is_ok());

    let corpus = dir.path().join("corpus");
    let corpus = corpus.to_str().expect("utf-8 path");
    let status = vigil(
        &["ingest", corpus, "--db", single.url(), "--quiet"],
        dir.path(),
    )
    .status()
    .expect("runs");
    assert!(status.success());
    let alone = PostgresStore::open_url(single.url()).expect("opens");
    let (shared, shared_counts) = contents(&store);
    let (one, one_counts) = contents(&alone);
    assert_eq!(shared_counts, one_counts);
    assert_eq!(shared.len(), REPORTS);
    assert_eq!(shared, one, "the same documents with the same events");
}
