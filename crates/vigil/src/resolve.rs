//! `vigil resolve`: link people and incidents across the stored reports, all of them
//! (`--all`, keeping reviewers' decisions) or the documents named.

use std::process::ExitCode;
use std::time::Instant;

use vigil_pipeline::resolve::{resolve_all, resolve_documents, resolver_provenance};
use vigil_store::DocumentId;

use crate::cli::ResolveArgs;

pub fn run(args: &ResolveArgs) -> anyhow::Result<ExitCode> {
    let store = crate::store::open_store(&args.db)?;
    let provenance = resolver_provenance(chrono::Utc::now());
    let started = Instant::now();
    let done = if args.all {
        resolve_all(&*store, &provenance)?
    } else {
        let ids: Vec<DocumentId> = args
            .documents
            .iter()
            .map(|d| DocumentId(d.clone()))
            .collect();
        for id in &ids {
            if store.get_document(id)?.is_none() {
                anyhow::bail!("no stored document {id}");
            }
        }
        resolve_documents(&*store, &ids, &provenance)?
    };
    println!(
        "resolved {} reports in {:.2} s: {} people, {} incidents; {} links written, \
         {} withdrawn, {} left as reviewers decided",
        done.reports,
        started.elapsed().as_secs_f64(),
        done.people,
        done.incidents,
        done.written,
        done.withdrawn,
        done.skipped,
    );
    Ok(ExitCode::SUCCESS)
}
