//! People and incidents across reports: the person page (aliases, relatives and
//! organisations, a timeline of every incident), the incident page (every source),
//! their JSON under `/api/v1`, and a reviewer's merge and split of either.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Redirect;
use chrono::{NaiveDate, Utc};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use vigil_model::{EntityKind, EventType, RelationKind};
use vigil_store::{
    ClusterId, DocumentId, EventId, LinkKind, LinkState, Provenance, Store, StoredEntity,
    StoredEvent, StoredLink,
};

use crate::auth::{CSRF_FIELD, Viewer};
use crate::pages::layout::{date_text, document_href, page, place_text, type_badge};
use crate::{AppError, AppState};

/// The page of a person or an incident.
pub fn cluster_href(kind: LinkKind, id: ClusterId) -> String {
    match kind {
        LinkKind::Person => format!("/people/{id}"),
        LinkKind::Incident => format!("/incidents/{id}"),
    }
}

fn cluster_id(text: &str) -> Result<ClusterId, AppError> {
    text.parse::<i64>()
        .map(ClusterId)
        .map_err(|_| AppError::bad_parameter("id", "expected a number"))
}

/// The incident an event belongs to now, if the resolver or a reviewer put it in one.
pub fn incident_of(store: &dyn Store, event: EventId) -> vigil_store::Result<Option<ClusterId>> {
    Ok(store
        .links_of(LinkKind::Incident, &[event.0])?
        .into_iter()
        .find(|l| l.state.is_member())
        .map(|l| l.target))
}

/// The person each of these entities is, where one is linked.
pub fn people_of(
    store: &dyn Store,
    entities: &[i64],
) -> vigil_store::Result<HashMap<i64, ClusterId>> {
    Ok(store
        .links_of(LinkKind::Person, entities)?
        .into_iter()
        .filter(|l| l.state.is_member())
        .map(|l| (l.subject, l.target))
        .collect())
}

/// One incident of a timeline, or one incident's summary.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    /// The incident; `None` for an event the resolver has not placed yet.
    pub id: Option<ClusterId>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The earliest day its events give.
    pub date: Option<NaiveDate>,
    /// Where, as its first event says.
    pub place: String,
    /// Its current events, oldest first.
    pub events: Vec<EventId>,
    /// The reports that tell of it.
    pub sources: usize,
    /// A line to show: type, date and place of its first event.
    #[serde(skip)]
    label: String,
    #[serde(skip)]
    first: EventId,
}

/// The incidents of these events, in date order, each with its number of sources.
pub fn incident_rows(
    store: &dyn Store,
    events: &[StoredEvent],
) -> vigil_store::Result<Vec<IncidentRow>> {
    let ids: Vec<i64> = events.iter().map(|e| e.id.0).collect();
    let of: HashMap<i64, ClusterId> = store
        .links_of(LinkKind::Incident, &ids)?
        .into_iter()
        .filter(|l| l.state.is_member())
        .map(|l| (l.subject, l.target))
        .collect();
    let mut rows: Vec<IncidentRow> = Vec::new();
    let mut index: HashMap<ClusterId, usize> = HashMap::new();
    for e in events {
        let incident = of.get(&e.id.0).copied();
        if let Some(&i) = incident.and_then(|c| index.get(&c)) {
            continue_row(&mut rows[i], e);
            continue;
        }
        let sources = match incident {
            Some(c) => {
                let all = store.cluster_events(LinkKind::Incident, c)?;
                let mut docs: Vec<&DocumentId> = all.iter().map(|x| &x.document).collect();
                docs.sort();
                docs.dedup();
                docs.len()
            }
            None => 1,
        };
        if let Some(c) = incident {
            index.insert(c, rows.len());
        }
        rows.push(IncidentRow {
            id: incident,
            kind: e.event.kind,
            date: e.event.date.as_ref().and_then(|d| d.start),
            place: place_text(e),
            events: vec![e.id],
            sources,
            label: format!("{} {}", date_text(e), place_text(e)),
            first: e.id,
        });
    }
    rows.sort_by_key(|r| (r.date.is_none(), r.date, r.first));
    Ok(rows)
}

fn continue_row(row: &mut IncidentRow, e: &StoredEvent) {
    row.events.push(e.id);
    let day = e.event.date.as_ref().and_then(|d| d.start);
    if day.is_some() && (row.date.is_none() || day < row.date) {
        row.date = day;
    }
    if row.place.is_empty() {
        row.place = place_text(e);
    }
}

/// Everything a person's page shows.
#[derive(Debug, Serialize)]
pub struct PersonView {
    /// The person.
    pub id: ClusterId,
    /// The name most reports use.
    pub name: String,
    /// Every spelling, with how many reports use it, most used first.
    pub aliases: Vec<Alias>,
    /// The reports' person entities it gathers, with how each was linked.
    pub mentions: Vec<Mention>,
    /// Relatives and organisations as the reports state them.
    pub relations: Vec<Relation>,
    /// Every incident the person appears in, in date order.
    pub incidents: Vec<IncidentRow>,
    /// Other people's mentions that may be this person, for a reviewer.
    pub proposals: Vec<Mention>,
}

/// A spelling of a person's name.
#[derive(Debug, Serialize)]
pub struct Alias {
    /// The name as printed.
    pub name: String,
    /// How many of the person's report entities print it so.
    pub reports: usize,
}

/// A person entity of one report within a person.
#[derive(Debug, Serialize)]
pub struct Mention {
    /// The entity.
    pub entity: i64,
    /// Its name as printed.
    pub name: String,
    /// Its report.
    pub document: DocumentId,
    /// That report's headline, else its address.
    pub title: String,
    /// The person it belongs to now (for a proposal: not this one).
    pub person: Option<ClusterId>,
    /// The link's state, rule, score, author and time.
    pub state: LinkState,
    /// What made the link.
    pub rule: String,
    /// The resolver's score.
    pub score: Option<f64>,
    /// Who made the link, when.
    pub provenance: Provenance,
}

/// A relative or an organisation of the person.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    /// `member of`, `spouse`…
    pub kind: String,
    /// The other's name.
    pub name: String,
    /// The other's person page, when it is a linked person.
    pub person: Option<ClusterId>,
}

fn relation_name(kind: RelationKind) -> String {
    format!("{kind:?}")
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                vec![' ', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Loads a person; `None` when no entity is in it now.
pub fn person(store: &dyn Store, id: ClusterId) -> vigil_store::Result<Option<PersonView>> {
    let links = store.cluster_links(LinkKind::Person, id)?;
    let members: Vec<&StoredLink> = links.iter().filter(|l| l.state.is_member()).collect();
    if members.is_empty() {
        return Ok(None);
    }
    let mut mentions = Vec::new();
    let mut relations = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut docs: HashMap<DocumentId, Vec<StoredEntity>> = HashMap::new();
    for l in &members {
        let Some(entity) = store.get_entity(vigil_store::EntityId(l.subject))? else {
            continue;
        };
        if !docs.contains_key(&entity.document) {
            let all = store.document_entities(&entity.document)?;
            docs.insert(entity.document.clone(), all);
        }
        let in_doc = docs.get(&entity.document).map_or(&[][..], Vec::as_slice);
        let ids: Vec<i64> = in_doc.iter().map(|e| e.id.0).collect();
        let persons = people_of(store, &ids)?;
        let local = |local: &str| in_doc.iter().find(|e| e.entity.id == local);
        for r in &entity.entity.relations {
            if let Some(other) = local(&r.target) {
                relations.push(Relation {
                    kind: relation_name(r.kind),
                    name: other.entity.name.clone(),
                    person: persons.get(&other.id.0).copied().filter(|p| *p != id),
                });
            }
        }
        for other in in_doc
            .iter()
            .filter(|o| o.entity.kind == EntityKind::Person)
        {
            for r in other
                .entity
                .relations
                .iter()
                .filter(|r| r.target == entity.entity.id)
            {
                if matches!(
                    r.kind,
                    RelationKind::Spouse
                        | RelationKind::Parent
                        | RelationKind::Child
                        | RelationKind::Sibling
                        | RelationKind::Relative
                ) {
                    relations.push(Relation {
                        kind: format!("{} (of)", relation_name(r.kind)),
                        name: other.entity.name.clone(),
                        person: persons.get(&other.id.0).copied().filter(|p| *p != id),
                    });
                }
            }
        }
        *names.entry(entity.entity.name.clone()).or_default() += 1;
        mentions.push(Mention {
            entity: entity.id.0,
            name: entity.entity.name.clone(),
            title: title_of(store, &entity.document)?,
            document: entity.document.clone(),
            person: Some(id),
            state: l.state,
            rule: l.rule.clone(),
            score: l.score,
            provenance: l.provenance.clone(),
        });
    }
    relations.sort();
    relations.dedup();
    let mut aliases: Vec<Alias> = names
        .into_iter()
        .map(|(name, reports)| Alias { name, reports })
        .collect();
    aliases.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.name.cmp(&b.name)));
    let mut proposals = Vec::new();
    for l in links.iter().filter(|l| l.state == LinkState::Proposed) {
        if let Some(entity) = store.get_entity(vigil_store::EntityId(l.subject))? {
            proposals.push(Mention {
                entity: entity.id.0,
                name: entity.entity.name.clone(),
                title: title_of(store, &entity.document)?,
                document: entity.document.clone(),
                person: people_of(store, &[entity.id.0])?.get(&entity.id.0).copied(),
                state: l.state,
                rule: l.rule.clone(),
                score: l.score,
                provenance: l.provenance.clone(),
            });
        }
    }
    let events = store.cluster_events(LinkKind::Person, id)?;
    let events: Vec<StoredEvent> = events
        .into_iter()
        .filter(|e| e.review != vigil_store::ReviewState::Rejected)
        .collect();
    Ok(Some(PersonView {
        id,
        name: aliases.first().map(|a| a.name.clone()).unwrap_or_default(),
        aliases,
        mentions,
        relations,
        incidents: incident_rows(store, &events)?,
        proposals,
    }))
}

fn title_of(store: &dyn Store, id: &DocumentId) -> vigil_store::Result<String> {
    Ok(store
        .get_document(id)?
        .map(|d| d.document.title.clone().unwrap_or(d.locator))
        .unwrap_or_else(|| id.to_string()))
}

/// Everything an incident's page shows.
#[derive(Debug, Serialize)]
pub struct IncidentView {
    /// The incident.
    pub id: ClusterId,
    /// Its events, one or more per report, oldest first.
    pub events: Vec<StoredEvent>,
    /// How each event was linked.
    pub links: Vec<StoredLink>,
    /// The reports that tell of it.
    pub sources: usize,
}

/// Loads an incident; `None` when no current event is in it.
pub fn incident(store: &dyn Store, id: ClusterId) -> vigil_store::Result<Option<IncidentView>> {
    let events = store.cluster_events(LinkKind::Incident, id)?;
    if events.is_empty() {
        return Ok(None);
    }
    let links = store.cluster_links(LinkKind::Incident, id)?;
    let mut docs: Vec<&DocumentId> = events.iter().map(|e| &e.document).collect();
    docs.sort();
    docs.dedup();
    let sources = docs.len();
    Ok(Some(IncidentView {
        id,
        events,
        links,
        sources,
    }))
}

/// `GET /people/{id}`.
pub async fn person_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = cluster_id(&id)?;
    let view = state
        .call(move |store| person(store, id))
        .await?
        .ok_or_else(|| AppError::not_found(format!("person {id}")))?;
    let title = view.name.clone();
    Ok(page(&viewer, &title, person_body(&view, &viewer)))
}

fn timeline(rows: &[IncidentRow]) -> Markup {
    html! {
        table.events.timeline {
            thead { tr { th { "When and where" } th { "Type" } th { "Reports" } th { "Incident" } } }
            tbody {
                @for r in rows {
                    tr {
                        td { a href={ "/events/" (r.first) } { (r.label) } }
                        td { (type_badge(r.kind)) }
                        td.sources { (r.sources) }
                        td { @if let Some(i) = r.id { a href=(cluster_href(LinkKind::Incident, i)) { "#" (i) } } @else { "—" } }
                    }
                }
            }
        }
    }
}

fn person_body(view: &PersonView, viewer: &Viewer) -> Markup {
    html! {
        h1 { (view.name) }
        dl.facts {
            dt { "Names" } dd.aliases { @for (i, a) in view.aliases.iter().enumerate() { @if i > 0 { " · " } span.alias { (a.name) } span.muted { " (" (a.reports) ")" } } }
            dt { "Relatives and organisations" } dd {
                @if view.relations.is_empty() { "none reported" }
                ul.plain { @for r in &view.relations { li { (r.kind) ": " @if let Some(p) = r.person { a href=(cluster_href(LinkKind::Person, p)) { (r.name) } } @else { (r.name) } } } }
            }
        }
        h2 { "Timeline: " (view.incidents.len()) " incidents" }
        (timeline(&view.incidents))
        h2 { "Reports (" (view.mentions.len()) ")" }
        @if viewer.can_edit() {
            form.split method="post" action={ (cluster_href(LinkKind::Person, view.id)) "/split" } {
                input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
                ul.plain { @for m in &view.mentions {
                    li { label { input type="checkbox" name="subject" value=(m.entity); " " (m.name) " — " a href=(document_href(m.document.as_str())) { (m.title) } span.muted { " · " (m.state.as_str()) " by " (m.provenance.author) @if let Some(s) = m.score { " · score " (format!("{s:.2}")) } } } }
                } }
                input type="text" name="note" placeholder="note";
                button type="submit" { "Split the ticked reports off into another person" }
            }
            (merge_form(LinkKind::Person, view.id, viewer))
            @if !view.proposals.is_empty() {
                h2 { "May be the same person" }
                ul.plain { @for m in &view.proposals {
                    li { (m.name) " — " a href=(document_href(m.document.as_str())) { (m.title) }
                        @if let Some(s) = m.score { span.muted { " · score " (format!("{s:.2}")) } }
                        @if let Some(p) = m.person {
                            " · " a href=(cluster_href(LinkKind::Person, p)) { "person #" (p) }
                            form.inline method="post" action={ (cluster_href(LinkKind::Person, view.id)) "/merge" } {
                                input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
                                input type="hidden" name="other" value=(p);
                                button type="submit" { "Merge into this person" }
                            }
                        }
                    }
                } }
            }
        } @else {
            ul { @for m in &view.mentions { li { (m.name) " — " a href=(document_href(m.document.as_str())) { (m.title) } } } }
        }
    }
}

fn merge_form(kind: LinkKind, id: ClusterId, viewer: &Viewer) -> Markup {
    let what = match kind {
        LinkKind::Person => "person",
        LinkKind::Incident => "incident",
    };
    html! {
        form.merge method="post" action={ (cluster_href(kind, id)) "/merge" } {
            input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
            label { "Merge " (what) " number " input type="number" name="other" min="1" required; " into this one" }
            " " input type="text" name="note" placeholder="note";
            button type="submit" { "Merge" }
        }
    }
}

/// `GET /incidents/{id}`.
pub async fn incident_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = cluster_id(&id)?;
    let view = state
        .call(move |store| incident(store, id))
        .await?
        .ok_or_else(|| AppError::not_found(format!("incident {id}")))?;
    let first = view
        .events
        .first()
        .ok_or_else(|| AppError::internal("an incident without events"))?;
    let title = format!(
        "{} {} {}",
        first.event.kind.as_str(),
        date_text(first),
        place_text(first)
    );
    Ok(page(&viewer, &title, incident_body(&view, &viewer)))
}

fn incident_body(view: &IncidentView, viewer: &Viewer) -> Markup {
    let first = &view.events[0];
    html! {
        h1 { (type_badge(first.event.kind)) " " (date_text(first)) " " (place_text(first)) }
        p.sources-count { "Told by " strong { (view.sources) } " reports, in " (view.events.len()) " events." }
        @if viewer.can_edit() {
            form.split method="post" action={ (cluster_href(LinkKind::Incident, view.id)) "/split" } {
                input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
                (incident_sources(view, true))
                input type="text" name="note" placeholder="note";
                button type="submit" { "Split the ticked events off into another incident" }
            }
            (merge_form(LinkKind::Incident, view.id, viewer))
        } @else {
            (incident_sources(view, false))
        }
    }
}

fn incident_sources(view: &IncidentView, boxes: bool) -> Markup {
    html! {
        table.events.sources {
            thead { tr { @if boxes { th {} } th { "Report" } th { "Published" } th { "Event" } th { "Count" } th { "Linked" } } }
            tbody {
                @for e in &view.events {
                    @let link = view.links.iter().find(|l| l.subject == e.id.0 && l.state.is_member());
                    tr {
                        @if boxes { td { input type="checkbox" name="subject" value=(e.id); } }
                        td { a href=(document_href(e.document.as_str())) { (e.document_title.as_deref().unwrap_or(e.document.as_str())) } }
                        td { @if let Some(p) = e.published { (p) } }
                        td { a href={ "/events/" (e.id) } { (e.event.kind.as_str()) " " (date_text(e)) " " (place_text(e)) } }
                        td { (e.event.participants.iter().filter_map(|p| p.count.as_ref()).map(|c| c.text.clone()).collect::<Vec<_>>().join(", ")) }
                        td.muted { @if let Some(l) = link { (l.state.as_str()) " by " (l.provenance.author) } }
                    }
                }
            }
        }
    }
}

/// A merge as a form or JSON body.
#[derive(Debug, Deserialize)]
pub struct MergeBody {
    /// The person or incident merged into the one in the path.
    pub other: i64,
    /// A reviewer's remark.
    #[serde(default)]
    pub note: Option<String>,
}

/// A split as JSON: the entity ids (people) or event ids (incidents) to move out.
#[derive(Debug, Deserialize)]
pub struct SplitBody {
    /// What moves out.
    pub subjects: Vec<i64>,
    /// A reviewer's remark.
    #[serde(default)]
    pub note: Option<String>,
}

fn note(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

async fn do_merge(
    state: &AppState,
    viewer: &Viewer,
    kind: LinkKind,
    keep: ClusterId,
    body: MergeBody,
) -> Result<(), AppError> {
    let who = Provenance::user(&viewer.author()?, Utc::now());
    let other = ClusterId(body.other);
    let note = note(body.note);
    state
        .call(move |store| store.merge_clusters(kind, keep, other, &who, note.as_deref()))
        .await?;
    state.caches.invalidate();
    Ok(())
}

async fn do_split(
    state: &AppState,
    viewer: &Viewer,
    kind: LinkKind,
    id: ClusterId,
    body: SplitBody,
) -> Result<ClusterId, AppError> {
    let who = Provenance::user(&viewer.author()?, Utc::now());
    let note = note(body.note);
    let moved = state
        .call(move |store| store.split_cluster(kind, id, &body.subjects, &who, note.as_deref()))
        .await?;
    state.caches.invalidate();
    Ok(moved)
}

/// The split form: `subject` repeated, as checkboxes post it.
fn split_form(body: &[u8]) -> Result<SplitBody, AppError> {
    let mut subjects = Vec::new();
    let mut note = None;
    for (key, value) in form_urlencoded(body)? {
        match key.as_str() {
            "subject" => subjects.push(
                value
                    .parse::<i64>()
                    .map_err(|_| AppError::bad_parameter("subject", "expected a number"))?,
            ),
            "note" => note = Some(value),
            _ => {}
        }
    }
    Ok(SplitBody { subjects, note })
}

fn form_urlencoded(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes(body).map_err(|err| AppError::bad_parameter("form", err))
}

fn merge_form_body(body: &[u8]) -> Result<MergeBody, AppError> {
    let mut other = None;
    let mut note = None;
    for (key, value) in form_urlencoded(body)? {
        match key.as_str() {
            "other" => other = value.trim().parse::<i64>().ok(),
            "note" => note = Some(value),
            _ => {}
        }
    }
    let other = other.ok_or_else(|| AppError::bad_parameter("other", "expected a number"))?;
    Ok(MergeBody { other, note })
}

/// `POST /people/{id}/merge`, `POST /incidents/{id}/merge` (a form).
pub async fn merge_page(
    kind: LinkKind,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let id = cluster_id(&id)?;
    do_merge(&state, &viewer, kind, id, merge_form_body(&body)?).await?;
    Ok(Redirect::to(&cluster_href(kind, id)))
}

/// `POST /people/{id}/split`, `POST /incidents/{id}/split` (a form).
pub async fn split_page(
    kind: LinkKind,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let id = cluster_id(&id)?;
    let moved = do_split(&state, &viewer, kind, id, split_form(&body)?).await?;
    Ok(Redirect::to(&cluster_href(kind, moved)))
}

/// `GET /api/v1/people/{id}`: the aliases, relations, mentions and incidents.
pub async fn person_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PersonView>, AppError> {
    let id = cluster_id(&id)?;
    state
        .call(move |store| person(store, id))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(format!("person {id}")))
}

/// `GET /api/v1/incidents/{id}`: the events of every source.
pub async fn incident_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<IncidentView>, AppError> {
    let id = cluster_id(&id)?;
    state
        .call(move |store| incident(store, id))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(format!("incident {id}")))
}

fn json_body<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|err| AppError::bad_parameter("body", err))
}

/// `POST /api/v1/{people|incidents}/{id}/merge` with `{"other": id, "note": …}`.
pub async fn merge_json(
    kind: LinkKind,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = cluster_id(&id)?;
    do_merge(&state, &viewer, kind, id, json_body(&body)?).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// `POST /api/v1/{people|incidents}/{id}/split` with `{"subjects": [ids], "note": …}`.
pub async fn split_json(
    kind: LinkKind,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = cluster_id(&id)?;
    let moved = do_split(&state, &viewer, kind, id, json_body(&body)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "moved_to": moved })),
    ))
}
