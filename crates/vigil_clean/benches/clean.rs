//! Throughput of `clean` over the article-extraction benchmark's pages.
//!
//! The pages live outside the repository (`../shared/data/…` beside the
//! clone); without them the benchmark says so and measures nothing.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use flate2::read::GzDecoder;
use vigil_clean::{CleanSettings, clean};
use vigil_model::RawPage;

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/article-extraction-benchmark/html")
}

/// Every `*.html.gz` page, unzipped, as a raw page.
fn load_pages(dir: &Path) -> Vec<RawPage> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let mut bytes = Vec::new();
            GzDecoder::new(fs::File::open(&path).ok()?)
                .read_to_end(&mut bytes)
                .ok()?;
            Some(RawPage {
                source: path.display().to_string(),
                content_type: Some("text/html; charset=utf-8".to_owned()),
                bytes,
                ..RawPage::default()
            })
        })
        .collect()
}

fn clean_pages(c: &mut Criterion) {
    let dir = bench_dir();
    let pages = load_pages(&dir);
    if pages.is_empty() {
        eprintln!("clean bench: no pages under {}; skipped", dir.display());
        return;
    }
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let settings = CleanSettings::default();
    let mut group = c.benchmark_group("clean");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("benchmark_pages", |b| {
        b.iter(|| pages.iter().filter(|p| clean(p, &settings).is_ok()).count());
    });
    group.finish();
}

criterion_group!(benches, clean_pages);
criterion_main!(benches);
