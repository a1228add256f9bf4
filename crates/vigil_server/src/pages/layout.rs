//! The page frame, shared bits of markup, and the error page.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use vigil_model::{EventType, Participant};
use vigil_store::{DocumentId, EntityKey, Store, StoredEntity, StoredEvent};

use crate::AppError;
use crate::auth::{CSRF_FIELD, Viewer};

/// A whole page: head, navigation for the viewer's role, `body`.
pub fn page(viewer: &Viewer, title: &str, body: Markup) -> Markup {
    frame(Some(viewer), title, body)
}

/// The frame of every page; `viewer` is `None` on error pages, which may be
/// drawn before the viewer is known and so show no account links.
fn frame(viewer: Option<&Viewer>, title: &str, body: Markup) -> Markup {
    let body = PreEscaped(body.into_string());
    let user = viewer.and_then(Viewer::user);
    let reads_public = viewer.is_none_or(Viewer::reads_public);
    let reads_all = viewer.is_none_or(|v| v.role().is_some());
    let edits = viewer.is_none_or(Viewer::can_edit);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Vigil" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "Vigil" }
                    nav {
                        @if reads_public {
                            a href="/" { "Overview" }
                            a href="/search" { "Search" }
                        }
                        @if edits { a href="/review" { "Review" } }
                        @if reads_all {
                            a href="/people" { "People" }
                            a href="/organisations" { "Organisations" }
                        }
                        @if viewer.and_then(Viewer::role) == Some(vigil_store::Role::Admin) {
                            a href="/admin/users" { "Users" }
                        }
                    }
                    @if let Some(viewer) = viewer {
                        div.account {
                            @if let Some(user) = user {
                                span.who { (user.name) " · " (user.role.as_str()) }
                                form.inline method="post" action="/logout" {
                                    input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
                                    button type="submit" { "Log out" }
                                }
                            } @else {
                                a href="/login" { "Log in" }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The HTML form of an [`AppError`].
pub fn error_page(err: &AppError) -> Markup {
    frame(
        None,
        "Error",
        html! {
            h1 { (err.status.as_u16()) " " (err.status.canonical_reason().unwrap_or("error")) }
            p.error { (err.message) }
            p { code { (err.code) } }
            @if err.status == axum::http::StatusCode::UNAUTHORIZED {
                p { a href="/login" { "Log in" } }
            } @else {
                p { a href="/" { "Back to the overview" } }
            }
        },
    )
}

/// A type badge with its own colour class.
pub fn type_badge(kind: EventType) -> Markup {
    html! { span class={ "badge t-" (kind.as_str()) } { (kind.as_str()) } }
}

/// A percent-encoded path segment.
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The page of a cross-document entity.
pub fn entity_href(key: &EntityKey) -> String {
    format!("/entities/{}", segment(key.as_str()))
}

/// The page of a document.
pub fn document_href(id: &str) -> String {
    format!("/documents/{}", segment(id))
}

/// The event's date as worded, with its resolved span and precision.
pub fn date_text(stored: &StoredEvent) -> String {
    match &stored.event.date {
        Some(date) => match (date.start, date.end) {
            (Some(start), Some(end)) if start != end => format!("{start} – {end}"),
            (Some(start), _) => start.to_string(),
            _ => date.text.clone(),
        },
        None => stored
            .published
            .map_or_else(|| "undated".to_owned(), |d| format!("reported {d}")),
    }
}

/// The event's place as one line.
pub fn place_text(stored: &StoredEvent) -> String {
    let Some(place) = &stored.event.place else {
        return String::new();
    };
    let mut parts: Vec<&str> = Vec::new();
    if let Some(site) = &place.site {
        parts.push(site);
    }
    if let Some(name) = &place.name {
        parts.push(name);
    }
    if let Some(country) = &place.country {
        parts.push(country);
    }
    parts.join(", ")
}

/// The names of document-local entities, by document and local id: what a
/// participant such as "he" stands for in an event table.
#[derive(Debug, Default)]
pub struct EntityNames(HashMap<DocumentId, HashMap<String, String>>);

impl EntityNames {
    /// The names of `entities`, each under its own document.
    pub fn of(entities: &[StoredEntity]) -> Self {
        let mut names = Self::default();
        names.add(entities);
        names
    }

    fn add(&mut self, entities: &[StoredEntity]) {
        for stored in entities {
            self.0
                .entry(stored.document.clone())
                .or_default()
                .insert(stored.entity.id.clone(), stored.entity.name.clone());
        }
    }

    /// The names the table of `events` needs, read from the store: one call
    /// per distinct document with a participant whose words may not name it.
    pub fn load(store: &dyn Store, events: &[StoredEvent]) -> vigil_store::Result<Self> {
        let mut names = Self::default();
        let mut documents: Vec<&DocumentId> = events
            .iter()
            .filter(|e| shown(e).any(may_not_name))
            .map(|e| &e.document)
            .collect();
        documents.sort();
        documents.dedup();
        for document in documents {
            names.add(&store.document_entities(document)?);
        }
        Ok(names)
    }

    fn get(&self, document: &DocumentId, local: Option<&str>) -> Option<&str> {
        self.0.get(document)?.get(local?).map(String::as_str)
    }
}

/// The participants an event table shows.
fn shown(e: &StoredEvent) -> impl Iterator<Item = &Participant> {
    e.event.participants.iter().take(3)
}

/// Whether a resolved participant's words may leave out its entity's name:
/// a pronoun ("he", "She") or a description ("the activist"). Names are
/// capitalised, so words with a capital past the first letter ("Arman
/// Kuanyshev", "Police in Almaty") are taken to name it themselves; this
/// spares most pages any look-up at all.
fn may_not_name(p: &Participant) -> bool {
    p.entity.is_some() && !p.text.chars().skip(1).any(char::is_uppercase)
}

/// The entity's name where the participant's own words do not say it ("he" for a
/// person named earlier in the report).
pub fn name_if_other<'a>(text: &str, name: &'a str) -> Option<&'a str> {
    let name = name.trim();
    let said = text.to_lowercase();
    (!name.is_empty() && !said.contains(&name.to_lowercase())).then_some(name)
}

/// A table of events, one row each; `names` gives who a pronoun stands for.
pub fn event_table(events: &[StoredEvent], names: &EntityNames) -> Markup {
    html! {
        @if events.is_empty() {
            p.muted { "No events." }
        } @else {
            table.events {
                thead { tr { th { "Date" } th { "Type" } th { "Place" } th { "Who" } th { "Review" } } }
                tbody {
                    @for e in events {
                        tr {
                            td { a href={ "/events/" (e.id) } { (date_text(e)) } }
                            td { (type_badge(e.event.kind)) }
                            td { (place_text(e)) }
                            td { (participants_line(e, names)) }
                            td { span class={ "state s-" (e.review.as_str()) } { (e.review.as_str()) } }
                        }
                    }
                }
            }
        }
    }
}

/// Up to three participants. Where the words do not name the entity, the
/// narrow column shows the name alone, the words on hover: "he (Arman
/// Kuanyshev)" would wrap, and the event page shows both.
fn participants_line(e: &StoredEvent, names: &EntityNames) -> Markup {
    html! {
        @for (i, p) in shown(e).enumerate() {
            @if i > 0 { "; " }
            @match names.get(&e.document, p.entity.as_deref()).and_then(|n| name_if_other(&p.text, n)) {
                Some(name) => span title=(p.text) { (name) },
                None => (p.text),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// An event of a synthetic report whose participants are `(words, local entity)`.
    fn event_with(participants: &[(&str, Option<&str>)]) -> StoredEvent {
        let participants: Vec<_> = participants
            .iter()
            .map(|(text, entity)| json!({ "role": "target", "entity": entity, "text": text }))
            .collect();
        serde_json::from_value(json!({
            "id": 3, "document": "sha256:feed", "document_title": null,
            "published": "2026-05-04", "version": 1, "review": "proposed",
            "provenance": { "author": "test", "at": "2026-05-05T09:00:00Z" }, "current": true,
            "event": {
                "id": "e1", "type": "detention",
                "trigger": { "start": 0, "end": 8, "text": "detained" },
                "sentence": { "start": 0, "end": 30 },
                "date": null, "place": null, "participants": participants,
                "charge": null, "penalty": null,
                "status": { "negated": false, "hypothetical": false, "reported_by": null },
                "evidence": [], "confidence": 0.7
            }
        }))
        .expect("a valid stored event")
    }

    fn names(pairs: &[(&str, &str)]) -> EntityNames {
        let mut names = EntityNames::default();
        let local = names
            .0
            .entry(DocumentId("sha256:feed".to_owned()))
            .or_default();
        for (id, name) in pairs {
            local.insert((*id).to_owned(), (*name).to_owned());
        }
        names
    }

    #[test]
    fn a_pronoun_shows_the_name_it_stands_for() {
        let event = event_with(&[("he", Some("n2")), ("police", None)]);
        let html = event_table(&[event], &names(&[("n2", "Arman Kuanyshev")])).into_string();
        assert!(
            html.contains(r#"<td><span title="he">Arman Kuanyshev</span>; police</td>"#),
            "{html}"
        );
    }

    #[test]
    fn words_that_name_the_entity_stay_as_they_are() {
        let event = event_with(&[("activist Dana Serikova", Some("n3"))]);
        let html = event_table(&[event], &names(&[("n3", "Dana Serikova")])).into_string();
        assert!(html.contains("<td>activist Dana Serikova</td>"), "{html}");
        assert!(!html.contains("title="), "{html}");
    }

    #[test]
    fn only_unresolved_looking_words_ask_for_names() {
        let p = |text: &str, entity: Option<&str>| Participant {
            role: vigil_model::ParticipantRole::Target,
            entity: entity.map(str::to_owned),
            text: text.to_owned(),
            count: None,
            related: None,
        };
        assert!(may_not_name(&p("He", Some("n1"))));
        assert!(may_not_name(&p("the activist", Some("n1"))));
        assert!(!may_not_name(&p("Arman Kuanyshev", Some("n1"))));
        assert!(!may_not_name(&p("he", None)));
    }

    #[test]
    fn name_if_other_needs_a_name_the_words_lack() {
        assert_eq!(
            name_if_other("he", "Arman Kuanyshev"),
            Some("Arman Kuanyshev")
        );
        assert_eq!(
            name_if_other("activist Dana Serikova", "Dana Serikova"),
            None
        );
        assert_eq!(name_if_other("Police in Almaty", " "), None);
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(segment("person:marat tokoev"), "person%3Amarat%20tokoev");
        assert_eq!(segment("sha256:ab/../x"), "sha256%3Aab%2F..%2Fx");
    }
}
