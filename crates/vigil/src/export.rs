//! `vigil export`: every matching event as JSON lines, CSV, ACLED's 31 columns or GeoJSON.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use vigil_model::{DatePrecision, EventType, ParticipantRole, PlacePrecision};
use vigil_server::export::ACLED_COLUMNS;
use vigil_store::{DocumentId, PageRequest, Sort, Store, StoredEvent};

use crate::cli::{ExportArgs, ExportFormat};
use crate::filter::{event_filter, open_existing};

const FORCE_WORDS: [&str; 7] = [
    "tear gas",
    "rubber bullet",
    "baton",
    "beat",
    "water cannon",
    "stun grenade",
    "shot",
];

/// Runs `vigil export`.
pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.filter.db)?;
    let filter = event_filter(&args.filter, args.query.as_deref())?;
    let mut events = Vec::new();
    let mut page = PageRequest::first(vigil_store::MAX_PAGE);
    loop {
        let found = store.search(&filter, Sort::Oldest, &page)?;
        events.extend(found.items);
        match found.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let mut ctx = Context {
        store: &store,
        docs: HashMap::new(),
    };
    let out = std::io::stdout().lock();
    match args.format {
        ExportFormat::Jsonl => jsonl(out, &events)?,
        ExportFormat::Csv => csv_rows(out, &events, &mut ctx)?,
        ExportFormat::Acled => acled(out, &events, &mut ctx)?,
        ExportFormat::Geojson => geojson(out, &events, &mut ctx)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Per-document facts looked up once: coordinates of its places, its event types, outlet.
struct DocFacts {
    coords: HashMap<String, (f64, f64)>,
    has_protest: bool,
    source: String,
    stored_at: i64,
}

struct Context<'a> {
    store: &'a dyn Store,
    docs: HashMap<DocumentId, DocFacts>,
}

impl Context<'_> {
    fn facts(&mut self, id: &DocumentId) -> Result<&DocFacts> {
        if !self.docs.contains_key(id) {
            let coords = self
                .store
                .document_entities(id)?
                .into_iter()
                .filter_map(|e| Some((e.entity.id.clone(), (e.entity.lat?, e.entity.lon?))))
                .collect();
            let has_protest = self
                .store
                .document_events(id)?
                .iter()
                .any(|e| matches!(e.event.kind, EventType::Protest | EventType::Dispersal));
            let doc = self.store.get_document(id)?;
            let source = doc
                .as_ref()
                .map(|d| host(&d.locator).to_owned())
                .unwrap_or_default();
            let stored_at = doc.map_or(0, |d| d.provenance.at.timestamp());
            self.docs.insert(
                id.clone(),
                DocFacts {
                    coords,
                    has_protest,
                    source,
                    stored_at,
                },
            );
        }
        self.docs
            .get(id)
            .ok_or_else(|| anyhow::anyhow!("invariant: facts were just inserted"))
    }

    fn coords(&mut self, e: &StoredEvent) -> Result<Option<(f64, f64)>> {
        let Some(entity) = e.event.place.as_ref().and_then(|p| p.entity.clone()) else {
            return Ok(None);
        };
        Ok(self.facts(&e.document)?.coords.get(&entity).copied())
    }
}

fn host(locator: &str) -> &str {
    locator
        .split_once("://")
        .map_or(locator, |(_, rest)| rest.split('/').next().unwrap_or(rest))
}

fn jsonl(mut out: impl Write, events: &[StoredEvent]) -> Result<()> {
    for e in events {
        serde_json::to_writer(&mut out, e)?;
        writeln!(out)?;
    }
    Ok(())
}

fn date(e: &StoredEvent) -> Option<chrono::NaiveDate> {
    e.event.date.as_ref().and_then(|d| d.start)
}

fn csv_rows(out: impl Write, events: &[StoredEvent], ctx: &mut Context<'_>) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "document",
        "date",
        "type",
        "place",
        "country",
        "latitude",
        "longitude",
        "review",
        "trigger",
        "participants",
        "confidence",
        "title",
    ])?;
    for e in events {
        let place = e.event.place.as_ref();
        let coords = ctx.coords(e)?;
        let participants: Vec<String> = e
            .event
            .participants
            .iter()
            .map(|p| format!("{:?}: {}", p.role, p.text).to_lowercase())
            .collect();
        w.write_record([
            e.id.0.to_string(),
            e.document.to_string(),
            date(e).map(|d| d.to_string()).unwrap_or_default(),
            e.event.kind.as_str().to_owned(),
            place.and_then(|p| p.name.clone()).unwrap_or_default(),
            place.and_then(|p| p.country.clone()).unwrap_or_default(),
            coords.map(|c| c.0.to_string()).unwrap_or_default(),
            coords.map(|c| c.1.to_string()).unwrap_or_default(),
            e.review.as_str().to_owned(),
            e.event.trigger.text.clone(),
            participants.join("; "),
            format!("{:.2}", e.event.confidence),
            e.document_title.clone().unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// ACLED's disorder type, event type and sub-event type for an event, or why it has none.
fn acled_kind(e: &StoredEvent, at_protest: bool) -> Result<[&'static str; 3], String> {
    let ev = &e.event;
    let forceful = || {
        let t = ev.trigger.text.to_lowercase();
        FORCE_WORDS.iter().any(|w| t.contains(w))
    };
    Ok(match ev.kind {
        EventType::Protest => {
            if crowd(e).is_some_and(|n| n < 3) {
                return Err("protest of fewer than 3 people".to_owned());
            }
            ["Demonstrations", "Protests", "Peaceful protest"]
        }
        EventType::Dispersal if forceful() => [
            "Demonstrations",
            "Protests",
            "Excessive force against protesters",
        ],
        EventType::Dispersal => ["Demonstrations", "Protests", "Protest with intervention"],
        EventType::Detention if at_protest => {
            ["Demonstrations", "Protests", "Protest with intervention"]
        }
        EventType::Detention => [
            "Strategic developments",
            "Strategic developments",
            "Arrests",
        ],
        EventType::Disappearance => [
            "Political violence",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ],
        EventType::Raid => ["Strategic developments", "Strategic developments", "Other"],
        EventType::Abuse => ["Political violence", "Violence against civilians", "Attack"],
        other => return Err(format!("{} (no ACLED type)", other.as_str())),
    })
}

/// The number of people protesting, when the report says.
fn crowd(e: &StoredEvent) -> Option<u64> {
    let people: Vec<_> = e
        .event
        .participants
        .iter()
        .filter(|p| {
            matches!(
                p.role,
                ParticipantRole::Participant | ParticipantRole::Organizer
            )
        })
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

fn actor(e: &StoredEvent, roles: &[ParticipantRole]) -> Option<String> {
    e.event
        .participants
        .iter()
        .find(|p| roles.contains(&p.role))
        .map(|p| p.text.clone())
}

fn acled(out: impl Write, events: &[StoredEvent], ctx: &mut Context<'_>) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    let mut left_out: BTreeMap<String, u64> = BTreeMap::new();
    let mut written = 0u64;
    for e in events {
        let facts = ctx.facts(&e.document)?;
        let (has_protest, source, stored_at) =
            (facts.has_protest, facts.source.clone(), facts.stored_at);
        let kind = match acled_kind(e, has_protest) {
            Ok(kind) => kind,
            Err(why) => {
                *left_out.entry(why).or_default() += 1;
                continue;
            }
        };
        let Some(day) = date(e) else {
            *left_out.entry("no date".to_owned()).or_default() += 1;
            continue;
        };
        let row = acled_row(e, kind, day, ctx.coords(e)?, &source, stored_at);
        w.write_record(&row)?;
        written += 1;
    }
    w.flush()?;
    let skipped: u64 = left_out.values().sum();
    eprintln!("acled: {written} events written, {skipped} left out");
    for (why, n) in left_out {
        eprintln!("  {n:>5}  {why}");
    }
    Ok(())
}

fn acled_row(
    e: &StoredEvent,
    [disorder, event_type, sub_type]: [&str; 3],
    day: chrono::NaiveDate,
    coords: Option<(f64, f64)>,
    source: &str,
    stored_at: i64,
) -> Vec<String> {
    use chrono::Datelike;
    let ev = &e.event;
    let place = ev.place.as_ref();
    let cc = place.and_then(|p| p.country.clone()).unwrap_or_default();
    let protest_side = event_type == "Protests";
    let (actor1, inter1) = if protest_side {
        (format!("Protesters ({cc})"), 6)
    } else {
        let state = actor(e, &[ParticipantRole::Agent, ParticipantRole::Authority]);
        (state.unwrap_or_else(|| format!("Police Forces of {cc}")), 1)
    };
    let (actor2, inter2) = if protest_side {
        match actor(e, &[ParticipantRole::Agent, ParticipantRole::Authority]) {
            Some(a) => (a, 1),
            None => (String::new(), 0),
        }
    } else {
        match actor(e, &[ParticipantRole::Target]) {
            Some(t) => (format!("Civilians ({cc}): {t}"), 7),
            None => (format!("Civilians ({cc})"), 7),
        }
    };
    let interaction = match (inter1.min(inter2), inter1.max(inter2)) {
        (0, one) => one * 10,
        (a, b) => a * 10 + b,
    };
    let precision = match ev.date.as_ref().map(|d| d.precision) {
        Some(DatePrecision::Day) => "1",
        Some(DatePrecision::Week) => "2",
        _ => "3",
    };
    let geo = match place.map(|p| p.precision) {
        Some(PlacePrecision::Site | PlacePrecision::City) => "1",
        Some(PlacePrecision::Region) => "2",
        _ => "3",
    };
    let tags = ev
        .participants
        .iter()
        .filter_map(|p| p.count.as_ref().map(|c| format!("crowd size={}", c.text)))
        .next()
        .unwrap_or_default();
    vec![
        format!("{cc}{}", e.id.0),
        day.to_string(),
        day.year().to_string(),
        precision.to_owned(),
        disorder.to_owned(),
        event_type.to_owned(),
        sub_type.to_owned(),
        actor1,
        String::new(),
        inter1.to_string(),
        actor2,
        String::new(),
        if inter2 == 0 {
            String::new()
        } else {
            inter2.to_string()
        },
        interaction.to_string(),
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
        geo.to_owned(),
        source.to_owned(),
        String::new(),
        ev.trigger.text.clone(),
        "0".to_owned(),
        tags,
        stored_at.to_string(),
    ]
}

fn geojson(mut out: impl Write, events: &[StoredEvent], ctx: &mut Context<'_>) -> Result<()> {
    let mut features = Vec::new();
    let mut unplaced = 0u64;
    for e in events {
        let Some((lat, lon)) = ctx.coords(e)? else {
            unplaced += 1;
            continue;
        };
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": e.id.0,
                "type": e.event.kind.as_str(),
                "date": date(e),
                "place": e.event.place.as_ref().and_then(|p| p.name.clone()),
                "country": e.event.place.as_ref().and_then(|p| p.country.clone()),
                "review": e.review.as_str(),
                "trigger": e.event.trigger.text,
                "document": e.document,
            },
        }));
    }
    serde_json::to_writer(
        &mut out,
        &json!({"type": "FeatureCollection", "features": features}),
    )?;
    writeln!(out)?;
    if unplaced > 0 {
        eprintln!("geojson: {unplaced} events without coordinates left out");
    }
    Ok(())
}
