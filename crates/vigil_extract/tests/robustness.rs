//! Bad input: no sentence punctuation, one 1 MB "sentence", control characters, non-English
//! text. No panic, offsets that cut the text, and time that grows linearly with the input.

use std::time::Instant;

use proptest::prelude::*;
use vigil_extract::{Lexicon, extract};
use vigil_model::Document;

fn run(text: String) -> vigil_model::Analysis {
    extract(&Document::new("bad", text), &Lexicon::english())
}

#[test]
fn one_megabyte_without_punctuation_is_linear() {
    let unit =
        "police detained protesters near the building \u{7}\u{0}\u{1b} and 12 women rallied ";
    let time = |n: usize| {
        let text = unit.repeat(n);
        let start = Instant::now();
        let analysis = run(text);
        (start.elapsed().as_secs_f64(), analysis.events.len())
    };
    let (small, _) = time(1_250);
    let (large, events) = time(12_500); // about 1 MB
    assert!(events > 0);
    // ten times the input may take at most forty times the time (linear with slack for noise)
    assert!(
        large < small * 40.0 + 0.5,
        "1x {small:.3}s, 10x {large:.3}s"
    );
}

#[test]
fn non_english_gives_no_events_and_names_the_language() {
    let analysis = run("Полиция задержала в Бишкеке двенадцать пенсионеров, которые вышли к зданию правительства, чтобы выразить протест против роста цен на газ.".to_owned());
    assert!(analysis.events.is_empty());
    let d = analysis.diagnostics.first().expect("a language diagnostic");
    assert_eq!(d.code, "EXTRACT011");
    assert!(d.message.contains("Russian"), "{}", d.message);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_is_safe_and_offsets_cut_it(text in "\\PC{0,300}") {
        let analysis = run(text.clone());
        let chars: Vec<char> = text.chars().collect();
        for e in &analysis.events {
            prop_assert!(e.trigger.start <= e.trigger.end && e.trigger.end <= chars.len());
            let cut: String = chars[e.trigger.start..e.trigger.end].iter().collect();
            prop_assert_eq!(cut, e.trigger.text.clone());
        }
    }

    #[test]
    fn extraction_is_deterministic(text in "[a-zA-Z ,.]{0,200}") {
        prop_assert_eq!(run(text.clone()), run(text));
    }
}
