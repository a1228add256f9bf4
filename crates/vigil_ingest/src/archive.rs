//! WARC archives (`.warc`, `.warc.gz`): the HTML pages in their response records, with the
//! archived URL and capture date.
//!
//! Records are streamed, so an archive of any size is read one capped record at a time. The
//! HTTP message inside a record is parsed with `httparse`, undoing a chunked transfer and a
//! gzip or deflate content coding.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use vigil_model::RawPage;

use crate::found::Found;
use crate::record::{RecordHead, Records};
use crate::{Fetched, IngestError, IngestSettings, Validators, sniff};

/// Emits one page per HTML response record with status 200, and one error per bad record; a
/// broken record stream ends the file with an error after the pages before it.
pub(crate) fn read(
    path: &Path,
    settings: &IngestSettings,
    emit: &mut dyn FnMut(Result<Found, IngestError>),
) {
    let io = |source| IngestError::Io {
        path: path.to_owned(),
        source,
    };
    let mut reader = match fs::File::open(path) {
        Ok(file) => BufReader::new(file),
        Err(e) => return emit(Err(io(e))),
    };
    match reader.fill_buf() {
        Ok(head) if sniff::is_gzip(head) => {
            let decoder = flate2::bufread::MultiGzDecoder::new(reader);
            read_records(BufReader::new(decoder), path, settings, emit);
        }
        Ok(_) => read_records(reader, path, settings, emit),
        Err(e) => emit(Err(io(e))),
    }
}

fn read_records<R: BufRead>(
    reader: R,
    path: &Path,
    settings: &IngestSettings,
    emit: &mut dyn FnMut(Result<Found, IngestError>),
) {
    let mut records = Records::new(reader);
    loop {
        let head = match records.next_head() {
            Ok(Some(head)) => head,
            Ok(None) => return,
            // Past a damaged header the framing is lost: stop this file.
            Err(reason) => return emit(Err(bad(path, records.number(), &reason))),
        };
        let number = records.number();
        let is_response = head
            .get("warc-type")
            .is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let keep = if is_response { settings.max_bytes } else { 0 };
        let block = match records.block(head.length, keep) {
            Ok(block) => block,
            Err(reason) => return emit(Err(bad(path, number, &reason))),
        };
        if !is_response {
            continue;
        }
        if let Some(found) = response(&head, block, path, number, settings) {
            emit(found);
        }
    }
}

/// The page in one response record, an error about it, or nothing when it holds no page.
fn response(
    head: &RecordHead,
    block: Option<Vec<u8>>,
    path: &Path,
    number: usize,
    settings: &IngestSettings,
) -> Option<Result<Found, IngestError>> {
    let url = head
        .get("warc-target-uri")
        .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned());
    let Some(block) = block else {
        return Some(Err(IngestError::TooLarge {
            what: format!(
                "{} record {number} ({})",
                path.display(),
                url.as_deref().unwrap_or("no URL")
            ),
            limit: settings.max_bytes,
        }));
    };
    let http = match html_page(&block, settings.max_bytes) {
        Ok(Some(http)) => http,
        Ok(None) => return None,
        Err(reason) => return Some(Err(bad(path, number, &reason))),
    };
    let fetched_at = head
        .get("warc-date")
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc));
    Some(Ok(Found::Page(Fetched {
        page: RawPage {
            source: path.display().to_string(),
            url,
            content_type: Some(http.content_type),
            published: None,
            bytes: http.body,
        },
        status: Some(200),
        fetched_at,
        final_url: None,
        validators: http.validators,
        title: None,
        outlet: None,
    })))
}

fn bad(path: &Path, number: usize, reason: &str) -> IngestError {
    IngestError::Warc {
        path: path.to_owned(),
        reason: format!("record {number}: {reason}"),
    }
}

/// An archived HTML answer, body decoded.
#[derive(Debug, PartialEq, Eq)]
struct HtmlAnswer {
    content_type: String,
    validators: Validators,
    body: Vec<u8>,
}

/// The HTML page in an archived HTTP response; `None` when it is not a 200 with an HTML type.
fn html_page(block: &[u8], cap: u64) -> Result<Option<HtmlAnswer>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let header_len = match response.parse(block) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP header".to_owned()),
        Err(e) => return Err(format!("HTTP header: {e}")),
    };
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
    };
    let content_type = header("content-type").unwrap_or_default();
    let lower = content_type.to_ascii_lowercase();
    let is_html = lower.starts_with("text/html") || lower.starts_with("application/xhtml+xml");
    if response.code != Some(200) || !is_html {
        return Ok(None);
    }
    let mut body = block[header_len..].to_vec();
    if header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body)?;
    }
    if let Some(coding) = header("content-encoding") {
        body = decode(&body, &coding.to_ascii_lowercase(), cap)?;
    }
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    Ok(Some(HtmlAnswer {
        content_type,
        validators,
        body,
    }))
}

/// Undoes `Transfer-Encoding: chunked`, which archivers keep as it came over the wire.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::with_capacity(rest.len());
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunked body without a size line")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size `{size_text}`"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest.get(..size).ok_or("chunk longer than the record")?;
        body.extend_from_slice(chunk);
        rest = rest.get(size..).unwrap_or_default();
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

fn decode(body: &[u8], coding: &str, cap: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = cap.saturating_add(1);
    let read = match coding {
        "identity" | "" => return Ok(body.to_vec()),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out),
        other => return Err(format!("unsupported content coding `{other}`")),
    };
    read.map_err(|e| format!("{coding} body: {e}"))?;
    if out.len() as u64 > cap {
        return Err(format!("decoded body larger than the cap of {cap} bytes"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample_record() -> Vec<u8> {
        let http =
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<p>hi</p>";
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
             WARC-Date: 2024-11-22T10:41:01Z\r\nWARC-Target-URI: http://wire.example/a\r\n\
             Content-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    fn pages_and_errors(bytes: &[u8], cap: u64) -> (Vec<Fetched>, usize) {
        let settings = IngestSettings {
            max_bytes: cap,
            ..IngestSettings::default()
        };
        let (mut pages, mut errors) = (Vec::new(), 0);
        read_records(
            bytes,
            Path::new("t.warc"),
            &settings,
            &mut |found| match found {
                Ok(Found::Page(page)) => pages.push(page),
                _ => errors += 1,
            },
        );
        (pages, errors)
    }

    #[test]
    fn the_sample_record_is_one_page() {
        let (pages, errors) = pages_and_errors(&sample_record().repeat(2), 1000);
        assert_eq!((pages.len(), errors), (2, 0));
        assert_eq!(pages[0].page.url.as_deref(), Some("http://wire.example/a"));
        assert_eq!(pages[0].page.bytes, b"<p>hi</p>");
    }

    proptest! {
        #[test]
        fn damaged_archives_never_panic_and_respect_the_cap(
            cut in 0..400_usize,
            flip in 0..400_usize,
            byte in any::<u8>(),
            cap in 1_u64..200,
        ) {
            let mut bytes = sample_record().repeat(2);
            let at = flip % bytes.len();
            bytes[at] = byte;
            bytes.truncate(cut);
            let (pages, _) = pages_and_errors(&bytes, cap);
            prop_assert!(pages.len() <= 2);
            prop_assert!(pages.iter().all(|p| p.page.bytes.len() as u64 <= cap));
        }

        #[test]
        fn any_http_block_is_parsed_or_refused(block in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(Some(page)) = html_page(&block, 100) {
                prop_assert!(page.body.len() <= block.len().max(100));
            }
            let _ = dechunk(&block);
        }
    }

    #[test]
    fn chunked_bodies_are_joined() {
        let body = dechunk(b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
        assert_eq!(body.as_deref(), Ok(b"hello, world".as_slice()));
        assert!(dechunk(b"zz\r\nhello").is_err());
        assert!(dechunk(b"50\r\nshort\r\n").is_err());
    }

    #[test]
    fn only_html_answers_with_status_200_are_pages() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: \"v1\"\r\n\r\n<p>hi</p>";
        let page = html_page(ok, 100).ok().flatten().expect("a page");
        assert_eq!(page.body, b"<p>hi</p>");
        assert_eq!(page.validators.etag.as_deref(), Some("\"v1\""));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(html_page(image, 100), Ok(None));
        let missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\ngone";
        assert_eq!(html_page(missing, 100), Ok(None));
        assert!(html_page(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", 100).is_err());
    }
}
