//! Server-rendered pages: overview, search, event, entity, person, incident,
//! report, review queue, login, the admins' user list, and the embedded static files.

pub mod browse;
pub mod event;
pub mod layout;
mod login;
mod review;
pub mod text;
mod users;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use vigil_store::LinkKind;

use crate::{AppState, clusters};

/// The page routes, with HTML error pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(browse::overview))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/admin/users", get(users::list))
        .route("/admin/users/{name}/{action}", post(users::change))
        .route("/search", get(browse::search))
        .route("/events/{id}", get(event::event))
        .route("/entities/{key}", get(event::entity))
        .route("/people", get(browse::people))
        .route("/organisations", get(browse::organisations))
        .route("/documents/{id}", get(event::document))
        .route("/people/{id}", get(clusters::person_page))
        .route("/incidents/{id}", get(clusters::incident_page))
        .route(
            "/people/{id}/merge",
            post(|s, v, p, b| clusters::merge_page(LinkKind::Person, s, v, p, b)),
        )
        .route(
            "/people/{id}/split",
            post(|s, v, p, b| clusters::split_page(LinkKind::Person, s, v, p, b)),
        )
        .route(
            "/incidents/{id}/merge",
            post(|s, v, p, b| clusters::merge_page(LinkKind::Incident, s, v, p, b)),
        )
        .route(
            "/incidents/{id}/split",
            post(|s, v, p, b| clusters::split_page(LinkKind::Incident, s, v, p, b)),
        )
        .route("/review", get(review::queue))
        .route("/review/{id}", post(review::act))
        .route("/review/{id}/merge", post(review::merge))
        .route(
            "/review/{id}/split",
            get(review::split_page).post(review::split),
        )
        .route("/static/style.css", get(style))
        .route("/static/review.js", get(script))
        .layer(axum::middleware::map_response(crate::error::html_errors))
}

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/review.js");

async fn style() -> impl IntoResponse {
    static_file("text/css; charset=utf-8", STYLE)
}

async fn script() -> impl IntoResponse {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(kind: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
