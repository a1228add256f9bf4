//! `TARGET was among those detained` (EXTRACT006): no new event, but one more target of the
//! event already told.

use vigil_model::{EventType, ParticipantRole};

use super::voice::subject;
use super::{Part, Scene, part};
use crate::context::Ctx;
use crate::trigger::Hit;

/// The targets the sentence adds to an earlier event of `hit.kind`, if the trigger follows
/// "among those" (or "one of those").
pub(crate) fn among_those(
    ctx: &Ctx<'_>,
    scene: &Scene<'_>,
    hit: Hit,
) -> Option<(EventType, Vec<Part>)> {
    let those = hit.first.checked_sub(1)?;
    if !ctx.is(those, "those")
        || !(ctx.is(those.checked_sub(1)?, "among") || ctx.is(those - 1, "of"))
    {
        return None;
    }
    let among = those - 1;
    let m = subject(ctx, scene, among)?;
    Some((hit.kind, vec![part(ctx, scene, m, ParticipantRole::Target)]))
}
