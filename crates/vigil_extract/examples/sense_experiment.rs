//! Train a word-sense model on some notes and analyse other notes with it, for choosing the
//! training options on held-out data without touching `data/models/sense.tsv`.
//!
//! `sense_experiment SENTENCES.tsv NOTES.jsonl TRAIN-IDS.txt EVAL.jsonl OUT.jsonl`
//! with `EPOCHS`, `MIN_COUNT` and `VETO` from the environment.

use std::fs::{self, File};
use std::io::{BufWriter, Write};

use vigil_extract::{
    Lexicon, SenseExample, SenseModel, SenseTrainOptions, extract, train_sense_with,
};
use vigil_model::Document;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sentences, notes, ids, eval, out] = args.as_slice() else {
        return Err(
            "usage: sense_experiment SENTENCES.tsv NOTES.jsonl TRAIN-IDS.txt EVAL.jsonl OUT.jsonl"
                .into(),
        );
    };
    let defaults = SenseTrainOptions::default();
    let options = SenseTrainOptions {
        epochs: env("EPOCHS", defaults.epochs),
        min_count: env("MIN_COUNT", defaults.min_count),
    };
    let mut examples = SenseExample::from_sentences(&fs::read_to_string(sentences)?)?;
    examples.extend(SenseExample::from_notes(
        &fs::read_to_string(notes)?,
        &fs::read_to_string(ids)?,
    )?);
    let bare = Lexicon::english().without_sense_model();
    let text = train_sense_with(&examples, &bare, options);
    let mut model = SenseModel::parse(&text)?;
    if let Ok(v) = std::env::var("VETO") {
        model = model.with_veto(v.parse()?);
    }
    let lexicon = Lexicon::english().with_sense_model(model);
    let mut w = BufWriter::new(File::create(out)?);
    for line in fs::read_to_string(eval)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let gold: serde_json::Value = serde_json::from_str(line)?;
        let mut doc = Document::new(
            gold["id"].as_str().unwrap_or("gold"),
            gold["text"].as_str().unwrap_or_default().to_owned(),
        );
        doc.published = gold["published"].as_str().and_then(|d| d.parse().ok());
        serde_json::to_writer(&mut w, &extract(&doc, &lexicon))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
