//! `vigil extract`: clean and analyse each input.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use vigil_clean::{CleanSettings, clean};
use vigil_extract::{Lexicon, extract};
use vigil_model::RawPage;

use crate::cli::ExtractArgs;
use crate::output::{Written, write_line};

pub fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let settings = CleanSettings {
        max_bytes: args.max_bytes,
        raw_text: args.raw_text,
    };
    let stdin_only = vec!["-".to_owned()];
    let inputs = if args.inputs.is_empty() {
        &stdin_only
    } else {
        &args.inputs
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let lexicon = Lexicon::english();
    for input in inputs {
        match analyse(input, args, &settings, &lexicon) {
            Ok(json) => {
                if let Written::PipeClosed = write_line(&mut out, &json).context("stdout")? {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            Err(reason) => {
                failed += 1;
                eprintln!("vigil: {input}: {reason}");
            }
        }
    }
    match out.flush() {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => return Err(err).context("stdout"),
        _ => {}
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One input to one JSON line, or the one-line reason it failed.
fn analyse(
    input: &str,
    args: &ExtractArgs,
    settings: &CleanSettings,
    lexicon: &Lexicon,
) -> Result<String, String> {
    let bytes = read_input(input, settings.max_bytes)?;
    let page = RawPage {
        source: input.to_owned(),
        url: args.url.clone(),
        content_type: None,
        published: args.published,
        bytes,
    };
    let document = clean(&page, settings).map_err(|err| err.to_string())?;
    let analysis = extract(&document, lexicon);
    serde_json::to_string(&analysis).map_err(|err| format!("cannot serialise: {err}"))
}

/// Read a file or stdin, refusing more than `max_bytes` without reading it all.
fn read_input(input: &str, max_bytes: usize) -> Result<Vec<u8>, String> {
    let reader: Box<dyn Read> = if input == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(input).map_err(|err| io_reason(&err))?)
    };
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|err| io_reason(&err))?;
    if bytes.len() > max_bytes {
        return Err(format!(
            "input is over the limit of {max_bytes} bytes (raise it with --max-bytes)"
        ));
    }
    Ok(bytes)
}

fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => format!("cannot read: {err}"),
    }
}
