//! `vigil export`: the shared exporter of `vigil_export`, writing to
//! stdout, with what a format could not hold told on stderr.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use vigil_export::{self as export, Format, Summary};

use crate::cli::{ExportArgs, ExportFormat};
use crate::filter::{event_filter, open_existing};

/// Runs `vigil export`.
pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.filter.db)?;
    let filter = event_filter(&args.filter, args.query.as_deref())?;
    let format = format(args.format);
    let out = BufWriter::new(std::io::stdout().lock());
    let summary = export::write(&*store, &filter, format, None, out)?;
    tell_left_out(format, &summary, std::io::stderr().lock())?;
    Ok(ExitCode::SUCCESS)
}

fn format(format: ExportFormat) -> Format {
    match format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Acled => Format::Acled,
        ExportFormat::Geojson => Format::Geojson,
    }
}

/// What ACLED's columns could not hold, by reason; GeoJSON's unplaced events.
fn tell_left_out(format: Format, summary: &Summary, mut err: impl Write) -> std::io::Result<()> {
    let skipped = summary.left_out_total();
    match format {
        Format::Acled => {
            writeln!(
                err,
                "acled: {} events written, {skipped} left out",
                summary.written
            )?;
            if summary.folded > 0 {
                writeln!(
                    err,
                    "acled: one row per incident; {} events are in the row of their incident",
                    summary.folded
                )?;
            }
            for (why, n) in &summary.left_out {
                writeln!(err, "  {n:>5}  {why}")?;
            }
        }
        Format::Csv if summary.folded > 0 => {
            writeln!(
                err,
                "csv: {} rows, one per incident; {} events are in the row of their incident",
                summary.written, summary.folded
            )?;
        }
        Format::Geojson if skipped > 0 => {
            writeln!(
                err,
                "geojson: {skipped} events without coordinates left out"
            )?;
        }
        _ => {}
    }
    Ok(())
}
