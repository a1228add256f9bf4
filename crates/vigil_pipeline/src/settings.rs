//! What a run is told: limits of the stages, hints, and how it shows its progress.

use chrono::{DateTime, NaiveDate, Utc};
use vigil_clean::CleanSettings;
use vigil_ingest::IngestSettings;

/// Settings of a [`crate::Pipeline`] run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The store to write to, as a URL (`sqlite:vigil.db`); the caller opens it.
    pub db_url: String,
    /// Limits and behaviour of the fetching stage.
    pub ingest: IngestSettings,
    /// Limits and behaviour of the clean stage.
    pub clean: CleanSettings,
    /// Publication date for pages that give none (a feed's item date comes first).
    pub published: Option<NaiveDate>,
    /// No progress bar (it is also hidden when standard error is not a terminal).
    pub quiet: bool,
    /// Threads cleaning and extracting; 0 uses every core.
    pub threads: usize,
    /// Documents per write transaction.
    pub batch_size: usize,
    /// Largest SimHash distance (bits) at which a report is a copy of another.
    pub near_distance: u32,
    /// The time stamped on stored versions and on local files' fetch time.
    pub clock: fn() -> DateTime<Utc>,
    /// Resolve each written batch's reports against the store (see [`crate::resolve`]).
    pub resolve: bool,
}

impl Settings {
    /// The default store URL.
    pub const DEFAULT_DB_URL: &str = "sqlite:vigil.db";
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            db_url: Self::DEFAULT_DB_URL.to_owned(),
            ingest: IngestSettings::default(),
            clean: CleanSettings::default(),
            published: None,
            quiet: false,
            threads: 0,
            batch_size: 512,
            near_distance: vigil_store::simhash::EXACT_RADIUS,
            clock: Utc::now,
            resolve: true,
        }
    }
}
