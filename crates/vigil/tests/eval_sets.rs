//! `vigil eval notes` and `vigil eval names` on the shared protest-notes and names-dev gold
//! files: the figures agree with each set's reference `score.py` run on the predictions the
//! binary wrote, they stay at or above the floors pinned in
//! `crates/vigil_extract/quality-baseline.json`, and on the notes the half never tuned on
//! scores within the pinned gap of the half tuned on. Skipped, with a message, when the
//! shared data (or, for the comparison alone, python3) is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod support;

use support::{figure, run_eval};

const BASELINE: &str = include_str!("../../vigil_extract/quality-baseline.json");

fn data(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(set)
}

fn baseline(key: &str) -> Value {
    let all: Value = serde_json::from_str(BASELINE).expect("baseline is JSON");
    all[key].clone()
}

/// The figures of a notes report that have floors: (baseline key, report line, label).
const NOTES_FIGURES: &[(&str, &str, &str)] = &[
    ("protest_recall", "protest:", "recall "),
    ("detention_f1", "detention:", "F1 "),
    ("dispersal_f1", "dispersal:", "F1 "),
    ("abuse_f1", "abuse:", "F1 "),
    ("killing_f1", "killing:", "F1 "),
    ("macro_f1", "macro F1", "F1 "),
];

/// Each (baseline key, report line, label) must be at or above its floor.
fn hold_floors(name: &str, report: &str, floors: &Value, checks: &[(&str, &str, &str)]) {
    for (key, line, label) in checks {
        let floor = floors[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{name}: no floor {key} in the baseline"));
        let got = figure(report, line, label);
        assert!(
            got + 1e-9 >= floor,
            "{name}: {key} {got} fell below the floor {floor}\n{report}"
        );
    }
}

/// The set's own `score.py` prints exactly what the binary printed.
fn agree_with_score_py(set: &str, gold: &Path, predictions: &Path, report: &str) {
    match Command::new("python3")
        .arg(data(set).join("score.py"))
        .arg(gold)
        .arg(predictions)
        .output()
    {
        Ok(out) if out.status.success() => {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                report,
                "score.py disagrees on {set}"
            );
        }
        _ => eprintln!("eval_sets: python3 unavailable, skipping the score.py comparison"),
    }
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("vigil-eval-{}-{name}", std::process::id()))
}

#[test]
fn protest_notes_agree_with_score_py_hold_their_floors_and_carry_over() {
    let gold = data("protest-notes").join("dev.jsonl");
    if !gold.exists() {
        eprintln!("eval_sets: {} absent, skipping", gold.display());
        return;
    }
    let predictions = temp("notes.jsonl");
    let report = run_eval("notes", &gold, &[], Some(&predictions));
    agree_with_score_py("protest-notes", &gold, &predictions, &report);
    let _ = std::fs::remove_file(&predictions);
    let floors = baseline("protest-notes/dev.jsonl");
    hold_floors("protest-notes", &report, &floors, NOTES_FIGURES);
    let tune = run_eval("notes", &gold, &["--part", "tune"], None);
    let check = run_eval("notes", &gold, &["--part", "check"], None);
    let gap = floors["max_tune_check_gap"].as_f64().expect("a gap");
    let (t, c) = (
        figure(&tune, "macro F1", "F1 "),
        figure(&check, "macro F1", "F1 "),
    );
    assert!(
        (t - c).abs() <= gap + 1e-9,
        "macro F1 {t} on the tuned half but {c} on the other\n{tune}\n{check}"
    );
    hold_floors(
        "protest-notes/dev.jsonl --part check",
        &check,
        &floors["check"],
        NOTES_FIGURES,
    );
}

#[test]
fn names_dev_agrees_with_score_py_and_holds_its_floors() {
    let gold = data("names-dev").join("wikievents-dev-names.jsonl");
    if !gold.exists() {
        eprintln!("eval_sets: {} absent, skipping", gold.display());
        return;
    }
    let predictions = temp("names.jsonl");
    let report = run_eval("names", &gold, &[], Some(&predictions));
    agree_with_score_py("names-dev", &gold, &predictions, &report);
    let _ = std::fs::remove_file(&predictions);
    hold_floors(
        "names-dev",
        &report,
        &baseline("names-dev/wikievents-dev-names.jsonl"),
        &[
            ("person_precision", "person:", "precision "),
            ("person_recall", "person:", "recall "),
            ("organization_precision", "organization:", "precision "),
            ("organization_recall", "organization:", "recall "),
        ],
    );
}
