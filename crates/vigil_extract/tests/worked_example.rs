//! The design's worked example: the events of `bishkek-pensioners.json`, compared field by
//! field (types, trigger texts, dates, participants' roles, texts and entity names, place,
//! claim, charge, penalty, status) with what `extract` finds in its document.

use serde_json::{Value, json};
use vigil_extract::{Lexicon, extract};
use vigil_model::{Analysis, Document};

const EXPECTED: &str = include_str!("../../../fixtures/worked-example/bishkek-pensioners.json");

/// The comparable view of one analysis's events: entity ids replaced by entity names.
fn view(analysis: &Value) -> Value {
    let name_of = |id: &Value| -> Value {
        analysis["entities"]
            .as_array()
            .and_then(|es| es.iter().find(|e| &e["id"] == id))
            .map_or(Value::Null, |e| e["name"].clone())
    };
    let events: Vec<Value> = analysis["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let anchor = e["date"]["anchor"].as_str().and_then(|a| {
                analysis["events"].as_array()?.iter().find(|x| x["id"] == a).map(|x| x["trigger"]["text"].clone())
            });
            let place = if e["place"].is_null() {
                Value::Null
            } else {
                json!({
                    "entity": name_of(&e["place"]["entity"]),
                    "name": e["place"]["name"],
                    "country": e["place"]["country"],
                    "site": e["place"]["site"],
                    "precision": e["place"]["precision"],
                })
            };
            let participants: Vec<Value> = e["participants"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|p| json!({"role": p["role"], "text": p["text"], "entity": name_of(&p["entity"]), "count": p["count"]}))
                .collect();
            json!({
                "type": e["type"],
                "trigger": e["trigger"]["text"],
                "date": [e["date"]["start"], e["date"]["end"], e["date"]["precision"], e["date"]["text"], anchor],
                "place": place,
                "participants": participants,
                "claim": e["claim"],
                "charge": e["charge"],
                "penalty": e["penalty"],
                "status": e["status"],
            })
        })
        .collect();
    Value::Array(events)
}

fn analyse() -> Analysis {
    let expected: Value = serde_json::from_str(EXPECTED).expect("the fixture is JSON");
    let document: Document =
        serde_json::from_value(expected["document"].clone()).expect("a document");
    extract(&document, &Lexicon::english())
}

#[test]
fn worked_example_events_match_the_design() {
    let expected: Value = serde_json::from_str(EXPECTED).expect("the fixture is JSON");
    let got = serde_json::to_value(analyse()).expect("serialisable");
    let (want, have) = (view(&expected), view(&got));
    let (want, have) = (
        want.as_array().expect("events"),
        have.as_array().expect("events"),
    );
    for (i, w) in want.iter().enumerate() {
        assert_eq!(have.get(i), Some(w), "event {} differs", i + 1);
    }
    assert_eq!(have.len(), want.len(), "extra events: {have:#?}");
}

#[test]
fn worked_example_snapshot() {
    let got = serde_json::to_value(analyse()).expect("serialisable");
    insta::assert_json_snapshot!(view(&got));
}
