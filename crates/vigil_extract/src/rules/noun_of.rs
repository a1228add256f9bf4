//! `the NOUN of TARGET (by AGENT)`, `POSSESSOR's NOUN`, `his NOUN` (EXTRACT003): events told
//! by nouns ("the detention of two activists", "after his arrest", "a protest by pensioners").

use vigil_model::{EventType, ParticipantRole};

use super::voice::{actor_role, by_phrase};
use super::{Draft, NOUN_OF, Part, Scene, coordinated, part};
use crate::context::Ctx;
use crate::lexicon::Gender;
use crate::trigger::Hit;

/// The draft for a noun trigger.
pub(super) fn noun_of(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Draft {
    let mut d = Draft::new(hit.kind, NOUN_OF, hit, scene.index);
    let undergoer = if hit.kind == EventType::Protest {
        ParticipantRole::Participant
    } else {
        ParticipantRole::Target
    };
    if ctx.is(hit.last, "of")
        && let Some(m) = scene
            .mentions
            .iter()
            .find(|m| m.first == hit.last + 1 && m.is_people())
    {
        for c in coordinated(ctx, scene, m) {
            d.add(part(ctx, scene, c, undergoer));
        }
    }
    if let Some(p) = possessor(ctx, scene, hit, undergoer) {
        d.add(p);
    }
    if let Some(m) = by_phrase(ctx, scene, hit.last) {
        let role = if hit.kind == EventType::Protest {
            ParticipantRole::Participant
        } else {
            actor_role(hit.kind)
        };
        d.add(part(ctx, scene, m, role));
    }
    d.confidence = 0.7;
    d
}

/// "his arrest", "Tokoev's trial".
fn possessor(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit, role: ParticipantRole) -> Option<Part> {
    let p = hit
        .first
        .checked_sub(1)
        .filter(|&p| p >= scene.sentence.first)?;
    possessive(ctx, scene, p, role)
}

/// The participant the possessive at token `p` stands for ("his", "her", "their", "X's"),
/// or `None` when `p` is no possessive or stands for nobody.
pub(super) fn possessive(
    ctx: &Ctx<'_>,
    scene: &Scene<'_>,
    p: usize,
    role: ParticipantRole,
) -> Option<Part> {
    let gender = match ctx.tokens[p].lower.as_str() {
        "his" => Gender::Male,
        "her" => Gender::Female,
        "their" => Gender::Any,
        "'s" => {
            let m = scene
                .mentions
                .iter()
                .find(|m| m.last == p && m.is_people())?;
            return Some(part(ctx, scene, m, role));
        }
        _ => return None,
    };
    // "his arrest": listed as written, with the entity it stands for, or not at all.
    let at = ctx.tokens[p].start;
    let from = ctx.previous_sentence_start(at);
    let entity = ctx
        .entities
        .antecedent(gender, gender == Gender::Any, from, at)?;
    Some(Part {
        role,
        text: ctx.tokens[p].lower.clone(),
        entity: Some(entity),
        count: None,
        described: None,
    })
}
