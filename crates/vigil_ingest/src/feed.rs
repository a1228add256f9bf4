//! RSS and Atom feeds (and JSON Feed, which feed-rs also reads) → the links of their items,
//! each with the item's title and date.

use chrono::NaiveDate;

use crate::IngestError;

/// One item of a feed, to be fetched as a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedLink {
    /// The absolute `http(s)` URL of the item.
    pub(crate) url: String,
    /// The item's title.
    pub(crate) title: Option<String>,
    /// The item's publication date (or, failing that, its update date).
    pub(crate) published: Option<NaiveDate>,
}

/// A parsed feed: its title and its items in feed order, each a link or a reason why not.
#[derive(Debug)]
pub(crate) struct ParsedFeed {
    pub(crate) title: Option<String>,
    pub(crate) links: Vec<Result<FeedLink, IngestError>>,
}

/// Parses `bytes` as a feed named `label` (its URL or path); relative item links are resolved
/// against `base` when there is one.
pub(crate) fn parse(
    bytes: &[u8],
    label: &str,
    base: Option<&str>,
) -> Result<ParsedFeed, IngestError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| IngestError::Feed {
        url: label.to_owned(),
        reason: one_line(&e.to_string()),
    })?;
    let base = base.and_then(|b| reqwest::Url::parse(b).ok());
    let links = feed
        .entries
        .iter()
        .enumerate()
        .map(|(n, entry)| item_link(entry, n + 1, label, base.as_ref()))
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| t.content),
        links,
    })
}

fn item_link(
    entry: &feed_rs::model::Entry,
    number: usize,
    label: &str,
    base: Option<&reqwest::Url>,
) -> Result<FeedLink, IngestError> {
    let title = entry.title.as_ref().map(|t| one_line(&t.content));
    let bad = |reason: String| IngestError::Feed {
        url: label.to_owned(),
        reason: format!(
            "item {number} ({}): {reason}",
            title.as_deref().unwrap_or("untitled")
        ),
    };
    let href = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.trim())
        .ok_or_else(|| bad("no link".to_owned()))?;
    let url = match base {
        Some(base) => base.join(href),
        None => reqwest::Url::parse(href),
    }
    .map_err(|e| bad(format!("link `{href}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!("link `{href}` is not an http(s) URL")));
    }
    Ok(FeedLink {
        url: url.to_string(),
        title: title.clone(),
        published: entry.published.or(entry.updated).map(|d| d.date_naive()),
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test Wire</title>
<item><title>First</title><link>/a.html</link><pubDate>Tue, 15 Oct 2024 09:05:00 GMT</pubDate></item>
<item><title>No link</title><description>only words</description></item>
<item><title>Mail</title><link>mailto:desk@wire.example</link></item>
</channel></rss>"#;

    #[test]
    fn items_become_links_or_reasons() {
        let feed = parse(
            RSS.as_bytes(),
            "http://wire.example/rss",
            Some("http://wire.example/rss"),
        );
        let feed = feed.expect("a valid feed");
        assert_eq!(feed.title.as_deref(), Some("Test Wire"));
        let first = feed.links[0].as_ref().expect("first item has a link");
        assert_eq!(first.url, "http://wire.example/a.html");
        assert_eq!(first.title.as_deref(), Some("First"));
        assert_eq!(first.published, NaiveDate::from_ymd_opt(2024, 10, 15));
        let errors: Vec<String> = feed.links[1..]
            .iter()
            .map(|l| {
                l.as_ref()
                    .err()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            errors,
            [
                "http://wire.example/rss: bad feed: item 2 (No link): no link",
                "http://wire.example/rss: bad feed: item 3 (Mail): link `mailto:desk@wire.example` is not an http(s) URL",
            ]
        );
    }

    #[test]
    fn invalid_xml_is_one_feed_error() {
        let err = parse(b"<rss><channel><item>", "feed.xml", None).err();
        let line = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(line.starts_with("feed.xml: bad feed: "), "{line}");
        assert!(!line.contains('\n'), "{line}");
    }

    proptest! {
        #[test]
        fn damaged_feeds_give_links_or_one_line_errors(
            cut in 0..RSS.len(),
            flip in 0..RSS.len(),
            byte in any::<u8>(),
        ) {
            let mut bytes = RSS.as_bytes().to_vec();
            bytes[flip] = byte;
            bytes.truncate(cut);
            match parse(&bytes, "f", Some("http://wire.example/")) {
                Ok(feed) => {
                    for link in feed.links {
                        match link {
                            Ok(link) => prop_assert!(link.url.starts_with("http")),
                            Err(e) => prop_assert!(!e.to_string().contains('\n')),
                        }
                    }
                }
                Err(e) => prop_assert!(!e.to_string().contains('\n')),
            }
        }
    }
}
