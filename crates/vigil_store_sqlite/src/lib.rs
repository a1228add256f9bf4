//! Vigil's embedded store: one SQLite file implementing [`vigil_store::Store`].
//!
//! [`SqliteStore::open`] creates or opens the file, switches it to WAL (so
//! readers never wait for a writer), turns foreign keys on and applies the
//! versioned migrations in `migrations/`. A batch of documents, each with
//! its raw page, analysis, entities and events, is one transaction: a killed
//! process leaves each document whole or absent. If one document fails, the
//! batch is rolled back and retried a document per transaction, so only the
//! bad one is refused.
//! Full-text search uses two contentless FTS5 indexes (event fields and
//! evidence; report title and body); filters and sorts use plain indexes over
//! a projection of each event's current version; paging is by keyset.
//! Cross-report people and incidents are links (migration 6) that are only
//! appended and ended, never changed, each with its provenance and review state.
//!
//! ```
//! use vigil_store::{EventFilter, PageRequest, Sort, Store};
//! use vigil_store_sqlite::SqliteStore;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open(dir.path().join("vigil.db")).unwrap();
//! let page = store.search(&EventFilter::default(), Sort::Newest, &PageRequest::first(20)).unwrap();
//! assert!(page.items.is_empty());
//! assert!(store.integrity_check().unwrap().is_ok());
//! ```

mod accounts;
pub mod backup;
mod checkpoint;
mod connection;
mod convert;
mod documents;
mod duplicates;
mod entities;
mod events;
mod integrity;
mod links;
mod migrate;
mod paging;
mod search;
mod store;
mod transfer;

pub use migrate::LATEST_VERSION;
pub use store::{DEFAULT_PATH, SqliteStore, path_of_url};
