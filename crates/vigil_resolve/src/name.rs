//! A person's name as a comparison key: folded letters, transliteration variants by the rules
//! of `data/resolve/name-variants.tsv`, patronymics dropped, order ignored, initials kept apart.

use crate::{Folder, ResolveError};

const FILE: &str = "data/resolve/name-variants.tsv";

/// Where a rewrite rule applies in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Any,
    Start,
    End,
    /// Before a consonant or at the end of the word.
    Coda,
}

/// What a name's ending says about who bears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// -ova, -kyzy, -ovna…
    Female,
    /// -ov, -uly, -ovich…
    Male,
}

#[derive(Debug, Clone)]
struct Rule {
    place: Place,
    from: String,
    to: String,
    sex: Option<Sex>,
}

/// The rules that fold a name to its key: a letter folder and the variant rules.
#[derive(Debug, Clone)]
pub struct NameRules {
    folder: Folder,
    rules: Vec<Rule>,
}

/// A person's name ready to compare: full words as keys (sorted, so order does not matter),
/// initials, and the sex its endings tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    /// Keys of the words of two letters or more, sorted and without repeats.
    pub words: Vec<String>,
    /// First letters of the initials ("D." → 'd'), in the order written.
    pub initials: Vec<char>,
    /// Told by an ending, if any.
    pub sex: Option<Sex>,
}

/// How well two names agree, before context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameMatch {
    /// Cannot be one person's names.
    Different,
    /// One word only in common ("Umarov" and "Daniyar Umarov").
    Surname,
    /// A word in common and the other's initials fit ("D. Umarov" and "Daniyar Umarov").
    Initials,
    /// The words of one are all in the other ("Daniyar Umarov" and "Daniyar Bakytovich Umarov").
    Subset,
    /// The same words.
    Full,
}

impl NameRules {
    /// The bundled letter table and variant rules.
    pub fn standard() -> Self {
        Self::parse(
            Folder::standard(),
            include_str!("../../../data/resolve/name-variants.tsv"),
        )
        .expect("invariant: the bundled variant rules parse (tested)")
    }

    /// Rules in the format of `data/resolve/name-variants.tsv`.
    pub fn parse(folder: Folder, text: &str) -> Result<Self, ResolveError> {
        let mut rules = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| ResolveError::Rules {
                file: FILE,
                line: n + 1,
                reason: reason.to_owned(),
            };
            let cols: Vec<&str> = line.split('\t').collect();
            let [place, from, to, sex, ..] = cols[..] else {
                return Err(bad("want: where, from, to, sex, why"));
            };
            let place = match place {
                "any" => Place::Any,
                "start" => Place::Start,
                "end" => Place::End,
                "coda" => Place::Coda,
                _ => return Err(bad("where must be any, start, end or coda")),
            };
            let sex = match sex {
                "f" => Some(Sex::Female),
                "m" => Some(Sex::Male),
                "-" => None,
                _ => return Err(bad("sex must be f, m or -")),
            };
            if from.is_empty() || !from.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(bad("from must be lower-case ASCII letters"));
            }
            rules.push(Rule {
                place,
                from: from.to_owned(),
                to: to.to_owned(),
                sex,
            });
        }
        Ok(Self { folder, rules })
    }

    /// The key of one word: its ending and letters rewritten, doubled letters single, and a
    /// glide i between vowels dropped (Tokayev/Tokaev).
    pub fn word_key(&self, folded_word: &str) -> (String, Option<Sex>) {
        let mut w = folded_word.to_owned();
        let mut sex = None;
        for rule in &self.rules {
            match (rule.place, rule.sex) {
                (Place::End, Some(s)) => {
                    if sex.is_none() && w.len() > rule.from.len() + 2 && w.ends_with(&rule.from) {
                        w.truncate(w.len() - rule.from.len());
                        w.push_str(&rule.to);
                        sex = Some(s);
                    }
                }
                (Place::End, None) => {
                    if w.len() > rule.from.len() + 1 && w.ends_with(&rule.from) {
                        w.truncate(w.len() - rule.from.len());
                        w.push_str(&rule.to);
                    }
                }
                (Place::Start, _) => {
                    if let Some(rest) = w.strip_prefix(rule.from.as_str()) {
                        w = format!("{}{rest}", rule.to);
                    }
                }
                (Place::Any, _) => w = w.replace(&rule.from, &rule.to),
                (Place::Coda, _) => w = replace_in_coda(&w, &rule.from, &rule.to),
            }
        }
        (simplify(&w), sex)
    }

    /// The comparison key of an organisation's name: folded, variant rules on each word, the
    /// function words "the", "of", "and", "for", "on" dropped ("the Committee of National
    /// Security" and "Committee National Security" meet).
    pub fn organisation(&self, name: &str) -> String {
        let folded = self.folder.fold(name);
        let words: Vec<String> = folded
            .split_whitespace()
            .filter(|w| !matches!(*w, "the" | "of" | "and" | "for" | "on"))
            .map(|w| {
                if w.len() <= 2 {
                    w.to_owned()
                } else {
                    self.word_key(w).0
                }
            })
            .collect();
        words.join(" ")
    }

    /// The comparison form of a person's name. Honorifics are not stripped here: the extract
    /// stage gives bare names. A middle word with a patronymic ending in a name of three words
    /// or more is dropped, since reports give it or leave it out at will.
    pub fn person(&self, name: &str) -> PersonName {
        let folded = self.folder.fold(name);
        let raw: Vec<&str> = folded.split_whitespace().collect();
        let mut words = Vec::new();
        let mut initials = Vec::new();
        let mut sex = None;
        for (i, w) in raw.iter().enumerate() {
            if w.len() == 1 {
                // Through the word rules, so "G." fits Huseynov as "Guseynov" does.
                initials.extend(self.word_key(w).0.chars().next());
                continue;
            }
            let middle = raw.len() >= 3 && i > 0 && i + 1 < raw.len();
            if middle && is_patronymic(w) {
                continue;
            }
            let (key, s) = self.word_key(w);
            sex = sex.or(s);
            words.push(key);
        }
        words.sort();
        words.dedup();
        PersonName {
            words,
            initials,
            sex,
        }
    }
}

/// `w` with each `from` that a consonant or the word's end follows made `to`.
fn replace_in_coda(w: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut rest = w;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let coda = after
            .chars()
            .next()
            .is_none_or(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'));
        out.push_str(&rest[..at]);
        out.push_str(if coda { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

fn is_patronymic(w: &str) -> bool {
    ["ovich", "evich", "ovna", "evna", "ichna"]
        .iter()
        .any(|s| w.ends_with(s) && w.len() > s.len() + 1)
}

/// Doubled letters single; an i between two vowels dropped.
fn simplify(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    for &c in &chars {
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    let vowel = |c: &char| matches!(c, 'a' | 'e' | 'o' | 'u');
    let mut kept = String::with_capacity(out.len());
    for (i, c) in out.iter().enumerate() {
        let glide =
            *c == 'i' && i > 0 && i + 1 < out.len() && vowel(&out[i - 1]) && vowel(&out[i + 1]);
        if !glide {
            kept.push(*c);
        }
    }
    kept
}

impl PersonName {
    /// Whether the name has no word at all (only initials or nothing).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How well `self` and `other` agree as names of one person.
    pub fn compare(&self, other: &PersonName) -> NameMatch {
        if let (Some(a), Some(b)) = (self.sex, other.sex)
            && a != b
        {
            return NameMatch::Different;
        }
        let shared = self
            .words
            .iter()
            .filter(|w| other.words.contains(w))
            .count();
        if shared == 0 {
            return NameMatch::Different;
        }
        let (small, big) = if self.words.len() <= other.words.len() {
            (self, other)
        } else {
            (other, self)
        };
        if shared == big.words.len() {
            return if small.initials_fit(big) {
                NameMatch::Full
            } else {
                NameMatch::Different
            };
        }
        if shared < small.words.len() {
            return NameMatch::Different;
        }
        // Every word of the smaller is in the bigger; the bigger's other words must fit the
        // smaller's initials, if it has any.
        let rest: Vec<&String> = big
            .words
            .iter()
            .filter(|w| !small.words.contains(w))
            .collect();
        if !small.initials.is_empty() {
            let fits = small
                .initials
                .iter()
                .all(|c| rest.iter().any(|w| initial_of(w) == Some(*c)));
            return if fits {
                NameMatch::Initials
            } else {
                NameMatch::Different
            };
        }
        if small.words.len() >= 2 {
            NameMatch::Subset
        } else {
            NameMatch::Surname
        }
    }

    fn initials_fit(&self, other: &PersonName) -> bool {
        self.initials.is_empty() || other.initials.is_empty() || self.initials == other.initials
    }
}

/// The first letter of a word key; initials went through the same rules.
fn initial_of(key: &str) -> Option<char> {
    key.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Vec<String> {
        NameRules::standard().person(name).words
    }

    fn same(a: &str, b: &str) {
        assert_eq!(key(a), key(b), "{a} / {b}");
    }

    fn compare(a: &str, b: &str) -> NameMatch {
        let r = NameRules::standard();
        r.person(a).compare(&r.person(b))
    }

    #[test]
    fn the_bundled_rules_parse() {
        let _ = NameRules::standard();
        assert!(NameRules::parse(Folder::standard(), "end\tov\n").is_err());
        assert!(NameRules::parse(Folder::standard(), "middle\ta\tb\t-\twhy\n").is_err());
    }

    #[test]
    fn transliteration_variants_meet() {
        same("Ramil Guseynov", "Ramil Huseynov");
        same("Ramil Guseinov", "Ramil Hüseynov");
        same("Yerlan Zhaksylykov", "Erlan Jaksylykov");
        same("Kasym Tokayev", "Qasym Tokaev");
        same("Nurlan Tokayuly", "Nurlan Tokayev");
        same("Aigul Zhaksylykkyzy", "Aigul Zhaksylykova");
        same("Timur Dzhumabekov", "Timur Jumabekov");
        same("Timur Djumabekov", "Timur Jumabekov");
        same("Rustam Khasanov", "Rustam Xasanov");
        same("Daniyar Umarov", "Daniar Oumarov");
        same("Bakyt Ghafurov", "Bakyt Gafurov");
        same("Азамат Алиев", "Azamat Aliyev");
        same("Sergey Aliev", "Sergei Aliyev");
        same("Farid Mammadov", "Farid Mamedov");
        same("Ramil Gusejnov", "Ramil Guseynov");
        same("Ajdar Nurov", "Aydar Nurov");
        assert_ne!(key("Rajab Nurov"), key("Rayab Nurov"));
        same("Rajab Nurov", "Radzhab Nurov");
    }

    #[test]
    fn order_and_patronymic_do_not_matter() {
        same("Umarov Daniyar", "Daniyar Umarov");
        same("Daniyar Bakytovich Umarov", "Daniyar Umarov");
    }

    #[test]
    fn different_names_stay_different() {
        assert_ne!(key("Daniyar Umarov"), key("Bakyt Umarov"));
        assert_ne!(key("Azamat Aliyev"), key("Azamat Alimov"));
        assert_eq!(
            compare("Daniyar Umarov", "Bakyt Umarov"),
            NameMatch::Different
        );
        assert_eq!(compare("Dinara Umarova", "D. Umarov"), NameMatch::Different);
    }

    #[test]
    fn organisation_keys() {
        let r = NameRules::standard();
        assert_eq!(
            r.organisation("the Committee of National Security"),
            r.organisation("Committee National Security")
        );
        assert_eq!(
            r.organisation("Zhetisu Bar Association"),
            r.organisation("Jetisu Bar Association")
        );
        assert_ne!(r.organisation("GKNB"), r.organisation("KNB"));
    }

    #[test]
    fn initials_and_short_forms() {
        assert_eq!(compare("D. Umarov", "Daniyar Umarov"), NameMatch::Initials);
        assert_eq!(compare("B. Umarov", "Daniyar Umarov"), NameMatch::Different);
        assert_eq!(
            compare("G. Aliyev", "Gulnara Aliyeva"),
            NameMatch::Different
        );
        assert_eq!(
            compare("G. Aliyeva", "Gulnara Aliyeva"),
            NameMatch::Initials
        );
        assert_eq!(compare("Umarov", "Daniyar Umarov"), NameMatch::Surname);
        assert_eq!(
            compare("Daniyar Umarov", "Daniyar Umarov Bakytuly"),
            NameMatch::Subset
        );
        assert_eq!(compare("Daniyar Umarov", "Daniar Umarov"), NameMatch::Full);
    }
}
