//! `N dead`, `left N people dead`, `X was found dead` (EXTRACT016): a killing told by the
//! adjective "dead", with the dead as its counted target.

use vigil_model::{EventType, ParticipantRole};

use super::{DEAD, Draft, Part, Scene, part};
use crate::context::Ctx;
use crate::mention::MentionKind;
use crate::trigger::Hit;

/// Words that may stand between the dead and "dead": "were found dead", "left … dead".
fn linking(word: &str) -> bool {
    matches!(
        word,
        "found" | "left" | "leaving" | "was" | "were" | "is" | "are" | "been" | "lay" | "reported"
    )
}

/// The killing that "dead" tells, when the dead are named or counted right before it.
pub(crate) fn left_dead(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<Draft> {
    if hit.kind != EventType::Killing || !ctx.is(hit.first, "dead") {
        return None;
    }
    let s = scene.sentence;
    let mut j = hit.first;
    while j > s.first && linking(&ctx.tokens[j - 1].lower) {
        j -= 1;
    }
    let mut d = Draft::new(EventType::Killing, DEAD, hit, scene.index);
    let dead = scene
        .mentions
        .iter()
        .rev()
        .find(|m| m.last == j && m.is_people() && m.kind != MentionKind::Org);
    if let Some(m) = dead {
        d.add(part(ctx, scene, m, ParticipantRole::Target));
        return Some(d);
    }
    let at = ctx.tokens[hit.first].start;
    let count = crate::counts::count_before(ctx.text, at)?;
    let close = ctx
        .text
        .get(count.end..at)
        .is_some_and(|gap| gap.trim().is_empty());
    close.then(|| {
        d.add(Part {
            role: ParticipantRole::Target,
            text: count.count.text.clone(),
            entity: None,
            count: Some(count.count),
            described: None,
        });
        d
    })
}
