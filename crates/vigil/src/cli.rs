//! Command-line arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

/// Vigil turns news reports about protests and repression into a sourced record.
#[derive(Debug, Parser)]
#[command(name = "vigil", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean and analyse reports; print one vigil.analysis/1 JSON object per input, one per line.
    Extract(ExtractArgs),
    /// Measure a stage against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Serve the web UI and the JSON API over a store, until Ctrl-C.
    Serve(ServeArgs),
    /// Ingest the bundled sample reports and serve the web UI.
    Demo,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store: `sqlite:PATH`, or a plain path.
    #[arg(long, value_name = "URL", default_value = "sqlite:vigil.db")]
    pub db: String,
    /// The address to listen on; port 0 picks a free one.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to read; `-` (or nothing) reads standard input.
    pub inputs: Vec<String>,
    /// Publication date to use when the page does not give one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<NaiveDate>,
    /// The page's address, when the input is a saved file.
    #[arg(long)]
    pub url: Option<String>,
    /// Take each input verbatim as the document text (no cleaning), so offsets agree with it.
    #[arg(long)]
    pub raw_text: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = vigil_clean::CleanSettings::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score the clean stage on an article-extraction benchmark.
    Clean(EvalCleanArgs),
    /// Score the extract stage on a gold events file (events-dev), as its score.py does.
    Events(EvalEventsArgs),
}

#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// The gold file: one JSON object per line with `text` and `events`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Also write the predictions, one vigil.analysis/1 object per gold line, to FILE.
    #[arg(long, value_name = "FILE")]
    pub predictions_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalCleanArgs {
    /// The benchmark folder: `html/*.html.gz` and `ground-truth.json`.
    #[arg(long, value_name = "DIR")]
    pub bench: PathBuf,
}
