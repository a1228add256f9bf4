//! The story test every backend runs on itself: one chapter per area of the
//! [`Store`] trait, together calling every method, each on a fresh store.
//!
//! A backend's tests call [`story`] once, or [`crate::story_tests!`] for one
//! `#[test]` per chapter. The store maker returns a guard (a temporary
//! directory, a database handle…) kept alive while the chapter runs, and
//! the store.
//!
//! ```text
//! vigil_store::story_tests!(|| {
//!     let dir = tempfile::tempdir().unwrap();
//!     let store = SqliteStore::open(dir.path().join("story.db")).unwrap();
//!     (dir, store)
//! });
//! ```

mod accounts;
pub mod corpus;
mod documents;
mod links;
mod search;

pub use accounts::accounts;
pub use documents::{batches, documents_and_versions, near_duplicates, raw_pages};
pub use links::people_and_incidents;
pub use search::{entities, facets_timeline_map, reviews, search_and_paging};

use crate::{DocumentId, NewDocument, PutOutcome, Store};

/// A chapter of the story: it fills a fresh store and checks what it reads back.
pub type Chapter = fn(&dyn Store);

/// Every chapter with its name, in story order.
pub const CHAPTERS: &[(&str, Chapter)] = &[
    ("documents_and_versions", documents_and_versions),
    ("raw_pages", raw_pages),
    ("batches", batches),
    ("near_duplicates", near_duplicates),
    ("reviews", reviews),
    ("search_and_paging", search_and_paging),
    ("facets_timeline_map", facets_timeline_map),
    ("entities", entities),
    ("accounts", accounts),
    ("people_and_incidents", people_and_incidents),
];

/// Runs every chapter, each on a fresh store from `make`.
pub fn story<G, S: Store>(make: impl Fn() -> (G, S)) {
    for (name, chapter) in CHAPTERS {
        let (_guard, store) = make();
        eprintln!("story chapter: {name}");
        chapter(&store);
    }
}

/// One `#[test]` per chapter of the story, each on a store from `$make`
/// (an expression giving a closure that returns `(guard, store)`).
#[macro_export]
macro_rules! story_tests {
    ($make:expr) => {
        $crate::story_tests!(@each $make;
            documents_and_versions, raw_pages, batches, near_duplicates, reviews,
            search_and_paging, facets_timeline_map, entities, accounts,
            people_and_incidents);
    };
    (@each $make:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                let (_guard, store) = ($make)();
                $crate::testing::$name(&store);
            }
        )*
    };
}

/// Stores the whole corpus and returns the outcomes by report name.
pub fn store_corpus(store: &dyn Store) -> Vec<(&'static str, PutOutcome)> {
    let docs = corpus::documents();
    let outcomes = store.put_documents(&docs).expect("the batch is written");
    corpus::reports()
        .iter()
        .map(|r| r.name)
        .zip(outcomes)
        .map(|(name, outcome)| (name, outcome.expect("every corpus report is stored")))
        .collect()
}

/// The outcome for report `name`.
pub fn outcome<'a>(outcomes: &'a [(&str, PutOutcome)], name: &str) -> &'a PutOutcome {
    &outcomes
        .iter()
        .find(|(n, _)| *n == name)
        .expect("invariant: the corpus has this report")
        .1
}

/// The document id of report `name`.
pub fn id_of(outcomes: &[(&str, PutOutcome)], name: &str) -> DocumentId {
    outcome(outcomes, name).id.clone()
}

/// Asserts that the store passes its full integrity check.
pub fn assert_sound(store: &dyn Store) {
    let report = store.integrity_check().expect("the check runs");
    assert!(report.is_ok(), "integrity problems: {:?}", report.problems);
}

/// The first corpus document, changed: a new version at the same address.
pub fn changed(doc: &NewDocument, extra: &str) -> NewDocument {
    let mut changed = doc.clone();
    let document = &mut changed.analysis.document;
    document.text.push_str(extra);
    document.id = vigil_model::document_id(&document.text);
    changed
}
