//! The design's worked example: the plain-text dump must clean to exactly the
//! `document` of the expected analysis (every field but `source`).

use std::path::PathBuf;

use chrono::NaiveDate;
use vigil_clean::{CleanSettings, clean};
use vigil_model::{Document, RawPage};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/worked-example")
        .join(name)
}

#[test]
fn bishkek_pensioners_document() {
    let path = example("bishkek-pensioners.txt");
    let page = RawPage {
        source: path.display().to_string(),
        published: NaiveDate::from_ymd_opt(2024, 3, 15),
        bytes: std::fs::read(&path).expect("fixture is there"),
        ..RawPage::default()
    };
    let doc = clean(&page, &CleanSettings::default()).expect("the example cleans");

    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(example("bishkek-pensioners.json")).expect("expected output is there"),
    )
    .expect("expected output is JSON");
    let mut want: Document =
        serde_json::from_value(expected["document"].clone()).expect("a document");
    want.source.clone_from(&doc.source);

    assert_eq!(doc.source, path.display().to_string());
    assert_eq!(doc.id, want.id, "id follows the text");
    assert_eq!(doc.title, want.title);
    assert_eq!(doc.dateline, want.dateline);
    assert_eq!(doc.captions, want.captions);
    assert_eq!(doc.text, want.text);
    assert_eq!(doc.language, want.language);
    assert_eq!(doc, want);
}
