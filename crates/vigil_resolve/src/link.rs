//! Linking person mentions across reports: blocking keys so that only plausible pairs are
//! scored, a score per pair, two thresholds, and clusters that refuse conflicting merges.

use std::collections::HashMap;

use crate::cluster::{Clusters, Merge, Summary};
use crate::{LinkSettings, PersonMention, PersonName, Sex};

/// A block of more members than this is compared by sorted neighbourhood (each member with
/// the next `WINDOW` in key order) rather than all pairs, so linking stays near-linear.
const WINDOW: usize = 64;

/// A bare surname is only compared within a surname block of at most this many full names:
/// in a bigger one it cannot be told whose it is.
const MAX_SURNAME_BLOCK: usize = 256;

/// A scored pair of mentions (indices into the input).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// One mention.
    pub a: usize,
    /// The other.
    pub b: usize,
    /// How sure.
    pub score: f64,
}

/// People across reports: which mentions are one person, the links that joined them, and the
/// pairs left for a reviewer.
#[derive(Debug, Clone)]
pub struct People {
    /// The person number of each mention, in input order; numbered by first mention.
    pub person: Vec<usize>,
    /// Pairs at or above the link threshold that were joined.
    pub links: Vec<Link>,
    /// Pairs for review: between the two thresholds, or above the link threshold but refused
    /// because their clusters conflict. Never between mentions already one person.
    pub proposals: Vec<Link>,
    /// How many candidate pairs the blocking let through to be scored.
    pub scored: usize,
}

/// What a cluster of mentions is known to be.
#[derive(Debug)]
struct PersonSummary {
    reports: Vec<u32>,
    sex: Option<Sex>,
    born: Option<(i32, i32)>,
    full_names: Vec<PersonName>,
}

impl Summary for PersonSummary {
    fn conflicts(&self, other: &Self) -> bool {
        if matches!((self.sex, other.sex), (Some(a), Some(b)) if a != b) {
            return true;
        }
        if let (Some((a0, a1)), Some((b0, b1))) = (self.born, other.born)
            && (a1 < b0 || b1 < a0)
        {
            return true;
        }
        if self.reports.iter().any(|r| other.reports.contains(r)) {
            return true;
        }
        self.full_names.iter().any(|a| {
            other
                .full_names
                .iter()
                .any(|b| a.compare(b) == crate::NameMatch::Different)
        })
    }

    fn absorb(&mut self, other: Self) {
        self.reports.extend(other.reports);
        self.sex = self.sex.or(other.sex);
        self.born = match (self.born, other.born) {
            (Some((a0, a1)), Some((b0, b1))) => Some((a0.max(b0), a1.min(b1))),
            (a, b) => a.or(b),
        };
        for n in other.full_names {
            if !self.full_names.contains(&n) && self.full_names.len() < 8 {
                self.full_names.push(n);
            }
        }
    }
}

/// Link `mentions` into people.
pub fn link_people(mentions: &[PersonMention], settings: &LinkSettings) -> People {
    let candidates = candidate_pairs(mentions);
    let considered = candidates.len();
    let mut scored: Vec<Link> = candidates
        .into_iter()
        .filter_map(|(a, b)| {
            let score = mentions[a].score(&mentions[b])?;
            (score >= settings.propose).then_some(Link { a, b, score })
        })
        .collect();
    scored.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let mut clusters = Clusters::new(summaries(mentions));
    let mut links = Vec::new();
    let mut pending = Vec::new();
    for link in scored {
        if link.score >= settings.link {
            match clusters.merge(link.a, link.b) {
                Merge::Joined => links.push(link),
                Merge::Refused => pending.push(link),
                Merge::Already => {}
            }
        } else {
            pending.push(link);
        }
    }
    let proposals = pending
        .into_iter()
        .filter(|l| clusters.find(l.a) != clusters.find(l.b))
        .collect();
    People {
        person: clusters.labels(),
        links,
        proposals,
        scored: considered,
    }
}

fn summaries(mentions: &[PersonMention]) -> Vec<PersonSummary> {
    let mut report_ids: HashMap<&str, u32> = HashMap::new();
    mentions
        .iter()
        .map(|m| {
            let next = report_ids.len() as u32;
            let report = *report_ids.entry(m.report.as_str()).or_insert(next);
            PersonSummary {
                reports: vec![report],
                sex: m.key.sex,
                born: m.birth_years(),
                full_names: if m.key.words.len() >= 2 {
                    vec![m.key.clone()]
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The pairs worth scoring, each once, `a < b`. A name of two words or more is blocked under
/// each word paired with the first letter of each other word (so "D. Umarov" meets "Daniyar
/// Umarov" and word order does not matter); a bare surname meets the full names that hold it.
/// A mention joins every small block of its keys, and its smallest block when all are big: a
/// common given name with a surname's initial makes a big block that the surname's own block
/// already covers.
pub fn candidate_pairs(mentions: &[PersonMention]) -> Vec<(usize, usize)> {
    let mut sizes: HashMap<(&str, char), usize> = HashMap::new();
    for m in mentions {
        for k in name_blocks(m) {
            *sizes.entry(k).or_default() += 1;
        }
    }
    let mut blocks: HashMap<(&str, char), Vec<usize>> = HashMap::new();
    let mut surname_blocks: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let words = &m.key.words;
        if words.len() == 1 && m.key.initials.is_empty() {
            surname_blocks.entry(&words[0]).or_default().0.push(i);
            continue;
        }
        let keys: Vec<((&str, char), usize)> = name_blocks(m)
            .map(|k| (k, sizes.get(&k).copied().unwrap_or(0)))
            .collect();
        let smallest = keys.iter().map(|(_, n)| *n).min().unwrap_or(0);
        for (k, n) in keys {
            if n <= WINDOW || n == smallest {
                blocks.entry(k).or_default().push(i);
            }
        }
        for w in words {
            surname_blocks.entry(w).or_default().1.push(i);
        }
    }
    let mut pairs = Vec::new();
    for members in blocks.values_mut() {
        members.dedup();
        pairs_in_block(mentions, members, &mut pairs);
    }
    for (bare, full) in surname_blocks.values_mut() {
        pairs_in_block(mentions, bare, &mut pairs);
        if full.len() <= MAX_SURNAME_BLOCK {
            for &a in bare.iter() {
                for &b in full.iter() {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The (word, other word's initial) keys of a name of two words or more.
fn name_blocks(m: &PersonMention) -> impl Iterator<Item = (&str, char)> {
    let words = &m.key.words;
    let single = words.len() == 1 && m.key.initials.is_empty();
    words
        .iter()
        .enumerate()
        .filter(move |_| !single)
        .flat_map(move |(j, w)| {
            words
                .iter()
                .enumerate()
                .filter(move |(k, _)| *k != j)
                .filter_map(|(_, o)| o.chars().next())
                .chain(m.key.initials.iter().copied())
                .map(move |c| (w.as_str(), c))
        })
}

fn pairs_in_block(
    mentions: &[PersonMention],
    members: &mut [usize],
    out: &mut Vec<(usize, usize)>,
) {
    if members.len() > WINDOW {
        members.sort_by(|&a, &b| {
            mentions[a]
                .key
                .words
                .cmp(&mentions[b].key.words)
                .then(a.cmp(&b))
        });
    }
    for (i, &a) in members.iter().enumerate() {
        for &b in members.iter().skip(i + 1).take(WINDOW) {
            out.push((a.min(b), a.max(b)));
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::NameRules;

    fn m(report: &str, name: &str, city: &str) -> PersonMention {
        PersonMention {
            report: report.to_owned(),
            entity: "n1".to_owned(),
            name: name.to_owned(),
            key: NameRules::standard().person(name),
            cities: vec![city.to_owned()],
            age: None,
            published: NaiveDate::from_ymd_opt(2025, 5, 1),
            organisations: Vec::new(),
            relatives: Vec::new(),
            dates: NaiveDate::from_ymd_opt(2025, 4, 30).into_iter().collect(),
        }
    }

    #[test]
    fn variants_link_namesakes_elsewhere_do_not() {
        let ms = vec![
            m("r1", "Ramil Guseynov", "baku"),
            m("r2", "Ramil Huseynov", "baku"),
            m("r3", "R. Huseynov", "baku"),
            m("r4", "Ramil Guseynov", "ganja"),
        ];
        let p = link_people(&ms, &LinkSettings::default());
        assert_eq!(p.person, vec![0, 0, 0, 1]);
    }

    #[test]
    fn a_bare_surname_does_not_join_two_people() {
        let ms = vec![
            m("r1", "Daniyar Umarov", "osh"),
            m("r2", "Bakyt Umarov", "osh"),
            m("r3", "Umarov", "osh"),
        ];
        let p = link_people(&ms, &LinkSettings::default());
        assert_ne!(p.person[0], p.person[1]);
    }

    #[test]
    fn refused_merges_become_proposals() {
        // r1 and r2 hold one "Daniyar Umarov" each in Osh; r3 has both (two entities of one
        // report), so r1's and r2's cannot both join r3's people.
        let ms = vec![
            m("r1", "Daniyar Umarov", "osh"),
            m("r3", "Daniyar Umarov", "osh"),
            m("r3", "D. Umarov", "osh"),
        ];
        let p = link_people(&ms, &LinkSettings::default());
        assert_ne!(p.person[1], p.person[2]);
        assert!(p.links.len() == 1);
    }
}
