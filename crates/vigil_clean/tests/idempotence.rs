//! Properties of `clean`: it never panics, and cleaning a document's own text
//! as a plain-text page gives that text back.

use proptest::prelude::*;
use vigil_clean::{CleanSettings, clean};
use vigil_model::RawPage;

fn page(bytes: Vec<u8>, content_type: Option<&str>) -> RawPage {
    RawPage {
        source: "prop".to_owned(),
        content_type: content_type.map(str::to_owned),
        bytes,
        ..RawPage::default()
    }
}

/// Clean `bytes`; if a document comes out, its text must survive a second clean.
fn check_stable(bytes: Vec<u8>, content_type: Option<&str>) -> Result<(), TestCaseError> {
    let settings = CleanSettings::default();
    let Ok(doc) = clean(&page(bytes, content_type), &settings) else {
        return Ok(());
    };
    let again = clean(
        &page(
            doc.text.clone().into_bytes(),
            Some("text/plain; charset=utf-8"),
        ),
        &settings,
    );
    prop_assert_eq!(again.map(|d| d.text), Ok(doc.text));
    Ok(())
}

/// Lines of the kinds a browser dump mixes: furniture, headlines, captions,
/// datelines, story sentences, short headings and blurbs, notices.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Skip to main content".to_owned()),
        Just("Home | World | Politics".to_owned()),
        Just("Live Updates".to_owned()),
        Just("Subscribe to our newsletter for daily updates.".to_owned()),
        Just("This site uses cookies. By continuing, you agree to our privacy policy.".to_owned()),
        Just("Warning: sharing this page may be punishable by a fine or jail.".to_owned()),
        Just("Police Detain Pensioners Protesting Gas Prices".to_owned()),
        Just("Voices of the Steppe".to_owned()),
        Just("Our new series follows herders across the mountain valleys in spring.".to_owned()),
        Just("Pensioners rally near the government building".to_owned()),
        Just("ORLAN, Belorin -- Police detained twelve pensioners on Monday.".to_owned()),
        Just("VELGRAD (Wire) - A court fined two activists for a picket.".to_owned()),
        Just("The pensioners were released later that day, their lawyer said.".to_owned()),
        Just("Tokoev, 67, had been fined 10,000 soms two weeks earlier.".to_owned()),
        Just("By Mira Sadvakas".to_owned()),
        Just("March 15, 2024".to_owned()),
        Just("Tariffs doubled".to_owned()),
        Just("continued on the next line without a capital".to_owned()),
        "[A-Za-z ,.!?\"—-]{0,60}",
        "\\PC{0,40}",
    ]
}

fn dump() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (line(), prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n")]),
        0..24,
    )
    .prop_map(|parts| parts.into_iter().map(|(l, sep)| l + sep).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cleaning_own_text_is_stable_on_dumps(text in dump()) {
        check_stable(text.into_bytes(), None)?;
    }

    #[test]
    fn cleaning_own_text_is_stable_on_any_text(text in "\\PC{0,400}") {
        check_stable(text.into_bytes(), Some("text/plain"))?;
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_stable(bytes, None)?;
    }
}
