//! Diagnostics: what a stage noticed and could not settle.

use serde::{Deserialize, Serialize};

use crate::Range;

/// How much a reviewer should care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is likely wrong.
    Info,
    /// Something may be missing or wrong.
    Warning,
}

/// One finding, with a stable code (`CLEAN001`, `EXTRACT014`…) to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code: stage name in capitals and a number.
    pub code: String,
    /// How much it matters.
    pub severity: Severity,
    /// A sentence for a person.
    pub message: String,
    /// Where in the document text, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Range>,
}

impl Diagnostic {
    /// A diagnostic with no span.
    pub fn new(code: &str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            severity,
            message: message.into(),
            span: None,
        }
    }

    /// The same diagnostic, pointing at `span`.
    #[must_use]
    pub fn with_span(mut self, span: Range) -> Self {
        self.span = Some(span);
        self
    }
}
