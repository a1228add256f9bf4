//! Vigil's domain: plain data with serde, no I/O.
//!
//! An [`Analysis`] is what `vigil extract` prints for one report: the cleaned
//! [`Document`], the [`Entity`]s and [`Event`]s found in it, and the
//! [`Diagnostic`]s the stages raised. Its JSON shape is the contract
//! `vigil.analysis/1` described in the design's `SCHEMA.md`; every offset is a
//! Unicode code-point offset into [`Document::text`], end exclusive.
//!
//! ```
//! use vigil_model::{Analysis, Document};
//!
//! let doc = Document::new("report.txt", "Police detained three activists.".to_owned());
//! let analysis = Analysis::new(doc);
//! let json = serde_json::to_string(&analysis).unwrap();
//! assert!(json.starts_with(r#"{"schema":"vigil.analysis/1","document":{"id":"sha256:"#));
//! ```

mod analysis;
mod diagnostic;
mod document;
mod entity;
mod event;
mod offsets;
mod raw_page;
mod span;

pub use analysis::{Analysis, SCHEMA_VERSION};
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, document_id};
pub use entity::{Entity, EntityKind, Relation, RelationKind};
pub use event::{
    Appeal, AppealOutcome, Count, DatePrecision, DateSpan, Event, EventType, Force, Participant,
    ParticipantRole, Penalty, PenaltyKind, Place, PlacePrecision, Related, Status,
};
pub use offsets::CharIndex;
pub use raw_page::RawPage;
pub use span::{Mention, Range, Span};
