//! The date of an event: the temporal expression nearest its trigger, preferring one in the
//! same clause (a relative clause's "the February rally" is not the date of the main verb),
//! resolved against the publication date or, for "two weeks earlier", the event told before.

use vigil_model::DateSpan;

use crate::context::Ctx;
use crate::dates::{Tense, TimeExpr, TimeKind, find_times, future_cue_spans, resolve_tensed};
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
    let tense = tense_around(ctx, s, t, d);
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

/// The tense of date `t` for the event of `d`. A future cue (`data/en/future-cues.tsv`)
/// changes only what it governs: the words after it up to the end of its clause ("will
/// march on Friday", "a hearing scheduled for March 20") and, for a cue opening with "is"/
/// "are" ("the trial is expected to…"), its subject before it in the same clause. A past
/// event elsewhere in the sentence stays past: in "police on July 1 detained three
/// activists accused of planning to march", "planning to" governs "march", not "detained".
fn tense_around(ctx: &Ctx<'_>, s: Sentence, t: &TimeExpr, d: &Draft) -> Tense {
    let words: Vec<&str> = ctx.tokens[s.first..s.last]
        .iter()
        .map(|tok| tok.lower.as_str())
        .collect();
    let boundary = |k: usize| {
        matches!(
            words[k],
            "," | ";"
                | ":"
                | "."
                | "("
                | ")"
                | "—"
                | "–"
                | "who"
                | "which"
                | "that"
                | "whose"
                | "whom"
                | "because"
                | "although"
                | "though"
                | "while"
                | "but"
                | "said"
                | "says"
                | "told"
                | "according"
                | "when"
                | "where"
                | "if"
                | "unless"
                | "whether"
        )
    };
    let at = |byte: usize| ctx.token_at(byte).map_or(0, |i| i.saturating_sub(s.first));
    let (date_at, trigger_at) = (at(t.start), d.trigger.0.saturating_sub(s.first));
    let governed = |(first, last): (usize, usize)| {
        let end = (last..words.len())
            .find(|&k| boundary(k))
            .unwrap_or(words.len());
        let subject = matches!(words[first], "is" | "are");
        let begin = if subject {
            (0..first).rev().find(|&k| boundary(k)).map_or(0, |k| k + 1)
        } else {
            last
        };
        let inside = |k: usize| (begin..end).contains(&k) && !(first..last).contains(&k);
        inside(date_at) || inside(trigger_at)
    };
    if future_cue_spans(&words).into_iter().any(governed) {
        Tense::Future
    } else {
        Tense::Past
    }
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
