//! A small synthetic corpus for the story test: seven reports by fictional
//! outlets about fictional people, written for this test.

use chrono::{DateTime, NaiveDate, Utc};
use vigil_model::{
    Analysis, DatePrecision, DateSpan, Document, Entity, EntityKind, Event, EventType, Participant,
    ParticipantRole, Place, PlacePrecision, Range, Relation, RelationKind, Span, Status,
};

use crate::{NewDocument, Provenance, RawRecord};

/// A time on the story's day, `minute` minutes after 10:00 UTC.
pub fn at(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_687_200 + minute * 60, 0).expect("invariant: valid time")
}

/// The provenance of every machine proposal in the story.
pub fn machine() -> Provenance {
    Provenance::extractor("test", at(0))
}

/// A calendar date of the corpus.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("invariant: corpus dates are valid")
}

/// One event of a report, as a sentence and its facts.
pub struct EventSpec {
    /// Type.
    pub kind: EventType,
    /// The trigger word, found in the sentence.
    pub trigger: &'static str,
    /// The sentence.
    pub sentence: &'static str,
    /// The day it happened, if the report says.
    pub date: Option<&'static str>,
    /// The person it happened to.
    pub target: Option<&'static str>,
    /// The organisation that did it.
    pub agent: Option<&'static str>,
    /// The extractor's confidence.
    pub confidence: f64,
}

/// One report of the corpus.
pub struct ReportSpec {
    /// Short name used by the chapters.
    pub name: &'static str,
    /// Its address.
    pub url: &'static str,
    /// Headline.
    pub title: &'static str,
    /// Publication date.
    pub published: &'static str,
    /// The city of all its events: name, country, lat, lon.
    pub city: (&'static str, &'static str, f64, f64),
    /// A sentence of context before the events.
    pub lead: &'static str,
    /// Its events.
    pub events: Vec<EventSpec>,
}

fn ev(
    kind: EventType,
    trigger: &'static str,
    sentence: &'static str,
    date: Option<&'static str>,
    target: Option<&'static str>,
    agent: Option<&'static str>,
    confidence: f64,
) -> EventSpec {
    EventSpec {
        kind,
        trigger,
        sentence,
        date,
        target,
        agent,
        confidence,
    }
}

const BISHKEK: (&str, &str, f64, f64) = ("Bishkek", "KG", 42.87, 74.59);
const OSH: (&str, &str, f64, f64) = ("Osh", "KG", 40.53, 72.8);
const ALMATY: (&str, &str, f64, f64) = ("Almaty", "KZ", 43.24, 76.89);
const MINSK: (&str, &str, f64, f64) = ("Minsk", "BY", 53.9, 27.56);

/// The seven reports: ten events in three countries and four cities.
pub fn reports() -> Vec<ReportSpec> {
    use EventType::*;
    vec![
        ReportSpec {
            name: "a",
            url: "https://valmora-herald.example/2024/03/pensioners",
            title: "Pensioners detained at gas price rally",
            published: "2024-03-15",
            city: BISHKEK,
            lead: "Daniyar Osmonov, whose brother Nurlan Osmonov spoke to the Valmora Herald, is a retired teacher.",
            events: vec![
                ev(
                    Detention,
                    "detained",
                    "Bishkek police detained Daniyar Osmonov outside city hall on March 14.",
                    Some("2024-03-14"),
                    Some("Daniyar Osmonov"),
                    Some("Bishkek police"),
                    0.9,
                ),
                ev(
                    Protest,
                    "gathered",
                    "Pensioners gathered outside the government building to protest a rise in gas prices.",
                    Some("2024-03-14"),
                    None,
                    Some("Pensioners Union"),
                    0.8,
                ),
            ],
        },
        ReportSpec {
            name: "b",
            url: "https://steppe-courier.example/osmonov-fined",
            title: "Retired teacher fined in Osh",
            published: "2024-03-20",
            city: OSH,
            lead: "The case drew attention from teachers across the region.",
            events: vec![ev(
                Fine,
                "fined",
                "The Osh district court fined Daniyar Osmonov for an unauthorized gathering.",
                Some("2024-03-19"),
                Some("Daniyar Osmonov"),
                Some("Osh district court"),
                0.6,
            )],
        },
        ReportSpec {
            name: "c",
            url: "https://lakeside-daily.example/tuition-rally",
            title: "Students rally against tuition fees",
            published: "2024-04-02",
            city: ALMATY,
            lead: "The new fees were announced in February.",
            events: vec![
                ev(
                    Protest,
                    "rallied",
                    "Dozens of students rallied in Almaty against the new tuition fees.",
                    Some("2024-04-01"),
                    None,
                    None,
                    0.7,
                ),
                ev(
                    Dispersal,
                    "dispersed",
                    "Riot police dispersed the crowd after an hour.",
                    Some("2024-04-01"),
                    None,
                    Some("riot police"),
                    0.4,
                ),
            ],
        },
        ReportSpec {
            name: "d",
            url: "https://lakeside-daily.example/sadykova-sentenced",
            title: "Activist sentenced to ten days",
            published: "2024-04-10",
            city: ALMATY,
            lead: "Aigerim Sadykova organized the student rally.",
            events: vec![ev(
                Sentence,
                "sentenced",
                "The Almaty city court sentenced Aigerim Sadykova to ten days of administrative arrest.",
                Some("2024-04-09"),
                Some("Aigerim Sadykova"),
                Some("Almaty city court"),
                0.95,
            )],
        },
        ReportSpec {
            name: "e",
            url: "https://northern-ledger.example/lisitsky-raid",
            title: "Journalist's flat searched, journalist held",
            published: "2024-05-06",
            city: MINSK,
            lead: "Pavel Lisitsky writes about labour disputes.",
            events: vec![
                ev(
                    Raid,
                    "searched",
                    "Officers of the security service searched the flat of Pavel Lisitsky on Sunday.",
                    Some("2024-05-05"),
                    Some("Pavel Lisitsky"),
                    Some("security service"),
                    0.5,
                ),
                ev(
                    Detention,
                    "detained",
                    "The security service detained Pavel Lisitsky the same evening.",
                    Some("2024-05-05"),
                    Some("Pavel Lisitsky"),
                    Some("security service"),
                    0.85,
                ),
            ],
        },
        ReportSpec {
            name: "f",
            url: "https://northern-ledger.example/lisitsky-free",
            title: "Journalist released",
            published: "2024-05-20",
            city: MINSK,
            lead: "His colleagues had campaigned for two weeks.",
            events: vec![ev(
                Release,
                "released",
                "Pavel Lisitsky was released on Saturday.",
                Some("2024-05-18"),
                Some("Pavel Lisitsky"),
                None,
                0.3,
            )],
        },
        ReportSpec {
            name: "g",
            url: "https://valmora-herald.example/2024/03/sadykova-charged",
            title: "Activist charged",
            published: "2024-03-15",
            city: BISHKEK,
            lead: "The charge sheet was not made public.",
            events: vec![ev(
                Charge,
                "charged",
                "Aigerim Sadykova has been charged with organizing an unauthorized gathering.",
                None,
                Some("Aigerim Sadykova"),
                None,
                0.2,
            )],
        },
    ]
}

/// The corpus as documents ready to store, with raw pages.
pub fn documents() -> Vec<NewDocument> {
    reports().iter().map(new_document).collect()
}

/// One report ready to store: its analysis and a raw page of its own.
pub fn new_document(spec: &ReportSpec) -> NewDocument {
    let analysis = analyse(spec);
    let raw = RawRecord {
        url: Some(spec.url.to_owned()),
        fetched_at: at(1),
        http_status: Some(200),
        content_type: Some("text/html; charset=utf-8".to_owned()),
        etag: Some(format!("\"{}\"", spec.name)),
        last_modified: None,
        bytes: format!(
            "<html><h1>{}</h1><p>{}</p></html>",
            spec.title, analysis.document.text
        )
        .into_bytes(),
    };
    NewDocument {
        raw: Some(raw),
        ..NewDocument::new(analysis, machine())
    }
}

/// The analysis an extractor would give for `spec`.
pub fn analyse(spec: &ReportSpec) -> Analysis {
    let mut text = spec.lead.to_owned();
    for event in &spec.events {
        text.push_str("\n\n");
        text.push_str(event.sentence);
    }
    let mut document = Document::new(format!("{}.html", spec.name), text);
    document.url = Some(spec.url.to_owned());
    document.title = Some(spec.title.to_owned());
    document.published = Some(day(spec.published));
    document.language = Some("en".to_owned());
    let mut analysis = Analysis::new(document);
    let (city, country, lat, lon) = spec.city;
    let mut place = Entity::new("n1", EntityKind::Location, city);
    place.country = Some(country.to_owned());
    place.lat = Some(lat);
    place.lon = Some(lon);
    analysis.entities.push(place);
    add_lead_people(&mut analysis, spec.lead);
    for (i, event) in spec.events.iter().enumerate() {
        let built = build_event(&mut analysis, i + 1, event, spec.city);
        analysis.events.push(built);
    }
    analysis
}

/// Every name in the lead becomes a person; "brother" makes a relation.
fn add_lead_people(analysis: &mut Analysis, lead: &str) {
    for name in [
        "Daniyar Osmonov",
        "Nurlan Osmonov",
        "Aigerim Sadykova",
        "Pavel Lisitsky",
    ] {
        if lead.contains(name) {
            entity_for(analysis, EntityKind::Person, name);
        }
    }
    if lead.contains("brother Nurlan Osmonov") {
        let target = entity_for(analysis, EntityKind::Person, "Nurlan Osmonov");
        let holder = entity_for(analysis, EntityKind::Person, "Daniyar Osmonov");
        let evidence = span(&analysis.document.text, "brother Nurlan Osmonov");
        if let Some(e) = analysis.entities.iter_mut().find(|e| e.id == holder) {
            e.relations.push(Relation {
                kind: RelationKind::Sibling,
                target,
                evidence,
            });
        }
    }
}

/// The local id of the entity named `name`, added if new.
fn entity_for(analysis: &mut Analysis, kind: EntityKind, name: &str) -> String {
    if let Some(e) = analysis.entities.iter().find(|e| e.name == name) {
        return e.id.clone();
    }
    let id = format!("n{}", analysis.entities.len() + 1);
    let mut entity = Entity::new(id.clone(), kind, name);
    let found = span(&analysis.document.text, name);
    entity.mentions.push((found.start, found.end));
    if kind == EntityKind::Person {
        entity.role = Some("activist".to_owned());
    }
    analysis.entities.push(entity);
    id
}

/// The first occurrence of `needle` in the (ASCII) text as a span.
fn span(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or(0);
    Span {
        start,
        end: start + needle.len(),
        text: needle.to_owned(),
    }
}

fn build_event(
    analysis: &mut Analysis,
    n: usize,
    spec: &EventSpec,
    city: (&str, &str, f64, f64),
) -> Event {
    let text = analysis.document.text.clone();
    let sentence = span(&text, spec.sentence);
    let trigger_at = sentence.start + spec.sentence.find(spec.trigger).unwrap_or(0);
    let mut participants = Vec::new();
    for (name, role, kind) in [
        (spec.target, ParticipantRole::Target, EntityKind::Person),
        (spec.agent, ParticipantRole::Agent, EntityKind::Organization),
    ] {
        if let Some(name) = name {
            let entity = entity_for(analysis, kind, name);
            participants.push(Participant {
                role,
                entity: Some(entity),
                text: name.to_owned(),
                count: None,
                related: None,
            });
        }
    }
    Event {
        id: format!("e{n}"),
        kind: spec.kind,
        trigger: Span {
            start: trigger_at,
            end: trigger_at + spec.trigger.len(),
            text: spec.trigger.to_owned(),
        },
        sentence: sentence.range(),
        date: spec.date.map(|d| DateSpan {
            start: Some(day(d)),
            end: Some(day(d)),
            precision: DatePrecision::Day,
            text: d.to_owned(),
            anchor: None,
        }),
        place: Some(Place {
            entity: Some("n1".to_owned()),
            name: Some(city.0.to_owned()),
            country: Some(city.1.to_owned()),
            site: None,
            precision: PlacePrecision::City,
        }),
        participants,
        claim: None,
        force: Vec::new(),
        charge: None,
        penalty: None,
        appeal: None,
        status: Status::default(),
        evidence: vec![Range {
            start: sentence.start,
            end: sentence.end,
        }],
        confidence: spec.confidence,
    }
}
