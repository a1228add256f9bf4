//! `vigil eval resolve`: score the resolve stage on a gold set of synthetic reports
//! (`reports.jsonl` in the gold directory; its README gives the format). Each report is
//! extracted, all are resolved together, and the people and incidents found are compared with
//! the gold clusters: pairwise precision and recall over pairs of items, and B-cubed.
//!
//! A person item is a (report, name) the gold lists; the prediction is the person of the
//! report's person entity of that name (or, failing that, one whose name holds it or is held
//! by it). An incident item is a (report, type); the prediction is the incident of the
//! report's first event of that type that is neither negated nor hypothetical. An item the
//! extractor missed stands alone, so it costs recall.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::Value;
use vigil_model::{Analysis, EntityKind};
use vigil_resolve::{Resolution, Resolver};

use super::{each_prediction, f1, ratio};
use crate::cli::EvalResolveArgs;

pub fn run(args: &EvalResolveArgs) -> anyhow::Result<ExitCode> {
    let report = score(&args.gold, args.predictions_out.as_ref())?;
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// One gold item and where the prediction put it.
struct Item {
    label: String,
    gold: String,
    /// The predicted cluster, or `None` when the extractor did not find the item.
    predicted: Option<usize>,
}

/// Extract every gold report, resolve them together, and format the figures.
pub fn score(dir: &Path, predictions_out: Option<&PathBuf>) -> anyhow::Result<String> {
    let gold_file = dir.join("reports.jsonl");
    let mut golds = Vec::new();
    let mut analyses = Vec::new();
    each_prediction(
        &gold_file,
        predictions_out,
        |_| true,
        |g, a| {
            golds.push(g.clone());
            analyses.push(a.clone());
        },
    )?;
    let analyses: Vec<Analysis> = analyses
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<_, _>>()
        .context("an analysis that does not read back")?;
    let mut resolver = Resolver::default();
    for a in &analyses {
        resolver.add(a);
    }
    let resolution = resolver.resolve();
    let (people, incidents) = items(&golds, &analyses, &resolution);
    let mut out = String::new();
    line(&mut out, "people:", &people);
    line(&mut out, "incidents:", &incidents);
    let _ = writeln!(
        out,
        "links: {} proposals for review: {}",
        resolution.people.links.len(),
        resolution.people.proposals.len()
    );
    explain(&mut out, "people", &people);
    explain(&mut out, "incidents", &incidents);
    Ok(out)
}

fn items(golds: &[Value], analyses: &[Analysis], r: &Resolution) -> (Vec<Item>, Vec<Item>) {
    let mention_at: HashMap<(&str, &str), usize> = r
        .mentions
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.report.as_str(), m.entity.as_str()), i))
        .collect();
    let event_at: HashMap<(&str, &str), usize> = r
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.report.as_str(), e.event.as_str()), i))
        .collect();
    let mut people = Vec::new();
    let mut incidents = Vec::new();
    for (g, a) in golds.iter().zip(analyses) {
        let id = g["id"].as_str().unwrap_or("?");
        let doc = a.document.id.as_str();
        let gold_people = g["people"].as_object().into_iter().flatten();
        for (name, person) in gold_people {
            let entity = find_person(a, name);
            people.push(Item {
                label: format!("{id}: {name}"),
                gold: person.as_str().unwrap_or_default().to_owned(),
                predicted: entity
                    .and_then(|e| mention_at.get(&(doc, e)))
                    .map(|&m| r.people.person[m]),
            });
        }
        for ev in g["events"].as_array().into_iter().flatten() {
            let kind = ev["type"].as_str().unwrap_or_default();
            let found = a
                .events
                .iter()
                .find(|e| e.kind.as_str() == kind && !e.status.negated && !e.status.hypothetical);
            incidents.push(Item {
                label: format!("{id}: {kind}"),
                gold: ev["incident"].as_str().unwrap_or_default().to_owned(),
                predicted: found
                    .and_then(|e| event_at.get(&(doc, e.id.as_str())))
                    .map(|&i| r.incident_of[i]),
            });
        }
    }
    (people, incidents)
}

/// The local id of the report's person entity named `name`, else one whose name holds it or
/// is held by it.
fn find_person<'a>(a: &'a Analysis, name: &str) -> Option<&'a str> {
    let persons = || a.entities.iter().filter(|e| e.kind == EntityKind::Person);
    persons()
        .find(|e| e.name == name)
        .or_else(|| persons().find(|e| e.name.contains(name) || name.contains(e.name.as_str())))
        .map(|e| e.id.as_str())
}

/// Predicted cluster per item; items the extractor missed get clusters of their own.
fn predicted(items: &[Item]) -> Vec<usize> {
    let top = items
        .iter()
        .filter_map(|i| i.predicted)
        .max()
        .map_or(0, |m| m + 1);
    items
        .iter()
        .enumerate()
        .map(|(k, i)| i.predicted.unwrap_or(top + k))
        .collect()
}

/// Pairwise precision and recall, and B-cubed precision, recall and F1.
fn figures(items: &[Item]) -> [f64; 5] {
    let pred = predicted(items);
    let (mut both, mut in_pred, mut in_gold) = (0, 0, 0);
    let (mut b3p, mut b3r) = (0.0, 0.0);
    for i in 0..items.len() {
        let (mut same_both, mut same_pred, mut same_gold) = (0, 0, 0);
        for j in 0..items.len() {
            let p = pred[i] == pred[j];
            let g = items[i].gold == items[j].gold;
            same_pred += usize::from(p);
            same_gold += usize::from(g);
            same_both += usize::from(p && g);
            if j > i {
                in_pred += usize::from(p);
                in_gold += usize::from(g);
                both += usize::from(p && g);
            }
        }
        b3p += ratio(same_both, same_pred);
        b3r += ratio(same_both, same_gold);
    }
    let n = items.len().max(1) as f64;
    let (bp, br) = (b3p / n, b3r / n);
    let pp = if in_pred == 0 {
        1.0
    } else {
        ratio(both, in_pred)
    };
    [pp, ratio(both, in_gold), bp, br, f1(bp, br)]
}

fn line(out: &mut String, name: &str, items: &[Item]) {
    let [pp, pr, bp, br, bf] = figures(items);
    let gold_clusters = items
        .iter()
        .map(|i| i.gold.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let _ = writeln!(
        out,
        "{name:<11}pairwise precision {pp:.3} recall {pr:.3} F1 {:.3}  B3-precision {bp:.3} B3-recall {br:.3} B3-F1 {bf:.3}  ({} items, {gold_clusters} gold clusters, {} missed by extract)",
        f1(pp, pr),
        items.len(),
        items.iter().filter(|i| i.predicted.is_none()).count(),
    );
}

/// The wrong merges and the splits, one line each, so a failure can be read.
fn explain(out: &mut String, what: &str, items: &[Item]) {
    let pred = predicted(items);
    let mut by_pred: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_gold: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, i) in items.iter().enumerate() {
        by_pred.entry(pred[k]).or_default().push(k);
        by_gold.entry(i.gold.as_str()).or_default().push(k);
    }
    for members in by_pred.values() {
        let golds: std::collections::BTreeSet<&str> =
            members.iter().map(|&k| items[k].gold.as_str()).collect();
        if golds.len() > 1 {
            let labels: Vec<&str> = members.iter().map(|&k| items[k].label.as_str()).collect();
            let _ = writeln!(out, "  {what} wrongly merged: {}", labels.join(" | "));
        }
    }
    for (gold, members) in by_gold {
        let preds: std::collections::BTreeSet<usize> = members.iter().map(|&k| pred[k]).collect();
        if preds.len() > 1 {
            let labels: Vec<&str> = members.iter().map(|&k| items[k].label.as_str()).collect();
            let _ = writeln!(out, "  {what} split ({gold}): {}", labels.join(" | "));
        }
    }
}
