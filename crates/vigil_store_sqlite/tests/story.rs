//! The backend-agnostic story test of `vigil_store`, run on SQLite files.

use vigil_store_sqlite::SqliteStore;

fn make() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path().join("story.db")).expect("opens");
    (dir, store)
}

vigil_store::story_tests!(make);

#[test]
fn whole_story_in_one_store_per_chapter() {
    vigil_store::testing::story(make);
}
