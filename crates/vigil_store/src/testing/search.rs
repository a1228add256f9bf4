//! Chapters about events and entities: reviews, search, aggregates, people.

use vigil_model::{EntityKind, EventType, RelationKind};

use crate::testing::corpus::{at, day};
use crate::testing::{assert_sound, id_of, outcome, store_corpus};
use crate::{
    Cursor, EntityKey, EntityQuery, EventFilter, EventId, PageRequest, Provenance, Review,
    ReviewAction, ReviewState, Sort, Store, StoreError, StoredEvent,
};

fn ids(events: &[StoredEvent]) -> Vec<EventId> {
    events.iter().map(|e| e.id).collect()
}

fn find(store: &dyn Store, filter: &EventFilter) -> Vec<StoredEvent> {
    store
        .search(filter, Sort::Newest, &PageRequest::first(1000))
        .expect("search runs")
        .items
}

fn review(action: ReviewAction, who: &str, minute: i64, expected: Option<u32>) -> Review {
    Review {
        action,
        provenance: Provenance::user(who, at(minute)),
        note: Some(format!("checked by {who}")),
        expected_version: expected,
    }
}

/// Accept, edit, reject: each a new version; the history is one call.
pub fn reviews(store: &dyn Store) {
    let outcomes = store_corpus(store);
    let id = outcome(&outcomes, "a").events[0];
    let proposed = store.get_event(id).expect("read").expect("found");
    assert_eq!(
        (proposed.version, proposed.review),
        (1, ReviewState::Proposed)
    );
    assert!(proposed.provenance.is_machine());

    let accepted = store
        .review_event(id, &review(ReviewAction::Accept, "alice", 10, Some(1)))
        .expect("accepted");
    assert_eq!(
        (accepted.version, accepted.review),
        (2, ReviewState::Accepted)
    );
    let mut edited = proposed.event.clone();
    edited.kind = EventType::Dispersal;
    if let Some(place) = edited.place.as_mut() {
        place.name = Some("Osh".to_owned());
    }
    edited.confidence = 1.0;
    let edit = review(ReviewAction::Edit(Box::new(edited)), "alice", 11, Some(2));
    assert_eq!(
        store.review_event(id, &edit).expect("edited").review,
        ReviewState::Edited
    );
    let stale = review(ReviewAction::Reject, "bob", 12, Some(2));
    assert!(matches!(
        store.review_event(id, &stale),
        Err(StoreError::Conflict { actual: 3, .. })
    ));
    let reject = review(ReviewAction::Reject, "bob", 13, Some(3));
    assert_eq!(
        store.review_event(id, &reject).expect("rejected").version,
        4
    );
    assert!(matches!(
        store.review_event(
            EventId(987_654),
            &review(ReviewAction::Accept, "bob", 14, None)
        ),
        Err(StoreError::NotFound { .. })
    ));

    let history = store.event_history(id).expect("history");
    let trail: Vec<_> = history
        .iter()
        .map(|v| (v.version, v.review, v.provenance.author.as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            (1, ReviewState::Proposed, "extractor@test"),
            (2, ReviewState::Accepted, "alice"),
            (3, ReviewState::Edited, "alice"),
            (4, ReviewState::Rejected, "bob"),
        ]
    );
    assert_eq!(
        history[0].event, proposed.event,
        "the proposal is kept as it was"
    );
    assert_eq!(history[3].note.as_deref(), Some("checked by bob"));
    assert_eq!(history[3].provenance.at, at(13));

    let now = store.get_event(id).expect("read").expect("found");
    assert_eq!(
        (now.version, now.review, now.event.kind),
        (4, ReviewState::Rejected, EventType::Dispersal)
    );
    let osh = EventFilter {
        place: Some("OSH".to_owned()),
        ..Default::default()
    };
    assert!(
        ids(&find(store, &osh)).contains(&id),
        "the edit moved the event's place"
    );
    let dispersals = EventFilter {
        types: vec![EventType::Dispersal],
        ..Default::default()
    };
    assert_eq!(find(store, &dispersals).len(), 2);
    let words = EventFilter {
        text: Some("Osmonov".to_owned()),
        ..dispersals
    };
    assert_eq!(
        ids(&find(store, &words)),
        [id],
        "words and the edited type together"
    );
    let rejected = EventFilter {
        review: vec![ReviewState::Rejected],
        ..Default::default()
    };
    assert_eq!(ids(&find(store, &rejected)), [id]);

    let queue = store
        .review_queue(&EventFilter::default(), &PageRequest::first(3))
        .expect("queue");
    let confidences: Vec<f64> = queue.items.iter().map(|e| e.event.confidence).collect();
    assert_eq!(confidences, [0.2, 0.3, 0.4]);
    assert!(queue.next.is_some());
    let mut seen = ids(&queue.items);
    let rest = PageRequest {
        limit: 100,
        after: queue.next,
    };
    seen.extend(ids(&store
        .review_queue(&EventFilter::default(), &rest)
        .expect("queue")
        .items));
    assert_eq!(
        seen.len(),
        9,
        "every proposed event once, the rejected one not"
    );
    assert!(!seen.contains(&id));
    assert_sound(store);
}

/// Every filter narrows as it should; cursors walk a listing exactly once.
pub fn search_and_paging(store: &dyn Store) {
    let outcomes = store_corpus(store);
    let ev = |name: &str, i: usize| outcome(&outcomes, name).events[i];
    let check = |filter: EventFilter, expected: Vec<EventId>| {
        let mut found = ids(&find(store, &filter));
        found.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(found, expected, "{filter:?}");
    };
    let text = |t: &str| Some(t.to_owned());
    check(
        EventFilter {
            text: text("gas prices"),
            ..Default::default()
        },
        vec![ev("a", 0), ev("a", 1)],
    );
    check(
        EventFilter {
            text: text("\"tuition fees\""),
            types: vec![EventType::Dispersal],
            ..Default::default()
        },
        vec![ev("c", 1)],
    );
    check(
        EventFilter {
            text: text("sentenc*"),
            ..Default::default()
        },
        vec![ev("d", 0)],
    );
    check(
        EventFilter {
            text: text("Lisitsky"),
            types: vec![EventType::Detention, EventType::Release],
            ..Default::default()
        },
        vec![ev("e", 1), ev("f", 0)],
    );
    check(
        EventFilter {
            countries: vec!["kz".to_owned()],
            ..Default::default()
        },
        vec![ev("c", 0), ev("c", 1), ev("d", 0)],
    );
    check(
        EventFilter {
            place: text("almaty"),
            types: vec![EventType::Protest],
            ..Default::default()
        },
        vec![ev("c", 0)],
    );
    check(
        EventFilter {
            from: Some(day("2024-04-01")),
            to: Some(day("2024-04-30")),
            ..Default::default()
        },
        vec![ev("c", 0), ev("c", 1), ev("d", 0)],
    );
    check(
        EventFilter {
            person: text("daniyar OSMONOV"),
            ..Default::default()
        },
        vec![ev("a", 0), ev("b", 0)],
    );
    check(
        EventFilter {
            organization: text("Almaty City Court"),
            ..Default::default()
        },
        vec![ev("d", 0)],
    );
    check(
        EventFilter {
            text: text("nothing matches this"),
            ..Default::default()
        },
        vec![],
    );
    let everything = find(
        store,
        &EventFilter {
            review: vec![ReviewState::Proposed],
            ..Default::default()
        },
    );
    assert_eq!(everything.len(), 10);

    assert_eq!(everything[0].id, ev("f", 0), "newest first");
    let d = &everything[0];
    assert_eq!(
        (d.document.clone(), d.document_title.as_deref()),
        (id_of(&outcomes, "f"), Some("Journalist released"))
    );
    assert_eq!(d.published, Some(day("2024-05-20")));
    let person = EventFilter {
        person: text("Daniyar Osmonov"),
        ..Default::default()
    };
    let oldest = store
        .search(&person, Sort::Oldest, &PageRequest::first(10))
        .expect("search");
    assert_eq!(
        ids(&oldest.items),
        [ev("a", 0), ev("b", 0)],
        "a person's page reads in date order"
    );

    for sort in [Sort::Newest, Sort::Oldest, Sort::LeastConfident] {
        let all = store
            .search(&EventFilter::default(), sort, &PageRequest::first(100))
            .expect("all");
        let mut paged = Vec::new();
        let mut page = PageRequest::first(3);
        loop {
            let got = store
                .search(&EventFilter::default(), sort, &page)
                .expect("page");
            assert!(got.items.len() <= 3);
            paged.extend(ids(&got.items));
            match got.next {
                Some(next) => {
                    page.after = Some(next.to_string().parse::<Cursor>().expect("round trip"));
                }
                None => break,
            }
        }
        assert_eq!(paged, ids(&all.items), "{sort:?}");
    }

    let newest = store
        .search(
            &EventFilter::default(),
            Sort::Newest,
            &PageRequest::first(2),
        )
        .expect("page");
    let wrong = PageRequest {
        limit: 2,
        after: newest.next,
    };
    assert!(matches!(
        store.search(&EventFilter::default(), Sort::Oldest, &wrong),
        Err(StoreError::InvalidQuery(_))
    ));
    assert!(matches!(
        store.search(
            &EventFilter::default(),
            Sort::Newest,
            &PageRequest::first(0)
        ),
        Err(StoreError::InvalidQuery(_))
    ));
    let empty = EventFilter {
        text: text(" \" * "),
        ..Default::default()
    };
    assert!(matches!(
        store.search(&empty, Sort::Newest, &PageRequest::first(5)),
        Err(StoreError::InvalidQuery(_))
    ));
    let hostile = EventFilter {
        text: text("NEAR( a:b OR \"x\" ^ -"),
        ..Default::default()
    };
    assert!(
        store
            .search(&hostile, Sort::Newest, &PageRequest::first(5))
            .is_ok(),
        "no FTS syntax reaches the engine"
    );
    assert_sound(store);
}

/// Facet counts, the weekly timeline and the map points.
pub fn facets_timeline_map(store: &dyn Store) {
    store_corpus(store);
    let kz = EventFilter {
        countries: vec!["KZ".to_owned()],
        ..Default::default()
    };
    let facets = store.facets(&kz).expect("facets");
    assert_eq!(facets.total, 3);
    assert_eq!(
        facets.countries,
        [
            ("KG".to_owned(), 4),
            ("BY".to_owned(), 3),
            ("KZ".to_owned(), 3)
        ]
    );
    let mut types = facets.types.clone();
    types.sort();
    assert_eq!(
        types,
        [
            (EventType::Protest, 1),
            (EventType::Dispersal, 1),
            (EventType::Sentence, 1)
        ]
    );
    assert_eq!(facets.places, [("Almaty".to_owned(), 3)]);
    assert_eq!(facets.review, [(ReviewState::Proposed, 3)]);

    let timeline = store.timeline(&EventFilter::default()).expect("timeline");
    let weeks: Vec<_> = timeline
        .iter()
        .map(|b| (b.week.to_string(), b.kind, b.count))
        .collect();
    let w = |d: &str, k, n| (d.to_owned(), k, n);
    assert_eq!(
        weeks,
        [
            w("2024-03-11", EventType::Detention, 1),
            w("2024-03-11", EventType::Protest, 1),
            w("2024-03-18", EventType::Fine, 1),
            w("2024-04-01", EventType::Dispersal, 1),
            w("2024-04-01", EventType::Protest, 1),
            w("2024-04-08", EventType::Sentence, 1),
            w("2024-04-29", EventType::Detention, 1),
            w("2024-04-29", EventType::Raid, 1),
            w("2024-05-13", EventType::Release, 1),
        ],
        "weeks start on Monday; the undated charge is left out"
    );
    let by = EventFilter {
        countries: vec!["BY".to_owned()],
        ..Default::default()
    };
    assert_eq!(store.timeline(&by).expect("timeline").len(), 3);

    let points = store.map_points(&EventFilter::default()).expect("map");
    let summary: Vec<_> = points
        .iter()
        .map(|p| (p.place.as_str(), p.country.as_deref(), p.count))
        .collect();
    assert_eq!(
        summary,
        [
            ("Almaty", Some("KZ"), 3),
            ("Bishkek", Some("KG"), 3),
            ("Minsk", Some("BY"), 3),
            ("Osh", Some("KG"), 1)
        ]
    );
    assert!((points[1].lat - 42.87).abs() < 1e-9 && (points[1].lon - 74.59).abs() < 1e-9);
    let fines = EventFilter {
        types: vec![EventType::Fine],
        ..Default::default()
    };
    assert_eq!(store.map_points(&fines).expect("map").len(), 1);
    assert_sound(store);
}

/// Entities per document, their versions, and people across reports.
pub fn entities(store: &dyn Store) {
    let outcomes = store_corpus(store);
    let a = id_of(&outcomes, "a");
    let in_a = store.document_entities(&a).expect("entities");
    let names: Vec<_> = in_a.iter().map(|e| e.entity.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bishkek",
            "Daniyar Osmonov",
            "Nurlan Osmonov",
            "Bishkek police",
            "Pensioners Union"
        ]
    );
    let daniyar = &in_a[1];
    assert_eq!(
        daniyar.key,
        EntityKey::new(EntityKind::Person, "Daniyar Osmonov")
    );
    assert_eq!(
        store.get_entity(daniyar.id).expect("read").as_ref(),
        Some(daniyar)
    );

    let people = EntityQuery {
        kind: EntityKind::Person,
        name_prefix: None,
    };
    let first = store
        .list_entities(&people, &PageRequest::first(2))
        .expect("list");
    let rest = PageRequest {
        limit: 10,
        after: first.next.clone(),
    };
    let second = store.list_entities(&people, &rest).expect("list");
    let listed: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|s| (s.name.as_str(), s.events, s.documents))
        .collect();
    assert_eq!(
        listed,
        [
            ("Aigerim Sadykova", 2, 2),
            ("Daniyar Osmonov", 2, 2),
            ("Nurlan Osmonov", 0, 1),
            ("Pavel Lisitsky", 3, 2)
        ]
    );
    let pa = EntityQuery {
        kind: EntityKind::Person,
        name_prefix: Some("pa".to_owned()),
    };
    assert_eq!(
        store
            .list_entities(&pa, &PageRequest::first(10))
            .expect("list")
            .items
            .len(),
        1
    );
    let orgs = EntityQuery {
        kind: EntityKind::Organization,
        name_prefix: None,
    };
    assert_eq!(
        store
            .list_entities(&orgs, &PageRequest::first(50))
            .expect("list")
            .items
            .len(),
        6
    );

    let profile = store
        .entity_profile(&daniyar.key)
        .expect("profile")
        .expect("known");
    assert_eq!(profile.names, ["Daniyar Osmonov"]);
    assert_eq!(profile.roles, ["activist"]);
    assert_eq!(profile.mentions.len(), 2);
    let relation = &profile.relations[0];
    assert_eq!(
        (relation.kind, relation.name.as_str()),
        (RelationKind::Sibling, "Nurlan Osmonov")
    );
    assert!(
        store
            .entity_profile(&EntityKey::new(EntityKind::Person, "Nobody"))
            .expect("read")
            .is_none()
    );

    let in_b = store
        .document_entities(&id_of(&outcomes, "b"))
        .expect("entities");
    let other = in_b
        .iter()
        .find(|e| e.entity.name == "Daniyar Osmonov")
        .expect("named in b");
    let mut renamed = other.entity.clone();
    renamed.name = "Daniyar Osmonbekov".to_owned();
    renamed.id = "ignored".to_owned();
    let who = Provenance::user("carol", at(20));
    let v2 = store
        .edit_entity(other.id, &renamed, &who, Some(1))
        .expect("edited");
    assert_eq!(
        (v2.version, v2.entity.id.as_str()),
        (2, other.entity.id.as_str()),
        "local ids stay"
    );
    assert!(matches!(
        store.edit_entity(other.id, &renamed, &who, Some(1)),
        Err(StoreError::Conflict { .. })
    ));
    let history = store.entity_history(other.id).expect("history");
    assert_eq!(
        history
            .iter()
            .map(|v| v.entity.name.as_str())
            .collect::<Vec<_>>(),
        ["Daniyar Osmonov", "Daniyar Osmonbekov"]
    );
    assert_eq!(history[1].provenance, who);
    let person = EventFilter {
        person: Some("Daniyar Osmonov".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        find(store, &person).len(),
        1,
        "the renamed mention left the old key"
    );
    let renamed_filter = EventFilter {
        person: Some("daniyar osmonbekov".to_owned()),
        ..Default::default()
    };
    assert_eq!(find(store, &renamed_filter).len(), 1);
    assert!(matches!(
        store.edit_entity(crate::EntityId(424_242), &renamed, &who, None),
        Err(StoreError::NotFound { .. })
    ));
    assert_sound(store);
}
