//! Storing a document atomically with its raw page, analysis, entities and
//! events; reading documents, their versions and their raw bytes back.

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Row;
use vigil_model::{Analysis, Document, document_id};
use vigil_store::{
    Cursor, DocumentId, DocumentSummary, NewDocument, Page, PageRequest, Provenance, PutOutcome,
    PutStatus, RawMeta, RawRecord, StoreError, StoredAnalysis, StoredDocument, codec, simhash,
};

use crate::convert::{Context, Result, from_json, index_text, to_json, to_u32, to_u64};
use crate::pool::Db;
use crate::{entities, events};

/// Stores a batch in the caller's transaction; the first failing document
/// fails the whole call, so that the caller can roll back and retry alone.
pub(crate) fn put_all(db: &mut Db<'_>, docs: &[NewDocument]) -> Result<Vec<PutOutcome>> {
    docs.iter().map(|doc| put_one(db, doc)).collect()
}

/// The latest version stored under a locator: its row id, content id, version.
struct Latest {
    rowid: i64,
    id: DocumentId,
    version: i64,
}

/// Stores one document in the caller's transaction.
pub(crate) fn put_one(db: &mut Db<'_>, doc: &NewDocument) -> Result<PutOutcome> {
    let document = &doc.analysis.document;
    check_id(document)?;
    let id = DocumentId(document.id.clone());
    if let Some(rowid) = rowid_of(db, &id)? {
        let events = events::ids_of_document(db, rowid)?;
        return Ok(PutOutcome {
            id,
            status: PutStatus::Unchanged,
            events,
        });
    }
    let duplicate_of = match &doc.duplicate_of {
        Some(of) => Some(rowid_of(db, of)?.ok_or_else(|| unknown(of))?),
        None => None,
    };
    let latest = latest_of(db, doc.locator())?;
    let rowid = insert_document(db, doc, latest.as_ref())?;
    insert_raw(db, rowid, doc.raw.as_ref())?;
    insert_analysis(db, rowid, doc)?;
    insert_simhash(db, rowid, doc.simhash)?;
    crate::duplicates::insert_minhash(db, rowid, doc.minhash.as_ref())?;
    if let (Some(of_rowid), Some(of)) = (duplicate_of, &doc.duplicate_of) {
        db.exec(
            "INSERT INTO duplicate_links (document_id, duplicate_of) VALUES ($1, $2)",
            &[&rowid, &of_rowid],
            "linking a duplicate",
        )?;
        return Ok(PutOutcome {
            id,
            status: PutStatus::Duplicate { of: of.clone() },
            events: Vec::new(),
        });
    }
    let local = entities::insert_all(db, rowid, &doc.analysis, &doc.provenance)?;
    let events = events::insert_all(db, rowid, &doc.analysis, &local, &doc.provenance)?;
    let status = match latest {
        Some(prev) => {
            supersede(db, prev.rowid, rowid)?;
            PutStatus::NewVersion { previous: prev.id }
        }
        None => PutStatus::New,
    };
    Ok(PutOutcome { id, status, events })
}

fn check_id(document: &Document) -> Result<()> {
    let expected = document_id(&document.text);
    if document.id == expected {
        Ok(())
    } else {
        Err(StoreError::Refused(format!(
            "document id {} is not the hash of its text ({expected})",
            document.id
        )))
    }
}

fn unknown(id: &DocumentId) -> StoreError {
    StoreError::NotFound {
        what: "document",
        id: id.to_string(),
    }
}

/// The row id of a stored document.
pub(crate) fn rowid_of(db: &mut Db<'_>, id: &DocumentId) -> Result<Option<i64>> {
    db.query_opt(
        "SELECT id FROM documents WHERE doc_id = $1",
        &[&id.as_str()],
        "finding a document",
    )?
    .map(|r| r.try_get(0).ctx("finding a document"))
    .transpose()
}

fn latest_of(db: &mut Db<'_>, locator: &str) -> Result<Option<Latest>> {
    let row = db.query_opt(
        "SELECT id, doc_id, version FROM documents WHERE locator = $1
         ORDER BY version DESC LIMIT 1",
        &[&locator],
        "finding the latest version",
    )?;
    row.map(|r| {
        Ok(Latest {
            rowid: r.try_get(0).ctx("finding the latest version")?,
            id: DocumentId(r.try_get(1).ctx("finding the latest version")?),
            version: r.try_get(2).ctx("finding the latest version")?,
        })
    })
    .transpose()
}

fn insert_document(db: &mut Db<'_>, doc: &NewDocument, latest: Option<&Latest>) -> Result<i64> {
    let document = &doc.analysis.document;
    let version = latest.map_or(1, |l| l.version + 1);
    let json = to_json(document)?;
    let title = document
        .title
        .as_deref()
        .map(index_text)
        .unwrap_or_default();
    let body = index_text(&document.text);
    let row = db.query_one(
        "INSERT INTO documents (doc_id, locator, version, title, published, author, created_at,
         document, fts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_tsvector('vigil_english', $9 || ' ' || $10))
         RETURNING id",
        &[
            &document.id,
            &doc.locator(),
            &version,
            &document.title,
            &document.published,
            &doc.provenance.author,
            &doc.provenance.at,
            &json,
            &title,
            &body,
        ],
        "storing a document",
    )?;
    row.try_get(0).ctx("storing a document")
}

/// Rewrites the text index row of a document (after a load).
pub(crate) fn index(db: &mut Db<'_>, rowid: i64, title: Option<&str>, body: &str) -> Result<()> {
    db.exec(
        "UPDATE documents SET fts = to_tsvector('vigil_english', $2 || ' ' || $3) WHERE id = $1",
        &[
            &rowid,
            &title.map(index_text).unwrap_or_default(),
            &index_text(body),
        ],
        "indexing a document",
    )?;
    Ok(())
}

fn insert_raw(db: &mut Db<'_>, rowid: i64, raw: Option<&RawRecord>) -> Result<()> {
    let Some(raw) = raw else { return Ok(()) };
    db.exec(
        "INSERT INTO raw_pages (document_id, url, fetched_at, http_status, content_type, etag,
         last_modified, sha256, size, codec, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &rowid,
            &raw.url,
            &raw.fetched_at,
            &raw.http_status.map(i64::from),
            &raw.content_type,
            &raw.etag,
            &raw.last_modified,
            &raw.sha256_hex(),
            &(raw.bytes.len() as i64),
            &codec::CODEC,
            &codec::compress(&raw.bytes),
        ],
        "storing a raw page",
    )?;
    Ok(())
}

fn insert_analysis(db: &mut Db<'_>, rowid: i64, doc: &NewDocument) -> Result<()> {
    let json = to_json(&doc.analysis)?;
    db.exec(
        "INSERT INTO analyses (document_id, schema, author, created_at, codec, json)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &rowid,
            &doc.analysis.schema,
            &doc.provenance.author,
            &doc.provenance.at,
            &codec::CODEC,
            &codec::compress(json.as_bytes()),
        ],
        "storing an analysis",
    )?;
    Ok(())
}

fn insert_simhash(db: &mut Db<'_>, rowid: i64, hash: Option<u64>) -> Result<()> {
    let Some(hash) = hash else { return Ok(()) };
    let [b0, b1, b2, b3] = simhash::bands(hash);
    db.exec(
        "INSERT INTO document_simhash (document_id, simhash, band0, band1, band2, band3)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[&rowid, &simhash::to_sql(hash), &b0, &b1, &b2, &b3],
        "storing a simhash",
    )?;
    Ok(())
}

/// Marks the previous version replaced; its events and entities leave search
/// (the text index covers current events only).
fn supersede(db: &mut Db<'_>, old: i64, new: i64) -> Result<()> {
    let context = "superseding a version";
    db.exec(
        "UPDATE documents SET superseded_by = $2 WHERE id = $1",
        &[&old, &new],
        context,
    )?;
    db.exec(
        "UPDATE events SET current = false WHERE document_id = $1",
        &[&old],
        context,
    )?;
    db.exec(
        "UPDATE entities SET current = false WHERE document_id = $1",
        &[&old],
        context,
    )?;
    Ok(())
}

const DOCUMENT_COLUMNS: &str = "d.doc_id, d.locator, d.version, s.doc_id, l.doc_id, d.author,
    d.created_at, d.document, r.url, r.fetched_at, r.http_status, r.content_type, r.size, r.sha256
    FROM documents d
    LEFT JOIN documents s ON s.id = d.superseded_by
    LEFT JOIN duplicate_links dl ON dl.document_id = d.id
    LEFT JOIN documents l ON l.id = dl.duplicate_of
    LEFT JOIN raw_pages r ON r.document_id = d.id";

/// A document version by content id.
pub(crate) fn get(db: &mut Db<'_>, id: &DocumentId) -> Result<Option<StoredDocument>> {
    let sql = format!("SELECT {DOCUMENT_COLUMNS} WHERE d.doc_id = $1");
    query_document(db, &sql, id.as_str())
}

/// The latest version under a locator.
pub(crate) fn latest(db: &mut Db<'_>, locator: &str) -> Result<Option<StoredDocument>> {
    let sql =
        format!("SELECT {DOCUMENT_COLUMNS} WHERE d.locator = $1 ORDER BY d.version DESC LIMIT 1");
    query_document(db, &sql, locator)
}

fn query_document(db: &mut Db<'_>, sql: &str, key: &str) -> Result<Option<StoredDocument>> {
    let Some(r) = db.query_opt(sql, &[&key], "reading a document")? else {
        return Ok(None);
    };
    document_row(&r)
        .ctx("reading a document")?
        .into_stored()
        .map(Some)
}

/// A document row before its JSON is decoded.
struct DocumentRow {
    id: String,
    locator: String,
    version: i64,
    superseded_by: Option<String>,
    duplicate_of: Option<String>,
    author: String,
    created_at: DateTime<Utc>,
    document: String,
    raw: Option<RawMeta>,
}

fn document_row(r: &Row) -> std::result::Result<DocumentRow, postgres::Error> {
    let fetched_at: Option<DateTime<Utc>> = r.try_get(9)?;
    let raw = match fetched_at {
        Some(fetched_at) => Some(RawMeta {
            url: r.try_get(8)?,
            fetched_at,
            http_status: r
                .try_get::<_, Option<i64>>(10)?
                .and_then(|s| u16::try_from(s).ok()),
            content_type: r.try_get(11)?,
            size: to_u64(r.try_get(12)?),
            sha256: r.try_get(13)?,
        }),
        None => None,
    };
    Ok(DocumentRow {
        id: r.try_get(0)?,
        locator: r.try_get(1)?,
        version: r.try_get(2)?,
        superseded_by: r.try_get(3)?,
        duplicate_of: r.try_get(4)?,
        author: r.try_get(5)?,
        created_at: r.try_get(6)?,
        document: r.try_get(7)?,
        raw,
    })
}

impl DocumentRow {
    fn into_stored(self) -> Result<StoredDocument> {
        Ok(StoredDocument {
            id: DocumentId(self.id),
            locator: self.locator,
            version: to_u32(self.version),
            superseded_by: self.superseded_by.map(DocumentId),
            duplicate_of: self.duplicate_of.map(DocumentId),
            provenance: Provenance {
                author: self.author,
                at: self.created_at,
            },
            document: from_json("document", self.document.as_bytes())?,
            raw: self.raw,
        })
    }
}

/// The document whose raw page had these bytes.
pub(crate) fn by_raw_sha256(db: &mut Db<'_>, sha256: &str) -> Result<Option<DocumentId>> {
    db.query_opt(
        "SELECT d.doc_id FROM raw_pages r JOIN documents d ON d.id = r.document_id
         WHERE r.sha256 = $1 ORDER BY d.id LIMIT 1",
        &[&sha256],
        "finding a raw page",
    )?
    .map(|r| r.try_get(0).map(DocumentId).ctx("finding a raw page"))
    .transpose()
}

/// The documents whose raw pages had these hashes, in the same order.
pub(crate) fn by_raw_sha256s(
    db: &mut Db<'_>,
    sha256s: &[String],
) -> Result<Vec<Option<DocumentId>>> {
    let mut found = std::collections::HashMap::new();
    for chunk in sha256s.chunks(1000) {
        // The oldest document with a hash is the one given.
        let rows = db.query(
            "SELECT DISTINCT ON (r.sha256) r.sha256, d.doc_id
             FROM raw_pages r JOIN documents d ON d.id = r.document_id
             WHERE r.sha256 = ANY($1) ORDER BY r.sha256, d.id",
            &[&chunk],
            "finding raw pages",
        )?;
        for r in rows {
            let sha: String = r.try_get(0).ctx("finding raw pages")?;
            let id: String = r.try_get(1).ctx("finding raw pages")?;
            found.insert(sha, id);
        }
    }
    Ok(sha256s
        .iter()
        .map(|sha| found.get(sha).cloned().map(DocumentId))
        .collect())
}

const SUMMARY_COLUMNS: &str = "d.id, d.doc_id, d.locator, d.version, d.title, d.published,
    d.created_at, (SELECT count(*) FROM events e WHERE e.document_id = d.id AND e.current)
    FROM documents d";

/// A document summary with its row id.
fn summary(r: &Row) -> Result<(i64, DocumentSummary)> {
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            r.try_get::<_, i64>(0)?,
            DocumentSummary {
                id: DocumentId(r.try_get(1)?),
                locator: r.try_get(2)?,
                version: to_u32(r.try_get(3)?),
                title: r.try_get(4)?,
                published: r.try_get::<_, Option<NaiveDate>>(5)?,
                stored_at: r.try_get(6)?,
                events: to_u32(r.try_get(7)?),
            },
        ))
    };
    read().ctx("listing documents")
}

/// Runs a summary query with one text parameter.
pub(crate) fn summaries(
    db: &mut Db<'_>,
    filter: &str,
    param: &str,
) -> Result<Vec<DocumentSummary>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} {filter}");
    db.query(&sql, &[&param], "listing documents")?
        .iter()
        .map(|r| summary(r).map(|(_, s)| s))
        .collect()
}

/// Every version sharing `id`'s locator, oldest first.
pub(crate) fn versions(db: &mut Db<'_>, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
    summaries(
        db,
        "WHERE d.locator = (SELECT locator FROM documents WHERE doc_id = $1) ORDER BY d.version",
        id.as_str(),
    )
}

/// Documents, most recently stored first.
pub(crate) fn list(
    db: &mut Db<'_>,
    text: Option<&str>,
    page: &PageRequest,
) -> Result<Page<DocumentSummary>> {
    let limit = page.checked_limit()?;
    let after = match &page.after {
        Some(cursor) => cursor.tagged_parts('d')?.1,
        None => i64::MAX,
    };
    let query = text.map(crate::convert::ts_query).transpose()?;
    let fetch = i64::from(limit) + 1;
    let rows = match &query {
        Some(query) => db.query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} WHERE d.id < $1
                 AND d.fts @@ to_tsquery('vigil_english', $3) ORDER BY d.id DESC LIMIT $2"
            ),
            &[&after, &fetch, query],
            "listing documents",
        )?,
        None => db.query(
            &format!("SELECT {SUMMARY_COLUMNS} WHERE d.id < $1 ORDER BY d.id DESC LIMIT $2"),
            &[&after, &fetch],
            "listing documents",
        )?,
    };
    let rows = rows.iter().map(summary).collect::<Result<Vec<_>>>()?;
    let cursor = |(rowid, _): &(i64, DocumentSummary)| Cursor::tagged('d', "", *rowid);
    crate::paging::page(rows, limit, cursor, |(_, s)| Ok(s))
}

/// The raw page of a document, decompressed.
pub(crate) fn raw(db: &mut Db<'_>, id: &DocumentId) -> Result<Option<RawRecord>> {
    let Some(r) = db.query_opt(
        "SELECT r.url, r.fetched_at, r.http_status, r.content_type, r.etag, r.last_modified,
         r.codec, r.bytes FROM raw_pages r JOIN documents d ON d.id = r.document_id
         WHERE d.doc_id = $1",
        &[&id.as_str()],
        "reading a raw page",
    )?
    else {
        return Ok(None);
    };
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            RawRecord {
                url: r.try_get(0)?,
                fetched_at: r.try_get(1)?,
                http_status: r
                    .try_get::<_, Option<i64>>(2)?
                    .and_then(|s| u16::try_from(s).ok()),
                content_type: r.try_get(3)?,
                etag: r.try_get(4)?,
                last_modified: r.try_get(5)?,
                bytes: Vec::new(),
            },
            r.try_get::<_, String>(6)?,
            r.try_get::<_, Vec<u8>>(7)?,
        ))
    };
    let (mut record, codec_name, blob) = read().ctx("reading a raw page")?;
    record.bytes = codec::decompress(&codec_name, &blob)?;
    Ok(Some(record))
}

/// The analysis stored with a document.
pub(crate) fn analysis(db: &mut Db<'_>, id: &DocumentId) -> Result<Option<StoredAnalysis>> {
    let Some(rowid) = rowid_of(db, id)? else {
        return Ok(None);
    };
    let (provenance, analysis) = analysis_row(db, rowid)?;
    Ok(Some(StoredAnalysis {
        document: id.clone(),
        provenance,
        analysis,
    }))
}

/// The analysis of the document with this row id.
pub(crate) fn analysis_by_rowid(db: &mut Db<'_>, rowid: i64) -> Result<Analysis> {
    analysis_row(db, rowid).map(|(_, analysis)| analysis)
}

fn analysis_row(db: &mut Db<'_>, rowid: i64) -> Result<(Provenance, Analysis)> {
    let r = db.query_one(
        "SELECT author, created_at, codec, json FROM analyses WHERE document_id = $1",
        &[&rowid],
        "reading an analysis",
    )?;
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            Provenance {
                author: r.try_get(0)?,
                at: r.try_get(1)?,
            },
            r.try_get::<_, String>(2)?,
            r.try_get::<_, Vec<u8>>(3)?,
        ))
    };
    let (provenance, codec_name, blob) = read().ctx("reading an analysis")?;
    let json = codec::decompress(&codec_name, &blob)?;
    Ok((provenance, from_json("analysis", &json)?))
}
