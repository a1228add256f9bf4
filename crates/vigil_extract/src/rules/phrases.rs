//! The phrases after a trigger that name the charge ("charged with X", "guilty of X",
//! "detained for X"), the claim of a protest ("to protest X", "against X", "demanding X") and
//! the penalty ("to five days of administrative arrest", "fined 10,000 soms").

use vigil_model::EventType;

use super::{Draft, Scene};
use crate::context::Ctx;
use crate::lexicon::{Form, WordClass};
use crate::token::TokenKind;
use crate::trigger::Hit;

/// How far after the trigger a charge or claim may start.
const REACH: usize = 12;
/// The most tokens a charge or claim takes.
const MAX_LEN: usize = 14;

/// Fill charge, claim and penalty of `d` from the words after its trigger.
pub(super) fn fill(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit, d: &mut Draft) {
    match hit.kind {
        EventType::Protest => d.claim = claim(ctx, scene, hit).filter(|c| meaningful(ctx, c)),
        EventType::Charge
        | EventType::Sentence
        | EventType::Fine
        | EventType::Detention
        | EventType::Trial => {
            d.charge = charge(ctx, scene, hit);
        }
        _ => {}
    }
    if matches!(
        hit.kind,
        EventType::Sentence | EventType::Fine | EventType::Detention
    ) {
        d.penalty = penalty(ctx, scene, hit);
    }
}

/// The words that introduce an offence after a trigger of `kind`.
fn charge_intro(kind: EventType, word: &str) -> bool {
    match kind {
        EventType::Charge => matches!(word, "with" | "of" | "for"),
        EventType::Sentence | EventType::Trial => matches!(word, "of" | "for" | "over"),
        _ => matches!(word, "for" | "over"),
    }
}

fn charge(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<String> {
    let s = scene.sentence;
    let end = (hit.last + REACH).min(s.last);
    let mut k = hit.last;
    while k < end {
        let w = ctx.tokens[k].lower.as_str();
        if matches!(w, "." | ";" | "?" | "!") {
            return None;
        }
        if w == "on"
            && matches!(
                ctx.tokens.get(k + 1).map(|t| t.lower.as_str()),
                Some("charges" | "suspicion" | "charge")
            )
            && ctx.is(k + 2, "of")
        {
            return phrase(ctx, k + 3, s.last);
        }
        if charge_intro(hit.kind, w) {
            let mut start = k + 1;
            if ctx.is(start, "charges") && ctx.is(start + 1, "of") {
                start += 2;
            }
            let first = ctx.tokens.get(start)?;
            if first.kind == TokenKind::Number
                || ctx.lex.words.is(WordClass::Calendar, &first.lower)
            {
                k += 1;
                continue;
            }
            return phrase(ctx, start, s.last);
        }
        k += 1;
    }
    None
}

fn claim(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<String> {
    let s = scene.sentence;
    let next = ctx.tokens.get(hit.last)?;
    let starts_object = hit.last < s.last
        && next.kind == TokenKind::Word
        && !ctx.lex.words.is(WordClass::Preposition, &next.lower)
        && !ctx.lex.words.is(WordClass::Clause, &next.lower)
        && !ctx.lex.words.is(WordClass::Aux, &next.lower)
        && !ctx.lex.words.is(WordClass::Be, &next.lower);
    // "protested the law" has the claim as object; "protesters stormed the stadium" does not.
    if starts_object
        && hit.form != Form::Actor
        && ctx.tokens[hit.first].lower.starts_with("protest")
    {
        return phrase(ctx, hit.last, s.last);
    }
    let end = (hit.last + REACH).min(s.last);
    (hit.last..end)
        .take_while(|&k| !matches!(ctx.tokens[k].lower.as_str(), "." | ";" | ","))
        .find_map(|k| match ctx.tokens[k].lower.as_str() {
            "against" | "over" | "demanding" | "protesting" | "denouncing" => {
                claim_phrase(ctx, k + 1, s.last)
            }
            "to" if matches!(
                ctx.tokens.get(k + 1).map(|t| t.lower.as_str()),
                Some("demand" | "protest" | "oppose" | "denounce" | "call")
            ) =>
            {
                claim_phrase(ctx, k + 2, s.last)
            }
            _ => None,
        })
}

/// The claim from `start`, past a leading "against", "over" or "for" ("to protest against
/// X", "protesting over X", "to call for X": the claim is X).
fn claim_phrase(ctx: &Ctx<'_>, start: usize, end: usize) -> Option<String> {
    let skip = matches!(
        ctx.tokens.get(start).map(|t| t.lower.as_str()),
        Some("against" | "over" | "for")
    );
    phrase(ctx, start + usize::from(skip), end)
}

/// Whether a claim says something: a word of three letters or more that is not a function
/// word ("the", "a", "their" alone say nothing).
fn meaningful(ctx: &Ctx<'_>, claim: &str) -> bool {
    claim.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let lower = word.to_lowercase();
        let w = &ctx.lex.words;
        lower.chars().count() >= 3
            && ![
                WordClass::Stop,
                WordClass::Determiner,
                WordClass::Preposition,
                WordClass::Clause,
                WordClass::Aux,
                WordClass::Be,
            ]
            .into_iter()
            .any(|c| w.is(c, &lower))
    })
}

/// Whether "and"/"or" at `k` joins two nouns of one phrase ("power and gas cuts") rather
/// than two clauses ("the bill and clashed with police").
fn joins_nouns(ctx: &Ctx<'_>, k: usize, end: usize) -> bool {
    let Some(next) = ctx.tokens.get(k + 1).filter(|_| k + 1 < end) else {
        return false;
    };
    next.kind == TokenKind::Word
        && !next.capital
        && !ctx.is_function(k + 1)
        && !next.lower.ends_with("ed")
        && ctx.lex.triggers.longest_at(&ctx.tokens, k + 1).is_none()
}

/// The token after the closing quote of a quotation opened at `open`, if it closes soon.
fn after_quote(ctx: &Ctx<'_>, open: usize, end: usize) -> Option<usize> {
    (open + 1..end.min(open + 1 + MAX_LEN))
        .find(|&k| matches!(ctx.tokens[k].lower.as_str(), "\"" | "”" | "»"))
        .map(|close| close + 1)
}

/// Whether token `k` starts a month, a year or a city (not a country).
fn dated_or_placed(ctx: &Ctx<'_>, k: usize) -> bool {
    let Some(n) = ctx.tokens.get(k) else {
        return false;
    };
    if ctx.lex.words.is(WordClass::Calendar, &n.lower)
        || (n.kind == TokenKind::Number && n.lower.len() == 4)
    {
        return true;
    }
    n.capital && crate::geo::lookup(ctx, &ctx.text[n.start..n.end]).is_some_and(|h| !h.is_country)
}

/// A noun phrase from `start`: the words inside quotes when it opens with one, else up to
/// punctuation, a clause word, an auxiliary, or a time or place preposition; a quotation
/// inside it ("the “foreign influence” bill") and nouns joined by "and" are kept.
fn phrase(ctx: &Ctx<'_>, start: usize, end: usize) -> Option<String> {
    let first = ctx.tokens.get(start).filter(|_| start < end)?;
    if matches!(first.lower.as_str(), "\"" | "“" | "«") {
        let close = (start + 1..end.min(start + 1 + MAX_LEN * 2))
            .find(|&k| matches!(ctx.tokens[k].lower.as_str(), "\"" | "”" | "»"))?;
        let mut last = close;
        while last > start + 1
            && matches!(ctx.tokens[last - 1].lower.as_str(), "." | "," | "!" | "?")
        {
            last -= 1;
        }
        return (last > start + 1).then(|| ctx.slice(start + 1, last).to_owned());
    }
    let mut k = start;
    while k < end && k < start + MAX_LEN {
        let t = &ctx.tokens[k];
        if k > start && matches!(t.lower.as_str(), "\"" | "“" | "«") {
            match after_quote(ctx, k, end) {
                Some(next) => {
                    k = next;
                    continue;
                }
                None => break,
            }
        }
        if k > start && matches!(t.lower.as_str(), "and" | "or") && joins_nouns(ctx, k, end) {
            k += 1;
            continue;
        }
        let stop_word = matches!(
            t.lower.as_str(),
            "on" | "at"
                | "outside"
                | "near"
                | "after"
                | "before"
                | "during"
                | "since"
                | "until"
                | "last"
                | "yesterday"
                | "and"
                | "or"
                | "but"
                | "by"
                | "to"
        ) || ctx.lex.words.is(WordClass::Clause, &t.lower) && t.lower != "as"
            || ctx.lex.words.is(WordClass::Aux, &t.lower)
            || ctx.lex.words.is(WordClass::Be, &t.lower);
        // "a patent tax in January", "a land law in Osh": the date or the city where it
        // happened is not part of the phrase ("the war in Ukraine" keeps its country).
        let dated = t.lower == "in" && (k + 1 < end) && dated_or_placed(ctx, k + 1);
        let stop_word = stop_word || dated;
        let punct = t.kind == TokenKind::Punct && !matches!(t.lower.as_str(), "-" | "'" | "’");
        if (stop_word || punct) && k > start {
            break;
        }
        if punct {
            return None;
        }
        k += 1;
    }
    (k > start).then(|| ctx.slice(start, k).to_owned())
}

fn penalty(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<vigil_model::Penalty> {
    let s = scene.sentence;
    let from = ctx.tokens[hit.first].start;
    let sentence_end = s.end;
    let text = ctx.text.get(from..sentence_end)?;
    let found = crate::penalty::find_penalties(text);
    let first = found.into_iter().find(|p| p.start < 120)?;
    if hit.kind == EventType::Fine && first.penalty.kind != vigil_model::PenaltyKind::Fine {
        return None;
    }
    Some(first.penalty)
}
