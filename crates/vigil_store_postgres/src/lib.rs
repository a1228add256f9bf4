//! Vigil's team store: [`vigil_store::Store`] on a PostgreSQL server.
//!
//! SQLite stays the embedded default; PostgreSQL is what a team shares across
//! machines and what scales out (read replicas, Citus) without Vigil running
//! a distributed system of its own. [`PostgresStore::open_url`] connects to a
//! `postgres://` URL and applies the versioned migrations in `migrations/`
//! (recorded in a `schema_version` table). The records, their versions and
//! their semantics are the SQLite store's: documents versioned per address,
//! events and entities as immutable versions with their review history,
//! accounts and sessions. Full text is a `tsvector` column per document and
//! per current event with GIN indexes; filters and sorts use partial indexes
//! over current events; paging is by keyset.
//!
//! Each call is one transaction on a pooled client (see `pool.rs`): reads
//! see one snapshot, writes are serialised by an advisory lock so that any
//! number of processes may write to one database, and a batch of documents
//! is one transaction, retried a document per transaction when one fails.
//!
//! ```no_run
//! use vigil_store::{EventFilter, PageRequest, Sort, Store};
//! use vigil_store_postgres::PostgresStore;
//!
//! let store = PostgresStore::open_url("postgres://vigil@127.0.0.1/vigil").unwrap();
//! let page = store.search(&EventFilter::default(), Sort::Newest, &PageRequest::first(20)).unwrap();
//! println!("{} events", page.items.len());
//! ```

mod accounts;
mod convert;
mod documents;
mod duplicates;
mod entities;
mod events;
mod integrity;
mod links;
mod migrate;
mod paging;
mod pool;
mod queue;
mod scratch;
mod search;
mod store;
mod transfer;

pub use migrate::LATEST_VERSION;
pub use pool::redact as redacted_url;
pub use queue::{QueueCounts, WorkItem};
pub use scratch::ScratchDatabase;
pub use store::{DEFAULT_POOL_SIZE, PostgresStore, is_postgres_url};
