//! Names and places of the name fixtures (`tests/fixtures/rules-names.txt`): every entity each
//! line yields (kind, name, aliases, role, and a place's country), snapshotted with insta per
//! group; and the choice among places of the same name by the report's dateline and the
//! other places it names.

use std::fmt::Write as _;

use vigil_extract::{Lexicon, extract};
use vigil_model::{Analysis, Document, EntityKind};

const FIXTURES: &str = include_str!("fixtures/rules-names.txt");

/// One line per entity of `analysis`.
fn entities(analysis: &Analysis) -> String {
    let mut out = String::new();
    for e in &analysis.entities {
        let kind = match e.kind {
            EntityKind::Person => "person",
            EntityKind::Organization => "org",
            EntityKind::Group => "group",
            EntityKind::Location => "place",
        };
        let _ = write!(out, "  {kind}: {}", e.name);
        if !e.aliases.is_empty() {
            let _ = write!(out, " | aliases: {}", e.aliases.join(", "));
        }
        if let Some(role) = &e.role {
            let _ = write!(out, " | role: {role}");
        }
        if let Some(country) = &e.country {
            let _ = write!(out, " | country: {country}");
        }
        out.push('\n');
    }
    out
}

fn groups() -> Vec<(String, Vec<&'static str>)> {
    let mut groups: Vec<(String, Vec<&'static str>)> = Vec::new();
    for line in FIXTURES.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("## ") {
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
fn name_fixtures() {
    let lexicon = Lexicon::english();
    let all = groups();
    assert!(
        all.iter().map(|g| g.1.len()).sum::<usize>() >= 15,
        "at least 15 name fixtures"
    );
    for (group, lines) in all {
        let mut report = String::new();
        for line in lines {
            let doc = Document::new("fixture", line.to_owned());
            let _ = writeln!(report, "{line}\n{}", entities(&extract(&doc, &lexicon)));
        }
        insta::assert_snapshot!(group.replace(' ', "_"), report);
    }
}

/// The country of the place entity called `name` in the analysis of `text` under `dateline`.
fn country_of(text: &str, dateline: Option<&str>, name: &str) -> Option<String> {
    let lexicon = Lexicon::english();
    let mut doc = Document::new("fixture", text.to_owned());
    doc.dateline = dateline.map(str::to_owned);
    extract(&doc, &lexicon)
        .entities
        .into_iter()
        .find(|e| e.kind == EntityKind::Location && e.name == name)
        .and_then(|e| e.country)
}

#[test]
fn homonym_places_follow_the_dateline_and_the_report() {
    let text = "Police detained two farmers in Asaka on Monday.";
    // Alone, the most populous Asaka (Japan); under a Tashkent dateline, the Uzbek town.
    assert_eq!(country_of(text, None, "Asaka").as_deref(), Some("JP"));
    assert_eq!(
        country_of(text, Some("TASHKENT, Uzbekistan"), "Asaka").as_deref(),
        Some("UZ")
    );
    // A place named before it settles it too.
    let text = "Police in Yerevan said officers detained two farmers in Armavir.";
    assert_eq!(country_of(text, None, "Armavir").as_deref(), Some("AM"));
    let text = "Officers detained two farmers in Armavir.";
    assert_eq!(country_of(text, None, "Armavir").as_deref(), Some("RU"));
}

#[test]
fn acronyms_and_common_words_are_places_only_in_context() {
    let places = |text: &str| -> Vec<String> {
        let lexicon = Lexicon::english();
        let doc = Document::new("fixture", text.to_owned());
        extract(&doc, &lexicon)
            .entities
            .into_iter()
            .filter(|e| e.kind == EntityKind::Location)
            .map(|e| e.name)
            .collect()
    };
    assert_eq!(
        places("The UN said police detained a blogger in Almaty."),
        ["Almaty"]
    );
    assert_eq!(
        places("Reading the verdict, the judge wept."),
        Vec::<String>::new()
    );
    assert_eq!(
        places("Police detained a protester in Reading."),
        ["Reading"]
    );
}
