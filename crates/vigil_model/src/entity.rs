//! People, organisations, groups and places named in a report.

use serde::{Deserialize, Serialize};

use crate::{Mention, Span};

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A named organisation ("Interior Ministry", "Bishkek police", "court in Osh", a
    /// movement's name).
    Organization,
    /// An unnamed collective ("pensioners", "several women"), or a body named only by its
    /// common noun, with no name or place of its own ("police", "the court", "prosecutors").
    Group,
    /// A place.
    Location,
}

/// An entity of one document; `id` is local to it (`n1`, `n2`…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Local id.
    pub id: String,
    /// Person, organisation, group or location.
    pub kind: EntityKind,
    /// The fullest form in the report.
    pub name: String,
    /// Other names the report gives it: an acronym in parentheses after an organisation's name
    /// ("the National Security Committee (GKNB)" → GKNB).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// police, court, government, activist, journalist, lawyer, relative…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Age in years, where the report gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude of a place found in the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude of a place found in the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Every span that refers to the entity, as `[start, end]`.
    pub mentions: Vec<Mention>,
    /// Relations the report states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}

impl Entity {
    /// An entity with no optional facts and no mentions.
    pub fn new(id: impl Into<String>, kind: EntityKind, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: Vec::new(),
            role: None,
            age: None,
            country: None,
            lat: None,
            lon: None,
            mentions: Vec::new(),
            relations: Vec::new(),
        }
    }
}

/// The kinds of relation between entities the contract knows. Kin kinds say what the
/// target is to the holder ("parent": the target is the holder's parent); role kinds
/// (`member_of`, `leader_of`, `lawyer_of`, `employee_of`) say what the holder is to the
/// target ("leader_of": the holder leads the target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Husband, wife.
    Spouse,
    /// Mother, father (the target is the parent).
    Parent,
    /// Son, daughter (the target is the child).
    Child,
    /// Brother, sister.
    Sibling,
    /// Any other kin.
    Relative,
    /// Member of an organisation.
    MemberOf,
    /// Leader of an organisation.
    LeaderOf,
    /// Lawyer of a person.
    LawyerOf,
    /// Works for an organisation (a journalist of an outlet, a spokesman of a ministry).
    EmployeeOf,
}

/// A relation from the entity that holds it to `target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// What the target is to the holder.
    #[serde(rename = "type")]
    pub kind: RelationKind,
    /// Local id of the other entity.
    pub target: String,
    /// The words that state it.
    pub evidence: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_optional_and_round_trip() {
        let mut e = Entity::new(
            "n1",
            EntityKind::Organization,
            "National Security Committee",
        );
        let bare = serde_json::to_string(&e).expect("serialises");
        assert!(!bare.contains("aliases"), "{bare}");
        e.aliases.push("GKNB".to_owned());
        let json = serde_json::to_string(&e).expect("serialises");
        assert!(json.contains(r#""aliases":["GKNB"]"#), "{json}");
        let back: Entity = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, e);
        let old: Entity = serde_json::from_str(&bare).expect("parses without aliases");
        assert!(old.aliases.is_empty());
    }
}
