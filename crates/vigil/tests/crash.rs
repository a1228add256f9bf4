//! Kills `vigil ingest` with SIGKILL at random moments and checks after each run that the
//! store holds no duplicate and no half-stored document, and passes its integrity check.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use vigil_pipeline::synthetic::Generator;
use vigil_store::{PageRequest, Store};
use vigil_store_sqlite::SqliteStore;

const RUNS: usize = 20;
const PER_RUN: usize = 12;
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

/// Documents stored so far, read beside the running writer (WAL lets a reader in).
fn stored(store: &SqliteStore) -> usize {
    store.stats().map_or(0, |s| s.documents as usize)
}

/// Waits until the store holds more than `before` documents, i.e. the run has committed
/// its first batch; gives up when the process ends or after `limit`.
fn first_commit(store: &SqliteStore, before: usize, child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if stored(store) > before {
            return true;
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

/// Writes the reports of run `run` (new ones every run, so every run has writing to do).
fn add_reports(corpus: &Path, generator: &mut Generator, run: usize) {
    for i in run * PER_RUN..(run + 1) * PER_RUN {
        let path = corpus.join(format!("report-{i:05}.html"));
        std::fs::write(path, generator.report(i)).expect("report written");
    }
}

/// How long (ms) an uninterrupted run writes on this machine and build: from its first
/// committed batch to its exit, with [`PER_RUN`] new reports. Kill delays are drawn from
/// that window, counted from the first commit, so that runs die while writing.
fn calibrate(dir: &Path) -> u64 {
    let corpus = dir.join("calibration");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    add_reports(&corpus, &mut Generator::new(7), 0);
    let db = dir.join("calibration.db");
    let store = SqliteStore::open(&db).expect("store");
    let mut child = ingest(&corpus, &db).spawn().expect("vigil starts");
    assert!(
        first_commit(&store, 0, &mut child, Duration::from_secs(60)),
        "the calibration run commits"
    );
    let committed = Instant::now();
    assert!(child.wait().expect("vigil runs").success());
    committed.elapsed().as_millis() as u64
}

#[test]
fn killed_ingest_never_leaves_duplicates_or_half_documents() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut writing = calibrate(dir.path());
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let db = dir.path().join("crash.db");
    // Created and migrated before the first run, so the test's reader never races a
    // migration.
    let store = SqliteStore::open(&db).expect("store");
    let mut generator = Generator::new(42);
    let mut rng = fastrand::Rng::with_seed(4242);
    let mut counts = Vec::new();
    let mut mid_write = 0;
    for run in 0..RUNS {
        add_reports(&corpus, &mut generator, run);
        let before = counts.last().copied().unwrap_or(0);
        let mut child = ingest(&corpus, &db).spawn().expect("vigil starts");
        if first_commit(&store, before, &mut child, Duration::from_secs(30)) {
            let delay = rng.u64(0..=writing * 4 / 5);
            std::thread::sleep(Duration::from_millis(delay));
        }
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback by the process.
        let _ = child.kill();
        child.wait().expect("the killed process is reaped");
        let count = check(&db, run);
        if count > before && count < (run + 1) * PER_RUN {
            mid_write += 1;
        } else if count == (run + 1) * PER_RUN {
            // The run wrote everything before the kill: the calibration ran on a busier
            // machine than this run did, so later kills come sooner.
            writing = (writing * 2 / 3).max(1);
        }
        counts.push(count);
    }
    eprintln!(
        "documents after each killed run: {counts:?}; {mid_write} of {RUNS} runs killed \
         mid-write (kill window at the end {writing} ms); {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        mid_write * 4 >= RUNS * 3,
        "only {mid_write} of {RUNS} runs were killed while writing: {counts:?}"
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
    eprintln!("crash test: {:.1} s", started.elapsed().as_secs_f64());
}
