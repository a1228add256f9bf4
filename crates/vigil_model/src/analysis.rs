//! The top-level object of the output contract.

use serde::{Deserialize, Serialize};

use crate::{Diagnostic, Document, Entity, Event};

/// The schema tag every analysis carries; bump it with any change of shape.
pub const SCHEMA_VERSION: &str = "vigil.analysis/1";

/// Everything Vigil says about one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`SCHEMA_VERSION`] for output of this version.
    pub schema: String,
    /// The cleaned report.
    pub document: Document,
    /// People, organisations, groups and locations, ids local to the document.
    pub entities: Vec<Entity>,
    /// Events found in the report.
    pub events: Vec<Event>,
    /// What the stages noticed and could not settle.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// An analysis of `document` with no entities, events or diagnostics yet.
    pub fn new(document: Document) -> Self {
        Self {
            schema: SCHEMA_VERSION.to_owned(),
            document,
            entities: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}
