//! Events: stored as immutable versions; the `events` row projects the
//! current version into columns for search, its `fts` column included. A
//! review adds a version and moves the projection.

use chrono::NaiveDate;
use postgres::Row;
use postgres::types::ToSql;
use vigil_model::{Analysis, CharIndex, Event};
use vigil_store::indexing::{event_words, evidence_text, role_name};
use vigil_store::{
    DocumentId, EventId, EventVersion, Provenance, Review, ReviewAction, ReviewState, StoreError,
    StoredEvent, normalize_name,
};

use crate::convert::{Context, Result, from_json, index_text, to_json, to_u32};
use crate::entities::{LocalEntities, check_version};
use crate::pool::Db;

/// The columns an event's current version projects into, in the order of
/// [`Projection::values`].
const PROJECTED: &str = "kind, confidence, date_start, date_end, sort_date, country, place_key,
    place_name, lat, lon, fts";

/// The column values an event's current version projects into.
struct Projection {
    kind: &'static str,
    confidence: f64,
    date_start: Option<NaiveDate>,
    date_end: Option<NaiveDate>,
    sort_date: String,
    country: Option<String>,
    place_key: Option<String>,
    place_name: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    /// The text its full-text row is made of.
    text: String,
}

impl Projection {
    fn of(
        event: &Event,
        published: Option<NaiveDate>,
        local: &LocalEntities<'_>,
        report: &Report<'_>,
    ) -> Self {
        let date = event.date.as_ref();
        let start = date.and_then(|d| d.start);
        let end = date.and_then(|d| d.end.or(d.start));
        let place = event.place.as_ref();
        let entity = place
            .and_then(|p| p.entity.as_deref())
            .and_then(|id| local.get(id))
            .map(|(_, e)| *e);
        let place_name = place
            .and_then(|p| p.name.clone())
            .or_else(|| entity.map(|e| e.name.clone()));
        let country = place
            .and_then(|p| p.country.clone())
            .or_else(|| entity.and_then(|e| e.country.clone()));
        Self {
            kind: event.kind.as_str(),
            confidence: event.confidence,
            sort_date: start
                .or(published)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            date_start: start,
            date_end: end,
            country: country.map(|c| c.to_ascii_uppercase()),
            place_key: place_name.as_deref().map(normalize_name),
            place_name,
            lat: entity.and_then(|e| e.lat),
            lon: entity.and_then(|e| e.lon),
            text: index_text(&search_text(event, local, report)),
        }
    }

    /// The values of the [`PROJECTED`] columns, in order.
    fn values(&self) -> [&(dyn ToSql + Sync); 11] {
        [
            &self.kind,
            &self.confidence,
            &self.date_start,
            &self.date_end,
            &self.sort_date,
            &self.country,
            &self.place_key,
            &self.place_name,
            &self.lat,
            &self.lon,
            &self.text,
        ]
    }
}

/// `$from, …, to_tsvector(…, $to)`: placeholders of the [`PROJECTED`] columns.
fn projected_marks(from: usize) -> String {
    let mut marks: Vec<String> = (from..from + 10).map(|i| format!("${i}")).collect();
    marks.push(format!("to_tsvector('vigil_english', ${})", from + 10));
    marks.join(", ")
}

/// Adds an event row at version 1 with its projection; returns its row id.
fn insert_row(
    db: &mut Db<'_>,
    document: i64,
    local_id: &str,
    current: bool,
    review: ReviewState,
    p: &Projection,
) -> Result<i64> {
    let head: [&(dyn ToSql + Sync); 4] = [&document, &local_id, &current, &review.as_str()];
    let params: Vec<&(dyn ToSql + Sync)> = head.into_iter().chain(p.values()).collect();
    let row = db.query_one(
        &format!(
            "INSERT INTO events (document_id, local_id, current, review, current_version,
             {PROJECTED}) VALUES ($1, $2, $3, $4, 1, {}) RETURNING id",
            projected_marks(5)
        ),
        &params,
        "storing an event",
    )?;
    row.try_get(0).ctx("storing an event")
}

/// Stores every event of an analysis as version 1, `proposed`.
pub(crate) fn insert_all(
    db: &mut Db<'_>,
    document: i64,
    analysis: &Analysis,
    local: &LocalEntities<'_>,
    prov: &Provenance,
) -> Result<Vec<EventId>> {
    let events = &analysis.events;
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let published = analysis.document.published;
    let report = Report::of(&analysis.document);
    let p: Vec<Projection> = events
        .iter()
        .map(|event| Projection::of(event, published, local, &report))
        .collect();
    let local_ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let kinds: Vec<&str> = p.iter().map(|p| p.kind).collect();
    let confidences: Vec<f64> = p.iter().map(|p| p.confidence).collect();
    let starts: Vec<Option<NaiveDate>> = p.iter().map(|p| p.date_start).collect();
    let ends: Vec<Option<NaiveDate>> = p.iter().map(|p| p.date_end).collect();
    let sort_dates: Vec<&str> = p.iter().map(|p| p.sort_date.as_str()).collect();
    let countries: Vec<Option<&str>> = p.iter().map(|p| p.country.as_deref()).collect();
    let place_keys: Vec<Option<&str>> = p.iter().map(|p| p.place_key.as_deref()).collect();
    let place_names: Vec<Option<&str>> = p.iter().map(|p| p.place_name.as_deref()).collect();
    let lats: Vec<Option<f64>> = p.iter().map(|p| p.lat).collect();
    let lons: Vec<Option<f64>> = p.iter().map(|p| p.lon).collect();
    let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
    // One statement for the document's events, their ids drawn in the analysis's order.
    let rows = db.query(
        &format!(
            "INSERT INTO events (document_id, local_id, current, review, current_version,
             {PROJECTED})
             SELECT $1, l, true, 'proposed', 1, k, c, ds, de, sd, co, pk, pn, la, lo,
                    to_tsvector('vigil_english', tx)
             FROM unnest($2::text[], $3::text[], $4::float8[], $5::date[], $6::date[],
                         $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[],
                         $12::float8[], $13::text[]) WITH ORDINALITY
                  AS t(l, k, c, ds, de, sd, co, pk, pn, la, lo, tx, o)
             ORDER BY o
             RETURNING id, local_id"
        ),
        &[
            &document,
            &local_ids,
            &kinds,
            &confidences,
            &starts,
            &ends,
            &sort_dates,
            &countries,
            &place_keys,
            &place_names,
            &lats,
            &lons,
            &texts,
        ],
        "storing events",
    )?;
    let mut stored: std::collections::HashMap<String, i64> =
        std::collections::HashMap::with_capacity(rows.len());
    for r in rows {
        stored.insert(
            r.try_get(1).ctx("storing events")?,
            r.try_get(0).ctx("storing events")?,
        );
    }
    let mut ids = Vec::with_capacity(events.len());
    let mut data = Vec::with_capacity(events.len());
    let (mut who, mut what, mut roles) = (Vec::new(), Vec::new(), Vec::new());
    for event in events {
        let id = *stored
            .get(&event.id)
            .ok_or_else(|| StoreError::Corrupt(format!("event {} was not stored", event.id)))?;
        ids.push(id);
        data.push(to_json(event)?);
        for participant in &event.participants {
            if let Some((entity_id, _)) = participant.entity.as_deref().and_then(|e| local.get(e)) {
                who.push(*entity_id);
                what.push(id);
                roles.push(role_name(participant.role));
            }
        }
    }
    db.exec(
        "INSERT INTO event_versions (event_id, version, review, author, created_at, data)
         SELECT i, 1, 'proposed', $3, $4, d FROM unnest($1::bigint[], $2::text[]) AS t(i, d)",
        &[&ids, &data, &prov.author, &prov.at],
        "storing event versions",
    )?;
    if !who.is_empty() {
        db.exec(
            "INSERT INTO event_participants (entity_id, event_id, role)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])
             ON CONFLICT DO NOTHING",
            &[&who, &what, &roles],
            "storing participants",
        )?;
    }
    Ok(ids.into_iter().map(EventId).collect())
}

fn insert_version(
    db: &mut Db<'_>,
    id: i64,
    version: u32,
    review: ReviewState,
    prov: &Provenance,
    note: Option<&str>,
    event: &Event,
) -> Result<()> {
    let json = to_json(event)?;
    db.exec(
        "INSERT INTO event_versions (event_id, version, review, author, created_at, note, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &id,
            &i64::from(version),
            &review.as_str(),
            &prov.author,
            &prov.at,
            &note,
            &json,
        ],
        "storing an event version",
    )?;
    Ok(())
}

/// The report an event is indexed with: its text, a code-point index of it,
/// and its headline.
struct Report<'a> {
    text: &'a str,
    index: CharIndex,
    title: Option<&'a str>,
}

impl<'a> Report<'a> {
    fn of(document: &'a vigil_model::Document) -> Self {
        Self {
            text: &document.text,
            index: CharIndex::new(&document.text),
            title: document.title.as_deref(),
        }
    }
}

/// Writes who takes part in an event's current version.
fn insert_participants(
    db: &mut Db<'_>,
    id: i64,
    event: &Event,
    local: &LocalEntities<'_>,
) -> Result<()> {
    for participant in &event.participants {
        let Some((entity_id, _)) = participant.entity.as_deref().and_then(|e| local.get(e)) else {
            continue;
        };
        db.exec(
            "INSERT INTO event_participants (entity_id, event_id, role) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[entity_id, &id, &role_name(participant.role)],
            "storing a participant",
        )?;
    }
    Ok(())
}

/// What the full-text row of an event holds: its fields (type, trigger,
/// participants and their entities' names, place, charge, claim, penalty,
/// date), its evidence sentences and its report's headline.
fn search_text(event: &Event, local: &LocalEntities<'_>, report: &Report<'_>) -> String {
    let mut fields = vec![event.kind.as_str().to_owned(), event.trigger.text.clone()];
    for participant in &event.participants {
        fields.push(participant.text.clone());
        if let Some((_, entity)) = participant.entity.as_deref().and_then(|e| local.get(e)) {
            fields.push(entity.name.clone());
        }
    }
    fields.extend(event_words(event));
    fields.push(evidence_text(event, report.text, &report.index));
    if let Some(title) = report.title {
        fields.push(title.to_owned());
    }
    fields.join(" \n ")
}

/// The events of a stored document, in order.
pub(crate) fn ids_of_document(db: &mut Db<'_>, document: i64) -> Result<Vec<EventId>> {
    db.query(
        "SELECT id FROM events WHERE document_id = $1 ORDER BY id",
        &[&document],
        "listing a document's events",
    )?
    .iter()
    .map(|r| r.try_get(0).map(EventId).ctx("listing a document's events"))
    .collect()
}

/// The select list of a [`StoredEvent`] without its `FROM`, for search.
pub(crate) const EVENT_SELECT: &str = "e.id, d.doc_id, d.title, d.published, v.version,
    v.review, v.author, v.created_at, e.current, v.data";

/// The joins that [`EVENT_SELECT`] needs after `events e`.
pub(crate) const EVENT_JOINS: &str = "JOIN documents d ON d.id = e.document_id
    JOIN event_versions v ON v.event_id = e.id AND v.version = e.current_version";

/// Decodes the columns of [`EVENT_SELECT`], starting at `at`.
pub(crate) fn decode(r: &Row, at: usize) -> Result<StoredEvent> {
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            (
                r.try_get::<_, i64>(at)?,
                r.try_get::<_, String>(at + 1)?,
                r.try_get::<_, Option<String>>(at + 2)?,
                r.try_get::<_, Option<NaiveDate>>(at + 3)?,
                r.try_get::<_, i64>(at + 4)?,
            ),
            r.try_get::<_, String>(at + 5)?,
            Provenance {
                author: r.try_get(at + 6)?,
                at: r.try_get(at + 7)?,
            },
            r.try_get::<_, bool>(at + 8)?,
            r.try_get::<_, String>(at + 9)?,
        ))
    };
    let ((id, doc, title, published, version), review, provenance, current, data) =
        read().ctx("reading events")?;
    Ok(StoredEvent {
        id: EventId(id),
        document: DocumentId(doc),
        document_title: title,
        published,
        version: to_u32(version),
        review: parse_state(&review)?,
        provenance,
        current,
        event: from_json("event", data.as_bytes())?,
    })
}

fn parse_state(name: &str) -> Result<ReviewState> {
    ReviewState::parse(name).ok_or_else(|| StoreError::Corrupt(format!("review state {name:?}")))
}

fn query(db: &mut Db<'_>, filter: &str, param: &(dyn ToSql + Sync)) -> Result<Vec<StoredEvent>> {
    let sql = format!("SELECT {EVENT_SELECT} FROM events e {EVENT_JOINS} {filter}");
    db.query(&sql, &[param], "reading events")?
        .iter()
        .map(|r| decode(r, 0))
        .collect()
}

/// An event at its current version.
pub(crate) fn get(db: &mut Db<'_>, id: EventId) -> Result<Option<StoredEvent>> {
    Ok(query(db, "WHERE e.id = $1", &id.0)?.pop())
}

/// A document's events, in the analysis's order.
pub(crate) fn of_document(db: &mut Db<'_>, id: &DocumentId) -> Result<Vec<StoredEvent>> {
    query(db, "WHERE d.doc_id = $1 ORDER BY e.id", &id.as_str())
}

/// Twins of an event: same type, first day, place and country.
pub(crate) fn similar(db: &mut Db<'_>, id: EventId, limit: u32) -> Result<Vec<StoredEvent>> {
    let filter = format!(
        "WHERE e.id IN (SELECT o.id FROM events s JOIN events o
           ON o.kind = s.kind AND o.sort_date = to_char(s.date_start, 'YYYY-MM-DD')
           AND o.date_start = s.date_start
           AND o.place_key IS NOT DISTINCT FROM s.place_key
           AND o.country IS NOT DISTINCT FROM s.country
         WHERE s.id = $1 AND s.date_start IS NOT NULL
           AND (s.place_key IS NOT NULL OR s.country IS NOT NULL)
           AND o.current AND o.id <> s.id AND o.review <> 'rejected')
         ORDER BY e.id LIMIT {limit}"
    );
    query(db, &filter, &id.0)
}

/// Every version of an event, oldest first.
pub(crate) fn history(db: &mut Db<'_>, id: EventId) -> Result<Vec<EventVersion>> {
    let rows = db.query(
        "SELECT version, review, author, created_at, note, data FROM event_versions
         WHERE event_id = $1 ORDER BY version",
        &[&id.0],
        "reading an event's history",
    )?;
    rows.iter()
        .map(|r| {
            let read = || -> std::result::Result<_, postgres::Error> {
                Ok((
                    r.try_get::<_, i64>(0)?,
                    r.try_get::<_, String>(1)?,
                    Provenance {
                        author: r.try_get(2)?,
                        at: r.try_get(3)?,
                    },
                    r.try_get::<_, Option<String>>(4)?,
                    r.try_get::<_, String>(5)?,
                ))
            };
            let (version, review, provenance, note, data) =
                read().ctx("reading an event's history")?;
            Ok(EventVersion {
                id,
                version: to_u32(version),
                review: parse_state(&review)?,
                provenance,
                note,
                event: from_json("event", data.as_bytes())?,
            })
        })
        .collect()
}

/// Adds a review version and moves the projection to it.
pub(crate) fn review(db: &mut Db<'_>, id: EventId, review: &Review) -> Result<EventVersion> {
    let current = get(db, id)?.ok_or_else(|| StoreError::NotFound {
        what: "event",
        id: id.to_string(),
    })?;
    check_version(
        "event",
        &id.to_string(),
        review.expected_version,
        current.version,
    )?;
    let event = match &review.action {
        ReviewAction::Edit(edited) => Event {
            id: current.event.id.clone(),
            ..(**edited).clone()
        },
        ReviewAction::Accept | ReviewAction::Reject => current.event.clone(),
    };
    let version = current.version + 1;
    let state = review.action.state();
    insert_version(
        db,
        id.0,
        version,
        state,
        &review.provenance,
        review.note.as_deref(),
        &event,
    )?;
    db.exec(
        "UPDATE events SET current_version = $2, review = $3 WHERE id = $1",
        &[&id.0, &i64::from(version), &state.as_str()],
        "recording a review",
    )?;
    if matches!(review.action, ReviewAction::Edit(_)) {
        reproject(db, id.0, &event)?;
    }
    Ok(EventVersion {
        id,
        version,
        review: state,
        provenance: review.provenance.clone(),
        note: review.note.clone(),
        event,
    })
}

/// Splits an event in two in one transaction: `review` (an edit) makes its
/// next version the first part, and `second` becomes a new event of the same
/// report, version 1 `edited`, by the same reviewer with the same note.
pub(crate) fn split(
    db: &mut Db<'_>,
    id: EventId,
    review: &Review,
    second: &Event,
) -> Result<[EventVersion; 2]> {
    if !matches!(review.action, ReviewAction::Edit(_)) {
        return Err(StoreError::Refused(
            "a split edits the event into its first part".to_owned(),
        ));
    }
    let first = self::review(db, id, review)?;
    let row = db.query_one(
        "SELECT e.document_id, e.local_id, e.current, d.published
         FROM events e JOIN documents d ON d.id = e.document_id WHERE e.id = $1",
        &[&id.0],
        "reading the event to split",
    )?;
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            row.try_get::<_, i64>(0)?,
            row.try_get::<_, String>(1)?,
            row.try_get::<_, bool>(2)?,
            row.try_get::<_, Option<NaiveDate>>(3)?,
        ))
    };
    let (document, local_id, current, published) = read().ctx("reading the event to split")?;
    let event = Event {
        id: free_local_id(db, document, &local_id)?,
        ..second.clone()
    };
    let analysis = crate::documents::analysis_by_rowid(db, document)?;
    let local = document_entities(db, document, &analysis)?;
    let p = Projection::of(&event, published, &local, &Report::of(&analysis.document));
    let state = ReviewState::Edited;
    let new_id = insert_row(db, document, &event.id, current, state, &p)?;
    let note = review.note.as_deref();
    insert_version(db, new_id, 1, state, &review.provenance, note, &event)?;
    insert_participants(db, new_id, &event, &local)?;
    let second = EventVersion {
        id: EventId(new_id),
        version: 1,
        review: state,
        provenance: review.provenance.clone(),
        note: review.note.clone(),
        event,
    };
    Ok([first, second])
}

/// `e1.2`, `e1.3`, …: the first local id after `local_id` not used in the document.
fn free_local_id(db: &mut Db<'_>, document: i64, local_id: &str) -> Result<String> {
    for n in 2.. {
        let candidate = format!("{local_id}.{n}");
        let taken = db
            .query_opt(
                "SELECT 1 FROM events WHERE document_id = $1 AND local_id = $2",
                &[&document, &candidate],
                "choosing an event id",
            )?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    Err(StoreError::Refused("no free event id".to_owned()))
}

/// After an edit: the filter columns, participants and text index follow the new fields.
fn reproject(db: &mut Db<'_>, id: i64, event: &Event) -> Result<()> {
    let row = db.query_one(
        "SELECT d.id, d.published FROM events e JOIN documents d ON d.id = e.document_id
         WHERE e.id = $1",
        &[&id],
        "reading an event's document",
    )?;
    let document: i64 = row.try_get(0).ctx("reading an event's document")?;
    let published: Option<NaiveDate> = row.try_get(1).ctx("reading an event's document")?;
    let analysis = crate::documents::analysis_by_rowid(db, document)?;
    let local = document_entities(db, document, &analysis)?;
    let p = Projection::of(event, published, &local, &Report::of(&analysis.document));
    let head: [&(dyn ToSql + Sync); 1] = [&id];
    let params: Vec<&(dyn ToSql + Sync)> = head.into_iter().chain(p.values()).collect();
    db.exec(
        &format!(
            "UPDATE events SET ({PROJECTED}) = ({}) WHERE id = $1",
            projected_marks(2)
        ),
        &params,
        "re-projecting an event",
    )?;
    db.exec(
        "DELETE FROM event_participants WHERE event_id = $1",
        &[&id],
        "re-projecting an event",
    )?;
    insert_participants(db, id, event, &local)
}

/// Rewrites the text index rows of a document's events from their current
/// versions (after a load).
pub(crate) fn reindex(db: &mut Db<'_>, document: i64) -> Result<()> {
    let rows = db.query(
        "SELECT e.id, v.data FROM events e JOIN event_versions v
         ON v.event_id = e.id AND v.version = e.current_version
         WHERE e.document_id = $1 ORDER BY e.id",
        &[&document],
        "re-indexing events",
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let analysis = crate::documents::analysis_by_rowid(db, document)?;
    let local = document_entities(db, document, &analysis)?;
    let report = Report::of(&analysis.document);
    for r in rows {
        let id: i64 = r.try_get(0).ctx("re-indexing events")?;
        let data: String = r.try_get(1).ctx("re-indexing events")?;
        let event: Event = from_json("event", data.as_bytes())?;
        let text = index_text(&search_text(&event, &local, &report));
        db.exec(
            "UPDATE events SET fts = to_tsvector('vigil_english', $2) WHERE id = $1",
            &[&id, &text],
            "re-indexing events",
        )?;
    }
    Ok(())
}

/// The document's stored entity row ids by local id, with the analysis's entities.
fn document_entities<'a>(
    db: &mut Db<'_>,
    document: i64,
    analysis: &'a Analysis,
) -> Result<LocalEntities<'a>> {
    let rows = db.query(
        "SELECT local_id, id FROM entities WHERE document_id = $1",
        &[&document],
        "finding an entity",
    )?;
    let mut stored = std::collections::HashMap::with_capacity(rows.len());
    for r in rows {
        let local_id: String = r.try_get(0).ctx("finding an entity")?;
        let id: i64 = r.try_get(1).ctx("finding an entity")?;
        stored.insert(local_id, id);
    }
    let mut local = LocalEntities::new();
    for entity in &analysis.entities {
        if let Some(id) = stored.get(&entity.id) {
            local.insert(entity.id.as_str(), (*id, entity));
        }
    }
    Ok(local)
}
