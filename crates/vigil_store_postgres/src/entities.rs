//! Entities: stored per document as immutable versions, listed and profiled
//! across documents by their [`EntityKey`].

use std::collections::HashMap;

use postgres::Row;
use vigil_model::{Analysis, Entity};
use vigil_store::{
    Cursor, DocumentId, EntityId, EntityKey, EntityProfile, EntityQuery, EntitySummary,
    EntityVersion, Page, PageRequest, Provenance, RelatedEntity, StoreError, StoredEntity,
    kind_name, normalize_name,
};

use crate::convert::{Context, Result, from_json, to_json, to_u32};
use crate::pool::Db;

/// The stored row ids of a document's entities, by local id, with the entity.
pub(crate) type LocalEntities<'a> = HashMap<&'a str, (i64, &'a Entity)>;

/// Stores every entity of an analysis as version 1: two statements for the
/// whole document, since each round trip to the server costs more than a row.
pub(crate) fn insert_all<'a>(
    db: &mut Db<'_>,
    document: i64,
    analysis: &'a Analysis,
    prov: &Provenance,
) -> Result<LocalEntities<'a>> {
    let mut local = HashMap::with_capacity(analysis.entities.len());
    if analysis.entities.is_empty() {
        return Ok(local);
    }
    let entities = &analysis.entities;
    let local_ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    let kinds: Vec<&str> = entities.iter().map(|e| kind_name(e.kind)).collect();
    let keys: Vec<String> = entities
        .iter()
        .map(|e| EntityKey::new(e.kind, &e.name).as_str().to_owned())
        .collect();
    let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
    // Ids are drawn in the analysis's order, as the rows come out of the sort.
    let rows = db.query(
        "INSERT INTO entities (document_id, local_id, current_version, kind, key, name)
         SELECT $1, l, 1, k, y, n
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
              AS t(l, k, y, n, o)
         ORDER BY o
         RETURNING id, local_id",
        &[&document, &local_ids, &kinds, &keys, &names],
        "storing entities",
    )?;
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(rows.len());
    for r in rows {
        ids.insert(
            r.try_get(1).ctx("storing entities")?,
            r.try_get(0).ctx("storing entities")?,
        );
    }
    let mut version_ids = Vec::with_capacity(entities.len());
    let mut data = Vec::with_capacity(entities.len());
    for entity in entities {
        let id = *ids
            .get(&entity.id)
            .ok_or_else(|| StoreError::Corrupt(format!("entity {} was not stored", entity.id)))?;
        version_ids.push(id);
        data.push(to_json(entity)?);
        local.insert(entity.id.as_str(), (id, entity));
    }
    db.exec(
        "INSERT INTO entity_versions (entity_id, version, author, created_at, data)
         SELECT i, 1, $3, $4, d FROM unnest($1::bigint[], $2::text[]) AS t(i, d)",
        &[&version_ids, &data, &prov.author, &prov.at],
        "storing entity versions",
    )?;
    Ok(local)
}

fn insert_version(
    db: &mut Db<'_>,
    id: i64,
    version: u32,
    entity: &Entity,
    prov: &Provenance,
) -> Result<()> {
    let json = to_json(entity)?;
    db.exec(
        "INSERT INTO entity_versions (entity_id, version, author, created_at, data)
         VALUES ($1, $2, $3, $4, $5)",
        &[&id, &i64::from(version), &prov.author, &prov.at, &json],
        "storing an entity version",
    )?;
    Ok(())
}

const ENTITY_COLUMNS: &str = "n.id, n.key, d.doc_id, v.version, v.author, v.created_at, v.data
    FROM entities n JOIN documents d ON d.id = n.document_id
    JOIN entity_versions v ON v.entity_id = n.id AND v.version = n.current_version";

fn decode(r: &Row) -> Result<StoredEntity> {
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            r.try_get::<_, i64>(0)?,
            r.try_get::<_, String>(1)?,
            r.try_get::<_, String>(2)?,
            r.try_get::<_, i64>(3)?,
            Provenance {
                author: r.try_get(4)?,
                at: r.try_get(5)?,
            },
            r.try_get::<_, String>(6)?,
        ))
    };
    let (id, key, doc, version, provenance, data) = read().ctx("reading entities")?;
    Ok(StoredEntity {
        id: EntityId(id),
        key: EntityKey::parse(&key)
            .ok_or_else(|| StoreError::Corrupt(format!("entity key {key:?}")))?,
        document: DocumentId(doc),
        version: to_u32(version),
        provenance,
        entity: from_json("entity", data.as_bytes())?,
    })
}

/// An entity at its current version.
pub(crate) fn get(db: &mut Db<'_>, id: EntityId) -> Result<Option<StoredEntity>> {
    let sql = format!("SELECT {ENTITY_COLUMNS} WHERE n.id = $1");
    db.query_opt(&sql, &[&id.0], "reading entities")?
        .as_ref()
        .map(decode)
        .transpose()
}

/// A document's entities in the analysis's order.
pub(crate) fn of_document(db: &mut Db<'_>, id: &DocumentId) -> Result<Vec<StoredEntity>> {
    let sql = format!("SELECT {ENTITY_COLUMNS} WHERE d.doc_id = $1 ORDER BY n.id");
    db.query(&sql, &[&id.as_str()], "reading entities")?
        .iter()
        .map(decode)
        .collect()
}

/// Every version of an entity, oldest first.
pub(crate) fn history(db: &mut Db<'_>, id: EntityId) -> Result<Vec<EntityVersion>> {
    let rows = db.query(
        "SELECT version, author, created_at, data FROM entity_versions
         WHERE entity_id = $1 ORDER BY version",
        &[&id.0],
        "reading an entity's history",
    )?;
    rows.iter()
        .map(|r| {
            let read = || -> std::result::Result<_, postgres::Error> {
                Ok((
                    r.try_get::<_, i64>(0)?,
                    Provenance {
                        author: r.try_get(1)?,
                        at: r.try_get(2)?,
                    },
                    r.try_get::<_, String>(3)?,
                ))
            };
            let (version, provenance, data) = read().ctx("reading an entity's history")?;
            Ok(EntityVersion {
                id,
                version: to_u32(version),
                provenance,
                entity: from_json("entity", data.as_bytes())?,
            })
        })
        .collect()
}

/// Adds a corrected version of an entity.
pub(crate) fn edit(
    db: &mut Db<'_>,
    id: EntityId,
    entity: &Entity,
    prov: &Provenance,
    expected: Option<u32>,
) -> Result<EntityVersion> {
    let row = db.query_opt(
        "SELECT current_version, local_id FROM entities WHERE id = $1",
        &[&id.0],
        "reading an entity",
    )?;
    let Some(row) = row else {
        return Err(StoreError::NotFound {
            what: "entity",
            id: id.to_string(),
        });
    };
    let current: i64 = row.try_get(0).ctx("reading an entity")?;
    let local_id: String = row.try_get(1).ctx("reading an entity")?;
    let current = to_u32(current);
    check_version("entity", &id.to_string(), expected, current)?;
    // The local id ties the entity to its document's events; it cannot change.
    let entity = Entity {
        id: local_id,
        ..entity.clone()
    };
    let version = current + 1;
    insert_version(db, id.0, version, &entity, prov)?;
    let key = EntityKey::new(entity.kind, &entity.name);
    db.exec(
        "UPDATE entities SET current_version = $2, kind = $3, key = $4, name = $5 WHERE id = $1",
        &[
            &id.0,
            &i64::from(version),
            &kind_name(entity.kind),
            &key.as_str(),
            &entity.name,
        ],
        "updating an entity",
    )?;
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
    db: &mut Db<'_>,
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
    // `max(name)` in byte order, as SQLite picks it.
    let rows = db.query(
        "SELECT n.key, max(n.name COLLATE \"C\"), count(DISTINCT n.document_id),
         (SELECT count(DISTINCT p.event_id) FROM entities m
          JOIN event_participants p ON p.entity_id = m.id
          JOIN events e ON e.id = p.event_id AND e.current
          WHERE m.key = n.key AND m.current)
         FROM entities n
         WHERE n.key >= $1 AND n.key < $1 || chr(1114111) AND n.key > $2 AND n.current
         GROUP BY n.key ORDER BY n.key LIMIT $3",
        &[&prefix, &after, &(i64::from(limit) + 1)],
        "listing entities",
    )?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<_, String>(0)?,
                r.try_get::<_, String>(1)?,
                r.try_get::<_, i64>(2)?,
                r.try_get::<_, i64>(3)?,
            ))
        })
        .collect::<std::result::Result<Vec<_>, postgres::Error>>()
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
pub(crate) fn profile(db: &mut Db<'_>, key: &EntityKey) -> Result<Option<EntityProfile>> {
    let sql = format!("SELECT {ENTITY_COLUMNS} WHERE n.key = $1 AND n.current ORDER BY n.id");
    let mentions = db
        .query(&sql, &[&key.as_str()], "reading entities")?
        .iter()
        .map(decode)
        .collect::<Result<Vec<_>>>()?;
    if mentions.is_empty() {
        return Ok(None);
    }
    let names = by_frequency(mentions.iter().map(|m| m.entity.name.clone()));
    let roles = by_frequency(mentions.iter().filter_map(|m| m.entity.role.clone()));
    let relations = related(db, &mentions)?;
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
fn related(db: &mut Db<'_>, mentions: &[StoredEntity]) -> Result<Vec<RelatedEntity>> {
    let mut out: Vec<RelatedEntity> = Vec::new();
    for mention in mentions {
        for relation in &mention.entity.relations {
            let target = db.query_opt(
                "SELECT n.key, n.name FROM entities n JOIN documents d ON d.id = n.document_id
                 WHERE d.doc_id = $1 AND n.local_id = $2",
                &[&mention.document.as_str(), &relation.target],
                "resolving a relation",
            )?;
            let Some(target) = target else { continue };
            let key: String = target.try_get(0).ctx("resolving a relation")?;
            let name: String = target.try_get(1).ctx("resolving a relation")?;
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
