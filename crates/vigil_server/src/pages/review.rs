//! The review queue: lowest confidence first; accept, edit, reject, merge
//! with a proposed twin, or split in two, each a POST that adds versions.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Redirect;
use chrono::Utc;
use maud::{Markup, html};
use serde::Deserialize;
use vigil_model::{
    DatePrecision, DateSpan, Event, EventType, Penalty, PenaltyKind, Place, PlacePrecision,
};
use vigil_store::{Provenance, Review, ReviewAction, StoredEvent};

use super::event::event_id;
use super::layout::{date_text, page, place_text, type_badge};
use super::text::in_context;
use crate::auth::{CSRF_FIELD, Viewer};
use crate::params::SearchParams;
use crate::{AppError, AppState};

/// The most items the queue shows at once: each carries its edit form, and
/// 50 of them made a page over the 150 KB budget on a 100,000-event store.
const REVIEW_ROWS: u32 = 25;

/// `GET /review`.
pub async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    params.limit = params.limit.min(REVIEW_ROWS);
    let (filter, page_request) = (params.filter.clone(), params.page());
    let (queue, texts, twins) = state
        .call(move |store| {
            let queue = store.review_queue(&filter, &page_request)?;
            let mut seen: std::collections::HashMap<
                &vigil_store::DocumentId,
                Option<std::sync::Arc<str>>,
            > = std::collections::HashMap::new();
            let mut texts = Vec::with_capacity(queue.items.len());
            let mut twins = Vec::with_capacity(queue.items.len());
            for e in &queue.items {
                twins.push(crate::merge::candidates(store, e)?);
                if !seen.contains_key(&e.document) {
                    let text = store
                        .get_document(&e.document)?
                        .map(|d| std::sync::Arc::from(d.document.text));
                    seen.insert(&e.document, text);
                }
                texts.push(seen.get(&e.document).cloned().flatten());
            }
            drop(seen);
            Ok((queue, texts, twins))
        })
        .await?;
    Ok(page(
        &viewer,
        "Review",
        html! {
            h1 { "Review queue" }
            p.muted { "Lowest confidence first. Keys: " kbd { "j" } "/" kbd { "k" } " move, " kbd { "a" } " accept, " kbd { "e" } " edit, " kbd { "r" } " reject, " kbd { "m" } " merge with the first proposed twin, " kbd { "s" } " split." }
            @if queue.items.is_empty() { p { "Nothing to review." } }
            @for ((e, text), twins) in queue.items.iter().zip(&texts).zip(&twins) { (item(e, text.as_deref(), twins, viewer.csrf())) }
            @if let Some(next) = &queue.next {
                p { a href={ "/review?cursor=" (next) } { "Next page →" } }
            }
            script src="/static/review.js" defer {}
        },
    ))
}

fn item(e: &StoredEvent, text: Option<&str>, twins: &[StoredEvent], csrf: &str) -> Markup {
    let ev = &e.event;
    let action = format!("/review/{}", e.id);
    html! {
        section.item id={ "ev" (e.id) } {
            h2 { (type_badge(ev.kind)) " " a href={ "/events/" (e.id) } { (date_text(e)) @let place = place_text(e); @if !place.is_empty() { " " (place) } } " " span.muted { "confidence " (format!("{:.2}", ev.confidence)) } }
            @if let Some(text) = text { (in_context(text, ev.sentence, &[])) }
            form.inline method="post" action=(action) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="version" value=(e.version);
                button name="action" value="accept" data-key="a" { "Accept" }
                button name="action" value="reject" data-key="r" { "Reject" }
            }
            @if !twins.is_empty() { (merge_forms(e, twins, csrf)) }
            a.split href={ "/review/" (e.id) "/split" } data-key="s" { "Split in two…" }
            details.edit {
                summary data-key="e" { "Edit" }
                form method="post" action=(action) {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="version" value=(e.version);
                    input type="hidden" name="action" value="edit";
                    label { "Type " select name="type" { @for t in EventType::ALL { option value=(t.as_str()) selected[t == ev.kind] { (t.as_str()) } } } }
                    label { "From " input type="date" name="start" value=[ev.date.as_ref().and_then(|d| d.start).map(|d| d.to_string())]; }
                    label { "To " input type="date" name="end" value=[ev.date.as_ref().and_then(|d| d.end).map(|d| d.to_string())]; }
                    label { "Place " input name="place" value=[ev.place.as_ref().and_then(|p| p.name.as_deref())]; }
                    label { "Country " input name="country" size="3" value=[ev.place.as_ref().and_then(|p| p.country.as_deref())]; }
                    label { "Charge " input name="charge" value=[ev.charge.as_deref()]; }
                    label { "Claim " input name="claim" value=[ev.claim.as_deref()]; }
                    label { "Penalty " input name="penalty" value=[ev.penalty.as_ref().map(|p| p.text.as_str())]; }
                    label { "Date precision " select name="precision" {
                        @for p in ["day", "week", "month", "year", "unknown"] {
                            option value=(p) selected[ev.date.as_ref().is_some_and(|d| d.precision.as_str() == p)] { (p) }
                        }
                    } }
                    input type="hidden" name="status" value="1";
                    label { input type="checkbox" name="negated" checked[ev.status.negated]; " did not happen" }
                    label { input type="checkbox" name="hypothetical" checked[ev.status.hypothetical]; " hypothetical" }
                    label { "Note " input name="note"; }
                    button type="submit" { "Save edit" }
                }
            }
        }
    }
}

/// One form per proposed twin: merging it into this event.
fn merge_forms(e: &StoredEvent, twins: &[StoredEvent], csrf: &str) -> Markup {
    let action = format!("/review/{}/merge", e.id);
    html! {
        div.twins {
            p { "Looks like the same incident (same type, day and place):" }
            @for (n, twin) in twins.iter().enumerate() {
                form.inline method="post" action=(action) {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="version" value=(e.version);
                    input type="hidden" name="other" value=(twin.id);
                    a href={ "/events/" (twin.id) } { "event #" (twin.id) }
                    " " span.muted { (twin.review.as_str()) @if let Some(title) = &twin.document_title { ", " (title) } }
                    " "
                    @if n == 0 { button data-key="m" { "Merge into this one" } } @else { button { "Merge into this one" } }
                }
            }
        }
    }
}

/// `GET /review/{id}/split`: the form for the second incident, on a page of
/// its own so that the queue stays light.
pub async fn split_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = event_id(&id)?;
    let e = state.current_event(id).await?;
    let text = state
        .call({
            let doc = e.document.clone();
            move |store| Ok(store.get_document(&doc)?.map(|d| d.document.text))
        })
        .await?;
    Ok(page(
        &viewer,
        "Split an event",
        html! {
            h1 { "Split event " a href={ "/events/" (e.id) } { "#" (e.id) } }
            p { (type_badge(e.event.kind)) " " (date_text(&e)) " " (place_text(&e)) }
            @if let Some(text) = &text { (in_context(text, e.event.sentence, &[])) }
            (split_form(&e, viewer.csrf()))
        },
    ))
}

/// The second part's fields; the first part keeps the event's own.
fn split_form(e: &StoredEvent, csrf: &str) -> Markup {
    let ev = &e.event;
    html! {
        section.split {
            form method="post" action={ "/review/" (e.id) "/split" } {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="version" value=(e.version);
                input type="hidden" name="action" value="split";
                p.muted { "This event keeps its fields; the second incident gets these:" }
                label { "Type " select name="type" { @for t in EventType::ALL { option value=(t.as_str()) selected[t == ev.kind] { (t.as_str()) } } } }
                label { "From " input type="date" name="start" value=[ev.date.as_ref().and_then(|d| d.start).map(|d| d.to_string())]; }
                label { "To " input type="date" name="end" value=[ev.date.as_ref().and_then(|d| d.end).map(|d| d.to_string())]; }
                label { "Place " input name="place" value=[ev.place.as_ref().and_then(|p| p.name.as_deref())]; }
                label { "Country " input name="country" size="3" value=[ev.place.as_ref().and_then(|p| p.country.as_deref())]; }
                label { "Note " input name="note"; }
                button type="submit" { "Split" }
            }
        }
    }
}

/// A merge as posted: the twin to fold into this event.
#[derive(Debug, Deserialize)]
pub struct MergeForm {
    other: String,
    version: Option<u32>,
    note: Option<String>,
}

/// A posted form's fields; 400 naming the form when they do not parse.
fn form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_urlencoded::from_bytes(body).map_err(|err| AppError::bad_parameter("form", err))
}

/// `POST /review/{id}/merge`.
pub async fn merge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let id = event_id(&id)?;
    let form: MergeForm = form(&body)?;
    let other = form
        .other
        .trim()
        .parse::<i64>()
        .map(vigil_store::EventId)
        .map_err(|_| AppError::bad_parameter("other", "expected an event id"))?;
    let who = crate::merge::Reviewer {
        author: viewer.author()?,
        note: form.note,
        expected_version: form.version,
    };
    state
        .call_app(move |store| crate::merge::merge(store, id, other, &who))
        .await?;
    state.caches.invalidate();
    Ok(Redirect::to("/review"))
}

/// `POST /review/{id}/split`: the form's fields make the second event.
pub async fn split(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let id = event_id(&id)?;
    let form: ReviewForm = form(&body)?;
    let current = state.current_event(id).await?;
    let second = edited(current.event, &form)?;
    let who = crate::merge::Reviewer {
        author: viewer.author()?,
        note: form.note,
        expected_version: form.version,
    };
    state
        .call_app(move |store| crate::merge::split(store, id, None, &second, &who))
        .await?;
    state.caches.invalidate();
    Ok(Redirect::to("/review"))
}

/// A review form as posted.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    /// Empty on the split form, whose route says what it does.
    #[serde(default)]
    action: String,
    version: Option<u32>,
    #[serde(rename = "type")]
    kind: Option<String>,
    start: Option<String>,
    end: Option<String>,
    place: Option<String>,
    country: Option<String>,
    charge: Option<String>,
    claim: Option<String>,
    note: Option<String>,
    penalty: Option<String>,
    precision: Option<String>,
    /// Present when the form carries the status checkboxes, so that an
    /// unchecked box means false rather than "not edited".
    status: Option<String>,
    negated: Option<String>,
    hypothetical: Option<String>,
}

fn parse_precision(name: &str) -> Result<DatePrecision, AppError> {
    [
        DatePrecision::Day,
        DatePrecision::Week,
        DatePrecision::Month,
        DatePrecision::Year,
        DatePrecision::Unknown,
    ]
    .into_iter()
    .find(|p| p.as_str() == name)
    .ok_or_else(|| {
        AppError::bad_parameter("precision", "expected day, week, month, year or unknown")
    })
}

/// `POST /review/{id}`: one review action, then back to the queue.
pub async fn act(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let id = event_id(&id)?;
    let form: ReviewForm = form(&body)?;
    let current = state.current_event(id).await?;
    let action = match form.action.as_str() {
        "accept" => ReviewAction::Accept,
        "reject" => ReviewAction::Reject,
        "edit" => ReviewAction::Edit(Box::new(edited(current.event, &form)?)),
        _ => {
            return Err(AppError::bad_parameter(
                "action",
                "expected accept, edit or reject",
            ));
        }
    };
    let review = Review {
        action,
        provenance: Provenance::user(&viewer.author()?, Utc::now()),
        note: form.note.filter(|n| !n.trim().is_empty()),
        expected_version: form.version,
    };
    state
        .call(move |store| store.review_event(id, &review))
        .await?;
    state.caches.invalidate();
    Ok(Redirect::to("/review"))
}

fn field(value: Option<&String>) -> Option<String> {
    value
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The event with the form's fields applied.
pub fn edited(mut event: Event, form: &ReviewForm) -> Result<Event, AppError> {
    if let Some(kind) = field(form.kind.as_ref()) {
        event.kind = EventType::parse(&kind)
            .ok_or_else(|| AppError::bad_parameter("type", "unknown event type"))?;
    }
    let start = field(form.start.as_ref())
        .map(|d| crate::params::date("start", &d))
        .transpose()?;
    let end = field(form.end.as_ref())
        .map(|d| crate::params::date("end", &d))
        .transpose()?;
    if start.is_some() || end.is_some() {
        let text = event
            .date
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let anchor = event.date.as_ref().and_then(|d| d.anchor.clone());
        event.date = Some(DateSpan {
            start,
            end: end.or(start),
            precision: DatePrecision::Day,
            text,
            anchor,
        });
    }
    if let Some(precision) = field(form.precision.as_ref()) {
        let precision = parse_precision(&precision)?;
        if let Some(date) = event.date.as_mut() {
            date.precision = precision;
        }
    }
    if form.status.is_some() {
        event.status.negated = form.negated.is_some();
        event.status.hypothetical = form.hypothetical.is_some();
    }
    if let Some(text) = field(form.penalty.as_ref()) {
        match event.penalty.as_mut() {
            Some(penalty) => penalty.text = text,
            None => {
                event.penalty = Some(Penalty {
                    kind: PenaltyKind::Other,
                    days: None,
                    months: None,
                    years: None,
                    amount: None,
                    currency: None,
                    text,
                });
            }
        }
    }
    let name = field(form.place.as_ref());
    let country = field(form.country.as_ref()).map(|c| c.to_ascii_uppercase());
    if name.is_some() || country.is_some() {
        let place = event.place.get_or_insert(Place {
            entity: None,
            name: None,
            country: None,
            site: None,
            precision: PlacePrecision::City,
        });
        place.name = name.or(place.name.take());
        place.country = country.or(place.country.take());
    }
    event.charge = field(form.charge.as_ref()).or(event.charge);
    event.claim = field(form.claim.as_ref()).or(event.claim);
    Ok(event)
}
