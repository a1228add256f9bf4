//! `vigil ingest`: sources into the store, a line per document, a summary at the end.

use std::process::ExitCode;

use anyhow::Result;
use vigil_ingest::Source;
use vigil_pipeline::{Outcome, Pipeline, Settings};

use crate::cli::IngestArgs;

/// Runs `vigil ingest`; fails (exit 1) when any input failed.
pub fn run(args: &IngestArgs) -> Result<ExitCode> {
    let sources = args
        .sources
        .iter()
        .map(|s| Source::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let store = crate::store::open_store(&args.db)?;
    let settings = Settings {
        db_url: args.db.clone(),
        published: args.published,
        quiet: args.quiet,
        threads: args.threads,
        batch_size: args.batch_size,
        ..Settings::default()
    };
    let quiet = args.quiet;
    let summary = Pipeline::new(&*store, settings).run(&sources, |report| {
        if matches!(report.outcome, Outcome::Failed { .. }) {
            eprintln!("{report}");
        } else if !quiet {
            println!("{report}");
        }
    })?;
    eprintln!("{summary}");
    Ok(if summary.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
