//! The one exporter of stored events, for the web API and the CLI's
//! `vigil export` alike: Vigil's own JSON lines and CSV, ACLED's 31 columns
//! and GeoJSON points, written event by event to any [`Write`] as the store's
//! pages come in. What a format cannot hold is counted, by reason. It knows
//! nothing of HTTP: the server's export route and `vigil export` both call
//! [`write`] (or [`export`], which keeps the file in memory). JSON lines
//! carry each event's stored `incident` and each linked participant's stored
//! `person` (`people.rs`); CSV and ACLED write one row per incident, whose
//! sources are every report that tells of it.

mod acled;
mod admin1;
pub mod countries;
mod people;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use chrono::NaiveDate;
use serde_json::json;
use vigil_model::{EntityKind, EventType, ParticipantRole, PlacePrecision};
use vigil_store::{DocumentId, EventFilter, PageRequest, Sort, Store, StoredEvent};

/// The most events one export holds.
pub const MAX_EXPORT: usize = 100_000;

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = acled::COLUMNS;

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

/// What an export wrote and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events written.
    pub written: usize,
    /// Events matched but left out, by reason.
    pub left_out: BTreeMap<String, usize>,
    /// Events of CSV and ACLED exports that are in the row of their incident,
    /// written for another report of it: not lost, not a row of their own.
    pub folded: usize,
}

impl Summary {
    /// All events left out, whatever the reason.
    pub fn left_out_total(&self) -> usize {
        self.left_out.values().sum()
    }

    fn leave_out(&mut self, why: impl Into<String>) {
        *self.left_out.entry(why.into()).or_default() += 1;
    }
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

impl From<std::io::Error> for ExportError {
    fn from(err: std::io::Error) -> Self {
        Self::Write(err.to_string())
    }
}

impl From<csv::Error> for ExportError {
    fn from(err: csv::Error) -> Self {
        Self::Write(err.to_string())
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(err: serde_json::Error) -> Self {
        Self::Write(err.to_string())
    }
}

/// The events matching `filter` in `format`, in memory, at most [`MAX_EXPORT`].
pub fn export(
    store: &dyn Store,
    filter: &EventFilter,
    format: Format,
) -> Result<Export, ExportError> {
    let mut body = Vec::new();
    let summary = write(store, filter, format, Some(MAX_EXPORT), &mut body)?;
    Ok(Export {
        body,
        left_out: summary.left_out_total(),
    })
}

/// Writes the current events matching `filter`, oldest first and at most
/// `limit` of them, to `out` in `format`, one page of the store at a time.
pub fn write<W: Write>(
    store: &dyn Store,
    filter: &EventFilter,
    format: Format,
    limit: Option<usize>,
    out: W,
) -> Result<Summary, ExportError> {
    let mut docs = Docs::new(store);
    // A first pass over the matches finds their events and reports, whose
    // incidents and people are read before the rows are written.
    let mut reports = Vec::new();
    let mut events = Vec::new();
    let mut known = std::collections::HashSet::new();
    each_match(store, filter, limit, |e| {
        events.push(e.id);
        if format == Format::Jsonl && known.insert(e.document.clone()) {
            reports.push(e.document.clone());
        }
        Ok(())
    })?;
    docs.cross = people::CrossIds::load(store, &events, &reports)?;
    let mut sink = Sink::start(format, out)?;
    let mut summary = Summary::default();
    each_match(store, filter, limit, |e| {
        sink.event(e, &mut docs, &mut summary)
    })?;
    sink.finish()?;
    Ok(summary)
}

/// Calls `on_event` for the current events matching `filter`, oldest first and
/// at most `limit` of them, one page of the store at a time.
fn each_match(
    store: &dyn Store,
    filter: &EventFilter,
    limit: Option<usize>,
    mut on_event: impl FnMut(&StoredEvent) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut seen = 0usize;
    let mut page = PageRequest::first(vigil_store::MAX_PAGE);
    loop {
        let found = store.search(filter, Sort::Oldest, &page)?;
        for e in &found.items {
            if limit.is_some_and(|l| seen >= l) {
                break;
            }
            seen += 1;
            on_event(e)?;
        }
        match found.next {
            Some(next) if limit.is_none_or(|l| seen < l) => page.after = Some(next),
            _ => return Ok(()),
        }
    }
}

/// A format's writer, between its header and its end.
enum Sink<W: Write> {
    Jsonl(W),
    Csv(csv::Writer<W>),
    Acled(csv::Writer<W>),
    Geojson(W),
}

const CSV_COLUMNS: [&str; 25] = [
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
    "incident",
    "sources",
    "outlets",
];

impl<W: Write> Sink<W> {
    fn start(format: Format, mut out: W) -> Result<Self, ExportError> {
        Ok(match format {
            Format::Jsonl => Self::Jsonl(out),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_COLUMNS)?;
                Self::Csv(w)
            }
            Format::Acled => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(ACLED_COLUMNS)?;
                Self::Acled(w)
            }
            Format::Geojson => {
                out.write_all(br#"{"type":"FeatureCollection","features":["#)?;
                Self::Geojson(out)
            }
        })
    }

    fn event(
        &mut self,
        e: &StoredEvent,
        docs: &mut Docs<'_>,
        summary: &mut Summary,
    ) -> Result<(), ExportError> {
        let incident = docs.cross.incident(e.id);
        if matches!(self, Self::Csv(_) | Self::Acled(_))
            && incident.is_some_and(|i| docs.written.contains(&i))
        {
            // One row per incident: this event's report is among its row's sources.
            summary.folded += 1;
            return Ok(());
        }
        match self {
            Self::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &docs.cross.annotate(e)?)?;
                out.write_all(b"\n")?;
            }
            Self::Csv(w) => {
                let sources = docs.sources(e, incident)?;
                w.write_record(csv_row(e, docs.coords(e)?, incident, &sources))?;
            }
            Self::Acled(w) => {
                let at_protest = matches!(e.event.kind, EventType::Detention | EventType::Killing)
                    && docs.at_protest(e)?;
                let row = match acled::kind(e, at_protest) {
                    Ok(kind) => {
                        let coords = docs.coords(e)?;
                        let facts = acled::Facts {
                            coords,
                            admin1: admin1_of(e, coords),
                            outlets: docs.sources(e, incident)?.outlets,
                            incident: incident.map(|i| i.0),
                            report_country: docs.report_country(e)?,
                        };
                        acled::row(e, kind, &facts)
                    }
                    Err(why) => Err(why),
                };
                match row {
                    Ok(row) => w.write_record(&row)?,
                    Err(why) => {
                        summary.leave_out(why);
                        return Ok(());
                    }
                }
            }
            Self::Geojson(out) => {
                let Some(feature) = feature(e, docs.coords(e)?, incident) else {
                    summary.leave_out("no coordinates");
                    return Ok(());
                };
                if summary.written > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &feature)?;
            }
        }
        summary.written += 1;
        if let Some(i) = incident {
            docs.written.insert(i);
        }
        Ok(())
    }

    fn finish(self) -> Result<(), ExportError> {
        match self {
            Self::Jsonl(mut out) => out.flush()?,
            Self::Csv(mut w) | Self::Acled(mut w) => w.flush()?,
            Self::Geojson(mut out) => {
                out.write_all(b"]}\n")?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// ACLED's `admin1` of the event's place: the region of its city, or the
/// place itself when the report names a region.
fn admin1_of(e: &StoredEvent, coords: Option<(f64, f64)>) -> Option<String> {
    let place = e.event.place.as_ref()?;
    if place.precision == PlacePrecision::Region {
        return place.name.clone();
    }
    let (lat, lon) = coords?;
    admin1::of_city(place.country.as_deref()?, lat, lon).map(str::to_owned)
}

/// Facts about events' documents, looked up once per document: the
/// coordinates of its places, whether it reports a protest, its outlet.
struct Docs<'a> {
    store: &'a dyn Store,
    places: HashMap<DocumentId, Places>,
    protest: HashMap<DocumentId, bool>,
    outlet: HashMap<DocumentId, String>,
    cross: people::CrossIds,
    /// Incidents that have their row already.
    written: std::collections::HashSet<vigil_store::ClusterId>,
}

/// The reports of an event's incident: how many, and their outlets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sources {
    /// Reports that tell of the incident (1 for an event in none).
    pub(crate) reports: usize,
    /// Their outlets, each once, the event's own first.
    pub(crate) outlets: Vec<String>,
}

/// The places a report names: coordinates by local entity id, and the one
/// country they all lie in, if they do.
struct Places {
    coords: HashMap<String, (f64, f64)>,
    country: Option<String>,
}

impl<'a> Docs<'a> {
    fn new(store: &'a dyn Store) -> Self {
        Self {
            store,
            places: HashMap::new(),
            protest: HashMap::new(),
            outlet: HashMap::new(),
            cross: people::CrossIds::default(),
            written: std::collections::HashSet::new(),
        }
    }

    fn places(&mut self, e: &StoredEvent) -> Result<&Places, ExportError> {
        Ok(match self.places.entry(e.document.clone()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                let entities = self.store.document_entities(&e.document)?;
                let mut countries = entities
                    .iter()
                    .filter(|s| s.entity.kind == EntityKind::Location)
                    .filter_map(|s| s.entity.country.as_deref());
                let first = countries.next();
                let one = first.filter(|c| countries.all(|other| other == *c));
                let country = one.map(str::to_owned);
                let coords = entities
                    .into_iter()
                    .filter_map(|s| Some((s.entity.id, (s.entity.lat?, s.entity.lon?))))
                    .collect();
                slot.insert(Places { coords, country })
            }
        })
    }

    /// The coordinates of the event's place, through its document's location entities.
    fn coords(&mut self, e: &StoredEvent) -> Result<Option<(f64, f64)>, ExportError> {
        let Some(local) = e.event.place.as_ref().and_then(|p| p.entity.as_deref()) else {
            return Ok(None);
        };
        Ok(self.places(e)?.coords.get(local).copied())
    }

    /// The one country every place of the event's report lies in, if there is one.
    fn report_country(&mut self, e: &StoredEvent) -> Result<Option<String>, ExportError> {
        Ok(self.places(e)?.country.clone())
    }

    /// Whether the event's report tells of a protest (or its dispersal).
    fn at_protest(&mut self, e: &StoredEvent) -> Result<bool, ExportError> {
        if let Some(known) = self.protest.get(&e.document) {
            return Ok(*known);
        }
        let protest = self
            .store
            .document_events(&e.document)?
            .iter()
            .any(|d| matches!(d.event.kind, EventType::Protest | EventType::Dispersal));
        self.protest.insert(e.document.clone(), protest);
        Ok(protest)
    }

    /// The outlet that published the event's report, as ACLED's `source`: the
    /// site name the page gives, else the host of its address; never a file path.
    fn outlet(&mut self, e: &StoredEvent) -> Result<String, ExportError> {
        if let Some(known) = self.outlet.get(&e.document) {
            return Ok(known.clone());
        }
        let outlet = self
            .store
            .get_document(&e.document)?
            .map(|d| outlet(&d))
            .unwrap_or_default();
        self.outlet.insert(e.document.clone(), outlet.clone());
        Ok(outlet)
    }
}

impl Docs<'_> {
    /// The reports of the event's incident (current, not rejected), with their outlets.
    fn sources(
        &mut self,
        e: &StoredEvent,
        incident: Option<vigil_store::ClusterId>,
    ) -> Result<Sources, ExportError> {
        let mut outlets = vec![self.outlet(e)?];
        let mut reports = vec![e.document.clone()];
        if let Some(i) = incident {
            for other in self
                .store
                .cluster_events(vigil_store::LinkKind::Incident, i)?
            {
                if other.review == vigil_store::ReviewState::Rejected
                    || reports.contains(&other.document)
                {
                    continue;
                }
                reports.push(other.document.clone());
                let outlet = self.outlet(&other)?;
                if !outlets.contains(&outlet) {
                    outlets.push(outlet);
                }
            }
        }
        outlets.retain(|o| !o.is_empty());
        Ok(Sources {
            reports: reports.len(),
            outlets,
        })
    }
}

/// A stored report's outlet: its page's site name, else the host of its own
/// address or of the URL it was stored under, else nothing.
fn outlet(d: &vigil_store::StoredDocument) -> String {
    if let Some(name) = d.document.outlet.as_deref().map(str::trim)
        && !name.is_empty()
    {
        return name.to_owned();
    }
    [d.document.url.as_deref(), Some(d.locator.as_str())]
        .into_iter()
        .flatten()
        .find_map(host)
        .unwrap_or_default()
        .to_owned()
}

/// The host of a web address, without a `www.`; `None` for anything else.
fn host(address: &str) -> Option<&str> {
    let (scheme, rest) = address.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

pub(crate) fn names(e: &StoredEvent, roles: &[ParticipantRole]) -> String {
    let names: Vec<&str> = e
        .event
        .participants
        .iter()
        .filter(|p| roles.contains(&p.role))
        .map(|p| p.text.as_str())
        .collect();
    names.join("; ")
}

pub(crate) fn first_name(e: &StoredEvent, roles: &[ParticipantRole]) -> Option<String> {
    e.event
        .participants
        .iter()
        .find(|p| roles.contains(&p.role))
        .map(|p| p.text.clone())
}

pub(crate) const STATE: [ParticipantRole; 2] = [ParticipantRole::Agent, ParticipantRole::Authority];
pub(crate) const PROTESTERS: [ParticipantRole; 2] =
    [ParticipantRole::Participant, ParticipantRole::Organizer];

fn csv_row(
    e: &StoredEvent,
    coords: Option<(f64, f64)>,
    incident: Option<vigil_store::ClusterId>,
    sources: &Sources,
) -> [String; 25] {
    let ev = &e.event;
    let date = ev.date.as_ref();
    let place = ev.place.as_ref();
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        e.id.to_string(),
        ev.kind.as_str().to_owned(),
        day(date.and_then(|d| d.start)),
        day(date.and_then(|d| d.end)),
        date.map(|d| d.precision.as_str().to_owned())
            .unwrap_or_default(),
        date.map(|d| d.text.clone()).unwrap_or_default(),
        place.and_then(|p| p.name.clone()).unwrap_or_default(),
        place.and_then(|p| p.country.clone()).unwrap_or_default(),
        coords.map(|c| c.0.to_string()).unwrap_or_default(),
        coords.map(|c| c.1.to_string()).unwrap_or_default(),
        names(e, &[ParticipantRole::Target]),
        names(e, &STATE),
        names(e, &PROTESTERS),
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
        day(e.published),
        incident.map(|i| i.to_string()).unwrap_or_default(),
        sources.reports.to_string(),
        sources.outlets.join("; "),
    ]
}

/// The GeoJSON point of an event, if its place has coordinates.
fn feature(
    e: &StoredEvent,
    coords: Option<(f64, f64)>,
    incident: Option<vigil_store::ClusterId>,
) -> Option<serde_json::Value> {
    let (lat, lon) = coords?;
    let date = e.event.date.as_ref();
    let place = e.event.place.as_ref();
    Some(json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": {
            "id": e.id,
            "incident": incident,
            "type": e.event.kind.as_str(),
            "date_start": date.and_then(|d| d.start),
            "date_end": date.and_then(|d| d.end),
            "place": place.and_then(|p| p.name.clone()),
            "country": place.and_then(|p| p.country.clone()),
            "review": e.review.as_str(),
            "trigger": e.event.trigger.text,
            "document": e.document,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_a_host_never_a_path() {
        assert_eq!(
            host("https://www.oxus-wire.example/news/1"),
            Some("oxus-wire.example")
        );
        assert_eq!(host("http://user@a.example:8080/x?y"), Some("a.example"));
        assert_eq!(host("data/demo/text/tsd-2024-01-17.txt"), None);
        assert_eq!(host("file:///tmp/report.html"), None);
        assert_eq!(host("https://"), None);
    }
}
