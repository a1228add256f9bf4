//! Cross-report people and incidents in SQLite (tables of migration 6):
//! clusters, links that are only ever appended and ended, and the blocking
//! keys of documents.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use vigil_store::{
    ClusterId, DocumentId, LinkBatch, LinkId, LinkKind, LinkOutcome, LinkState, LinkTarget,
    NewLink, StoreError, StoredEvent, StoredLink,
};

use crate::convert::{Context, Result, provenance, time_to_sql};
use crate::events::{EVENT_JOINS, EVENT_SELECT, EventRow};

const LINK_COLUMNS: &str = "id, kind, subject, cluster_id, state, rule, score, note, author,
    created_at, ended_by, ended_at, replaced_by";

type LinkRow = (
    i64,
    String,
    i64,
    i64,
    String,
    String,
    Option<f64>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn link_row(r: &Row<'_>) -> rusqlite::Result<LinkRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
    ))
}

fn decode(row: LinkRow) -> Result<StoredLink> {
    let (id, kind, subject, cluster, state, rule, score, note, author, at, ended_by, ended_at, by) =
        row;
    let kind = LinkKind::parse(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("link {id} has kind {kind:?}")))?;
    let state = LinkState::parse(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("link {id} has state {state:?}")))?;
    let ended = match (ended_by, ended_at) {
        (Some(who), Some(when)) => Some(provenance(who, &when)?),
        _ => None,
    };
    Ok(StoredLink {
        id: LinkId(id),
        kind,
        subject,
        target: ClusterId(cluster),
        state,
        rule,
        score,
        note,
        provenance: provenance(author, &at)?,
        ended,
        replaced_by: by.map(LinkId),
    })
}

fn query(conn: &Connection, tail: &str, params: impl rusqlite::Params) -> Result<Vec<StoredLink>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links {tail}");
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(params, link_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading links")?;
    rows.into_iter().map(decode).collect()
}

/// Writes a batch; see `Store::put_links`. Runs inside the caller's transaction.
pub(crate) fn put(conn: &Connection, batch: &LinkBatch) -> Result<LinkOutcome> {
    let who = &batch.provenance.author;
    let at = time_to_sql(&batch.provenance.at);
    for id in &batch.withdraw {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM links WHERE id = ?1", [id.0], |r| r.get(0))
            .optional()
            .ctx("reading a link")?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                what: "link",
                id: id.to_string(),
            });
        }
        end(conn, id.0, who, &at, None)?;
    }
    let mut outcome = LinkOutcome::default();
    let mut created: HashMap<(LinkKind, u32), i64> = HashMap::new();
    for link in &batch.links {
        check_subject(conn, link)?;
        if link.score.is_some_and(|s| !s.is_finite()) {
            return Err(StoreError::Refused(format!(
                "link score {:?} is not a number",
                link.score
            )));
        }
        let cluster = match link.target {
            LinkTarget::Cluster(id) => {
                check_cluster(conn, link.kind, id)?;
                id.0
            }
            LinkTarget::New(label) => {
                if let Some(&id) = created.get(&(link.kind, label)) {
                    id
                } else {
                    conn.prepare_cached(
                        "INSERT INTO clusters (kind, author, created_at) VALUES (?1, ?2, ?3)",
                    )
                    .and_then(|mut s| s.execute(params![link.kind.as_str(), who, at]))
                    .ctx("making a cluster")?;
                    let id = conn.last_insert_rowid();
                    created.insert((link.kind, label), id);
                    outcome.created.push((label, ClusterId(id)));
                    id
                }
            }
        };
        outcome.links.push(write(conn, link, cluster, who, &at)?);
    }
    for (document, keys) in &batch.keys {
        let row: i64 = conn
            .query_row(
                "SELECT id FROM documents WHERE doc_id = ?1",
                [document.as_str()],
                |r| r.get(0),
            )
            .optional()
            .ctx("reading a document")?
            .ok_or_else(|| StoreError::NotFound {
                what: "document",
                id: document.to_string(),
            })?;
        conn.execute("DELETE FROM resolve_keys WHERE document_id = ?1", [row])
            .ctx("replacing blocking keys")?;
        let mut insert = conn
            .prepare_cached("INSERT OR IGNORE INTO resolve_keys (key, document_id) VALUES (?1, ?2)")
            .ctx("storing blocking keys")?;
        for key in keys {
            insert
                .execute(params![key, row])
                .ctx("storing blocking keys")?;
        }
    }
    Ok(outcome)
}

/// One link, unless a reviewer's decision stands against it.
fn write(
    conn: &Connection,
    link: &NewLink,
    cluster: i64,
    who: &str,
    at: &str,
) -> Result<Option<LinkId>> {
    let current = query(
        conn,
        "WHERE kind = ?1 AND subject = ?2 AND ended_at IS NULL ORDER BY id",
        params![link.kind.as_str(), link.subject],
    )?;
    if !link.state.is_decision() {
        let blocked = current.iter().any(|l| {
            l.state.is_decision()
                && (l.target.0 == cluster
                    || (link.state == LinkState::Auto && l.state == LinkState::Confirmed))
        });
        if blocked {
            return Ok(None);
        }
    }
    // Ended before the insert: a subject has one current membership at a time.
    let replaced: Vec<i64> = current
        .iter()
        .filter(|old| old.target.0 == cluster || (link.state.is_member() && old.state.is_member()))
        .map(|old| old.id.0)
        .collect();
    for &old in &replaced {
        end(conn, old, who, at, None)?;
    }
    conn.prepare_cached(
        "INSERT INTO links (kind, subject, cluster_id, state, rule, score, note, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![
            link.kind.as_str(),
            link.subject,
            cluster,
            link.state.as_str(),
            link.rule,
            link.score,
            link.note,
            who,
            at
        ])
    })
    .ctx("storing a link")?;
    let id = conn.last_insert_rowid();
    for old in replaced {
        conn.prepare_cached("UPDATE links SET replaced_by = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![old, id]))
            .ctx("ending a link")?;
    }
    Ok(Some(LinkId(id)))
}

fn end(conn: &Connection, id: i64, who: &str, at: &str, by: Option<i64>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE links SET ended_by = ?2, ended_at = ?3, replaced_by = ?4
         WHERE id = ?1 AND ended_at IS NULL",
    )
    .and_then(|mut s| s.execute(params![id, who, at, by]))
    .ctx("ending a link")?;
    Ok(())
}

fn check_subject(conn: &Connection, link: &NewLink) -> Result<()> {
    let (sql, what) = match link.kind {
        LinkKind::Person => ("SELECT 1 FROM entities WHERE id = ?1", "entity"),
        LinkKind::Incident => ("SELECT 1 FROM events WHERE id = ?1", "event"),
    };
    let found: Option<i64> = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.query_row([link.subject], |r| r.get(0)).optional())
        .ctx("checking a link's subject")?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound {
            what,
            id: link.subject.to_string(),
        }),
    }
}

fn check_cluster(conn: &Connection, kind: LinkKind, id: ClusterId) -> Result<()> {
    let found: Option<String> = conn
        .prepare_cached("SELECT kind FROM clusters WHERE id = ?1")
        .and_then(|mut s| s.query_row([id.0], |r| r.get(0)).optional())
        .ctx("reading a cluster")?;
    match found {
        Some(k) if k == kind.as_str() => Ok(()),
        Some(k) => Err(StoreError::Refused(format!(
            "cluster {id} is a {k}, not a {}",
            kind.as_str()
        ))),
        None => Err(StoreError::NotFound {
            what: "cluster",
            id: format!("{} {id}", kind.as_str()),
        }),
    }
}

/// Current links of subjects, by subject in the given order.
pub(crate) fn of_subjects(
    conn: &Connection,
    kind: LinkKind,
    subjects: &[i64],
) -> Result<Vec<StoredLink>> {
    let mut out = Vec::new();
    for &subject in subjects {
        out.extend(query(
            conn,
            "WHERE kind = ?1 AND subject = ?2 AND ended_at IS NULL ORDER BY id",
            params![kind.as_str(), subject],
        )?);
    }
    Ok(out)
}

/// Current links into a cluster.
pub(crate) fn of_cluster(
    conn: &Connection,
    kind: LinkKind,
    id: ClusterId,
) -> Result<Vec<StoredLink>> {
    query(
        conn,
        "WHERE cluster_id = ?1 AND kind = ?2 AND ended_at IS NULL ORDER BY id",
        params![id.0, kind.as_str()],
    )
}

/// Every link of a subject.
pub(crate) fn history(conn: &Connection, kind: LinkKind, subject: i64) -> Result<Vec<StoredLink>> {
    query(
        conn,
        "WHERE kind = ?1 AND subject = ?2 ORDER BY id",
        params![kind.as_str(), subject],
    )
}

/// A page of current links by id.
pub(crate) fn current(
    conn: &Connection,
    kind: LinkKind,
    after: Option<LinkId>,
    limit: u32,
) -> Result<Vec<StoredLink>> {
    query(
        conn,
        "WHERE kind = ?1 AND ended_at IS NULL AND id > ?2 ORDER BY id LIMIT ?3",
        params![kind.as_str(), after.map_or(i64::MIN, |l| l.0), limit],
    )
}

/// The current events of a cluster.
pub(crate) fn events(conn: &Connection, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredEvent>> {
    let members = "SELECT l.subject FROM links l WHERE l.cluster_id = ?1 AND l.kind = ?2
        AND l.ended_at IS NULL AND l.state IN ('auto', 'confirmed')";
    let which = match kind {
        LinkKind::Incident => format!("e.id IN ({members})"),
        LinkKind::Person => format!(
            "e.id IN (SELECT p.event_id FROM event_participants p WHERE p.entity_id IN ({members}))"
        ),
    };
    let sql = format!(
        "SELECT {EVENT_SELECT} FROM events e {EVENT_JOINS}
         WHERE e.current = 1 AND {which} ORDER BY e.sort_date, e.id"
    );
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(params![id.0, kind.as_str()], |r| EventRow::read(r, 0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading a cluster's events")?;
    rows.into_iter().map(EventRow::decode).collect()
}

/// Current documents with any of the keys.
pub(crate) fn documents_with_keys(conn: &Connection, keys: &[String]) -> Result<Vec<DocumentId>> {
    let mut found = Vec::new();
    let mut stmt = conn
        .prepare_cached(
            "SELECT d.doc_id FROM resolve_keys k JOIN documents d ON d.id = k.document_id
             WHERE k.key = ?1 AND d.superseded_by IS NULL",
        )
        .ctx("reading blocking keys")?;
    for key in keys {
        let docs = stmt
            .query_map([key], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx("reading blocking keys")?;
        found.extend(docs.into_iter().map(DocumentId));
    }
    found.sort();
    found.dedup();
    Ok(found)
}
