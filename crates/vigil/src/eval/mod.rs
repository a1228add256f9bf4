//! `vigil eval`: measure each stage against gold data.
//!
//! The extract-stage scorers (`events`, `notes`, `names`) share one loop: each gold line's
//! `text` is analysed verbatim (published date from the line, if it has one), the analysis
//! is optionally written out, and a scorer that mirrors the data set's own `score.py` counts.

pub mod clean;
pub mod events;
pub mod names;
pub mod notes;
pub mod resolve;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::Value;
use vigil_extract::{Lexicon, extract};
use vigil_model::Document;

/// A gold set's scorer: counts over (gold line, analysis) pairs, printed as its `score.py`
/// prints them.
pub trait Scorer: Default {
    /// Count one gold line against its analysis.
    fn score(&mut self, gold: &Value, analysis: &Value);
    /// The figures, formatted as the set's `score.py` prints them.
    fn report(&self) -> String;
}

/// Score every gold line of `gold` that `keep` accepts with `S` and print its report.
pub fn score_and_print<S: Scorer>(
    gold: &Path,
    predictions_out: Option<&PathBuf>,
    keep: impl Fn(&Value) -> bool,
) -> anyhow::Result<ExitCode> {
    let mut scorer = S::default();
    each_prediction(gold, predictions_out, keep, |g, a| scorer.score(g, a))?;
    print!("{}", scorer.report());
    Ok(ExitCode::SUCCESS)
}

/// Analyse every gold line of `gold` that `keep` accepts, write the analyses to
/// `predictions_out` if given, and hand each (gold, analysis) pair to `score`.
pub fn each_prediction(
    gold: &Path,
    predictions_out: Option<&PathBuf>,
    keep: impl Fn(&Value) -> bool,
    mut score: impl FnMut(&Value, &Value),
) -> anyhow::Result<()> {
    let file = File::open(gold).with_context(|| format!("{}", gold.display()))?;
    let mut out = match predictions_out {
        Some(path) => Some(BufWriter::new(
            File::create(path).with_context(|| format!("{}", path.display()))?,
        )),
        None => None,
    };
    let lexicon = Lexicon::english();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", gold.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let gold_line: Value = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}", gold.display(), n + 1))?;
        if !keep(&gold_line) {
            continue;
        }
        let prediction = predict(&gold_line, &lexicon)
            .with_context(|| format!("{} line {}", gold.display(), n + 1))?;
        if let Some(out) = out.as_mut() {
            serde_json::to_writer(&mut *out, &prediction)?;
            out.write_all(b"\n")?;
        }
        score(&gold_line, &prediction);
    }
    if let Some(mut out) = out {
        out.flush()?;
    }
    Ok(())
}

/// The analysis of one gold text, as JSON.
fn predict(gold: &Value, lexicon: &Lexicon) -> anyhow::Result<Value> {
    let text = gold["text"].as_str().context("a gold line without text")?;
    let mut doc = Document::new(gold["id"].as_str().unwrap_or("gold"), text.to_owned());
    doc.published = gold["published"].as_str().and_then(|d| d.parse().ok());
    Ok(serde_json::to_value(extract(&doc, lexicon))?)
}

/// `a / b`, or 0 when `b` is 0.
#[allow(clippy::cast_precision_loss)]
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The harmonic mean of `p` and `r`, or 0 when both are 0.
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The elements of a JSON array, or none.
pub fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Python truthiness for the JSON values the formats use.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}
