//! Folding a written name to plain lower-case Latin: case, diacritics and Cyrillic letters,
//! by the table in `data/resolve/cyrillic-latin.tsv`.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::ResolveError;

const FILE: &str = "data/resolve/cyrillic-latin.tsv";

/// A letter table: each non-ASCII letter to its plain Latin spelling.
#[derive(Debug, Clone)]
pub struct Folder {
    letters: HashMap<char, Spelling>,
}

#[derive(Debug, Clone)]
struct Spelling {
    plain: String,
    /// The spelling at the start of a word or after a vowel (BGN/PCGN's "ye" for е).
    initial: String,
}

impl Folder {
    /// The bundled table.
    pub fn standard() -> Self {
        Self::parse(include_str!("../../../data/resolve/cyrillic-latin.tsv"))
            .expect("invariant: the bundled letter table parses (tested)")
    }

    /// A table in the format of `data/resolve/cyrillic-latin.tsv`.
    pub fn parse(text: &str) -> Result<Self, ResolveError> {
        let mut letters = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let mut chars = cols.next().unwrap_or_default().chars();
            let (Some(letter), None) = (chars.next(), chars.next()) else {
                return Err(ResolveError::Rules {
                    file: FILE,
                    line: n + 1,
                    reason: "the first column must be one letter".to_owned(),
                });
            };
            let plain = cols.next().unwrap_or_default().to_owned();
            let initial = cols.next().map_or_else(|| plain.clone(), str::to_owned);
            letters.insert(letter, Spelling { plain, initial });
        }
        Ok(Self { letters })
    }

    /// `text` in lower-case ASCII letters and spaces: case folded, marks dropped, letters of
    /// the table spelt out, anything else (digits, punctuation) a space.
    pub fn fold(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut after_vowel_or_start = true;
        for c in text.chars().flat_map(char::to_lowercase) {
            if let Some(s) = self.letters.get(&c) {
                out.push_str(if after_vowel_or_start {
                    &s.initial
                } else {
                    &s.plain
                });
                after_vowel_or_start = s.plain.ends_with(is_vowel);
                continue;
            }
            let mut pushed = false;
            for d in c.nfkd() {
                if d.is_ascii_alphabetic() {
                    out.push(d.to_ascii_lowercase());
                    pushed = true;
                } else if let Some(s) = self.letters.get(&d) {
                    out.push_str(&s.plain);
                    pushed = true;
                }
            }
            if pushed {
                after_vowel_or_start = out.ends_with(is_vowel);
            } else if !is_mark(c) && c != '\'' && c != '’' && c != 'ʼ' {
                out.push(' ');
                after_vowel_or_start = true;
            }
        }
        out
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Combining marks that NFKD splits off a letter.
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(Folder::standard().fold(input), expect, "{input}");
    }

    #[test]
    fn folds_case_and_marks() {
        check("Şahin Ağayev", "sahin agayev");
        check("Nurbek Әбенов", "nurbek abenov");
        check("Rəşad Həsənov", "rasad hasanov");
    }

    #[test]
    fn spells_cyrillic_by_the_table() {
        check("Данияр Умаров", "daniyar umarov");
        check("Ерлан Жаксылыков", "yerlan zhaksylykov");
        check("Алиев", "aliyev");
        check("Қасым Ғафуров", "qasym ghafurov");
    }

    #[test]
    fn punctuation_becomes_space_apostrophes_vanish() {
        check("D. Umarov", "d  umarov");
        check("O'ktam", "oktam");
    }

    #[test]
    fn a_bad_table_is_an_error() {
        assert!(Folder::parse("ab\tx\n").is_err());
        assert!(Folder::parse("# only a comment\n\n").is_ok());
    }
}
