//! The overview, the search page and the entity listings.

use axum::extract::{RawQuery, State};
use chrono::{Duration, Utc};
use maud::{Markup, html};
use vigil_model::{EntityKind, EventType};
use vigil_store::{
    EntityQuery, Facets, IncidentTotals, Page, PageRequest, ReviewState, Sort, StoredEvent,
};

use super::layout::{EntityNames, entity_href, event_table, page, type_badge};
use crate::auth::Viewer;
use crate::cache::Overview;
use crate::params::{SearchParams, pairs};
use crate::svg::{map, timeline};
use crate::{AppError, AppState};

/// `GET /`: counts by type for a period, the timeline, the map, recent events.
pub async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    viewer.restrict(&mut params.filter)?;
    let region = map::Region::parse(params.extra("region"))?;
    let key = params.filter_query();
    // The counts, timeline and map are the same HTML until the store changes.
    let drawn_key = format!("{key}|{}", region.name());
    let drawn = state.caches.overview_html.get(&drawn_key);
    let cached = match drawn {
        Some(_) => None,
        None => state.caches.overview.get(&key),
    };
    let filter = params.filter.clone();
    let need_aggregates = drawn.is_none();
    let (aggregates, recent, names) = state
        .call(move |store| {
            let aggregates = match (cached, need_aggregates) {
                (Some(hit), _) => Some(hit),
                (None, true) => Some(std::sync::Arc::new(Overview {
                    facets: store.facets(&filter)?,
                    timeline: store.timeline(&filter)?,
                    map: store.map_points(&filter)?,
                    totals: store.incident_totals(&filter)?,
                })),
                (None, false) => None,
            };
            let recent = store.search(&filter, Sort::Newest, &PageRequest::first(12))?;
            let names = EntityNames::load(store, &recent.items)?;
            Ok((aggregates, recent, names))
        })
        .await?;
    let drawn = match (drawn, aggregates) {
        (Some(hit), _) => hit,
        (None, Some(aggregates)) => {
            let html = aggregate_sections(&params, region, &aggregates).into_string();
            state
                .caches
                .overview
                .put(key, std::sync::Arc::clone(&aggregates));
            let html = std::sync::Arc::new(html);
            state
                .caches
                .overview_html
                .put(drawn_key, std::sync::Arc::clone(&html));
            html
        }
        (None, None) => return Err(AppError::internal("overview aggregates missing")),
    };
    Ok(page(
        &viewer,
        "Overview",
        overview_body(&params, &drawn, &recent, &names),
    ))
}

fn overview_body(
    params: &SearchParams,
    drawn: &str,
    recent: &Page<StoredEvent>,
    names: &EntityNames,
) -> Markup {
    let today = Utc::now().date_naive();
    let since = |days| (today - Duration::days(days)).to_string();
    let filters = params.filter_query();
    html! {
        h1 { "Overview" }
        p.period {
            "Period: "
            a href="/" { "all time" } " · "
            a href={ "/?from=" (since(365)) } { "last 12 months" } " · "
            a href={ "/?from=" (since(90)) } { "last 90 days" } " · "
            a href={ "/?from=" (since(30)) } { "last 30 days" }
        }
        (maud::PreEscaped(drawn))
        section {
            h2 { "Recent events" }
            (event_table(&recent.items, names))
            p { a href={ "/search?" (filters) } { "Search all →" } }
        }
    }
}

/// The counts by type, the timeline and the map.
fn aggregate_sections(params: &SearchParams, region: map::Region, aggregates: &Overview) -> Markup {
    let (facets, buckets, points) = (&aggregates.facets, &aggregates.timeline, &aggregates.map);
    let filters = params.filter_query();
    html! {
        section.counts {
            h2 { (incident_count(&aggregates.totals)) }
            ul.types {
                @for (kind, n) in &facets.types {
                    li { a href={ "/search?type=" (kind.as_str()) "&" (filters) } { (type_badge(*kind)) " " (n) } }
                }
            }
        }
        section {
            h2 { "Events per week" }
            (timeline::render(buckets))
        }
        section {
            h2 { "Map" }
            p.regions {
                @for r in map::Region::ALL {
                    @if r == region { strong { (r.label()) } } @else {
                        a href={ "/?region=" (r.name()) "&" (filters) } { (r.label()) }
                    }
                    " "
                }
            }
            (map::render(points, region))
        }
    }
}

/// "12 incidents from 20 reports (25 events)": what the counts are of.
fn incident_count(t: &IncidentTotals) -> Markup {
    html! {
        span.incidents { (t.incidents) } " incidents from "
        span.reports { (t.reports) } " reports"
        span.muted { " (" (t.events) " events)" }
    }
}

/// The most rows a results page shows, whatever `limit` asks: pages stay
/// under 150 KB (the API serves bigger pages).
pub const PAGE_ROWS: u32 = 200;

/// `GET /search`: full text with facets, sorted, cursor-paged, exportable.
pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    let mut params = SearchParams::parse(query.as_deref())?;
    viewer.restrict(&mut params.filter)?;
    params.limit = params.limit.min(PAGE_ROWS);
    let (filter, sort, page_request) = (params.filter.clone(), params.sort, params.page());
    let key = params.filter_query();
    let results_key = format!("{key}|{sort:?}|{page_request:?}");
    let cached = state.caches.facets.get(&key);
    let cached_totals = state.caches.totals.get(&key);
    let cached_results = state.caches.results.get(&results_key);
    let (facets, totals, results, names) = state
        .call(move |store| {
            let facets = match cached {
                Some(hit) => hit,
                None => std::sync::Arc::new(store.facets(&filter)?),
            };
            let totals = match cached_totals {
                Some(hit) => hit,
                None => std::sync::Arc::new(store.incident_totals(&filter)?),
            };
            let results = match cached_results {
                Some(hit) => hit,
                None => std::sync::Arc::new(store.search(&filter, sort, &page_request)?),
            };
            let names = EntityNames::load(store, &results.items)?;
            Ok((facets, totals, results, names))
        })
        .await?;
    state
        .caches
        .totals
        .put(key.clone(), std::sync::Arc::clone(&totals));
    state.caches.facets.put(key, std::sync::Arc::clone(&facets));
    state
        .caches
        .results
        .put(results_key, std::sync::Arc::clone(&results));
    Ok(page(
        &viewer,
        "Search",
        search_body(&params, &facets, &totals, &results, &names),
    ))
}

fn search_body(
    params: &SearchParams,
    facets: &Facets,
    totals: &IncidentTotals,
    results: &Page<StoredEvent>,
    names: &EntityNames,
) -> Markup {
    let f = &params.filter;
    let filters = params.filter_query();
    let add = |key: &str, value: &str| {
        format!("/search?{filters}&{key}={}", super::layout::segment(value))
    };
    html! {
        h1 { "Search" }
        form.search method="get" action="/search" {
            input type="search" name="q" value=[f.text.as_deref()] placeholder="words, \"a phrase\", prefix*" autofocus;
            select name="type" {
                option value="" { "any type" }
                @for t in EventType::ALL {
                    option value=(t.as_str()) selected[f.types.contains(&t)] { (t.as_str()) }
                }
            }
            input name="country" size="3" placeholder="KG" value=[f.countries.first()];
            input name="place" size="10" placeholder="city" value=[f.place.as_deref()];
            input type="date" name="from" value=[f.from.map(|d| d.to_string())];
            input type="date" name="to" value=[f.to.map(|d| d.to_string())];
            input name="person" size="12" placeholder="person" value=[f.person.as_deref()];
            input name="org" size="12" placeholder="organisation" value=[f.organization.as_deref()];
            select name="review" {
                option value="" { "any state" }
                @for s in ReviewState::ALL {
                    option value=(s.as_str()) selected[f.review.contains(&s)] { (s.as_str()) }
                }
            }
            select name="sort" {
                @for (name, label) in [("newest", "newest first"), ("oldest", "oldest first"), ("least_confident", "least confident first")] {
                    option value=(name) selected[crate::params::sort_name(params.sort) == name] { (label) }
                }
            }
            button type="submit" { "Search" }
        }
        div.layout {
            aside.facets {
                p { strong { (facets.total) } " matching events" }
                p.incident-count { (incident_count(totals)) }
                (facet_list("Type", facets.types.iter().map(|(t, n)| (t.as_str().to_owned(), *n)), "type", &add))
                (facet_list("Country", facets.countries.iter().cloned(), "country", &add))
                (facet_list("City", facets.places.iter().cloned(), "place", &add))
                (facet_list("Review", facets.review.iter().map(|(s, n)| (s.as_str().to_owned(), *n)), "review", &add))
                p.exports {
                    "Export: "
                    @for format in ["csv", "jsonl", "acled", "geojson"] {
                        a href={ "/api/v1/export?format=" (format) "&" (filters) } download { (format) } " "
                    }
                }
            }
            div.results {
                (event_table(&results.items, names))
                @if let Some(next) = &results.next {
                    p { a.next href={ "/search?" (filters) "&limit=" (params.limit) "&cursor=" (next) } { "Next page →" } }
                }
            }
        }
    }
}

fn facet_list(
    title: &str,
    values: impl Iterator<Item = (String, u64)>,
    key: &str,
    add: &dyn Fn(&str, &str) -> String,
) -> Markup {
    html! {
        h3 { (title) }
        ul {
            @for (value, n) in values {
                li { a href=(add(key, &value)) { (value) } " " span.muted { (n) } }
            }
        }
    }
}

/// `GET /people`.
pub async fn people(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    entities(state, &viewer, query, EntityKind::Person, "People").await
}

/// `GET /organisations`.
pub async fn organisations(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Markup, AppError> {
    entities(
        state,
        &viewer,
        query,
        EntityKind::Organization,
        "Organisations",
    )
    .await
}

async fn entities(
    state: AppState,
    viewer: &Viewer,
    query: Option<String>,
    kind: EntityKind,
    title: &'static str,
) -> Result<Markup, AppError> {
    let (entity_query, mut page_request) = entity_params(query.as_deref(), kind)?;
    page_request.limit = page_request.limit.min(PAGE_ROWS);
    let prefix = entity_query.name_prefix.clone();
    let listing = state
        .call(move |store| store.list_entities(&entity_query, &page_request))
        .await?;
    Ok(page(
        viewer,
        title,
        html! {
            h1 { (title) }
            form method="get" { input name="prefix" value=[prefix.as_deref()] placeholder="name starts with"; button { "Filter" } }
            table.events {
                thead { tr { th { "Name" } th { "Events" } th { "Reports" } } }
                tbody {
                    @for e in &listing.items {
                        tr { td { a href=(entity_href(&e.key)) { (e.name) } } td { (e.events) } td { (e.documents) } }
                    }
                }
            }
            @if let Some(next) = &listing.next {
                p { a href={ "?cursor=" (next) @if let Some(p) = &prefix { "&prefix=" (super::layout::segment(p)) } } { "Next page →" } }
            }
        },
    ))
}

/// Parses `prefix`, `limit` and `cursor` of an entity listing.
pub fn entity_params(
    query: Option<&str>,
    kind: EntityKind,
) -> Result<(EntityQuery, PageRequest), AppError> {
    let mut entity_query = EntityQuery {
        kind,
        name_prefix: None,
    };
    let mut page_request = PageRequest::first(crate::params::DEFAULT_LIMIT);
    for (key, value) in pairs(query)? {
        match key.as_str() {
            "prefix" if !value.trim().is_empty() => {
                entity_query.name_prefix = Some(value.trim().to_owned());
            }
            "limit" => page_request.limit = crate::params::limit(&value)?,
            "cursor" => {
                page_request.after = Some(
                    value
                        .parse()
                        .map_err(|_| AppError::bad_parameter("cursor", "malformed cursor"))?,
                );
            }
            _ => {}
        }
    }
    Ok((entity_query, page_request))
}
