//! `vigil eval clean` on the shared article-extraction benchmark: at most `max_no_body`
//! pages give no body, and precision, recall and F1 stay at or above the floors pinned in
//! `crates/vigil_clean/quality-baseline.json`. Skipped, with a message, when the shared data
//! is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

const BASELINE: &str = include_str!("../../vigil_clean/quality-baseline.json");

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/article-extraction-benchmark")
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

#[test]
fn benchmark_scores_stay_above_the_floors() {
    let dir = bench_dir();
    if !dir.join("ground-truth.json").exists() {
        eprintln!("eval_clean: {} absent, skipping", dir.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["eval", "clean", "--bench"])
        .arg(&dir)
        .output()
        .expect("vigil runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let baseline: serde_json::Value = serde_json::from_str(BASELINE).expect("baseline is JSON");
    let no_body = report
        .lines()
        .find_map(|l| l.split_once('(').map(|(_, rest)| rest))
        .and_then(|rest| rest.strip_suffix(" with no body)"))
        .and_then(|n| n.parse::<u64>().ok())
        .expect("the pages line is printed");
    let ceiling = baseline["max_no_body"].as_u64().expect("a ceiling");
    assert!(
        no_body <= ceiling,
        "{no_body} pages gave no body, more than {ceiling}\n{report}"
    );
    for (key, label) in [
        ("f1", "F1"),
        ("precision", "precision"),
        ("recall", "recall"),
    ] {
        let floor = baseline[key].as_f64().expect("a floor");
        let got = figure(&report, label);
        assert!(
            got + 1e-9 >= floor,
            "{key} {got} fell below the floor {floor}\n{report}"
        );
    }
}
