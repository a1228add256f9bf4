//! Synthetic HTML reports for load and crash tests: made-up outlets, people and wording
//! filled into templates written for Vigil, with real city names so that places resolve.
//!
//! The same seed gives the same corpus. Reports differ in their names, numbers and the
//! sentences drawn, enough that none is a near-duplicate of another.

use std::io;
use std::path::{Path, PathBuf};

const FIRST: &[&str] = &[
    "Aigerim", "Bakyt", "Daniyar", "Elnura", "Farida", "Gulnara", "Ilyas", "Jamila", "Kanat",
    "Leila", "Marat", "Nodira", "Oleg", "Parviz", "Rustam", "Saule", "Timur", "Umida", "Vera",
    "Zarina", "Askar", "Dilnoza", "Erlan", "Madina",
];
const LAST: &[&str] = &[
    "Abenova",
    "Bekov",
    "Chorieva",
    "Dzhumaev",
    "Ermekova",
    "Fayzullin",
    "Gafurov",
    "Ismailova",
    "Kasymov",
    "Lutfullaeva",
    "Mirzaev",
    "Nurlanova",
    "Orozbekov",
    "Piriyev",
    "Rakhimova",
    "Sultanov",
    "Tashieva",
    "Usenov",
    "Valiyeva",
    "Yusupov",
    "Zhakupova",
    "Akhmedov",
];
const CITIES: &[&str] = &[
    "Bishkek",
    "Almaty",
    "Astana",
    "Tashkent",
    "Samarkand",
    "Dushanbe",
    "Tbilisi",
    "Yerevan",
    "Baku",
    "Minsk",
    "Osh",
    "Shymkent",
    "Karaganda",
    "Namangan",
    "Khujand",
    "Gyumri",
    "Kutaisi",
    "Ganja",
    "Gomel",
    "Kazan",
];
const GROUPS: &[&str] = &[
    "market traders",
    "teachers",
    "miners",
    "students",
    "pensioners",
    "nurses",
    "bus drivers",
    "farmers",
    "residents",
    "factory workers",
    "journalists",
    "mothers of conscripts",
];
const GRIEVANCES: &[&str] = &[
    "a rise in stall rents",
    "unpaid wages",
    "power cuts",
    "a new land law",
    "the closure of a \
    hospital",
    "rising bread prices",
    "the arrest of a local blogger",
    "a planned mine",
    "water \
    shortages",
    "cuts to pensions",
    "a ban on street trading",
    "the demolition of their homes",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const OUTLETS: &[&str] = &[
    "The Plains Herald",
    "Mountain Post",
    "Delta Bulletin",
    "Lakeside Times",
    "Valley Courier",
];
const OPENINGS: &[&str] = &[
    "Police in {city} detained {n} {group} on {day} after they gathered outside the city \
     administration to protest {grievance}, witnesses said.",
    "About {m} {group} rallied in central {city} on {day} against {grievance}, and officers \
     dispersed the crowd within an hour.",
    "A court in {city} sentenced {person} to {k} days in jail on {day} for organising a picket \
     against {grievance}.",
    "Officers searched the {city} office of {person}, a lawyer who represents {group}, on {day} \
     and seized two laptops and a stack of documents.",
    "{person}, an activist from {city}, was fined {f} for a social media post about {grievance}, \
     the court said on {day}.",
    "Hundreds of {group} went on strike in {city} on {day}, demanding an end to {grievance}.",
];
const MIDDLES: &[&str] = &[
    "Relatives said {person} was taken to a police station on the edge of {city} and was not \
     allowed to see a lawyer.",
    "The regional prosecutor's office charged {person} with organising an unsanctioned \
     gathering.",
    "A spokesman for the interior ministry said the crowd had blocked traffic for {k} minutes.",
    "{person} was released on {day} evening after signing a statement, a colleague said.",
    "Witnesses said officers pushed people into a bus and drove away towards the {city} \
     district court.",
    "The {group} had asked the mayor twice this year to address {grievance}, without an answer.",
    "Local media counted at least {m} people at the peak of the protest.",
    "{person} said the group would return to the square next week if nothing changed.",
    "Human rights monitors said {n} people were still held on {day} night.",
    "The ministry did not answer questions sent by the {outlet} about the detentions.",
];
const CLOSINGS: &[&str] = &[
    "Protests over {grievance} have spread to several towns since the spring.",
    "{city} has seen {k} such gatherings this year, according to a local monitoring group.",
    "The authorities say street gatherings need a permit issued ten days in advance.",
    "Lawyers for the detained said they would appeal against the decisions.",
    "The {outlet} will follow the case as it goes to court.",
];

/// A seeded writer of synthetic reports.
pub struct Generator {
    rng: fastrand::Rng,
}

impl Generator {
    /// A generator; the same seed gives the same reports.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// Report number `i` as an HTML page.
    pub fn report(&mut self, i: usize) -> String {
        let city = self.pick(CITIES);
        let outlet = self.pick(OUTLETS);
        let opening = self.pick(OPENINGS);
        let mut paragraphs = vec![self.fill(opening, city, outlet)];
        let mut middles: Vec<&str> = MIDDLES.to_vec();
        self.rng.shuffle(&mut middles);
        let count = self.rng.usize(4..=7);
        for template in &middles[..count] {
            paragraphs.push(self.fill(template, city, outlet));
        }
        let closing = self.pick(CLOSINGS);
        paragraphs.push(self.fill(closing, city, outlet));
        let day = self.rng.u32(1..=28);
        let month = self.rng.u32(1..=12);
        let body: String = paragraphs
            .iter()
            .map(|p| format!("      <p>{p}</p>\n"))
            .collect();
        let title = format!("{city}: report {i} on {}", self.pick(GRIEVANCES));
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  \
             <title>{title} | {outlet}</title>\n  \
             <meta property=\"article:published_time\" content=\"2025-{month:02}-{day:02}T09:00:00Z\">\n  \
             <link rel=\"canonical\" href=\"https://news-{n}.example/reports/{i}\">\n</head>\n<body>\n  \
             <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/about\">About</a></nav>\n  \
             <article>\n    <h1>{title}</h1>\n    <p class=\"byline\">By {byline}</p>\n{body}  \
             </article>\n  <footer>© 2025 {outlet}. Synthetic report for testing.</footer>\n</body>\n</html>\n",
            n = i % 7,
            byline = self.person(),
        )
    }

    /// Writes `count` reports as `DIR/report-00000.html`…; returns their paths.
    pub fn write_corpus(&mut self, dir: &Path, count: usize) -> io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        (0..count)
            .map(|i| {
                let path = dir.join(format!("report-{i:05}.html"));
                std::fs::write(&path, self.report(i))?;
                Ok(path)
            })
            .collect()
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.rng.usize(..items.len())]
    }

    fn person(&mut self) -> String {
        format!("{} {}", self.pick(FIRST), self.pick(LAST))
    }

    fn fill(&mut self, template: &str, city: &str, outlet: &str) -> String {
        let mut text = template.replace("{city}", city).replace("{outlet}", outlet);
        for key in ["{person}", "{group}", "{grievance}", "{day}"] {
            while text.contains(key) {
                let value = match key {
                    "{person}" => self.person(),
                    "{group}" => self.pick(GROUPS).to_owned(),
                    "{grievance}" => self.pick(GRIEVANCES).to_owned(),
                    _ => self.pick(DAYS).to_owned(),
                };
                text = text.replacen(key, &value, 1);
            }
        }
        text.replace("{n}", &self.rng.u32(3..=60).to_string())
            .replace("{m}", &(self.rng.u32(2..=40) * 25).to_string())
            .replace("{k}", &self.rng.u32(5..=30).to_string())
            .replace("{f}", &format!("{} som", self.rng.u32(2..=90) * 1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simhash::simhash;
    use vigil_store::simhash::distance;

    #[test]
    fn same_seed_same_report() {
        assert_eq!(Generator::new(7).report(3), Generator::new(7).report(3));
    }

    #[test]
    fn reports_are_not_near_copies() {
        let mut generator = Generator::new(1);
        let texts: Vec<String> = (0..60).map(|i| generator.report(i)).collect();
        let hashes: Vec<u64> = texts.iter().filter_map(|t| simhash(t)).collect();
        assert_eq!(hashes.len(), texts.len());
        for (i, a) in hashes.iter().enumerate() {
            for b in &hashes[i + 1..] {
                assert!(distance(*a, *b) > 3);
            }
        }
    }
}
