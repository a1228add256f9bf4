//! `vigil serve`: the web UI and the JSON API over a store, until Ctrl-C, with
//! `POST /api/v1/reports` running the ingestion pipeline.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use vigil_ingest::{Fetched, RawPage, Source, Validators};
use vigil_pipeline::{Outcome, Pipeline, Report, Settings};
use vigil_server::{AppState, Ingest, Ingested, Submission};
use vigil_store::{DocumentId, Store};

use crate::cli::ServeArgs;

/// Opens the store named by `--db` and serves it on `--addr`.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let store = crate::store::open_store(&args.db)?;
    if store.list_users()?.is_empty() {
        eprintln!(
            "vigil serve: no users yet; add one with `vigil user add NAME --role admin --db {}`",
            crate::store::printable(&args.db)
        );
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "vigil serve: {} is not a loopback address, so session cookies are sent over HTTPS \
             only: serve through a TLS proxy",
            args.addr.ip()
        );
    }
    let state = state(store).with_access(access(args.addr, args.public));
    serve_store(state, args.addr, None)
}

/// The access settings for a server on `addr`: cookies are `Secure` unless
/// it listens on loopback, where the browser speaks plain HTTP to it (see
/// [`vigil_server::auth`]).
pub fn access(addr: SocketAddr, public: bool) -> vigil_server::auth::Access {
    vigil_server::auth::Access::new(public, !addr.ip().is_loopback())
}

/// The server's state over `store`, with the pipeline behind `POST /api/v1/reports`.
pub fn state(store: Arc<dyn Store>) -> AppState {
    AppState::new(store).with_ingest(Arc::new(PipelineIngest))
}

/// Serves `state` on `addr` until Ctrl-C, logging requests to stderr;
/// `vigil demo` calls this once its corpus is stored, with the line telling
/// how to log in, printed beside the address.
pub fn serve_store(
    state: AppState,
    addr: SocketAddr,
    login: Option<&str>,
) -> anyhow::Result<ExitCode> {
    // A second subscriber (tests, demo after serve) is not an error.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            vigil_server::serve_on(state, listener, |bound| {
                println!("Vigil is serving on http://{bound}/");
                if let Some(login) = login {
                    println!("{login}");
                }
            })
            .await
        })
        .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The pipeline behind `POST /api/v1/reports`: a submitted body is cleaned,
/// extracted and stored as given (under its URL when one comes with it); a
/// URL alone is fetched first, as `vigil ingest URL` would.
pub struct PipelineIngest;

impl Ingest for PipelineIngest {
    fn ingest(&self, store: &dyn Store, submission: &Submission) -> Result<Ingested, String> {
        // The fetcher refuses to block inside the server's runtime, so the run
        // gets a plain thread of its own.
        std::thread::scope(|scope| {
            scope
                .spawn(|| run_submission(store, submission))
                .join()
                .map_err(|_| "the ingest thread panicked".to_owned())?
        })
    }
}

fn run_submission(store: &dyn Store, submission: &Submission) -> Result<Ingested, String> {
    let settings = Settings {
        quiet: true,
        threads: 1,
        published: submission.published,
        ..Settings::default()
    };
    let pipeline = Pipeline::new(store, settings);
    let mut reports = Vec::new();
    let collect = |report: &Report| reports.push(report.clone());
    match (&submission.body, &submission.url) {
        (Some(body), url) => pipeline.run_pages(
            vec![submitted_page(body, url.as_deref(), submission)],
            collect,
        ),
        (None, Some(url)) => {
            let source = Source::parse(url).map_err(|e| e.to_string())?;
            pipeline.run(&[source], collect)
        }
        (None, None) => return Err("give a url, a body, or both".to_owned()),
    }
    .map_err(|e| e.to_string())?;
    stored(store, &reports)
}

/// A submitted body as if it had been read: HTML when it starts with a tag.
fn submitted_page(body: &str, url: Option<&str>, submission: &Submission) -> Fetched {
    let content_type = if body.trim_start().starts_with('<') {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    Fetched {
        page: RawPage {
            source: url.unwrap_or("api:submission").to_owned(),
            url: url.map(str::to_owned),
            content_type: Some(content_type.to_owned()),
            published: submission.published,
            bytes: body.as_bytes().to_vec(),
        },
        status: None,
        fetched_at: Some(Utc::now()),
        final_url: None,
        validators: Validators::default(),
        title: None,
        outlet: None,
    }
}

/// The documents the reports name and their events; every failure is the answer.
fn stored(store: &dyn Store, reports: &[Report]) -> Result<Ingested, String> {
    let failures: Vec<String> = reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Failed { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    if !failures.is_empty() {
        return Err(failures.join("; "));
    }
    let mut done = Ingested {
        documents: Vec::new(),
        events: Vec::new(),
    };
    for report in reports {
        let id = match &report.outcome {
            Outcome::Stored { id, .. }
            | Outcome::Unchanged { id }
            | Outcome::NearDuplicate { id, .. } => id.clone(),
            Outcome::Duplicate { of } => of.clone(),
            Outcome::NotModified => match known(store, report.url.as_deref())? {
                Some(id) => id,
                None => continue,
            },
            Outcome::Failed { .. } => continue,
        };
        let events = store.document_events(&id).map_err(|e| e.to_string())?;
        done.events.extend(events.iter().map(|e| e.id.0));
        done.documents.push(id.0.clone());
    }
    if done.documents.is_empty() {
        return Err("nothing was read from the submission".to_owned());
    }
    Ok(done)
}

/// The latest version stored at `url`, for a page the server says is unchanged.
fn known(store: &dyn Store, url: Option<&str>) -> Result<Option<DocumentId>, String> {
    let Some(url) = url else { return Ok(None) };
    let latest = store.latest_document(url).map_err(|e| e.to_string())?;
    Ok(latest.map(|doc| doc.id))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
    use serde_json::{Value, json};
    use tower::ServiceExt;

    use super::*;

    const PAGE: &str = "<html><head><title>Arrests at the square</title></head><body>\
        <article><h1>Arrests at the square</h1>\
        <p>Police in Almaty detained twelve protesters outside the city hall on 3 March 2026, \
        witnesses said.</p><p>The protesters had gathered to demand the release of a \
        jailed journalist.</p></article></body></html>";

    /// A fresh store with an editor, `aida`, logged in (token `t`, CSRF token `c`).
    fn fresh() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = vigil_store_sqlite::SqliteStore::open(dir.path().join("t.db")).expect("store");
        let aida = crate::user::add(&store, "aida", vigil_store::Role::Editor, "a long password")
            .expect("user");
        let now = Utc::now();
        store
            .start_session(&vigil_store::NewSession {
                token_hash: vigil_store::sha256_hex(b"t"),
                user: aida.id,
                csrf: "c".to_owned(),
                at: now,
                expires: now + chrono::Duration::hours(1),
                replaces: None,
            })
            .expect("session");
        (dir, state(Arc::new(store)))
    }

    async fn post(state: &AppState, body: Value) -> (StatusCode, Value) {
        let request = Request::post("/api/v1/reports")
            .header("content-type", "application/json")
            .header("cookie", "vigil_session=t")
            .header("x-csrf-token", "c")
            .body(Body::from(body.to_string()))
            .expect("request");
        let response = vigil_server::app(state.clone())
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, serde_json::from_slice(&bytes).expect("JSON"))
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    #[test]
    fn a_submitted_page_is_cleaned_extracted_and_stored() {
        let (_dir, state) = fresh();
        let url = "https://news.example/almaty-arrests";
        let (status, answer) =
            runtime().block_on(post(&state, json!({ "url": url, "body": PAGE })));
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let doc = answer["documents"][0].as_str().expect("a document id");
        let stored = state
            .store
            .get_document(&DocumentId(doc.to_owned()))
            .expect("read")
            .expect("stored");
        assert_eq!(stored.locator, url);
        let events = answer["events"].as_array().expect("events");
        assert!(!events.is_empty(), "{answer}");
        let id = vigil_store::EventId(events[0].as_i64().expect("an id"));
        let event = state.store.get_event(id).expect("read").expect("stored");
        assert_eq!(event.event.kind.as_str(), "detention");
        // The same page again is stored once.
        let (again, second) = runtime().block_on(post(&state, json!({ "url": url, "body": PAGE })));
        assert_eq!(again, StatusCode::CREATED);
        assert_eq!(second["documents"], answer["documents"]);
        assert_eq!(state.store.stats().expect("stats").documents, 1);
    }

    /// One-shot HTTP server on loopback answering every request with `PAGE`.
    fn page_server() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    PAGE.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(PAGE.as_bytes());
            }
        });
        format!("http://{addr}/report.html")
    }

    #[test]
    fn a_submitted_url_is_fetched() {
        let (_dir, state) = fresh();
        let url = page_server();
        let (status, answer) = runtime().block_on(post(&state, json!({ "url": url })));
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let doc = answer["documents"][0].as_str().expect("a document id");
        let raw = state
            .store
            .raw_page(&DocumentId(doc.to_owned()))
            .expect("read")
            .expect("raw page kept");
        assert_eq!(raw.bytes, PAGE.as_bytes());
        assert!(!answer["events"].as_array().expect("events").is_empty());
    }

    #[test]
    fn an_unreachable_url_is_a_stable_error() {
        let (_dir, state) = fresh();
        let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/gone", closed.local_addr().expect("addr"));
        drop(closed);
        let (status, answer) = runtime().block_on(post(&state, json!({ "url": url })));
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["code"], "ingest_failed");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}
