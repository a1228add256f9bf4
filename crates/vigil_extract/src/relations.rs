//! Relations and ages stated around names: "Aida Tokoeva, whose brother Marat Tokoev",
//! "his brother Marat Tokoev", "Tokoev, 67,".

use vigil_model::EntityKind;

use crate::context::Ctx;
use crate::lexicon::Gender;
use crate::mention::{Mention, MentionKind};
use crate::sentence::Sentence;

/// Record the relations and ages that sentence `s` states about its mentions.
pub(crate) fn link(ctx: &mut Ctx<'_>, s: Sentence, mentions: &[Mention]) {
    for (k, m) in mentions.iter().enumerate() {
        if m.kind != MentionKind::Person {
            continue;
        }
        let Some(holder) = m.entity else { continue };
        age(ctx, s, m, holder);
        whose_kin(ctx, s, m, holder, mentions.get(k + 1));
    }
    for pair in mentions.windows(2) {
        if let (MentionKind::Kin(rel, gender), MentionKind::Person) = (pair[0].kind, pair[1].kind)
            && pair[1].first == pair[0].last
        {
            let owner = possessor(ctx, &pair[0]);
            if let (Some(owner), Some(target)) = (owner, pair[1].entity) {
                let evidence = ctx.span(pair[0].first, pair[1].last);
                relate(ctx, owner, rel, target, evidence, gender);
            }
        }
    }
}

/// "NAME, 67,": an age between commas right after a name.
fn age(ctx: &mut Ctx<'_>, s: Sentence, m: &Mention, holder: usize) {
    let (comma, num, close) = (m.last, m.last + 1, m.last + 2);
    if close >= s.last || !ctx.is(comma, ",") || !(ctx.is(close, ",") || ctx.is(close, ".")) {
        return;
    }
    if let Ok(age) = ctx.tokens[num].lower.parse::<u32>()
        && (1..=120).contains(&age)
    {
        ctx.entities.items[holder].age = Some(age);
    }
}

/// "NAME, whose KIN OTHER".
fn whose_kin(ctx: &mut Ctx<'_>, s: Sentence, m: &Mention, holder: usize, next: Option<&Mention>) {
    let (comma, whose, kin) = (m.last, m.last + 1, m.last + 2);
    if kin + 1 >= s.last || !ctx.is(comma, ",") || !ctx.is(whose, "whose") {
        return;
    }
    let Some(&(rel, gender)) = ctx.lex.kinship.get(&ctx.tokens[kin].lower) else {
        return;
    };
    let Some(other) = next.filter(|n| n.first == kin + 1 && n.kind == MentionKind::Person) else {
        return;
    };
    if let Some(target) = other.entity {
        let evidence = ctx.span(whose, other.last);
        relate(ctx, holder, rel, target, evidence, gender);
    }
}

fn relate(
    ctx: &mut Ctx<'_>,
    holder: usize,
    rel: vigil_model::RelationKind,
    target: usize,
    evidence: (usize, usize),
    gender: Gender,
) {
    if holder == target || ctx.entities.items[target].kind != EntityKind::Person {
        return;
    }
    if gender != Gender::Any {
        ctx.entities.items[target].gender = gender;
    }
    let relations = &mut ctx.entities.items[holder].relations;
    if !relations.iter().any(|(r, t, _)| *r == rel && *t == target) {
        relations.push((rel, target, evidence));
    }
}

fn possessor(ctx: &Ctx<'_>, kin: &Mention) -> Option<usize> {
    let gender = match ctx.tokens[kin.first].lower.as_str() {
        "his" => Gender::Male,
        "her" => Gender::Female,
        _ => return None,
    };
    ctx.entities
        .latest_person(gender, ctx.tokens[kin.first].start)
}
