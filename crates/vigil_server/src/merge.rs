//! Merge and split, for the review queue and the API. Two current events of
//! the same type, on the same day, at the same place look like one incident
//! told twice: the queue proposes merging them. Merging keeps both: the kept
//! event gets an accepting version that names the other, the other a
//! rejecting version that names the kept one. Splitting an event that tells
//! of two incidents edits it into the first and stores the second as a new
//! event of the same report. Every step is a new version in history.

use chrono::Utc;
use vigil_model::Event;
use vigil_store::{
    EventId, EventVersion, Provenance, Review, ReviewAction, ReviewState, Store, StoredEvent,
};

use crate::AppError;

/// The most merge proposals shown for one event.
const MAX_CANDIDATES: u32 = 5;

/// Other current, unrejected events that look like the same incident as
/// `event`; none when it has no day or no place to compare.
pub fn candidates(store: &dyn Store, event: &StoredEvent) -> vigil_store::Result<Vec<StoredEvent>> {
    store.similar_events(event.id, MAX_CANDIDATES)
}

/// Who acts, and the reviewer's own words.
pub struct Reviewer {
    /// The name kept with the versions.
    pub author: String,
    /// A remark added after the generated note.
    pub note: Option<String>,
    /// The version of the acted-on event the reviewer saw.
    pub expected_version: Option<u32>,
}

impl Reviewer {
    fn review(&self, action: ReviewAction, note: String, expected: Option<u32>) -> Review {
        let note = match self.note.as_deref().map(str::trim) {
            Some(extra) if !extra.is_empty() => format!("{note}: {extra}"),
            _ => note,
        };
        Review {
            action,
            provenance: Provenance::user(&self.author, Utc::now()),
            note: Some(note),
            expected_version: expected,
        }
    }
}

/// Merges `other` into `keep`: both get a version, nothing is deleted.
pub fn merge(
    store: &dyn Store,
    keep: EventId,
    other: EventId,
    who: &Reviewer,
) -> Result<[EventVersion; 2], AppError> {
    if keep == other {
        return Err(AppError::bad_parameter(
            "other",
            "an event cannot be merged with itself",
        ));
    }
    let other_now = store
        .get_event(other)?
        .ok_or_else(|| AppError::not_found(format!("event {other}")))?;
    if other_now.review == ReviewState::Rejected {
        return Err(AppError::bad_parameter(
            "other",
            format!("event {other} is rejected already"),
        ));
    }
    let kept = who.review(
        ReviewAction::Accept,
        format!("merged with event #{other} (same incident)"),
        who.expected_version,
    );
    let merged = who.review(
        ReviewAction::Reject,
        format!("merged into event #{keep} (same incident)"),
        Some(other_now.version),
    );
    Ok(store.merge_events(keep, &kept, other, &merged)?)
}

/// Splits `id` in two: `first` (the event's own fields when `None`) becomes
/// its next version and `second` a new event of the same report.
pub fn split(
    store: &dyn Store,
    id: EventId,
    first: Option<Event>,
    second: &Event,
    who: &Reviewer,
) -> Result<[EventVersion; 2], AppError> {
    let current = store
        .get_event(id)?
        .ok_or_else(|| AppError::not_found(format!("event {id}")))?;
    let first = first.unwrap_or(current.event);
    let review = who.review(
        ReviewAction::Edit(Box::new(first)),
        format!("split of event #{id} into two"),
        who.expected_version,
    );
    Ok(store.split_event(id, &review, second)?)
}
