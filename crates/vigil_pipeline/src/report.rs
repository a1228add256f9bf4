//! What a run says about each document, and its totals.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use vigil_store::DocumentId;

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The argument it came from (a path, URL, feed or archive).
    pub source: String,
    /// The page's address, when it has one.
    pub url: Option<String>,
    /// The verdict.
    pub outcome: Outcome,
}

/// The verdict on one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored with its analysis.
    Stored {
        /// The stored document.
        id: DocumentId,
        /// The earlier version at the same address that this one supersedes.
        previous: Option<DocumentId>,
        /// Events stored with it.
        events: usize,
    },
    /// The same raw page or the same text is already stored at this address.
    Unchanged {
        /// The stored document.
        id: DocumentId,
    },
    /// The same text is already stored under another address; nothing was written.
    Duplicate {
        /// The stored report it repeats.
        of: DocumentId,
    },
    /// A syndicated copy: kept as evidence and linked to the report it copies, no events.
    NearDuplicate {
        /// The stored copy.
        id: DocumentId,
        /// The report it copies.
        of: DocumentId,
        /// How alike the two are.
        similarity: Similarity,
    },
    /// The server said the page has not changed since the stored version.
    NotModified,
    /// The input could not be read, cleaned or stored.
    Failed {
        /// Why, in one line.
        reason: String,
    },
}

/// How a syndicated copy was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Similarity {
    /// SimHashes this many bits apart.
    SimHash {
        /// Hamming distance.
        bits: u32,
    },
    /// MinHash signatures this alike.
    MinHash {
        /// Estimated Jaccard similarity of the word shingles.
        jaccard: f64,
        /// Estimated share of the shorter report's shingles in the longer one.
        containment: f64,
    },
}

impl fmt::Display for Similarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SimHash { bits } => write!(f, "SimHash {bits} bits apart"),
            Self::MinHash {
                jaccard,
                containment,
            } => write!(
                f,
                "{:.0}% of shingles shared, {:.0}% of the shorter report",
                100.0 * jaccard,
                100.0 * containment
            ),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.url.as_deref().unwrap_or(&self.source);
        match &self.outcome {
            Outcome::Stored {
                id,
                previous: None,
                events,
            } => write!(f, "ok {what}: stored {id}, {events} events"),
            Outcome::Stored {
                id,
                previous: Some(previous),
                events,
            } => write!(
                f,
                "ok {what}: new version {id} of {previous}, {events} events"
            ),
            Outcome::Unchanged { id } => write!(f, "unchanged {what}: {id}"),
            Outcome::Duplicate { of } => write!(f, "duplicate {what}: same text as {of}"),
            Outcome::NearDuplicate { id, of, similarity } => {
                write!(f, "near-duplicate {what}: {id} copies {of} ({similarity})")
            }
            Outcome::NotModified => write!(f, "not modified {what}"),
            Outcome::Failed { reason } => write!(f, "failed {what}: {reason}"),
        }
    }
}

/// Time spent per stage. Clean and extract are summed over worker threads (CPU time, so
/// they can exceed the wall time); store is the writer's wall time, duplicate search included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Cleaning.
    pub clean: Duration,
    /// Extracting.
    pub extract: Duration,
    /// Near-duplicate search and writing.
    pub store: Duration,
    /// Resolving people and incidents against the store (not in [`Timings::shares`]).
    pub resolve: Duration,
    /// The whole run, wall clock.
    pub total: Duration,
}

impl Timings {
    /// Each stage's share of clean + extract + store, in percent.
    pub fn shares(&self) -> [f64; 3] {
        let parts = [self.clean, self.extract, self.store].map(|d| d.as_secs_f64());
        let sum: f64 = parts.iter().sum();
        if sum <= 0.0 {
            return [0.0; 3];
        }
        parts.map(|p| 100.0 * p / sum)
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Documents stored for the first time.
    pub stored: u64,
    /// New versions of documents at known addresses.
    pub new_versions: u64,
    /// Inputs already stored.
    pub unchanged: u64,
    /// Inputs whose text was stored under another address.
    pub duplicates: u64,
    /// Syndicated copies linked to their original.
    pub near_duplicates: u64,
    /// URLs the server said had not changed.
    pub not_modified: u64,
    /// Inputs that failed.
    pub failed: u64,
    /// Feeds read.
    pub feeds: u64,
    /// Events stored.
    pub events: u64,
    /// Cross-report links written by the resolver (see [`crate::resolve`]).
    pub links: u64,
    /// Batches whose resolve failed (their reports are stored; `vigil resolve --all` redoes it).
    pub resolve_failed: u64,
    /// Stage times.
    pub timings: Timings,
}

impl Summary {
    /// Inputs seen (feeds aside).
    pub fn documents(&self) -> u64 {
        self.stored
            + self.new_versions
            + self.unchanged
            + self.duplicates
            + self.near_duplicates
            + self.not_modified
            + self.failed
    }

    /// Inputs per second of wall time.
    pub fn per_second(&self) -> f64 {
        let secs = self.timings.total.as_secs_f64();
        if secs > 0.0 {
            self.documents() as f64 / secs
        } else {
            0.0
        }
    }

    pub(crate) fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Stored {
                previous, events, ..
            } => {
                if previous.is_some() {
                    self.new_versions += 1;
                } else {
                    self.stored += 1;
                }
                self.events += *events as u64;
            }
            Outcome::Unchanged { .. } => self.unchanged += 1,
            Outcome::Duplicate { .. } => self.duplicates += 1,
            Outcome::NearDuplicate { .. } => self.near_duplicates += 1,
            Outcome::NotModified => self.not_modified += 1,
            Outcome::Failed { .. } => self.failed += 1,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.timings;
        let [clean, extract, store] = t.shares();
        writeln!(
            f,
            "{} documents in {:.2} s ({:.0}/s): {} stored, {} new versions, {} unchanged, \
             {} duplicates, {} near-duplicates, {} not modified, {} failed; {} events; {} feeds",
            self.documents(),
            t.total.as_secs_f64(),
            self.per_second(),
            self.stored,
            self.new_versions,
            self.unchanged,
            self.duplicates,
            self.near_duplicates,
            self.not_modified,
            self.failed,
            self.events,
            self.feeds,
        )?;
        write!(
            f,
            "stages: clean {:.2} s ({clean:.0}%), extract {:.2} s ({extract:.0}%), \
             store {:.2} s ({store:.0}%) (clean and extract summed over threads); \
             resolve {:.2} s, {} links",
            t.clean.as_secs_f64(),
            t.extract.as_secs_f64(),
            t.store.as_secs_f64(),
            t.resolve.as_secs_f64(),
            self.links,
        )?;
        if self.resolve_failed > 0 {
            write!(
                f,
                "\n{} batches were stored but not resolved: run `vigil resolve --all`",
                self.resolve_failed
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_shares() {
        let mut s = Summary::default();
        s.count(&Outcome::Stored {
            id: DocumentId::from("sha256:0"),
            previous: None,
            events: 3,
        });
        s.count(&Outcome::Failed {
            reason: "empty".into(),
        });
        assert_eq!((s.stored, s.failed, s.events, s.documents()), (1, 1, 3, 2));
        s.timings = Timings {
            clean: Duration::from_secs(1),
            extract: Duration::from_secs(2),
            store: Duration::from_secs(1),
            resolve: Duration::from_secs(1),
            total: Duration::from_secs(2),
        };
        assert_eq!(s.timings.shares(), [25.0, 50.0, 25.0]);
        assert!((s.per_second() - 1.0).abs() < 1e-9);
        assert!(s.to_string().contains("2 documents"));
    }
}
