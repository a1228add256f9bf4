//! Vigil's resolve stage: across reports, the same person under spelling and
//! transliteration variants, and the same incident told by several sources.
//!
//! [`NameRules`] folds a name to a comparison key (case, diacritics, Cyrillic, the
//! Central Asian and Caucasus spelling variants of `data/resolve/`). Like `clean` and
//! `extract` it is a deterministic function of its input: no clock, no store.
//!
//! ```
//! use vigil_resolve::NameRules;
//!
//! let rules = NameRules::standard();
//! assert_eq!(
//!     rules.person("Ramil Guseynov").words,
//!     rules.person("Ramil Huseynov").words,
//! );
//! ```

mod cluster;
mod error;
mod fold;
mod incident;
mod link;
mod mention;
mod name;
mod resolver;

pub use cluster::{Clusters, Merge, Summary};
pub use error::ResolveError;
pub use fold::Folder;
pub use incident::{Conflict, EventRecord, Incident, Verdict, claim_words, cluster_incidents};
pub use link::{Link, People, candidate_pairs, link_people};
pub use mention::{LinkSettings, PersonMention};
pub use name::{NameMatch, NameRules, PersonName, Sex};
pub use resolver::{DocumentKeys, Resolution, Resolver};
