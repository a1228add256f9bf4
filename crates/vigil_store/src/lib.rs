//! Vigil's storage trait and its record and query types; no SQL.
//!
//! [`Store`] is what the pipeline, the CLI and the server ask of a database;
//! `vigil_store_sqlite` implements it for one SQLite file and a PostgreSQL
//! backend will implement it for teams. Everything stored is an immutable
//! version with its [`Provenance`]: a document changed at the same address is
//! a new [`StoredDocument`] version, a review of an event is a new
//! [`EventVersion`], and [`Store::event_history`] returns them all.
//!
//! ```
//! use vigil_store::{EventFilter, PageRequest, ReviewState, Sort};
//!
//! // The review queue of the web UI: proposed events about Kyrgyzstan.
//! let filter = EventFilter {
//!     countries: vec!["KG".to_owned()],
//!     review: vec![ReviewState::Proposed],
//!     ..EventFilter::default()
//! };
//! let page = PageRequest::first(50);
//! assert_eq!(page.checked_limit().unwrap(), 50);
//! assert_eq!(Sort::default(), Sort::Newest);
//! # let _ = filter;
//! ```
//!
//! With the `testing` feature, [`testing`] holds the story test that every
//! backend runs on itself.

mod accounts;
pub mod codec;
mod document;
mod entity;
mod error;
mod ids;
pub mod indexing;
pub mod links;
pub mod minhash;
mod provenance;
mod query;
mod report;
mod review;
pub mod simhash;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transfer;

pub use accounts::{
    Lockout, MAX_USER_NAME, NewSession, NewUser, Role, Session, User, UserChange, UserId,
    UserLogin, check_user_name,
};
pub use document::{
    DocumentSummary, NearDuplicate, NewDocument, PutOutcome, PutStatus, RawMeta, RawRecord,
    StoredAnalysis, StoredDocument, locator, sha256_hex,
};
pub use entity::{
    EntityProfile, EntityQuery, EntitySummary, EntityVersion, RelatedEntity, StoredEntity,
};
pub use error::StoreError;
pub use ids::{DocumentId, EntityId, EntityKey, EventId, kind_name, normalize_name, parse_kind};
pub use links::{
    ClusterId, IncidentTotals, LinkBatch, LinkId, LinkKind, LinkOutcome, LinkState, LinkTarget,
    NewLink, StoredLink,
};
pub use provenance::Provenance;
pub use query::{Cursor, EventFilter, FtsTerm, MAX_PAGE, Page, PageRequest, Sort, fts_terms};
pub use report::{
    Facets, IntegrityReport, MapPoint, PLACE_FACET_LIMIT, StoreStats, TimelineBucket,
};
pub use review::{EventVersion, Review, ReviewAction, ReviewState, StoredEvent};
pub use store::{Result, Store};
