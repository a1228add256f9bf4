//! Writes the schema-version-1 database fixture that `tests/migrate.rs` opens
//! and migrates: the story test's synthetic corpus, with one review.
//!
//! ```text
//! cargo run -p vigil_store_sqlite --example make_v1_fixture -- \
//!     crates/vigil_store_sqlite/tests/fixtures/v1.db
//! ```
//!
//! It writes through today's insert code on a database migrated only to
//! version 1, which works while that code writes nothing that version 1 lacks
//! (no SimHash, no duplicate link). The committed file is the reference; this
//! program documents how it was made.

use std::path::PathBuf;

use vigil_store::testing::corpus::{at, documents};
use vigil_store::{Provenance, Review, ReviewAction, Store};
use vigil_store_sqlite::SqliteStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: make_v1_fixture OUTPUT.db")?;
    if path.exists() {
        return Err(format!("{} exists; remove it first", path.display()).into());
    }
    let store = SqliteStore::open_at_version(&path, 1)?;
    let outcomes = store.put_documents(&documents())?;
    let first = outcomes.into_iter().next().ok_or("the corpus is empty")??;
    let review = Review {
        action: ReviewAction::Accept,
        provenance: Provenance::user("fixture-reviewer", at(30)),
        note: Some("accepted when the v1 fixture was made".to_owned()),
        expected_version: Some(1),
    };
    store.review_event(first.events[0], &review)?;
    store.checkpoint()?;
    println!(
        "wrote {} at schema version {}",
        path.display(),
        store.schema_version()?
    );
    Ok(())
}
