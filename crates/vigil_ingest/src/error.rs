//! The one error type of the crate: each variant names the input it is about and prints as
//! one line, so that a batch can report it and go on.

use std::path::PathBuf;
use std::time::Duration;

/// Why one source, file, record or URL could not be read.
///
/// Every variant carries the path or URL it is about; `Display` is one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// A command-line argument that names no usable source.
    #[error("{arg}: {reason}")]
    Source {
        /// The argument as given.
        arg: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file or directory could not be read (or a gzip stream in it is corrupt).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A page, feed or record larger than the configured cap; it was not read whole.
    #[error("{what}: larger than the cap of {limit} bytes")]
    TooLarge {
        /// The path, URL or WARC record.
        what: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// The request failed before an HTTP status came back (DNS, connection, TLS, body).
    #[error("{url}: fetch failed: {}", root_cause(source))]
    Fetch {
        /// The URL requested.
        url: String,
        /// The client's error.
        source: reqwest::Error,
    },
    /// The server answered with a status other than success or "not modified".
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The connection or the whole request took longer than allowed.
    #[error("{url}: timed out (limit {}s)", after.as_secs_f64())]
    Timeout {
        /// The URL requested.
        url: String,
        /// The time allowed: to connect, or for the whole request.
        after: Duration,
    },
    /// The redirects went round in a circle or were more than allowed.
    #[error("{url}: redirect loop or more than {limit} redirects")]
    RedirectLoop {
        /// The URL requested.
        url: String,
        /// The redirect limit.
        limit: usize,
    },
    /// A feed that is not valid RSS, Atom or JSON Feed, or one of its items has no link.
    #[error("{url}: bad feed: {reason}")]
    Feed {
        /// The feed's URL or path.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A WARC file that cannot be read further, or a response record in it that is malformed.
    #[error("{}: bad WARC: {reason}", path.display())]
    Warc {
        /// The WARC file.
        path: PathBuf,
        /// What is wrong, and in which record.
        reason: String,
    },
    /// The HTTP client or the async runtime could not be set up.
    #[error("cannot set up the HTTP client: {reason}")]
    Client {
        /// The underlying error, as text.
        reason: String,
    },
}

/// The innermost cause of an error: for a network failure the only informative part
/// ("Connection refused"), where the outer layers repeat the URL.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_print_as_one_line_naming_the_input() {
        let errors = [
            IngestError::Status {
                url: "http://a.test/x".into(),
                status: 404,
            },
            IngestError::TooLarge {
                what: "http://a.test/big".into(),
                limit: 10,
            },
            IngestError::Timeout {
                url: "http://a.test/slow".into(),
                after: Duration::from_millis(500),
            },
            IngestError::Io {
                path: "reports/a.html".into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
            },
        ];
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "http://a.test/x: HTTP status 404",
                "http://a.test/big: larger than the cap of 10 bytes",
                "http://a.test/slow: timed out (limit 0.5s)",
                "reports/a.html: not found",
            ]
        );
    }
}
