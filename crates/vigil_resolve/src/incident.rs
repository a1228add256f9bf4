//! Incidents: the events of several reports that tell of one thing that happened — the same
//! type, overlapping dates by their precision, the same place, and overlapping targets after
//! people are linked. Counts become a low–high range; disagreements are kept, not averaged.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use vigil_model::{DatePrecision, EventType, Penalty};

use crate::cluster::{Clusters, Summary};

/// One event of one report, ready to cluster.
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// The report (document id).
    pub report: String,
    /// The event's local id there.
    pub event: String,
    /// What happened.
    pub kind: EventType,
    /// First and last day it may have happened on, if the date was resolved.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// How precisely the report dates it.
    pub precision: DatePrecision,
    /// The city or other place, folded.
    pub place: Option<String>,
    /// A named site, folded.
    pub site: Option<String>,
    /// The people it happened to or who took part: person numbers after linking.
    pub people: Vec<usize>,
    /// How many people, as the report counts them.
    pub count: Option<(Option<u64>, Option<u64>)>,
    /// The penalty, as the report gives it.
    pub penalty: Option<Penalty>,
    /// The date's words, for showing a conflict.
    pub date_text: Option<String>,
    /// The telling words of what it was for or against (folded, generic words left out).
    pub claim: Vec<String>,
}

/// The words of `data/resolve/claim-generic.txt`.
fn generic_claim_words() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../../data/resolve/claim-generic.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The telling words of a folded claim: three letters or more, not in the generic list.
pub fn claim_words(folded: &str) -> Vec<String> {
    let generic = generic_claim_words();
    let mut words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !generic.contains(w))
        .map(str::to_owned)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Whether two events may be one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// One incident.
    Same,
    /// Nothing contradicts it but too little says so: for a reviewer.
    Maybe,
    /// Two incidents.
    Apart,
}

/// A disagreement between the reports of one incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// `date`, `count` or `penalty`.
    pub field: &'static str,
    /// Each distinct value and the reports that give it.
    pub values: Vec<(String, Vec<String>)>,
}

/// One thing that happened, with every report that tells of it.
#[derive(Debug, Clone)]
pub struct Incident {
    /// Number of the incident, in order of its first event.
    pub id: usize,
    /// Its type.
    pub kind: EventType,
    /// Its events (indices into the input).
    pub events: Vec<usize>,
    /// The reports that tell of it, sorted, each once.
    pub sources: Vec<String>,
    /// The earliest and latest day the reports allow.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// The lowest and highest count across the reports.
    pub count: Option<(u64, u64)>,
    /// Where the reports disagree.
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug)]
struct IncidentSummary {
    dates: Option<(NaiveDate, NaiveDate)>,
    place: Option<String>,
    site: Option<String>,
}

impl Summary for IncidentSummary {
    fn conflicts(&self, other: &Self) -> bool {
        differ(self.place.as_ref(), other.place.as_ref())
            || differ(self.site.as_ref(), other.site.as_ref())
            || matches!((self.dates, other.dates), (Some(a), Some(b)) if !overlap(a, b))
    }

    fn absorb(&mut self, other: Self) {
        self.dates = match (self.dates, other.dates) {
            (Some((a0, a1)), Some((b0, b1))) => Some((a0.max(b0), a1.min(b1))),
            (a, b) => a.or(b),
        };
        self.place = self.place.take().or(other.place);
        self.site = self.site.take().or(other.site);
    }
}

fn differ(a: Option<&String>, b: Option<&String>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

fn overlap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

impl EventRecord {
    /// The date range, its end a day later for a day-precise date, so dates a day apart (a
    /// night, a time zone, "yesterday" counted from another publication hour) overlap and dates
    /// two days apart do not.
    pub(crate) fn window(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (s, e) = self.dates?;
        if self.precision == DatePrecision::Day {
            Some((s, e.succ_opt().unwrap_or(e)))
        } else {
            Some((s, e))
        }
    }

    /// Whether the two events tell of one incident.
    pub fn same_incident(&self, other: &EventRecord) -> bool {
        self.verdict(other) == Verdict::Same
    }

    /// Whether the two events tell of one incident, may do, or do not. Events that name no
    /// people on either side (no person to share) meet on place and day alone, which two pickets in one city on
    /// one day also do, so they need more: the same site, claims that share a telling word,
    /// or counts that agree; claims that share none keep them apart, and a pair with nothing
    /// either way is left for review.
    pub fn verdict(&self, other: &EventRecord) -> Verdict {
        if self.kind != other.kind
            || differ(self.place.as_ref(), other.place.as_ref())
            || differ(self.site.as_ref(), other.site.as_ref())
        {
            return Verdict::Apart;
        }
        let shared_people = self.people.iter().any(|p| other.people.contains(p));
        if !self.people.is_empty() && !other.people.is_empty() && !shared_people {
            return Verdict::Apart;
        }
        let (Some(a), Some(b)) = (self.window(), other.window()) else {
            // Undated: only the same people.
            return if shared_people {
                Verdict::Same
            } else {
                Verdict::Apart
            };
        };
        if !overlap(a, b) {
            return Verdict::Apart;
        }
        if shared_people {
            return Verdict::Same;
        }
        if self.place.is_none() || other.place.is_none() {
            return Verdict::Apart;
        }
        // One side names people the other does not attach (a passive "was detained" may
        // lose its target): place and day, as before, suffice.
        if !self.people.is_empty() || !other.people.is_empty() {
            return Verdict::Same;
        }
        let claims = !self.claim.is_empty() && !other.claim.is_empty();
        if claims && !self.claim.iter().any(|w| other.claim.contains(w)) {
            return Verdict::Apart;
        }
        let same_site = self.site.is_some() && self.site == other.site;
        if claims || same_site || counts_agree(self.count, other.count) {
            Verdict::Same
        } else {
            Verdict::Maybe
        }
    }
}

/// Whether two counts are within a factor of three of each other (reports of one crowd
/// often differ by two or more: organisers and police, an early and a late estimate).
fn counts_agree(
    a: Option<(Option<u64>, Option<u64>)>,
    b: Option<(Option<u64>, Option<u64>)>,
) -> bool {
    let range = |c: Option<(Option<u64>, Option<u64>)>| {
        let (lo, hi) = c?;
        let lo = lo.or(hi)?;
        Some((lo, hi.unwrap_or(lo).max(lo)))
    };
    let (Some((a0, a1)), Some((b0, b1))) = (range(a), range(b)) else {
        return false;
    };
    if a0.min(b0) == 0 {
        return false;
    }
    // The nearest ends of the two ranges (the same number when they overlap).
    let (low, high) = if a1 < b0 {
        (a1, b0)
    } else if b1 < a0 {
        (b1, a0)
    } else {
        return true;
    };
    high <= low.saturating_mul(3)
}

/// Group `events` into incidents; returns the incidents, each event's incident number, and
/// the pairs of events (in different incidents) left for a reviewer.
pub fn cluster_incidents(
    events: &[EventRecord],
) -> (Vec<Incident>, Vec<usize>, Vec<(usize, usize)>) {
    let mut clusters = Clusters::new(
        events
            .iter()
            .map(|e| IncidentSummary {
                dates: e.window(),
                place: e.place.clone(),
                site: e.site.clone(),
            })
            .collect(),
    );
    let mut maybe = Vec::new();
    for (a, b) in event_pairs(events) {
        match events[a].verdict(&events[b]) {
            Verdict::Same => {
                clusters.merge(a, b);
            }
            Verdict::Maybe => maybe.push((a, b)),
            Verdict::Apart => {}
        }
    }
    let proposals = maybe
        .into_iter()
        .filter(|&(a, b)| clusters.find(a) != clusters.find(b))
        .collect();
    let labels = clusters.labels();
    let n = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &l) in labels.iter().enumerate() {
        members[l].push(i);
    }
    let incidents = members
        .into_iter()
        .enumerate()
        .map(|(id, evs)| incident(id, &evs, events))
        .collect();
    (incidents, labels, proposals)
}

/// Pairs to compare: events blocked by (type, place) and by (type, person), compared within a
/// block only when their date windows may overlap (a sweep in date order), so the work grows
/// with the events, not their square.
fn event_pairs(events: &[EventRecord]) -> Vec<(usize, usize)> {
    let mut blocks: HashMap<(EventType, BlockKey), Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(p) = &e.place {
            blocks
                .entry((e.kind, BlockKey::Place(p)))
                .or_default()
                .push(i);
        }
        for &p in &e.people {
            blocks
                .entry((e.kind, BlockKey::Person(p)))
                .or_default()
                .push(i);
        }
    }
    let mut pairs = Vec::new();
    for members in blocks.values_mut() {
        sweep(events, members, &mut pairs);
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[derive(Debug, PartialEq, Eq, Hash)]
enum BlockKey<'a> {
    Place(&'a str),
    Person(usize),
}

fn sweep(events: &[EventRecord], members: &mut [usize], out: &mut Vec<(usize, usize)>) {
    // Undated events first: they meet every member (only by shared people, and there are few).
    members.sort_by_key(|&i| (events[i].window(), i));
    for (k, &a) in members.iter().enumerate() {
        let Some((_, a_end)) = events[a].window() else {
            for &b in &members[k + 1..] {
                out.push((a.min(b), a.max(b)));
            }
            continue;
        };
        for &b in &members[k + 1..] {
            match events[b].window() {
                Some((b_start, _)) if b_start > a_end => break,
                _ => out.push((a.min(b), a.max(b))),
            }
        }
    }
}

fn incident(id: usize, evs: &[usize], events: &[EventRecord]) -> Incident {
    let first = &events[evs[0]];
    let sources: BTreeSet<String> = evs.iter().map(|&i| events[i].report.clone()).collect();
    let dates = evs
        .iter()
        .filter_map(|&i| events[i].dates)
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    let count = evs
        .iter()
        .filter_map(|&i| events[i].count)
        .flat_map(|(lo, hi)| [lo, hi])
        .flatten()
        .fold(None, |acc: Option<(u64, u64)>, n| {
            Some(acc.map_or((n, n), |(l, h)| (l.min(n), h.max(n))))
        });
    let conflicts = [
        conflict("date", evs, events, |e| {
            e.dates.map(|(s, t)| {
                if s == t {
                    s.to_string()
                } else {
                    format!("{s}/{t}")
                }
            })
        }),
        conflict("count", evs, events, |e| {
            e.count.map(|(lo, hi)| match (lo, hi) {
                (Some(l), Some(h)) if l == h => l.to_string(),
                (l, h) => format!(
                    "{}–{}",
                    l.map_or(String::new(), |x| x.to_string()),
                    h.map_or(String::new(), |x| x.to_string())
                ),
            })
        }),
        conflict("penalty", evs, events, |e| {
            e.penalty.as_ref().map(penalty_value)
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    Incident {
        id,
        kind: first.kind,
        events: evs.to_vec(),
        sources: sources.into_iter().collect(),
        dates,
        count,
        conflicts,
    }
}

fn penalty_value(p: &Penalty) -> String {
    let mut parts = vec![format!("{:?}", p.kind).to_lowercase()];
    for (n, unit) in [(p.years, "y"), (p.months, "m"), (p.days, "d")] {
        if let Some(n) = n {
            parts.push(format!("{n}{unit}"));
        }
    }
    if let Some(a) = p.amount {
        parts.push(format!("{a}{}", p.currency.as_deref().unwrap_or("")));
    }
    parts.join(" ")
}

/// The field's distinct values across the incident's reports, if there is more than one.
fn conflict(
    field: &'static str,
    evs: &[usize],
    events: &[EventRecord],
    value: impl Fn(&EventRecord) -> Option<String>,
) -> Option<Conflict> {
    let mut by_value: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &i in evs {
        if let Some(v) = value(&events[i]) {
            by_value
                .entry(v)
                .or_default()
                .insert(events[i].report.clone());
        }
    }
    (by_value.len() > 1).then(|| Conflict {
        field,
        values: by_value
            .into_iter()
            .map(|(v, r)| (v, r.into_iter().collect()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> Option<(NaiveDate, NaiveDate)> {
        NaiveDate::from_ymd_opt(2025, m, d).map(|x| (x, x))
    }

    fn ev(
        report: &str,
        kind: EventType,
        date: Option<(NaiveDate, NaiveDate)>,
        place: &str,
        people: &[usize],
    ) -> EventRecord {
        EventRecord {
            report: report.to_owned(),
            event: "e1".to_owned(),
            kind,
            dates: date,
            precision: DatePrecision::Day,
            place: (!place.is_empty()).then(|| place.to_owned()),
            site: None,
            people: people.to_vec(),
            count: None,
            penalty: None,
            date_text: None,
            claim: Vec::new(),
        }
    }

    #[test]
    fn one_detention_told_three_times_is_one_incident() {
        let mut a = ev("r1", EventType::Detention, day(3, 2), "osh", &[7]);
        a.count = Some((Some(12), None));
        let mut b = ev("r2", EventType::Detention, day(3, 3), "osh", &[7]);
        b.count = Some((Some(15), Some(15)));
        let c = ev("r3", EventType::Detention, None, "", &[7]);
        let (incidents, labels, _) = cluster_incidents(&[a, b, c]);
        assert_eq!(labels, vec![0, 0, 0]);
        assert_eq!(incidents[0].sources, vec!["r1", "r2", "r3"]);
        assert_eq!(incidents[0].count, Some((12, 15)));
        let fields: Vec<&str> = incidents[0].conflicts.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec!["date", "count"]);
    }

    #[test]
    fn look_alikes_stay_apart() {
        let evs = [
            // The same person detained twice, a month apart.
            ev("r1", EventType::Detention, day(3, 2), "osh", &[7]),
            ev("r2", EventType::Detention, day(4, 2), "osh", &[7]),
            // Two pickets on one day in two cities.
            ev("r3", EventType::Protest, day(5, 1), "almaty", &[]),
            ev("r4", EventType::Protest, day(5, 1), "astana", &[]),
            // Other people, the same day and city.
            ev("r5", EventType::Detention, day(3, 2), "osh", &[8]),
        ];
        let (_, labels, _) = cluster_incidents(&evs);
        assert_eq!(labels, vec![0, 1, 2, 3, 4]);
    }

    fn protest(report: &str, d: u32, place: &str, claim: &str, count: Option<u64>) -> EventRecord {
        let mut e = ev(report, EventType::Protest, day(5, d), place, &[]);
        e.claim = claim_words(claim);
        e.count = count.map(|c| (Some(c), None));
        e
    }

    #[test]
    fn a_chain_of_days_cannot_stretch_an_incident() {
        let evs = [
            protest("r1", 1, "bishkek", "against the gold mine", None),
            protest("r2", 2, "bishkek", "against the gold mine", None),
            protest("r3", 3, "bishkek", "against the gold mine", None),
        ];
        let (_, labels, _) = cluster_incidents(&evs);
        assert_eq!(labels[0], labels[1]);
        assert_ne!(labels[0], labels[2]);
    }

    #[test]
    fn unnamed_events_need_more_than_place_and_day() {
        let evs = [
            // One rally, told with disagreeing counts and one claim.
            protest("r1", 1, "almaty", "against rising prices", Some(200)),
            protest("r2", 1, "almaty", "against rising prices", Some(300)),
            // Another picket that day in that city, for another cause.
            protest(
                "r3",
                1,
                "almaty",
                "demanding the release of journalists",
                Some(200),
            ),
            // One with no claim, far off the counts: for review, not merged.
            protest("r4", 1, "almaty", "", Some(5)),
        ];
        let (_, labels, proposals) = cluster_incidents(&evs);
        assert_eq!(labels, vec![0, 0, 1, 2]);
        assert!(proposals.contains(&(0, 3)));
        assert!(!proposals.iter().any(|&(a, b)| labels[a] == labels[b]));
    }

    #[test]
    fn counts_within_a_factor_of_three_agree() {
        assert!(counts_agree(
            Some((Some(500), None)),
            Some((Some(1000), None))
        ));
        assert!(counts_agree(
            Some((Some(2000), None)),
            Some((Some(5000), Some(5000)))
        ));
        assert!(!counts_agree(Some((Some(30), None)), Some((Some(5), None))));
        assert!(!counts_agree(Some((Some(30), None)), None));
        assert!(!counts_agree(Some((Some(0), None)), Some((Some(0), None))));
    }
}
