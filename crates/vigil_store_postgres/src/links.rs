//! Cross-report people and incidents (tables of migration 2): clusters,
//! links that are only ever appended and ended, and the blocking keys of
//! documents. The semantics are the SQLite store's, step for step.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::Row;
use postgres::types::ToSql;
use vigil_store::{
    ClusterId, DocumentId, LinkBatch, LinkId, LinkKind, LinkOutcome, LinkState, LinkTarget,
    NewLink, Provenance, StoreError, StoredEvent, StoredLink,
};

use crate::convert::{Context, Result};
use crate::events::{EVENT_JOINS, EVENT_SELECT};
use crate::pool::Db;

const LINK_COLUMNS: &str = "id, kind, subject, cluster_id, state, rule, score, note, author,
    created_at, ended_by, ended_at, replaced_by";

fn decode(r: &Row) -> Result<StoredLink> {
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            (
                r.try_get::<_, i64>(0)?,
                r.try_get::<_, String>(1)?,
                r.try_get::<_, i64>(2)?,
                r.try_get::<_, i64>(3)?,
                r.try_get::<_, String>(4)?,
            ),
            (
                r.try_get::<_, String>(5)?,
                r.try_get::<_, Option<f64>>(6)?,
                r.try_get::<_, Option<String>>(7)?,
            ),
            Provenance {
                author: r.try_get(8)?,
                at: r.try_get(9)?,
            },
            (
                r.try_get::<_, Option<String>>(10)?,
                r.try_get::<_, Option<DateTime<Utc>>>(11)?,
                r.try_get::<_, Option<i64>>(12)?,
            ),
        ))
    };
    let ((id, kind, subject, cluster, state), (rule, score, note), provenance, (by, at, next)) =
        read().ctx("reading links")?;
    let kind = LinkKind::parse(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("link {id} has kind {kind:?}")))?;
    let state = LinkState::parse(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("link {id} has state {state:?}")))?;
    let ended = match (by, at) {
        (Some(author), Some(at)) => Some(Provenance { author, at }),
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
        provenance,
        ended,
        replaced_by: next.map(LinkId),
    })
}

fn query(db: &mut Db<'_>, tail: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<StoredLink>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM links {tail}");
    db.query(&sql, params, "reading links")?
        .iter()
        .map(decode)
        .collect()
}

/// Writes a batch; see `Store::put_links`. Runs inside the caller's transaction.
pub(crate) fn put(db: &mut Db<'_>, batch: &LinkBatch) -> Result<LinkOutcome> {
    let who = &batch.provenance.author;
    let at = batch.provenance.at;
    for id in &batch.withdraw {
        let found = db.query_opt(
            "SELECT id FROM links WHERE id = $1",
            &[&id.0],
            "reading a link",
        )?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                what: "link",
                id: id.to_string(),
            });
        }
        end(db, id.0, who, at, None)?;
    }
    let mut outcome = LinkOutcome::default();
    let mut created: HashMap<(LinkKind, u32), i64> = HashMap::new();
    for link in &batch.links {
        check_subject(db, link)?;
        if link.score.is_some_and(|s| !s.is_finite()) {
            return Err(StoreError::Refused(format!(
                "link score {:?} is not a number",
                link.score
            )));
        }
        let cluster = match link.target {
            LinkTarget::Cluster(id) => {
                check_cluster(db, link.kind, id)?;
                id.0
            }
            LinkTarget::New(label) => {
                if let Some(&id) = created.get(&(link.kind, label)) {
                    id
                } else {
                    let id: i64 = db
                        .query_one(
                            "INSERT INTO clusters (kind, author, created_at) VALUES ($1, $2, $3)
                             RETURNING id",
                            &[&link.kind.as_str(), who, &at],
                            "making a cluster",
                        )?
                        .try_get(0)
                        .ctx("making a cluster")?;
                    created.insert((link.kind, label), id);
                    outcome.created.push((label, ClusterId(id)));
                    id
                }
            }
        };
        outcome.links.push(write(db, link, cluster, who, at)?);
    }
    for (document, keys) in &batch.keys {
        let row: i64 = db
            .query_opt(
                "SELECT id FROM documents WHERE doc_id = $1",
                &[&document.as_str()],
                "reading a document",
            )?
            .ok_or_else(|| StoreError::NotFound {
                what: "document",
                id: document.to_string(),
            })?
            .try_get(0)
            .ctx("reading a document")?;
        db.exec(
            "DELETE FROM resolve_keys WHERE document_id = $1",
            &[&row],
            "replacing blocking keys",
        )?;
        db.exec(
            "INSERT INTO resolve_keys (key, document_id)
             SELECT DISTINCT unnest($1::text[]), $2::bigint ON CONFLICT DO NOTHING",
            &[keys, &row],
            "storing blocking keys",
        )?;
    }
    Ok(outcome)
}

/// One link, unless a reviewer's decision stands against it.
fn write(
    db: &mut Db<'_>,
    link: &NewLink,
    cluster: i64,
    who: &str,
    at: DateTime<Utc>,
) -> Result<Option<LinkId>> {
    let current = query(
        db,
        "WHERE kind = $1 AND subject = $2 AND ended_at IS NULL ORDER BY id",
        &[&link.kind.as_str(), &link.subject],
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
        end(db, old, who, at, None)?;
    }
    let id: i64 = db
        .query_one(
            "INSERT INTO links (kind, subject, cluster_id, state, rule, score, note, author,
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                &link.kind.as_str(),
                &link.subject,
                &cluster,
                &link.state.as_str(),
                &link.rule,
                &link.score,
                &link.note,
                &who,
                &at,
            ],
            "storing a link",
        )?
        .try_get(0)
        .ctx("storing a link")?;
    for old in replaced {
        db.exec(
            "UPDATE links SET replaced_by = $2 WHERE id = $1",
            &[&old, &id],
            "ending a link",
        )?;
    }
    Ok(Some(LinkId(id)))
}

fn end(db: &mut Db<'_>, id: i64, who: &str, at: DateTime<Utc>, by: Option<i64>) -> Result<()> {
    db.exec(
        "UPDATE links SET ended_by = $2, ended_at = $3, replaced_by = $4
         WHERE id = $1 AND ended_at IS NULL",
        &[&id, &who, &at, &by],
        "ending a link",
    )?;
    Ok(())
}

fn check_subject(db: &mut Db<'_>, link: &NewLink) -> Result<()> {
    let (sql, what) = match link.kind {
        LinkKind::Person => ("SELECT 1 FROM entities WHERE id = $1", "entity"),
        LinkKind::Incident => ("SELECT 1 FROM events WHERE id = $1", "event"),
    };
    match db.query_opt(sql, &[&link.subject], "checking a link's subject")? {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound {
            what,
            id: link.subject.to_string(),
        }),
    }
}

fn check_cluster(db: &mut Db<'_>, kind: LinkKind, id: ClusterId) -> Result<()> {
    let found: Option<String> = db
        .query_opt(
            "SELECT kind FROM clusters WHERE id = $1",
            &[&id.0],
            "reading a cluster",
        )?
        .map(|r| r.try_get(0))
        .transpose()
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
    db: &mut Db<'_>,
    kind: LinkKind,
    subjects: &[i64],
) -> Result<Vec<StoredLink>> {
    let mut out = Vec::new();
    for &subject in subjects {
        out.extend(query(
            db,
            "WHERE kind = $1 AND subject = $2 AND ended_at IS NULL ORDER BY id",
            &[&kind.as_str(), &subject],
        )?);
    }
    Ok(out)
}

/// Current links into a cluster.
pub(crate) fn of_cluster(
    db: &mut Db<'_>,
    kind: LinkKind,
    id: ClusterId,
) -> Result<Vec<StoredLink>> {
    query(
        db,
        "WHERE cluster_id = $1 AND kind = $2 AND ended_at IS NULL ORDER BY id",
        &[&id.0, &kind.as_str()],
    )
}

/// Every link of a subject.
pub(crate) fn history(db: &mut Db<'_>, kind: LinkKind, subject: i64) -> Result<Vec<StoredLink>> {
    query(
        db,
        "WHERE kind = $1 AND subject = $2 ORDER BY id",
        &[&kind.as_str(), &subject],
    )
}

/// A page of current links by id.
pub(crate) fn current(
    db: &mut Db<'_>,
    kind: LinkKind,
    after: Option<LinkId>,
    limit: u32,
) -> Result<Vec<StoredLink>> {
    query(
        db,
        "WHERE kind = $1 AND ended_at IS NULL AND id > $2 ORDER BY id LIMIT $3",
        &[
            &kind.as_str(),
            &after.map_or(i64::MIN, |l| l.0),
            &i64::from(limit),
        ],
    )
}

/// The current events of a cluster.
pub(crate) fn events(db: &mut Db<'_>, kind: LinkKind, id: ClusterId) -> Result<Vec<StoredEvent>> {
    let members = "SELECT l.subject FROM links l WHERE l.cluster_id = $1 AND l.kind = $2
        AND l.ended_at IS NULL AND l.state IN ('auto', 'confirmed')";
    let which = match kind {
        LinkKind::Incident => format!("e.id IN ({members})"),
        LinkKind::Person => format!(
            "e.id IN (SELECT p.event_id FROM event_participants p WHERE p.entity_id IN ({members}))"
        ),
    };
    let sql = format!(
        "SELECT {EVENT_SELECT} FROM events e {EVENT_JOINS}
         WHERE e.current AND {which} ORDER BY e.sort_date, e.id"
    );
    db.query(&sql, &[&id.0, &kind.as_str()], "reading a cluster's events")?
        .iter()
        .map(|r| crate::events::decode(r, 0))
        .collect()
}

/// Current documents with any of the keys, sorted, each once.
pub(crate) fn documents_with_keys(db: &mut Db<'_>, keys: &[String]) -> Result<Vec<DocumentId>> {
    let rows = db.query(
        "SELECT DISTINCT d.doc_id COLLATE \"C\" FROM resolve_keys k
         JOIN documents d ON d.id = k.document_id
         WHERE k.key = ANY($1) AND d.superseded_by IS NULL",
        &[&keys],
        "reading blocking keys",
    )?;
    let mut found = rows
        .iter()
        .map(|r| r.try_get(0).map(DocumentId))
        .collect::<std::result::Result<Vec<_>, _>>()
        .ctx("reading blocking keys")?;
    found.sort();
    Ok(found)
}
