//! Stored events, their review states and their immutable versions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_model::Event;

use crate::{DocumentId, EventId, Provenance};

/// Where an event stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// Proposed by the extractor, not reviewed yet.
    Proposed,
    /// A reviewer confirmed it as proposed.
    Accepted,
    /// A reviewer corrected it.
    Edited,
    /// A reviewer rejected it.
    Rejected,
}

impl ReviewState {
    /// Every state, in workflow order.
    pub const ALL: [ReviewState; 4] =
        [Self::Proposed, Self::Accepted, Self::Edited, Self::Rejected];

    /// The name used in URLs, JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::Edited => "edited",
            Self::Rejected => "rejected",
        }
    }

    /// The state named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What a reviewer does to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", content = "event", rename_all = "lowercase")]
pub enum ReviewAction {
    /// Confirm the current version as it is.
    Accept,
    /// Replace the event's fields: a new version in state `edited`.
    Edit(Box<Event>),
    /// Reject the event.
    Reject,
}

impl ReviewAction {
    /// The state an event is in after this action.
    pub fn state(&self) -> ReviewState {
        match self {
            Self::Accept => ReviewState::Accepted,
            Self::Edit(_) => ReviewState::Edited,
            Self::Reject => ReviewState::Rejected,
        }
    }
}

/// One review: the action, who did it and when, and the version it was based on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Accept, edit or reject.
    pub action: ReviewAction,
    /// The reviewer and the time.
    pub provenance: Provenance,
    /// A reviewer's remark, kept with the version.
    pub note: Option<String>,
    /// The version the reviewer saw; a newer stored version is a conflict.
    pub expected_version: Option<u32>,
}

/// An event at its current version, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Stable id.
    pub id: EventId,
    /// The report it was extracted from.
    pub document: DocumentId,
    /// That report's headline.
    pub document_title: Option<String>,
    /// That report's publication date.
    pub published: Option<NaiveDate>,
    /// Current version number, from 1.
    pub version: u32,
    /// Current review state.
    pub review: ReviewState,
    /// Who made the current version, when.
    pub provenance: Provenance,
    /// False once its report has a newer version: kept, but out of search.
    pub current: bool,
    /// The event's fields; spans index the report's text.
    pub event: Event,
}

/// One immutable version of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventVersion {
    /// The event.
    pub id: EventId,
    /// Version number, from 1.
    pub version: u32,
    /// State after this version.
    pub review: ReviewState,
    /// Who made it, when.
    pub provenance: Provenance,
    /// The reviewer's remark.
    pub note: Option<String>,
    /// The fields at this version.
    pub event: Event,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip() {
        for state in ReviewState::ALL {
            assert_eq!(ReviewState::parse(state.as_str()), Some(state));
        }
        assert_eq!(ReviewState::parse("maybe"), None);
        assert_eq!(ReviewAction::Reject.state(), ReviewState::Rejected);
    }
}
