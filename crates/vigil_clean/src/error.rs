//! Why a page could not be cleaned.

/// A page that yields no document. Each message is one line naming the reason;
/// the caller adds the input's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// Zero bytes, or only white space.
    #[error("empty input")]
    Empty,
    /// Over the size cap.
    #[error("input is {size} bytes, over the limit of {limit} (raise it with --max-bytes)")]
    TooLarge {
        /// Bytes in the input.
        size: usize,
        /// The cap in force.
        limit: usize,
    },
    /// Not text in any encoding we can tell.
    #[error("input looks binary, not text or HTML")]
    Binary,
    /// A charset label we do not know, with no way to guess.
    #[error("unknown character encoding {0:?}")]
    UnknownEncoding(String),
    /// Markup nested so deeply that parsing it would take quadratic time.
    #[error("markup nested deeper than {limit} levels")]
    TooDeep {
        /// The nesting depth allowed.
        limit: usize,
    },
    /// Text was there, but no article body.
    #[error("no article body found")]
    NoBody,
}
