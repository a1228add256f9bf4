//! Trigger words in a sentence, from the lexicon, with homographs filtered out ("released a
//! statement", "cardiac arrest", "in March") and the form each occurrence takes here.

use vigil_model::EventType;

use crate::context::Ctx;
use crate::lexicon::{Form, WordClass};
use crate::sentence::Sentence;

/// One trigger occurrence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// The event type.
    pub kind: EventType,
    /// Its form here: a lexicon verb after an article is a noun ("a protest").
    pub form: Form,
}

/// Every trigger of sentence `s`, left to right, not overlapping: the candidates the word-sense
/// model takes for events.
pub(crate) fn find(ctx: &Ctx<'_>, s: Sentence) -> Vec<Hit> {
    let mut hits = candidates(ctx, s);
    hits.retain(|&hit| ctx.lex.sense.accepts(ctx, s, hit));
    hits
}

/// Every trigger candidate of sentence `s`: lexicon phrases that no rule rules out.
pub(crate) fn candidates(ctx: &Ctx<'_>, s: Sentence) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut i = s.first;
    while i < s.last {
        let Some((len, trigger)) = ctx.lex.triggers.longest_at(&ctx.tokens, i) else {
            i += 1;
            continue;
        };
        let last = (i + len).min(s.last);
        let form = form_here(ctx, i, trigger.form, s);
        if !blocked(ctx, i, last, s)
            && !adjectival(ctx, i, s, trigger.form)
            && !offence_noun(ctx, i, last, s, trigger.kind, form)
        {
            for kind in std::iter::once(trigger.kind).chain(trigger.also) {
                out.push(Hit {
                    first: i,
                    last,
                    kind,
                    form,
                });
            }
        }
        i = last;
    }
    out
}

/// "a convicted recruiter", "the detained activist": a participle used as an adjective
/// names a person, not an act.
fn adjectival(ctx: &Ctx<'_>, i: usize, s: Sentence, form: Form) -> bool {
    form == Form::Verb
        && i > s.first
        && ctx.tokens[i].lower.ends_with("ed")
        && matches!(ctx.tokens[i - 1].lower.as_str(), "a" | "an" | "the")
        && ctx
            .tokens
            .get(i + 1)
            .is_some_and(|t| t.is_wordlike() && !ctx.is_function(i + 1))
}

/// "charges" names the offence of another act ("held on charges of", "the conspiracy
/// charge") unless it is followed by what the charge is or against whom.
fn offence_noun(
    ctx: &Ctx<'_>,
    i: usize,
    last: usize,
    s: Sentence,
    kind: EventType,
    form: Form,
) -> bool {
    let _ = form;
    if kind != EventType::Charge || !ctx.tokens[i].lower.starts_with("charge") {
        return false;
    }
    let verb_before = i > s.first
        && matches!(
            ctx.tokens[i - 1].lower.as_str(),
            "to" | "will" | "would" | "may" | "might" | "could" | "did" | "not" | "n't" | "can"
        );
    if verb_before {
        return false;
    }
    let on_before = (i.saturating_sub(2).max(s.first)..i).any(|k| ctx.is(k, "on"));
    let next_ok = last < s.last
        && matches!(
            ctx.tokens[last].lower.as_str(),
            "of" | "against" | "over" | "that" | "including" | "related"
        );
    on_before || (ctx.tokens[i].lower == "charge" && !next_ok)
}

/// Whether the words around the trigger make it something else.
fn blocked(ctx: &Ctx<'_>, first: usize, last: usize, s: Sentence) -> bool {
    let key = ctx.tokens[first..last]
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let head = &ctx.tokens[first];
    let calendar_name = head.capital && ctx.lex.words.is(WordClass::Calendar, &head.lower);
    if calendar_name || (first > s.first && ctx.tokens[first - 1].lower == "-") {
        return true;
    }
    if first > s.first && ctx.lex.blocks(&key, true, &ctx.tokens[first - 1].lower) {
        return true;
    }
    let after = (last..(last + 4).min(s.last))
        .filter(|&k| !is_skippable(ctx, k))
        .take(1);
    let next = (last < s.last).then_some(last);
    // "the rally with tear gas": a means of force after the word is the act's instrument,
    // not the company or object that makes the trigger something else.
    let force_next =
        |k: usize| k + 1 < s.last && ctx.lex.force.longest_at(&ctx.tokens, k + 1).is_some();
    next.into_iter()
        .chain(after)
        .any(|k| ctx.lex.blocks(&key, false, &ctx.tokens[k].lower) && !force_next(k))
}

fn is_skippable(ctx: &Ctx<'_>, k: usize) -> bool {
    let lower = &ctx.tokens[k].lower;
    ctx.lex.words.is(WordClass::Determiner, lower)
        || matches!(
            lower.as_str(),
            "new" | "latest" | "first" | "full" | "official"
        )
}

/// A lexicon verb after an article, possessive or number reads as a noun.
fn form_here(ctx: &Ctx<'_>, i: usize, form: Form, s: Sentence) -> Form {
    if form != Form::Verb || i == s.first {
        return form;
    }
    let prev = &ctx.tokens[i - 1];
    let nominal = ctx.lex.words.is(WordClass::Determiner, &prev.lower)
        || prev.lower == "'s"
        || prev.kind == crate::token::TokenKind::Number
        || (prev.capital
            && i >= s.first + 2
            && ctx
                .lex
                .words
                .is(WordClass::Determiner, &ctx.tokens[i - 2].lower));
    if nominal && !ctx.tokens[i].lower.ends_with("ed") {
        Form::Noun
    } else {
        form
    }
}
