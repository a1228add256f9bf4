//! `vigil eval clean` on the shared sets: on each set at most `max_no_body` pages give no
//! body, and precision, recall and F1 stay at or above the floors pinned in
//! `crates/vigil_clean/quality-baseline.json` (the top-level figures for the
//! article-extraction benchmark, `sets` for the clean-dev sets). A set whose data is absent
//! is skipped with a message, so the test passes on a clone without `../shared/data`.

use std::path::{Path, PathBuf};
use std::process::Command;

const BASELINE: &str = include_str!("../../vigil_clean/quality-baseline.json");

fn data_dir(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(set)
}

/// The first number on the line that starts with `label`.
fn figure(report: &str, label: &str) -> f64 {
    report
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("no figure for {label:?} in\n{report}"))
}

/// Run `vigil eval clean` on `set` and check it against `floors`.
fn check_set(set: &str, floors: &serde_json::Value) {
    let dir = data_dir(set);
    if !dir.join("ground-truth.json").exists() {
        eprintln!("eval_clean: {} absent, skipping", dir.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["eval", "clean", "--worst", "5", "--bench"])
        .arg(&dir)
        .output()
        .expect("vigil runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let no_body = report
        .lines()
        .find(|l| l.starts_with("pages"))
        .and_then(|l| l.split_once('(').map(|(_, rest)| rest))
        .and_then(|rest| rest.strip_suffix(" with no body)"))
        .and_then(|n| n.parse::<u64>().ok())
        .expect("the pages line is printed");
    let ceiling = floors["max_no_body"].as_u64().expect("a ceiling");
    assert!(
        no_body <= ceiling,
        "{set}: {no_body} pages gave no body, more than {ceiling}\n{report}"
    );
    for (key, label) in [
        ("f1", "F1"),
        ("precision", "precision"),
        ("recall", "recall"),
    ] {
        let floor = floors[key].as_f64().expect("a floor");
        let got = figure(&report, label);
        assert!(
            got + 1e-9 >= floor,
            "{set}: {key} {got} fell below the floor {floor}\n{report}"
        );
    }
}

fn baseline() -> serde_json::Value {
    serde_json::from_str(BASELINE).expect("baseline is JSON")
}

#[test]
fn benchmark_scores_stay_above_the_floors() {
    check_set("article-extraction-benchmark", &baseline());
}

#[test]
fn clean_dev_scores_stay_above_the_floors() {
    let baseline = baseline();
    let sets = baseline["sets"]
        .as_object()
        .expect("floors for the clean-dev sets");
    assert!(!sets.is_empty(), "no clean-dev floors");
    for (set, floors) in sets {
        check_set(&format!("clean-dev/{set}"), floors);
    }
}
