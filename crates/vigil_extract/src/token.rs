//! Tokens: words, numbers and punctuation with their byte offsets, and a lowercase form for
//! lexicon look-ups. Possessive `'s` and the negation `n't` are tokens of their own, so that
//! "Tokoev's" yields the name and "didn't" yields the cue.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters (with inner hyphens or apostrophes).
    Word,
    /// Digits, possibly with `,` or `.` inside ("10,000", "2.5").
    Number,
    /// Anything else that is not white space.
    Punct,
}

/// One token of a text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Letters, digits or punctuation.
    pub kind: TokenKind,
    /// Lowercase form, with typographic apostrophes made plain.
    pub lower: String,
    /// The first character is uppercase.
    pub capital: bool,
    /// Line breaks between the previous token and this one (2 or more: a new paragraph).
    pub newlines: u8,
}

impl Token {
    /// True for a word or number token.
    pub fn is_wordlike(&self) -> bool {
        self.kind != TokenKind::Punct
    }
}

/// Split `text` into tokens, in one pass.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    let mut newlines = 0u8;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() || c.is_control() {
            newlines = newlines.saturating_add(u8::from(c == '\n'));
            continue;
        }
        let end = if c.is_alphabetic() {
            scan_word(text, start, &mut chars)
        } else if c.is_ascii_digit() {
            scan_number(text, start, &mut chars)
        } else {
            start + c.len_utf8()
        };
        push_token(&mut tokens, text, start, end, newlines);
        newlines = 0;
    }
    tokens
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

fn scan_word(text: &str, start: usize, chars: &mut Chars<'_>) -> usize {
    let mut end = start + text[start..].chars().next().map_or(1, char::len_utf8);
    while let Some(&(i, c)) = chars.peek() {
        let joiner = matches!(c, '-' | '\'' | '’' | '.');
        let inner_joiner =
            joiner && next_is_alpha(text, i + c.len_utf8()) && keeps_joiner(text, start, c);
        if c.is_alphanumeric() || c == '\u{301}' || inner_joiner {
            end = i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    end
}

/// A full stop joins letters only in initialisms ("U.S.", "U.N."): single letters between.
fn keeps_joiner(text: &str, start: usize, c: char) -> bool {
    if c != '.' {
        return true;
    }
    let word = &text[start..];
    let run: String = word
        .chars()
        .take_while(|ch| ch.is_alphabetic() || *ch == '.')
        .collect();
    run.split('.').all(|part| part.chars().count() <= 1)
}

fn next_is_alpha(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphabetic)
}

fn scan_number(text: &str, start: usize, chars: &mut Chars<'_>) -> usize {
    let mut end = start + 1;
    while let Some(&(i, c)) = chars.peek() {
        let inner =
            matches!(c, ',' | '.') && text[i + 1..].starts_with(|d: char| d.is_ascii_digit());
        if c.is_ascii_digit() || inner {
            end = i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    end
}

fn push_token(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, newlines: u8) {
    let raw = &text[start..end];
    let first = raw.chars().next().unwrap_or(' ');
    let kind = if first.is_alphabetic() {
        TokenKind::Word
    } else if first.is_ascii_digit() {
        TokenKind::Number
    } else {
        TokenKind::Punct
    };
    if kind == TokenKind::Word
        && let Some(split) = clitic_split(raw)
    {
        push_one(tokens, text, start, start + split, kind, newlines);
        push_one(tokens, text, start + split, end, kind, 0);
        return;
    }
    push_one(tokens, text, start, end, kind, newlines);
}

/// Where a word ends and its clitic ("'s", "n't") begins, if it has one.
fn clitic_split(raw: &str) -> Option<usize> {
    for suffix in ["'s", "’s", "n't", "n’t"] {
        if raw.len() > suffix.len() && raw.ends_with(suffix) {
            return Some(raw.len() - suffix.len());
        }
    }
    None
}

fn push_one(
    tokens: &mut Vec<Token>,
    text: &str,
    start: usize,
    end: usize,
    kind: TokenKind,
    nl: u8,
) {
    let raw = &text[start..end];
    tokens.push(Token {
        start,
        end,
        kind,
        lower: raw.to_lowercase().replace('’', "'"),
        capital: raw.chars().next().is_some_and(char::is_uppercase),
        newlines: nl,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn splits_clitics_numbers_and_initialisms() {
        assert_eq!(
            lowers("Tokoev's U.S. lawyer didn't pay 10,000 soms."),
            [
                "tokoev", "'s", "u.s", ".", "lawyer", "did", "n't", "pay", "10,000", "soms", "."
            ]
        );
    }

    #[test]
    fn keeps_hyphenated_words() {
        assert_eq!(
            lowers("a sit-in, al-Sayed"),
            ["a", "sit-in", ",", "al-sayed"]
        );
    }

    #[test]
    fn offsets_cut_the_text() {
        let text = "Ош — «Бишкек» 2024.";
        for t in tokenize(text) {
            assert!(text.get(t.start..t.end).is_some());
        }
    }
}
