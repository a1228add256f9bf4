//! Mentions of people, organisations, groups and places in one sentence: name runs,
//! organisation heads ("police in the capital", "a court in Bishkek"), counted groups ("at
//! least 12 pensioners"), role nouns ("activist Elnura Sadykova"), pronouns and kin phrases
//! ("her son"). Each mention is registered in the entity table when it names something.

use vigil_model::{Count, EntityKind, RelationKind};

use crate::context::Ctx;
use crate::lexicon::{Gender, WordClass};
use crate::sentence::Sentence;

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MentionKind {
    /// A named person, or a person described by a role noun.
    Person,
    /// An organisation, named or generic ("police").
    Org,
    /// An unnamed collective.
    Group,
    /// A place.
    Location,
    /// he, she, they, him, her, them.
    Pronoun(Gender),
    /// who, whom: refers to the mention before it.
    Relative,
    /// "her son", "his brother": kin of the person the possessive stands for.
    Kin(RelationKind, Gender),
}

/// One mention: a token range of the document.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// What it refers to.
    pub kind: MentionKind,
    /// The entity in the table, once known.
    pub entity: Option<usize>,
    /// For groups: how many.
    pub count: Option<Count>,
}

impl Mention {
    /// Whether the mention can be a person or group acted upon (a target or participant).
    pub fn is_people(&self) -> bool {
        !matches!(self.kind, MentionKind::Location)
    }

    /// Whether the mention can act for the state (agent, authority).
    pub fn is_authority(&self) -> bool {
        matches!(
            self.kind,
            MentionKind::Org | MentionKind::Pronoun(_) | MentionKind::Person
        )
    }
}

/// Find the mentions of sentence `s`, left to right, not overlapping.
pub(crate) fn find(ctx: &mut Ctx<'_>, s: Sentence) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = s.first;
    while i < s.last {
        let floor = out.last().map_or(s.first, |m| m.last);
        let found = pronoun_or_kin(ctx, i, s)
            .or_else(|| group(ctx, i, s, floor))
            .or_else(|| org_head(ctx, i, s, floor))
            .or_else(|| name_run(ctx, i, s))
            .or_else(|| role_noun(ctx, i, s));
        match found {
            Some(m) => {
                i = m.last.max(i + 1);
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn mention(first: usize, last: usize, kind: MentionKind) -> Mention {
    Mention {
        first,
        last,
        kind,
        entity: None,
        count: None,
    }
}

fn pronoun_or_kin(ctx: &Ctx<'_>, i: usize, s: Sentence) -> Option<Mention> {
    let t = &ctx.tokens[i];
    let w = &ctx.lex.words;
    let possessive = matches!(t.lower.as_str(), "his" | "her" | "their") || t.lower == "'s";
    if possessive
        && i + 1 < s.last
        && let Some(&(rel, gender)) = ctx.lex.kinship.get(&ctx.tokens[i + 1].lower)
    {
        return Some(mention(i, i + 2, MentionKind::Kin(rel, gender)));
    }
    if matches!(t.lower.as_str(), "who" | "whom") {
        return Some(mention(i, i + 1, MentionKind::Relative));
    }
    let gender = if w.is(WordClass::PronounMale, &t.lower) && t.lower != "his" {
        Gender::Male
    } else if w.is(WordClass::PronounFemale, &t.lower) && t.lower != "hers" {
        Gender::Female
    } else if matches!(t.lower.as_str(), "they" | "them") {
        Gender::Any
    } else {
        return None;
    };
    // "her" before a noun is a possessive determiner, not a person.
    if t.lower == "her"
        && ctx
            .tokens
            .get(i + 1)
            .is_some_and(|n| n.is_wordlike() && !ctx.is_function(i + 1))
        && i + 1 < s.last
    {
        return None;
    }
    Some(mention(i, i + 1, MentionKind::Pronoun(gender)))
}

/// "at least 12 pensioners", "dozens of activists", "Protesters".
fn group(ctx: &mut Ctx<'_>, i: usize, s: Sentence, floor: usize) -> Option<Mention> {
    let (len, _) = ctx.lex.groups.longest_at(&ctx.tokens, i)?;
    if i + len < s.last && ctx.tokens[i + len].lower == "'s" {
        return None;
    }
    let first = extend_left_modifiers(ctx, i, floor);
    let last = i + len;
    let mut m = mention(first, last, MentionKind::Group);
    let phrase_start = ctx.tokens[first].start;
    let sentence_text = &ctx.text[s.start..s.end];
    if let Some(c) = crate::counts::count_before(sentence_text, ctx.tokens[i].start - s.start)
        && s.start + c.start >= ctx.tokens[floor.max(s.first)].start
    {
        m.first = ctx.token_at(s.start + c.start).unwrap_or(first).min(first);
        m.count = Some(c.count);
    }
    let _ = phrase_start;
    let name = ctx.tokens[i..last]
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let span = ctx.span(m.first, last);
    m.entity = Some(ctx.entities.add(EntityKind::Group, &name, span));
    Some(m)
}

/// Adjectives and determiners before a head noun ("the Venezuelan security forces").
fn extend_left_modifiers(ctx: &Ctx<'_>, i: usize, floor: usize) -> usize {
    let mut first = i;
    let mut adjectives = 0;
    while first > floor && adjectives < 2 {
        let t = &ctx.tokens[first - 1];
        let w = &ctx.lex.words;
        if t.kind != crate::token::TokenKind::Word {
            break;
        }
        if w.is(WordClass::Determiner, &t.lower) {
            first -= 1;
            break;
        }
        let function = ctx.is_function(first - 1)
            || ctx
                .lex
                .triggers
                .longest_at(&ctx.tokens, first - 1)
                .is_some();
        if function
            || t.lower.ends_with("ed")
            || t.lower.ends_with("ing")
            || t.lower.ends_with("ly")
        {
            break;
        }
        first -= 1;
        adjectives += 1;
    }
    first
}

/// "police", "Police in the Kyrgyz capital", "a court in Bishkek", "security forces".
fn org_head(ctx: &mut Ctx<'_>, i: usize, s: Sentence, floor: usize) -> Option<Mention> {
    let (len, head) = ctx.lex.orgs.longest_at(&ctx.tokens, i)?;
    let (role, form) = (head.role.clone(), head.name_form.clone());
    let first = extend_left_modifiers(ctx, i, floor);
    let mut last = i + len;
    let mut place = None;
    if last + 1 < s.last
        && matches!(ctx.tokens[last].lower.as_str(), "in" | "of")
        && let Some((end, name)) = crate::geo::place_phrase(ctx, last + 1, s.last)
    {
        place = Some(name);
        last = end;
    }
    let head_text = ctx.tokens[i..i + len]
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let name = match &place {
        Some(p) => form.replace("{place}", p).replace("{head}", &head_text),
        None => form
            .replace("{place} ", "")
            .replace(" in {place}", "")
            .replace("{head}", &head_text),
    };
    let entity = ctx.org_entity(&name, &role, place.is_some(), ctx.span(first, last));
    let mut m = mention(first, last, MentionKind::Org);
    m.entity = Some(entity);
    Some(m)
}

/// A run of capitalised words: a person, a named organisation or a place.
fn name_run(ctx: &mut Ctx<'_>, i: usize, s: Sentence) -> Option<Mention> {
    let (start, end) = capital_run(ctx, i, s)?;
    let name = ctx.text[ctx.tokens[start].start..ctx.tokens[end - 1].end].to_owned();
    let span = ctx.span(start, end);
    let opener = end - start == 1 && ctx.is_sentence_opener(start, s);
    if let Some(hit) = crate::geo::lookup(ctx, &name).filter(|h| !opener || h.population >= 100_000)
    {
        let mut m = mention(i, end, MentionKind::Location);
        m.entity = Some(ctx.location_entity(&hit, span));
        return Some(m);
    }
    let is_org = ctx.tokens[start..end]
        .iter()
        .any(|t| ctx.lex.words.is(WordClass::OrgWord, &t.lower))
        || (end - start == 1 && ctx.tokens[start].lower.len() >= 2 && is_all_caps(&name));
    if is_org {
        let mut m = mention(i, end, MentionKind::Org);
        let idx = ctx.entities.add(EntityKind::Organization, &name, span);
        let role = org_role(ctx, start, end);
        ctx.entities.items[idx].role.get_or_insert(role);
        m.entity = Some(idx);
        return Some(m);
    }
    let single = end - start == 1;
    let known = ctx.entities.find(EntityKind::Person, &name).is_some();
    if single && !known && (ctx.is_sentence_opener(start, s) || ctx.is_function(start)) {
        return None;
    }
    let mut m = mention(i, end, MentionKind::Person);
    m.entity = Some(ctx.person_entity(&name, span));
    Some(m)
}

fn is_all_caps(name: &str) -> bool {
    name.chars().all(|c| !c.is_lowercase())
}

fn org_role(ctx: &Ctx<'_>, start: usize, end: usize) -> String {
    ctx.tokens[start..end]
        .iter()
        .find_map(|t| {
            ctx.lex
                .orgs
                .longest_at(std::slice::from_ref(t), 0)
                .map(|(_, h)| h.role.clone())
        })
        .unwrap_or_else(|| "organization".to_owned())
}

/// The token range of the capitalised run at `i` (titles skipped), if `i` starts one.
fn capital_run(ctx: &Ctx<'_>, i: usize, s: Sentence) -> Option<(usize, usize)> {
    let t = &ctx.tokens[i];
    if !t.capital || t.kind != crate::token::TokenKind::Word {
        return None;
    }
    if ctx.lex.words.is(WordClass::Calendar, &t.lower) {
        return None;
    }
    let mut start = i;
    while start < s.last
        && ctx
            .lex
            .titles
            .contains(ctx.tokens[start].lower.trim_end_matches('.'))
    {
        start += 1;
        if start < s.last && ctx.tokens[start].lower == "." {
            start += 1;
        }
    }
    let mut end = start;
    while end < s.last {
        let tok = &ctx.tokens[end];
        let particle = matches!(
            tok.lower.as_str(),
            "de" | "da"
                | "del"
                | "la"
                | "al"
                | "bin"
                | "van"
                | "von"
                | "der"
                | "di"
                | "dos"
                | "du"
                | "ibn"
        ) && ctx.tokens.get(end + 1).is_some_and(|n| n.capital);
        let word = tok.kind == crate::token::TokenKind::Word
            && tok.capital
            && !ctx.lex.words.is(WordClass::Calendar, &tok.lower);
        if !(word || particle)
            || (end > start
                && ctx.lex.words.is(WordClass::Stop, &tok.lower)
                && !tok.lower.chars().all(char::is_uppercase))
        {
            break;
        }
        end += 1;
    }
    (end > start).then_some((start, end))
}

/// "activist Elnura Sadykova", "a journalist".
fn role_noun(ctx: &mut Ctx<'_>, i: usize, s: Sentence) -> Option<Mention> {
    let (len, role) = ctx.lex.roles.longest_at(&ctx.tokens, i)?;
    let role = role.clone();
    let after = i + len;
    if after < s.last
        && let Some((start, end)) = capital_run(ctx, after, s)
    {
        let name = ctx.text[ctx.tokens[start].start..ctx.tokens[end - 1].end].to_owned();
        let idx = ctx.person_entity(&name, ctx.span(start, end));
        if let Some(role) = role {
            ctx.entities.items[idx].role.get_or_insert(role);
        }
        let mut m = mention(i, end, MentionKind::Person);
        m.entity = Some(idx);
        return Some(m);
    }
    let first = if i > s.first
        && ctx
            .lex
            .words
            .is(WordClass::Determiner, &ctx.tokens[i - 1].lower)
    {
        i - 1
    } else {
        i
    };
    Some(mention(first, after, MentionKind::Person))
}
