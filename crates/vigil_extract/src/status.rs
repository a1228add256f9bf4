//! Whether an event happened as told: negation ("not", "never", "denied"), modality ("could",
//! "may face", "threatened to", "if"), questions, and who reported it ("her lawyer said",
//! "according to the ministry").

use vigil_model::Status;

use crate::context::Ctx;
use crate::lexicon::Cue;
use crate::sentence::Sentence;
use crate::token::TokenKind;

/// How far before a trigger a negation may stand ("did not detain", "was never charged").
const NEGATION_REACH: usize = 3;
/// How far before a trigger a modal may stand ("may face a fine or arrest").
const MODAL_REACH: usize = 4;

/// A status cue found in a sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CueHit {
    first: usize,
    last: usize,
    cue: Cue,
}

/// Every cue of sentence `s`.
pub(crate) fn cues(ctx: &Ctx<'_>, s: Sentence) -> Vec<CueHit> {
    let mut out = Vec::new();
    let mut i = s.first;
    while i < s.last {
        match ctx.lex.cues.longest_at(&ctx.tokens, i) {
            Some((len, &cue)) => {
                out.push(CueHit {
                    first: i,
                    last: i + len,
                    cue,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// The status of an event whose trigger spans tokens `first..last` of sentence `s`.
pub(crate) fn status(
    ctx: &Ctx<'_>,
    s: Sentence,
    cues: &[CueHit],
    first: usize,
    last: usize,
) -> Status {
    let mut status = Status::default();
    for c in cues.iter().filter(|c| c.last <= first) {
        let gap = first - c.last;
        let clear = !boundary_between(ctx, c.last, first);
        match c.cue {
            Cue::Negation if gap <= NEGATION_REACH && clear => status.negated = true,
            Cue::Denial if clear || gap <= 12 => status.negated = true,
            Cue::Modality | Cue::Threat if gap <= MODAL_REACH && clear => {
                status.hypothetical = true;
            }
            _ => {}
        }
    }
    if is_question(ctx, s) {
        status.hypothetical = true;
    }
    if scheduled(ctx, s, last) {
        status.hypothetical = true;
    }
    status.reported_by = reporter(ctx, s, cues, first, last);
    status
}

/// Whether sentence `s` asks a question: it opens with an auxiliary or a question word ("Will
/// police detain him?", "Why was she arrested?") and ends with one question mark. Runs of
/// "??" and question marks standing for lost characters (in converted notes) ask nothing.
fn is_question(ctx: &Ctx<'_>, s: Sentence) -> bool {
    let toks = &ctx.tokens[s.first..s.last];
    let Some(end) = toks.iter().rposition(|t| {
        t.kind == TokenKind::Punct && !matches!(t.lower.as_str(), "\"" | "”" | "'" | "’")
    }) else {
        return false;
    };
    let single = toks[end].lower == "?"
        && end > 0
        && toks[end - 1].kind != TokenKind::Punct
        && toks[end - 1].end == toks[end].start;
    let opener = toks.iter().find(|t| t.kind != TokenKind::Punct);
    single
        && opener.is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "what"
                    | "why"
                    | "how"
                    | "who"
                    | "whom"
                    | "when"
                    | "where"
                    | "which"
                    | "whose"
                    | "do"
                    | "does"
                    | "did"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "can"
                    | "could"
                    | "should"
                    | "shall"
                    | "may"
                    | "might"
                    | "must"
            )
        })
}

/// "His sentencing is scheduled for October": the act is still to come.
fn scheduled(ctx: &Ctx<'_>, s: Sentence, last: usize) -> bool {
    (last..(last + 3).min(s.last)).any(|k| {
        matches!(
            ctx.tokens[k].lower.as_str(),
            "scheduled" | "planned" | "due" | "expected" | "set"
        )
    }) && (last..(last + 2).min(s.last)).any(|k| {
        ctx.lex
            .words
            .is(crate::lexicon::WordClass::Be, &ctx.tokens[k].lower)
    })
}

/// A comma, semicolon or colon between tokens `from` and `to`.
fn boundary_between(ctx: &Ctx<'_>, from: usize, to: usize) -> bool {
    ctx.tokens[from..to]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "," | ";" | ":" | "—" | "–"))
}

/// Who told it, as worded: "her lawyer said", "according to the ministry", "X told reporters".
fn reporter(
    ctx: &Ctx<'_>,
    s: Sentence,
    cues: &[CueHit],
    first: usize,
    last: usize,
) -> Option<String> {
    let c = cues
        .iter()
        .find(|c| c.cue == Cue::Reporting && (c.last <= first || c.first >= last))?;
    let (from, to) = if ctx.is(c.first, "according") {
        phrase_right(ctx, c.last, s.last)
    } else {
        phrase_left(ctx, s.first, c.first)
    };
    (to > from)
        .then(|| ctx.slice(from, to).to_owned())
        .filter(|t| !t.is_empty())
}

/// Tokens after `i` up to punctuation or a clause word, at most eight.
fn phrase_right(ctx: &Ctx<'_>, i: usize, end: usize) -> (usize, usize) {
    let mut j = i;
    while j < end
        && j < i + 8
        && ctx.tokens[j].kind != TokenKind::Punct
        && !ctx
            .lex
            .words
            .is(crate::lexicon::WordClass::Clause, &ctx.tokens[j].lower)
    {
        j += 1;
    }
    (i, j)
}

/// Tokens before `i` back to punctuation or a clause word, at most six; the sentence's
/// opening phrase when the cue follows a comma.
fn phrase_left(ctx: &Ctx<'_>, start: usize, i: usize) -> (usize, usize) {
    let mut j = i;
    while j > start
        && j + 6 > i
        && ctx.tokens[j - 1].kind != TokenKind::Punct
        && !ctx
            .lex
            .words
            .is(crate::lexicon::WordClass::Clause, &ctx.tokens[j - 1].lower)
    {
        j -= 1;
    }
    if j == i {
        return phrase_right(ctx, start, i);
    }
    (j, i)
}
