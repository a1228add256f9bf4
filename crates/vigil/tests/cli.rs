//! The `vigil` binary on good and bad input: each bad input gives one line on
//! stderr naming it and the reason, the run exits non-zero, the good inputs
//! of the same run are still printed in input order, and nothing panics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const GOOD_1: &str = "Court Fines Orlan Pensioners\n\nA court in Orlan fined four pensioners on \
                      Monday for a rally against higher heating tariffs, their lawyer said.\n";
const GOOD_2: &str = "Blogger Released in Teshken\n\nTESHKEN, Karvistan -- Police released the \
                      blogger Rustam Kaliyev on Friday after ten days of administrative arrest.\n";

/// A fresh folder for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write input");
    path.display().to_string()
}

fn vigil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .output()
        .expect("vigil runs")
}

/// Run `vigil`, killing it and failing if it takes longer than `limit`.
/// Output goes through files in `dir`, so a full pipe never stalls the child.
fn vigil_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("vigil runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("vigil can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vigil {args:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: std::fs::read(out_path).expect("stdout"),
        stderr: std::fs::read(err_path).expect("stderr"),
    }
}

fn stdout_docs(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn assert_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "killed by a signal: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("overflow"), "{stderr}");
}

/// The one stderr line about `input`, which must also give `reason`.
fn assert_reported(lines: &[String], input: &str, reason: &str) {
    let about: Vec<&String> = lines.iter().filter(|l| l.contains(input)).collect();
    assert_eq!(about.len(), 1, "one line about {input} in {lines:#?}");
    assert!(
        about[0].contains(reason),
        "{input}: expected {reason:?} in {:?}",
        about[0]
    );
}

#[test]
fn bad_inputs_are_reported_and_good_ones_still_printed_in_order() {
    let dir = scratch("bad_inputs");
    let good_1 = write(&dir, "good-1.txt", GOOD_1);
    let empty = write(&dir, "empty.txt", "");
    let blank = write(&dir, "blank.txt", " \n\t\n  \n");
    let binary = write(&dir, "junk.bin", binary_junk());
    let truncated = write(
        &dir,
        "truncated.html",
        "<!DOCTYPE html><html><head><title>Police detain prot",
    );
    let no_body = write(
        &dir,
        "no-body.html",
        "<html><body><nav><a href=/>Home</a> | <a href=/world>World</a></nav>\
         <footer>Contact us</footer></body></html>",
    );
    let unknown = write(&dir, "unknown-charset.html", unknown_charset_page());
    let missing = dir.join("missing.txt").display().to_string();
    let good_2 = write(&dir, "good-2.txt", GOOD_2);

    let inputs = [
        &good_1, &empty, &blank, &binary, &truncated, &no_body, &unknown, &missing, &good_2,
    ];
    let mut args = vec!["extract"];
    args.extend(inputs.iter().map(|s| s.as_str()));
    let out = vigil(&args);

    assert_no_panic(&out);
    assert!(!out.status.success(), "a bad input makes the run fail");
    let docs = stdout_docs(&out);
    let sources: Vec<&str> = docs
        .iter()
        .map(|d| d["document"]["source"].as_str().expect("source"))
        .collect();
    assert_eq!(sources, [good_1.as_str(), good_2.as_str()]);

    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 7, "one line per bad input: {lines:#?}");
    assert_reported(&lines, &empty, "empty input");
    assert_reported(&lines, &blank, "empty input");
    assert_reported(&lines, &binary, "binary");
    assert_reported(&lines, &truncated, "no article body");
    assert_reported(&lines, &no_body, "no article body");
    assert_reported(&lines, &unknown, "unknown character encoding \"x-martian\"");
    assert_reported(&lines, &missing, "no such file");
}

/// Bytes of an image-like file: a header, then every byte value.
fn binary_junk() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..4096u32).map(|i| u8::try_from(i % 256).expect("in range")));
    bytes
}

/// A page declaring a charset nobody knows, whose bytes read as no language.
fn unknown_charset_page() -> Vec<u8> {
    let mut bytes = b"<html><head><meta charset=\"x-martian\"></head><body><p>".to_vec();
    for b in [0x85u8, 0x99, 0xA9, 0xAE, 0xB0, 0xB1, 0xB6, 0xA7, 0xAB, 0xBB].repeat(20) {
        bytes.extend([b, b' ']);
    }
    bytes.extend(b"</p></body></html>");
    bytes
}

#[test]
fn a_50_mb_page_is_refused_by_default_and_processed_when_allowed() {
    let dir = scratch("large");
    let big = write(&dir, "big.html", big_page());
    let good = write(&dir, "good.txt", GOOD_1);

    let out = vigil(&["extract", &big, &good]);
    assert_no_panic(&out);
    assert!(!out.status.success());
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_reported(&lines, &big, "over the limit of 16777216 bytes");
    assert_eq!(
        stdout_docs(&out).len(),
        1,
        "the good input is still printed"
    );

    let out = vigil(&["extract", "--max-bytes", "60000000", &big]);
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_docs(&out);
    assert_eq!(docs.len(), 1);
    let text = docs[0]["document"]["text"].as_str().expect("text");
    assert!(text.contains("detained eleven students"), "{text}");
}

/// An article behind 50 MB of inline script data, as some pages really are.
fn big_page() -> Vec<u8> {
    let mut page =
        String::from("<!DOCTYPE html><html><head><title>Students Detained</title><script>var d=[");
    let row = "\"0123456789abcdef0123456789abcdef0123456789abcdef\",";
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(row);
    }
    page.push_str(
        "];</script></head><body><article><h1>Students Detained in Velgrad</h1>\
         <p>VELGRAD, Orestia — Police detained eleven students on Monday who were protesting \
         against a rise in tuition fees outside the education ministry, their union said.</p>\
         <p>The students were released in the evening without charge, the union added.</p>\
         </article></body></html>",
    );
    page.into_bytes()
}

#[test]
fn deeply_nested_markup_does_not_crash() {
    let dir = scratch("nested");
    let depth = 100_000;
    let mut page = "<div>".repeat(depth);
    page.push_str(
        "<p>Police detained seven activists in Orlan on Sunday as they unfurled a banner \
         against the new media law, witnesses said.</p>",
    );
    page.push_str(&"</div>".repeat(depth));
    let nested = write(&dir, "nested.html", page);
    let good = write(&dir, "good.txt", GOOD_2);

    let out = vigil_within(&dir, &["extract", &nested, &good], Duration::from_secs(120));
    assert_no_panic(&out);
    let docs = stdout_docs(&out);
    let lines = stderr_lines(&out);
    let sources: Vec<&str> = docs
        .iter()
        .map(|d| d["document"]["source"].as_str().expect("source"))
        .collect();
    if lines.is_empty() {
        assert_eq!(sources, [nested.as_str(), good.as_str()]);
        assert!(out.status.success());
    } else {
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].contains(&nested), "{lines:#?}");
        assert_eq!(sources, [good.as_str()]);
        assert!(!out.status.success());
    }
}

fn worked_example() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/worked-example/bishkek-pensioners.txt")
        .display()
        .to_string()
}

#[test]
fn worked_example_prints_a_vigil_analysis() {
    let input = worked_example();
    let out = vigil(&["extract", "--published", "2024-03-15", &input]);
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_docs(&out);
    assert_eq!(docs.len(), 1);
    let analysis = &docs[0];
    assert_eq!(analysis["schema"], "vigil.analysis/1");
    assert_eq!(analysis["document"]["source"], input.as_str());
    assert_eq!(analysis["document"]["published"], "2024-03-15");
    assert_eq!(analysis["document"]["dateline"], "BISHKEK, Kyrgyzstan");
    assert_eq!(analysis["document"]["language"], "en");
    for list in ["entities", "events", "diagnostics"] {
        assert!(analysis[list].is_array(), "{list} is a list");
    }
}

#[test]
fn raw_text_keeps_the_input_verbatim() {
    let input = worked_example();
    let out = vigil(&["extract", "--raw-text", &input]);
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_docs(&out);
    let original = std::fs::read_to_string(&input).expect("example is there");
    assert_eq!(docs[0]["document"]["text"], original.as_str());
    assert_eq!(docs[0]["schema"], "vigil.analysis/1");
}

#[test]
fn stdin_is_read_when_no_file_is_given() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(GOOD_2.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("vigil ends");
    assert_no_panic(&out);
    let docs = stdout_docs(&out);
    assert_eq!(docs[0]["document"]["source"], "-");
    assert_eq!(docs[0]["document"]["dateline"], "TESHKEN, Karvistan");
}
