//! Clean every page of the article-extraction benchmark and write each body
//! to `OUT/<id>.txt`, timing the cleaning alone: a quick loop for tuning the
//! extractor without building the whole `vigil` binary.
//!
//! `cargo run --release -p vigil_clean --example bench_dump -- BENCH_DIR OUT_DIR`

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use vigil_clean::{CleanSettings, clean};
use vigil_model::RawPage;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let bench = PathBuf::from(args.next().ok_or("usage: bench_dump BENCH_DIR OUT_DIR")?);
    let out = PathBuf::from(args.next().ok_or("usage: bench_dump BENCH_DIR OUT_DIR")?);
    fs::create_dir_all(&out)?;
    let truth: serde_json::Value =
        serde_json::from_slice(&fs::read(bench.join("ground-truth.json"))?)?;
    let pages = truth.as_object().ok_or("ground truth is not an object")?;
    let settings = CleanSettings::default();
    let mut took = Duration::ZERO;
    for (id, page) in pages {
        let mut bytes = Vec::new();
        GzDecoder::new(fs::File::open(
            bench.join("html").join(format!("{id}.html.gz")),
        )?)
        .read_to_end(&mut bytes)?;
        let raw = RawPage {
            source: id.clone(),
            url: page["url"].as_str().map(str::to_owned),
            content_type: Some("text/html; charset=utf-8".to_owned()),
            bytes,
            ..RawPage::default()
        };
        let start = Instant::now();
        let text = clean(&raw, &settings).map(|d| d.text).unwrap_or_default();
        took += start.elapsed();
        fs::write(out.join(format!("{id}.txt")), text)?;
    }
    println!(
        "{} pages in {:.3} s: {:.1} pages/s",
        pages.len(),
        took.as_secs_f64(),
        pages.len() as f64 / took.as_secs_f64()
    );
    Ok(())
}
