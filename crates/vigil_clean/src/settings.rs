//! What the caller may set for the clean stage.

/// Settings of [`crate::clean`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanSettings {
    /// Inputs larger than this many bytes are refused (memory stays bounded).
    pub max_bytes: usize,
    /// Take the decoded input verbatim as the document text: no cleaning.
    pub raw_text: bool,
}

impl CleanSettings {
    /// The default input cap: 16 MiB, far above any real article page.
    pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;
}

impl Default for CleanSettings {
    fn default() -> Self {
        Self {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            raw_text: false,
        }
    }
}
