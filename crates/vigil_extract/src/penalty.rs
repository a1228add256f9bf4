//! Penalties as reports word them: "five days of administrative arrest", "jailed for ten
//! days", "a seven-year prison term", "a suspended sentence of three years", "fined 10,000 soms".
//!
//! [`find_penalties`] lists every penalty in a text, [`find_penalty`] the first. The words are
//! data (`data/en/penalties.tsv`); the patterns, over tokens:
//! - duration + (of|in|') + kind: "seven years in prison", "two years' probation";
//! - duration adjective + kind or term: "a seven-year prison term", "a 15-day sentence";
//! - kind + (of|for) + duration: "a suspended sentence of three years";
//! - verb + (to|for) + one of the above or a bare duration: "jailed for ten days",
//!   "sentenced to 7 years" (a bare custodial term is prison for months or years, jail for days);
//! - fixed phrases: "life in prison";
//! - fines: "fined" / "a fine of" + an amount ("fined 10,000 soms ($115)" → amount 10000 KGS,
//!   text "10,000 soms"), or an amount + "fine" ("a 10,000-som fine"); a fine with no amount
//!   in reach is kept with the trigger's words as text ("fined").
//!
//! The text is the words of the report that cover the penalty, without a leading article.
//! Durations: "N years and M months" fill both; weeks count as 7 days; hours (community service)
//! stay in the text only.

use std::sync::LazyLock;

use vigil_model::{Penalty, PenaltyKind};

use crate::counts::{Kind, Lexicon, Token, number_at, tokenize};
use crate::money::money_at;

/// A penalty found in a text. Offsets are UTF-8 byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PenaltyExpr {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The penalty, with `text` the words of the report.
    pub penalty: Penalty,
}

/// The first penalty in `text`.
#[allow(
    dead_code,
    reason = "substrate API for the event rules; not every caller exists yet"
)]
pub fn find_penalty(text: &str) -> Option<PenaltyExpr> {
    find_penalties(text).into_iter().next()
}

/// Every penalty in `text`, left to right, not overlapping.
pub fn find_penalties(text: &str) -> Vec<PenaltyExpr> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match penalty_at(text, &toks, i) {
            Some(found) => {
                i = found.next.max(i + 1);
                if let Some(expr) = found.into_expr(text, &toks) {
                    out.push(expr);
                }
            }
            None => i += 1,
        }
    }
    out
}

/// A match in token indices: tokens `first..last` are the text, `next` is where to go on.
struct Found {
    first: usize,
    last: usize,
    next: usize,
    kind: PenaltyKind,
    dur: Duration,
    money: Option<(u64, &'static str)>,
}

impl Found {
    fn into_expr(self, text: &str, toks: &[Token]) -> Option<PenaltyExpr> {
        let start = toks.get(self.first)?.start;
        let end = toks.get(self.last.checked_sub(1)?)?.end;
        let (amount, currency) = match self.money {
            Some((a, c)) => (Some(a), Some(c.to_owned())),
            None => (None, None),
        };
        let penalty = Penalty {
            kind: self.kind,
            days: self.dur.days,
            months: self.dur.months,
            years: self.dur.years,
            amount,
            currency,
            text: text.get(start..end)?.to_owned(),
        };
        Some(PenaltyExpr {
            start,
            end,
            penalty,
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Duration {
    days: Option<u32>,
    months: Option<u32>,
    years: Option<u32>,
}

fn penalty_at(text: &str, toks: &[Token], i: usize) -> Option<Found> {
    let entry = lex().longest_at(text, toks, i);
    match entry {
        Some((e, n)) if e.role == Role::Fixed => {
            let dur = Duration::default();
            Some(found(i, i + n, settle(e.kind, dur), dur))
        }
        Some((e, n)) if e.role == Role::Fine => fine_at(text, toks, i, i + n),
        Some((e, n)) if e.role == Role::Verb => verb_at(text, toks, i, i + n, e.kind),
        Some((e, n)) if e.role == Role::Kind => kind_first_at(text, toks, i, i + n, e.kind),
        _ => duration_first_at(text, toks, i).or_else(|| amount_fine_at(text, toks, i)),
    }
}

fn found(first: usize, last: usize, kind: PenaltyKind, dur: Duration) -> Found {
    Found {
        first,
        last,
        next: last,
        kind,
        dur,
        money: None,
    }
}

/// "seven years in prison", "a seven-year prison term", "two years' probation".
fn duration_first_at(text: &str, toks: &[Token], i: usize) -> Option<Found> {
    let (dur, adjective, j) = duration_at(text, toks, i)?;
    if adjective {
        let (e, n) = lex().longest_at(text, toks, j)?;
        let kind = match e.role {
            Role::Kind | Role::Term => e.kind,
            _ => return None,
        };
        let mut end = j + n;
        if lex()
            .get(word(text, toks, end))
            .is_some_and(|t| t.role == Role::Term)
        {
            end += 1;
        }
        return Some(found(i, end, settle(kind, dur), dur));
    }
    let k = skip_connector(text, toks, j);
    let (e, n) = lex().longest_at(text, toks, k)?;
    (e.role == Role::Kind).then(|| found(i, k + n, settle(e.kind, dur), dur))
}

/// "of", "in", "'", then an article and up to three lower-case modifiers ("in a
/// maximum-security penal colony").
fn skip_connector(text: &str, toks: &[Token], j: usize) -> usize {
    let w = word(text, toks, j);
    let connector = ["of", "in", "at"].iter().any(|c| w.eq_ignore_ascii_case(c)) || w == "'";
    if !connector {
        return j;
    }
    let mut k = j + 1;
    if ["a", "an", "the"]
        .iter()
        .any(|a| word(text, toks, k).eq_ignore_ascii_case(a))
    {
        k += 1;
    }
    let start = k;
    while k < start + 4 && lex().longest_at(text, toks, k).is_none() {
        let t = toks.get(k);
        let modifier = t.is_some_and(|t| {
            t.text(text) == "-"
                || (t.kind == Kind::Word && t.text(text).starts_with(char::is_lowercase))
        });
        if !modifier {
            return start;
        }
        k += 1;
    }
    k
}

/// "a suspended sentence of three years", "probation for two years".
fn kind_first_at(text: &str, toks: &[Token], i: usize, j: usize, kind: KindWord) -> Option<Found> {
    let mut k = j;
    if lex()
        .get(word(text, toks, k))
        .is_some_and(|t| t.role == Role::Term)
    {
        k += 1;
    }
    let w = word(text, toks, k);
    if !(w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("for")) {
        return None;
    }
    let (dur, adjective, end) = duration_at(text, toks, k + 1)?;
    (!adjective).then(|| found(i, end, settle(kind, dur), dur))
}

/// "jailed for ten days", "sentenced to seven years in prison", "sentenced to 7 years".
fn verb_at(text: &str, toks: &[Token], i: usize, j: usize, kind: KindWord) -> Option<Found> {
    verb_tail(text, toks, i, j, kind).or_else(|| {
        // "sentenced him to 7 years", "jailed the blogger for ten days": the text is the term.
        let to = object_end(text, toks, j)?;
        verb_tail(text, toks, to + 1, to, kind)
    })
}

/// The "to" or "for" after a verb's object, within a dozen tokens of the same clause.
fn object_end(text: &str, toks: &[Token], j: usize) -> Option<usize> {
    (j..(j + 12).min(toks.len()))
        .take_while(|&k| !matches!(word(text, toks, k), "." | ";" | "!" | "?"))
        .find(|&k| {
            let w = word(text, toks, k);
            w.eq_ignore_ascii_case("to") || w.eq_ignore_ascii_case("for")
        })
}

/// What follows a penalty verb: "to seven years in prison", "for ten days", "to probation".
fn verb_tail(text: &str, toks: &[Token], i: usize, j: usize, kind: KindWord) -> Option<Found> {
    let w = word(text, toks, j);
    let k = j + usize::from(w.eq_ignore_ascii_case("to") || w.eq_ignore_ascii_case("for"));
    let k = k + usize::from(
        ["a", "an"]
            .iter()
            .any(|a| word(text, toks, k).eq_ignore_ascii_case(a)),
    );
    if let Some(f) = duration_first_at(text, toks, k) {
        return Some(f);
    }
    if let Some((e, n)) = lex().longest_at(text, toks, k) {
        // "sentenced to administrative arrest", "sentenced to probation for two years".
        if matches!(e.role, Role::Kind | Role::Fixed) && e.kind.is_some() {
            let dur = Duration::default();
            return kind_first_at(text, toks, k, k + n, e.kind)
                .or_else(|| Some(found(k, k + n, settle(e.kind, dur), dur)));
        }
    }
    let (dur, adjective, end) = duration_at(text, toks, k)?;
    let next = word(text, toks, end);
    let not_a_term = ["to", "ago", "later", "earlier", "before", "after"]
        .iter()
        .any(|x| next.eq_ignore_ascii_case(x));
    if adjective || not_a_term {
        return None;
    }
    Some(found(i, end, settle(kind, dur), dur))
}

/// "fined 10,000 soms", "a fine of $115", or "fined" alone.
fn fine_at(text: &str, toks: &[Token], i: usize, j: usize) -> Option<Found> {
    let first = if word(text, toks, i).eq_ignore_ascii_case("a") {
        i + 1
    } else {
        i
    };
    for k in j..(j + 8).min(toks.len()) {
        if matches!(word(text, toks, k), "." | ";" | "!" | "?") {
            break;
        }
        if let Some((m, next)) = money_at(text, toks, k) {
            return Some(Found {
                first: k,
                last: next,
                next,
                kind: PenaltyKind::Fine,
                dur: Duration::default(),
                money: Some((m.amount, m.currency)),
            });
        }
    }
    Some(found(first, j, PenaltyKind::Fine, Duration::default()))
}

/// "a 10,000-som fine", "1.5 million rubles in fines".
fn amount_fine_at(text: &str, toks: &[Token], i: usize) -> Option<Found> {
    let (m, next) = money_at(text, toks, i)?;
    let fine = word(text, toks, next).eq_ignore_ascii_case("fine");
    let in_fines = word(text, toks, next).eq_ignore_ascii_case("in")
        && word(text, toks, next + 1).eq_ignore_ascii_case("fines");
    (fine || in_fines).then_some(Found {
        first: i,
        last: next,
        next: next + 1 + usize::from(in_fines),
        kind: PenaltyKind::Fine,
        dur: Duration::default(),
        money: Some((m.amount, m.currency)),
    })
}

/// The kind of a penalty word; `None` is a custodial term that the duration settles: prison
/// for months or years, jail for days or weeks.
type KindWord = Option<PenaltyKind>;

fn settle(kind: KindWord, dur: Duration) -> PenaltyKind {
    match kind {
        Some(k) => k,
        None if dur.years.is_some() || dur.months.is_some() => PenaltyKind::Prison,
        None => PenaltyKind::Jail,
    }
}

/// A duration at token `i`: "five days", "two years and six months", "two and a half years",
/// or the adjective "seven-year" / "15-day". Returns (duration, is adjective, next token).
fn duration_at(text: &str, toks: &[Token], i: usize) -> Option<(Duration, bool, usize)> {
    let (n, unit, adjective, j) = one_duration_at(text, toks, i)?;
    let mut dur = Duration::default();
    add(&mut dur, n, unit);
    if adjective {
        return Some((dur, true, j));
    }
    let and = word(text, toks, j).eq_ignore_ascii_case("and") || word(text, toks, j) == ",";
    if and
        && let Some((n2, unit2, false, k)) = one_duration_at(text, toks, j + 1)
        && unit2 != unit
    {
        add(&mut dur, n2, unit2);
        return Some((dur, false, k));
    }
    Some((dur, false, j))
}

fn add(dur: &mut Duration, n: f64, unit: TimeUnit) {
    let whole = |v: f64| -> Option<u32> {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (v.is_finite() && (0.0..1e6).contains(&v)).then_some(v.round() as u32)
    };
    match unit {
        TimeUnit::Day => dur.days = whole(n),
        TimeUnit::Week => dur.days = whole(n * 7.0),
        TimeUnit::Month => dur.months = whole(n),
        TimeUnit::Year if n.fract() != 0.0 => {
            dur.years = whole(n.trunc());
            dur.months = whole(n.fract() * 12.0);
        }
        TimeUnit::Year => dur.years = whole(n),
        TimeUnit::Hour => {}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

fn unit_of(w: &str) -> Option<(TimeUnit, bool)> {
    let lower = w.to_ascii_lowercase();
    Some(match lower.as_str() {
        "hour" => (TimeUnit::Hour, false),
        "hours" => (TimeUnit::Hour, true),
        "day" => (TimeUnit::Day, false),
        "days" => (TimeUnit::Day, true),
        "week" => (TimeUnit::Week, false),
        "weeks" => (TimeUnit::Week, true),
        "month" => (TimeUnit::Month, false),
        "months" => (TimeUnit::Month, true),
        "year" => (TimeUnit::Year, false),
        "years" => (TimeUnit::Year, true),
        _ => return None,
    })
}

/// One "N units" or "N-unit": (N, unit, is adjective, next token).
fn one_duration_at(text: &str, toks: &[Token], i: usize) -> Option<(f64, TimeUnit, bool, usize)> {
    let first = word(text, toks, i);
    let (mut n, mut j) = if first.eq_ignore_ascii_case("a") || first.eq_ignore_ascii_case("one") {
        (1.0, i + 1)
    } else {
        number_at(text, toks, i)?
    };
    if word(text, toks, j).eq_ignore_ascii_case("and")
        && word(text, toks, j + 1).eq_ignore_ascii_case("a")
        && word(text, toks, j + 2).eq_ignore_ascii_case("half")
    {
        n += 0.5;
        j += 3;
    }
    if !(n > 0.0 && n < 10_000.0) {
        return None;
    }
    let hyphen = word(text, toks, j) == "-";
    let (unit, plural) = unit_of(word(text, toks, j + usize::from(hyphen)))?;
    let adjective = hyphen && !plural;
    if hyphen && plural {
        return None;
    }
    Some((n, unit, adjective, j + 1 + usize::from(hyphen)))
}

fn word<'a>(text: &'a str, toks: &[Token], i: usize) -> &'a str {
    toks.get(i).map_or("", |t| t.text(text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Kind,
    Verb,
    Fixed,
    Term,
    Fine,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    role: Role,
    kind: KindWord,
}

fn lex() -> &'static Lexicon<Entry> {
    static LEX: LazyLock<Lexicon<Entry>> = LazyLock::new(|| {
        Lexicon::parse(include_str!("../../../data/en/penalties.tsv"), |c| {
            let role = match c.first()?.trim() {
                "kind" => Role::Kind,
                "verb" => Role::Verb,
                "fixed" => Role::Fixed,
                "term" => Role::Term,
                "fine" => Role::Fine,
                _ => return None,
            };
            let kind = match c.get(1)?.trim() {
                "jail" => PenaltyKind::Jail,
                "administrative_arrest" => PenaltyKind::AdministrativeArrest,
                "prison" => PenaltyKind::Prison,
                "fine" => PenaltyKind::Fine,
                "probation" => PenaltyKind::Probation,
                "community_service" => PenaltyKind::CommunityService,
                "other" => PenaltyKind::Other,
                // Settled by the duration: see `settle`.
                "custodial" => return Some(Entry { role, kind: None }),
                _ => return None,
            };
            Some(Entry {
                role,
                kind: Some(kind),
            })
        })
    });
    &LEX
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expect` is "text=kind d/m/y amount CUR" per penalty (absent fields as `_`), joined by " | ".
    fn check(input: &str, expect: &str) {
        let got: Vec<String> = find_penalties(input)
            .iter()
            .map(|p| {
                assert_eq!(&input[p.start..p.end], p.penalty.text);
                let o = |v: Option<u32>| v.map_or("_".to_owned(), |v| v.to_string());
                let q = &p.penalty;
                let kind = serde_json::to_string(&q.kind).expect("test");
                let money = match (q.amount, &q.currency) {
                    (Some(a), Some(c)) => format!(" {a} {c}"),
                    _ => String::new(),
                };
                let dur = format!("{}/{}/{}", o(q.days), o(q.months), o(q.years));
                format!("{}={} {dur}{money}", q.text, kind.trim_matches('"'))
            })
            .collect();
        assert_eq!(got.join(" | "), expect, "input: {input}");
    }

    #[test]
    fn worked_example() {
        check(
            "Tokoev, 67, had been fined 10,000 soms two weeks earlier",
            "10,000 soms=fine _/_/_ 10000 KGS",
        );
        check(
            "sentenced activist Elnura Sadykova, who organized the February rally, to five days of administrative arrest.",
            "five days of administrative arrest=administrative_arrest 5/_/_",
        );
    }

    #[test]
    fn custodial() {
        check("10 days in jail", "10 days in jail=jail 10/_/_");
        check(
            "he was jailed for ten days",
            "jailed for ten days=jail 10/_/_",
        );
        check(
            "seven years in prison",
            "seven years in prison=prison _/_/7",
        );
        check(
            "a seven-year prison term",
            "seven-year prison term=prison _/_/7",
        );
        check(
            "was sentenced to 7 years",
            "sentenced to 7 years=prison _/_/7",
        );
        check(
            "sentenced to seven years in prison",
            "seven years in prison=prison _/_/7",
        );
        check(
            "15 days of administrative detention",
            "15 days of administrative detention=administrative_arrest 15/_/_",
        );
        check(
            "a 15-day administrative arrest",
            "15-day administrative arrest=administrative_arrest 15/_/_",
        );
        check(
            "two years and six months in a penal colony",
            "two years and six months in a penal colony=prison _/6/2",
        );
        check(
            "five years in a maximum-security penal colony",
            "five years in a maximum-security penal colony=prison _/_/5",
        );
        check("life in prison", "life in prison=prison _/_/_");
        check(
            "two and a half years behind bars",
            "two and a half years behind bars=prison _/6/2",
        );
        check(
            "was arrested for 15 days",
            "arrested for 15 days=administrative_arrest 15/_/_",
        );
        check("the court sentenced him to 7 years", "7 years=prison _/_/7");
        check(
            "police jailed the blogger for ten days",
            "ten days=jail 10/_/_",
        );
        check("sentenced the men, who planned to march, to", "");
    }

    #[test]
    fn non_custodial() {
        check(
            "two years of probation",
            "two years of probation=probation _/_/2",
        );
        check(
            "two years' probation",
            "two years' probation=probation _/_/2",
        );
        check(
            "a suspended sentence of three years",
            "suspended sentence of three years=probation _/_/3",
        );
        check(
            "a three-year suspended sentence",
            "three-year suspended sentence=probation _/_/3",
        );
        check(
            "200 hours of community service",
            "200 hours of community service=community_service _/_/_",
        );
        check(
            "placed under house arrest",
            "placed under house arrest=other _/_/_",
        );
    }

    #[test]
    fn fines() {
        check(
            "fined 10,000 soms ($115)",
            "10,000 soms=fine _/_/_ 10000 KGS",
        );
        check(
            "a fine of 50,000 tenge",
            "50,000 tenge=fine _/_/_ 50000 KZT",
        );
        check("a 20,000-ruble fine", "20,000-ruble=fine _/_/_ 20000 RUB");
        check("She was fined.", "fined=fine _/_/_");
    }

    #[test]
    fn not_penalties() {
        check("he was given 10 days to appeal", "");
        check("police detained him two days ago", "");
        check("a fine day for a rally", "");
        check("she spent years in exile", "");
    }

    /// Synthetic sentences: every penalty form, with the money amounts found beside them.
    const FIXTURES: &[&str] = &[
        "A court sentenced the blogger to five days of administrative arrest.",
        "He was jailed for ten days and fined 10,000 soms ($115).",
        "The journalist got seven years in prison; her colleague a seven-year prison term.",
        "Both were sentenced to 7 years, and a third man to life in prison.",
        "She received two years of probation, he a suspended sentence of three years.",
        "The court ordered 200 hours of community service and a fine of 50,000 tenge.",
        "Eleven protesters were given 15 days of administrative detention each.",
        "A judge handed down a 20,000-ruble fine and two and a half years in a penal colony.",
        "He faces up to 1.5 million rubles in fines, lawyers said.",
        "Courts fined 12 people between 2,000 and 3,000 lari; one paid 500 manats, another €200.",
        "She was given 10 days to appeal; police detained him two days ago.",
        "It was a fine day for a rally.",
    ];

    #[test]
    fn fixtures_snapshot() {
        let mut out = String::new();
        for sentence in FIXTURES {
            out.push_str(sentence);
            out.push('\n');
            for p in find_penalties(sentence) {
                let json = serde_json::to_string(&p.penalty).expect("test");
                out.push_str(&format!("  penalty [{}..{}] {json}\n", p.start, p.end));
            }
            for m in crate::money::find_money(sentence) {
                out.push_str(&format!(
                    "  money [{}..{}] {} {} {}\n",
                    m.start, m.end, m.text, m.amount, m.currency
                ));
            }
        }
        insta::assert_snapshot!(out);
    }

    /// Long inputs with no sentence end and patterns cut off everywhere: every finder looks
    /// ahead a bounded number of tokens, so these finish in time linear in their length.
    #[test]
    fn long_adversarial_inputs() {
        let inputs = [
            "fined sentenced to at least May 3- ".repeat(5_000),
            "two and a half years of ".repeat(5_000),
            "1,000,000.5.5 $ € soms ".repeat(5_000),
            "Thursday last week the day before between March and ".repeat(2_500),
        ];
        for input in &inputs {
            let penalties = find_penalties(input);
            let money = crate::money::find_money(input);
            let counts = crate::counts::find_counts(input);
            let times = crate::dates::find_times(input);
            let places = crate::gazetteer::global().find_places(input);
            for (start, end) in penalties
                .iter()
                .map(|p| (p.start, p.end))
                .chain(money.iter().map(|m| (m.start, m.end)))
                .chain(counts.iter().map(|c| (c.start, c.end)))
                .chain(times.iter().map(|t| (t.start, t.end)))
                .chain(places.iter().map(|p| (p.start, p.end)))
            {
                assert!(start < end && end <= input.len());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            for p in find_penalties(&s) {
                proptest::prop_assert!(s.is_char_boundary(p.start) && s.is_char_boundary(p.end));
            }
        }

        #[test]
        fn never_panics_on_penalty_soup(
            s in "(fined |sentenced |to |[0-9]{1,5}|-|year |days |of |in |prison |a |and |half |soms |\\$|, ){0,14}",
        ) {
            for p in find_penalties(&s) {
                proptest::prop_assert!(p.start <= p.end && p.end <= s.len());
            }
        }
    }
}
