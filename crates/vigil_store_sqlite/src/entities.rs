//! Entities: stored per document as immutable versions, listed and profiled
//! across documents by their [`EntityKey`].

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use vigil_model::{Analysis, Entity};
use vigil_store::{
    Cursor, DocumentId, EntityId, EntityKey, EntityProfile, EntityQuery, EntitySummary,
    EntityVersion, Page, PageRequest, Provenance, RelatedEntity, StoreError, StoredEntity,
    kind_name, normalize_name,
};

use crate::convert::{Context, Result, from_json, provenance, time_to_sql, to_json, to_u32};

/// The stored row ids of a document's entities, by local id, with the entity.
pub(crate) type LocalEntities<'a> = HashMap<&'a str, (i64, &'a Entity)>;

/// Stores every entity of an analysis as version 1.
pub(crate) fn insert_all<'a>(
    conn: &Connection,
    document: i64,
    analysis: &'a Analysis,
    prov: &Provenance,
) -> Result<LocalEntities<'a>> {
    let mut local = HashMap::with_capacity(analysis.entities.len());
    for entity in &analysis.entities {
        let key = EntityKey::new(entity.kind, &entity.name);
        conn.prepare_cached(
            "INSERT INTO entities (document_id, local_id, current_version, kind, key, name)
             VALUES (?1, ?2, 1, ?3, ?4, ?5)",
        )
        .and_then(|mut s| {
            s.execute(params![
                document,
                entity.id,
                kind_name(entity.kind),
                key.as_str(),
                entity.name
            ])
        })
        .ctx("storing an entity")?;
        let id = conn.last_insert_rowid();
        insert_version(conn, id, 1, entity, prov)?;
        local.insert(entity.id.as_str(), (id, entity));
    }
    Ok(local)
}

fn insert_version(
    conn: &Connection,
    id: i64,
    version: u32,
    entity: &Entity,
    prov: &Provenance,
) -> Result<()> {
    let json = to_json(entity)?;
    conn.prepare_cached(
        "INSERT INTO entity_versions (entity_id, version, author, created_at, data)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut s| {
        s.execute(params![
            id,
            version,
            prov.author,
            time_to_sql(&prov.at),
            json
        ])
    })
    .ctx("storing an entity version")?;
    Ok(())
}

const ENTITY_COLUMNS: &str = "n.id, n.key, d.doc_id, v.version, v.author, v.created_at, v.data
    FROM entities n JOIN documents d ON d.id = n.document_id
    JOIN entity_versions v ON v.entity_id = n.id AND v.version = n.current_version";

type EntityRow = (i64, String, String, i64, String, String, String);

fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn decode((id, key, doc, version, author, at, data): EntityRow) -> Result<StoredEntity> {
    Ok(StoredEntity {
        id: EntityId(id),
        key: EntityKey::parse(&key)
            .ok_or_else(|| StoreError::Corrupt(format!("entity key {key:?}")))?,
        document: DocumentId(doc),
        version: to_u32(version),
        provenance: provenance(author, &at)?,
        entity: from_json("entity", data.as_bytes())?,
    })
}

fn query(
    conn: &Connection,
    filter: &str,
    param: &dyn rusqlite::ToSql,
) -> Result<Vec<StoredEntity>> {
    let sql = format!("SELECT {ENTITY_COLUMNS} {filter}");
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map([param], entity_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading entities")?;
    rows.into_iter().map(decode).collect()
}

/// An entity at its current version.
pub(crate) fn get(conn: &Connection, id: EntityId) -> Result<Option<StoredEntity>> {
    Ok(query(conn, "WHERE n.id = ?1", &id.0)?.pop())
}

/// A document's entities in the analysis's order.
pub(crate) fn of_document(conn: &Connection, id: &DocumentId) -> Result<Vec<StoredEntity>> {
    query(conn, "WHERE d.doc_id = ?1 ORDER BY n.id", &id.as_str())
}

/// Every version of an entity, oldest first.
pub(crate) fn history(conn: &Connection, id: EntityId) -> Result<Vec<EntityVersion>> {
    let rows = conn
        .prepare_cached(
            "SELECT version, author, created_at, data FROM entity_versions
             WHERE entity_id = ?1 ORDER BY version",
        )
        .and_then(|mut s| {
            s.query_map([id.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("reading an entity's history")?;
    rows.into_iter()
        .map(|(version, author, at, data)| {
            Ok(EntityVersion {
                id,
                version: to_u32(version),
                provenance: provenance(author, &at)?,
                entity: from_json("entity", data.as_bytes())?,
            })
        })
        .collect()
}

/// Adds a corrected version of an entity.
pub(crate) fn edit(
    conn: &Connection,
    id: EntityId,
    entity: &Entity,
    prov: &Provenance,
    expected: Option<u32>,
) -> Result<EntityVersion> {
    let current: Option<(u32, String)> = conn
        .query_row(
            "SELECT current_version, local_id FROM entities WHERE id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ctx("reading an entity")?;
    let (current, local_id) = current.ok_or_else(|| StoreError::NotFound {
        what: "entity",
        id: id.to_string(),
    })?;
    check_version("entity", &id.to_string(), expected, current)?;
    // The local id ties the entity to its document's events; it cannot change.
    let entity = Entity {
        id: local_id,
        ..entity.clone()
    };
    let version = current + 1;
    insert_version(conn, id.0, version, &entity, prov)?;
    let key = EntityKey::new(entity.kind, &entity.name);
    conn.execute(
        "UPDATE entities SET current_version = ?2, kind = ?3, key = ?4, name = ?5 WHERE id = ?1",
        params![
            id.0,
            version,
            kind_name(entity.kind),
            key.as_str(),
            entity.name
        ],
    )
    .ctx("updating an entity")?;
    Ok(EntityVersion {
        id,
        version,
        provenance: prov.clone(),
        entity,
    })
}

/// Refuses a change based on a version that is no longer current.
pub(crate) fn check_version(
    what: &'static str,
    id: &str,
    expected: Option<u32>,
    actual: u32,
) -> Result<()> {
    match expected {
        Some(expected) if expected != actual => Err(StoreError::Conflict {
            what,
            id: id.to_owned(),
            expected,
            actual,
        }),
        _ => Ok(()),
    }
}

/// Cross-document entities of one kind, by key.
pub(crate) fn list(
    conn: &Connection,
    query: &EntityQuery,
    page: &PageRequest,
) -> Result<Page<EntitySummary>> {
    let limit = page.checked_limit()?;
    let prefix = format!(
        "{}:{}",
        kind_name(query.kind),
        query
            .name_prefix
            .as_deref()
            .map(normalize_name)
            .unwrap_or_default()
    );
    let after = match &page.after {
        Some(cursor) => cursor.tagged_parts('k')?.0.to_owned(),
        None => String::new(),
    };
    let rows = conn
        .prepare_cached(
            "SELECT n.key, max(n.name), count(DISTINCT n.document_id),
             (SELECT count(DISTINCT p.event_id) FROM entities m
              JOIN event_participants p ON p.entity_id = m.id
              JOIN events e ON e.id = p.event_id AND e.current = 1
              WHERE m.key = n.key AND m.current = 1)
             FROM entities n
             WHERE n.key >= ?1 AND n.key < ?1 || char(1114111) AND n.key > ?2 AND n.current = 1
             GROUP BY n.key ORDER BY n.key LIMIT ?3",
        )
        .and_then(|mut s| {
            s.query_map(params![prefix, after, i64::from(limit) + 1], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("listing entities")?;
    let cursor = |row: &(String, String, i64, i64)| Cursor::tagged('k', &row.0, 0);
    crate::paging::page(rows, limit, cursor, |(key, name, documents, events)| {
        Ok(EntitySummary {
            key: EntityKey::parse(&key)
                .ok_or_else(|| StoreError::Corrupt(format!("entity key {key:?}")))?,
            name,
            events: to_u32(events),
            documents: to_u32(documents),
        })
    })
}

/// Everything known about one cross-document entity.
pub(crate) fn profile(conn: &Connection, key: &EntityKey) -> Result<Option<EntityProfile>> {
    let mentions = query(
        conn,
        "WHERE n.key = ?1 AND n.current = 1 ORDER BY n.id",
        &key.as_str(),
    )?;
    if mentions.is_empty() {
        return Ok(None);
    }
    let names = by_frequency(mentions.iter().map(|m| m.entity.name.clone()));
    let roles = by_frequency(mentions.iter().filter_map(|m| m.entity.role.clone()));
    let relations = related(conn, &mentions)?;
    Ok(Some(EntityProfile {
        key: key.clone(),
        names,
        roles,
        mentions,
        relations,
    }))
}

fn by_frequency(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.into_iter().map(|(value, _)| value).collect()
}

/// The relations the mentions state, resolved within their own documents.
fn related(conn: &Connection, mentions: &[StoredEntity]) -> Result<Vec<RelatedEntity>> {
    let mut out: Vec<RelatedEntity> = Vec::new();
    for mention in mentions {
        for relation in &mention.entity.relations {
            let target = conn
                .prepare_cached(
                    "SELECT n.key, n.name FROM entities n JOIN documents d ON d.id = n.document_id
                     WHERE d.doc_id = ?1 AND n.local_id = ?2",
                )
                .and_then(|mut s| {
                    s.query_row(params![mention.document.as_str(), relation.target], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })
                    .optional()
                })
                .ctx("resolving a relation")?;
            let Some((key, name)) = target else { continue };
            let Some(key) = EntityKey::parse(&key) else {
                continue;
            };
            if !out.iter().any(|r| r.kind == relation.kind && r.key == key) {
                out.push(RelatedEntity {
                    kind: relation.kind,
                    key,
                    name,
                    document: mention.document.clone(),
                });
            }
        }
    }
    Ok(out)
}
