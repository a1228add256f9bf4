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

/// Below this share of capitalised words a text is taken as written without capitals (all
/// lower case, as coders' notes and some feeds are): a full stop then ends a sentence
/// whatever the case of the next word.
const CASELESS_SHARE: f64 = 0.02;

/// Split `tokens` into sentences.
pub(crate) fn split(tokens: &[Token], lexicon: &Lexicon) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    let caseless = is_caseless(tokens);
    for i in 0..tokens.len() {
        let next_starts = i + 1 == tokens.len() || breaks_before(tokens, i + 1, lexicon, caseless);
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

/// Whether the text's words are (almost) never capitalised.
fn is_caseless(tokens: &[Token]) -> bool {
    let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
    let capitals = tokens.iter().filter(|t| t.capital).count();
    words > 0 && (capitals as f64) < CASELESS_SHARE * words as f64
}

/// Whether a new sentence starts at token `i` (> 0).
fn breaks_before(tokens: &[Token], i: usize, lexicon: &Lexicon, caseless: bool) -> bool {
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
    let lower_word = caseless && next.kind == TokenKind::Word;
    if !starts_like_sentence(next) && !lower_word {
        return false;
    }
    prev.lower != "." || j == 0 || !is_abbreviation(&tokens[j - 1], lexicon, caseless)
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

fn is_abbreviation(t: &Token, lexicon: &Lexicon, caseless: bool) -> bool {
    let single_initial =
        t.kind == TokenKind::Word && (t.capital || caseless) && t.lower.chars().count() == 1;
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
    fn lower_case_text_splits_at_full_stops_but_not_after_abbreviations() {
        check(
            "police detained mr. umarov in osh. his wife said he was beaten. no one was charged",
            &[
                "police detained mr. umarov in osh.",
                "his wife said he was beaten.",
                "no one was charged",
            ],
        );
        check(
            "Police met Mr. Umarov. then they left.",
            &["Police met Mr. Umarov. then they left."],
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
