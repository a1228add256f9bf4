//! `COURT cut/upheld/overturned TARGET's sentence (to PENALTY)` and `TARGET appealed`
//! (EXTRACT015): an appeal changes, confirms or challenges an earlier sentence; it is not a
//! new sentence. The verbs and what each does are data (`data/en/appeals.tsv`); the outcome,
//! the new penalty where one is given ("to seven days"), and the earlier `sentence` event of
//! the report it concerns go with the event.

use std::sync::LazyLock;

use vigil_model::{AppealOutcome, EntityKind, EventType, ParticipantRole};

use super::{APPEAL, Draft, Part, Scene, noun_of, part, voice};
use crate::context::Ctx;
use crate::lexicon::{Form, WordClass};
use crate::trigger::Hit;

/// What a verb needs after it to be an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    Penalty,
    Appeal,
    None,
}

/// How far after the verb its object noun may stand ("cut the seven-year prison term").
const REACH: usize = 6;

fn table() -> &'static [(String, AppealOutcome, Object)] {
    static TABLE: LazyLock<Vec<(String, AppealOutcome, Object)>> = LazyLock::new(|| {
        include_str!("../../../../data/en/appeals.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let word = cols.next()?.trim().to_owned();
                let outcome = match cols.next()?.trim() {
                    "filed" => AppealOutcome::Filed,
                    "upheld" => AppealOutcome::Upheld,
                    "reduced" => AppealOutcome::Reduced,
                    "increased" => AppealOutcome::Increased,
                    "overturned" => AppealOutcome::Overturned,
                    _ => return None,
                };
                let object = match cols.next()?.trim() {
                    "penalty" => Object::Penalty,
                    "appeal" => Object::Appeal,
                    "none" => Object::None,
                    _ => return None,
                };
                Some((word, outcome, object))
            })
            .collect()
    });
    &TABLE
}

/// The outcome an appeal verb states, if `word` is one.
pub(crate) fn outcome_of(word: &str) -> Option<AppealOutcome> {
    table()
        .iter()
        .find(|(w, _, _)| w == word)
        .map(|&(_, o, _)| o)
}

fn is_penalty_noun(word: &str) -> bool {
    matches!(
        word,
        "sentence"
            | "sentences"
            | "term"
            | "verdict"
            | "conviction"
            | "convictions"
            | "ruling"
            | "fine"
            | "penalty"
            | "punishment"
    )
}

fn is_appeal_noun(word: &str) -> bool {
    matches!(word, "appeal" | "appeals" | "complaint" | "cassation")
}

/// The object noun of the verb at `v` that makes it an appeal: its token, if any.
fn object_noun(ctx: &Ctx<'_>, scene: &Scene<'_>, v: usize, object: Object) -> Option<usize> {
    let s = scene.sentence;
    let end = (v + 1 + REACH).min(s.last);
    for k in v + 1..end {
        let w = ctx.tokens[k].lower.as_str();
        let fits = match object {
            Object::Penalty => is_penalty_noun(w),
            Object::Appeal => is_appeal_noun(w),
            Object::None => false,
        };
        if fits {
            return Some(k);
        }
        if matches!(
            w,
            "," | ";" | "." | "and" | "to" | "on" | "in" | "for" | "after"
        ) || ctx.lex.words.is(WordClass::Clause, w)
        {
            return None;
        }
    }
    None
}

/// The appeal drafts of one sentence, each with the tokens its object covers (a `sentence`
/// trigger among them, "jail term", is the object, not a new sentence).
pub(crate) fn appeals(
    ctx: &Ctx<'_>,
    scene: &Scene<'_>,
    earlier: &[Draft],
) -> Vec<(Draft, (usize, usize))> {
    let s = scene.sentence;
    let mut out = Vec::new();
    for v in s.first..s.last {
        let word = ctx.tokens[v].lower.as_str();
        let Some(&(_, outcome, object)) = table().iter().find(|(w, _, _)| w == word) else {
            continue;
        };
        // "the reduced sentence", "an appeals court": an adjective or noun, not the act.
        if v > s.first
            && ctx
                .lex
                .words
                .is(WordClass::Determiner, &ctx.tokens[v - 1].lower)
        {
            continue;
        }
        let noun = object_noun(ctx, scene, v, object);
        if noun.is_none() && object != Object::None {
            continue;
        }
        let hit = Hit {
            first: v,
            last: v + 1,
            kind: EventType::Appeal,
            form: Form::Verb,
        };
        let mut d = Draft::new(EventType::Appeal, APPEAL, hit, scene.index);
        let subject = voice::subject(ctx, scene, v);
        let appellant = outcome == AppealOutcome::Filed;
        if let Some(m) = subject {
            let is_org = m
                .entity
                .is_some_and(|e| ctx.entities.items[e].kind == EntityKind::Organization);
            let role = if appellant && !is_org {
                ParticipantRole::Target
            } else {
                ParticipantRole::Authority
            };
            d.add(part(ctx, scene, m, role));
        }
        let object_end = noun.map_or(v + 1, |n| n + 1);
        if let Some(n) = noun
            && let Some(p) = whose(ctx, scene, v, n)
        {
            d.add(p);
        }
        if matches!(outcome, AppealOutcome::Reduced | AppealOutcome::Increased) {
            d.penalty = new_penalty(ctx, scene, object_end);
        }
        d.appeal = Some(outcome);
        d.appeal_of = earlier_sentence(earlier, &d);
        out.push((d, (v, object_end)));
    }
    out
}

/// Whose sentence: "her term" (the woman told of last), "Umarov's sentence", "the conviction
/// of the blogger Timur Kim".
fn whose(ctx: &Ctx<'_>, scene: &Scene<'_>, v: usize, noun: usize) -> Option<Part> {
    let s = scene.sentence;
    if noun + 2 < s.last
        && ctx.is(noun + 1, "of")
        && let Some(m) = scene
            .mentions
            .iter()
            .find(|m| m.first == noun + 2 && m.is_people())
    {
        return Some(part(ctx, scene, m, ParticipantRole::Target));
    }
    (v + 1..noun)
        .find(|&k| matches!(ctx.tokens[k].lower.as_str(), "his" | "her" | "their" | "'s"))
        .and_then(|k| noun_of::possessive(ctx, scene, k, ParticipantRole::Target))
}

/// "cut her term to seven days": the penalty after "to".
fn new_penalty(ctx: &Ctx<'_>, scene: &Scene<'_>, from: usize) -> Option<vigil_model::Penalty> {
    let s = scene.sentence;
    if from >= s.last || !ctx.is(from, "to") {
        return None;
    }
    let text = &ctx.text[s.start..s.end];
    let at = ctx.tokens[from].end - s.start;
    if let Some(p) = crate::penalty::find_penalties(text).into_iter().find(|p| {
        // "to seven days", "to a fine of 5,000 soms"
        p.start >= at
            && text.get(at..p.start).is_some_and(|gap| {
                gap.split_whitespace().count() <= 3 && !gap.contains([',', ';', '.'])
            })
    }) {
        return Some(p.penalty);
    }
    // "to seven days": a bare duration keeps the kind of the sentence it replaces.
    const VERB: &str = "sentenced ";
    let rest = text.get(at..)?;
    let phrase = format!("{VERB}{}", rest.trim_start());
    let skipped = rest.len() - rest.trim_start().len();
    let found = crate::penalty::find_penalties(&phrase)
        .into_iter()
        .find(|p| p.start <= VERB.len())?;
    let mut penalty = found.penalty;
    let end = at + skipped + found.end.checked_sub(VERB.len())?;
    penalty.text = text.get(at + skipped..end)?.trim().to_owned();
    Some(penalty)
}

/// The earlier `sentence` event the appeal concerns: the last one with the same target, else
/// the last one told.
fn earlier_sentence(earlier: &[Draft], d: &Draft) -> Option<usize> {
    let sentences = || {
        earlier
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| e.kind == EventType::Sentence)
    };
    let targets: Vec<usize> = d
        .parts
        .iter()
        .filter(|p| p.role == ParticipantRole::Target)
        .filter_map(|p| p.entity)
        .collect();
    sentences()
        .find(|(_, e)| targets.iter().any(|&t| e.has(ParticipantRole::Target, t)))
        .or_else(|| sentences().next())
        .map(|(i, _)| i)
}

/// An appeal found by the trigger lexicon ("upheld the decision"): its outcome from the
/// verb, and the earlier sentence it concerns.
pub(crate) fn complete(ctx: &Ctx<'_>, d: &mut Draft, earlier: &[Draft]) {
    if d.kind != EventType::Appeal || d.appeal.is_some() {
        return;
    }
    let word = ctx.tokens[d.trigger.0].lower.as_str();
    d.appeal = Some(outcome_of(word).unwrap_or(AppealOutcome::Filed));
    if outcome_of(word) == Some(AppealOutcome::Filed) {
        // "Umarov appealed": the appellant is the one sentenced.
        for p in &mut d.parts {
            let is_org = p
                .entity
                .is_some_and(|e| ctx.entities.items[e].kind == EntityKind::Organization);
            if p.role == ParticipantRole::Authority && !is_org {
                p.role = ParticipantRole::Target;
            }
        }
    }
    d.appeal_of = earlier_sentence(earlier, d);
}
