//! Kills `vigil ingest` with SIGKILL at random moments and checks after each run that the
//! store holds no duplicate and no half-stored document, and passes its integrity check;
//! on an SQLite file and on a PostgreSQL database (see `pg_support`).

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use vigil_pipeline::synthetic::Generator;
use vigil_store::{PageRequest, Store};
use vigil_store_postgres::PostgresStore;
use vigil_store_sqlite::SqliteStore;

mod pg_support;

const RUNS: usize = 20;
const PER_RUN: usize = 12;
const REPORTS: usize = RUNS * PER_RUN;

/// A store under test: the URL `vigil --db` gets, and how the test opens it.
struct Target {
    url: String,
    open: Box<dyn Fn() -> Box<dyn Store>>,
}

impl Target {
    fn sqlite(path: &Path) -> Self {
        let path = path.to_path_buf();
        Self {
            url: format!("sqlite:{}", path.display()),
            open: Box::new(move || {
                Box::new(SqliteStore::open(&path).expect("the database opens after a kill"))
            }),
        }
    }

    fn postgres(url: &str) -> Self {
        let owned = url.to_owned();
        Self {
            url: url.to_owned(),
            open: Box::new(move || {
                Box::new(PostgresStore::open_url(&owned).expect("the database opens after a kill"))
            }),
        }
    }
}

fn ingest(corpus: &Path, db: &str) -> Command {
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
fn check(target: &Target, run: usize) -> usize {
    let store = (target.open)();
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

/// Documents stored so far, read beside the running writer (readers never wait for it).
fn stored(store: &dyn Store) -> usize {
    store.stats().map_or(0, |s| s.documents as usize)
}

/// Waits until the store holds more than `before` documents, i.e. the run has committed
/// its first batch; gives up when the process ends or after `limit`.
fn first_commit(store: &dyn Store, before: usize, child: &mut Child, limit: Duration) -> bool {
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
fn calibrate(dir: &Path, target: &Target) -> u64 {
    let corpus = dir.join("calibration");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    add_reports(&corpus, &mut Generator::new(7), 0);
    let store = (target.open)();
    let mut child = ingest(&corpus, &target.url).spawn().expect("vigil starts");
    assert!(
        first_commit(&*store, 0, &mut child, Duration::from_secs(60)),
        "the calibration run commits"
    );
    let committed = Instant::now();
    assert!(child.wait().expect("vigil runs").success());
    committed.elapsed().as_millis() as u64
}

#[test]
fn killed_ingest_never_leaves_duplicates_or_half_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let calibration = Target::sqlite(&dir.path().join("calibration.db"));
    let target = Target::sqlite(&dir.path().join("crash.db"));
    crash_story(dir.path(), &calibration, &target);
}

#[test]
fn killed_ingest_never_leaves_duplicates_or_half_documents_in_postgres() {
    let (Some(calibration), Some(crash)) = (
        pg_support::scratch("crash_calibration"),
        pg_support::scratch("crash"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    crash_story(
        dir.path(),
        &Target::postgres(calibration.url()),
        &Target::postgres(crash.url()),
    );
}

/// [`RUNS`] runs of `vigil ingest` into `target`, each killed while writing, then one
/// left to finish; the kill window is measured on `calibration`, a store of the same kind.
fn crash_story(dir: &Path, calibration: &Target, target: &Target) {
    let started = Instant::now();
    let mut writing = calibrate(dir, calibration);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    // Created and migrated before the first run, so the test's reader never races a
    // migration.
    let store = (target.open)();
    let mut generator = Generator::new(42);
    let mut rng = fastrand::Rng::with_seed(4242);
    let mut counts = Vec::new();
    let mut mid_write = 0;
    for run in 0..RUNS {
        add_reports(&corpus, &mut generator, run);
        let before = counts.last().copied().unwrap_or(0);
        let mut child = ingest(&corpus, &target.url).spawn().expect("vigil starts");
        if first_commit(&*store, before, &mut child, Duration::from_secs(30)) {
            let delay = rng.u64(0..=writing * 4 / 5);
            std::thread::sleep(Duration::from_millis(delay));
        }
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback by the process.
        let _ = child.kill();
        child.wait().expect("the killed process is reaped");
        let count = check(target, run);
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
    let status = ingest(&corpus, &target.url).status().expect("vigil runs");
    assert!(status.success(), "the final run succeeds");
    assert_eq!(
        check(target, RUNS),
        REPORTS,
        "every report stored exactly once"
    );
    let again = ingest(&corpus, &target.url).status().expect("vigil runs");
    assert!(again.success());
    assert_eq!(
        check(target, RUNS + 1),
        REPORTS,
        "a further run changes nothing"
    );
    eprintln!(
        "crash test on {}: {:.1} s",
        target.url.split(':').next().unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
}
