//! Storing a document atomically with its raw page, analysis, entities and
//! events; reading documents, their versions and their raw bytes back.

use rusqlite::{Connection, OptionalExtension, Row, params};
use vigil_model::{Analysis, Document, document_id};
use vigil_store::{
    DocumentId, DocumentSummary, NewDocument, Page, PageRequest, PutOutcome, PutStatus, RawMeta,
    RawRecord, StoreError, StoredAnalysis, StoredDocument, codec, simhash,
};

use crate::convert::{
    Context, Result, date_from_sql, from_json, provenance, time_to_sql, to_json, to_u32,
};
use crate::{entities, events};

/// Stores a batch in the caller's transaction; the first failing document
/// fails the whole call, so that the caller can roll back and retry alone.
///
/// Per-document savepoints would isolate failures without a retry, but each
/// savepoint makes FTS5 flush its pending terms, which made batches several
/// times slower; failures are rare, so the retry is the cheaper path.
pub(crate) fn put_all(tx: &Connection, docs: &[NewDocument]) -> Result<Vec<PutOutcome>> {
    docs.iter().map(|doc| put_one(tx, doc)).collect()
}

/// The latest version stored under a locator: its row id, content id, version.
struct Latest {
    rowid: i64,
    id: DocumentId,
    version: u32,
}

/// Stores one document in the caller's transaction.
pub(crate) fn put_one(conn: &Connection, doc: &NewDocument) -> Result<PutOutcome> {
    let document = &doc.analysis.document;
    check_id(document)?;
    let id = DocumentId(document.id.clone());
    if let Some(rowid) = rowid_of(conn, &id)? {
        let events = events::ids_of_document(conn, rowid)?;
        return Ok(PutOutcome {
            id,
            status: PutStatus::Unchanged,
            events,
        });
    }
    let duplicate_of = doc
        .duplicate_of
        .as_ref()
        .map(|of| rowid_of(conn, of)?.ok_or_else(|| unknown(of)))
        .transpose()?;
    let latest = latest_of(conn, doc.locator())?;
    let rowid = insert_document(conn, doc, latest.as_ref())?;
    insert_raw(conn, rowid, doc.raw.as_ref())?;
    insert_analysis(conn, rowid, doc)?;
    insert_simhash(conn, rowid, doc.simhash)?;
    crate::duplicates::insert_minhash(conn, rowid, doc.minhash.as_ref())?;
    if let (Some(of_rowid), Some(of)) = (duplicate_of, &doc.duplicate_of) {
        conn.execute(
            "INSERT INTO duplicate_links (document_id, duplicate_of) VALUES (?1, ?2)",
            params![rowid, of_rowid],
        )
        .ctx("linking a duplicate")?;
        let status = PutStatus::Duplicate { of: of.clone() };
        return Ok(PutOutcome {
            id,
            status,
            events: Vec::new(),
        });
    }
    let local = entities::insert_all(conn, rowid, &doc.analysis, &doc.provenance)?;
    let events = events::insert_all(conn, rowid, &doc.analysis, &local, &doc.provenance)?;
    let status = match latest {
        Some(prev) => {
            supersede(conn, prev.rowid, rowid)?;
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
pub(crate) fn rowid_of(conn: &Connection, id: &DocumentId) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM documents WHERE doc_id = ?1")
        .and_then(|mut s| s.query_row([id.as_str()], |r| r.get(0)).optional())
        .ctx("finding a document")
}

fn latest_of(conn: &Connection, locator: &str) -> Result<Option<Latest>> {
    conn.prepare_cached(
        "SELECT id, doc_id, version FROM documents WHERE locator = ?1
         ORDER BY version DESC LIMIT 1",
    )
    .and_then(|mut s| {
        s.query_row([locator], |r| {
            Ok(Latest {
                rowid: r.get(0)?,
                id: DocumentId(r.get(1)?),
                version: r.get(2)?,
            })
        })
        .optional()
    })
    .ctx("finding the latest version")
}

fn insert_document(conn: &Connection, doc: &NewDocument, latest: Option<&Latest>) -> Result<i64> {
    let document = &doc.analysis.document;
    let version = latest.map_or(1, |l| l.version + 1);
    let published = document.published.map(|d| d.to_string());
    let json = to_json(document)?;
    conn.prepare_cached(
        "INSERT INTO documents (doc_id, locator, version, title, published, author, created_at,
         document) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            document.id,
            doc.locator(),
            version,
            document.title,
            published,
            doc.provenance.author,
            time_to_sql(&doc.provenance.at),
            json,
        ])
    })
    .ctx("storing a document")?;
    let rowid = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO document_fts (rowid, title, body) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![rowid, document.title, document.text]))
        .ctx("indexing a document")?;
    Ok(rowid)
}

fn insert_raw(conn: &Connection, rowid: i64, raw: Option<&RawRecord>) -> Result<()> {
    let Some(raw) = raw else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO raw_pages (document_id, url, fetched_at, http_status, content_type, etag,
         last_modified, sha256, size, codec, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut s| {
        s.execute(params![
            rowid,
            raw.url,
            time_to_sql(&raw.fetched_at),
            raw.http_status,
            raw.content_type,
            raw.etag,
            raw.last_modified,
            raw.sha256_hex(),
            raw.bytes.len() as i64,
            codec::CODEC,
            codec::compress(&raw.bytes),
        ])
    })
    .ctx("storing a raw page")?;
    Ok(())
}

fn insert_analysis(conn: &Connection, rowid: i64, doc: &NewDocument) -> Result<()> {
    let json = to_json(&doc.analysis)?;
    conn.prepare_cached(
        "INSERT INTO analyses (document_id, schema, author, created_at, codec, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut s| {
        s.execute(params![
            rowid,
            doc.analysis.schema,
            doc.provenance.author,
            time_to_sql(&doc.provenance.at),
            codec::CODEC,
            codec::compress(json.as_bytes()),
        ])
    })
    .ctx("storing an analysis")?;
    Ok(())
}

fn insert_simhash(conn: &Connection, rowid: i64, hash: Option<u64>) -> Result<()> {
    let Some(hash) = hash else { return Ok(()) };
    let [b0, b1, b2, b3] = simhash::bands(hash);
    conn.prepare_cached(
        "INSERT INTO document_simhash (document_id, simhash, band0, band1, band2, band3)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut s| s.execute(params![rowid, simhash::to_sql(hash), b0, b1, b2, b3]))
    .ctx("storing a simhash")?;
    Ok(())
}

/// Marks the previous version replaced; its events and entities leave search.
fn supersede(conn: &Connection, old: i64, new: i64) -> Result<()> {
    conn.execute_batch(&format!(
        "UPDATE documents SET superseded_by = {new} WHERE id = {old};
         DELETE FROM event_fts WHERE rowid IN (SELECT id FROM events WHERE document_id = {old});
         UPDATE events SET current = 0 WHERE document_id = {old};
         UPDATE entities SET current = 0 WHERE document_id = {old};"
    ))
    .ctx("superseding a version")
}

const DOCUMENT_COLUMNS: &str = "d.doc_id, d.locator, d.version, s.doc_id, l.doc_id, d.author,
    d.created_at, d.document, r.url, r.fetched_at, r.http_status, r.content_type, r.size, r.sha256
    FROM documents d
    LEFT JOIN documents s ON s.id = d.superseded_by
    LEFT JOIN duplicate_links dl ON dl.document_id = d.id
    LEFT JOIN documents l ON l.id = dl.duplicate_of
    LEFT JOIN raw_pages r ON r.document_id = d.id";

/// A document version by content id.
pub(crate) fn get(conn: &Connection, id: &DocumentId) -> Result<Option<StoredDocument>> {
    let sql = format!("SELECT {DOCUMENT_COLUMNS} WHERE d.doc_id = ?1");
    query_document(conn, &sql, id.as_str())
}

/// The latest version under a locator.
pub(crate) fn latest(conn: &Connection, locator: &str) -> Result<Option<StoredDocument>> {
    let sql =
        format!("SELECT {DOCUMENT_COLUMNS} WHERE d.locator = ?1 ORDER BY d.version DESC LIMIT 1");
    query_document(conn, &sql, locator)
}

fn query_document(conn: &Connection, sql: &str, key: &str) -> Result<Option<StoredDocument>> {
    let raw = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.query_row([key], RawDocumentRow::read).optional())
        .ctx("reading a document")?;
    raw.map(RawDocumentRow::into_stored).transpose()
}

/// A document row before its JSON and times are decoded.
struct RawDocumentRow {
    id: String,
    locator: String,
    version: i64,
    superseded_by: Option<String>,
    duplicate_of: Option<String>,
    author: String,
    created_at: String,
    document: String,
    raw: Option<RawColumns>,
}

/// A raw page's url, fetch time, status, content type, size and hash.
type RawColumns = (
    Option<String>,
    String,
    Option<u16>,
    Option<String>,
    i64,
    String,
);

impl RawDocumentRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        let fetched_at: Option<String> = r.get(9)?;
        let raw = match fetched_at {
            Some(at) => Some((
                r.get(8)?,
                at,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
            )),
            None => None,
        };
        Ok(Self {
            id: r.get(0)?,
            locator: r.get(1)?,
            version: r.get(2)?,
            superseded_by: r.get(3)?,
            duplicate_of: r.get(4)?,
            author: r.get(5)?,
            created_at: r.get(6)?,
            document: r.get(7)?,
            raw,
        })
    }

    fn into_stored(self) -> Result<StoredDocument> {
        let raw = self
            .raw
            .map(|(url, at, http_status, content_type, size, sha256)| {
                Ok::<_, StoreError>(RawMeta {
                    url,
                    fetched_at: crate::convert::time_from_sql(&at)?,
                    http_status,
                    content_type,
                    size: crate::convert::to_u64(size),
                    sha256,
                })
            })
            .transpose()?;
        Ok(StoredDocument {
            id: DocumentId(self.id),
            locator: self.locator,
            version: to_u32(self.version),
            superseded_by: self.superseded_by.map(DocumentId),
            duplicate_of: self.duplicate_of.map(DocumentId),
            provenance: provenance(self.author, &self.created_at)?,
            document: from_json("document", self.document.as_bytes())?,
            raw,
        })
    }
}

/// The document whose raw page had these bytes.
pub(crate) fn by_raw_sha256(conn: &Connection, sha256: &str) -> Result<Option<DocumentId>> {
    conn.prepare_cached(
        "SELECT d.doc_id FROM raw_pages r JOIN documents d ON d.id = r.document_id
         WHERE r.sha256 = ?1 ORDER BY d.id LIMIT 1",
    )
    .and_then(|mut s| s.query_row([sha256], |r| r.get(0)).optional())
    .map(|id| id.map(DocumentId))
    .ctx("finding a raw page")
}

/// The documents whose raw pages had these hashes, in the same order.
pub(crate) fn by_raw_sha256s(
    conn: &Connection,
    sha256s: &[String],
) -> Result<Vec<Option<DocumentId>>> {
    let mut found = std::collections::HashMap::new();
    // Well under SQLite's limit on bound parameters.
    for chunk in sha256s.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT r.sha256, d.doc_id FROM raw_pages r JOIN documents d ON d.id = r.document_id
             WHERE r.sha256 IN ({marks}) ORDER BY d.id DESC"
        );
        let rows: Vec<(String, String)> = conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(rusqlite::params_from_iter(chunk), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .ctx("finding raw pages")?;
        // Newest first, so the oldest document with a hash is the one kept.
        found.extend(rows);
    }
    Ok(sha256s
        .iter()
        .map(|sha| found.get(sha).cloned().map(DocumentId))
        .collect())
}

const SUMMARY_COLUMNS: &str = "d.id, d.doc_id, d.locator, d.version, d.title, d.published,
    d.created_at, (SELECT count(*) FROM events e WHERE e.document_id = d.id AND e.current = 1)
    FROM documents d";

/// A document summary row, with its row id first.
pub(crate) fn summary(r: &Row<'_>) -> rusqlite::Result<(i64, SummaryRow)> {
    Ok((
        r.get(0)?,
        SummaryRow {
            id: r.get(1)?,
            locator: r.get(2)?,
            version: r.get(3)?,
            title: r.get(4)?,
            published: r.get(5)?,
            created_at: r.get(6)?,
            events: r.get(7)?,
        },
    ))
}

/// A summary row before its dates are decoded.
pub(crate) struct SummaryRow {
    id: String,
    locator: String,
    version: i64,
    title: Option<String>,
    published: Option<String>,
    created_at: String,
    events: i64,
}

impl SummaryRow {
    fn decode(self) -> Result<DocumentSummary> {
        Ok(DocumentSummary {
            id: DocumentId(self.id),
            locator: self.locator,
            version: to_u32(self.version),
            title: self.title,
            published: date_from_sql(self.published)?,
            stored_at: crate::convert::time_from_sql(&self.created_at)?,
            events: to_u32(self.events),
        })
    }
}

/// Runs a summary query with one parameter.
pub(crate) fn summaries(
    conn: &Connection,
    filter: &str,
    param: &dyn rusqlite::ToSql,
) -> Result<Vec<DocumentSummary>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} {filter}");
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map([param], summary)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("listing documents")?;
    rows.into_iter().map(|(_, row)| row.decode()).collect()
}

/// Every version sharing `id`'s locator, oldest first.
pub(crate) fn versions(conn: &Connection, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
    summaries(
        conn,
        "WHERE d.locator = (SELECT locator FROM documents WHERE doc_id = ?1) ORDER BY d.version",
        &id.as_str(),
    )
}

/// Documents, most recently stored first.
pub(crate) fn list(
    conn: &Connection,
    text: Option<&str>,
    page: &PageRequest,
) -> Result<Page<DocumentSummary>> {
    let limit = page.checked_limit()?;
    let after = match &page.after {
        Some(cursor) => cursor.tagged_parts('d')?.1,
        None => i64::MAX,
    };
    let (matching, query) = match text {
        Some(text) => (
            "AND d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?3)",
            Some(crate::search::fts_query(text)?),
        ),
        None => ("AND ?3 IS NULL", None),
    };
    let sql =
        format!("SELECT {SUMMARY_COLUMNS} WHERE d.id < ?1 {matching} ORDER BY d.id DESC LIMIT ?2");
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(params![after, i64::from(limit) + 1, query], summary)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("listing documents")?;
    let cursor = |(rowid, _): &(i64, SummaryRow)| vigil_store::Cursor::tagged('d', "", *rowid);
    crate::paging::page(rows, limit, cursor, |(_, row)| row.decode())
}

/// The raw page of a document, decompressed.
pub(crate) fn raw(conn: &Connection, id: &DocumentId) -> Result<Option<RawRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT r.url, r.fetched_at, r.http_status, r.content_type, r.etag, r.last_modified,
             r.codec, r.bytes FROM raw_pages r JOIN documents d ON d.id = r.document_id
             WHERE d.doc_id = ?1",
        )
        .and_then(|mut s| {
            s.query_row([id.as_str()], |r| {
                let record = RawRecord {
                    url: r.get(0)?,
                    fetched_at: chrono::DateTime::default(),
                    http_status: r.get(2)?,
                    content_type: r.get(3)?,
                    etag: r.get(4)?,
                    last_modified: r.get(5)?,
                    bytes: r.get(7)?,
                };
                Ok((record, r.get::<_, String>(1)?, r.get::<_, String>(6)?))
            })
            .optional()
        })
        .ctx("reading a raw page")?;
    let Some((mut record, fetched_at, codec_name)) = row else {
        return Ok(None);
    };
    record.fetched_at = crate::convert::time_from_sql(&fetched_at)?;
    record.bytes = codec::decompress(&codec_name, &record.bytes)?;
    Ok(Some(record))
}

/// The analysis stored with a document.
pub(crate) fn analysis(conn: &Connection, id: &DocumentId) -> Result<Option<StoredAnalysis>> {
    let Some(rowid) = rowid_of(conn, id)? else {
        return Ok(None);
    };
    let (author, created_at, analysis) = analysis_row(conn, rowid)?;
    Ok(Some(StoredAnalysis {
        document: id.clone(),
        provenance: provenance(author, &created_at)?,
        analysis,
    }))
}

/// The analysis of the document with this row id.
pub(crate) fn analysis_by_rowid(conn: &Connection, rowid: i64) -> Result<Analysis> {
    analysis_row(conn, rowid).map(|(_, _, analysis)| analysis)
}

fn analysis_row(conn: &Connection, rowid: i64) -> Result<(String, String, Analysis)> {
    let (author, created_at, codec_name, blob) = conn
        .prepare_cached(
            "SELECT author, created_at, codec, json FROM analyses WHERE document_id = ?1",
        )
        .and_then(|mut s| {
            s.query_row([rowid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                ))
            })
        })
        .ctx("reading an analysis")?;
    let json = codec::decompress(&codec_name, &blob)?;
    Ok((author, created_at, from_json("analysis", &json)?))
}
