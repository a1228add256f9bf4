//! Spans of the document text, in Unicode code points, end exclusive.

use serde::{Deserialize, Serialize};

/// A span without its text: a sentence, an evidence sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Range {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// A span with the text it covers: a trigger, a relation's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text between `start` and `end`.
    pub text: String,
}

impl Span {
    /// The span's range without its text.
    pub fn range(&self) -> Range {
        Range {
            start: self.start,
            end: self.end,
        }
    }
}

/// An entity mention, serialised as `[start, end]`.
pub type Mention = (usize, usize);
