//! Telling feeds, WARC archives and gzip streams apart by their first bytes, for inputs whose
//! name or `Content-Type` does not say.

/// How far into an input the sniffers look.
pub(crate) const HEAD: usize = 4096;

/// True for the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// True for a WARC record header.
pub(crate) fn is_warc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/")
}

/// True when the first element, after the XML declaration, comments and a doctype, is an
/// RSS, RDF (RSS 1.0) or Atom root.
pub(crate) fn is_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        let skipped = if rest.starts_with(b"<?") {
            skip_past(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            skip_past(rest, b"-->")
        } else if rest.starts_with(b"<!") {
            skip_past(rest, b">")
        } else {
            None
        };
        match skipped {
            Some(next) => rest = next,
            None => break,
        }
    }
    [b"<rss".as_slice(), b"<feed", b"<rdf:RDF"]
        .iter()
        .any(|root| rest.starts_with(root))
}

/// True for a `Content-Type` that only feeds use.
pub(crate) fn is_feed_type(content_type: &str) -> bool {
    let lower = content_type.to_ascii_lowercase();
    lower.contains("rss+xml") || lower.contains("atom+xml") || lower.contains("rdf+xml")
}

fn skip_past<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    bytes
        .windows(end.len())
        .position(|w| w == end)
        .map(|at| &bytes[at + end.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_found_behind_prologs() {
        let feeds: [&[u8]; 4] = [
            b"<rss version=\"2.0\"><channel/></rss>",
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<feed xmlns=\"x\"/>",
            b"<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><rdf:RDF/>",
            b"  <!DOCTYPE rss>\n<rss/>",
        ];
        for feed in feeds {
            assert!(is_feed(feed), "{}", String::from_utf8_lossy(feed));
        }
    }

    #[test]
    fn pages_and_broken_prologs_are_not_feeds() {
        let others: [&[u8]; 4] = [
            b"<!DOCTYPE html><html><body>rss</body></html>",
            b"<?xml version=\"1.0\"?><html/>",
            b"<?xml never closed <rss>",
            b"",
        ];
        for other in others {
            assert!(!is_feed(other), "{}", String::from_utf8_lossy(other));
        }
    }

    #[test]
    fn magic_numbers() {
        assert!(is_gzip(&[0x1f, 0x8b, 8]));
        assert!(!is_gzip(b"<html>"));
        assert!(is_warc(b"WARC/1.1\r\n"));
        assert!(is_feed_type("application/rss+xml; charset=utf-8"));
        assert!(!is_feed_type("text/html"));
    }
}
