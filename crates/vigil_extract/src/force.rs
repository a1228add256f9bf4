//! The means of force a sentence names ("fired tear gas and rubber bullets", "opened fire"),
//! from `data/en/force.tsv`: the `force` of the dispersals, killings and abuse it tells.

use vigil_model::{EventType, Force};

use crate::context::Ctx;
use crate::sentence::Sentence;

/// Whether events of `kind` carry the force used.
pub(crate) fn applies(kind: EventType) -> bool {
    matches!(
        kind,
        EventType::Dispersal | EventType::Killing | EventType::Abuse
    )
}

/// Every means of force named in sentence `s`, each once, in [`Force::ALL`] order.
pub(crate) fn in_sentence(ctx: &Ctx<'_>, s: Sentence) -> Vec<Force> {
    let mut out = Vec::new();
    let mut i = s.first;
    while i < s.last {
        match ctx.lex.force.longest_at(&ctx.tokens, i) {
            Some((len, &force)) => {
                if !out.contains(&force) {
                    out.push(force);
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out.sort_unstable();
    out
}
