//! `vigil eval resolve` on the committed resolve gold sets (`gold`, the set the rules were
//! shaped on, and `gold-check`, written after): people and incidents across reports stay at
//! or above the floors pinned in `crates/vigil_resolve/quality-baseline.json`.

use std::path::Path;

mod support;

use support::{figure, run_eval};

const BASELINE: &str = include_str!("../../vigil_resolve/quality-baseline.json");

fn hold_floors(set: &str) {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vigil_resolve/tests")
        .join(set);
    let report = run_eval("resolve", &gold, &[], None);
    let all: serde_json::Value = serde_json::from_str(BASELINE).expect("baseline is JSON");
    let floors = &all[set];
    for what in ["people", "incidents"] {
        for (key, label) in [
            ("pairwise_precision", "pairwise precision "),
            ("pairwise_recall", "recall "),
            ("bcubed_f1", "B3-F1 "),
        ] {
            let floor = floors[what][key]
                .as_f64()
                .unwrap_or_else(|| panic!("no floor {set}.{what}.{key}"));
            let got = figure(&report, &format!("{what}:"), label);
            assert!(
                got + 1e-9 >= floor,
                "{set}: {what} {key} {got} fell below the floor {floor}\n{report}"
            );
        }
    }
}

#[test]
fn resolve_gold_holds_its_floors() {
    hold_floors("gold");
}

#[test]
fn resolve_check_set_holds_its_floors() {
    hold_floors("gold-check");
}
