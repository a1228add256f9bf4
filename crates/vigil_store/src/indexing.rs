//! What both backends index of an event besides its columns: the words of its place, charge,
//! claim, penalty and date, the sentences it was read from, and the name of a participant's role.

use vigil_model::{CharIndex, Event};

/// The event's own words besides its participants: place, charge, claim, penalty, date.
pub fn event_words(event: &Event) -> Vec<String> {
    let place = event.place.as_ref();
    [
        place.and_then(|p| p.name.clone()),
        place.and_then(|p| p.site.clone()),
        event.charge.clone(),
        event.claim.clone(),
        event.penalty.as_ref().map(|p| p.text.clone()),
        event.date.as_ref().map(|d| d.text.clone()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The sentence and evidence sentences, cut out of the report's text.
pub fn evidence_text(event: &Event, text: &str, index: &CharIndex) -> String {
    let mut ranges = event.evidence.clone();
    ranges.push(event.sentence);
    ranges.sort();
    ranges.dedup();
    let cut = |start: usize, end: usize| {
        let (a, b) = (index.byte_offset(start), index.byte_offset(end));
        text.get(a..b.max(a)).unwrap_or_default()
    };
    ranges
        .iter()
        .map(|r| cut(r.start, r.end))
        .collect::<Vec<_>>()
        .join(" \n ")
}

/// A participant role as the schema spells it ("target", "agent").
pub fn role_name(role: vigil_model::ParticipantRole) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
