//! The runner: local sources read in order, URLs and feed items fetched concurrently (bounded
//! overall and per host), every outcome handed to the caller as soon as it is known.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use reqwest::Client;
use tokio::sync::Semaphore;
use vigil_model::RawPage;

use crate::found::Found;
use crate::http::{self, Answer};
use crate::{Fetched, IngestError, IngestSettings, Item, Source, Validators, feed, local, sniff};

/// Looks up the validators the store kept for a URL, so that an unchanged page is not
/// fetched again. `&|_| None` when there is no store. It is called on the thread that drives
/// the run, so it need not be `Sync` (a database connection will do).
pub type KnownValidators<'a> = dyn Fn(&str) -> Option<Validators> + 'a;

/// Reads sources into pages. Cheap to create; holds only its settings.
#[derive(Debug, Clone, Default)]
pub struct Ingester {
    settings: IngestSettings,
}

/// One URL to fetch, with what is already known about it.
#[derive(Debug)]
struct Job {
    url: String,
    source: String,
    /// A URL given by the user may be a feed; a feed's item links are always pages.
    may_be_feed: bool,
    title: Option<String>,
    published: Option<NaiveDate>,
}

impl Ingester {
    /// An ingester with these settings.
    pub fn new(settings: IngestSettings) -> Self {
        Self { settings }
    }

    /// The settings in use.
    pub fn settings(&self) -> &IngestSettings {
        &self.settings
    }

    /// Reads every source, blocking, and calls `on_item` once per page, feed, "not modified"
    /// or error, on the calling thread, as each one is known. Local sources come first in the
    /// order given (directories in sorted path order), then network results as they complete.
    ///
    /// `on_item` runs between network events: keep it quick (hand heavy work to a channel or a
    /// thread pool). Errors about one input are passed to `on_item`; only a failure to set up
    /// the HTTP client or the runtime ends the run early. Inside an async runtime, call
    /// [`Ingester::run_async`] instead (this returns an error there rather than block it).
    pub fn run(
        &self,
        sources: &[Source],
        known: &KnownValidators<'_>,
        on_item: impl FnMut(Result<Item, IngestError>),
    ) -> Result<(), IngestError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(IngestError::Client {
                reason: "`run` called inside an async runtime; use `run_async` there".to_owned(),
            });
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| IngestError::Client {
                reason: format!("async runtime: {e}"),
            })?;
        runtime.block_on(self.run_async(sources, known, on_item))
    }

    /// [`Ingester::run`] for callers already inside a tokio runtime.
    pub async fn run_async(
        &self,
        sources: &[Source],
        known: &KnownValidators<'_>,
        mut on_item: impl FnMut(Result<Item, IngestError>),
    ) -> Result<(), IngestError> {
        let client = http::client(&self.settings)?;
        let limits = Limits::new(&self.settings);
        let mut jobs = Vec::new();
        for source in sources {
            if let Source::Url(url) = source {
                jobs.push(Job::user(url));
            } else {
                local::read_source(source, &self.settings, &mut |found| {
                    settle(found, &mut jobs, &mut on_item);
                });
            }
        }
        let mut seen = HashSet::new();
        let mut pending = FuturesUnordered::new();
        loop {
            for job in jobs.drain(..) {
                // The same link twice in one run (two feeds, or a feed and the command line)
                // is fetched once.
                if seen.insert(job.url.clone()) {
                    pending.push(self.fetch(&client, &limits, known, job));
                }
            }
            let Some((job, answer)) = pending.next().await else {
                return Ok(());
            };
            let found = answer.and_then(|answer| self.receive(job, answer));
            match found {
                Ok(Received::NotModified(url)) => on_item(Ok(Item::NotModified { url })),
                Ok(Received::Found(found)) => settle(Ok(*found), &mut jobs, &mut on_item),
                Err(e) => on_item(Err(e)),
            }
        }
    }

    async fn fetch(
        &self,
        client: &Client,
        limits: &Limits,
        known: &KnownValidators<'_>,
        job: Job,
    ) -> (Job, Result<Answer, IngestError>) {
        let host = limits.host(&job.url);
        // The semaphores are never closed, so acquiring cannot fail; the host permit is taken
        // first so that a queue for one busy host does not hold global slots.
        let _host_permit = host.acquire_owned().await.ok();
        let _global_permit = limits.global.acquire().await.ok();
        let validators = known(&job.url).unwrap_or_default();
        let answer = http::get(client, &job.url, &validators, &self.settings).await;
        (job, answer)
    }

    fn receive(&self, job: Job, answer: Answer) -> Result<Received, IngestError> {
        let body = match answer {
            Answer::NotModified => return Ok(Received::NotModified(job.url)),
            Answer::Body(body) => body,
        };
        let feed_type = body
            .content_type
            .as_deref()
            .is_some_and(sniff::is_feed_type);
        if job.may_be_feed && (feed_type || sniff::is_feed(&body.bytes)) {
            let parsed = feed::parse(&body.bytes, &job.url, Some(&body.final_url))?;
            return Ok(Received::Found(Box::new(Found::feed(
                job.url,
                parsed,
                body.validators,
            ))));
        }
        let final_url = (body.final_url != job.url).then_some(body.final_url);
        Ok(Received::Found(Box::new(Found::Page(Fetched {
            page: RawPage {
                source: job.source,
                url: Some(job.url),
                content_type: body.content_type,
                published: job.published,
                bytes: body.bytes,
            },
            status: Some(body.status),
            fetched_at: Some((self.settings.clock)()),
            final_url,
            validators: body.validators,
            title: job.title,
            outlet: None,
        }))))
    }
}

enum Received {
    Found(Box<Found>),
    NotModified(String),
}

/// Turns a page into an item, or a feed into an item plus a job per linked page.
fn settle(
    found: Result<Found, IngestError>,
    jobs: &mut Vec<Job>,
    on_item: &mut impl FnMut(Result<Item, IngestError>),
) {
    match found {
        Ok(Found::Page(page)) => on_item(Ok(Item::Page(Box::new(page)))),
        Ok(Found::Feed { read, links }) => {
            let feed_url = read.url.clone();
            on_item(Ok(Item::Feed(read)));
            for link in links {
                match link {
                    Ok(link) => jobs.push(Job {
                        url: link.url,
                        source: feed_url.clone(),
                        may_be_feed: false,
                        title: link.title,
                        published: link.published,
                    }),
                    Err(e) => on_item(Err(e)),
                }
            }
        }
        Err(e) => on_item(Err(e)),
    }
}

impl Job {
    fn user(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            source: url.to_owned(),
            may_be_feed: true,
            title: None,
            published: None,
        }
    }
}

/// The concurrency bounds of one run: one semaphore overall, one per host and port.
struct Limits {
    global: Semaphore,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Limits {
    fn new(settings: &IngestSettings) -> Self {
        Self {
            global: Semaphore::new(settings.max_concurrent.max(1)),
            per_host: settings.max_per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, url: &str) -> Arc<Semaphore> {
        let key = reqwest::Url::parse(url)
            .map(|u| {
                format!(
                    "{}:{}",
                    u.host_str().unwrap_or_default(),
                    u.port_or_known_default().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            hosts
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host))),
        )
    }
}
