//! The JSON API under `/api/v1`: events, search, entities, documents,
//! exports, review actions and report submission. Every error body is
//! `{code, message}`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use vigil_model::{EntityKind, Event};
use vigil_store::{EventId, LinkKind, Provenance, Review, ReviewAction};

use crate::auth::{self, SESSION_COOKIE, Viewer};
use crate::merge;
use crate::pages::browse::entity_params;
use crate::pages::event::{entity_events, entity_key, event_id};
use crate::params::SearchParams;
use crate::{AppError, AppState};
use vigil_export::{self as export, Format};

/// The API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/events/{id}/review", post(review))
        .route("/events/{id}/similar", get(similar))
        .route("/search", get(search))
        .route("/people", get(people))
        .route("/organisations", get(organisations))
        .route("/entities/{key}", get(entity))
        .route("/people/{id}", get(crate::clusters::person_json))
        .route("/incidents/{id}", get(crate::clusters::incident_json))
        .route(
            "/people/{id}/merge",
            post(|s, v, p, b| crate::clusters::merge_json(LinkKind::Person, s, v, p, b)),
        )
        .route(
            "/people/{id}/split",
            post(|s, v, p, b| crate::clusters::split_json(LinkKind::Person, s, v, p, b)),
        )
        .route(
            "/incidents/{id}/merge",
            post(|s, v, p, b| crate::clusters::merge_json(LinkKind::Incident, s, v, p, b)),
        )
        .route(
            "/incidents/{id}/split",
            post(|s, v, p, b| crate::clusters::split_json(LinkKind::Incident, s, v, p, b)),
        )
        .route("/documents/{id}", get(document))
        .route("/export", get(export_events))
        .route(
            "/reports",
            post(submit).layer(axum::extract::DefaultBodyLimit::max(REPORT_LIMIT)),
        )
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/openapi.json", get(crate::openapi::document))
        .fallback(not_found)
        .layer(axum::middleware::map_response(crate::error::json_errors))
}

/// The largest report body `POST /reports` takes (a page with its markup).
pub const REPORT_LIMIT: usize = 2 * 1024 * 1024;

async fn not_found() -> AppError {
    AppError::not_found("API route")
}

/// `GET /events`: one page of events matching the filters.
async fn events(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    viewer.restrict(&mut params.filter)?;
    let (filter, sort, page) = (params.filter.clone(), params.sort, params.page());
    let found = state
        .call(move |store| store.search(&filter, sort, &page))
        .await?;
    Ok(Json(json!({ "items": found.items, "next": found.next })))
}

/// `GET /search`: a page of events with the facet counts.
async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    viewer.restrict(&mut params.filter)?;
    let (filter, sort, page) = (params.filter.clone(), params.sort, params.page());
    let (facets, found) = state
        .call(move |store| Ok((store.facets(&filter)?, store.search(&filter, sort, &page)?)))
        .await?;
    Ok(Json(
        json!({ "facets": facets, "items": found.items, "next": found.next }),
    ))
}

/// `GET /events/{id}`: the event at its current version with its whole history.
async fn event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let id = event_id(&id)?;
    let found = state
        .call(move |store| {
            let Some(event) = store.get_event(id)? else {
                return Ok(None);
            };
            Ok(Some((event, store.event_history(id)?)))
        })
        .await?;
    let (event, history) = found
        .filter(|(event, _)| viewer.sees(event))
        .ok_or_else(|| AppError::not_found(format!("event {id}")))?;
    // Reviewers' names stay inside the team.
    let history = if viewer.role().is_some() {
        history
    } else {
        Vec::new()
    };
    Ok(Json(json!({ "event": event, "history": history })))
}

/// A review as posted to the API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    /// `accept`, `edit`, `reject`, `merge` or `split`.
    action: String,
    /// The new fields, for `edit`; the first part's, for `split` (default: as they are).
    event: Option<Event>,
    /// The event merged into this one, for `merge`.
    other: Option<i64>,
    /// The second part's fields, for `split`.
    second: Option<Event>,
    /// A remark kept with the version.
    note: Option<String>,
    /// The version the reviewer saw.
    expected_version: Option<u32>,
}

fn json_body<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|err| AppError::bad_parameter("body", err))
}

/// What a review asks for, checked.
enum Act {
    One(ReviewAction),
    Merge(EventId),
    Split(Box<(Option<Event>, Event)>),
}

fn act(body: &mut ReviewBody) -> Result<Act, AppError> {
    let only = |field: &str, action: &str| {
        AppError::bad_parameter(field, format!("`{field}` is not used by {action}"))
    };
    let event = body.event.take();
    match body.action.as_str() {
        "merge" if event.is_some() => Err(only("event", "merge")),
        "merge" if body.second.is_some() => Err(only("second", "merge")),
        "merge" => body
            .other
            .map(|other| Act::Merge(EventId(other)))
            .ok_or_else(|| AppError::bad_parameter("other", "a merge needs the other event's id")),
        _ if body.other.is_some() => Err(only("other", &body.action)),
        "split" => body
            .second
            .take()
            .map(|second| Act::Split(Box::new((event, second))))
            .ok_or_else(|| {
                AppError::bad_parameter("second", "a split needs the second part's fields")
            }),
        _ if body.second.is_some() => Err(only("second", &body.action)),
        "accept" | "reject" if event.is_some() => Err(AppError::bad_parameter(
            "event",
            "only an edit or a split carries fields",
        )),
        "accept" => Ok(Act::One(ReviewAction::Accept)),
        "reject" => Ok(Act::One(ReviewAction::Reject)),
        "edit" => event
            .map(|event| Act::One(ReviewAction::Edit(Box::new(event))))
            .ok_or_else(|| {
                AppError::bad_parameter("event", "an edit needs the event's new fields")
            }),
        _ => Err(AppError::bad_parameter(
            "action",
            "expected accept, edit, reject, merge or split",
        )),
    }
}

/// `POST /events/{id}/review`: accept, edit, reject, merge or split; answers
/// the new version, or both new versions of a merge or a split.
/// The author is the logged-in user: the body names nobody.
async fn review(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = event_id(&id)?;
    let mut body: ReviewBody = json_body(&body)?;
    let act = act(&mut body)?;
    let who = merge::Reviewer {
        author: viewer.author()?,
        note: body.note,
        expected_version: body.expected_version,
    };
    let answer = match act {
        Act::One(action) => {
            let review = Review {
                action,
                provenance: Provenance::user(&who.author, Utc::now()),
                note: who.note,
                expected_version: who.expected_version,
            };
            let version = state
                .call(move |store| store.review_event(id, &review))
                .await?;
            json!(version)
        }
        Act::Merge(other) => {
            let versions = state
                .call_app(move |store| merge::merge(store, id, other, &who))
                .await?;
            json!({ "versions": versions })
        }
        Act::Split(parts) => {
            let (first, second) = *parts;
            let versions = state
                .call_app(move |store| merge::split(store, id, first, &second, &who))
                .await?;
            json!({ "versions": versions })
        }
    };
    state.caches.invalidate();
    Ok((StatusCode::CREATED, Json(answer)))
}

/// `GET /events/{id}/similar`: events that look like the same incident (merge proposals).
async fn similar(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let id = event_id(&id)?;
    let found = state
        .call(move |store| match store.get_event(id)? {
            Some(event) => Ok(Some(merge::candidates(store, &event)?)),
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("event {id}")))?;
    Ok(Json(json!({ "items": found })))
}

/// `GET /people`.
async fn people(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    entities(state, query.as_deref(), EntityKind::Person).await
}

/// `GET /organisations`.
async fn organisations(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    entities(state, query.as_deref(), EntityKind::Organization).await
}

async fn entities(
    state: AppState,
    query: Option<&str>,
    kind: EntityKind,
) -> Result<Json<Value>, AppError> {
    let (entity_query, page) = entity_params(query, kind)?;
    let found = state
        .call(move |store| store.list_entities(&entity_query, &page))
        .await?;
    Ok(Json(json!({ "items": found.items, "next": found.next })))
}

/// `GET /entities/{key}`: a profile and one page of its events, oldest first.
async fn entity(
    State(state): State<AppState>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    let key = entity_key(&key)?;
    let (_, page) = entity_params(query.as_deref(), EntityKind::Person)?;
    let wanted = key.clone();
    let (profile, events) = state
        .call(move |store| entity_events(store, &wanted, &page))
        .await?
        .ok_or_else(|| AppError::not_found(format!("entity {key}")))?;
    Ok(Json(
        json!({ "profile": profile, "events": events.items, "next": events.next }),
    ))
}

/// `GET /documents/{id}`: the stored document with its events and entities.
async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let (doc, events, entities) = state.document_with_analysis(&id).await?;
    Ok(Json(
        json!({ "document": doc, "events": events, "entities": entities }),
    ))
}

/// `GET /export?format=…`: the events matching the filters as a file.
async fn export_events(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    viewer.restrict(&mut params.filter)?;
    let format = params
        .extra("format")
        .and_then(Format::parse)
        .ok_or_else(|| {
            AppError::bad_parameter("format", "expected jsonl, csv, acled or geojson")
        })?;
    let filter = params.filter;
    let file = tokio::task::spawn_blocking({
        let store = std::sync::Arc::clone(&state.store);
        move || export::export(store.as_ref(), &filter, format)
    })
    .await
    .map_err(|err| AppError::internal(format!("export task failed: {err}")))?
    .map_err(|err| match err {
        export::ExportError::Store(err) => AppError::from(err),
        other => AppError::internal(other),
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.file_name()),
            ),
            (
                header::HeaderName::from_static("x-vigil-left-out"),
                file.left_out.to_string(),
            ),
        ],
        file.body,
    )
        .into_response())
}

/// A report submitted for ingestion: a URL to fetch, or a page's body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The page's address: fetched when `body` is absent, else recorded with it.
    pub url: Option<String>,
    /// The page itself (HTML or plain text).
    pub body: Option<String>,
    /// The publication date when the page does not give one.
    pub published: Option<NaiveDate>,
}

/// What ingesting a submission stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ingested {
    /// Documents stored (or found already stored).
    pub documents: Vec<String>,
    /// Events stored.
    pub events: Vec<i64>,
}

/// The ingestion behind `POST /api/v1/reports`, given by the binary that
/// owns the pipeline; without one the route answers 501.
pub trait Ingest: Send + Sync {
    /// Ingests one submission into `store`; the error is shown to the client.
    fn ingest(
        &self,
        store: &dyn vigil_store::Store,
        submission: &Submission,
    ) -> Result<Ingested, String>;
}

/// `POST /reports`.
async fn submit(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let submission: Submission = json_body(&body)?;
    if submission.url.is_none() && submission.body.is_none() {
        return Err(AppError::bad_parameter(
            "body",
            "give a url, a body, or both",
        ));
    }
    if let Some(url) = &submission.url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(AppError::bad_parameter(
            "url",
            "expected an http or https address",
        ));
    }
    let Some(ingest) = state.ingest.clone() else {
        return Err(AppError::new(
            StatusCode::NOT_IMPLEMENTED,
            "ingest_unavailable",
            "this server was started without an ingestion pipeline; use `vigil ingest`".to_owned(),
        ));
    };
    let store = std::sync::Arc::clone(&state.store);
    let metrics = std::sync::Arc::clone(&state.metrics);
    let caches = std::sync::Arc::clone(&state.caches);
    let outcome = tokio::task::spawn_blocking(move || ingest.ingest(store.as_ref(), &submission))
        .await
        .map_err(|err| AppError::internal(format!("ingest task failed: {err}")))?;
    match outcome {
        Ok(done) => {
            caches.invalidate();
            Ok((StatusCode::CREATED, Json(json!(done))))
        }
        Err(why) => {
            metrics.ingest_error();
            Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "ingest_failed",
                why,
            ))
        }
    }
}

/// A login as posted to the API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    name: String,
    password: String,
}

/// `POST /login`: a new session in a cookie; the answer gives the CSRF
/// token to send as `X-CSRF-Token` with every change. Only JSON is taken
/// (see [`crate::auth::guard`] on why this route needs no CSRF token).
async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !is_json {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the login as application/json".to_owned(),
        ));
    }
    let body: LoginBody = json_body(&body)?;
    let old = auth::cookie(&headers, SESSION_COOKIE);
    let started = auth::log_in(&state, &body.name, &body.password, viewer.ip(), old).await?;
    let cookie = auth::session_cookie(&state, &headers, &started.token);
    let answer = json!({
        "name": started.user.name,
        "role": started.user.role,
        "csrf": started.csrf,
    });
    Ok(([(header::SET_COOKIE, cookie)], Json(answer)).into_response())
}

/// `POST /logout`: the session ends.
async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    auth::log_out(&state, &viewer).await?;
    let cleared = auth::set_cookie(&state, &headers, SESSION_COOKIE, "", "/", Some(0));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cleared)]).into_response())
}
