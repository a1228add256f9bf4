//! Rule fixtures: short synthetic sentences, several per event type and per status, date
//! and count form (`tests/fixtures/rules*.txt`, one file per area), each group's events
//! snapshotted with insta. Each line is its own document, published 2024-03-15.

use std::fmt::Write as _;

use chrono::NaiveDate;
use vigil_extract::{Lexicon, extract};
use vigil_model::{Analysis, Document};

/// The fixture files, one per area; group names are unique across them.
const FIXTURES: [&str; 4] = [
    include_str!("fixtures/rules.txt"),
    include_str!("fixtures/rules-events.txt"),
    include_str!("fixtures/rules-names.txt"),
    include_str!("fixtures/rules-reference.txt"),
];

/// One compact line per event (or per diagnostic) of `analysis`.
fn describe(analysis: &Analysis) -> String {
    let mut out = String::new();
    let name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|i| analysis.entities.iter().find(|e| &e.id == i))
            .map_or(String::new(), |e| format!(" ={}", e.name))
    };
    for e in &analysis.events {
        let _ = write!(out, "  {} \"{}\"", e.kind.as_str(), e.trigger.text);
        for p in &e.participants {
            let count = p
                .count
                .as_ref()
                .map_or(String::new(), |c| format!(" [{:?}..{:?}]", c.min, c.max));
            let _ = write!(
                out,
                " | {:?}: {}{}{}",
                p.role,
                p.text,
                name(&p.entity),
                count
            );
        }
        if let Some(d) = &e.date {
            let _ = write!(
                out,
                " | date: {} → {:?}..{:?} {:?}",
                d.text, d.start, d.end, d.precision
            );
        }
        if let Some(p) = &e.place {
            let _ = write!(out, " | place: {:?} site {:?}", p.name, p.site);
        }
        for (label, v) in [("claim", &e.claim), ("charge", &e.charge)] {
            if let Some(v) = v {
                let _ = write!(out, " | {label}: {v}");
            }
        }
        if let Some(p) = &e.penalty {
            let _ = write!(out, " | penalty: {:?} {}", p.kind, p.text);
        }
        if !e.force.is_empty() {
            let force: Vec<&str> = e.force.iter().map(|f| f.as_str()).collect();
            let _ = write!(out, " | force: {}", force.join(", "));
        }
        if let Some(r) = &e.status.reported_by {
            let _ = write!(out, " | reported by: {r}");
        }
        out.push('\n');
    }
    for d in &analysis.diagnostics {
        let _ = writeln!(out, "  ! {} {}", d.code, d.message);
    }
    out
}

fn groups() -> Vec<(String, Vec<&'static str>)> {
    let mut groups: Vec<(String, Vec<&'static str>)> = Vec::new();
    let lines = FIXTURES.iter().flat_map(|f| f.lines());
    for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("## ") {
            assert!(
                groups.iter().all(|g| g.0 != name),
                "fixture group {name} is named twice"
            );
            groups.push((name.to_owned(), Vec::new()));
        } else if !line.starts_with('#')
            && let Some(group) = groups.last_mut()
        {
            group.1.push(line);
        }
    }
    groups
}

#[test]
fn rule_fixtures() {
    let lexicon = Lexicon::english();
    let published = NaiveDate::from_ymd_opt(2024, 3, 15);
    let all = groups();
    assert!(
        all.iter().map(|g| g.1.len()).sum::<usize>() >= 60,
        "at least 60 fixtures"
    );
    for (group, lines) in all {
        let mut report = String::new();
        for line in lines {
            let mut doc = Document::new("fixture", line.to_owned());
            doc.published = published;
            let _ = writeln!(report, "{line}\n{}", describe(&extract(&doc, &lexicon)));
        }
        let name = group.replace(' ', "_");
        insta::assert_snapshot!(name, report);
    }
}
