//! The phrases after a trigger that name the charge ("charged with X", "guilty of X",
//! "detained for X"), the claim of a protest ("to protest X", "against X", "demanding X") and
//! the penalty ("to five days of administrative arrest", "fined 10,000 soms").

use vigil_model::EventType;

use super::{Draft, Scene};
use crate::context::Ctx;
use crate::lexicon::WordClass;
use crate::token::TokenKind;
use crate::trigger::Hit;

/// How far after the trigger a charge or claim may start.
const REACH: usize = 12;
/// The most tokens a charge or claim takes.
const MAX_LEN: usize = 14;

/// Fill charge, claim and penalty of `d` from the words after its trigger.
pub(super) fn fill(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit, d: &mut Draft) {
    match hit.kind {
        EventType::Protest => d.claim = claim(ctx, scene, hit),
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
    if starts_object && ctx.tokens[hit.first].lower.starts_with("protest") {
        return phrase(ctx, hit.last, s.last);
    }
    let end = (hit.last + REACH).min(s.last);
    (hit.last..end)
        .take_while(|&k| !matches!(ctx.tokens[k].lower.as_str(), "." | ";" | ","))
        .find_map(|k| match ctx.tokens[k].lower.as_str() {
            "against" | "over" | "demanding" | "protesting" | "denouncing" => {
                phrase(ctx, k + 1, s.last)
            }
            "to" if matches!(
                ctx.tokens.get(k + 1).map(|t| t.lower.as_str()),
                Some("demand" | "protest" | "oppose" | "denounce" | "call")
            ) =>
            {
                phrase(ctx, k + 2, s.last)
            }
            _ => None,
        })
}

/// A noun phrase from `start`: the words inside quotes when it opens with one, else up to
/// punctuation, a clause word or a time or place preposition.
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
                | "but"
                | "by"
                | "to"
        ) || ctx.lex.words.is(WordClass::Clause, &t.lower) && t.lower != "as";
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
