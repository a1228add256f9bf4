//! The writer: links near-duplicates and stores each batch in one transaction.

use std::time::Instant;

use vigil_store::simhash::distance;
use vigil_store::{DocumentId, NewDocument, PutOutcome, PutStatus, Store};

use crate::prepare::{Candidate, Prepared, Work};
use crate::progress::Progress;
use crate::{Outcome, PipelineError, Report, Summary};

/// A report of this batch already decided, for copies later in the same batch.
struct Hashed {
    hash: u64,
    locator: String,
    root: DocumentId,
}

/// Where a stored candidate came from, to report on it.
struct Origin {
    source: String,
    url: Option<String>,
    distance: u32,
}

/// Owns the per-document callback and the totals; runs on its own thread.
pub(crate) struct Writer<'a, F> {
    pub(crate) store: &'a dyn Store,
    pub(crate) near_distance: u32,
    pub(crate) on_report: F,
    pub(crate) summary: Summary,
    pub(crate) progress: Progress,
}

impl<F: FnMut(&Report)> Writer<'_, F> {
    /// Reports a settled input.
    pub(crate) fn emit(&mut self, report: &Report) {
        self.summary.count(&report.outcome);
        (self.on_report)(report);
        self.progress.update(&self.summary);
    }

    /// Stores one batch; only a failure of the whole batch is an error.
    pub(crate) fn write(&mut self, batch: Vec<Prepared>) -> Result<(), PipelineError> {
        let started = Instant::now();
        let mut docs = Vec::new();
        let mut origins = Vec::new();
        let mut hashed = Vec::new();
        for prepared in batch {
            self.summary.timings.clean += prepared.clean;
            self.summary.timings.extract += prepared.extract;
            match prepared.work {
                Work::Settled(report) => self.emit(&report),
                Work::Store(candidate) => {
                    let Candidate {
                        source,
                        url,
                        mut doc,
                    } = *candidate;
                    let near = self.original_of(&doc, &hashed)?;
                    let distance = near.as_ref().map_or(0, |(_, d)| *d);
                    doc.duplicate_of = near.map(|(of, _)| of);
                    if let Some(hash) = doc.simhash {
                        let own = DocumentId(doc.analysis.document.id.clone());
                        hashed.push(Hashed {
                            hash,
                            locator: doc.locator().to_owned(),
                            root: doc.duplicate_of.clone().unwrap_or(own),
                        });
                    }
                    origins.push(Origin {
                        source,
                        url,
                        distance,
                    });
                    docs.push(doc);
                }
            }
        }
        let outcomes = if docs.is_empty() {
            Vec::new()
        } else {
            let _span = tracing::info_span!("store", documents = docs.len()).entered();
            self.store.put_documents(&docs)?
        };
        for ((origin, doc), outcome) in origins.into_iter().zip(&docs).zip(outcomes) {
            let outcome = match outcome {
                Ok(put) => self.verdict(put, doc, origin.distance)?,
                Err(e) => Outcome::Failed {
                    reason: format!("store: {e}"),
                },
            };
            let report = Report {
                source: origin.source,
                url: origin.url,
                outcome,
            };
            self.emit(&report);
        }
        self.summary.timings.store += started.elapsed();
        Ok(())
    }

    /// The report a stored document is a copy of: within `near_distance` bits, at another
    /// address (a changed page at the same address is a new version, not a copy).
    fn original_of(
        &self,
        doc: &NewDocument,
        batch: &[Hashed],
    ) -> Result<Option<(DocumentId, u32)>, PipelineError> {
        let Some(hash) = doc.simhash else {
            return Ok(None);
        };
        let own = doc.analysis.document.id.as_str();
        let locator = doc.locator();
        for near in self.store.near_duplicates(hash, self.near_distance)? {
            if near.id.as_str() == own {
                continue;
            }
            let Some(stored) = self.store.get_document(&near.id)? else {
                continue;
            };
            if stored.locator != locator {
                let root = stored.duplicate_of.unwrap_or(stored.id);
                return Ok(Some((root, near.distance)));
            }
        }
        Ok(batch
            .iter()
            .map(|h| (h, distance(h.hash, hash)))
            .filter(|(h, d)| *d <= self.near_distance && h.locator != locator)
            .filter(|(h, _)| h.root.as_str() != own)
            .min_by_key(|(_, d)| *d)
            .map(|(h, d)| (h.root.clone(), d)))
    }

    fn verdict(
        &self,
        put: PutOutcome,
        doc: &NewDocument,
        distance: u32,
    ) -> Result<Outcome, PipelineError> {
        Ok(match put.status {
            PutStatus::New => Outcome::Stored {
                id: put.id,
                previous: None,
                events: put.events.len(),
            },
            PutStatus::NewVersion { previous } => Outcome::Stored {
                id: put.id,
                previous: Some(previous),
                events: put.events.len(),
            },
            PutStatus::Duplicate { of } => Outcome::NearDuplicate {
                id: put.id,
                of,
                distance,
            },
            PutStatus::Unchanged => {
                let stored = self.store.get_document(&put.id)?;
                if stored.is_some_and(|s| s.locator != doc.locator()) {
                    Outcome::Duplicate { of: put.id }
                } else {
                    Outcome::Unchanged { id: put.id }
                }
            }
        })
    }
}
