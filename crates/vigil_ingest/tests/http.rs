//! URL and feed ingestion against real HTTP servers on loopback, started by each test.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use support::{Reply, Server, fixed_clock};
use vigil_ingest::{Fetched, IngestError, IngestSettings, Ingester, Item, Source, Validators};

fn settings() -> IngestSettings {
    IngestSettings {
        clock: fixed_clock,
        ..IngestSettings::default()
    }
}

/// Runs the ingester over `urls` and returns every outcome in the order it came.
fn run_with(
    settings: IngestSettings,
    urls: &[String],
    known: &vigil_ingest::KnownValidators<'_>,
) -> Vec<Result<Item, IngestError>> {
    let sources: Vec<Source> = urls.iter().map(|u| Source::parse(u).unwrap()).collect();
    let mut items = Vec::new();
    Ingester::new(settings)
        .run(&sources, known, |item| items.push(item))
        .unwrap();
    items
}

fn run(urls: &[String]) -> Vec<Result<Item, IngestError>> {
    run_with(settings(), urls, &|_| None)
}

fn pages(items: &[Result<Item, IngestError>]) -> Vec<&Fetched> {
    items
        .iter()
        .filter_map(|i| match i {
            Ok(Item::Page(page)) => Some(page.as_ref()),
            _ => None,
        })
        .collect()
}

fn errors(items: &[Result<Item, IngestError>]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_page_is_fetched_with_its_evidence() {
    let server = Server::start(|_| Reply::Full {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "text/html; charset=utf-8".into()),
            ("ETag".into(), "\"v7\"".into()),
            (
                "Last-Modified".into(),
                "Tue, 15 Oct 2024 09:05:00 GMT".into(),
            ),
        ],
        body: b"<p>Police detained 12 marchers.</p>".to_vec(),
    });
    let url = server.url("/report.html");
    let items = run(std::slice::from_ref(&url));
    assert_eq!(errors(&items), Vec::<String>::new());
    let got = pages(&items);
    assert_eq!(got.len(), 1);
    let page = got[0];
    assert_eq!(page.page.bytes, b"<p>Police detained 12 marchers.</p>");
    assert_eq!(page.page.url.as_deref(), Some(url.as_str()));
    assert_eq!(page.page.source, url);
    assert_eq!(
        page.page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.status, Some(200));
    assert_eq!(page.fetched_at, Some(fixed_clock()));
    assert_eq!(page.final_url, None);
    assert_eq!(page.validators.etag.as_deref(), Some("\"v7\""));
    assert_eq!(
        page.validators.last_modified.as_deref(),
        Some("Tue, 15 Oct 2024 09:05:00 GMT")
    );
    let agent = server.requests()[0]
        .header("user-agent")
        .unwrap_or_default()
        .to_owned();
    assert!(agent.starts_with("vigil/0."), "{agent}");
    assert!(agent.contains("(+https://"), "{agent}");
}

#[test]
fn a_404_is_a_clear_error_and_the_rest_comes_through() {
    let server = Server::start(|r| match r.path.as_str() {
        "/gone.html" => Reply::status(404),
        _ => Reply::html("<p>still here</p>"),
    });
    let (gone, kept) = (server.url("/gone.html"), server.url("/kept.html"));
    let items = run(&[gone.clone(), kept.clone()]);
    assert_eq!(errors(&items), [format!("{gone}: HTTP status 404")]);
    assert!(matches!(
        &items.iter().find(|i| i.is_err()),
        Some(Err(IngestError::Status { status: 404, .. }))
    ));
    let got = pages(&items);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].page.url.as_deref(), Some(kept.as_str()));
}

#[test]
fn a_slow_server_hits_the_timeout() {
    let server = Server::start(|r| match r.path.as_str() {
        "/slow" => Reply::Stall(Duration::from_secs(5)),
        _ => Reply::html("<p>quick</p>"),
    });
    let quick_settings = IngestSettings {
        timeout: Duration::from_millis(300),
        ..settings()
    };
    let slow = server.url("/slow");
    let started = Instant::now();
    let items = run_with(
        quick_settings,
        &[slow.clone(), server.url("/quick")],
        &|_| None,
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(errors(&items), [format!("{slow}: timed out (limit 0.3s)")]);
    assert_eq!(pages(&items).len(), 1);
}

#[test]
fn redirect_loops_and_long_chains_stop() {
    let server = Server::start(|r| {
        let path = r.path.as_str();
        match path {
            "/a" => Reply::redirect("/b"),
            "/b" => Reply::redirect("/a"),
            "/moved" => Reply::redirect("/final"),
            "/final" => Reply::html("<p>arrived</p>"),
            _ => match path
                .strip_prefix("/hop/")
                .and_then(|n| n.parse::<u32>().ok())
            {
                Some(n) => Reply::redirect(&format!("/hop/{}", n + 1)),
                None => Reply::status(404),
            },
        }
    });
    let (looping, chain, moved) = (server.url("/a"), server.url("/hop/0"), server.url("/moved"));
    let items = run(&[looping.clone(), chain.clone(), moved.clone()]);
    let mut errs = errors(&items);
    errs.sort();
    assert_eq!(
        errs,
        [
            format!("{looping}: redirect loop or more than 10 redirects"),
            format!("{chain}: redirect loop or more than 10 redirects"),
        ]
    );
    let got = pages(&items);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].page.url.as_deref(), Some(moved.as_str()));
    assert_eq!(
        got[0].final_url.as_deref(),
        Some(server.url("/final").as_str())
    );
    let hops = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/hop/"))
        .count();
    assert_eq!(hops, 11, "the first request and 10 redirects");
}

#[test]
fn a_100_mb_body_stops_at_the_cap_without_being_read_whole() {
    const TOTAL: u64 = 100 * 1024 * 1024;
    let server = Server::start(|r| Reply::Stream {
        total: TOTAL,
        content_length: r.path == "/declared",
    });
    let (undeclared, declared) = (server.url("/undeclared"), server.url("/declared"));
    let items = run(&[undeclared.clone(), declared.clone()]);
    let cap = IngestSettings::default().max_bytes;
    let mut errs = errors(&items);
    errs.sort();
    assert_eq!(
        errs,
        [
            format!("{declared}: larger than the cap of {cap} bytes"),
            format!("{undeclared}: larger than the cap of {cap} bytes"),
        ]
    );
    // The client stopped reading at the cap; the server could only write what the socket
    // buffers took beyond it.
    let written = server.streamed.load(std::sync::atomic::Ordering::SeqCst);
    assert!(written < TOTAL / 2, "server wrote {written} bytes");
}

#[test]
fn invalid_xml_as_a_feed_is_one_error() {
    let server = Server::start(|r| match r.path.as_str() {
        "/broken.xml" => Reply::with_type(
            200,
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><item><title>cut",
        ),
        _ => Reply::html("<p>fine</p>"),
    });
    let broken = server.url("/broken.xml");
    let items = run(&[broken.clone(), server.url("/fine.html")]);
    let errs = errors(&items);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!("{broken}: bad feed: ")),
        "{}",
        errs[0]
    );
    assert!(!errs[0].contains('\n'));
    assert_eq!(pages(&items).len(), 1);
}

/// Serves the demo corpus's feed with its links pointing back at this server; one page is
/// missing (404).
fn demo_feed_server(missing: &'static str) -> Server {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo/feed");
    let feed_template = std::fs::read_to_string(format!("{demo}/rss.xml")).unwrap();
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let base_in = std::sync::Arc::clone(&base);
    let server = Server::start(move |r| {
        let path = r.path.as_str();
        if path == "/rss.xml" {
            let feed = feed_template.replace("{{BASE}}", base_in.get().unwrap());
            return Reply::with_type(200, "application/rss+xml; charset=utf-8", &feed);
        }
        match path.strip_prefix("/pages/") {
            Some(name) if name != missing && !name.contains('/') => {
                match std::fs::read_to_string(format!("{demo}/pages/{name}")) {
                    Ok(html) => Reply::html(&html),
                    Err(_) => Reply::status(404),
                }
            }
            _ => Reply::status(404),
        }
    });
    base.set(server.base.clone()).unwrap();
    server
}

#[test]
fn a_feed_brings_its_items_with_titles_and_dates_and_a_missing_one_fails_alone() {
    let missing = "ow-2024-05-12-tbilisi-protest-detentions.html";
    let server = demo_feed_server(missing);
    let feed_url = server.url("/rss.xml");
    let items = run(std::slice::from_ref(&feed_url));

    let feeds: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Ok(Item::Feed(feed)) => Some(feed),
            _ => None,
        })
        .collect();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].url, feed_url);
    assert_eq!(feeds[0].items, 8);
    assert!(
        feeds[0]
            .title
            .as_deref()
            .unwrap_or_default()
            .starts_with("Oxus Wire")
    );

    assert_eq!(
        errors(&items),
        [format!(
            "{}: HTTP status 404",
            server.url(&format!("/pages/{missing}"))
        )]
    );
    let mut got = pages(&items);
    got.sort_by_key(|p| p.page.url.clone());
    assert_eq!(got.len(), 7);
    for page in &got {
        assert_eq!(page.page.source, feed_url);
        assert!(page.title.is_some(), "{:?}", page.page.url);
        assert!(String::from_utf8_lossy(&page.page.bytes).contains("<html"));
    }
    let baku = got
        .iter()
        .find(|p| {
            p.page
                .url
                .as_deref()
                .unwrap_or_default()
                .ends_with("baku-journalists-remanded.html")
        })
        .unwrap();
    assert_eq!(baku.page.published, NaiveDate::from_ymd_opt(2024, 11, 22));
    assert_eq!(
        baku.title.as_deref(),
        Some("Azerbaijan remands two Kaspi Voice journalists in currency smuggling case")
    );
}

#[test]
fn a_feed_is_recognised_by_its_content_when_the_type_says_xml() {
    let server = Server::start(|r| match r.path.as_str() {
        "/news" => Reply::with_type(
            200,
            "text/xml",
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Desk</title>\
             <entry><title>Sit-in</title><link href=\"/sit-in\"/><updated>2024-03-01T10:00:00Z</updated></entry></feed>",
        ),
        _ => Reply::html("<p>sit-in</p>"),
    });
    let items = run(&[server.url("/news")]);
    assert_eq!(errors(&items), Vec::<String>::new());
    let got = pages(&items);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].page.url.as_deref(),
        Some(server.url("/sit-in").as_str())
    );
    assert_eq!(got[0].page.published, NaiveDate::from_ymd_opt(2024, 3, 1));
    assert_eq!(got[0].title.as_deref(), Some("Sit-in"));
}

#[test]
fn an_unchanged_page_comes_back_as_not_modified() {
    let server = Server::start(|r| {
        if r.header("if-none-match") == Some("\"v1\"") {
            return Reply::status(304);
        }
        Reply::Full {
            status: 200,
            headers: vec![
                ("ETag".into(), "\"v2\"".into()),
                ("Content-Type".into(), "text/html".into()),
            ],
            body: b"<p>changed</p>".to_vec(),
        }
    });
    let (same, changed) = (server.url("/same"), server.url("/changed"));
    let known = |url: &str| {
        Some(Validators {
            etag: Some(
                if url.ends_with("/same") {
                    "\"v1\""
                } else {
                    "\"v0\""
                }
                .to_owned(),
            ),
            last_modified: Some("Tue, 15 Oct 2024 09:05:00 GMT".to_owned()),
        })
    };
    let items = run_with(settings(), &[same.clone(), changed], &known);
    assert_eq!(errors(&items), Vec::<String>::new());
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Ok(Item::NotModified { url }) if *url == same))
    );
    let got = pages(&items);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].validators.etag.as_deref(), Some("\"v2\""));
    let sent = server.requests();
    assert!(
        sent.iter()
            .all(|r| r.header("if-modified-since") == Some("Tue, 15 Oct 2024 09:05:00 GMT"))
    );
}

#[test]
fn at_most_two_requests_per_host_at_once() {
    let server =
        Server::start(|_| Reply::Slow(Duration::from_millis(150), "<p>slow page</p>".into()));
    let urls: Vec<String> = (0..6).map(|n| server.url(&format!("/p{n}"))).collect();
    let items = run(&urls);
    assert_eq!(pages(&items).len(), 6);
    assert_eq!(
        server
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst),
        2
    );
}

#[test]
fn a_refused_connection_is_a_one_line_fetch_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/nobody");
    let items = run(std::slice::from_ref(&url));
    let errs = errors(&items);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with(&format!("{url}: fetch failed: ")),
        "{}",
        errs[0]
    );
    assert!(matches!(items[0], Err(IngestError::Fetch { .. })));
}

#[test]
fn the_same_link_twice_is_fetched_once() {
    let server = Server::start(|_| Reply::html("<p>once</p>"));
    let url = server.url("/once");
    let items = run(&[url.clone(), url]);
    assert_eq!(pages(&items).len(), 1);
    assert_eq!(server.requests().len(), 1);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    let server = Server::start(|r| {
        let body = if r.path == "/bomb" {
            vec![b' '; 4_000_000]
        } else {
            b"<p>zipped report</p>".to_vec()
        };
        Reply::Full {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/html".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: gzip(&body),
        }
    });
    let (small, bomb) = (server.url("/small"), server.url("/bomb"));
    let capped = IngestSettings {
        max_bytes: 100_000,
        ..settings()
    };
    let items = run_with(capped, &[small, bomb.clone()], &|_| None);
    assert_eq!(
        errors(&items),
        [format!("{bomb}: larger than the cap of 100000 bytes")]
    );
    assert_eq!(pages(&items)[0].page.bytes, b"<p>zipped report</p>");
    let asked = server.requests()[0]
        .header("accept-encoding")
        .unwrap_or_default()
        .to_owned();
    assert!(asked.contains("gzip"), "{asked}");
}
