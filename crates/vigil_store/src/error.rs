//! The one error type of every store backend.

/// What can go wrong when storing or querying.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store URL names no backend this build knows, or is malformed.
    #[error("unsupported store URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The database was written by a newer Vigil than this one.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    TooNew {
        /// The version found in the database.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// A query parameter is out of range or a cursor is not one this store issued.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The record to change does not exist.
    #[error("{what} {id} not found")]
    NotFound {
        /// `document`, `event`, `entity`.
        what: &'static str,
        /// Its id as shown to users.
        id: String,
    },
    /// Somebody else changed the record since the caller read it.
    #[error("{what} {id} is at version {actual}, not {expected}: reload and retry")]
    Conflict {
        /// `event`, `entity`.
        what: &'static str,
        /// Its id as shown to users.
        id: String,
        /// The version the caller based its change on.
        expected: u32,
        /// The version stored now.
        actual: u32,
    },
    /// A change that the data does not allow (a duplicate of an unknown document…).
    #[error("refused: {0}")]
    Refused(String),
    /// Stored data that cannot be decoded: a bug or a damaged file.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The database engine failed.
    #[error("database error while {context}: {source}")]
    Backend {
        /// What the store was doing.
        context: &'static str,
        /// The engine's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StoreError {
    /// Wraps an engine error with what the store was doing.
    pub fn backend(
        context: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Backend {
            context,
            source: Box::new(source),
        }
    }
}
