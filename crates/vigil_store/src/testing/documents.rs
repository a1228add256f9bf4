//! Chapters about documents: versions, raw pages, batches, near-duplicates.

use crate::testing::corpus::{self, at, machine};
use crate::testing::{assert_sound, changed, id_of, outcome, store_corpus};
use crate::{
    DocumentId, PageRequest, PutStatus, RawRecord, Store, StoreError, locator, sha256_hex,
};

/// Same text stored once; a changed page at the same address is a new
/// version that takes its predecessor's place in search.
pub fn documents_and_versions(store: &dyn Store) {
    let docs = corpus::documents();
    let first = store.put_document(&docs[0]).expect("stored");
    assert_eq!(first.status, PutStatus::New);
    assert_eq!(first.events.len(), 2);
    let again = store.put_document(&docs[0]).expect("stored again");
    assert_eq!(again.status, PutStatus::Unchanged);
    assert_eq!(again.events, first.events, "the same events, not new ones");

    let v2 = changed(&docs[0], "\n\nThe ministry declined to comment.");
    let second = store.put_document(&v2).expect("new version");
    assert_eq!(
        second.status,
        PutStatus::NewVersion {
            previous: first.id.clone()
        }
    );
    assert_ne!(second.events, first.events);

    let old = store.get_document(&first.id).expect("read").expect("kept");
    assert_eq!(old.superseded_by.as_ref(), Some(&second.id));
    assert_eq!(old.version, 1);
    assert_eq!(old.document, docs[0].analysis.document);
    assert_eq!(old.provenance, machine());
    let latest = store
        .latest_document(docs[0].locator())
        .expect("read")
        .expect("found");
    assert_eq!((latest.id.clone(), latest.version), (second.id.clone(), 2));
    assert_eq!(latest.locator, locator(&v2.analysis.document));
    assert!(
        store
            .latest_document("https://nowhere.example/")
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .get_document(&DocumentId::from("sha256:0000"))
            .expect("read")
            .is_none()
    );

    let versions = store.document_versions(&first.id).expect("versions");
    let ids: Vec<_> = versions.iter().map(|v| (v.id.clone(), v.version)).collect();
    assert_eq!(ids, [(first.id.clone(), 1), (second.id.clone(), 2)]);
    assert_eq!(
        (versions[0].events, versions[1].events),
        (0, 2),
        "only the latest is current"
    );

    let old_events = store.document_events(&first.id).expect("events");
    assert!(
        old_events.iter().all(|e| !e.current),
        "old version's events left search"
    );
    let all = store
        .search(
            &Default::default(),
            Default::default(),
            &PageRequest::first(100),
        )
        .expect("search");
    assert_eq!(all.items.len(), 2);
    assert!(all.items.iter().all(|e| e.document == second.id));

    store.put_document(&docs[1]).expect("stored");
    let page = store
        .list_documents(None, &PageRequest::first(2))
        .expect("list");
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.items[0].id,
        DocumentId(docs[1].analysis.document.id.clone())
    );
    let rest = PageRequest {
        limit: 2,
        after: page.next,
    };
    let page2 = store.list_documents(None, &rest).expect("list");
    assert_eq!(page2.items.len(), 1);
    assert_eq!(page2.items[0].id, first.id);
    assert!(page2.next.is_none());

    let ministry = store
        .list_documents(Some("ministry"), &PageRequest::first(10))
        .expect("text search");
    let found: Vec<_> = ministry.items.iter().map(|d| &d.id).collect();
    assert_eq!(found, [&second.id], "only the new version says so");
    let retired = store
        .list_documents(Some("Retired teacher"), &PageRequest::first(10))
        .expect("text search");
    assert_eq!(retired.items.len(), 3, "headlines and bodies both count");
    assert!(
        store
            .list_documents(Some("*"), &PageRequest::first(10))
            .is_err()
    );

    let stats = store.stats().expect("stats");
    assert_eq!(
        (stats.documents, stats.events, stats.event_versions),
        (3, 5, 5)
    );
    assert!(stats.schema_version >= 1);
    assert_sound(store);
}

/// The raw page comes back byte for byte; the analysis exactly as stored.
pub fn raw_pages(store: &dyn Store) {
    let mut doc = corpus::documents().remove(2);
    let mut bytes: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    bytes.extend_from_slice(b"\xff\xfe not UTF-8 \x00\x80");
    let raw = RawRecord {
        url: Some("https://lakeside-daily.example/tuition-rally?utm=x".to_owned()),
        fetched_at: at(7),
        http_status: Some(203),
        content_type: Some("text/html; charset=windows-1251".to_owned()),
        etag: Some("W/\"abc\"".to_owned()),
        last_modified: Some("Tue, 02 Apr 2024 08:00:00 GMT".to_owned()),
        bytes,
    };
    doc.raw = Some(raw.clone());
    let stored = store.put_document(&doc).expect("stored");
    assert_eq!(store.raw_page(&stored.id).expect("read"), Some(raw.clone()));

    let meta = store
        .get_document(&stored.id)
        .expect("read")
        .expect("found")
        .raw
        .expect("has raw");
    assert_eq!(meta.size, raw.bytes.len() as u64);
    assert_eq!(meta.sha256, sha256_hex(&raw.bytes));
    assert_eq!((meta.http_status, meta.fetched_at), (Some(203), at(7)));
    assert_eq!(
        store.document_by_raw_sha256(&meta.sha256).expect("read"),
        Some(stored.id.clone())
    );
    assert_eq!(
        store
            .document_by_raw_sha256(&sha256_hex(b"other"))
            .expect("read"),
        None
    );
    assert_eq!(
        store
            .documents_by_raw_sha256(&[sha256_hex(b"other"), meta.sha256])
            .expect("read"),
        [None, Some(stored.id.clone())]
    );

    let analysis = store
        .get_analysis(&stored.id)
        .expect("read")
        .expect("found");
    assert_eq!(analysis.analysis, doc.analysis);
    assert_eq!(analysis.provenance, machine());
    assert_eq!(analysis.document, stored.id);

    let mut bare = corpus::documents().remove(3);
    bare.raw = None;
    let bare = store.put_document(&bare).expect("stored");
    assert_eq!(store.raw_page(&bare.id).expect("read"), None);
    assert!(
        store
            .get_analysis(&DocumentId::from("sha256:ffff"))
            .expect("read")
            .is_none()
    );
    assert_sound(store);
}

/// One bad document in a batch fails alone and leaves nothing behind.
pub fn batches(store: &dyn Store) {
    let docs = corpus::documents();
    let mut forged = docs[1].clone();
    forged.analysis.document.id = "sha256:0123456789abcdef".to_owned();
    let mut orphan = docs[2].clone();
    orphan.duplicate_of = Some(DocumentId::from("sha256:fedcba9876543210"));
    let batch = [docs[0].clone(), forged, docs[3].clone(), orphan];
    let outcomes = store.put_documents(&batch).expect("the batch runs");
    assert_eq!(outcomes.len(), 4);
    assert!(matches!(outcomes[0], Ok(ref o) if o.status == PutStatus::New));
    assert!(
        matches!(outcomes[1], Err(StoreError::Refused(_))),
        "{:?}",
        outcomes[1]
    );
    assert!(matches!(outcomes[2], Ok(ref o) if o.events.len() == 1));
    assert!(
        matches!(outcomes[3], Err(StoreError::NotFound { .. })),
        "{:?}",
        outcomes[3]
    );
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.raw_pages, stats.events), (2, 2, 3));
    assert!(store.put_documents(&[]).expect("empty batch").is_empty());

    let all = store.put_documents(&docs).expect("the corpus");
    let statuses: Vec<_> = all.into_iter().map(|o| o.expect("stored").status).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == PutStatus::Unchanged)
            .count(),
        2
    );
    assert_eq!(store.stats().expect("stats").events, 10);
    assert_sound(store);
}

/// SimHash neighbours are found; a syndicated copy is linked, not re-counted.
pub fn near_duplicates(store: &dyn Store) {
    let docs = corpus::documents();
    let hash = 0x9e37_79b9_7f4a_7c15_u64;
    let original = crate::NewDocument {
        simhash: Some(hash),
        ..docs[0].clone()
    };
    let far = crate::NewDocument {
        simhash: Some(!hash),
        ..docs[2].clone()
    };
    let original = store.put_document(&original).expect("stored");
    store.put_document(&far).expect("stored");

    let near = store.near_duplicates(hash ^ 0b101, 3).expect("lookup");
    assert_eq!(near.len(), 1);
    assert_eq!(
        (near[0].id.clone(), near[0].distance),
        (original.id.clone(), 2)
    );
    assert!(
        store
            .near_duplicates(hash ^ 0xf0f, 3)
            .expect("lookup")
            .is_empty()
    );
    assert!(store.near_duplicates(0x1234, 3).expect("lookup").is_empty());

    let mut copy = changed(
        &docs[0],
        "\n\nThis report first appeared in the Valmora Herald.",
    );
    copy.analysis.document.url = Some("https://mirror-post.example/pensioners".to_owned());
    copy.simhash = Some(hash ^ 1);
    copy.duplicate_of = Some(original.id.clone());
    let stored = store.put_document(&copy).expect("stored");
    assert_eq!(
        stored.status,
        PutStatus::Duplicate {
            of: original.id.clone()
        }
    );
    assert!(stored.events.is_empty());
    let doc = store
        .get_document(&stored.id)
        .expect("read")
        .expect("kept as evidence");
    assert_eq!(doc.duplicate_of.as_ref(), Some(&original.id));
    assert!(
        store
            .document_events(&stored.id)
            .expect("events")
            .is_empty()
    );
    let copies = store.duplicates_of(&original.id).expect("copies");
    assert_eq!(
        copies.iter().map(|c| &c.id).collect::<Vec<_>>(),
        [&stored.id]
    );
    assert!(store.duplicates_of(&stored.id).expect("copies").is_empty());
    let both = store.near_duplicates(hash, 3).expect("lookup");
    assert_eq!(both.iter().map(|n| n.distance).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(store.stats().expect("stats").events, 4);
    minhash_candidates(store, &original.id);
    let outcomes = store_corpus(store);
    assert_eq!(outcome(&outcomes, "a").status, PutStatus::Unchanged);
    assert_eq!(id_of(&outcomes, "a"), original.id);
    assert_sound(store);
}

/// MinHash band lookup: a stored signature is found by one sharing a band, with its
/// address and the report it copies; a signature sharing no band finds nothing, nor does
/// one whose candidates the filter refuses.
fn minhash_candidates(store: &dyn Store, original: &DocumentId) {
    use crate::minhash::{HASHES, MinHash};
    let signature = MinHash {
        shingles: 300,
        values: (0..HASHES as u32).map(|i| i * 7 + 1).collect(),
    };
    let docs = corpus::documents();
    let mut copy = changed(&docs[0], "\n\nSyndicated by the Harbour Courier.");
    copy.analysis.document.url = Some("https://harbour-courier.example/copy".to_owned());
    copy.minhash = Some(signature.clone());
    copy.duplicate_of = Some(original.clone());
    let stored = store.put_document(&copy).expect("stored");

    let mut near = signature.clone();
    near.values[1] = 0;
    let found = store.minhash_candidates(&near, &|_| true).expect("lookup");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, stored.id);
    assert_eq!(found[0].locator, "https://harbour-courier.example/copy");
    assert_eq!(found[0].duplicate_of.as_ref(), Some(original));
    assert_eq!(found[0].signature, signature);
    let far = MinHash {
        shingles: 300,
        values: (0..HASHES as u32).map(|i| i * 11 + 5).collect(),
    };
    assert!(
        store
            .minhash_candidates(&far, &|_| true)
            .expect("lookup")
            .is_empty()
    );
    let refused = store.minhash_candidates(&near, &|s| s != &signature);
    assert!(refused.expect("lookup").is_empty());
}
