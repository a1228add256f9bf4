//! `vigil eval resolve` on the committed resolve gold set: people and incidents across
//! reports stay at or above the floors pinned in `crates/vigil_resolve/quality-baseline.json`,
//! and no wrong merge is printed for the namesakes and look-alikes the set holds.

use std::path::Path;

mod support;

use support::{figure, run_eval};

const BASELINE: &str = include_str!("../../vigil_resolve/quality-baseline.json");

#[test]
fn resolve_gold_holds_its_floors() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vigil_resolve/tests/gold");
    let report = run_eval("resolve", &gold, &[], None);
    let floors: serde_json::Value = serde_json::from_str(BASELINE).expect("baseline is JSON");
    for what in ["people", "incidents"] {
        for (key, label) in [
            ("pairwise_precision", "pairwise precision "),
            ("pairwise_recall", "recall "),
            ("bcubed_f1", "B3-F1 "),
        ] {
            let floor = floors[what][key]
                .as_f64()
                .unwrap_or_else(|| panic!("no floor {what}.{key}"));
            let got = figure(&report, &format!("{what}:"), label);
            assert!(
                got + 1e-9 >= floor,
                "{what} {key} {got} fell below the floor {floor}\n{report}"
            );
        }
    }
}
