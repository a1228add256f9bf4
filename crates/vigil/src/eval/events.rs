//! `vigil eval events`: score the extract stage on a gold file of `events-dev` exactly as its
//! `score.py` does, and print the same figures in the same format.
//!
//! Each gold text is given verbatim as the document text (published date from the gold line,
//! if it has one), so offsets agree. Only predicted events of the six annotated types count,
//! and none marked negated or hypothetical. Trigger level: same type and overlapping trigger;
//! sentence level: same type and a sentence containing the gold trigger's start (one-to-one,
//! greedy in order). Precision on exhaustive documents only; recall on all. Arguments: for each
//! gold event found at sentence level, a gold argument is found when the prediction offers a
//! text for the same role equal to it, containing it or contained in it (case-insensitive,
//! without a leading article).

use std::collections::HashMap;
use std::process::ExitCode;

use serde_json::Value;

use super::{Scorer, list, ratio, score_and_print, truthy};
use crate::cli::EvalEventsArgs;

/// The types the gold sets annotate.
const SCOPE: [&str; 6] = [
    "protest",
    "detention",
    "charge",
    "trial",
    "sentence",
    "release",
];

pub fn run(args: &EvalEventsArgs) -> anyhow::Result<ExitCode> {
    score_and_print::<Counts>(&args.gold, args.predictions_out.as_ref(), |_| true)
}

impl Scorer for Counts {
    fn score(&mut self, gold: &Value, analysis: &Value) {
        self.score_line(gold, analysis);
    }

    fn report(&self) -> String {
        self.figures()
    }
}

/// The counters of `score.py`.
#[derive(Debug, Default)]
pub struct Counts(HashMap<String, usize>);

impl Counts {
    fn add(&mut self, key: &str, n: usize) {
        *self.0.entry(key.to_owned()).or_default() += n;
    }

    fn get(&self, key: &str) -> usize {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// Score one gold line against its prediction.
    fn score_line(&mut self, gold: &Value, prediction: &Value) {
        let entities: HashMap<&str, &Value> = list(&prediction["entities"])
            .iter()
            .filter_map(|e| Some((e["id"].as_str()?, e)))
            .collect();
        let preds: Vec<&Value> = list(&prediction["events"])
            .iter()
            .filter(|e| e["type"].as_str().is_some_and(|t| SCOPE.contains(&t)))
            .filter(|e| !truthy(&e["status"]["negated"]) && !truthy(&e["status"]["hypothetical"]))
            .collect();
        let exhaustive = gold.get("exhaustive").is_none_or(truthy);
        for level in ["trigger", "sentence"] {
            let mut used = vec![false; preds.len()];
            for ge in list(&gold["events"]) {
                self.add(&format!("{level}.gold"), 1);
                let found = preds.iter().enumerate().find(|(i, pe)| {
                    !used[*i] && pe["type"] == ge["type"] && matches(level, pe, ge)
                });
                match found {
                    Some((i, pe)) => {
                        used[i] = true;
                        self.add(&format!("{level}.tp"), 1);
                        if level == "sentence" {
                            self.score_arguments(ge, pe, &entities);
                        }
                    }
                    None if level == "sentence" => {
                        self.add("arg.gold", list(&ge["arguments"]).len());
                    }
                    None => {}
                }
            }
            if exhaustive {
                self.add(&format!("{level}.pred"), preds.len());
                self.add(&format!("{level}.gold_ex"), list(&gold["events"]).len());
                self.add(
                    &format!("{level}.tp_ex"),
                    used.iter().filter(|u| **u).count(),
                );
            }
        }
    }

    fn score_arguments(&mut self, ge: &Value, pe: &Value, entities: &HashMap<&str, &Value>) {
        for ga in list(&ge["arguments"]) {
            self.add("arg.gold", 1);
            let want = norm(ga["text"].as_str());
            let role = ga["role"].as_str().unwrap_or_default();
            if arg_texts(pe, role, entities).iter().any(|t| same(&want, t)) {
                self.add("arg.tp", 1);
            }
        }
    }

    /// The figures, formatted as `score.py` prints them.
    fn figures(&self) -> String {
        let mut out = String::new();
        for level in ["trigger", "sentence"] {
            let gold = self.get(&format!("{level}.gold"));
            let r = ratio(self.get(&format!("{level}.tp")), gold);
            let gold_ex = self.get(&format!("{level}.gold_ex"));
            if gold_ex > 0 {
                let p = ratio(
                    self.get(&format!("{level}.tp_ex")),
                    self.get(&format!("{level}.pred")),
                );
                let rx = ratio(self.get(&format!("{level}.tp_ex")), gold_ex);
                let f = if p + rx > 0.0 {
                    2.0 * p * rx / (p + rx)
                } else {
                    0.0
                };
                out.push_str(&format!(
                    "{level}: precision {p:.3} recall {r:.3} F1 {f:.3} (gold events {gold})\n"
                ));
            } else {
                out.push_str(&format!(
                    "{level}: recall {r:.3} (gold events {gold}; not exhaustive, so no precision)\n"
                ));
            }
        }
        let (tp, all) = (self.get("arg.tp"), self.get("arg.gold"));
        out.push_str(&format!(
            "arguments: recall {:.3} ({tp}/{all})\n",
            ratio(tp, all.max(1))
        ));
        out
    }
}

fn matches(level: &str, pe: &Value, ge: &Value) -> bool {
    let gt = &ge["trigger"];
    let int = |v: &Value| v.as_i64().unwrap_or(-1);
    if level == "trigger" {
        let t = &pe["trigger"];
        return truthy(t)
            && int(&t["start"]) < int(&gt["end"])
            && int(&gt["start"]) < int(&t["end"]);
    }
    let s = if truthy(&pe["sentence"]) {
        &pe["sentence"]
    } else {
        &pe["trigger"]
    };
    let (start, end) = if truthy(s) {
        (int(&s["start"]), int(&s["end"]))
    } else {
        (-1, -1)
    };
    start <= int(&gt["start"]) && int(&gt["start"]) < end
}

/// Lowercase, trimmed, a leading article dropped, white space runs made one space.
fn norm(s: Option<&str>) -> String {
    let lower = s.unwrap_or_default().to_lowercase();
    let mut t = lower.trim();
    for article in ["the", "a", "an"] {
        if let Some(rest) = t.strip_prefix(article)
            && rest.starts_with(char::is_whitespace)
        {
            t = rest.trim_start();
            break;
        }
    }
    t.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn same(a: &str, b: &str) -> bool {
    a == b || (a.chars().count().min(b.chars().count()) >= 3 && (a.contains(b) || b.contains(a)))
}

/// The texts a prediction offers for `role`.
fn arg_texts(ev: &Value, role: &str, entities: &HashMap<&str, &Value>) -> Vec<String> {
    let entity_name = |id: &Value| {
        id.as_str()
            .and_then(|i| entities.get(i))
            .map(|e| e["name"].clone())
    };
    let mut out: Vec<Value> = Vec::new();
    match role {
        "place" => {
            let p = &ev["place"];
            out.push(p["name"].clone());
            out.push(p["site"].clone());
            out.extend(entity_name(&p["entity"]));
        }
        "charge" => out.push(ev["charge"].clone()),
        "penalty" => out.push(ev["penalty"]["text"].clone()),
        _ => {
            for p in list(&ev["participants"])
                .iter()
                .filter(|p| p["role"] == role)
            {
                out.push(p["text"].clone());
                out.extend(entity_name(&p["entity"]));
            }
        }
    }
    out.iter()
        .filter(|v| truthy(v))
        .map(|v| norm(v.as_str()))
        .filter(|t| t.chars().count() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_drops_one_leading_article_and_folds_space() {
        assert_eq!(norm(Some("  The  Bishkek\tpolice ")), "bishkek police");
        assert_eq!(norm(Some("Theodore")), "theodore");
        assert_eq!(norm(None), "");
    }

    #[test]
    fn same_needs_three_characters_to_contain() {
        assert!(same("police", "bishkek police"));
        assert!(!same("he", "her"));
        assert!(same("he", "he"));
    }
}
