//! `vigil eval events` on the shared events-dev gold files: the figures agree with the
//! reference `score.py` run on the predictions the binary wrote, and stay at or above the
//! floors pinned in `crates/vigil_extract/quality-baseline.json`. Skipped, with a message,
//! when the shared data or python3 is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

use support::{figure, run_eval};

const BASELINE: &str = include_str!("../../vigil_extract/quality-baseline.json");

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/events-dev")
}

fn check(file: &str) {
    let dir = data_dir();
    let gold = dir.join(file);
    if !gold.exists() {
        eprintln!("eval_events: {} absent, skipping", gold.display());
        return;
    }
    let predictions =
        std::env::temp_dir().join(format!("vigil-eval-events-{}-{file}", std::process::id()));
    let report = run_eval("events", &gold, &[], Some(&predictions));
    let baseline: serde_json::Value = serde_json::from_str(BASELINE).expect("baseline is JSON");
    let floors = &baseline[file];
    let checks = [
        ("sentence_f1", "sentence:", "F1 "),
        ("trigger_recall", "trigger:", "recall "),
        ("argument_recall", "arguments:", "recall "),
    ];
    for (key, line, label) in checks {
        if let Some(floor) = floors[key].as_f64() {
            let got = figure(&report, line, label);
            assert!(
                got + 1e-9 >= floor,
                "{file}: {key} {got} fell below the floor {floor}\n{report}"
            );
        }
    }
    match Command::new("python3")
        .arg(dir.join("score.py"))
        .arg(&gold)
        .arg(&predictions)
        .output()
    {
        Ok(out) if out.status.success() => {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                report,
                "score.py disagrees on {file}"
            );
        }
        _ => eprintln!("eval_events: python3 unavailable, skipping the score.py comparison"),
    }
    let _ = std::fs::remove_file(predictions);
}

#[test]
fn wikievents_agrees_with_score_py_and_holds_its_floors() {
    check("wikievents-dev.jsonl");
}

#[test]
fn rams_agrees_with_score_py_and_holds_its_floors() {
    check("rams-dev.jsonl");
}
