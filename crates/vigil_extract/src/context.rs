//! What every rule reads while one document is analysed: its text, tokens, sentences, the
//! lexicons and the entity table being built.

use vigil_model::{Document, EntityKind};

use crate::entities::Entities;
use crate::geo::PlaceHit;
use crate::lexicon::{Gender, Lexicon, WordClass};
use crate::sentence::{self, Sentence};
use crate::token::{Token, tokenize};

/// The state of one analysis.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    pub lex: &'a Lexicon,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Entities,
}

impl<'a> Ctx<'a> {
    /// Tokenise and split `text` (the document's body or one caption).
    pub fn new(doc: &'a Document, text: &'a str, lex: &'a Lexicon) -> Self {
        let mut tokens = tokenize(text);
        let sentences = sentence::split(&tokens, lex);
        if !text.chars().any(char::is_uppercase) {
            mark_lower_case_names(&mut tokens, lex);
        }
        Self {
            text,
            doc,
            lex,
            tokens,
            sentences,
            entities: Entities::default(),
        }
    }

    /// Byte range of tokens `first..last`.
    pub fn span(&self, first: usize, last: usize) -> (usize, usize) {
        let start = self.tokens.get(first).map_or(self.text.len(), |t| t.start);
        let end = last
            .checked_sub(1)
            .and_then(|l| self.tokens.get(l))
            .map_or(start, |t| t.end);
        (start, end.max(start))
    }

    /// Text of tokens `first..last`.
    pub fn slice(&self, first: usize, last: usize) -> &'a str {
        let (s, e) = self.span(first, last);
        self.text.get(s..e).unwrap_or_default()
    }

    /// The token that starts at byte `byte`, or contains it.
    pub fn token_at(&self, byte: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end <= byte);
        (i < self.tokens.len()).then_some(i)
    }

    /// Whether token `i` is a function word (article, preposition, pronoun, auxiliary…).
    pub fn is_function(&self, i: usize) -> bool {
        let w = &self.lex.words;
        let lower = &self.tokens[i].lower;
        [
            WordClass::Stop,
            WordClass::Determiner,
            WordClass::Preposition,
            WordClass::Clause,
            WordClass::Aux,
            WordClass::Be,
        ]
        .into_iter()
        .any(|c| w.is(c, lower))
    }

    /// Whether token `i` opens sentence `s` (or follows an opening quote or dash).
    pub fn is_sentence_opener(&self, i: usize, s: Sentence) -> bool {
        i == s.first
            || self.tokens[s.first..i]
                .iter()
                .all(|t| t.kind == crate::token::TokenKind::Punct)
    }

    /// Where the sentence before the one holding byte `byte` starts (or that sentence's own
    /// start, for the first): how far back a pronoun looks for what it stands for.
    pub fn previous_sentence_start(&self, byte: usize) -> usize {
        let k = self.sentences.partition_point(|s| s.end <= byte);
        self.sentences
            .get(k.saturating_sub(1))
            .map_or(0, |s| s.start)
    }

    /// Whether token `i` is the word `word` (lowercase).
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.tokens.get(i).is_some_and(|t| t.lower == word)
    }

    /// A person entity for `name`, with a gender guess from the first name.
    pub fn person_entity(&mut self, name: &str, span: (usize, usize)) -> usize {
        let idx = self.entities.add(EntityKind::Person, name, span);
        let ent = &mut self.entities.items[idx];
        if name.len() > ent.name.len() && name.contains(ent.name.as_str()) {
            ent.name = name.to_owned();
        }
        if ent.gender == Gender::Any {
            ent.gender = gender_of_name(&ent.name);
        }
        idx
    }

    /// An organisation entity; generic heads with no place of their own ("officers") join
    /// the document's earlier organisation of the same role, and one that joins none is
    /// marked generic (it has no name of its own).
    pub fn org_entity(
        &mut self,
        name: &str,
        role: &str,
        placed: bool,
        span: (usize, usize),
    ) -> usize {
        if !placed {
            let same_role = self.entities.items.iter().position(|e| {
                e.kind == EntityKind::Organization && e.role.as_deref() == Some(role)
            });
            if let Some(idx) = same_role {
                self.entities.mention(idx, span);
                return idx;
            }
        }
        let fresh = self.entities.find(EntityKind::Organization, name).is_none();
        let idx = self.entities.add(EntityKind::Organization, name, span);
        let ent = &mut self.entities.items[idx];
        ent.role.get_or_insert_with(|| role.to_owned());
        if fresh {
            // The data's fixed names ("Interior Ministry") are capitalised; a bare head is not.
            ent.generic = !placed && !name.chars().any(char::is_uppercase);
        }
        idx
    }

    /// A location entity for a gazetteer hit.
    pub fn location_entity(&mut self, hit: &PlaceHit, span: (usize, usize)) -> usize {
        let idx = self.entities.add(EntityKind::Location, &hit.name, span);
        let ent = &mut self.entities.items[idx];
        ent.country.clone_from(&hit.country);
        ent.lat = hit.lat;
        ent.lon = hit.lon;
        ent.is_country = hit.is_country;
        idx
    }
}

/// A cheap gender cue: many first names in the region's languages (and beyond) that end in
/// "-a" are women's; the surname suffixes "-ova", "-eva", "-ina", "-aya" are women's.
fn gender_of_name(name: &str) -> Gender {
    let parts: Vec<&str> = name.split(' ').collect();
    let last = parts.last().copied().unwrap_or_default().to_lowercase();
    let first = parts.first().copied().unwrap_or_default().to_lowercase();
    let feminine_surname = ["ova", "eva", "ina", "aya", "yeva", "kaya"]
        .iter()
        .any(|s| last.ends_with(s));
    // The masculine forms of the same surnames ("Safin", "Kurbanov", "Zhunusov").
    let masculine_surname = ["ov", "ev", "yev", "in", "yn", "sky", "skiy", "iy"]
        .iter()
        .any(|s| last.ends_with(s));
    if feminine_surname || (parts.len() > 1 && first.ends_with('a')) {
        Gender::Female
    } else if masculine_surname && parts.len() > 1 {
        Gender::Male
    } else {
        Gender::Any
    }
}

/// A report written all in lower case ("police detained daniyar umarov in osh") gives no
/// capitals to go by: a word that is no common English word and no word of the lexicons is
/// taken as capitalised, so that names and places are found as in a normally written report.
fn mark_lower_case_names(tokens: &mut [Token], lex: &Lexicon) {
    for k in 0..tokens.len() {
        let t = &tokens[k];
        if t.kind != crate::token::TokenKind::Word || t.lower.chars().count() < 3 {
            continue;
        }
        let lower = t.lower.as_str();
        let known = lex.is_common(lower)
            || lex.words.is_known(lower)
            || lex.titles.contains(lower)
            || lex.kinship.contains_key(lower)
            || lex.triggers.longest_at(tokens, k).is_some()
            || lex.groups.longest_at(tokens, k).is_some()
            || lex.roles.longest_at(tokens, k).is_some()
            || lex.orgs.longest_at(tokens, k).is_some();
        if !known {
            tokens[k].capital = true;
        }
    }
}
