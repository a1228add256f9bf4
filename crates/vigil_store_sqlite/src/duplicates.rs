//! Near-duplicate reports: SimHash band lookup and duplicate links.

use rusqlite::Connection;
use vigil_store::{DocumentId, DocumentSummary, NearDuplicate, simhash};

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
