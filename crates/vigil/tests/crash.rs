//! Kills `vigil ingest` with SIGKILL at random moments and checks after each run that the
//! store holds no duplicate and no half-stored document, and passes its integrity check.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use vigil_pipeline::synthetic::Generator;
use vigil_store::{PageRequest, Store};
use vigil_store_sqlite::SqliteStore;

const REPORTS: usize = 60;
const RUNS: usize = 20;
/// Long enough, in a debug build, for some runs to be killed in the middle of writing.
const MAX_DELAY_MS: u64 = 4000;

fn ingest(corpus: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    cmd.arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .args(["--quiet", "--batch-size", "8"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Checks the store's invariants; returns how many distinct documents it holds.
fn check(db: &Path, run: usize) -> usize {
    let store = SqliteStore::open(db).expect("the database opens after a kill");
    let report = store.integrity_check().expect("integrity check runs");
    assert!(report.is_ok(), "run {run}: {:?}", report.problems);
    let mut locators = HashSet::new();
    let mut page = PageRequest::first(1000);
    loop {
        let listed = store.list_documents(None, &page).expect("list documents");
        for summary in &listed.items {
            assert!(
                locators.insert(summary.locator.clone()),
                "run {run}: {} stored twice",
                summary.locator
            );
            let analysis = store
                .get_analysis(&summary.id)
                .expect("get analysis")
                .unwrap_or_else(|| panic!("run {run}: {} has no analysis", summary.id));
            let stored = store
                .get_document(&summary.id)
                .expect("get")
                .expect("listed");
            if stored.duplicate_of.is_none() {
                let events = store.document_events(&summary.id).expect("events");
                assert_eq!(
                    events.len(),
                    analysis.analysis.events.len(),
                    "run {run}: {} has part of its events",
                    summary.id
                );
            }
        }
        match listed.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    locators.len()
}

#[test]
fn killed_ingest_never_leaves_duplicates_or_half_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    Generator::new(42)
        .write_corpus(&corpus, REPORTS)
        .expect("corpus written");
    let db = dir.path().join("crash.db");
    let mut rng = fastrand::Rng::with_seed(4242);
    let mut counts = Vec::new();
    for run in 0..RUNS {
        let mut child = ingest(&corpus, &db).spawn().expect("vigil starts");
        std::thread::sleep(Duration::from_millis(rng.u64(0..=MAX_DELAY_MS)));
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback by the process.
        let _ = child.kill();
        child.wait().expect("the killed process is reaped");
        counts.push(check(&db, run));
    }
    eprintln!("documents after each killed run: {counts:?}");
    assert!(
        counts.iter().any(|&n| n > 0 && n < REPORTS),
        "no run was killed halfway through: {counts:?}"
    );
    let status = ingest(&corpus, &db).status().expect("vigil runs");
    assert!(status.success(), "the final run succeeds");
    assert_eq!(
        check(&db, RUNS),
        REPORTS,
        "every report stored exactly once"
    );
    let again = ingest(&corpus, &db).status().expect("vigil runs");
    assert!(again.success());
    assert_eq!(
        check(&db, RUNS + 1),
        REPORTS,
        "a further run changes nothing"
    );
}
