//! The full integrity check: SQLite's own checks and Vigil's invariants.

use rusqlite::Connection;
use vigil_store::{IntegrityReport, StoreStats};

use crate::convert::{Context, Result, to_u64};
use crate::migrate;

/// Vigil's invariants, each a query that counts its violations.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "documents without their analysis",
        "SELECT count(*) FROM documents d WHERE NOT EXISTS
         (SELECT 1 FROM analyses a WHERE a.document_id = d.id)",
    ),
    (
        "events whose current version is missing",
        "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_versions v
         WHERE v.event_id = e.id AND v.version = e.current_version)",
    ),
    (
        "events whose review state differs from their current version's",
        "SELECT count(*) FROM events e JOIN event_versions v
         ON v.event_id = e.id AND v.version = e.current_version WHERE v.review <> e.review",
    ),
    (
        "entities whose current version is missing",
        "SELECT count(*) FROM entities n WHERE NOT EXISTS (SELECT 1 FROM entity_versions v
         WHERE v.entity_id = n.id AND v.version = n.current_version)",
    ),
    (
        "locators with two latest versions",
        "SELECT count(*) FROM (SELECT locator FROM documents WHERE superseded_by IS NULL
         GROUP BY locator HAVING count(*) > 1)",
    ),
    (
        "current events missing from the text index",
        "SELECT (SELECT count(*) FROM events WHERE current = 1) - (SELECT count(*) FROM event_fts)",
    ),
    (
        "links whose subject is missing",
        "SELECT count(*) FROM links l WHERE
           (l.kind = 'person' AND NOT EXISTS (SELECT 1 FROM entities n WHERE n.id = l.subject))
           OR (l.kind = 'incident' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = l.subject))",
    ),
    (
        "links to a cluster of the other kind",
        "SELECT count(*) FROM links l JOIN clusters c ON c.id = l.cluster_id WHERE c.kind <> l.kind",
    ),
];

/// Runs every check and gathers the problems.
pub(crate) fn check(conn: &Connection) -> Result<IntegrityReport> {
    let mut problems = engine_messages(conn, "PRAGMA integrity_check")?;
    problems.retain(|m| m != "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .ctx("checking foreign keys")?;
    if fk > 0 {
        problems.push(format!("{fk} rows break a foreign key"));
    }
    for (what, sql) in INVARIANTS {
        let n: i64 = conn
            .query_row(sql, [], |r| r.get(0))
            .ctx("checking an invariant")?;
        if n != 0 {
            problems.push(format!("{n} {what}"));
        }
    }
    Ok(IntegrityReport { problems })
}

fn engine_messages(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    conn.prepare(sql)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .ctx("running the engine's integrity check")
}

/// Sizes of the store.
pub(crate) fn stats(conn: &Connection) -> Result<StoreStats> {
    let count = |table: &str| -> Result<u64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map(to_u64)
            .ctx("counting rows")
    };
    Ok(StoreStats {
        documents: count("documents")?,
        raw_pages: count("raw_pages")?,
        events: count("events")?,
        event_versions: count("event_versions")?,
        entities: count("entities")?,
        schema_version: migrate::version(conn)?,
    })
}
