//! The date of an event: the temporal expression nearest its trigger, preferring one in the
//! same clause (a relative clause's "the February rally" is not the date of the main verb),
//! resolved against the publication date or, for "two weeks earlier", the event told before.

use vigil_model::DateSpan;

use crate::context::Ctx;
use crate::dates::{Tense, TimeExpr, TimeKind, find_times, resolve_tensed, tense_of};
use crate::rules::Draft;
use crate::sentence::Sentence;

/// Temporal expressions of sentence `s`, with offsets into the whole text.
pub(crate) fn times(ctx: &Ctx<'_>, s: Sentence) -> Vec<TimeExpr> {
    let mut out = find_times(&ctx.text[s.start..s.end]);
    for t in &mut out {
        t.start += s.start;
        t.end += s.start;
    }
    out
}

/// Clause number of each token of `s`: 0 for the main clause, k for the k-th relative
/// clause (", who …," / ", which …,").
pub(crate) fn clauses(ctx: &Ctx<'_>, s: Sentence) -> Vec<u16> {
    let mut out = Vec::with_capacity(s.last - s.first);
    let (mut current, mut next) = (0u16, 1u16);
    for i in s.first..s.last {
        let opens = ctx.is(i, ",")
            && matches!(
                ctx.tokens.get(i + 1).map(|t| t.lower.as_str()),
                Some("who" | "which" | "whose" | "whom")
            );
        if opens {
            current = next;
            next = next.saturating_add(1);
        } else if current != 0 && ctx.is(i, ",") {
            out.push(current);
            current = 0;
            continue;
        }
        out.push(current);
    }
    out
}

/// The date of `d` from `times`, and the earlier draft it is anchored on.
pub(crate) fn date_of(
    ctx: &Ctx<'_>,
    s: Sentence,
    clauses: &[u16],
    times: &[TimeExpr],
    d: &Draft,
    earlier: &[Draft],
) -> (Option<DateSpan>, Option<usize>) {
    let clause_of = |byte: usize| {
        ctx.token_at(byte)
            .and_then(|i| clauses.get(i.checked_sub(s.first)?))
            .copied()
            .unwrap_or(0)
    };
    let trigger_start = ctx.tokens[d.trigger.0].start;
    let own = clause_of(trigger_start);
    let best = times
        .iter()
        .min_by_key(|t| (clause_of(t.start) != own, t.start.abs_diff(trigger_start)));
    let Some(t) = best else { return (None, None) };
    let tense = tense_around(ctx, s, t);
    match t.kind {
        TimeKind::Anchored(_) => {
            let anchor = anchor_of(earlier);
            let span = resolve_tensed(
                t,
                ctx.doc.published,
                anchor.and_then(|a| earlier[a].date.as_ref()),
                tense,
            );
            (Some(span), anchor)
        }
        _ => (
            Some(resolve_tensed(t, ctx.doc.published, None, tense)),
            None,
        ),
    }
}

/// The tense of the clause of `t`: the stretch of `s` between the semicolons around it.
fn tense_around(ctx: &Ctx<'_>, s: Sentence, t: &TimeExpr) -> Tense {
    let sentence = ctx.text.get(s.start..s.end).unwrap_or_default();
    let (at, to) = (
        t.start.saturating_sub(s.start),
        t.end.saturating_sub(s.start),
    );
    let from = sentence
        .get(..at)
        .and_then(|b| b.rfind(';'))
        .map_or(0, |k| k + 1);
    let until = sentence
        .get(to..)
        .and_then(|a| a.find(';'))
        .map_or(sentence.len(), |k| to + k);
    tense_of(sentence.get(from..until).unwrap_or_default())
}

/// The event "just told": the latest dated draft, by the last sentence it draws on.
fn anchor_of(earlier: &[Draft]) -> Option<usize> {
    earlier
        .iter()
        .enumerate()
        .filter(|(_, d)| d.date.as_ref().is_some_and(|x| x.start.is_some()))
        .max_by_key(|(i, d)| {
            (
                d.evidence.iter().max().copied().unwrap_or(0),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| i)
}
