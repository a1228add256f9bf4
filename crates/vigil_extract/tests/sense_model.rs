//! The word-sense model is made by a deterministic trainer from committed inputs: retraining
//! gives the same bytes, and the committed model is what the trainer makes (that part runs
//! only where the protest notes are present beside the checkout).

use std::path::Path;

use vigil_extract::{Lexicon, SenseExample, SenseModel, train_sense};

const SENTENCES: &str = include_str!("../../../data/models/sense-sentences.tsv");
const IDS: &str = include_str!("../../../data/models/notes-tune-ids.txt");
const MODEL: &str = include_str!("../../../data/models/sense.tsv");
const NOTES: &str = "../../../shared/data/protest-notes/dev.jsonl";

#[test]
fn retraining_a_slice_gives_the_same_bytes() {
    let lexicon = Lexicon::english().without_sense_model();
    let examples = SenseExample::from_sentences(SENTENCES).expect("valid sentences");
    let slice = &examples[..40];
    let first = train_sense(slice, &lexicon);
    assert_eq!(first, train_sense(slice, &lexicon));
    assert!(first.lines().count() > 20, "the slice teaches something");
    assert!(SenseModel::parse(&first).is_ok());
}

#[test]
fn the_committed_model_is_what_the_trainer_makes() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join(NOTES);
    let Ok(notes) = std::fs::read_to_string(notes) else {
        eprintln!("protest-notes absent: only the parse of the committed model is checked");
        assert!(SenseModel::parse(MODEL).is_ok());
        return;
    };
    let lexicon = Lexicon::english().without_sense_model();
    let mut examples = SenseExample::from_sentences(SENTENCES).expect("valid sentences");
    examples.extend(SenseExample::from_notes(&notes, IDS).expect("valid notes"));
    assert_eq!(train_sense(&examples, &lexicon), MODEL);
}

#[test]
fn the_model_tells_both_senses_apart_and_says_why() {
    let lexicon = Lexicon::english();
    let died = |text: &str| {
        let found = SenseModel::explain(text, &lexicon);
        let hit = found
            .into_iter()
            .find(|e| e.trigger == "died")
            .expect("\"died\" is a candidate");
        assert!(!hit.features.is_empty(), "the decision names its features");
        hit.score
    };
    let crackdown = died("Three protesters died after police opened fire in Zhanaozen.");
    let illness = died("Her uncle died of a heart attack in Osh last year.");
    assert!(crackdown > illness, "{crackdown} vs {illness}");
    let killings = |text: &str| {
        let doc = vigil_model::Document::new("-", text.to_owned());
        vigil_extract::extract(&doc, &lexicon)
            .events
            .iter()
            .filter(|e| e.kind == vigil_model::EventType::Killing)
            .count()
    };
    assert_eq!(
        killings("Three protesters died after police opened fire in Zhanaozen."),
        1
    );
    assert_eq!(
        killings("Her uncle died of a heart attack in Osh last year."),
        0
    );
}
