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
