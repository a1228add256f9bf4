//! `vigil eval notes`: score the extract stage on `protest-notes` exactly as its `score.py`
//! does, and print the same figures in the same format.
//!
//! A label is predicted for a note when its analysis has at least one event of that type
//! that is neither negated nor hypothetical. Protest is scored for recall only (every note
//! reports one); detention, dispersal, abuse and killing get precision, recall and F1, and
//! their macro average.
//!
//! `--part tune` and `--part check` score one of two fixed halves of the file, split by a
//! hash of the note's id (FNV-1a, 32 bits: even is `tune`, odd is `check`), so that the
//! notes of one protest stay in one half. Rules and models are tuned on `tune` only; `check`
//! tells how well that carries over.

use std::collections::HashSet;
use std::process::ExitCode;

use serde_json::Value;

use super::{Scorer, f1, list, ratio, score_and_print, truthy};
use crate::cli::{EvalNotesArgs, NotesPart};

/// The state responses the notes code, in `score.py`'s order.
const TYPES: [&str; 4] = ["detention", "dispersal", "abuse", "killing"];

pub fn run(args: &EvalNotesArgs) -> anyhow::Result<ExitCode> {
    score_and_print::<Counts>(&args.gold, args.predictions_out.as_ref(), |gold| {
        in_part(gold, args.part)
    })
}

/// Whether a gold note belongs to `part`.
pub fn in_part(gold: &Value, part: NotesPart) -> bool {
    let even = fnv1a(gold["id"].as_str().unwrap_or_default()).is_multiple_of(2);
    match part {
        NotesPart::All => true,
        NotesPart::Tune => even,
        NotesPart::Check => !even,
    }
}

/// FNV-1a, 32 bits, over the UTF-8 bytes of `s`.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The event types an analysis reports as happened.
fn predicted(analysis: &Value) -> HashSet<&str> {
    list(&analysis["events"])
        .iter()
        .filter(|e| !truthy(&e["status"]["negated"]) && !truthy(&e["status"]["hypothetical"]))
        .filter_map(|e| e["type"].as_str())
        .collect()
}

/// The counters of `score.py`.
#[derive(Debug, Default)]
pub struct Counts {
    notes: usize,
    protests: usize,
    /// True positives, false positives and false negatives per type of [`TYPES`].
    confusion: [[usize; 3]; 4],
}

impl Scorer for Counts {
    /// Score one gold note against its analysis.
    fn score(&mut self, gold: &Value, analysis: &Value) {
        let got = predicted(analysis);
        self.notes += 1;
        self.protests += usize::from(got.contains("protest"));
        for (t, c) in TYPES.iter().zip(&mut self.confusion) {
            let want = truthy(&gold["labels"][*t]);
            let have = got.contains(t);
            c[0] += usize::from(want && have);
            c[1] += usize::from(have && !want);
            c[2] += usize::from(want && !have);
        }
    }

    /// The figures, formatted as `score.py` prints them.
    fn report(&self) -> String {
        let mut out = format!(
            "protest: recall {:.3} ({}/{} notes)\n",
            ratio(self.protests, self.notes),
            self.protests,
            self.notes
        );
        let mut sum = 0.0;
        for (t, [tp, fp, fn_]) in TYPES.iter().zip(self.confusion) {
            let p = ratio(tp, tp + fp);
            let r = ratio(tp, tp + fn_);
            let f = f1(p, r);
            sum += f;
            out.push_str(&format!(
                "{t}: precision {p:.3} recall {r:.3} F1 {f:.3} (gold {})\n",
                tp + fn_
            ));
        }
        out.push_str(&format!("macro F1 {:.3}\n", sum / 4.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn a_negated_or_hypothetical_event_predicts_nothing() {
        let gold = json!({"id": "n1", "labels": {"detention": true, "dispersal": false,
            "abuse": false, "killing": false}});
        let analysis = json!({"events": [
            {"type": "protest", "status": {}},
            {"type": "detention", "status": {"negated": true}},
            {"type": "dispersal", "status": {"hypothetical": true}},
        ]});
        let mut counts = Counts::default();
        counts.score(&gold, &analysis);
        let report = counts.report();
        assert!(
            report.starts_with("protest: recall 1.000 (1/1 notes)\n"),
            "{report}"
        );
        assert!(report.contains("detention: precision 0.000 recall 0.000 F1 0.000 (gold 1)"));
        assert!(report.contains("dispersal: precision 0.000 recall 0.000 F1 0.000 (gold 0)"));
        assert!(report.ends_with("macro F1 0.000\n"));
    }

    #[test]
    fn the_two_parts_split_every_note_once() {
        let notes: Vec<Value> = (0..200).map(|i| json!({"id": format!("mm-{i}")})).collect();
        let tune = notes.iter().filter(|n| in_part(n, NotesPart::Tune)).count();
        let check = notes
            .iter()
            .filter(|n| in_part(n, NotesPart::Check))
            .count();
        assert_eq!(tune + check, 200);
        assert!((70..130).contains(&tune), "{tune} of 200 in tune");
    }
}
