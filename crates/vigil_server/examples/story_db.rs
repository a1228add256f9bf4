//! Writes the store's synthetic story corpus, plus one report whose text
//! carries `<script>` and `onerror=` markup, into a SQLite file, for trying
//! the web UI by hand and for browser tests:
//! `cargo run -p vigil_server --example story_db -- story.db`, then
//! `vigil serve --db sqlite:story.db`.

use vigil_store::Store;
use vigil_store::testing::{corpus, store_corpus};
use vigil_store_sqlite::SqliteStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "story.db".to_owned());
    let store = SqliteStore::open(&path)?;
    let stored = store_corpus(&store);
    let mut hostile = corpus::documents().remove(0);
    let doc = &mut hostile.analysis.document;
    doc.text.push_str(
        " A reader wrote <script>alert('x')</script> and <img src=x onerror=alert(1)> here.",
    );
    doc.title = Some("A report with <script>alert('title')</script> in its headline".to_owned());
    doc.url = Some("https://hostile.example/report".to_owned());
    doc.id = vigil_model::document_id(&doc.text);
    hostile.raw = None;
    let outcome = store.put_document(&hostile)?;
    let stats = store.stats()?;
    println!(
        "{path}: {} corpus reports and the hostile one ({}); {} documents, {} events",
        stored.len(),
        outcome.id,
        stats.documents,
        stats.events
    );
    Ok(())
}
