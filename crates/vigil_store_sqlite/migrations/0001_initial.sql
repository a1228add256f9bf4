-- Vigil store, schema version 1: documents with their raw pages and
-- analyses, events and entities as immutable versions, full-text indexes.
--
-- Tables named *_versions hold the facts and are only ever appended to.
-- `documents`, `events` and `entities` are their identities plus a
-- projection of the current version into plain columns, so that filters and
-- sorts use indexes instead of parsing JSON.

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL UNIQUE,      -- sha256:… of the cleaned text
    locator       TEXT NOT NULL,             -- URL, else source: the version series
    version       INTEGER NOT NULL,
    superseded_by INTEGER REFERENCES documents(id),
    title         TEXT,
    published     TEXT,                      -- YYYY-MM-DD
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,             -- RFC 3339, UTC
    document      TEXT NOT NULL,             -- vigil_model::Document as JSON
    UNIQUE (locator, version)
);

CREATE TABLE raw_pages (
    document_id   INTEGER PRIMARY KEY REFERENCES documents(id),
    url           TEXT,
    fetched_at    TEXT NOT NULL,
    http_status   INTEGER,
    content_type  TEXT,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    codec         TEXT NOT NULL,
    bytes         BLOB NOT NULL
);
CREATE INDEX raw_pages_sha256 ON raw_pages (sha256);

CREATE TABLE analyses (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    schema      TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    codec       TEXT NOT NULL,
    json        BLOB NOT NULL                -- the whole vigil.analysis/1 object
);

CREATE TABLE entities (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    local_id        TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    current         INTEGER NOT NULL DEFAULT 1,  -- 0 once the document is superseded
    kind            TEXT NOT NULL,
    key             TEXT NOT NULL,               -- kind:normalised name
    name            TEXT NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX entities_key ON entities (key, current);

CREATE TABLE entity_versions (
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    version    INTEGER NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data       TEXT NOT NULL,                -- vigil_model::Entity as JSON
    PRIMARY KEY (entity_id, version)
) WITHOUT ROWID;

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    local_id        TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    current         INTEGER NOT NULL DEFAULT 1,
    kind            TEXT NOT NULL,
    review          TEXT NOT NULL,
    confidence      REAL NOT NULL,
    date_start      TEXT,
    date_end        TEXT,
    sort_date       TEXT NOT NULL,           -- date_start, else published, else ''
    country         TEXT,
    place_key       TEXT,
    place_name      TEXT,
    lat             REAL,
    lon             REAL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX events_sort ON events (current, sort_date, id);
CREATE INDEX events_kind ON events (kind, sort_date);
CREATE INDEX events_country ON events (country, sort_date);
CREATE INDEX events_place ON events (place_key);
CREATE INDEX events_date ON events (date_start, date_end);

CREATE TABLE event_versions (
    event_id   INTEGER NOT NULL REFERENCES events(id),
    version    INTEGER NOT NULL,
    review     TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note       TEXT,
    data       TEXT NOT NULL,                -- vigil_model::Event as JSON
    PRIMARY KEY (event_id, version)
) WITHOUT ROWID;

-- Who takes part in the current version of each event, for the person and
-- organisation filters.
CREATE TABLE event_participants (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    event_id  INTEGER NOT NULL REFERENCES events(id),
    role      TEXT NOT NULL,
    PRIMARY KEY (entity_id, event_id, role)
) WITHOUT ROWID;
CREATE INDEX event_participants_event ON event_participants (event_id);

-- Contentless full-text indexes: the text lives in the tables above.
CREATE VIRTUAL TABLE event_fts USING fts5 (
    fields, evidence,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE document_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
