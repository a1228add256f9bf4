//! Identifiers of stored records, as users see them in URLs and on the command line.

use std::fmt;

use serde::{Deserialize, Serialize};
use vigil_model::EntityKind;

/// A stored document version: the model's content id (`sha256:` + 16 hex digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

impl DocumentId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DocumentId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

/// A stored event; stable across its versions and reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub i64);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stored entity of one document; stable across its versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub i64);

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The cross-document identity of a person, organisation, group or place:
/// its kind and its normalised name (`person:marat tokoev`).
///
/// Until `vigil_resolve` links spelling variants, two mentions are the same
/// entity exactly when their names normalise alike: case, punctuation and
/// runs of spaces are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityKey(String);

impl EntityKey {
    /// The key of an entity of `kind` named `name`.
    pub fn new(kind: EntityKind, name: &str) -> Self {
        Self(format!("{}:{}", kind_name(kind), normalize_name(name)))
    }

    /// A key read back from its text form; `None` if the kind is unknown.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, name) = text.split_once(':')?;
        let kind = parse_kind(kind)?;
        Some(Self::new(kind, name))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind part of the key.
    pub fn kind(&self) -> Option<EntityKind> {
        self.0
            .split_once(':')
            .and_then(|(kind, _)| parse_kind(kind))
    }
}

impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name used for `kind` in keys and in the database.
pub fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Group => "group",
        EntityKind::Location => "location",
    }
}

/// The kind named `name`, if any.
pub fn parse_kind(name: &str) -> Option<EntityKind> {
    [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Group,
        EntityKind::Location,
    ]
    .into_iter()
    .find(|k| kind_name(*k) == name)
}

/// Lower case, letters and digits only, single spaces between words.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation() {
        let a = EntityKey::new(EntityKind::Person, "Marat  Tokoev");
        let b = EntityKey::new(EntityKind::Person, "marat tokoev,");
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "person:marat tokoev");
        assert_eq!(EntityKey::parse("person:Marat Tokoev"), Some(a));
        assert_eq!(EntityKey::parse("planet:Mars"), None);
    }

    #[test]
    fn kinds_round_trip() {
        for kind in [EntityKind::Organization, EntityKind::Group] {
            assert_eq!(parse_kind(kind_name(kind)), Some(kind));
        }
        let key = EntityKey::new(EntityKind::Location, "Bishkek");
        assert_eq!(key.kind(), Some(EntityKind::Location));
    }
}
