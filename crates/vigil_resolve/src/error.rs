//! The crate's one error type: rule data that does not parse.

/// What can go wrong when reading the resolve stage's rule data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// A line of a rule file has the wrong shape.
    #[error("{file} line {line}: {reason}")]
    Rules {
        /// Which file.
        file: &'static str,
        /// One-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}
