//! The one exporter of stored events, for the web API and the CLI's
//! `vigil export` alike: Vigil's own JSON lines and CSV, ACLED's 31 columns
//! and GeoJSON points, written event by event to any [`Write`] as the store's
//! pages come in. What a format cannot hold is counted, by reason. It knows
//! nothing of HTTP: the server's export route and `vigil export` both call
//! [`write`] (or [`export`], which keeps the file in memory).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use vigil_model::{DatePrecision, EventType, ParticipantRole, PlacePrecision};
use vigil_store::{DocumentId, EventFilter, PageRequest, Sort, Store, StoredEvent};

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

/// What an export wrote and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events written.
    pub written: usize,
    /// Events matched but left out, by reason.
    pub left_out: BTreeMap<String, usize>,
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
    let mut sink = Sink::start(format, out)?;
    let mut docs = Docs::new(store);
    let mut summary = Summary::default();
    let mut seen = 0usize;
    let mut page = PageRequest::first(vigil_store::MAX_PAGE);
    loop {
        let found = store.search(filter, Sort::Oldest, &page)?;
        for e in &found.items {
            if limit.is_some_and(|l| seen >= l) {
                break;
            }
            seen += 1;
            sink.event(e, &mut docs, &mut summary)?;
        }
        match found.next {
            Some(next) if limit.is_none_or(|l| seen < l) => page.after = Some(next),
            _ => break,
        }
    }
    sink.finish()?;
    Ok(summary)
}

/// A format's writer, between its header and its end.
enum Sink<W: Write> {
    Jsonl(W),
    Csv(csv::Writer<W>),
    Acled(csv::Writer<W>),
    Geojson(W),
}

const CSV_COLUMNS: [&str; 22] = [
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
        match self {
            Self::Jsonl(out) => {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")?;
            }
            Self::Csv(w) => w.write_record(csv_row(e, docs.coords(e)?))?,
            Self::Acled(w) => {
                let at_protest = matches!(e.event.kind, EventType::Detention | EventType::Killing)
                    && docs.at_protest(e)?;
                let row = match acled_kind(e, at_protest) {
                    Ok(kind) => acled_row(e, kind, docs)?.ok_or_else(|| "no date".to_owned()),
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
                let Some(feature) = feature(e, docs.coords(e)?) else {
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

/// Facts about events' documents, looked up once per document: the
/// coordinates of its places, whether it reports a protest, its outlet.
struct Docs<'a> {
    store: &'a dyn Store,
    coords: HashMap<DocumentId, HashMap<String, (f64, f64)>>,
    protest: HashMap<DocumentId, bool>,
    outlet: HashMap<DocumentId, String>,
}

impl<'a> Docs<'a> {
    fn new(store: &'a dyn Store) -> Self {
        Self {
            store,
            coords: HashMap::new(),
            protest: HashMap::new(),
            outlet: HashMap::new(),
        }
    }

    /// The coordinates of the event's place, through its document's location entities.
    fn coords(&mut self, e: &StoredEvent) -> Result<Option<(f64, f64)>, ExportError> {
        let Some(local) = e.event.place.as_ref().and_then(|p| p.entity.as_deref()) else {
            return Ok(None);
        };
        let places = match self.coords.entry(e.document.clone()) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                self.store
                    .document_entities(&e.document)?
                    .into_iter()
                    .filter_map(|s| Some((s.entity.id, (s.entity.lat?, s.entity.lon?))))
                    .collect(),
            ),
        };
        Ok(places.get(local).copied())
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

    /// The host name of the event's report: the outlet ACLED names as source.
    fn outlet(&mut self, e: &StoredEvent) -> Result<String, ExportError> {
        if let Some(known) = self.outlet.get(&e.document) {
            return Ok(known.clone());
        }
        let outlet = self
            .store
            .get_document(&e.document)?
            .map(|d| host(&d.locator).to_owned())
            .unwrap_or_default();
        self.outlet.insert(e.document.clone(), outlet.clone());
        Ok(outlet)
    }
}

fn host(locator: &str) -> &str {
    locator
        .split_once("://")
        .map_or(locator, |(_, rest)| rest.split('/').next().unwrap_or(rest))
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

fn first_name(e: &StoredEvent, roles: &[ParticipantRole]) -> Option<String> {
    e.event
        .participants
        .iter()
        .find(|p| roles.contains(&p.role))
        .map(|p| p.text.clone())
}

const STATE: [ParticipantRole; 2] = [ParticipantRole::Agent, ParticipantRole::Authority];
const PROTESTERS: [ParticipantRole; 2] = [ParticipantRole::Participant, ParticipantRole::Organizer];

fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

fn csv_row(e: &StoredEvent, coords: Option<(f64, f64)>) -> [String; 22] {
    let ev = &e.event;
    let date = ev.date.as_ref();
    let place = ev.place.as_ref();
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        e.id.to_string(),
        ev.kind.as_str().to_owned(),
        day(date.and_then(|d| d.start)),
        day(date.and_then(|d| d.end)),
        date.map(|d| precision_name(d.precision).to_owned())
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
    ]
}

/// Trigger words that make a dispersal ACLED's "excessive force".
const FORCE_WORDS: [&str; 7] = [
    "tear gas",
    "rubber bullet",
    "baton",
    "beat",
    "water cannon",
    "stun grenade",
    "shot",
];

/// ACLED's disorder type, event type and sub-event type, as TAXONOMY.md maps them.
type AcledKind = [&'static str; 3];

/// The event's ACLED kind, or why ACLED has no row for it.
fn acled_kind(e: &StoredEvent, at_protest: bool) -> Result<AcledKind, String> {
    const PROTEST: &str = "Demonstrations";
    const STRATEGIC: &str = "Strategic developments";
    const VIOLENCE: &str = "Political violence";
    let ev = &e.event;
    let forceful = || {
        let t = ev.trigger.text.to_lowercase();
        !ev.force.is_empty() || FORCE_WORDS.iter().any(|w| t.contains(w))
    };
    Ok(match ev.kind {
        EventType::Protest if crowd(e).is_some_and(|n| n < 3) => {
            return Err("protest of fewer than 3 people".to_owned());
        }
        EventType::Protest => [PROTEST, "Protests", "Peaceful protest"],
        EventType::Dispersal if forceful() => {
            [PROTEST, "Protests", "Excessive force against protesters"]
        }
        EventType::Dispersal => [PROTEST, "Protests", "Protest with intervention"],
        EventType::Detention if at_protest => [PROTEST, "Protests", "Protest with intervention"],
        EventType::Detention => [STRATEGIC, STRATEGIC, "Arrests"],
        EventType::Disappearance => [
            VIOLENCE,
            "Violence against civilians",
            "Abduction/forced disappearance",
        ],
        EventType::Raid => [STRATEGIC, STRATEGIC, "Other"],
        EventType::Abuse => [VIOLENCE, "Violence against civilians", "Attack"],
        EventType::Killing if at_protest => {
            [PROTEST, "Protests", "Excessive force against protesters"]
        }
        EventType::Killing => [VIOLENCE, "Violence against civilians", "Attack"],
        other => return Err(format!("{} (no ACLED type)", other.as_str())),
    })
}

/// The number of people protesting, when the report says: the largest count
/// of participants or organisers, else the number of them when all are named.
fn crowd(e: &StoredEvent) -> Option<u64> {
    let people: Vec<_> = e
        .event
        .participants
        .iter()
        .filter(|p| PROTESTERS.contains(&p.role))
        .collect();
    if let Some(n) = people
        .iter()
        .filter_map(|p| p.count.as_ref()?.max.or(p.count.as_ref()?.min))
        .max()
    {
        return Some(n);
    }
    let named = people.iter().filter(|p| p.entity.is_some()).count() as u64;
    (named > 0 && people.len() as u64 == named).then_some(named)
}

/// The two sides of an ACLED row: actor, associated actors, inter code.
struct Sides {
    actor1: String,
    assoc1: String,
    inter1: u8,
    actor2: String,
    assoc2: String,
    inter2: u8,
}

fn sides(e: &StoredEvent, protest: bool, cc: &str) -> Sides {
    if protest {
        let state = first_name(e, &STATE);
        Sides {
            actor1: format!("Protesters ({cc})"),
            assoc1: names(e, &[ParticipantRole::Organizer]),
            inter1: 6,
            inter2: if state.is_some() { 1 } else { 0 },
            actor2: state.unwrap_or_default(),
            assoc2: String::new(),
        }
    } else {
        Sides {
            actor1: first_name(e, &STATE).unwrap_or_else(|| format!("Police Forces of {cc}")),
            assoc1: String::new(),
            inter1: 1,
            actor2: format!("Civilians ({cc})"),
            assoc2: names(e, &[ParticipantRole::Target]),
            inter2: 7,
        }
    }
}

/// ACLED's interaction code: the two inter codes, lower first; a lone actor's code times ten.
fn interaction(a: u8, b: u8) -> String {
    match (a.min(b), a.max(b)) {
        (0, one) => (u32::from(one) * 10).to_string(),
        (low, high) => format!("{low}{high}"),
    }
}

/// The ACLED row of an event of ACLED kind `kind`, or `None` without any date.
fn acled_row(
    e: &StoredEvent,
    [disorder, event_type, sub_type]: AcledKind,
    docs: &mut Docs<'_>,
) -> Result<Option<Vec<String>>, ExportError> {
    let ev = &e.event;
    let start = ev.date.as_ref().and_then(|d| d.start);
    let Some(day) = start.or(e.published) else {
        return Ok(None);
    };
    // A report's publication date stands in for an undated event, at month precision.
    let time_precision = match ev
        .date
        .as_ref()
        .filter(|_| start.is_some())
        .map(|d| d.precision)
    {
        Some(DatePrecision::Day) => "1",
        Some(DatePrecision::Week) => "2",
        _ => "3",
    };
    let geo_precision = match ev.place.as_ref().map(|p| p.precision) {
        Some(PlacePrecision::Site | PlacePrecision::City) => "1",
        Some(PlacePrecision::Region) => "2",
        _ => "3",
    };
    let place = ev.place.as_ref();
    let cc = place.and_then(|p| p.country.clone()).unwrap_or_default();
    let protest = event_type == "Protests";
    let s = sides(e, protest, &cc);
    let coords = docs.coords(e)?;
    let tags = if protest { crowd_tag(e) } else { String::new() };
    let optional = |code: u8| {
        if code == 0 {
            String::new()
        } else {
            code.to_string()
        }
    };
    Ok(Some(vec![
        format!("{cc}VIG{}", e.id),
        day.to_string(),
        day.year().to_string(),
        time_precision.to_owned(),
        disorder.to_owned(),
        event_type.to_owned(),
        sub_type.to_owned(),
        s.actor1,
        s.assoc1,
        s.inter1.to_string(),
        s.actor2,
        s.assoc2,
        optional(s.inter2),
        interaction(s.inter1, s.inter2),
        if event_type == "Violence against civilians" {
            "Civilian targeting".to_owned()
        } else {
            String::new()
        },
        String::new(),
        String::new(),
        cc,
        String::new(),
        String::new(),
        String::new(),
        place.and_then(|p| p.name.clone()).unwrap_or_default(),
        coords.map(|c| format!("{:.4}", c.0)).unwrap_or_default(),
        coords.map(|c| format!("{:.4}", c.1)).unwrap_or_default(),
        geo_precision.to_owned(),
        docs.outlet(e)?,
        String::new(),
        format!(
            "Vigil event {} ({}): {}",
            e.id,
            ev.kind.as_str(),
            ev.trigger.text
        ),
        fatalities(ev).to_string(),
        tags,
        e.provenance.at.timestamp().to_string(),
    ]))
}

/// ACLED's `fatalities`: for a killing, the number killed — the counts of its targets, one
/// for each target without a count, and at least one; no one for any other event.
fn fatalities(ev: &vigil_model::Event) -> u64 {
    if ev.kind != EventType::Killing {
        return 0;
    }
    let killed: u64 = ev
        .participants
        .iter()
        .filter(|p| p.role == ParticipantRole::Target)
        .map(|p| p.count.as_ref().and_then(|c| c.min.or(c.max)).unwrap_or(1))
        .sum();
    killed.max(1)
}

/// ACLED's `crowd size=` tag, from the words of the first count of protesters.
fn crowd_tag(e: &StoredEvent) -> String {
    e.event
        .participants
        .iter()
        .filter(|p| PROTESTERS.contains(&p.role))
        .find_map(|p| p.count.as_ref())
        .map(|c| format!("crowd size={}", c.text))
        .unwrap_or_default()
}

/// The GeoJSON point of an event, if its place has coordinates.
fn feature(e: &StoredEvent, coords: Option<(f64, f64)>) -> Option<serde_json::Value> {
    let (lat, lon) = coords?;
    let date = e.event.date.as_ref();
    let place = e.event.place.as_ref();
    Some(json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": {
            "id": e.id,
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
    use serde_json::{Value, json};

    use super::*;

    /// A stored event of `kind` with `participants`, triggered by `trigger`.
    fn event(kind: &str, trigger: &str, participants: &Value) -> StoredEvent {
        serde_json::from_value(json!({
            "id": 7, "document": "sha256:00", "document_title": "A synthetic report",
            "published": "2026-03-02", "version": 1, "review": "proposed",
            "provenance": { "author": "test", "at": "2026-03-03T10:00:00Z" }, "current": true,
            "event": {
                "id": "e1", "type": kind,
                "trigger": { "start": 0, "end": trigger.len(), "text": trigger },
                "sentence": { "start": 0, "end": 40 },
                "date": null, "place": null, "participants": participants,
                "charge": null, "penalty": null,
                "status": { "negated": false, "hypothetical": false, "reported_by": null },
                "evidence": [], "confidence": 0.8
            }
        }))
        .expect("a valid stored event")
    }

    fn person(role: &str, text: &str, entity: Option<&str>, max: Option<u64>) -> Value {
        let count = max.map(|n| json!({ "min": n, "max": n, "text": n.to_string() }));
        json!({ "role": role, "entity": entity, "text": text, "count": count })
    }

    #[test]
    fn acled_types_follow_the_taxonomy() {
        let kind = |kind: &str, trigger: &str, at_protest: bool| {
            acled_kind(&event(kind, trigger, &json!([])), at_protest).map(|k| k[2])
        };
        assert_eq!(kind("protest", "rallied", false), Ok("Peaceful protest"));
        assert_eq!(
            kind("dispersal", "fired tear gas", false),
            Ok("Excessive force against protesters")
        );
        assert_eq!(
            kind("dispersal", "dispersed", false),
            Ok("Protest with intervention")
        );
        assert_eq!(
            kind("detention", "detained", true),
            Ok("Protest with intervention")
        );
        assert_eq!(kind("detention", "detained", false), Ok("Arrests"));
        assert_eq!(
            kind("disappearance", "went missing", false),
            Ok("Abduction/forced disappearance")
        );
        assert_eq!(kind("raid", "searched", false), Ok("Other"));
        assert_eq!(kind("abuse", "beaten", false), Ok("Attack"));
        assert_eq!(
            kind("killing", "shot dead", true),
            Ok("Excessive force against protesters")
        );
        assert_eq!(kind("killing", "killed", false), Ok("Attack"));
        for legal in ["charge", "trial", "sentence", "fine", "appeal", "release"] {
            assert_eq!(
                kind(legal, "x", false),
                Err(format!("{legal} (no ACLED type)"))
            );
        }
    }

    #[test]
    fn fatalities_are_the_number_killed() {
        let counted = event(
            "killing",
            "killed",
            &json!([
                person("agent", "soldiers", None, None),
                person("target", "at least four protesters", None, Some(4)),
                person("target", "Nurlan Sadykov", Some("p1"), None),
            ]),
        );
        assert_eq!(fatalities(&counted.event), 5);
        assert_eq!(fatalities(&event("killing", "died", &json!([])).event), 1);
        let detained = event(
            "detention",
            "detained",
            &json!([person("target", "12 people", None, Some(12))]),
        );
        assert_eq!(fatalities(&detained.event), 0);
    }

    #[test]
    fn a_dispersal_with_named_force_is_excessive_force() {
        let mut e = event("dispersal", "dispersed", &json!([]));
        assert_eq!(
            acled_kind(&e, false).map(|k| k[2]),
            Ok("Protest with intervention")
        );
        e.event.force = vec![vigil_model::Force::WaterCannon];
        assert_eq!(
            acled_kind(&e, false).map(|k| k[2]),
            Ok("Excessive force against protesters")
        );
    }

    #[test]
    fn a_lone_picket_has_no_acled_row_but_a_crowd_does() {
        let lone = event(
            "protest",
            "picketed",
            &json!([person("participant", "Ana Petrova", Some("p1"), None)]),
        );
        assert!(acled_kind(&lone, false).is_err());
        let few = event(
            "protest",
            "rallied",
            &json!([person("participant", "two students", None, Some(2))]),
        );
        assert!(acled_kind(&few, false).is_err());
        // A count of detained people is no crowd size.
        let crowd = event(
            "protest",
            "rallied",
            &json!([
                person("participant", "about forty residents", None, Some(40)),
                person("target", "two organisers", None, Some(2)),
            ]),
        );
        assert!(acled_kind(&crowd, false).is_ok());
        assert_eq!(crowd_tag(&crowd), "crowd size=40");
    }

    #[test]
    fn sides_and_interaction_codes() {
        let e = event(
            "detention",
            "detained",
            &json!([
                person("agent", "riot police", None, None),
                person("target", "Ivan Orlov", Some("p1"), None),
                person("target", "his brother", None, None),
            ]),
        );
        let s = sides(&e, false, "KZ");
        assert_eq!(
            (s.actor1.as_str(), s.actor2.as_str(), s.assoc2.as_str()),
            ("riot police", "Civilians (KZ)", "Ivan Orlov; his brother")
        );
        assert_eq!(interaction(s.inter1, s.inter2), "17");
        let alone = sides(&event("protest", "marched", &json!([])), true, "KZ");
        assert_eq!(alone.actor2, "");
        assert_eq!(interaction(alone.inter1, alone.inter2), "60");
        assert_eq!(interaction(6, 1), "16");
    }
}
