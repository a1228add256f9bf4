//! `PARTICIPANTS gathered … to protest CLAIM` (EXTRACT009): an infinitive protest verb takes
//! its participants from the people the clause is about.

use vigil_model::{EventType, ParticipantRole};

use super::{Draft, PROTEST_PURPOSE, Scene, part};
use crate::context::Ctx;
use crate::mention::MentionKind;
use crate::trigger::Hit;

/// The draft for "to protest/rally/demonstrate", if the trigger is such an infinitive.
pub(super) fn protest_purpose(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<Draft> {
    if hit.kind != EventType::Protest
        || hit.first == scene.sentence.first
        || !ctx.is(hit.first - 1, "to")
    {
        return None;
    }
    let mut d = Draft::new(hit.kind, PROTEST_PURPOSE, hit, scene.index);
    let people = scene
        .mentions
        .iter()
        .rev()
        .filter(|m| m.last < hit.first)
        .find(|m| {
            matches!(
                m.kind,
                MentionKind::Group | MentionKind::Person | MentionKind::Pronoun(_)
            )
        });
    if let Some(m) = people {
        d.add(part(ctx, scene, m, ParticipantRole::Participant));
    }
    super::phrases::fill(ctx, scene, hit, &mut d);
    Some(d)
}
