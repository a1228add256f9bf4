//! Router tests over the story corpus in a real SQLite store: every route,
//! its bad parameters (a 400 with a code, never a 500), escaping of report
//! text, and page weight.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vigil_server::{AppState, app};
use vigil_store::testing::{corpus, store_corpus};
use vigil_store::{NewDocument, Store};
use vigil_store_sqlite::SqliteStore;

const EVIL: &str = " An <script>alert('x')</script> and <img src=x onerror=alert(1)> were quoted.";

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
    store: Arc<SqliteStore>,
}

/// The app as the admin `ana` sees it: every request carries her session
/// cookie and CSRF token (the access rules have tests of their own).
fn as_ana(state: AppState, store: &dyn Store) -> Router {
    let now = chrono::Utc::now();
    let ana = store
        .add_user(&vigil_store::NewUser {
            name: "ana".to_owned(),
            role: vigil_store::Role::Admin,
            password_hash: "$argon2id$never-used-here".to_owned(),
            at: now,
        })
        .expect("user added");
    store
        .start_session(&vigil_store::NewSession {
            token_hash: vigil_store::sha256_hex(b"ana-token"),
            user: ana.id,
            csrf: "ana-csrf".to_owned(),
            at: now,
            expires: now + chrono::Duration::hours(1),
            replaces: None,
        })
        .expect("session started");
    app(state).layer(axum::middleware::map_request(
        |mut request: Request<Body>| async move {
            let headers = request.headers_mut();
            headers.insert(
                header::COOKIE,
                header::HeaderValue::from_static("vigil_session=ana-token"),
            );
            headers.insert("x-csrf-token", header::HeaderValue::from_static("ana-csrf"));
            request
        },
    ))
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SqliteStore::open(dir.path().join("vigil.db")).expect("store opens"));
    store_corpus(store.as_ref());
    store
        .put_document(&evil_document())
        .expect("evil report stored");
    let app = as_ana(AppState::new(store.clone()), store.as_ref());
    Fixture {
        _dir: dir,
        app,
        store,
    }
}

/// A corpus report whose text and headline carry markup that must never run.
fn evil_document() -> NewDocument {
    let mut doc = corpus::documents().remove(0);
    let d = &mut doc.analysis.document;
    d.text.push_str(EVIL);
    d.title = Some("<script>alert('title')</script>".to_owned());
    d.url = Some("https://evil.example/report".to_owned());
    d.id = vigil_model::document_id(&d.text);
    doc.raw = None;
    doc
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

async fn post_json(app: &Router, uri: &str, body: &str) -> Reply {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request");
    send(app, request).await
}

async fn post_form(app: &Router, uri: &str, body: &str) -> Reply {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .expect("request");
    send(app, request).await
}

fn first_event_id(store: &dyn Store) -> i64 {
    let page = store
        .search(
            &vigil_store::EventFilter::default(),
            vigil_store::Sort::Newest,
            &vigil_store::PageRequest::first(1),
        )
        .expect("search");
    page.items[0].id.0
}

fn assert_bad(reply: &Reply, what: &str) {
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "{what}: {}",
        reply.body
    );
}

fn assert_api_bad(reply: &Reply, what: &str) {
    assert_bad(reply, what);
    let body = reply.json();
    assert!(
        body["code"].is_string() && body["message"].is_string(),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn health_and_metrics() {
    let f = fixture();
    let health = get(&f.app, "/healthz").await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok\n")
    );
    get(&f.app, "/events/notanumber").await;
    let metrics = get(&f.app, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.content_type.starts_with("text/plain"));
    assert!(
        metrics
            .body
            .contains("vigil_http_requests_total{route=\"/healthz\",status=\"200\"} 1"),
        "{}",
        metrics.body
    );
    assert!(
        metrics
            .body
            .contains("vigil_http_requests_total{route=\"/events/{id}\",status=\"400\"} 1")
    );
    assert!(metrics.body.contains("vigil_events_stored "));
    assert!(metrics.body.contains("vigil_ingest_errors_total 0"));
}

#[tokio::test]
async fn pages_render_light_and_escaped() {
    let f = fixture();
    let id = first_event_id(f.store.as_ref());
    let evil = vigil_model::document_id(&evil_document().analysis.document.text);
    let person = get(&f.app, "/api/v1/people").await.json()["items"][0]["key"]
        .as_str()
        .expect("a person")
        .to_owned();
    let person_path = format!(
        "/entities/{}",
        person.replace(' ', "%20").replace(':', "%3A")
    );
    let pages = [
        "/".to_owned(),
        "/?region=central-asia&from=2026-01-01".to_owned(),
        "/search".to_owned(),
        "/search?type=detention&sort=oldest&limit=2".to_owned(),
        "/search?limit=1000".to_owned(),
        "/review?limit=1000".to_owned(),
        format!("/events/{id}"),
        person_path,
        "/people".to_owned(),
        "/organisations".to_owned(),
        format!("/documents/{}", evil.replace(':', "%3A")),
        "/review".to_owned(),
    ];
    for uri in &pages {
        let reply = get(&f.app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        assert!(reply.content_type.starts_with("text/html"), "{uri}");
        assert!(
            reply.body.len() < 150_000,
            "{uri} weighs {} bytes",
            reply.body.len()
        );
        assert!(
            !reply.body.contains("<script>alert"),
            "{uri} lets a report's script through"
        );
        assert!(
            !reply.body.contains("<img src=x"),
            "{uri} lets a report's markup through"
        );
        assert!(
            !reply.body.contains("http://") || !reply.body.contains("src=\"http"),
            "{uri} loads a third-party resource"
        );
    }
    let report = get(&f.app, &pages[10]).await;
    assert!(
        report
            .body
            .contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{}",
        report.body
    );
    assert!(report.body.contains("onerror=alert(1)&gt;"));
    assert!(
        report.body.contains("class=\"m trigger\""),
        "events are marked in the report"
    );
    let event = get(&f.app, &pages[6]).await;
    assert!(
        event.body.contains("<mark class=\"ev\""),
        "evidence highlighted"
    );
    assert!(event.body.contains("PLOVER"));
    let overview = get(&f.app, "/").await;
    assert!(
        overview.body.contains("class=\"chart timeline\"")
            && overview.body.contains("class=\"chart map\"")
    );
}

#[tokio::test]
async fn pages_refuse_bad_parameters_with_an_html_error() {
    let f = fixture();
    for uri in [
        "/search?type=picnic",
        "/search?from=yesterday",
        "/search?limit=5000",
        "/search?cursor=%%%",
        "/?region=mars",
        "/events/abc",
        "/entities/planet:mars",
        "/review?country=Kyrgyzstan",
        "/people?limit=-1",
    ] {
        let reply = get(&f.app, uri).await;
        assert_bad(&reply, uri);
        assert!(
            reply.content_type.starts_with("text/html"),
            "{uri}: {}",
            reply.content_type
        );
        assert!(reply.body.contains("bad_parameter"), "{uri}");
    }
    let nowhere = get(&f.app, "/no/such/page").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(nowhere.content_type.starts_with("text/html"));
    let missing = get(&f.app, "/events/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("<h1>404"));
    assert_eq!(
        get(&f.app, "/documents/sha256%3A0000").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&f.app, "/entities/person%3Anobody%20at%20all")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn review_queue_actions_add_versions() {
    let f = fixture();
    let queue = f
        .store
        .review_queue(
            &vigil_store::EventFilter::default(),
            &vigil_store::PageRequest::first(3),
        )
        .expect("queue");
    let (a, b, c) = (queue.items[0].id, queue.items[1].id, queue.items[2].id);
    let before = get(&f.app, "/search").await;
    assert!(
        !before.body.contains("review=accepted"),
        "no accepted facet yet"
    );
    let accepted = post_form(&f.app, &format!("/review/{a}"), "action=accept&version=1").await;
    let after = get(&f.app, "/search").await;
    assert!(
        after.body.contains("review=accepted"),
        "the cached facets were dropped on review"
    );
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let rejected = post_form(&f.app, &format!("/review/{b}"), "action=reject").await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    let edited = post_form(
        &f.app,
        &format!("/review/{c}"),
        "action=edit&type=raid&start=2026-05-02&precision=week&place=Osh&country=kg&charge=&penalty=five+days&status=1&hypothetical=on&note=checked",
    )
    .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let history = f.store.event_history(c).expect("history");
    let last = history.last().expect("a version");
    assert_eq!((last.version, last.review.as_str()), (2, "edited"));
    assert_eq!(last.event.kind, vigil_model::EventType::Raid);
    assert_eq!(
        last.event.place.as_ref().and_then(|p| p.country.as_deref()),
        Some("KG")
    );
    assert_eq!(last.note.as_deref(), Some("checked"));
    assert_eq!(
        last.event.date.as_ref().map(|d| d.precision),
        Some(vigil_model::DatePrecision::Week)
    );
    assert_eq!(
        last.event.penalty.as_ref().map(|p| p.text.as_str()),
        Some("five days")
    );
    assert!(last.event.status.hypothetical && !last.event.status.negated);
    let page = get(&f.app, &format!("/events/{a}")).await;
    assert!(page.body.contains("<td>ana</td>") && page.body.contains("accepted"));
    let stale = post_form(&f.app, &format!("/review/{a}"), "action=reject&version=1").await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_bad(
        &post_form(&f.app, &format!("/review/{a}"), "version=1").await,
        "no action",
    );
    assert_bad(
        &post_form(&f.app, &format!("/review/{a}"), "action=shrug").await,
        "unknown action",
    );
    assert_bad(
        &post_form(&f.app, &format!("/review/{a}"), "action=edit&start=soon").await,
        "bad date",
    );
    assert_bad(
        &post_form(
            &f.app,
            &format!("/review/{c}"),
            "action=edit&precision=hourly",
        )
        .await,
        "bad precision",
    );
    let js = get(&f.app, "/static/review.js").await;
    assert!(js.content_type.starts_with("text/javascript") && js.body.contains("keydown"));
    assert!(
        get(&f.app, "/static/style.css")
            .await
            .content_type
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn api_listings_and_records() {
    let f = fixture();
    let page = get(&f.app, "/api/v1/events?limit=2").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    let next = page["next"].as_str().expect("a second page");
    let second = get(&f.app, &format!("/api/v1/events?limit=2&cursor={next}"))
        .await
        .json();
    assert_ne!(second["items"][0]["id"], page["items"][0]["id"]);
    let search = get(&f.app, "/api/v1/search?type=detention").await.json();
    assert!(search["facets"]["total"].as_u64().expect("a total") >= 1);
    assert!(
        search["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["event"]["type"] == "detention")
    );
    let id = first_event_id(f.store.as_ref());
    let event = get(&f.app, &format!("/api/v1/events/{id}")).await.json();
    assert_eq!(event["event"]["id"], id);
    assert_eq!(event["history"][0]["version"], 1);
    let people = get(&f.app, "/api/v1/people").await.json();
    let key = people["items"][0]["key"].as_str().expect("a person key");
    let profile = get(
        &f.app,
        &format!("/api/v1/entities/{}", key.replace(' ', "%20")),
    )
    .await
    .json();
    assert!(
        profile["profile"]["names"]
            .as_array()
            .is_some_and(|n| !n.is_empty())
    );
    assert!(get(&f.app, "/api/v1/organisations").await.json()["items"].is_array());
    let doc = event["event"]["document"]
        .as_str()
        .expect("document id")
        .to_owned();
    let document = get(&f.app, &format!("/api/v1/documents/{doc}"))
        .await
        .json();
    assert_eq!(document["document"]["id"], doc);
    for (uri, status) in [
        ("/api/v1/events/999999", StatusCode::NOT_FOUND),
        ("/api/v1/documents/sha256:none", StatusCode::NOT_FOUND),
        ("/api/v1/nowhere", StatusCode::NOT_FOUND),
    ] {
        let reply = get(&f.app, uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert_eq!(reply.json()["code"], "not_found");
    }
    for uri in [
        "/api/v1/events?type=picnic",
        "/api/v1/events?limit=0",
        "/api/v1/events?cursor=zz",
        "/api/v1/events?sort=up",
        "/api/v1/events?from=2026-13-01",
        "/api/v1/events?review=maybe",
        "/api/v1/search?country=123",
        "/api/v1/events/x",
        "/api/v1/people?cursor=nope",
        "/api/v1/entities/nokind",
        "/api/v1/export",
        "/api/v1/export?format=xlsx",
    ] {
        assert_api_bad(&get(&f.app, uri).await, uri);
    }
    for (request, status) in [
        (
            Request::get("/api/v1/events/%FF").body(Body::empty()),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::delete("/api/v1/events").body(Body::empty()),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Request::post("/api/v1/reports").body(Body::from(vec![b'x'; 3 << 20])),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ] {
        let reply = send(&f.app, request.expect("request")).await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert!(reply.json()["code"].is_string(), "{}", reply.body);
    }
    let page = get(&f.app, "/documents/%FF").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.content_type.starts_with("text/html"), "{}", page.body);
    // A cursor of another listing is the store's InvalidQuery: still a 400 with a code.
    let people_next = get(&f.app, "/api/v1/people?limit=1").await.json()["next"]
        .as_str()
        .map(str::to_owned);
    if let Some(cursor) = people_next {
        assert_api_bad(
            &get(&f.app, &format!("/api/v1/events?cursor={cursor}")).await,
            "foreign cursor",
        );
    }
}

#[tokio::test]
async fn api_exports() {
    let f = fixture();
    let total = f
        .store
        .search(
            &vigil_store::EventFilter::default(),
            vigil_store::Sort::Oldest,
            &vigil_store::PageRequest::first(1000),
        )
        .expect("search")
        .items
        .len();
    let jsonl = get(&f.app, "/api/v1/export?format=jsonl").await;
    assert_eq!(jsonl.body.lines().count(), total);
    let csv = get(&f.app, "/api/v1/export?format=csv&type=detention").await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with("id,type,date_start"));
    assert!(
        csv.body.lines().skip(1).all(|l| l.contains(",detention,")),
        "{}",
        csv.body
    );
    let acled = get(&f.app, "/api/v1/export?format=acled").await;
    assert!(
        acled
            .body
            .starts_with("event_id_cnty,event_date,year,time_precision,disorder_type,")
    );
    assert_eq!(
        acled.body.lines().next().map(|h| h.split(',').count()),
        Some(31)
    );
    let geo = get(&f.app, "/api/v1/export?format=geojson").await.json();
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(
        geo["features"].as_array().is_some_and(|f| !f.is_empty()),
        "corpus events have coordinates"
    );
}

#[tokio::test]
async fn api_review_and_submission() {
    let f = fixture();
    let id = first_event_id(f.store.as_ref());
    let uri = format!("/api/v1/events/{id}/review");
    let done = post_json(
        &f.app,
        &uri,
        r#"{"action":"accept","note":"seen","expected_version":1}"#,
    )
    .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    assert_eq!(done.json()["review"], "accepted");
    let conflict = post_json(&f.app, &uri, r#"{"action":"reject","expected_version":1}"#).await;
    assert_eq!(
        (conflict.status, conflict.json()["code"].clone()),
        (StatusCode::CONFLICT, Value::from("conflict"))
    );
    for body in [
        r#"{"action":"shrug"}"#,
        r#"{"action":"edit"}"#,
        "not json",
        r#"{"action":"accept","extra":1}"#,
        // The author is the logged-in user; the body cannot name one.
        r#"{"action":"accept","author":"extractor@9"}"#,
        r#"{"action":"accept","author":"ana"}"#,
    ] {
        assert_api_bad(&post_json(&f.app, &uri, body).await, body);
    }
    let mut edit = f
        .store
        .get_event(vigil_store::EventId(id))
        .expect("get")
        .expect("event")
        .event;
    edit.charge = Some("an edited charge".to_owned());
    let body =
        serde_json::json!({ "action": "edit", "event": edit, "expected_version": 2 }).to_string();
    let edited = post_json(&f.app, &uri, &body).await;
    assert_eq!(edited.status, StatusCode::CREATED, "{}", edited.body);
    assert_eq!(
        get(&f.app, &format!("/api/v1/events/{id}")).await.json()["history"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let unavailable = post_json(
        &f.app,
        "/api/v1/reports",
        r#"{"url":"https://example.org/a"}"#,
    )
    .await;
    assert_eq!(
        (unavailable.status, unavailable.json()["code"].clone()),
        (
            StatusCode::NOT_IMPLEMENTED,
            Value::from("ingest_unavailable")
        )
    );
    for body in [
        "{}",
        r#"{"url":"ftp://x"}"#,
        "[1]",
        r#"{"url":"https://a","colour":"red"}"#,
    ] {
        assert_api_bad(&post_json(&f.app, "/api/v1/reports", body).await, body);
    }
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let f = fixture();
    let spec = get(&f.app, "/api/v1/openapi.json").await.json();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 20);
    for (path, item) in paths {
        if path == "/logout" {
            continue; // it would end the session of the calls after it; tests/access.rs calls it
        }
        let concrete = path.replace("{id}", "1").replace("{key}", "person:x");
        for method in item.as_object().expect("methods").keys() {
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(format!("/api/v1{concrete}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let reply = send(&f.app, request).await;
            assert_ne!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert!(
                reply.status != StatusCode::NOT_FOUND
                    || reply.json()["code"] == "not_found" && !reply.body.contains("API route"),
                "{method} {path} is not routed"
            );
            assert!(
                !reply.status.is_server_error() || reply.status == StatusCode::NOT_IMPLEMENTED,
                "{method} {path}: {}",
                reply.status
            );
        }
    }
}

/// An ingest hook that stores a corpus report for any page body and refuses URLs.
struct FakeIngest;

impl vigil_server::Ingest for FakeIngest {
    fn ingest(
        &self,
        store: &dyn Store,
        submission: &vigil_server::Submission,
    ) -> Result<vigil_server::Ingested, String> {
        if submission.body.is_none() {
            return Err("fetching is switched off in this test".to_owned());
        }
        let mut doc = corpus::documents().remove(1);
        let d = &mut doc.analysis.document;
        d.text.push_str(" Submitted through the API.");
        d.id = vigil_model::document_id(&d.text);
        d.url = submission.url.clone();
        let outcome = store.put_document(&doc).map_err(|err| err.to_string())?;
        Ok(vigil_server::Ingested {
            documents: vec![outcome.id.to_string()],
            events: outcome.events.iter().map(|e| e.0).collect(),
        })
    }
}

#[tokio::test]
async fn submitted_reports_go_through_the_ingest_hook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SqliteStore::open(dir.path().join("vigil.db")).expect("store opens"));
    let app = as_ana(
        AppState::new(store.clone()).with_ingest(Arc::new(FakeIngest)),
        store.as_ref(),
    );
    let empty = get(&app, "/search").await;
    assert!(
        empty.body.contains("<strong>0</strong> matching events"),
        "{}",
        empty.body
    );
    let stored = post_json(
        &app,
        "/api/v1/reports",
        r#"{"url":"https://outlet.example/new","body":"<p>A page.</p>"}"#,
    )
    .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let events = stored.json()["events"].as_array().map_or(0, Vec::len);
    assert!(events > 0);
    let search = get(&app, "/search").await;
    assert!(
        search
            .body
            .contains(&format!("<strong>{events}</strong> matching events")),
        "the cached facets were dropped on ingest: {}",
        search.body
    );
    let refused = post_json(
        &app,
        "/api/v1/reports",
        r#"{"url":"https://outlet.example/x"}"#,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["code"], "ingest_failed");
    let metrics = get(&app, "/metrics").await;
    assert!(
        metrics.body.contains("vigil_ingest_errors_total 1"),
        "{}",
        metrics.body
    );
}

/// Pairs of events told twice: the corpus report and its copy in the evil
/// report share every event (same type, day and place).
fn twins(f: &Fixture) -> Vec<(vigil_store::EventId, vigil_store::EventId)> {
    let docs = corpus::documents();
    let original = f
        .store
        .document_events(&vigil_store::DocumentId(
            docs[0].analysis.document.id.clone(),
        ))
        .expect("events");
    let copy = f
        .store
        .document_events(&vigil_store::DocumentId(
            evil_document().analysis.document.id,
        ))
        .expect("events");
    original
        .iter()
        .zip(&copy)
        .filter(|(a, _)| {
            a.event.date.as_ref().and_then(|d| d.start).is_some() && a.event.place.is_some()
        })
        .map(|(a, b)| (a.id, b.id))
        .collect()
}

#[tokio::test]
async fn merge_proposals_and_merges_keep_both_events() {
    let f = fixture();
    let pairs = twins(&f);
    assert!(
        pairs.len() >= 2,
        "the corpus report has dated, placed events"
    );
    let (a, b) = pairs[0];
    let similar = get(&f.app, &format!("/api/v1/events/{a}/similar")).await;
    assert_eq!(similar.status, StatusCode::OK, "{}", similar.body);
    let ids: Vec<i64> = similar.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect();
    assert!(ids.contains(&b.0) && !ids.contains(&a.0), "{ids:?}");
    let queue = get(&f.app, "/review?limit=50").await;
    assert!(
        queue.body.contains("/merge\"") && queue.body.contains("Merge into this one"),
        "the queue proposes merges"
    );

    let before_a = f.store.event_history(a).expect("history").len();
    let before_b = f.store.event_history(b).expect("history").len();
    let merged = post_form(
        &f.app,
        &format!("/review/{a}/merge"),
        &format!("other={b}&version=1&note=two+wires"),
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let kept = f.store.event_history(a).expect("history");
    let gone = f.store.event_history(b).expect("history");
    assert_eq!(
        (kept.len(), gone.len()),
        (before_a + 1, before_b + 1),
        "a version each, nothing deleted"
    );
    let (k, g) = (kept.last().expect("version"), gone.last().expect("version"));
    assert_eq!(k.review.as_str(), "accepted");
    assert_eq!(
        k.note.as_deref(),
        Some(format!("merged with event #{b} (same incident): two wires").as_str())
    );
    assert_eq!(g.review.as_str(), "rejected");
    assert!(
        g.note
            .as_deref()
            .is_some_and(|n| n.starts_with(&format!("merged into event #{a}")))
    );
    assert_eq!(g.event, gone[0].event, "the merged event keeps its fields");
    let page = get(&f.app, &format!("/events/{b}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("merged into event #{a}")));
    let after = get(&f.app, &format!("/api/v1/events/{a}/similar"))
        .await
        .json();
    assert!(
        after["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["id"] != b.0),
        "a rejected twin is no longer proposed"
    );

    let (c, d) = pairs[1];
    let api = post_json(
        &f.app,
        &format!("/api/v1/events/{c}/review"),
        &format!(r#"{{"action":"merge","other":{d}}}"#),
    )
    .await;
    assert_eq!(api.status, StatusCode::CREATED, "{}", api.body);
    let versions = api.json()["versions"].clone();
    assert_eq!(versions[0]["id"], c.0);
    assert_eq!(versions[1]["id"], d.0);
    assert_eq!(versions[1]["review"], "rejected");
    assert_eq!(versions[0]["provenance"]["author"], "ana");

    for (body, status) in [
        (
            format!(r#"{{"action":"merge","other":{c}}}"#),
            StatusCode::BAD_REQUEST,
        ),
        (r#"{"action":"merge"}"#.to_owned(), StatusCode::BAD_REQUEST),
        (
            format!(r#"{{"action":"merge","other":{d}}}"#),
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"action":"merge","other":999999}"#.to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            r#"{"action":"accept","other":1}"#.to_owned(),
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"action":"merge","other":"x"}"#.to_owned(),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let reply = post_json(&f.app, &format!("/api/v1/events/{c}/review"), &body).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        assert!(reply.json()["code"].is_string(), "{body}");
    }
    assert_bad(
        &post_form(&f.app, &format!("/review/{c}/merge"), "other=abc").await,
        "bad other",
    );
    assert_bad(
        &post_form(&f.app, &format!("/review/{c}/merge"), "version=1").await,
        "no other",
    );
    assert_eq!(
        get(&f.app, "/api/v1/events/999999/similar").await.status,
        StatusCode::NOT_FOUND
    );
    assert_api_bad(&get(&f.app, "/api/v1/events/zz/similar").await, "bad id");
}

#[tokio::test]
async fn splitting_makes_two_versions_from_one() {
    let f = fixture();
    let (a, _) = twins(&f)[0];
    let original = f.store.get_event(a).expect("read").expect("event");
    let queue = get(&f.app, "/review?limit=50").await;
    assert!(
        queue.body.contains(&format!("href=\"/review/{a}/split\"")),
        "the queue offers a split"
    );
    let form = get(&f.app, &format!("/review/{a}/split")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!("action=\"/review/{a}/split\"")) && form.body.contains("<mark"),
        "the split page shows the evidence and the form"
    );
    let before = f
        .store
        .document_events(&original.document)
        .expect("events")
        .len();
    let split = post_form(
        &f.app,
        &format!("/review/{a}/split"),
        "version=1&action=split&type=release&start=2026-06-01&place=Osh&country=kg&note=two+incidents",
    )
    .await;
    assert_eq!(split.status, StatusCode::SEE_OTHER, "{}", split.body);
    let events = f.store.document_events(&original.document).expect("events");
    assert_eq!(events.len(), before + 1, "a new event of the same report");
    let second = events
        .iter()
        .find(|e| e.id.0 > a.0 && e.event.kind == vigil_model::EventType::Release)
        .expect("the second part");
    let first = f.store.event_history(a).expect("history");
    assert_eq!(first.len(), 2);
    assert_eq!(first[1].review.as_str(), "edited");
    assert_eq!(
        first[1].event.kind, original.event.kind,
        "the first part keeps the event's fields"
    );
    let note = format!("split of event #{a} into two: two incidents");
    assert_eq!(first[1].note.as_deref(), Some(note.as_str()));
    let history = f.store.event_history(second.id).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].review.as_str(), history[0].note.as_deref()),
        ("edited", Some(note.as_str()))
    );
    assert_eq!(
        second
            .event
            .place
            .as_ref()
            .and_then(|p| p.country.as_deref()),
        Some("KG")
    );
    assert_eq!(
        second.event.sentence, original.event.sentence,
        "same evidence"
    );
    let found = get(&f.app, "/api/v1/events?type=release&place=Osh")
        .await
        .json();
    assert!(
        found["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["id"] == second.id.0),
        "the new event is searchable"
    );
    let page = get(&f.app, &format!("/events/{}", second.id)).await;
    assert_eq!(page.status, StatusCode::OK);

    let mut part =
        get(&f.app, &format!("/api/v1/events/{a}")).await.json()["event"]["event"].clone();
    part["type"] = Value::from("trial");
    let body =
        serde_json::json!({ "action": "split", "second": part, "expected_version": 2 }).to_string();
    let api = post_json(&f.app, &format!("/api/v1/events/{a}/review"), &body).await;
    assert_eq!(api.status, StatusCode::CREATED, "{}", api.body);
    let versions = api.json()["versions"].clone();
    assert_eq!(
        (versions[0]["id"].as_i64(), versions[0]["version"].as_i64()),
        (Some(a.0), Some(3))
    );
    assert_eq!(versions[1]["version"], 1);
    assert_eq!(versions[1]["event"]["type"], "trial");
    let stale = post_json(&f.app, &format!("/api/v1/events/{a}/review"), &body).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    for bad in [
        r#"{"action":"split"}"#.to_owned(),
        r#"{"action":"split","second":{"kind":"protest"}}"#.to_owned(),
        r#"{"action":"reject","second":{}}"#.to_owned(),
    ] {
        assert_api_bad(
            &post_json(&f.app, &format!("/api/v1/events/{a}/review"), &bad).await,
            &bad,
        );
    }
    assert_bad(
        &post_form(&f.app, &format!("/review/{a}/split"), "type=picnic").await,
        "bad type",
    );
    assert_eq!(
        post_form(&f.app, "/review/999999/split", "type=trial")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn cached_search_results_follow_a_review() {
    let f = fixture();
    let a = first_event_id(f.store.as_ref());
    let link = format!("href=\"/events/{a}\"");
    let before = get(&f.app, "/search?review=proposed").await;
    assert!(before.body.contains(&link), "listed while proposed");
    assert!(
        get(&f.app, "/search?review=proposed")
            .await
            .body
            .contains(&link),
        "served again"
    );
    let rejected = post_form(&f.app, &format!("/review/{a}"), "action=reject").await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    let after = get(&f.app, "/search?review=proposed").await;
    assert!(
        !after.body.contains(&link),
        "the cached page was dropped on review"
    );
}

/// A corpus report, reworded so that its first person is only "he" in one event.
fn pronoun_document() -> (NewDocument, String) {
    let mut doc = corpus::documents().remove(0);
    let analysis = &mut doc.analysis;
    let (person, name) = analysis
        .events
        .iter_mut()
        .flat_map(|e| e.participants.iter_mut())
        .find_map(|p| {
            let entity = p.entity.clone()?;
            let name = analysis
                .entities
                .iter()
                .find(|n| n.id == entity && n.kind == vigil_model::EntityKind::Person)?
                .name
                .clone();
            Some((p, name))
        })
        .expect("the corpus names a person");
    person.text = "he".to_owned();
    let d = &mut analysis.document;
    d.text.push_str(" He was released the next morning.");
    d.url = Some("https://pronoun.example/report".to_owned());
    d.id = vigil_model::document_id(&d.text);
    doc.raw = None;
    doc.simhash = None;
    doc.minhash = None;
    (doc, name)
}

#[tokio::test]
async fn event_tables_name_who_a_pronoun_stands_for() {
    let f = fixture();
    let (doc, name) = pronoun_document();
    f.store.put_document(&doc).expect("reworded report stored");
    let shown = format!("<span title=\"he\">{name}</span>");
    let search = get(&f.app, "/search?limit=200").await;
    assert_eq!(search.status, StatusCode::OK);
    assert!(search.body.contains(&shown), "{}", search.body);
}

/// Links as the resolver would write them: Daniyar Osmonov of reports a, b and the
/// evil copy of a is one person; the detention of a and of its copy one incident.
fn link_people_and_incidents(store: &dyn Store) -> (i64, i64, i64, i64) {
    use vigil_store::{LinkBatch, LinkKind, LinkState, LinkTarget, NewLink, Provenance};
    let docs = store
        .list_documents(None, &vigil_store::PageRequest::first(50))
        .expect("documents")
        .items;
    let mut osmonovs = Vec::new();
    let mut detentions = Vec::new();
    for d in &docs {
        for e in store.document_entities(&d.id).expect("entities") {
            if e.entity.name == "Daniyar Osmonov" {
                osmonovs.push(e.id.0);
            }
        }
        for e in store.document_events(&d.id).expect("events") {
            if e.event.kind == vigil_model::EventType::Detention
                && e.document_title
                    .as_deref()
                    .is_some_and(|t| t.contains("Pensioners") || t.contains("script"))
            {
                detentions.push(e.id.0);
            }
        }
    }
    assert_eq!((osmonovs.len(), detentions.len()), (3, 2));
    let link = |kind, subject, label| NewLink {
        kind,
        subject,
        target: LinkTarget::New(label),
        state: LinkState::Auto,
        rule: "resolve:name".to_owned(),
        score: Some(0.92),
        note: None,
    };
    let mut batch = LinkBatch::new(Provenance {
        author: "resolver@test".to_owned(),
        at: chrono::Utc::now(),
    });
    for &o in &osmonovs {
        batch.links.push(link(LinkKind::Person, o, 0));
    }
    for &d in &detentions {
        batch.links.push(link(LinkKind::Incident, d, 0));
    }
    let out = store.put_links(&batch).expect("linked");
    let person = store
        .links_of(LinkKind::Person, &osmonovs[..1])
        .expect("links")[0]
        .target
        .0;
    let incident = store
        .links_of(LinkKind::Incident, &detentions[..1])
        .expect("links")[0]
        .target
        .0;
    assert_eq!(out.created.len(), 2);
    (person, incident, osmonovs[1], detentions[0])
}

#[tokio::test]
async fn people_and_incidents_have_pages_an_api_and_reviews() {
    let f = fixture();
    let (person, incident, second_mention, detention) = link_people_and_incidents(f.store.as_ref());

    let page = get(&f.app, &format!("/people/{person}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<h1>Daniyar Osmonov</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Timeline: 2 incidents"), "{}", page.body);
    assert!(
        page.body.contains("sibling: Nurlan Osmonov"),
        "relatives: {}",
        page.body
    );
    let json = get(&f.app, &format!("/api/v1/people/{person}"))
        .await
        .json();
    assert_eq!(json["aliases"][0]["name"], "Daniyar Osmonov");
    assert_eq!(json["aliases"][0]["reports"], 3);
    let incidents = json["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 2, "{json}");
    assert_eq!(incidents[0]["sources"], 2, "the detention, told twice");
    assert_eq!(incidents[0]["id"], incident);
    assert_eq!(incidents[1]["type"], "fine");

    let event = get(&f.app, &format!("/events/{detention}")).await;
    assert!(
        event
            .body
            .contains("One incident, told by <strong>2</strong> reports"),
        "{}",
        event.body
    );
    assert!(event.body.contains(&format!("/people/{person}")));
    let inc = get(&f.app, &format!("/incidents/{incident}")).await;
    assert!(
        inc.body.contains("Told by <strong>2</strong> reports"),
        "{}",
        inc.body
    );
    let inc_json = get(&f.app, &format!("/api/v1/incidents/{incident}"))
        .await
        .json();
    assert_eq!(inc_json["sources"], 2);
    let overview = get(&f.app, "/").await;
    assert!(
        overview.body.contains(r#"<span class="incidents">"#),
        "{}",
        overview.body
    );
    let search = get(&f.app, "/search?type=detention").await;
    assert!(search.body.contains("incidents from"), "{}", search.body);

    // A reviewer splits a mention off through the API, and merges it back by the form.
    let split = post_json(
        &f.app,
        &format!("/api/v1/people/{person}/split"),
        &format!(r#"{{"subjects":[{second_mention}],"note":"two men"}}"#),
    )
    .await;
    assert_eq!(split.status, StatusCode::CREATED, "{}", split.body);
    let moved = split.json()["moved_to"].as_i64().expect("moved");
    assert_ne!(moved, person);
    let json = get(&f.app, &format!("/api/v1/people/{person}"))
        .await
        .json();
    assert_eq!(json["mentions"].as_array().map(Vec::len), Some(2));
    let merged = post_form(
        &f.app,
        &format!("/people/{person}/merge"),
        &format!("csrf=ana-csrf&other={moved}&note=same+man"),
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let json = get(&f.app, &format!("/api/v1/people/{person}"))
        .await
        .json();
    assert_eq!(json["mentions"].as_array().map(Vec::len), Some(3));
    assert!(
        json["mentions"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|m| m["state"] == "confirmed"),
        "{json}"
    );
    // The form's split, by ticked boxes.
    let split = post_form(
        &f.app,
        &format!("/incidents/{incident}/split"),
        &format!("csrf=ana-csrf&subject={detention}"),
    )
    .await;
    assert_eq!(split.status, StatusCode::SEE_OTHER, "{}", split.body);

    // Refusals are 4xx with a code, never a 500.
    let all = post_json(
        &f.app,
        &format!("/api/v1/people/{person}/merge"),
        &format!(r#"{{"other":{person}}}"#),
    )
    .await;
    assert_eq!(all.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", all.body);
    assert_eq!(
        get(&f.app, "/api/v1/people/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&f.app, "/api/v1/people/x").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&f.app, "/people/999999").await.status,
        StatusCode::NOT_FOUND
    );
    let bad = post_json(&f.app, &format!("/api/v1/incidents/{incident}/split"), "{}").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
}
