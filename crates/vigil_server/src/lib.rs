//! Vigil's web UI and JSON API.
//!
//! [`app`] builds the whole router over an [`AppState`] (a shared [`Store`]
//! and the request metrics); [`serve`] binds it to an address and serves
//! until Ctrl-C. Pages are rendered on the server with maud, the map and the
//! timeline are SVG drawn here, and the CSS and the little JavaScript are
//! embedded in the binary: nothing is fetched from a third party.
//!
//! Nothing but the login page, the static files and `/healthz` is served
//! without login ([`auth`]); a `--public` instance also shows accepted
//! events, read-only, to anyone.

mod api;
pub mod auth;
mod cache;
mod clusters;
mod error;
mod merge;
mod metrics;
mod openapi;
mod pages;
mod params;
mod svg;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use vigil_store::Store;

pub use api::{Ingest, Ingested, Submission};
pub use error::AppError;
pub use metrics::Metrics;

/// What every handler shares: the store and the request metrics.
#[derive(Clone)]
pub struct AppState {
    /// The database, called through `spawn_blocking`.
    pub store: Arc<dyn Store>,
    /// Request counts, latencies and ingest errors for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// What `POST /api/v1/reports` runs; `None` answers 501.
    pub ingest: Option<Arc<dyn Ingest>>,
    /// Facets, timeline and map by filter, for a minute.
    pub(crate) caches: Arc<cache::Caches>,
    /// Who may do what, login limits and cookie settings.
    pub access: Arc<auth::Access>,
}

impl AppState {
    /// A state over `store` with fresh metrics.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            metrics: Arc::new(Metrics::default()),
            ingest: None,
            caches: Arc::default(),
            access: Arc::default(),
        }
    }

    /// The same state with other access settings.
    pub fn with_access(self, access: auth::Access) -> Self {
        Self {
            access: Arc::new(access),
            ..self
        }
    }

    /// The same state, with `ingest` behind `POST /api/v1/reports`.
    pub fn with_ingest(self, ingest: Arc<dyn Ingest>) -> Self {
        Self {
            ingest: Some(ingest),
            ..self
        }
    }

    /// Runs a store call on the blocking pool; store errors become [`AppError`]s.
    pub(crate) async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> vigil_store::Result<T> + Send + 'static,
    {
        self.call_app(move |store| f(store).map_err(AppError::from))
            .await
    }

    /// [`AppState::call`] for work that answers its own [`AppError`]s.
    pub(crate) async fn call_app<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, AppError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|err| AppError::internal(format!("store task failed: {err}")))?
    }

    /// Event `id` as it stands now; 404 when there is none.
    pub(crate) async fn current_event(
        &self,
        id: vigil_store::EventId,
    ) -> Result<vigil_store::StoredEvent, AppError> {
        self.call(move |store| store.get_event(id))
            .await?
            .ok_or_else(|| AppError::not_found(format!("event {id}")))
    }

    /// A stored report with its events and entities; 404 when there is none.
    pub(crate) async fn document_with_analysis(
        &self,
        id: &str,
    ) -> Result<
        (
            vigil_store::StoredDocument,
            Vec<vigil_store::StoredEvent>,
            Vec<vigil_store::StoredEntity>,
        ),
        AppError,
    > {
        let doc_id = vigil_store::DocumentId(id.to_owned());
        self.call(move |store| {
            let Some(doc) = store.get_document(&doc_id)? else {
                return Ok(None);
            };
            Ok(Some((
                doc,
                store.document_events(&doc_id)?,
                store.document_entities(&doc_id)?,
            )))
        })
        .await?
        .ok_or_else(|| AppError::not_found(format!("document {id}")))
    }
}

/// The largest request body any route but report submission takes.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The whole application: pages, `/api/v1`, `/healthz`, `/metrics` and the
/// static files, behind the access guard, with the security headers.
pub fn app(state: AppState) -> Router {
    let metrics = Arc::clone(&state.metrics);
    let guarded = state.clone();
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .fallback(page_not_found)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(guarded, auth::guard))
        .layer(axum::middleware::from_fn(auth::catch_panics))
        .layer(axum::middleware::from_fn(auth::deadline))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(auth::headers))
}

async fn page_not_found() -> axum::response::Response {
    use axum::response::IntoResponse;
    let err = AppError::not_found("page");
    (err.status, pages::layout::error_page(&err)).into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// Binds `addr`, prints the address it serves on, and serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, addr: SocketAddr) -> io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(state, listener, |bound| {
        println!("Vigil is serving on http://{bound}/");
    })
    .await
}

/// Serves on a bound listener until Ctrl-C or SIGTERM, after telling
/// `announce` the address. Clients' addresses reach the login rate limit.
pub async fn serve_on(
    state: AppState,
    listener: tokio::net::TcpListener,
    announce: impl FnOnce(SocketAddr),
) -> io::Result<()> {
    let bound = listener.local_addr()?;
    announce(bound);
    tracing::info!(%bound, public = state.access.public, "serving");
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix (a service manager stopping the server).
async fn shutdown_signal() {
    // A handler that cannot be installed never fires: serve until killed.
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
