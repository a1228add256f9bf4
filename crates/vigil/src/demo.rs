//! `vigil demo`: the bundled corpus into a fresh database, its feed fetched over loopback
//! HTTP, then a summary of what was stored.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;
use include_dir::{Dir, include_dir};
use vigil_ingest::{Fetched, RawPage, Source, Validators, content_type_by_name};
use vigil_pipeline::{Outcome, Pipeline, Settings};
use vigil_store::{EventFilter, Role, Store};
use vigil_store_sqlite::SqliteStore;

use crate::cli::DemoArgs;

/// The demo corpus, embedded so that `vigil demo` works from any directory.
static CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data/demo");

/// The name of the admin `vigil demo` creates.
pub const DEMO_ADMIN: &str = "admin";

/// Runs `vigil demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode> {
    let work = std::env::temp_dir().join(format!("vigil-demo-{}", std::process::id()));
    let result = demo(args, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn demo(args: &DemoArgs, work: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(work)?;
    // Only the feed is served from disk; the report files are read from the binary.
    CORPUS
        .get_dir("feed")
        .context("the bundled corpus has no feed/")?
        .extract(work)
        .with_context(|| format!("writing the demo feed to {}", work.display()))?;
    for suffix in ["", "-wal", "-shm"] {
        let mut path = args.db.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
    let listener = TcpListener::bind(args.addr).context("starting the loopback feed server")?;
    let base = format!("http://{}", listener.local_addr()?);
    let feed_dir = work.join("feed");
    let rss = std::fs::read_to_string(feed_dir.join("rss.xml"))?;
    std::fs::write(feed_dir.join("rss.xml"), rss.replace("{{BASE}}", &base))?;
    std::thread::spawn(move || serve_files(&listener, &feed_dir));

    let store =
        SqliteStore::open(&args.db).with_context(|| format!("creating {}", args.db.display()))?;
    let feed = [Source::parse(&format!("{base}/rss.xml"))?];
    eprintln!("vigil demo: feed served at {base}/rss.xml");
    let mut errors = Vec::new();
    let mut note = |report: &vigil_pipeline::Report| {
        if matches!(report.outcome, Outcome::Failed { .. }) {
            errors.push(report.to_string());
        }
    };
    let settings = Settings {
        quiet: false,
        ..Settings::default()
    };
    let pipeline = Pipeline::new(&store, settings);
    let files = pipeline.run_pages(bundled_pages(), &mut note)?;
    let fed = pipeline.run(&feed, &mut note)?;
    print_stored(&store, &args.db)?;
    println!("\nbundled report files:\n{files}\nfeed:\n{fed}");
    for e in &errors {
        println!("error: {e}");
    }
    if !errors.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    // The demo's one account, with a password shown once and stored only hashed.
    let password = vigil_server::auth::generate_password();
    crate::user::add(&store, DEMO_ADMIN, Role::Admin, &password)?;
    let login = format!("Log in as {DEMO_ADMIN} with the password {password} (shown only now)");
    if args.no_serve {
        println!("\n{login}");
        return Ok(ExitCode::SUCCESS);
    }
    let state = crate::serve::state(Arc::new(store))
        .with_access(crate::serve::access(args.web, args.public));
    crate::serve::serve_store(state, args.web, Some(&login))
}

/// The outlet of each bundled file, from the corpus's `MANIFEST.tsv` (columns `file`,
/// `outlet`, …): a plain-text dump does not name its outlet the way a page's metadata does.
fn manifest_outlets() -> std::collections::HashMap<String, String> {
    let Some(manifest) = CORPUS
        .get_file("MANIFEST.tsv")
        .and_then(|f| f.contents_utf8())
    else {
        return std::collections::HashMap::new();
    };
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let file = cols.next()?;
            let outlet = cols.next()?.trim();
            (!outlet.is_empty()).then(|| (file.to_owned(), outlet.to_owned()))
        })
        .collect()
}

/// The bundled report files (`html/`, `text/`), each under its path in the repository,
/// so that a report's source names something a reader can find, not a temporary copy.
fn bundled_pages() -> Vec<Fetched> {
    let now = Utc::now();
    let outlets = manifest_outlets();
    let mut files: Vec<_> = ["html", "text"]
        .into_iter()
        .filter_map(|dir| CORPUS.get_dir(dir))
        .flat_map(|dir| dir.files())
        .collect();
    files.sort_by_key(|file| file.path());
    files
        .into_iter()
        .filter_map(|file| {
            let content_type = content_type_by_name(file.path())?;
            let name = file.path().to_string_lossy();
            Some(Fetched {
                page: RawPage {
                    source: format!("data/demo/{name}"),
                    url: None,
                    content_type: Some(content_type.to_owned()),
                    published: None,
                    bytes: file.contents().to_vec(),
                },
                status: None,
                fetched_at: Some(now),
                final_url: None,
                validators: Validators::default(),
                title: None,
                outlet: outlets.get(name.as_ref()).cloned(),
            })
        })
        .collect()
}

fn print_stored(store: &SqliteStore, db: &Path) -> Result<()> {
    let stats = store.stats()?;
    let facets = store.facets(&EventFilter::default())?;
    println!("\nstored in {}:", db.display());
    println!(
        "  {} documents, {} events, {} entities",
        stats.documents, stats.events, stats.entities
    );
    println!("  events by type:");
    for (kind, n) in &facets.types {
        println!("    {:<14} {n}", kind.as_str());
    }
    let countries: Vec<String> = facets
        .countries
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    println!("  events by country: {}", countries.join(", "));
    Ok(())
}

/// A minimal static file server for the feed and its pages (GET only, loopback only).
fn serve_files(listener: &TcpListener, root: &Path) {
    for stream in listener.incoming().flatten() {
        let _ = answer(stream, root);
    }
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let safe = !path.contains("..");
    let file = root.join(path.trim_start_matches('/'));
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(body) if safe && file.is_file() => {
            let kind = if path.ends_with(".xml") {
                "application/rss+xml"
            } else {
                "text/html; charset=utf-8"
            };
            ("200 OK", body, kind)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}
