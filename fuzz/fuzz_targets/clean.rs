//! Fuzz the clean stage: no panic on any bytes, and a document that comes out
//! is stable: cleaning its own text as a plain-text page gives the same text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_clean::{CleanSettings, clean};
use vigil_model::RawPage;

fuzz_target!(|bytes: &[u8]| {
    let settings = CleanSettings::default();
    let page = RawPage {
        source: "fuzz".to_owned(),
        bytes: bytes.to_vec(),
        ..RawPage::default()
    };
    let Ok(doc) = clean(&page, &settings) else {
        return;
    };
    let again = RawPage {
        source: "fuzz".to_owned(),
        content_type: Some("text/plain; charset=utf-8".to_owned()),
        bytes: doc.text.clone().into_bytes(),
        ..RawPage::default()
    };
    let again = clean(&again, &settings).map(|d| d.text);
    assert_eq!(
        again.as_deref(),
        Ok(doc.text.as_str()),
        "cleaning the document's own text changed it"
    );
});
