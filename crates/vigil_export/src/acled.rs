//! ACLED's 31 columns, coded by ACLED's codebook: event and sub-event types
//! as TAXONOMY.md maps Vigil's types, actors with their `inter` codes and the
//! `interaction` they make, `time_precision` from the date's precision,
//! country name, ISO numeric code, region and the `event_id_cnty` prefix from
//! `data/export/countries.tsv`, and the outlet as `source`.

use chrono::{Datelike, NaiveDate};
use vigil_model::{DatePrecision, EventType, ParticipantRole, PlacePrecision};
use vigil_store::StoredEvent;

use crate::countries::{self, Country};
use crate::{PROTESTERS, STATE, first_name, names};

/// ACLED's columns, in ACLED's order.
pub const COLUMNS: [&str; 31] = [
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

/// Words of a state agent that make it ACLED's military rather than its police.
const MILITARY_WORDS: [&str; 6] = [
    "soldier",
    "troop",
    "army",
    "military",
    "national guard",
    "servicem",
];

const PEACEFUL: &str = "Peaceful protest";
const INTERVENTION: &str = "Protest with intervention";
const EXCESSIVE: &str = "Excessive force against protesters";

/// ACLED's disorder type, event type and sub-event type, as TAXONOMY.md maps them.
pub(crate) type Kind = [&'static str; 3];

/// The event's ACLED kind, or why ACLED has no row for it.
pub(crate) fn kind(e: &StoredEvent, at_protest: bool) -> Result<Kind, String> {
    const DEMONSTRATIONS: &str = "Demonstrations";
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
        EventType::Protest => [DEMONSTRATIONS, "Protests", PEACEFUL],
        EventType::Dispersal if forceful() => [DEMONSTRATIONS, "Protests", EXCESSIVE],
        EventType::Dispersal => [DEMONSTRATIONS, "Protests", INTERVENTION],
        EventType::Detention if at_protest => [DEMONSTRATIONS, "Protests", INTERVENTION],
        EventType::Detention => [STRATEGIC, STRATEGIC, "Arrests"],
        EventType::Disappearance => [
            VIOLENCE,
            "Violence against civilians",
            "Abduction/forced disappearance",
        ],
        EventType::Raid => [STRATEGIC, STRATEGIC, "Other"],
        EventType::Abuse => [VIOLENCE, "Violence against civilians", "Attack"],
        EventType::Killing if at_protest => [DEMONSTRATIONS, "Protests", EXCESSIVE],
        EventType::Killing => [VIOLENCE, "Violence against civilians", "Attack"],
        other => return Err(format!("{} (no ACLED type)", other.as_str())),
    })
}

/// The number of people protesting, when the report says: the largest count
/// of participants or organisers, else the number of them when all are named.
pub(crate) fn crowd(e: &StoredEvent) -> Option<u64> {
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

/// The two sides of an ACLED row: actor, associated actors, inter code
/// (none for the missing second actor of a one-sided event).
#[derive(Debug)]
pub(crate) struct Sides {
    pub(crate) actor1: String,
    pub(crate) assoc1: String,
    pub(crate) inter1: u8,
    pub(crate) actor2: String,
    pub(crate) assoc2: String,
    pub(crate) inter2: Option<u8>,
}

/// The state's side as ACLED names it: its military or police forces of the
/// country, with the unit the report names as an associated actor.
fn state_side(e: &StoredEvent, country: &str) -> (String, String) {
    let named = first_name(e, &STATE);
    let military = named.as_deref().is_some_and(|n| {
        let n = n.to_lowercase();
        MILITARY_WORDS.iter().any(|w| n.contains(w))
    });
    let force = if military { "Military" } else { "Police" };
    (
        format!("{force} Forces of {country}"),
        named.unwrap_or_default(),
    )
}

/// Who faces whom, by the codebook: a peaceful protest is protesters alone (60);
/// a protest met by intervention or excessive force has the state as actor 2
/// (16), named or not; arrests, raids, attacks and abductions are the state
/// (1) against civilians (7).
pub(crate) fn sides(e: &StoredEvent, sub_event: &str, country: &str) -> Sides {
    let protesters = || format!("Protesters ({country})");
    match sub_event {
        PEACEFUL => Sides {
            actor1: protesters(),
            assoc1: names(e, &[ParticipantRole::Organizer]),
            inter1: 6,
            actor2: String::new(),
            assoc2: String::new(),
            inter2: None,
        },
        INTERVENTION | EXCESSIVE => {
            let (actor2, assoc2) = state_side(e, country);
            Sides {
                actor1: protesters(),
                assoc1: names(e, &[ParticipantRole::Organizer]),
                inter1: 6,
                actor2,
                assoc2,
                inter2: Some(1),
            }
        }
        _ => {
            let (actor1, assoc1) = state_side(e, country);
            Sides {
                actor1,
                assoc1,
                inter1: 1,
                actor2: format!("Civilians ({country})"),
                assoc2: names(e, &[ParticipantRole::Target]),
                inter2: Some(7),
            }
        }
    }
}

/// ACLED's interaction code: the two inter codes, lower first; a lone actor's code times ten.
pub(crate) fn interaction(a: u8, b: Option<u8>) -> String {
    match b {
        None => (u32::from(a) * 10).to_string(),
        Some(b) => format!("{}{}", a.min(b), a.max(b)),
    }
}

/// ACLED's event date and time precision: the day itself (1); the middle of a
/// week ("last week", "mid-April") or of a span of days up to a week long (2);
/// the middle of a longer span, a month or a year (3). An undated event takes
/// its report's publication date at precision 3.
pub(crate) fn when(e: &StoredEvent) -> Option<(NaiveDate, u8)> {
    let date = e.event.date.as_ref();
    let Some((start, span)) = date.and_then(|d| Some((d.start?, d))) else {
        return e.published.map(|p| (p, 3));
    };
    let end = span.end.filter(|end| *end >= start).unwrap_or(start);
    let days = (end - start).num_days();
    let middle = start + (end - start) / 2;
    Some(match span.precision {
        DatePrecision::Day if days == 0 => (start, 1),
        DatePrecision::Week => (middle, 2),
        DatePrecision::Day if days <= 7 => (middle, 2),
        _ => (middle, 3),
    })
}

/// What an ACLED row needs from outside the event: its place's coordinates
/// and first-level region, the outlet that reported it, and the one country
/// all places of the report lie in (for an event the report does not place).
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub(crate) coords: Option<(f64, f64)>,
    pub(crate) admin1: Option<String>,
    /// The outlets of every report of the event's incident, the event's own first.
    pub(crate) outlets: Vec<String>,
    /// The stored incident, if the event is in one.
    pub(crate) incident: Option<i64>,
    pub(crate) report_country: Option<String>,
}

/// The ACLED row of an event of ACLED kind `kind`, or why there is none.
pub(crate) fn row(
    e: &StoredEvent,
    [disorder, event_type, sub_type]: Kind,
    facts: &Facts,
) -> Result<Vec<String>, String> {
    let ev = &e.event;
    let (day, time_precision) = when(e).ok_or("no date")?;
    let place = ev.place.as_ref();
    let country: &Country = place
        .and_then(|p| p.country.as_deref())
        .or(facts.report_country.as_deref())
        .and_then(countries::by_alpha2)
        .ok_or("no country")?;
    let geo_precision = match place.map(|p| p.precision) {
        Some(PlacePrecision::Site | PlacePrecision::City) => "1",
        Some(PlacePrecision::Region) => "2",
        _ => "3",
    };
    let s = sides(e, sub_type, &country.name);
    let tags = if event_type == "Protests" {
        crowd_tag(e)
    } else {
        String::new()
    };
    Ok(vec![
        format!("{}{}", country.alpha3, e.id),
        day.to_string(),
        day.year().to_string(),
        time_precision.to_string(),
        disorder.to_owned(),
        event_type.to_owned(),
        sub_type.to_owned(),
        s.actor1,
        s.assoc1,
        s.inter1.to_string(),
        s.actor2,
        s.assoc2,
        s.inter2.map(|c| c.to_string()).unwrap_or_default(),
        interaction(s.inter1, s.inter2),
        if event_type == "Violence against civilians" {
            "Civilian targeting".to_owned()
        } else {
            String::new()
        },
        country.numeric.to_string(),
        country.region.clone(),
        country.name.clone(),
        facts.admin1.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        place.and_then(|p| p.name.clone()).unwrap_or_default(),
        facts
            .coords
            .map(|c| format!("{:.4}", c.0))
            .unwrap_or_default(),
        facts
            .coords
            .map(|c| format!("{:.4}", c.1))
            .unwrap_or_default(),
        geo_precision.to_owned(),
        facts.outlets.join("; "),
        String::new(),
        notes(e, facts),
        fatalities(ev).to_string(),
        tags,
        e.provenance.at.timestamp().to_string(),
    ])
}

/// ACLED's `notes`: the Vigil event, its incident and how many sources tell of it.
fn notes(e: &StoredEvent, facts: &Facts) -> String {
    let ev = &e.event;
    let sources = facts.outlets.len().max(1);
    let plural = if sources == 1 { "" } else { "s" };
    match facts.incident {
        Some(i) => format!(
            "Vigil incident {i}, event {} ({}): {}; {sources} source{plural}",
            e.id,
            ev.kind.as_str(),
            ev.trigger.text
        ),
        None => format!(
            "Vigil event {} ({}): {}; {sources} source{plural}",
            e.id,
            ev.kind.as_str(),
            ev.trigger.text
        ),
    }
}

/// ACLED's `fatalities`: for a killing, the number killed — the counts of its targets, one
/// for each target without a count, and at least one; no one for any other event.
pub(crate) fn fatalities(ev: &vigil_model::Event) -> u64 {
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
pub(crate) fn crowd_tag(e: &StoredEvent) -> String {
    e.event
        .participants
        .iter()
        .filter(|p| PROTESTERS.contains(&p.role))
        .find_map(|p| p.count.as_ref())
        .map(|c| format!("crowd size={}", c.text))
        .unwrap_or_default()
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

    fn dated(mut e: StoredEvent, start: &str, end: &str, precision: &str) -> StoredEvent {
        e.event.date = Some(
            serde_json::from_value(json!({
                "start": start, "end": end, "precision": precision, "text": "then"
            }))
            .expect("a date span"),
        );
        e
    }

    fn placed(mut e: StoredEvent, country: &str) -> StoredEvent {
        e.event.place = Some(
            serde_json::from_value(json!({
                "entity": null, "name": "Osh", "country": country, "site": null,
                "precision": "city"
            }))
            .expect("a place"),
        );
        e
    }

    #[test]
    fn acled_types_follow_the_taxonomy() {
        let kind = |k: &str, trigger: &str, at_protest: bool| {
            kind(&event(k, trigger, &json!([])), at_protest).map(|k| k[2])
        };
        assert_eq!(kind("protest", "rallied", false), Ok(PEACEFUL));
        assert_eq!(kind("dispersal", "fired tear gas", false), Ok(EXCESSIVE));
        assert_eq!(kind("dispersal", "dispersed", false), Ok(INTERVENTION));
        assert_eq!(kind("detention", "detained", true), Ok(INTERVENTION));
        assert_eq!(kind("detention", "detained", false), Ok("Arrests"));
        assert_eq!(
            kind("disappearance", "went missing", false),
            Ok("Abduction/forced disappearance")
        );
        assert_eq!(kind("raid", "searched", false), Ok("Other"));
        assert_eq!(kind("abuse", "beaten", false), Ok("Attack"));
        assert_eq!(kind("killing", "shot dead", true), Ok(EXCESSIVE));
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
        assert_eq!(kind(&e, false).map(|k| k[2]), Ok(INTERVENTION));
        e.event.force = vec![vigil_model::Force::WaterCannon];
        assert_eq!(kind(&e, false).map(|k| k[2]), Ok(EXCESSIVE));
    }

    #[test]
    fn a_lone_picket_has_no_acled_row_but_a_crowd_does() {
        let lone = event(
            "protest",
            "picketed",
            &json!([person("participant", "Ana Petrova", Some("p1"), None)]),
        );
        assert!(kind(&lone, false).is_err());
        let few = event(
            "protest",
            "rallied",
            &json!([person("participant", "two students", None, Some(2))]),
        );
        assert!(kind(&few, false).is_err());
        // A count of detained people is no crowd size.
        let crowd = event(
            "protest",
            "rallied",
            &json!([
                person("participant", "about forty residents", None, Some(40)),
                person("target", "two organisers", None, Some(2)),
            ]),
        );
        assert!(kind(&crowd, false).is_ok());
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
        let s = sides(&e, "Arrests", "Kazakhstan");
        assert_eq!(
            (s.actor1.as_str(), s.assoc1.as_str(), s.actor2.as_str()),
            (
                "Police Forces of Kazakhstan",
                "riot police",
                "Civilians (Kazakhstan)"
            )
        );
        assert_eq!(s.assoc2, "Ivan Orlov; his brother");
        assert_eq!(interaction(s.inter1, s.inter2), "17");
        let alone = sides(
            &event("protest", "marched", &json!([])),
            PEACEFUL,
            "Georgia",
        );
        assert_eq!(
            (alone.actor1.as_str(), alone.actor2.as_str()),
            ("Protesters (Georgia)", "")
        );
        assert_eq!(interaction(alone.inter1, alone.inter2), "60");
        // Intervention needs someone to intervene: the state, even when unnamed.
        let broken_up = sides(
            &event("dispersal", "dispersed", &json!([])),
            INTERVENTION,
            "Russia",
        );
        assert_eq!(broken_up.actor2, "Police Forces of Russia");
        assert_eq!(interaction(broken_up.inter1, broken_up.inter2), "16");
        let shot = event(
            "killing",
            "shot dead",
            &json!([person("agent", "soldiers", None, None)]),
        );
        assert_eq!(
            sides(&shot, EXCESSIVE, "Kazakhstan").actor2,
            "Military Forces of Kazakhstan"
        );
    }

    #[test]
    fn time_precision_follows_the_date() {
        let e = || event("detention", "detained", &json!([]));
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            when(&dated(e(), "2024-03-05", "2024-03-05", "day")),
            day("2024-03-05").map(|d| (d, 1))
        );
        assert_eq!(
            when(&dated(e(), "2024-03-04", "2024-03-10", "week")),
            day("2024-03-07").map(|d| (d, 2))
        );
        assert_eq!(
            when(&dated(e(), "2024-03-01", "2024-03-31", "month")),
            day("2024-03-16").map(|d| (d, 3))
        );
        assert_eq!(
            when(&dated(e(), "2024-01-01", "2024-12-31", "year")).map(|w| w.1),
            Some(3)
        );
        assert_eq!(
            when(&dated(e(), "2024-03-05", "2024-03-07", "day")).map(|w| w.1),
            Some(2)
        );
        let precision = |start, end, p| when(&dated(e(), start, end, p)).map(|w| w.1);
        assert_eq!(precision("2024-03-01", "2024-03-20", "day"), Some(3));
        assert_eq!(precision("2024-04-11", "2024-04-20", "week"), Some(2));
        // Undated: the report's publication date, to the month.
        assert_eq!(when(&e()), day("2026-03-02").map(|d| (d, 3)));
    }

    #[test]
    fn a_row_names_the_country_as_acled_does() {
        let e = placed(
            dated(
                event("dispersal", "dispersed", &json!([])),
                "2024-03-05",
                "2024-03-05",
                "day",
            ),
            "KG",
        );
        let facts = Facts {
            coords: Some((40.53, 72.8)),
            admin1: Some("Osh".to_owned()),
            outlets: vec!["Tien Shan Daily".to_owned(), "Oxus Wire".to_owned()],
            incident: Some(12),
            report_country: Some("KZ".to_owned()),
        };
        let row = row(&e, ["Demonstrations", "Protests", INTERVENTION], &facts).expect("a row");
        let col = |name: &str| {
            COLUMNS
                .iter()
                .position(|c| *c == name)
                .map(|i| row[i].as_str())
        };
        assert_eq!(col("event_id_cnty"), Some("KGZ7"));
        assert_eq!(col("country"), Some("Kyrgyzstan"));
        assert_eq!(col("iso"), Some("417"));
        assert_eq!(col("region"), Some("Caucasus and Central Asia"));
        assert_eq!(col("admin1"), Some("Osh"));
        assert_eq!(col("interaction"), Some("16"));
        assert_eq!(col("source"), Some("Tien Shan Daily; Oxus Wire"));
        assert!(
            col("notes").is_some_and(
                |n| n.starts_with("Vigil incident 12, event 7") && n.ends_with("; 2 sources")
            ),
            "{:?}",
            col("notes")
        );
        let nowhere = event("raid", "searched", &json!([]));
        assert_eq!(
            super::row(&nowhere, ["x", "y", "Other"], &Facts::default()),
            Err("no country".to_owned())
        );
        // An event the report does not place lies in the report's one country.
        let in_report = Facts {
            report_country: Some("GE".to_owned()),
            ..Facts::default()
        };
        let row = super::row(&nowhere, ["x", "y", "Other"], &in_report).expect("a row");
        assert_eq!(row[0], "GEO7");
    }
}
