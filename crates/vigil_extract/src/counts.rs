//! Counts of people and things: "at least 12", "dozens", "two hundred", "between 10 and 20".
//!
//! [`find_counts`] lists every count expression in a text; [`count_before`] finds the one that
//! qualifies a noun ("at least 12 pensioners" → min 12). The word lists are data:
//! `data/en/numbers.tsv` (number words, scales, vague quantities) and
//! `data/en/count-modifiers.tsv` ("at least", "up to", …).
//!
//! Bounds, as SCHEMA.md fixes them where it does: a bare number N → min N, max N; "at least N" →
//! min N; "more than N" → min N+1; "up to N", "as many as N" → max N; "fewer than N" → max N−1;
//! "about/around/some N" → min N, max N (the hedge stays in the text); "nearly N" → max N;
//! "dozens" → min 24, "hundreds" → min 200, "thousands" → min 2000, "several" → min 3,
//! "a few" → min 2, "several hundred" → min 300, "between 10 and 20" → min 10, max 20.
//!
//! This file also holds the small tokenizer and number parser that the other substrate modules
//! (dates, money, penalties) share.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use vigil_model::Count;

/// A count expression found in a text. Offsets are UTF-8 byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountExpr {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The bounds, with `text` the words of the report.
    pub count: Count,
}

/// Every count expression in `text`, left to right, not overlapping.
///
/// Numbers that are parts of dates ("March 14", "in 2023"), percentages and money amounts are
/// left out.
pub fn find_counts(text: &str) -> Vec<CountExpr> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match count_at(text, &toks, i) {
            Some((expr, next)) if !is_excluded(text, &toks, i, next, &expr) => {
                out.push(expr);
                i = next;
            }
            Some((_, next)) => i = next,
            None => i += 1,
        }
    }
    if !out.is_empty() {
        // Dates only where there are counts: most sentences have neither.
        let dates = crate::dates::time_spans(text, &toks);
        out.retain(|e| !dates.iter().any(|&(s, end)| e.start < end && s < e.end));
    }
    out
}

/// The count that qualifies the noun starting at byte `noun_start`: it ends right before the
/// noun, or before "of" ("dozens of pensioners") or up to two lower-case words between
/// ("12 elderly pensioners", "12 police officers").
pub fn count_before(text: &str, noun_start: usize) -> Option<CountExpr> {
    let noun_start = floor_char_boundary(text, noun_start.min(text.len()));
    let window_start = floor_char_boundary(text, noun_start.saturating_sub(120));
    let prefix = &text[window_start..noun_start];
    let last = find_counts(prefix).pop()?;
    let gap = &prefix[last.end..];
    if !is_noun_gap(gap) {
        return None;
    }
    Some(CountExpr {
        start: last.start + window_start,
        end: last.end + window_start,
        count: last.count,
    })
}

/// The count at the very start of `text` (after spaces): for a noun phrase such as "at least
/// 12 pensioners" → "at least 12", min 12.
#[allow(
    dead_code,
    reason = "substrate API for the event rules; not every caller exists yet"
)]
pub fn count_at_start(text: &str) -> Option<CountExpr> {
    let toks = tokenize(text);
    let (expr, next) = count_at(text, &toks, 0)?;
    (!is_excluded(text, &toks, 0, next, &expr)).then_some(expr)
}

fn is_noun_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    if !gap.is_empty() && !gap.starts_with(char::is_whitespace) && !gap.starts_with('-') {
        return false;
    }
    // Function words end the noun phrase: "12 said that pensioners" counts no pensioners.
    const CLAUSE_WORDS: [&str; 16] = [
        "said", "that", "who", "which", "was", "were", "is", "are", "had", "have", "has", "and",
        "or", "to", "in", "on",
    ];
    words.len() <= 2
        && words.iter().all(|w| {
            !CLAUSE_WORDS.contains(w)
                && w.chars()
                    .all(|c| c.is_lowercase() || c == '-' || c.is_ascii_digit())
        })
}

fn is_excluded(text: &str, toks: &[Token], i: usize, next: usize, expr: &CountExpr) -> bool {
    let after = toks.get(next);
    if after.is_some_and(|t| {
        let w = t.text(text);
        w == "%" || w.eq_ignore_ascii_case("percent") || w.eq_ignore_ascii_case("per")
    }) {
        return true;
    }
    if is_age_or_duration(text, toks, next) {
        return true;
    }
    if crate::money::currency_after(text, toks, next).is_some() {
        return true;
    }
    if i > 0 && crate::money::is_currency_prefix(toks[i - 1].text(text)) {
        return true;
    }
    looks_like_date(text, toks, i, next, expr)
}

/// "67-year-old", "a 10-day term", "15 years old": a number of time units, not of people.
fn is_age_or_duration(text: &str, toks: &[Token], next: usize) -> bool {
    const UNITS: [&str; 12] = [
        "year", "years", "day", "days", "week", "weeks", "month", "months", "hour", "hours",
        "minute", "minutes",
    ];
    let is_unit = |k: usize| {
        toks.get(k)
            .is_some_and(|t| UNITS.iter().any(|u| t.text(text).eq_ignore_ascii_case(u)))
    };
    let hyphenated = toks.get(next).is_some_and(|t| t.text(text) == "-") && is_unit(next + 1);
    let old = is_unit(next)
        && toks
            .get(next + 1)
            .is_some_and(|t| t.text(text).eq_ignore_ascii_case("old"));
    hyphenated || old
}

fn looks_like_date(text: &str, toks: &[Token], i: usize, next: usize, expr: &CountExpr) -> bool {
    let is_month = |t: Option<&Token>| t.is_some_and(|t| crate::dates::is_month_word(t.text(text)));
    if is_month(i.checked_sub(1).and_then(|p| toks.get(p))) || is_month(toks.get(next)) {
        return true;
    }
    let single_digits = next == i + 1 && toks[i].kind == Kind::Num;
    let year_like = single_digits
        && toks[i].text(text).len() == 4
        && expr.count.min.is_some_and(|v| (1800..=2100).contains(&v));
    let date_like = single_digits && toks[i].text(text).bytes().filter(|&b| b == b'.').count() > 1;
    year_like || date_like || (single_digits && followed_by_date_dash(text, toks, next))
}

fn followed_by_date_dash(text: &str, toks: &[Token], next: usize) -> bool {
    // "2024-05-03": the first group is a year, not a count.
    toks.get(next).is_some_and(|t| t.text(text) == "-")
        && toks.get(next + 1).is_some_and(|t| t.kind == Kind::Num)
        && toks.get(next + 2).is_some_and(|t| t.text(text) == "-")
}

/// Parse a count expression starting at token `i`: (expression, index of the next token).
pub(crate) fn count_at(text: &str, toks: &[Token], i: usize) -> Option<(CountExpr, usize)> {
    if let Some(found) = between_at(text, toks, i) {
        return Some(found);
    }
    let (bound, j) = match lexicons().modifiers.longest_at(text, toks, i) {
        Some((b, n)) => (Some(*b), i + n),
        None => (None, i),
    };
    let (quantity, k) = quantity_at(text, toks, j)?;
    let (quantity, k) = range_tail(text, toks, quantity, k);
    let (min, max) = bounds(bound, quantity);
    let start = toks[i].start;
    let end = toks[k - 1].end;
    let count = Count {
        min,
        max,
        text: text[start..end].to_owned(),
    };
    Some((CountExpr { start, end, count }, k))
}

fn between_at(text: &str, toks: &[Token], i: usize) -> Option<(CountExpr, usize)> {
    if !toks.get(i)?.text(text).eq_ignore_ascii_case("between") {
        return None;
    }
    let (low, j) = quantity_at(text, toks, i + 1)?;
    if !toks.get(j)?.text(text).eq_ignore_ascii_case("and") {
        return None;
    }
    let (high, k) = quantity_at(text, toks, j + 1)?;
    let (start, end) = (toks[i].start, toks[k - 1].end);
    let count = Count {
        min: Some(low.value),
        max: Some(high.value.max(low.value)),
        text: text[start..end].to_owned(),
    };
    Some((CountExpr { start, end, count }, k))
}

/// "10 to 20", "10-20", "two or three": widen an exact quantity into a range.
fn range_tail(text: &str, toks: &[Token], q: Quantity, k: usize) -> (Quantity, usize) {
    if q.vague {
        return (q, k);
    }
    let Some(sep) = toks.get(k) else {
        return (q, k);
    };
    let sep_text = sep.text(text);
    let is_sep = matches!(sep_text, "-" | "–" | "—")
        || sep_text.eq_ignore_ascii_case("to")
        || sep_text.eq_ignore_ascii_case("or");
    if !is_sep {
        return (q, k);
    }
    match quantity_at(text, toks, k + 1) {
        Some((high, next)) if !high.vague && high.value > q.value => (
            Quantity {
                high: Some(high.value),
                ..q
            },
            next,
        ),
        _ => (q, k),
    }
}

fn bounds(bound: Option<Bound>, q: Quantity) -> (Option<u64>, Option<u64>) {
    if let Some(high) = q.high {
        return (Some(q.value), Some(high));
    }
    let n = q.value;
    match (bound, q.vague) {
        (None, false) | (Some(Bound::About), false) => (Some(n), Some(n)),
        (None | Some(Bound::Min | Bound::About), true) | (Some(Bound::Min), false) => {
            (Some(n), None)
        }
        (Some(Bound::Above), _) => (Some(n.saturating_add(1)), None),
        (Some(Bound::Max | Bound::Near), _) => (None, Some(n)),
        (Some(Bound::Below), _) => (None, Some(n.saturating_sub(1))),
    }
}

/// A quantity: an exact number, or the lower bound of a vague one ("dozens").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quantity {
    /// The number, or the least it can mean.
    pub value: u64,
    /// "dozens", "several hundred": `value` is only a lower bound.
    pub vague: bool,
    /// The upper end of a range ("10 to 20").
    pub high: Option<u64>,
}

/// A count quantity at token `i`: a number ("12", "two hundred", "2 million") or a vague
/// quantity ("dozens", "several hundred", "a dozen").
pub(crate) fn quantity_at(text: &str, toks: &[Token], i: usize) -> Option<(Quantity, usize)> {
    let lex = lexicons();
    if let Some((word, n)) = lex.numbers.longest_at(text, toks, i) {
        match word.kind {
            NumKind::Vague => return Some((vague(word.value), i + n)),
            NumKind::Pair => return Some((exact(word.value), i + n)),
            NumKind::Qty => return Some(qty_at(text, toks, word.value, i + n)),
            _ => {}
        }
    }
    let (value, next) = number_at(text, toks, i)?;
    let value = to_count(value)?;
    Some((exact(value), next))
}

/// "several" alone → at least 3; "several hundred" → at least 300; "a few dozen" → 24.
fn qty_at(text: &str, toks: &[Token], least: u64, j: usize) -> (Quantity, usize) {
    let scale = toks
        .get(j)
        .and_then(|t| lexicons().numbers.get(t.text(text)))
        .filter(|w| matches!(w.kind, NumKind::Scale | NumKind::Dozen));
    match scale {
        Some(w) => (vague(least.saturating_mul(w.value)), j + 1),
        None => (vague(least), j),
    }
}

fn vague(value: u64) -> Quantity {
    Quantity {
        value,
        vague: true,
        high: None,
    }
}

fn exact(value: u64) -> Quantity {
    Quantity {
        value,
        vague: false,
        high: None,
    }
}

fn to_count(value: f64) -> Option<u64> {
    // Counts of people are whole; "1.5" alone is not a count, "1.5 million" is.
    let ok = value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value < 1e15;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    ok.then_some(value as u64)
}

/// A number at token `i`: digits ("1,200", "1.5", "10.000.000"), optionally followed by scale
/// words ("2 million"), or number words ("two hundred and fifty", "twenty-five", "a dozen").
/// Returns the value and the index of the next token.
pub(crate) fn number_at(text: &str, toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let tok = toks.get(i)?;
    if tok.kind == Kind::Num {
        let base = parse_digits(tok.text(text))?;
        return Some(scales_after(text, toks, base, i + 1));
    }
    words_number_at(text, toks, i)
}

/// Multiply by the scale words that follow: "2 million", "1.5 bn", "3 thousand".
fn scales_after(text: &str, toks: &[Token], mut value: f64, mut j: usize) -> (f64, usize) {
    while let Some(w) = toks
        .get(j)
        .and_then(|t| lexicons().numbers.get(t.text(text)))
    {
        match w.kind {
            NumKind::Scale | NumKind::Dozen => {
                #[allow(clippy::cast_precision_loss)]
                let scale = w.value as f64;
                value *= scale;
                j += 1;
            }
            _ => break,
        }
    }
    (value, j)
}

fn words_number_at(text: &str, toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let lex = lexicons();
    let mut j = i;
    let first = toks.get(i)?.text(text);
    let article = first.eq_ignore_ascii_case("a") || first.eq_ignore_ascii_case("an");
    if article {
        // "a hundred", "a dozen", "a million" — "a" alone is no number.
        let next = lex.numbers.get(toks.get(i + 1)?.text(text))?;
        if !matches!(next.kind, NumKind::Scale | NumKind::Dozen) {
            return None;
        }
        j = i + 1;
    }
    let (mut total, mut current, mut seen) = (0u64, if article { 1u64 } else { 0 }, article);
    let mut end = j;
    while let Some(tok) = toks.get(j) {
        let word = lex.numbers.get(tok.text(text));
        match word.map(|w| (w.kind, w.value)) {
            Some((NumKind::Unit | NumKind::Tens, v)) => {
                current = current.saturating_add(v);
                seen = true;
                end = j + 1;
            }
            Some((NumKind::Scale | NumKind::Dozen, v)) if seen => {
                if v >= 1000 {
                    total = total.saturating_add(current.max(1).saturating_mul(v));
                    current = 0;
                } else {
                    current = current.max(1).saturating_mul(v);
                }
                end = j + 1;
            }
            _ if seen && is_number_glue(text, toks, j) => {}
            _ => break,
        }
        j += 1;
    }
    if !seen || end == i {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let value = total.saturating_add(current) as f64;
    Some((value, end))
}

/// "twenty-five", "one hundred and twenty": a hyphen or "and" between number words.
fn is_number_glue(text: &str, toks: &[Token], j: usize) -> bool {
    let t = toks[j].text(text);
    let glue = t == "-" || t.eq_ignore_ascii_case("and");
    let next_is_number = toks.get(j + 1).is_some_and(|n| {
        lexicons()
            .numbers
            .get(n.text(text))
            .is_some_and(|w| matches!(w.kind, NumKind::Unit | NumKind::Tens))
    });
    glue && next_is_number
}

/// Digits with separators: "1,200" → 1200, "1.5" → 1.5, "10.000.000" → 10000000.
pub(crate) fn parse_digits(s: &str) -> Option<f64> {
    let groups: Vec<&str> = s.split([',', '.']).collect();
    let thousands_groups = |sep: char| {
        s.contains(sep)
            && groups.len() > 1
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    if !s.contains('.') && thousands_groups(',') {
        return groups.concat().parse().ok();
    }
    if !s.contains(',') && s.matches('.').count() > 1 && thousands_groups('.') {
        return groups.concat().parse().ok();
    }
    if s.contains(',') && s.contains('.') {
        // "1,200.50": commas group thousands, the dot is decimal.
        let cleaned: String = s.chars().filter(|&c| c != ',').collect();
        return cleaned.parse().ok();
    }
    if s.matches('.').count() > 1 || s.contains(',') {
        return None;
    }
    s.parse().ok()
}

/// One token of a text: a word, a number written in digits, or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What kind of token.
    pub kind: Kind,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Token kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (any script), with inner apostrophes.
    Word,
    /// ASCII digits, with inner `,` or `.` between digits.
    Num,
    /// One other non-space character.
    Punct,
}

/// Split `text` into words, digit runs and single punctuation characters.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    // Bytes for ASCII (most news text), chars only where a byte is not ASCII.
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let c = char_at(text, i);
        let len = c.len_utf8();
        let (kind, end) = if c.is_ascii_digit() {
            (Kind::Num, scan_number(bytes, i))
        } else if c.is_alphabetic() {
            (Kind::Word, scan_word(text, i + len))
        } else if c.is_whitespace() {
            i += len;
            continue;
        } else {
            (Kind::Punct, i + len)
        };
        toks.push(Token {
            start: i,
            end,
            kind,
        });
        i = end;
    }
    toks
}

/// The char starting at byte `i` (a char boundary), cheaply for ASCII.
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\0'),
    }
}

/// The end of a run of digits with inner `,` or `.` before a digit ("1,200", "03.05.2024").
fn scan_number(bytes: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(&b) = bytes.get(j) {
        let separator =
            (b == b',' || b == b'.') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || separator) {
            break;
        }
        j += 1;
    }
    j
}

/// The end of a word whose letters continue at byte `j`.
fn scan_word(text: &str, mut j: usize) -> usize {
    while j < text.len() {
        let c = char_at(text, j);
        let inner = c.is_alphabetic() || (matches!(c, '\'' | '’') && inner_apostrophe(text, j));
        if !inner {
            break;
        }
        j += c.len_utf8();
    }
    j
}

/// An apostrophe inside a word ("don't", "so'm"), but not the possessive "'s" ("Thursday's").
fn inner_apostrophe(text: &str, pos: usize) -> bool {
    let mut rest = text[pos..].chars().skip(1);
    match (rest.next(), rest.next()) {
        (Some('s'), next) => next.is_some_and(char::is_alphabetic),
        (Some(c), _) => c.is_alphabetic(),
        (None, _) => false,
    }
}

/// The largest char boundary at or before `i`.
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A phrase table keyed by lower-case words joined by one space, matched over tokens.
///
/// Every proper prefix of a phrase is in the map too (with no value), so a match stops at the
/// first word that starts no phrase: one hash look-up for most tokens.
#[derive(Debug)]
pub(crate) struct Lexicon<V> {
    map: HashMap<String, Slot<V>, BuildHasherDefault<FxHasher>>,
    /// A Bloom filter of the phrases' first words, tried before hashing: most tokens are
    /// ordinary words that start no phrase.
    firsts: Box<[u64; BLOOM_WORDS]>,
}

const BLOOM_WORDS: usize = 256;

/// A cheap signature of a word for the Bloom filter: length, first and last byte, case-folded.
fn bloom_bit(word: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return 0;
    };
    let h = (word.len() as u64)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(
            u64::from(first.to_ascii_lowercase()) << 8 | u64::from(last.to_ascii_lowercase()),
        )
        .wrapping_mul(0xff51_afd7_ed55_8ccd);
    (h >> 50) as usize % (BLOOM_WORDS * 64)
}

#[derive(Debug)]
struct Slot<V> {
    value: Option<V>,
    /// Some longer phrase starts with this key.
    prefix: bool,
}

impl<V> Lexicon<V> {
    /// Parse `phrase <TAB> value…` lines (`#` comments and blank lines skipped); `parse` turns
    /// the remaining columns into a value, or `None` to skip the line.
    pub fn parse(data: &str, parse: impl Fn(&[&str]) -> Option<V>) -> Self {
        let mut map: HashMap<String, Slot<V>, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut firsts = Box::new([0u64; BLOOM_WORDS]);
        for line in data.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(value) = parse(&cols[1..]) else {
                continue;
            };
            // Keys are split like the text they are matched against: "U.S. dollars" → 5 tokens.
            let phrase = cols[0].trim();
            let words: Vec<&str> = tokenize(phrase).iter().map(|t| t.text(phrase)).collect();
            let Some(first) = words.first() else {
                continue;
            };
            let bit = bloom_bit(first.as_bytes());
            firsts[bit / 64] |= 1 << (bit % 64);
            for n in 1..words.len() {
                let prefix = words[..n].join(" ").to_ascii_lowercase();
                map.entry(prefix)
                    .or_insert(Slot {
                        value: None,
                        prefix: true,
                    })
                    .prefix = true;
            }
            let key = words.join(" ").to_ascii_lowercase();
            let slot = map.entry(key).or_insert(Slot {
                value: None,
                prefix: false,
            });
            if slot.value.is_none() {
                slot.value = Some(value);
            }
        }
        Self { map, firsts }
    }

    fn may_start(&self, word: &str) -> bool {
        let bit = bloom_bit(word.as_bytes());
        self.firsts[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Look up one word, case-insensitively.
    pub fn get(&self, word: &str) -> Option<&V> {
        if !self.may_start(word) {
            return None;
        }
        let mut buf = [0u8; 48];
        let key = lower_into(word, &mut buf)?;
        self.map.get(key)?.value.as_ref()
    }

    /// The longest phrase starting at token `i` (word tokens joined by single spaces): the value
    /// and the number of tokens it spans.
    pub fn longest_at(&self, text: &str, toks: &[Token], i: usize) -> Option<(&V, usize)> {
        if !self.may_start(toks.get(i)?.text(text)) {
            return None;
        }
        let mut buf = [0u8; 96];
        let mut len = 0;
        let mut best = None;
        for (n, tok) in toks.get(i..)?.iter().enumerate() {
            let word = tok.text(text);
            let sep = usize::from(n > 0);
            if len + sep + word.len() > buf.len() {
                break;
            }
            if n > 0 {
                buf[len] = b' ';
            }
            let piece = &mut buf[len + sep..len + sep + word.len()];
            piece.copy_from_slice(word.as_bytes());
            piece.make_ascii_lowercase();
            len += sep + word.len();
            let Ok(key) = std::str::from_utf8(&buf[..len]) else {
                break;
            };
            let Some(slot) = self.map.get(key) else {
                break;
            };
            if let Some(v) = &slot.value {
                best = Some((v, n + 1));
            }
            if !slot.prefix {
                break;
            }
        }
        best
    }
}

/// The Firefox/rustc hash: short keys, no attacker in the loop, several look-ups per token.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// `word` in ASCII lower case in `buf`, or `None` if it does not fit.
fn lower_into<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let out = buf.get_mut(..word.len())?;
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Kinds of entry in `numbers.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumKind {
    Unit,
    Tens,
    Scale,
    Dozen,
    Vague,
    Qty,
    Pair,
}

/// One entry of `numbers.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NumWord {
    /// Kind of word.
    pub kind: NumKind,
    /// Its value (the least it means, for vague words).
    pub value: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Min,
    Above,
    Max,
    Below,
    About,
    Near,
}

struct Lexicons {
    numbers: Lexicon<NumWord>,
    modifiers: Lexicon<Bound>,
}

fn lexicons() -> &'static Lexicons {
    static LEX: LazyLock<Lexicons> = LazyLock::new(|| Lexicons {
        numbers: Lexicon::parse(include_str!("../../../data/en/numbers.tsv"), parse_num),
        modifiers: Lexicon::parse(
            include_str!("../../../data/en/count-modifiers.tsv"),
            parse_bound,
        ),
    });
    &LEX
}

/// Whether `word` (lower case) is a number word or a vague quantity ("three", "dozens").
pub(crate) fn is_number_word(word: &str) -> bool {
    lexicons().numbers.get(word).is_some()
}

fn parse_num(cols: &[&str]) -> Option<NumWord> {
    let kind = match *cols.first()? {
        "unit" => NumKind::Unit,
        "tens" => NumKind::Tens,
        "scale" => NumKind::Scale,
        "dozen" => NumKind::Dozen,
        "vague" => NumKind::Vague,
        "qty" => NumKind::Qty,
        "pair" => NumKind::Pair,
        _ => return None,
    };
    let value = cols.get(1)?.trim().parse().ok()?;
    Some(NumWord { kind, value })
}

fn parse_bound(cols: &[&str]) -> Option<Bound> {
    Some(match cols.first()?.trim() {
        "min" => Bound::Min,
        "above" => Bound::Above,
        "max" => Bound::Max,
        "below" => Bound::Below,
        "about" => Bound::About,
        "near" => Bound::Near,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expect` is "text:min:max" per count, `_` for an absent bound, joined by " | ".
    fn check(input: &str, expect: &str) {
        let got: Vec<String> = find_counts(input)
            .iter()
            .map(|c| {
                let b = |v: Option<u64>| v.map_or("_".to_owned(), |v| v.to_string());
                assert_eq!(&input[c.start..c.end], c.count.text);
                format!("{}:{}:{}", c.count.text, b(c.count.min), b(c.count.max))
            })
            .collect();
        assert_eq!(got.join(" | "), expect, "input: {input}");
    }

    #[test]
    fn digits_and_words() {
        check("Police detained 12 people.", "12:12:12");
        check("Some 1,200 people marched.", "Some 1,200:1200:1200");
        check("twelve activists", "twelve:12:12");
        check("two hundred protesters", "two hundred:200:200");
        check(
            "one hundred and twenty-five",
            "one hundred and twenty-five:125:125",
        );
        check("twenty-five women", "twenty-five:25:25");
        check("2 million people", "2 million:2000000:2000000");
        check("1.5 million people", "1.5 million:1500000:1500000");
        check("three thousand workers", "three thousand:3000:3000");
        check("a hundred people", "a hundred:100:100");
    }

    #[test]
    fn vague_quantities() {
        check("dozens of pensioners", "dozens:24:_");
        check("a dozen students", "a dozen:12:12");
        check("hundreds of people", "hundreds:200:_");
        check("thousands rallied", "thousands:2000:_");
        check("tens of thousands rallied", "tens of thousands:20000:_");
        check("several women", "several:3:_");
        check("a few journalists", "a few:2:_");
        check("several hundred people", "several hundred:300:_");
        check("two dozen people", "two dozen:24:24");
    }

    #[test]
    fn modifiers() {
        check("at least 12 pensioners", "at least 12:12:_");
        check("about 300 people", "about 300:300:300");
        check("around 40 activists", "around 40:40:40");
        check("more than 100 people", "more than 100:101:_");
        check("up to 50 people", "up to 50:_:50");
        check("as many as 5,000 people", "as many as 5,000:_:5000");
        check("fewer than 20 people", "fewer than 20:_:19");
        check("nearly 200 people", "nearly 200:_:200");
        check("more than a dozen people", "more than a dozen:13:_");
        check("at least dozens", "at least dozens:24:_");
    }

    #[test]
    fn ranges() {
        check("between 10 and 20 people", "between 10 and 20:10:20");
        check("10 to 20 people", "10 to 20:10:20");
        check("10-20 people", "10-20:10:20");
        check("two or three men", "two or three:2:3");
    }

    #[test]
    fn not_counts() {
        check("on March 14 they met", "");
        check("on 14 March they met", "");
        check("in 2023 they met", "");
        check("on 2024-05-03", "");
        check("on 03.05.2024", "");
        check("a rise of 15%", "");
        check("fined 10,000 soms", "");
        check("paid $115", "");
        check("a man", "");
        check("a 67-year-old man", "");
        check("he is 67 years old", "");
        check("a 10-day term", "");
        check("someone", "");
    }

    #[test]
    fn count_before_noun() {
        let text = "Police detained at least 12 pensioners and dozens of students.";
        let c = count_before(text, text.find("pensioners").expect("test")).expect("count");
        assert_eq!(c.count.text, "at least 12");
        let c = count_before(text, text.find("students").expect("test")).expect("count");
        assert_eq!(c.count.text, "dozens");
        let text = "Police detained 12 elderly pensioners.";
        let c = count_before(text, text.find("pensioners").expect("test")).expect("count");
        assert_eq!(c.count.min, Some(12));
        let text = "On March 14 pensioners gathered.";
        assert!(count_before(text, text.find("pensioners").expect("test")).is_none());
        let c = count_at_start("at least 12 pensioners").expect("count");
        assert_eq!((c.end, c.count.min, c.count.max), (11, Some(12), None));
        assert!(count_at_start("pensioners").is_none());
        let text = "12 said that pensioners gathered.";
        assert!(count_before(text, text.find("pensioners").expect("test")).is_none());
    }

    #[test]
    fn tokenizer_offsets() {
        let text = "Bişkek: 1,200 don't-go.";
        let toks: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
        assert_eq!(toks, ["Bişkek", ":", "1,200", "don't", "-", "go", "."]);
        let text = "Thursday's so'm";
        let toks: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
        assert_eq!(toks, ["Thursday", "'", "s", "so'm"]);
    }

    #[test]
    fn digit_forms() {
        assert_eq!(parse_digits("1,200"), Some(1200.0));
        assert_eq!(parse_digits("1,200,000"), Some(1_200_000.0));
        assert_eq!(parse_digits("10.000.000"), Some(10_000_000.0));
        assert_eq!(parse_digits("1.5"), Some(1.5));
        assert_eq!(parse_digits("1,200.50"), Some(1200.5));
        assert_eq!(parse_digits("1,20"), None);
    }

    /// Synthetic sentences with every count form, and counts that are not.
    const FIXTURES: &[&str] = &[
        "Police detained at least 12 pensioners and dozens of students.",
        "About 300 people marched; more than 1,000 signed the petition.",
        "As many as 5,000 workers struck, up to 50 of them were detained.",
        "Several women and a few journalists were taken to two hundred and five cells.",
        "Between 10 and 20 activists, twenty-five in all by another count, were fined.",
        "Tens of thousands rallied; hundreds of thousands watched; 2 million signed.",
        "Fewer than 20 people came, nearly 200 had promised, two or three stayed.",
        "Several hundred farmers and a dozen traders joined, and scores of students.",
        "On March 14, 2024, 15% of the 12 members paid 10,000 soms in 2023.",
    ];

    #[test]
    fn fixtures_snapshot() {
        let mut out = String::new();
        for sentence in FIXTURES {
            out.push_str(sentence);
            out.push('\n');
            for c in find_counts(sentence) {
                let b = |v: Option<u64>| v.map_or("-".to_owned(), |v| v.to_string());
                let (min, max) = (b(c.count.min), b(c.count.max));
                out.push_str(&format!(
                    "  [{}..{}] {:?} min {min} max {max}\n",
                    c.start, c.end, c.count.text
                ));
            }
        }
        insta::assert_snapshot!(out);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            for c in find_counts(&s) {
                proptest::prop_assert!(s.is_char_boundary(c.start) && s.is_char_boundary(c.end));
            }
            let _ = count_before(&s, s.len() / 2);
        }

        #[test]
        fn never_panics_on_number_soup(s in "([0-9]{1,4}[,.-]?| |at least |dozens |a |hundred |and |-|twenty ){0,12}") {
            for c in find_counts(&s) {
                proptest::prop_assert!(c.start <= c.end && c.end <= s.len());
            }
        }
    }
}
