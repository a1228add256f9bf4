//! [`PostgresStore`]: connecting to a database and the `Store`
//! implementation, each method one transaction on a pooled client.

use chrono::{DateTime, Utc};
use vigil_model::Entity;
use vigil_store::minhash::{MinHash, MinHashCandidate};
use vigil_store::{
    ClusterId, IncidentTotals, LinkBatch, LinkId, LinkKind, LinkOutcome, StoredLink,
};
use vigil_store::{
    DocumentId, DocumentSummary, EntityId, EntityKey, EntityProfile, EntityQuery, EntitySummary,
    EntityVersion, EventFilter, EventId, EventVersion, Facets, IntegrityReport, MapPoint,
    NearDuplicate, NewDocument, Page, PageRequest, Provenance, PutOutcome, RawRecord, Review, Sort,
    Store, StoreError, StoreStats, StoredAnalysis, StoredDocument, StoredEntity, StoredEvent,
    TimelineBucket,
};
use vigil_store::{Lockout, NewSession, NewUser, Session, User, UserChange, UserId, UserLogin};

use crate::convert::Result;
use crate::pool::{Pool, parse_config};
use crate::{accounts, documents, duplicates, entities, events, integrity, links, migrate, search};

/// Idle clients kept per store unless the URL says `pool_size=N`.
pub const DEFAULT_POOL_SIZE: usize = 8;

/// A Vigil database on a PostgreSQL server.
#[derive(Debug)]
pub struct PostgresStore {
    pool: Pool,
}

impl PostgresStore {
    /// Connects to the database named by a `postgres://` (or `postgresql://`)
    /// URL and migrates it to the latest schema. Besides libpq's parameters
    /// the URL may say `pool_size=N`: how many idle clients to keep.
    pub fn open_url(url: &str) -> Result<Self> {
        if !is_postgres_url(url) {
            return Err(StoreError::InvalidUrl {
                url: crate::pool::redact(url),
                reason: "this store opens postgres:// URLs only".to_owned(),
            });
        }
        let (url, pool_size) = take_pool_size(url)?;
        let pool = Pool::new(parse_config(&url)?, pool_size)?;
        pool.with_client(migrate::migrate)?;
        Ok(Self { pool })
    }

    /// The pool, for the table transfer.
    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        self.pool.with_client(migrate::version)
    }
}

/// Whether a store URL names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The URL without Vigil's own `pool_size` parameter, and its value.
fn take_pool_size(url: &str) -> Result<(String, usize)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), DEFAULT_POOL_SIZE));
    };
    let mut size = DEFAULT_POOL_SIZE;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("pool_size", n)) => {
                size = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| StoreError::InvalidUrl {
                        url: crate::pool::redact(url),
                        reason: format!("pool_size {n:?} is not a number from 1 to 1000"),
                    })?;
            }
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((url, size))
}

impl Store for PostgresStore {
    fn put_documents(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>> {
        match self.pool.write(|db| documents::put_all(db, docs)) {
            Ok(outcomes) => Ok(outcomes.into_iter().map(Ok).collect()),
            // The batch was rolled back: store each document on its own so
            // that only the bad ones fail.
            Err(_) if docs.len() > 1 => Ok(docs
                .iter()
                .map(|doc| self.pool.write(|db| documents::put_one(db, doc)))
                .collect()),
            Err(err) => Ok(vec![Err(err)]),
        }
    }

    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>> {
        self.pool.read(|db| documents::get(db, id))
    }

    fn latest_document(&self, locator: &str) -> Result<Option<StoredDocument>> {
        self.pool.read(|db| documents::latest(db, locator))
    }

    fn document_by_raw_sha256(&self, sha256: &str) -> Result<Option<DocumentId>> {
        self.pool.read(|db| documents::by_raw_sha256(db, sha256))
    }

    fn documents_by_raw_sha256(&self, sha256s: &[String]) -> Result<Vec<Option<DocumentId>>> {
        self.pool.read(|db| documents::by_raw_sha256s(db, sha256s))
    }

    fn document_versions(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
        self.pool.read(|db| documents::versions(db, id))
    }

    fn list_documents(
        &self,
        text: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<DocumentSummary>> {
        self.pool.read(|db| documents::list(db, text, page))
    }

    fn raw_page(&self, id: &DocumentId) -> Result<Option<RawRecord>> {
        self.pool.read(|db| documents::raw(db, id))
    }

    fn get_analysis(&self, id: &DocumentId) -> Result<Option<StoredAnalysis>> {
        self.pool.read(|db| documents::analysis(db, id))
    }

    fn near_duplicates(&self, simhash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>> {
        self.pool
            .read(|db| duplicates::near(db, simhash, max_distance))
    }

    fn minhash_candidates(
        &self,
        signature: &MinHash,
        keep: &dyn Fn(&MinHash) -> bool,
    ) -> Result<Vec<MinHashCandidate>> {
        self.pool
            .read(|db| duplicates::minhash_candidates(db, signature, keep))
    }

    fn duplicates_of(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
        self.pool.read(|db| duplicates::copies_of(db, id))
    }

    fn get_event(&self, id: EventId) -> Result<Option<StoredEvent>> {
        self.pool.read(|db| events::get(db, id))
    }

    fn document_events(&self, id: &DocumentId) -> Result<Vec<StoredEvent>> {
        self.pool.read(|db| events::of_document(db, id))
    }

    fn event_history(&self, id: EventId) -> Result<Vec<EventVersion>> {
        self.pool.read(|db| events::history(db, id))
    }

    fn review_event(&self, id: EventId, review: &Review) -> Result<EventVersion> {
        self.pool.write(|db| events::review(db, id, review))
    }

    fn similar_events(&self, id: EventId, limit: u32) -> Result<Vec<StoredEvent>> {
        self.pool.read(|db| events::similar(db, id, limit))
    }

    fn merge_events(
        &self,
        keep: EventId,
        kept: &Review,
        other: EventId,
        merged: &Review,
    ) -> Result<[EventVersion; 2]> {
        self.pool.write(|db| {
            Ok([
                events::review(db, keep, kept)?,
                events::review(db, other, merged)?,
            ])
        })
    }

    fn split_event(
        &self,
        id: EventId,
        review: &Review,
        second: &vigil_model::Event,
    ) -> Result<[EventVersion; 2]> {
        self.pool.write(|db| events::split(db, id, review, second))
    }

    fn search(
        &self,
        filter: &EventFilter,
        sort: Sort,
        page: &PageRequest,
    ) -> Result<Page<StoredEvent>> {
        self.pool.read(|db| search::search(db, filter, sort, page))
    }

    fn facets(&self, filter: &EventFilter) -> Result<Facets> {
        self.pool.read(|db| search::facets(db, filter))
    }

    fn timeline(&self, filter: &EventFilter) -> Result<Vec<TimelineBucket>> {
        self.pool.read(|db| search::timeline(db, filter))
    }

    fn map_points(&self, filter: &EventFilter) -> Result<Vec<MapPoint>> {
        self.pool.read(|db| search::map_points(db, filter))
    }

    fn get_entity(&self, id: EntityId) -> Result<Option<StoredEntity>> {
        self.pool.read(|db| entities::get(db, id))
    }

    fn document_entities(&self, id: &DocumentId) -> Result<Vec<StoredEntity>> {
        self.pool.read(|db| entities::of_document(db, id))
    }

    fn entity_history(&self, id: EntityId) -> Result<Vec<EntityVersion>> {
        self.pool.read(|db| entities::history(db, id))
    }

    fn edit_entity(
        &self,
        id: EntityId,
        entity: &Entity,
        provenance: &Provenance,
        expected_version: Option<u32>,
    ) -> Result<EntityVersion> {
        self.pool
            .write(|db| entities::edit(db, id, entity, provenance, expected_version))
    }

    fn list_entities(
        &self,
        query: &EntityQuery,
        page: &PageRequest,
    ) -> Result<Page<EntitySummary>> {
        self.pool.read(|db| entities::list(db, query, page))
    }

    fn entity_profile(&self, key: &EntityKey) -> Result<Option<EntityProfile>> {
        self.pool.read(|db| entities::profile(db, key))
    }

    fn put_links(&self, batch: &LinkBatch) -> Result<LinkOutcome> {
        self.pool.write(|db| links::put(db, batch))
    }

    fn links_of(&self, kind: LinkKind, subjects: &[i64]) -> Result<Vec<StoredLink>> {
        self.pool.read(|db| links::of_subjects(db, kind, subjects))
    }

    fn cluster_links(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredLink>> {
        self.pool.read(|db| links::of_cluster(db, kind, id))
    }

    fn link_history(&self, kind: LinkKind, subject: i64) -> Result<Vec<StoredLink>> {
        self.pool.read(|db| links::history(db, kind, subject))
    }

    fn current_links(
        &self,
        kind: LinkKind,
        after: Option<LinkId>,
        limit: u32,
    ) -> Result<Vec<StoredLink>> {
        self.pool.read(|db| links::current(db, kind, after, limit))
    }

    fn cluster_events(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredEvent>> {
        self.pool.read(|db| links::events(db, kind, id))
    }

    fn incident_totals(&self, filter: &EventFilter) -> Result<IncidentTotals> {
        self.pool.read(|db| search::incident_totals(db, filter))
    }

    fn documents_with_keys(&self, keys: &[String]) -> Result<Vec<DocumentId>> {
        self.pool.read(|db| links::documents_with_keys(db, keys))
    }

    fn stats(&self) -> Result<StoreStats> {
        self.pool.read(integrity::stats)
    }

    fn integrity_check(&self) -> Result<IntegrityReport> {
        self.pool.read(integrity::check)
    }

    fn add_user(&self, user: &NewUser) -> Result<User> {
        self.pool.write(|db| accounts::add(db, user))
    }

    fn list_users(&self) -> Result<Vec<User>> {
        self.pool.read(accounts::list)
    }

    fn user_login(&self, name: &str) -> Result<Option<UserLogin>> {
        self.pool.read(|db| accounts::login(db, name))
    }

    fn change_user(&self, name: &str, change: &UserChange, at: DateTime<Utc>) -> Result<User> {
        self.pool.write(|db| accounts::change(db, name, change, at))
    }

    fn login_failed(
        &self,
        user: UserId,
        at: DateTime<Utc>,
        policy: &Lockout,
    ) -> Result<Option<DateTime<Utc>>> {
        self.pool.write(|db| accounts::failed(db, user, at, policy))
    }

    fn start_session(&self, session: &NewSession) -> Result<()> {
        self.pool.write(|db| accounts::start(db, session))
    }

    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        self.pool.read(|db| accounts::get(db, token_hash, now))
    }

    fn end_session(&self, token_hash: &str) -> Result<()> {
        self.pool.write(|db| accounts::end(db, token_hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_size_is_taken_from_the_url() {
        assert_eq!(
            take_pool_size("postgres://h/db?pool_size=3&sslmode=disable").expect("valid"),
            ("postgres://h/db?sslmode=disable".to_owned(), 3)
        );
        assert_eq!(
            take_pool_size("postgres://h/db").expect("valid"),
            ("postgres://h/db".to_owned(), DEFAULT_POOL_SIZE)
        );
        assert!(take_pool_size("postgres://h/db?pool_size=0").is_err());
        assert!(is_postgres_url("postgresql://h/db") && !is_postgres_url("sqlite:v.db"));
        assert!(matches!(
            PostgresStore::open_url("sqlite:vigil.db"),
            Err(StoreError::InvalidUrl { .. })
        ));
    }
}
