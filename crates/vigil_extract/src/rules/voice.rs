//! `AGENT verb TARGET` (EXTRACT001) and `TARGET was verb (by AGENT)` (EXTRACT002), with the
//! subject found across auxiliaries, adverbs, ages and appositions ("Tokoev, 67, had been
//! fined"), and coordinated objects ("A and his brother").

use vigil_model::{EventType, ParticipantRole};

use super::{ACTIVE, Draft, PASSIVE, Scene, coordinated, part};
use crate::context::Ctx;
use crate::lexicon::WordClass;
use crate::mention::Mention;
use crate::trigger::Hit;

/// The draft for a verb trigger, active or passive.
pub(super) fn voice(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Draft {
    let passive = is_passive(ctx, scene, hit);
    let mut d = Draft::new(
        hit.kind,
        if passive { PASSIVE } else { ACTIVE },
        hit,
        scene.index,
    );
    let subject = subject(ctx, scene, hit.first);
    let (subject_role, object_role) = roles(ctx, hit, passive);
    let subject = subject.or_else(|| protest_people(ctx, scene, hit));
    if let Some(m) = subject {
        let left = super::coordinated_left(ctx, scene, m);
        for c in left.into_iter().chain(coordinated(ctx, scene, m)) {
            if subject_role != ParticipantRole::Target || c.is_people() {
                d.add(part(ctx, scene, c, subject_role));
            }
        }
    }
    // "used batons against students": force turned against people makes them its target.
    let against = || {
        let at = hit.last;
        (matches!(hit.kind, EventType::Abuse | EventType::Dispersal)
            && at < scene.sentence.last
            && ctx.is(at, "against"))
        .then(|| object(ctx, scene, at + 1))
        .flatten()
    };
    if let Some(role) = object_role
        && let Some(m) = object(ctx, scene, hit.last).or_else(against)
    {
        for c in coordinated(ctx, scene, m) {
            d.add(part(ctx, scene, c, role));
        }
    }
    if let Some(m) = by_phrase(ctx, scene, hit.last) {
        d.add(part(ctx, scene, m, actor_role(hit.kind)));
    }
    if subject_role == ParticipantRole::Target || object_role == Some(ParticipantRole::Target) {
        for m in including(ctx, scene, hit.last) {
            d.add(part(ctx, scene, m, ParticipantRole::Target));
        }
    }
    d
}

/// ", including A, the writer B and C": the people a list after the trigger names.
fn including<'m>(ctx: &Ctx<'_>, scene: &Scene<'m>, last: usize) -> Vec<&'m Mention> {
    let end = (last + 4).min(scene.sentence.last);
    let Some(at) = (last..end).find(|&k| ctx.is(k, "including")) else {
        return Vec::new();
    };
    let stop = (at..scene.sentence.last)
        .find(|&k| matches!(ctx.tokens[k].lower.as_str(), ";" | "." | ":"))
        .unwrap_or(scene.sentence.last);
    scene
        .mentions
        .iter()
        .filter(|m| {
            m.first > at
                && m.last <= stop
                && m.kind == crate::mention::MentionKind::Person
                && m.entity.is_some()
        })
        .collect()
}

/// For a protest verb with no subject next to it ("supporters holding flags march"): the
/// nearest group or person before it in the sentence.
fn protest_people<'m>(ctx: &Ctx<'_>, scene: &Scene<'m>, hit: Hit) -> Option<&'m Mention> {
    if hit.kind != EventType::Protest {
        return None;
    }
    let _ = ctx;
    scene
        .mentions
        .iter()
        .rev()
        .filter(|m| m.last <= hit.first && hit.first - m.last <= 6)
        .find(|m| {
            matches!(
                m.kind,
                crate::mention::MentionKind::Group | crate::mention::MentionKind::Person
            )
        })
}

/// Which role the subject and the object take.
fn roles(ctx: &Ctx<'_>, hit: Hit, passive: bool) -> (ParticipantRole, Option<ParticipantRole>) {
    use ParticipantRole::{Participant, Target};
    let word = &ctx.tokens[hit.first].lower;
    match hit.kind {
        _ if passive => (Target, None),
        EventType::Protest => (Participant, None),
        EventType::Disappearance => (Target, None),
        _ if matches!(word.as_str(), "died" | "dies" | "dead") => (Target, None),
        EventType::Trial if word != "tried" => (Target, None),
        kind => (actor_role(kind), Some(Target)),
    }
}

/// Who acts for the state in an event of `kind`: police detain, courts sentence.
pub(super) fn actor_role(kind: EventType) -> ParticipantRole {
    match kind {
        EventType::Charge
        | EventType::Trial
        | EventType::Sentence
        | EventType::Fine
        | EventType::Appeal => ParticipantRole::Authority,
        EventType::Protest => ParticipantRole::Participant,
        _ => ParticipantRole::Agent,
    }
}

/// Back from `first` over auxiliaries and adverbs, and over "VERB and" ("was arrested and
/// charged" → the subject of both).
fn skip_back(ctx: &Ctx<'_>, scene: &Scene<'_>, first: usize) -> usize {
    let s = scene.sentence;
    let mut j = first;
    loop {
        while j > s.first && skippable(ctx, j - 1) {
            j -= 1;
        }
        let coordinated_verb = j >= s.first + 2
            && ctx.is(j - 1, "and")
            && ctx.lex.triggers.longest_at(&ctx.tokens, j - 2).is_some()
            && ctx.tokens[j - 2].lower.ends_with("ed");
        if !coordinated_verb {
            return j;
        }
        j -= 2;
    }
}

/// A form of "be"/"get" before the participle, or a reduced relative ("people detained by").
fn is_passive(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> bool {
    let j = skip_back(ctx, scene, hit.first);
    if (j..hit.first).any(|k| ctx.lex.words.is(WordClass::Be, &ctx.tokens[k].lower)) {
        return true;
    }
    let head = &ctx.tokens[hit.first].lower;
    let participle = head.ends_with("ed") || head.ends_with("en") || head == "shot";
    let before = scene.mentions.iter().find(|m| m.last == hit.first);
    if !participle || before.is_none() {
        return false;
    }
    if ctx.is(hit.last, "by") {
        return true;
    }
    // "photographs of seven people killed in clashes", "activists detained on Monday were
    // freed": people right before a participle that takes no object of its own are what it
    // was done to. The police before one are its doers ("police detained in Osh ...").
    let after = ctx.tokens.get(hit.last).map(|t| t.lower.as_str());
    let no_object = hit.last >= scene.sentence.last
        || after.is_some_and(|w| {
            ctx.lex.words.is(WordClass::Preposition, w)
                || ctx.lex.words.is(WordClass::Be, w)
                || matches!(w, "," | "." | ";" | "when" | "while" | "last" | "early")
        });
    hit.kind != EventType::Protest
        && no_object
        && before.is_some_and(|m| {
            use crate::mention::MentionKind::{Group, Person};
            matches!(m.kind, Group | Person)
                && !(m.first..m.last).any(|k| ctx.lex.orgs.longest_at(&ctx.tokens, k).is_some())
        })
}

/// Tokens that may sit between a subject and its verb.
pub(super) fn skippable(ctx: &Ctx<'_>, j: usize) -> bool {
    let lower = &ctx.tokens[j].lower;
    let w = &ctx.lex.words;
    w.is(WordClass::Aux, lower)
        || w.is(WordClass::Be, lower)
        || matches!(
            lower.as_str(),
            "not" | "n't" | "never" | "been" | "reportedly" | "allegedly" | "were" | "was"
        )
        || (lower.ends_with("ly") && lower.len() > 4 && !ctx.tokens[j].capital)
}

/// The subject of the verb at `first`: the mention right before it (across auxiliaries,
/// an age or an apposition between commas), a relative pronoun's antecedent.
pub(super) fn subject<'m>(ctx: &Ctx<'_>, scene: &Scene<'m>, first: usize) -> Option<&'m Mention> {
    let s = scene.sentence;
    let mut j = skip_back(ctx, scene, first);
    if j > s.first && ctx.is(j - 1, ",") {
        // ", 67," or ", the wife of X,": skip back over the comma-bounded insert
        let mut k = j - 1;
        while k > s.first && k + 10 > j && !ctx.is(k - 1, ",") {
            k -= 1;
        }
        if k > s.first && ctx.is(k - 1, ",") {
            j = k - 1;
        }
    }
    scene.mentions.iter().rev().find(|m| m.last == j)
}

/// The object of a verb ending at `last`: a people mention right after it (an adverb or
/// "up"/"away" may come between).
pub(super) fn object<'m>(ctx: &Ctx<'_>, scene: &Scene<'m>, last: usize) -> Option<&'m Mention> {
    let mut j = last;
    while j < scene.sentence.last
        && j < last + 2
        && (matches!(ctx.tokens[j].lower.as_str(), "up" | "away" | "also")
            || ctx.tokens[j].lower.ends_with("ly"))
    {
        j += 1;
    }
    scene
        .mentions
        .iter()
        .find(|m| m.first == j && m.is_people())
}

/// `by AGENT` within a few tokens after the trigger.
pub(super) fn by_phrase<'m>(ctx: &Ctx<'_>, scene: &Scene<'m>, last: usize) -> Option<&'m Mention> {
    let end = (last + 6).min(scene.sentence.last);
    let by = (last..end).find(|&k| ctx.is(k, "by"))?;
    if ctx.tokens[last..by]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "," | ";" | "and"))
    {
        return None;
    }
    scene
        .mentions
        .iter()
        .find(|m| m.first == by + 1 && m.is_authority())
}
