//! Request metrics and the Prometheus text exposition at `/metrics`.
//!
//! Hand-written rather than a metrics crate: a few counters and one
//! histogram per route are all the server needs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppError, AppState};

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

/// Counters shared by every request.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    ingest_errors: AtomicU64,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    /// Counts one request to `route` that answered `status` after `seconds`.
    pub fn observe(&self, route: &str, status: u16, seconds: f64) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((route.to_owned(), status)).or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let hist = latency.entry(route.to_owned()).or_default();
            for (slot, bound) in hist.buckets.iter_mut().zip(BUCKETS) {
                if seconds <= bound {
                    *slot += 1;
                }
            }
            hist.count += 1;
            hist.sum += seconds;
        }
    }

    /// Counts one report that could not be ingested.
    pub fn ingest_error(&self) {
        self.ingest_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// The request metrics in Prometheus text format.
    fn write_requests(&self, out: &mut String) {
        out.push_str("# HELP vigil_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE vigil_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, status), n) in requests.iter() {
                let route = label(route);
                let _ = writeln!(
                    out,
                    "vigil_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP vigil_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE vigil_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for (route, hist) in latency.iter() {
                write_histogram(out, &label(route), hist);
            }
        }
        let errors = self.ingest_errors.load(Ordering::Relaxed);
        out.push_str(
            "# HELP vigil_ingest_errors_total Reports submitted that could not be ingested.\n",
        );
        out.push_str("# TYPE vigil_ingest_errors_total counter\n");
        let _ = writeln!(out, "vigil_ingest_errors_total {errors}");
    }
}

fn write_histogram(out: &mut String, route: &str, hist: &Histogram) {
    let name = "vigil_http_request_duration_seconds";
    for (n, bound) in hist.buckets.iter().zip(BUCKETS) {
        let _ = writeln!(out, "{name}_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
    }
    let _ = writeln!(
        out,
        "{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
        hist.count
    );
    let _ = writeln!(out, "{name}_sum{{route=\"{route}\"}} {}", hist.sum);
    let _ = writeln!(out, "{name}_count{{route=\"{route}\"}} {}", hist.count);
}

/// A label value with Prometheus's escapes.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: times every routed request and counts it by route and status.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    tracing::info!(%method, route, status, ms = seconds * 1000.0, "request");
    metrics.observe(&route, status, seconds);
    response
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Result<Response, AppError> {
    let stats = state.call(|store| store.stats()).await?;
    let mut out = String::with_capacity(4096);
    state.metrics.write_requests(&mut out);
    for (name, help, value) in [
        (
            "vigil_documents_stored",
            "Document versions stored.",
            stats.documents,
        ),
        (
            "vigil_events_stored",
            "Events stored, current or not.",
            stats.events,
        ),
        (
            "vigil_event_versions_stored",
            "Event versions (proposals and reviews).",
            stats.event_versions,
        ),
        (
            "vigil_entities_stored",
            "Per-document entities stored.",
            stats.entities,
        ),
    ] {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
        );
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let metrics = Metrics::default();
        metrics.observe("/x", 200, 0.003);
        metrics.observe("/x", 404, 0.2);
        let mut out = String::new();
        metrics.write_requests(&mut out);
        assert!(out.contains("vigil_http_requests_total{route=\"/x\",status=\"404\"} 1"));
        assert!(out.contains("le=\"0.005\"} 1"));
        assert!(out.contains("le=\"0.25\"} 2"));
        assert!(out.contains("_count{route=\"/x\"} 2"));
    }
}
