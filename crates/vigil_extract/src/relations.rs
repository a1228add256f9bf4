//! Relations, ages and descriptions stated around names, and the people a report describes
//! rather than names, resolved to the names it gives them anywhere, before or after.
//!
//! Relations come from possessives ("Temirova's husband, the teacher Daniyar Temirov", "his
//! brother Marat Tokoev"), appositions ("Aida Tokoeva, the wife of Marat Tokoev", "the
//! leader of the group, Ulan Isaev"), copulas ("Daniyar is her brother") and "whose"
//! ("Aida Tokoeva, whose brother Marat Tokoev"); kin and role words and the relation each
//! states are in `data/en/kinship.tsv`. Ages: "Tokoev, 67,".

use vigil_model::{EntityKind, RelationKind};

use crate::context::Ctx;
use crate::lexicon::{Gender, WordClass};
use crate::mention::{Described, Mention, MentionKind};
use crate::rules::Draft;
use crate::sentence::Sentence;

/// Whether `rel` is a role relation (held by the person in the role, pointing at whom or
/// what they serve) rather than kin (held by the possessor, pointing at the relative).
fn is_role(rel: RelationKind) -> bool {
    matches!(
        rel,
        RelationKind::LawyerOf
            | RelationKind::LeaderOf
            | RelationKind::MemberOf
            | RelationKind::EmployeeOf
    )
}

/// The kin relation seen from the other side: A's parent B is B's child A.
fn inverse(rel: RelationKind) -> Option<RelationKind> {
    match rel {
        RelationKind::Parent => Some(RelationKind::Child),
        RelationKind::Child => Some(RelationKind::Parent),
        RelationKind::Spouse | RelationKind::Sibling | RelationKind::Relative => Some(rel),
        _ => None,
    }
}

/// Give each kin phrase of sentence `s` its owner: "Temirova's husband" takes in the name
/// before it (which stops being a mention of its own: the phrase names the husband, not
/// Temirova); "her husband" the woman named last in this sentence or the one before.
pub(crate) fn own_kin(ctx: &mut Ctx<'_>, s: Sentence, mentions: &mut Vec<Mention>) {
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mut m in mentions.drain(..) {
        let mut merged = false;
        while let Some(kin) = kin_of(ctx, s, &m, &mut out) {
            m = kin;
            merged = true;
        }
        if merged {
            out.push(m);
            continue;
        }
        let MentionKind::Kin(rel, _) = m.kind else {
            out.push(m);
            continue;
        };
        let owner = match ctx.tokens[m.first].lower.as_str() {
            "'s" => possessive_owner(ctx, s, &mut m, &mut out),
            "his" => pronoun_owner(ctx, &out, m.first, Gender::Male),
            "her" => pronoun_owner(ctx, &out, m.first, Gender::Female),
            _ => None,
        };
        m.described = Some(Described::Kin { owner, rel });
        out.push(m);
    }
    *mentions = out;
}

/// "the wife of Marat Tokoev", "a member of the Ak-Jol party", "the wife of the leader of
/// the Ak-Jol party": a kin or role word with "of" (for some roles "for", "at", "with")
/// before mention `m` makes one kin phrase owned by what `m` names. The leader of a group
/// that the report names nowhere becomes a person described by the phrase, so that his
/// wife can be related to him.
fn kin_of(ctx: &mut Ctx<'_>, s: Sentence, m: &Mention, out: &mut Vec<Mention>) -> Option<Mention> {
    let mut prep = m.first.checked_sub(1).filter(|&p| p > s.first)?;
    if ctx
        .lex
        .words
        .is(WordClass::Determiner, &ctx.tokens[prep].lower)
    {
        prep = prep.checked_sub(1).filter(|&p| p > s.first)?;
    }
    let word = prep - 1;
    let &(rel, gender) = ctx.lex.kinship.get(&ctx.tokens[word].lower)?;
    let fits_prep = match ctx.tokens[prep].lower.as_str() {
        "of" => true,
        "for" | "at" | "with" => matches!(rel, RelationKind::EmployeeOf | RelationKind::LawyerOf),
        _ => false,
    };
    if !fits_prep || matches!(m.kind, MentionKind::Location | MentionKind::Relative) {
        return None;
    }
    // The object of a role is anyone; of kin, a person or another kin phrase.
    let object = match m.kind {
        MentionKind::Kin(inner, _) => m.entity.or_else(|| {
            let Some(Described::Kin { owner: Some(o), .. }) = m.described else {
                return None;
            };
            let span = ctx.span(m.first, m.last);
            let open = usize::from(
                ctx.lex
                    .words
                    .is(WordClass::Determiner, &ctx.tokens[m.first].lower),
            );
            let name = ctx.slice(m.first + open, m.last).to_owned();
            let e = ctx.entities.add(EntityKind::Person, &name, span);
            relate(ctx, o, inner, e, span, Gender::Any);
            Some(e)
        }),
        MentionKind::Pronoun(_) => None,
        _ => m.entity,
    }?;
    let object_kind = ctx.entities.items[object].kind;
    if !is_role(rel) && object_kind != EntityKind::Person {
        return None;
    }
    let mut first = word;
    if let Some(prev) = out.last()
        && prev.last > word
    {
        // "the lawyer of": the role noun was a mention of its own.
        if prev.kind != MentionKind::Person || prev.entity.is_some() || prev.first > word {
            return None;
        }
        first = prev.first;
        out.pop();
    } else if word > s.first
        && ctx
            .lex
            .words
            .is(WordClass::Determiner, &ctx.tokens[word - 1].lower)
    {
        first = word - 1;
    }
    let mut last = m.last;
    // "the Ak-Jol party": the organisation noun after a name closes the phrase.
    if last < s.last
        && !ctx.tokens[last].capital
        && ctx
            .lex
            .words
            .is(WordClass::OrgWord, &ctx.tokens[last].lower)
    {
        last += 1;
    }
    let mut kin = m.clone();
    kin.first = first;
    kin.last = last;
    kin.kind = MentionKind::Kin(rel, gender);
    kin.entity = None;
    kin.count = None;
    kin.antecedent = None;
    kin.described = Some(Described::Kin {
        owner: Some(object),
        rel,
    });
    kin.entity = related(ctx, object, rel);
    Some(kin)
}

/// The owner of "X's KIN": the mention right before (taken into the phrase), or the words
/// before it up to a determiner ("the group's leader"), a capitalised one being a person.
fn possessive_owner(
    ctx: &mut Ctx<'_>,
    s: Sentence,
    m: &mut Mention,
    out: &mut Vec<Mention>,
) -> Option<usize> {
    if let Some(prev) = out.last()
        && prev.last == m.first
        && prev.kind != MentionKind::Relative
    {
        let owner = match prev.kind {
            MentionKind::Location | MentionKind::Kin(..) => None,
            _ => prev.entity,
        };
        m.first = prev.first;
        out.pop();
        return owner;
    }
    let mut j = m.first;
    while j > s.first && m.first - j < 4 {
        let t = &ctx.tokens[j - 1];
        if !t.is_wordlike()
            || (ctx.is_function(j - 1) && !ctx.lex.words.is(WordClass::Determiner, &t.lower))
        {
            break;
        }
        j -= 1;
        if ctx.lex.words.is(WordClass::Determiner, &t.lower) {
            break;
        }
    }
    let named = j < m.first
        && ctx.tokens[j..m.first]
            .iter()
            .all(|t| t.capital && t.kind == crate::token::TokenKind::Word)
        && !ctx
            .lex
            .words
            .is(WordClass::Determiner, &ctx.tokens[j].lower);
    let owner = named.then(|| {
        let name = ctx.slice(j, m.first).to_owned();
        let span = ctx.span(j, m.first);
        ctx.person_entity(&name, span)
    });
    m.first = j;
    owner
}

/// The person "his"/"her" at token `at` stands for: the last one of its gender named
/// earlier in the sentence (`before`), else in the sentence before.
fn pronoun_owner(ctx: &Ctx<'_>, before: &[Mention], at: usize, gender: Gender) -> Option<usize> {
    let fits = |e: usize| {
        let g = ctx.entities.items[e].gender;
        ctx.entities.items[e].kind == EntityKind::Person && (g == Gender::Any || g == gender)
    };
    let here = before
        .iter()
        .rev()
        .filter(|m| m.kind == MentionKind::Person)
        .find_map(|m| m.entity.filter(|&e| fits(e)));
    here.or_else(|| {
        let start = ctx.tokens[at].start;
        let from = ctx.previous_sentence_start(start);
        let e = ctx.entities.latest_person(gender, start)?;
        ctx.entities.items[e]
            .mentions
            .iter()
            .any(|&(a, _)| a >= from && a < start)
            .then_some(e)
    })
}

/// Record the relations, descriptions and ages that sentence `s` states about its mentions.
pub(crate) fn link(ctx: &mut Ctx<'_>, s: Sentence, mentions: &mut [Mention]) {
    for (k, m) in mentions.iter().enumerate() {
        if m.kind != MentionKind::Person {
            continue;
        }
        let Some(holder) = m.entity else { continue };
        age(ctx, s, m, holder);
        whose_kin(ctx, s, m, holder, mentions.get(k + 1));
    }
    later_owner(ctx, mentions);
    for k in 0..mentions.len() {
        if matches!(mentions[k].kind, MentionKind::Kin(..)) {
            kin_named(ctx, s, mentions, k);
        }
    }
    role_appositions(ctx, s, mentions);
}

/// "Police detained her husband, Aigul Temirova said": a possessive with no one before it
/// stands for the person of its gender named later in the sentence.
fn later_owner(ctx: &Ctx<'_>, mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let Some(Described::Kin { owner: None, rel }) = mentions[k].described else {
            continue;
        };
        let gender = match ctx.tokens[mentions[k].first].lower.as_str() {
            "his" => Gender::Male,
            "her" => Gender::Female,
            _ => continue,
        };
        // Not the person the phrase itself names ("his cousin Erlan Bakiev").
        let last = mentions[k].last;
        let later = mentions[k + 1..]
            .iter()
            .filter(|m| m.kind == MentionKind::Person && m.first > last + 2)
            .filter_map(|m| m.entity)
            .find(|&e| {
                let g = ctx.entities.items[e].gender;
                g == Gender::Any || g == gender
            });
        if later.is_some() {
            mentions[k].described = Some(Described::Kin { owner: later, rel });
        }
    }
}

/// Whether token `i` is a reporting verb ("said", "told").
fn reporting(ctx: &Ctx<'_>, i: usize) -> bool {
    ctx.tokens.get(i).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "said" | "says" | "told" | "added" | "wrote" | "recalled" | "explained" | "reported"
        )
    })
}

/// Whether the tokens `from..to` are a comma with an optional determiner after it.
fn comma_det(ctx: &Ctx<'_>, from: usize, to: usize) -> bool {
    match to.checked_sub(from) {
        Some(1) => ctx.is(from, ","),
        Some(2) => {
            ctx.is(from, ",")
                && ctx
                    .lex
                    .words
                    .is(WordClass::Determiner, &ctx.tokens[from + 1].lower)
        }
        _ => false,
    }
}

/// Whether the tokens `from..to` link a subject to what it is: "is", "was", ", who is".
fn copula(ctx: &Ctx<'_>, from: usize, to: usize) -> bool {
    let Some(between) = ctx.tokens.get(from..to) else {
        return false;
    };
    let words: Vec<&str> = between.iter().map(|t| t.lower.as_str()).collect();
    matches!(
        words.as_slice(),
        ["is" | "was"]
            | ["is" | "was", "also"]
            | [",", "who", "is" | "was"]
            | [",", "who", "is" | "was", "also"]
    )
}

/// Whether an apposition closes at token `i`: a comma, the sentence's end, or a verb.
fn closes(ctx: &Ctx<'_>, s: Sentence, i: usize) -> bool {
    i >= s.last
        || matches!(
            ctx.tokens[i].lower.as_str(),
            "," | "." | ";" | ")" | "and" | "was" | "is" | "had" | "has"
        )
}

/// The person a kin phrase names: "her husband Daniyar Temirov", "Temirova's husband, the
/// teacher Daniyar Temirov," after it; "Daniyar Temirov, Temirova's husband," or "Daniyar
/// is her brother" before it.
fn kin_named(ctx: &mut Ctx<'_>, s: Sentence, mentions: &mut [Mention], k: usize) {
    let (
        MentionKind::Kin(rel, gender),
        Some(Described::Kin {
            owner: Some(owner), ..
        }),
    ) = (mentions[k].kind, mentions[k].described.clone())
    else {
        return;
    };
    let (first, last) = (mentions[k].first, mentions[k].last);
    let named = |m: &Mention| m.kind == MentionKind::Person && m.entity.is_some();
    let after = mentions.get(k + 1).filter(|n| {
        named(n)
            && (n.first == last
                || (comma_det(ctx, last, n.first)
                    && !reporting(ctx, n.last)
                    && !(ctx.is(n.last, ",") && reporting(ctx, n.last + 1))))
    });
    let before = k.checked_sub(1).and_then(|j| mentions.get(j)).filter(|p| {
        named(p)
            && (comma_det(ctx, p.last, first) && closes(ctx, s, last) && !reporting(ctx, last + 1)
                || copula(ctx, p.last, first))
    });
    let (target, evidence) = match (after, before) {
        (Some(n), _) => (n.entity, ctx.span(first, n.last)),
        (None, Some(p)) => (p.entity, ctx.span(p.first, last)),
        _ => return,
    };
    let Some(target) = target else { return };
    if relate(ctx, owner, rel, target, evidence, gender) {
        mentions[k].entity = Some(target);
    }
}

/// "Daniyar Temirov, a teacher," and "the teacher, Daniyar Temirov,": a role noun set off
/// by commas describes the name beside it (which "the teacher" elsewhere then stands for).
fn role_appositions(ctx: &mut Ctx<'_>, s: Sentence, mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let m = &mentions[k];
        if m.kind != MentionKind::Person || m.entity.is_some() {
            continue;
        }
        let head = if ctx
            .lex
            .words
            .is(WordClass::Determiner, &ctx.tokens[m.first].lower)
        {
            m.first + 1
        } else {
            m.first
        };
        if head >= m.last {
            continue;
        }
        let words = ctx.slice(head, m.last).to_lowercase();
        let named = |n: &Mention| n.kind == MentionKind::Person && n.entity.is_some();
        let before = k.checked_sub(1).map(|j| &mentions[j]).filter(|p| {
            named(p) && ctx.is(p.last, ",") && p.last + 1 == m.first && closes(ctx, s, m.last)
        });
        let after = mentions.get(k + 1).filter(|n| {
            named(n) && ctx.is(m.last, ",") && n.first == m.last + 1 && !reporting(ctx, n.last)
        });
        let Some(entity) = before.or(after).and_then(|n| n.entity) else {
            continue;
        };
        let ent = &mut ctx.entities.items[entity];
        if !ent.described_as.contains(&words) {
            ent.described_as.push(words);
        }
        mentions[k].entity = Some(entity);
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

/// Record that `person` is the `rel` of `owner` ("Temirova's husband" is Daniyar: owner
/// Temirova, spouse, person Daniyar). Kin is held by the owner; a role by the person.
/// Returns whether the relation holds (two different entities of fitting kinds).
fn relate(
    ctx: &mut Ctx<'_>,
    owner: usize,
    rel: RelationKind,
    person: usize,
    evidence: (usize, usize),
    gender: Gender,
) -> bool {
    let kind = |e: usize| ctx.entities.items[e].kind;
    if owner == person || kind(person) != EntityKind::Person {
        return false;
    }
    let (holder, target) = if is_role(rel) {
        if kind(owner) == EntityKind::Location {
            return false;
        }
        (person, owner)
    } else {
        if kind(owner) != EntityKind::Person {
            return false;
        }
        (owner, person)
    };
    if gender != Gender::Any {
        ctx.entities.items[person].gender = gender;
    }
    let relations = &mut ctx.entities.items[holder].relations;
    if !relations.iter().any(|(r, t, _)| *r == rel && *t == target) {
        relations.push((rel, target, evidence));
    }
    true
}

/// The person who is the `rel` of `owner`, as far as the report has told it.
pub(crate) fn related(ctx: &Ctx<'_>, owner: usize, rel: RelationKind) -> Option<usize> {
    let items = &ctx.entities.items;
    if is_role(rel) {
        return items.iter().position(|e| {
            e.kind == EntityKind::Person
                && e.relations.iter().any(|&(r, t, _)| r == rel && t == owner)
        });
    }
    let own = items
        .get(owner)?
        .relations
        .iter()
        .find(|&&(r, _, _)| r == rel)
        .map(|&(_, t, _)| t);
    own.or_else(|| {
        let back = inverse(rel)?;
        items.iter().position(|e| {
            e.kind == EntityKind::Person
                && e.relations.iter().any(|&(r, t, _)| r == back && t == owner)
        })
    })
}

/// The named person a described one is, if the report has said: "her husband" once her
/// husband is named, "the teacher" when one person is described as a teacher (or, failing
/// that, one person has the role the word gives).
pub(crate) fn described_entity(ctx: &Ctx<'_>, described: Option<&Described>) -> Option<usize> {
    match described? {
        Described::Kin { owner, rel } => related(ctx, (*owner)?, *rel),
        Described::Role { words, role } => {
            let people = || {
                ctx.entities
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.kind == EntityKind::Person)
            };
            let only = |found: Vec<usize>| (found.len() == 1).then(|| found[0]);
            only(
                people()
                    .filter(|(_, e)| e.described_as.contains(words))
                    .map(|(i, _)| i)
                    .collect(),
            )
            .or_else(|| {
                let role = role.as_deref()?;
                only(
                    people()
                        .filter(|(_, e)| e.role.as_deref() == Some(role))
                        .map(|(i, _)| i)
                        .collect(),
                )
            })
        }
    }
}

/// Once the whole report is read: participants described by kin or role take the person the
/// report names for them anywhere, before or after ("police detained her husband … her
/// husband, the teacher Daniyar Temirov").
pub(crate) fn resolve_parts(ctx: &Ctx<'_>, drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        for p in &mut d.parts {
            if p.entity.is_some() {
                continue;
            }
            if let Some(e) = described_entity(ctx, p.described.as_ref()) {
                p.entity = Some(e);
            }
        }
    }
}
