//! Bytes → text: the charset from a BOM, the HTTP header, `<meta charset>` or
//! an XML declaration in the first bytes, else detection; binary junk refused.
//!
//! The order is the WHATWG one (BOM, transport, in-document, guess), with two
//! departures that suit saved pages: a page labelled UTF-8 whose bytes are not
//! UTF-8 is guessed instead (mislabelled windows-1251 pages are common), and a
//! label we do not know is rescued by the bytes being UTF-8 or by a guess that
//! reads as words.

use encoding_rs::{Encoding, UTF_8};

use crate::CleanError;

/// How far into the page a `<meta charset>` or XML declaration is looked for.
const PRESCAN_BYTES: usize = 4096;
/// How many bytes the binary check and the detector look at.
const SAMPLE_BYTES: usize = 64 * 1024;
/// Share of control characters above which text is taken for binary junk.
const MAX_CONTROL_SHARE: f64 = 0.02;
/// Share of letters among non-ASCII characters for a guess to read as words.
const MIN_LETTER_SHARE: f64 = 0.85;

/// Decode `bytes` to a string, using `content_type`'s `charset=` if given.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<String, CleanError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(body);
        return checked(text.into_owned());
    }
    if bytes.iter().take(SAMPLE_BYTES).any(|&b| b == 0) {
        return Err(CleanError::Binary);
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| prescan(bytes));
    let text = match declared {
        Some(label) => decode_labelled(bytes, &label)?,
        None => decode_unlabelled(bytes),
    };
    checked(text)
}

/// Bytes that say which charset they are in.
fn decode_labelled(bytes: &[u8], label: &str) -> Result<String, CleanError> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding) if encoding.output_encoding() == UTF_8 => Ok(decode_unlabelled(bytes)),
        Some(encoding) => Ok(encoding.decode_without_bom_handling(bytes).0.into_owned()),
        None => rescue(bytes).ok_or_else(|| CleanError::UnknownEncoding(label.to_owned())),
    }
}

/// UTF-8 when the bytes are UTF-8, else the detector's guess.
fn decode_unlabelled(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => guess(bytes)
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Under an unknown label: UTF-8 if valid, else a guess only if it reads as words.
fn rescue(bytes: &[u8]) -> Option<String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let (text, _, had_errors) = guess(bytes).decode(bytes);
    (!had_errors && reads_as_words(&text)).then(|| text.into_owned())
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Whether the non-ASCII characters of `text` are mostly letters (a wrong
/// single-byte guess gives runs of symbols and punctuation instead).
fn reads_as_words(text: &str) -> bool {
    let (letters, others) =
        text.chars()
            .filter(|c| !c.is_ascii())
            .fold((0usize, 0usize), |(l, o), c| {
                if c.is_alphabetic() {
                    (l + 1, o)
                } else {
                    (l, o + 1)
                }
            });
    letters + others > 0 && ratio(letters, letters + others) >= MIN_LETTER_SHARE
}

/// Refuse decoded text that is mostly control characters or decoding errors.
fn checked(text: String) -> Result<String, CleanError> {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(SAMPLE_BYTES) {
        total += 1;
        if is_junk_char(c) {
            bad += 1;
        }
    }
    if total > 0 && ratio(bad, total) > MAX_CONTROL_SHARE {
        return Err(CleanError::Binary);
    }
    Ok(text)
}

/// Control characters other than white space, and the replacement character.
pub(crate) fn is_junk_char(c: char) -> bool {
    c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts are at most SAMPLE_BYTES or a text length; a share needs no exactness"
)]
fn ratio(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| unquote(value).to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// A charset declared by `<meta charset>`, `<meta http-equiv … content="…charset=…">`
/// or `<?xml … encoding="…"?>` in the first bytes.
fn prescan(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    if let Some(decl) = head.strip_prefix("<?xml") {
        let decl = decl.split("?>").next().unwrap_or_default();
        if let Some(label) = attribute_value(decl, "encoding") {
            return Some(label);
        }
    }
    head.split("<meta")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .find_map(|tag| attribute_value(tag, "charset"))
}

/// The value after `name=` in `tag`, quotes and trailing `;` or space cut off.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(name)?;
    let rest = tag.get(at + name.len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?;
    let value = unquote(rest);
    let end = value
        .find(|c: char| c.is_whitespace() || matches!(c, ';' | '"' | '\'' | '/' | '>'))
        .unwrap_or(value.len());
    let value = value.get(..end)?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn unquote(value: &str) -> &str {
    value
        .trim()
        .trim_start_matches(['"', '\''])
        .trim_end_matches(['"', '\''])
}

/// Whether decoded text is HTML rather than a plain-text dump.
pub(crate) fn looks_like_html(text: &str, content_type: Option<&str>) -> bool {
    if let Some(kind) = content_type.map(str::to_ascii_lowercase) {
        if kind.contains("html") || kind.contains("xml") {
            return true;
        }
        if kind.starts_with("text/plain") {
            return false;
        }
    }
    let start = text.trim_start();
    if start
        .strip_prefix('<')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '!' || c == '?')
    {
        return true;
    }
    let head: String = start
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<html", "<body", "<!doctype html", "</p>", "<article"]
        .iter()
        .any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], content_type: Option<&str>, expect: Result<&str, CleanError>) {
        assert_eq!(decode(bytes, content_type), expect.map(str::to_owned));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        check("Привет".as_bytes(), None, Ok("Привет"));
        check(b"\xEF\xBB\xBFhello", None, Ok("hello"));
    }

    #[test]
    fn utf16_bom() {
        check(b"\xFF\xFEh\x00i\x00", None, Ok("hi"));
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let (bytes, _, _) = encoding_rs::KOI8_R.encode("<meta charset=utf-8><p>Митинг</p>");
        check(
            &bytes,
            Some("text/html; charset=\"KOI8-R\""),
            Ok("<meta charset=utf-8><p>Митинг</p>"),
        );
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let html = "<html><head><meta charset=\"windows-1251\"></head><body>Суд</body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
        check(&bytes, None, Ok(html));
        let html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">Суд";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(html);
        check(&bytes, None, Ok(html));
    }

    #[test]
    fn xml_declaration() {
        let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss>Суд</rss>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(xml);
        check(&bytes, None, Ok(xml));
    }

    #[test]
    fn unlabelled_cyrillic_is_detected() {
        let text = "Полиция задержала пенсионеров у здания правительства в Бишкеке.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        check(&bytes, None, Ok(text));
    }

    #[test]
    fn mislabelled_utf8_is_guessed() {
        let text = "<meta charset=utf-8><p>Полиция задержала активистов в городе.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        check(&bytes, None, Ok(text));
    }

    #[test]
    fn unknown_label_rescued_by_utf8_or_words() {
        check(
            "<meta charset=x-martian><p>Суд</p>".as_bytes(),
            None,
            Ok("<meta charset=x-martian><p>Суд</p>"),
        );
        let text = "<meta charset=x-martian><p>Полиция задержала активистов в городе.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        check(&bytes, None, Ok(text));
    }

    #[test]
    fn unknown_label_with_unreadable_bytes_is_an_error() {
        let mut bytes = b"<meta charset=x-martian><p>".to_vec();
        // Symbols in every single-byte Cyrillic or Latin code page, and lone
        // lead bytes in every multi-byte one.
        for b in [0x85, 0x99, 0xA9, 0xAE, 0xB0, 0xB1, 0xB6, 0xA7, 0xAB, 0xBB].repeat(4) {
            bytes.extend([b, b' ']);
        }
        check(
            &bytes,
            None,
            Err(CleanError::UnknownEncoding("x-martian".into())),
        );
    }

    #[test]
    fn binary_junk_is_refused() {
        check(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            None,
            Err(CleanError::Binary),
        );
        let junk: Vec<u8> = (0u8..=255).filter(|&b| b != 0).cycle().take(2000).collect();
        check(&junk, None, Err(CleanError::Binary));
    }

    #[test]
    fn html_or_text() {
        assert!(looks_like_html("  <!DOCTYPE html><p>x</p>", None));
        assert!(looks_like_html(
            "<figure><figcaption>x</figcaption></figure>",
            None
        ));
        assert!(looks_like_html("plain", Some("text/html")));
        assert!(!looks_like_html(
            "<html>",
            Some("text/plain; charset=utf-8")
        ));
        assert!(!looks_like_html("Police detained <3 people", None));
        assert!(!looks_like_html("Headline\n\nBody text.", None));
    }
}
