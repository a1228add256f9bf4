//! Exports of search results: Vigil's own JSON lines and CSV, ACLED's 31
//! columns, and GeoJSON points. Written over `&dyn Store` so that the CLI's
//! `vigil export` can call the same code.

use std::collections::HashMap;

use serde_json::json;
use vigil_model::{DatePrecision, EventType, ParticipantRole, PlacePrecision};
use vigil_store::{DocumentId, EventFilter, PageRequest, Sort, Store, StoredEntity, StoredEvent};

/// The most events one export holds.
pub const MAX_EXPORT: usize = 100_000;

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One stored event as JSON per line.
    Jsonl,
    /// Vigil's own flat columns.
    Csv,
    /// ACLED's 31 columns; types ACLED has no row for are left out.
    Acled,
    /// A GeoJSON FeatureCollection of located events.
    Geojson,
}

impl Format {
    /// The format named `name` (`jsonl`, `csv`, `acled`, `geojson`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "jsonl" => Some(Self::Jsonl),
            "csv" => Some(Self::Csv),
            "acled" => Some(Self::Acled),
            "geojson" => Some(Self::Geojson),
            _ => None,
        }
    }

    /// The media type of the output.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jsonl => "application/x-ndjson",
            Self::Csv | Self::Acled => "text/csv; charset=utf-8",
            Self::Geojson => "application/geo+json",
        }
    }

    /// The file name offered for download.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Jsonl => "vigil-events.jsonl",
            Self::Csv => "vigil-events.csv",
            Self::Acled => "vigil-acled.csv",
            Self::Geojson => "vigil-events.geojson",
        }
    }
}

/// An export's bytes and what it could not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file.
    pub body: Vec<u8>,
    /// Events matched but left out (no ACLED row, no coordinates).
    pub left_out: usize,
}

/// Why an export failed.
#[derive(Debug)]
pub enum ExportError {
    /// The store failed.
    Store(vigil_store::StoreError),
    /// Writing the output failed.
    Write(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Store(err) => write!(f, "{err}"),
            Self::Write(err) => write!(f, "writing the export: {err}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<vigil_store::StoreError> for ExportError {
    fn from(err: vigil_store::StoreError) -> Self {
        Self::Store(err)
    }
}

/// The current events matching `filter`, oldest first, at most [`MAX_EXPORT`].
pub fn matching(store: &dyn Store, filter: &EventFilter) -> Result<Vec<StoredEvent>, ExportError> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(vigil_store::MAX_PAGE);
    loop {
        let found = store.search(filter, Sort::Oldest, &page)?;
        out.extend(found.items);
        match found.next {
            Some(next) if out.len() < MAX_EXPORT => page.after = Some(next),
            _ => break,
        }
    }
    out.truncate(MAX_EXPORT);
    Ok(out)
}

/// Exports the events matching `filter` in `format`.
pub fn export(
    store: &dyn Store,
    filter: &EventFilter,
    format: Format,
) -> Result<Export, ExportError> {
    let events = matching(store, filter)?;
    let mut places = PlaceIndex::default();
    match format {
        Format::Jsonl => jsonl(&events),
        Format::Csv => csv_rows(&events, store, &mut places),
        Format::Acled => acled(&events, store, &mut places),
        Format::Geojson => geojson(&events, store, &mut places),
    }
}

/// Coordinates of events' places, through their documents' location entities.
#[derive(Default)]
struct PlaceIndex {
    entities: HashMap<DocumentId, Vec<StoredEntity>>,
}

impl PlaceIndex {
    fn coordinates(
        &mut self,
        store: &dyn Store,
        e: &StoredEvent,
    ) -> Result<Option<(f64, f64)>, ExportError> {
        let Some(local) = e.event.place.as_ref().and_then(|p| p.entity.as_deref()) else {
            return Ok(None);
        };
        if !self.entities.contains_key(&e.document) {
            let entities = store.document_entities(&e.document)?;
            self.entities.insert(e.document.clone(), entities);
        }
        Ok(self.entities.get(&e.document).and_then(|list| {
            let place = list.iter().find(|s| s.entity.id == local)?;
            Some((place.entity.lat?, place.entity.lon?))
        }))
    }
}

fn jsonl(events: &[StoredEvent]) -> Result<Export, ExportError> {
    let mut body = Vec::new();
    for e in events {
        serde_json::to_writer(&mut body, e).map_err(|err| ExportError::Write(err.to_string()))?;
        body.push(b'\n');
    }
    Ok(Export { body, left_out: 0 })
}

fn names(e: &StoredEvent, roles: &[ParticipantRole]) -> String {
    let names: Vec<&str> = e
        .event
        .participants
        .iter()
        .filter(|p| roles.contains(&p.role))
        .map(|p| p.text.as_str())
        .collect();
    names.join("; ")
}

fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>, left_out: usize) -> Result<Export, ExportError> {
    let body = w
        .into_inner()
        .map_err(|err| ExportError::Write(err.to_string()))?;
    Ok(Export { body, left_out })
}

fn csv_rows(
    events: &[StoredEvent],
    store: &dyn Store,
    places: &mut PlaceIndex,
) -> Result<Export, ExportError> {
    let mut w = writer();
    let write_err = |err: csv::Error| ExportError::Write(err.to_string());
    w.write_record([
        "id",
        "type",
        "date_start",
        "date_end",
        "date_precision",
        "date_text",
        "place",
        "country",
        "latitude",
        "longitude",
        "targets",
        "agents",
        "participants",
        "charge",
        "penalty",
        "claim",
        "review",
        "version",
        "confidence",
        "document",
        "source_title",
        "published",
    ])
    .map_err(write_err)?;
    for e in events {
        let ev = &e.event;
        let date = ev.date.as_ref();
        let coords = places.coordinates(store, e)?;
        let place = ev.place.as_ref();
        w.write_record([
            e.id.to_string(),
            ev.kind.as_str().to_owned(),
            date.and_then(|d| d.start)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            date.and_then(|d| d.end)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            date.map(|d| precision_name(d.precision).to_owned())
                .unwrap_or_default(),
            date.map(|d| d.text.clone()).unwrap_or_default(),
            place.and_then(|p| p.name.clone()).unwrap_or_default(),
            place.and_then(|p| p.country.clone()).unwrap_or_default(),
            coords.map(|c| c.0.to_string()).unwrap_or_default(),
            coords.map(|c| c.1.to_string()).unwrap_or_default(),
            names(e, &[ParticipantRole::Target]),
            names(e, &[ParticipantRole::Agent, ParticipantRole::Authority]),
            names(
                e,
                &[ParticipantRole::Participant, ParticipantRole::Organizer],
            ),
            ev.charge.clone().unwrap_or_default(),
            ev.penalty
                .as_ref()
                .map(|p| p.text.clone())
                .unwrap_or_default(),
            ev.claim.clone().unwrap_or_default(),
            e.review.as_str().to_owned(),
            e.version.to_string(),
            format!("{:.3}", ev.confidence),
            e.document.to_string(),
            e.document_title.clone().unwrap_or_default(),
            e.published.map(|d| d.to_string()).unwrap_or_default(),
        ])
        .map_err(write_err)?;
    }
    finish(w, 0)
}

/// ACLED's event and sub-event type of an event, if ACLED has a row for it.
fn acled_types(e: &StoredEvent) -> Option<(&'static str, &'static str, &'static str)> {
    let small_protest = e
        .event
        .participants
        .iter()
        .filter_map(|p| p.count.as_ref())
        .any(|c| c.max.is_some_and(|m| m < 3));
    match e.event.kind {
        EventType::Protest if small_protest => None,
        EventType::Protest => Some(("Demonstrations", "Protests", "Peaceful protest")),
        EventType::Dispersal => Some(("Demonstrations", "Protests", "Protest with intervention")),
        EventType::Detention => Some((
            "Strategic developments",
            "Strategic developments",
            "Arrests",
        )),
        EventType::Raid => Some(("Strategic developments", "Strategic developments", "Other")),
        EventType::Disappearance => Some((
            "Political violence",
            "Violence against civilians",
            "Abduction/forced disappearance",
        )),
        EventType::Abuse => Some(("Political violence", "Violence against civilians", "Attack")),
        _ => None,
    }
}

fn acled(
    events: &[StoredEvent],
    store: &dyn Store,
    places: &mut PlaceIndex,
) -> Result<Export, ExportError> {
    let mut w = writer();
    let write_err = |err: csv::Error| ExportError::Write(err.to_string());
    w.write_record(ACLED_COLUMNS).map_err(write_err)?;
    let mut left_out = 0;
    for e in events {
        let Some((disorder, event_type, sub_type)) = acled_types(e) else {
            left_out += 1;
            continue;
        };
        let coords = places.coordinates(store, e)?;
        let row = acled_row(e, (disorder, event_type, sub_type), coords);
        w.write_record(&row).map_err(write_err)?;
    }
    finish(w, left_out)
}

fn acled_row(
    e: &StoredEvent,
    types: (&str, &str, &str),
    coords: Option<(f64, f64)>,
) -> Vec<String> {
    let ev = &e.event;
    let country = ev
        .place
        .as_ref()
        .and_then(|p| p.country.clone())
        .unwrap_or_default();
    let date = ev.date.as_ref().and_then(|d| d.start).or(e.published);
    let time_precision = match ev.date.as_ref().map(|d| d.precision) {
        Some(DatePrecision::Day) => "1",
        Some(DatePrecision::Week | DatePrecision::Month) => "2",
        _ => "3",
    };
    let geo_precision = match ev.place.as_ref().map(|p| p.precision) {
        Some(PlacePrecision::Site | PlacePrecision::City) => "1",
        Some(PlacePrecision::Region) => "2",
        _ => "3",
    };
    let protest = types.1 == "Protests";
    let (actor1, inter1, actor2, inter2) = if protest {
        (
            format!("Protesters ({country})"),
            "6",
            names(e, &[ParticipantRole::Agent, ParticipantRole::Authority]),
            "1",
        )
    } else {
        (
            names(e, &[ParticipantRole::Agent, ParticipantRole::Authority]),
            "1",
            names(e, &[ParticipantRole::Target]),
            "7",
        )
    };
    let inter2 = if actor2.is_empty() { "" } else { inter2 };
    vec![
        format!("{country}VIG{}", e.id),
        date.map(|d| d.to_string()).unwrap_or_default(),
        date.map(|d| d.format("%Y").to_string()).unwrap_or_default(),
        time_precision.to_owned(),
        types.0.to_owned(),
        types.1.to_owned(),
        types.2.to_owned(),
        actor1,
        names(e, &[ParticipantRole::Organizer]),
        inter1.to_owned(),
        actor2,
        String::new(),
        inter2.to_owned(),
        format!("{inter1}{inter2}"),
        if types.1 == "Violence against civilians" {
            "Civilian targeting".to_owned()
        } else {
            String::new()
        },
        String::new(),
        String::new(),
        country,
        String::new(),
        String::new(),
        String::new(),
        ev.place
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_default(),
        coords.map(|c| format!("{:.4}", c.0)).unwrap_or_default(),
        coords.map(|c| format!("{:.4}", c.1)).unwrap_or_default(),
        geo_precision.to_owned(),
        e.document_title
            .clone()
            .unwrap_or_else(|| e.document.to_string()),
        "Other".to_owned(),
        format!(
            "Vigil event {} ({}): {}",
            e.id,
            ev.kind.as_str(),
            ev.trigger.text
        ),
        "0".to_owned(),
        String::new(),
        e.provenance.at.timestamp().to_string(),
    ]
}

fn geojson(
    events: &[StoredEvent],
    store: &dyn Store,
    places: &mut PlaceIndex,
) -> Result<Export, ExportError> {
    let mut features = Vec::new();
    let mut left_out = 0;
    for e in events {
        let Some((lat, lon)) = places.coordinates(store, e)? else {
            left_out += 1;
            continue;
        };
        let date = e.event.date.as_ref();
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [lon, lat] },
            "properties": {
                "id": e.id, "type": e.event.kind.as_str(),
                "date_start": date.and_then(|d| d.start), "date_end": date.and_then(|d| d.end),
                "place": e.event.place.as_ref().and_then(|p| p.name.clone()),
                "country": e.event.place.as_ref().and_then(|p| p.country.clone()),
                "review": e.review.as_str(), "document": e.document,
            },
        }));
    }
    let body = serde_json::to_vec(&json!({ "type": "FeatureCollection", "features": features }))
        .map_err(|err| ExportError::Write(err.to_string()))?;
    Ok(Export { body, left_out })
}
