//! Kills `vigil ingest` with SIGKILL at random moments and checks after each run that the
//! store holds no duplicate and no half-stored document, and passes its integrity check.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vigil_pipeline::synthetic::Generator;
use vigil_store::{PageRequest, Store};
use vigil_store_sqlite::SqliteStore;

const RUNS: usize = 20;
const PER_RUN: usize = 8;
const REPORTS: usize = RUNS * PER_RUN;

fn ingest(corpus: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    cmd.arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .args(["--quiet", "--batch-size", "2"])
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

/// How long (ms) a run takes on this machine and build to store one report, and to store
/// [`PER_RUN`] new ones: kill delays are drawn from that window, so that runs die mid-write.
fn calibrate(dir: &Path) -> (u64, u64) {
    let time = |count: usize, name: &str| {
        let corpus = dir.join(name);
        Generator::new(7)
            .write_corpus(&corpus, count)
            .expect("corpus");
        let started = Instant::now();
        let db = dir.join(format!("{name}.db"));
        let status = ingest(&corpus, &db).status().expect("vigil runs");
        assert!(status.success());
        started.elapsed().as_millis() as u64
    };
    (time(1, "one"), time(PER_RUN, "some"))
}

#[test]
fn killed_ingest_never_leaves_duplicates_or_half_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (first, batch) = calibrate(dir.path());
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let db = dir.path().join("crash.db");
    let mut generator = Generator::new(42);
    let mut rng = fastrand::Rng::with_seed(4242);
    let mut counts = Vec::new();
    let mut halfway = 0;
    for run in 0..RUNS {
        // New reports every run, so that every run has writing to do when it is killed.
        for i in run * PER_RUN..(run + 1) * PER_RUN {
            let path = corpus.join(format!("report-{i:05}.html"));
            std::fs::write(path, generator.report(i)).expect("report written");
        }
        let before = counts.last().copied().unwrap_or(0);
        let mut child = ingest(&corpus, &db).spawn().expect("vigil starts");
        let delay = rng.u64(first / 2..=batch + batch / 10);
        std::thread::sleep(Duration::from_millis(delay));
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback by the process.
        let _ = child.kill();
        child.wait().expect("the killed process is reaped");
        let count = check(&db, run);
        if count > before && count < (run + 1) * PER_RUN {
            halfway += 1;
        }
        counts.push(count);
    }
    eprintln!("documents after each killed run: {counts:?}; {halfway} runs killed mid-write");
    assert!(halfway > 0, "no run was killed halfway through: {counts:?}");
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
