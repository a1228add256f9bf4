//! Boilerplate cues kept as data: class/id words and whole-line patterns.
//!
//! The word lists live in `data/clean/` so that adding a cue is a data change
//! plus a test; this module only compiles and matches them.

use std::sync::LazyLock;

use regex::Regex;

const NAMES: &str = include_str!("../../../../data/clean/html-boilerplate-names.txt");
const LINES: &str = include_str!("../../../../data/clean/html-boilerplate-lines.txt");
const WIDGETS: &str = include_str!("../../../../data/clean/html-widget-names.txt");
const CONTENT: &str = include_str!("../../../../data/clean/html-content-names.txt");
const COMMENT_HEADS: &str = include_str!("../../../../data/clean/comment-heads.txt");

/// One regex over a normalised class name (see [`normalise`]): any listed
/// word, bounded by `-` or the ends. `word*` takes any letters after it, a
/// `*` inside a word any letters or separators.
static NAME_RE: LazyLock<Option<Regex>> = LazyLock::new(|| word_regex(NAMES));

/// The same over the widget words.
static WIDGET_RE: LazyLock<Option<Regex>> = LazyLock::new(|| word_regex(WIDGETS));

fn word_regex(list: &str) -> Option<Regex> {
    let words: Vec<String> = data_lines(list)
        .map(|l| {
            let l = regex::escape(&l.to_ascii_lowercase()).replace("\\*", "*");
            match l.strip_suffix('*') {
                Some(stem) => format!("{}[a-z0-9]*", stem.replace('*', "[a-z0-9-]*")),
                None => l.replace('*', "[a-z0-9-]*"),
            }
        })
        .collect();
    Regex::new(&format!("(?:^|-)(?:{})(?:-|$)", words.join("|"))).ok()
}

/// One regex over a normalised class name: any listed run of words,
/// bounded by `-` or the ends.
static CONTENT_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let names: Vec<String> = data_lines(CONTENT)
        .map(|l| regex::escape(&l.to_ascii_lowercase()))
        .collect();
    Regex::new(&format!("(?:^|-)(?:{})(?:-|$)", names.join("|"))).ok()
});

/// One anchored, case-insensitive alternation of every line pattern.
static LINE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alternatives: Vec<String> = data_lines(LINES).map(|l| format!("(?:{l})")).collect();
    Regex::new(&format!("(?i)^(?:{})$", alternatives.join("|"))).ok()
});

/// One anchored, case-insensitive alternation of the comment headings.
static COMMENT_HEAD_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alternatives: Vec<String> = data_lines(COMMENT_HEADS)
        .map(|l| format!("(?:{l})"))
        .collect();
    Regex::new(&format!("(?i)^(?:{})$", alternatives.join("|"))).ok()
});

/// First words of modifier classes (`has-sidebar`, `with-comments`) that say
/// what the element holds elsewhere, not what it is.
const MODIFIERS: [&str; 6] = ["has-", "with-", "without-", "no-", "enable-", "show-"];

/// Words of classes that hold a quoted post or media embedded in the story
/// (`social-media-embed`, `twitter-tweet`): part of the report, whatever
/// other words the class has.
const EMBEDS: [&str; 3] = ["embed", "embedded", "tweet"];

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether a `class` or `id` value names a boilerplate block.
pub(crate) fn is_boilerplate_name(value: &str) -> bool {
    let Some(re) = NAME_RE.as_ref() else {
        return false;
    };
    let mut norm = String::new();
    value.split_whitespace().any(|class| {
        normalise(class, &mut norm);
        !MODIFIERS.iter().any(|m| norm.starts_with(m))
            && !norm.split('-').any(|w| EMBEDS.contains(&w))
            && re.is_match(&norm)
    })
}

/// Whether every boilerplate class in a `class` or `id` value names only a
/// small widget (`share-wrapper`, `ad-slot`), none a block of other text.
pub(crate) fn is_widget_name(value: &str) -> bool {
    let (Some(names), Some(widgets)) = (NAME_RE.as_ref(), WIDGET_RE.as_ref()) else {
        return false;
    };
    let mut norm = String::new();
    value.split_whitespace().all(|class| {
        normalise(class, &mut norm);
        names.find_iter(&norm).all(|m| widgets.is_match(m.as_str()))
    })
}

/// Whether a `class` or `id` value names the element holding the article's
/// text (`entry-content`, `articleBody`, `post-body-inner`).
pub(crate) fn is_content_name(value: &str) -> bool {
    let Some(re) = CONTENT_RE.as_ref() else {
        return false;
    };
    let mut norm = String::new();
    value.split_whitespace().any(|class| {
        normalise(class, &mut norm);
        re.is_match(&norm)
    })
}

/// `articleBody-main_x` → `article-body-main-x`: lowercase, one `-` between words.
pub(crate) fn normalise(class: &str, out: &mut String) {
    out.clear();
    let mut prev_lower = false;
    for c in class.chars() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push('-');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
}

/// Whether a `class` value marks a photo caption (`caption`, `wp-caption-text`).
pub(crate) fn is_caption_name(value: &str) -> bool {
    let mut norm = String::new();
    value.split_whitespace().any(|class| {
        normalise(class, &mut norm);
        norm.split('-')
            .any(|w| matches!(w, "caption" | "captions" | "captiontext" | "figcaption"))
    })
}

/// Whether a short line opens the reader comments ("12 Comments", "Leave a reply").
pub(crate) fn is_comment_head(text: &str) -> bool {
    COMMENT_HEAD_RE
        .as_ref()
        .is_some_and(|re| re.is_match(text.trim()))
}

/// Whether a short paragraph is page furniture ("Advertisement", "Sign up for …").
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    LINE_RE.as_ref().is_some_and(|re| re.is_match(text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_words_not_substrings() {
        assert!(is_boilerplate_name("article-comments"));
        assert!(is_boilerplate_name("main shareButtons"));
        assert!(is_boilerplate_name("sr-only"));
        assert!(is_boilerplate_name("mostRead"));
        assert!(is_boilerplate_name("more-news"));
        assert!(is_boilerplate_name("archive-view more-posts-view"));
        assert!(is_boilerplate_name("moreFromAuthor"));
        assert!(!is_boilerplate_name("more"), "'more' alone says nothing");
        assert!(is_boilerplate_name("social-links"));
        assert!(
            !is_boilerplate_name("social-media-embed"),
            "an embedded post is quoted in the story"
        );
        assert!(
            !is_boilerplate_name("header-title"),
            "'ad' inside 'header' is not an ad"
        );
        assert!(!is_boilerplate_name("article-body story"));
        assert!(!is_boilerplate_name("page has-sidebar"), "a modifier class");
        assert!(
            !is_boilerplate_name("paywall"),
            "a paywall wrapper holds the article itself"
        );
    }

    #[test]
    fn widget_names() {
        assert!(is_widget_name("share_wrapper"));
        assert!(is_widget_name("story ad-slot"));
        assert!(!is_widget_name("comments share"));
        assert!(!is_widget_name("sidebar-social"));
    }

    #[test]
    fn content_names() {
        assert!(is_content_name("entry-content clearfix"));
        assert!(is_content_name("articleBody"));
        assert!(is_content_name("post-body-inner"));
        assert!(!is_content_name("content"), "too broad alone");
        assert!(!is_content_name("post-bodyguard"));
    }

    #[test]
    fn caption_names() {
        assert!(is_caption_name("wp-caption-text"));
        assert!(is_caption_name("photoCaption"));
        assert!(!is_caption_name("article-body"));
    }

    #[test]
    fn normalise_splits_case_and_separators() {
        let mut out = String::new();
        normalise("articleBody-main__x", &mut out);
        assert_eq!(out, "article-body-main-x");
        normalise("AD2", &mut out);
        assert_eq!(out, "ad2");
    }

    #[test]
    fn furniture_lines() {
        assert!(is_boilerplate_line("Advertisement"));
        assert!(is_boilerplate_line("Sign up for our daily newsletter"));
        assert!(is_boilerplate_line("Read more: five things to know"));
        assert!(!is_boilerplate_line(
            "Related groups gathered outside the court."
        ));
        assert!(!is_boilerplate_line(
            "Police detained five people on Monday."
        ));
    }
}
