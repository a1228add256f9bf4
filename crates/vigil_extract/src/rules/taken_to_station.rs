//! `took TARGET to the police station` (EXTRACT005): custody told through where people were
//! brought.

use vigil_model::{EventType, ParticipantRole};

use super::voice::{object, subject};
use super::{Draft, Scene, TAKEN_TO_STATION, coordinated, part};
use crate::context::Ctx;
use crate::lexicon::Form;
use crate::trigger::Hit;

/// How far after the verb "to" may come, and the station after "to".
const REACH: usize = 6;

/// Detention drafts for every "took/brought … to the … police station" of the sentence.
pub(crate) fn taken_to_station(ctx: &Ctx<'_>, scene: &Scene<'_>) -> Vec<Draft> {
    let s = scene.sentence;
    let mut out = Vec::new();
    for v in s.first..s.last {
        if !matches!(
            ctx.tokens[v].lower.as_str(),
            "took" | "taken" | "brought" | "escorted" | "drove" | "driven" | "take" | "bring"
        ) {
            continue;
        }
        let Some(to) = (v + 1..(v + REACH).min(s.last)).find(|&k| ctx.is(k, "to")) else {
            continue;
        };
        let station = (to + 1..(to + REACH).min(s.last))
            .any(|k| ctx.lex.stations.longest_at(&ctx.tokens, k).is_some());
        if !station {
            continue;
        }
        let hit = Hit {
            first: v,
            last: v + 1,
            kind: EventType::Detention,
            form: Form::Verb,
        };
        let mut d = Draft::new(EventType::Detention, TAKEN_TO_STATION, hit, scene.index);
        let passive = v > s.first
            && ctx
                .lex
                .words
                .is(crate::lexicon::WordClass::Be, &ctx.tokens[v - 1].lower);
        if let Some(m) = subject(ctx, scene, v) {
            let role = if passive {
                ParticipantRole::Target
            } else {
                ParticipantRole::Agent
            };
            d.add(part(ctx, scene, m, role));
        }
        if let Some(m) = object(ctx, scene, v + 1).filter(|_| !passive) {
            for c in coordinated(ctx, scene, m) {
                d.add(part(ctx, scene, c, ParticipantRole::Target));
            }
        }
        out.push(d);
    }
    out
}
