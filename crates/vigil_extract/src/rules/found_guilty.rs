//! `found TARGET guilty (of CHARGE)`, `TARGET pleaded/was found guilty` (EXTRACT004): a
//! conviction told through the adjective.

use vigil_model::{EventType, ParticipantRole};

use super::voice::subject;
use super::{Draft, FOUND_GUILTY, Scene, coordinated, part};
use crate::context::Ctx;
use crate::lexicon::Form;
use crate::trigger::Hit;

/// The draft for "guilty", when a verb governs it.
pub(super) fn found_guilty(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<Draft> {
    if hit.form != Form::Adj || hit.kind != EventType::Sentence {
        return None;
    }
    let mut d = Draft::new(hit.kind, FOUND_GUILTY, hit, scene.index);
    let before = hit.first.checked_sub(1)?;
    let target = if let Some(m) = scene
        .mentions
        .iter()
        .find(|m| m.last == hit.first && m.is_people())
    {
        // found X guilty
        let verb = m.first.checked_sub(1)?;
        if !matches!(
            ctx.tokens[verb].lower.as_str(),
            "found" | "finds" | "find" | "declared" | "ruled"
        ) {
            return None;
        }
        Some(m)
    } else {
        let mut v = before;
        while v > scene.sentence.first && matches!(ctx.tokens[v].lower.as_str(), "not" | "n't") {
            v -= 1;
        }
        let verb = ctx.tokens[v].lower.as_str();
        if !matches!(
            verb,
            "pleaded" | "pleads" | "plead" | "found" | "was" | "were" | "is" | "are" | "been"
        ) {
            return None;
        }
        subject(ctx, scene, v)
    };
    if let Some(m) = target {
        for c in coordinated(ctx, scene, m) {
            d.add(part(ctx, scene, c, ParticipantRole::Target));
        }
    }
    super::phrases::fill(ctx, scene, hit, &mut d);
    Some(d)
}
