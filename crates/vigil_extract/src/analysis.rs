//! The extract stage end to end: mentions, triggers, rules, status, date, place for every
//! sentence; then events told twice joined, captions merged, and the result written with
//! code-point offsets.

use vigil_model::{
    Analysis, Appeal, CharIndex, Diagnostic, Document, Event, EventType, Participant,
    ParticipantRole, Range, Related, Severity, Span,
};

use crate::context::Ctx;
use crate::entities::id;
use crate::lexicon::{Form, Lexicon};
use crate::mention::Described;
use crate::rules::{self, Draft, Part, Scene};

/// Below this confidence a proposed event comes with a diagnostic.
const LOW_CONFIDENCE: f64 = 0.6;

/// Analyse `document`: its entities and events, each with its evidence, and diagnostics.
///
/// Never panics and never fails: what cannot be settled is a diagnostic.
pub fn extract(document: &Document, lexicon: &Lexicon) -> Analysis {
    let mut analysis = Analysis::new(document.clone());
    if let Some(diagnostic) = crate::language::unsupported(document, lexicon) {
        analysis.diagnostics.push(diagnostic);
        return analysis;
    }
    let mut ctx = Ctx::new(document, &document.text, lexicon);
    let mut diagnostics = Vec::new();
    let mut drafts = drafts(&mut ctx, &mut diagnostics);
    for caption in &document.captions {
        crate::caption::merge(&ctx, lexicon, caption, &mut drafts);
    }
    let index = CharIndex::new(&document.text);
    analysis.events = finish(&ctx, &index, &mut drafts, &mut diagnostics);
    analysis.entities = ctx.entities.finish(&document.text, &index);
    analysis.diagnostics = diagnostics;
    analysis
}

/// Every event draft of the context's text, in the order told.
pub(crate) fn drafts(ctx: &mut Ctx<'_>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut unresolved = false;
    let mut previous = Vec::new();
    for index in 0..ctx.sentences.len() {
        let sentence = ctx.sentences[index];
        let mut mentions = crate::mention::find(ctx, sentence);
        crate::relations::own_kin(ctx, sentence, &mut mentions);
        crate::relations::link(ctx, sentence, &mut mentions);
        crate::mention::resolve_pronouns(ctx, &previous, &mut mentions);
        let scene = Scene {
            index,
            sentence,
            mentions: &mentions,
        };
        let cues = crate::status::cues(ctx, sentence);
        let times = crate::temporal::times(ctx, sentence);
        let clauses = crate::temporal::clauses(ctx, sentence);
        for mut d in sentence_drafts(ctx, &scene, &mut drafts) {
            d.status = crate::status::status(ctx, sentence, &cues, d.trigger.0, d.trigger.1);
            if d.status.negated || d.status.hypothetical {
                diagnostics.push(not_happened(ctx, &d));
                continue;
            }
            if crate::force::applies(d.kind) {
                d.force = crate::force::in_sentence(ctx, sentence);
            }
            let (date, anchor) =
                crate::temporal::date_of(ctx, sentence, &clauses, &times, &d, &drafts);
            unresolved |= date.as_ref().is_some_and(|x| x.start.is_none());
            d.date = date;
            d.anchor = anchor;
            d.place = crate::place::place_of(ctx, sentence, index, ctx.tokens[d.trigger.0].start);
            if is_bare_noun(ctx, &d) {
                continue;
            }
            if !join_crowd(&mut drafts, &d) && !join_earlier(&mut drafts, &d) {
                drafts.push(d);
            }
        }
        previous = mentions;
    }
    if let Some(gathering) = dispersed_gathering(&drafts) {
        drafts.push(gathering);
    }
    crate::relations::resolve_parts(ctx, &mut drafts);
    if unresolved && ctx.doc.published.is_none() {
        diagnostics.push(Diagnostic::new(
            rules::NO_PUBLISHED,
            Severity::Info,
            "no publication date: dates relative to it are left unresolved (precision unknown)",
        ));
    }
    drafts
}

/// The drafts one sentence proposes; "among those detained" adds to an earlier event instead.
fn sentence_drafts(ctx: &Ctx<'_>, scene: &Scene<'_>, drafts: &mut [Draft]) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    let s = scene.sentence;
    let penalties = crate::penalty::find_penalties(&ctx.text[s.start..s.end]);
    let in_penalty = |first: usize| {
        let at = ctx.tokens[first].start - s.start;
        penalties.iter().any(|p| {
            p.start <= at && at < p.end && p.penalty.kind != vigil_model::PenaltyKind::Fine
        })
    };
    let appeals = rules::appeals(ctx, scene, drafts);
    // "cut her jail term", "upheld the sentence": the appeal's verb and its object are the
    // appeal, not a trigger of their own.
    let in_appeal = |hit: &crate::trigger::Hit| {
        appeals.iter().any(|(a, (v, end))| {
            (hit.kind == EventType::Appeal && hit.first == a.trigger.0)
                || (hit.kind == EventType::Sentence && hit.first > *v && hit.first < *end)
        })
    };
    let hits = crate::trigger::find(ctx, s);
    let protest_word = hits
        .iter()
        .any(|h| h.kind == EventType::Protest && h.form != Form::Actor);
    for hit in hits {
        if in_penalty(hit.first) || in_appeal(&hit) {
            continue;
        }
        // A crowd tells the protest only where no protest word does, and one crowd is enough.
        if hit.form == Form::Actor
            && (protest_word || out.iter().any(|d| d.kind == EventType::Protest))
        {
            continue;
        }
        if let Some((kind, parts)) = rules::among_those(ctx, scene, hit) {
            if let Some(earlier) = drafts.iter_mut().rev().find(|d| d.kind == kind) {
                parts.into_iter().for_each(|p| earlier.add(p));
                if !earlier.evidence.contains(&scene.index) {
                    earlier.evidence.push(scene.index);
                }
            }
            continue;
        }
        if let Some(mut d) = rules::draft(ctx, scene, hit) {
            rules::complete_appeal(ctx, &mut d, drafts);
            push_draft(&mut out, d);
        }
    }
    out.extend(appeals.into_iter().map(|(d, _)| d));
    for d in rules::taken_to_station(ctx, scene) {
        if !out
            .iter()
            .any(|o| o.kind == d.kind && o.trigger.1 > d.trigger.0 && d.trigger.1 > o.trigger.0)
        {
            out.push(d);
        }
    }
    out
}

/// Add `d` to the sentence's drafts; a second dispersal in one sentence ("fired tear gas and
/// water cannon to disperse them") is the same act, told by its verb where it has one.
fn push_draft(out: &mut Vec<Draft>, mut d: Draft) {
    let Some(same) = out
        .iter_mut()
        .find(|o| o.kind == EventType::Dispersal && o.kind == d.kind)
    else {
        out.push(d);
        return;
    };
    let noun = Form::Noun;
    if same.form == noun && d.form != noun {
        std::mem::swap(same, &mut d);
    }
    for p in d.parts {
        same.add(p);
    }
}

/// A report that tells of a crowd dispersed ("police used tear gas and rubber bullets") but of
/// no protest tells the gathering that was broken up: the protest, with the dispersal's
/// targets as its participants, its date, place and evidence.
fn dispersed_gathering(drafts: &[Draft]) -> Option<Draft> {
    if drafts.iter().any(|d| d.kind == EventType::Protest) {
        return None;
    }
    let dispersal = drafts.iter().find(|d| d.kind == EventType::Dispersal)?;
    let mut d = dispersal.clone();
    d.kind = EventType::Protest;
    d.rule = rules::DISPERSED;
    d.force.clear();
    d.parts = dispersal
        .parts
        .iter()
        .filter(|p| p.role == ParticipantRole::Target)
        .map(|p| Part {
            role: ParticipantRole::Participant,
            ..p.clone()
        })
        .collect();
    Some(d)
}

/// A crowd told after a protest ("the protesters then marched") is that protest's crowd.
fn join_crowd(drafts: &mut [Draft], d: &Draft) -> bool {
    if d.rule != rules::CROWD {
        return false;
    }
    let Some(earlier) = drafts
        .iter_mut()
        .rev()
        .find(|e| e.kind == EventType::Protest)
    else {
        return false;
    };
    for p in &d.parts {
        earlier.add(p.clone());
    }
    for &s in &d.evidence {
        if !earlier.evidence.contains(&s) {
            earlier.evidence.push(s);
        }
    }
    true
}

/// An event told again ("officers took him to the police station" after "police detained
/// … Marat Tokoev was among those detained") joins the earlier one: same type, no date of
/// its own, and a target the earlier event already has.
fn join_earlier(drafts: &mut [Draft], d: &Draft) -> bool {
    if d.date.is_some() {
        return false;
    }
    let targets: Vec<usize> = d
        .parts
        .iter()
        .filter(|p| p.role == ParticipantRole::Target)
        .filter_map(|p| p.entity)
        .collect();
    let Some(earlier) =
        drafts.iter_mut().rev().take(4).find(|e| {
            e.kind == d.kind && targets.iter().any(|&t| e.has(ParticipantRole::Target, t))
        })
    else {
        return false;
    };
    for p in &d.parts {
        let same_entity = p
            .entity
            .is_some_and(|ent| earlier.parts.iter().any(|q| q.entity == Some(ent)));
        if !same_entity {
            earlier.add(p.clone());
        }
    }
    for &s in &d.evidence {
        if !earlier.evidence.contains(&s) {
            earlier.evidence.push(s);
        }
    }
    true
}

/// A noun trigger with nothing attached (no one, no date, no place, no charge) is more often
/// a topic ("protest movement", "==Arrests==") than an act being reported; a means of force
/// ("tear gas") is an act wherever it is told.
fn is_bare_noun(ctx: &Ctx<'_>, d: &Draft) -> bool {
    d.form == Form::Noun
        && !names_a_protest_alone(ctx, d)
        && d.kind != EventType::Trial
        && d.force.is_empty()
        && d.parts.is_empty()
        && d.date.is_none()
        && d.place.is_none()
        && d.charge.is_none()
        && d.claim.is_none()
}

/// A line that is nothing but a protest noun phrase ("general strike", "hunger strike by
/// miners"), as a note or a caption says it: it tells the protest itself.
fn names_a_protest_alone(ctx: &Ctx<'_>, d: &Draft) -> bool {
    let s = ctx.sentences[d.sentence];
    let words = &ctx.tokens[s.first..s.last];
    d.kind == EventType::Protest
        && words.len() <= 6
        && words
            .iter()
            .all(|t| t.kind == crate::token::TokenKind::Word || t.lower == ".")
}

fn not_happened(ctx: &Ctx<'_>, d: &Draft) -> Diagnostic {
    let how = if d.status.negated {
        "negated or denied"
    } else {
        "hypothetical, threatened or planned"
    };
    let (s, e) = ctx.span(d.trigger.0, d.trigger.1);
    let index = CharIndex::new(ctx.text);
    Diagnostic::new(
        rules::NOT_HAPPENED,
        Severity::Info,
        format!(
            "\"{}\" ({}) is told as {how}: not reported as an event",
            &ctx.text[s..e],
            d.kind.as_str()
        ),
    )
    .with_span(Range {
        start: index.char_offset(s),
        end: index.char_offset(e),
    })
}

/// The drafts as contract events, in text order, with ids, confidence and diagnostics.
fn finish(
    ctx: &Ctx<'_>,
    index: &CharIndex,
    drafts: &mut [Draft],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| ctx.tokens[drafts[i].trigger.0].start);
    let mut event_id = vec![String::new(); drafts.len()];
    for (n, &i) in order.iter().enumerate() {
        event_id[i] = format!("e{}", n + 1);
    }
    order
        .iter()
        .map(|&i| {
            let d = &mut drafts[i];
            d.confidence = confidence(d);
            let event = to_event(ctx, index, d, &event_id[i], &event_id);
            if d.confidence < LOW_CONFIDENCE {
                diagnostics.push(low_confidence(&event, d.rule));
            }
            event
        })
        .collect()
}

/// The extractor's own estimate: verbs over nouns, named and dated over bare.
fn confidence(d: &Draft) -> f64 {
    let mut c: f64 = d.confidence;
    if d.status.reported_by.is_some() {
        c -= 0.05;
    }
    if d.anchor.is_some() {
        c -= 0.05;
    }
    if d.parts.is_empty() {
        c -= 0.1;
    }
    if d.date
        .as_ref()
        .is_some_and(|x| x.precision == vigil_model::DatePrecision::Year)
    {
        c -= 0.2;
    }
    (c.clamp(0.05, 1.0) * 100.0).round() / 100.0
}

fn low_confidence(event: &Event, rule: &str) -> Diagnostic {
    Diagnostic::new(
        rules::LOW_CONFIDENCE,
        Severity::Info,
        format!(
            "{} {} \"{}\" proposed by rule {rule} with confidence {:.2}",
            event.id,
            event.kind.as_str(),
            event.trigger.text,
            event.confidence
        ),
    )
    .with_span(event.trigger.range())
}

fn to_event(ctx: &Ctx<'_>, index: &CharIndex, d: &Draft, own_id: &str, ids: &[String]) -> Event {
    let range = |s: usize| {
        let sent = ctx.sentences[s];
        Range {
            start: index.char_offset(sent.start),
            end: index.char_offset(sent.end),
        }
    };
    let (ts, te) = ctx.span(d.trigger.0, d.trigger.1);
    let mut evidence: Vec<Range> = d.evidence.iter().map(|&s| range(s)).collect();
    evidence.sort();
    let mut date = d.date.clone();
    if let (Some(date), Some(a)) = (date.as_mut(), d.anchor) {
        date.anchor = ids.get(a).cloned();
    }
    Event {
        id: own_id.to_owned(),
        kind: d.kind,
        trigger: Span {
            start: index.char_offset(ts),
            end: index.char_offset(te),
            text: ctx.text[ts..te].to_owned(),
        },
        sentence: range(d.sentence),
        date,
        place: d.place.clone(),
        participants: d.parts.iter().map(participant).collect(),
        claim: d.claim.clone(),
        charge: d.charge.clone(),
        penalty: d.penalty.clone(),
        appeal: d.appeal.map(|outcome| Appeal {
            outcome,
            of: d.appeal_of.and_then(|i| ids.get(i).cloned()),
        }),
        force: d.force.clone(),
        status: d.status.clone(),
        evidence,
        confidence: d.confidence,
    }
}

fn participant(p: &Part) -> Participant {
    Participant {
        role: p.role,
        entity: p.entity.map(id),
        text: p.text.clone(),
        count: p.count.clone(),
        related: match (&p.described, p.entity) {
            (
                Some(Described::Kin {
                    owner: Some(owner),
                    rel,
                }),
                None,
            ) => Some(Related {
                kind: *rel,
                entity: id(*owner),
            }),
            _ => None,
        },
    }
}
