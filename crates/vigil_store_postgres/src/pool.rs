//! The store's connections: a small pool of clients, each with its prepared
//! statements, and every call a transaction on one of them.
//!
//! The pool is a mutex over idle clients rather than a pool crate: the trait
//! is synchronous, a call holds its client for one transaction, and a client
//! that is busy elsewhere is simply not in the list, so a new one is opened
//! (up to the server's own limit) and kept if fewer than `keep` are idle.
//! A client whose connection broke is dropped instead of returned.
//!
//! Reads run in a read-only `REPEATABLE READ` transaction, so that a call
//! that reads several tables (a document, then its raw page) sees one
//! snapshot. Writes run in a `READ COMMITTED` transaction that first takes
//! one transaction-scoped advisory lock: writers are serialised as in the
//! SQLite store, whose semantics (versions numbered per locator, one review
//! after another) they keep exactly, across any number of processes and
//! machines; readers never wait for them.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use postgres::types::ToSql;
use postgres::{Client, Config, IsolationLevel, NoTls, Row, Statement, Transaction};
use vigil_store::StoreError;

use crate::convert::{Context, Result};

/// The key of the advisory lock that serialises writers ("vigil" in ASCII).
const WRITE_LOCK: i64 = 0x76_69_67_69_6c;

/// Prepared statements kept per client; dynamic search SQL can vary, so the
/// cache is emptied when it grows past this.
const MAX_STATEMENTS: usize = 256;

/// One connection and its prepared statements.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// The clients of one database.
pub(crate) struct Pool {
    config: Config,
    keep: usize,
    idle: Mutex<Vec<Conn>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("keep", &self.keep)
            .finish_non_exhaustive()
    }
}

impl Pool {
    /// A pool for `config` that keeps up to `keep` idle clients; one client is
    /// opened now, so that a wrong address fails at once.
    pub(crate) fn new(config: Config, keep: usize) -> Result<Self> {
        let pool = Self {
            config,
            keep: keep.max(1),
            idle: Mutex::new(Vec::new()),
        };
        let conn = pool.connect()?;
        lock(&pool.idle).push(conn);
        Ok(pool)
    }

    fn connect(&self) -> Result<Conn> {
        let client = self.config.connect(NoTls).ctx("connecting to PostgreSQL")?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
        })
    }

    fn take(&self) -> Result<Conn> {
        match lock(&self.idle).pop() {
            Some(conn) if !conn.client.is_closed() => Ok(conn),
            _ => self.connect(),
        }
    }

    fn give_back(&self, conn: Conn) {
        if conn.client.is_closed() {
            return;
        }
        let mut idle = lock(&self.idle);
        if idle.len() < self.keep {
            idle.push(conn);
        }
    }

    /// Runs `f` in a read-only snapshot.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        self.run(false, f)
    }

    /// Runs `f` in one write transaction, committed if `f` succeeds.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        self.run(true, f)
    }

    /// Runs `f` in a transaction that does not wait for the writers' lock:
    /// the work queue, whose rows are locked one by one.
    pub(crate) fn queue<T>(&self, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let out = (|| {
            let Conn { client, statements } = &mut conn;
            let tx = client.transaction().ctx("starting a queue update")?;
            let mut db = Db { tx, statements };
            let out = f(&mut db)?;
            db.tx.commit().ctx("committing a queue update")?;
            Ok(out)
        })();
        self.give_back(conn);
        out
    }

    /// Runs `f` on a client outside the store's transactions (migrations).
    pub(crate) fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let out = f(&mut conn.client);
        // Statements may have been invalidated by a schema change.
        conn.statements.clear();
        self.give_back(conn);
        out
    }

    fn run<T>(&self, write: bool, f: impl FnOnce(&mut Db<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let out = Self::transaction(&mut conn, write, f);
        self.give_back(conn);
        out
    }

    fn transaction<T>(
        conn: &mut Conn,
        write: bool,
        f: impl FnOnce(&mut Db<'_>) -> Result<T>,
    ) -> Result<T> {
        let Conn { client, statements } = conn;
        if statements.len() > MAX_STATEMENTS {
            statements.clear();
        }
        let tx = if write {
            client
                .build_transaction()
                .isolation_level(IsolationLevel::ReadCommitted)
                .start()
                .ctx("starting a write")?
        } else {
            client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .ctx("starting a read")?
        };
        let mut db = Db { tx, statements };
        if write {
            db.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        }
        let out = f(&mut db)?;
        db.tx.commit().ctx("committing")?;
        Ok(out)
    }
}

/// A poisoned lock still guards sound clients: a panic inside a call dropped
/// its transaction, which rolled back.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One transaction with its client's statement cache.
pub(crate) struct Db<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

/// Parameters of a query.
pub(crate) type Params<'p> = [&'p (dyn ToSql + Sync)];

impl Db<'_> {
    fn statement(&mut self, sql: &str, context: &'static str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql).ctx(context)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// Every row of a query.
    pub(crate) fn query(
        &mut self,
        sql: &str,
        params: &Params<'_>,
        context: &'static str,
    ) -> Result<Vec<Row>> {
        let statement = self.statement(sql, context)?;
        self.tx.query(&statement, params).ctx(context)
    }

    /// The one row of a query, if any; more than one is a bug.
    pub(crate) fn query_opt(
        &mut self,
        sql: &str,
        params: &Params<'_>,
        context: &'static str,
    ) -> Result<Option<Row>> {
        let statement = self.statement(sql, context)?;
        self.tx.query_opt(&statement, params).ctx(context)
    }

    /// The one row of a query.
    pub(crate) fn query_one(
        &mut self,
        sql: &str,
        params: &Params<'_>,
        context: &'static str,
    ) -> Result<Row> {
        let statement = self.statement(sql, context)?;
        self.tx.query_one(&statement, params).ctx(context)
    }

    /// Streams the rows of a query without parameters to `each`.
    pub(crate) fn for_each(
        &mut self,
        sql: &str,
        context: &'static str,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        use postgres::fallible_iterator::FallibleIterator;
        let statement = self.statement(sql, context)?;
        let none: [&(dyn ToSql + Sync); 0] = [];
        let mut rows = self.tx.query_raw(&statement, none).ctx(context)?;
        while let Some(row) = rows.next().ctx(context)? {
            each(&row)?;
        }
        Ok(())
    }

    /// The types of a statement's parameters.
    pub(crate) fn param_types(
        &mut self,
        sql: &str,
        context: &'static str,
    ) -> Result<Vec<postgres::types::Type>> {
        Ok(self.statement(sql, context)?.params().to_vec())
    }

    /// Runs a statement; returns the rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, params: &Params<'_>) -> Result<u64> {
        let statement = self.statement(sql, "running a statement")?;
        self.tx
            .execute(&statement, params)
            .ctx("running a statement")
    }

    /// Runs a statement, naming what it does for its errors.
    pub(crate) fn exec(
        &mut self,
        sql: &str,
        params: &Params<'_>,
        context: &'static str,
    ) -> Result<u64> {
        let statement = self.statement(sql, context)?;
        self.tx.execute(&statement, params).ctx(context)
    }
}

/// Refuses a URL that names no database the pool could reach.
pub(crate) fn parse_config(url: &str) -> Result<Config> {
    url.parse::<Config>().map_err(|e| StoreError::InvalidUrl {
        url: redact(url),
        reason: e.to_string(),
    })
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{user}@{host}{slash}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_left_out_of_messages() {
        assert_eq!(
            redact("postgres://vigil:s3cret@db.example:5432/vigil"),
            "postgres://vigil@db.example:5432/vigil"
        );
        assert_eq!(redact("postgres://db/vigil"), "postgres://db/vigil");
        assert_eq!(redact("host=db user=vigil"), "host=db user=vigil");
        assert!(parse_config("postgres://vigil@127.0.0.1:5/v").is_ok());
        assert!(parse_config("postgres://[::1").is_err());
    }
}
