//! The CPU stages of one page, run on the worker threads: clean, extract, hash.

use std::time::{Duration, Instant};

use vigil_clean::SiteBlocks;
use vigil_extract::Lexicon;
use vigil_ingest::Fetched;
use vigil_store::{NewDocument, Provenance, RawRecord};

use crate::{Outcome, Report, Settings, minhash, simhash};

/// A page cleaned and analysed, ready for the writer.
#[derive(Debug)]
pub(crate) struct Candidate {
    pub(crate) source: String,
    pub(crate) url: Option<String>,
    pub(crate) doc: NewDocument,
    /// The stored report this one copies, looked up on the worker; `None` if the lookup
    /// failed (the writer tries again).
    pub(crate) stored_original: Option<crate::write::Original>,
}

/// What the workers hand the writer for one input.
#[derive(Debug)]
pub(crate) enum Work {
    /// To be stored.
    Store(Box<Candidate>),
    /// Settled already (failed, unchanged, not modified).
    Settled(Report),
}

/// One input with the time its stages took.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) work: Work,
    pub(crate) clean: Duration,
    pub(crate) extract: Duration,
}

impl Prepared {
    pub(crate) fn settled(report: Report) -> Self {
        Self {
            work: Work::Settled(report),
            clean: Duration::ZERO,
            extract: Duration::ZERO,
        }
    }
}

/// Cleans and analyses one page; a page that cannot be cleaned is a failed report. Blocks
/// that `site` saw on many pages of the page's site are left out as the site's furniture.
pub(crate) fn prepare(
    fetched: Fetched,
    settings: &Settings,
    lexicon: &Lexicon,
    provenance: &Provenance,
    site: Option<&SiteBlocks>,
) -> Prepared {
    let Fetched {
        mut page,
        status,
        fetched_at,
        validators,
        outlet,
        ..
    } = fetched;
    let _span = tracing::info_span!("document", source = %page.source, url = ?page.url).entered();
    page.published = page.published.or(settings.published);
    let source = page.source.clone();
    let url = page.url.clone();
    let started = Instant::now();
    let cleaned = vigil_clean::clean_on_site(&page, &settings.clean, site);
    let clean = started.elapsed();
    let document = match cleaned {
        Ok(mut document) => {
            if document.outlet.is_none() {
                document.outlet = outlet;
            }
            document
        }
        Err(e) => {
            tracing::debug!(error = %e, "clean failed");
            let outcome = Outcome::Failed {
                reason: e.to_string(),
            };
            let mut prepared = Prepared::settled(Report {
                source,
                url,
                outcome,
            });
            prepared.clean = clean;
            return prepared;
        }
    };
    let started = Instant::now();
    let analysis = vigil_extract::extract(&document, lexicon);
    let words = simhash::words(&analysis.document.text);
    let hash = simhash::of_words(&words);
    let signature = minhash::of_words(&words);
    let extract = started.elapsed();
    tracing::debug!(events = analysis.events.len(), "analysed");
    let raw = RawRecord {
        url: page.url.clone(),
        fetched_at: fetched_at.unwrap_or_else(settings.clock),
        http_status: status,
        content_type: page.content_type.take(),
        etag: validators.etag,
        last_modified: validators.last_modified,
        bytes: std::mem::take(&mut page.bytes),
    };
    let mut doc = NewDocument::new(analysis, provenance.clone());
    doc.raw = Some(raw);
    doc.simhash = hash;
    doc.minhash = signature;
    Prepared {
        work: Work::Store(Box::new(Candidate {
            source,
            url,
            doc,
            stored_original: None,
        })),
        clean,
        extract,
    }
}
