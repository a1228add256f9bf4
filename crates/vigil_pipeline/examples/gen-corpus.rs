//! Writes synthetic HTML reports for measuring `vigil ingest`:
//! `cargo run -p vigil_pipeline --example gen-corpus -- DIR [COUNT] [SEED]`.

use std::path::PathBuf;
use std::process::ExitCode;

use vigil_pipeline::synthetic::Generator;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen-corpus DIR [COUNT] [SEED]");
        return ExitCode::FAILURE;
    };
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    match Generator::new(seed).write_corpus(&dir, count) {
        Ok(paths) => {
            println!("wrote {} reports to {}", paths.len(), dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
