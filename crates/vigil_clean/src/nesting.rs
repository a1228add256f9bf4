//! How deeply a page's markup nests, estimated in one linear pass before any
//! parsing. An HTML tree builder checks the stack of open elements for every
//! tag, so a page of 100,000 nested `<div>`s costs quadratic time (and deep
//! trees invite deep recursion later); real articles nest a few dozen levels.
//!
//! The estimate counts start tags minus end tags of elements that stay open
//! until closed: void elements and those whose end tag may be left out (`p`,
//! `li`, `td`…) are not counted, so sloppy but ordinary pages stay shallow.
//! Comments and the raw text of `script` and `style` are skipped.

use memchr::memchr;

/// Elements never counted: void ones and ones closed implicitly.
const UNCOUNTED: [&str; 36] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
    "rp", "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body", "frame",
    "keygen",
];

/// The deepest nesting of counted elements in `html`, stopping once `limit` is passed.
pub(crate) fn depth(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut at, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    while let Some(lt) = bytes.get(at..).and_then(|rest| memchr(b'<', rest)) {
        let tag_start = at + lt + 1;
        let rest = html.get(tag_start..).unwrap_or_default();
        if rest.starts_with("!--") {
            at = skip_past(html, tag_start, "-->");
            continue;
        }
        let closing = rest.starts_with('/');
        let (buf, len) = tag_name(rest.trim_start_matches('/'));
        let name = buf.get(..len).unwrap_or_default();
        let tag_end = skip_past(html, tag_start, ">");
        let self_closing = html.get(..tag_end).is_some_and(|t| t.ends_with("/>"));
        at = tag_end;
        if name.is_empty() || UNCOUNTED.iter().any(|u| u.as_bytes() == name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                return deepest;
            }
            if name == b"script" {
                at = skip_past(html, at, "</script");
                depth -= 1;
            } else if name == b"style" {
                at = skip_past(html, at, "</style");
                depth -= 1;
            }
        }
    }
    deepest
}

/// The lower-cased name at the start of a tag, letters and digits only, in
/// a buffer (no allocation per tag) with its length.
fn tag_name(rest: &str) -> ([u8; 16], usize) {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for (slot, b) in buf.iter_mut().zip(rest.bytes()) {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    (buf, len)
}

/// The byte offset just after the next `needle` at or after `from`, or the end.
fn skip_past(html: &str, from: usize, needle: &str) -> usize {
    html.as_bytes()
        .get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle.as_bytes()))
        .map_or(html.len(), |i| from + i + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expect: usize) {
        assert_eq!(depth(html, 1000), expect, "{html}");
    }

    #[test]
    fn counts_open_elements() {
        check("<div><div><span>x</span></div></div>", 3);
        check("<html><body><p>a<p>b<p>c<br><img src=x></body></html>", 0);
        check("<ul><li>a<li>b<li>c</ul>", 1);
        check("<div/><div/><div/>", 0);
        check("", 0);
        check("no tags < here", 0);
    }

    #[test]
    fn skips_comments_and_scripts() {
        check("<!-- <div><div> --><div></div>", 1);
        check(
            "<script>if (a<b) { x = '<div><div>'; }</script><div></div>",
            1,
        );
        check("<style>div > p { }</style>", 1);
    }

    #[test]
    fn stops_early_past_the_limit() {
        let deep = "<div>".repeat(100_000);
        assert_eq!(depth(&deep, 100), 101);
    }

    #[test]
    fn unterminated_input_is_fine() {
        check("<div><div", 2);
        check("<!-- never closed <div>", 0);
        check("<script>never closed", 1);
    }
}
