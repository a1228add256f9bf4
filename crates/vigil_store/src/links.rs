//! Cross-report identities as stored links: a person entity of one report
//! linked to a cross-report person, an event linked to an incident.
//!
//! A link carries its provenance (the rule and score that made it, who, when)
//! and a review state. Links are never changed or deleted: a new link ends the
//! one it replaces, and both stay in the history, so a reviewer's merge can be
//! split again with both sides restored.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{DocumentId, Provenance};

/// What a link ties together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A person entity of one report ([`crate::EntityId`]) to a person across reports.
    Person,
    /// An event of one report ([`crate::EventId`]) to an incident told by several.
    Incident,
}

impl LinkKind {
    /// Both kinds.
    pub const ALL: [LinkKind; 2] = [Self::Person, Self::Incident];

    /// The name used in URLs, JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Incident => "incident",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Where a link stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkState {
    /// Made by the resolver at or above its link threshold: the subject belongs to the cluster.
    Auto,
    /// Scored between the resolver's two thresholds: for a reviewer; not a membership.
    Proposed,
    /// A reviewer said the subject belongs to the cluster.
    Confirmed,
    /// A reviewer said the subject does not belong to the cluster.
    Rejected,
}

impl LinkState {
    /// Every state.
    pub const ALL: [LinkState; 4] = [Self::Auto, Self::Proposed, Self::Confirmed, Self::Rejected];

    /// The name used in URLs, JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Proposed => "proposed",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }

    /// The state named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether a link in this state makes its subject a member of the cluster.
    pub fn is_member(self) -> bool {
        matches!(self, Self::Auto | Self::Confirmed)
    }

    /// Whether a reviewer made it (a machine never overrides it).
    pub fn is_decision(self) -> bool {
        matches!(self, Self::Confirmed | Self::Rejected)
    }
}

/// A cross-report person or incident; which one is told by its [`LinkKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClusterId(pub i64);

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stored link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LinkId(pub i64);

impl fmt::Display for LinkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The cluster a new link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkTarget {
    /// A stored cluster.
    Cluster(ClusterId),
    /// A cluster made by the batch: the links of the batch with the same
    /// kind and label point to the same new cluster.
    New(u32),
}

/// A link to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewLink {
    /// Person or incident.
    pub kind: LinkKind,
    /// The entity id (person links) or event id (incident links).
    pub subject: i64,
    /// The person or incident.
    pub target: LinkTarget,
    /// Its review state.
    pub state: LinkState,
    /// What made it: a resolver rule (`name+city`), `review:merge`…
    pub rule: String,
    /// The resolver's score, if it scored.
    pub score: Option<f64>,
    /// A reviewer's remark.
    pub note: Option<String>,
}

/// Links written together, in one transaction, with one provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkBatch {
    /// Who wrote them (`resolver@<version>` or a user name) and when.
    pub provenance: Provenance,
    /// Current links to end first, with no replacement (withdrawn proposals…).
    pub withdraw: Vec<LinkId>,
    /// The links, in order; see [`crate::Store::put_links`].
    pub links: Vec<NewLink>,
    /// Blocking keys of documents, replacing the document's earlier keys,
    /// for [`crate::Store::documents_with_keys`].
    pub keys: Vec<(DocumentId, Vec<String>)>,
}

impl LinkBatch {
    /// An empty batch by `provenance`.
    pub fn new(provenance: Provenance) -> Self {
        Self {
            provenance,
            withdraw: Vec::new(),
            links: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// What [`crate::Store::put_links`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOutcome {
    /// The id of each link of the batch, in order; `None` where the link was
    /// skipped because a reviewer's decision stands against it.
    pub links: Vec<Option<LinkId>>,
    /// The clusters made for the batch's [`LinkTarget::New`] labels, by label.
    pub created: Vec<(u32, ClusterId)>,
}

impl LinkOutcome {
    /// The cluster made for `label`.
    pub fn created(&self, label: u32) -> Option<ClusterId> {
        self.created
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, id)| *id)
    }
}

/// A stored link, current or ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredLink {
    /// Stable id.
    pub id: LinkId,
    /// Person or incident.
    pub kind: LinkKind,
    /// The entity id (person links) or event id (incident links).
    pub subject: i64,
    /// The person or incident.
    pub target: ClusterId,
    /// Its review state.
    pub state: LinkState,
    /// What made it.
    pub rule: String,
    /// The resolver's score, if it scored.
    pub score: Option<f64>,
    /// A reviewer's remark.
    pub note: Option<String>,
    /// Who made it, when.
    pub provenance: Provenance,
    /// Who ended it and when; `None` while it is current.
    pub ended: Option<Provenance>,
    /// The link that replaced it, if one did.
    pub replaced_by: Option<LinkId>,
}

impl StoredLink {
    /// Whether the link is current (not ended).
    pub fn is_current(&self) -> bool {
        self.ended.is_none()
    }
}

/// Events, incidents and reports among the events matching a filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentTotals {
    /// Matching events.
    pub events: u64,
    /// Distinct incidents among them; an event linked to none counts as one.
    pub incidents: u64,
    /// Distinct reports they come from.
    pub reports: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in LinkKind::ALL {
            assert_eq!(LinkKind::parse(kind.as_str()), Some(kind));
        }
        for state in LinkState::ALL {
            assert_eq!(LinkState::parse(state.as_str()), Some(state));
        }
        assert_eq!(LinkState::parse("maybe"), None);
        assert!(LinkState::Confirmed.is_member() && LinkState::Confirmed.is_decision());
        assert!(!LinkState::Proposed.is_member() && !LinkState::Auto.is_decision());
    }
}
