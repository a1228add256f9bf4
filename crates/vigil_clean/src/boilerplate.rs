//! Page furniture in plain-text dumps, one line at a time: skip links, menus,
//! banners, newsletter, cookie and subscription prompts, share, print and
//! comment lines, related links, credits, legal and "click here" notices,
//! and an outlet's notices to its readers (blocked in a country, how to
//! read it anyway, its legal status and what readers risk).
//!
//! The patterns are data (`data/clean/text-boilerplate.tsv`); this module
//! compiles them and adds the one rule told by shape, navigation menus.

use std::sync::{LazyLock, OnceLock};

use regex::{Regex, RegexSet};

use crate::text::word_count;

const RULES: &str = include_str!("../../../data/clean/text-boilerplate.tsv");

/// Longest menu line, in words.
const MAX_MENU_WORDS: usize = 30;
/// Longest menu entry, in words.
const MAX_MENU_ENTRY_WORDS: usize = 4;

/// One line of the rule file.
struct Rule {
    kind: &'static str,
    max_words: usize,
}

/// The rules and their anchored, case-insensitive patterns. One set of all
/// the patterns tells fast whether any matches (most lines match none); only
/// then is each rule's own pattern compiled (once) and tried in order. One
/// set, not one per word limit, because compiling regexes is much of the
/// cost of cleaning a handful of pages.
struct Rules {
    rules: Vec<Rule>,
    patterns: Vec<String>,
    compiled: Vec<OnceLock<Option<Regex>>>,
    any: RegexSet,
    /// The largest word limit of any rule.
    max_words: usize,
}

static COMPILED: LazyLock<Result<Rules, String>> = LazyLock::new(|| compile(RULES));

static MENU_SEPARATORS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\s*(?:[|•·›»]|\s>\s|\s/\s)\s*").ok());

fn compile(source: &'static str) -> Result<Rules, String> {
    let mut rules = Vec::new();
    let mut patterns = Vec::new();
    for line in source
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut fields = line.splitn(3, '\t');
        let (Some(kind), Some(max), Some(pattern)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("rule line without three fields: {line}"));
        };
        let max_words = max.parse().map_err(|_| format!("bad word count: {line}"))?;
        rules.push(Rule { kind, max_words });
        // A Unicode \b sends the regex engine to its slowest path on any
        // non-ASCII line (a dash or curly quote is enough); ASCII \b does not.
        let pattern = pattern.replace(r"\b", r"(?-u:\b)");
        patterns.push(format!("(?i)^(?:{pattern})$"));
    }
    let any = RegexSet::new(&patterns).map_err(|err| err.to_string())?;
    let max_words = rules.iter().map(|r| r.max_words).max().unwrap_or(0);
    Ok(Rules {
        compiled: patterns.iter().map(|_| OnceLock::new()).collect(),
        rules,
        patterns,
        any,
        max_words,
    })
}

/// The kind of furniture `line` is (`"nav"`, `"cookie"`, `"legal"`…), if any.
/// `line` is one normalised line: trimmed, white space collapsed.
pub(crate) fn kind(line: &str) -> Option<&'static str> {
    let words = line.split_whitespace().count();
    if is_menu(line, words) {
        return Some("nav");
    }
    let rules = COMPILED.as_ref().ok()?;
    if words > rules.max_words || !rules.any.is_match(line) {
        return None;
    }
    rules
        .rules
        .iter()
        .zip(&rules.patterns)
        .zip(&rules.compiled)
        .find(|((rule, pattern), compiled)| {
            words <= rule.max_words
                && compiled
                    .get_or_init(|| Regex::new(pattern).ok())
                    .as_ref()
                    .is_some_and(|re| re.is_match(line))
        })
        .map(|((rule, _), _)| rule.kind)
}

/// `Home | World | Politics`, `News › Asia`: short entries between separators.
fn is_menu(line: &str, words: usize) -> bool {
    if words > MAX_MENU_WORDS {
        return false;
    }
    let Some(separators) = MENU_SEPARATORS.as_ref() else {
        return false;
    };
    let entries: Vec<&str> = separators
        .split(line)
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let breadcrumb = line.contains(['›', '»']) || line.contains(" > ");
    let short_pair = entries.len() == 2 && entries.iter().all(|e| word_count(e) <= 2);
    let enough = entries.len() >= 3 || (entries.len() == 2 && (breadcrumb || short_pair));
    enough
        && entries.iter().all(|e| {
            word_count(e) <= MAX_MENU_ENTRY_WORDS && !e.ends_with(['.', '!', '?', ',', ';'])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expect: Option<&str>) {
        assert_eq!(kind(line), expect, "{line}");
    }

    #[test]
    fn rule_file_compiles() {
        let rules = COMPILED.as_ref().expect("rules compile");
        assert!(rules.rules.len() > 20);
        for pattern in &rules.patterns {
            assert!(Regex::new(pattern).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn furniture_is_recognised() {
        check("Skip to main content", Some("skip"));
        check("Home | World | Politics | Business", Some("nav"));
        check("News › Asia › Kyrgyzstan", Some("nav"));
        check("Opinion | World", Some("nav"));
        check("Menu", Some("nav"));
        check("Breaking News", Some("banner"));
        check("Live Updates", Some("banner"));
        check("Advertisement", Some("advert"));
        check(
            "Subscribe to our newsletter for daily updates.",
            Some("newsletter"),
        );
        check(
            "Sign up for the Steppe Monitor newsletter and get our reporting in your inbox.",
            Some("newsletter"),
        );
        check(
            "This site uses cookies. By continuing, you agree to our privacy policy.",
            Some("cookie"),
        );
        check("Accept all cookies", Some("cookie"));
        check("Already a subscriber? Log in.", Some("subscription"));
        check(
            "Support independent journalism in Central Asia: become a member today.",
            Some("subscription"),
        );
        check("Share Facebook Twitter Telegram Email", Some("share"));
        check("Print this article", Some("share"));
        check("12 comments", Some("comment"));
        check("Leave a comment", Some("comment"));
        check("Read more: Court jails blogger in Osh", Some("related"));
        check("Photo: Aibek Mamatov / Steppe Monitor", Some("credit"));
        check(
            "Reporting by Dana Ilyasova; editing by Tom Kerr",
            Some("credit"),
        );
        check("© 2024 Steppe Monitor. All rights reserved.", Some("legal"));
        check("Click here to download our app.", Some("click_here"));
    }

    #[test]
    fn legal_notices_that_could_become_false_penalties() {
        check(
            "Warning: sharing this page may be punishable by a fine or up to 15 days in jail \
             under the law on undesirable organisations.",
            Some("legal"),
        );
        check(
            "Readers are reminded that reposting our materials in Belorin is prosecuted as \
             extremism and can lead to a prison term.",
            Some("legal"),
        );
        check(
            "This material was produced and distributed by a foreign agent media outlet.",
            Some("legal"),
        );
    }

    #[test]
    fn notices_about_the_outlet_itself() {
        for line in [
            "Our website is blocked in Karvistan. To keep reading us, use a VPN.",
            "If our site does not open, read us on Telegram.",
            "The Ministry of Justice has designated our outlet a foreign agent.",
            "Our newsroom was declared an undesirable organisation in 2023.",
            "Readers in Belorin who donate to us may face criminal charges.",
        ] {
            check(line, Some("notice"));
        }
    }

    #[test]
    fn reports_about_blocks_and_labels_are_kept() {
        for line in [
            "The regulator blocked the outlet's website in Karvistan on Monday.",
            "Activists said they use a VPN to reach blocked sites.",
            "The ministry designated three outlets foreign agents, among them Steppe Radio.",
            "Readers in Orlan were fined for sharing the posts, a rights group said.",
        ] {
            check(line, None);
        }
    }

    #[test]
    fn story_sentences_are_kept() {
        check(
            "Police detained at least 12 pensioners outside the government building.",
            None,
        );
        check(
            "Prosecutors warned that sharing the group's posts could bring a fine or jail.",
            None,
        );
        check(
            "Tokoev declined to comment for this article; his lawyer said he would appeal.",
            None,
        );
        check("Police Detain Pensioners Protesting Gas Prices", None);
        check("Home Is Where the Protest Is", None);
        check("Share of detained women grows", None);
        check(
            "Activists said the new cookie factory had polluted the river near the village.",
            None,
        );
        check(
            "He said: \"We will come back | and back | and back.\"",
            None,
        );
    }
}
