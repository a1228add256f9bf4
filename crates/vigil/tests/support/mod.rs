//! Helpers shared by the quality-gate tests: run `vigil eval …` and read its figures.

use std::path::Path;
use std::process::Command;

/// Runs `vigil eval <what> --gold <gold> [extra]`, writing predictions if asked.
pub fn run_eval(what: &str, gold: &Path, extra: &[&str], predictions: Option<&Path>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigil"));
    cmd.args(["eval", what, "--gold"]).arg(gold).args(extra);
    if let Some(p) = predictions {
        cmd.arg("--predictions-out").arg(p);
    }
    let out = cmd.output().expect("vigil runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The number after `label` on the line starting with `line`.
pub fn figure(report: &str, line: &str, label: &str) -> f64 {
    let l = report
        .lines()
        .find(|l| l.starts_with(line))
        .unwrap_or_else(|| panic!("no line {line} in\n{report}"));
    let rest = &l[l.find(label).expect("the label is printed") + label.len()..];
    rest.split_whitespace()
        .next()
        .and_then(|x| x.parse().ok())
        .expect("a number")
}
