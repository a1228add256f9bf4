//! Measurements for `scripts/bench-postgres.sh`:
//!
//! - `store_bench latency URL…`: search, facet and timeline latency (p50, p95, max) of
//!   each store (`sqlite:PATH` or `postgres://…`) over a fixed set of queries;
//! - `store_bench same URL URL`: whether two stores hold the same documents with the same
//!   events (local id and type) and the same counts, whatever ids they were given.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use vigil_model::EventType;
use vigil_store::{EventFilter, PageRequest, ReviewState, Sort, Store};
use vigil_store_postgres::{PostgresStore, is_postgres_url};
use vigil_store_sqlite::SqliteStore;

type Failure = Box<dyn std::error::Error>;

fn open(url: &str) -> Result<Box<dyn Store>, Failure> {
    Ok(if is_postgres_url(url) {
        Box::new(PostgresStore::open_url(url)?)
    } else {
        Box::new(SqliteStore::open_url(url)?)
    })
}

/// The queries a search page makes: plain lists, filters, words, facets and the timeline.
fn queries() -> Vec<(&'static str, EventFilter, Sort)> {
    let words = |t: &str| EventFilter {
        text: Some(t.to_owned()),
        ..EventFilter::default()
    };
    vec![
        ("newest", EventFilter::default(), Sort::Newest),
        (
            "review queue",
            EventFilter {
                review: vec![ReviewState::Proposed],
                ..EventFilter::default()
            },
            Sort::LeastConfident,
        ),
        (
            "type",
            EventFilter {
                types: vec![EventType::Detention],
                ..EventFilter::default()
            },
            Sort::Newest,
        ),
        (
            "country",
            EventFilter {
                countries: vec!["KG".to_owned()],
                ..EventFilter::default()
            },
            Sort::Newest,
        ),
        ("word", words("police"), Sort::Newest),
        ("prefix", words("detain*"), Sort::Newest),
        ("phrase", words("\"riot police\""), Sort::Newest),
        (
            "word and type",
            EventFilter {
                types: vec![EventType::Protest],
                ..words("pension*")
            },
            Sort::Oldest,
        ),
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn latency(urls: &[String]) -> Result<(), Failure> {
    for url in urls {
        let store = open(url)?;
        let stats = store.stats()?;
        let mut all = Vec::new();
        let mut facets = Vec::new();
        for round in 0..12 {
            for (_, filter, sort) in queries() {
                let t = Instant::now();
                store.search(&filter, sort, &PageRequest::first(50))?;
                // The first round warms caches and is not counted.
                if round > 0 {
                    all.push(t.elapsed());
                }
                let t = Instant::now();
                store.facets(&filter)?;
                store.timeline(&filter)?;
                if round > 0 {
                    facets.push(t.elapsed());
                }
            }
        }
        all.sort();
        facets.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let scheme = url.split(':').next().unwrap_or_default();
        println!(
            "{scheme}: {} events; search p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; \
             facets+timeline p50 {:.1} ms, p95 {:.1} ms ({} searches)",
            stats.events,
            ms(percentile(&all, 0.5)),
            ms(percentile(&all, 0.95)),
            ms(percentile(&all, 1.0)),
            ms(percentile(&facets, 0.5)),
            ms(percentile(&facets, 0.95)),
            all.len()
        );
    }
    Ok(())
}

type Contents = (BTreeMap<String, Vec<(String, String)>>, [u64; 5]);

fn contents(store: &dyn Store) -> Result<Contents, Failure> {
    let mut documents = BTreeMap::new();
    let mut page = PageRequest::first(1000);
    loop {
        let listed = store.list_documents(None, &page)?;
        for summary in &listed.items {
            let mut events: Vec<(String, String)> = store
                .document_events(&summary.id)?
                .into_iter()
                .map(|e| (e.event.id, e.event.kind.as_str().to_owned()))
                .collect();
            events.sort();
            documents.insert(summary.id.to_string(), events);
        }
        match listed.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let s = store.stats()?;
    Ok((
        documents,
        [
            s.documents,
            s.raw_pages,
            s.events,
            s.event_versions,
            s.entities,
        ],
    ))
}

fn same(a: &str, b: &str) -> Result<bool, Failure> {
    let (left, right) = (contents(&*open(a)?)?, contents(&*open(b)?)?);
    println!(
        "documents, raw pages, events, event versions, entities: {:?} and {:?}",
        left.1, right.1
    );
    let equal = left == right;
    println!(
        "{}",
        if equal {
            "the same documents with the same events"
        } else {
            "the stores DIFFER"
        }
    );
    Ok(equal)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("latency") if args.len() > 1 => latency(&args[1..]).map(|()| true),
        Some("same") if args.len() == 3 => same(&args[1], &args[2]),
        _ => {
            eprintln!("usage: store_bench latency URL… | store_bench same URL URL");
            return ExitCode::FAILURE;
        }
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("store_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
