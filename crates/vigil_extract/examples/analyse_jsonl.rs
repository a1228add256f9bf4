//! Analyse every line of a gold JSONL file (`text`, optional `published`) and write one
//! `vigil.analysis/1` object per line: a quick loop for tuning the extractor against a
//! `score.py` without building the whole `vigil` binary.
//!
//! `cargo run --release -p vigil_extract --example analyse_jsonl -- GOLD.jsonl OUT.jsonl`

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use vigil_extract::{Lexicon, extract};
use vigil_model::Document;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: analyse_jsonl GOLD.jsonl OUT.jsonl";
    let gold = BufReader::new(File::open(args.next().ok_or(usage)?)?);
    let mut out = BufWriter::new(File::create(args.next().ok_or(usage)?)?);
    let lexicon = Lexicon::english();
    let start = Instant::now();
    let mut n = 0usize;
    for line in gold.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let gold: serde_json::Value = serde_json::from_str(&line)?;
        let text = gold["text"].as_str().unwrap_or_default();
        let mut doc = Document::new(gold["id"].as_str().unwrap_or("gold"), text.to_owned());
        doc.published = gold["published"].as_str().and_then(|d| d.parse().ok());
        serde_json::to_writer(&mut out, &extract(&doc, &lexicon))?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    eprintln!("{n} documents in {:.2?}", start.elapsed());
    Ok(())
}
