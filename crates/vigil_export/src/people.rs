//! Cross-report ids for the JSON-lines export, computed at export time: the
//! reports of the exported events go through [`vigil_resolve::Resolver`] in
//! memory, and each event gets the id of its incident, each participant the
//! id of the person it is across reports. The store keeps no such links yet,
//! so the ids hold for one export: an incident is named by the smallest
//! Vigil event id among its events, a person by the smallest stored entity id
//! among its mentions, both ids a reader can look up.

use std::collections::HashMap;

use vigil_model::Analysis;
use vigil_resolve::Resolver;
use vigil_store::{DocumentId, EntityId, EventId, ReviewState, Store, StoredEvent};

use crate::ExportError;

/// Incident and person ids over a set of reports.
#[derive(Debug, Default)]
pub(crate) struct CrossIds {
    /// Stored event → its incident's id.
    incident: HashMap<EventId, EventId>,
    /// (report, local entity id) → the person's id.
    person: HashMap<(String, String), EntityId>,
}

impl CrossIds {
    /// Resolves the current, unrejected events and the people of `documents`.
    pub(crate) fn resolve(
        store: &dyn Store,
        documents: &[DocumentId],
    ) -> Result<Self, ExportError> {
        let mut resolver = Resolver::default();
        let mut event_id: HashMap<(String, String), EventId> = HashMap::new();
        let mut entity_id: HashMap<(String, String), EntityId> = HashMap::new();
        for doc in documents {
            let Some(stored) = store.get_document(doc)? else {
                continue;
            };
            let report = stored.document.id.clone();
            let mut analysis = Analysis::new(stored.document);
            let mut latest: HashMap<String, StoredEvent> = HashMap::new();
            for e in store.document_events(doc)? {
                if !e.current || e.review == ReviewState::Rejected {
                    continue;
                }
                let newer = latest
                    .get(&e.event.id)
                    .is_none_or(|known| known.version < e.version);
                if newer {
                    latest.insert(e.event.id.clone(), e);
                }
            }
            let mut events: Vec<StoredEvent> = latest.into_values().collect();
            events.sort_by_key(|e| e.id);
            for e in events {
                event_id.insert((report.clone(), e.event.id.clone()), e.id);
                analysis.events.push(e.event);
            }
            let mut entities: HashMap<String, (u32, EntityId, vigil_model::Entity)> =
                HashMap::new();
            for s in store.document_entities(doc)? {
                let newer = entities
                    .get(&s.entity.id)
                    .is_none_or(|(version, _, _)| *version < s.version);
                if newer {
                    entities.insert(s.entity.id.clone(), (s.version, s.id, s.entity));
                }
            }
            let mut entities: Vec<_> = entities.into_values().collect();
            entities.sort_by_key(|(_, id, _)| *id);
            for (_, id, entity) in entities {
                entity_id.insert((report.clone(), entity.id.clone()), id);
                analysis.entities.push(entity);
            }
            resolver.add(&analysis);
        }
        let resolution = resolver.resolve();

        let mut ids = Self::default();
        let mut first_event: HashMap<usize, EventId> = HashMap::new();
        let events = resolution.events.iter().zip(&resolution.incident_of);
        let stored_events: Vec<(EventId, usize)> = events
            .filter_map(|(record, &incident)| {
                let id = event_id.get(&(record.report.clone(), record.event.clone()))?;
                Some((*id, incident))
            })
            .collect();
        for &(id, incident) in &stored_events {
            let first = first_event.entry(incident).or_insert(id);
            *first = (*first).min(id);
        }
        for (id, incident) in stored_events {
            if let Some(first) = first_event.get(&incident) {
                ids.incident.insert(id, *first);
            }
        }
        let mut first_entity: HashMap<usize, EntityId> = HashMap::new();
        let mentions: Vec<((String, String), usize)> = resolution
            .mentions
            .iter()
            .zip(&resolution.people.person)
            .map(|(m, &person)| ((m.report.clone(), m.entity.clone()), person))
            .collect();
        for (key, person) in &mentions {
            if let Some(id) = entity_id.get(key) {
                let first = first_entity.entry(*person).or_insert(*id);
                *first = (*first).min(*id);
            }
        }
        for (key, person) in mentions {
            if let Some(first) = first_entity.get(&person) {
                ids.person.insert(key, *first);
            }
        }
        Ok(ids)
    }

    /// The event as a JSON line's value, with `incident` beside its id and
    /// `person` on each participant who is a linked person.
    pub(crate) fn annotate(&self, e: &StoredEvent) -> Result<serde_json::Value, ExportError> {
        let mut value = serde_json::to_value(e)?;
        let report = e.document.as_str().to_owned();
        if let Some(object) = value.as_object_mut() {
            let incident = self.incident.get(&e.id).map(|id| id.0);
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
                    .and_then(|local| self.person.get(&(report.clone(), local.clone())));
                if let (Some(person), Some(object)) = (person, json.as_object_mut()) {
                    object.insert("person".to_owned(), person.0.into());
                }
            }
        }
        Ok(value)
    }
}
