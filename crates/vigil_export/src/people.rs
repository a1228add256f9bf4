//! Cross-report ids for the exports, read from the links the resolve stage stored
//! (`vigil_pipeline::resolve`, at ingest or by `vigil resolve --all`): each event's
//! incident and each linked participant's person. An event the resolver has not placed
//! (a store filled with `vigil ingest --no-resolve`) has none.

use std::collections::HashMap;

use vigil_store::{ClusterId, DocumentId, EventId, LinkKind, Store, StoredEvent};

use crate::ExportError;

/// Incident and person ids of the exported events.
#[derive(Debug, Default)]
pub(crate) struct CrossIds {
    /// Stored event → its incident.
    incident: HashMap<EventId, ClusterId>,
    /// (report, local entity id) → the person.
    person: HashMap<(DocumentId, String), ClusterId>,
}

impl CrossIds {
    /// Reads the incidents of `events` and the people of their reports.
    pub(crate) fn load(
        store: &dyn Store,
        events: &[EventId],
        documents: &[DocumentId],
    ) -> Result<Self, ExportError> {
        let mut ids = Self::default();
        for chunk in events.chunks(1000) {
            let subjects: Vec<i64> = chunk.iter().map(|e| e.0).collect();
            for l in store.links_of(LinkKind::Incident, &subjects)? {
                if l.state.is_member() {
                    ids.incident.insert(EventId(l.subject), l.target);
                }
            }
        }
        for doc in documents {
            let entities = store.document_entities(doc)?;
            let local: HashMap<i64, String> = entities
                .iter()
                .map(|e| (e.id.0, e.entity.id.clone()))
                .collect();
            let subjects: Vec<i64> = entities.iter().map(|e| e.id.0).collect();
            for l in store.links_of(LinkKind::Person, &subjects)? {
                if let (true, Some(local)) = (l.state.is_member(), local.get(&l.subject)) {
                    ids.person.insert((doc.clone(), local.clone()), l.target);
                }
            }
        }
        Ok(ids)
    }

    /// The incident of a stored event, if it has one.
    pub(crate) fn incident(&self, id: EventId) -> Option<ClusterId> {
        self.incident.get(&id).copied()
    }

    /// The event as a JSON line's value, with `incident` beside its id and
    /// `person` on each participant who is a linked person.
    pub(crate) fn annotate(&self, e: &StoredEvent) -> Result<serde_json::Value, ExportError> {
        let mut value = serde_json::to_value(e)?;
        if let Some(object) = value.as_object_mut() {
            let incident = self.incident(e.id).map(|id| id.0);
            object.insert("incident".to_owned(), incident.into());
        }
        if let Some(participants) = value
            .pointer_mut("/event/participants")
            .and_then(serde_json::Value::as_array_mut)
        {
            for (p, json) in e.event.participants.iter().zip(participants.iter_mut()) {
                let person = p
                    .entity
                    .as_ref()
                    .and_then(|local| self.person.get(&(e.document.clone(), local.clone())));
                if let (Some(person), Some(object)) = (person, json.as_object_mut()) {
                    object.insert("person".to_owned(), person.0.into());
                }
            }
        }
        Ok(value)
    }
}
