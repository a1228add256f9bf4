//! Argument rules: each is named after the pattern it detects and carries a stable code, so
//! that a reviewer can see which rule proposed an event (the code is in the low-confidence
//! diagnostic and in [`RULES`]).
//!
//! A rule reads one trigger in its sentence, with the sentence's mentions, and fills a
//! [`Draft`]: participants by role, charge, claim, penalty. Dates, places and status are
//! filled afterwards, the same way for every rule.

mod among_those;
mod appeal;
mod crowd;
mod found_guilty;
mod left_dead;
mod noun_of;
mod organized_protest;
mod phrases;
mod protest_purpose;
mod taken_to_station;
mod voice;

use vigil_model::{
    AppealOutcome, Count, DateSpan, EventType, Force, ParticipantRole, Penalty, Place, Status,
};

use crate::context::Ctx;
use crate::lexicon::{Form, WordClass};
use crate::mention::{Described, Mention, MentionKind};
use crate::sentence::Sentence;
use crate::trigger::Hit;

pub(crate) use among_those::among_those;
pub(crate) use appeal::{appeals, complete as complete_appeal};
pub(crate) use taken_to_station::taken_to_station;

/// Every rule code with the pattern it detects.
pub const RULES: &[(&str, &str)] = &[
    (ACTIVE, "AGENT verb TARGET: \"police detained 12 people\""),
    (
        PASSIVE,
        "TARGET was verb (by AGENT): \"she was arrested by police\"",
    ),
    (
        NOUN_OF,
        "the NOUN of TARGET / POSSESSOR's NOUN: \"the arrest of X\", \"his trial\"",
    ),
    (
        FOUND_GUILTY,
        "found TARGET guilty (of CHARGE), convicted TARGET of CHARGE",
    ),
    (TAKEN_TO_STATION, "took TARGET to the police station"),
    (
        AMONG_THOSE,
        "TARGET was among those detained: joins the earlier event",
    ),
    (ORGANIZED_PROTEST, "ORGANIZER organized the rally"),
    (CAPTION, "a caption tells more about an event of the text"),
    (PROTEST_PURPOSE, "PARTICIPANTS gathered … to protest CLAIM"),
    (DEAD, "N dead, left N people dead, TARGET was found dead"),
    (
        CROWD,
        "PARTICIPANTS acted: \"protesters stormed the stadium\" tells a protest",
    ),
    (
        DISPERSED,
        "a dispersal in a report with no protest tells the gathering it broke up",
    ),
    (
        LOW_CONFIDENCE,
        "diagnostic: an event proposed with low confidence",
    ),
    (
        LANGUAGE,
        "diagnostic: the report is not in a supported language",
    ),
    (
        NOT_HAPPENED,
        "diagnostic: an act told as negated, denied or hypothetical, not reported",
    ),
    (
        NO_PUBLISHED,
        "diagnostic: no publication date; relative dates left unresolved",
    ),
    (
        NO_ANCHOR,
        "diagnostic: a date relative to an earlier event with no such event",
    ),
    (
        APPEAL,
        "COURT cut/upheld/overturned TARGET's sentence (to PENALTY), TARGET appealed",
    ),
];

/// `AGENT verb TARGET`.
pub const ACTIVE: &str = "EXTRACT001";
/// `TARGET was verb (by AGENT)`.
pub const PASSIVE: &str = "EXTRACT002";
/// `the NOUN of TARGET`.
pub const NOUN_OF: &str = "EXTRACT003";
/// `found TARGET guilty of CHARGE`.
pub const FOUND_GUILTY: &str = "EXTRACT004";
/// `took TARGET to the police station`.
pub const TAKEN_TO_STATION: &str = "EXTRACT005";
/// `TARGET was among those detained`.
pub const AMONG_THOSE: &str = "EXTRACT006";
/// `ORGANIZER organized the rally`.
pub const ORGANIZED_PROTEST: &str = "EXTRACT007";
/// Caption merged into an event.
pub const CAPTION: &str = "EXTRACT008";
/// `PARTICIPANTS gathered … to protest CLAIM`.
pub const PROTEST_PURPOSE: &str = "EXTRACT009";
/// Low-confidence diagnostic.
pub const LOW_CONFIDENCE: &str = "EXTRACT010";
/// Unsupported-language diagnostic.
pub const LANGUAGE: &str = "EXTRACT011";
/// Negated or hypothetical act diagnostic.
pub const NOT_HAPPENED: &str = "EXTRACT012";
/// No publication date diagnostic.
pub const NO_PUBLISHED: &str = "EXTRACT013";
/// Relative date with no anchor diagnostic.
pub const NO_ANCHOR: &str = "EXTRACT014";
/// `COURT cut TARGET's sentence to PENALTY`: an appeal, not a new sentence.
pub const APPEAL: &str = "EXTRACT015";
/// `N dead`, `left N people dead`.
pub const DEAD: &str = "EXTRACT016";
/// `PARTICIPANTS acted`: a crowd noun tells a protest.
pub const CROWD: &str = "EXTRACT017";
/// A dispersal implies the gathering it broke up.
pub const DISPERSED: &str = "EXTRACT018";

/// A participant before output.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    pub role: ParticipantRole,
    pub text: String,
    pub entity: Option<usize>,
    pub count: Option<Count>,
    /// How the report describes the person when it does not name them here ("her husband",
    /// "the teacher"): resolved to a name told elsewhere once the whole report is read.
    pub described: Option<Described>,
}

/// An event before output; token and sentence indices, not yet offsets.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: EventType,
    pub rule: &'static str,
    pub form: Form,
    /// Trigger tokens; `None` for events from captions.
    pub trigger: (usize, usize),
    pub sentence: usize,
    pub parts: Vec<Part>,
    pub claim: Option<String>,
    pub charge: Option<String>,
    pub penalty: Option<Penalty>,
    /// For an appeal: what it did to the sentence, and the draft of that sentence.
    pub appeal: Option<AppealOutcome>,
    pub appeal_of: Option<usize>,
    /// The means of force the sentence names (dispersals, killings, abuse).
    pub force: Vec<Force>,
    pub date: Option<DateSpan>,
    /// Index of the draft the date is relative to.
    pub anchor: Option<usize>,
    pub place: Option<Place>,
    pub status: Status,
    pub evidence: Vec<usize>,
    pub confidence: f64,
}

impl Draft {
    fn new(kind: EventType, rule: &'static str, hit: Hit, sentence: usize) -> Self {
        Self {
            kind,
            rule,
            form: hit.form,
            trigger: (hit.first, hit.last),
            sentence,
            parts: Vec::new(),
            claim: None,
            charge: None,
            penalty: None,
            appeal: None,
            appeal_of: None,
            force: Vec::new(),
            date: None,
            anchor: None,
            place: None,
            status: Status::default(),
            evidence: vec![sentence],
            confidence: 0.9,
        }
    }

    /// Add `part` unless the same role already has it (same entity, or same text).
    pub fn add(&mut self, part: Part) {
        let dup = self.parts.iter().any(|p| {
            p.role == part.role
                && ((p.entity.is_some() && p.entity == part.entity)
                    || p.text.eq_ignore_ascii_case(&part.text))
        });
        if !dup && !part.text.is_empty() {
            self.parts.push(part);
        }
    }

    /// Whether some participant of `role` is entity `entity`.
    pub fn has(&self, role: ParticipantRole, entity: usize) -> bool {
        self.parts
            .iter()
            .any(|p| p.role == role && p.entity == Some(entity))
    }
}

/// What the rules see of one sentence.
pub(crate) struct Scene<'m> {
    pub index: usize,
    pub sentence: Sentence,
    pub mentions: &'m [Mention],
}

/// The draft event for trigger `hit`, or `None` when the trigger names no act here.
pub(crate) fn draft(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<Draft> {
    if let Some(d) = found_guilty::found_guilty(ctx, scene, hit) {
        return Some(d);
    }
    if hit.form == Form::Adj {
        return left_dead::left_dead(ctx, scene, hit);
    }
    if hit.form == Form::Actor {
        return Some(crowd::crowd(ctx, scene, hit));
    }
    if hit.kind == EventType::Dispersal
        && ctx
            .lex
            .words
            .is(WordClass::Mutual, &ctx.tokens[hit.first].lower)
    {
        return clash_with_authority(ctx, scene, hit);
    }
    if let Some(d) = protest_purpose::protest_purpose(ctx, scene, hit) {
        return Some(d);
    }
    let mut d = match hit.form {
        Form::Noun => noun_of::noun_of(ctx, scene, hit),
        _ => voice::voice(ctx, scene, hit),
    };
    if hit.kind == EventType::Dispersal && hit.form == Form::Noun {
        force_user(ctx, scene, hit, &mut d);
    }
    organized_protest::organized_protest(ctx, scene, hit, &mut d);
    phrases::fill(ctx, scene, hit, &mut d);
    let takes_people = matches!(
        ctx.tokens[hit.first].lower.as_str(),
        "captured" | "capture" | "seized"
    );
    let is_org = |p: &Part| {
        p.entity
            .is_some_and(|e| ctx.entities.items[e].kind == vigil_model::EntityKind::Organization)
    };
    if takes_people
        && !d
            .parts
            .iter()
            .any(|p| p.role == ParticipantRole::Target && !is_org(p))
    {
        return None;
    }
    if std::env::var("NOPV").is_err() && private_violence(ctx, &d) {
        return None;
    }
    Some(d)
}

/// "youths beat up passers-by", "a man beat his girlfriend to death", "gunmen shot dead two
/// doctors", "two policemen were killed": abuse and killing are acts of the authorities against
/// others (TAXONOMY.md), so violence whose every named doer is someone else, or whose every
/// victim is the police or troops, is not one. Doers left unknown ("unidentified men in
/// masks") may act for the authorities and are kept.
fn private_violence(ctx: &Ctx<'_>, d: &Draft) -> bool {
    if !matches!(d.kind, EventType::Abuse | EventType::Killing) {
        return false;
    }
    // Whether a participant is the police, troops or a court; `None` where the words leave it
    // open: a pronoun, or doers left unknown.
    let official = |p: &Part| {
        let tokens = crate::token::tokenize(&p.text);
        let w = &ctx.lex.words;
        let pronoun = tokens.len() == 1
            && (w.is(WordClass::PronounMale, &tokens[0].lower)
                || w.is(WordClass::PronounFemale, &tokens[0].lower)
                || w.is(WordClass::PronounOther, &tokens[0].lower));
        if pronoun || tokens.iter().any(|t| w.is(WordClass::Covert, &t.lower)) {
            return None;
        }
        Some(
            p.entity.is_some_and(|e| {
                ctx.entities.items[e].kind == vigil_model::EntityKind::Organization
            }) || (0..tokens.len()).any(|k| ctx.lex.orgs.longest_at(&tokens, k).is_some()),
        )
    };
    let all_of = |role: ParticipantRole, want: bool| {
        let mut parts = d
            .parts
            .iter()
            .filter(|p| p.role == role && !p.text.is_empty())
            .peekable();
        parts.peek().is_some() && parts.all(|p| official(p) == Some(want))
    };
    // "attacked", "injured": harm anyone may do is the authorities' only when they are named
    // doing it.
    let anyones = ctx
        .lex
        .words
        .is(WordClass::Violent, &ctx.tokens[d.trigger.0].lower);
    let official_doer = d
        .parts
        .iter()
        .any(|p| p.role == ParticipantRole::Agent && official(p) == Some(true));
    all_of(ParticipantRole::Agent, false)
        || all_of(ParticipantRole::Target, true)
        || (anyones && !official_doer)
}

/// "Police fired tear gas", "troops using water cannon": who used the means of force is the
/// dispersal's agent.
fn force_user(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit, d: &mut Draft) {
    let s = scene.sentence;
    let Some(verb) = (s.first.max(hit.first.saturating_sub(3))..hit.first)
        .rev()
        .find(|&k| {
            matches!(
                ctx.tokens[k].lower.as_str(),
                "fired"
                    | "firing"
                    | "fire"
                    | "used"
                    | "using"
                    | "use"
                    | "lobbed"
                    | "sprayed"
                    | "deployed"
                    | "unleashed"
                    | "shot"
                    | "with"
            )
        })
    else {
        return;
    };
    let agent = if ctx.is(verb, "with") {
        voice::subject(ctx, scene, verb).filter(|m| m.kind == MentionKind::Org)
    } else {
        voice::subject(ctx, scene, verb)
    };
    if let Some(m) = agent.filter(|m| m.is_authority()) {
        d.add(part(ctx, scene, m, ParticipantRole::Agent));
    }
}

/// "clashed with police", "clashes between protesters and security forces", "battled riot
/// police": a fight between two sides is a dispersal only when the police or troops are
/// named as one of them; they are its agent.
fn clash_with_authority(ctx: &Ctx<'_>, scene: &Scene<'_>, hit: Hit) -> Option<Draft> {
    let near = |m: &&Mention| m.first.abs_diff(hit.first) <= 8 || m.last.abs_diff(hit.last) <= 8;
    let police = scene.mentions.iter().filter(near).find(|m| {
        m.kind == MentionKind::Org
            && m.entity
                .and_then(|e| ctx.entities.items[e].role.as_deref())
                .is_some_and(|r| r == "police")
    })?;
    let mut d = Draft::new(hit.kind, ACTIVE, hit, scene.index);
    d.add(part(ctx, scene, police, ParticipantRole::Agent));
    // The other side: the nearest crowd or person named within the clash's reach.
    let other = scene
        .mentions
        .iter()
        .filter(near)
        .filter(|m| matches!(m.kind, MentionKind::Group | MentionKind::Person))
        .filter(|m| {
            m.entity
                .is_none_or(|e| ctx.entities.items[e].role.is_none())
        })
        .min_by_key(|m| m.first.abs_diff(hit.first));
    if let Some(m) = other {
        d.add(part(ctx, scene, m, ParticipantRole::Target));
    }
    Some(d)
}

/// The participant for mention `m`, with pronouns, relative pronouns and kin phrases
/// resolved to the entity they stand for where the report makes it clear.
pub(crate) fn part(ctx: &Ctx<'_>, scene: &Scene<'_>, m: &Mention, role: ParticipantRole) -> Part {
    let mut text = ctx.slice(m.first, m.last).to_owned();
    let mut entity = m.entity;
    let mut count = m.count.clone();
    let mut described = m.described.clone();
    match m.kind {
        // A pronoun is listed as the entity it stands for, or not at all (the empty text
        // makes `Draft::add` drop it).
        MentionKind::Pronoun(_) => text = pronoun_text(ctx, m),
        MentionKind::Relative => {
            if let Some(a) = antecedent(ctx, scene, m) {
                text = ctx.slice(a.first, a.last).to_owned();
                entity = a.entity;
                count.clone_from(&a.count);
                described.clone_from(&a.described);
                if a.kind == MentionKind::Person {
                    text = name_part(ctx, a);
                }
                if let MentionKind::Pronoun(_) = a.kind {
                    text = pronoun_text(ctx, a);
                }
            }
        }
        MentionKind::Kin(..) => {
            entity =
                entity.or_else(|| crate::relations::described_entity(ctx, m.described.as_ref()));
        }
        _ => {}
    }
    Part {
        role,
        text,
        entity,
        count,
        described,
    }
}

/// A pronoun's participant text: the pronoun as written when it stands for an entity (the
/// participant's `entity` names whom), the words of the unnamed mention it stands for ("the
/// blogger") otherwise, and empty (not listed) when the report makes neither clear.
fn pronoun_text(ctx: &Ctx<'_>, m: &Mention) -> String {
    match (m.entity, &m.antecedent) {
        (Some(_), _) => ctx.slice(m.first, m.last).to_owned(),
        (None, Some(words)) => words.clone(),
        (None, None) => String::new(),
    }
}

/// A person mention's name without the role word before it.
fn name_part(ctx: &Ctx<'_>, m: &Mention) -> String {
    let full = ctx.slice(m.first, m.last);
    match m.entity.and_then(|e| ctx.entities.items.get(e)) {
        Some(ent) if full.ends_with(ent.name.as_str()) => ent.name.clone(),
        _ => full.to_owned(),
    }
}

/// The mention a relative pronoun stands for: the one right before it (", who").
pub(crate) fn antecedent<'m>(
    ctx: &Ctx<'_>,
    scene: &Scene<'m>,
    who: &Mention,
) -> Option<&'m Mention> {
    let mut j = who.first;
    if j > scene.sentence.first && ctx.is(j - 1, ",") {
        j -= 1;
    }
    scene
        .mentions
        .iter()
        .rev()
        .find(|m| m.last == j && m.kind != MentionKind::Relative)
}

/// Mentions coordinated with `m` to its left: "A, B and C were charged" from C.
pub(crate) fn coordinated_left<'m>(
    ctx: &Ctx<'_>,
    scene: &Scene<'m>,
    m: &'m Mention,
) -> Vec<&'m Mention> {
    let mut out = Vec::new();
    let mut start = m.first;
    loop {
        let mut j = start;
        while j > scene.sentence.first && matches!(ctx.tokens[j - 1].lower.as_str(), "," | "and") {
            j -= 1;
        }
        if j == start {
            break;
        }
        let named =
            |n: &Mention| n.last == j && n.kind == MentionKind::Person && n.entity.is_some();
        match scene.mentions.iter().rev().find(|n| named(n)) {
            Some(n) if m.kind == MentionKind::Person => {
                out.push(n);
                start = n.first;
            }
            _ => break,
        }
    }
    out
}

/// Mentions coordinated with `m` to its right: "A and his brother", "A, B and C".
pub(crate) fn coordinated<'m>(
    ctx: &Ctx<'_>,
    scene: &Scene<'m>,
    m: &'m Mention,
) -> Vec<&'m Mention> {
    let mut out = vec![m];
    let mut end = m.last;
    loop {
        let mut j = end;
        while j < scene.sentence.last && matches!(ctx.tokens[j].lower.as_str(), "," | "and" | "or")
        {
            j += 1;
        }
        if j == end {
            break;
        }
        match scene
            .mentions
            .iter()
            .find(|n| n.first == j && n.is_people() && n.kind != MentionKind::Relative)
        {
            Some(n) => {
                out.push(n);
                end = n.last;
            }
            None => break,
        }
    }
    out
}
