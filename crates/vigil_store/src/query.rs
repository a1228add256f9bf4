//! What to search for, in which order, and which page of it.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_model::EventType;

use crate::{ReviewState, StoreError};

/// Filters over current events; every field narrows, empty fields do not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Words that must all occur in the event's fields (type, trigger,
    /// participants, place, charge, claim, penalty, date), its evidence
    /// sentences or its report's headline; `"quoted phrases"` stay together,
    /// a trailing `*` matches a prefix. A report's whole text is searched by
    /// `Store::list_documents`.
    pub text: Option<String>,
    /// Any of these types.
    pub types: Vec<EventType>,
    /// Any of these countries (ISO 3166-1 alpha-2).
    pub countries: Vec<String>,
    /// The place's name, compared normalised.
    pub place: Option<String>,
    /// Events that end on or after this day.
    pub from: Option<NaiveDate>,
    /// Events that start on or before this day.
    pub to: Option<NaiveDate>,
    /// A person taking part in any role, by name (compared normalised).
    pub person: Option<String>,
    /// An organisation taking part in any role, by name.
    pub organization: Option<String>,
    /// Any of these review states.
    pub review: Vec<ReviewState>,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Latest event date first (undated events by their report's date).
    #[default]
    Newest,
    /// Earliest first: a person's page.
    Oldest,
    /// Lowest extractor confidence first: the review queue.
    LeastConfident,
}

impl Sort {
    /// The letter that tags this order's cursors.
    fn tag(self) -> char {
        match self {
            Self::Newest => 'n',
            Self::Oldest => 'o',
            Self::LeastConfident => 'c',
        }
    }
}

/// The most items one page may hold.
pub const MAX_PAGE: u32 = 1000;

/// Which page to return: at most `limit` items after `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// Items per page, 1 to [`MAX_PAGE`].
    pub limit: u32,
    /// Where the previous page ended; `None` for the first page.
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// The first page of `limit` items.
    pub fn first(limit: u32) -> Self {
        Self { limit, after: None }
    }

    /// The limit, checked against [`MAX_PAGE`].
    pub fn checked_limit(&self) -> Result<u32, StoreError> {
        if (1..=MAX_PAGE).contains(&self.limit) {
            Ok(self.limit)
        } else {
            Err(StoreError::InvalidQuery(format!(
                "page size {} is outside 1..={MAX_PAGE}",
                self.limit
            )))
        }
    }
}

/// One page of results and where the next one starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// The cursor for the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

/// An opaque position in an ordered listing (keyset paging): the sort key and
/// the id of the last item seen. Safe in URLs: letters, digits, `-` and `.`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Cursor {
    tag: char,
    key: String,
    id: i64,
}

impl Cursor {
    /// A cursor after the item `id` with sort key `key` in `sort` order.
    pub fn for_sort(sort: Sort, key: &str, id: i64) -> Self {
        Self::tagged(sort.tag(), key, id)
    }

    /// A cursor of a listing other than event search, told apart by `tag`.
    pub fn tagged(tag: char, key: &str, id: i64) -> Self {
        Self {
            tag,
            key: key.to_owned(),
            id,
        }
    }

    /// The key and id, if the cursor was made for `sort`.
    pub fn for_sort_parts(&self, sort: Sort) -> Result<(&str, i64), StoreError> {
        self.tagged_parts(sort.tag())
    }

    /// The key and id, if the cursor carries `tag`.
    pub fn tagged_parts(&self, tag: char) -> Result<(&str, i64), StoreError> {
        if self.tag == tag {
            Ok((&self.key, self.id))
        } else {
            Err(StoreError::InvalidQuery(
                "the cursor belongs to another listing or order".to_owned(),
            ))
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.tag)?;
        for byte in self.key.bytes() {
            write!(f, "{byte:02x}")?;
        }
        write!(f, ".{}", self.id)
    }
}

impl FromStr for Cursor {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self, StoreError> {
        let bad = || StoreError::InvalidQuery(format!("malformed cursor {text:?}"));
        let mut chars = text.chars();
        let tag = chars
            .next()
            .filter(char::is_ascii_lowercase)
            .ok_or_else(bad)?;
        let (hex, id) = chars.as_str().split_once('.').ok_or_else(bad)?;
        let id = id.parse().map_err(|_| bad())?;
        let key = unhex(hex).ok_or_else(bad)?;
        Ok(Self { tag, key, id })
    }
}

fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

impl From<Cursor> for String {
    fn from(cursor: Cursor) -> Self {
        cursor.to_string()
    }
}

impl TryFrom<String> for Cursor {
    type Error = StoreError;

    fn try_from(text: String) -> Result<Self, StoreError> {
        text.parse()
    }
}

/// Turns a user's words into an FTS query that cannot be a syntax error:
/// every word and every `"quoted phrase"` becomes a quoted FTS5 string, all
/// of them required; a trailing `*` on a word keeps its prefix match.
/// Returns no term when the text has no word.
///
/// Both backends' full-text engines accept this shape (PostgreSQL's through
/// its own translation), so it lives here rather than in one backend.
pub fn fts_terms(text: &str) -> Vec<FtsTerm> {
    let mut terms = Vec::new();
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            push_term(&mut terms, part, false);
            continue;
        }
        for word in part.split_whitespace() {
            let prefix = word.ends_with('*');
            push_term(&mut terms, word.trim_end_matches('*'), prefix);
        }
    }
    terms
}

fn push_term(terms: &mut Vec<FtsTerm>, text: &str, prefix: bool) {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.is_empty() {
        terms.push(FtsTerm {
            words: words.into_iter().map(str::to_lowercase).collect(),
            prefix,
        });
    }
}

/// One required term of a full-text query: a word or a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtsTerm {
    /// The words, lower case, letters and digits only.
    pub words: Vec<String>,
    /// Whether the last word matches as a prefix.
    pub prefix: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_checks_its_order() {
        let cursor = Cursor::for_sort(Sort::Newest, "2024-03-14", 42);
        let text = cursor.to_string();
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'));
        let back: Cursor = text.parse().expect("parses");
        assert_eq!(
            back.for_sort_parts(Sort::Newest).expect("same order"),
            ("2024-03-14", 42)
        );
        assert!(back.for_sort_parts(Sort::Oldest).is_err());
    }

    #[test]
    fn malformed_cursors_are_errors() {
        for text in ["", "n", "n.x", "nzz.1", "N31.1", "n3.1", "nff.1"] {
            assert!(text.parse::<Cursor>().is_err(), "{text}");
        }
    }

    #[test]
    fn fts_terms_quote_everything() {
        let terms = fts_terms(r#"detain* "city hall" AND) -"#);
        let words: Vec<_> = terms
            .iter()
            .map(|t| (t.words.join(" "), t.prefix))
            .collect();
        assert_eq!(
            words,
            [
                ("detain".to_owned(), true),
                ("city hall".to_owned(), false),
                ("and".to_owned(), false)
            ]
        );
        assert!(fts_terms(" * \" ").is_empty());
    }

    #[test]
    fn page_limits_are_checked() {
        assert!(PageRequest::first(0).checked_limit().is_err());
        assert!(PageRequest::first(MAX_PAGE + 1).checked_limit().is_err());
        assert_eq!(PageRequest::first(50).checked_limit().expect("ok"), 50);
    }
}
