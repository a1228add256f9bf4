//! Series and promo boxes inside a report: a short heading line followed by a
//! one-paragraph blurb about something else ("Voices of the Steppe" / "Our
//! reporters travelled…"). Told apart from a subheading of the story by the
//! words: a subheading and its paragraph share words with the rest of the
//! report, a promo does not.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::{has_unspaced_script, is_prose, word_count};

const STOPWORDS: &str = include_str!("../../../data/clean/stopwords-en.txt");

/// A promo heading is a short label.
const MAX_HEADING_WORDS: usize = 12;
/// A blurb is one short paragraph.
const MAX_BLURB_WORDS: usize = 80;
/// Fewer content words than this and the comparison says nothing.
const MIN_WORDS: usize = 4;
/// Share of a box's content words found elsewhere in the report below which
/// the box is about something else.
const MAX_SHARED: f64 = 0.2;
/// Words are compared by their first letters, so that "detained" meets "detain".
const STEM_CHARS: usize = 5;
/// Shorter words carry too little to compare.
const MIN_WORD_CHARS: usize = 4;

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    STOPWORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// `body` without its promo boxes (heading and blurb both go).
pub(crate) fn drop_promos(body: Vec<String>) -> Vec<String> {
    let counts = stem_counts(body.iter().map(String::as_str));
    let mut drop = vec![false; body.len()];
    for at in 1..body.len().saturating_sub(1) {
        let (Some(heading), Some(blurb)) = (body.get(at), body.get(at + 1)) else {
            continue;
        };
        let already = drop.get(at - 1).copied().unwrap_or(false);
        if !already && is_box(heading, blurb) && unrelated(heading, blurb, &counts) {
            drop[at] = true;
            drop[at + 1] = true;
        }
    }
    body.into_iter()
        .zip(drop)
        .filter_map(|(unit, gone)| (!gone).then_some(unit))
        .collect()
}

/// A heading ending in a colon introduces its paragraph (a quotation, a
/// list) and is no box title, nor is a short line ending in a full stop (a
/// sentence of the story: "As in, something tiny."); and boxes written without spaces between words
/// are not judged, since their words cannot be compared.
fn is_box(heading: &str, blurb: &str) -> bool {
    !is_prose(heading)
        && (1..=MAX_HEADING_WORDS).contains(&word_count(heading))
        && heading.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        && !heading.ends_with([',', ';', ':', '.'])
        && is_prose(blurb)
        && !has_unspaced_script(heading)
        && !has_unspaced_script(blurb)
        && word_count(blurb) <= MAX_BLURB_WORDS
}

/// Whether the heading and blurb share almost no words with the rest of the report.
fn unrelated(heading: &str, blurb: &str, counts: &HashMap<String, usize>) -> bool {
    let own = stem_counts([heading, blurb]);
    if own.len() < MIN_WORDS {
        return false;
    }
    let shared = own
        .iter()
        .filter(|(stem, n)| counts.get(*stem).copied().unwrap_or(0) > **n)
        .count();
    share(shared, own.len()) < MAX_SHARED
}

#[expect(
    clippy::cast_precision_loss,
    reason = "word counts of one report; a share needs no exactness"
)]
fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// How often each content-word stem occurs in `units`.
fn stem_counts<'a>(units: impl IntoIterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for unit in units {
        for stem in stems(unit) {
            *counts.entry(stem).or_insert(0) += 1;
        }
    }
    counts
}

fn stems(unit: &str) -> impl Iterator<Item = String> + '_ {
    unit.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_WORD_CHARS)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(w.as_str()))
        .map(|w| w.chars().take(STEM_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(units: &[&str]) -> Vec<String> {
        units.iter().map(|u| (*u).to_owned()).collect()
    }

    const STORY_1: &str = "Police in Orlan detained eleven pensioners who protested \
                           against higher heating tariffs outside the city hall.";
    const STORY_2: &str = "The pensioners said the heating tariffs had doubled since \
                           January, and police held them for six hours.";

    #[test]
    fn unrelated_box_goes() {
        let kept = drop_promos(body(&[
            STORY_1,
            "Voices of the Steppe",
            "Our new series follows herders and beekeepers across the mountain valleys \
             as drought changes their seasons.",
            STORY_2,
        ]));
        assert_eq!(kept, body(&[STORY_1, STORY_2]));
    }

    #[test]
    fn a_short_sentence_of_the_story_is_no_box_title() {
        let blurb = "A lecturer who asked not to be named said colleagues feared losing \
                     their contracts and stayed in their offices.";
        let units = body(&[STORY_1, "As in, nobody came out.", blurb, STORY_2]);
        assert_eq!(drop_promos(units.clone()), units);
        // Without its full stop the same line reads as a box title.
        assert!(is_box("As in, nobody came out", blurb));
    }

    #[test]
    fn introduced_quotation_stays() {
        let units = body(&[
            STORY_1,
            "The old proverb says:",
            "Whoever sows wind in the spring valley will harvest storms before the \
             snow comes back to the passes.",
            STORY_2,
        ]);
        assert_eq!(drop_promos(units.clone()), units);
    }

    #[test]
    fn unspaced_scripts_are_not_judged() {
        // Synthetic Japanese: a subheading and its paragraph.
        let units = body(&[
            STORY_1,
            "年金生活者の抗議",
            "年金生活者たちは暖房料金の値上げに抗議して市役所の前に集まった。",
            STORY_2,
        ]);
        assert_eq!(drop_promos(units.clone()), units);
    }

    #[test]
    fn subheading_of_the_story_stays() {
        let units = body(&[
            STORY_1,
            "Tariffs doubled",
            "Heating tariffs in Orlan doubled in January, and pensioners protested \
             outside city hall twice before police detained them.",
            STORY_2,
        ]);
        assert_eq!(drop_promos(units.clone()), units);
    }
}
