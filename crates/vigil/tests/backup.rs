//! `vigil backup` and `vigil restore` on real files and processes: round trips (plain, to a
//! passphrase, to a public key) give the same counts and row checksum; a backup taken while
//! another thread keeps committing holds every write acknowledged before it began and passes
//! the integrity check; damaged, truncated, foreign and too-new inputs and a wrong passphrase
//! are refused with one line naming the file, and leave the target as it was; so does a
//! target that a running server has open.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use vigil_store::{NewUser, Role, Store};
use vigil_store_sqlite::SqliteStore;

mod cli_support;
use cli_support::vigil;

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "vigil failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The summary line (`N documents, … rows sha256:…`) that backup and restore print.
fn summary(out: &str) -> String {
    out.lines()
        .find(|l| l.contains(" rows sha256:"))
        .unwrap_or_else(|| panic!("no summary in {out}"))
        .to_owned()
}

/// A store with the demo's reports and its admin.
fn seeded(dir: &Path, name: &str) {
    let out = vigil(&["demo", "--no-serve", "--db", name], None, dir);
    stdout(&out);
}

/// Files in `dir` whose name starts with `prefix`: none of the temporary ones may be left.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".vigil-backup-"))
        .collect()
}

#[test]
fn round_trips_give_the_same_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    seeded(d, "live.db");
    let plain = summary(&stdout(&vigil(
        &["backup", "plain.db", "--db", "sqlite:live.db"],
        None,
        d,
    )));
    assert!(plain.starts_with("49 documents, "), "{plain}");
    assert!(plain.contains(" 1 users, "), "{plain}");
    let live = vigil_store_sqlite::backup::verify(&d.join("live.db")).expect("live store");
    assert!(
        plain.ends_with(&format!(" rows {}", live.checksum)),
        "{plain}"
    );

    // Restoring over another store and into a new file both give the backed-up rows.
    seeded(d, "other.db");
    let over = summary(&stdout(&vigil(
        &["restore", "plain.db", "--db", "other.db"],
        None,
        d,
    )));
    assert_eq!(over, plain);
    let fresh = summary(&stdout(&vigil(
        &["restore", "plain.db", "--db", "fresh.db"],
        None,
        d,
    )));
    assert_eq!(fresh, plain);
    let store = SqliteStore::open(d.join("other.db")).expect("restored store opens");
    assert!(store.integrity_check().expect("check").is_ok());
    let stats = store.stats().expect("stats");
    assert!(plain.starts_with(&format!(
        "{} documents, {} events",
        stats.documents, stats.events
    )));
    drop(store);
    // A backup of the restored store (opened and closed since) has the same rows again.
    let again = summary(&stdout(&vigil(
        &["backup", "again.db", "--db", "other.db"],
        None,
        d,
    )));
    assert_eq!(again, plain);

    // To a passphrase.
    let out = stdout(&vigil(
        &[
            "backup",
            "pass.age",
            "--db",
            "live.db",
            "--passphrase-stdin",
        ],
        Some("Tashkent spring 1989\n"),
        d,
    ));
    assert!(out.contains("encrypted to a passphrase"), "{out}");
    assert_eq!(summary(&out), plain);
    let bytes = std::fs::read(d.join("pass.age")).expect("written");
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    let restored = summary(&stdout(&vigil(
        &[
            "restore",
            "pass.age",
            "--db",
            "pass.db",
            "--passphrase-stdin",
        ],
        Some("Tashkent spring 1989\n"),
        d,
    )));
    assert_eq!(restored, plain);

    // To a public key, restored with its secret key.
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    {
        use age::secrecy::ExposeSecret;
        std::fs::write(
            d.join("key.txt"),
            format!("# a test key\n{}\n", identity.to_string().expose_secret()),
        )
        .expect("key written");
    }
    let out = stdout(&vigil(
        &[
            "backup",
            "key.age",
            "--db",
            "live.db",
            "--recipient",
            &recipient,
        ],
        None,
        d,
    ));
    assert!(out.contains("encrypted to 1 public key"), "{out}");
    let bytes = std::fs::read(d.join("key.age")).expect("written");
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> X25519 "));
    let restored = summary(&stdout(&vigil(
        &[
            "restore",
            "key.age",
            "--db",
            "key.db",
            "--identity",
            "key.txt",
        ],
        None,
        d,
    )));
    assert_eq!(restored, plain);
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
}

#[test]
fn a_backup_under_writes_holds_every_acknowledged_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_path_buf();
    seeded(&d, "live.db");
    let store = Arc::new(SqliteStore::open(d.join("live.db")).expect("opens"));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, acknowledged, stop) = (store.clone(), acknowledged.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                store
                    .add_user(&NewUser {
                        name: format!("writer-{n}"),
                        role: Role::Viewer,
                        password_hash: format!("not-a-hash-{n}"),
                        at: Utc::now(),
                    })
                    .expect("a write");
                n += 1;
                acknowledged.store(n, Ordering::SeqCst);
            }
        })
    };
    // Let the writer get going, then back up while it goes on.
    let started = Instant::now();
    while acknowledged.load(Ordering::SeqCst) < 50 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let before = acknowledged.load(Ordering::SeqCst);
    let out = vigil(&["backup", "hot.db", "--db", "live.db"], None, &d);
    let during = acknowledged.load(Ordering::SeqCst) - before;
    stop.store(true, Ordering::SeqCst);
    writer.join().expect("the writer ends");
    let backed_up = summary(&stdout(&out));
    assert!(before >= 50, "the writer wrote {before}");
    assert!(during > 0, "no write happened while the backup ran");

    let restored = summary(&stdout(&vigil(
        &["restore", "hot.db", "--db", "restored.db"],
        None,
        &d,
    )));
    assert_eq!(restored, backed_up);
    let copy = SqliteStore::open(d.join("restored.db")).expect("restored store opens");
    let report = copy.integrity_check().expect("check");
    assert!(report.is_ok(), "{:?}", report.problems);
    let names: std::collections::HashSet<String> = copy
        .list_users()
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    for n in 0..before {
        assert!(
            names.contains(&format!("writer-{n}")),
            "writer-{n}, acknowledged before the backup, is missing"
        );
    }
    // One consistent moment: the writes it holds are a prefix of those made.
    let held = names.iter().filter(|n| n.starts_with("writer-")).count();
    assert!(held <= before + during + 1, "{held} > {before} + {during}");
    for n in 0..held {
        assert!(
            names.contains(&format!("writer-{n}")),
            "a gap at writer-{n}"
        );
    }
    drop(copy);
    drop(store);
    assert!(leftovers(&d).is_empty(), "{:?}", leftovers(&d));
}

/// Every document id in the store.
fn document_ids(store: &SqliteStore) -> std::collections::HashSet<String> {
    let mut ids = std::collections::HashSet::new();
    let mut page = vigil_store::PageRequest::first(1000);
    loop {
        let listed = store.list_documents(None, &page).expect("list documents");
        ids.extend(listed.items.iter().map(|d| d.id.to_string()));
        match listed.next {
            Some(next) => page.after = Some(next),
            None => return ids,
        }
    }
}

/// The same with `vigil ingest` writing from another process: a backup taken meanwhile
/// holds every document committed before it began and restores to the rows it printed.
#[test]
fn a_backup_beside_an_ingesting_process_holds_every_committed_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let corpus = d.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let mut generator = vigil_pipeline::synthetic::Generator::new(11);
    for i in 0..1000 {
        std::fs::write(
            corpus.join(format!("report-{i:04}.html")),
            generator.report(i),
        )
        .expect("report written");
    }
    // The store exists, migrated, before the ingest and the reader start.
    drop(SqliteStore::open(d.join("live.db")).expect("created"));
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("ingest")
        .arg(&corpus)
        .args([
            "--db",
            "live.db",
            "--quiet",
            "--threads",
            "1",
            "--batch-size",
            "2",
        ])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("vigil ingest starts");
    let reader = SqliteStore::open(d.join("live.db")).expect("opens beside the ingest");
    let started = Instant::now();
    while reader.stats().map_or(0, |s| s.documents) < 20
        && started.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    // Backups one after another while the ingest goes on; each must hold what was committed
    // before it began, and at least one must have overlapped commits.
    let mut overlapped = 0;
    let mut round = 0;
    while ingest.try_wait().expect("ingest state").is_none() && round < 8 {
        round += 1;
        let before = document_ids(&reader);
        let file = format!("hot-{round}.db");
        let out = vigil(&["backup", &file, "--db", "live.db"], None, d);
        let after = reader.stats().expect("stats").documents;
        if ingest.try_wait().expect("ingest state").is_none() && after > before.len() as u64 {
            overlapped += 1;
        }
        let backed_up = summary(&stdout(&out));
        let target = format!("restored-{round}.db");
        let restored = summary(&stdout(&vigil(
            &["restore", &file, "--db", &target],
            None,
            d,
        )));
        assert_eq!(restored, backed_up);
        let copy = SqliteStore::open(d.join(&target)).expect("restored store opens");
        let report = copy.integrity_check().expect("check");
        assert!(report.is_ok(), "{:?}", report.problems);
        let held = document_ids(&copy);
        let missing: Vec<_> = before.difference(&held).collect();
        assert!(
            missing.is_empty(),
            "committed before backup {round}, missing: {missing:?}"
        );
        assert!(held.len() as u64 <= after, "{} > {after}", held.len());
        assert!(backed_up.starts_with(&format!("{} documents, ", held.len())));
    }
    let status = ingest.wait().expect("ingest ends");
    assert!(status.success(), "ingest failed");
    eprintln!("{overlapped} of {round} backups overlapped the ingest's commits");
    assert!(
        overlapped > 0,
        "no backup overlapped a commit in {round} rounds"
    );
}

/// `args` on `file` must fail with one line naming `file`, containing `reason`, and leave
/// `target.db` byte for byte as it was.
fn refused(d: &Path, file: &str, extra: &[&str], stdin: Option<&str>, reason: &str) {
    let before = std::fs::read(d.join("target.db")).expect("target");
    let mut args = vec!["restore", file, "--db", "target.db"];
    args.extend_from_slice(extra);
    let out = vigil(&args, stdin, d);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{file} was restored: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(file), "{err} does not name {file}");
    assert!(err.contains(reason), "{err} does not say {reason}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read(d.join("target.db")).expect("target"),
        before,
        "{file} changed the target"
    );
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
}

#[test]
fn bad_backups_are_refused_and_the_target_is_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    seeded(d, "live.db");
    seeded(d, "target.db");
    stdout(&vigil(&["backup", "good.db", "--db", "live.db"], None, d));
    stdout(&vigil(
        &[
            "backup",
            "good.age",
            "--db",
            "live.db",
            "--passphrase-stdin",
        ],
        Some("Bishkek in April\n"),
        d,
    ));
    let good = std::fs::read(d.join("good.db")).expect("backup");
    let sealed = std::fs::read(d.join("good.age")).expect("backup");
    let page = usize::from(u16::from_be_bytes([good[16], good[17]]));

    std::fs::write(d.join("cut.db"), &good[..good.len() / 2]).expect("written");
    refused(d, "cut.db", &[], None, "damaged");
    std::fs::write(d.join("empty.db"), b"").expect("written");
    refused(d, "empty.db", &[], None, "not a Vigil store");
    std::fs::write(
        d.join("notes.txt"),
        b"Police detained Daniyar Umarov in Osh.\n",
    )
    .expect("written");
    refused(d, "notes.txt", &[], None, "not a SQLite database");
    let mut scrambled = good.clone();
    for byte in &mut scrambled[page..page * 3] {
        *byte = 0xA5;
    }
    std::fs::write(d.join("scrambled.db"), &scrambled).expect("written");
    refused(d, "scrambled.db", &[], None, "damaged");
    // A schema version newer than this build's (the header's user_version, bytes 60..64).
    let mut newer = good;
    newer[60..64].copy_from_slice(&(vigil_store_sqlite::LATEST_VERSION + 1).to_be_bytes());
    std::fs::write(d.join("newer.db"), &newer).expect("written");
    refused(d, "newer.db", &[], None, "newer than this build supports");

    refused(
        d,
        "good.age",
        &["--passphrase-stdin"],
        Some("Bishkek in May\n"),
        "wrong passphrase",
    );
    refused(d, "good.age", &[], None, "--passphrase-stdin");
    std::fs::write(d.join("cut.age"), &sealed[..sealed.len() - 1000]).expect("written");
    refused(
        d,
        "cut.age",
        &["--passphrase-stdin"],
        Some("Bishkek in April\n"),
        "cut short",
    );
    refused(d, "missing.db", &[], None, "cannot read it");

    // Backing up what is not a store fails the same way, and writes nothing.
    for (source, reason) in [
        ("notes.txt", "not a SQLite database"),
        ("missing.db", "no database at missing.db"),
    ] {
        for extra in [&[][..], &["--passphrase-stdin"][..]] {
            let mut args = vec!["backup", "out.db", "--db", source];
            args.extend_from_slice(extra);
            let out = vigil(&args, Some("Bishkek in April\n"), d);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{source} was backed up");
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
            assert!(err.contains(reason), "{err} does not say {reason}");
            assert!(!d.join("out.db").exists());
            assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
        }
    }

    // The good ones do restore.
    let out = stdout(&vigil(
        &["restore", "good.db", "--db", "target.db"],
        None,
        d,
    ));
    assert!(out.starts_with("restored target.db from good.db"), "{out}");
}

#[test]
fn a_store_that_a_server_has_open_is_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    seeded(d, "target.db");
    stdout(&vigil(&["backup", "good.db", "--db", "target.db"], None, d));
    let mut server = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["serve", "--db", "target.db", "--addr", "127.0.0.1:0"])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the server says where it listens");
    assert!(line.contains("serving on"), "{line}");
    // A backup of the served store works beside it; a restore over it is refused.
    stdout(&vigil(
        &["backup", "beside.db", "--db", "target.db"],
        None,
        d,
    ));
    let before = std::fs::read(d.join("target.db")).expect("target");
    let out = vigil(&["restore", "good.db", "--db", "target.db"], None, d);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("target.db is open in another process"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(d.join("target.db")).expect("target"), before);
    server.kill().expect("the server stops");
    server.wait().expect("reaped");
    let out = stdout(&vigil(
        &["restore", "good.db", "--db", "target.db"],
        None,
        d,
    ));
    assert!(out.starts_with("restored"), "{out}");
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
}
