//! A page as it arrived, before cleaning.

use chrono::NaiveDate;

/// The bytes of one input and what is known about them.
///
/// It lives in the model (not in `vigil_ingest`) because both the ingester,
/// which makes it, and the clean stage, which reads it, depend on the model
/// and never on each other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPage {
    /// The input as given: a file path, a URL, `-` for stdin.
    pub source: String,
    /// The address the page was fetched from or is known by.
    pub url: Option<String>,
    /// The `Content-Type` header or a guess from the file name.
    pub content_type: Option<String>,
    /// A publication date given by the user or a feed.
    pub published: Option<NaiveDate>,
    /// The bytes exactly as read.
    pub bytes: Vec<u8>,
}
