//! `vigil migrate --from A --to B`: a whole store moved to another backend
//! (SQLite ⇄ PostgreSQL) with its history, reviews, links and accounts, then
//! both read back table by table and compared by row counts and checksums.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use vigil_store::transfer::{checksums, copy};

use crate::cli::MigrateArgs;
use crate::store::{open_transfer, printable};

/// Runs `vigil migrate`; fails (exit 1) when the copy differs from its source.
pub fn run(args: &MigrateArgs) -> Result<ExitCode> {
    if args.from == args.to {
        bail!("--from and --to name the same store");
    }
    let started = Instant::now();
    let from = open_transfer(&args.from, true)?;
    let to = open_transfer(&args.to, false)?;
    copy(&*from, &*to)?;
    let copied = started.elapsed();
    let source = checksums(&*from)?;
    let target = checksums(&*to)?;
    let mut differ = 0;
    println!(
        "{:<24} {:>10} {:>10}  checksum",
        "table", "source", "target"
    );
    for (s, t) in source.iter().zip(&target) {
        let same = s == t;
        if !same {
            differ += 1;
        }
        println!(
            "{:<24} {:>10} {:>10}  {}",
            s.table,
            s.rows,
            t.rows,
            if same { &s.checksum[..23] } else { "DIFFERS" }
        );
    }
    let rows: u64 = source.iter().map(|s| s.rows).sum();
    if differ > 0 || source.len() != target.len() {
        eprintln!(
            "vigil migrate: {differ} tables of {} differ from {}",
            printable(&args.to),
            printable(&args.from)
        );
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "vigil migrate: {rows} rows in {} tables copied from {} to {} in {:.1} s; counts and \
         checksums match",
        source.len(),
        printable(&args.from),
        printable(&args.to),
        copied.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
