//! Blocks a site repeats on many of its pages: the blog's "about" blurb,
//! the author box, the footer's disclaimer, the comment guidelines.
//!
//! On one page such a block can look like the article (a paragraph of
//! link-poor prose next to a two-line post); across several pages of the
//! same site it shows itself by coming back word for word. [`SiteBlocks`]
//! is filled with the pages of a crawl ([`SiteBlocks::learn`]), then handed
//! to [`crate::clean_on_site`]: a block of HTML text seen on at least
//! [`MIN_PAGES`] pages of the page's site counts against the element that
//! holds it and is never kept. Sites are told by host: the page's URL, else
//! its canonical URL. Only hashes are kept, so memory grows with the number
//! of distinct blocks, not with their text.
//!
//! Reading a page's blocks costs about half of cleaning it, and most sites
//! of a crawl may give one page only. So a crawl is read in two passes: the
//! first ([`SiteBlocks::count`]) only finds each page's host with a scan of
//! its markup; the second ([`SiteBlocks::learn`]) parses only the pages of
//! hosts counted on [`MIN_PAGES`] pages or more.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use vigil_model::RawPage;

use crate::{CleanSettings, decode, html};

/// A block on this many pages of one site is the site's, not a page's. Two
/// is too few: the same report is often crawled under two URLs.
pub const MIN_PAGES: u32 = 3;

/// Blocks shorter than this are left to the other rules ("Share", "Home").
const MIN_BLOCK_CHARS: usize = 20;

/// How far into a page its canonical link is looked for.
pub const HEAD_BYTES: usize = 65_536;

/// A `<link>` or `<meta>` tag naming the page's canonical URL.
static CANONICAL_TAG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)<(?:link[^>]*\brel=["']?canonical\b|meta[^>]*\bproperty=["']?og:url\b)[^>]*>"#,
    )
    .ok()
});

/// The URL inside such a tag.
static TAG_URL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:href|content)=["']?(https?://[^"'\s>]+)"#).ok());

/// What a crawl has shown of its sites' repeated blocks.
#[derive(Debug, Default, Clone)]
pub struct SiteBlocks {
    /// Host → block hash → on how many pages of the host the block was seen.
    sites: HashMap<String, HashMap<u64, u32>>,
    /// Host → pages counted by [`SiteBlocks::count`].
    pages: HashMap<String, u32>,
}

impl SiteBlocks {
    /// Nothing seen yet: cleaning with it is cleaning each page on its own.
    pub fn new() -> Self {
        Self::default()
    }

    /// First pass: count the page toward its host, found cheaply (the
    /// page's URL, else a canonical link near the top of its markup).
    /// Returns the host found, to be asked of [`SiteBlocks::is_shared`]
    /// before the page is read again. Only the first [`HEAD_BYTES`] of a
    /// page without a URL are looked at.
    pub fn count(&mut self, page: &RawPage) -> Option<String> {
        let host = host_hint(page)?;
        *self.pages.entry(host.clone()).or_insert(0) += 1;
        Some(host)
    }

    /// Whether [`SiteBlocks::count`] saw [`MIN_PAGES`] pages or more of `host`,
    /// so that its pages are worth [`SiteBlocks::learn`].
    pub fn is_shared(&self, host: &str) -> bool {
        self.pages.get(host).is_some_and(|&n| n >= MIN_PAGES)
    }

    /// Second pass: read one page's blocks, unless [`SiteBlocks::count`]
    /// found its host and fewer than [`MIN_PAGES`] pages of it (a page whose
    /// host the scan missed is parsed: its markup may still name one).
    /// Pages too large, empty, not HTML, or of no known host are passed
    /// over; bad input never panics. As [`SiteBlocks::read`] then
    /// [`SiteBlocks::add`].
    pub fn learn(&mut self, page: &RawPage, settings: &CleanSettings) {
        if let Some(blocks) = self.read(page, settings) {
            self.add(blocks);
        }
    }

    /// The reading half of [`SiteBlocks::learn`], which changes nothing, so
    /// that the pages of a batch can be read on several threads and their
    /// blocks added afterwards.
    pub fn read(&self, page: &RawPage, settings: &CleanSettings) -> Option<PageBlocks> {
        if page.bytes.len() > settings.max_bytes || settings.raw_text {
            return None;
        }
        if host_hint(page).is_some_and(|h| !self.is_shared(&h)) {
            return None;
        }
        let text = decode::decode(&page.bytes, page.content_type.as_deref()).ok()?;
        if !decode::looks_like_html(&text, page.content_type.as_deref())
            || crate::nesting::depth(&text, crate::MAX_DEPTH) > crate::MAX_DEPTH
        {
            return None;
        }
        let (host, blocks) = html::site_blocks(&text, page)?;
        let hashes = blocks
            .iter()
            .filter(|b| b.chars().filter(|c| !c.is_whitespace()).count() >= MIN_BLOCK_CHARS)
            .map(|b| hash(b))
            .collect();
        Some(PageBlocks { host, hashes })
    }

    /// Count one page's blocks (from [`SiteBlocks::read`]) toward its site.
    pub fn add(&mut self, blocks: PageBlocks) {
        let counts = self.sites.entry(blocks.host).or_default();
        for h in blocks.hashes {
            *counts.entry(h).or_insert(0) += 1;
        }
    }

    /// The repeated blocks of `host`, if any were seen.
    pub(crate) fn of(&self, host: &str) -> Option<Repeated<'_>> {
        self.sites.get(host).map(|counts| Repeated { counts })
    }

    /// How many sites have been seen.
    pub fn sites(&self) -> usize {
        self.sites.len()
    }
}

/// One page's site and the blocks it shows, as hashes.
#[derive(Debug, Clone)]
pub struct PageBlocks {
    host: String,
    hashes: HashSet<u64>,
}

/// One site's block counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Repeated<'a> {
    counts: &'a HashMap<u64, u32>,
}

impl Repeated<'_> {
    /// Whether block text `text` is on [`MIN_PAGES`] or more pages of the site.
    pub(crate) fn contains(&self, text: &str) -> bool {
        self.counts
            .get(&hash(text))
            .is_some_and(|&n| n >= MIN_PAGES)
    }
}

/// The host of an absolute http(s) URL, lower-cased, without `www.` or a port.
pub(crate) fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}

/// The page's host from its URL, else from the first canonical link in
/// the head of its markup (as bytes: no decoding, no parsing).
fn host_hint(page: &RawPage) -> Option<String> {
    if let Some(host) = page.url.as_deref().and_then(host) {
        return Some(host);
    }
    let head = &page.bytes[..page.bytes.len().min(HEAD_BYTES)];
    let head = String::from_utf8_lossy(head);
    let tag = CANONICAL_TAG.as_ref()?.find(&head)?;
    let url = TAG_URL.as_ref()?.captures(tag.as_str())?.get(1)?;
    host(url.as_str())
}

/// FNV-1a of the text: stable across runs and platforms.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean, clean_on_site};

    const BLURB: &str = "Welcome to the Osh Diary, a blog about life in the Fergana valley, \
                         written since 2009 by a teacher who moved here from Bishkek and \
                         stayed for the bazaars, the mountains and the people he met along the way.";

    /// A short post beside the blog's long "about" blurb, as blogs print it on every page.
    fn page(n: u32, post: &str) -> RawPage {
        let html = format!(
            "<html><head><link rel=canonical href=\"https://www.osh-diary.example/{n}\"></head>\
             <body><div class=post><h2>Day {n}</h2><p>{post}</p></div>\
             <div class=box><p>{BLURB}</p></div></body></html>"
        );
        RawPage {
            source: format!("{n}.html"),
            content_type: Some("text/html".into()),
            bytes: html.into_bytes(),
            ..RawPage::default()
        }
    }

    #[test]
    fn a_blurb_on_every_page_of_a_site_is_furniture() {
        let settings = CleanSettings::default();
        let post = "Police detained the blogger Daniyar Umarov in Osh on March 2.";
        let target = page(4, post);
        // On its own the page's longest prose is the blurb.
        let alone = clean(&target, &settings).expect("a body");
        assert!(alone.text.contains("Fergana valley"), "{}", alone.text);

        let mut site = SiteBlocks::new();
        let others: Vec<RawPage> = (1..=3)
            .map(|n| {
                page(
                    n,
                    &format!("A picket of {n} students stood outside the court in Osh today."),
                )
            })
            .collect();
        for p in others.iter().chain([&target]) {
            assert_eq!(site.count(p).as_deref(), Some("osh-diary.example"));
        }
        assert!(site.is_shared("osh-diary.example"));
        assert_eq!(site.sites(), 0);
        for n in 1..=4 {
            let other = format!("A picket of {n} students stood outside the court in Osh today.");
            site.learn(
                &if n == 4 {
                    page(4, post)
                } else {
                    page(n, &other)
                },
                &settings,
            );
        }
        assert_eq!(site.sites(), 1);
        let doc = clean_on_site(&target, &settings, Some(&site)).expect("a body");
        assert_eq!(doc.text, post);
    }

    #[test]
    fn a_block_on_two_pages_is_not_yet_furniture() {
        let settings = CleanSettings::default();
        let mut site = SiteBlocks::new();
        for n in 1..=MIN_PAGES + 1 {
            site.count(&page(n, "Short."));
        }
        // The host has pages enough, but the blurb was read on two of them only.
        for n in 1..MIN_PAGES {
            site.learn(
                &page(n, "A picket stood outside the court in Osh today."),
                &settings,
            );
        }
        let doc = clean_on_site(&page(1, "Short."), &settings, Some(&site)).expect("a body");
        assert!(doc.text.contains("Fergana valley"));
    }

    #[test]
    fn junk_teaches_nothing() {
        let settings = CleanSettings::default();
        let mut site = SiteBlocks::new();
        for bytes in [&b""[..], b"\xff\xfe\x00<", b"plain text, no markup"] {
            site.learn(
                &RawPage {
                    bytes: bytes.to_vec(),
                    url: Some("https://osh.example/a".into()),
                    ..RawPage::default()
                },
                &settings,
            );
        }
        assert_eq!(site.sites(), 0);
    }

    #[test]
    fn hosts_are_found_in_the_markup() {
        let p = |html: &str| RawPage {
            bytes: html.as_bytes().to_vec(),
            ..RawPage::default()
        };
        let link = p("<head><link href='https://www.osh.example/a' rel=canonical></head>");
        assert_eq!(host_hint(&link).as_deref(), Some("osh.example"));
        let og = p(r#"<meta property="og:url" content="http://blog.osh.example/b">"#);
        assert_eq!(host_hint(&og).as_deref(), Some("blog.osh.example"));
        assert_eq!(
            host_hint(&p("<link rel=stylesheet href=https://cdn.example/s.css>")),
            None
        );
    }

    #[test]
    fn hosts_of_one_page_are_not_read() {
        let settings = CleanSettings::default();
        let mut site = SiteBlocks::new();
        let one = page(1, "A picket stood outside the court in Osh today.");
        assert!(site.count(&one).is_some());
        site.learn(&one, &settings);
        assert_eq!(site.sites(), 0);
    }

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(
            host("https://www.Osh-News.example:8080/a/b?c").as_deref(),
            Some("osh-news.example")
        );
        assert_eq!(
            host("http://user@blog.example").as_deref(),
            Some("blog.example")
        );
        assert_eq!(host("no scheme"), None);
        assert_eq!(host("https:///path"), None);
    }
}
