//! Reference and relations: for every fixture of `tests/fixtures/rules-reference.txt`, the
//! people and organisations with the relations the report states (and the words that state
//! them), and each event's participants with the entity they resolve to or, for one
//! described only by kin, whom they are related to. Snapshotted with insta, one per group.

use std::fmt::Write as _;

use chrono::NaiveDate;
use vigil_extract::{Lexicon, extract};
use vigil_model::{Analysis, Document, EntityKind};

const FIXTURES: &str = include_str!("fixtures/rules-reference.txt");

fn describe(a: &Analysis) -> String {
    let mut out = String::new();
    let name = |id: &str| {
        a.entities
            .iter()
            .find(|e| e.id == id)
            .map_or("?", |e| e.name.as_str())
            .to_owned()
    };
    for e in &a.entities {
        if !matches!(e.kind, EntityKind::Person | EntityKind::Organization) {
            continue;
        }
        let _ = write!(out, "  {:?} {}", e.kind, e.name);
        for r in &e.relations {
            let _ = write!(
                out,
                " | {:?} → {} «{}»",
                r.kind,
                name(&r.target),
                r.evidence.text
            );
        }
        out.push('\n');
    }
    for ev in &a.events {
        let _ = write!(out, "  {} \"{}\"", ev.kind.as_str(), ev.trigger.text);
        for p in &ev.participants {
            let _ = write!(out, " | {:?}: {}", p.role, p.text);
            if let Some(id) = &p.entity {
                let _ = write!(out, " ={}", name(id));
            }
            if let Some(r) = &p.related {
                let _ = write!(out, " ({:?} of {})", r.kind, name(&r.entity));
            }
        }
        if let Some(d) = &ev.date {
            let _ = write!(out, " | date: {} → {:?}", d.text, d.start);
        }
        if let Some(p) = &ev.penalty {
            let _ = write!(out, " | penalty: {:?} {}", p.kind, p.text);
        }
        if let Some(ap) = &ev.appeal {
            let of = ap
                .of
                .as_ref()
                .and_then(|id| a.events.iter().find(|x| &x.id == id))
                .map_or(String::new(), |x| {
                    format!(" of {} \"{}\"", x.kind.as_str(), x.trigger.text)
                });
            let _ = write!(out, " | appeal: {:?}{of}", ap.outcome);
        }
        out.push('\n');
    }
    out
}

#[test]
fn reference_fixtures() {
    let lexicon = Lexicon::english();
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for line in FIXTURES.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("## ") {
            groups.push((name.to_owned(), Vec::new()));
        } else if !line.starts_with('#')
            && let Some(group) = groups.last_mut()
        {
            group.1.push(line);
        }
    }
    assert!(
        groups.iter().map(|g| g.1.len()).sum::<usize>() >= 15,
        "at least 15 reference fixtures"
    );
    for (group, lines) in groups {
        let mut report = String::new();
        for line in lines {
            let mut doc = Document::new("fixture", line.to_owned());
            doc.published = NaiveDate::from_ymd_opt(2024, 3, 15);
            let _ = writeln!(report, "{line}\n{}", describe(&extract(&doc, &lexicon)));
        }
        insta::assert_snapshot!(format!("reference_{}", group.replace(' ', "_")), report);
    }
}
