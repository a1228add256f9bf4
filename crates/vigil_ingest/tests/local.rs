//! Files, directories and WARC archives, written by the tests into temporary directories.

#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::io::Write;
use std::path::Path;

use chrono::{TimeZone, Utc};
use support::fixed_clock;
use vigil_ingest::{Fetched, IngestError, IngestSettings, Ingester, Item, Source};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn ingest(args: &[&Path], settings: IngestSettings) -> Vec<Result<Item, IngestError>> {
    let sources: Vec<Source> = args
        .iter()
        .map(|p| Source::parse(&p.display().to_string()).unwrap())
        .collect();
    let mut items = Vec::new();
    Ingester::new(settings)
        .run(&sources, &|_| None, |item| items.push(item))
        .unwrap();
    items
}

fn settings() -> IngestSettings {
    IngestSettings {
        clock: fixed_clock,
        ..IngestSettings::default()
    }
}

fn page(item: &Result<Item, IngestError>) -> &Fetched {
    match item {
        Ok(Item::Page(page)) => page,
        other => panic!("expected a page, got {other:?}"),
    }
}

#[test]
fn a_directory_is_read_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/deeper")).unwrap();
    fs::create_dir_all(root.join(".cache")).unwrap();
    fs::write(root.join("c.txt"), "Plain report: a picket in the square.").unwrap();
    fs::write(root.join("a.html"), "<p>A march.</p>").unwrap();
    fs::write(root.join("b/deeper/z.htm.gz"), gzip(b"<p>A strike.</p>")).unwrap();
    fs::write(root.join("b/notes.md"), "not an input").unwrap();
    fs::write(root.join("b/sitemap.xml"), "<urlset/>").unwrap();
    fs::write(root.join("b/y.TXT.gz"), gzip(b"A sit-in.")).unwrap();
    fs::write(root.join(".cache/hidden.html"), "<p>hidden</p>").unwrap();

    let items = ingest(&[root], settings());
    let got: Vec<(String, Option<String>, String)> = items
        .iter()
        .map(page)
        .map(|p| {
            let rel = Path::new(&p.page.source)
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string();
            (
                rel,
                p.page.content_type.clone(),
                String::from_utf8_lossy(&p.page.bytes).into_owned(),
            )
        })
        .collect();
    let expected = [
        ("a.html", Some("text/html"), "<p>A march.</p>"),
        ("b/deeper/z.htm.gz", Some("text/html"), "<p>A strike.</p>"),
        ("b/y.TXT.gz", Some("text/plain"), "A sit-in."),
        (
            "c.txt",
            Some("text/plain"),
            "Plain report: a picket in the square.",
        ),
    ]
    .map(|(a, b, c)| (a.to_owned(), b.map(str::to_owned), c.to_owned()));
    assert_eq!(got, expected);
    assert!(
        items
            .iter()
            .map(page)
            .all(|p| p.fetched_at == Some(fixed_clock()) && p.status.is_none())
    );
}

#[test]
fn a_file_over_the_cap_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.html"), vec![b'x'; 2000]).unwrap();
    fs::write(dir.path().join("small.html"), b"<p>ok</p>").unwrap();
    let items = ingest(
        &[dir.path()],
        IngestSettings {
            max_bytes: 1000,
            ..settings()
        },
    );
    let big = dir.path().join("big.html");
    assert_eq!(
        items[0].as_ref().err().map(ToString::to_string),
        Some(format!(
            "{}: larger than the cap of 1000 bytes",
            big.display()
        ))
    );
    assert_eq!(page(&items[1]).page.bytes, b"<p>ok</p>");
}

#[test]
fn an_explicit_xml_file_that_is_not_valid_is_a_feed_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    fs::write(&path, "<rss><channel><item>").unwrap();
    assert_eq!(
        Source::parse(&path.display().to_string()).unwrap(),
        Source::Feed(path.clone())
    );
    let items = ingest(&[&path], settings());
    assert_eq!(items.len(), 1);
    assert!(
        matches!(&items[0], Err(IngestError::Feed { url, .. }) if *url == path.display().to_string())
    );
}

#[test]
fn a_missing_file_is_named_in_its_error() {
    let err = Source::parse("/nonexistent/vigil/feed.rss")
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("/nonexistent/vigil/feed.rss: No such file or directory (os error 2)")
    );
}

/// One WARC record, headers and block, as a WARC writer lays it out.
fn record(kind: &str, id: u32, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let content_type = if kind == "request" {
        "application/http; msgtype=request"
    } else {
        "application/http; msgtype=response"
    };
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{id:012}>\r\n\
         WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(status: &str, content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn warc_records() -> Vec<Vec<u8>> {
    let request = b"GET /one.html HTTP/1.1\r\nHost: wire.example\r\n\r\n";
    let one = http_response(
        "200 OK",
        "text/html; charset=utf-8",
        "ETag: \"a1\"\r\n",
        b"<p>Twelve detained.</p>",
    );
    let chunked = http_response(
        "200 OK",
        "text/html",
        "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        &{
            let zipped = gzip(b"<p>Court fines four.</p>");
            let mut body = format!("{:x}\r\n", zipped.len()).into_bytes();
            body.extend_from_slice(&zipped);
            body.extend_from_slice(b"\r\n0\r\n\r\n");
            body
        },
    );
    let missing = http_response("404 Not Found", "text/html", "", b"gone");
    let image = http_response("200 OK", "image/png", "", b"\x89PNG");
    vec![
        record(
            "request",
            1,
            "http://wire.example/one.html",
            "2024-11-22T10:41:00Z",
            request,
        ),
        record(
            "response",
            2,
            "http://wire.example/one.html",
            "2024-11-22T10:41:01Z",
            &one,
        ),
        record(
            "response",
            3,
            "http://wire.example/missing.html",
            "2024-11-22T10:41:02Z",
            &missing,
        ),
        record(
            "response",
            4,
            "http://wire.example/logo.png",
            "2024-11-22T10:41:03Z",
            &image,
        ),
        record(
            "response",
            5,
            "http://wire.example/two.html",
            "2024-11-22T10:41:04Z",
            &chunked,
        ),
    ]
}

fn check_warc_pages(items: &[Result<Item, IngestError>], path: &Path) {
    assert_eq!(items.len(), 2, "{items:?}");
    let (one, two) = (page(&items[0]), page(&items[1]));
    assert_eq!(
        one.page.url.as_deref(),
        Some("http://wire.example/one.html")
    );
    assert_eq!(one.page.bytes, b"<p>Twelve detained.</p>");
    assert_eq!(one.page.source, path.display().to_string());
    assert_eq!(
        one.page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(one.status, Some(200));
    assert_eq!(
        one.fetched_at,
        Some(Utc.with_ymd_and_hms(2024, 11, 22, 10, 41, 1).unwrap())
    );
    assert_eq!(one.validators.etag.as_deref(), Some("\"a1\""));
    assert_eq!(
        two.page.url.as_deref(),
        Some("http://wire.example/two.html")
    );
    assert_eq!(two.page.bytes, b"<p>Court fines four.</p>");
}

#[test]
fn a_warc_gz_gives_its_html_responses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    // One gzip member per record, as WARC writers do.
    let bytes: Vec<u8> = warc_records().iter().flat_map(|r| gzip(r)).collect();
    fs::write(&path, bytes).unwrap();
    assert_eq!(
        Source::parse(&path.display().to_string()).unwrap(),
        Source::Warc(path.clone())
    );
    check_warc_pages(&ingest(&[&path], settings()), &path);
}

#[test]
fn a_plain_warc_in_a_directory_is_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    fs::write(&path, warc_records().concat()).unwrap();
    check_warc_pages(&ingest(&[dir.path()], settings()), &path);
}

#[test]
fn a_warc_that_breaks_keeps_the_records_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut");
    let mut bytes = warc_records().concat();
    bytes
        .extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\n<p>cut");
    fs::write(&path, bytes).unwrap();
    assert_eq!(
        Source::parse(&path.display().to_string()).unwrap(),
        Source::Warc(path.clone())
    );
    let items = ingest(&[&path], settings());
    assert_eq!(items.len(), 3, "{items:?}");
    check_warc_pages(&items[..2], &path);
    let last = items[2]
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        last.starts_with(&format!("{}: bad WARC: record 6: ", path.display())),
        "{last}"
    );
}

#[test]
fn a_local_feed_in_a_directory_is_found_by_content() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("wire.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <item><title>Unreachable</title><link>http://127.0.0.1:9/x</link></item></channel></rss>",
    )
    .unwrap();
    let items = ingest(
        &[dir.path()],
        IngestSettings {
            connect_timeout: std::time::Duration::from_secs(2),
            ..settings()
        },
    );
    assert!(
        matches!(&items[0], Ok(Item::Feed(feed)) if feed.items == 1 && feed.title.as_deref() == Some("Wire"))
    );
    assert_eq!(items.len(), 2);
    assert!(
        matches!(&items[1], Err(IngestError::Fetch { url, .. }) if url == "http://127.0.0.1:9/x")
    );
}

#[test]
fn a_corrupt_warc_gz_keeps_the_records_before_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.warc.gz");
    let members: Vec<Vec<u8>> = warc_records().iter().map(|r| gzip(r)).collect();
    let mut bytes = members[..4].concat();
    bytes.extend_from_slice(&members[4][..members[4].len() / 2]);
    fs::write(&path, bytes).unwrap();
    let items = ingest(&[&path], settings());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(page(&items[0]).page.bytes, b"<p>Twelve detained.</p>");
    let last = items[1]
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        last.starts_with(&format!("{}: bad WARC: record ", path.display())),
        "{last}"
    );
}

#[test]
fn run_inside_an_async_runtime_is_an_error_not_a_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let result = runtime.block_on(async { Ingester::new(settings()).run(&[], &|_| None, |_| {}) });
    assert!(
        matches!(result, Err(IngestError::Client { .. })),
        "{result:?}"
    );
    let finished = runtime.block_on(Ingester::new(settings()).run_async(&[], &|_| None, |_| {}));
    assert!(finished.is_ok());
}
