//! One database shared by threads and by several stores (as by several
//! processes): readers keep answering while writers store batches, every
//! reader sees whole documents only, and concurrent writers of the same
//! reports store each version once.

mod support;

use std::sync::Arc;
use std::thread;

use vigil_store::testing::changed;
use vigil_store::testing::corpus::documents;
use vigil_store::{EventFilter, PageRequest, Sort, Store};
use vigil_store_postgres::PostgresStore;

#[test]
fn readers_run_beside_a_writer() {
    let Some(server) = support::server() else {
        return;
    };
    let (_db, store) = support::fresh_store(&server, "readers");
    let store: Arc<dyn Store> = Arc::new(store);
    let writer = {
        let store = Arc::clone(&store);
        thread::spawn(move || {
            let docs = documents();
            for round in 0..20 {
                let batch: Vec<_> = docs
                    .iter()
                    .map(|d| changed(d, &format!("\n\nUpdate {round}.")))
                    .collect();
                for outcome in store.put_documents(&batch).expect("batch") {
                    outcome.expect("stored");
                }
            }
        })
    };
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let store = Arc::clone(&store);
            thread::spawn(move || {
                for _ in 0..50 {
                    let page = store
                        .search(
                            &EventFilter::default(),
                            Sort::Newest,
                            &PageRequest::first(100),
                        )
                        .expect("search");
                    assert!(
                        page.items.len() == 10 || page.items.is_empty(),
                        "{}",
                        page.items.len()
                    );
                    for event in &page.items {
                        assert!(store.get_analysis(&event.document).expect("read").is_some());
                    }
                }
            })
        })
        .collect();
    writer.join().expect("writer finished");
    for reader in readers {
        reader.join().expect("reader finished");
    }
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.events), (140, 200));
    assert!(store.integrity_check().expect("check").is_ok());
}

#[test]
fn stores_of_separate_processes_write_the_same_reports_once() {
    let Some(server) = support::server() else {
        return;
    };
    let (db, first) = support::fresh_store(&server, "writers");
    let url = db.url().to_owned();
    let writers: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            thread::spawn(move || {
                // A store of its own, as another worker process would open.
                let store = PostgresStore::open_url(&url).expect("opens");
                let docs = documents();
                for round in 0..5 {
                    let batch: Vec<_> = docs
                        .iter()
                        .map(|d| changed(d, &format!("\n\nUpdate {round}.")))
                        .collect();
                    for outcome in store.put_documents(&batch).expect("batch") {
                        outcome.expect("stored");
                    }
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer finished");
    }
    let stats = first.stats().expect("stats");
    // Each of the 7 reports, 5 versions, stored once however many wrote them.
    assert_eq!((stats.documents, stats.events), (35, 50));
    let current = first
        .search(
            &EventFilter::default(),
            Sort::Newest,
            &PageRequest::first(100),
        )
        .expect("search");
    assert_eq!(current.items.len(), 10);
    assert!(first.integrity_check().expect("check").is_ok());
}
