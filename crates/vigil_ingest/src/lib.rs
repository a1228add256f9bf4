//! Sources → raw pages: files, directories, URLs, RSS/Atom feeds and WARC archives. This is
//! the only Vigil crate that touches the network.
//!
//! - [`Source::parse`] reads a command-line argument: a path (file or directory) or an
//!   `http(s)` URL.
//! - [`Ingester::run`] reads the sources and calls back once per outcome: an [`Item`] (a
//!   [`Fetched`] page with its evidence — status, fetch time, validators, feed item title —, a
//!   feed that was read, or "not modified") or an [`IngestError`] naming the one input that
//!   failed. One bad input never stops the others.
//! - Limits live in [`IngestSettings`]: size cap (after decompression, enforced while
//!   streaming), connect and total timeouts, redirect limit, concurrency overall and per host,
//!   user agent, clock.
//! - Conditional requests: the caller passes the [`Validators`] (`ETag`, `Last-Modified`) it
//!   kept for a URL, and an unchanged page comes back as [`Item::NotModified`].
//!
//! ```
//! use vigil_ingest::{Ingester, IngestSettings, Item, Source};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("report.html"), "<p>Police detained 12 people.</p>")?;
//! let sources = [Source::parse(&dir.path().display().to_string())?];
//!
//! let mut pages = Vec::new();
//! Ingester::new(IngestSettings::default()).run(&sources, &|_url| None, |item| match item {
//!     Ok(Item::Page(fetched)) => pages.push(fetched.page),
//!     Ok(_) => {}
//!     Err(e) => eprintln!("{e}"),
//! })?;
//! assert_eq!(pages.len(), 1);
//! assert_eq!(pages[0].content_type.as_deref(), Some("text/html"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod archive;
mod error;
mod feed;
mod found;
mod http;
mod item;
mod local;
mod record;
mod run;
mod settings;
mod sniff;
mod source;

pub use error::IngestError;
pub use item::{FeedRead, Fetched, Item, Validators};
pub use local::content_type_by_name;
pub use run::{Ingester, KnownValidators};
pub use settings::{IngestSettings, default_user_agent};
pub use source::Source;
pub use vigil_model::RawPage;
