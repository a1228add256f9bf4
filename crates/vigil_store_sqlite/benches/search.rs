//! Search over 100,000 stored events: a full-text query with two filters.
//!
//! `cargo bench -p vigil_store_sqlite --bench search` builds a store of
//! synthetic reports (word lists below, no real text), prints p50/p95/max of
//! 200 varied queries, then runs criterion on representative queries.
//! `VIGIL_BENCH_EVENTS` changes the number of events (default 100,000);
//! `VIGIL_BENCH_DB=path` keeps the generated database there and reuses it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate};
use criterion::Criterion;
use vigil_model::{
    Analysis, DatePrecision, DateSpan, Document, Entity, EntityKind, Event, EventType, Participant,
    ParticipantRole, Place, PlacePrecision, Range, Span, Status,
};
use vigil_store::{EventFilter, NewDocument, PageRequest, Provenance, Sort, Store};
use vigil_store_sqlite::SqliteStore;

const FIRST: &[&str] = &[
    "Aigul", "Bakyt", "Dana", "Erlan", "Farida", "Gulnara", "Ilyas", "Jamila", "Kairat", "Lola",
    "Marat", "Nigora", "Oleg", "Polina", "Ruslan", "Saule", "Timur", "Umida", "Vera", "Zarina",
];
const LAST: &[&str] = &[
    "Abenov",
    "Berikova",
    "Chorieva",
    "Dosova",
    "Ermekov",
    "Fazilova",
    "Galiev",
    "Husainova",
    "Ismoilov",
    "Jumaeva",
    "Kasymov",
    "Lebedeva",
    "Mirzoev",
    "Nurlanova",
    "Orlov",
    "Petrova",
    "Rakhimov",
    "Sultanova",
    "Tashkentov",
    "Usmanova",
    "Valiev",
    "Yusupova",
    "Zhakupov",
];
const PLACES: &[(&str, &str, f64, f64)] = &[
    ("Varnek", "KG", 42.8, 74.6),
    ("Osmara", "KG", 40.5, 72.8),
    ("Telmir", "KZ", 43.2, 76.9),
    ("Qarasu", "KZ", 51.1, 71.4),
    ("Minova", "BY", 53.9, 27.5),
    ("Grodel", "BY", 53.6, 23.8),
    ("Samtov", "UZ", 39.6, 66.9),
    ("Tashlin", "UZ", 41.3, 69.2),
    ("Dushan", "TJ", 38.5, 68.7),
    ("Bakur", "AZ", 40.4, 49.8),
    ("Tiflen", "GE", 41.7, 44.8),
    ("Yerev", "AM", 40.2, 44.5),
    ("Ankor", "TR", 39.9, 32.8),
    ("Kazir", "RU", 55.8, 49.1),
    ("Novor", "RU", 55.0, 82.9),
];
const SUBJECTS: &[&str] = &[
    "pensioners",
    "students",
    "teachers",
    "farmers",
    "journalists",
    "doctors",
    "miners",
    "drivers",
    "residents",
    "lawyers",
    "workers",
    "mothers",
    "bloggers",
    "veterans",
];
const CAUSES: &[&str] = &[
    "gas prices",
    "tuition fees",
    "a new mine",
    "unpaid wages",
    "the election result",
    "a demolished market",
    "water shortages",
    "a closed clinic",
    "rising rents",
    "a road toll",
    "a banned newspaper",
    "pension cuts",
    "a border closure",
    "internet outages",
];
const ORGS: &[&str] = &[
    "city police",
    "district court",
    "security service",
    "interior ministry",
    "riot police",
    "prosecutor's office",
    "regional court",
    "migration service",
];
const FILLER: &[&str] = &[
    "Witnesses said the square was calm in the morning.",
    "The ministry did not answer questions from reporters.",
    "Relatives waited outside the building until late evening.",
    "A lawyer said she had not been allowed to see her client.",
    "Local media carried photographs of the crowd.",
    "The organisers had asked for permission a week earlier.",
    "Several shops near the square closed early.",
    "Human rights groups called for an independent inquiry.",
];

/// A small deterministic generator, so every run builds the same store.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// One synthetic report with `events` events, all in one place.
fn report(rng: &mut Rng, n: usize, events: usize) -> Analysis {
    let (city, country, lat, lon) = *rng.pick(PLACES);
    let day0 = NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date");
    let date = day0 + chrono::Days::new(rng.below(6 * 365) as u64);
    let mut text = format!("{} {}", city.to_uppercase(), rng.pick(FILLER));
    let mut entities = vec![located(city, country, lat, lon)];
    let mut specs = Vec::new();
    for i in 0..events {
        let kind = *rng.pick(&EventType::ALL);
        let who = person(rng);
        let org = *rng.pick(ORGS);
        let sentence = format!(
            " {who}, one of the {} protesting {}, was named in a {} case by the {org} in {city}.",
            rng.pick(SUBJECTS),
            rng.pick(CAUSES),
            kind.as_str(),
        );
        let start = text.chars().count() + 1;
        text.push_str(&sentence);
        text.push(' ');
        let filler = *rng.pick(FILLER);
        text.push_str(filler);
        let end = start + sentence.chars().count() - 1;
        entities.push(Entity::new(
            format!("p{i}"),
            EntityKind::Person,
            who.clone(),
        ));
        entities.push(Entity::new(format!("o{i}"), EntityKind::Organization, org));
        specs.push((kind, who, org, start, end, i));
    }
    let mut document = Document::new(format!("bench/{n}.html"), text);
    document.url = Some(format!("https://bench.example/{n}"));
    document.title = Some(format!("Report {n} from {city}"));
    document.published = Some(date + chrono::Days::new(1));
    let mut analysis = Analysis::new(document);
    analysis.entities = entities;
    for (kind, who, org, start, end, i) in specs {
        analysis.events.push(event(
            rng,
            kind,
            (&who, org),
            (start, end),
            i,
            date,
            (city, country),
        ));
    }
    analysis
}

fn located(city: &str, country: &str, lat: f64, lon: f64) -> Entity {
    let mut place = Entity::new("l0", EntityKind::Location, city);
    place.country = Some(country.to_owned());
    (place.lat, place.lon) = (Some(lat), Some(lon));
    place
}

fn event(
    rng: &mut Rng,
    kind: EventType,
    (who, org): (&str, &str),
    (start, end): (usize, usize),
    i: usize,
    date: NaiveDate,
    (city, country): (&str, &str),
) -> Event {
    Event {
        id: format!("e{}", i + 1),
        kind,
        trigger: Span {
            start,
            end: start + 1,
            text: who.chars().take(1).collect(),
        },
        sentence: Range { start, end },
        date: Some(DateSpan {
            start: Some(date),
            end: Some(date),
            precision: DatePrecision::Day,
            text: date.to_string(),
            anchor: None,
        }),
        place: Some(Place {
            entity: Some("l0".to_owned()),
            name: Some(city.to_owned()),
            country: Some(country.to_owned()),
            site: None,
            precision: PlacePrecision::City,
        }),
        participants: vec![
            participant(ParticipantRole::Target, &format!("p{i}"), who),
            participant(ParticipantRole::Agent, &format!("o{i}"), org),
        ],
        claim: None,
        force: Vec::new(),
        charge: None,
        penalty: None,
        appeal: None,
        status: Status::default(),
        evidence: vec![Range { start, end }],
        confidence: (rng.below(1000) as f64) / 1000.0,
    }
}

fn participant(role: ParticipantRole, entity: &str, text: &str) -> Participant {
    Participant {
        role,
        entity: Some(entity.to_owned()),
        text: text.to_owned(),
        count: None,
        related: None,
    }
}

/// Fills `store` with reports of 1 to 5 events until `events` are stored.
fn fill(store: &SqliteStore, events: usize) -> (usize, Duration) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let at = DateTime::from_timestamp(1_795_687_200, 0).expect("valid time");
    let prov = Provenance::extractor("bench", at);
    let (mut stored, mut docs, started) = (0, 0, Instant::now());
    while stored < events {
        let mut batch = Vec::with_capacity(500);
        while batch.len() < 500 && stored < events {
            let n = (1 + rng.below(5)).min(events - stored);
            batch.push(NewDocument::new(report(&mut rng, docs, n), prov.clone()));
            stored += n;
            docs += 1;
        }
        for outcome in store.put_documents(&batch).expect("batch stored") {
            outcome.expect("document stored");
        }
    }
    (docs, started.elapsed())
}

/// The i-th query of the p95 run: a cause or subject word, a type, a country.
fn query(i: usize) -> EventFilter {
    let mut rng = Rng(0x51_7cc1_b727_220a ^ ((i as u64 + 1) * 0x2545_f491_4f6c_dd1d));
    let words = if i.is_multiple_of(2) {
        *rng.pick(CAUSES)
    } else {
        *rng.pick(SUBJECTS)
    };
    EventFilter {
        text: Some(words.to_owned()),
        types: vec![*rng.pick(&EventType::ALL)],
        countries: vec![rng.pick(PLACES).1.to_owned()],
        ..EventFilter::default()
    }
}

fn percentiles(store: &SqliteStore) {
    let page = PageRequest::first(50);
    let mut times = Vec::with_capacity(200);
    let mut hits = 0;
    for i in 0..200 {
        let filter = query(i);
        let started = Instant::now();
        let found = store
            .search(&filter, Sort::Newest, &page)
            .expect("search runs");
        times.push(started.elapsed());
        hits += found.items.len();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "search p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over 200 full-text queries with two filters ({hits} hits)",
        ms(times[100]),
        ms(times[189]),
        ms(times[199])
    );
}

fn main() {
    let events: usize = std::env::var("VIGIL_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    // VIGIL_BENCH_DB keeps the generated store for the next run.
    let path = std::env::var_os("VIGIL_BENCH_DB")
        .map_or_else(|| dir.path().join("bench.db"), std::path::PathBuf::from);
    let reuse = path.exists();
    let store = SqliteStore::open(&path).expect("opens");
    if !reuse {
        let (docs, took) = fill(&store, events);
        println!(
            "stored {events} events in {docs} reports in {:.1} s ({:.0} reports/s)",
            took.as_secs_f64(),
            docs as f64 / took.as_secs_f64()
        );
    }
    percentiles(&store);
    let mut c = Criterion::default().configure_from_args();
    let page = PageRequest::first(50);
    let filter = EventFilter {
        text: Some("gas prices".to_owned()),
        types: vec![EventType::Detention],
        countries: vec!["KG".to_owned()],
        ..EventFilter::default()
    };
    c.bench_function("search: text + type + country, first page", |b| {
        b.iter(|| {
            store
                .search(black_box(&filter), Sort::Newest, &page)
                .expect("search runs")
        });
    });
    c.bench_function("facets: text + type + country", |b| {
        b.iter(|| store.facets(black_box(&filter)).expect("facets run"));
    });
    c.bench_function("review queue: first page", |b| {
        b.iter(|| {
            store
                .review_queue(black_box(&EventFilter::default()), &page)
                .expect("queue runs")
        });
    });
    c.final_summary();
}
