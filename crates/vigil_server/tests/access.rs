//! Who may do what, over real HTTP on loopback: each role (and the anonymous
//! public, on a private and on a public instance) against every route,
//! CSRF rejection, session fixation, lockout and the per-address login
//! limit, body limits and the security headers.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use vigil_server::AppState;
use vigil_server::auth::{Access, hash_password};
use vigil_store::testing::store_corpus;
use vigil_store::{
    EventFilter, NewUser, PageRequest, Provenance, Review, ReviewAction, ReviewState, Role, Sort,
    Store,
};
use vigil_store_sqlite::SqliteStore;

const PASSWORD: &str = "a long enough password";

struct Server {
    addr: SocketAddr,
    store: Arc<SqliteStore>,
    _dir: tempfile::TempDir,
}

/// An ingest hook that fails the worst way, for the generic 500.
struct Panicking;

impl vigil_server::Ingest for Panicking {
    fn ingest(
        &self,
        _: &dyn Store,
        _: &vigil_server::Submission,
    ) -> Result<vigil_server::Ingested, String> {
        panic!("the disk at /srv/vigil is on fire");
    }
}

/// The story corpus with one accepted event, a user of each role (named
/// after it) and a disabled editor, served on a free loopback port.
fn serve(access: Access) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SqliteStore::open(dir.path().join("vigil.db")).expect("store opens"));
    store_corpus(store.as_ref());
    let first = proposed(store.as_ref());
    store
        .review_event(
            first,
            &Review {
                action: ReviewAction::Accept,
                provenance: Provenance::user("setup", chrono::Utc::now()),
                note: None,
                expected_version: None,
            },
        )
        .expect("accepted");
    let hash = hash_password(PASSWORD).expect("hash");
    for (name, role) in [
        ("viewer", Role::Viewer),
        ("editor", Role::Editor),
        ("admin", Role::Admin),
        ("gone", Role::Editor),
    ] {
        store
            .add_user(&NewUser {
                name: name.to_owned(),
                role,
                password_hash: hash.clone(),
                at: chrono::Utc::now(),
            })
            .expect("user added");
    }
    store
        .change_user(
            "gone",
            &vigil_store::UserChange::Disable,
            chrono::Utc::now(),
        )
        .expect("disabled");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    let state = AppState::new(store.clone())
        .with_access(access)
        .with_ingest(Arc::new(Panicking));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            vigil_server::serve_on(state, listener, |_| {})
                .await
                .expect("serves");
        });
    });
    Server {
        addr,
        store,
        _dir: dir,
    }
}

fn proposed(store: &dyn Store) -> vigil_store::EventId {
    let filter = EventFilter {
        review: vec![ReviewState::Proposed],
        ..EventFilter::default()
    };
    store
        .search(&filter, Sort::Newest, &PageRequest::first(1))
        .expect("search")
        .items[0]
        .id
}

fn accepted(store: &dyn Store) -> vigil_store::EventId {
    let filter = EventFilter {
        review: vec![ReviewState::Accepted],
        ..EventFilter::default()
    };
    store
        .search(&filter, Sort::Newest, &PageRequest::first(1))
        .expect("search")
        .items[0]
        .id
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value a `Set-Cookie` gives cookie `name`.
    fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies().into_iter().find_map(|c| {
            let first = c.split(';').next()?;
            let (k, v) = first.split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }

    fn to_login(&self) -> bool {
        self.status == 303
            && self
                .header("location")
                .is_some_and(|l| l.starts_with("/login"))
    }
}

/// One HTTP/1.1 request on a fresh connection, read to its end.
fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("writes");
    stream.write_all(body.as_bytes()).expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A logged-in client: its cookie header and CSRF token.
#[derive(Debug, Clone)]
struct Client {
    cookie: String,
    csrf: String,
}

fn api_login(addr: SocketAddr, name: &str, password: &str, cookie: Option<&str>) -> Reply {
    let body = serde_json::json!({ "name": name, "password": password }).to_string();
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(cookie) = cookie {
        headers.push(("Cookie", cookie));
    }
    http(addr, "POST", "/api/v1/login", &headers, &body)
}

fn log_in(addr: SocketAddr, name: &str) -> Client {
    let reply = api_login(addr, name, PASSWORD, None);
    assert_eq!(reply.status, 200, "{name}: {}", reply.body);
    Client {
        cookie: format!(
            "vigil_session={}",
            reply.cookie("vigil_session").expect("a session cookie")
        ),
        csrf: reply.json()["csrf"]
            .as_str()
            .expect("a csrf token")
            .to_owned(),
    }
}

/// What a route needs, as the issue words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Min {
    Anyone,
    Public,
    Viewer,
    Editor,
    Admin,
}

/// Every route with a request that the guard must judge.
fn routes(server: &Server) -> Vec<(&'static str, String, &'static str, Min)> {
    let p = proposed(server.store.as_ref()).0;
    let a = accepted(server.store.as_ref()).0;
    let doc = server
        .store
        .get_event(vigil_store::EventId(p))
        .expect("get")
        .expect("event")
        .document
        .0;
    let doc = doc.replace(':', "%3A");
    vec![
        ("GET", "/healthz".into(), "", Min::Anyone),
        ("GET", "/static/style.css".into(), "", Min::Anyone),
        ("GET", "/static/review.js".into(), "", Min::Anyone),
        ("GET", "/login".into(), "", Min::Anyone),
        ("GET", "/".into(), "", Min::Public),
        ("GET", "/search?q=detained".into(), "", Min::Public),
        ("GET", format!("/events/{a}"), "", Min::Public),
        ("GET", "/api/v1/events".into(), "", Min::Public),
        ("GET", "/api/v1/search".into(), "", Min::Public),
        ("GET", format!("/api/v1/events/{a}"), "", Min::Public),
        ("GET", "/api/v1/export?format=jsonl".into(), "", Min::Public),
        ("GET", "/api/v1/openapi.json".into(), "", Min::Public),
        ("GET", "/people".into(), "", Min::Viewer),
        ("GET", "/organisations".into(), "", Min::Viewer),
        ("GET", format!("/documents/{doc}"), "", Min::Viewer),
        ("GET", "/entities/person%3Ax".into(), "", Min::Viewer),
        ("GET", "/api/v1/people".into(), "", Min::Viewer),
        ("GET", "/api/v1/organisations".into(), "", Min::Viewer),
        ("GET", "/api/v1/entities/person%3Ax".into(), "", Min::Viewer),
        ("GET", format!("/api/v1/documents/{doc}"), "", Min::Viewer),
        (
            "GET",
            format!("/api/v1/events/{p}/similar"),
            "",
            Min::Viewer,
        ),
        ("GET", "/no/such/page".into(), "", Min::Viewer),
        ("GET", "/review".into(), "", Min::Editor),
        ("GET", format!("/review/{p}/split"), "", Min::Editor),
        ("POST", format!("/review/{p}"), "action=reject", Min::Editor),
        (
            "POST",
            format!("/review/{p}/merge"),
            "other=999999",
            Min::Editor,
        ),
        (
            "POST",
            format!("/review/{p}/split"),
            "type=protest",
            Min::Editor,
        ),
        (
            "POST",
            format!("/api/v1/events/{p}/review"),
            r#"{"action":"reject"}"#,
            Min::Editor,
        ),
        (
            "POST",
            "/api/v1/reports".into(),
            r#"{"body":"x"}"#,
            Min::Editor,
        ),
        ("GET", "/metrics".into(), "", Min::Admin),
        ("GET", "/admin/users".into(), "", Min::Admin),
        // Already disabled: judging it changes nothing.
        ("POST", "/admin/users/gone/disable".into(), "", Min::Admin),
    ]
}

/// Sends one route as `client`, with its CSRF token.
fn call(server: &Server, client: Option<&Client>, method: &str, path: &str, body: &str) -> Reply {
    let kind = if path.starts_with("/api/") {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut headers = vec![("Content-Type", kind)];
    let form;
    let body = match client {
        Some(c) => {
            headers.push(("Cookie", c.cookie.as_str()));
            if kind == "application/json" {
                headers.push(("X-CSRF-Token", c.csrf.as_str()));
                body
            } else if method == "POST" {
                form = format!("csrf={}&{body}", c.csrf);
                form.as_str()
            } else {
                body
            }
        }
        None => body,
    };
    http(server.addr, method, path, &headers, body)
}

fn judge(server: &Server, public: bool) {
    let clients: Vec<(Option<Min>, Option<Client>)> = vec![
        (None, None),
        (Some(Min::Viewer), Some(log_in(server.addr, "viewer"))),
        (Some(Min::Editor), Some(log_in(server.addr, "editor"))),
        (Some(Min::Admin), Some(log_in(server.addr, "admin"))),
    ];
    for (method, path, body, min) in routes(server) {
        for (rank, client) in &clients {
            let reply = call(server, client.as_ref(), method, &path, body);
            let who = format!("{method} {path} as {rank:?} (public: {public})");
            let allowed = match rank {
                None => min == Min::Anyone || public && min == Min::Public,
                Some(rank) => *rank >= min,
            };
            if path == "/api/v1/reports" && allowed {
                let message = reply.json()["message"].as_str().unwrap_or("").to_owned();
                assert_eq!(reply.status, 500, "{who}");
                assert!(
                    message.starts_with("internal error ") && !message.contains("/srv/vigil"),
                    "{who}: {message}"
                );
                continue;
            }
            assert!(reply.status < 500, "{who}: {reply:?}");
            if allowed {
                assert!(
                    !reply.to_login() && reply.status != 401 && reply.status != 403,
                    "{who} must be allowed: {} {}",
                    reply.status,
                    reply.body
                );
            } else if rank.is_none() {
                if method == "GET" && !path.starts_with("/api/") {
                    assert!(
                        reply.to_login(),
                        "{who} must go to the login page: {reply:?}"
                    );
                } else {
                    assert_eq!(reply.status, 401, "{who}: {}", reply.body);
                    if path.starts_with("/api/") {
                        assert_eq!(reply.code(), "unauthenticated", "{who}");
                    } else {
                        assert!(
                            reply.body.contains("<code>unauthenticated</code>")
                                && reply.body.contains(r#"<a href="/login">Log in</a>"#),
                            "{who}: a page that offers the login"
                        );
                    }
                }
            } else {
                assert_eq!(reply.status, 403, "{who} must be forbidden: {}", reply.body);
            }
        }
    }
}

#[test]
fn each_role_against_every_route_on_a_private_instance() {
    let server = serve(Access::new(false, false));
    judge(&server, false);
    // The login page links to nothing an anonymous visitor cannot open.
    let login = http(server.addr, "GET", "/login", &[], "");
    assert!(!login.body.contains("href=\"/search\""), "{}", login.body);
    // The login page says where to come back to.
    let page = http(server.addr, "GET", "/review?type=detention", &[], "");
    assert_eq!(
        page.header("location"),
        Some("/login?next=%2Freview%3Ftype%3Ddetention")
    );
}

#[test]
fn each_role_against_every_route_on_a_public_instance() {
    let server = serve(Access::new(true, false));
    judge(&server, true);
    let login = http(server.addr, "GET", "/login", &[], "");
    assert!(
        login.body.contains("href=\"/search\""),
        "the public may search"
    );
    // The public sees accepted events only, and no reviewer's name.
    let listed = http(server.addr, "GET", "/api/v1/events?limit=1000", &[], "").json();
    let states: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["review"].as_str())
        .collect();
    assert!(!states.is_empty());
    assert!(
        states.iter().all(|s| *s == "accepted" || *s == "edited"),
        "{states:?}"
    );
    let hidden = proposed(server.store.as_ref()).0;
    for path in [
        format!("/api/v1/events/{hidden}"),
        format!("/events/{hidden}"),
    ] {
        assert_eq!(
            http(server.addr, "GET", &path, &[], "").status,
            404,
            "{path}"
        );
    }
    let asked = http(
        server.addr,
        "GET",
        "/api/v1/events?review=proposed",
        &[],
        "",
    );
    assert_eq!(
        (asked.status, asked.code().as_str()),
        (400, "bad_parameter")
    );
    let shown = accepted(server.store.as_ref()).0;
    let event = http(
        server.addr,
        "GET",
        &format!("/api/v1/events/{shown}"),
        &[],
        "",
    )
    .json();
    assert_eq!(event["history"], serde_json::json!([]));
    let page = http(server.addr, "GET", &format!("/events/{shown}"), &[], "");
    assert!(!page.body.contains("setup") && !page.body.contains("History"));
    assert!(
        page.body.contains("<article class=\"source\">"),
        "the evidence is shown"
    );
    for link in ["href=\"/documents/", "href=\"/entities/", "href=\"/review"] {
        assert!(!page.body.contains(link), "no {link} for the public");
    }
    // A user sees them all on the same page.
    let viewer = log_in(server.addr, "viewer");
    let page = http(
        server.addr,
        "GET",
        &format!("/events/{shown}"),
        &[("Cookie", &viewer.cookie)],
        "",
    );
    assert!(page.body.contains("href=\"/documents/") && page.body.contains("History"));
    let export = http(server.addr, "GET", "/api/v1/export?format=jsonl", &[], "");
    assert!(
        export
            .body
            .lines()
            .all(|l| l.contains("\"accepted\"") || l.contains("\"edited\""))
    );
}

#[test]
fn changes_without_the_right_csrf_token_are_refused() {
    let server = serve(Access::new(false, false));
    let editor = log_in(server.addr, "editor");
    let admin = log_in(server.addr, "admin");
    let id = proposed(server.store.as_ref()).0;
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let cookie = ("Cookie", editor.cookie.as_str());
    let path = format!("/review/{id}");
    for body in [
        "action=reject".to_owned(),
        "action=reject&csrf=".to_owned(),
        "action=reject&csrf=0000".to_owned(),
        // Another session's token is no better.
        format!("action=reject&csrf={}", admin.csrf),
    ] {
        let reply = http(server.addr, "POST", &path, &[form, cookie], &body);
        assert_eq!(reply.status, 403, "{body}: {}", reply.body);
        assert!(reply.body.contains("anti-forgery"), "{}", reply.body);
    }
    let api = format!("/api/v1/events/{id}/review");
    let json = ("Content-Type", "application/json");
    for token in [None, Some("wrong"), Some(admin.csrf.as_str())] {
        let mut headers = vec![json, cookie];
        if let Some(token) = token {
            headers.push(("X-CSRF-Token", token));
        }
        let reply = http(
            server.addr,
            "POST",
            &api,
            &headers,
            r#"{"action":"reject"}"#,
        );
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (403, "csrf"),
            "{token:?}"
        );
    }
    let logout = http(server.addr, "POST", "/api/v1/logout", &[cookie], "");
    assert_eq!((logout.status, logout.code().as_str()), (403, "csrf"));
    assert_eq!(
        server
            .store
            .get_event(vigil_store::EventId(id))
            .expect("get")
            .expect("event")
            .version,
        1,
        "nothing changed"
    );

    // With the session's own token the same changes go through.
    let ok = format!("action=reject&csrf={}", editor.csrf);
    let reply = http(server.addr, "POST", &path, &[form, cookie], &ok);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let reply = http(
        server.addr,
        "POST",
        &api,
        &[json, cookie, ("X-CSRF-Token", editor.csrf.as_str())],
        r#"{"action":"accept","note":"on second look"}"#,
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    // The version is by the logged-in user, whatever the body might say.
    assert_eq!(reply.json()["provenance"]["author"], "editor");

    // The login form needs the token of the cookie set with it.
    let page = http(server.addr, "GET", "/login", &[], "");
    let token = page
        .cookie("vigil_login_csrf")
        .expect("a login token cookie");
    assert!(page.body.contains(&format!("value=\"{token}\"")));
    let login_cookie = format!("vigil_login_csrf={token}");
    let login = |cookie: Option<&str>, field: &str| {
        let mut headers = vec![form];
        if let Some(cookie) = cookie {
            headers.push(("Cookie", cookie));
        }
        let body = format!(
            "name=editor&password={}&csrf={field}",
            PASSWORD.replace(' ', "+")
        );
        http(server.addr, "POST", "/login", &headers, &body)
    };
    assert_eq!(login(None, &token).status, 403, "no cookie");
    assert_eq!(
        login(Some(&login_cookie), "other").status,
        403,
        "field differs"
    );
    let done = login(Some(&login_cookie), &token);
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(done.cookie("vigil_session").is_some());
}

#[test]
fn a_session_id_known_before_login_is_worthless_after_it() {
    let server = serve(Access::new(false, false));
    let events = |cookie: &str| {
        http(
            server.addr,
            "GET",
            "/api/v1/events",
            &[("Cookie", cookie)],
            "",
        )
        .status
    };

    // A made-up id planted in the victim's browser.
    let planted = "vigil_session=chosen-by-the-attacker";
    let reply = api_login(server.addr, "editor", PASSWORD, Some(planted));
    assert_eq!(reply.status, 200);
    let issued = reply.cookie("vigil_session").expect("a new session");
    assert_ne!(issued, "chosen-by-the-attacker");
    assert_eq!(events(planted), 401);
    assert_eq!(events(&format!("vigil_session={issued}")), 200);

    // The attacker's own live session, planted: logging in ends it.
    let attacker = log_in(server.addr, "viewer");
    assert_eq!(events(&attacker.cookie), 200);
    let reply = api_login(server.addr, "editor", PASSWORD, Some(&attacker.cookie));
    let victim = format!(
        "vigil_session={}",
        reply.cookie("vigil_session").expect("new")
    );
    assert_ne!(victim, attacker.cookie);
    assert_eq!(
        events(&attacker.cookie),
        401,
        "the planted session ended at login"
    );
    assert_eq!(events(&victim), 200);

    // Through the login page too.
    let page = http(server.addr, "GET", "/login", &[], "");
    let token = page.cookie("vigil_login_csrf").expect("token");
    let cookies = format!("vigil_login_csrf={token}; {victim}");
    let body = format!(
        "name=admin&password={}&csrf={token}&next=%2Freview",
        PASSWORD.replace(' ', "+")
    );
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let reply = http(
        server.addr,
        "POST",
        "/login",
        &[form, ("Cookie", &cookies)],
        &body,
    );
    assert_eq!(
        (reply.status, reply.header("location")),
        (303, Some("/review"))
    );
    let admin = format!(
        "vigil_session={}",
        reply.cookie("vigil_session").expect("new")
    );
    assert_ne!(admin, victim);
    assert_eq!(events(&victim), 401);
    assert_eq!(events(&admin), 200);

    // Cookies: HttpOnly, SameSite=Strict, not Secure on a loopback server
    // unless a proxy says the browser spoke HTTPS.
    let set = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("vigil_session="))
        .expect("set")
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "{set}");
    let proxied = http(
        server.addr,
        "POST",
        "/api/v1/login",
        &[
            ("Content-Type", "application/json"),
            ("X-Forwarded-Proto", "https"),
        ],
        &serde_json::json!({ "name": "viewer", "password": PASSWORD }).to_string(),
    );
    assert!(
        proxied.set_cookies().iter().any(|c| c.contains("; Secure")),
        "{proxied:?}"
    );

    // Logging out ends the session on the server, not only in the browser.
    let client = log_in(server.addr, "viewer");
    let out = http(
        server.addr,
        "POST",
        "/api/v1/logout",
        &[("Cookie", &client.cookie), ("X-CSRF-Token", &client.csrf)],
        "",
    );
    assert_eq!(out.status, 204);
    assert_eq!(events(&client.cookie), 401);

    // A disabled user cannot log in; disabling ends a live session.
    assert_eq!(api_login(server.addr, "gone", PASSWORD, None).status, 401);
    let editor = log_in(server.addr, "editor");
    server
        .store
        .change_user(
            "editor",
            &vigil_store::UserChange::Disable,
            chrono::Utc::now(),
        )
        .expect("disabled");
    assert_eq!(events(&editor.cookie), 401);
}

#[test]
fn repeated_failures_lock_the_account_for_a_while() {
    let mut access = Access::new(false, false);
    access.lockout = vigil_store::Lockout {
        max_failures: 3,
        // Long enough for the checks below on a loaded machine.
        duration: chrono::Duration::seconds(8),
    };
    let server = serve(access);
    for _ in 0..3 {
        let reply = api_login(server.addr, "editor", "wrong password", None);
        assert_eq!((reply.status, reply.code().as_str()), (401, "login_failed"));
    }
    // Locked: the right password is refused, with the same answer as a wrong one.
    let locked = api_login(server.addr, "editor", PASSWORD, None);
    assert_eq!(
        (locked.status, locked.code().as_str()),
        (401, "login_failed")
    );
    let unknown = api_login(server.addr, "nobody", PASSWORD, None);
    assert_eq!(
        locked.body, unknown.body,
        "a lockout does not tell that the name exists"
    );
    // Other accounts are not locked.
    assert_eq!(api_login(server.addr, "viewer", PASSWORD, None).status, 200);
    let until = server
        .store
        .user_login("editor")
        .expect("read")
        .expect("there")
        .user
        .locked_until
        .expect("locked");
    assert!(
        until > chrono::Utc::now(),
        "the checks above ran while locked"
    );
    let left = (until - chrono::Utc::now()).to_std().unwrap_or_default();
    std::thread::sleep(left + Duration::from_millis(200));
    assert_eq!(
        api_login(server.addr, "editor", PASSWORD, None).status,
        200,
        "unlocked in time"
    );
}

#[test]
fn one_address_failing_too_often_must_wait() {
    let mut access = Access::new(false, false);
    access.failures_per_address = 4;
    let server = serve(access);
    // Four different names: no account is locked, but the address is.
    for name in ["viewer", "editor", "admin", "nobody"] {
        assert_eq!(
            api_login(server.addr, name, "wrong password", None).status,
            401
        );
    }
    let limited = api_login(server.addr, "admin", PASSWORD, None);
    assert_eq!(
        (limited.status, limited.code().as_str()),
        (429, "too_many_attempts")
    );
    // The form says it too, as a page.
    let page = http(server.addr, "GET", "/login", &[], "");
    let token = page.cookie("vigil_login_csrf").expect("token");
    let reply = http(
        server.addr,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &format!("vigil_login_csrf={token}")),
        ],
        &format!("name=admin&password=x&csrf={token}"),
    );
    assert_eq!(reply.status, 429);
    assert!(
        reply
            .body
            .contains(r#"<p class="error" role="alert">too many failed logins"#)
            && reply.body.contains(r#"<form class="login""#),
        "the login page again, with the reason: {}",
        reply.body
    );
}

#[test]
fn every_answer_carries_the_security_headers_and_bodies_are_bounded() {
    let server = serve(Access::new(false, false));
    let admin = log_in(server.addr, "admin");
    let cookie = ("Cookie", admin.cookie.as_str());
    for path in [
        "/",
        "/login",
        "/static/style.css",
        "/api/v1/events",
        "/nothing",
        "/healthz",
    ] {
        let reply = http(server.addr, "GET", path, &[cookie], "");
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    // No page has an inline script or style for the policy to block.
    for path in ["/", "/search", "/review", "/people", "/login"] {
        let body = http(server.addr, "GET", path, &[cookie], "").body;
        assert!(
            !body.contains("<script>") && !body.contains("<style") && !body.contains(" style="),
            "{path}"
        );
    }
    let id = proposed(server.store.as_ref()).0;
    let big_form = format!("csrf={}&note={}", admin.csrf, "x".repeat(100 * 1024));
    let reply = http(
        server.addr,
        "POST",
        &format!("/review/{id}"),
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            cookie,
        ],
        &big_form,
    );
    assert_eq!(reply.status, 413);
    let big_json = format!(
        r#"{{"action":"accept","note":"{}"}}"#,
        "x".repeat(300 * 1024)
    );
    let reply = http(
        server.addr,
        "POST",
        &format!("/api/v1/events/{id}/review"),
        &[
            ("Content-Type", "application/json"),
            cookie,
            ("X-CSRF-Token", &admin.csrf),
        ],
        &big_json,
    );
    assert_eq!((reply.status, reply.code().as_str()), (413, "too_large"));
}

#[test]
fn an_admin_disables_and_enables_users_on_the_users_page() {
    let server = serve(Access::new(false, false));
    let admin = log_in(server.addr, "admin");
    let editor = log_in(server.addr, "editor");
    let cookie = ("Cookie", admin.cookie.as_str());
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let page = http(server.addr, "GET", "/admin/users", &[cookie], "");
    assert_eq!(page.status, 200);
    for name in ["viewer", "editor", "admin", "gone"] {
        assert!(page.body.contains(&format!("<td>{name}</td>")), "{name}");
    }
    assert!(
        page.body
            .contains(r#"action="/admin/users/editor/disable""#)
    );
    assert!(page.body.contains(r#"action="/admin/users/gone/enable""#));
    assert!(
        !page.body.contains(r#"action="/admin/users/admin/"#),
        "no button for oneself"
    );
    assert!(!page.body.contains("$argon2"), "never a hash");

    let csrf = format!("csrf={}", admin.csrf);
    let done = http(
        server.addr,
        "POST",
        "/admin/users/editor/disable",
        &[form, cookie],
        &csrf,
    );
    assert_eq!(
        (done.status, done.header("location")),
        (303, Some("/admin/users"))
    );
    let events = |cookie: &str| {
        http(
            server.addr,
            "GET",
            "/api/v1/events",
            &[("Cookie", cookie)],
            "",
        )
        .status
    };
    assert_eq!(events(&editor.cookie), 401, "the editor's session ended");
    assert_eq!(api_login(server.addr, "editor", PASSWORD, None).status, 401);
    let done = http(
        server.addr,
        "POST",
        "/admin/users/editor/enable",
        &[form, cookie],
        &csrf,
    );
    assert_eq!(done.status, 303);
    assert_eq!(api_login(server.addr, "editor", PASSWORD, None).status, 200);

    let myself = http(
        server.addr,
        "POST",
        "/admin/users/ADMIN/disable",
        &[form, cookie],
        &csrf,
    );
    assert_eq!(myself.status, 400, "{}", myself.body);
    let unknown = http(
        server.addr,
        "POST",
        "/admin/users/nobody/disable",
        &[form, cookie],
        &csrf,
    );
    assert_eq!(unknown.status, 404);
    let odd = http(
        server.addr,
        "POST",
        "/admin/users/viewer/promote",
        &[form, cookie],
        &csrf,
    );
    assert_eq!(odd.status, 400);
    assert_eq!(events(&admin.cookie), 200);
}
