//! Who is asking and what they may do: passwords (argon2id), sessions in
//! cookies, anti-forgery (CSRF) tokens, login rate limiting and lockout,
//! and the one table of which role may use which route.
//!
//! Every request passes [`guard`] before any handler: it finds the session
//! named by the cookie, refuses what the viewer's role does not allow
//! ([`need`]), checks the CSRF token of every request that changes state,
//! and leaves the [`Viewer`] in the request for the handlers.
//!
//! Cookies are `HttpOnly` and `SameSite=Strict`; they are `Secure` unless
//! the server listens on a loopback address (the demo, a developer's
//! machine), where browsers talk plain HTTP to it. A server on another
//! address speaks plain HTTP too, so it belongs behind a TLS proxy; its
//! cookies are sent over HTTPS only. A loopback server behind such a proxy
//! gets `Secure` cookies when the proxy says `X-Forwarded-Proto: https`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use vigil_store::{
    EventFilter, Lockout, NewSession, ReviewState, Role, StoredEvent, User, sha256_hex,
};

use crate::{AppError, AppState};

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "vigil_session";
/// The cookie holding the login form's anti-forgery token (before any session).
pub const LOGIN_CSRF_COOKIE: &str = "vigil_login_csrf";
/// The header an API client sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a page's forms send it in.
pub const CSRF_FIELD: &str = "csrf";

/// The largest form body read to find its CSRF token; bigger forms are refused.
pub const FORM_LIMIT: usize = 64 * 1024;

/// Review states the anonymous public of a `--public` instance may see.
pub const PUBLIC_STATES: [ReviewState; 2] = [ReviewState::Accepted, ReviewState::Edited];

/// How logins are limited and sessions last.
#[derive(Debug)]
pub struct Access {
    /// Whether anonymous readers see accepted events (read-only).
    pub public: bool,
    /// Whether cookies carry `Secure` (see the module docs).
    pub secure_cookies: bool,
    /// Failed logins in a row that lock an account, and for how long.
    pub lockout: Lockout,
    /// How long a session lasts after login.
    pub session_ttl: chrono::Duration,
    /// Failed logins allowed from one address within [`Access::window`].
    pub failures_per_address: usize,
    /// The window of the per-address limit.
    pub window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl Default for Access {
    fn default() -> Self {
        Self {
            public: false,
            secure_cookies: true,
            lockout: Lockout {
                max_failures: 5,
                duration: chrono::Duration::minutes(15),
            },
            session_ttl: chrono::Duration::hours(12),
            failures_per_address: 20,
            window: Duration::from_secs(600),
            failures: Mutex::new(HashMap::new()),
        }
    }
}

impl Access {
    /// The default limits, public or not, with `Secure` cookies or not.
    pub fn new(public: bool, secure_cookies: bool) -> Self {
        Self {
            public,
            secure_cookies,
            ..Self::default()
        }
    }

    /// Seconds until `ip` may try again, when it has failed too often lately.
    fn blocked(&self, ip: IpAddr) -> Option<u64> {
        let mut failures = self.failures.lock().ok()?;
        let recent = failures.get_mut(&ip)?;
        recent.retain(|t| t.elapsed() < self.window);
        if recent.len() < self.failures_per_address {
            return None;
        }
        let oldest = recent.iter().min()?;
        Some(
            self.window
                .saturating_sub(oldest.elapsed())
                .as_secs()
                .max(1),
        )
    }

    fn failed(&self, ip: IpAddr) {
        if let Ok(mut failures) = self.failures.lock() {
            // A flood of addresses must not grow the table without end.
            if failures.len() > 10_000 {
                let window = self.window;
                failures.retain(|_, times| times.iter().any(|t| t.elapsed() < window));
            }
            failures.entry(ip).or_default().push(Instant::now());
        }
    }
}

/// What a route needs of the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Anyone: the login page, static files, `/healthz`.
    Nothing,
    /// Anyone on a `--public` instance, else any user: accepted events.
    PublicRead,
    /// Any logged-in user.
    Read,
    /// An editor or an admin.
    Edit,
    /// An admin.
    Admin,
}

/// Which routes need what. Unknown paths need a login, so that an anonymous
/// caller learns nothing of what exists.
pub fn need(method: &Method, path: &str) -> Need {
    let reads = method == Method::GET || method == Method::HEAD;
    match path {
        "/login" | "/api/v1/login" | "/healthz" | "/static/style.css" | "/static/review.js" => {
            Need::Nothing
        }
        "/logout" | "/api/v1/logout" => Need::Read,
        "/metrics" => Need::Admin,
        _ if path == "/admin" || path.starts_with("/admin/") => Need::Admin,
        _ if !reads => Need::Edit,
        "/review" => Need::Edit,
        _ if path.starts_with("/review/") => Need::Edit,
        "/"
        | "/search"
        | "/api/v1/events"
        | "/api/v1/search"
        | "/api/v1/export"
        | "/api/v1/openapi.json" => Need::PublicRead,
        _ if one_segment_after(path, "/events/") || one_segment_after(path, "/api/v1/events/") => {
            Need::PublicRead
        }
        _ => Need::Read,
    }
}

fn one_segment_after(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
}

/// The person behind a request: a logged-in user with the session's CSRF
/// token, or the anonymous public.
#[derive(Debug, Clone)]
pub struct Viewer {
    session: Option<LiveSession>,
    ip: IpAddr,
    public: bool,
}

impl Default for Viewer {
    fn default() -> Self {
        Self {
            session: None,
            ip: IpAddr::from([0, 0, 0, 0]),
            public: false,
        }
    }
}

#[derive(Debug, Clone)]
struct LiveSession {
    user: User,
    csrf: String,
    token_hash: String,
}

impl Viewer {
    /// The logged-in user; `None` for the anonymous public.
    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().map(|s| &s.user)
    }

    /// The address the request came from (unspecified when unknown).
    pub fn ip(&self) -> IpAddr {
        self.ip
    }

    /// The hash of the session token, for ending it.
    fn token_hash(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.token_hash.as_str())
    }

    /// The user's role; `None` for the anonymous public.
    pub fn role(&self) -> Option<Role> {
        self.user().map(|u| u.role)
    }

    /// Whether the viewer may read accepted events: any user, and anyone on
    /// a public instance.
    pub fn reads_public(&self) -> bool {
        self.public || self.role().is_some()
    }

    /// Whether the viewer may review, edit and submit.
    pub fn can_edit(&self) -> bool {
        self.role().is_some_and(|r| r >= Role::Editor)
    }

    /// The session's CSRF token, for the forms of a page; empty when anonymous.
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }

    /// Who the versions this viewer makes are by: the user's name, never a
    /// name from the request.
    pub fn author(&self) -> Result<String, AppError> {
        self.user()
            .map(|u| u.name.clone())
            .ok_or_else(unauthenticated)
    }

    fn allows(&self, need: Need, public: bool) -> bool {
        match need {
            Need::Nothing => true,
            Need::PublicRead => public || self.role().is_some(),
            Need::Read => self.role().is_some(),
            Need::Edit => self.can_edit(),
            Need::Admin => self.role() == Some(Role::Admin),
        }
    }

    /// Narrows a filter to what the viewer may see: the anonymous public
    /// sees accepted (and edited) events only; asking for others is a 400.
    pub fn restrict(&self, filter: &mut EventFilter) -> Result<(), AppError> {
        if self.role().is_some() {
            return Ok(());
        }
        if filter.review.is_empty() {
            filter.review = PUBLIC_STATES.to_vec();
        } else if let Some(hidden) = filter.review.iter().find(|s| !PUBLIC_STATES.contains(s)) {
            return Err(AppError::bad_parameter(
                "review",
                format!(
                    "{} events are not public; only accepted and edited ones are",
                    hidden.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// Whether the viewer may see this event (the public: accepted ones only).
    pub fn sees(&self, event: &StoredEvent) -> bool {
        self.role().is_some() || PUBLIC_STATES.contains(&event.review)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default())
    }
}

fn unauthenticated() -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        "log in first".to_owned(),
    )
}

fn forbidden() -> AppError {
    AppError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "your role does not allow this".to_owned(),
    )
}

fn bad_csrf() -> AppError {
    AppError::new(
        StatusCode::FORBIDDEN,
        "csrf",
        "the anti-forgery token is missing or wrong: reload the page and try again".to_owned(),
    )
}

/// The middleware in front of every route; see the module docs.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let api = path.starts_with("/api/");
    let answer = |err: AppError| {
        if api {
            err.into_response()
        } else {
            let page = crate::pages::layout::error_page(&err);
            (err.status, page).into_response()
        }
    };
    let ip = client_ip(request.extensions());
    let viewer = match cookie(request.headers(), SESSION_COOKIE) {
        Some(token) => match session(&state, &token, ip).await {
            Ok(viewer) => viewer,
            Err(err) => return answer(err),
        },
        None => Viewer {
            session: None,
            ip,
            public: false,
        },
    };
    let viewer = Viewer {
        public: state.access.public,
        ..viewer
    };
    let need = need(&method, &path);
    if !viewer.allows(need, state.access.public) {
        if viewer.role().is_some() {
            return answer(forbidden());
        }
        if method == Method::GET && !api {
            let back = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let target = format!("/login?next={}", crate::pages::layout::segment(back));
            return Redirect::to(&target).into_response();
        }
        return answer(unauthenticated());
    }
    if !is_safe(&method) {
        let expected = if path == "/login" {
            Some(cookie(request.headers(), LOGIN_CSRF_COOKIE).unwrap_or_default())
        } else if path == "/api/v1/login" {
            // A JSON login cannot come from another site's form: browsers
            // send application/json across sites only after a CORS
            // preflight, which this server never grants. The handler
            // insists on that content type.
            None
        } else {
            Some(viewer.csrf().to_owned())
        };
        if let Some(expected) = expected {
            let (given, rebuilt) = match csrf_of(request).await {
                Ok(found) => found,
                Err(err) => return answer(err),
            };
            request = rebuilt;
            if expected.is_empty() || !given.is_some_and(|g| same(&g, &expected)) {
                return answer(bad_csrf());
            }
        }
    }
    request.extensions_mut().insert(viewer);
    next.run(request).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

async fn session(state: &AppState, token: &str, ip: IpAddr) -> Result<Viewer, AppError> {
    let token_hash = sha256_hex(token.as_bytes());
    let wanted = token_hash.clone();
    let found = state
        .call(move |store| store.session(&wanted, Utc::now()))
        .await?;
    Ok(Viewer {
        session: found.map(|s| LiveSession {
            user: s.user,
            csrf: s.csrf,
            token_hash,
        }),
        ip,
        public: false,
    })
}

/// The CSRF token a request carries: the header, else the `csrf` field of a
/// form body (read and put back). A form larger than [`FORM_LIMIT`] is a 413.
async fn csrf_of(request: Request) -> Result<(Option<String>, Request), AppError> {
    if let Some(value) = request.headers().get(CSRF_HEADER) {
        let given = value.to_str().ok().map(str::to_owned);
        return Ok((given, request));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, request));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a form may have at most {FORM_LIMIT} bytes"),
        )
    })?;
    let given = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD))
        .map(|(_, v)| v);
    Ok((given, Request::from_parts(parts, Body::from(bytes))))
}

/// Compares two tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure as configured.
pub fn set_cookie(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut text = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if secure(state, headers) {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The `Set-Cookie` value of a new session `token`, for the whole site and the session's life.
pub fn session_cookie(state: &AppState, headers: &HeaderMap, token: &str) -> HeaderValue {
    let ttl = state.access.session_ttl.num_seconds();
    set_cookie(state, headers, SESSION_COOKIE, token, "/", Some(ttl))
}

fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.access.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// A fresh random token: 32 bytes from the operating system, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A password for a generated account: 20 letters and digits from the
/// operating system's generator (about 119 bits), without look-alikes.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        let byte = (OsRng.next_u32() & 0xff) as usize;
        // Rejection keeps every character equally likely.
        if byte < 256 - 256 % ALPHABET.len() {
            out.push(ALPHABET[byte % ALPHABET.len()] as char);
        }
    }
    out
}

/// The argon2id hash of a password as a PHC string, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing the password: {e}"))
}

/// Whether `password` matches the PHC string `hash`.
fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to check unknown names against, so that they take as long as known ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

/// The shortest password `vigil user add` accepts.
pub const MIN_PASSWORD: usize = 10;

/// Refuses a password too short to resist guessing.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!(
            "a password needs at least {MIN_PASSWORD} characters"
        ));
    }
    Ok(())
}

/// Why a login failed. The message never tells whether the name exists or
/// the account is locked.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong name or password, a disabled or a locked account.
    Refused,
    /// Too many failures from this address lately; retry after so many seconds.
    TooMany(u64),
    /// The store failed.
    Store(AppError),
}

impl From<LoginError> for AppError {
    fn from(err: LoginError) -> Self {
        match err {
            LoginError::Refused => AppError::new(
                StatusCode::UNAUTHORIZED,
                "login_failed",
                "wrong name or password".to_owned(),
            ),
            LoginError::TooMany(secs) => AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("too many failed logins from this address; try again in {secs} s"),
            ),
            LoginError::Store(err) => err,
        }
    }
}

/// A started session: the cookie's token and the CSRF token.
#[derive(Debug)]
pub struct Started {
    /// The new session token (only its hash is stored).
    pub token: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Who logged in.
    pub user: User,
}

/// The client's address, when the server was started with connect info.
pub fn client_ip(request_extensions: &axum::http::Extensions) -> IpAddr {
    request_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip())
}

/// Checks a name and password; on success starts a new session, ending
/// the one the browser came with (`old_token`), so that a session id known
/// before login is worth nothing after it.
pub async fn log_in(
    state: &AppState,
    name: &str,
    password: &str,
    ip: IpAddr,
    old_token: Option<String>,
) -> Result<Started, LoginError> {
    if let Some(secs) = state.access.blocked(ip) {
        return Err(LoginError::TooMany(secs));
    }
    let wanted = name.trim().to_owned();
    let login = state
        .call(move |store| store.user_login(&wanted))
        .await
        .map_err(LoginError::Store)?;
    let hash = login
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |l| l.password_hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .unwrap_or(false);
    let now = Utc::now();
    let Some(login) = login else {
        state.access.failed(ip);
        return Err(LoginError::Refused);
    };
    let user = login.user;
    let locked = user.locked_until.is_some_and(|until| until > now);
    if !matches || user.disabled || locked {
        state.access.failed(ip);
        if !matches && !locked && !user.disabled {
            let (id, policy) = (user.id, state.access.lockout);
            let until = state
                .call(move |store| store.login_failed(id, now, &policy))
                .await
                .map_err(LoginError::Store)?;
            if let Some(until) = until {
                tracing::warn!(user = %user.name, %until, "account locked after failed logins");
            }
        }
        tracing::info!(user = %user.name, %ip, "failed login");
        return Err(LoginError::Refused);
    }
    let token = random_token();
    let csrf = random_token();
    let session = NewSession {
        token_hash: sha256_hex(token.as_bytes()),
        user: user.id,
        csrf: csrf.clone(),
        at: now,
        expires: now + state.access.session_ttl,
        replaces: old_token.map(|t| sha256_hex(t.as_bytes())),
    };
    state
        .call(move |store| store.start_session(&session))
        .await
        .map_err(LoginError::Store)?;
    tracing::info!(user = %user.name, %ip, "logged in");
    Ok(Started { token, csrf, user })
}

/// Ends the viewer's session, if any.
pub async fn log_out(state: &AppState, viewer: &Viewer) -> Result<(), AppError> {
    if let Some(hash) = viewer.token_hash() {
        let hash = hash.to_owned();
        state.call(move |store| store.end_session(&hash)).await?;
    }
    Ok(())
}

/// The headers every answer carries: a Content-Security-Policy that allows
/// only this server's own scripts and styles, no framing, no sniffing, and
/// no caching of anything but the static files.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Answers a handler's panic as a generic 500 with an id (the panic goes to
/// the log), instead of a dropped connection.
pub async fn catch_panics(request: Request, next: Next) -> Response {
    use futures_util::FutureExt;
    match std::panic::AssertUnwindSafe(next.run(request))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            AppError::internal(format!("handler panicked: {what}")).into_response()
        }
    }
}

/// How long any request may take before it is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Answers 503 to a request still running after [`REQUEST_TIMEOUT`].
pub async fn deadline(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the request took too long".to_owned(),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_need_what_the_roles_allow() {
        let get = Method::GET;
        let post = Method::POST;
        assert_eq!(need(&get, "/login"), Need::Nothing);
        assert_eq!(need(&post, "/login"), Need::Nothing);
        assert_eq!(need(&get, "/static/style.css"), Need::Nothing);
        assert_eq!(need(&get, "/static/../review"), Need::Read);
        assert_eq!(need(&get, "/"), Need::PublicRead);
        assert_eq!(need(&get, "/events/12"), Need::PublicRead);
        assert_eq!(need(&get, "/api/v1/events/12"), Need::PublicRead);
        assert_eq!(need(&get, "/api/v1/events/12/similar"), Need::Read);
        assert_eq!(need(&get, "/documents/sha256:ab"), Need::Read);
        assert_eq!(need(&get, "/people"), Need::Read);
        assert_eq!(need(&get, "/no/such/page"), Need::Read);
        assert_eq!(need(&get, "/review"), Need::Edit);
        assert_eq!(need(&post, "/review/3"), Need::Edit);
        assert_eq!(need(&post, "/api/v1/events/3/review"), Need::Edit);
        assert_eq!(need(&post, "/api/v1/reports"), Need::Edit);
        assert_eq!(need(&post, "/events/12"), Need::Edit);
        assert_eq!(need(&get, "/metrics"), Need::Admin);
        assert_eq!(need(&get, "/admin/users"), Need::Admin);
        assert_eq!(need(&post, "/admin/users/aida/disable"), Need::Admin);
        assert_eq!(need(&post, "/logout"), Need::Read);
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").expect("hashed");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse battery "));
        assert!(!verify_password("not a hash", "x"));
        let again = hash_password("correct horse battery").expect("hashed");
        assert_ne!(hash, again, "every hash has its own salt");
    }

    #[test]
    fn generated_secrets_are_fresh() {
        let (a, b) = (generate_password(), generate_password());
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(check_password(&a).is_ok());
        assert!(check_password("short").is_err());
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("xvigil_session=evil; vigil_session=abc; other=1"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, LOGIN_CSRF_COOKIE), None);
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_generic_500() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::get(|| async {
                    if true {
                        panic!("secret detail");
                    }
                    "never"
                }),
            )
            .layer(axum::middleware::from_fn(catch_panics));
        let request = Request::builder()
            .uri("/")
            .body(Body::empty())
            .expect("request");
        let response = app.oneshot(request).await.expect("answered");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("internal error "), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn the_public_sees_accepted_events_only() {
        let anonymous = Viewer::default();
        let mut filter = EventFilter::default();
        anonymous.restrict(&mut filter).expect("narrowed");
        assert_eq!(filter.review, PUBLIC_STATES);
        let mut asks_proposed = EventFilter {
            review: vec![ReviewState::Proposed],
            ..EventFilter::default()
        };
        assert!(anonymous.restrict(&mut asks_proposed).is_err());
        let mut asks_accepted = EventFilter {
            review: vec![ReviewState::Accepted],
            ..EventFilter::default()
        };
        anonymous.restrict(&mut asks_accepted).expect("allowed");
        assert_eq!(asks_accepted.review, [ReviewState::Accepted]);
    }
}
