//! The event, entity and report pages.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use maud::{Markup, html};
use vigil_model::{EntityKind, Event, EventType};
use vigil_store::{
    ClusterId, DocumentId, DocumentSummary, EntityKey, EntityProfile, EventFilter, EventId,
    EventVersion, LinkKind, Page, PageRequest, Sort, StoredDocument, StoredEntity, StoredEvent,
};

use super::layout::{
    EntityNames, date_text, document_href, entity_href, event_table, name_if_other, page,
    place_text, type_badge,
};
use super::text::{Mark, in_context, marked};
use crate::auth::Viewer;
use crate::clusters::cluster_href;
use crate::{AppError, AppState};

/// PLOVER and ACLED codes of a type, from `data/codes.tsv`.
pub struct Codes {
    /// PLOVER type: mode.
    pub plover: String,
    /// ACLED event type, empty when ACLED has no row.
    pub acled_event: String,
    /// ACLED sub-event type.
    pub acled_sub: String,
}

const CODES: &str = include_str!("../../data/codes.tsv");

/// The codes of `kind`.
pub fn codes(kind: EventType) -> Codes {
    let row = CODES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|cols| cols.first() == Some(&kind.as_str()))
        .unwrap_or_default();
    let col = |i: usize| row.get(i).map_or_else(String::new, |s| (*s).to_owned());
    Codes {
        plover: col(1),
        acled_event: col(2),
        acled_sub: col(3),
    }
}

/// Everything the event page shows.
struct EventView {
    event: StoredEvent,
    history: Vec<EventVersion>,
    document: Option<StoredDocument>,
    entities: Vec<StoredEntity>,
    copies: Vec<DocumentSummary>,
    /// The incident the event is part of, with every event of it (this one too).
    incident: Option<(ClusterId, Vec<StoredEvent>)>,
    /// The cross-report person of each of the report's linked person entities.
    people: HashMap<i64, ClusterId>,
}

/// Parses an event id from a path.
pub fn event_id(text: &str) -> Result<EventId, AppError> {
    text.parse::<i64>()
        .map(EventId)
        .map_err(|_| AppError::bad_parameter("event id", "expected a number"))
}

/// `GET /events/{id}`.
pub async fn event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = event_id(&id)?;
    let view = state
        .call(move |store| {
            let Some(event) = store.get_event(id)? else {
                return Ok(None);
            };
            let history = store.event_history(id)?;
            let document = store.get_document(&event.document)?;
            let entities = store.document_entities(&event.document)?;
            let copies = store.duplicates_of(&event.document)?;
            let incident = match crate::clusters::incident_of(store, id)? {
                Some(c) => Some((c, store.cluster_events(LinkKind::Incident, c)?)),
                None => None,
            };
            let ids: Vec<i64> = entities.iter().map(|e| e.id.0).collect();
            let people = crate::clusters::people_of(store, &ids)?;
            Ok(Some(EventView {
                event,
                history,
                document,
                entities,
                copies,
                incident,
                people,
            }))
        })
        .await?
        .filter(|view| viewer.sees(&view.event))
        .ok_or_else(|| AppError::not_found(format!("event {id}")))?;
    Ok(page(
        &viewer,
        &format!("Event {id}"),
        event_body(&view, &viewer),
    ))
}

/// The link of a document-local entity id, through its cross-document key.
fn local_entity<'a>(entities: &'a [StoredEntity], local: Option<&str>) -> Option<&'a StoredEntity> {
    let local = local?;
    entities.iter().find(|e| e.entity.id == local)
}

fn event_body(view: &EventView, viewer: &Viewer) -> Markup {
    let stored = &view.event;
    let e = &stored.event;
    let codes = codes(e.kind);
    html! {
        h1 { (type_badge(e.kind)) " " (date_text(stored)) " " (place_text(stored)) }
        dl.facts {
            dt { "Type" } dd { (e.kind.as_str()) " · PLOVER " (or_dash(&codes.plover)) " · ACLED " (or_dash(&codes.acled_event)) @if !codes.acled_sub.is_empty() { " / " (codes.acled_sub) } }
            dt { "Date" } dd {
                @if let Some(d) = &e.date { (date_text(stored)) " (" (format!("{:?}", d.precision).to_lowercase()) "; “" (d.text) "”)" } @else { "not stated" }
            }
            dt { "Place" } dd { (or_dash(&place_text(stored))) @if let Some(p) = &e.place { " (" (format!("{:?}", p.precision).to_lowercase()) ")" } }
            dt { "Who" } dd {
                ul.plain {
                    @for p in &e.participants {
                        li {
                            span.muted { (format!("{:?}", p.role).to_lowercase()) ": " }
                            @if let Some(entity) = local_entity(&view.entities, p.entity.as_deref()).filter(|_| viewer.role().is_some()) {
                                a href=(entity_href(&entity.key)) { (p.text) }
                                @if let Some(name) = name_if_other(&p.text, &entity.entity.name) { " (" (name) ")" }
                                @if let Some(person) = view.people.get(&entity.id.0) { " · " a.person href=(cluster_href(LinkKind::Person, *person)) { "person page" } }
                            } @else { (p.text) }
                            @if let Some(c) = &p.count { " (count: " (c.text) ")" }
                        }
                    }
                }
            }
            @if let Some(charge) = &e.charge { dt { "Charge" } dd { (charge) } }
            @if let Some(p) = &e.penalty { dt { "Penalty" } dd { (p.text) } }
            @if let Some(claim) = &e.claim { dt { "Claim" } dd { (claim) } }
            @if !e.force.is_empty() {
                dt { "Force used" }
                dd { (e.force.iter().map(|f| f.as_str().replace('_', " ")).collect::<Vec<_>>().join(", ")) }
            }
            dt { "Status" } dd {
                @if e.status.negated { "reported as not having happened; " }
                @if e.status.hypothetical { "hypothetical; " }
                @if let Some(by) = &e.status.reported_by { "according to " (by) "; " }
                "confidence " (format!("{:.2}", e.confidence))
            }
            dt { "Review" } dd { span class={ "state s-" (stored.review.as_str()) } { (stored.review.as_str()) } " · version " (stored.version) @if viewer.can_edit() { " · " a href="/review" { "review queue" } } }
        }
        h2 { "Sources" }
        (sources(view, viewer))
        @if let Some((incident, events)) = &view.incident {
            (incident_sources(*incident, events, stored, viewer))
        }
        // Reviewers' names stay inside the team.
        @if viewer.role().is_some() {
        h2 { "History" }
        table.events {
            thead { tr { th { "Version" } th { "State" } th { "By" } th { "When" } th { "Note" } } }
            tbody {
                @for v in &view.history {
                    tr { td { (v.version) } td { (v.review.as_str()) } td { (v.provenance.author) } td { (v.provenance.at.format("%Y-%m-%d %H:%M")) } td { (v.note.as_deref().unwrap_or("")) } }
                }
            }
        }
        }
    }
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

fn sources(view: &EventView, viewer: &Viewer) -> Markup {
    let stored = &view.event;
    let e = &stored.event;
    let title = stored
        .document_title
        .as_deref()
        .unwrap_or(stored.document.as_str());
    let trigger = Mark {
        start: e.trigger.start,
        end: e.trigger.end,
        class: "trigger",
        href: None,
        title: "trigger".to_owned(),
    };
    html! {
        article.source {
            // The public reads the evidence here; whole reports and people's
            // pages are for users.
            @if viewer.role().is_some() { h3 { a href=(document_href(stored.document.as_str())) { (title) } } } @else { h3 { (title) } }
            @if let Some(doc) = &view.document {
                p.muted { (doc.locator) @if let Some(p) = doc.document.published { " · published " (p) } }
                @for range in evidence_ranges(e) {
                    (in_context(&doc.document.text, range, std::slice::from_ref(&trigger)))
                }
            } @else {
                p.muted { "The report text is not stored." }
            }
            @if !view.copies.is_empty() && viewer.role().is_some() {
                p { "Also reported as copies: "
                    @for c in &view.copies { a href=(document_href(c.id.as_str())) { (c.title.as_deref().unwrap_or(&c.locator)) } " " }
                }
            }
        }
    }
}

/// Every other report of the event's incident, each with its event.
fn incident_sources(
    incident: ClusterId,
    events: &[StoredEvent],
    this: &StoredEvent,
    viewer: &Viewer,
) -> Markup {
    let mut reports: Vec<&DocumentId> = events.iter().map(|e| &e.document).collect();
    reports.sort();
    reports.dedup();
    let others: Vec<&StoredEvent> = events
        .iter()
        .filter(|e| e.id != this.id && viewer.sees(e))
        .collect();
    html! {
        section.incident {
            p.sources-count {
                "One incident, told by " strong { (reports.len()) } " reports"
                @if viewer.role().is_some() { " · " a href=(cluster_href(LinkKind::Incident, incident)) { "incident #" (incident) } }
            }
            @if !others.is_empty() {
                ul.incident-sources {
                    @for e in &others {
                        li {
                            a href={ "/events/" (e.id) } { (e.document_title.as_deref().unwrap_or(e.document.as_str())) }
                            span.muted { @if let Some(p) = e.published { " · published " (p) } " · " (e.event.kind.as_str()) " " (date_text(e)) " " (place_text(e)) }
                        }
                    }
                }
            }
        }
    }
}

/// The evidence sentences, the event's own sentence first, each once.
fn evidence_ranges(e: &Event) -> Vec<vigil_model::Range> {
    let mut ranges = vec![e.sentence];
    for r in &e.evidence {
        if !ranges.contains(r) {
            ranges.push(*r);
        }
    }
    ranges
}

/// Events per page of an entity's page.
const ENTITY_EVENTS: u32 = 100;
/// Source reports listed on an entity's page.
const ENTITY_SOURCES: usize = 50;

/// The entity named by a path key.
pub fn entity_key(text: &str) -> Result<EntityKey, AppError> {
    EntityKey::parse(text).ok_or_else(|| {
        AppError::bad_parameter("entity key", "expected kind:name, e.g. person:ana petrova")
    })
}

/// A profile and one page of its events, oldest first.
pub fn entity_events(
    store: &dyn vigil_store::Store,
    key: &EntityKey,
    page: &PageRequest,
) -> vigil_store::Result<Option<(EntityProfile, Page<StoredEvent>)>> {
    let Some(profile) = store.entity_profile(key)? else {
        return Ok(None);
    };
    let name = profile.names.first().cloned().unwrap_or_default();
    let filter = match key.kind() {
        Some(EntityKind::Organization) => EventFilter {
            organization: Some(name),
            ..EventFilter::default()
        },
        _ => EventFilter {
            person: Some(name),
            ..EventFilter::default()
        },
    };
    let events = store.search(&filter, Sort::Oldest, page)?;
    Ok(Some((profile, events)))
}

/// `GET /entities/{key}`: a person's or organisation's page.
pub async fn entity(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    let key = entity_key(&key)?;
    let (_, mut page_request) = super::browse::entity_params(query.as_deref(), EntityKind::Person)?;
    page_request.limit = page_request.limit.min(ENTITY_EVENTS);
    let wanted = key.clone();
    let (profile, events, names) = state
        .call(move |store| {
            let Some((profile, events)) = entity_events(store, &wanted, &page_request)? else {
                return Ok(None);
            };
            let names = EntityNames::load(store, &events.items)?;
            Ok(Some((profile, events, names)))
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("entity {key}")))?;
    let title = profile
        .names
        .first()
        .cloned()
        .unwrap_or_else(|| key.to_string());
    Ok(page(
        &viewer,
        &title,
        entity_body(&title, &key, &profile, &events, &names),
    ))
}

fn entity_body(
    title: &str,
    key: &EntityKey,
    profile: &EntityProfile,
    events: &Page<StoredEvent>,
    names: &EntityNames,
) -> Markup {
    let mut sources: Vec<&DocumentId> = profile.mentions.iter().map(|m| &m.document).collect();
    sources.sort();
    sources.dedup();
    let mut relations: Vec<(String, &EntityKey, &str)> = profile
        .relations
        .iter()
        .map(|r| {
            (
                format!("{:?}", r.kind).to_lowercase(),
                &r.key,
                r.name.as_str(),
            )
        })
        .collect();
    relations.sort();
    relations.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    html! {
        h1 { (title) }
        dl.facts {
            dt { "Names" } dd { (profile.names.join(" · ")) }
            @if !profile.roles.is_empty() { dt { "Roles" } dd { (profile.roles.join(", ")) } }
            dt { "Relatives and organisations" } dd {
                @if relations.is_empty() { "none reported" }
                ul.plain {
                    @for (kind, key, name) in &relations {
                        li { (kind) ": " a href=(entity_href(key)) { (name) } }
                    }
                }
            }
        }
        h2 { "Events, in date order" }
        (event_table(&events.items, names))
        @if let Some(next) = &events.next {
            p { a href={ (entity_href(key)) "?cursor=" (next) } { "Later events →" } }
        }
        h2 { "Sources (" (sources.len()) ")" }
        ul { @for d in sources.iter().take(ENTITY_SOURCES) { li { a href=(document_href(d.as_str())) { (source_title(events, d)) } } } }
        @if sources.len() > ENTITY_SOURCES {
            p.muted { "and " (sources.len() - ENTITY_SOURCES) " more; the events above link to each." }
        }
    }
}

/// A source's title as its events carry it; its id when none of the listed events comes from it.
fn source_title<'a>(events: &'a Page<StoredEvent>, id: &'a DocumentId) -> &'a str {
    events
        .items
        .iter()
        .find(|e| &e.document == id)
        .and_then(|e| e.document_title.as_deref())
        .unwrap_or(id.as_str())
}

/// `GET /documents/{id}`: the cleaned report with every extracted span marked.
pub async fn document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let (doc, events, entities) = state.document_with_analysis(&id).await?;
    let title = doc
        .document
        .title
        .clone()
        .unwrap_or_else(|| doc.locator.clone());
    let marks = report_marks(&events, &entities);
    Ok(page(
        &viewer,
        &title,
        html! {
            h1 { (title) }
            p.muted { (doc.locator) " · version " (doc.version) @if let Some(p) = doc.document.published { " · published " (p) } }
            @if let Some(by) = &doc.superseded_by { p { "A newer version exists: " a href=(document_href(by.as_str())) { (by) } } }
            p.legend { mark.trigger { "event" } " " mark.person { "person" } " " mark.organization { "organisation" } " " mark.location { "place" } }
            div.report { (marked(&doc.document.text, &marks)) }
            h2 { "Events" }
            (event_table(&events, &EntityNames::of(&entities)))
        },
    ))
}

fn report_marks(events: &[StoredEvent], entities: &[StoredEntity]) -> Vec<Mark> {
    let mut marks: Vec<Mark> = events
        .iter()
        .map(|e| Mark {
            start: e.event.trigger.start,
            end: e.event.trigger.end,
            class: "trigger",
            href: Some(format!("/events/{}", e.id)),
            title: e.event.kind.as_str().to_owned(),
        })
        .collect();
    for stored in entities {
        let class = match stored.entity.kind {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Group => "group",
            EntityKind::Location => "location",
        };
        let href = matches!(
            stored.entity.kind,
            EntityKind::Person | EntityKind::Organization
        )
        .then(|| entity_href(&stored.key));
        marks.extend(stored.entity.mentions.iter().map(|&(start, end)| Mark {
            start,
            end,
            class,
            href: href.clone(),
            title: stored.entity.name.clone(),
        }));
    }
    marks
}
