-- Vigil store, schema version 2: near-duplicate reports (syndicated copies)
-- and a review-queue index.

-- A 64-bit SimHash per document, cut into four 16-bit bands: hashes within
-- Hamming distance 3 share a band, so four indexed lookups find them all.
CREATE TABLE document_simhash (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    simhash     INTEGER NOT NULL,
    band0       INTEGER NOT NULL,
    band1       INTEGER NOT NULL,
    band2       INTEGER NOT NULL,
    band3       INTEGER NOT NULL
);
CREATE INDEX document_simhash_band0 ON document_simhash (band0);
CREATE INDEX document_simhash_band1 ON document_simhash (band1);
CREATE INDEX document_simhash_band2 ON document_simhash (band2);
CREATE INDEX document_simhash_band3 ON document_simhash (band3);

-- A report stored as a copy of another: kept as evidence, no events of its own.
CREATE TABLE duplicate_links (
    document_id  INTEGER PRIMARY KEY REFERENCES documents(id),
    duplicate_of INTEGER NOT NULL REFERENCES documents(id)
);
CREATE INDEX duplicate_links_of ON duplicate_links (duplicate_of);

-- The review queue: proposed events, lowest confidence first.
CREATE INDEX events_review_queue ON events (review, current, confidence, id);
