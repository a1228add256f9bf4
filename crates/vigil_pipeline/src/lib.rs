//! The pipeline: sources → ingest → clean → extract → store, with a report per document.
//!
//! [`Pipeline::run`] reads the sources with `vigil_ingest` on the calling thread, cleans and
//! extracts each batch of pages on all cores (rayon), and hands the batch to a writer thread
//! that links near-duplicates and stores it in one transaction, each document atomically with
//! its analysis. The store alone decides what is new, so a run is idempotent and resumable:
//!
//! - a page whose raw bytes are already stored is skipped before cleaning (`Unchanged`);
//! - the same cleaned text (same content id) is stored once, wherever it came from;
//! - a changed page at a known address becomes a new version and is analysed again;
//! - a syndicated copy of a stored report at another address is kept as evidence and linked
//!   to the original, without events of its own: found by a 64-bit SimHash over word
//!   shingles within [`Settings::near_distance`] bits, or, when an outlet added its own
//!   intro or paragraphs, by MinHash over word shingles ([`minhash`]: most of the shorter
//!   report inside the longer, found through LSH bands);
//! - the `ETag`/`Last-Modified` kept with a URL's latest version go back to the server, and an
//!   unchanged answer costs nothing.
//!
//! Killed at any moment, a run leaves whole batches stored or absent; run again, it skips
//! what is there. Every document gets a [`Report`]; [`Summary`] counts them and times the
//! stages.
//!
//! ```
//! use vigil_ingest::Source;
//! use vigil_pipeline::{Pipeline, Settings};
//! use vigil_store_sqlite::SqliteStore;
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Police detained three activists in Bishkek on Monday.")?;
//! let store = SqliteStore::open(dir.path().join("vigil.db"))?;
//! let settings = Settings { quiet: true, ..Settings::default() };
//! let sources = [Source::parse(&dir.path().join("a.txt").display().to_string())?];
//! let summary = Pipeline::new(&store, settings).run(&sources, |_report| {})?;
//! assert_eq!(summary.stored, 1);
//! assert_eq!(summary.failed, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
pub mod minhash;
mod prepare;
mod progress;
mod report;
pub mod resolve;
mod run;
mod settings;
pub mod simhash;
pub mod synthetic;
mod write;

pub use error::PipelineError;
pub use report::{Outcome, Report, Similarity, Summary, Timings};
pub use run::Pipeline;
pub use settings::Settings;
