//! Throwaway databases for tests and benchmarks: each gets a database of its
//! own on a server it may create databases on, so that tests run in parallel
//! and leave nothing behind.

use std::sync::atomic::{AtomicU32, Ordering};

use postgres::NoTls;
use vigil_store::StoreError;

use crate::convert::{Context, Result};
use crate::pool::parse_config;

/// A database made for one test, dropped (with its connections) on drop.
#[derive(Debug)]
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl ScratchDatabase {
    /// Creates a new empty database on the server of `admin_url` (a
    /// `postgres://` URL whose user may create databases), named after
    /// `prefix`, this process and a counter.
    pub fn create(admin_url: &str, prefix: &str) -> Result<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let clean: String = prefix
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(30)
            .collect::<String>()
            .to_ascii_lowercase();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "vigil_{clean}_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = parse_config(admin_url)?
            .connect(NoTls)
            .ctx("connecting to the test server")?;
        client
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .ctx("creating a test database")?;
        let url = with_database(admin_url, &name)?;
        Ok(Self {
            admin_url: admin_url.to_owned(),
            name,
            url,
        })
    }

    /// The new database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let dropped = parse_config(&self.admin_url).and_then(|config| {
            let mut client = config.connect(NoTls).ctx("connecting to the test server")?;
            client
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
                .ctx("dropping a test database")
        });
        if let Err(e) = dropped {
            tracing::warn!("test database {} is left behind: {e}", self.name);
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> Result<String> {
    let bad = || StoreError::InvalidUrl {
        url: crate::pool::redact(url),
        reason: "expected postgres://[user@]host[:port][/database][?params]".to_owned(),
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let (authority_path, query) = rest
        .split_once('?')
        .map_or((rest, None), |(a, q)| (a, Some(q)));
    let authority = authority_path
        .split_once('/')
        .map_or(authority_path, |(a, _)| a);
    if authority.is_empty() {
        return Err(bad());
    }
    let query = query.map(|q| format!("?{q}")).unwrap_or_default();
    Ok(format!("{scheme}://{authority}/{name}{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_replaced() {
        assert_eq!(
            with_database("postgres://v@127.0.0.1:5/postgres?sslmode=disable", "t1").expect("ok"),
            "postgres://v@127.0.0.1:5/t1?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://v@h", "t2").expect("ok"),
            "postgres://v@h/t2"
        );
        assert!(with_database("host=h", "t").is_err());
    }
}
