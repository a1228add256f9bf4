//! Events: stored as immutable versions; the `events` row projects the
//! current version into columns for search. A review adds a version and
//! moves the projection.

use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};
use vigil_model::{Analysis, CharIndex, Event};
use vigil_store::indexing::{event_words, evidence_text, role_name};
use vigil_store::{
    DocumentId, EventId, EventVersion, Provenance, Review, ReviewAction, ReviewState, StoreError,
    StoredEvent, normalize_name,
};

use crate::convert::{
    Context, Result, date_from_sql, from_json, provenance, time_to_sql, to_json, to_u32,
};
use crate::entities::{LocalEntities, check_version};

/// The columns an event's current version projects into, in the order of
/// [`Projection::values`].
const PROJECTED: &str =
    "kind, confidence, date_start, date_end, sort_date, country, place_key, place_name, lat, lon";

/// The column values an event's current version projects into.
struct Projection {
    kind: &'static str,
    confidence: f64,
    date_start: Option<String>,
    date_end: Option<String>,
    sort_date: String,
    country: Option<String>,
    place_key: Option<String>,
    place_name: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

impl Projection {
    fn of(event: &Event, published: Option<String>, local: &LocalEntities<'_>) -> Self {
        let date = event.date.as_ref();
        let start = date.and_then(|d| d.start).map(|d| d.to_string());
        let end = date.and_then(|d| d.end.or(d.start)).map(|d| d.to_string());
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
            sort_date: start.clone().or(published).unwrap_or_default(),
            date_start: start,
            date_end: end,
            country: country.map(|c| c.to_ascii_uppercase()),
            place_key: place_name.as_deref().map(normalize_name),
            place_name,
            lat: entity.and_then(|e| e.lat),
            lon: entity.and_then(|e| e.lon),
        }
    }

    /// The values of the [`PROJECTED`] columns, in order.
    fn values(&self) -> [&dyn ToSql; 10] {
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
        ]
    }
}

/// Adds an event row at version 1 with its projection; returns its row id.
fn insert_row(
    conn: &Connection,
    document: i64,
    local_id: &str,
    current: bool,
    review: ReviewState,
    p: &Projection,
) -> Result<i64> {
    let head: [&dyn ToSql; 4] = [&document, &local_id, &current, &review.as_str()];
    conn.prepare_cached(&format!(
        "INSERT INTO events (document_id, local_id, current, review, current_version, {PROJECTED})
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))
    .and_then(|mut s| {
        s.execute(rusqlite::params_from_iter(
            head.into_iter().chain(p.values()),
        ))
    })
    .ctx("storing an event")?;
    Ok(conn.last_insert_rowid())
}

/// Stores every event of an analysis as version 1, `proposed`.
pub(crate) fn insert_all(
    conn: &Connection,
    document: i64,
    analysis: &Analysis,
    local: &LocalEntities<'_>,
    prov: &Provenance,
) -> Result<Vec<EventId>> {
    let published = analysis.document.published.map(|d| d.to_string());
    let report = Report::of(&analysis.document);
    let mut ids = Vec::with_capacity(analysis.events.len());
    for event in &analysis.events {
        let p = Projection::of(event, published.clone(), local);
        let id = insert_row(conn, document, &event.id, true, ReviewState::Proposed, &p)?;
        insert_version(conn, id, 1, ReviewState::Proposed, prov, None, event)?;
        index_event(conn, id, event, local, &report)?;
        ids.push(EventId(id));
    }
    Ok(ids)
}

fn insert_version(
    conn: &Connection,
    id: i64,
    version: u32,
    review: ReviewState,
    prov: &Provenance,
    note: Option<&str>,
    event: &Event,
) -> Result<()> {
    let json = to_json(event)?;
    conn.prepare_cached(
        "INSERT INTO event_versions (event_id, version, review, author, created_at, note, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            id,
            version,
            review.as_str(),
            prov.author,
            time_to_sql(&prov.at),
            note,
            json
        ])
    })
    .ctx("storing an event version")?;
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

/// Writes the participants and the full-text row of an event's current
/// version: its fields, and its evidence sentences with the report's headline.
fn index_event(
    conn: &Connection,
    id: i64,
    event: &Event,
    local: &LocalEntities<'_>,
    report: &Report<'_>,
) -> Result<()> {
    let (text, index, title) = (report.text, &report.index, report.title);
    let mut fields = vec![event.kind.as_str().to_owned(), event.trigger.text.clone()];
    for participant in &event.participants {
        fields.push(participant.text.clone());
        let Some((entity_id, entity)) = participant.entity.as_deref().and_then(|e| local.get(e))
        else {
            continue;
        };
        fields.push(entity.name.clone());
        conn.prepare_cached(
            "INSERT OR IGNORE INTO event_participants (entity_id, event_id, role) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut s| s.execute(params![entity_id, id, role_name(participant.role)]))
        .ctx("storing a participant")?;
    }
    fields.extend(event_words(event));
    let mut evidence = evidence_text(event, text, index);
    if let Some(title) = title {
        evidence.push_str(" \n ");
        evidence.push_str(title);
    }
    let facets = facet_tokens(event, local);
    conn.prepare_cached(
        "INSERT INTO event_fts (rowid, fields, evidence, facets) VALUES (?1, ?2, ?3, ?4)",
    )
    .and_then(|mut s| s.execute(params![id, fields.join(" \n "), evidence, facets]))
    .ctx("indexing an event")?;
    Ok(())
}

/// The type and country of an event as full-text tokens (`tdetention ckg`).
fn facet_tokens(event: &Event, local: &LocalEntities<'_>) -> String {
    let country = Projection::of(event, None, local).country;
    let mut tokens = crate::search::type_token(event.kind.as_str());
    if let Some(country) = country {
        tokens.push(' ');
        tokens.push_str(&crate::search::country_token(&country));
    }
    tokens
}

/// The current events of a stored document, in order.
pub(crate) fn ids_of_document(conn: &Connection, document: i64) -> Result<Vec<EventId>> {
    conn.prepare_cached("SELECT id FROM events WHERE document_id = ?1 ORDER BY id")
        .and_then(|mut s| {
            s.query_map([document], |r| r.get(0).map(EventId))?
                .collect()
        })
        .ctx("listing a document's events")
}

/// The select list and joins of a [`StoredEvent`], for any filter.
pub(crate) const EVENT_COLUMNS: &str = "e.id, d.doc_id, d.title, d.published, v.version,
    v.review, v.author, v.created_at, e.current, v.data
    FROM events e JOIN documents d ON d.id = e.document_id
    JOIN event_versions v ON v.event_id = e.id AND v.version = e.current_version";

/// The select list of a [`StoredEvent`] without its `FROM`, for search.
pub(crate) const EVENT_SELECT: &str = "e.id, d.doc_id, d.title, d.published, v.version,
    v.review, v.author, v.created_at, e.current, v.data";

/// The joins that [`EVENT_SELECT`] needs after `events e`.
pub(crate) const EVENT_JOINS: &str = "JOIN documents d ON d.id = e.document_id
    JOIN event_versions v ON v.event_id = e.id AND v.version = e.current_version";

/// A [`StoredEvent`] row before decoding.
pub(crate) struct EventRow {
    id: i64,
    doc: String,
    title: Option<String>,
    published: Option<String>,
    version: i64,
    review: String,
    author: String,
    created_at: String,
    current: bool,
    data: String,
}

impl EventRow {
    /// Reads the columns of [`EVENT_COLUMNS`], starting at `at`.
    pub(crate) fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(at)?,
            doc: r.get(at + 1)?,
            title: r.get(at + 2)?,
            published: r.get(at + 3)?,
            version: r.get(at + 4)?,
            review: r.get(at + 5)?,
            author: r.get(at + 6)?,
            created_at: r.get(at + 7)?,
            current: r.get(at + 8)?,
            data: r.get(at + 9)?,
        })
    }

    /// The event's row id.
    pub(crate) fn id(&self) -> i64 {
        self.id
    }

    /// The stored event.
    pub(crate) fn decode(self) -> Result<StoredEvent> {
        Ok(StoredEvent {
            id: EventId(self.id),
            document: DocumentId(self.doc),
            document_title: self.title,
            published: date_from_sql(self.published)?,
            version: to_u32(self.version),
            review: parse_state(&self.review)?,
            provenance: provenance(self.author, &self.created_at)?,
            current: self.current,
            event: from_json("event", self.data.as_bytes())?,
        })
    }
}

fn parse_state(name: &str) -> Result<ReviewState> {
    ReviewState::parse(name).ok_or_else(|| StoreError::Corrupt(format!("review state {name:?}")))
}

fn query(conn: &Connection, filter: &str, param: &dyn ToSql) -> Result<Vec<StoredEvent>> {
    let sql = format!("SELECT {EVENT_COLUMNS} {filter}");
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map([param], |r| EventRow::read(r, 0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading events")?;
    rows.into_iter().map(EventRow::decode).collect()
}

/// An event at its current version.
pub(crate) fn get(conn: &Connection, id: EventId) -> Result<Option<StoredEvent>> {
    Ok(query(conn, "WHERE e.id = ?1", &id.0)?.pop())
}

/// A document's events, in the analysis's order.
pub(crate) fn of_document(conn: &Connection, id: &DocumentId) -> Result<Vec<StoredEvent>> {
    query(conn, "WHERE d.doc_id = ?1 ORDER BY e.id", &id.as_str())
}

/// Twins of an event: same type, first day, place and country; the
/// `(kind, sort_date)` index finds them, since a dated event sorts by its day.
pub(crate) fn similar(conn: &Connection, id: EventId, limit: u32) -> Result<Vec<StoredEvent>> {
    let filter = format!(
        "WHERE e.id IN (SELECT o.id FROM events s JOIN events o
           ON o.kind = s.kind AND o.sort_date = s.date_start AND o.date_start = s.date_start
           AND o.place_key IS s.place_key AND o.country IS s.country
         WHERE s.id = ?1 AND s.date_start IS NOT NULL
           AND (s.place_key IS NOT NULL OR s.country IS NOT NULL)
           AND o.current = 1 AND o.id <> s.id AND o.review <> 'rejected')
         ORDER BY e.id LIMIT {limit}"
    );
    query(conn, &filter, &id.0)
}

/// Every version of an event, oldest first.
pub(crate) fn history(conn: &Connection, id: EventId) -> Result<Vec<EventVersion>> {
    let rows = conn
        .prepare_cached(
            "SELECT version, review, author, created_at, note, data FROM event_versions
             WHERE event_id = ?1 ORDER BY version",
        )
        .and_then(|mut s| {
            s.query_map([id.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading an event's history")?;
    rows.into_iter()
        .map(|(version, review, author, at, note, data)| {
            Ok(EventVersion {
                id,
                version: to_u32(version),
                review: parse_state(&review)?,
                provenance: provenance(author, &at)?,
                note,
                event: from_json("event", data.as_bytes())?,
            })
        })
        .collect()
}

/// Adds a review version and moves the projection to it.
pub(crate) fn review(conn: &Connection, id: EventId, review: &Review) -> Result<EventVersion> {
    let current = get(conn, id)?.ok_or_else(|| StoreError::NotFound {
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
        conn,
        id.0,
        version,
        state,
        &review.provenance,
        review.note.as_deref(),
        &event,
    )?;
    conn.execute(
        "UPDATE events SET current_version = ?2, review = ?3 WHERE id = ?1",
        params![id.0, version, state.as_str()],
    )
    .ctx("recording a review")?;
    if matches!(review.action, ReviewAction::Edit(_)) {
        reproject(conn, id.0, &event)?;
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
    conn: &Connection,
    id: EventId,
    review: &Review,
    second: &Event,
) -> Result<[EventVersion; 2]> {
    if !matches!(review.action, ReviewAction::Edit(_)) {
        return Err(StoreError::Refused(
            "a split edits the event into its first part".to_owned(),
        ));
    }
    let first = self::review(conn, id, review)?;
    let (document, local_id, current, published): (i64, String, bool, Option<String>) = conn
        .query_row(
            "SELECT e.document_id, e.local_id, e.current, d.published
             FROM events e JOIN documents d ON d.id = e.document_id WHERE e.id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ctx("reading the event to split")?;
    let event = Event {
        id: free_local_id(conn, document, &local_id)?,
        ..second.clone()
    };
    let analysis = crate::documents::analysis_by_rowid(conn, document)?;
    let local = document_entities(conn, document, &analysis)?;
    let p = Projection::of(&event, published, &local);
    let state = ReviewState::Edited;
    let new_id = insert_row(conn, document, &event.id, current, state, &p)?;
    let note = review.note.as_deref();
    insert_version(conn, new_id, 1, state, &review.provenance, note, &event)?;
    if current {
        index_event(
            conn,
            new_id,
            &event,
            &local,
            &Report::of(&analysis.document),
        )?;
    }
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
fn free_local_id(conn: &Connection, document: i64, local_id: &str) -> Result<String> {
    for n in 2.. {
        let candidate = format!("{local_id}.{n}");
        let taken = conn
            .query_row(
                "SELECT 1 FROM events WHERE document_id = ?1 AND local_id = ?2",
                params![document, candidate],
                |_| Ok(()),
            )
            .optional()
            .ctx("choosing an event id")?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    Err(StoreError::Refused("no free event id".to_owned()))
}

/// After an edit: the filter columns, participants and text index follow the new fields.
fn reproject(conn: &Connection, id: i64, event: &Event) -> Result<()> {
    let (document, published): (i64, Option<String>) = conn
        .query_row(
            "SELECT d.id, d.published FROM events e JOIN documents d ON d.id = e.document_id
             WHERE e.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading an event's document")?;
    let analysis = crate::documents::analysis_by_rowid(conn, document)?;
    let local: LocalEntities<'_> = document_entities(conn, document, &analysis)?;
    let p = Projection::of(event, published, &local);
    let id_value: [&dyn ToSql; 1] = [&id];
    conn.execute(
        &format!(
            "UPDATE events SET ({PROJECTED}) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             WHERE id = ?1"
        ),
        rusqlite::params_from_iter(id_value.into_iter().chain(p.values())),
    )
    .and_then(|_| conn.execute("DELETE FROM event_participants WHERE event_id = ?1", [id]))
    .and_then(|_| conn.execute("DELETE FROM event_fts WHERE rowid = ?1", [id]))
    .ctx("re-projecting an event")?;
    index_event(conn, id, event, &local, &Report::of(&analysis.document))
}

/// The document's stored entity row ids by local id, with the analysis's entities.
fn document_entities<'a>(
    conn: &Connection,
    document: i64,
    analysis: &'a Analysis,
) -> Result<LocalEntities<'a>> {
    let mut local = LocalEntities::new();
    for entity in &analysis.entities {
        let id: Option<i64> = conn
            .prepare_cached("SELECT id FROM entities WHERE document_id = ?1 AND local_id = ?2")
            .and_then(|mut s| {
                s.query_row(params![document, entity.id], |r| r.get(0))
                    .optional()
            })
            .ctx("finding an entity")?;
        if let Some(id) = id {
            local.insert(entity.id.as_str(), (id, entity));
        }
    }
    Ok(local)
}

/// Rebuilds the full-text row of every event from its current version and
/// its report's stored analysis.
pub(crate) fn reindex_all(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO event_fts (event_fts) VALUES ('delete-all')",
        [],
    )
    .ctx("emptying the event index")?;
    let documents: Vec<i64> = conn
        .prepare("SELECT DISTINCT document_id FROM events ORDER BY document_id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .ctx("listing indexed documents")?;
    for document in documents {
        let analysis = crate::documents::analysis_by_rowid(conn, document)?;
        let current = current_versions(conn, document)?;
        if current.is_empty() {
            continue;
        }
        let local = document_entities(conn, document, &analysis)?;
        let report = Report::of(&analysis.document);
        for (id, event) in current {
            index_event(conn, id, &event, &local, &report)?;
        }
    }
    Ok(())
}

fn current_versions(conn: &Connection, document: i64) -> Result<Vec<(i64, Event)>> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT e.id, v.data FROM events e JOIN event_versions v
             ON v.event_id = e.id AND v.version = e.current_version
             WHERE e.document_id = ?1 AND e.current = 1 ORDER BY e.id",
        )
        .and_then(|mut s| {
            s.query_map([document], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .ctx("reading current versions")?;
    rows.into_iter()
        .map(|(id, data)| Ok((id, from_json("event", data.as_bytes())?)))
        .collect()
}
