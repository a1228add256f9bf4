-- Vigil store, schema version 4: MinHash signatures of reports, for finding
-- syndicated copies that a new intro or an extra paragraph moved too far for
-- SimHash (see vigil_store::minhash).

-- The signature of each report that has one: its distinct shingle count and
-- its values as little-endian 32-bit integers.
CREATE TABLE document_minhash (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    shingles    INTEGER NOT NULL,
    signature   BLOB NOT NULL
);

-- One key per LSH band of each signature: reports sharing a key are
-- candidate copies. Keyed by band first, so a lookup is one index probe per band.
CREATE TABLE document_minhash_bands (
    band        INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    PRIMARY KEY (band, document_id)
) WITHOUT ROWID;
