//! Errors a human coder would not make, seen in the demo corpus and fixed in the rules and
//! lexicons: dates without a year put in the future, claims of one function word, places
//! and outlets taken for people, bare pronouns listed as participants, and countries given
//! as the city of an event. Every report here is synthetic, written for these tests.

use chrono::NaiveDate;
use vigil_extract::{Lexicon, extract};
use vigil_model::{Analysis, Document, Event, EventType, PlacePrecision};

fn analyse(text: &str, published: &str, dateline: Option<&str>) -> Analysis {
    let mut doc = Document::new("synthetic", text.to_owned());
    doc.published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    doc.dateline = dateline.map(str::to_owned);
    extract(&doc, &Lexicon::english())
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn first(a: &Analysis, kind: EventType) -> &Event {
    a.events
        .iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} event in {:#?}", a.events))
}

fn persons(a: &Analysis) -> Vec<&str> {
    a.entities
        .iter()
        .filter(|e| e.kind == vigil_model::EntityKind::Person)
        .map(|e| e.name.as_str())
        .collect()
}

fn dates(a: &Analysis, kind: EventType) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let d = first(a, kind).date.as_ref().expect("a date");
    (d.start, d.end)
}

#[test]
fn a_bare_month_in_a_past_report_is_the_one_gone_by() {
    let a = analyse(
        "In January, police detained nine shopkeepers who had closed their stalls.",
        "2024-12-10",
        None,
    );
    assert_eq!(
        dates(&a, EventType::Detention),
        (day("2024-01-01"), day("2024-01-31"))
    );
}

#[test]
fn a_part_of_a_month_is_its_days_not_the_whole_month() {
    let early = analyse(
        "In early January, police detained four students outside the library.",
        "2025-03-02",
        None,
    );
    assert_eq!(
        dates(&early, EventType::Detention),
        (day("2025-01-01"), day("2025-01-10"))
    );
    let mid = analyse(
        "Riot police detained dozens of marchers in mid-February.",
        "2025-03-02",
        None,
    );
    assert_eq!(
        dates(&mid, EventType::Detention),
        (day("2025-02-11"), day("2025-02-20"))
    );
    // The year rule of a bare month: a late month after publication is last year's.
    let late = analyse(
        "Police detained a union organiser at the end of May.",
        "2025-03-02",
        None,
    );
    assert_eq!(
        dates(&late, EventType::Detention),
        (day("2024-05-21"), day("2024-05-31"))
    );
    let written = analyse(
        "Officers detained two reporters in late January 2025.",
        "2025-11-02",
        None,
    );
    assert_eq!(
        dates(&written, EventType::Detention),
        (day("2025-01-21"), day("2025-01-31"))
    );
}

#[test]
fn a_day_and_month_after_publication_is_last_year_unless_future() {
    let past = analyse(
        "Officers detained the poet Temir Asanov on March 3.",
        "2024-02-20",
        None,
    );
    assert_eq!(
        dates(&past, EventType::Detention),
        (day("2023-03-03"), day("2023-03-03"))
    );
    let weekday = analyse(
        "Police detained two bakers on Friday.",
        "2024-02-20", // a Tuesday
        None,
    );
    assert_eq!(
        dates(&weekday, EventType::Detention),
        (day("2024-02-16"), day("2024-02-16"))
    );
}

#[test]
fn a_future_cue_in_another_clause_leaves_the_past_alone() {
    // (Future dates themselves are resolved forward in `dates::tests`; events told in the
    // future are not reported as events, so they carry no date here.)
    let planned = analyse(
        "Traders were detained in December; another rally is scheduled for January 12.",
        "2024-12-10",
        None,
    );
    assert_eq!(
        dates(&planned, EventType::Detention),
        (day("2024-12-01"), day("2024-12-31"))
    );
}

#[test]
fn claims_are_meaningful_phrases() {
    let a = analyse(
        "Hundreds of students protested against the \"media agents\" law in Tbilisi on Monday.",
        "2024-05-14",
        None,
    );
    assert_eq!(
        first(&a, EventType::Protest).claim.as_deref(),
        Some("the \"media agents\" law")
    );
    let b = analyse(
        "Villagers rallied to protest against water and power cuts on Sunday.",
        "2024-01-15",
        None,
    );
    assert_eq!(
        first(&b, EventType::Protest).claim.as_deref(),
        Some("water and power cuts")
    );
    let c = analyse(
        "Demonstrations over rent increases have spread to three towns in recent months.",
        "2024-01-15",
        None,
    );
    assert_eq!(
        first(&c, EventType::Protest).claim.as_deref(),
        Some("rent increases")
    );
    for text in [
        "Pensioners protested against the.",
        "Dozens of drivers rallied against their.",
    ] {
        let a = analyse(text, "2024-01-15", None);
        for e in &a.events {
            assert_eq!(e.claim, None, "{text}: {:?}", e.claim);
        }
    }
}

#[test]
fn places_outlets_platforms_and_nationalities_are_not_people() {
    let a = analyse(
        "Officers took Ruslan Bekov to the Zhetysu district police station. \
         The Pervomaisky district court fined him. \
         The video was posted on Telegram and shared by the Steppe Herald. \
         This account was written for Lantern's unit tests. \
         Russian police detained a Kazakh student under Article 212 of the Criminal Code. \
         A Bishkek-based lawyer said the State Committee for National Security had the file. \
         Hundreds rallied on Erkindik Avenue.",
        "2024-05-14",
        None,
    );
    let people = persons(&a);
    assert_eq!(people, ["Ruslan Bekov"], "{people:?}");
}

#[test]
fn slogans_and_memorial_titles_are_not_names() {
    let banner = analyse(
        "Police detained six students who held a banner reading \"Free Marat Zhunusov!\" \
         outside the court. Others chanted \"Justice for Dina Kemelova\" and carried signs \
         saying Release Ivan Petrenko.",
        "2024-05-14",
        None,
    );
    let mut people = persons(&banner);
    people.sort_unstable();
    assert_eq!(
        people,
        ["Dina Kemelova", "Ivan Petrenko", "Marat Zhunusov"],
        "{people:?}"
    );
    let memorial = analyse(
        "Police detained four veterans who laid flowers at the Tomb of the Unknown Soldier. \
         A day later officers dispersed a rally at the Monument to the Fallen Miners and \
         detained Aset Nurlanov.",
        "2024-05-14",
        None,
    );
    let people = persons(&memorial);
    assert_eq!(people, ["Aset Nurlanov"], "{people:?}");
}

#[test]
fn lone_names_with_a_cue_are_still_people() {
    let a = analyse(
        "Police detained Kurbanov outside the court. Her son Timur, 19, was also held.",
        "2024-05-14",
        None,
    );
    let people = persons(&a);
    assert!(people.contains(&"Kurbanov"), "{people:?}");
    assert!(people.contains(&"Timur"), "{people:?}");
    let titled = analyse(
        "Director Gulmira Asanova said the office was searched on Monday.",
        "2024-05-14",
        None,
    );
    assert_eq!(persons(&titled), ["Gulmira Asanova"]);
}

#[test]
fn pronouns_resolve_to_a_clear_antecedent_or_are_left_out() {
    let a = analyse(
        "Police detained the farmer Bolot Ermekov on Monday. He was released on Wednesday.",
        "2024-05-17",
        None,
    );
    let release = first(&a, EventType::Release);
    let target = &release.participants[0];
    let ermekov = a
        .entities
        .iter()
        .find(|e| e.name == "Bolot Ermekov")
        .expect("the farmer");
    assert_eq!(target.entity.as_deref(), Some(ermekov.id.as_str()));
    assert!(
        ermekov.mentions.iter().any(|&(s, e)| {
            a.document
                .text
                .chars()
                .skip(s)
                .take(e - s)
                .collect::<String>()
                == "He"
        }),
        "the pronoun is a mention of the person it stands for"
    );

    let unnamed = analyse(
        "Police detained the blogger on Monday. She was released on Tuesday.",
        "2024-05-17",
        None,
    );
    let release = first(&unnamed, EventType::Release);
    assert_eq!(release.participants[0].text, "the blogger");
    assert_eq!(release.participants[0].entity, None);

    let alone = analyse(
        "The weather was cold. They were detained on Tuesday.",
        "2024-05-17",
        None,
    );
    let detention = first(&alone, EventType::Detention);
    assert!(
        detention.participants.iter().all(|p| p.text != "They"),
        "{:?}",
        detention.participants
    );

    let pair = analyse(
        "Asel Nurova and Dina Ospanova held a picket on Monday. Police detained them an hour later.",
        "2024-05-17",
        None,
    );
    let detention = first(&pair, EventType::Detention);
    let target = detention
        .participants
        .iter()
        .find(|p| p.text == "them")
        .expect("them, resolved");
    let group = pair
        .entities
        .iter()
        .find(|e| Some(e.id.as_str()) == target.entity.as_deref())
        .expect("an entity");
    assert_eq!(group.name, "Asel Nurova and Dina Ospanova");

    let kin = analyse(
        "Marat Aliev, 41, and his brother Ruslan Aliev, 38, stood outside the court. \
         Officers took them to a police station.",
        "2024-05-17",
        None,
    );
    let detention = first(&kin, EventType::Detention);
    let target = detention
        .participants
        .iter()
        .find(|p| p.text == "them")
        .expect("them, resolved");
    let group = kin
        .entities
        .iter()
        .find(|e| Some(e.id.as_str()) == target.entity.as_deref())
        .expect("an entity");
    assert_eq!(group.name, "Marat Aliev and Ruslan Aliev");

    // "took her": not the man named just before, whose surname is a man's.
    let gendered = analyse(
        "Zarina Ospanova held a sign near Artur Safin. Two officers took her to a police station.",
        "2024-05-17",
        None,
    );
    let detention = first(&gendered, EventType::Detention);
    let her = detention
        .participants
        .iter()
        .find(|p| p.text == "her")
        .expect("her, resolved");
    let ospanova = gendered
        .entities
        .iter()
        .find(|e| e.name == "Zarina Ospanova")
        .expect("Ospanova");
    assert_eq!(her.entity.as_deref(), Some(ospanova.id.as_str()));
}

#[test]
fn a_country_alone_sets_the_country_and_no_city() {
    let a = analyse(
        "Later, police detained the journalist Aliya Sultanova in Georgia on Monday.",
        "2024-05-17",
        None,
    );
    let place = first(&a, EventType::Detention)
        .place
        .as_ref()
        .expect("a place");
    assert_eq!(place.name, None);
    assert_eq!(place.country.as_deref(), Some("GE"));
    assert_eq!(place.precision, PlacePrecision::Country);
}

#[test]
fn a_city_in_the_sentence_wins_over_a_country_nearer_the_trigger() {
    let a = analyse(
        "Later, in Batumi, police detained two activists from Armenia on Monday.",
        "2024-05-17",
        None,
    );
    let place = first(&a, EventType::Detention)
        .place
        .as_ref()
        .expect("a place");
    assert_eq!(place.name.as_deref(), Some("Batumi"));
    assert_eq!(place.country.as_deref(), Some("GE"));
    assert_eq!(place.precision, PlacePrecision::City);
}

#[test]
fn a_lead_naming_only_the_dateline_country_takes_the_dateline_city() {
    let a = analyse(
        "Police in Georgia detained 14 people at a march on Sunday.",
        "2024-05-13",
        Some("TBILISI"),
    );
    let place = first(&a, EventType::Detention)
        .place
        .as_ref()
        .expect("a place");
    assert_eq!(place.name.as_deref(), Some("Tbilisi"));
    assert_eq!(place.country.as_deref(), Some("GE"));
}
