//! The run: an ingest thread, batches cleaned and analysed on the worker pool, a writer
//! thread storing them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use vigil_extract::Lexicon;
use vigil_ingest::{Fetched, IngestError, Ingester, Item, Source, Validators};
use vigil_store::{DocumentId, Provenance, Store, sha256_hex};

use crate::prepare::{Prepared, Work, prepare};
use crate::progress::Progress;
use crate::write::{Writer, stored_original};
use crate::{Outcome, PipelineError, Report, Settings, Summary};

/// How long a partial batch waits for more pages before it is processed anyway.
const BATCH_WAIT: Duration = Duration::from_millis(200);

/// Sources → ingest → clean → extract → store, over one store.
pub struct Pipeline<'a> {
    store: &'a dyn Store,
    settings: Settings,
    lexicon: Lexicon,
}

/// What the ingest thread passes on.
enum Input {
    Page(Box<Fetched>),
    Settled(Report),
    Feed,
}

impl<'a> Pipeline<'a> {
    /// A pipeline writing to `store`.
    pub fn new(store: &'a dyn Store, settings: Settings) -> Self {
        Self {
            store,
            settings,
            lexicon: Lexicon::english(),
        }
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reads, analyses and stores every source, calling `on_report` once per input (on the
    /// writer thread, in the order written). One bad input is a failed report; only a
    /// failure to start, or to write a whole batch, is an error.
    pub fn run(
        &self,
        sources: &[Source],
        on_report: impl FnMut(&Report) + Send,
    ) -> Result<Summary, PipelineError> {
        self.run_inputs(|tx, stop| self.ingest(sources, tx, stop), on_report)
    }

    /// Analyses and stores pages already in hand (a page submitted to the web API), as
    /// [`Pipeline::run`] does with the pages it reads.
    pub fn run_pages(
        &self,
        pages: Vec<Fetched>,
        on_report: impl FnMut(&Report) + Send,
    ) -> Result<Summary, PipelineError> {
        let feed = |tx: &SyncSender<Input>, _: &AtomicBool| {
            for page in pages {
                if tx.send(Input::Page(Box::new(page))).is_err() {
                    break;
                }
            }
            Ok(())
        };
        self.run_inputs(feed, on_report)
    }

    /// The stages over whatever `feed` sends, from a thread of its own.
    fn run_inputs(
        &self,
        feed: impl FnOnce(&SyncSender<Input>, &AtomicBool) -> Result<(), PipelineError> + Send,
        on_report: impl FnMut(&Report) + Send,
    ) -> Result<Summary, PipelineError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.settings.threads)
            .start_handler(|_| yield_to_writer())
            .build()
            .map_err(|e| PipelineError::Threads(e.to_string()))?;
        let provenance = Provenance::extractor(env!("CARGO_PKG_VERSION"), (self.settings.clock)());
        let stop = AtomicBool::new(false);
        let (input_tx, input_rx) = mpsc::sync_channel(4 * self.settings.batch_size.max(1));
        let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<Prepared>>(2);
        let mut summary = std::thread::scope(|scope| {
            let stop = &stop;
            // The ingest thread owns the sender: its end is what ends the batching loop.
            let ingest = scope.spawn(move || feed(&input_tx, stop));
            let writer = scope.spawn(move || self.write(batch_rx, on_report, stop));
            let feeds = self.batches(&input_rx, &batch_tx, &pool, &provenance);
            drop(batch_tx);
            drop(input_rx);
            let ingested = join(ingest);
            let mut summary = join(writer)?;
            ingested?;
            summary.feeds = feeds;
            Ok::<_, PipelineError>(summary)
        })?;
        summary.timings.total = started.elapsed();
        Ok(summary)
    }

    /// The ingest thread: every item of every source, as a page or a settled report.
    fn ingest(
        &self,
        sources: &[Source],
        tx: &SyncSender<Input>,
        stop: &AtomicBool,
    ) -> Result<(), PipelineError> {
        let known = |url: &str| known_validators(self.store, url);
        let ingester = Ingester::new(self.settings.ingest.clone());
        ingester.run(sources, &known, |item| {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let input = match item {
                Ok(Item::Page(fetched)) => Input::Page(fetched),
                Ok(Item::NotModified { url }) => Input::Settled(Report {
                    source: url.clone(),
                    url: Some(url),
                    outcome: Outcome::NotModified,
                }),
                Ok(_) => Input::Feed,
                Err(e) => Input::Settled(failed_input(&e)),
            };
            if tx.send(input).is_err() {
                stop.store(true, Ordering::Relaxed);
            }
        })?;
        Ok(())
    }

    /// The calling thread: gathers batches and runs the CPU stages on the pool.
    fn batches(
        &self,
        rx: &Receiver<Input>,
        tx: &SyncSender<Vec<Prepared>>,
        pool: &rayon::ThreadPool,
        provenance: &Provenance,
    ) -> u64 {
        let size = self.settings.batch_size.max(1);
        let mut feeds = 0;
        let mut pages = Vec::with_capacity(size);
        let mut settled = Vec::new();
        loop {
            let (input, done) = match rx.recv_timeout(BATCH_WAIT) {
                Ok(input) => (Some(input), false),
                Err(RecvTimeoutError::Timeout) => (None, false),
                Err(RecvTimeoutError::Disconnected) => (None, true),
            };
            let idle = input.is_none();
            match input {
                Some(Input::Page(page)) => pages.push(*page),
                Some(Input::Settled(report)) => settled.push(Prepared::settled(report)),
                Some(Input::Feed) => feeds += 1,
                None => {}
            }
            let full = pages.len() + settled.len() >= size;
            if full || (idle && !(pages.is_empty() && settled.is_empty())) {
                let mut batch: Vec<Prepared> = std::mem::take(&mut settled);
                batch.extend(pool.install(|| self.prepare_all(&mut pages, provenance)));
                if tx.send(batch).is_err() {
                    return feeds;
                }
            }
            if done {
                return feeds;
            }
        }
    }

    /// The pages of a batch on the workers: those whose bytes are stored are skipped (one
    /// store lookup for the batch), the others cleaned and analysed.
    fn prepare_all(&self, pages: &mut Vec<Fetched>, provenance: &Provenance) -> Vec<Prepared> {
        let hashes: Vec<String> = pages
            .par_iter()
            .map(|fetched| sha256_hex(&fetched.page.bytes))
            .collect();
        let known = match self.store.documents_by_raw_sha256(&hashes) {
            Ok(known) => known,
            Err(e) => {
                let reason = format!("store: {e}");
                return pages.drain(..).map(|f| failed(f, &reason)).collect();
            }
        };
        pages
            .par_drain(..)
            .zip(known)
            .map(|(fetched, known)| match known {
                Some(id) => Prepared::settled(already(&fetched, id)),
                None => self.look_up_original(prepare(
                    fetched,
                    &self.settings,
                    &self.lexicon,
                    provenance,
                )),
            })
            .collect()
    }

    /// Looks for the stored report a prepared page copies, on the worker, so that the single
    /// writer thread only has to store.
    fn look_up_original(&self, mut prepared: Prepared) -> Prepared {
        if let Work::Store(candidate) = &mut prepared.work {
            let found = stored_original(self.store, self.settings.near_distance, &candidate.doc);
            candidate.stored_original = found.ok();
        }
        prepared
    }

    /// The writer thread.
    fn write(
        &self,
        rx: Receiver<Vec<Prepared>>,
        on_report: impl FnMut(&Report),
        stop: &AtomicBool,
    ) -> Result<Summary, PipelineError> {
        let mut writer = Writer {
            store: self.store,
            near_distance: self.settings.near_distance,
            resolve: self.settings.resolve.then_some(self.settings.clock),
            on_report,
            summary: Summary::default(),
            progress: Progress::new(self.settings.quiet),
            recent: VecDeque::new(),
        };
        for batch in rx {
            if let Err(e) = writer.write(batch) {
                stop.store(true, Ordering::Relaxed);
                writer.progress.finish();
                return Err(e);
            }
        }
        writer.progress.finish();
        Ok(writer.summary)
    }
}

/// Lowers the calling worker's priority below the writer's. The writer is the one stage
/// that cannot run in parallel; when the cores are busy, the scheduler otherwise shares
/// them evenly and the writer waits for its turn while the workers prepare batches that
/// then wait for the writer. At the lowest priority the workers still take every cycle the
/// writer leaves. Where priorities cannot be changed the run is only slower.
fn yield_to_writer() {
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
}

fn join<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, PipelineError>>,
) -> Result<T, PipelineError> {
    handle
        .join()
        .map_err(|_| PipelineError::Threads("a pipeline thread panicked".to_owned()))?
}

fn already(fetched: &Fetched, id: DocumentId) -> Report {
    Report {
        source: fetched.page.source.clone(),
        url: fetched.page.url.clone(),
        outcome: Outcome::Unchanged { id },
    }
}

fn failed(fetched: Fetched, reason: &str) -> Prepared {
    Prepared::settled(Report {
        source: fetched.page.source,
        url: fetched.page.url,
        outcome: Outcome::Failed {
            reason: reason.to_owned(),
        },
    })
}

fn failed_input(e: &IngestError) -> Report {
    Report {
        source: String::new(),
        url: None,
        outcome: Outcome::Failed {
            reason: e.to_string(),
        },
    }
}

/// The validators kept with the latest version stored at `url`.
fn known_validators(store: &dyn Store, url: &str) -> Option<Validators> {
    let latest = store.latest_document(url).ok()??;
    let raw = store.raw_page(&latest.id).ok()??;
    let validators = Validators {
        etag: raw.etag,
        last_modified: raw.last_modified,
    };
    (!validators.is_empty()).then_some(validators)
}
