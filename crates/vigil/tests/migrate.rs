//! `vigil migrate`: the demo store, with reviews, a split, links and a user
//! session added, moves SQLite → PostgreSQL → SQLite; every table's rows and
//! checksum match at each step, and `vigil export` and text search give the
//! same output from all three stores.

use std::path::Path;
use std::process::Output;

use chrono::{TimeZone, Utc};
use vigil_store::{
    EventFilter, LinkBatch, LinkKind, LinkState, LinkTarget, NewLink, NewSession, PageRequest,
    Provenance, Review, ReviewAction, Sort, Store,
};
use vigil_store_postgres::PostgresStore;
use vigil_store_sqlite::SqliteStore;

mod cli_support;
mod pg_support;
use cli_support::vigil;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(args: &[&str], cwd: &Path) -> Output {
    let out = vigil(args, None, cwd);
    assert!(out.status.success(), "vigil {args:?}: {}", text(&out));
    out
}

/// Reviews, a split, links and a session, so that the move has history to carry.
fn add_history(store: &dyn Store) {
    let at = |minute| {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, minute, 0)
            .single()
            .expect("valid")
    };
    let events = store
        .search(
            &EventFilter::default(),
            Sort::Newest,
            &PageRequest::first(10),
        )
        .expect("search")
        .items;
    assert!(events.len() >= 4, "the demo has events");
    let review = |action, minute| Review {
        action,
        provenance: Provenance::user("admin", at(minute)),
        note: Some("checked".to_owned()),
        expected_version: None,
    };
    store
        .review_event(events[0].id, &review(ReviewAction::Accept, 1))
        .expect("accepted");
    let mut edited = events[1].event.clone();
    edited.confidence = 0.99;
    store
        .review_event(
            events[1].id,
            &review(ReviewAction::Edit(Box::new(edited)), 2),
        )
        .expect("edited");
    let second = events[2].event.clone();
    store
        .split_event(
            events[2].id,
            &review(ReviewAction::Edit(Box::new(events[2].event.clone())), 3),
            &second,
        )
        .expect("split");
    store
        .review_event(events[3].id, &review(ReviewAction::Reject, 4))
        .expect("rejected");
    let mut batch = LinkBatch::new(Provenance::user("admin", at(5)));
    for event in &events[..2] {
        batch.links.push(NewLink {
            kind: LinkKind::Incident,
            subject: event.id.0,
            target: LinkTarget::New(0),
            state: LinkState::Confirmed,
            rule: "review:merge".to_owned(),
            score: Some(0.75),
            note: None,
        });
    }
    batch
        .keys
        .push((events[0].document.clone(), vec!["osh|2026".to_owned()]));
    store.put_links(&batch).expect("links");
    let admin = store
        .user_login("admin")
        .expect("read")
        .expect("demo admin");
    store
        .start_session(&NewSession {
            token_hash: "f".repeat(64),
            user: admin.user.id,
            csrf: "c".to_owned(),
            at: at(6),
            expires: at(6) + chrono::Duration::days(3650 * 20),
            replaces: None,
        })
        .expect("session");
}

fn export(db: &str, cwd: &Path) -> Vec<u8> {
    run(&["export", "--format", "jsonl", "--db", db], cwd).stdout
}

fn search(db: &str, words: &str, cwd: &Path) -> Vec<u8> {
    run(
        &[
            "search", words, "--db", db, "--limit", "500", "--format", "json",
        ],
        cwd,
    )
    .stdout
}

#[test]
fn the_demo_store_moves_to_postgres_and_back_unchanged() {
    let Some(pg) = pg_support::scratch("migrate") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let cwd = dir.path();
    run(&["demo", "--db", "demo.db", "--no-serve"], cwd);
    add_history(&SqliteStore::open(cwd.join("demo.db")).expect("opens"));

    let to_pg = run(
        &["migrate", "--from", "sqlite:demo.db", "--to", pg.url()],
        cwd,
    );
    assert!(
        text(&to_pg).contains("counts and checksums match"),
        "{}",
        text(&to_pg)
    );
    let back = run(
        &["migrate", "--from", pg.url(), "--to", "sqlite:back.db"],
        cwd,
    );
    assert!(
        text(&back).contains("counts and checksums match"),
        "{}",
        text(&back)
    );

    let original = export("sqlite:demo.db", cwd);
    assert!(!original.is_empty());
    assert_eq!(
        export(pg.url(), cwd),
        original,
        "PostgreSQL exports the same"
    );
    assert_eq!(
        export("sqlite:back.db", cwd),
        original,
        "the round trip exports the same"
    );
    for words in ["police", "detain*", "\"human rights\""] {
        let found = search("sqlite:demo.db", words, cwd);
        if words == "police" {
            assert!(found.len() > 100, "the demo has police: {found:?}");
        }
        assert_eq!(search(pg.url(), words, cwd), found, "{words}");
        assert_eq!(search("sqlite:back.db", words, cwd), found, "{words}");
    }

    let stores: [Box<dyn Store>; 2] = [
        Box::new(PostgresStore::open_url(pg.url()).expect("opens")),
        Box::new(SqliteStore::open(cwd.join("back.db")).expect("opens")),
    ];
    let demo = SqliteStore::open(cwd.join("demo.db")).expect("opens");
    let reviewed = demo
        .search(
            &EventFilter {
                review: vec![vigil_store::ReviewState::Edited],
                ..EventFilter::default()
            },
            Sort::Newest,
            &PageRequest::first(10),
        )
        .expect("search")
        .items;
    assert_eq!(reviewed.len(), 3, "the edit and both halves of the split");
    for store in &stores {
        assert!(store.integrity_check().expect("check").is_ok());
        for event in &reviewed {
            assert_eq!(
                store.event_history(event.id).expect("history"),
                demo.event_history(event.id).expect("history")
            );
        }
        let links = store
            .current_links(LinkKind::Incident, None, 10)
            .expect("links");
        assert_eq!(
            links,
            demo.current_links(LinkKind::Incident, None, 10)
                .expect("links")
        );
        let session = store
            .session(&"f".repeat(64), Utc::now())
            .expect("read")
            .expect("the session moved");
        assert_eq!(session.user.name, "admin");
    }

    let again = vigil(
        &["migrate", "--from", "sqlite:demo.db", "--to", pg.url()],
        None,
        cwd,
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("not empty"), "{}", text(&again));
}
