//! The `Store` trait: everything the pipeline, the CLI and the server ask of
//! a database, with no SQL in sight.

use chrono::{DateTime, Utc};
use vigil_model::Entity;

use crate::{
    ClusterId, IncidentTotals, LinkBatch, LinkKind, LinkOutcome, LinkState, LinkTarget, NewLink,
    StoredLink,
};
use crate::{
    DocumentId, DocumentSummary, EntityId, EntityKey, EntityProfile, EntityQuery, EntitySummary,
    EntityVersion, EventFilter, EventId, EventVersion, Facets, IntegrityReport, MapPoint,
    NearDuplicate, NewDocument, Page, PageRequest, Provenance, PutOutcome, RawRecord, Review,
    ReviewState, Sort, StoreError, StoreStats, StoredAnalysis, StoredDocument, StoredEntity,
    StoredEvent, TimelineBucket,
};
use crate::{Lockout, NewSession, NewUser, Session, User, UserChange, UserId, UserLogin};

/// Shorthand for a store call's result.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A Vigil database.
///
/// The trait is synchronous and every method takes `&self`: a backend keeps
/// its own connections and locking, so one value can be shared by threads
/// (`Arc<dyn Store>`). The async server calls it through
/// `tokio::task::spawn_blocking`; the pipeline calls it from its writer
/// thread. Nothing stored is ever overwritten: documents, analyses, events and
/// entities are immutable versions, and a review adds a version.
pub trait Store: Send + Sync {
    /// Stores documents with their raw pages, analyses, events and entities.
    ///
    /// Each document is atomic (stored whole or not at all, even if the
    /// process dies) and the batch is written in one transaction for speed.
    /// One bad document fails alone: its slot holds its error. The outer
    /// error is for failures of the whole batch (the disk is full).
    fn put_documents(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>>;

    /// Stores one document; see [`Store::put_documents`].
    fn put_document(&self, doc: &NewDocument) -> Result<PutOutcome> {
        self.put_documents(std::slice::from_ref(doc))?
            .pop()
            .unwrap_or_else(|| Err(StoreError::Corrupt("a batch of one gave no outcome".into())))
    }

    /// A document version by its content id.
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>>;

    /// The latest version stored under a URL or source.
    fn latest_document(&self, locator: &str) -> Result<Option<StoredDocument>>;

    /// The document whose raw page had these bytes (lower-case hex SHA-256),
    /// so that an unchanged page is not cleaned and extracted again.
    fn document_by_raw_sha256(&self, sha256: &str) -> Result<Option<DocumentId>>;

    /// [`Store::document_by_raw_sha256`] for many pages at once, in the same
    /// order: one round trip for a whole ingest batch.
    fn documents_by_raw_sha256(&self, sha256s: &[String]) -> Result<Vec<Option<DocumentId>>> {
        sha256s
            .iter()
            .map(|sha| self.document_by_raw_sha256(sha))
            .collect()
    }

    /// Every version stored under the same locator as `id`, oldest first.
    fn document_versions(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>>;

    /// Documents, most recently stored first; with `text`, only those whose
    /// headline or body has all its words (see [`EventFilter::text`]).
    fn list_documents(
        &self,
        text: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<DocumentSummary>>;

    /// The raw page of a document, byte for byte as fetched.
    fn raw_page(&self, id: &DocumentId) -> Result<Option<RawRecord>>;

    /// The analysis stored with a document.
    fn get_analysis(&self, id: &DocumentId) -> Result<Option<StoredAnalysis>>;

    /// Stored documents whose SimHash is within `max_distance` bits of
    /// `simhash`, nearest first. Complete up to
    /// [`crate::simhash::EXACT_RADIUS`]; beyond it, only candidates sharing a
    /// 16-bit band are found.
    fn near_duplicates(&self, simhash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>>;

    /// Stored documents whose MinHash signature shares at least one band with
    /// `signature` (see [`crate::minhash`]) and passes `keep`, each with its own
    /// signature, in storage order. Documents stored without a signature are
    /// never found. `keep` sees every band-sharing signature first, so that a
    /// backend reads the rest of a candidate only when it is kept: most
    /// candidates are chance band matches.
    fn minhash_candidates(
        &self,
        signature: &crate::minhash::MinHash,
        keep: &dyn Fn(&crate::minhash::MinHash) -> bool,
    ) -> Result<Vec<crate::minhash::MinHashCandidate>>;

    /// The documents stored as copies of `id`.
    fn duplicates_of(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>>;

    /// An event at its current version.
    fn get_event(&self, id: EventId) -> Result<Option<StoredEvent>>;

    /// The events stored from one document, in the analysis's order.
    fn document_events(&self, id: &DocumentId) -> Result<Vec<StoredEvent>>;

    /// Every version of an event, oldest first: its whole history.
    fn event_history(&self, id: EventId) -> Result<Vec<EventVersion>>;

    /// Accepts, edits or rejects an event, adding a version.
    fn review_event(&self, id: EventId, review: &Review) -> Result<EventVersion>;

    /// Up to `limit` other current, unrejected events that look like the
    /// same incident as `id`: same type, same first day, same place and
    /// country. None when the event has no day, or neither place nor country.
    fn similar_events(&self, id: EventId, limit: u32) -> Result<Vec<StoredEvent>>;

    /// Merges two events that report the same incident: `keep` gets a version
    /// by `kept` (usually an accept whose note links to `other`) and `other`
    /// one by `merged` (a reject whose note links to `keep`). Nothing is
    /// deleted; a store that can should do both in one transaction.
    fn merge_events(
        &self,
        keep: EventId,
        kept: &Review,
        other: EventId,
        merged: &Review,
    ) -> Result<[EventVersion; 2]> {
        Ok([
            self.review_event(keep, kept)?,
            self.review_event(other, merged)?,
        ])
    }

    /// Splits an event that reports two incidents: `review` (an edit) makes
    /// the event's next version the first part, and `second` is stored as a
    /// new event of the same report whose first version carries the same
    /// reviewer and note. Nothing is deleted; both appear in history.
    fn split_event(
        &self,
        id: EventId,
        review: &Review,
        second: &vigil_model::Event,
    ) -> Result<[EventVersion; 2]> {
        let _ = (id, review, second);
        Err(StoreError::Refused(
            "this store cannot split events".to_owned(),
        ))
    }

    /// Current events matching `filter`, in `sort` order, one page.
    fn search(
        &self,
        filter: &EventFilter,
        sort: Sort,
        page: &PageRequest,
    ) -> Result<Page<StoredEvent>>;

    /// Proposed events matching `filter`, lowest confidence first.
    fn review_queue(&self, filter: &EventFilter, page: &PageRequest) -> Result<Page<StoredEvent>> {
        let filter = EventFilter {
            review: vec![ReviewState::Proposed],
            ..filter.clone()
        };
        self.search(&filter, Sort::LeastConfident, page)
    }

    /// Counts of the matching events by type, country, place and review state.
    fn facets(&self, filter: &EventFilter) -> Result<Facets>;

    /// Matching dated events per week and type, oldest week first.
    fn timeline(&self, filter: &EventFilter) -> Result<Vec<TimelineBucket>>;

    /// Matching events per located place, most events first.
    fn map_points(&self, filter: &EventFilter) -> Result<Vec<MapPoint>>;

    /// An entity at its current version.
    fn get_entity(&self, id: EntityId) -> Result<Option<StoredEntity>>;

    /// The entities of one document, in the analysis's order.
    fn document_entities(&self, id: &DocumentId) -> Result<Vec<StoredEntity>>;

    /// Every version of an entity, oldest first.
    fn entity_history(&self, id: EntityId) -> Result<Vec<EntityVersion>>;

    /// Corrects an entity (a name, a role…), adding a version.
    fn edit_entity(
        &self,
        id: EntityId,
        entity: &Entity,
        provenance: &Provenance,
        expected_version: Option<u32>,
    ) -> Result<EntityVersion>;

    /// People, organisations, groups or places across reports, by key.
    fn list_entities(&self, query: &EntityQuery, page: &PageRequest)
    -> Result<Page<EntitySummary>>;

    /// Everything known about one cross-document entity; its events come
    /// from [`Store::search`] with a `person` or `organization` filter.
    fn entity_profile(&self, key: &EntityKey) -> Result<Option<EntityProfile>>;

    /// Writes a batch of cross-report links (see [`crate::links`]) in one
    /// transaction, creating the clusters its [`LinkTarget::New`] labels name.
    ///
    /// First the `withdraw` links are ended (ended ones are left as they are).
    /// Then, for each link in order:
    /// - a machine link (`auto` or `proposed`) is skipped, its slot `None`,
    ///   when the subject has a current `confirmed` or `rejected` link to the
    ///   same cluster, or, for `auto`, a current `confirmed` link to another:
    ///   a recompute never undoes a reviewer;
    /// - otherwise it ends the subject's current link to the same cluster,
    ///   and, if it is a membership (`auto`, `confirmed`), the subject's
    ///   current membership of another cluster (a subject is in one cluster
    ///   at a time); the ended links record it as their replacement.
    ///
    /// Finally each document's blocking `keys` replace its earlier ones.
    /// Refused with nothing written: an unknown subject (entity or event),
    /// document or cluster, a cluster of the other kind, a score that is not
    /// a finite number.
    fn put_links(&self, batch: &LinkBatch) -> Result<LinkOutcome>;

    /// The current links of these subjects (entity ids for people, event ids
    /// for incidents), by subject in the order given, then oldest first.
    fn links_of(&self, kind: LinkKind, subjects: &[i64]) -> Result<Vec<StoredLink>>;

    /// The current links into one cluster (members, proposals, rejections),
    /// oldest first; empty for an unknown cluster.
    fn cluster_links(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredLink>>;

    /// Every link a subject ever had, ended ones too, oldest first.
    fn link_history(&self, kind: LinkKind, subject: i64) -> Result<Vec<StoredLink>>;

    /// Up to `limit` current links of `kind` with ids above `after`, by id:
    /// a scan of the whole resolution, page by page.
    fn current_links(
        &self,
        kind: LinkKind,
        after: Option<crate::LinkId>,
        limit: u32,
    ) -> Result<Vec<StoredLink>>;

    /// The current events of a cluster, by date then id: an incident's own
    /// events, or the events a person's member entities take part in.
    fn cluster_events(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredEvent>>;

    /// How many incidents and reports the events matching `filter` make.
    fn incident_totals(&self, filter: &EventFilter) -> Result<IncidentTotals>;

    /// The current documents that have at least one of these blocking keys
    /// (see [`LinkBatch::keys`]), sorted, each once.
    fn documents_with_keys(&self, keys: &[String]) -> Result<Vec<DocumentId>>;

    /// The subjects that are members of a cluster now, oldest link first.
    fn cluster_members(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<i64>> {
        Ok(self
            .cluster_links(kind, id)?
            .into_iter()
            .filter(|l| l.state.is_member())
            .map(|l| l.subject)
            .collect())
    }

    /// A reviewer merges `other` into `keep`: every member of both gets a
    /// `confirmed` link to `keep` (so that no recompute parts them again).
    /// Refused when they are the same or `other` has no members.
    fn merge_clusters(
        &self,
        kind: LinkKind,
        keep: ClusterId,
        other: ClusterId,
        provenance: &Provenance,
        note: Option<&str>,
    ) -> Result<LinkOutcome> {
        if keep == other {
            return Err(StoreError::Refused(format!(
                "{} {keep} cannot be merged with itself",
                kind.as_str()
            )));
        }
        let moved = self.cluster_members(kind, other)?;
        if moved.is_empty() {
            return Err(StoreError::NotFound {
                what: "cluster",
                id: format!("{} {other}", kind.as_str()),
            });
        }
        let mut batch = LinkBatch::new(provenance.clone());
        for subject in self.cluster_members(kind, keep)?.into_iter().chain(moved) {
            batch.links.push(NewLink {
                kind,
                subject,
                target: LinkTarget::Cluster(keep),
                state: LinkState::Confirmed,
                rule: "review:merge".to_owned(),
                score: None,
                note: note.map(str::to_owned),
            });
        }
        self.put_links(&batch)
    }

    /// A reviewer splits `subjects` out of cluster `id`. They go back to the
    /// cluster they all came from when it has no members left (undoing a
    /// merge restores both sides), else to a new cluster; each gets a
    /// `confirmed` link there and a `rejected` link to `id`, and the members
    /// that stay are confirmed in `id`. Returns the cluster they went to.
    /// Refused unless `subjects` are some, not all, of the members.
    fn split_cluster(
        &self,
        kind: LinkKind,
        id: ClusterId,
        subjects: &[i64],
        provenance: &Provenance,
        note: Option<&str>,
    ) -> Result<ClusterId> {
        let members = self.cluster_members(kind, id)?;
        if subjects.is_empty()
            || subjects.iter().any(|s| !members.contains(s))
            || members.iter().all(|m| subjects.contains(m))
        {
            return Err(StoreError::Refused(format!(
                "a split takes some, not all, of the members of {} {id}",
                kind.as_str()
            )));
        }
        let mut former: Option<ClusterId> = None;
        let mut same_origin = true;
        for &subject in subjects {
            let origin = self
                .link_history(kind, subject)?
                .into_iter()
                .rev()
                .find(|l| l.state.is_member() && l.target != id)
                .map(|l| l.target);
            match (origin, former) {
                (None, _) => same_origin = false,
                (Some(o), None) => former = Some(o),
                (Some(o), Some(f)) => same_origin &= o == f,
            }
        }
        let back = match former {
            Some(f) if same_origin && self.cluster_members(kind, f)?.is_empty() => {
                LinkTarget::Cluster(f)
            }
            _ => LinkTarget::New(0),
        };
        let link = |subject: i64, target: LinkTarget, state: LinkState| NewLink {
            kind,
            subject,
            target,
            state,
            rule: "review:split".to_owned(),
            score: None,
            note: note.map(str::to_owned),
        };
        let mut batch = LinkBatch::new(provenance.clone());
        for &subject in subjects {
            batch.links.push(link(subject, back, LinkState::Confirmed));
            batch
                .links
                .push(link(subject, LinkTarget::Cluster(id), LinkState::Rejected));
        }
        for &stays in members.iter().filter(|m| !subjects.contains(m)) {
            batch
                .links
                .push(link(stays, LinkTarget::Cluster(id), LinkState::Confirmed));
        }
        let outcome = self.put_links(&batch)?;
        match back {
            LinkTarget::Cluster(f) => Ok(f),
            LinkTarget::New(label) => outcome
                .created(label)
                .ok_or_else(|| StoreError::Corrupt("a split made no cluster".into())),
        }
    }

    /// Sizes of the store.
    fn stats(&self) -> Result<StoreStats>;

    /// A full check: the engine's own, and Vigil's invariants (every document
    /// has its analysis, every event its versions, the text index is sound).
    fn integrity_check(&self) -> Result<IntegrityReport>;

    /// Adds a user; refused when the name is taken (names are compared
    /// without regard to case) or not a valid name ([`crate::check_user_name`]).
    fn add_user(&self, user: &NewUser) -> Result<User>;

    /// Every user, by name.
    fn list_users(&self) -> Result<Vec<User>>;

    /// The user named `name` (any case) with the password hash, for a login.
    fn user_login(&self, name: &str) -> Result<Option<UserLogin>>;

    /// Changes the user named `name`, ending their sessions (see [`UserChange`]).
    fn change_user(&self, name: &str, change: &UserChange, at: DateTime<Utc>) -> Result<User>;

    /// Counts a failed login of `user` at `at`; the failure that reaches
    /// `policy.max_failures` in a row locks the account. Returns until when
    /// it is locked, if it is.
    fn login_failed(
        &self,
        user: UserId,
        at: DateTime<Utc>,
        policy: &Lockout,
    ) -> Result<Option<DateTime<Utc>>>;

    /// Starts a session after a successful login: clears the user's failure
    /// count, ends the session it replaces and drops expired ones.
    fn start_session(&self, session: &NewSession) -> Result<()>;

    /// The live session whose token hashes to `token_hash`: not expired at
    /// `now`, of a user who is not disabled.
    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;

    /// Ends a session (logout); ending an unknown one is not an error.
    fn end_session(&self, token_hash: &str) -> Result<()>;
}
