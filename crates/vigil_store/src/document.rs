//! Documents as stored: the raw page as fetched, the cleaned report, its
//! analysis, and the versions of a page that changed under the same address.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use vigil_model::{Analysis, Document};

use crate::{DocumentId, EventId, Provenance};

/// The page exactly as fetched, kept as evidence that survives a takedown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRecord {
    /// The address it was fetched from, if any.
    pub url: Option<String>,
    /// When it was fetched or read.
    pub fetched_at: DateTime<Utc>,
    /// The HTTP status, for fetched pages.
    pub http_status: Option<u16>,
    /// The `Content-Type` header or a guess from the file name.
    pub content_type: Option<String>,
    /// The `ETag` header, for conditional refetches.
    pub etag: Option<String>,
    /// The `Last-Modified` header, for conditional refetches.
    pub last_modified: Option<String>,
    /// The bytes exactly as received.
    pub bytes: Vec<u8>,
}

impl RawRecord {
    /// Lower-case hex SHA-256 of the bytes: how a re-fetched identical page is recognised.
    pub fn sha256_hex(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One report to store: its analysis (which holds the cleaned document), the
/// raw page, and what the pipeline knows about near-duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    /// The analysis; `analysis.document` is the cleaned report.
    pub analysis: Analysis,
    /// The page as fetched, when there was one.
    pub raw: Option<RawRecord>,
    /// Who analysed it and when (`extractor@0.1.0`).
    pub provenance: Provenance,
    /// A 64-bit SimHash of the text, for near-duplicate search.
    pub simhash: Option<u64>,
    /// A MinHash signature of the text's shingles, for finding copies inside longer
    /// reports (see [`crate::minhash`]).
    pub minhash: Option<crate::minhash::MinHash>,
    /// A stored document this one is a syndicated copy of: the copy is kept
    /// as evidence, but its events are not stored a second time.
    pub duplicate_of: Option<DocumentId>,
}

impl NewDocument {
    /// A document with its analysis and nothing else known.
    pub fn new(analysis: Analysis, provenance: Provenance) -> Self {
        Self {
            analysis,
            raw: None,
            provenance,
            simhash: None,
            minhash: None,
            duplicate_of: None,
        }
    }

    /// The address that makes later fetches of the same page new versions
    /// of this one: the page's own URL, else the source as given.
    pub fn locator(&self) -> &str {
        locator(&self.analysis.document)
    }
}

/// The address of a document's version series: its URL, else its source.
pub fn locator(document: &Document) -> &str {
    document.url.as_deref().unwrap_or(&document.source)
}

/// What storing one document did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutOutcome {
    /// The stored (or already present) document.
    pub id: DocumentId,
    /// New, a new version, unchanged, or a linked duplicate.
    pub status: PutStatus,
    /// The events stored with it, in the analysis's order.
    pub events: Vec<EventId>,
}

/// How a stored document relates to what was there before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PutStatus {
    /// First version of a new report.
    New,
    /// A changed page at a known address; the previous version is superseded.
    NewVersion {
        /// The version it replaces.
        previous: DocumentId,
    },
    /// The same text was stored before; nothing was written.
    Unchanged,
    /// Stored as a copy of another report, without events of its own.
    Duplicate {
        /// The report it copies.
        of: DocumentId,
    },
}

/// A document version with its metadata and cleaned report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// The content id.
    pub id: DocumentId,
    /// The URL or source its versions share.
    pub locator: String,
    /// 1 for the first version at this locator.
    pub version: u32,
    /// The newer version that replaced this one, if any.
    pub superseded_by: Option<DocumentId>,
    /// The report this one is a copy of, if any.
    pub duplicate_of: Option<DocumentId>,
    /// Who stored it, when.
    pub provenance: Provenance,
    /// The cleaned report.
    pub document: Document,
    /// The raw page's metadata (its bytes come from `Store::raw_page`).
    pub raw: Option<RawMeta>,
}

/// A raw page without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMeta {
    /// The address it was fetched from.
    pub url: Option<String>,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// The HTTP status.
    pub http_status: Option<u16>,
    /// The content type.
    pub content_type: Option<String>,
    /// Size of the bytes as received.
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

/// A line in a list of documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// The content id.
    pub id: DocumentId,
    /// The URL or source its versions share.
    pub locator: String,
    /// Version number at this locator.
    pub version: u32,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// When it was stored.
    pub stored_at: DateTime<Utc>,
    /// Events stored from it that are still current.
    pub events: u32,
}

/// An analysis as stored with its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnalysis {
    /// The document analysed.
    pub document: DocumentId,
    /// Who analysed it, when.
    pub provenance: Provenance,
    /// The analysis exactly as the extractor gave it.
    pub analysis: Analysis,
}

/// A stored document whose SimHash is close to the one asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearDuplicate {
    /// The stored document.
    pub id: DocumentId,
    /// Hamming distance between the two SimHashes.
    pub distance: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert!(sha256_hex(b"abc").starts_with("ba7816bf8f01cfea"));
    }

    #[test]
    fn locator_prefers_url() {
        let mut doc = Document::new("feed.xml", "text".to_owned());
        assert_eq!(locator(&doc), "feed.xml");
        doc.url = Some("https://example.org/a".to_owned());
        assert_eq!(locator(&doc), "https://example.org/a");
    }
}
