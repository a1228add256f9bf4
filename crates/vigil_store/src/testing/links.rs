//! The people-and-incidents chapter: cross-report links written by a
//! resolver, a reviewer's merge and split, the decisions a recompute cannot
//! undo, history, paging, blocking keys and the incident counts.

use super::corpus::at;
use super::{changed, id_of, store_corpus};
use crate::{
    ClusterId, DocumentId, EventFilter, EventId, IncidentTotals, LinkBatch, LinkKind, LinkState,
    LinkTarget, NewLink, Provenance, Store, StoreError,
};

fn resolver() -> Provenance {
    Provenance {
        author: "resolver@test".to_owned(),
        at: at(30),
    }
}

fn link(kind: LinkKind, subject: i64, target: LinkTarget, state: LinkState) -> NewLink {
    NewLink {
        kind,
        subject,
        target,
        state,
        rule: "test".to_owned(),
        score: Some(0.9),
        note: None,
    }
}

/// The id of the entity named `name` in report `doc`.
fn entity(store: &dyn Store, doc: &DocumentId, name: &str) -> i64 {
    store
        .document_entities(doc)
        .expect("entities")
        .into_iter()
        .find(|e| e.entity.name == name)
        .expect("invariant: the corpus names them")
        .id
        .0
}

/// The ids of the events of report `doc`.
fn events(store: &dyn Store, doc: &DocumentId) -> Vec<i64> {
    store
        .document_events(doc)
        .expect("events")
        .into_iter()
        .map(|e| e.id.0)
        .collect()
}

fn members(store: &dyn Store, kind: LinkKind, id: ClusterId) -> Vec<i64> {
    store.cluster_members(kind, id).expect("members")
}

fn current_count(store: &dyn Store) -> usize {
    LinkKind::ALL
        .into_iter()
        .map(|k| store.current_links(k, None, 1000).expect("scan").len())
        .sum()
}

/// A resolver links people and events; a reviewer merges and splits; machine
/// links never override a reviewer; bad batches write nothing.
pub fn people_and_incidents(store: &dyn Store) {
    use LinkKind::{Incident, Person};
    use LinkState::{Auto, Confirmed, Proposed, Rejected};
    use LinkTarget::{Cluster, New};
    let outcomes = store_corpus(store);
    let doc = |name| id_of(&outcomes, name);
    let osm_a = entity(store, &doc("a"), "Daniyar Osmonov");
    let osm_b = entity(store, &doc("b"), "Daniyar Osmonov");
    let lis_e = entity(store, &doc("e"), "Pavel Lisitsky");
    let lis_f = entity(store, &doc("f"), "Pavel Lisitsky");
    let sad_d = entity(store, &doc("d"), "Aigerim Sadykova");
    let sad_g = entity(store, &doc("g"), "Aigerim Sadykova");
    let in_e = events(store, &doc("e"));
    let in_a = events(store, &doc("a"));
    assert_eq!(
        store
            .incident_totals(&EventFilter::default())
            .expect("totals"),
        IncidentTotals {
            events: 10,
            incidents: 10,
            reports: 7
        },
        "before any link each event is its own incident"
    );

    // The resolver's batch: four people, a proposal, two incidents. Labels
    // are per kind: person 0 and incident 0 are two clusters.
    let mut batch = LinkBatch::new(resolver());
    batch.links = vec![
        link(Person, osm_a, New(0), Auto),
        link(Person, osm_b, New(0), Auto),
        link(Person, lis_e, New(1), Auto),
        link(Person, lis_f, New(1), Auto),
        link(Person, sad_d, New(2), Auto),
        link(Person, sad_g, New(3), Auto),
        link(Person, sad_g, New(2), Proposed),
        link(Incident, in_e[0], New(0), Auto),
        link(Incident, in_e[1], New(0), Auto),
        link(Incident, in_a[0], New(1), Auto),
    ];
    batch.keys = vec![
        (
            doc("a"),
            vec!["p:osmonov".to_owned(), "e:bishkek".to_owned()],
        ),
        (doc("b"), vec!["p:osmonov".to_owned()]),
    ];
    let out = store.put_links(&batch).expect("written");
    assert!(out.links.iter().all(Option::is_some), "{out:?}");
    assert_eq!(out.created.len(), 6);
    let p_osm = out.created(0).expect("person 0");
    let p_sad_d = out.created(2).expect("person 2");
    let p_sad_g = out.created(3).expect("person 3");
    assert_ne!(p_sad_d, p_sad_g);
    let i_e = store
        .links_of(Incident, &[in_e[0]])
        .expect("links")
        .first()
        .expect("linked")
        .target;
    assert!(out.created.iter().filter(|(_, id)| *id == i_e).count() == 1);

    assert_eq!(members(store, Person, p_osm), [osm_a, osm_b]);
    let of_b = store.links_of(Person, &[osm_b, osm_a]).expect("links");
    assert_eq!(
        of_b.iter().map(|l| l.subject).collect::<Vec<_>>(),
        [osm_b, osm_a],
        "in the order asked"
    );
    let first = &of_b[0];
    assert_eq!(
        (first.state, first.rule.as_str(), first.score, first.target),
        (Auto, "test", Some(0.9), p_osm)
    );
    assert_eq!(first.provenance, resolver());
    assert!(first.is_current() && first.replaced_by.is_none());
    let osm_events: Vec<_> = store
        .cluster_events(Person, p_osm)
        .expect("events")
        .into_iter()
        .map(|e| e.event.kind.as_str())
        .collect();
    assert_eq!(osm_events, ["detention", "fine"], "by date, across reports");
    let e_events: Vec<EventId> = store
        .cluster_events(Incident, i_e)
        .expect("events")
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        e_events,
        in_e.iter().map(|&i| EventId(i)).collect::<Vec<_>>()
    );
    assert_eq!(
        store
            .incident_totals(&EventFilter::default())
            .expect("totals"),
        IncidentTotals {
            events: 10,
            incidents: 9,
            reports: 7
        },
        "the two events of report e are one incident"
    );
    assert!(
        store
            .cluster_events(Person, ClusterId(i64::MAX))
            .expect("events")
            .is_empty()
    );

    // Blocking keys find current documents only, each once.
    assert_eq!(
        store
            .documents_with_keys(&["p:osmonov".to_owned(), "e:bishkek".to_owned()])
            .expect("keys"),
        {
            let mut both = vec![doc("a"), doc("b")];
            both.sort();
            both
        }
    );
    assert!(
        store
            .documents_with_keys(&["p:nobody".to_owned()])
            .expect("keys")
            .is_empty()
    );
    let mut rekey = LinkBatch::new(resolver());
    rekey.keys = vec![(doc("a"), vec!["e:bishkek".to_owned()])];
    store.put_links(&rekey).expect("rekeyed");
    assert_eq!(
        store
            .documents_with_keys(&["p:osmonov".to_owned()])
            .expect("keys"),
        [doc("b")],
        "new keys replace a document's old ones"
    );

    // A reviewer merges the two Sadykovas: both confirmed in the kept
    // cluster, the proposal between them ended by the decision.
    let aida = Provenance::user("aida", at(40));
    store
        .merge_clusters(Person, p_sad_d, p_sad_g, &aida, Some("same activist"))
        .expect("merged");
    let kept = store.cluster_links(Person, p_sad_d).expect("links");
    assert_eq!(
        kept.iter()
            .map(|l| (l.subject, l.state))
            .collect::<Vec<_>>(),
        [(sad_d, Confirmed), (sad_g, Confirmed)]
    );
    assert_eq!(kept[1].note.as_deref(), Some("same activist"));
    assert_eq!(kept[1].provenance, aida);
    assert!(members(store, Person, p_sad_g).is_empty());
    assert!(matches!(
        store.merge_clusters(Person, p_sad_d, p_sad_d, &aida, None),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store.merge_clusters(Person, p_sad_d, p_sad_g, &aida, None),
        Err(StoreError::NotFound { .. })
    ));

    // A recompute cannot undo it.
    let mut recompute = LinkBatch::new(resolver());
    recompute.links = vec![link(Person, sad_g, New(0), Auto)];
    let out = store.put_links(&recompute).expect("written");
    assert_eq!(out.links, [None], "skipped: a reviewer confirmed sad_g");
    assert_eq!(members(store, Person, p_sad_d), [sad_d, sad_g]);

    // The split restores both sides: sad_g goes back to its former cluster.
    let bakyt = Provenance::user("bakyt", at(50));
    let back = store
        .split_cluster(Person, p_sad_d, &[sad_g], &bakyt, Some("two women"))
        .expect("split");
    assert_eq!(back, p_sad_g);
    assert_eq!(members(store, Person, p_sad_d), [sad_d]);
    assert_eq!(members(store, Person, p_sad_g), [sad_g]);
    let history = store.link_history(Person, sad_g).expect("history");
    assert_eq!(
        history
            .iter()
            .map(|l| (l.target, l.state, l.is_current()))
            .collect::<Vec<_>>(),
        [
            (p_sad_g, Auto, false),
            (p_sad_d, Proposed, false),
            (p_sad_d, Confirmed, false),
            (p_sad_g, Confirmed, true),
            (p_sad_d, Rejected, true),
        ],
        "nothing is lost"
    );
    assert_eq!(history[0].replaced_by, Some(history[2].id));
    assert_eq!(history[2].replaced_by, Some(history[3].id));
    assert_eq!(
        history[2].ended.as_ref().map(|p| p.author.as_str()),
        Some("bakyt")
    );
    let mut again = LinkBatch::new(resolver());
    again.links = vec![
        link(Person, sad_g, Cluster(p_sad_d), Auto),
        link(Person, sad_g, Cluster(p_sad_d), Proposed),
    ];
    assert_eq!(
        store.put_links(&again).expect("written").links,
        [None, None],
        "a rejected link is never proposed again"
    );
    assert!(matches!(
        store.split_cluster(Person, p_sad_d, &[sad_d], &bakyt, None),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store.split_cluster(Person, p_osm, &[sad_d], &bakyt, None),
        Err(StoreError::Refused(_))
    ));
    // A split of what was never merged goes to a new cluster.
    let apart = store
        .split_cluster(Person, p_osm, &[osm_b], &bakyt, None)
        .expect("split");
    assert!(![p_osm, p_sad_d, p_sad_g].contains(&apart));
    assert_eq!(members(store, Person, apart), [osm_b]);

    // Withdrawn proposals end with no replacement.
    let mut propose = LinkBatch::new(resolver());
    propose.links = vec![link(Person, lis_f, Cluster(p_osm), Proposed)];
    let proposal = store.put_links(&propose).expect("written").links[0].expect("written");
    let mut withdraw = LinkBatch::new(resolver());
    withdraw.withdraw = vec![proposal];
    store.put_links(&withdraw).expect("withdrawn");
    let ended = store.link_history(Person, lis_f).expect("history");
    let ended = ended.iter().find(|l| l.id == proposal).expect("kept");
    assert!(!ended.is_current() && ended.replaced_by.is_none());
    assert_eq!(members(store, Person, p_osm), [osm_a]);

    // Paging through current links by id.
    let all = store.current_links(Person, None, 1000).expect("scan");
    let first = store.current_links(Person, None, 2).expect("scan");
    let rest = store
        .current_links(Person, first.last().map(|l| l.id), 1000)
        .expect("scan");
    assert_eq!(first.len(), 2);
    assert_eq!([first, rest].concat(), all);
    assert!(all.iter().all(|l| l.is_current() && l.kind == Person));

    // Bad batches are refused whole.
    let before = current_count(store);
    let bad = |links: Vec<NewLink>| {
        let mut b = LinkBatch::new(resolver());
        b.links = links;
        store.put_links(&b)
    };
    assert!(matches!(
        bad(vec![
            link(Person, osm_a, New(7), Auto),
            link(Person, i64::MAX, New(7), Auto)
        ]),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        bad(vec![link(Incident, in_a[1], Cluster(p_osm), Auto)]),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        bad(vec![link(
            Person,
            osm_a,
            Cluster(ClusterId(i64::MAX)),
            Auto
        )]),
        Err(StoreError::NotFound { .. })
    ));
    let mut nan = link(Person, osm_a, New(8), Auto);
    nan.score = Some(f64::NAN);
    assert!(matches!(bad(vec![nan]), Err(StoreError::Refused(_))));
    let mut unknown_doc = LinkBatch::new(resolver());
    unknown_doc.keys = vec![(DocumentId::from("sha256:0000"), vec!["x".to_owned()])];
    assert!(matches!(
        store.put_links(&unknown_doc),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(current_count(store), before, "nothing of them was written");
    assert_eq!(members(store, Person, p_osm), [osm_a]);

    // A new version of a report leaves its old version out of blocking.
    let mut docs = super::corpus::documents();
    store
        .put_document(&changed(&docs.remove(1), " Updated."))
        .expect("stored");
    assert!(
        store
            .documents_with_keys(&["p:osmonov".to_owned()])
            .expect("keys")
            .is_empty()
    );
    super::assert_sound(store);
}
