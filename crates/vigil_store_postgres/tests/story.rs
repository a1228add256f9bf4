//! The backend-agnostic story test of `vigil_store`, run on PostgreSQL: one
//! fresh database per chapter, so that chapters run in parallel.

mod support;

/// One `#[test]` per chapter; each skips (or fails under CI) without a server.
macro_rules! chapters {
    ($($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                let Some(server) = support::server() else { return };
                let (_db, store) = support::fresh_store(&server, stringify!($name));
                vigil_store::testing::$name(&store);
            }
        )*
    };
}

chapters!(
    documents_and_versions,
    raw_pages,
    batches,
    near_duplicates,
    reviews,
    search_and_paging,
    facets_timeline_map,
    entities,
    accounts,
    people_and_incidents
);

#[test]
fn every_chapter_is_run_here() {
    let here = [
        "documents_and_versions",
        "raw_pages",
        "batches",
        "near_duplicates",
        "reviews",
        "search_and_paging",
        "facets_timeline_map",
        "entities",
        "accounts",
        "people_and_incidents",
    ];
    let all: Vec<&str> = vigil_store::testing::CHAPTERS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(all, here, "a new chapter of the story needs its test here");
}
