//! Clean and score one or more benchmark-layout sets (the
//! article-extraction benchmark, `clean-dev/dragnet`, `clean-dev/readability`)
//! without building the `vigil` binary: the tuning loop of the clean stage.
//!
//! Each set's F1 is printed whole and for its two halves, split by a hash of
//! the page id (`tune`: tune on its errors; `check`: only score it), with the
//! benchmark's metric (the same as `vigil eval clean`). `--worst N` lists the
//! N worst `tune` pages of each set; `--dump DIR` writes `DIR/<set>/<id>.txt`.
//!
//! `--single` cleans each page on its own; by default every set's pages are
//! first read into a [`SiteBlocks`], so that blocks a site repeats on many
//! of its pages count as furniture (the learning pass is timed too).
//!
//! `cargo run --release -p vigil_clean --example sets_score -- [--worst N] [--dump DIR] [--single] SET_DIR...`

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use vigil_clean::{CleanSettings, SiteBlocks, clean_on_site};
use vigil_model::RawPage;

/// FNV-1a of the id: even is the tune half, odd the check half.
fn is_tune(id: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.is_multiple_of(2)
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    for i in 0..toks.len().saturating_sub(3).max(1) {
        *counts
            .entry(toks[i..(i + 4).min(toks.len())].to_vec())
            .or_insert(0) += 1;
    }
    counts
}

/// Page precision and recall by the benchmark's definition.
fn score(truth: &str, pred: &str) -> (f64, f64) {
    let (t, p) = (shingles(truth), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        fp += pc.saturating_sub(t.get(k).copied().unwrap_or(0));
    }
    if fp == 0 && fn_ == 0 {
        return (1.0, 1.0);
    }
    let ratio = |d: usize| if d > 0 { tp as f64 / d as f64 } else { 0.0 };
    (ratio(tp + fp), ratio(tp + fn_))
}

fn f1(s: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = s.len().max(1) as f64;
    let p = s.iter().map(|x| x.0).sum::<f64>() / n;
    let r = s.iter().map(|x| x.1).sum::<f64>() / n;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Unzip one page of a set.
fn read_page(
    set: &std::path::Path,
    id: &str,
    page: &serde_json::Value,
) -> Result<RawPage, Box<dyn std::error::Error>> {
    let mut bytes = Vec::new();
    GzDecoder::new(fs::File::open(
        set.join("html").join(format!("{id}.html.gz")),
    )?)
    .read_to_end(&mut bytes)?;
    Ok(RawPage {
        source: id.to_owned(),
        url: page["url"].as_str().map(str::to_owned),
        content_type: Some("text/html; charset=utf-8".to_owned()),
        bytes,
        ..RawPage::default()
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut worst = 0usize;
    let mut dump: Option<PathBuf> = None;
    let mut single = false;
    let mut sets = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--worst" => worst = args.next().ok_or("--worst N")?.parse()?,
            "--single" => single = true,
            "--dump" => dump = Some(PathBuf::from(args.next().ok_or("--dump DIR")?)),
            _ => sets.push(PathBuf::from(a)),
        }
    }
    let settings = CleanSettings::default();
    for set in &sets {
        let name = set
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("set")
            .to_owned();
        let truth: serde_json::Value =
            serde_json::from_slice(&fs::read(set.join("ground-truth.json"))?)?;
        let mut pages: Vec<_> = truth
            .as_object()
            .ok_or("ground truth is not an object")?
            .iter()
            .collect();
        pages.sort_by(|a, b| a.0.cmp(b.0));
        if let Some(d) = &dump {
            fs::create_dir_all(d.join(&name))?;
        }
        let mut took = Duration::ZERO;
        let mut site = SiteBlocks::new();
        if !single {
            for learn in [false, true] {
                for (id, page) in &pages {
                    let raw = read_page(set, id, page)?;
                    let start = Instant::now();
                    if learn {
                        site.learn(&raw, &settings);
                    } else {
                        site.count(&raw);
                    }
                    took += start.elapsed();
                }
            }
        }
        let (mut all, mut tune, mut check) = (Vec::new(), Vec::new(), Vec::new());
        let mut ranked = Vec::new();
        for (id, page) in pages {
            let raw = read_page(set, id, page)?;
            let start = Instant::now();
            let text = clean_on_site(&raw, &settings, Some(&site))
                .map(|d| d.text)
                .unwrap_or_default();
            took += start.elapsed();
            let s = score(page["articleBody"].as_str().unwrap_or(""), &text);
            all.push(s);
            if is_tune(id) {
                tune.push(s);
                ranked.push((id.clone(), s));
            } else {
                check.push(s);
            }
            if let Some(d) = &dump {
                fs::write(d.join(&name).join(format!("{id}.txt")), text)?;
            }
        }
        let (p, r, f) = f1(&all);
        println!(
            "{name:<30} F1 {f:.4} (P {p:.4} R {r:.4})  tune {:.4} ({})  check {:.4} ({})  {:.1} pages/s",
            f1(&tune).2,
            tune.len(),
            f1(&check).2,
            check.len(),
            all.len() as f64 / took.as_secs_f64().max(1e-9)
        );
        let page_f1 = |s: (f64, f64)| f1(&[s]).2;
        ranked.sort_by(|a, b| page_f1(a.1).total_cmp(&page_f1(b.1)));
        for (id, s) in ranked.iter().take(worst) {
            println!("  {id}\tP {:.3}\tR {:.3}\tF1 {:.3}", s.0, s.1, page_f1(*s));
        }
    }
    Ok(())
}
