//! WARC archives (`.warc`, `.warc.gz`): the HTML pages in their response records, with the
//! archived URL and capture date.
//!
//! Records are streamed (the `warc` crate's streaming reader), so an archive of any size is
//! read one capped record at a time. The HTTP message inside a record is parsed here with
//! `httparse`, undoing a chunked transfer and a gzip or deflate content coding.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use vigil_model::RawPage;
use warc::{RecordType, WarcHeader, WarcReader};

use crate::found::Found;
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
    let mut warc = WarcReader::new(reader);
    let mut records = warc.stream_records();
    let mut number = 0_usize;
    while let Some(next) = records.next_item() {
        number += 1;
        let mut record = match next {
            Ok(record) => record,
            Err(e) => {
                // The stream cannot be trusted past a malformed header: stop this file.
                return emit(Err(bad(path, number, &describe(&e))));
            }
        };
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let url = record
            .header(WarcHeader::TargetURI)
            .map(|u| u.trim().to_owned());
        let fetched_at = *record.date();
        let mut block = Vec::new();
        let limit = settings.max_bytes.saturating_add(1);
        if let Err(e) = record.by_ref().take(limit).read_to_end(&mut block) {
            return emit(Err(bad(path, number, &e.to_string())));
        }
        if block.len() as u64 > settings.max_bytes {
            emit(Err(IngestError::TooLarge {
                what: format!(
                    "{} record {number} ({})",
                    path.display(),
                    url.as_deref().unwrap_or("no URL")
                ),
                limit: settings.max_bytes,
            }));
            continue;
        }
        let page =
            html_page(&block, settings.max_bytes).map_err(|reason| bad(path, number, &reason));
        match page {
            Ok(Some(http)) => emit(Ok(Found::Page(Fetched {
                page: RawPage {
                    source: path.display().to_string(),
                    url,
                    content_type: Some(http.content_type),
                    published: None,
                    bytes: http.body,
                },
                status: Some(200),
                fetched_at: Some(fetched_at),
                final_url: None,
                validators: http.validators,
                title: None,
            }))),
            Ok(None) => {}
            Err(e) => emit(Err(e)),
        }
    }
}

/// The reader's message, with the I/O cause it leaves out (a corrupt gzip stream, say).
fn describe(error: &warc::Error) -> String {
    match error {
        warc::Error::ReadData(io) => format!("read error: {io}"),
        other => other.to_string(),
    }
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
