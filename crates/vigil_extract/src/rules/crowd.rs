//! `PARTICIPANTS acted` (EXTRACT017): a crowd named by what it does ("protesters stormed the
//! stadium", "police fired on demonstrators") tells a protest even when no protest word is
//! in the sentence; the crowd is its participant.

use vigil_model::ParticipantRole;

use super::{CROWD, Draft, Scene, part};
use crate::context::Ctx;
use crate::mention::MentionKind;
use crate::trigger::Hit;

/// The protest draft told by the crowd noun `hit`, with the crowd (and its count) as the
/// participant.
pub(super) fn crowd(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Draft {
    let mut d = Draft::new(hit.kind, CROWD, hit, scene.index);
    let crowd = scene
        .mentions
        .iter()
        .find(|m| m.first <= hit.first && hit.first < m.last && m.kind == MentionKind::Group);
    match crowd {
        Some(m) => d.add(part(ctx, scene, m, ParticipantRole::Participant)),
        None => d.add(super::Part {
            role: ParticipantRole::Participant,
            text: ctx.slice(hit.first, hit.last).to_owned(),
            entity: None,
            count: None,
            described: None,
        }),
    }
    super::phrases::fill(ctx, scene, hit, &mut d);
    d
}
