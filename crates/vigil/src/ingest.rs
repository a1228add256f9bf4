//! `vigil ingest`: sources into the store, a line per document, a summary at the end; or,
//! with a PostgreSQL store, sources into its work queue (`--enqueue`) and workers that
//! process the queue (`--worker`).

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use vigil_ingest::Source;
use vigil_pipeline::{Outcome, Pipeline, Settings, Summary};
use vigil_store_postgres::{PostgresStore, is_postgres_url, redacted_url};

use crate::cli::IngestArgs;

/// Runs `vigil ingest`; fails (exit 1) when any input failed.
pub fn run(args: &IngestArgs) -> Result<ExitCode> {
    if args.enqueue || args.worker {
        return queue(args);
    }
    let sources = args
        .sources
        .iter()
        .map(|s| Source::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let store = crate::store::open_store(&args.db)?;
    let quiet = args.quiet;
    let summary = Pipeline::new(&*store, settings(args)).run(&sources, |report| {
        if matches!(report.outcome, Outcome::Failed { .. }) {
            eprintln!("{report}");
        } else if !quiet {
            println!("{report}");
        }
    })?;
    eprintln!("{summary}");
    Ok(exit(summary.failed))
}

fn settings(args: &IngestArgs) -> Settings {
    Settings {
        db_url: args.db.clone(),
        published: args.published,
        quiet: args.quiet,
        threads: args.threads,
        batch_size: args.batch_size,
        resolve: !args.no_resolve,
        ..Settings::default()
    }
}

fn exit(failed: u64) -> ExitCode {
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `--enqueue` and `--worker`, which need the queue of a PostgreSQL store.
fn queue(args: &IngestArgs) -> Result<ExitCode> {
    if !is_postgres_url(&args.db) {
        bail!("--enqueue and --worker need a PostgreSQL store (--db postgres://…)");
    }
    let store = PostgresStore::open_url(&args.db)
        .with_context(|| format!("opening the store {}", redacted_url(&args.db)))?;
    if args.enqueue {
        for source in &args.sources {
            Source::parse(source)?;
        }
        let added = store.enqueue(&args.sources, Utc::now())?;
        eprintln!(
            "vigil ingest: {added} of {} sources queued",
            args.sources.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    work(&store, args)
}

/// This worker's name in the queue: host and process.
fn worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}/{}", std::process::id())
}

/// Claims and ingests sources until the queue has none pending.
fn work(store: &PostgresStore, args: &IngestArgs) -> Result<ExitCode> {
    let worker = worker_name();
    let lease = Duration::from_secs(args.lease_seconds.max(1));
    let pipeline = Pipeline::new(store, settings(args));
    let quiet = args.quiet;
    let mut total = Summary::default();
    let (mut items, mut failed_items) = (0u64, 0u64);
    loop {
        let claimed = store.claim(&worker, args.claim.max(1), lease)?;
        if claimed.is_empty() {
            let counts = store.queue_counts()?;
            if counts.pending == 0 {
                break;
            }
            // Pending sources held by other workers: wait in case a lease expires.
            if counts.pending == counts.leased {
                std::thread::sleep(lease.min(Duration::from_secs(1)));
            }
            continue;
        }
        let mut failures: HashMap<String, String> = HashMap::new();
        let mut sources = Vec::with_capacity(claimed.len());
        for item in &claimed {
            match Source::parse(&item.source) {
                Ok(source) => sources.push(source),
                Err(e) => {
                    failures.insert(item.source.clone(), e.to_string());
                }
            }
        }
        let summary = pipeline.run(&sources, |report| {
            if let Outcome::Failed { reason } = &report.outcome {
                eprintln!("{report}");
                failures
                    .entry(report.source.clone())
                    .or_insert_with(|| reason.clone());
            } else if !quiet {
                println!("{report}");
            }
        })?;
        let (mut done, mut failed) = (Vec::new(), Vec::new());
        for item in &claimed {
            match failures.get(&item.source) {
                Some(reason) => failed.push((item.id, reason.clone())),
                None => done.push(item.id),
            }
        }
        items += claimed.len() as u64;
        failed_items += failed.len() as u64;
        store.finish(&worker, &done, &failed, Utc::now())?;
        add(&mut total, &summary);
    }
    eprintln!("worker {worker}: {items} sources ({failed_items} failed); {total}");
    Ok(exit(total.failed))
}

/// Adds a claim's counts to the worker's.
fn add(total: &mut Summary, more: &Summary) {
    total.stored += more.stored;
    total.new_versions += more.new_versions;
    total.unchanged += more.unchanged;
    total.duplicates += more.duplicates;
    total.near_duplicates += more.near_duplicates;
    total.not_modified += more.not_modified;
    total.failed += more.failed;
    total.feeds += more.feeds;
    total.events += more.events;
    total.timings.clean += more.timings.clean;
    total.timings.extract += more.timings.extract;
    total.timings.store += more.timings.store;
    total.timings.total += more.timings.total;
}
