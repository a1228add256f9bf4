//! One error type for every handler: client faults become 4xx with a stable
//! `{code, message}` body, internal faults a generic 500 and a log line.
//!
//! Pages get the same error as HTML: [`AppError`]'s response carries the
//! error in its extensions and the page router's [`html_errors`] layer
//! renders it as a small page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use vigil_store::StoreError;

/// What went wrong, as told to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// A stable machine-readable code (`bad_parameter`, `not_found`…).
    pub code: &'static str,
    /// What a person should read.
    pub message: String,
}

impl AppError {
    /// A 400: a parameter the client sent is malformed.
    pub fn bad_parameter(name: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            format!("{name}: {why}"),
        )
    }

    /// A 404 for `what` (`event 12`).
    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// A 500: logged in full under a fresh id, told to the client only as
    /// an internal error with that id, so that a report of it can be found
    /// in the log.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let id = &crate::auth::random_token()[..12];
        tracing::error!(%id, %detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error {id}; the server log has the details"),
        )
    }

    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        Self {
            status,
            code,
            message,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match &err {
            StoreError::InvalidQuery(why) => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_query", why.clone())
            }
            StoreError::NotFound { .. } => {
                Self::new(StatusCode::NOT_FOUND, "not_found", err.to_string())
            }
            StoreError::Conflict { .. } => {
                Self::new(StatusCode::CONFLICT, "conflict", err.to_string())
            }
            StoreError::Refused(_) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "refused", err.to_string())
            }
            _ => Self::internal(err),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(&self)).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Turns an error response of a page route into a small HTML page, whether
/// it came from a handler ([`AppError`]) or from axum's own extractors.
pub async fn html_errors(response: Response) -> Response {
    let is_html = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let err = match response.extensions().get::<AppError>() {
        Some(err) => err.clone(),
        // A page that answers an error with its own HTML (the login form
        // after a wrong password) is kept as it is.
        None if response.status().is_client_error() && !is_html => from_plain(response).await,
        None => return response,
    };
    let page = crate::pages::layout::error_page(&err);
    (err.status, page).into_response()
}

/// Gives the API's client errors from axum's own extractors (a path that is
/// not UTF-8, a body too large, a wrong method) the `{code, message}` body.
pub async fn json_errors(response: Response) -> Response {
    if !response.status().is_client_error() || response.extensions().get::<AppError>().is_some() {
        return response;
    }
    let allow = response.headers().get(axum::http::header::ALLOW).cloned();
    let mut fixed = from_plain(response).await.into_response();
    if let Some(allow) = allow {
        fixed.headers_mut().insert(axum::http::header::ALLOW, allow);
    }
    fixed
}

/// An [`AppError`] from a plain-text client error response.
async fn from_plain(response: Response) -> AppError {
    let status = response.status();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        _ => "bad_request",
    };
    let bytes = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("bad request")
            .to_owned()
    } else {
        text
    };
    AppError::new(status, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_tell_an_id_and_no_detail() {
        let a = AppError::internal("disk I/O error at /var/lib/vigil.db");
        let b = AppError::internal("disk I/O error at /var/lib/vigil.db");
        assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(a.message.starts_with("internal error "), "{}", a.message);
        assert!(!a.message.contains("/var/lib"), "{}", a.message);
        assert_ne!(a.message, b.message, "each has its own id");
    }
}
