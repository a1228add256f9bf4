//! Fills a SQLite store with many synthetic events (default 100,000) for
//! measuring page weight and latency at scale:
//! `cargo run --release -p vigil_server --example bulk_db -- bulk.db 100000`.
//!
//! Each document is a story-corpus report re-dated and re-placed 50 times over
//! fictional towns with real-world coordinates; no report text from anywhere.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use vigil_model::{DatePrecision, DateSpan, Entity, EntityKind, EventType, Place, PlacePrecision};
use vigil_store::testing::corpus;
use vigil_store::{NewDocument, Store};
use vigil_store_sqlite::SqliteStore;

const PER_DOCUMENT: usize = 50;
const TOWNS: &[(&str, &str, f64, f64)] = &[
    ("Varnek", "KG", 42.87, 74.59),
    ("Osmara", "KG", 40.53, 72.80),
    ("Telmir", "KZ", 43.24, 76.89),
    ("Qarasu", "KZ", 51.13, 71.43),
    ("Minova", "BY", 53.90, 27.56),
    ("Grodel", "BY", 53.68, 23.83),
    ("Samtov", "UZ", 39.65, 66.96),
    ("Tashlin", "UZ", 41.30, 69.24),
    ("Dushan", "TJ", 38.56, 68.77),
    ("Bakur", "AZ", 40.41, 49.87),
    ("Tiflen", "GE", 41.72, 44.79),
    ("Yeravan", "AM", 40.18, 44.51),
    ("Moskel", "RU", 55.75, 37.62),
    ("Kazen", "RU", 55.79, 49.12),
    ("Novosk", "RU", 55.03, 82.92),
    ("Ashgal", "TM", 37.95, 58.38),
    ("Kyvin", "UA", 50.45, 30.52),
    ("Istel", "TR", 41.01, 28.98),
    ("Tehrun", "IR", 35.69, 51.39),
    ("Kairo", "EG", 30.04, 31.24),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "bulk.db".to_owned());
    let events: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let store = SqliteStore::open(&path)?;
    let base = corpus::analyse(&corpus::reports()[0]);
    let template = base
        .events
        .first()
        .ok_or("the corpus report has an event")?
        .clone();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("valid date")?;
    let started = Instant::now();
    let documents = events.div_ceil(PER_DOCUMENT);
    let mut batch = Vec::new();
    for d in 0..documents {
        let mut analysis = base.clone();
        let doc = &mut analysis.document;
        doc.text.push_str(&format!("\n\nBulletin number {d}."));
        doc.id = vigil_model::document_id(&doc.text);
        doc.url = Some(format!("https://bulk.example/bulletin/{d}"));
        let first_town = analysis.entities.len() + 1;
        for (i, (name, country, lat, lon)) in TOWNS.iter().enumerate() {
            let mut town = Entity::new(format!("n{}", first_town + i), EntityKind::Location, *name);
            town.country = Some((*country).to_owned());
            (town.lat, town.lon) = (Some(*lat), Some(*lon));
            analysis.entities.push(town);
        }
        analysis.events = (0..PER_DOCUMENT.min(events - d * PER_DOCUMENT))
            .map(|j| {
                let n = d * PER_DOCUMENT + j;
                let (name, country, ..) = TOWNS[(n * 7 + n / 13) % TOWNS.len()];
                let day = start + Duration::days(((n * 37) % 700) as i64);
                let mut event = template.clone();
                event.id = format!("e{}", j + 1);
                event.kind = EventType::ALL[n % EventType::ALL.len()];
                event.date = Some(DateSpan {
                    start: Some(day),
                    end: Some(day),
                    precision: DatePrecision::Day,
                    text: day.to_string(),
                    anchor: None,
                });
                event.place = Some(Place {
                    entity: Some(format!("n{}", first_town + (n * 7 + n / 13) % TOWNS.len())),
                    name: Some(name.to_owned()),
                    country: Some(country.to_owned()),
                    site: None,
                    precision: PlacePrecision::City,
                });
                event.confidence = (n % 100) as f64 / 100.0;
                event
            })
            .collect();
        batch.push(NewDocument::new(analysis, corpus::machine()));
        if batch.len() == 100 || d + 1 == documents {
            for outcome in store.put_documents(&batch)? {
                outcome?;
            }
            batch.clear();
        }
    }
    let stats = store.stats()?;
    println!(
        "{path}: {} documents, {} events in {:.1} s",
        stats.documents,
        stats.events,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
