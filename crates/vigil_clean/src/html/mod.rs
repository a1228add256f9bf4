//! HTML pages: main-content extraction and metadata.
//!
//! [`clean_html`] empties scripts and styles ([`raw`]), parses the page
//! with html5ever into a compact arena DOM ([`dom`]: one `Vec` of nodes
//! linked by index, filled by our own
//! `TreeSink`, walked without recursion), reads the metadata ([`meta`]:
//! JSON-LD, Open Graph and other `<meta>` tags, `<h1>`, `<time>`, the URL),
//! cuts the page into text blocks ([`blocks`]: scripts, forms, navigation,
//! hidden and boilerplate-named elements dropped, figure captions set apart)
//! and picks the article ([`select`]: the element whose blocks weigh most,
//! long link-poor text for, link lists and fragments against; then the link
//! lists, furniture lines and headline inside it are dropped). An element
//! the page marks as the article (`itemprop="articleBody"`, a content name
//! such as `entry-content`) weighs more and is never dropped for a
//! boilerplate word. Boilerplate cues (class/id words, content and widget
//! names, furniture lines) are data in `data/clean/` ([`cues`]).
//!
//! Why our own extractor rather than a crate: the bar is F1 ≥ 0.965
//! on the article-extraction benchmark at ≥ 6× trafilatura's speed. The
//! crates measured there fall short on accuracy (`dom_smoothie` 0.19:
//! F1 0.951; the Rust `trafilatura` 0.6: 0.957 at ~195 pages/s), and
//! `markup5ever_rcdom` is a test DOM, unmaintained for production use and
//! slower to build than an index arena. Measured here (`vigil eval clean`
//! on a 2-core machine shared with other builds, so speeds are noisy): F1
//! 0.9745 (P 0.980, R 0.969) on 2026-11-26, 0.9761 (P 0.983, R 0.969) on
//! 2026-12-03, when `clean-dev/dragnet` scored 0.873 and
//! `clean-dev/readability` 0.905 (trafilatura 2.3.1: 0.901 and 0.934); the
//! commit messages of this crate give the figure after each change.
//!
//! Weak points: pages whose article is mostly short lines (tables, lists:
//! the plain-text pass trims short lines at the ends), paragraphs that are
//! mostly links (a "ten things to know" digest), hover cards of links
//! inside paragraphs, and sites that leave their comments or "more stories"
//! unlabelled.

mod blocks;
mod cues;
mod dom;
mod meta;
mod raw;
mod select;

use vigil_model::{Document, RawPage};

use crate::CleanError;

/// Clean an HTML page: the article's paragraphs, separated by a blank line,
/// and what the page says about itself.
pub(crate) fn clean_html(html: &str, page: &RawPage) -> Result<Document, CleanError> {
    let dom = dom::parse(&raw::drop_raw_text(html));
    let meta = meta::read(&dom, page.url.as_deref());
    let body = select::body(&dom, meta.title.as_deref()).ok_or(CleanError::NoBody)?;
    let dateline = body
        .paragraphs
        .first()
        .and_then(|p| crate::dateline::find(p))
        .map(str::to_owned);
    let mut doc = Document::new(page.source.clone(), body.paragraphs.join("\n\n"));
    doc.url = meta.canonical;
    doc.title = meta.title;
    doc.published = meta.published;
    doc.language = meta.language;
    doc.byline = meta.byline;
    doc.dateline = dateline;
    doc.captions = body.captions;
    Ok(doc)
}
