//! What the ingester hands back: pages with their evidence, "not modified" answers, and
//! notes about the feeds it read.

use chrono::{DateTime, Utc};
use vigil_model::RawPage;

/// The HTTP validators of a page, kept by the store and given back for the next fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One page as read, with the evidence about how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The page. `page.url` is the URL as requested (the key for [`Validators`]); `page.source`
    /// is the argument it came from (a path, a URL, a feed or a WARC file).
    pub page: RawPage,
    /// The HTTP status (`None` for local files; the archived status for WARC records).
    pub status: Option<u16>,
    /// When it was fetched: the settings' clock, or the `WARC-Date` of an archived record.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Where the page was in the end, when redirects led elsewhere than `page.url`.
    pub final_url: Option<String>,
    /// The validators the server sent with the page.
    pub validators: Validators,
    /// The title of the feed item that linked to the page.
    pub title: Option<String>,
    /// The outlet that published the page, when its source says so (a corpus's
    /// manifest); the name the page gives itself wins.
    pub outlet: Option<String>,
}

/// A feed that was read; its items follow as separate [`Item`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRead {
    /// The feed's URL or path.
    pub url: String,
    /// The feed's own title.
    pub title: Option<String>,
    /// How many items it listed.
    pub items: usize,
    /// The validators the server sent with the feed (empty for a local file).
    pub validators: Validators,
}

/// One outcome of a run, other than an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Item {
    /// A page was read.
    Page(Box<Fetched>),
    /// The server said the page (or feed) has not changed since the validators given.
    NotModified {
        /// The URL requested.
        url: String,
    },
    /// A feed was read and its items are being fetched.
    Feed(FeedRead),
}
