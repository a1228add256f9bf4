//! Train the word-sense model (`data/models/sense.tsv`) from the labelled sentences and,
//! when given, the tune part of the protest notes; print it on stdout.
//!
//! ```text
//! cargo run --release -p vigil_extract --example train_sense -- \
//!     data/models/sense-sentences.tsv \
//!     ../shared/data/protest-notes/dev.jsonl data/models/notes-tune-ids.txt \
//!     > data/models/sense.tsv
//! ```
//!
//! Only the notes whose id is listed in the ids file are read (the tune part); see
//! `data/models/README.md` and [`vigil_extract::SenseExample::from_notes`] for the labels.

use std::fs;

use vigil_extract::{Lexicon, SenseExample, train_sense};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: train_sense SENTENCES.tsv [NOTES.jsonl TUNE-IDS.txt]";
    let sentences = fs::read_to_string(args.first().ok_or(usage)?)?;
    let mut examples = SenseExample::from_sentences(&sentences)?;
    match args.as_slice() {
        [_] => {}
        [_, notes, ids] => examples.extend(SenseExample::from_notes(
            &fs::read_to_string(notes)?,
            &fs::read_to_string(ids)?,
        )?),
        _ => return Err(usage.into()),
    }
    let lexicon = Lexicon::english().without_sense_model();
    print!("{}", train_sense(&examples, &lexicon));
    Ok(())
}
