//! Page metadata: headline, publication date, byline, language, canonical URL, outlet.
//!
//! Each field has a cascade of sources, most deliberate first: the
//! publisher's JSON-LD, then Open Graph and other `<meta>` tags, then what
//! the page shows (`<h1>`, `<time>`, a byline element), then the URL.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde_json::Value;

use super::blocks::collapse;
use super::cues;
use super::dom::{Dom, NodeId, ROOT};

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) published: Option<NaiveDate>,
    pub(crate) byline: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) canonical: Option<String>,
    /// The outlet's name as the page gives it.
    pub(crate) site: Option<String>,
    /// The page's summary of itself (`og:description`, `description`).
    pub(crate) description: Option<String>,
}

/// Everything collected in one walk over the page, before choosing.
#[derive(Debug, Default)]
struct Found {
    lang: Option<String>,
    /// `<meta>` name/property/itemprop (lowercased) and content, in page order.
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    time: Option<String>,
    byline: Option<String>,
    author_element: Option<String>,
    ld: LinkedData,
}

/// The fields read from JSON-LD.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

/// Read the metadata of a page fetched from `url`.
pub(crate) fn read(dom: &Dom, url: Option<&str>) -> Meta {
    let found = collect(dom);
    let site = found.meta("og:site_name").map(str::to_owned);
    Meta {
        title: title(&found, site.as_deref()),
        site: site_name(&found),
        published: published(&found, url),
        byline: byline(&found),
        language: language(&found),
        canonical: canonical(&found, url),
        description: ["og:description", "twitter:description", "description"]
            .iter()
            .find_map(|k| found.meta(k))
            .map(collapse)
            .filter(|d| !d.is_empty()),
    }
}

impl Found {
    fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
}

fn collect(dom: &Dom) -> Found {
    let mut found = Found::default();
    for id in dom.descendants(ROOT) {
        let Some(tag) = dom.tag(id) else { continue };
        match &**tag {
            "html" => found.lang = dom.attr(id, "lang").map(str::to_owned),
            "meta" => meta_tag(dom, id, &mut found),
            "link" => link_tag(dom, id, &mut found),
            "title" => set_once(&mut found.title_tag, text(dom, id)),
            "h1" => set_once(&mut found.h1, text(dom, id)),
            "time" => time_tag(dom, id, &mut found),
            "script" if is_json_ld(dom, id) => read_json_ld(&dom.text_of(id), &mut found.ld),
            _ => {}
        }
        byline_element(dom, id, &mut found);
    }
    found
}

fn set_once(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Collapsed text of an element, if any.
fn text(dom: &Dom, id: NodeId) -> Option<String> {
    Some(collapse(&dom.text_of(id))).filter(|t| !t.is_empty())
}

fn meta_tag(dom: &Dom, id: NodeId, found: &mut Found) {
    let Some(content) = dom.attr(id, "content") else {
        return;
    };
    for key in ["property", "name", "itemprop", "http-equiv"] {
        if let Some(k) = dom.attr(id, key) {
            found
                .metas
                .push((k.trim().to_ascii_lowercase(), content.to_owned()));
        }
    }
}

fn link_tag(dom: &Dom, id: NodeId, found: &mut Found) {
    let is_canonical = dom.attr(id, "rel").is_some_and(|r| {
        r.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("canonical"))
    });
    if is_canonical {
        set_once(
            &mut found.canonical,
            dom.attr(id, "href").map(|h| h.trim().to_owned()),
        );
    }
}

fn time_tag(dom: &Dom, id: NodeId, found: &mut Found) {
    let Some(dt) = dom.attr(id, "datetime") else {
        return;
    };
    let marked = dom.attr(id, "pubdate").is_some()
        || dom
            .attr(id, "itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("datePublished"));
    if marked || found.time.is_none() {
        if marked {
            found.time = None;
        }
        set_once(&mut found.time, Some(dt.to_owned()));
    }
}

fn is_json_ld(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
}

/// Elements that name the author: a `byline` class first, then `author` cues.
fn byline_element(dom: &Dom, id: NodeId, found: &mut Found) {
    if found.byline.is_some() {
        return;
    }
    let class = dom.attr(id, "class").unwrap_or("");
    let named = |word: &str| {
        let mut norm = String::new();
        class.split_whitespace().any(|c| {
            cues::normalise(c, &mut norm);
            norm.split('-').any(|w| w == word)
        })
    };
    let short = |dom: &Dom| text(dom, id).filter(|t| (3..=120).contains(&t.chars().count()));
    let lower_has = |w: &str| {
        class
            .as_bytes()
            .windows(w.len())
            .any(|win| win.eq_ignore_ascii_case(w.as_bytes()))
    };
    if lower_has("byline") && named("byline") {
        found.byline = short(dom);
    } else if found.author_element.is_none() {
        let is_author = dom
            .attr(id, "rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("author"))
            || dom
                .attr(id, "itemprop")
                .is_some_and(|r| r.eq_ignore_ascii_case("author"))
            || (lower_has("author") && named("author"));
        if is_author {
            found.author_element = short(dom);
        }
    }
}

/// Article-like JSON-LD objects anywhere in the script (also in `@graph`).
fn read_json_ld(script: &str, ld: &mut LinkedData) {
    let Ok(value) = serde_json::from_str::<Value>(script.trim()) else {
        return;
    };
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                if is_article_type(map.get("@type")) {
                    article_fields(map, ld);
                }
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
            }
            _ => {}
        }
    }
}

fn is_article_type(t: Option<&Value>) -> bool {
    let is = |s: &str| s.ends_with("Article") || s == "BlogPosting" || s == "Report";
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str().is_some_and(is)),
        _ => false,
    }
}

fn article_fields(map: &serde_json::Map<String, Value>, ld: &mut LinkedData) {
    let string = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    set_once(&mut ld.headline, string("headline"));
    set_once(&mut ld.published, string("datePublished"));
    if ld.authors.is_empty() {
        ld.authors = author_names(map.get("author"));
    }
    if ld.publisher.is_none() {
        ld.publisher = author_names(map.get("publisher")).into_iter().next();
    }
}

fn author_names(value: Option<&Value>) -> Vec<String> {
    let name = |v: &Value| match v {
        Value::String(s) => Some(collapse(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(collapse),
        _ => None,
    };
    let names: Vec<String> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(name).collect(),
        Some(v) => name(v).into_iter().collect(),
        None => Vec::new(),
    };
    names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect()
}

fn title(found: &Found, site: Option<&str>) -> Option<String> {
    found
        .ld
        .headline
        .clone()
        .or_else(|| found.meta("og:title").map(|t| strip_site(t, site)))
        .or_else(|| found.h1.clone())
        .or_else(|| found.title_tag.as_deref().map(|t| strip_site(t, site)))
        .filter(|t| !t.is_empty())
}

/// The outlet's name: `og:site_name`, the article's JSON-LD publisher, the
/// `application-name`, else what the `<title>` adds to the page's own headline
/// (JSON-LD, `og:title` or `<h1>`, as written: `Headline | Site`) when that is a
/// name of a few words.
fn site_name(found: &Found) -> Option<String> {
    const MAX_WORDS: usize = 6;
    let named = found
        .meta("og:site_name")
        .map(collapse)
        .or_else(|| found.ld.publisher.clone())
        .or_else(|| found.meta("application-name").map(collapse))
        .filter(|s| !s.is_empty());
    if named.is_some() {
        return named;
    }
    let title = collapse(found.title_tag.as_deref()?);
    let headlines = [
        found.ld.headline.clone(),
        found.meta("og:title").map(collapse),
        found.h1.clone(),
    ];
    headlines
        .into_iter()
        .flatten()
        .filter(|h| !h.is_empty())
        .find_map(|headline| {
            let rest = title
                .strip_prefix(headline.as_str())
                .or_else(|| title.strip_suffix(headline.as_str()))?;
            let parts: Vec<&str> = split_title(rest)
                .into_iter()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [site] if rest.trim() != *site => Some((*site).to_owned()),
                _ => None,
            }
        })
        .filter(|site| site.split_whitespace().count() <= MAX_WORDS)
}

/// `Headline | Site` → `Headline`: drop the part naming the site, or keep the longest part.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = collapse(title);
    let parts: Vec<&str> = split_title(&title)
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return title;
    }
    if let Some(site) = site {
        let rest: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| !p.eq_ignore_ascii_case(site.trim()))
            .collect();
        if rest.len() == 1 {
            return rest[0].to_owned();
        }
    }
    parts
        .iter()
        .max_by_key(|p| p.chars().count())
        .map_or(title.clone(), |p| (*p).to_owned())
}

/// Title parts between the separators sites put before or after their name.
fn split_title(title: &str) -> Vec<&str> {
    const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];
    let mut parts = vec![title];
    for sep in SEPARATORS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

const DATE_METAS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
];

fn published(found: &Found, url: Option<&str>) -> Option<NaiveDate> {
    let from_metas = || {
        DATE_METAS
            .iter()
            .find_map(|k| found.meta(k).and_then(parse_date))
    };
    found
        .ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(from_metas)
        .or_else(|| found.time.as_deref().and_then(parse_date))
        .or_else(|| url.and_then(url_date))
}

static ISO_DATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)").ok());
static URL_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
        .ok()
});

/// The first `YYYY-MM-DD` (or with `/` or `.`) date in `text`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    date_from(ISO_DATE.as_ref()?, text)
}

/// A date written into the URL's path: `/2024/03/15/`, `-20240315-`.
fn url_date(url: &str) -> Option<NaiveDate> {
    date_from(URL_DATE.as_ref()?, url)
}

fn date_from(re: &Regex, text: &str) -> Option<NaiveDate> {
    re.captures_iter(text).find_map(|c| {
        let num = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
        NaiveDate::from_ymd_opt(i32::try_from(num(1)?).ok()?, num(2)?, num(3)?)
    })
}

fn byline(found: &Found) -> Option<String> {
    found
        .byline
        .clone()
        .or_else(|| found.author_element.clone())
        .or_else(|| (!found.ld.authors.is_empty()).then(|| found.ld.authors.join(", ")))
        .or_else(|| {
            found
                .meta("author")
                .filter(|a| !a.starts_with("http"))
                .map(collapse)
        })
}

fn language(found: &Found) -> Option<String> {
    let locale = found.meta("og:locale").map(str::to_owned);
    [
        found.lang.clone(),
        found.meta("content-language").map(str::to_owned),
        locale,
    ]
    .into_iter()
    .flatten()
    .find_map(|l| primary_language(&l))
}

/// `en-US`, `en_GB`, `EN` → `en`; anything not a two-letter code → `None`.
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_', ',', ';']).next()?.trim();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

fn canonical(found: &Found, url: Option<&str>) -> Option<String> {
    [found.canonical.as_deref(), found.meta("og:url")]
        .into_iter()
        .flatten()
        .find_map(|href| absolute(href, url))
}

/// `href` as an absolute http(s) URL, resolved against `base` when it is root-relative.
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_owned());
    }
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    let host = rest.split('/').next()?;
    href.starts_with('/')
        .then(|| format!("{scheme}://{host}{href}"))
}

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    fn meta(html: &str, url: Option<&str>) -> Meta {
        read(&parse(html), url)
    }

    #[test]
    fn json_ld_comes_first() {
        let html = r#"<html lang="en-GB"><head>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Daily Example"},
              {"@type":"NewsArticle","headline":"Marchers Held in Capital",
               "datePublished":"2024-03-15T09:30:00+06:00",
               "author":[{"@type":"Person","name":"A. Writer"},{"name":"B. Reporter"}]}]}
            </script>
            <meta property="og:title" content="Other title | Daily Example">
            <title>Tag title - Daily Example</title></head>
            <body><h1>Visible headline</h1></body></html>"#;
        let m = meta(html, None);
        assert_eq!(m.title.as_deref(), Some("Marchers Held in Capital"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2024, 3, 15));
        assert_eq!(m.byline.as_deref(), Some("A. Writer, B. Reporter"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn open_graph_then_h1_then_title_tag() {
        let og = r#"<meta property="og:site_name" content="Daily Example">
                    <meta property="og:title" content="Strike Ends | Daily Example">"#;
        assert_eq!(meta(og, None).title.as_deref(), Some("Strike Ends"));
        let h1 = "<title>T</title><h1> Strike\n Ends </h1>";
        assert_eq!(meta(h1, None).title.as_deref(), Some("Strike Ends"));
        let tag = "<title>Strike Ends After Three Weeks - Example</title>";
        assert_eq!(
            meta(tag, None).title.as_deref(),
            Some("Strike Ends After Three Weeks")
        );
    }

    #[test]
    fn the_outlet_from_site_name_publisher_or_title() {
        let og = r#"<meta property="og:site_name" content=" The Steppe  Courier ">"#;
        assert_eq!(meta(og, None).site.as_deref(), Some("The Steppe Courier"));
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle",
            "headline":"Picket in Osh","publisher":{"@type":"Organization","name":"Oxus Wire"}}
            </script>"#;
        assert_eq!(meta(ld, None).site.as_deref(), Some("Oxus Wire"));
        let tagged = r#"<meta property="og:title" content="Police detain 17 in Yerevan">
            <title>Police detain 17 in Yerevan | The Caucasus Ledger</title>"#;
        assert_eq!(
            meta(tagged, None).site.as_deref(),
            Some("The Caucasus Ledger")
        );
        // Two halves of a headline, or a long tail, are not an outlet.
        let split = r#"<meta property="og:title" content="Court rules - appeal next">
            <title>Court rules - appeal next</title>"#;
        assert_eq!(meta(split, None).site, None);
        let long = r#"<h1>Strike ends</h1>
            <title>Strike ends | Police say the workers went home after nine long days</title>"#;
        assert_eq!(meta(long, None).site, None);
    }

    #[test]
    fn dates_from_meta_time_and_url() {
        let m = r#"<meta property="article:published_time" content="2023-11-02T10:00:00Z">"#;
        assert_eq!(
            meta(m, None).published,
            NaiveDate::from_ymd_opt(2023, 11, 2)
        );
        let t = r#"<p><time datetime="2022-01-05">5 Jan</time></p>"#;
        assert_eq!(meta(t, None).published, NaiveDate::from_ymd_opt(2022, 1, 5));
        let u = Some("https://news.example/world/2021/07/09/story-title");
        assert_eq!(
            meta("<p>x</p>", u).published,
            NaiveDate::from_ymd_opt(2021, 7, 9)
        );
        assert_eq!(
            meta("<p>x</p>", Some("https://x.example/2021/13/40/a")).published,
            None
        );
    }

    #[test]
    fn byline_element_as_printed() {
        let html =
            r#"<meta name="author" content="Meta Name"><p class="article-byline">By  Jane Roe</p>"#;
        assert_eq!(meta(html, None).byline.as_deref(), Some("By Jane Roe"));
        let only_meta = r#"<meta name="author" content="Meta Name">"#;
        assert_eq!(meta(only_meta, None).byline.as_deref(), Some("Meta Name"));
    }

    #[test]
    fn language_is_two_letters_or_nothing() {
        assert_eq!(primary_language("pt_BR").as_deref(), Some("pt"));
        assert_eq!(primary_language("EN"), Some("en".to_owned()));
        assert_eq!(primary_language("fil"), None);
        assert_eq!(meta("<p>no lang</p>", None).language, None);
        let og = r#"<meta property="og:locale" content="ru_RU">"#;
        assert_eq!(meta(og, None).language.as_deref(), Some("ru"));
    }

    #[test]
    fn canonical_is_absolute() {
        let html = r#"<link rel="canonical" href="/news/1"><meta property="og:url" content="https://b.example/x">"#;
        let m = meta(html, Some("https://a.example/amp/news/1"));
        assert_eq!(m.canonical.as_deref(), Some("https://a.example/news/1"));
        let m = meta(html, None);
        assert_eq!(m.canonical.as_deref(), Some("https://b.example/x"));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let dom =
            parse(r#"<script type="application/ld+json">{"headline": </script><h1>Kept</h1>"#);
        assert_eq!(read(&dom, None).title.as_deref(), Some("Kept"));
    }
}
