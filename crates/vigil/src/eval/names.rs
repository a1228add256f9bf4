//! `vigil eval names`: score the people and organisations of the extract stage on
//! `names-dev` exactly as its `score.py` does, and print the same figures in the same format.
//!
//! Precision: a predicted person (organisation) entity is right when its name, folded
//! (lower case, white space runs made one space, a leading "the " dropped), is the text of a
//! gold mention of that kind in that report; gold mentions that are not names (one-word
//! titles, plural nouns, all-capital datelines) are not accepted. Recall: over the gold
//! names of two or more words, found when an entity of that kind has exactly that name.

use std::collections::HashSet;
use std::process::ExitCode;

use serde_json::Value;

use super::{Scorer, f1, list, ratio, score_and_print};
use crate::cli::EvalNamesArgs;

/// Single words that are titles, descriptions or affiliations, never names on their own.
const TITLES: [&str; 29] = [
    "president",
    "judge",
    "secretary",
    "sir",
    "minister",
    "col",
    "colonel",
    "agent",
    "sergeant",
    "magistrate",
    "general",
    "chief",
    "officer",
    "director",
    "governor",
    "mayor",
    "prosecutor",
    "lord",
    "mummy",
    "enditem",
    "catholic",
    "islamist",
    "protestant",
    "kurdish",
    "afghani",
    "chechen",
    "muslim",
    "conservative",
    "republican",
];

/// The entity kinds scored, as the analysis spells them.
const KINDS: [&str; 2] = ["person", "organization"];

pub fn run(args: &EvalNamesArgs) -> anyhow::Result<ExitCode> {
    score_and_print::<Counts>(&args.gold, args.predictions_out.as_ref(), |_| true)
}

/// Lower case, white space runs made one space, trimmed, a leading "the " dropped.
fn norm(s: &str) -> String {
    let folded = s
        .trim()
        .to_lowercase()
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match folded.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => folded,
    }
}

/// Whether a gold mention is a name: two or more words, or one word that is not a title,
/// an all-capital word over three letters, or a plural.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2 {
        return true;
    }
    let w = words.first().copied().unwrap_or_default();
    !(TITLES.contains(&w.to_lowercase().as_str())
        || is_upper(w) && w.chars().count() > 3
        || w.ends_with('s') && !w.ends_with("ss"))
}

/// Python's `str.isupper`: some cased letter, and no lower-case one.
fn is_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase)
}

/// Per kind: right, wrong, found, total.
#[derive(Debug, Default)]
pub struct Counts([[usize; 4]; 2]);

impl Scorer for Counts {
    /// Score one gold report against its analysis.
    fn score(&mut self, gold: &Value, analysis: &Value) {
        for (kind, c) in KINDS.iter().zip(&mut self.0) {
            let mentions = list(&gold["names"])
                .iter()
                .filter(|n| n["kind"].as_str() == Some(kind))
                .filter_map(|n| n["text"].as_str());
            let ok: HashSet<String> = mentions.clone().filter(|t| is_name(t)).map(norm).collect();
            let multi: HashSet<String> = mentions
                .filter(|t| t.split_whitespace().count() >= 2)
                .map(norm)
                .collect();
            let names: HashSet<String> = list(&analysis["entities"])
                .iter()
                .filter(|e| e["kind"].as_str() == Some(kind))
                .filter_map(|e| e["name"].as_str())
                .filter(|n| !n.is_empty())
                .map(norm)
                .collect();
            c[0] += names.intersection(&ok).count();
            c[1] += names.difference(&ok).count();
            c[2] += multi.intersection(&names).count();
            c[3] += multi.len();
        }
    }

    /// The figures, formatted as `score.py` prints them.
    fn report(&self) -> String {
        let mut out = String::new();
        for (kind, [right, wrong, found, total]) in KINDS.iter().zip(self.0) {
            let p = ratio(right, right + wrong);
            let r = ratio(found, total);
            out.push_str(&format!(
                "{kind}: precision {p:.3} ({right}/{}) recall {r:.3} ({found}/{total}) F1 {:.3}\n",
                right + wrong,
                f1(p, r)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_folded_as_the_scorer_folds_them() {
        assert_eq!(norm("  The  National\tGuard "), "national guard");
        assert_eq!(norm("Theodore Smith"), "theodore smith");
    }

    #[test]
    fn titles_plurals_and_datelines_are_not_names() {
        assert!(!is_name("President"));
        assert!(!is_name("Protesters"));
        assert!(!is_name("ALMATY"));
        assert!(!is_name("GKNB"));
        assert!(is_name("UN"));
        assert!(is_name("Congress"));
        assert!(is_name("Interior Minister"));
    }

    #[test]
    fn a_title_glued_to_a_name_is_wrong_and_misses_the_name() {
        let gold = json!({"names": [
            {"kind": "person", "text": "Jane Doe"},
            {"kind": "organization", "text": "the Interior Ministry"},
        ]});
        let analysis = json!({"entities": [
            {"kind": "person", "name": "Interior Minister Jane Doe"},
            {"kind": "organization", "name": "Interior Ministry"},
        ]});
        let mut counts = Counts::default();
        counts.score(&gold, &analysis);
        assert_eq!(
            counts.report(),
            "person: precision 0.000 (0/1) recall 0.000 (0/1) F1 0.000\n\
             organization: precision 1.000 (1/1) recall 1.000 (1/1) F1 1.000\n"
        );
    }
}
