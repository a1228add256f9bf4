//! Plain-text dumps of pages copied out of a browser.
//! (Skeleton: owned by the clean-text work.)

use vigil_model::{Document, RawPage};

use crate::CleanError;

/// Clean a plain-text dump.
pub(crate) fn clean_text(text: &str, page: &RawPage) -> Result<Document, CleanError> {
    Ok(Document::new(page.source.clone(), text.to_owned()))
}
