//! `ORGANIZER organized/staged/led the rally` (EXTRACT007): the subject of the verb that
//! governs a protest noun organised it.

use vigil_model::{EventType, ParticipantRole};

use super::voice::subject;
use super::{Draft, ORGANIZED_PROTEST, Scene, part};
use crate::context::Ctx;
use crate::lexicon::{Form, WordClass};
use crate::trigger::Hit;

/// Add the organiser of a protest told by a noun, when a verb such as "organized" governs it.
pub(super) fn organized_protest(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit, d: &mut Draft) {
    if hit.kind != EventType::Protest || hit.form != Form::Noun {
        return;
    }
    let mut j = hit.first;
    let floor = hit.first.saturating_sub(4).max(scene.sentence.first);
    while j > floor {
        let t = &ctx.tokens[j - 1];
        let modifier = ctx.lex.words.is(WordClass::Determiner, &t.lower)
            || ctx.lex.words.is(WordClass::Calendar, &t.lower)
            || (t.kind == crate::token::TokenKind::Word && !ctx.is_function(j - 1));
        let phrase = (j.saturating_sub(3).max(scene.sentence.first)..j).find(|&v| {
            ctx.lex
                .organize
                .longest_at(&ctx.tokens, v)
                .is_some_and(|(len, _)| v + len == j)
        });
        if let Some(verb) = phrase {
            let organizer = subject(ctx, scene, verb);
            if let Some(m) = organizer {
                let takes_part = matches!(
                    ctx.tokens[verb].lower.as_str(),
                    "joined" | "attended" | "took" | "taken" | "take" | "participated"
                );
                let role = if takes_part {
                    ParticipantRole::Participant
                } else {
                    ParticipantRole::Organizer
                };
                d.add(part(ctx, scene, m, role));
                d.rule = ORGANIZED_PROTEST;
            }
            return;
        }
        if !modifier {
            return;
        }
        j -= 1;
    }
}
