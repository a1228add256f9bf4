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
    /// For a resolved pronoun: the words of the mention it stands for ("the blogger").
    pub antecedent: Option<String>,
    /// For a kin phrase or a definite role noun (and a pronoun standing for one): how the
    /// report describes the person, for resolving it to a name told elsewhere.
    pub described: Option<Described>,
}

/// A person the report describes rather than names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Described {
    /// "Temirova's husband", "her lawyer": the relation to the owner entity, if known.
    Kin {
        owner: Option<usize>,
        rel: RelationKind,
    },
    /// "the teacher": the role words and the role they give ("activist"), if any.
    Role { words: String, role: Option<String> },
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

/// Resolve the pronouns among `mentions` (one sentence's; `previous` are the sentence
/// before's) to the nearest earlier mention that fits: a person of a compatible gender for
/// "he"/"she"/"him", a group, an organisation or people joined by "and" for "they"/"them"
/// ("Police detained the blogger. He was released…"). A resolved pronoun takes that
/// mention's entity (and becomes one of its mentions) or, for an unnamed one, its words; an
/// unresolved one keeps neither.
pub(crate) fn resolve_pronouns(ctx: &mut Ctx<'_>, previous: &[Mention], mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let MentionKind::Pronoun(gender) = mentions[k].kind else {
            continue;
        };
        let at = mentions[k].first;
        let plural = matches!(ctx.tokens[at].lower.as_str(), "they" | "them");
        // "Police detained them": an object pronoun is not the subject of its own clause.
        let object = matches!(ctx.tokens[at].lower.as_str(), "him" | "her" | "them");
        let same_clause = |a: &Mention| {
            !ctx.tokens[a.last..at].iter().any(|t| {
                matches!(t.lower.as_str(), "," | ";" | ":")
                    || ctx.lex.words.is(WordClass::Clause, &t.lower)
            })
        };
        let own = &mentions[..k];
        let before: Vec<&Mention> = previous
            .iter()
            .chain(own.iter().filter(|a| !(object && same_clause(a))))
            .collect();
        let found = (0..before.len()).rev().find_map(|j| {
            if plural && let Some((entity, words)) = people_joined(ctx, &before[..=j]) {
                return Some((entity, words, None));
            }
            let a = before[j];
            fits(ctx, a, at, gender, plural).then(|| {
                let words = a
                    .antecedent
                    .clone()
                    .unwrap_or_else(|| ctx.slice(a.first, a.last).to_owned());
                (a.entity, words, a.described.clone())
            })
        });
        let Some((entity, words, described)) = found else {
            continue;
        };
        let m = &mut mentions[k];
        m.entity = entity;
        m.antecedent = Some(words);
        m.described = described;
        if let Some(e) = entity {
            let span = ctx.span(m.first, m.last);
            ctx.entities.mention(e, span);
        }
    }
}

/// "Eva Forest and Mari Luz" ending the mentions `upto`: named people joined by "and" (and
/// commas), as one group entity, that "they" can stand for.
fn people_joined(ctx: &mut Ctx<'_>, upto: &[&Mention]) -> Option<(Option<usize>, String)> {
    let named = |m: &Mention| m.kind == MentionKind::Person && m.entity.is_some();
    let last = *upto.last()?;
    if !named(last) {
        return None;
    }
    let mut first = last;
    let mut joined = false;
    let mut people = vec![last];
    for m in upto.iter().rev().skip(1) {
        if matches!(m.kind, MentionKind::Kin(..)) {
            continue;
        }
        // "A and B", "A, 39, and his cousin B, 33".
        let between = &ctx.tokens[m.last..first.first];
        let link = !between.is_empty()
            && between.iter().all(|t| {
                matches!(t.lower.as_str(), "," | "and" | "his" | "her" | "their")
                    || t.kind == crate::token::TokenKind::Number
                    || ctx.lex.kinship.contains_key(&t.lower)
            });
        if !link || !named(m) {
            break;
        }
        joined |= between.iter().any(|t| t.lower == "and");
        first = m;
        people.push(m);
    }
    if !joined || first.first == last.first {
        return None;
    }
    let span = ctx.span(first.first, last.last);
    let words = ctx.slice(first.first, last.last).to_owned();
    // The group's name is its people's names ("A and B"), without ages or kin words.
    let mut names: Vec<String> = people
        .iter()
        .rev()
        .filter_map(|m| m.entity.and_then(|e| ctx.entities.items.get(e)))
        .map(|e| e.name.clone())
        .collect();
    let tail = names.pop().unwrap_or_default();
    let name = if names.is_empty() {
        tail
    } else {
        format!("{} and {tail}", names.join(", "))
    };
    let entity = ctx.entities.add(EntityKind::Group, &name, span);
    Some((Some(entity), words))
}

/// Whether mention `a` can be what a pronoun of `gender` (and number) stands for.
fn fits(ctx: &Ctx<'_>, a: &Mention, at: usize, gender: Gender, plural: bool) -> bool {
    let same = |g: Gender| gender == Gender::Any || g == Gender::Any || g == gender;
    match a.kind {
        MentionKind::Person => {
            let g = a
                .entity
                .and_then(|e| ctx.entities.items.get(e))
                .map_or(Gender::Any, |e| e.gender);
            !plural && same(g)
        }
        MentionKind::Kin(_, g) => {
            // "her husband, Daniyar": once named, the named person's gender.
            let named = a
                .entity
                .and_then(|e| ctx.entities.items.get(e))
                .map_or(Gender::Any, |e| e.gender);
            !plural && same(g) && same(named)
        }
        MentionKind::Pronoun(g) => {
            a.antecedent.is_some()
                && plural == matches!(ctx.tokens[a.first].lower.as_str(), "they" | "them")
                && same(g)
        }
        MentionKind::Group => plural,
        // "they" may be the police; "them", the ones acted upon, hardly ever is.
        MentionKind::Org => plural && ctx.tokens[at].lower == "they",
        MentionKind::Location | MentionKind::Relative => false,
    }
}

fn mention(first: usize, last: usize, kind: MentionKind) -> Mention {
    Mention {
        first,
        last,
        kind,
        entity: None,
        count: None,
        antecedent: None,
        described: None,
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
        || (!ctx.is_function(start)
            && (org_noun_follows(ctx, end, s) || continues_org_name(ctx, start)))
        || (end - start == 1 && ctx.tokens[start].lower.len() >= 2 && is_all_caps(&name));
    if is_org {
        let mut m = mention(i, end, MentionKind::Org);
        let idx = ctx.entities.add(EntityKind::Organization, &name, span);
        let role = org_role(ctx, start, end);
        ctx.entities.items[idx].role.get_or_insert(role);
        m.entity = Some(idx);
        return Some(m);
    }
    if let Some(after) = slogan_end(ctx, start, end) {
        return name_run(ctx, after, s);
    }
    let single = end - start == 1;
    if single && let Some(m) = plural_group(ctx, start, s) {
        return Some(m);
    }
    if !could_be_person(ctx, start, end) || honoured_by_memorial(ctx, start) {
        return unknown_place(ctx, i, start, end, s);
    }
    let known = ctx.entities.find(EntityKind::Person, &name).is_some();
    if single && !known && (ctx.is_sentence_opener(start, s) || ctx.is_function(start)) {
        return None;
    }
    if single && !known && !start_is_titled(ctx, i, start) && !lone_name_cue(ctx, start, s) {
        return None;
    }
    let mut m = mention(i, end, MentionKind::Person);
    m.entity = Some(ctx.person_entity(&name, span));
    Some(m)
}

/// "Free Pavel Ivanov", "Hands Off Anna Petrova": where the name starts after the slogan words
/// (`data/en/name-slogans.tsv`) that open the run, if they do and a capitalised word follows.
fn slogan_end(ctx: &Ctx<'_>, start: usize, end: usize) -> Option<usize> {
    let (len, ()) = ctx.lex.slogans.longest_at(&ctx.tokens, start)?;
    (start + len < end).then_some(start + len)
}

/// "the Tomb of the Unknown Soldier", "the monument to the Fallen Heroes": a run after a
/// memorial noun (`data/en/memorials.tsv`) and "of the"/"to the" names whom it honours.
fn honoured_by_memorial(ctx: &Ctx<'_>, start: usize) -> bool {
    let word = |k: usize| {
        start
            .checked_sub(k)
            .and_then(|j| ctx.tokens.get(j))
            .map_or("", |t| t.lower.as_str())
    };
    word(1) == "the" && matches!(word(2), "of" | "to") && ctx.lex.memorials.contains(word(3))
}

/// Whether the capitalised run `start..end` can name a person at all: not a platform or a
/// legal reference ("Telegram", "Criminal Code"), not a nationality ("Russian", "Kazakhs"),
/// not a compound adjective ("Tbilisi-based"), and not the modifier of a place noun
/// ("Medeu district", "Rustaveli Avenue").
fn could_be_person(ctx: &Ctx<'_>, start: usize, end: usize) -> bool {
    let words = &ctx.tokens[start..end];
    let w = &ctx.lex.words;
    let not_name = words.iter().any(|t| {
        w.is(WordClass::NotName, &t.lower)
            || w.is(WordClass::PlaceNoun, &t.lower)
            || is_demonym(&t.lower)
            || t.lower.rsplit_once('-').is_some_and(|(_, tail)| {
                ctx.text[t.start..t.end]
                    .rsplit('-')
                    .next()
                    .is_some_and(|raw| raw.starts_with(char::is_lowercase) && !tail.is_empty())
            })
    });
    let place_follows = ctx
        .tokens
        .get(end)
        .is_some_and(|t| !t.capital && w.is(WordClass::PlaceNoun, &t.lower));
    !not_name && !place_follows
}

/// "Russian", "Kazakhs": a country's adjective or its people.
fn is_demonym(lower: &str) -> bool {
    crate::gazetteer_glue::is_demonym(lower)
        || lower
            .strip_suffix('s')
            .is_some_and(crate::gazetteer_glue::is_demonym)
}

/// A capitalised run that is not a person: a place the gazetteer does not know ("Medeu
/// district", "Rustaveli Avenue") is a location mention with no entity; anything else is no
/// mention at all.
fn unknown_place(
    ctx: &Ctx<'_>,
    i: usize,
    start: usize,
    end: usize,
    s: Sentence,
) -> Option<Mention> {
    let w = &ctx.lex.words;
    let placey = ctx.tokens[start..end.min(s.last)]
        .iter()
        .chain(ctx.tokens.get(end).filter(|_| end < s.last))
        .any(|t| w.is(WordClass::PlaceNoun, &t.lower));
    placey.then(|| mention(i, end, MentionKind::Location))
}

/// "Munai Servis company": an organisation noun right after the run.
fn org_noun_follows(ctx: &Ctx<'_>, end: usize, s: Sentence) -> bool {
    end < s.last
        && !ctx.tokens[end].capital
        && ctx.lex.words.is(WordClass::OrgWord, &ctx.tokens[end].lower)
}

/// "Committee for National Security", "Ministry of Energy": the run ends an organisation's
/// name begun before "of"/"for".
fn continues_org_name(ctx: &Ctx<'_>, start: usize) -> bool {
    start >= 2
        && matches!(ctx.tokens[start - 1].lower.as_str(), "of" | "for")
        && ctx.tokens[start - 2].capital
        && ctx
            .lex
            .words
            .is(WordClass::OrgWord, &ctx.tokens[start - 2].lower)
}

/// "Democrats", "Kazakhs": a lone capitalised plural (not opening the sentence) names a
/// group of people, not a person.
fn plural_group(ctx: &mut Ctx<'_>, at: usize, s: Sentence) -> Option<Mention> {
    let t = &ctx.tokens[at];
    let plural = t.lower.len() > 4
        && t.lower.ends_with('s')
        && !t.lower.ends_with("ss")
        && !t.lower.ends_with("us")
        && !ctx.lex.words.is(WordClass::NotName, &t.lower)
        && !ctx.lex.words.is(WordClass::OrgWord, &t.lower)
        && !ctx.lex.words.is(WordClass::PlaceNoun, &t.lower);
    let person_like = ctx
        .lex
        .name_endings
        .iter()
        .any(|e| t.lower.trim_end_matches('s').ends_with(e.as_str()));
    let next_is_name = ctx.tokens.get(at + 1).is_some_and(|n| n.capital) && at + 1 < s.last;
    if !plural || person_like || next_is_name || ctx.is_sentence_opener(at, s) {
        return None;
    }
    let name = ctx.text[t.start..t.end].to_owned();
    let span = (t.start, t.end);
    let mut m = mention(at, at + 1, MentionKind::Group);
    m.entity = Some(ctx.entities.add(EntityKind::Group, &name, span));
    Some(m)
}

/// Whether a title stood before the run ("Mr Aliev"): `capital_run` skipped it.
fn start_is_titled(ctx: &Ctx<'_>, i: usize, start: usize) -> bool {
    start > i
        && ctx
            .lex
            .titles
            .contains(ctx.tokens[i].lower.trim_end_matches('.'))
}

/// Whether a lone capitalised word reads as a person: a surname's ending ("Kurbanov"), a kin
/// word before it ("her son Sanjar"), or an age or a reporting verb after it ("Aizat, 19,",
/// "Nurbol said").
fn lone_name_cue(ctx: &Ctx<'_>, at: usize, s: Sentence) -> bool {
    let lower = &ctx.tokens[at].lower;
    let ending = ctx
        .lex
        .name_endings
        .iter()
        .any(|e| lower.len() > e.len() + 2 && lower.ends_with(e.as_str()));
    let kin_before = at > s.first && ctx.lex.kinship.contains_key(&ctx.tokens[at - 1].lower);
    let next = |k: usize| ctx.tokens.get(at + k).filter(|_| at + k < s.last);
    let age_after = next(1).is_some_and(|t| t.lower == ",")
        && next(2)
            .is_some_and(|t| t.lower.len() <= 3 && t.lower.chars().all(|c| c.is_ascii_digit()));
    let says_after = next(1).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "said" | "says" | "told" | "added" | "wrote" | "recalled" | "explained"
        )
    });
    ending || kin_before || age_after || says_after
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
    // "The Almaty city court", "His Chinese wife", "Under Kazakh law": a capitalised
    // determiner or preposition is no name.
    let w = &ctx.lex.words;
    if (w.is(WordClass::Determiner, &t.lower) || w.is(WordClass::Preposition, &t.lower))
        && ctx.tokens.get(i + 1).is_some_and(|n| n.capital)
    {
        start += 1;
    }
    // "Director Leila Mamedova", "Lawyer Aliya Serikova": the role noun's own rule takes it
    // (a role word without a role, such as "national", only where it opens the sentence).
    let role = ctx
        .lex
        .roles
        .longest_at(&ctx.tokens, i)
        .map(|(_, r)| r.is_some());
    if start == i
        && (role == Some(true) || (role == Some(false) && ctx.is_sentence_opener(i, s)))
        && ctx.tokens.get(i + 1).is_some_and(|n| n.capital)
    {
        return None;
    }
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
        let words = ctx.slice(i, after).to_lowercase();
        let ent = &mut ctx.entities.items[idx];
        if let Some(role) = role {
            ent.role.get_or_insert(role);
        }
        if !ent.described_as.contains(&words) {
            ent.described_as.push(words);
        }
        // "detained the blogger Daniyar Umarov": the determiner opens the mention.
        let first = if i > s.first && ctx.is(i - 1, "the") {
            i - 1
        } else {
            i
        };
        let mut m = mention(first, end, MentionKind::Person);
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
    let mut m = mention(first, after, MentionKind::Person);
    // "the teacher", "this activist": a definite role noun stands for someone the report
    // names elsewhere; "a teacher" introduces someone new.
    if first < i && matches!(ctx.tokens[first].lower.as_str(), "the" | "this" | "that") {
        m.described = Some(Described::Role {
            words: ctx.slice(i, after).to_lowercase(),
            role,
        });
    }
    Some(m)
}
