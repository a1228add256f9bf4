//! Mentions of people, organisations, groups and places in one sentence: name runs,
//! organisation heads ("police in the capital", "a court in Bishkek"), counted groups ("at
//! least 12 pensioners"), role nouns ("activist Elnura Sadykova"), pronouns and kin phrases
//! ("her son"). Each mention is registered in the entity table when it names something.

use vigil_model::{Count, EntityKind, RelationKind};

use crate::context::Ctx;
use crate::lexicon::{Gender, WordClass};
use crate::sentence::Sentence;
use crate::token::TokenKind;

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
                    || t.kind == TokenKind::Number
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
        if t.kind != TokenKind::Word {
            break;
        }
        if w.is(WordClass::Determiner, &t.lower) {
            first -= 1;
            break;
        }
        let function = ctx.is_function(first - 1)
            || (t.capital && ctx.lex.words.is(WordClass::Opener, &t.lower))
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

/// A run of capitalised words: a person, a named organisation or a place. Capitals are
/// evidence, not proof: a run of common words ("Man Gets", "Human Rights") names no one.
fn name_run(ctx: &mut Ctx<'_>, i: usize, s: Sentence) -> Option<Mention> {
    let (run_start, end) = capital_run(ctx, i, s)?;
    // "But Aliev", "Read more: Why Kazakh police", "Kurdish-led Syrian Democratic Forces".
    let start = skip_openers(ctx, run_start, end);
    if start > run_start {
        return if start < end {
            name_run(ctx, start, s)
        } else {
            None
        };
    }
    let end = extend_title_of(ctx, start, end, s);
    if let Some(m) = titled_person(ctx, i, start, end, s) {
        return Some(m);
    }
    let name = ctx.text[ctx.tokens[start].start..ctx.tokens[end - 1].end].to_owned();
    let span = ctx.span(start, end);
    let single = end - start == 1;
    if ctx.tokens[start..end].iter().all(|t| is_demonym(&t.lower)) {
        return None;
    }
    // "CCTV footage", "an IED": an acronym of a thing names no one.
    if single && is_all_caps(&name) && ctx.lex.words.is(WordClass::Thing, &ctx.tokens[start].lower)
    {
        return None;
    }
    let opener = single && ctx.is_sentence_opener(start, s);
    if let Some(hit) = crate::geo::lookup(ctx, &name)
        .filter(|h| !opener || h.population >= 100_000)
        .filter(|h| place_in_context(ctx, start, end, h, s))
    {
        let mut m = mention(i, end, MentionKind::Location);
        m.entity = Some(ctx.location_entity(&hit, span));
        return Some(m);
    }
    let caps = is_all_caps(&name);
    // "Watch", "Coalition", "FILE": one common word is no organisation's name ("University
    // of Osh" is).
    let common_single = single
        && extend_org(ctx, end, s) == end
        && ctx.lex.is_common(&ctx.tokens[start].lower)
        && (!caps || ctx.tokens[start].lower.len() > 2);
    let is_org = !common_single
        && (ctx.tokens[start..end]
            .iter()
            .any(|t| ctx.lex.words.is(WordClass::OrgWord, &t.lower))
            || (!ctx.is_function(start)
                && (org_noun_follows(ctx, end, s) || continues_org_name(ctx, start)))
            || (single && ctx.tokens[start].lower.len() >= 2 && caps));
    // "1.5 MB", "1530 UTC": an acronym after a number is a unit.
    let unit = single && caps && start > s.first && ctx.tokens[start - 1].kind == TokenKind::Number;
    if is_org && !unit {
        // "American NATO": a country's adjective before an acronym is no part of it.
        if end - start == 2
            && is_demonym(&ctx.tokens[start].lower)
            && is_all_caps(ctx.slice(start + 1, end))
        {
            return name_run(ctx, start + 1, s);
        }
        let end = org_head_end(ctx, start, end);
        return Some(org_name(ctx, i, start, end, s));
    }
    if let Some(after) = slogan_end(ctx, start, end) {
        return name_run(ctx, after, s);
    }
    if single && let Some(m) = plural_group(ctx, start, s) {
        return Some(m);
    }
    if !could_be_person(ctx, start, end) || honoured_by_memorial(ctx, start) {
        return unknown_place(ctx, i, start, end, s);
    }
    let known = ctx.entities.find(EntityKind::Person, &name).is_some();
    let titled = start_is_titled(ctx, i, start);
    if single && !known && (ctx.is_sentence_opener(start, s) || ctx.is_function(start)) {
        return None;
    }
    if single && !known && !titled && !lone_name_cue(ctx, start, s) {
        return None;
    }
    // "Missing Brother", "Heart Might Stop", "Boston Marathon": no word of the run is a name.
    let has_name_word = (start..end).any(|k| name_like(ctx, k));
    if !known && !titled && !has_name_word {
        return unknown_place(ctx, i, start, end, s);
    }
    // "Theresa May Video", "Reuters Buy Photo Wait": a run of three or more words, more of
    // them common than name-like, is a caption or a page's buttons, not a name.
    let words = (start..end)
        .filter(|&k| ctx.tokens[k].capital && ctx.tokens[k].lower.chars().count() > 1)
        .count();
    let common = (start..end)
        .filter(|&k| ctx.tokens[k].capital && ctx.lex.is_common(&ctx.tokens[k].lower))
        .count();
    let named = (start..end).filter(|&k| name_like(ctx, k)).count();
    if !known && !titled && words >= 3 && common > named {
        return unknown_place(ctx, i, start, end, s);
    }
    // "US Bomb Zabiullah Mujahid", "Missing Brother Daniyar Umarov": words before a name of
    // two or more name words are a headline's, not the name's.
    let headline_word = |k: usize| {
        let t = &ctx.tokens[k];
        ctx.lex.is_common(&t.lower)
            || is_all_caps(&ctx.text[t.start..t.end])
            || is_demonym(&t.lower)
    };
    if let Some(first_name) = (start..end).find(|&k| !headline_word(k))
        && first_name > start
        && name_like(ctx, first_name)
        && (first_name..end).filter(|&k| name_like(ctx, k)).count() >= 2
    {
        return name_run(ctx, first_name, s);
    }
    // "Daniyar Umarov Found In Osh": a headline's verb after the name is not part of it.
    if let Some(cut) = headline_verb_after_name(ctx, start, end) {
        let name = ctx.slice(start, cut).to_owned();
        let mut m = mention(i, cut, MentionKind::Person);
        m.entity = Some(ctx.person_entity(&name, ctx.span(start, cut)));
        return Some(m);
    }
    let mut m = mention(i, end, MentionKind::Person);
    let idx = ctx.person_entity(&name, span);
    if let Some(role) = leading_title_role(ctx, i, start) {
        ctx.entities.items[idx].role.get_or_insert(role);
    }
    m.entity = Some(idx);
    Some(m)
}

/// Where a person's run ends before a verb of a Title-Case headline: after two or more name
/// words, common words of which the first is a verb form ("-ed", "-ing", a trigger) or that
/// a capitalised function word follows ("Found In Osh").
fn headline_verb_after_name(ctx: &Ctx<'_>, start: usize, end: usize) -> Option<usize> {
    let cut = (start..end).rev().find(|&k| name_like(ctx, k))? + 1;
    if cut >= end || (start..cut).filter(|&k| name_like(ctx, k)).count() < 2 {
        return None;
    }
    if !(cut..end).all(|k| ctx.lex.is_common(&ctx.tokens[k].lower)) {
        return None;
    }
    let first = &ctx.tokens[cut].lower;
    let verb = first.ends_with("ed")
        || first.ends_with("ing")
        || ctx.lex.triggers.longest_at(&ctx.tokens, cut).is_some();
    let title_case_after = ctx.tokens.get(end).is_some_and(|t| {
        t.capital
            && (ctx.lex.words.is(WordClass::Stop, &t.lower)
                || ctx.lex.words.is(WordClass::Preposition, &t.lower))
    });
    (verb || title_case_after).then_some(cut)
}

/// Where the name proper starts in the run `start..end`: after sentence adverbs and
/// conjunctions ("But", "Sometimes", "Meanwhile"), teaser words ("Read", "Watch", "Why") and
/// compound adjectives ("Kurdish-led", "Tbilisi-based").
fn skip_openers(ctx: &Ctx<'_>, start: usize, end: usize) -> usize {
    let mut k = start;
    while k < end {
        let t = &ctx.tokens[k];
        let lower = t.lower.as_str();
        let opener = ctx.lex.words.is(WordClass::Opener, lower)
            || (lower.len() > 4 && lower.ends_with("ly") && ctx.lex.is_common(lower));
        let compound = ctx.text[t.start..t.end]
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.starts_with(char::is_lowercase));
        if !(opener || compound) || ctx.lex.titles.contains(lower) {
            break;
        }
        k += 1;
    }
    k
}

/// Whether token `k` looks like a word of a person's name: a word that is not a common
/// English word, a title, an organisation word, a country's adjective, an acronym or a
/// well-known place.
fn name_like(ctx: &Ctx<'_>, k: usize) -> bool {
    let t = &ctx.tokens[k];
    let lower = t.lower.as_str();
    let raw = &ctx.text[t.start..t.end];
    if t.kind != TokenKind::Word || raw.chars().count() < 2 {
        return false;
    }
    let w = &ctx.lex.words;
    if ctx.lex.is_common(lower)
        || ctx.lex.titles.contains(lower)
        || w.is(WordClass::OrgWord, lower)
        || w.is(WordClass::NotName, lower)
        || is_demonym(lower)
        || is_all_caps(raw)
    {
        return false;
    }
    crate::geo::lookup(ctx, raw)
        .is_none_or(|h| !h.is_country && h.population < 100_000 && h.lat.is_some())
}

/// "Secretary of Defense Ash Carter", "Minister of Foreign Affairs Ulan Ulanov": a run that
/// ends in a title goes on through "of (the)" and the capitalised words after it.
fn extend_title_of(ctx: &Ctx<'_>, start: usize, end: usize, s: Sentence) -> usize {
    let last = ctx.tokens[end - 1].lower.trim_end_matches('.');
    if end >= s.last || !ctx.lex.titles.contains(last) || !ctx.is(end, "of") || end == start {
        return end;
    }
    let mut j = end + 1;
    if ctx.is(j, "the") {
        j += 1;
    }
    let k = capital_words(ctx, j, s.last);
    if k > j { k } else { end }
}

/// The end of the capitalised words from `j` (before `limit`).
fn capital_words(ctx: &Ctx<'_>, j: usize, limit: usize) -> usize {
    let mut k = j;
    while k < limit
        && ctx.tokens[k].kind == TokenKind::Word
        && ctx.tokens[k].capital
        && !ctx.lex.words.is(WordClass::Calendar, &ctx.tokens[k].lower)
    {
        k += 1;
    }
    k
}

/// "French Interior Minister Christophe Castaner", "GNB Brigade General Hector Da Costa",
/// "Secretary of Defense Ash Carter": the last title of the run with a name after it splits
/// the run. The name after it is the person; the title (with the words before it) is the
/// person's role, unless it is an honorific; an organisation's name before the title ("GNB
/// Brigade") is an organisation of its own.
fn titled_person(
    ctx: &mut Ctx<'_>,
    i: usize,
    start: usize,
    end: usize,
    s: Sentence,
) -> Option<Mention> {
    let is_title = |k: usize| {
        ctx.lex
            .titles
            .contains(ctx.tokens[k].lower.trim_end_matches('.'))
    };
    let k = (start..end.saturating_sub(1))
        .rev()
        .find(|&k| is_title(k))?;
    let mut name_start = k + 1;
    if ctx.is(name_start, ".") {
        name_start += 1;
    }
    if ctx.is(name_start, "of") {
        name_start += 1;
        if ctx.is(name_start, "the") {
            name_start += 1;
        }
        // "of Foreign Affairs Ulan Ulanov": the office's words, then at least two for the name.
        while name_start + 2 < end
            && ctx.lex.is_common(&ctx.tokens[name_start].lower)
            && !name_like(ctx, name_start)
        {
            name_start += 1;
        }
    }
    let role_end = name_start;
    if name_start >= end || end > s.last {
        return None;
    }
    let w = &ctx.lex.words;
    let org_in_name = ctx.tokens[name_start..end]
        .iter()
        .any(|t| w.is(WordClass::OrgWord, &t.lower));
    let has_name_word = (name_start..end).any(|j| name_like(ctx, j));
    if org_in_name || !has_name_word || !could_be_person(ctx, name_start, end) {
        return None;
    }
    let org_end = (start..k)
        .rev()
        .find(|&o| w.is(WordClass::OrgWord, &ctx.tokens[o].lower))
        .map(|o| o + 1);
    let mut role_from = start;
    if let Some(oe) = org_end {
        let org = ctx.slice(start, oe).to_owned();
        if oe - start >= 2 || is_all_caps(&org) {
            let idx = ctx
                .entities
                .add(EntityKind::Organization, &org, ctx.span(start, oe));
            let role = org_role(ctx, start, oe);
            ctx.entities.items[idx].role.get_or_insert(role);
            role_from = oe;
        }
    }
    let name = ctx.slice(name_start, end).to_owned();
    let idx = ctx.person_entity(&name, ctx.span(name_start, end));
    let honorific = ctx
        .lex
        .honorifics
        .contains(ctx.tokens[k].lower.trim_end_matches('.'));
    if !honorific {
        let role = ctx
            .slice(role_from, role_end)
            .trim_end_matches('.')
            .to_lowercase();
        ctx.entities.items[idx].role.get_or_insert(role);
    }
    let mut m = mention(i, end, MentionKind::Person);
    m.entity = Some(idx);
    Some(m)
}

/// The role the titles skipped before a name give ("President", "Gen."), if any is not an
/// honorific ("Mr").
fn leading_title_role(ctx: &Ctx<'_>, i: usize, start: usize) -> Option<String> {
    let words: Vec<&str> = ctx.tokens[i..start]
        .iter()
        .map(|t| t.lower.trim_end_matches('.'))
        .filter(|w| ctx.lex.titles.contains(*w))
        .collect();
    (!words.is_empty() && words.iter().all(|w| !ctx.lex.honorifics.contains(*w)))
        .then(|| words.join(" "))
}

/// Whether a run the gazetteer knows is a place here. Countries and regions always are; a
/// town whose name is an acronym ("UN") or a common word ("Mobile", "Reading", "Nice") only
/// after a word of place ("in Reading"), before a comma and a country ("Bath, England"), or
/// as the dateline.
fn place_in_context(
    ctx: &Ctx<'_>,
    start: usize,
    end: usize,
    hit: &crate::geo::PlaceHit,
    s: Sentence,
) -> bool {
    if hit.is_country || hit.lat.is_none() {
        return true;
    }
    let raw = ctx.slice(start, end);
    let acronym = is_all_caps(raw) && raw.chars().count() <= 4;
    let common = end - start == 1 && ctx.lex.is_common(&ctx.tokens[start].lower);
    if !acronym && !common {
        return true;
    }
    let before = |k: usize| {
        start
            .checked_sub(k)
            .filter(|&j| j >= s.first)
            .map_or("", |j| ctx.tokens[j].lower.as_str())
    };
    let locative = |w: &str| {
        matches!(
            w,
            "in" | "at"
                | "near"
                | "from"
                | "outside"
                | "to"
                | "into"
                | "across"
                | "around"
                | "towards"
                | "toward"
                | "downtown"
                | "central"
        )
    };
    let placed_before = locative(before(1));
    let country_after = ctx.is(end, ",")
        && end + 1 < s.last
        && crate::geo::lookup(ctx, &ctx.tokens[end + 1].lower)
            .is_some_and(|h| h.is_country || h.lat.is_none());
    let dateline = start == 0 && ctx.is(end, ",");
    (placed_before && !acronym) || country_after || dateline
}

/// "British Security Services Questioned About…": in a Title-Case headline the run goes on
/// past the organisation's last word into a verb; it ends at that word.
fn org_head_end(ctx: &Ctx<'_>, start: usize, end: usize) -> usize {
    let w = &ctx.lex.words;
    let Some(last) = (start..end)
        .rev()
        .find(|&k| w.is(WordClass::OrgWord, &ctx.tokens[k].lower))
    else {
        return end;
    };
    let after = last + 1;
    let verb = ctx.tokens.get(after).is_some_and(|t| {
        t.lower.ends_with("ed")
            || t.lower.ends_with("ing")
            || ctx.lex.triggers.longest_at(&ctx.tokens, after).is_some()
    });
    let trailing_common = (after..end).all(|k| ctx.lex.is_common(&ctx.tokens[k].lower));
    if after < end && verb && trailing_common {
        after
    } else {
        end
    }
}

/// A named organisation from the run `start..end`, its name carried on through "of", "for",
/// "and" and "/" ("Union of Free Workers of the Republic", "Radio Azattyk/Radio Liberty"),
/// with an acronym in parentheses after it kept as its alias ("(GKNB)").
fn org_name(ctx: &mut Ctx<'_>, i: usize, start: usize, end: usize, s: Sentence) -> Mention {
    let end = extend_org(ctx, end, s);
    let name = ctx.slice(start, end).to_owned();
    let span = ctx.span(start, end);
    let idx = ctx.entities.add(EntityKind::Organization, &name, span);
    let role = org_role(ctx, start, end);
    ctx.entities.items[idx].role.get_or_insert(role);
    // The acronym is an alias and a mention, and the mention takes in its parentheses so that
    // the name still stands next to its verb.
    let mut last = end;
    if let Some(a) = acronym_after(ctx, end, s) {
        let acronym = ctx.slice(a, a + 1).to_owned();
        ctx.entities.alias(idx, &acronym);
        let span = ctx.span(a, a + 1);
        ctx.entities.mention(idx, span);
        last = a + 2;
    }
    let mut m = mention(i, last, MentionKind::Org);
    m.entity = Some(idx);
    m
}

/// "(GKNB)" right after an organisation's name: the acronym's token, if there is one.
fn acronym_after(ctx: &Ctx<'_>, end: usize, s: Sentence) -> Option<usize> {
    if !(ctx.is(end, "(") && ctx.is(end + 2, ")") && end + 2 < s.last) {
        return None;
    }
    let t = &ctx.tokens[end + 1];
    let acronym = &ctx.text[t.start..t.end];
    (t.kind == TokenKind::Word && acronym.chars().count() >= 2 && is_all_caps(acronym))
        .then_some(end + 1)
}

/// The end of an organisation's name that goes on after `end`: "of"/"for" (and "of the"), a
/// "/" with no spaces, Spanish or French "de", and "and" before common words ("for Disease
/// Prevention and Control").
fn extend_org(ctx: &Ctx<'_>, mut end: usize, s: Sentence) -> usize {
    let mut joined = false;
    while end + 1 < s.last {
        let t = &ctx.tokens[end];
        let slash = t.lower == "/"
            && t.start == ctx.tokens[end - 1].end
            && ctx.tokens[end + 1].start == t.end;
        let connector = !t.capital
            && matches!(
                t.lower.as_str(),
                "of" | "for" | "and" | "de" | "del" | "des" | "du" | "la" | "da" | "do" | "dos"
            );
        if !(slash || connector) {
            break;
        }
        let mut j = end + 1;
        if connector && ctx.is(j, "the") && !ctx.tokens[j].capital {
            j += 1;
        }
        let k = capital_words(ctx, j, s.last);
        if k == j {
            break;
        }
        // "the United Party of Kyrgyzstan": the country is a place of its own.
        let country = crate::geo::lookup(ctx, ctx.slice(j, k)).is_some_and(|h| h.is_country);
        if t.lower == "of" && country {
            break;
        }
        if t.lower == "and" && (!joined || !(j..k).all(|x| ctx.lex.is_common(&ctx.tokens[x].lower)))
        {
            break;
        }
        joined = true;
        end = k;
    }
    end
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

/// "Russian", "Kazakhs", "British-Pakistani": a country's adjective or its people.
fn is_demonym(lower: &str) -> bool {
    if lower.contains('-') {
        return lower.split('-').all(is_demonym);
    }
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
        && !ctx
            .lex
            .words
            .is(WordClass::PlaceNoun, &ctx.tokens[end].lower)
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
    // "Jung, who escaped": a relative clause after a comma.
    let who_after = next(1).is_some_and(|t| t.lower == ",")
        && next(2).is_some_and(|t| matches!(t.lower.as_str(), "who" | "whose"));
    let says_after = next(1).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "said" | "says" | "told" | "added" | "wrote" | "recalled" | "explained"
        )
    });
    ending || kin_before || age_after || says_after || who_after
}

/// An initial ("M"), an initialism ("U.S") or an abbreviation that takes a full stop ("Col").
fn is_initial(ctx: &Ctx<'_>, k: usize) -> bool {
    let t = &ctx.tokens[k];
    t.kind == TokenKind::Word
        && t.capital
        && (t.lower.chars().count() == 1
            || t.lower.contains('.')
            || ctx.lex.words.is(WordClass::Abbrev, &t.lower))
}

fn is_all_caps(name: &str) -> bool {
    name.chars().all(|c| !c.is_lowercase())
}

fn org_role(ctx: &Ctx<'_>, start: usize, end: usize) -> String {
    let run = &ctx.tokens[..end];
    (start..end)
        .find_map(|k| ctx.lex.orgs.longest_at(run, k).map(|(_, h)| h.role.clone()))
        .unwrap_or_else(|| "organization".to_owned())
}

/// The token range of the capitalised run at `i` (titles skipped), if `i` starts one.
fn capital_run(ctx: &Ctx<'_>, i: usize, s: Sentence) -> Option<(usize, usize)> {
    let t = &ctx.tokens[i];
    if !t.capital || t.kind != TokenKind::Word {
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
    // ("Secretary of Defense Ash Carter" keeps its title: the name comes after the office.)
    while start < s.last
        && ctx
            .lex
            .titles
            .contains(ctx.tokens[start].lower.trim_end_matches('.'))
        && !(start + 1 < s.last && ctx.is(start + 1, "of"))
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
                | "el"
                | "del"
                | "la"
                | "al"
                | "bin"
                | "van"
                | "von"
                | "der"
                | "di"
                | "dos"
                | "los"
                | "las"
                | "den"
                | "du"
                | "ibn"
        ) && (ctx.tokens.get(end + 1).is_some_and(|n| n.capital)
            // "Sainz de la Peña", "van der Berg"
            || (matches!(ctx.tokens.get(end + 1).map(|n| n.lower.as_str()), Some("la" | "los" | "las" | "der" | "den"))
                && ctx.tokens.get(end + 2).is_some_and(|n| n.capital)));
        let calendar = ctx.lex.words.is(WordClass::Calendar, &tok.lower);
        // "Theresa May said": a month's name after a first name, with no number after it.
        let month_name = calendar
            && end > start
            && !tok.lower.ends_with("day")
            && ctx
                .tokens
                .get(end + 1)
                .is_none_or(|n| n.kind != TokenKind::Number);
        let word = tok.kind == TokenKind::Word && tok.capital && (!calendar || month_name);
        // "Adrianna M. Vorderbruggen", "U.S. State Department", "Col. Ivanov": the full stop
        // of an initial or an abbreviation inside a run.
        let stop_inside = tok.lower == "."
            && end > start
            && end + 1 < s.last
            && ctx.tokens[end + 1].capital
            && ctx.tokens[end + 1].kind == TokenKind::Word
            && is_initial(ctx, end - 1);
        if stop_inside {
            end += 1;
            continue;
        }
        if !(word || particle)
            || (end > start
                && ctx.lex.words.is(WordClass::Stop, &tok.lower)
                && !tok.lower.chars().all(char::is_uppercase)
                && !(tok.lower.len() == 1 && ctx.is(end + 1, ".")))
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
    // "Man Gets Ten Years": a role noun before capitalised common words is a headline.
    if after < s.last
        && let Some((start, end)) = capital_run(ctx, after, s)
        && (start..end).any(|k| name_like(ctx, k))
    {
        let end = headline_verb_after_name(ctx, start, end).unwrap_or(end);
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
