//! Throughput of `extract` over the events-dev texts (skipped when the shared data is absent),
//! and over 1×, 10× and 100× a pathological input (no punctuation, control characters) to
//! show the time is linear in the input length.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigil_extract::{Lexicon, extract};
use vigil_model::Document;

const DEV: &str = "../../../shared/data/events-dev";

fn dev_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEV);
    let mut texts = Vec::new();
    for file in ["wikievents-dev.jsonl", "rams-dev.jsonl"] {
        let Ok(data) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        for line in data.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                texts.push(t.to_owned());
            }
        }
    }
    texts
}

fn bench_dev(c: &mut Criterion) {
    let texts = dev_texts();
    if texts.is_empty() {
        eprintln!("extract bench: {DEV} not found, skipping the dev-text benchmark");
        return;
    }
    let lexicon = Lexicon::english();
    let docs: Vec<Document> = texts.into_iter().map(|t| Document::new("dev", t)).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    eprintln!(
        "extract bench: {} documents, {bytes} bytes, {words} words",
        docs.len()
    );
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("events-dev", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(extract(black_box(d), &lexicon));
            }
        });
    });
    group.finish();
}

fn pathological(scale: usize) -> String {
    let unit = "police detained protesters near the building \u{7}\u{0} без точек and 12 ";
    unit.repeat(scale * 150)
}

fn bench_linear(c: &mut Criterion) {
    let lexicon = Lexicon::english();
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for scale in [1, 10, 100] {
        let doc = Document::new("bad", pathological(scale));
        group.throughput(Throughput::Bytes(doc.text.len() as u64));
        group.bench_function(format!("{scale}x"), |b| {
            b.iter(|| black_box(extract(&doc, &lexicon)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_dev, bench_linear);
criterion_main!(benches);
