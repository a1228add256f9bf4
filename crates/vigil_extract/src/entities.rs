//! The document's entity table while it is being built: people, organisations, groups and
//! places with byte-offset mentions, merged by name (and by short form for people), then
//! turned into the contract's [`vigil_model::Entity`] with code-point offsets.

use vigil_model::{CharIndex, Entity, EntityKind, Relation, RelationKind, Span};

use crate::lexicon::Gender;

/// One entity under construction.
#[derive(Debug, Clone)]
pub(crate) struct Ent {
    pub kind: EntityKind,
    pub name: String,
    /// Other names: an organisation's acronym given in parentheses.
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub age: Option<u32>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// A location that is a whole country ("Georgia"), not a city or region in it.
    pub is_country: bool,
    pub gender: Gender,
    /// Byte ranges.
    pub mentions: Vec<(usize, usize)>,
    /// Relation, index of the target, byte range of the evidence.
    pub relations: Vec<(RelationKind, usize, (usize, usize))>,
    /// Role words the report describes a person by ("teacher", "blogger"), lower case.
    pub described_as: Vec<String>,
    /// An organisation named only by its common noun ("police", "the court", "prosecutors"):
    /// no name of its own, so the contract gets it as a group.
    pub generic: bool,
}

/// All entities of one document.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    pub items: Vec<Ent>,
}

impl Entities {
    /// The entity called `name` of `kind`, created if new; `span` is added as a mention.
    pub fn add(&mut self, kind: EntityKind, name: &str, span: (usize, usize)) -> usize {
        let idx = self.find(kind, name).unwrap_or_else(|| {
            self.items.push(Ent {
                kind,
                name: name.to_owned(),
                aliases: Vec::new(),
                role: None,
                age: None,
                country: None,
                lat: None,
                lon: None,
                is_country: false,
                gender: Gender::Any,
                mentions: Vec::new(),
                relations: Vec::new(),
                described_as: Vec::new(),
                generic: false,
            });
            self.items.len() - 1
        });
        self.mention(idx, span);
        idx
    }

    /// Add a mention to entity `idx` (each span once).
    pub fn mention(&mut self, idx: usize, span: (usize, usize)) {
        if let Some(ent) = self.items.get_mut(idx) {
            if !ent.mentions.contains(&span) {
                ent.mentions.push(span);
            }
            if ent.kind == EntityKind::Person && ent.name.len() < span.1.saturating_sub(span.0) {
                // keep the fullest form as the name; callers pass the name text for people
            }
        }
    }

    /// An existing entity of `kind` with this name, or (people) whose name contains it as a
    /// whole word ("Tokoev" → "Marat Tokoev"), or whose name it extends.
    pub fn find(&self, kind: EntityKind, name: &str) -> Option<usize> {
        let key = name.to_lowercase();
        if let Some(i) = self.items.iter().position(|e| {
            e.kind == kind
                && (e.name.to_lowercase() == key
                    || e.aliases.iter().any(|a| a.to_lowercase() == key))
        }) {
            return Some(i);
        }
        if kind != EntityKind::Person {
            return None;
        }
        self.items.iter().position(|e| {
            e.kind == kind && e.name.to_lowercase().split(' ').any(|part| part == key)
        })
    }

    /// Record `alias` as another name of entity `idx` (once, and not its own name).
    pub fn alias(&mut self, idx: usize, alias: &str) {
        if let Some(ent) = self.items.get_mut(idx)
            && !ent.name.eq_ignore_ascii_case(alias)
            && !ent.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
        {
            ent.aliases.push(alias.to_owned());
        }
    }

    /// The latest person before byte `before` whose gender fits (for pronouns).
    pub fn latest_person(&self, gender: Gender, before: usize) -> Option<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .filter(|(_, e)| gender == Gender::Any || e.gender == gender || e.gender == Gender::Any)
            .filter_map(|(i, e)| {
                let last = e
                    .mentions
                    .iter()
                    .map(|m| m.0)
                    .filter(|&s| s < before)
                    .max()?;
                Some((last, i))
            })
            .max()
            .map(|(_, i)| i)
    }

    /// The entity a pronoun at byte `before` stands for: the one mentioned last in
    /// `from..before` that fits it (a person of a compatible gender for "he"/"she"; a group
    /// or organisation for "they"/"them").
    pub fn antecedent(
        &self,
        gender: Gender,
        plural: bool,
        from: usize,
        before: usize,
    ) -> Option<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, e)| match e.kind {
                EntityKind::Person => {
                    !plural
                        && (gender == Gender::Any || e.gender == gender || e.gender == Gender::Any)
                }
                EntityKind::Group | EntityKind::Organization => plural,
                _ => false,
            })
            .filter_map(|(i, e)| {
                let last = e
                    .mentions
                    .iter()
                    .filter(|m| m.0 >= from && m.1 <= before && m.1 > m.0)
                    .map(|m| m.0)
                    .max()?;
                Some((last, i))
            })
            .max()
            .map(|(_, i)| i)
    }

    /// Into the contract's entities, with ids `n1`… and code-point offsets.
    pub fn finish(&self, text: &str, index: &CharIndex) -> Vec<Entity> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let kind = if e.generic && e.kind == EntityKind::Organization {
                    EntityKind::Group
                } else {
                    e.kind
                };
                let mut out = Entity::new(id(i), kind, e.name.clone());
                out.role.clone_from(&e.role);
                out.aliases.clone_from(&e.aliases);
                out.age = e.age;
                out.country.clone_from(&e.country);
                out.lat = e.lat;
                out.lon = e.lon;
                out.mentions = e
                    .mentions
                    .iter()
                    .map(|&(s, t)| (index.char_offset(s), index.char_offset(t)))
                    .collect();
                out.relations = e
                    .relations
                    .iter()
                    .map(|&(kind, target, (s, t))| Relation {
                        kind,
                        target: id(target),
                        evidence: Span {
                            start: index.char_offset(s),
                            end: index.char_offset(t),
                            text: text.get(s..t).unwrap_or_default().to_owned(),
                        },
                    })
                    .collect();
                out
            })
            .collect()
    }
}

/// The local id of entity number `i`.
pub(crate) fn id(i: usize) -> String {
    format!("n{}", i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_join_the_full_name() {
        let mut ents = Entities::default();
        let full = ents.add(EntityKind::Person, "Marat Tokoev", (0, 12));
        let short = ents.add(EntityKind::Person, "Tokoev", (20, 26));
        assert_eq!(full, short);
        assert_eq!(ents.items[0].mentions, [(0, 12), (20, 26)]);
    }
}
