//! Temporal expressions: finding them ("March 14", "on Thursday", "two weeks earlier") and
//! resolving them to a [`DateSpan`] against the publication date or an anchor event.
//!
//! [`find_times`] lists every [`TimeExpr`] in a text; [`resolve_tensed`] turns one into a
//! [`DateSpan`]. Three kinds ([`TimeKind`]):
//! - absolute: written as a calendar date ("May 3, 2024", "3 May", "in March", "2024-05-03",
//!   "03.05.2024", "May 3-5", "between March and May"); a missing year is the one that puts the
//!   date nearest to the publication date, a day after it counting as two before it (reports
//!   mostly tell the past); a date with its year resolves even without a publication date;
//! - relative to the publication date: "yesterday", "on Thursday" (the most recent Thursday on
//!   or before publication; "next Thursday" the first after it; "last Thursday" the last before
//!   it), "last week", "this month", "earlier this year", "in recent years", "three days ago",
//!   "last March" (the last March before the publication's month);
//! - relative to an anchor event: "two days earlier", "a week later", "the day before".
//!
//! Resolution: a shift by weeks gives the Monday–Sunday week that contains the shifted day
//! ("two weeks earlier" than Thu 2024-03-14 → 2024-02-26..2024-03-03, precision week); by
//! months the calendar month, by years the calendar year. "In recent years" is 1 January three
//! years before the base to the base (precision year). With no publication date (or no anchor,
//! for anchored expressions) the text stays, the dates are `null` and the precision `unknown`.
//!
//! Month and weekday names count only when capitalised; a bare "May" or "March" (no day, no
//! year) needs a preposition before it ("in May", "since March"), so "a march" and "police may
//! detain" are no dates. Word lists: `data/en/{months,weekdays,relative-dates}.tsv`.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use vigil_model::{DatePrecision, DateSpan};

use crate::counts::{Kind, Lexicon, Token, number_at, tokenize};

/// A temporal expression found in a text. Offsets are UTF-8 byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The words of the report ("Thursday evening", "two weeks earlier"), without a leading
    /// "on" or "in".
    pub text: String,
    /// What the expression means.
    pub kind: TimeKind,
}

impl TimeExpr {
    /// Whether the expression is told relative to another event ("two weeks earlier", "the
    /// next day"): resolve it with that event's date as the anchor.
    #[allow(
        dead_code,
        reason = "substrate API for the event rules; not every caller exists yet"
    )]
    pub fn is_relative_to_event(&self) -> bool {
        matches!(self.kind, TimeKind::Anchored(_))
    }
}

/// What a temporal expression means, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// A calendar date or span as written; `start == end` for a single date.
    Absolute {
        /// The first date.
        start: Cal,
        /// The last date.
        end: Cal,
    },
    /// Relative to the publication date ("yesterday", "on Thursday", "last week").
    Published(Rel),
    /// Relative to the event it is told against ("two days earlier", "the day before").
    Anchored(Rel),
    /// A part of a month ("early January", "mid-March 2024", "the end of May"): the month's
    /// year is found as for the bare month, then the span is narrowed to the part's days.
    MonthPart {
        /// The month, with its year if written; no day.
        month: Cal,
        /// Which part.
        part: MonthPart,
    },
}

/// A third of a month: days 1–10, 11–20, or 21 to the last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPart {
    /// Days 1–10.
    Early,
    /// Days 11–20.
    Mid,
    /// Day 21 to the month's last day.
    Late,
}

/// A calendar date as written: "March" has no day, "2023" no month, "March 14" no year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cal {
    /// The year, if written.
    pub year: Option<i32>,
    /// The month (1–12); `None` for a whole year.
    pub month: Option<u32>,
    /// The day of the month; `None` for a whole month or year.
    pub day: Option<u32>,
}

/// A relative expression, resolved against a base date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// The `unit` that contains base + `amount` units ("yesterday" = −1 day, "last week" = −1
    /// week, "two weeks earlier" = −2 weeks).
    Shift {
        /// Signed number of units.
        amount: i32,
        /// The unit, which is also the precision.
        unit: Unit,
    },
    /// A weekday: the most recent on or before the base, strictly before it, or after it.
    Weekday {
        /// Which weekday.
        weekday: Weekday,
        /// Which occurrence.
        dir: WeekdayDir,
    },
    /// From the start of the base's `unit` to the base ("earlier this year").
    ToDate(Unit),
    /// From the start of the `unit` `amount` units before the base, to the base ("in recent
    /// years").
    Recent {
        /// How many units back.
        amount: i32,
        /// The unit, which is also the precision.
        unit: Unit,
    },
    /// The last Saturday–Sunday on or before the base.
    Weekend,
    /// A calendar month before or after the base's month ("last March", "next May").
    Month {
        /// The month, 1–12.
        month: u32,
        /// Which occurrence: `Before` is strictly before the base's month, `After` strictly
        /// after it.
        dir: WeekdayDir,
    },
}

/// Which occurrence of a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekdayDir {
    /// "on Thursday": the base itself or the last one before it.
    OnOrBefore,
    /// "last Thursday": strictly before the base.
    Before,
    /// "next Thursday": strictly after the base.
    After,
    /// "will rally on Thursday": the base itself or the first one after it.
    OnOrAfter,
}

/// Which way a sentence points in time, for dates written without their year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// Reports tell the past: "in January" is the latest January on or before publication.
    Past,
    /// An explicit future cue ("will", "is scheduled", "plans to"): the first one on or after.
    Future,
}

/// Calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// A day.
    Day,
    /// A Monday–Sunday week.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// The byte spans of the temporal expressions in already tokenized `text`.
pub(crate) fn time_spans(text: &str, toks: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match time_at(text, toks, i) {
            Some((_, j)) => {
                out.push((toks[i].start, toks[j - 1].end));
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

/// Every temporal expression in `text`, left to right, not overlapping.
pub fn find_times(text: &str) -> Vec<TimeExpr> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match time_at(text, &toks, i) {
            Some((kind, j)) => {
                let (start, end) = (toks[i].start, toks[j - 1].end);
                out.push(TimeExpr {
                    start,
                    end,
                    text: text[start..end].to_owned(),
                    kind,
                });
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

/// Resolve `expr` against the publication date or, for [`TimeKind::Anchored`], the anchor
/// event's date. The result's `anchor` is `None`: the caller names the anchor event.
#[cfg(test)]
pub fn resolve(
    expr: &TimeExpr,
    published: Option<NaiveDate>,
    anchor: Option<&DateSpan>,
) -> DateSpan {
    resolve_tensed(expr, published, anchor, Tense::Past)
}

/// [`resolve`], with the sentence's [`Tense`] deciding which way a date without its year (a
/// bare month, "March 3", "on Thursday") lies from the publication date.
pub fn resolve_tensed(
    expr: &TimeExpr,
    published: Option<NaiveDate>,
    anchor: Option<&DateSpan>,
    tense: Tense,
) -> DateSpan {
    let resolved = match expr.kind {
        TimeKind::Absolute { start, end } => absolute(start, end, published, tense),
        TimeKind::Published(rel) => published.and_then(|p| relative(with_tense(rel, tense), p)),
        TimeKind::Anchored(rel) => anchor.and_then(|a| anchored(rel, a)),
        TimeKind::MonthPart { month, part } => month_part(month, part, published, tense),
    };
    let (start, end, precision) = match resolved {
        Some((s, e, p)) => (Some(s), Some(e), p),
        None => (None, None, DatePrecision::Unknown),
    };
    DateSpan {
        start,
        end,
        precision,
        text: expr.text.clone(),
        anchor: None,
    }
}

type Resolved = (NaiveDate, NaiveDate, DatePrecision);

/// "on Thursday" in a future sentence is the coming Thursday.
fn with_tense(rel: Rel, tense: Tense) -> Rel {
    match (rel, tense) {
        (
            Rel::Weekday {
                weekday,
                dir: WeekdayDir::OnOrBefore,
            },
            Tense::Future,
        ) => Rel::Weekday {
            weekday,
            dir: WeekdayDir::OnOrAfter,
        },
        _ => rel,
    }
}

/// The tense of `clause` (the text around a date, up to a ";"): future when it holds a cue
/// from `data/en/future-cues.tsv`.
#[cfg(test)]
pub fn tense_of(clause: &str) -> Tense {
    let toks = tokenize(clause);
    let lower: Vec<String> = toks.iter().map(|t| t.text(clause).to_lowercase()).collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    if future_cue_spans(&words).is_empty() {
        Tense::Past
    } else {
        Tense::Future
    }
}

/// The future cues among `words` (lower-case tokens), as `(first, last)` word ranges, left to
/// right.
pub fn future_cue_spans(words: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..words.len() {
        let phrase = future_cues().iter().filter(|phrase| {
            words
                .get(i..i + phrase.len())
                .is_some_and(|w| w.iter().zip(phrase.iter()).all(|(a, b)| *a == b))
        });
        if let Some(len) = phrase.map(Vec::len).max() {
            out.push((i, i + len));
        } else if words[i].ends_with("'ll") || words[i].ends_with("’ll") {
            out.push((i, i + 1));
        }
    }
    out
}

fn future_cues() -> &'static [Vec<String>] {
    static CUES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
        include_str!("../../../data/en/future-cues.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let phrase = l.trim();
                tokenize(phrase)
                    .iter()
                    .map(|t| t.text(phrase).to_lowercase())
                    .collect::<Vec<String>>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    });
    &CUES
}

fn anchored(rel: Rel, anchor: &DateSpan) -> Option<Resolved> {
    let (a_start, a_end) = (anchor.start?, anchor.end.or(anchor.start)?);
    let first = relative(rel, a_start)?;
    let last = relative(rel, a_end)?;
    let precision = coarser(first.2, anchor.precision);
    Some((first.0, last.1, precision))
}

fn coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision {
    let rank = |p| match p {
        DatePrecision::Day => 0,
        DatePrecision::Week => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
        DatePrecision::Unknown => 4,
    };
    if rank(a) >= rank(b) { a } else { b }
}

fn relative(rel: Rel, base: NaiveDate) -> Option<Resolved> {
    match rel {
        Rel::Shift { amount, unit } => unit_containing(shift(base, amount, unit)?, unit),
        Rel::Weekday { weekday, dir } => {
            let day = weekday_from(base, weekday, dir)?;
            Some((day, day, DatePrecision::Day))
        }
        Rel::ToDate(unit) => {
            let (start, _, _) = unit_containing(base, unit)?;
            Some((start, base, precision_of(unit)))
        }
        Rel::Recent { amount, unit } => {
            let (start, _, _) = unit_containing(shift(base, -amount, unit)?, unit)?;
            Some((start, base, precision_of(unit)))
        }
        Rel::Month { month, dir } => {
            let year = match dir {
                WeekdayDir::Before if month >= base.month() => base.year() - 1,
                WeekdayDir::After if month <= base.month() => base.year() + 1,
                WeekdayDir::OnOrAfter if month < base.month() => base.year() + 1,
                _ => base.year(),
            };
            let (start, end) = month_span(year, month)?;
            Some((start, end, DatePrecision::Month))
        }
        Rel::Weekend => {
            let sunday = weekday_from(base, Weekday::Sun, WeekdayDir::OnOrBefore)?;
            let saturday = weekday_from(base, Weekday::Sat, WeekdayDir::OnOrBefore)?;
            let end = if saturday > sunday {
                saturday.checked_add_days(Days::new(1))?
            } else {
                sunday
            };
            Some((
                end.checked_sub_days(Days::new(1))?,
                end,
                DatePrecision::Week,
            ))
        }
    }
}

fn precision_of(unit: Unit) -> DatePrecision {
    match unit {
        Unit::Day => DatePrecision::Day,
        Unit::Week => DatePrecision::Week,
        Unit::Month => DatePrecision::Month,
        Unit::Year => DatePrecision::Year,
    }
}

fn shift(base: NaiveDate, amount: i32, unit: Unit) -> Option<NaiveDate> {
    let n = amount.unsigned_abs();
    let days = |k: u32| Days::new(u64::from(k));
    match (unit, amount >= 0) {
        (Unit::Day, true) => base.checked_add_days(days(n)),
        (Unit::Day, false) => base.checked_sub_days(days(n)),
        (Unit::Week, true) => base.checked_add_days(days(n.checked_mul(7)?)),
        (Unit::Week, false) => base.checked_sub_days(days(n.checked_mul(7)?)),
        (Unit::Month, true) => base.checked_add_months(Months::new(n)),
        (Unit::Month, false) => base.checked_sub_months(Months::new(n)),
        (Unit::Year, true) => base.checked_add_months(Months::new(n.checked_mul(12)?)),
        (Unit::Year, false) => base.checked_sub_months(Months::new(n.checked_mul(12)?)),
    }
}

fn unit_containing(day: NaiveDate, unit: Unit) -> Option<Resolved> {
    let (start, end) = match unit {
        Unit::Day => (day, day),
        Unit::Week => {
            let monday =
                day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))?;
            (monday, monday.checked_add_days(Days::new(6))?)
        }
        Unit::Month => month_span(day.year(), day.month())?,
        Unit::Year => (
            NaiveDate::from_ymd_opt(day.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(day.year(), 12, 31)?,
        ),
    };
    Some((start, end, precision_of(unit)))
}

fn month_span(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

fn weekday_from(base: NaiveDate, weekday: Weekday, dir: WeekdayDir) -> Option<NaiveDate> {
    let back = (7 + base.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    match dir {
        WeekdayDir::OnOrBefore => base.checked_sub_days(Days::new(u64::from(back))),
        WeekdayDir::Before => {
            base.checked_sub_days(Days::new(u64::from(if back == 0 { 7 } else { back })))
        }
        WeekdayDir::After => {
            let ahead = (7 - back) % 7;
            base.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead })))
        }
        WeekdayDir::OnOrAfter => base.checked_add_days(Days::new(u64::from((7 - back) % 7))),
    }
}

fn absolute(start: Cal, end: Cal, published: Option<NaiveDate>, tense: Tense) -> Option<Resolved> {
    let year = match start.year.or(end.year) {
        Some(y) => y,
        None => infer_year(start, published?, tense)?,
    };
    let (first, _, p1) = cal_span(start, year)?;
    let end_year = end.year.unwrap_or(year);
    let (_, mut last, p2) = cal_span(end, end_year)?;
    if last < first && end.year.is_none() {
        // "December 28 to January 3": the end is in the next year.
        last = cal_span(end, end_year.checked_add(1)?)?.1;
    }
    (last >= first).then_some((first, last, coarser(p1, p2)))
}

/// The days of `part` in the month `cal` names, at week precision: the span is a stretch of
/// days shorter than a month, as a week is.
fn month_part(
    cal: Cal,
    part: MonthPart,
    published: Option<NaiveDate>,
    tense: Tense,
) -> Option<Resolved> {
    let (first, last, _) = absolute(cal, cal, published, tense)?;
    let (from, to) = match part {
        MonthPart::Early => (1, 10),
        MonthPart::Mid => (11, 20),
        MonthPart::Late => (21, last.day()),
    };
    Some((
        first.with_day(from)?,
        first.with_day(to)?,
        DatePrecision::Week,
    ))
}

fn cal_span(cal: Cal, year: i32) -> Option<Resolved> {
    match (cal.month, cal.day) {
        (Some(m), Some(d)) => {
            let day = NaiveDate::from_ymd_opt(year, m, d)?;
            Some((day, day, DatePrecision::Day))
        }
        (Some(m), None) => {
            let (s, e) = month_span(year, m)?;
            Some((s, e, DatePrecision::Month))
        }
        _ => {
            let s = NaiveDate::from_ymd_opt(year, 1, 1)?;
            Some((
                s,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
                DatePrecision::Year,
            ))
        }
    }
}

/// The year of a date written without one: in the past, the latest that starts on or before
/// `published` ("in January" in a December report is the January gone by); in the future,
/// the first that ends on or after it.
fn infer_year(cal: Cal, published: NaiveDate, tense: Tense) -> Option<i32> {
    let y = published.year();
    match tense {
        Tense::Past => [y, y - 1]
            .into_iter()
            .find(|&year| cal_span(cal, year).is_some_and(|(first, _, _)| first <= published)),
        Tense::Future => [y, y + 1]
            .into_iter()
            .find(|&year| cal_span(cal, year).is_some_and(|(_, last, _)| last >= published)),
    }
}

// --- finding ---------------------------------------------------------------------------

fn time_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    iso_at(text, toks, i)
        .or_else(|| dotted_at(text, toks, i))
        .or_else(|| month_range_at(text, toks, i))
        .or_else(|| month_part_at(text, toks, i))
        .or_else(|| month_dir_at(text, toks, i))
        .or_else(|| month_first_at(text, toks, i))
        .or_else(|| day_first_at(text, toks, i))
        .or_else(|| weekday_at(text, toks, i))
        .or_else(|| phrase_at(text, toks, i))
        .or_else(|| units_at(text, toks, i))
        .or_else(|| year_at(text, toks, i))
}

fn single(cal: Cal) -> TimeKind {
    TimeKind::Absolute {
        start: cal,
        end: cal,
    }
}

fn word<'a>(text: &'a str, toks: &[Token], i: usize) -> &'a str {
    toks.get(i).map_or("", |t| t.text(text))
}

fn adjacent(toks: &[Token], i: usize) -> bool {
    i > 0 && toks.get(i).is_some_and(|t| t.start == toks[i - 1].end)
}

/// "2024-05-03".
fn iso_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let y = toks.get(i)?;
    if y.kind != Kind::Num || y.end - y.start != 4 {
        return None;
    }
    let all_adjacent = (i + 1..=i + 4).all(|k| adjacent(toks, k));
    if !all_adjacent || word(text, toks, i + 1) != "-" || word(text, toks, i + 3) != "-" {
        return None;
    }
    let year = word(text, toks, i).parse().ok()?;
    let month = word(text, toks, i + 2).parse().ok()?;
    let day = word(text, toks, i + 4).parse().ok()?;
    valid(year, month, day)?;
    let cal = Cal {
        year: Some(year),
        month: Some(month),
        day: Some(day),
    };
    Some((single(cal), i + 5))
}

/// "03.05.2024": day, month, year.
fn dotted_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let tok = toks.get(i)?;
    if tok.kind != Kind::Num {
        return None;
    }
    let mut parts = tok.text(text).split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let (day, month, year) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    valid(year, month, day)?;
    let cal = Cal {
        year: Some(year),
        month: Some(month),
        day: Some(day),
    };
    Some((single(cal), i + 1))
}

fn valid(year: i32, month: u32, day: u32) -> Option<()> {
    ((1800..=2100).contains(&year) && NaiveDate::from_ymd_opt(year, month, day).is_some())
        .then_some(())
}

/// A month name at token `i`, capitalised, with the dot of an abbreviation: (month, is an
/// abbreviation, next token).
fn month_at(text: &str, toks: &[Token], i: usize) -> Option<(u32, bool, usize)> {
    let tok = toks.get(i)?;
    let w = tok.text(text);
    if tok.kind != Kind::Word || !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let m = lexicons().months.get(w)?;
    let dot = m.abbr && word(text, toks, i + 1) == "." && adjacent(toks, i + 1);
    Some((m.month, m.abbr, i + 1 + usize::from(dot)))
}

/// Whether `word` is a capitalised month name or abbreviation ("March", "Sept").
pub(crate) fn is_month_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase()) && lexicons().months.get(word).is_some()
}

/// A day of the month at token `i` ("14", "14th"): (day, next token).
fn day_at(text: &str, toks: &[Token], i: usize) -> Option<(u32, usize)> {
    let tok = toks.get(i)?;
    if tok.kind != Kind::Num || tok.end - tok.start > 2 {
        return None;
    }
    let day: u32 = tok.text(text).parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let after = word(text, toks, i + 1);
    let suffix = ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| after.eq_ignore_ascii_case(s))
        && adjacent(toks, i + 1);
    Some((day, i + 1 + usize::from(suffix)))
}

/// A four-digit year at token `i`.
fn year_tok(text: &str, toks: &[Token], i: usize) -> Option<i32> {
    let tok = toks.get(i)?;
    if tok.kind != Kind::Num || tok.end - tok.start != 4 {
        return None;
    }
    let year: i32 = tok.text(text).parse().ok()?;
    (1800..=2100).contains(&year).then_some(year)
}

/// ", 2024" or " 2024" after a date: (year, next token).
fn year_after(text: &str, toks: &[Token], j: usize) -> (Option<i32>, usize) {
    if let Some(y) = year_tok(text, toks, j) {
        return (Some(y), j + 1);
    }
    if word(text, toks, j) == ","
        && let Some(y) = year_tok(text, toks, j + 1)
    {
        return (Some(y), j + 2);
    }
    (None, j)
}

fn is_range_word(w: &str) -> bool {
    matches!(w, "-" | "–" | "—")
        || ["to", "until", "till", "through", "and"]
            .iter()
            .any(|r| w.eq_ignore_ascii_case(r))
}

/// "March 14", "March 14, 2024", "May 3-5", "May 3 to May 5", "March 2024", "in March".
fn month_first_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let (month, abbr, j) = month_at(text, toks, i)?;
    if let Some((day, k)) = day_at(text, toks, j)
        && year_tok(text, toks, j).is_none()
    {
        return Some(month_day_tail(text, toks, month, day, k));
    }
    let of = usize::from(word(text, toks, j).eq_ignore_ascii_case("of"));
    let (year, k) = year_after(text, toks, j + of);
    if let Some(year) = year {
        let cal = Cal {
            year: Some(year),
            month: Some(month),
            day: None,
        };
        return Some((single(cal), k));
    }
    if abbr || !bare_month_ok(text, toks, i, month) {
        return None;
    }
    let cal = Cal {
        year: None,
        month: Some(month),
        day: None,
    };
    Some((single(cal), j))
}

fn month_day_tail(text: &str, toks: &[Token], month: u32, day: u32, k: usize) -> (TimeKind, usize) {
    let start = Cal {
        year: None,
        month: Some(month),
        day: Some(day),
    };
    let (mut end, mut next) = (start, k);
    if is_range_word(word(text, toks, k)) {
        let (m2, j2) = month_at(text, toks, k + 1).map_or((month, k + 1), |(m, _, j)| (m, j));
        if let Some((d2, k2)) = day_at(text, toks, j2) {
            end = Cal {
                year: None,
                month: Some(m2),
                day: Some(d2),
            };
            next = k2;
        }
    }
    let (year, next) = year_after(text, toks, next);
    let with_year = |c: Cal| Cal { year, ..c };
    let (start, end) = (with_year(start), with_year(end));
    if start
        .month
        .zip(start.day)
        .is_some_and(|(m, d)| !plausible(m, d))
    {
        return (single(start), next);
    }
    (TimeKind::Absolute { start, end }, next)
}

fn plausible(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2024, month, day).is_some()
}

/// A month without day or year: not "May"/"March" unless a preposition precedes; not when a
/// capitalised word follows ("April Smith") unless a preposition precedes.
fn bare_month_ok(text: &str, toks: &[Token], i: usize, month: u32) -> bool {
    let prev = i.checked_sub(1).map_or("", |p| word(text, toks, p));
    let cue = lexicons().month_cues.get(prev).is_some()
        || (prev == "-" && i >= 2 && word(text, toks, i - 2).eq_ignore_ascii_case("mid"));
    if cue {
        return true;
    }
    let next = toks.get(i + 1).filter(|t| t.kind == Kind::Word);
    let name_follows = next.is_some_and(|t| t.text(text).starts_with(char::is_uppercase));
    let noun_follows = next.is_some_and(|t| t.text(text).starts_with(char::is_lowercase));
    // "the March rally", "last year's May protests": a month as a modifier.
    let modifier = (prev.eq_ignore_ascii_case("the") || prev == "s") && noun_follows;
    let ambiguous = month == 3 || month == 5;
    let sentence_start = i == 0 || matches!(prev, "." | "!" | "?" | "\"" | "“" | ":");
    modifier || (!ambiguous && !name_follows && !sentence_start)
}

/// "3 May", "3 May 2024", "3rd of May", "3-5 May".
fn day_first_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let (day, j) = day_at(text, toks, i)?;
    let (day2, j) = if matches!(word(text, toks, j), "-" | "–") || word(text, toks, j) == "to" {
        match day_at(text, toks, j + 1) {
            Some((d2, k)) if d2 > day => (d2, k),
            _ => (day, j),
        }
    } else {
        (day, j)
    };
    let of = usize::from(word(text, toks, j).eq_ignore_ascii_case("of"));
    let (month, _, k) = month_at(text, toks, j + of)?;
    if !plausible(month, day) || !plausible(month, day2) {
        return None;
    }
    let (year, k) = year_after(text, toks, k);
    let cal = |d| Cal {
        year,
        month: Some(month),
        day: Some(d),
    };
    Some((
        TimeKind::Absolute {
            start: cal(day),
            end: cal(day2),
        },
        k,
    ))
}

/// "between March and May", "from March to May [2024]" ("between"/"from" is not part of the
/// date's words).
fn month_range_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let lead = i.checked_sub(1).map_or("", |p| word(text, toks, p));
    if !(lead.eq_ignore_ascii_case("between") || lead.eq_ignore_ascii_case("from")) {
        return None;
    }
    let (m1, _, j) = month_at(text, toks, i)?;
    if day_at(text, toks, j).is_some() || !is_range_word(word(text, toks, j)) {
        return None;
    }
    let (m2, _, k) = month_at(text, toks, j + 1)?;
    if day_at(text, toks, k).is_some() {
        return None;
    }
    let (year, k) = year_after(text, toks, k);
    let cal = |m| Cal {
        year,
        month: Some(m),
        day: None,
    };
    // The span starts at the first month: "between" is not part of the date's words.
    Some((
        TimeKind::Absolute {
            start: cal(m1),
            end: cal(m2),
        },
        k,
    ))
}

/// "early January", "mid-March 2024", "the end of May": a part word from
/// `data/en/month-parts.tsv`, then a month name without a day. The part word stands in for the
/// preposition a bare "May" or "March" needs.
fn month_part_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let (&part, n) = lexicons().month_parts.longest_at(text, toks, i)?;
    let j = i + n;
    let j = j + usize::from(matches!(word(text, toks, j), "-" | "–"));
    let (month, abbr, k) = month_at(text, toks, j)?;
    if day_at(text, toks, k).is_some() && year_tok(text, toks, k).is_none() {
        return None;
    }
    let (year, next) = year_after(text, toks, k);
    if abbr && year.is_none() {
        return None;
    }
    let month = Cal {
        year,
        month: Some(month),
        day: None,
    };
    Some((TimeKind::MonthPart { month, part }, next))
}

/// "last March", "next May": a month without day or year, before or after publication's.
fn month_dir_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let lead = word(text, toks, i);
    let dir = if lead.eq_ignore_ascii_case("last") {
        WeekdayDir::Before
    } else if lead.eq_ignore_ascii_case("next") {
        WeekdayDir::After
    } else {
        return None;
    };
    let (month, abbr, j) = month_at(text, toks, i + 1)?;
    if abbr || day_at(text, toks, j).is_some() || year_after(text, toks, j).0.is_some() {
        return None;
    }
    Some((TimeKind::Published(Rel::Month { month, dir }), j))
}

/// "on Thursday", "Thursday evening", "last Thursday", "next Friday".
fn weekday_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let lead = word(text, toks, i);
    let is = |options: &[&str]| options.iter().any(|o| lead.eq_ignore_ascii_case(o));
    let (dir, j) = if is(&["last", "past"]) {
        (WeekdayDir::Before, i + 1)
    } else if is(&["next", "coming"]) {
        (WeekdayDir::After, i + 1)
    } else if is(&["this"]) {
        (WeekdayDir::OnOrBefore, i + 1)
    } else {
        (WeekdayDir::OnOrBefore, i)
    };
    let tok = toks.get(j)?;
    let w = tok.text(text);
    if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let weekday = *lexicons().weekdays.get(w)?;
    // "Thursday, March 14": the calendar date that follows says it better.
    let comma = usize::from(word(text, toks, j + 1) == ",");
    if month_at(text, toks, j + 1 + comma).is_some() || day_at(text, toks, j + 1 + comma).is_some()
    {
        return None;
    }
    let part_of_day = ["morning", "afternoon", "evening", "night"]
        .iter()
        .any(|p| word(text, toks, j + 1).eq_ignore_ascii_case(p));
    let kind = TimeKind::Published(Rel::Weekday { weekday, dir });
    Some((kind, j + 1 + usize::from(part_of_day)))
}

/// A phrase of `relative-dates.tsv`: "yesterday", "last week", "the day before".
fn phrase_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let (entry, n) = lexicons().relative.longest_at(text, toks, i)?;
    let rel = match entry.rule {
        Rule::Shift => Rel::Shift {
            amount: entry.amount,
            unit: entry.unit,
        },
        Rule::ToDate => Rel::ToDate(entry.unit),
        Rule::Recent => Rel::Recent {
            amount: entry.amount,
            unit: entry.unit,
        },
        Rule::Weekend => Rel::Weekend,
        Rule::Unit | Rule::Dir => return None,
    };
    Some((wrap(entry.anchored, rel), i + n))
}

fn wrap(anchored: bool, rel: Rel) -> TimeKind {
    if anchored {
        TimeKind::Anchored(rel)
    } else {
        TimeKind::Published(rel)
    }
}

/// "two days earlier", "a week later", "three years ago".
fn units_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let first = word(text, toks, i);
    let (n, j) = if first.eq_ignore_ascii_case("a") || first.eq_ignore_ascii_case("an") {
        (1.0, i + 1)
    } else {
        number_at(text, toks, i)?
    };
    if !((1.0..=1000.0).contains(&n) && n.fract() == 0.0) {
        return None;
    }
    let lex = lexicons();
    let unit = lex
        .relative
        .get(word(text, toks, j))
        .filter(|e| e.rule == Rule::Unit)?;
    let dir = lex
        .relative
        .get(word(text, toks, j + 1))
        .filter(|e| e.rule == Rule::Dir)?;
    #[allow(clippy::cast_possible_truncation)]
    let amount = n as i32 * dir.amount;
    let rel = Rel::Shift {
        amount,
        unit: unit.unit,
    };
    Some((wrap(dir.anchored, rel), j + 2))
}

/// "in 2023", "since 2019", "mid-2023": a bare year needs a preposition before it.
fn year_at(text: &str, toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let year = year_tok(text, toks, i)?;
    let prev = i.checked_sub(1).map_or("", |p| word(text, toks, p));
    let mid = prev == "-" && i >= 2 && word(text, toks, i - 2).eq_ignore_ascii_case("mid");
    if !(lexicons().month_cues.get(prev).is_some() || mid) || word(text, toks, i + 1) == "-" {
        return None;
    }
    let cal = Cal {
        year: Some(year),
        month: None,
        day: None,
    };
    Some((single(cal), i + 1))
}

// --- lexicons --------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct MonthWord {
    month: u32,
    abbr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Shift,
    ToDate,
    Recent,
    Weekend,
    Unit,
    Dir,
}

#[derive(Debug, Clone, Copy)]
struct RelWord {
    anchored: bool,
    rule: Rule,
    amount: i32,
    unit: Unit,
}

struct Lexicons {
    months: Lexicon<MonthWord>,
    weekdays: Lexicon<Weekday>,
    relative: Lexicon<RelWord>,
    month_cues: Lexicon<()>,
    month_parts: Lexicon<MonthPart>,
}

fn lexicons() -> &'static Lexicons {
    static LEX: LazyLock<Lexicons> = LazyLock::new(|| Lexicons {
        months: Lexicon::parse(include_str!("../../../data/en/months.tsv"), |c| {
            Some(MonthWord {
                month: c
                    .first()?
                    .trim()
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))?,
                abbr: c.get(1)?.trim() == "abbr",
            })
        }),
        weekdays: Lexicon::parse(include_str!("../../../data/en/weekdays.tsv"), |c| {
            let n: u8 = c.first()?.trim().parse().ok()?;
            Weekday::try_from(n.checked_sub(1)?).ok()
        }),
        relative: Lexicon::parse(
            include_str!("../../../data/en/relative-dates.tsv"),
            parse_rel,
        ),
        month_cues: Lexicon::parse(include_str!("../../../data/en/date-cues.tsv"), |_| Some(())),
        month_parts: Lexicon::parse(
            include_str!("../../../data/en/month-parts.tsv"),
            |c| match c.first()?.trim() {
                "early" => Some(MonthPart::Early),
                "mid" => Some(MonthPart::Mid),
                "late" => Some(MonthPart::Late),
                _ => None,
            },
        ),
    });
    &LEX
}

fn parse_rel(c: &[&str]) -> Option<RelWord> {
    let rule = match c.get(1)?.trim() {
        "shift" => Rule::Shift,
        "todate" => Rule::ToDate,
        "recent" => Rule::Recent,
        "weekend" => Rule::Weekend,
        "unit" => Rule::Unit,
        "dir" => Rule::Dir,
        _ => return None,
    };
    let unit = match c.get(3)?.trim() {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        _ => Unit::Year,
    };
    Some(RelWord {
        anchored: c.first()?.trim() == "anchor",
        rule,
        amount: c.get(2)?.trim().parse().ok()?,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    const PUB: &str = "2024-03-15"; // a Friday

    fn show(span: &DateSpan) -> String {
        let d = |v: Option<NaiveDate>| v.map_or("null".to_owned(), |d| d.to_string());
        let p = format!("{:?}", span.precision).to_lowercase();
        format!("{}={}..{} {p}", span.text, d(span.start), d(span.end))
    }

    /// `expect` is "text=start..end precision" per expression found, joined by " | ";
    /// published 2024-03-15, anchor 2024-03-14 (a day).
    fn check(input: &str, expect: &str) {
        let anchor = DateSpan {
            start: Some(day("2024-03-14")),
            end: Some(day("2024-03-14")),
            precision: DatePrecision::Day,
            text: "March 14".to_owned(),
            anchor: None,
        };
        let got: Vec<String> = find_times(input)
            .iter()
            .map(|t| {
                assert_eq!(&input[t.start..t.end], t.text);
                show(&resolve(t, Some(day(PUB)), Some(&anchor)))
            })
            .collect();
        assert_eq!(got.join(" | "), expect, "input: {input}");
    }

    #[test]
    fn parts_of_a_month_narrow_it() {
        check(
            "in early January",
            "early January=2024-01-01..2024-01-10 week",
        );
        check(
            "mid-February 2023",
            "mid-February 2023=2023-02-11..2023-02-20 week",
        );
        check("in mid March", "mid March=2024-03-11..2024-03-20 week");
        check("late February", "late February=2024-02-21..2024-02-29 week");
        check(
            "by the end of May",
            "the end of May=2023-05-21..2023-05-31 week",
        );
        check(
            "at the beginning of June",
            "the beginning of June=2023-06-01..2023-06-10 week",
        );
        check("since mid-2019", "2019=2019-01-01..2019-12-31 year");
    }

    #[test]
    fn worked_example() {
        check(
            "gathered outside the government building on March 14 to protest",
            "March 14=2024-03-14..2024-03-14 day",
        );
        check(
            "who organized the February rally",
            "February=2024-02-01..2024-02-29 month",
        );
        check(
            "Sadykova was released on Thursday evening, her lawyer said.",
            "Thursday evening=2024-03-14..2024-03-14 day",
        );
        check(
            "had been fined 10,000 soms two weeks earlier for",
            "two weeks earlier=2024-02-26..2024-03-03 week",
        );
    }

    #[test]
    fn calendar_forms() {
        check("on May 3", "May 3=2023-05-03..2023-05-03 day");
        check("on May 3, 2023", "May 3, 2023=2023-05-03..2023-05-03 day");
        check("on 3 May", "3 May=2023-05-03..2023-05-03 day");
        check("on 3 May 2022", "3 May 2022=2022-05-03..2022-05-03 day");
        check("on the 3rd of May", "3rd of May=2023-05-03..2023-05-03 day");
        check("on March 14th", "March 14th=2024-03-14..2024-03-14 day");
        check("on Jan. 5", "Jan. 5=2024-01-05..2024-01-05 day");
        check("in March", "March=2024-03-01..2024-03-31 month");
        check("in December", "December=2023-12-01..2023-12-31 month");
        check("in March 2021", "March 2021=2021-03-01..2021-03-31 month");
        check("in 2023", "2023=2023-01-01..2023-12-31 year");
        check("since mid-2019", "2019=2019-01-01..2019-12-31 year");
        check("on 2024-05-03", "2024-05-03=2024-05-03..2024-05-03 day");
        check("on 03.05.2024", "03.05.2024=2024-05-03..2024-05-03 day");
    }

    #[test]
    fn ranges() {
        check(
            "from May 3 to May 5",
            "May 3 to May 5=2023-05-03..2023-05-05 day",
        );
        check("May 3-5", "May 3-5=2023-05-03..2023-05-05 day");
        check("3-5 May", "3-5 May=2023-05-03..2023-05-05 day");
        check(
            "between March and May",
            "March and May=2024-03-01..2024-05-31 month",
        );
        check(
            "from December 28 to January 3",
            "December 28 to January 3=2023-12-28..2024-01-03 day",
        );
    }

    #[test]
    fn relative_to_publication() {
        check("yesterday", "yesterday=2024-03-14..2024-03-14 day");
        check("today", "today=2024-03-15..2024-03-15 day");
        check("last week", "last week=2024-03-04..2024-03-10 week");
        check("this week", "this week=2024-03-11..2024-03-17 week");
        check("last month", "last month=2024-02-01..2024-02-29 month");
        check("this month", "this month=2024-03-01..2024-03-31 month");
        check("last year", "last year=2023-01-01..2023-12-31 year");
        check(
            "earlier this year",
            "earlier this year=2024-01-01..2024-03-15 year",
        );
        check(
            "in recent years",
            "recent years=2021-01-01..2024-03-15 year",
        );
        check("on Friday", "Friday=2024-03-15..2024-03-15 day");
        check("on Monday", "Monday=2024-03-11..2024-03-11 day");
        check("last Friday", "last Friday=2024-03-08..2024-03-08 day");
        check("last March", "last March=2023-03-01..2023-03-31 month");
        check(
            "last February",
            "last February=2024-02-01..2024-02-29 month",
        );
        check("next May", "next May=2024-05-01..2024-05-31 month");
        check("next March", "next March=2025-03-01..2025-03-31 month");
        check("next Monday", "next Monday=2024-03-18..2024-03-18 day");
        check(
            "three days ago",
            "three days ago=2024-03-12..2024-03-12 day",
        );
        check(
            "over the weekend",
            "the weekend=2024-03-09..2024-03-10 week",
        );
        check("Thursday's rally", "Thursday=2024-03-14..2024-03-14 day");
    }

    fn check_tensed(input: &str, tense: Tense, expect: &str) {
        let got: Vec<String> = find_times(input)
            .iter()
            .map(|t| show(&resolve_tensed(t, Some(day(PUB)), None, tense)))
            .collect();
        assert_eq!(got.join(" | "), expect, "input: {input}");
    }

    #[test]
    fn dates_without_year_lie_in_the_past_unless_the_clause_says_future() {
        // A report of 2024-03-15 (a Friday).
        let past = tense_of("Villagers blocked the road in April.");
        assert_eq!(past, Tense::Past);
        check_tensed("in April", past, "April=2023-04-01..2023-04-30 month");
        check_tensed("on March 20", past, "March 20=2023-03-20..2023-03-20 day");
        check_tensed("on March 15", past, "March 15=2024-03-15..2024-03-15 day");
        check_tensed("in March", past, "March=2024-03-01..2024-03-31 month");
        check_tensed("on Wednesday", past, "Wednesday=2024-03-13..2024-03-13 day");
        for cue in [
            "The union will strike in April.",
            "A hearing is scheduled for March 20.",
            "The group plans to march on Wednesday.",
            "They'll rally in April.",
        ] {
            assert_eq!(tense_of(cue), Tense::Future, "{cue}");
        }
        let future = Tense::Future;
        check_tensed("in April", future, "April=2024-04-01..2024-04-30 month");
        check_tensed("on March 20", future, "March 20=2024-03-20..2024-03-20 day");
        check_tensed("in January", future, "January=2025-01-01..2025-01-31 month");
        check_tensed(
            "on Wednesday",
            future,
            "Wednesday=2024-03-20..2024-03-20 day",
        );
        check_tensed("on Friday", future, "Friday=2024-03-15..2024-03-15 day");
        // Explicit words win over the tense; years written out are kept.
        check_tensed(
            "last Wednesday",
            future,
            "last Wednesday=2024-03-13..2024-03-13 day",
        );
        check_tensed(
            "next April",
            past,
            "next April=2024-04-01..2024-04-30 month",
        );
        check_tensed(
            "in April 2025",
            past,
            "April 2025=2025-04-01..2025-04-30 month",
        );
        assert_eq!(tense_of("Police said he would appeal."), Tense::Past);
    }

    #[test]
    fn relative_to_anchor() {
        check(
            "two days earlier",
            "two days earlier=2024-03-12..2024-03-12 day",
        );
        check("a day later", "a day later=2024-03-15..2024-03-15 day");
        check(
            "the day before",
            "the day before=2024-03-13..2024-03-13 day",
        );
        check("a week later", "a week later=2024-03-18..2024-03-24 week");
        check("the next day", "the next day=2024-03-15..2024-03-15 day");
        check(
            "a month earlier",
            "a month earlier=2024-02-01..2024-02-29 month",
        );
    }

    #[test]
    fn not_dates() {
        check("police may detain anyone", "");
        check("a march to the square", "");
        check("May I ask", "");
        check("March organisers said", "");
        check("April Smith said", "");
        check("Police detained 12 people", "");
        check("2000 people rallied", "");
        check("The Mayor spoke", "");
        check("Theresa May said", "");
    }

    #[test]
    fn ambiguous_months_with_cues() {
        check("in May", "May=2023-05-01..2023-05-31 month");
        check("since March", "March=2024-03-01..2024-03-31 month");
        check("the March rally", "March=2024-03-01..2024-03-31 month");
    }

    #[test]
    fn without_publication_date() {
        let t = &find_times("on Thursday")[0];
        let span = resolve(t, None, None);
        assert_eq!(show(&span), "Thursday=null..null unknown");
        let t = &find_times("on May 3, 2023")[0];
        assert_eq!(
            show(&resolve(t, None, None)),
            "May 3, 2023=2023-05-03..2023-05-03 day"
        );
        let t = &find_times("in March")[0];
        assert_eq!(show(&resolve(t, None, None)), "March=null..null unknown");
        let t = &find_times("two days earlier")[0];
        assert_eq!(
            show(&resolve(t, Some(day(PUB)), None)),
            "two days earlier=null..null unknown"
        );
        assert!(t.is_relative_to_event());
    }

    #[test]
    fn anchor_with_month_precision() {
        let anchor = DateSpan {
            start: Some(day("2024-02-01")),
            end: Some(day("2024-02-29")),
            precision: DatePrecision::Month,
            text: "February".to_owned(),
            anchor: None,
        };
        let t = &find_times("a week later")[0];
        assert_eq!(
            show(&resolve(t, None, Some(&anchor))),
            "a week later=2024-02-05..2024-03-10 month"
        );
    }

    /// Synthetic sentences with every supported form, resolved against Friday 2024-03-15 and
    /// an anchor event on 2024-03-14.
    const FIXTURES: &[&str] = &[
        "Police detained the organisers on May 3.",
        "The court heard the case on May 3, 2023, and again on 3 May 2024.",
        "Hundreds rallied in March, and again in March 2021 and in 2023.",
        "The picket went on from May 3 to May 5; a second one ran May 7-9.",
        "Strikes spread between March and May.",
        "The ruling, dated 2024-05-03, was published on 03.05.2024.",
        "She was detained yesterday and released today.",
        "Officers searched his flat last week and again this week.",
        "Fines rose last month; arrests rose this month and last year.",
        "Dozens of pickets have been held in recent years and earlier this year.",
        "The activist was released on Thursday evening.",
        "He was taken away last Friday and will appear in court next Monday.",
        "Two days earlier, police had warned him; a day later he was fined.",
        "The day before, officers had visited; the next day they returned.",
        "Two weeks earlier he had been fined.",
        "Three days ago the group marched over the weekend.",
        "Police may detain anyone who joins a march to the square.",
        "May Day marchers met Theresa May in the Mayor's office.",
    ];

    #[test]
    fn fixtures_snapshot() {
        let anchor = DateSpan {
            start: Some(day("2024-03-14")),
            end: Some(day("2024-03-14")),
            precision: DatePrecision::Day,
            text: "March 14".to_owned(),
            anchor: None,
        };
        let mut out = String::new();
        for sentence in FIXTURES {
            out.push_str(sentence);
            out.push('\n');
            for t in find_times(sentence) {
                let kind = if t.is_relative_to_event() {
                    "event"
                } else {
                    "pub"
                };
                let span = resolve(&t, Some(day(PUB)), Some(&anchor));
                out.push_str(&format!(
                    "  [{}..{}] {kind}: {}\n",
                    t.start,
                    t.end,
                    show(&span)
                ));
            }
        }
        insta::assert_snapshot!(out);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            for t in find_times(&s) {
                proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                let _ = resolve(&t, NaiveDate::from_ymd_opt(2024, 3, 15), None);
            }
        }

        #[test]
        fn never_panics_on_date_soup(
            s in "(May |March |[0-9]{1,4}|-|\\.| |on |in |Thursday |last |week |two |days |earlier |ago |, ){0,12}",
            y in 1i32..9000,
        ) {
            let published = NaiveDate::from_ymd_opt(y, 12, 31);
            for t in find_times(&s) {
                let _ = resolve(&t, published, None);
            }
        }
    }
}
