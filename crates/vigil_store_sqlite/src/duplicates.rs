//! Near-duplicate reports: SimHash and MinHash band lookups, duplicate links.

use rusqlite::{Connection, params};
use vigil_store::minhash::{MinHash, MinHashCandidate};
use vigil_store::{DocumentId, DocumentSummary, NearDuplicate, StoreError, simhash};

use crate::convert::{Context, Result};

/// Stored documents within `max_distance` bits of `hash`, nearest first.
pub(crate) fn near(conn: &Connection, hash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>> {
    let [b0, b1, b2, b3] = simhash::bands(hash);
    let rows: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT d.doc_id, h.simhash FROM document_simhash h JOIN documents d ON d.id = h.document_id
             WHERE h.band0 = ?1 OR h.band1 = ?2 OR h.band2 = ?3 OR h.band3 = ?4",
        )
        .and_then(|mut s| {
            s.query_map([b0, b1, b2, b3], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .ctx("finding near duplicates")?;
    let mut found: Vec<NearDuplicate> = rows
        .into_iter()
        .map(|(id, other)| NearDuplicate {
            id: DocumentId(id),
            distance: simhash::distance(hash, simhash::from_sql(other)),
        })
        .filter(|n| n.distance <= max_distance)
        .collect();
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

/// A candidate's content id, locator, original's content id, shingle count and signature.
type CandidateRow = (String, String, Option<String>, u32, Vec<u8>);

/// Stored documents sharing a band with `sig`, in storage order.
pub(crate) fn minhash_candidates(
    conn: &Connection,
    sig: &MinHash,
) -> Result<Vec<MinHashCandidate>> {
    let bands = sig.bands();
    if bands.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; bands.len()].join(", ");
    let sql = format!(
        "SELECT d.doc_id, d.locator, o.doc_id, m.shingles, m.signature
         FROM document_minhash m JOIN documents d ON d.id = m.document_id
         LEFT JOIN duplicate_links l ON l.document_id = d.id
         LEFT JOIN documents o ON o.id = l.duplicate_of
         WHERE m.document_id IN (SELECT document_id FROM document_minhash_bands
                                 WHERE band IN ({marks}))
         ORDER BY m.document_id"
    );
    let rows: Vec<CandidateRow> = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(rusqlite::params_from_iter(&bands), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect()
        })
        .ctx("finding minhash candidates")?;
    rows.into_iter()
        .map(|(id, locator, of, shingles, bytes)| {
            let signature = MinHash::from_bytes(shingles, &bytes)
                .ok_or_else(|| StoreError::Corrupt(format!("minhash signature of {id}")))?;
            Ok(MinHashCandidate {
                id: DocumentId(id),
                locator,
                duplicate_of: of.map(DocumentId),
                signature,
            })
        })
        .collect()
}
