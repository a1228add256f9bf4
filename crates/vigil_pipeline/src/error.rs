//! Failures that end a whole run (one bad input never does: it gets a failed report).

use vigil_ingest::IngestError;
use vigil_store::StoreError;

/// Why a run stopped before reading every source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The ingester could not start (HTTP client or async runtime).
    #[error("ingest: {0}")]
    Ingest(#[from] IngestError),
    /// A whole batch could not be written (disk full, database locked or corrupt).
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The worker threads could not be started.
    #[error("worker threads: {0}")]
    Threads(String),
}
