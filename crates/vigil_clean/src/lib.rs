//! The clean stage: one raw page → one [`Document`].
//!
//! [`clean`] takes a [`RawPage`] (bytes plus what is known about them) and
//! [`CleanSettings`], decodes the bytes, tells HTML from a plain-text dump,
//! and keeps the report's own text: title, publication date, byline,
//! dateline, captions, language and body paragraphs, with navigation,
//! banners, promos, newsletter and cookie lines and legal notices dropped.
//!
//! ```
//! use vigil_clean::{clean, CleanSettings};
//! use vigil_model::RawPage;
//!
//! let page = RawPage {
//!     source: "report.txt".into(),
//!     bytes: b"Police Detain Protesters\n\nPolice detained five people on Monday.".to_vec(),
//!     ..RawPage::default()
//! };
//! let doc = clean(&page, &CleanSettings::default()).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Police Detain Protesters"));
//! ```

mod boilerplate;
mod dateline;
mod decode;
mod error;
mod html;
mod language;
mod nesting;
mod printed_date;
mod promo;
mod settings;
mod site;
mod text;

pub use error::CleanError;
pub use settings::CleanSettings;
pub use site::{HEAD_BYTES, MIN_PAGES, PageBlocks, SiteBlocks};

use vigil_model::{Document, RawPage};

/// Deepest markup accepted: browsers flatten trees past a few hundred levels,
/// and an HTML tree builder slows down quadratically with depth.
pub(crate) const MAX_DEPTH: usize = 4096;

/// Clean one page. Never panics; bad input is a [`CleanError`].
pub fn clean(page: &RawPage, settings: &CleanSettings) -> Result<Document, CleanError> {
    clean_on_site(page, settings, None)
}

/// Clean one page of a crawl: blocks that `site` has seen on many pages of
/// the page's site are furniture ([`SiteBlocks`]). With `None`, as [`clean`].
pub fn clean_on_site(
    page: &RawPage,
    settings: &CleanSettings,
    site: Option<&SiteBlocks>,
) -> Result<Document, CleanError> {
    if page.bytes.len() > settings.max_bytes {
        return Err(CleanError::TooLarge {
            size: page.bytes.len(),
            limit: settings.max_bytes,
        });
    }
    let decoded = decode::decode(&page.bytes, page.content_type.as_deref())?;
    if decoded.trim().is_empty() {
        return Err(CleanError::Empty);
    }
    if settings.raw_text {
        return Ok(raw_document(page, decoded));
    }
    let mut doc = if decode::looks_like_html(&decoded, page.content_type.as_deref()) {
        if nesting::depth(&decoded, MAX_DEPTH) > MAX_DEPTH {
            return Err(CleanError::TooDeep { limit: MAX_DEPTH });
        }
        match html::clean_html(&decoded, page, site).and_then(|d| text::settle(d, page)) {
            // Everything the page shows is the site's: read it on its own.
            Err(CleanError::NoBody) if site.is_some() => {
                text::settle(html::clean_html(&decoded, page, None)?, page)?
            }
            found => found?,
        }
    } else {
        text::clean_text(&decoded, page)?
    };
    if doc.published.is_none() {
        doc.published = page.published;
    }
    if doc.url.is_none() {
        doc.url.clone_from(&page.url);
    }
    if doc.language.is_none() {
        doc.language = language::detect(&doc.text);
    }
    Ok(doc)
}

/// The input verbatim as the document text, so offsets agree with the input.
fn raw_document(page: &RawPage, text: String) -> Document {
    let mut doc = Document::new(page.source.clone(), text);
    doc.url.clone_from(&page.url);
    doc.published = page.published;
    doc
}
