//! Conversions between rows and the store's types: errors, JSON, counts, and
//! the text that goes into and asks the full-text index.

use serde::Serialize;
use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use vigil_store::{FtsTerm, StoreError, fts_terms};

/// Shorthand for a store call's result.
pub(crate) type Result<T> = std::result::Result<T, StoreError>;

/// Names what the store was doing when the engine failed.
pub(crate) trait Context<T> {
    /// The result with an engine error wrapped in [`StoreError::Backend`].
    fn ctx(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, postgres::Error> {
    fn ctx(self, context: &'static str) -> Result<T> {
        self.map_err(|e| StoreError::backend(context, e))
    }
}

/// A value as stored JSON.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Refused(format!("not serialisable: {e}")))
}

/// Stored JSON read back.
pub(crate) fn from_json<T: DeserializeOwned>(what: &str, json: &[u8]) -> Result<T> {
    serde_json::from_slice(json).map_err(|e| StoreError::Corrupt(format!("{what} JSON: {e}")))
}

/// A count or version from SQL, which has only signed integers.
pub(crate) fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A count from SQL.
pub(crate) fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The most text of one document indexed for full-text search: PostgreSQL
/// refuses a `tsvector` over 1 MB, and a report is far shorter than this.
const MAX_INDEXED: usize = 512 * 1024;

/// Text as the full-text index gets it: diacritics removed (as SQLite's
/// `remove_diacritics`), cut to [`MAX_INDEXED`] bytes on a character boundary.
pub(crate) fn index_text(text: &str) -> String {
    let mut folded = fold(text);
    if folded.len() > MAX_INDEXED {
        let mut end = MAX_INDEXED;
        while !folded.is_char_boundary(end) {
            end -= 1;
        }
        folded.truncate(end);
    }
    folded
}

/// Letters without their accents: decomposed, combining marks dropped.
fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// The `to_tsquery` input for a user's words: every term quoted, all
/// required; a phrase's words follow each other (`<->`), a prefix term ends
/// in `:*`. Words hold letters and digits only ([`fts_terms`]), so nothing a
/// user types is tsquery syntax.
pub(crate) fn ts_query(text: &str) -> Result<String> {
    let terms: Vec<String> = fts_terms(text).iter().filter_map(ts_term).collect();
    if terms.is_empty() {
        return Err(StoreError::InvalidQuery(format!(
            "no word to search for in {text:?}"
        )));
    }
    Ok(terms.join(" & "))
}

fn ts_term(term: &FtsTerm) -> Option<String> {
    let words: Vec<String> = term
        .words
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.is_empty())
        .map(|w| format!("'{w}'"))
        .collect();
    let last = words.len().checked_sub(1)?;
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(" <-> ");
        }
        out.push_str(word);
        if i == last && term.prefix {
            out.push_str(":*");
        }
    }
    if words.len() > 1 {
        out = format!("({out})");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_every_word() {
        assert_eq!(
            ts_query("detain* \"city hall\"").expect("words"),
            "'detain':* & ('city' <-> 'hall')"
        );
        assert_eq!(ts_query("NOT OR ( ' &").expect("words"), "'not' & 'or'");
        assert_eq!(ts_query("Žanaözen").expect("words"), "'zanaozen'");
        assert!(ts_query("( * )").is_err());
    }

    #[test]
    fn indexed_text_loses_accents_and_length() {
        assert_eq!(index_text("Almatı Café"), "Almatı Cafe");
        let long = "é".repeat(MAX_INDEXED);
        let cut = index_text(&long);
        assert!(cut.len() <= MAX_INDEXED && cut.chars().all(|c| c == 'e'));
    }
}
