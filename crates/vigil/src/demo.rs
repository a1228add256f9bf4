//! `vigil demo`: the bundled corpus into a fresh database, its feed fetched over loopback
//! HTTP, then a summary of what was stored.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use include_dir::{Dir, include_dir};
use vigil_ingest::Source;
use vigil_pipeline::{Outcome, Pipeline, Settings};
use vigil_store::{EventFilter, Store};
use vigil_store_sqlite::SqliteStore;

use crate::cli::DemoArgs;

/// The demo corpus, embedded so that `vigil demo` works from any directory.
static CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data/demo");

/// Runs `vigil demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode> {
    let work = std::env::temp_dir().join(format!("vigil-demo-{}", std::process::id()));
    let result = demo(args, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn demo(args: &DemoArgs, work: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(work)?;
    CORPUS
        .extract(work)
        .with_context(|| format!("writing the demo corpus to {}", work.display()))?;
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
    let sources = [
        Source::parse(&work.join("html").display().to_string())?,
        Source::parse(&work.join("text").display().to_string())?,
        Source::parse(&format!("{base}/rss.xml"))?,
    ];
    eprintln!("vigil demo: feed served at {base}/rss.xml");
    let mut errors = Vec::new();
    let settings = Settings {
        quiet: false,
        ..Settings::default()
    };
    let summary = Pipeline::new(&store, settings).run(&sources, |report| {
        if matches!(report.outcome, Outcome::Failed { .. }) {
            errors.push(report.to_string());
        }
    })?;
    print_stored(&store, &args.db)?;
    println!("\n{summary}");
    for e in &errors {
        println!("error: {e}");
    }
    if !errors.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    let state = crate::serve::state(Arc::new(store));
    crate::serve::serve_store(state, args.web)
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
