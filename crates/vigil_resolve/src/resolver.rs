//! The stage's entry point: the analyses of many reports in, people and incidents out.

use std::collections::HashMap;

use vigil_model::{
    Analysis, DatePrecision, Entity, EntityKind, Event, ParticipantRole, RelationKind,
};

use crate::incident::{EventRecord, Incident, claim_words, cluster_incidents};
use crate::link::{People, link_people};
use crate::{Folder, LinkSettings, NameRules, PersonMention};

/// Resolves people and incidents across the reports added to it.
#[derive(Debug, Clone)]
pub struct Resolver {
    rules: NameRules,
    folder: Folder,
    settings: LinkSettings,
    mentions: Vec<PersonMention>,
    /// Events with the mention indices of their people (mapped to persons at resolve time).
    events: Vec<(EventRecord, Vec<usize>)>,
}

/// What [`Resolver::resolve`] found.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// Every person mention, in the order added.
    pub mentions: Vec<PersonMention>,
    /// Which mentions are one person, with links and proposals.
    pub people: People,
    /// Every event kept (not negated, not hypothetical), in the order added.
    pub events: Vec<EventRecord>,
    /// The incident number of each event.
    pub incident_of: Vec<usize>,
    /// The incidents.
    pub incidents: Vec<Incident>,
    /// Pairs of events (indices into `events`) in different incidents that may be one, for a
    /// reviewer.
    pub incident_proposals: Vec<(usize, usize)>,
}

impl Default for Resolver {
    fn default() -> Self {
        Self::new(LinkSettings::default())
    }
}

impl Resolver {
    /// A resolver with the bundled name rules.
    pub fn new(settings: LinkSettings) -> Self {
        Self {
            rules: NameRules::standard(),
            folder: Folder::standard(),
            settings,
            mentions: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Take in one report's analysis.
    pub fn add(&mut self, analysis: &Analysis) {
        let report = analysis.document.id.clone();
        let published = analysis.document.published;
        let by_id: HashMap<&str, &Entity> = analysis
            .entities
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();
        let kept: Vec<&Event> = analysis
            .events
            .iter()
            .filter(|e| !e.status.negated && !e.status.hypothetical)
            .collect();
        let mut mention_of: HashMap<&str, usize> = HashMap::new();
        let mut cities: Vec<String> = kept.iter().filter_map(|e| self.city(e)).collect();
        cities.sort();
        cities.dedup();
        let report_city = (cities.len() == 1).then(|| cities.remove(0));
        for entity in &analysis.entities {
            if entity.kind != EntityKind::Person {
                continue;
            }
            let key = self.rules.person(&entity.name);
            if key.is_empty() {
                continue;
            }
            let mut mention = PersonMention {
                report: report.clone(),
                entity: entity.id.clone(),
                name: entity.name.clone(),
                key,
                cities: Vec::new(),
                age: entity.age,
                published,
                organisations: Vec::new(),
                relatives: Vec::new(),
                dates: Vec::new(),
            };
            self.context(&mut mention, entity, &analysis.entities, &by_id);
            for event in kept.iter().filter(|e| takes_part(e, &entity.id)) {
                if let Some(city) = self.city(event) {
                    push_new(&mut mention.cities, city);
                }
                if let Some(d) = event
                    .date
                    .as_ref()
                    .filter(|d| d.precision == DatePrecision::Day)
                {
                    mention.dates.extend(d.start);
                }
            }
            if mention.cities.is_empty() {
                // The extractor did not tie the person to an event; a report whose events all
                // happen in one city still places them there.
                mention.cities = report_city.clone().into_iter().collect();
            }
            mention_of.insert(entity.id.as_str(), self.mentions.len());
            self.mentions.push(mention);
        }
        for event in kept {
            let people = event
                .participants
                .iter()
                .filter(|p| p.role != ParticipantRole::Agent && p.role != ParticipantRole::Source)
                .filter(|p| p.role != ParticipantRole::Authority)
                .filter_map(|p| mention_of.get(p.entity.as_deref()?).copied())
                .collect();
            self.events.push((self.record(&report, event), people));
        }
    }

    /// Organisations and relatives from the entity's relations, and from relations other
    /// entities hold towards it.
    fn context(
        &self,
        mention: &mut PersonMention,
        entity: &Entity,
        all: &[Entity],
        by_id: &HashMap<&str, &Entity>,
    ) {
        use RelationKind::{
            Child, EmployeeOf, LeaderOf, MemberOf, Parent, Relative, Sibling, Spouse,
        };
        for rel in &entity.relations {
            let Some(target) = by_id.get(rel.target.as_str()) else {
                continue;
            };
            match rel.kind {
                MemberOf | LeaderOf | EmployeeOf => {
                    push_new(
                        &mut mention.organisations,
                        self.rules.organisation(&target.name),
                    );
                }
                Spouse | Parent | Child | Sibling | Relative
                    if target.kind == EntityKind::Person =>
                {
                    mention.relatives.push(self.rules.person(&target.name));
                }
                _ => {}
            }
        }
        for other in all.iter().filter(|o| o.kind == EntityKind::Person) {
            let kin = other.relations.iter().any(|r| {
                r.target == entity.id
                    && matches!(r.kind, Spouse | Parent | Child | Sibling | Relative)
            });
            if kin {
                mention.relatives.push(self.rules.person(&other.name));
            }
        }
    }

    fn city(&self, event: &Event) -> Option<String> {
        let name = event.place.as_ref()?.name.as_deref()?;
        let folded = self.folder.fold(name);
        let words: Vec<&str> = folded.split_whitespace().collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    fn record(&self, report: &str, event: &Event) -> EventRecord {
        let date = event.date.as_ref();
        let count = event
            .participants
            .iter()
            .filter_map(|p| p.count.as_ref())
            .map(|c| (c.min, c.max))
            .max();
        EventRecord {
            report: report.to_owned(),
            event: event.id.clone(),
            kind: event.kind,
            dates: date.and_then(|d| Some((d.start?, d.end.or(d.start)?))),
            precision: date.map_or(DatePrecision::Unknown, |d| d.precision),
            place: self.city(event),
            site: event
                .place
                .as_ref()
                .and_then(|p| p.site.as_deref())
                .map(|s| {
                    self.folder
                        .fold(s)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
            people: Vec::new(),
            count,
            penalty: event.penalty.clone(),
            date_text: date.map(|d| d.text.clone()),
            claim: event
                .claim
                .as_deref()
                .map(|c| claim_words(&self.folder.fold(c)))
                .unwrap_or_default(),
        }
    }

    /// The blocking keys of one report, for finding the stored reports it must be resolved
    /// against: `stored` are kept with the report, `wanted` are looked up. Every pair of
    /// reports whose people or events [`Resolver::resolve`] may put together share a key:
    /// a full name is filed under each word with another word's initial (`pf:umarov|d`) and
    /// each word (`pw:umarov`), a bare surname under itself (`pb:umarov`); a dated, placed
    /// event under its type, place and each month its date window touches (at most 13).
    pub fn document_keys(&self, analysis: &Analysis) -> DocumentKeys {
        let mut keys = DocumentKeys::default();
        for entity in analysis
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
        {
            let name = self.rules.person(&entity.name);
            if name.words.len() == 1 && name.initials.is_empty() {
                let word = &name.words[0];
                keys.stored.push(format!("pb:{word}"));
                keys.wanted.push(format!("pb:{word}"));
                keys.wanted.push(format!("pw:{word}"));
                continue;
            }
            for (j, word) in name.words.iter().enumerate() {
                keys.wanted.push(format!("pb:{word}"));
                keys.stored.push(format!("pw:{word}"));
                let others = name
                    .words
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != j)
                    .filter_map(|(_, o)| o.chars().next())
                    .chain(name.initials.iter().copied());
                for c in others {
                    keys.stored.push(format!("pf:{word}|{c}"));
                    keys.wanted.push(format!("pf:{word}|{c}"));
                }
            }
        }
        for event in analysis
            .events
            .iter()
            .filter(|e| !e.status.negated && !e.status.hypothetical)
        {
            let record = self.record(&analysis.document.id, event);
            let (Some(place), Some((start, end))) = (&record.place, record.window()) else {
                continue;
            };
            let months = month_index(end) - month_index(start);
            if !(0..=12).contains(&months) {
                continue;
            }
            for m in month_index(start)..=month_index(end) {
                let key = format!(
                    "e:{}|{place}|{:04}-{:02}",
                    record.kind.as_str(),
                    m.div_euclid(12),
                    m.rem_euclid(12) + 1
                );
                keys.wanted.push(key.clone());
                keys.stored.push(key);
            }
        }
        for list in [&mut keys.stored, &mut keys.wanted] {
            list.sort_unstable();
            list.dedup();
        }
        keys
    }

    /// Link the people and cluster the events of every report added so far.
    pub fn resolve(&self) -> Resolution {
        let people = link_people(&self.mentions, &self.settings);
        let events: Vec<EventRecord> = self
            .events
            .iter()
            .map(|(record, mentions)| {
                let mut r = record.clone();
                r.people = mentions.iter().map(|&m| people.person[m]).collect();
                r.people.sort_unstable();
                r.people.dedup();
                r
            })
            .collect();
        let (incidents, incident_of, incident_proposals) = cluster_incidents(&events);
        Resolution {
            mentions: self.mentions.clone(),
            people,
            events,
            incident_of,
            incidents,
            incident_proposals,
        }
    }
}

/// The blocking keys of a report; see [`Resolver::document_keys`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentKeys {
    /// Kept with the report, for later reports to find it.
    pub stored: Vec<String>,
    /// Looked up among stored reports.
    pub wanted: Vec<String>,
}

/// Months since year 0, for month keys.
fn month_index(day: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    day.year() * 12 + day.month0() as i32
}

fn takes_part(event: &Event, entity: &str) -> bool {
    event.participants.iter().any(|p| {
        p.entity.as_deref() == Some(entity)
            && !matches!(p.role, ParticipantRole::Source | ParticipantRole::Authority)
    })
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use vigil_model::{
        Count, DateSpan, Document, EventType, Participant, Place, PlacePrecision, Range, Span,
        Status,
    };

    use super::*;

    /// A report of one detention of `name` in `city` on `day`, with `count` people.
    fn report(text: &str, name: &str, city: &str, day: u32, count: u64) -> Analysis {
        let mut doc = Document::new("test", text.to_owned());
        doc.published = NaiveDate::from_ymd_opt(2025, 3, day + 1);
        let mut a = Analysis::new(doc);
        a.entities.push(Entity::new("n1", EntityKind::Person, name));
        let date = NaiveDate::from_ymd_opt(2025, 3, day);
        a.events.push(Event {
            id: "e1".to_owned(),
            kind: EventType::Detention,
            trigger: Span {
                start: 0,
                end: 1,
                text: "d".to_owned(),
            },
            sentence: Range { start: 0, end: 1 },
            date: Some(DateSpan {
                start: date,
                end: date,
                precision: DatePrecision::Day,
                text: format!("March {day}"),
                anchor: None,
            }),
            place: Some(Place {
                entity: None,
                name: Some(city.to_owned()),
                country: None,
                site: None,
                precision: PlacePrecision::City,
            }),
            participants: vec![Participant {
                role: ParticipantRole::Target,
                entity: Some("n1".to_owned()),
                text: name.to_owned(),
                count: Some(Count {
                    min: Some(count),
                    max: None,
                    text: count.to_string(),
                }),
                related: None,
            }],
            claim: None,
            charge: None,
            force: Vec::new(),
            penalty: None,
            appeal: None,
            status: Status::default(),
            evidence: Vec::new(),
            confidence: 0.9,
        });
        a
    }

    #[test]
    fn two_outlets_one_incident_a_namesake_elsewhere_apart() {
        let mut r = Resolver::default();
        r.add(&report("one", "Daniyar Umarov", "Osh", 2, 3));
        r.add(&report("two", "Daniar Umarov", "Osh", 2, 5));
        r.add(&report("three", "Daniyar Umarov", "Naryn", 2, 1));
        let res = r.resolve();
        assert_eq!(res.people.person, vec![0, 0, 1]);
        assert_eq!(res.incident_of, vec![0, 0, 1]);
        assert_eq!(res.incidents[0].sources.len(), 2);
        assert_eq!(res.incidents[0].count, Some((3, 5)));
        assert_eq!(res.incidents[0].conflicts[0].field, "count");
    }

    #[test]
    fn a_person_outside_every_event_takes_the_report_city() {
        let mut lone = report("two", "Daniar Umarov", "Osh", 2, 5);
        lone.events[0].participants.clear();
        let mut r = Resolver::default();
        r.add(&report("one", "Daniyar Umarov", "Osh", 2, 3));
        r.add(&lone);
        let res = r.resolve();
        assert_eq!(res.mentions[1].cities, vec!["osh"]);
        assert_eq!(res.people.person, vec![0, 0]);
    }

    #[test]
    fn reports_that_may_resolve_together_share_a_blocking_key() {
        let r = Resolver::default();
        let keys = |a: &Analysis| r.document_keys(a);
        let shared = |a: &DocumentKeys, b: &DocumentKeys| {
            b.wanted.iter().filter(|k| a.stored.contains(k)).count()
        };
        let one = keys(&report("one", "Daniyar Umarov", "Osh", 2, 3));
        let initial = keys(&report("two", "D. Umarov", "Osh", 2, 5));
        let bare = keys(&report("three", "Umarov", "Naryn", 20, 1));
        let other = keys(&report("four", "Bakyt Tokoev", "Naryn", 2, 1));
        assert!(one.stored.contains(&"e:detention|osh|2025-03".to_owned()));
        assert!(one.stored.contains(&"pf:umarov|d".to_owned()));
        assert!(shared(&one, &initial) > 0);
        assert!(shared(&one, &bare) > 0 && shared(&bare, &one) > 0);
        assert_eq!(shared(&one, &other), 0);
        // A month apart, in another month: no event key in common.
        let later = keys(&report("five", "Bakyt Tokoev", "Osh", 28, 1));
        let april = {
            let mut a = report("six", "Aizada Bekova", "Osh", 28, 1);
            for e in &mut a.events {
                if let Some(d) = e.date.as_mut() {
                    d.start = NaiveDate::from_ymd_opt(2025, 4, 28);
                    d.end = d.start;
                }
            }
            keys(&a)
        };
        assert!(shared(&one, &later) > 0, "same month, same city");
        assert_eq!(shared(&one, &april), 0);
    }

    #[test]
    fn negated_events_are_left_out() {
        let mut a = report("one", "Daniyar Umarov", "Osh", 2, 3);
        a.events[0].status.negated = true;
        let mut r = Resolver::default();
        r.add(&a);
        assert!(r.resolve().events.is_empty());
    }
}
