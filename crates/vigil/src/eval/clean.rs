//! `vigil eval clean`: the article-extraction benchmark's own metric, on
//! that benchmark or any set in its layout (`clean-dev/dragnet`,
//! `clean-dev/readability`), several sets in one run, each with its own
//! figures.
//!
//! Pages are read one at a time: each is unzipped (not timed), cleaned once on
//! this thread with a clock around the cleaning only, scored and dropped, so
//! pages/s and MB/s measure the clean stage and not the disk or gunzip, and
//! peak memory is that of one page, not of the whole benchmark. Scoring
//! follows the benchmark's evaluation: `\w+` tokens, 4-token shingles as
//! multisets, per-page tp/fp/fn normalised by their sum, precision and
//! recall averaged over the pages, F1 of the two averages.
//!
//! Each set is also scored in two halves split by a hash of the page id
//! (FNV-1a, even: `tune`, odd: `check`), so that a rule tuned on one half's
//! errors can be checked on pages it was not tuned on; `--part tune|check`
//! cleans and scores one half only; `--worst N` lists the
//! pages that score lowest, so that a regression is easy to find.
//!
//! Unless `--single` is given, the pages scored are first read once into a
//! [`SiteBlocks`] (blocks a site repeats on many pages are furniture), as a
//! crawl of several pages per site would; that pass is inside the clock.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use flate2::read::GzDecoder;
use vigil_clean::{CleanSettings, HEAD_BYTES, SiteBlocks, clean_on_site};
use vigil_model::RawPage;

use crate::cli::{EvalCleanArgs, NotesPart};

/// Shingle length of the benchmark's metric.
const SHINGLE: usize = 4;

/// One benchmark page's truth, before its HTML is read.
struct Page {
    id: String,
    url: Option<String>,
    truth: String,
}

/// One page's outcome.
struct Scored {
    id: String,
    url: String,
    precision: Option<f64>,
    recall: Option<f64>,
    failed: bool,
}

/// What the run measured over all pages.
#[derive(Default)]
struct Totals {
    bytes: usize,
    elapsed: Duration,
}

pub fn run(args: &EvalCleanArgs) -> anyhow::Result<ExitCode> {
    let settings = CleanSettings::default();
    for (i, dir) in args.bench.iter().enumerate() {
        if i > 0 {
            println!();
        }
        run_set(dir, args, &settings)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Clean, score and report one set.
fn run_set(dir: &Path, args: &EvalCleanArgs, settings: &CleanSettings) -> anyhow::Result<()> {
    let name = set_name(dir);
    let pages: Vec<Page> = load_truth(dir)?
        .into_iter()
        .filter(|p| in_part(&p.id, args.part))
        .collect();
    let dump = args.dump.as_ref().map(|d| d.join(&name));
    if let Some(dump) = &dump {
        fs::create_dir_all(dump).with_context(|| format!("creating {}", dump.display()))?;
    }
    let mut totals = Totals::default();
    let mut site = SiteBlocks::new();
    if !args.single {
        learn_sites(dir, &pages, settings, &mut site, &mut totals)?;
    }
    let mut scored = Vec::with_capacity(pages.len());
    for page in &pages {
        let html = read_page(dir, &page.id)?;
        totals.bytes += html.len();
        let (prediction, took) = clean_one(page, html, settings, &site);
        totals.elapsed += took;
        if let Some(dump) = &dump {
            let path = dump.join(format!("{}.txt", page.id));
            fs::write(&path, prediction.as_deref().unwrap_or(""))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        scored.push(score_page(page, prediction.as_deref()));
    }
    println!("set        {name}");
    print_summary(&scored, &totals, args.part);
    if args.worst > 0 {
        print_worst(&scored, args.worst);
    }
    if args.per_page {
        print_per_page(&scored);
    }
    Ok(())
}

/// Read the set's pages into `site`: each page's host first (its URL, else
/// the head of its markup), then the whole of the pages whose host has
/// several or was not found there. Gunzip is outside the clock, as for cleaning.
fn learn_sites(
    dir: &Path,
    pages: &[Page],
    settings: &CleanSettings,
    site: &mut SiteBlocks,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let mut hosts = Vec::with_capacity(pages.len());
    for page in pages {
        let raw = raw_page(page, read_head(dir, &page.id)?);
        let start = Instant::now();
        hosts.push(site.count(&raw));
        totals.elapsed += start.elapsed();
    }
    for (page, host) in pages.iter().zip(hosts) {
        if host.is_some_and(|h| !site.is_shared(&h)) {
            continue;
        }
        let raw = raw_page(page, read_page(dir, &page.id)?);
        let start = Instant::now();
        site.learn(&raw, settings);
        totals.elapsed += start.elapsed();
    }
    Ok(())
}

/// Unzip the first [`HEAD_BYTES`] of `html/<id>.html.gz`.
fn read_head(dir: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let mut head = Vec::new();
    GzDecoder::new(fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("unzipping {}", path.display()))?;
    Ok(head)
}

/// The set's folder name (`dragnet`), or the whole path if it has none.
fn set_name(dir: &Path) -> String {
    dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a page is in the `tune` half of its set: FNV-1a of its id is even.
fn is_tune(id: &str) -> bool {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash.is_multiple_of(2)
}

/// Whether page `id` belongs to `part`.
fn in_part(id: &str, part: NotesPart) -> bool {
    match part {
        NotesPart::All => true,
        NotesPart::Tune => is_tune(id),
        NotesPart::Check => !is_tune(id),
    }
}

/// Read `ground-truth.json`: every page's id, URL and true body, sorted by id.
fn load_truth(dir: &Path) -> anyhow::Result<Vec<Page>> {
    let truth_path = dir.join("ground-truth.json");
    let raw = fs::read_to_string(&truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?;
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", truth_path.display()))?;
    let mut pages: Vec<Page> = truth
        .into_iter()
        .map(|(id, entry)| {
            let field = |name: &str| entry.get(name).and_then(|v| v.as_str()).map(str::to_owned);
            Page {
                truth: field("articleBody").unwrap_or_default(),
                url: field("url"),
                id,
            }
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    anyhow::ensure!(!pages.is_empty(), "no pages in {}", truth_path.display());
    Ok(pages)
}

/// Unzip `html/<id>.html.gz`.
fn read_page(dir: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let mut html = Vec::new();
    GzDecoder::new(fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?)
        .read_to_end(&mut html)
        .with_context(|| format!("unzipping {}", path.display()))?;
    Ok(html)
}

/// Clean one page; its body text (or `None`) and the time the cleaning took.
fn clean_one(
    page: &Page,
    html: Vec<u8>,
    settings: &CleanSettings,
    site: &SiteBlocks,
) -> (Option<String>, Duration) {
    let raw = raw_page(page, html);
    let start = Instant::now();
    let text = clean_on_site(&raw, settings, Some(site))
        .ok()
        .map(|doc| doc.text);
    (text, start.elapsed())
}

fn raw_page(page: &Page, html: Vec<u8>) -> RawPage {
    RawPage {
        source: page.id.clone(),
        url: page.url.clone(),
        content_type: Some("text/html; charset=utf-8".to_owned()),
        published: None,
        bytes: html,
    }
}

fn score_page(page: &Page, prediction: Option<&str>) -> Scored {
    let (tp, fp, fn_) = shingle_match(&page.truth, prediction.unwrap_or(""));
    let (precision, recall) = precision_recall(tp, fp, fn_);
    Scored {
        id: page.id.clone(),
        url: page.url.clone().unwrap_or_default(),
        precision,
        recall,
        failed: prediction.is_none(),
    }
}

/// The `\w+` tokens of `text` (Unicode word characters).
fn tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.split(|c: char| !is_word(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The multiset of 4-token shingles; a text shorter than that is one shingle of all its tokens.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    let n = toks.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..n {
        let end = (i + SHINGLE).min(toks.len());
        *counts.entry(toks[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// True positives, false positives and false negatives, divided by their sum.
fn shingle_match(truth: &str, prediction: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(prediction);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (key, &pc) in &p {
        fp += pc.saturating_sub(t.get(key).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
}

/// Page precision and recall as the benchmark defines them.
fn precision_recall(tp: f64, fp: f64, fn_: f64) -> (Option<f64>, Option<f64>) {
    if fp == 0.0 && fn_ == 0.0 {
        return (Some(1.0), Some(1.0));
    }
    let ratio = |den: f64| if den > 0.0 { Some(tp / den) } else { Some(0.0) };
    (ratio(tp + fp), ratio(tp + fn_))
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn page_f1(s: &Scored) -> f64 {
    f1(s.precision.unwrap_or(0.0), s.recall.unwrap_or(0.0))
}

/// The pages, lowest F1 first (ties by id, so the order is stable).
fn worst_first(scored: &[Scored]) -> Vec<&Scored> {
    let mut order: Vec<&Scored> = scored.iter().collect();
    order.sort_by(|a, b| page_f1(a).total_cmp(&page_f1(b)).then(a.id.cmp(&b.id)));
    order
}

fn print_worst(scored: &[Scored], n: usize) {
    for s in worst_first(scored).into_iter().take(n) {
        let half = if is_tune(&s.id) { "tune" } else { "check" };
        let mark = if s.failed { " (no body)" } else { "" };
        println!(
            "worst      {:.3}  P {:.3} R {:.3}  {half:<5}  {}{mark}",
            page_f1(s),
            s.precision.unwrap_or(0.0),
            s.recall.unwrap_or(0.0),
            s.id
        );
    }
}

fn print_per_page(scored: &[Scored]) {
    println!("id\tprecision\trecall\tf1\turl");
    for s in worst_first(scored) {
        let fmt = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.3}"));
        let mark = if s.failed { " (no body)" } else { "" };
        println!(
            "{}\t{}\t{}\t{:.3}\t{}{mark}",
            s.id,
            fmt(s.precision),
            fmt(s.recall),
            page_f1(s),
            s.url
        );
    }
}

fn print_summary(scored: &[Scored], totals: &Totals, part: NotesPart) {
    let precision = mean(scored.iter().filter_map(|s| s.precision));
    let recall = mean(scored.iter().filter_map(|s| s.recall));
    let failed = scored.iter().filter(|s| s.failed).count();
    let secs = totals.elapsed.as_secs_f64().max(1e-9);
    let megabytes = totals.bytes as f64 / 1e6;
    println!("pages      {} ({failed} with no body)", scored.len());
    println!("precision  {precision:.4}");
    println!("recall     {recall:.4}");
    println!("F1         {:.4}", f1(precision, recall));
    let half_f1 = |tune: bool| {
        let half: Vec<&Scored> = scored.iter().filter(|s| is_tune(&s.id) == tune).collect();
        let p = mean(half.iter().filter_map(|s| s.precision));
        let r = mean(half.iter().filter_map(|s| s.recall));
        (f1(p, r), half.len())
    };
    if part == NotesPart::All {
        let ((tune, nt), (check, nc)) = (half_f1(true), half_f1(false));
        println!("halves     tune F1 {tune:.4} ({nt} pages), check F1 {check:.4} ({nc} pages)");
    }
    println!(
        "speed      {:.1} pages/s, {:.2} MB/s ({megabytes:.1} MB of HTML in {secs:.3} s, one thread, gunzip not timed)",
        scored.len() as f64 / secs,
        megabytes / secs,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unicode_word_runs() {
        assert_eq!(
            tokens("Bişkek'te, 5 kişi_x gözaltı!"),
            ["Bişkek", "te", "5", "kişi_x", "gözaltı"]
        );
    }

    #[test]
    fn short_text_is_one_shingle() {
        let s = shingles("two words");
        assert_eq!(s.len(), 1);
        assert_eq!(s.get(&vec!["two", "words"]), Some(&1));
        assert!(shingles(" ... ").is_empty());
    }

    #[test]
    fn shingles_are_multisets() {
        let s = shingles("a b c d a b c d");
        assert_eq!(s.get(&vec!["a", "b", "c", "d"]), Some(&2));
        assert_eq!(s.values().sum::<usize>(), 5);
    }

    #[test]
    fn exact_match_scores_one() {
        let (tp, fp, fn_) = shingle_match("one two three four five", "one two three four five");
        assert_eq!((tp, fp, fn_), (1.0, 0.0, 0.0));
        assert_eq!(precision_recall(tp, fp, fn_), (Some(1.0), Some(1.0)));
    }

    #[test]
    fn extra_text_lowers_precision_only() {
        // truth: 2 shingles; prediction adds one word: 3 shingles, 2 shared.
        let (tp, fp, fn_) = shingle_match("a b c d e", "a b c d e f");
        assert!((tp - 2.0 / 3.0).abs() < 1e-12);
        assert!((fp - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(fn_, 0.0);
        let (p, r) = precision_recall(tp, fp, fn_);
        assert!((p.expect("defined") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r, Some(1.0));
    }

    #[test]
    fn empty_prediction_scores_zero() {
        let (tp, fp, fn_) = shingle_match("a b c d e", "");
        assert_eq!(precision_recall(tp, fp, fn_), (Some(0.0), Some(0.0)));
    }

    #[test]
    fn halves_split_by_id_hash() {
        // FNV-1a("a") = 0xaf63dc4c8601ec8c (even), FNV-1a("b") = 0xaf63df4c8601f1a5 (odd).
        assert!(is_tune("a"));
        assert!(!is_tune("b"));
        assert!(in_part("a", NotesPart::Tune) && !in_part("a", NotesPart::Check));
        assert!(in_part("b", NotesPart::Check) && !in_part("b", NotesPart::Tune));
        assert!(in_part("a", NotesPart::All) && in_part("b", NotesPart::All));
        assert_eq!(set_name(Path::new("/data/clean-dev/dragnet")), "dragnet");
    }

    #[test]
    fn f1_of_averages() {
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(f1(0.0, 0.0), 0.0);
    }
}
