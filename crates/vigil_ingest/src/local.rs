//! Files and directories: pages read with a size cap (after gunzip, too), directories walked
//! in sorted order, feed files parsed.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use vigil_model::RawPage;

use crate::found::Found;
use crate::source::FileKind;
use crate::{IngestError, IngestSettings, Source, archive, feed, sniff};

/// Reads a local source, calling `emit` for each page, feed or error, in sorted path order.
/// URLs are not local and give nothing here.
pub(crate) fn read_source(
    source: &Source,
    settings: &IngestSettings,
    emit: &mut dyn FnMut(Result<Found, IngestError>),
) {
    match source {
        Source::File(path) => emit(read_page(path, settings).map(Found::Page)),
        Source::Feed(path) => emit(read_feed(path, settings)),
        Source::Warc(path) => archive::read(path, settings, emit),
        Source::Dir(path) => walk(path, &mut |found| match found {
            Ok(inner) => read_source(&inner, settings, emit),
            Err(e) => emit(Err(e)),
        }),
        Source::Url(_) => {}
    }
}

/// Reads a whole file, gunzipping it when it starts with the gzip magic number, and fails
/// rather than read more than `cap` bytes (a gzip bomb stops at the cap).
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_owned(),
        source,
    };
    let mut reader = BufReader::new(fs::File::open(path).map_err(io)?);
    let gzipped = sniff::is_gzip(reader.fill_buf().map_err(io)?);
    let mut bytes = Vec::new();
    let limit = cap.saturating_add(1);
    if gzipped {
        flate2::bufread::MultiGzDecoder::new(reader)
            .take(limit)
            .read_to_end(&mut bytes)
    } else {
        reader.take(limit).read_to_end(&mut bytes)
    }
    .map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(IngestError::TooLarge {
            what: path.display().to_string(),
            limit: cap,
        });
    }
    Ok(bytes)
}

fn read_page(path: &Path, settings: &IngestSettings) -> Result<crate::Fetched, IngestError> {
    let bytes = read_capped(path, settings.max_bytes)?;
    Ok(crate::Fetched {
        page: RawPage {
            source: path.display().to_string(),
            url: None,
            content_type: content_type_by_name(path).map(str::to_owned),
            published: None,
            bytes,
        },
        status: None,
        fetched_at: Some((settings.clock)()),
        final_url: None,
        validators: crate::Validators::default(),
        title: None,
        outlet: None,
    })
}

fn read_feed(path: &Path, settings: &IngestSettings) -> Result<Found, IngestError> {
    let bytes = read_capped(path, settings.max_bytes)?;
    let label = path.display().to_string();
    let parsed = feed::parse(&bytes, &label, None)?;
    Ok(Found::feed(label, parsed, crate::Validators::default()))
}

/// The content type a report file's name implies (`.html`, `.htm`, `.txt`, and `.gz` of
/// those); `None` for any other file.
pub fn content_type_by_name(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let inner = name.strip_suffix(".gz").unwrap_or(&name);
    if inner.ends_with(".html") || inner.ends_with(".htm") {
        Some("text/html")
    } else if inner.ends_with(".txt") {
        Some("text/plain")
    } else {
        None
    }
}

/// Visits the readable files under `dir`, depth first, entries sorted by name; hidden
/// entries are skipped and symbolic links to directories are not followed (no cycles).
fn walk(dir: &Path, visit: &mut dyn FnMut(Result<Source, IngestError>)) {
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(source) => {
            return visit(Err(IngestError::Io {
                path: dir.to_owned(),
                source,
            }));
        }
    };
    for path in entries {
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if !is_link {
                    walk(&path, visit);
                }
            }
            Ok(_) => {
                if let Some(source) = file_source(path) {
                    visit(Ok(source));
                }
            }
            Err(source) => visit(Err(IngestError::Io { path, source })),
        }
    }
}

/// The source for a file met in a directory; `.xml` only when it holds a feed, and files of
/// other kinds are not inputs at all.
fn file_source(path: PathBuf) -> Option<Source> {
    let kind = match FileKind::from_name(&path) {
        FileKind::Xml if FileKind::from_head(&path) == FileKind::Feed => FileKind::Feed,
        kind => kind,
    };
    kind.into_source(path).ok()
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).expect("in-memory write");
        encoder.finish().expect("in-memory gzip")
    }

    #[test]
    fn gzip_bombs_stop_at_the_cap() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bomb.html.gz");
        fs::write(&path, gzip(&vec![b' '; 1_000_000])).expect("write");
        let err = read_capped(&path, 1000).err().map(|e| e.to_string());
        assert_eq!(
            err,
            Some(format!(
                "{}: larger than the cap of 1000 bytes",
                path.display()
            ))
        );
        assert_eq!(
            read_capped(&path, 1_000_000).map(|b| b.len()).ok(),
            Some(1_000_000)
        );
    }

    #[test]
    fn corrupt_gzip_is_an_io_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("broken.txt.gz");
        let mut bytes = gzip(b"a plain report");
        bytes.truncate(12);
        fs::write(&path, bytes).expect("write");
        assert!(matches!(
            read_capped(&path, 1000),
            Err(IngestError::Io { .. })
        ));
    }
}
