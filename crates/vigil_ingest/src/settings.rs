//! Limits and identity of the ingester, chosen by the caller and passed in whole.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// How the ingester reads and fetches. `Default` gives safe limits for news pages.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    /// The largest page, feed or WARC record read, in bytes, after decompression.
    pub max_bytes: u64,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Requests in flight at once, over all hosts.
    pub max_concurrent: usize,
    /// Requests in flight at once to one host (host and port).
    pub max_per_host: usize,
    /// The `User-Agent` header sent with every request.
    pub user_agent: String,
    /// A proxy for every request (`http://host:port`); `None` connects directly. The
    /// environment (`HTTP_PROXY`…) is not read: that is the binary's choice.
    pub proxy: Option<String>,
    /// The clock that stamps `fetched_at` (an input, so that tests can fix it).
    pub clock: fn() -> DateTime<Utc>,
}

impl Default for IngestSettings {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_concurrent: 16,
            max_per_host: 2,
            user_agent: default_user_agent(),
            proxy: None,
            clock: Utc::now,
        }
    }
}

/// `vigil/<version> (+<repository>)`: names the tool and where to learn about it.
pub fn default_user_agent() -> String {
    format!(
        "vigil/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}
