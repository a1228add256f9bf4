//! One store shared by threads: readers keep answering while a writer
//! stores batches, and every reader sees whole documents only.

use std::sync::Arc;
use std::thread;

use vigil_store::testing::changed;
use vigil_store::testing::corpus::documents;
use vigil_store::{EventFilter, PageRequest, Sort, Store};
use vigil_store_sqlite::SqliteStore;

#[test]
fn readers_run_beside_a_writer() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite:{}", dir.path().join("shared.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_url(&url).expect("opens"));
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
                    // A report's events arrive together with it: the current
                    // versions always hold all ten corpus events or none.
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
