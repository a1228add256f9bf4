//! The full integrity check (Vigil's invariants; PostgreSQL keeps its own
//! constraints on every write) and the store's sizes.

use vigil_store::{IntegrityReport, StoreStats};

use crate::convert::{Context, Result, to_u64};
use crate::pool::Db;

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
         GROUP BY locator HAVING count(*) > 1) t",
    ),
    (
        "current events of superseded documents",
        "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id
         WHERE e.current AND d.superseded_by IS NOT NULL",
    ),
    (
        "current events missing from the text index",
        // The text always holds the event's type, so an empty row is a lost one.
        "SELECT count(*) FROM events WHERE current AND length(fts) = 0",
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
pub(crate) fn check(db: &mut Db<'_>) -> Result<IntegrityReport> {
    let mut problems = Vec::new();
    for (what, sql) in INVARIANTS {
        let n: i64 = db
            .query_one(sql, &[], "checking an invariant")?
            .try_get(0)
            .ctx("checking an invariant")?;
        if n != 0 {
            problems.push(format!("{n} {what}"));
        }
    }
    Ok(IntegrityReport { problems })
}

/// Sizes of the store.
pub(crate) fn stats(db: &mut Db<'_>) -> Result<StoreStats> {
    let r = db.query_one(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM raw_pages),
                (SELECT count(*) FROM events), (SELECT count(*) FROM event_versions),
                (SELECT count(*) FROM entities), (SELECT max(version) FROM schema_version)",
        &[],
        "counting rows",
    )?;
    let count =
        |i: usize| -> Result<u64> { r.try_get::<_, i64>(i).map(to_u64).ctx("counting rows") };
    let version: Option<i64> = r.try_get(5).ctx("counting rows")?;
    Ok(StoreStats {
        documents: count(0)?,
        raw_pages: count(1)?,
        events: count(2)?,
        event_versions: count(3)?,
        entities: count(4)?,
        schema_version: version.map_or(0, crate::convert::to_u32),
    })
}
