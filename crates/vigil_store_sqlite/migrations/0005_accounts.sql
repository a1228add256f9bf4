-- Vigil store, schema version 5: users with roles, login lockout, sessions.
-- Only hashes are kept: an argon2id PHC string for each password and the
-- SHA-256 of each session token, so that a copy of the file opens no account.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    password      TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,   -- in a row, since the last success
    locked_until  TEXT,                          -- RFC 3339, UTC
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,                 -- hex SHA-256 of the cookie's token
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
