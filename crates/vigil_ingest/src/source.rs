//! Sources as named on the command line: what kind of input each argument is.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::IngestError;
use crate::sniff;

/// One input to ingest, as named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// One page in a file: HTML or plain text, gzipped or not.
    File(PathBuf),
    /// A directory, read recursively in sorted order: `.html`, `.htm`, `.txt` and their
    /// `.gz`, `.warc` and `.warc.gz`, `.rss` and `.atom`, and `.xml` files that are feeds.
    Dir(PathBuf),
    /// An RSS or Atom feed in a file; every item's link is fetched.
    Feed(PathBuf),
    /// A WARC archive, `.warc` or `.warc.gz`: its HTML response records.
    Warc(PathBuf),
    /// An `http(s)` URL of a page or of a feed (told apart when it arrives).
    Url(String),
}

impl Source {
    /// Reads a command-line argument: a URL, or a path to a file or directory.
    ///
    /// A file is classified by its name (`.xml` named on its own is taken for a feed), then
    /// by its first bytes (a WARC header or a feed root); anything else given by name is read
    /// as a page.
    pub fn parse(arg: &str) -> Result<Self, IngestError> {
        if let Some((scheme, _)) = arg.split_once("://") {
            return parse_url(arg, scheme);
        }
        let path = PathBuf::from(arg);
        let meta = fs::metadata(&path).map_err(|source| IngestError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            return Ok(Self::Dir(path));
        }
        let kind = match FileKind::from_name(&path) {
            FileKind::Xml => FileKind::Feed,
            FileKind::Unknown => FileKind::from_head(&path),
            known => known,
        };
        Ok(kind.into_source(path).unwrap_or_else(Self::File))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) | Self::Dir(path) | Self::Feed(path) | Self::Warc(path) => {
                write!(f, "{}", path.display())
            }
            Self::Url(url) => f.write_str(url),
        }
    }
}

fn parse_url(arg: &str, scheme: &str) -> Result<Source, IngestError> {
    let bad = |reason: String| IngestError::Source {
        arg: arg.to_owned(),
        reason,
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad(format!(
            "unsupported URL scheme `{scheme}` (http and https are read)"
        )));
    }
    let url = reqwest::Url::parse(arg).map_err(|e| bad(format!("invalid URL: {e}")))?;
    if url.host_str().is_none() {
        return Err(bad("URL without a host".to_owned()));
    }
    Ok(Source::Url(arg.to_owned()))
}

/// What a file holds, as far as its name or first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `.html`, `.htm`, `.txt`, gzipped or not.
    Page,
    /// `.rss`, `.atom`, or sniffed.
    Feed,
    /// `.xml`: a feed only if its content says so.
    Xml,
    /// `.warc`, `.warc.gz`, or sniffed.
    Warc,
    /// Anything else.
    Unknown,
}

impl FileKind {
    /// The kind by file name, case-insensitively, looking through a final `.gz`.
    pub(crate) fn from_name(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let inner = name.strip_suffix(".gz").unwrap_or(&name);
        match inner.rsplit_once('.').map(|(_, ext)| ext) {
            Some("html" | "htm" | "txt") => Self::Page,
            Some("rss" | "atom") => Self::Feed,
            Some("xml") => Self::Xml,
            Some("warc") => Self::Warc,
            _ => Self::Unknown,
        }
    }

    /// The kind by the first bytes of the file (decompressed if gzipped); `Unknown` when they
    /// are neither a WARC header nor a feed root, or cannot be read.
    pub(crate) fn from_head(path: &Path) -> Self {
        let head = read_head(path).unwrap_or_default();
        if sniff::is_warc(&head) {
            Self::Warc
        } else if sniff::is_feed(&head) {
            Self::Feed
        } else {
            Self::Unknown
        }
    }

    /// The source for a file of this kind; `Err(path)` for kinds that are not one by themselves.
    pub(crate) fn into_source(self, path: PathBuf) -> Result<Source, PathBuf> {
        match self {
            Self::Page => Ok(Source::File(path)),
            Self::Feed => Ok(Source::Feed(path)),
            Self::Warc => Ok(Source::Warc(path)),
            Self::Xml | Self::Unknown => Err(path),
        }
    }
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(sniff::HEAD);
    fs::File::open(path)?
        .take(sniff::HEAD as u64)
        .read_to_end(&mut raw)?;
    if !sniff::is_gzip(&raw) {
        return Ok(raw);
    }
    let mut head = Vec::with_capacity(sniff::HEAD);
    let decoder = flate2::read::MultiGzDecoder::new(fs::File::open(path)?);
    decoder.take(sniff::HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_kinds() {
        let check =
            |name: &str, kind| assert_eq!(FileKind::from_name(Path::new(name)), kind, "{name}");
        check("a/report.HTML", FileKind::Page);
        check("report.htm.gz", FileKind::Page);
        check("dump.txt", FileKind::Page);
        check("crawl.warc.gz", FileKind::Warc);
        check("news.rss", FileKind::Feed);
        check("sitemap.xml", FileKind::Xml);
        check("README.md", FileKind::Unknown);
        check("archive.gz", FileKind::Unknown);
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            Source::parse("https://news.example/a").ok(),
            Some(Source::Url("https://news.example/a".into()))
        );
        let err = Source::parse("ftp://news.example/a")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("ftp://news.example/a: unsupported URL scheme `ftp` (http and https are read)")
        );
        assert!(matches!(
            Source::parse("http://"),
            Err(IngestError::Source { .. })
        ));
    }

    #[test]
    fn missing_paths_are_io_errors() {
        let err = Source::parse("/nonexistent/vigil/report.html");
        assert!(matches!(err, Err(IngestError::Io { .. })), "{err:?}");
    }
}
