//! The cleaned report every later stage reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A report after cleaning: its metadata and its body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// `sha256:` + the first 16 hex digits of the SHA-256 of `text`.
    pub id: String,
    /// The input as given: a file path, a URL, `-` for stdin.
    pub source: String,
    /// The page's own address, if known.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Author line as printed.
    pub byline: Option<String>,
    /// The outlet that published it ("The Steppe Courier"), when the page or
    /// its source names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Dateline as printed (`BISHKEK, Kyrgyzstan`).
    pub dateline: Option<String>,
    /// Photo captions, each once.
    pub captions: Vec<String>,
    /// The body: paragraphs separated by a blank line.
    pub text: String,
}

impl Document {
    /// A document with `text` and its id, and no metadata.
    pub fn new(source: impl Into<String>, text: String) -> Self {
        Self {
            id: document_id(&text),
            source: source.into(),
            url: None,
            title: None,
            published: None,
            language: None,
            byline: None,
            outlet: None,
            dateline: None,
            captions: Vec::new(),
            text,
        }
    }
}

/// The stable id of a document with this text: `sha256:` and 16 hex digits.
pub fn document_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::with_capacity(23);
    id.push_str("sha256:");
    for byte in &digest[..8] {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_prefix_of_sha256() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223…
        assert_eq!(document_id("abc"), "sha256:ba7816bf8f01cfea");
    }
}
