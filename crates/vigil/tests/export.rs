//! `vigil export` and the web API's `/api/v1/export` are one exporter: on the
//! demo database, with the same filters, they give the same bytes in every
//! format and leave out the same number of events.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_server::{AppState, app};
use vigil_store_sqlite::SqliteStore;

fn vigil(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("vigil runs")
}

/// Logs in through the API as the admin `vigil demo` made, with the
/// password it printed; the session cookie.
async fn log_in(router: &axum::Router, demo_stdout: &str) -> String {
    let password = demo_stdout
        .lines()
        .find_map(|l| l.strip_prefix("Log in as admin with the password "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the demo prints the admin's password: {demo_stdout}"));
    let body = serde_json::json!({ "name": "admin", "password": password }).to_string();
    let request = Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_owned()
}

/// The server's export for `query`: its body and its left-out header.
async fn served(router: &axum::Router, cookie: &str, query: &str) -> (Vec<u8>, usize) {
    let request = Request::get(format!("/api/v1/export?{query}"))
        .header("cookie", cookie)
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    let left_out = response
        .headers()
        .get("x-vigil-left-out")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a left-out count");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (body.to_vec(), left_out)
}

/// The count in the CLI's "acled: N events written, M left out" line.
fn acled_left_out(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("acled: "))
        .unwrap_or_else(|| panic!("no acled summary in {stderr}"));
    let (_, tail) = line.split_once(", ").expect("written, left out");
    tail.trim_end_matches(" left out").parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_server_export_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = vigil(&["demo", "--no-serve"], dir.path());
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let store = SqliteStore::open(dir.path().join("vigil-demo.db")).expect("demo db opens");
    let router = app(AppState::new(Arc::new(store)));
    let cookie = log_in(&router, &String::from_utf8_lossy(&demo.stdout)).await;

    let filters: [(&[&str], &str); 2] = [
        (&[], ""),
        (
            &[
                "--type",
                "detention",
                "--type",
                "protest",
                "--type",
                "dispersal",
            ],
            "&type=detention&type=protest&type=dispersal",
        ),
    ];
    for format in ["jsonl", "csv", "acled", "geojson"] {
        for (flags, query) in filters {
            let mut args = vec!["export", "--format", format, "--db", "vigil-demo.db"];
            args.extend_from_slice(flags);
            let cli = vigil(&args, dir.path());
            let stderr = String::from_utf8_lossy(&cli.stderr);
            assert!(cli.status.success(), "{format}{query}: {stderr}");
            let (body, left_out) =
                served(&router, &cookie, &format!("format={format}{query}")).await;
            assert!(
                body.len() > 200,
                "{format}{query}: a real export, not an empty one: {}",
                String::from_utf8_lossy(&body)
            );
            assert!(
                cli.stdout == body,
                "{format}{query} differs:\n--- cli\n{}\n--- server\n{}",
                String::from_utf8_lossy(&cli.stdout),
                String::from_utf8_lossy(&body)
            );
            if format == "acled" {
                assert_eq!(acled_left_out(&stderr), left_out, "{format}{query}");
            }
        }
    }
}
