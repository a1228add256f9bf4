//! A cheap check that a report is in English before any rule runs: the clean stage's
//! language when it set one, else the share of frequent English words among the tokens.

use vigil_model::{Diagnostic, Document, Severity};

use crate::lexicon::{Lexicon, WordClass};
use crate::token::{TokenKind, tokenize};

/// Fewer words than this are too few to judge.
const MIN_WORDS: usize = 8;
/// Running English has a third or more of its words in the stop list; below this share the
/// text is taken as another language.
const MIN_STOP_SHARE: f64 = 0.08;

/// A diagnostic naming the language when the report is not English.
pub(crate) fn unsupported(doc: &Document, lexicon: &Lexicon) -> Option<Diagnostic> {
    if let Some(lang) = doc.language.as_deref() {
        return (lang != "en").then(|| diagnostic(lang, name_of(lang)));
    }
    let sample_end = doc
        .text
        .char_indices()
        .nth(20_000)
        .map_or(doc.text.len(), |(i, _)| i);
    let sample = &doc.text[..sample_end];
    let tokens = tokenize(sample);
    let words: Vec<_> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    let stop = words
        .iter()
        .filter(|t| lexicon.words.is(WordClass::Stop, &t.lower))
        .count();
    #[allow(clippy::cast_precision_loss)]
    let share = stop as f64 / words.len() as f64;
    if share >= MIN_STOP_SHARE {
        return None;
    }
    // Few stop words alone do not make another language: short English notes ("protest
    // against the new tax law") have few. Another script does, or a confident detection of
    // another language in Latin letters.
    let info = whatlang::detect(sample)?;
    let latin = info.script() == whatlang::Script::Latin;
    if info.lang() == whatlang::Lang::Eng || (latin && !info.is_reliable()) {
        return None;
    }
    Some(diagnostic(info.lang().code(), info.lang().eng_name()))
}

fn name_of(code: &str) -> &str {
    whatlang::Lang::from_code(code).map_or(code, |l| l.eng_name())
}

fn diagnostic(code: &str, name: &str) -> Diagnostic {
    Diagnostic::new(
        crate::rules::LANGUAGE,
        Severity::Warning,
        format!(
            "the report is in {name} ({code}); only English is supported yet, so no events were extracted"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, language: Option<&str>) -> Option<String> {
        let mut doc = Document::new("t", text.to_owned());
        doc.language = language.map(str::to_owned);
        unsupported(&doc, &Lexicon::english()).map(|d| d.message)
    }

    #[test]
    fn english_passes() {
        assert_eq!(
            check(
                "Police detained three activists in the capital on Monday, their lawyer said.",
                None
            ),
            None
        );
    }

    #[test]
    fn russian_is_named() {
        let msg = check(
            "Полиция задержала трёх активистов в столице в понедельник, сообщил их адвокат сегодня утром.",
            None,
        );
        assert!(msg.expect("a diagnostic").contains("Russian"));
    }

    #[test]
    fn terse_english_notes_pass() {
        assert_eq!(
            check(
                "protest against president aliyev reelection third five year term",
                None
            ),
            None
        );
    }

    #[test]
    fn the_clean_stage_language_wins() {
        assert!(
            check("Police detained three activists.", Some("de"))
                .expect("a diagnostic")
                .contains("(de)")
        );
    }
}
