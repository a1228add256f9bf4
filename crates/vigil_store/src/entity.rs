//! Stored entities, their versions, and the cross-document view of a person
//! or organisation that the web pages list.

use serde::{Deserialize, Serialize};
use vigil_model::{Entity, EntityKind, RelationKind};

use crate::{DocumentId, EntityId, EntityKey, Provenance};

/// An entity of one document at its current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEntity {
    /// Stable id.
    pub id: EntityId,
    /// Its cross-document identity.
    pub key: EntityKey,
    /// The report it was found in.
    pub document: DocumentId,
    /// Current version number, from 1.
    pub version: u32,
    /// Who made the current version, when.
    pub provenance: Provenance,
    /// The fields; `entity.id` is local to the document.
    pub entity: Entity,
}

/// One immutable version of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityVersion {
    /// The entity.
    pub id: EntityId,
    /// Version number, from 1.
    pub version: u32,
    /// Who made it, when.
    pub provenance: Provenance,
    /// The fields at this version.
    pub entity: Entity,
}

/// Which entities to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityQuery {
    /// People, organisations, groups or places.
    pub kind: EntityKind,
    /// Only names that start with this (compared normalised).
    pub name_prefix: Option<String>,
}

/// A person, organisation, group or place across all reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySummary {
    /// Cross-document identity.
    pub key: EntityKey,
    /// A name as printed in a report.
    pub name: String,
    /// Current events that name it as a participant.
    pub events: u32,
    /// Reports that mention it.
    pub documents: u32,
}

/// Everything known about one person or organisation, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityProfile {
    /// Cross-document identity.
    pub key: EntityKey,
    /// Every name under which it was reported, most frequent first.
    pub names: Vec<String>,
    /// Roles the reports give it (activist, journalist…).
    pub roles: Vec<String>,
    /// The per-document entities it gathers.
    pub mentions: Vec<StoredEntity>,
    /// Relatives and organisations, as the reports state them.
    pub relations: Vec<RelatedEntity>,
}

/// A relation of the profiled entity to another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedEntity {
    /// What the other one is to the profiled entity.
    pub kind: RelationKind,
    /// The other entity.
    pub key: EntityKey,
    /// Its name as printed.
    pub name: String,
    /// The report that states the relation.
    pub document: DocumentId,
}
