//! Bytes → text: charset from BOM, HTTP header, `<meta charset>`, else detection.
//! (Skeleton: owned by the clean-text work.)

use crate::CleanError;

/// Decode `bytes` to a string.
pub(crate) fn decode(bytes: &[u8], _content_type: Option<&str>) -> Result<String, CleanError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| CleanError::Binary)
}

/// Whether decoded text is HTML rather than a plain-text dump.
pub(crate) fn looks_like_html(text: &str, content_type: Option<&str>) -> bool {
    content_type.is_some_and(|c| c.contains("html")) || text.trim_start().starts_with('<')
}
