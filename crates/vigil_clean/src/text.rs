//! Plain-text dumps of pages copied out of a browser.
//!
//! A dump is a run of lines: page furniture, a headline, perhaps a byline and
//! a printed date, captions (often printed twice), then the report's
//! paragraphs with promos and notices among them. The cleaner splits it into
//! one-line units, drops the furniture ([`crate::boilerplate`]), turns lines
//! printed twice into captions, and takes everything before the first prose
//! paragraph as the header (headline, byline, date). The body is then trimmed
//! until nothing more changes, so cleaning a document's own text gives that
//! text back.

use vigil_model::{Document, RawPage, document_id};

use crate::{CleanError, boilerplate, dateline, printed_date, promo};

/// A caption is short; a longer line printed twice in a row is the page's
/// own text (a repeated paragraph), and both copies stay.
const MAX_CAPTION_WORDS: usize = 40;
/// A headline is short.
const MAX_HEADLINE_WORDS: usize = 25;
/// Shorter title-like lines are more often site names and section labels.
const MIN_HEADLINE_WORDS: usize = 5;
/// A byline is short.
const MAX_BYLINE_WORDS: usize = 12;
/// A trailing line this short that is not prose is a leftover heading or link.
const MAX_TRAILING_WORDS: usize = 12;
/// A trailing list item this short that is not prose is a related link.
const MAX_TRAILING_LINK_WORDS: usize = 30;
/// Furniture of this kind is only taken for furniture at the end of a report.
const TRAILING_KIND: &str = "about";
/// Kinds of furniture that come as a box: a title line, then the blurb.
const BOX_KINDS: [&str; 2] = ["newsletter", "subscription"];
/// A box title is a short label.
const MAX_BOX_TITLE_WORDS: usize = 8;
/// Kind of furniture that labels a list of other stories.
const LIST_KIND: &str = "related";
/// A list label is short ("Most read", "Related stories").
const MAX_LABEL_WORDS: usize = 4;
/// At most this many headlines follow a list label…
const MAX_LISTED: usize = 10;
/// …each this short.
const MAX_LISTED_WORDS: usize = 16;
/// A repeated line this short says too little to be a caption ("Updated").
const MIN_REPEAT_WORDS: usize = 4;
/// How far into the body a dateline paragraph is looked for.
const DATELINE_REACH: usize = 3;

/// Clean a plain-text dump.
pub(crate) fn clean_text(text: &str, page: &RawPage) -> Result<Document, CleanError> {
    let mut captions = Vec::new();
    let units = collapse_repeats(drop_furniture(units(text)), &mut captions);
    let units = collapse_duplicates(units, &mut captions);
    let start = units
        .iter()
        .position(|u| is_prose(u))
        .ok_or(CleanError::NoBody)?;
    let (header, body) = units.split_at(start);
    let body = settle_body(body.to_vec(), &mut captions);
    let first = body.first().ok_or(CleanError::NoBody)?;
    let dateline = dateline::find(first).map(str::to_owned);
    let mut doc = Document::new(page.source.clone(), body.join("\n\n"));
    doc.dateline = dateline;
    doc.captions = captions;
    read_header(header, &mut doc);
    Ok(doc)
}

/// Pass a document found some other way (the HTML extractor) through the
/// plain-text rules, so that the body of every document is one these rules
/// leave alone: cleaning a document's own text then gives it back, whatever
/// path made it. The document's own metadata wins; captions are merged.
pub(crate) fn settle(mut doc: Document, page: &RawPage) -> Result<Document, CleanError> {
    let settled = clean_text(&doc.text, page)?;
    if settled.text != doc.text {
        doc.text = settled.text;
        doc.id = document_id(&doc.text);
    }
    for caption in settled.captions {
        if !doc.captions.contains(&caption) {
            doc.captions.push(caption);
        }
    }
    if doc.dateline.is_none() {
        doc.dateline = settled.dateline;
    }
    Ok(doc)
}

/// The lines of `text`, normalised, with hard-wrapped lines joined.
fn units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut in_block = false;
    for line in text.lines().map(normalise) {
        if line.is_empty() {
            in_block = false;
            continue;
        }
        match units.last_mut() {
            Some(last) if in_block && continues(last, &line) => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => units.push(line),
        }
        in_block = true;
    }
    units
}

/// One line with control characters and zero-width marks removed and white
/// space collapsed to single spaces.
fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(|c: char| c.is_whitespace() || crate::decode::is_junk_char(c)) {
        // A "word" of invisible marks only (a lone soft hyphen) must not leave a
        // double space behind, or re-cleaning the output would change it.
        let mut visible = word.chars().filter(|c| !is_invisible(*c)).peekable();
        if visible.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(visible);
    }
    out.trim_end().to_owned()
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Whether `next` carries on the sentence of `line` (a hard-wrapped paragraph).
fn continues(line: &str, next: &str) -> bool {
    !ends_clause(line) && next.starts_with(|c: char| c.is_lowercase())
}

fn ends_clause(line: &str) -> bool {
    line.ends_with([
        '.', '!', '?', ':', ';', '"', '”', '»', ')', '…', '\'', '。', '！', '？', '」', '』',
    ])
}

/// Drop the lines that are furniture ([`boilerplate::kind`]), with what
/// belongs to them: the title of a newsletter or subscription box just above
/// its blurb, and the headlines listed under a "Most read" or "Related
/// stories" label. Notes of the outlet on itself stay for [`drop_trailing`].
fn drop_furniture(units: Vec<String>) -> Vec<String> {
    let kinds: Vec<Option<&str>> = units.iter().map(|u| boilerplate::kind(u)).collect();
    let mut keep: Vec<bool> = kinds
        .iter()
        .map(|k| k.is_none_or(|kind| kind == TRAILING_KIND))
        .collect();
    let mut seen_prose = false;
    for (at, unit) in units.iter().enumerate() {
        let Some(kind) = kinds[at] else {
            seen_prose |= is_prose(unit);
            continue;
        };
        // The box's title: a label between the story's prose and the blurb.
        if BOX_KINDS.contains(&kind) && seen_prose && at > 0 {
            let title = &units[at - 1];
            if kinds[at - 1].is_none() && is_box_title(title) {
                keep[at - 1] = false;
            }
        }
        if kind == LIST_KIND && is_label(unit) {
            for next in at + 1..units.len().min(at + 1 + MAX_LISTED) {
                if kinds[next].is_some() || !is_listed_headline(&units[next]) {
                    break;
                }
                keep[next] = false;
            }
        }
    }
    units
        .into_iter()
        .zip(keep)
        .filter_map(|(u, k)| k.then_some(u))
        .collect()
}

/// A box title: a short label, not a sentence, not introducing what follows.
fn is_box_title(unit: &str) -> bool {
    !is_prose(unit)
        && (1..=MAX_BOX_TITLE_WORDS).contains(&word_count(unit))
        && unit.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        && !unit.ends_with(['.', ',', ';', ':', '!', '?'])
}

/// A list's label ("Most read", "Related stories:"), not a link line of its own.
fn is_label(unit: &str) -> bool {
    word_count(unit) <= MAX_LABEL_WORDS && !unit.trim_end_matches(':').contains(':')
}

/// One headline of a list of other stories: short, not a sentence.
fn is_listed_headline(unit: &str) -> bool {
    !is_prose(unit) && word_count(unit) <= MAX_LISTED_WORDS && !unit.ends_with(['.', ',', ';', ':'])
}

/// A short line printed above the story and again inside it (a caption
/// over the lead photo, then beside it) is a caption: both copies go to the
/// captions. Side-by-side copies are [`collapse_duplicates`]'s.
fn collapse_repeats(units: Vec<String>, captions: &mut Vec<String>) -> Vec<String> {
    let start = units
        .iter()
        .position(|u| is_prose(u))
        .unwrap_or(units.len());
    let (header, body) = units.split_at(start);
    let repeated: Vec<String> = header
        .iter()
        .filter(|u| {
            !is_prose(u)
                && (MIN_REPEAT_WORDS..=MAX_CAPTION_WORDS).contains(&word_count(u))
                && body.contains(u)
        })
        .cloned()
        .collect();
    if repeated.is_empty() {
        return units;
    }
    for unit in &repeated {
        if !captions.contains(unit) {
            captions.push(unit.clone());
        }
    }
    units
        .into_iter()
        .filter(|u| !repeated.contains(u))
        .collect()
}

/// Short lines printed twice in a row become captions. A stack, so that
/// nested pairs (`A B B A`) go in one pass. Longer paragraphs printed twice
/// stay as they are: measured on `clean-dev/readability`, dropping the copy
/// lost text the page really repeats and gained nothing on the other sets.
fn collapse_duplicates(units: Vec<String>, captions: &mut Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(units.len());
    for unit in units {
        if kept.last() != Some(&unit) || word_count(&unit) > MAX_CAPTION_WORDS {
            kept.push(unit);
        } else {
            kept.pop();
            if !captions.contains(&unit) {
                captions.push(unit);
            }
        }
    }
    kept
}

/// Trim the body until no rule changes it: each rule only removes units, and
/// removing one can expose another (a promo's blurb now last, two copies of
/// a caption now side by side).
fn settle_body(mut body: Vec<String>, captions: &mut Vec<String>) -> Vec<String> {
    loop {
        let before = body.len();
        body = collapse_duplicates(body, captions);
        body = promo::drop_promos(body);
        drop_trailing(&mut body);
        drop_before_dateline(&mut body);
        drop_leading_non_prose(&mut body);
        if body.len() == before {
            return body;
        }
    }
}

/// What ends a report without being part of it: short non-prose lines
/// (headings of nothing, tags, link lines) and the outlet's note on itself.
fn drop_trailing(body: &mut Vec<String>) {
    while body.last().is_some_and(|u| {
        let limit = if is_bullet(u) {
            MAX_TRAILING_LINK_WORDS
        } else {
            MAX_TRAILING_WORDS
        };
        (!is_prose(u) && word_count(u) <= limit) || boilerplate::kind(u) == Some(TRAILING_KIND)
    }) {
        body.pop();
    }
}

/// A standfirst or summary printed above the dateline paragraph goes.
fn drop_before_dateline(body: &mut Vec<String>) {
    if body.first().is_some_and(|u| dateline::find(u).is_some()) {
        return;
    }
    let reach = body.len().min(DATELINE_REACH);
    if let Some(at) = body
        .get(1..reach)
        .and_then(|near| near.iter().position(|u| dateline::find(u).is_some()))
    {
        body.drain(..=at);
    }
}

fn is_bullet(unit: &str) -> bool {
    ["- ", "• ", "* ", "– ", "— ", "· "]
        .iter()
        .any(|b| unit.starts_with(b))
}

fn drop_leading_non_prose(body: &mut Vec<String>) {
    let first_prose = body.iter().position(|u| is_prose(u)).unwrap_or(body.len());
    body.drain(..first_prose);
}

/// Headline, byline and printed date from the lines above the body.
fn read_header(header: &[String], doc: &mut Document) {
    let mut headlines = Vec::new();
    for unit in header {
        if let Some(name) = byline(unit) {
            doc.byline.get_or_insert_with(|| name.to_owned());
        } else if let Some(date) = printed_date::parse(unit) {
            doc.published.get_or_insert(date);
        } else if is_headline(unit) {
            headlines.push(unit);
        }
    }
    // The site's name and section labels are short, a standfirst comes after
    // the headline: the first title-like line of some length, else the longest.
    let title = headlines
        .iter()
        .find(|h| word_count(h) >= MIN_HEADLINE_WORDS)
        .or_else(|| headlines.iter().rev().max_by_key(|h| word_count(h)));
    doc.title = title.map(|t| (*t).clone());
}

/// A `By …` line, as printed.
fn byline(unit: &str) -> Option<&str> {
    let name = unit
        .strip_prefix("By ")
        .or_else(|| unit.strip_prefix("BY "))?
        .trim();
    let starts_with_name = name.starts_with(|c: char| c.is_uppercase());
    (starts_with_name && word_count(name) <= MAX_BYLINE_WORDS && !is_prose(name)).then_some(unit)
}

/// A short line that starts like a title and does not end like a sentence part.
fn is_headline(unit: &str) -> bool {
    let words = word_count(unit);
    (1..=MAX_HEADLINE_WORDS).contains(&words)
        && unit.starts_with(|c: char| c.is_uppercase() || c.is_numeric() || "\"“«'‘".contains(c))
        && !unit.ends_with([',', ';', ':'])
}

/// Whether a unit reads as a paragraph of the report rather than a label:
/// a sentence of five words or more, or a run of words longer than a
/// headline runs.
pub(crate) fn is_prose(unit: &str) -> bool {
    let words = word_count(unit);
    let end = unit.trim_end_matches(['"', '”', '»', '’', '\'', ')', '」', '』']);
    if words >= 20 {
        return true;
    }
    if end.ends_with(['?', '？']) {
        return words >= 12;
    }
    words >= 5 && end.ends_with(['.', '!', '…', '。', '！'])
}

/// Words of `unit`: runs between spaces, except that scripts written without
/// spaces (Chinese, Japanese, Thai…) count one word per two characters, so a
/// Japanese paragraph weighs like an English one of the same content.
pub(crate) fn word_count(unit: &str) -> usize {
    unit.split_whitespace()
        .map(|w| {
            let unspaced = w.chars().filter(|&c| is_unspaced_script(c)).count();
            unspaced.div_ceil(2).max(1)
        })
        .sum()
}

/// Whether `text` has letters of a script written without spaces.
pub(crate) fn has_unspaced_script(text: &str) -> bool {
    text.chars().any(is_unspaced_script)
}

/// Letters of scripts that do not put spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}'   // Thai, Lao
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
        | '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn lone_invisible_marks_leave_one_space() {
        assert_eq!(
            normalise("in the \u{ad}\u{8d}“žn centre"),
            "in the “žn centre"
        );
    }

    use super::*;

    fn clean(text: &str) -> Result<Document, CleanError> {
        let page = RawPage {
            source: "t.txt".into(),
            ..RawPage::default()
        };
        clean_text(text, &page)
    }

    fn check_text(input: &str, expect: &str) {
        let doc = clean(input).expect("cleans");
        assert_eq!(doc.text, expect);
    }

    #[test]
    fn headline_byline_date_and_body() {
        let doc = clean(
            "World\n\nCourt Jails Two Activists in Orlan\n\nBy Mira Sadvakas\n\n\
             March 3, 2024\n\nA court in Orlan jailed two activists on Monday.\n",
        )
        .expect("cleans");
        assert_eq!(
            doc.title.as_deref(),
            Some("Court Jails Two Activists in Orlan")
        );
        assert_eq!(doc.byline.as_deref(), Some("By Mira Sadvakas"));
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2024, 3, 3));
        assert_eq!(doc.text, "A court in Orlan jailed two activists on Monday.");
    }

    use chrono::NaiveDate;

    #[test]
    fn duplicated_caption_goes_to_captions() {
        let doc = clean(
            "Headline Here\nRiot police in the square\nRiot police in the square\n\
             Police detained nine people in the square.\n",
        )
        .expect("cleans");
        assert_eq!(doc.captions, ["Riot police in the square"]);
        assert_eq!(doc.text, "Police detained nine people in the square.");
    }

    #[test]
    fn repeated_long_paragraph_stays_twice() {
        let para = "Police in Osh detained the blogger Daniyar Umarov on March 2 after he \
                    filmed officers dispersing a small picket outside the city hall, his \
                    lawyer said, adding that the blogger had been held overnight without \
                    charge and was released on bail the next morning after a hearing.";
        let doc = clean(&format!("{para}\n\n{para}\n")).expect("cleans");
        assert_eq!(doc.text, format!("{para}\n\n{para}"));
        assert!(doc.captions.is_empty());
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        check_text(
            "Police detained nine people\nin the square on Monday.\n\nThey were released.\n",
            "Police detained nine people in the square on Monday.",
        );
    }

    #[test]
    fn trailing_headings_and_notices_go() {
        check_text(
            "Police detained nine people in the square.\n\nThe court fined them all.\n\n\
             More from Central Asia\n\nClick here to read our coverage of the trial.\n",
            "Police detained nine people in the square.\n\nThe court fined them all.",
        );
    }

    #[test]
    fn trailing_link_list_goes() {
        check_text(
            "Police detained nine people in the square.\n\nMore on this story\n\
             - Mother of jailed protester gets 15 days for a lone picket in Orlan\n\
             - Court in Velgrad fines students over a campus sit-in against tuition rise\n",
            "Police detained nine people in the square.",
        );
    }

    #[test]
    fn standfirst_above_dateline_goes() {
        check_text(
            "Nine held after rally, officials say.\n\nORLAN, Belorin — Police detained nine \
             people.\n\nAll nine were fined the next day.\n",
            "ORLAN, Belorin — Police detained nine people.\n\nAll nine were fined the next day.",
        );
    }

    #[test]
    fn no_prose_is_no_body() {
        assert_eq!(
            clean("Home\nNews Of The Day\nContact Us"),
            Err(CleanError::NoBody)
        );
    }

    #[test]
    fn unspaced_scripts_count_by_characters() {
        // Synthetic Japanese: "Police detained five people in the square yesterday."
        let sentence = "警察は昨日広場で五人を拘束した。";
        assert_eq!(word_count(sentence), 8);
        assert!(is_prose(sentence));
        assert!(!is_prose("警察"));
        assert_eq!(word_count("Police in 東京"), 3);
    }

    #[test]
    fn prose_rules() {
        assert!(is_prose("Police detained five people on Monday."));
        assert!(!is_prose("Police Detain Protesters"));
        assert!(!is_prose("Who Is Behind the Protests?"));
        assert!(is_prose(
            "\"We will not stop,\" she said after her release."
        ));
        assert!(!is_prose("Photo."));
        assert!(is_prose(
            "Hundreds of pensioners marched from the station to the ministry on Monday morning \
             and the police watched them from the side streets"
        ));
    }

    #[test]
    fn cleaning_own_text_is_stable() {
        let doc = clean(
            "Skip to main content\nBig Headline For The Story\nCaption one\nCaption one\n\
             ORLAN (Wire) - Police detained ten.\nMore pictures\nThey were fined later today.\n\
             Follow us\n",
        )
        .expect("cleans");
        let again = clean(&doc.text).expect("cleans again");
        assert_eq!(again.text, doc.text);
    }
}
