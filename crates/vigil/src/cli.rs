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
    /// Read sources (files, directories, URLs, feeds, WARC) into the store.
    Ingest(IngestArgs),
    /// Link people and incidents across stored reports (ingest does it for new reports).
    Resolve(ResolveArgs),
    /// Search stored events.
    Search(SearchArgs),
    /// Show one stored event or document.
    #[command(subcommand)]
    Show(ShowCommand),
    /// Export stored events.
    Export(ExportArgs),
    /// Serve the web UI and the JSON API over a store, until Ctrl-C.
    Serve(ServeArgs),
    /// Ingest the bundled sample reports and serve the web UI.
    Demo(DemoArgs),
    /// Manage the users who may log in to the web UI and the API.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a consistent copy of a store, also while a server is writing to it.
    Backup(BackupArgs),
    /// Replace a store by a backup, after checking the backup is sound.
    Restore(RestoreArgs),
    /// Move a whole store to another backend (SQLite ⇄ PostgreSQL), checked by counts and checksums.
    Migrate(MigrateArgs),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The store to copy: `sqlite:PATH`, a path, or `postgres://…`.
    #[arg(long, value_name = "URL")]
    pub from: String,
    /// The empty store to fill: a new SQLite file or an empty PostgreSQL database.
    #[arg(long, value_name = "URL")]
    pub to: String,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (replaced only once the new backup is complete).
    pub file: PathBuf,
    /// The store to copy.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
    pub db: String,
    /// Encrypt with age to a passphrase read from the first line of standard input.
    #[arg(long, conflicts_with = "recipients")]
    pub passphrase_stdin: bool,
    /// Encrypt with age to this public key (`age1…`); repeatable.
    #[arg(long = "recipient", value_name = "AGE_PUBKEY")]
    pub recipients: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore.
    pub file: PathBuf,
    /// The store to replace (refused while a server has it open).
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
    pub db: String,
    /// The backup is encrypted to a passphrase: read it from the first line of standard input.
    #[arg(long, conflicts_with = "identity")]
    pub passphrase_stdin: bool,
    /// The backup is encrypted to a public key: its age secret key is in this file.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is asked for twice on the terminal, or read from stdin.
    Add {
        /// The login name (letters, digits, '.', '_', '-', '@').
        name: String,
        /// What the user may do: viewer (read everything), editor (also review, edit,
        /// submit) or admin (also metrics).
        #[arg(long, value_parser = ["viewer", "editor", "admin"])]
        role: String,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long)]
        password_stdin: bool,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
    /// List the users with their roles and states.
    List {
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Disable a user: no more logins, and their sessions end at once.
    Disable {
        /// The login name.
        name: String,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Enable a disabled user again.
    Enable {
        /// The login name.
        name: String,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
    /// Give a user a new password (asked for, or read from stdin); lifts a
    /// lockout and ends their sessions.
    Reset {
        /// The login name.
        name: String,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long)]
        password_stdin: bool,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
}

/// The store's default URL.
pub const DEFAULT_DB: &str = "sqlite:vigil.db";

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories, `http(s)` URLs (pages or RSS/Atom feeds), WARC files.
    #[arg(required_unless_present = "worker")]
    pub sources: Vec<String>,
    /// Add the sources to the work queue of a PostgreSQL store instead of reading them;
    /// `vigil ingest --worker` processes on any machine then share them.
    #[arg(long, conflicts_with = "worker")]
    pub enqueue: bool,
    /// Process the work queue of a PostgreSQL store until it is empty: claim sources under
    /// a lease, ingest them, mark them done. A worker that dies loses nothing: its lease
    /// expires and another worker takes the sources over.
    #[arg(long, conflicts_with = "sources")]
    pub worker: bool,
    /// Sources a worker claims at a time.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub claim: u32,
    /// How long a claim holds, in seconds: longer than a claim takes to ingest.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub lease_seconds: u64,
    /// The store.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
    pub db: String,
    /// Publication date for pages that give none (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<NaiveDate>,
    /// No progress bar and no per-document lines; failures and the summary still go to stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Threads for cleaning and extracting (0: every core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Documents per write transaction.
    #[arg(long, default_value_t = 512)]
    pub batch_size: usize,
    /// Do not link the new reports' people and incidents to the stored ones (run
    /// `vigil resolve --all` later).
    #[arg(long)]
    pub no_resolve: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Recompute every link from every current report; reviewers' merges and splits are kept.
    #[arg(
        long,
        conflicts_with = "documents",
        required_unless_present = "documents"
    )]
    pub all: bool,
    /// Resolve these stored documents (`sha256:…`) against the stored reports.
    #[arg(value_name = "DOCUMENT_ID")]
    pub documents: Vec<String>,
    /// The store.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
    pub db: String,
}

/// Filters over stored events, shared by `search` and `export`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Event type (repeatable): protest, detention, sentence…
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// ISO 3166-1 alpha-2 country code (repeatable).
    #[arg(long = "country", value_name = "CC")]
    pub countries: Vec<String>,
    /// Place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Events on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Events on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// A person taking part.
    #[arg(long)]
    pub person: Option<String>,
    /// An organisation taking part.
    #[arg(long = "org", value_name = "ORG")]
    pub organization: Option<String>,
    /// Review state (repeatable): proposed, accepted, edited, rejected.
    #[arg(long, value_name = "STATE")]
    pub review: Vec<String>,
    /// The store.
    #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
    pub db: String,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find in events and their reports (`"a phrase"`, `prefix*`); empty for all.
    pub query: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
    pub format: SearchFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ShowCommand {
    /// An event with its evidence sentences and its history.
    Event {
        /// The event id.
        id: i64,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
    /// A document: its metadata, text, events and versions.
    Document {
        /// The document id (`sha256:…`).
        id: String,
        /// Write the raw page as fetched, byte for byte, to standard output.
        #[arg(long)]
        raw: bool,
        /// The store.
        #[arg(long, value_name = "URL", default_value = DEFAULT_DB)]
        db: String,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Words to find, as in `search`.
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Acled,
    Geojson,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The database to create (an old one is removed first).
    #[arg(long, value_name = "PATH", default_value = "vigil-demo.db")]
    pub db: PathBuf,
    /// Where the loopback server for the demo feed listens.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// Where the web UI listens once the corpus is stored; port 0 picks a free one.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub web: std::net::SocketAddr,
    /// Store the corpus, print the summary and exit without serving the web UI.
    #[arg(long)]
    pub no_serve: bool,
    /// Also show accepted events, read-only, to anyone without a login.
    #[arg(long)]
    pub public: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store: `sqlite:PATH`, a plain path, or `postgres://…`.
    #[arg(long, value_name = "URL", default_value = "sqlite:vigil.db")]
    pub db: String,
    /// The address to listen on; port 0 picks a free one. Off loopback, put a
    /// TLS proxy in front: session cookies are then sent over HTTPS only.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Also show accepted events, read-only, to anyone without a login.
    #[arg(long)]
    pub public: bool,
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
    /// Score the extract stage on protest-notes (document labels), as its score.py does.
    Notes(EvalNotesArgs),
    /// Score the people and organisations of the extract stage on names-dev, as its score.py does.
    Names(EvalNamesArgs),
    /// Score the resolve stage (people and incidents across reports) on a gold directory.
    Resolve(EvalResolveArgs),
}

#[derive(Debug, Args)]
pub struct EvalResolveArgs {
    /// The gold directory: `reports.jsonl`, one synthetic report a line with `id`, `published`,
    /// `text`, `people` (name → person) and `events` (type and incident); see its README.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Also write the analyses, one vigil.analysis/1 object per report, to FILE.
    #[arg(long, value_name = "FILE")]
    pub predictions_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalNotesArgs {
    /// The gold file: one JSON object per line with `id`, `text` and `labels`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Which half to score: `tune` (rules and models are tuned on it), `check` (never tuned
    /// on) or `all`. The halves are fixed by a hash of each note's id.
    #[arg(long, value_enum, default_value_t = NotesPart::All)]
    pub part: NotesPart,
    /// Also write the predictions, one vigil.analysis/1 object per scored line, to FILE.
    #[arg(long, value_name = "FILE")]
    pub predictions_out: Option<PathBuf>,
}

/// A fixed half of a gold set (the protest notes, the pages of a clean set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NotesPart {
    /// Every note.
    All,
    /// The half rules and models are tuned on.
    Tune,
    /// The half only ever scored.
    Check,
}

#[derive(Debug, Args)]
pub struct EvalNamesArgs {
    /// The gold file: one JSON object per line with `text` and `names`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Also write the predictions, one vigil.analysis/1 object per gold line, to FILE.
    #[arg(long, value_name = "FILE")]
    pub predictions_out: Option<PathBuf>,
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
    /// A set in the benchmark's layout: `html/<id>.html.gz` and `ground-truth.json`
    /// (the article-extraction benchmark, `clean-dev/dragnet`, `clean-dev/readability`).
    /// Repeat to score several sets in one run, each with its own figures.
    #[arg(long, value_name = "DIR", required = true)]
    pub bench: Vec<PathBuf>,
    /// Also print each page's precision, recall and F1, worst first.
    #[arg(long)]
    pub per_page: bool,
    /// Print the N pages of each set with the lowest F1.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub worst: usize,
    /// Which pages of each set to clean and score: `tune` (rules are tuned on its errors),
    /// `check` (only ever scored) or `all`. The halves are fixed by FNV-1a of the page's id
    /// (its file name without `.html.gz`): even is `tune`, odd is `check`.
    #[arg(long, value_enum, default_value_t = NotesPart::All)]
    pub part: NotesPart,
    /// Clean each page on its own. By default the set's pages are first read once to learn
    /// the blocks each site repeats on many of its pages (furniture: "about" blurbs, author
    /// boxes, footers), as when a crawl ingests several pages of a site; that pass is timed.
    #[arg(long)]
    pub single: bool,
    /// Write each page's extracted text to DIR/<set>/<id>.txt (for looking at the worst pages).
    #[arg(long, value_name = "DIR")]
    pub dump: Option<PathBuf>,
}
