//! Sentence boundaries over tokens. Abbreviations ("Mr.", "U.S."), initials ("J. Smith"),
//! closing quotes and datelines do not split; a blank line always does. Very long runs with
//! no punctuation are cut into bounded pieces so that every later rule stays linear.

use crate::lexicon::Lexicon;
use crate::token::{Token, TokenKind};

/// The most tokens one sentence may hold; longer runs are cut.
const MAX_TOKENS: usize = 250;

/// One sentence: a token range and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// Index of the first token.
    pub first: usize,
    /// Index one past the last token.
    pub last: usize,
    /// Byte offset of the first token.
    pub start: usize,
    /// Byte offset one past the last token.
    pub end: usize,
}

/// Split `tokens` into sentences.
pub(crate) fn split(tokens: &[Token], lexicon: &Lexicon) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..tokens.len() {
        let next_starts = i + 1 == tokens.len() || breaks_before(tokens, i + 1, lexicon);
        if next_starts || i + 1 - first >= MAX_TOKENS {
            out.push(Sentence {
                first,
                last: i + 1,
                start: tokens[first].start,
                end: tokens[i].end,
            });
            first = i + 1;
        }
    }
    out
}

/// Whether a new sentence starts at token `i` (> 0).
fn breaks_before(tokens: &[Token], i: usize, lexicon: &Lexicon) -> bool {
    let next = &tokens[i];
    if next.newlines >= 2 {
        return true;
    }
    let mut j = i - 1;
    while j > 0 && is_closer(&tokens[j]) {
        j -= 1;
    }
    let prev = &tokens[j];
    if next.newlines == 1 && !matches!(prev.lower.as_str(), "," | "-" | "–" | "—") {
        return prev.kind == TokenKind::Punct || starts_like_sentence(next);
    }
    if is_closer(next) || !matches!(prev.lower.as_str(), "." | "!" | "?" | "…") {
        return false;
    }
    if !starts_like_sentence(next) {
        return false;
    }
    prev.lower != "." || j == 0 || !is_abbreviation(&tokens[j - 1], lexicon)
}

fn is_closer(t: &Token) -> bool {
    matches!(t.lower.as_str(), "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

fn starts_like_sentence(t: &Token) -> bool {
    t.capital
        || t.kind == TokenKind::Number
        || matches!(
            t.lower.as_str(),
            "\"" | "“" | "‘" | "(" | "«" | "'" | "—" | "-"
        )
}

fn is_abbreviation(t: &Token, lexicon: &Lexicon) -> bool {
    let single_initial = t.kind == TokenKind::Word && t.capital && t.lower.chars().count() == 1;
    single_initial
        || lexicon
            .words
            .is(crate::lexicon::WordClass::Abbrev, &t.lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn check(text: &str, expect: &[&str]) {
        let lexicon = Lexicon::english();
        let tokens = tokenize(text);
        let got: Vec<&str> = split(&tokens, &lexicon)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        check(
            "Mr. Smith met U.S. envoys. J. R. Doe said \"no.\" Then he left.",
            &[
                "Mr. Smith met U.S. envoys.",
                "J. R. Doe said \"no.\"",
                "Then he left.",
            ],
        );
    }

    #[test]
    fn paragraphs_split() {
        check("Police came\n\nThey left", &["Police came", "They left"]);
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(600);
        let lexicon = Lexicon::english();
        let tokens = tokenize(&text);
        assert_eq!(split(&tokens, &lexicon).len(), 3);
    }
}
