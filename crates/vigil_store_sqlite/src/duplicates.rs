//! Near-duplicate reports: SimHash and MinHash band lookups, duplicate links.

use rusqlite::{Connection, params};
use vigil_store::minhash::{MinHash, MinHashCandidate};
use vigil_store::{DocumentId, DocumentSummary, NearDuplicate, StoreError, simhash};

use crate::convert::{Context, Result};

/// Stored documents within `max_distance` bits of `hash`, nearest first. The hashes sharing
/// a band are read from their own table first; a document's id is read only for one near
/// enough, since most band matches are chance ones.
pub(crate) fn near(conn: &Connection, hash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>> {
    let [b0, b1, b2, b3] = simhash::bands(hash);
    let rows: Vec<(i64, u32)> = conn
        .prepare_cached(
            "SELECT document_id, simhash FROM document_simhash
             WHERE band0 = ?1 OR band1 = ?2 OR band2 = ?3 OR band3 = ?4",
        )
        .and_then(|mut s| {
            s.query_map([b0, b1, b2, b3], |r| {
                let other: i64 = r.get(1)?;
                Ok((r.get(0)?, simhash::distance(hash, simhash::from_sql(other))))
            })?
            .collect()
        })
        .ctx("finding near duplicates")?;
    let mut found = rows
        .into_iter()
        .filter(|(_, distance)| *distance <= max_distance)
        .map(|(rowid, distance)| {
            let id = conn
                .prepare_cached("SELECT doc_id FROM documents WHERE id = ?1")
                .and_then(|mut s| s.query_row([rowid], |r| r.get(0)))
                .ctx("reading a near duplicate")?;
            Ok(NearDuplicate {
                id: DocumentId(id),
                distance,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    found.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.id.cmp(&b.id)));
    Ok(found)
}

/// The documents stored as copies of `id`.
pub(crate) fn copies_of(conn: &Connection, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
    crate::documents::summaries(
        conn,
        "JOIN duplicate_links l ON l.document_id = d.id
         WHERE l.duplicate_of = (SELECT id FROM documents WHERE doc_id = ?1) ORDER BY d.id",
        &id.as_str(),
    )
}

/// Stores a document's MinHash signature and its band keys.
pub(crate) fn insert_minhash(conn: &Connection, rowid: i64, sig: Option<&MinHash>) -> Result<()> {
    let Some(sig) = sig else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO document_minhash (document_id, shingles, signature) VALUES (?1, ?2, ?3)",
    )
    .and_then(|mut s| s.execute(params![rowid, sig.shingles, sig.to_bytes()]))
    .ctx("storing a minhash")?;
    let mut insert = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO document_minhash_bands (band, document_id) VALUES (?1, ?2)",
        )
        .ctx("storing minhash bands")?;
    for band in sig.bands() {
        insert
            .execute(params![band, rowid])
            .ctx("storing a minhash band")?;
    }
    Ok(())
}

/// Stored documents sharing a band with `sig` and passing `keep`, in storage order. The
/// signatures are read first from their narrow table; a document row is read only for a
/// kept one.
pub(crate) fn minhash_candidates(
    conn: &Connection,
    sig: &MinHash,
    keep: &dyn Fn(&MinHash) -> bool,
) -> Result<Vec<MinHashCandidate>> {
    let bands = sig.bands();
    if bands.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; bands.len()].join(", ");
    let sql = format!(
        "SELECT document_id, shingles, signature FROM document_minhash
         WHERE document_id IN (SELECT document_id FROM document_minhash_bands
                               WHERE band IN ({marks}))
         ORDER BY document_id"
    );
    let mut kept = Vec::new();
    let mut corrupt = None;
    conn.prepare_cached(&sql)
        .and_then(|mut s| {
            let mut rows = s.query(rusqlite::params_from_iter(&bands))?;
            while let Some(row) = rows.next()? {
                let rowid: i64 = row.get(0)?;
                match MinHash::from_bytes(row.get(1)?, row.get_ref(2)?.as_blob()?) {
                    Some(signature) if keep(&signature) => kept.push((rowid, signature)),
                    Some(_) => {}
                    None => corrupt = corrupt.or(Some(rowid)),
                }
            }
            Ok(())
        })
        .ctx("finding minhash candidates")?;
    if let Some(rowid) = corrupt {
        return Err(StoreError::Corrupt(format!(
            "minhash signature of document row {rowid}"
        )));
    }
    kept.into_iter()
        .map(|(rowid, signature)| candidate(conn, rowid, signature))
        .collect()
}

/// A kept candidate's content id, address and the report it copies.
fn candidate(conn: &Connection, rowid: i64, signature: MinHash) -> Result<MinHashCandidate> {
    let (id, locator, of): (String, String, Option<String>) = conn
        .prepare_cached(
            "SELECT d.doc_id, d.locator, o.doc_id FROM documents d
             LEFT JOIN duplicate_links l ON l.document_id = d.id
             LEFT JOIN documents o ON o.id = l.duplicate_of
             WHERE d.id = ?1",
        )
        .and_then(|mut s| s.query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
        .ctx("reading a minhash candidate")?;
    Ok(MinHashCandidate {
        id: DocumentId(id),
        locator,
        duplicate_of: of.map(DocumentId),
        signature,
    })
}
