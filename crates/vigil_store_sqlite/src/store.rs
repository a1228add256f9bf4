//! [`SqliteStore`]: opening a database file and the `Store` implementation,
//! each method a transaction or a read on a pooled connection.

use std::path::{Path, PathBuf};

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

use crate::connection::{Connections, open_writer};
use crate::convert::Result;
use crate::{accounts, documents, duplicates, entities, events, integrity, links, migrate, search};

/// The file used when no URL is given.
pub const DEFAULT_PATH: &str = "vigil.db";

/// A Vigil database in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conns: Connections,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// the latest schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_at_version(path, migrate::LATEST_VERSION)
    }

    /// Opens the database named by a store URL: `sqlite:vigil.db`,
    /// `sqlite://relative/path.db`, `sqlite:///absolute/path.db`, or a bare path.
    pub fn open_url(url: &str) -> Result<Self> {
        Self::open(path_of_url(url)?)
    }

    /// Opens the database migrated only up to `version`: for making the old
    /// database fixtures that the migration tests open.
    #[doc(hidden)]
    pub fn open_at_version(path: impl AsRef<Path>, version: u32) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let mut writer = open_writer(&path)?;
        migrate::migrate_to(&mut writer, version.min(migrate::LATEST_VERSION))?;
        Ok(Self {
            conns: Connections::new(path, writer)?,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.conns.path()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        self.conns.with_writer(|conn| migrate::version(conn))
    }

    /// Runs `f` on a read connection (a table export).
    pub(crate) fn read_connection<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T>,
    ) -> Result<T> {
        self.conns.read(f)
    }

    /// Runs `f` in one write transaction (a load).
    pub(crate) fn write_transaction<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conns.write(f)
    }

    /// Copies the WAL into the main file, so that the file alone is complete
    /// (before a backup by file copy).
    pub fn checkpoint(&self) -> Result<()> {
        use crate::convert::Context;
        self.conns.with_writer(|conn| {
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .ctx("checkpointing")
        })
    }
}

/// The file path a store URL names.
pub fn path_of_url(url: &str) -> Result<PathBuf> {
    let bad = |reason: &str| StoreError::InvalidUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let path = match url.split_once(':') {
        Some(("sqlite", rest)) => rest.strip_prefix("//").unwrap_or(rest),
        Some((scheme, _)) if scheme.len() > 1 && !scheme.contains(['/', '\\']) => {
            return Err(bad("this store opens sqlite: URLs only"));
        }
        _ => url,
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() || path == ":memory:" {
        return Err(bad(
            "a file path is needed (the store is a file shared by its connections)",
        ));
    }
    Ok(PathBuf::from(path))
}

impl Store for SqliteStore {
    fn put_documents(&self, docs: &[NewDocument]) -> Result<Vec<Result<PutOutcome>>> {
        match self.conns.write(|tx| documents::put_all(tx, docs)) {
            Ok(outcomes) => Ok(outcomes.into_iter().map(Ok).collect()),
            // The batch was rolled back: store each document on its own so
            // that only the bad ones fail.
            Err(_) if docs.len() > 1 => Ok(docs
                .iter()
                .map(|doc| self.conns.write(|tx| documents::put_one(tx, doc)))
                .collect()),
            Err(err) => Ok(vec![Err(err)]),
        }
    }

    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>> {
        self.conns.read(|c| documents::get(c, id))
    }

    fn latest_document(&self, locator: &str) -> Result<Option<StoredDocument>> {
        self.conns.read(|c| documents::latest(c, locator))
    }

    fn document_by_raw_sha256(&self, sha256: &str) -> Result<Option<DocumentId>> {
        self.conns.read(|c| documents::by_raw_sha256(c, sha256))
    }

    fn documents_by_raw_sha256(&self, sha256s: &[String]) -> Result<Vec<Option<DocumentId>>> {
        self.conns.read(|c| documents::by_raw_sha256s(c, sha256s))
    }

    fn document_versions(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
        self.conns.read(|c| documents::versions(c, id))
    }

    fn list_documents(
        &self,
        text: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<DocumentSummary>> {
        self.conns.read(|c| documents::list(c, text, page))
    }

    fn raw_page(&self, id: &DocumentId) -> Result<Option<RawRecord>> {
        self.conns.read(|c| documents::raw(c, id))
    }

    fn get_analysis(&self, id: &DocumentId) -> Result<Option<StoredAnalysis>> {
        self.conns.read(|c| documents::analysis(c, id))
    }

    fn near_duplicates(&self, simhash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>> {
        self.conns
            .read(|c| duplicates::near(c, simhash, max_distance))
    }

    fn minhash_candidates(
        &self,
        signature: &MinHash,
        keep: &dyn Fn(&MinHash) -> bool,
    ) -> Result<Vec<MinHashCandidate>> {
        self.conns
            .read(|c| duplicates::minhash_candidates(c, signature, keep))
    }

    fn duplicates_of(&self, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
        self.conns.read(|c| duplicates::copies_of(c, id))
    }

    fn get_event(&self, id: EventId) -> Result<Option<StoredEvent>> {
        self.conns.read(|c| events::get(c, id))
    }

    fn document_events(&self, id: &DocumentId) -> Result<Vec<StoredEvent>> {
        self.conns.read(|c| events::of_document(c, id))
    }

    fn event_history(&self, id: EventId) -> Result<Vec<EventVersion>> {
        self.conns.read(|c| events::history(c, id))
    }

    fn review_event(&self, id: EventId, review: &Review) -> Result<EventVersion> {
        self.conns.write(|tx| events::review(tx, id, review))
    }

    fn similar_events(&self, id: EventId, limit: u32) -> Result<Vec<StoredEvent>> {
        self.conns.read(|c| events::similar(c, id, limit))
    }

    fn merge_events(
        &self,
        keep: EventId,
        kept: &Review,
        other: EventId,
        merged: &Review,
    ) -> Result<[EventVersion; 2]> {
        self.conns.write(|tx| {
            Ok([
                events::review(tx, keep, kept)?,
                events::review(tx, other, merged)?,
            ])
        })
    }

    fn split_event(
        &self,
        id: EventId,
        review: &Review,
        second: &vigil_model::Event,
    ) -> Result<[EventVersion; 2]> {
        self.conns.write(|tx| events::split(tx, id, review, second))
    }

    fn search(
        &self,
        filter: &EventFilter,
        sort: Sort,
        page: &PageRequest,
    ) -> Result<Page<StoredEvent>> {
        self.conns.read(|c| search::search(c, filter, sort, page))
    }

    fn facets(&self, filter: &EventFilter) -> Result<Facets> {
        self.conns.read(|c| search::facets(c, filter))
    }

    fn timeline(&self, filter: &EventFilter) -> Result<Vec<TimelineBucket>> {
        self.conns.read(|c| search::timeline(c, filter))
    }

    fn map_points(&self, filter: &EventFilter) -> Result<Vec<MapPoint>> {
        self.conns.read(|c| search::map_points(c, filter))
    }

    fn get_entity(&self, id: EntityId) -> Result<Option<StoredEntity>> {
        self.conns.read(|c| entities::get(c, id))
    }

    fn document_entities(&self, id: &DocumentId) -> Result<Vec<StoredEntity>> {
        self.conns.read(|c| entities::of_document(c, id))
    }

    fn entity_history(&self, id: EntityId) -> Result<Vec<EntityVersion>> {
        self.conns.read(|c| entities::history(c, id))
    }

    fn edit_entity(
        &self,
        id: EntityId,
        entity: &Entity,
        provenance: &Provenance,
        expected_version: Option<u32>,
    ) -> Result<EntityVersion> {
        self.conns
            .write(|tx| entities::edit(tx, id, entity, provenance, expected_version))
    }

    fn list_entities(
        &self,
        query: &EntityQuery,
        page: &PageRequest,
    ) -> Result<Page<EntitySummary>> {
        self.conns.read(|c| entities::list(c, query, page))
    }

    fn entity_profile(&self, key: &EntityKey) -> Result<Option<EntityProfile>> {
        self.conns.read(|c| entities::profile(c, key))
    }

    fn put_links(&self, batch: &LinkBatch) -> Result<LinkOutcome> {
        self.conns.write(|tx| links::put(tx, batch))
    }

    fn links_of(&self, kind: LinkKind, subjects: &[i64]) -> Result<Vec<StoredLink>> {
        self.conns.read(|c| links::of_subjects(c, kind, subjects))
    }

    fn cluster_links(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredLink>> {
        self.conns.read(|c| links::of_cluster(c, kind, id))
    }

    fn link_history(&self, kind: LinkKind, subject: i64) -> Result<Vec<StoredLink>> {
        self.conns.read(|c| links::history(c, kind, subject))
    }

    fn current_links(
        &self,
        kind: LinkKind,
        after: Option<LinkId>,
        limit: u32,
    ) -> Result<Vec<StoredLink>> {
        self.conns.read(|c| links::current(c, kind, after, limit))
    }

    fn cluster_events(&self, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredEvent>> {
        self.conns.read(|c| links::events(c, kind, id))
    }

    fn incident_totals(&self, filter: &EventFilter) -> Result<IncidentTotals> {
        self.conns.read(|c| search::incident_totals(c, filter))
    }

    fn documents_with_keys(&self, keys: &[String]) -> Result<Vec<DocumentId>> {
        self.conns.read(|c| links::documents_with_keys(c, keys))
    }

    fn stats(&self) -> Result<StoreStats> {
        self.conns.read(integrity::stats)
    }

    fn integrity_check(&self) -> Result<IntegrityReport> {
        self.conns.read(integrity::check)
    }

    fn add_user(&self, user: &NewUser) -> Result<User> {
        self.conns.write(|tx| accounts::add(tx, user))
    }

    fn list_users(&self) -> Result<Vec<User>> {
        self.conns.read(accounts::list)
    }

    fn user_login(&self, name: &str) -> Result<Option<UserLogin>> {
        self.conns.read(|c| accounts::login(c, name))
    }

    fn change_user(&self, name: &str, change: &UserChange, at: DateTime<Utc>) -> Result<User> {
        self.conns
            .write(|tx| accounts::change(tx, name, change, at))
    }

    fn login_failed(
        &self,
        user: UserId,
        at: DateTime<Utc>,
        policy: &Lockout,
    ) -> Result<Option<DateTime<Utc>>> {
        self.conns
            .write(|tx| accounts::failed(tx, user, at, policy))
    }

    fn start_session(&self, session: &NewSession) -> Result<()> {
        self.conns.write(|tx| accounts::start(tx, session))
    }

    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        self.conns.read(|c| accounts::get(c, token_hash, now))
    }

    fn end_session(&self, token_hash: &str) -> Result<()> {
        self.conns.write(|tx| accounts::end(tx, token_hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_files() {
        for (url, path) in [
            ("sqlite:vigil.db", "vigil.db"),
            ("sqlite://data/v.db", "data/v.db"),
            ("sqlite:///var/lib/vigil.db", "/var/lib/vigil.db"),
            ("sqlite:v.db?mode=rwc", "v.db"),
            ("./vigil.db", "./vigil.db"),
        ] {
            assert_eq!(path_of_url(url).expect(url), PathBuf::from(path));
        }
        for url in ["postgres://localhost/vigil", "sqlite:", "sqlite::memory:"] {
            assert!(path_of_url(url).is_err(), "{url}");
        }
    }
}
