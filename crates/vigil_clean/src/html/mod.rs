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
use crate::site::{self, SiteBlocks};

/// Clean an HTML page: the article's paragraphs, separated by a blank line,
/// and what the page says about itself.
pub(crate) fn clean_html(
    html: &str,
    page: &RawPage,
    site: Option<&SiteBlocks>,
) -> Result<Document, CleanError> {
    let dom = dom::parse(&raw::drop_raw_text(html));
    let meta = meta::read(&dom, page.url.as_deref());
    let repeated = site.and_then(|s| s.of(&page_host(page, &meta)?));
    let body = or_description(select::body(&dom, meta.title.as_deref(), repeated), &meta)
        .ok_or(CleanError::NoBody)?;
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
    doc.outlet = meta.site;
    doc.dateline = dateline;
    doc.captions = body.captions;
    Ok(doc)
}

/// The page's site and the text of every block the page shows (class and
/// id cues not applied), for [`SiteBlocks::learn`].
pub(crate) fn site_blocks(html: &str, page: &RawPage) -> Option<(String, Vec<String>)> {
    let dom = dom::parse(&raw::drop_raw_text(html));
    let meta = meta::read(&dom, page.url.as_deref());
    let host = page_host(page, &meta)?;
    let layout = blocks::layout(&dom, blocks::Strictness::Lenient);
    Some((host, layout.blocks.into_iter().map(|b| b.text).collect()))
}

/// The host of the page's URL, else of its canonical URL.
fn page_host(page: &RawPage, meta: &meta::Meta) -> Option<String> {
    page.url
        .as_deref()
        .and_then(site::host)
        .or_else(|| meta.canonical.as_deref().and_then(site::host))
}

/// Below this many characters the body found is likely a stray blurb (or
/// nothing): the page's text was never in its markup, or hides in a form
/// the extractor does not read.
const SHORT_BODY_CHARS: usize = 200;

/// A description shorter than this is a tagline, not a summary of the report.
const MIN_DESCRIPTION_CHARS: usize = 80;

/// On a page whose body is missing or a short stray blurb, the page's own
/// summary (`og:description`) when it says more and is not already there.
/// Measured on `clean-dev/dragnet` (pages whose text is loaded by script):
/// F1 +0.0014, the benchmark and `clean-dev/readability` unchanged; with a
/// 300-character limit readability fell by 0.004.
fn or_description(body: Option<select::Body>, meta: &meta::Meta) -> Option<select::Body> {
    let Some(description) = meta.description.as_deref() else {
        return body;
    };
    let chars = body.as_ref().map_or(0, select::Body::chars);
    let shown = body
        .as_ref()
        .is_some_and(|b| b.paragraphs.iter().any(|p| p.contains(description)));
    if chars >= SHORT_BODY_CHARS
        || description.len() < MIN_DESCRIPTION_CHARS
        || description.len() <= chars
        || shown
    {
        return body;
    }
    let captions = body.map(|b| b.captions).unwrap_or_default();
    Some(select::Body {
        paragraphs: vec![description.to_owned()],
        captions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY: &str = "Police in Osh detained the blogger Daniyar Umarov on March 2 after he \
                           filmed officers dispersing a picket outside the city hall.";

    fn text_of(html: &str) -> Option<String> {
        let page = RawPage {
            source: "t.html".into(),
            ..RawPage::default()
        };
        clean_html(html, &page, None).ok().map(|d| d.text)
    }

    #[test]
    fn scripted_page_falls_back_to_its_description() {
        let html = format!(
            "<html><head><meta property=\"og:description\" content=\"{SUMMARY}\"></head>\
             <body><div id=app></div><p>Order a gift box now!</p></body></html>"
        );
        assert_eq!(text_of(&html).as_deref(), Some(SUMMARY));
    }

    #[test]
    fn a_real_body_keeps_its_text() {
        let para = "The court in Osh fined three students on Tuesday for a sit-in held on \
                    campus last month against a rise in fees, their lawyer said.";
        let html = format!(
            "<html><head><meta property=\"og:description\" content=\"{SUMMARY}\"></head>\
             <body><article><p>{para}</p><p>{para}</p><p>{para}</p></article></body></html>"
        );
        let text = text_of(&html).expect("a body");
        assert!(!text.contains("blogger"));
        assert!(text.starts_with("The court in Osh"));
    }
}
