//! Resolve against the store: the people and incidents of new reports linked to the stored
//! ones at ingest ([`resolve_documents`]), or everything recomputed ([`resolve_all`]).
//!
//! `vigil_resolve` groups mentions and events; this module turns its groups into stored links
//! (see `vigil_store::links`). A group keeps the stored cluster most of its members are in
//! already, so ids stay stable across runs; a reviewer's decisions win over the resolver: a
//! `confirmed` member stays where the reviewer put it and draws its group's other members
//! there, a `rejected` link is never made again. A run that finds nothing new writes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use vigil_model::Analysis;
use vigil_resolve::Resolver;
use vigil_store::{
    ClusterId, DocumentId, LinkBatch, LinkKind, LinkState, LinkTarget, NewLink, PageRequest,
    Provenance, ReviewState, Store, StoreError, StoredLink,
};

/// Links scanned per page by [`resolve_all`].
const SCAN_PAGE: u32 = 10_000;

/// What a resolve run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Reports resolved together (the new ones and the stored ones they may touch).
    pub reports: usize,
    /// People among them.
    pub people: usize,
    /// Incidents among them.
    pub incidents: usize,
    /// Links written (memberships and proposals).
    pub written: usize,
    /// Machine links the store skipped because a reviewer decided otherwise.
    pub skipped: usize,
    /// Machine links ended: stale proposals, subjects gone from the reports.
    pub withdrawn: usize,
}

/// The provenance of the resolver's links.
pub fn resolver_provenance(at: chrono::DateTime<chrono::Utc>) -> Provenance {
    Provenance {
        author: format!("resolver@{}", env!("CARGO_PKG_VERSION")),
        at,
    }
}

/// Resolves the reports `new` against the stored reports that share a blocking key with them,
/// and files their keys for later reports.
pub fn resolve_documents(
    store: &dyn Store,
    new: &[DocumentId],
    provenance: &Provenance,
) -> Result<Resolved, StoreError> {
    if new.is_empty() {
        return Ok(Resolved::default());
    }
    let resolver = Resolver::default();
    let mut keys = Vec::new();
    let mut wanted = BTreeSet::new();
    let mut reports = Vec::new();
    for id in new {
        let Some(report) = load(store, id)? else {
            continue;
        };
        let k = resolver.document_keys(&report.analysis);
        wanted.extend(k.wanted);
        keys.push((id.clone(), k.stored));
        reports.push(report);
    }
    let wanted: Vec<String> = wanted.into_iter().collect();
    for id in store.documents_with_keys(&wanted)? {
        if !new.contains(&id)
            && let Some(report) = load(store, &id)?
        {
            reports.push(report);
        }
    }
    resolve_reports(store, resolver, reports, keys, None, provenance)
}

/// Recomputes every link from every current report, keeping reviewers' decisions, ending
/// machine links whose subjects are gone (a report replaced by a new version), and filing
/// every report's blocking keys.
pub fn resolve_all(store: &dyn Store, provenance: &Provenance) -> Result<Resolved, StoreError> {
    let resolver = Resolver::default();
    // The latest version at each locator.
    let mut latest: HashMap<String, (u32, DocumentId)> = HashMap::new();
    let mut page = PageRequest::first(vigil_store::MAX_PAGE);
    loop {
        let listed = store.list_documents(None, &page)?;
        for d in listed.items {
            let slot = latest.entry(d.locator).or_insert((0, d.id.clone()));
            if d.version >= slot.0 {
                *slot = (d.version, d.id);
            }
        }
        match listed.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let mut ids: Vec<DocumentId> = latest.into_values().map(|(_, id)| id).collect();
    ids.sort();
    let mut reports = Vec::new();
    let mut keys = Vec::new();
    for id in &ids {
        if let Some(report) = load(store, id)? {
            keys.push((id.clone(), resolver.document_keys(&report.analysis).stored));
            reports.push(report);
        }
    }
    let mut stale = Vec::new();
    for kind in LinkKind::ALL {
        let mut after = None;
        loop {
            let links = store.current_links(kind, after, SCAN_PAGE)?;
            after = links.last().map(|l| l.id);
            stale.extend(links.into_iter().filter(|l| !l.state.is_decision()));
            if after.is_none() {
                break;
            }
        }
    }
    resolve_reports(store, resolver, reports, keys, Some(stale), provenance)
}

/// A stored report as the resolver sees it: its current entities and its current events
/// that no reviewer rejected, with their store ids by local id.
struct Loaded {
    /// When the analysis was stored: reports are resolved in that order (then by id), so a
    /// recompute sees them as ingest did.
    stored_at: chrono::DateTime<chrono::Utc>,
    analysis: Analysis,
    entities: HashMap<String, i64>,
    events: HashMap<String, i64>,
}

fn load(store: &dyn Store, id: &DocumentId) -> Result<Option<Loaded>, StoreError> {
    let Some(stored) = store.get_analysis(id)? else {
        return Ok(None);
    };
    let mut analysis = stored.analysis;
    let entities = store.document_entities(id)?;
    let events: Vec<_> = store
        .document_events(id)?
        .into_iter()
        .filter(|e| e.current && e.review != ReviewState::Rejected)
        .collect();
    analysis.entities = entities.iter().map(|e| e.entity.clone()).collect();
    analysis.events = events.iter().map(|e| e.event.clone()).collect();
    Ok(Some(Loaded {
        stored_at: stored.provenance.at,
        analysis,
        entities: entities
            .iter()
            .map(|e| (e.entity.id.clone(), e.id.0))
            .collect(),
        events: events
            .iter()
            .map(|e| (e.event.id.clone(), e.id.0))
            .collect(),
    }))
}

/// A subject of a resolution group with why it is there.
struct Member {
    subject: i64,
    rule: &'static str,
    score: Option<f64>,
}

/// Resolves `reports` together and writes what changed. `stale`, in a full recompute, holds
/// every current machine link: those whose subjects this run does not place are ended.
fn resolve_reports(
    store: &dyn Store,
    mut resolver: Resolver,
    mut reports: Vec<Loaded>,
    keys: Vec<(DocumentId, Vec<String>)>,
    stale: Option<Vec<StoredLink>>,
    provenance: &Provenance,
) -> Result<Resolved, StoreError> {
    reports.sort_by(|a, b| {
        (a.stored_at, &a.analysis.document.id).cmp(&(b.stored_at, &b.analysis.document.id))
    });
    for r in &reports {
        resolver.add(&r.analysis);
    }
    let res = resolver.resolve();
    let by_doc: HashMap<&str, &Loaded> = reports
        .iter()
        .map(|r| (r.analysis.document.id.as_str(), r))
        .collect();
    let entity_id = |report: &str, local: &str| {
        by_doc
            .get(report)
            .and_then(|r| r.entities.get(local))
            .copied()
    };
    let event_id = |report: &str, local: &str| {
        by_doc
            .get(report)
            .and_then(|r| r.events.get(local))
            .copied()
    };
    let mut batch = LinkBatch::new(provenance.clone());
    batch.keys = keys;
    let mut plan = Plan::default();

    // People.
    let mention_ids: Vec<Option<i64>> = res
        .mentions
        .iter()
        .map(|m| entity_id(&m.report, &m.entity))
        .collect();
    let mut best = vec![None::<f64>; res.mentions.len()];
    for l in &res.people.links {
        for i in [l.a, l.b] {
            best[i] = Some(best[i].map_or(l.score, |s: f64| s.max(l.score)));
        }
    }
    let person_groups = groups(&res.people.person, |i| {
        Some(Member {
            subject: mention_ids[i]?,
            rule: if best[i].is_some() {
                "resolve:name"
            } else {
                "resolve:alone"
            },
            score: best[i],
        })
    });
    let person_pairs: Vec<(i64, i64, Option<f64>)> = res
        .people
        .proposals
        .iter()
        .filter_map(|l| Some((mention_ids[l.a]?, mention_ids[l.b]?, Some(l.score))))
        .collect();
    let mut person_subjects: Vec<i64> = reports
        .iter()
        .flat_map(|r| r.entities.values().copied())
        .collect();
    person_subjects.sort_unstable();
    plan.kind(
        store,
        LinkKind::Person,
        &person_groups,
        &person_pairs,
        &person_subjects,
        &mut batch,
    )?;

    // Incidents.
    let event_ids: Vec<Option<i64>> = res
        .events
        .iter()
        .map(|e| event_id(&e.report, &e.event))
        .collect();
    let incident_groups = groups(&res.incident_of, |i| {
        Some(Member {
            subject: event_ids[i]?,
            rule: "resolve:incident",
            score: None,
        })
    });
    let incident_pairs: Vec<(i64, i64, Option<f64>)> = res
        .incident_proposals
        .iter()
        .filter_map(|&(a, b)| Some((event_ids[a]?, event_ids[b]?, None)))
        .collect();
    let mut event_subjects: Vec<i64> = reports
        .iter()
        .flat_map(|r| r.events.values().copied())
        .collect();
    event_subjects.sort_unstable();
    plan.kind(
        store,
        LinkKind::Incident,
        &incident_groups,
        &incident_pairs,
        &event_subjects,
        &mut batch,
    )?;

    // In a full recompute, machine links of subjects no report placed end too.
    if let Some(stale) = stale {
        let mut ended: HashSet<_> = batch.withdraw.iter().copied().collect();
        for l in stale {
            let placed = match l.kind {
                LinkKind::Person => plan.placed_people.contains(&l.subject),
                LinkKind::Incident => plan.placed_events.contains(&l.subject),
            };
            if !placed && ended.insert(l.id) {
                batch.withdraw.push(l.id);
            }
        }
    }
    let outcome = store.put_links(&batch)?;
    let written = outcome.links.iter().filter(|l| l.is_some()).count();
    Ok(Resolved {
        reports: reports.len(),
        people: res.people.person.iter().collect::<HashSet<_>>().len(),
        incidents: res.incidents.len(),
        written,
        skipped: outcome.links.len() - written,
        withdrawn: batch.withdraw.len(),
    })
}

/// The members of each group, by group number; items without a stored subject are left out.
fn groups(labels: &[usize], member: impl Fn(usize) -> Option<Member>) -> Vec<Vec<Member>> {
    let mut by: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
    for (i, &label) in labels.iter().enumerate() {
        if let Some(m) = member(i) {
            by.entry(label).or_default().push(m);
        }
    }
    by.into_values().collect()
}

/// The batch being planned: new-cluster labels and the subjects placed so far.
#[derive(Default)]
struct Plan {
    next_label: u32,
    placed_people: BTreeSet<i64>,
    placed_events: BTreeSet<i64>,
}

impl Plan {
    fn label(&mut self) -> LinkTarget {
        self.next_label += 1;
        LinkTarget::New(self.next_label)
    }

    /// Plans one kind: a target for each group, a membership link for each member whose
    /// membership changes, proposals between groups, and the withdrawal of stale proposals
    /// and of machine links of `subjects` that no group holds.
    fn kind(
        &mut self,
        store: &dyn Store,
        kind: LinkKind,
        groups: &[Vec<Member>],
        proposals: &[(i64, i64, Option<f64>)],
        subjects: &[i64],
        batch: &mut LinkBatch,
    ) -> Result<(), StoreError> {
        let mut current: HashMap<i64, Vec<StoredLink>> = HashMap::new();
        for l in store.links_of(kind, subjects)? {
            current.entry(l.subject).or_default().push(l);
        }
        let membership = |s: i64| {
            current
                .get(&s)
                .and_then(|ls| ls.iter().find(|l| l.state.is_member()))
        };
        let rejected = |s: i64, t: ClusterId| {
            current.get(&s).is_some_and(|ls| {
                ls.iter()
                    .any(|l| l.state == LinkState::Rejected && l.target == t)
            })
        };
        // The target each group prefers, with how many members are already there; the
        // groups with most members there claim first, so a stored cluster the resolver now
        // splits keeps its id on its larger part.
        let mut wishes: Vec<(usize, usize, Option<ClusterId>, bool)> = Vec::new();
        for (g, members) in groups.iter().enumerate() {
            let mut confirmed: BTreeMap<ClusterId, usize> = BTreeMap::new();
            let mut auto: BTreeMap<ClusterId, usize> = BTreeMap::new();
            for m in members {
                if let Some(l) = membership(m.subject) {
                    let tally = if l.state == LinkState::Confirmed {
                        &mut confirmed
                    } else {
                        &mut auto
                    };
                    *tally.entry(l.target).or_default() += 1;
                }
            }
            let decided = !confirmed.is_empty();
            let votes = if decided { confirmed } else { auto };
            let top = votes
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(t, n)| (*t, *n));
            wishes.push((g, top.map_or(0, |t| t.1), top.map(|t| t.0), decided));
        }
        wishes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut claimed: BTreeSet<ClusterId> = BTreeSet::new();
        let mut target_of: HashMap<i64, LinkTarget> = HashMap::new();
        for (g, _, wish, decided) in wishes {
            let target = match wish {
                Some(t) if decided || claimed.insert(t) => LinkTarget::Cluster(t),
                _ => self.label(),
            };
            for m in &groups[g] {
                let now = membership(m.subject);
                if let Some(l) = now.filter(|l| l.state == LinkState::Confirmed) {
                    target_of.insert(m.subject, LinkTarget::Cluster(l.target));
                    continue;
                }
                let target = match target {
                    LinkTarget::Cluster(t) if rejected(m.subject, t) => self.label(),
                    t => t,
                };
                target_of.insert(m.subject, target);
                if now.is_some_and(|l| LinkTarget::Cluster(l.target) == target) {
                    continue;
                }
                batch.links.push(NewLink {
                    kind,
                    subject: m.subject,
                    target,
                    state: LinkState::Auto,
                    rule: m.rule.to_owned(),
                    score: m.score,
                    note: None,
                });
            }
        }
        // Proposals: the later subject towards the earlier one's cluster.
        let mut proposed: HashSet<(i64, LinkTarget)> = HashSet::new();
        for &(a, b, score) in proposals {
            let (Some(&ta), Some(&tb)) = (target_of.get(&a), target_of.get(&b)) else {
                continue;
            };
            if ta == tb || !proposed.insert((b, ta)) {
                continue;
            }
            let unchanged = matches!(ta, LinkTarget::Cluster(t) if current.get(&b).is_some_and(|ls| {
                ls.iter().any(|l| l.state == LinkState::Proposed && l.target == t)
            }));
            if unchanged {
                continue;
            }
            batch.links.push(NewLink {
                kind,
                subject: b,
                target: ta,
                state: LinkState::Proposed,
                rule: "resolve:review".to_owned(),
                score,
                note: None,
            });
        }
        // Stale machine links of these subjects: proposals not made again, memberships of
        // subjects no group holds (an event a reviewer rejected).
        for links in current.values() {
            for l in links.iter().filter(|l| !l.state.is_decision()) {
                let keep = match l.state {
                    LinkState::Proposed => {
                        proposed.contains(&(l.subject, LinkTarget::Cluster(l.target)))
                    }
                    _ => target_of.contains_key(&l.subject),
                };
                if !keep {
                    batch.withdraw.push(l.id);
                }
            }
        }
        let placed = match kind {
            LinkKind::Person => &mut self.placed_people,
            LinkKind::Incident => &mut self.placed_events,
        };
        placed.extend(target_of.keys().copied());
        Ok(())
    }
}
