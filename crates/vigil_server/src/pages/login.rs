//! The login and logout pages. The login form carries a token that must
//! match a cookie set with it (there is no session yet to hold one), so that
//! another site cannot log a browser into an account of its choosing.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::page;
use crate::auth::{
    self, CSRF_FIELD, LOGIN_CSRF_COOKIE, LoginError, SESSION_COOKIE, Viewer, cookie,
};
use crate::params::pairs;
use crate::{AppError, AppState};

/// Where to go after logging in: a path on this server, never another site
/// (`//host`, `/\host` and absolute URLs are refused), and only printable
/// ASCII, so that it is a valid `Location` header (no line breaks).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n
        }
        _ => "/",
    }
}

/// `GET /login`.
pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let next = pairs(query.as_deref())?
        .into_iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v);
    let token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_else(auth::random_token);
    let body = login_page(&viewer, &token, safe_next(next.as_deref()), None);
    Ok(with_login_cookie(
        &state,
        &headers,
        &token,
        StatusCode::OK,
        body,
    ))
}

fn with_login_cookie(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
    status: StatusCode,
    body: Markup,
) -> Response {
    let cookie = auth::set_cookie(state, headers, LOGIN_CSRF_COOKIE, token, "/login", None);
    (status, [(header::SET_COOKIE, cookie)], body).into_response()
}

fn login_page(viewer: &Viewer, token: &str, next: &str, error: Option<&str>) -> Markup {
    page(
        viewer,
        "Log in",
        html! {
            h1 { "Log in" }
            @if let Some(user) = viewer.user() { p.muted { "You are logged in as " (user.name) "." } }
            @if let Some(error) = error { p.error role="alert" { (error) } }
            form.login method="post" action="/login" {
                input type="hidden" name=(CSRF_FIELD) value=(token);
                input type="hidden" name="next" value=(next);
                label { "Name " input name="name" autocomplete="username" required autofocus; }
                label { "Password " input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" { "Log in" }
            }
        },
    )
}

/// A login form as posted.
#[derive(Debug, Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

/// `POST /login`: a new session and back to where the user was going.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form: LoginForm =
        serde_urlencoded::from_bytes(&body).map_err(|err| AppError::bad_parameter("form", err))?;
    let next = safe_next(form.next.as_deref()).to_owned();
    let old = cookie(&headers, SESSION_COOKIE);
    match auth::log_in(&state, &form.name, &form.password, viewer.ip(), old).await {
        Ok(started) => {
            let session = auth::session_cookie(&state, &headers, &started.token);
            let spent =
                auth::set_cookie(&state, &headers, LOGIN_CSRF_COOKIE, "", "/login", Some(0));
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().append(header::SET_COOKIE, session);
            response.headers_mut().append(header::SET_COOKIE, spent);
            Ok(response)
        }
        Err(LoginError::Store(err)) => Err(err),
        Err(err) => {
            let err = AppError::from(err);
            let body = login_page(&viewer, &form.csrf, &next, Some(&err.message));
            Ok(with_login_cookie(
                &state, &headers, &form.csrf, err.status, body,
            ))
        }
    }
}

/// `POST /logout`: the session ends, its cookie is cleared.
pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    auth::log_out(&state, &viewer).await?;
    let cleared = auth::set_cookie(&state, &headers, SESSION_COOKIE, "", "/", Some(0));
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(header::SET_COOKIE, cleared);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_server() {
        assert_eq!(
            safe_next(Some("/review?type=detention")),
            "/review?type=detention"
        );
        for away in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "review",
            "/x\r\nSet-Cookie: a=b",
            "/ü",
        ] {
            assert_eq!(safe_next(Some(away)), "/", "{away}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
