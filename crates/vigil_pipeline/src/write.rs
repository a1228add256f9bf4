//! The writer: links near-duplicates and stores each batch in one transaction.

use std::collections::VecDeque;
use std::time::Instant;

use vigil_store::minhash::MinHash;
use vigil_store::simhash::distance;
use vigil_store::{DocumentId, NewDocument, PutOutcome, PutStatus, Store};

use crate::minhash::{BatchIndex, Likeness};
use crate::prepare::{Candidate, Prepared, Work};
use crate::progress::Progress;
use crate::{Outcome, PipelineError, Report, Similarity, Summary};

/// A report of this batch already decided, for copies later in the same batch.
struct Hashed {
    hash: u64,
    locator: String,
    root: DocumentId,
}

/// A report of this batch already decided, found by its MinHash bands.
struct Signed {
    locator: String,
    root: DocumentId,
}

/// The reports of this batch already decided, for copies later in the same batch.
#[derive(Default)]
pub(crate) struct Seen {
    hashed: Vec<Hashed>,
    signed: BatchIndex<Signed>,
}

/// Where a stored candidate came from, to report on it.
struct Origin {
    source: String,
    url: Option<String>,
    similarity: Option<Similarity>,
}

/// Owns the per-document callback and the totals; runs on its own thread.
pub(crate) struct Writer<'a, F> {
    pub(crate) store: &'a dyn Store,
    pub(crate) near_distance: u32,
    /// With the clock for the links' provenance: resolve each batch's stored reports.
    pub(crate) resolve: Option<fn() -> chrono::DateTime<chrono::Utc>>,
    pub(crate) on_report: F,
    pub(crate) summary: Summary,
    pub(crate) progress: Progress,
    /// The last batches written: the workers looked for stored originals while these were
    /// still on their way to the store, so copies of their reports are found here.
    pub(crate) recent: VecDeque<Seen>,
}

/// Batches kept in [`Writer::recent`]: more than can be in flight between the workers'
/// lookups and the store (one being prepared, two queued, one being written).
const RECENT_BATCHES: usize = 4;

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
        let mut seen = Seen::default();
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
                        stored_original,
                    } = *candidate;
                    let near = self.original_of(&doc, stored_original, &seen)?;
                    let similarity = near.as_ref().map(|(_, s)| *s);
                    doc.duplicate_of = near.map(|(of, _)| of);
                    remember(&mut seen, &doc);
                    origins.push(Origin {
                        source,
                        url,
                        similarity,
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
        let mut stored = Vec::new();
        for ((origin, doc), outcome) in origins.into_iter().zip(&docs).zip(outcomes) {
            let outcome = match outcome {
                Ok(put) => {
                    if matches!(put.status, PutStatus::New | PutStatus::NewVersion { .. }) {
                        stored.push(put.id.clone());
                    }
                    self.verdict(put, doc, origin.similarity)?
                }
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
        self.recent.push_front(seen);
        self.recent.truncate(RECENT_BATCHES);
        self.summary.timings.store += started.elapsed();
        if let Some(clock) = self.resolve {
            self.resolve_batch(&stored, clock());
        }
        Ok(())
    }

    /// Links the batch's new reports to the stored people and incidents. A failure leaves
    /// the reports stored and is counted, not fatal: `vigil resolve --all` redoes it.
    fn resolve_batch(&mut self, stored: &[DocumentId], at: chrono::DateTime<chrono::Utc>) {
        if stored.is_empty() {
            return;
        }
        let started = Instant::now();
        let _span = tracing::info_span!("resolve", documents = stored.len()).entered();
        let provenance = crate::resolve::resolver_provenance(at);
        match crate::resolve::resolve_documents(self.store, stored, &provenance) {
            Ok(done) => self.summary.links += done.written as u64,
            Err(e) => {
                tracing::warn!("resolving {} stored reports failed: {e}", stored.len());
                self.summary.resolve_failed += 1;
            }
        }
        self.summary.timings.resolve += started.elapsed();
    }

    /// The report a stored document is a copy of, at another address (a changed page at
    /// the same address is a new version, not a copy): among stored reports (looked up by
    /// the worker, `stored`, or here if it could not), else among this batch's and the
    /// last batches' reports.
    fn original_of(
        &self,
        doc: &NewDocument,
        stored: Option<Original>,
        seen: &Seen,
    ) -> Result<Original, PipelineError> {
        let stored = match stored {
            Some(found) => found,
            None => stored_original(self.store, self.near_distance, doc)?,
        };
        if stored.is_some() {
            return Ok(stored);
        }
        Ok(std::iter::once(seen)
            .chain(&self.recent)
            .find_map(|seen| batch_original(doc, seen, self.near_distance)))
    }

    fn verdict(
        &self,
        put: PutOutcome,
        doc: &NewDocument,
        similarity: Option<Similarity>,
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
                similarity: similarity.unwrap_or(Similarity::SimHash { bits: 0 }),
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

/// Lets later documents of the batch find `doc` as their original.
fn remember(seen: &mut Seen, doc: &NewDocument) {
    let own = DocumentId(doc.analysis.document.id.clone());
    let root = doc.duplicate_of.clone().unwrap_or(own);
    let locator = doc.locator().to_owned();
    if let Some(hash) = doc.simhash {
        seen.hashed.push(Hashed {
            hash,
            locator: locator.clone(),
            root: root.clone(),
        });
    }
    if let Some(sig) = &doc.minhash {
        seen.signed.insert(sig.clone(), Signed { locator, root });
    }
}

/// A report's original, with how alike the two are; `None` when it copies nothing.
pub(crate) type Original = Option<(DocumentId, Similarity)>;

/// The stored report `doc` copies: by SimHash within `near_distance` bits, else by MinHash
/// likeness. Runs on the workers (reads only), so the writer does not wait for it.
pub(crate) fn stored_original(
    store: &dyn Store,
    near_distance: u32,
    doc: &NewDocument,
) -> Result<Original, PipelineError> {
    if let Some(found) = stored_simhash_original(store, near_distance, doc)? {
        return Ok(Some(found));
    }
    stored_minhash_original(store, doc)
}

fn stored_simhash_original(
    store: &dyn Store,
    near_distance: u32,
    doc: &NewDocument,
) -> Result<Original, PipelineError> {
    let Some(hash) = doc.simhash else {
        return Ok(None);
    };
    let own = doc.analysis.document.id.as_str();
    for near in store.near_duplicates(hash, near_distance)? {
        if near.id.as_str() == own {
            continue;
        }
        let Some(stored) = store.get_document(&near.id)? else {
            continue;
        };
        if stored.locator != doc.locator() {
            let root = stored.duplicate_of.unwrap_or(stored.id);
            return Ok(Some((
                root,
                Similarity::SimHash {
                    bits: near.distance,
                },
            )));
        }
    }
    Ok(None)
}

/// The most alike stored report that `doc` copies, by MinHash.
fn stored_minhash_original(
    store: &dyn Store,
    doc: &NewDocument,
) -> Result<Original, PipelineError> {
    let Some(sig) = &doc.minhash else {
        return Ok(None);
    };
    let own = doc.analysis.document.id.as_str();
    let locator = doc.locator();
    let copies = |other: &MinHash| Likeness::of(sig, other).is_copy();
    Ok(store
        .minhash_candidates(sig, &copies)?
        .into_iter()
        .filter(|c| c.id.as_str() != own && c.locator != locator)
        .map(|c| {
            let likeness = Likeness::of(sig, &c.signature);
            (c.duplicate_of.unwrap_or(c.id), likeness)
        })
        .filter(|(_, l)| l.is_copy())
        .max_by(|(_, a), (_, b)| a.jaccard.total_cmp(&b.jaccard))
        .map(|(root, l)| (root, minhash_similarity(l))))
}

/// The report of one batch that `doc` copies: nearest by SimHash, else most alike by MinHash.
fn batch_original(doc: &NewDocument, seen: &Seen, near_distance: u32) -> Original {
    let own = doc.analysis.document.id.as_str();
    let locator = doc.locator();
    let by_simhash = doc.simhash.and_then(|hash| {
        seen.hashed
            .iter()
            .map(|h| (h, distance(h.hash, hash)))
            .filter(|(h, d)| *d <= near_distance && h.locator != locator)
            .filter(|(h, _)| h.root.as_str() != own)
            .min_by_key(|(_, d)| *d)
            .map(|(h, bits)| (h.root.clone(), Similarity::SimHash { bits }))
    });
    by_simhash.or_else(|| {
        let sig = doc.minhash.as_ref()?;
        seen.signed
            .candidates(sig)
            .into_iter()
            .filter(|(s, l)| s.locator != locator && s.root.as_str() != own && l.is_copy())
            .max_by(|(_, a), (_, b)| a.jaccard.total_cmp(&b.jaccard))
            .map(|(s, l)| (s.root.clone(), minhash_similarity(l)))
    })
}

fn minhash_similarity(l: Likeness) -> Similarity {
    Similarity::MinHash {
        jaccard: l.jaccard,
        containment: l.containment,
    }
}
