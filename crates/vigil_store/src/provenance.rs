//! Who made a stored fact and when: every version carries one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The author and time of one stored version.
///
/// The time is an input, never read from the clock by the store, so that
/// imports and tests are reproducible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `extractor@<version>` for machine proposals, else a user name.
    pub author: String,
    /// When the version was made.
    pub at: DateTime<Utc>,
}

impl Provenance {
    /// A machine proposal by the extractor of `version`.
    pub fn extractor(version: &str, at: DateTime<Utc>) -> Self {
        Self {
            author: format!("extractor@{version}"),
            at,
        }
    }

    /// A change made by the user `name`.
    pub fn user(name: &str, at: DateTime<Utc>) -> Self {
        Self {
            author: name.to_owned(),
            at,
        }
    }

    /// Whether the author is the extractor rather than a person.
    pub fn is_machine(&self) -> bool {
        self.author.starts_with("extractor@")
    }
}
