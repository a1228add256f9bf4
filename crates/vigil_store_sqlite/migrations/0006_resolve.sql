-- Vigil store, schema version 6: cross-report people and incidents.
--
-- A cluster is a person or an incident across reports; a link ties a person
-- entity (kind 'person', subject = entities.id) or an event (kind
-- 'incident', subject = events.id) to one, with the rule and score that made
-- it, who and when, and a review state. Links are only appended to: a new
-- link ends the one it replaces (ended_*, replaced_by), so history is kept and
-- a reviewer's merge can be split again.

CREATE TABLE clusters (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'incident')),
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'incident')),
    subject     INTEGER NOT NULL,            -- entities.id or events.id, by kind
    cluster_id  INTEGER NOT NULL REFERENCES clusters(id),
    state       TEXT NOT NULL CHECK (state IN ('auto', 'proposed', 'confirmed', 'rejected')),
    rule        TEXT NOT NULL,
    score       REAL,
    note        TEXT,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    ended_by    TEXT,                        -- NULL while current
    ended_at    TEXT,
    replaced_by INTEGER REFERENCES links(id)
);
CREATE INDEX links_subject ON links (kind, subject, id);
CREATE INDEX links_current_cluster ON links (cluster_id, id) WHERE ended_at IS NULL;
CREATE INDEX links_current ON links (kind, id) WHERE ended_at IS NULL;
-- At most one current membership per subject.
CREATE UNIQUE INDEX links_one_membership ON links (kind, subject)
    WHERE ended_at IS NULL AND state IN ('auto', 'confirmed');

-- Blocking keys of documents, so that a new report is resolved against the
-- stored reports that may tell of the same people or incidents.
CREATE TABLE resolve_keys (
    key         TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    PRIMARY KEY (key, document_id)
) WITHOUT ROWID;
CREATE INDEX resolve_keys_document ON resolve_keys (document_id);
