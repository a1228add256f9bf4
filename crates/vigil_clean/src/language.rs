//! The language of a body text, as an ISO 639-1 code, for pages that do not
//! declare one. `whatlang` does the detecting (trigram profiles, fast); the
//! table from its ISO 639-3 codes to 639-1 is data in `data/clean/`.

use std::collections::HashMap;
use std::sync::LazyLock;

const CODES: &str = include_str!("../../../data/clean/iso639-3-to-1.tsv");

/// Bytes of text the detector looks at: enough for a sure answer, and it
/// keeps huge pages cheap.
const SAMPLE_BYTES: usize = 640;
/// Letters needed before a guess is worth reporting.
const MIN_LETTERS: usize = 20;
/// Below this whatlang confidence the language is left unknown.
const MIN_CONFIDENCE: f64 = 0.5;

static ISO_639_1: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    CODES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// The ISO 639-1 code of `text`'s language, when it can be told with confidence.
pub(crate) fn detect(text: &str) -> Option<String> {
    let sample = head(text, SAMPLE_BYTES);
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    ISO_639_1
        .get(info.lang().code())
        .map(|code| (*code).to_owned())
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        assert_eq!(detect(text).as_deref(), expect, "{text}");
    }

    #[test]
    fn common_languages() {
        check(
            "Police in the capital have detained at least twelve pensioners who gathered \
             outside the government building to protest a rise in gas prices.",
            Some("en"),
        );
        check(
            "Полиция задержала не менее двенадцати пенсионеров, которые собрались у здания \
             правительства, чтобы выразить протест против повышения цен на газ.",
            Some("ru"),
        );
        check(
            "La policía detuvo a doce jubilados que se habían reunido frente al edificio \
             del gobierno para protestar contra la subida del precio del gas.",
            Some("es"),
        );
    }

    #[test]
    fn too_little_text_is_unknown() {
        check("Police.", None);
        check("12 345 678", None);
        check("", None);
    }

    #[test]
    fn every_code_is_two_letters() {
        assert!(ISO_639_1.len() >= 60);
        assert!(ISO_639_1.values().all(|c| c.len() == 2));
    }

    #[test]
    fn head_respects_char_boundaries() {
        assert_eq!(head("жж", 3), "ж");
        assert_eq!(head("ab", 10), "ab");
    }
}
