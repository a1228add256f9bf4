//! A person as one report names them, with the context that tells namesakes apart.

use chrono::{Datelike, NaiveDate};

use crate::PersonName;

/// One person entity of one report, ready to link.
#[derive(Debug, Clone)]
pub struct PersonMention {
    /// The report it comes from (document id).
    pub report: String,
    /// The entity's local id in that report.
    pub entity: String,
    /// The name as the report gives it.
    pub name: String,
    /// The name's comparison key.
    pub key: PersonName,
    /// Cities where the report places the person (folded names).
    pub cities: Vec<String>,
    /// Age in years, if the report gives it.
    pub age: Option<u32>,
    /// The report's publication date, for ages told years apart.
    pub published: Option<NaiveDate>,
    /// Organisations the person belongs to or works for (folded names).
    pub organisations: Vec<String>,
    /// Relatives the report names, as name keys.
    pub relatives: Vec<PersonName>,
    /// Days of the events the person takes part in.
    pub dates: Vec<NaiveDate>,
}

/// Weights of the link score: a base per kind of name match, plus and minus for context.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkSettings {
    /// At or above: linked.
    pub link: f64,
    /// At or above, below `link`: a proposal for review.
    pub propose: f64,
}

impl Default for LinkSettings {
    fn default() -> Self {
        Self {
            link: 0.85,
            propose: 0.6,
        }
    }
}

impl PersonMention {
    /// The earliest and latest birth year the age allows, if known.
    pub fn birth_years(&self) -> Option<(i32, i32)> {
        let age = i32::try_from(self.age?).ok()?;
        let year = self
            .published
            .or_else(|| self.dates.first().copied())?
            .year();
        Some((year - age - 1, year - age))
    }

    /// The score that `self` and `other` are one person, or `None` when they cannot be: the
    /// names differ, or they come from one report (two entities of one report are two
    /// people), or their ages disagree.
    pub fn score(&self, other: &PersonMention) -> Option<f64> {
        use crate::NameMatch::{Different, Full, Initials, Subset, Surname};
        if self.report == other.report {
            return None;
        }
        let mut score = match self.key.compare(&other.key) {
            Different => return None,
            Full => 0.8,
            Subset => 0.72,
            Initials => 0.7,
            Surname => 0.45,
        };
        if self.ages_conflict(other) {
            return None;
        }
        if self.age.is_some() && other.age.is_some() {
            score += 0.1;
        }
        score += overlap_score(&self.cities, &other.cities, 0.12, -0.3);
        score += overlap_score(&self.organisations, &other.organisations, 0.1, -0.15);
        if self.relatives.iter().any(|r| {
            other
                .relatives
                .iter()
                .any(|s| !r.words.is_empty() && r.words == s.words)
        }) {
            score += 0.15;
        }
        if self
            .dates
            .iter()
            .any(|a| other.dates.iter().any(|b| (*a - *b).num_days().abs() <= 3))
        {
            score += 0.08;
        }
        Some(score.clamp(0.0, 1.0))
    }

    fn ages_conflict(&self, other: &PersonMention) -> bool {
        match (self.birth_years(), other.birth_years()) {
            (Some((a0, a1)), Some((b0, b1))) => a1 < b0 || b1 < a0,
            _ => match (self.age, other.age) {
                (Some(a), Some(b)) => a.abs_diff(b) > 1,
                _ => false,
            },
        }
    }
}

/// `plus` when both lists are known and share an item, `minus` when both are known and share
/// none, else nothing.
fn overlap_score(a: &[String], b: &[String], plus: f64, minus: f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        0.0
    } else if a.iter().any(|x| b.contains(x)) {
        plus
    } else {
        minus
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NameRules;

    fn mention(report: &str, name: &str, city: &str, age: Option<u32>) -> PersonMention {
        PersonMention {
            report: report.to_owned(),
            entity: "n1".to_owned(),
            name: name.to_owned(),
            key: NameRules::standard().person(name),
            cities: if city.is_empty() {
                Vec::new()
            } else {
                vec![city.to_owned()]
            },
            age,
            published: NaiveDate::from_ymd_opt(2025, 3, 4),
            organisations: Vec::new(),
            relatives: Vec::new(),
            dates: Vec::new(),
        }
    }

    #[test]
    fn same_name_same_city_links_other_city_does_not() {
        let s = LinkSettings::default();
        let a = mention("r1", "Ramil Guseynov", "baku", None);
        let b = mention("r2", "Ramil Huseynov", "baku", None);
        let c = mention("r3", "Ramil Huseynov", "ganja", None);
        assert!(a.score(&b).is_some_and(|x| x >= s.link));
        assert!(a.score(&c).is_some_and(|x| x < s.propose));
    }

    #[test]
    fn ages_and_reports_are_hard_conflicts() {
        let a = mention("r1", "Daniyar Umarov", "osh", Some(34));
        let b = mention("r2", "Daniyar Umarov", "osh", Some(61));
        let c = mention("r1", "Daniyar Umarov", "osh", None);
        let d = mention("r2", "Daniyar Umarov", "osh", Some(35));
        assert_eq!(a.score(&b), None);
        assert_eq!(a.score(&c), None);
        assert!(a.score(&d).is_some());
    }

    #[test]
    fn a_bare_full_name_is_only_a_proposal() {
        let s = LinkSettings::default();
        let a = mention("r1", "Aigul Tokayeva", "", None);
        let b = mention("r2", "Aigul Tokaeva", "", None);
        let x = a.score(&b).expect("names agree");
        assert!(x >= s.propose && x < s.link, "{x}");
    }
}
