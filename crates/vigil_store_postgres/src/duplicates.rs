//! Near-duplicate reports: SimHash and MinHash band lookups, duplicate links.

use vigil_store::minhash::{MinHash, MinHashCandidate};
use vigil_store::{DocumentId, DocumentSummary, NearDuplicate, StoreError, simhash};

use crate::convert::{Context, Result};
use crate::pool::Db;

/// Stored documents within `max_distance` bits of `hash`, nearest first.
pub(crate) fn near(db: &mut Db<'_>, hash: u64, max_distance: u32) -> Result<Vec<NearDuplicate>> {
    let [b0, b1, b2, b3] = simhash::bands(hash);
    let rows = db.query(
        "SELECT d.doc_id, h.simhash FROM document_simhash h JOIN documents d ON d.id = h.document_id
         WHERE h.band0 = $1 OR h.band1 = $2 OR h.band2 = $3 OR h.band3 = $4",
        &[&b0, &b1, &b2, &b3],
        "finding near duplicates",
    )?;
    let mut found = Vec::new();
    for r in rows {
        let other: i64 = r.try_get(1).ctx("finding near duplicates")?;
        let distance = simhash::distance(hash, simhash::from_sql(other));
        if distance <= max_distance {
            found.push(NearDuplicate {
                id: DocumentId(r.try_get(0).ctx("finding near duplicates")?),
                distance,
            });
        }
    }
    found.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.id.cmp(&b.id)));
    Ok(found)
}

/// The documents stored as copies of `id`.
pub(crate) fn copies_of(db: &mut Db<'_>, id: &DocumentId) -> Result<Vec<DocumentSummary>> {
    crate::documents::summaries(
        db,
        "JOIN duplicate_links l ON l.document_id = d.id
         WHERE l.duplicate_of = (SELECT id FROM documents WHERE doc_id = $1) ORDER BY d.id",
        id.as_str(),
    )
}

/// Stores a document's MinHash signature and its band keys.
pub(crate) fn insert_minhash(db: &mut Db<'_>, rowid: i64, sig: Option<&MinHash>) -> Result<()> {
    let Some(sig) = sig else { return Ok(()) };
    db.exec(
        "INSERT INTO document_minhash (document_id, shingles, signature) VALUES ($1, $2, $3)",
        &[&rowid, &i64::from(sig.shingles), &sig.to_bytes()],
        "storing a minhash",
    )?;
    db.exec(
        "INSERT INTO document_minhash_bands (band, document_id)
         SELECT DISTINCT unnest($1::bigint[]), $2::bigint ON CONFLICT DO NOTHING",
        &[&sig.bands(), &rowid],
        "storing minhash bands",
    )?;
    Ok(())
}

/// Stored documents sharing a band with `sig` and passing `keep`, in storage order.
pub(crate) fn minhash_candidates(
    db: &mut Db<'_>,
    sig: &MinHash,
    keep: &dyn Fn(&MinHash) -> bool,
) -> Result<Vec<MinHashCandidate>> {
    let bands = sig.bands();
    if bands.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db.query(
        "SELECT document_id, shingles, signature FROM document_minhash
         WHERE document_id IN (SELECT document_id FROM document_minhash_bands
                               WHERE band = ANY($1))
         ORDER BY document_id",
        &[&bands],
        "finding minhash candidates",
    )?;
    let mut kept = Vec::new();
    for r in rows {
        let rowid: i64 = r.try_get(0).ctx("finding minhash candidates")?;
        let shingles: i64 = r.try_get(1).ctx("finding minhash candidates")?;
        let bytes: &[u8] = r.try_get(2).ctx("finding minhash candidates")?;
        let signature = u32::try_from(shingles)
            .ok()
            .and_then(|s| MinHash::from_bytes(s, bytes))
            .ok_or_else(|| {
                StoreError::Corrupt(format!("minhash signature of document row {rowid}"))
            })?;
        if keep(&signature) {
            kept.push((rowid, signature));
        }
    }
    kept.into_iter()
        .map(|(rowid, signature)| candidate(db, rowid, signature))
        .collect()
}

/// A kept candidate's content id, address and the report it copies.
fn candidate(db: &mut Db<'_>, rowid: i64, signature: MinHash) -> Result<MinHashCandidate> {
    let r = db.query_one(
        "SELECT d.doc_id, d.locator, o.doc_id FROM documents d
         LEFT JOIN duplicate_links l ON l.document_id = d.id
         LEFT JOIN documents o ON o.id = l.duplicate_of
         WHERE d.id = $1",
        &[&rowid],
        "reading a minhash candidate",
    )?;
    Ok(MinHashCandidate {
        id: DocumentId(r.try_get(0).ctx("reading a minhash candidate")?),
        locator: r.try_get(1).ctx("reading a minhash candidate")?,
        duplicate_of: r
            .try_get::<_, Option<String>>(2)
            .ctx("reading a minhash candidate")?
            .map(DocumentId),
        signature,
    })
}
