//! The model serialises to exactly the shape of the design's worked example.

use vigil_model::Analysis;

const EXPECTED: &str = include_str!("../../../fixtures/worked-example/bishkek-pensioners.json");

#[test]
fn worked_example_round_trips_exactly() {
    let analysis: Analysis = serde_json::from_str(EXPECTED).expect("example parses");
    let again = serde_json::to_value(&analysis).expect("serialises");
    let original: serde_json::Value = serde_json::from_str(EXPECTED).expect("valid JSON");
    assert_eq!(again, original);
}

#[test]
fn worked_example_id_is_hash_of_text() {
    let analysis: Analysis = serde_json::from_str(EXPECTED).expect("example parses");
    assert_eq!(
        analysis.document.id,
        vigil_model::document_id(&analysis.document.text)
    );
}

/// The optional facts added after the worked example: an appeal's outcome and the sentence it
/// concerns, a participant described by kin, an employee relation. Absent, they are not
/// written (the worked example above stays exact); present, they have these names.
#[test]
fn appeal_related_and_employee_fields_have_their_names() {
    use vigil_model::{Appeal, AppealOutcome, Related, RelationKind};
    let appeal = Appeal {
        outcome: AppealOutcome::Reduced,
        of: Some("e1".to_owned()),
    };
    assert_eq!(
        serde_json::to_value(&appeal).expect("serialises"),
        serde_json::json!({"outcome": "reduced", "of": "e1"})
    );
    let filed = Appeal {
        outcome: AppealOutcome::Filed,
        of: None,
    };
    assert_eq!(
        serde_json::to_value(&filed).expect("serialises"),
        serde_json::json!({"outcome": "filed"})
    );
    let related = Related {
        kind: RelationKind::Spouse,
        entity: "n2".to_owned(),
    };
    assert_eq!(
        serde_json::to_value(&related).expect("serialises"),
        serde_json::json!({"type": "spouse", "entity": "n2"})
    );
    assert_eq!(
        serde_json::to_value(RelationKind::EmployeeOf).expect("serialises"),
        serde_json::json!("employee_of")
    );
    let back: Appeal =
        serde_json::from_value(serde_json::json!({"outcome": "overturned"})).expect("parses");
    assert_eq!(back.outcome, AppealOutcome::Overturned);
}
