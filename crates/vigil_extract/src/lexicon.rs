//! The English lexicons under `data/en/`, embedded in the binary and compiled once into
//! token-keyed phrase tables: triggers with their form, homograph blockers, status cues,
//! organisation heads, group nouns, kinship and role words, titles and function words.
//!
//! Matching is by whole lowercase tokens (a hash look-up on the first token, then the longest
//! phrase that fits), which gives word boundaries for free and costs one look-up per token.

use std::collections::{HashMap, HashSet};

use vigil_model::{EventType, Force, RelationKind};

use crate::token::Token;

/// How a trigger names its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A verb: active, or passive after a form of "be"/"get".
    Verb,
    /// A noun naming the act: "the detention of".
    Noun,
    /// An -ing form.
    Gerund,
    /// An adjective: "guilty".
    Adj,
    /// A noun naming the people who do the act ("protesters", "rioters"): where no other
    /// word of the sentence names the act, they tell it by taking part.
    Actor,
}

/// One trigger entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    /// The event type it names.
    pub kind: EventType,
    /// Its part of speech.
    pub form: Form,
    /// A second type the same words name ("died in custody": abuse and killing).
    pub also: Option<EventType>,
}

/// What a status cue does to an event near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// "not", "never".
    Negation,
    /// "denied".
    Denial,
    /// "could", "may", "faces".
    Modality,
    /// "threatened to", "warned".
    Threat,
    /// "said", "told", "according to".
    Reporting,
}

/// An organisation head ("police", "court") with its role and how to name it.
#[derive(Debug, Clone)]
pub(crate) struct OrgHead {
    /// The entity role: police, court, government, prosecutor.
    pub role: String,
    /// `{head}`, `{place}` placeholders.
    pub name_form: String,
}

/// Gender cue of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Unknown or either.
    Any,
}

/// Function-word classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum WordClass {
    /// Frequent English words (language check, sentence openers).
    Stop = 1,
    /// Articles and possessive determiners.
    Determiner = 2,
    /// Prepositions.
    Preposition = 4,
    /// Words that open a new clause.
    Clause = 8,
    /// Auxiliaries and adverbs that may sit between subject and verb.
    Aux = 16,
    /// He, him, his.
    PronounMale = 32,
    /// She, her.
    PronounFemale = 64,
    /// They, them, who, it.
    PronounOther = 128,
    /// Weekdays and months.
    Calendar = 256,
    /// Abbreviations that take a full stop without ending a sentence.
    Abbrev = 512,
    /// Words that make a capitalised name an organisation ("Ministry", "Court").
    OrgWord = 1024,
    /// Forms of "be" and "get" that make a following participle passive.
    Be = 2048,
    /// Nouns that head a site ("building", "square", "embassy").
    Site = 4096,
    /// Capitalised words that never name a person on their own: platforms ("Telegram"),
    /// legal references ("Article", "Criminal Code").
    NotName = 8192,
    /// Nouns that make the capitalised words before them a place ("Medeu district",
    /// "Rustaveli Avenue").
    PlaceNoun = 16384,
    /// Adverbs, conjunctions and interjections that open a sentence and are no part of a
    /// name after them ("But Smith", "Sometimes Aliev", "Meanwhile Bishkek").
    Opener = 32768,
    /// Acronyms of things, not of bodies ("CCTV", "IED", "HIV", "SIM"): no organisation's name
    /// and no person's.
    Thing = 65536,
    /// Words naming a fight between two sides ("clashed", "battled", "scuffles"): an act of
    /// the authorities only when they are one of the sides.
    Mutual = 131_072,
    /// Words that leave a doer's allegiance open ("unidentified", "masked", "plainclothes"):
    /// such men may act for the authorities.
    Covert = 262_144,
    /// Words naming harm anyone may do ("attacked", "injured"): abuse only when the police or
    /// troops are named as its doers.
    Violent = 524_288,
}

/// Lowercase word → set of [`WordClass`] bits.
#[derive(Debug, Default)]
pub(crate) struct WordClasses(HashMap<String, u32>);

impl WordClasses {
    /// Whether `word` (lowercase) is in any class.
    pub fn is_known(&self, word: &str) -> bool {
        self.0.contains_key(word)
    }

    /// Whether `word` (lowercase) is in `class`.
    pub fn is(&self, class: WordClass, word: &str) -> bool {
        self.0
            .get(word)
            .is_some_and(|bits| bits & class as u32 != 0)
    }
}

/// Phrases keyed by their first token; the longest match wins.
#[derive(Debug)]
pub(crate) struct PhraseMap<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for PhraseMap<T> {
    fn default() -> Self {
        Self {
            by_first: HashMap::new(),
        }
    }
}

impl<T> PhraseMap<T> {
    fn insert(&mut self, phrase: &str, value: T) {
        let words: Vec<String> = phrase_tokens(phrase);
        let Some(first) = words.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((words, value));
        list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }

    /// Whether some phrase is this one word alone ("students").
    pub fn has_word(&self, word: &str) -> bool {
        self.by_first
            .get(word)
            .is_some_and(|list| list.iter().any(|(words, _)| words.len() == 1))
    }

    /// The longest phrase starting at token `i`: its length in tokens and its value.
    pub fn longest_at(&self, tokens: &[Token], i: usize) -> Option<(usize, &T)> {
        let list = self.by_first.get(&tokens.get(i)?.lower)?;
        list.iter().find_map(|(words, value)| {
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| tokens.get(i + k).is_some_and(|t| &t.lower == w));
            fits.then_some((words.len(), value))
        })
    }
}

/// Lowercase tokens of a lexicon phrase, split the way [`crate::token::tokenize`] splits.
fn phrase_tokens(phrase: &str) -> Vec<String> {
    crate::token::tokenize(phrase)
        .into_iter()
        .map(|t| t.lower)
        .collect()
}

/// Every lexicon the extractor uses, compiled.
#[derive(Debug)]
pub struct Lexicon {
    pub(crate) triggers: PhraseMap<Trigger>,
    pub(crate) blockers: HashMap<(String, bool), HashSet<String>>,
    pub(crate) cues: PhraseMap<Cue>,
    pub(crate) orgs: PhraseMap<OrgHead>,
    pub(crate) groups: PhraseMap<Option<String>>,
    pub(crate) kinship: HashMap<String, (RelationKind, Gender)>,
    pub(crate) roles: PhraseMap<Option<String>>,
    pub(crate) titles: HashSet<String>,
    /// Titles that are no role ("Mr", "Mrs").
    pub(crate) honorifics: HashSet<String>,
    /// Surname endings ("ov", "dze"): a lone capitalised word with one may be a person.
    pub(crate) name_endings: Vec<String>,
    pub(crate) words: WordClasses,
    /// "police station", "detention center": where "taken to" means custody.
    pub(crate) stations: PhraseMap<()>,
    /// "organized", "took part in": verbs that tie a person to a protest noun.
    pub(crate) organize: PhraseMap<()>,
    /// "Free", "Justice for": slogan words that open a capitalised run before a name.
    pub(crate) slogans: PhraseMap<()>,
    /// "tomb", "monument": nouns whose "of the …" names whom a memorial honours.
    pub(crate) memorials: HashSet<String>,
    /// "tear gas", "live rounds": the means of force a sentence names.
    pub(crate) force: PhraseMap<Force>,
    /// The learned word senses of trigger candidates (`data/models/sense.tsv`).
    pub(crate) sense: crate::sense::SenseModel,
    /// Common English words (`data/en/common-words.txt`, lower case): a capitalised run made
    /// only of them is a headline or a phrase more often than a name.
    pub(crate) common: HashSet<String>,
}

/// The common English words, one a line (see `scripts/gen_common_words.py`).
const COMMON_WORDS: &str = include_str!("../../../data/en/common-words.txt");

/// The embedded word-sense model.
const SENSE_MODEL: &str = include_str!("../../../data/models/sense.tsv");

/// The embedded English data files, by name.
const EN: [(&str, &str); 13] = [
    ("triggers", include_str!("../../../data/en/triggers.tsv")),
    (
        "homographs",
        include_str!("../../../data/en/homographs.tsv"),
    ),
    ("cues", include_str!("../../../data/en/cues.tsv")),
    (
        "organizations",
        include_str!("../../../data/en/organizations.tsv"),
    ),
    ("groups", include_str!("../../../data/en/groups.tsv")),
    ("kinship", include_str!("../../../data/en/kinship.tsv")),
    ("roles", include_str!("../../../data/en/roles.tsv")),
    ("titles", include_str!("../../../data/en/titles.tsv")),
    (
        "name-endings",
        include_str!("../../../data/en/name-endings.tsv"),
    ),
    ("function", include_str!("../../../data/en/function.tsv")),
    (
        "name-slogans",
        include_str!("../../../data/en/name-slogans.tsv"),
    ),
    ("memorials", include_str!("../../../data/en/memorials.tsv")),
    ("force", include_str!("../../../data/en/force.tsv")),
];

/// A malformed line of a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadLine {
    /// The file's name.
    pub file: &'static str,
    /// The line.
    pub line: String,
}

impl Lexicon {
    /// The English lexicons embedded in the binary (works from any directory).
    pub fn english() -> Self {
        Self::build().0
    }

    /// Build from the embedded files, with the lines that did not parse.
    pub(crate) fn build() -> (Self, Vec<BadLine>) {
        let mut lexicon = Self {
            triggers: PhraseMap::default(),
            blockers: HashMap::new(),
            cues: PhraseMap::default(),
            orgs: PhraseMap::default(),
            groups: PhraseMap::default(),
            kinship: HashMap::new(),
            roles: PhraseMap::default(),
            titles: HashSet::new(),
            honorifics: HashSet::new(),
            name_endings: Vec::new(),
            words: WordClasses::default(),
            stations: PhraseMap::default(),
            organize: PhraseMap::default(),
            slogans: PhraseMap::default(),
            memorials: HashSet::new(),
            force: PhraseMap::default(),
            sense: crate::sense::SenseModel::default(),
            common: COMMON_WORDS
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect(),
        };
        let mut bad = Vec::new();
        for (file, text) in EN {
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let fields: Vec<&str> = line.split('\t').collect();
                if !lexicon.add(file, &fields) {
                    bad.push(BadLine {
                        file,
                        line: line.to_owned(),
                    });
                }
            }
        }
        match crate::sense::SenseModel::parse(SENSE_MODEL) {
            Ok(model) => lexicon.sense = model,
            Err(line) => bad.push(BadLine {
                file: "sense",
                line,
            }),
        }
        (lexicon, bad)
    }

    /// The same lexicons without the word-sense model: every candidate a rule allows is a
    /// trigger (what a sense model is trained against).
    pub fn without_sense_model(mut self) -> Self {
        self.sense = crate::sense::SenseModel::default();
        self
    }

    /// This lexicon with `model` as its word-sense model (to measure a model before it is
    /// written to `data/models/sense.tsv`).
    #[must_use]
    pub fn with_sense_model(mut self, model: crate::sense::SenseModel) -> Self {
        self.sense = model;
        self
    }

    /// Add one line's fields from `file`; false when the line does not parse.
    fn add(&mut self, file: &str, f: &[&str]) -> bool {
        match (file, f) {
            ("triggers", [phrase, kind, form]) => self.add_trigger(phrase, kind, form),
            ("homographs", [word, side, list]) => self.add_blocker(word, side, list),
            ("cues", [kind, phrase]) => self.add_cue(kind, phrase),
            ("organizations", [phrase, role, form]) => {
                let head = OrgHead {
                    role: (*role).to_owned(),
                    name_form: (*form).to_owned(),
                };
                self.orgs.insert(phrase, head);
                true
            }
            ("groups" | "roles", [phrase, role]) => {
                let role = (!role.is_empty()).then(|| (*role).to_owned());
                let map = if file == "groups" {
                    &mut self.groups
                } else {
                    &mut self.roles
                };
                map.insert(phrase, role);
                true
            }
            ("kinship", [word, relation, gender]) => self.add_kin(word, relation, gender),
            ("name-endings", [ending]) => {
                self.name_endings.push(ending.trim().to_owned());
                true
            }
            ("titles", [word]) => {
                self.titles.insert((*word).to_owned());
                true
            }
            ("titles", [word, "honorific"]) => {
                self.titles.insert((*word).to_owned());
                self.honorifics.insert((*word).to_owned());
                true
            }
            ("function", [class, list]) => self.add_words(class, list),
            ("name-slogans", [phrase]) => {
                self.slogans.insert(phrase.trim(), ());
                true
            }
            ("memorials", [word]) => {
                self.memorials.insert(word.trim().to_owned());
                true
            }
            ("force", [phrase, kind]) => Force::parse(kind)
                .map(|f| self.force.insert(phrase, f))
                .is_some(),
            _ => false,
        }
    }

    fn add_trigger(&mut self, phrase: &str, kind: &str, form: &str) -> bool {
        let form = match form {
            "verb" => Form::Verb,
            "noun" => Form::Noun,
            "gerund" => Form::Gerund,
            "adj" => Form::Adj,
            "actor" => Form::Actor,
            _ => return false,
        };
        let (kind, also) = match kind.split_once('+') {
            Some((kind, also)) => match EventType::parse(also) {
                Some(also) => (kind, Some(also)),
                None => return false,
            },
            None => (kind, None),
        };
        let Some(kind) = EventType::parse(kind) else {
            return false;
        };
        self.triggers.insert(phrase, Trigger { kind, form, also });
        true
    }

    fn add_blocker(&mut self, word: &str, side: &str, list: &str) -> bool {
        let before = match side {
            "before" => true,
            "after" => false,
            _ => return false,
        };
        let set = self.blockers.entry((word.to_owned(), before)).or_default();
        set.extend(list.split('|').map(str::to_owned));
        true
    }

    fn add_cue(&mut self, kind: &str, phrase: &str) -> bool {
        let cue = match kind {
            "negation" => Cue::Negation,
            "denial" => Cue::Denial,
            "modality" => Cue::Modality,
            "threat" => Cue::Threat,
            "reporting" => Cue::Reporting,
            _ => return false,
        };
        self.cues.insert(phrase, cue);
        true
    }

    fn add_kin(&mut self, word: &str, relation: &str, gender: &str) -> bool {
        let relation = match relation {
            "sibling" => RelationKind::Sibling,
            "child" => RelationKind::Child,
            "parent" => RelationKind::Parent,
            "spouse" => RelationKind::Spouse,
            "relative" => RelationKind::Relative,
            "lawyer_of" => RelationKind::LawyerOf,
            "leader_of" => RelationKind::LeaderOf,
            "member_of" => RelationKind::MemberOf,
            "employee_of" => RelationKind::EmployeeOf,
            _ => return false,
        };
        let gender = match gender {
            "m" => Gender::Male,
            "f" => Gender::Female,
            _ => Gender::Any,
        };
        self.kinship.insert(word.to_owned(), (relation, gender));
        true
    }

    fn add_words(&mut self, class: &str, list: &str) -> bool {
        if class == "station" || class == "organize" {
            let map = if class == "station" {
                &mut self.stations
            } else {
                &mut self.organize
            };
            for phrase in list.split('|') {
                map.insert(phrase, ());
            }
            return true;
        }
        let class = match class {
            "stop" => WordClass::Stop,
            "determiner" => WordClass::Determiner,
            "preposition" => WordClass::Preposition,
            "clause" => WordClass::Clause,
            "aux" => WordClass::Aux,
            "pronoun_m" => WordClass::PronounMale,
            "pronoun_f" => WordClass::PronounFemale,
            "pronoun_p" => WordClass::PronounOther,
            "calendar" => WordClass::Calendar,
            "abbrev" => WordClass::Abbrev,
            "orgword" => WordClass::OrgWord,
            "be" => WordClass::Be,
            "site" => WordClass::Site,
            "notname" => WordClass::NotName,
            "placenoun" => WordClass::PlaceNoun,
            "opener" => WordClass::Opener,
            "thing" => WordClass::Thing,
            "mutual" => WordClass::Mutual,
            "covert" => WordClass::Covert,
            "violent" => WordClass::Violent,
            _ => return false,
        };
        for word in list.split('|') {
            *self.words.0.entry(word.to_owned()).or_default() |= class as u32;
        }
        true
    }

    /// Whether `word` (lowercase) is a common English word.
    pub(crate) fn is_common(&self, word: &str) -> bool {
        self.common.contains(word)
    }

    /// Whether the word after (or before) trigger `word` turns it into something else.
    pub(crate) fn blocks(&self, word: &str, before: bool, neighbour: &str) -> bool {
        self.blockers
            .get(&(word.to_owned(), before))
            .is_some_and(|set| {
                set.contains(neighbour)
                    || (set.contains("\\d") && neighbour.starts_with(|c: char| c.is_ascii_digit()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn every_embedded_line_parses() {
        let (_, bad) = Lexicon::build();
        assert_eq!(bad, Vec::<BadLine>::new());
    }

    #[test]
    fn longest_trigger_wins() {
        let lexicon = Lexicon::english();
        let tokens = tokenize("they were taken into custody");
        let (len, trigger) = lexicon.triggers.longest_at(&tokens, 2).expect("a trigger");
        assert_eq!((len, trigger.kind), (3, EventType::Detention));
    }
}
