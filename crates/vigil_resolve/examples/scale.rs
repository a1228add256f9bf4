//! Scale check: link N generated person mentions and cluster 0.3·N generated events, and
//! print the wall time of each step (run under `/usr/bin/time -v` for peak memory).
//!
//! `cargo run --release -p vigil_resolve --example scale -- 1000000`
//!
//! The generator is deterministic (a fixed seed): N/4 people, each with a given name, a
//! surname stem, a city and an age. The stock of surname stems grows with the population as
//! distinct surnames do in a growing sample of a real population (Heaps' law, `stock =
//! 2·people^β`, β = 0.85 unless given as the second argument): a fixed stock would make every
//! surname ever more common as N grows, which no real population does. Stems are built from
//! two syllables, or three once the two-syllable ones run out. Every mention
//! picks a person and writes the name in one of its spellings (Russian-table dzh/kh/zh,
//! Kazakh -uly, an initial, word order swapped). Events come from incidents (a type, a day, a
//! city, a target), each told by one to four reports with the day sometimes a day off.

use std::collections::HashMap;
use std::time::Instant;

use chrono::NaiveDate;
use vigil_model::{DatePrecision, EventType};
use vigil_resolve::{
    EventRecord, LinkSettings, NameRules, PersonMention, cluster_incidents, link_people,
};

const GIVEN: [&str; 24] = [
    "Daniyar",
    "Zhanar",
    "Timur",
    "Aigul",
    "Rustam",
    "Yerlan",
    "Nurlan",
    "Bakhtiyor",
    "Farid",
    "Ramil",
    "Azamat",
    "Gulnara",
    "Kanat",
    "Dinara",
    "Askar",
    "Madina",
    "Bolat",
    "Saule",
    "Ilyas",
    "Kamila",
    "Murat",
    "Zarina",
    "Rashid",
    "Aida",
];
const SYLLABLES: [&str; 32] = [
    "zhak", "tok", "bek", "dzhum", "khas", "nur", "sab", "kar", "mam", "gus", "ali", "tash", "um",
    "is", "bol", "tur", "sul", "kair", "ers", "zhan", "asyl", "dos", "kul", "mur", "sei", "tem",
    "ura", "bai", "kan", "ser", "zhol", "akh",
];
const MIDDLE: [&str; 8] = ["a", "ay", "y", "ar", "ab", "en", "im", "ul"];
const CITIES: [&str; 40] = [
    "almaty",
    "astana",
    "shymkent",
    "karagandy",
    "aktobe",
    "taraz",
    "pavlodar",
    "oskemen",
    "semey",
    "kostanay",
    "bishkek",
    "osh",
    "jalal abad",
    "karakol",
    "tokmok",
    "naryn",
    "talas",
    "batken",
    "tashkent",
    "samarkand",
    "bukhara",
    "namangan",
    "andijan",
    "fergana",
    "nukus",
    "dushanbe",
    "khujand",
    "kulob",
    "bokhtar",
    "baku",
    "ganja",
    "sumqayit",
    "lankaran",
    "tbilisi",
    "batumi",
    "kutaisi",
    "rustavi",
    "yerevan",
    "gyumri",
    "vanadzor",
];

struct Person {
    given: &'static str,
    stem: String,
    female: bool,
    city: usize,
    age: u32,
}

/// The surname stem numbered `k`: two syllables joined by a middle for the first
/// 32·8·32, then three.
fn stem(mut k: usize) -> String {
    let two = SYLLABLES.len() * MIDDLE.len() * SYLLABLES.len();
    let mut out = String::new();
    if k >= two {
        k -= two;
        out.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
        out.push_str(MIDDLE[k % MIDDLE.len()]);
        k /= MIDDLE.len();
    }
    out.push_str(SYLLABLES[k % SYLLABLES.len()]);
    k /= SYLLABLES.len();
    out.push_str(MIDDLE[k % MIDDLE.len()]);
    k /= MIDDLE.len();
    out.push_str(SYLLABLES[k % SYLLABLES.len()]);
    out
}

fn people(rng: &mut fastrand::Rng, n: usize, beta: f64) -> (Vec<Person>, usize) {
    let stock = ((2.0 * (n as f64).powf(beta)) as usize).max(1);
    let persons = (0..n)
        .map(|_| {
            let given = GIVEN[rng.usize(..GIVEN.len())];
            let stem = stem(rng.usize(..stock));
            Person {
                given,
                stem,
                female: matches!(given.chars().last(), Some('a' | 'r' | 'l' | 'e')) && rng.bool(),
                city: rng.usize(..CITIES.len()),
                age: rng.u32(18..80),
            }
        })
        .collect();
    (persons, stock)
}

/// One of the ways a report may write the person's name.
fn spelling(rng: &mut fastrand::Rng, p: &Person) -> String {
    let mut surname = match (p.female, rng.u8(..4)) {
        (true, 0) => format!("{}kyzy", p.stem),
        (true, _) => format!("{}ova", p.stem),
        (false, 0) => format!("{}uly", p.stem),
        (false, _) => format!("{}ov", p.stem),
    };
    let mut given = p.given.to_owned();
    if rng.u8(..3) == 0 {
        surname = surname
            .replace("zh", "j")
            .replace("dzh", "j")
            .replace("kh", "h");
        given = given
            .replace("Zh", "J")
            .replace("Ye", "E")
            .replace("kh", "h");
    }
    let mut chars = surname.chars();
    let surname = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    match rng.u8(..6) {
        0 => format!("{}. {surname}", given.chars().next().unwrap_or('A')),
        1 => format!("{surname} {given}"),
        _ => format!("{given} {surname}"),
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let beta: f64 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0.85);
    let mut rng = fastrand::Rng::with_seed(12);
    let rules = NameRules::standard();
    let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let (persons, stock) = people(&mut rng, n / 4, beta);
    let started = Instant::now();
    let mut truth = Vec::with_capacity(n);
    let mentions: Vec<PersonMention> = (0..n)
        .map(|i| {
            let who = rng.usize(..persons.len());
            truth.push(who);
            let p = &persons[who];
            let name = spelling(&mut rng, p);
            let day = base + chrono::Days::new(rng.u64(..365));
            PersonMention {
                report: format!("r{}", i / 3),
                entity: format!("n{}", i % 3),
                key: rules.person(&name),
                name,
                cities: vec![CITIES[p.city].to_owned()],
                age: rng.bool().then_some(p.age),
                published: Some(day),
                organisations: Vec::new(),
                relatives: Vec::new(),
                dates: vec![day],
            }
        })
        .collect();
    let made = started.elapsed();
    let started = Instant::now();
    let linked = link_people(&mentions, &LinkSettings::default());
    let linking = started.elapsed();
    let purity = purity(&linked.person, &truth);

    let started = Instant::now();
    let events = events(&mut rng, n * 3 / 10, &linked.person, base);
    let (incidents, _, _) = cluster_incidents(&events);
    let clustering = started.elapsed();
    println!(
        "mentions {n} (surname stock {stock}): keys {made:.2?}, linking {linking:.2?} ({} pairs scored, {:.2} a mention, {} people, {} links, {} proposals, purity {purity:.4}); events {}: clustering {clustering:.2?} ({} incidents)",
        linked.scored,
        linked.scored as f64 / n.max(1) as f64,
        linked.person.iter().max().map_or(0, |m| m + 1),
        linked.links.len(),
        linked.proposals.len(),
        events.len(),
        incidents.len(),
    );
}

/// The share of mentions whose cluster's most common true person is their own.
fn purity(labels: &[usize], truth: &[usize]) -> f64 {
    let mut counts: HashMap<(usize, usize), usize> = HashMap::new();
    for (&l, &t) in labels.iter().zip(truth) {
        *counts.entry((l, t)).or_default() += 1;
    }
    let mut best: HashMap<usize, usize> = HashMap::new();
    for ((l, _), c) in counts {
        let b = best.entry(l).or_default();
        *b = (*b).max(c);
    }
    best.values().sum::<usize>() as f64 / labels.len().max(1) as f64
}

fn events(
    rng: &mut fastrand::Rng,
    n: usize,
    person: &[usize],
    base: NaiveDate,
) -> Vec<EventRecord> {
    let kinds = [
        EventType::Detention,
        EventType::Protest,
        EventType::Fine,
        EventType::Sentence,
        EventType::Release,
    ];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let kind = kinds[rng.usize(..kinds.len())];
        let day = base + chrono::Days::new(rng.u64(..365));
        let city = CITIES[rng.usize(..CITIES.len())].to_owned();
        let target = if kind == EventType::Protest {
            Vec::new()
        } else {
            vec![person[rng.usize(..person.len())]]
        };
        // A protest's reports give its claim (one of a few dozen causes) and a count that
        // differs between them by up to a factor of two.
        let (count, claim) = if kind == EventType::Protest {
            let crowd = rng.u64(10..500);
            (Some(crowd), vec![format!("cause{}", rng.u8(..40))])
        } else {
            (None, Vec::new())
        };
        for _ in 0..rng.usize(1..5) {
            let off = day + chrono::Days::new(u64::from(rng.u8(..8) == 0));
            out.push(EventRecord {
                report: format!("e{}", out.len()),
                event: "e1".to_owned(),
                kind,
                dates: Some((off, off)),
                precision: DatePrecision::Day,
                place: Some(city.clone()),
                site: None,
                people: target.clone(),
                count: count.map(|c| (Some(c + rng.u64(..=c)), None)),
                penalty: None,
                date_text: None,
                claim: claim.clone(),
            });
        }
    }
    out.truncate(n);
    out
}
