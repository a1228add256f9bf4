//! Emptying `<script>`, `<style>` and `<noscript>` elements before parsing.
//!
//! About half the bytes of a news page are scripts and styles. The tree
//! builder would tokenize every character of them only for the walk to skip
//! the elements, so they are emptied first, in one pass that looks only at
//! `<` bytes. JSON-LD scripts keep their text: the metadata reader needs it.
//! The elements themselves stay (empty), so the tree has the same shape.

use std::borrow::Cow;

use memchr::memchr;

/// Elements whose text is never page text and runs to a matching end tag.
const RAW: [&str; 3] = ["script", "style", "noscript"];

/// `html` with the text of scripts (other than JSON-LD), styles and
/// `noscript` elements cut out.
pub(crate) fn drop_raw_text(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = bytes.get(at..).and_then(|rest| memchr(b'<', rest)) {
        let lt = at + i;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            at = find_from(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let Some(name) = RAW.iter().find(|n| starts_with_tag(rest, n)) else {
            at = lt + 1;
            continue;
        };
        let Some(gt) = tag_end(bytes, lt + 1 + name.len()) else {
            break;
        };
        let content = gt + 1;
        let end = end_tag(bytes, content, name).unwrap_or(bytes.len());
        if (*name == "script" && is_json_ld(&bytes[lt..content])) || end == content {
            at = end.max(content);
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        // `content` follows a `>` and `end` is a `<` or the end: both are
        // char boundaries.
        buf.push_str(html.get(copied..content).unwrap_or_default());
        copied = end;
        at = end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(html.get(copied..).unwrap_or_default());
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// Whether `rest` (the bytes after a `<`) opens element `name`.
fn starts_with_tag(rest: &[u8], name: &str) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// The `>` closing the start tag whose attributes begin at `from`, quotes
/// respected.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.get(from..)?.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// Where the end tag `</name` starts, at or after `from`.
fn end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    loop {
        let lt = at + memchr(b'<', bytes.get(at..)?)?;
        let rest = &bytes[lt + 1..];
        if rest.first() == Some(&b'/') && starts_with_tag(&rest[1..], name) {
            return Some(lt);
        }
        at = lt + 1;
    }
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

fn is_json_ld(start_tag: &[u8]) -> bool {
    start_tag
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_scripts_styles_and_noscript() {
        assert_eq!(
            drop_raw_text(
                "<p>a</p><SCRIPT src=x>if (a<b) { s = '<p>'; }</script><style>p > b {}</style>\
                 <noscript><img src=y></noscript><p>b</p>"
            ),
            "<p>a</p><SCRIPT src=x></script><style></style><noscript></noscript><p>b</p>"
        );
    }

    #[test]
    fn keeps_json_ld_and_quoted_brackets() {
        let html = r#"<script type="application/ld+json">{"headline": "A<b"}</script>"#;
        assert_eq!(drop_raw_text(html), html);
        assert_eq!(
            drop_raw_text(r#"<script data-x="a>b">code()</script>"#),
            r#"<script data-x="a>b"></script>"#
        );
    }

    #[test]
    fn leaves_comments_and_lookalikes() {
        let html = "<!-- <script> --><p>kept</p><scripts>x</scripts><p>tail</p>";
        assert!(matches!(drop_raw_text(html), Cow::Borrowed(_)));
    }

    #[test]
    fn unterminated_script_runs_to_the_end() {
        assert_eq!(
            drop_raw_text("<p>a</p><script>never closed"),
            "<p>a</p><script>"
        );
        assert_eq!(drop_raw_text("<p>a</p><script"), "<p>a</p><script");
        assert_eq!(
            drop_raw_text("<p>é</p><style>ü</style>ß"),
            "<p>é</p><style></style>ß"
        );
    }
}
