//! HTML pages: main-content extraction and metadata.
//! (Skeleton: owned by the clean-html work.)

use vigil_model::{Document, RawPage};

use crate::CleanError;

/// Clean an HTML page.
pub(crate) fn clean_html(html: &str, page: &RawPage) -> Result<Document, CleanError> {
    Ok(Document::new(page.source.clone(), html.to_owned()))
}
