//! Aggregates over search results for the overview and search pages: facet
//! counts, the weekly timeline, map points; and the store's own health.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_model::EventType;

use crate::ReviewState;

/// Counts of the events matching a filter, by dimension.
///
/// Each dimension is counted with every filter except its own, so that a page
/// can offer the other values of a dimension already narrowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Events matching the whole filter.
    pub total: u64,
    /// By event type, largest first.
    pub types: Vec<(EventType, u64)>,
    /// By country, largest first; events with no country are not counted.
    pub countries: Vec<(String, u64)>,
    /// By place name, largest first, at most [`PLACE_FACET_LIMIT`].
    pub places: Vec<(String, u64)>,
    /// By review state, in workflow order.
    pub review: Vec<(ReviewState, u64)>,
}

/// The number of places a facet lists.
pub const PLACE_FACET_LIMIT: usize = 20;

/// Events of one type in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineBucket {
    /// The Monday that starts the week.
    pub week: NaiveDate,
    /// The event type.
    pub kind: EventType,
    /// How many events of that type started that week.
    pub count: u64,
}

/// A place with events, for the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    /// The place's name.
    pub place: String,
    /// Its country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Events there.
    pub count: u64,
}

/// Sizes of the store, for `/metrics` and summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreStats {
    /// Document versions stored.
    pub documents: u64,
    /// Raw pages kept.
    pub raw_pages: u64,
    /// Events, current or not.
    pub events: u64,
    /// Event versions (proposals plus reviews).
    pub event_versions: u64,
    /// Per-document entities.
    pub entities: u64,
    /// Schema version of the database.
    pub schema_version: u32,
}

/// The outcome of a full integrity check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityReport {
    /// Every problem found; empty when the store is sound.
    pub problems: Vec<String>,
}

impl IntegrityReport {
    /// Whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}
