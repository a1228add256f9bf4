//! Moving a whole store from one backend to another, table by table, and
//! checking the move by counts and checksums.
//!
//! Every backend keeps the same tables with the same columns (its own types:
//! SQLite's text times, PostgreSQL's `timestamptz`…), so a store is moved as
//! rows of [`Value`]s in one canonical form, the SQLite store's: times as
//! RFC 3339 text in UTC with microseconds, dates as `YYYY-MM-DD`, booleans as
//! 0 and 1. The derived data (full-text indexes, id sequences) is rebuilt by
//! the target. [`copy`] moves the rows; [`checksums`] reads a store back in
//! key order and hashes every value, so that source and target can be
//! compared table by table.

use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// A column value in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (ids, counts, versions, booleans as 0 and 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text (times and dates as text).
    Text(String),
    /// Bytes (compressed blobs, signatures).
    Bytes(Vec<u8>),
}

/// A key column and whether it is text (ordered byte for byte) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// An integer column.
    Int(&'static str),
    /// A text column, ordered by its bytes.
    Text(&'static str),
}

impl Key {
    /// The column's name.
    pub fn column(self) -> &'static str {
        match self {
            Self::Int(c) | Self::Text(c) => c,
        }
    }
}

/// A table as moved: its columns in order, the key its rows are read in, and
/// the columns that refer to later rows of the same table (written after
/// every row is in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The table's name in every backend.
    pub name: &'static str,
    /// The columns moved, in order; derived columns are left out.
    pub columns: &'static [&'static str],
    /// The primary key, in order.
    pub key: &'static [Key],
    /// Columns pointing at rows of the same table that may come later; the
    /// first key column must then be the row's integer id.
    pub forward: &'static [&'static str],
}

impl Table {
    /// The position of `column` among the columns.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }
}

/// Every table of a store, in an order that loads parents before children.
pub const TABLES: &[Table] = &[
    Table {
        name: "documents",
        columns: &[
            "id",
            "doc_id",
            "locator",
            "version",
            "superseded_by",
            "title",
            "published",
            "author",
            "created_at",
            "document",
        ],
        key: &[Key::Int("id")],
        forward: &["superseded_by"],
    },
    Table {
        name: "raw_pages",
        columns: &[
            "document_id",
            "url",
            "fetched_at",
            "http_status",
            "content_type",
            "etag",
            "last_modified",
            "sha256",
            "size",
            "codec",
            "bytes",
        ],
        key: &[Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "analyses",
        columns: &[
            "document_id",
            "schema",
            "author",
            "created_at",
            "codec",
            "json",
        ],
        key: &[Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "entities",
        columns: &[
            "id",
            "document_id",
            "local_id",
            "current_version",
            "current",
            "kind",
            "key",
            "name",
        ],
        key: &[Key::Int("id")],
        forward: &[],
    },
    Table {
        name: "entity_versions",
        columns: &["entity_id", "version", "author", "created_at", "data"],
        key: &[Key::Int("entity_id"), Key::Int("version")],
        forward: &[],
    },
    Table {
        name: "events",
        columns: &[
            "id",
            "document_id",
            "local_id",
            "current_version",
            "current",
            "kind",
            "review",
            "confidence",
            "date_start",
            "date_end",
            "sort_date",
            "country",
            "place_key",
            "place_name",
            "lat",
            "lon",
        ],
        key: &[Key::Int("id")],
        forward: &[],
    },
    Table {
        name: "event_versions",
        columns: &[
            "event_id",
            "version",
            "review",
            "author",
            "created_at",
            "note",
            "data",
        ],
        key: &[Key::Int("event_id"), Key::Int("version")],
        forward: &[],
    },
    Table {
        name: "event_participants",
        columns: &["entity_id", "event_id", "role"],
        key: &[
            Key::Int("entity_id"),
            Key::Int("event_id"),
            Key::Text("role"),
        ],
        forward: &[],
    },
    Table {
        name: "document_simhash",
        columns: &["document_id", "simhash", "band0", "band1", "band2", "band3"],
        key: &[Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "duplicate_links",
        columns: &["document_id", "duplicate_of"],
        key: &[Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "document_minhash",
        columns: &["document_id", "shingles", "signature"],
        key: &[Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "document_minhash_bands",
        columns: &["band", "document_id"],
        key: &[Key::Int("band"), Key::Int("document_id")],
        forward: &[],
    },
    Table {
        name: "users",
        columns: &[
            "id",
            "name",
            "role",
            "password",
            "disabled",
            "failed_logins",
            "locked_until",
            "created_at",
            "updated_at",
        ],
        key: &[Key::Int("id")],
        forward: &[],
    },
    Table {
        name: "sessions",
        columns: &["token_hash", "user_id", "csrf", "created_at", "expires_at"],
        key: &[Key::Text("token_hash")],
        forward: &[],
    },
    Table {
        name: "clusters",
        columns: &["id", "kind", "author", "created_at"],
        key: &[Key::Int("id")],
        forward: &[],
    },
    Table {
        name: "links",
        columns: &[
            "id",
            "kind",
            "subject",
            "cluster_id",
            "state",
            "rule",
            "score",
            "note",
            "author",
            "created_at",
            "ended_by",
            "ended_at",
            "replaced_by",
        ],
        key: &[Key::Int("id")],
        forward: &["replaced_by"],
    },
    Table {
        name: "resolve_keys",
        columns: &["key", "document_id"],
        key: &[Key::Text("key"), Key::Int("document_id")],
        forward: &[],
    },
];

/// Where rows are loaded: one transaction of a target store.
pub trait RowSink {
    /// Adds one row of `table`, its values in [`Table::columns`] order.
    fn insert(&mut self, table: &Table, row: Vec<Value>) -> Result<()>;

    /// Sets `column` of the row whose id is `id` (the first key column).
    fn set(&mut self, table: &Table, column: &str, id: i64, value: Value) -> Result<()>;
}

/// A store that can be read and loaded table by table.
pub trait Transfer {
    /// Every row of `table` in key order, its values in [`Table::columns`]
    /// order, passed to `each`; one snapshot per table.
    fn export_rows(
        &self,
        table: &Table,
        each: &mut dyn FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<()>;

    /// Loads this store, which must hold no document and no user, in one
    /// transaction: `fill` inserts the rows, then the store rebuilds what it
    /// derives from them (full-text indexes, id sequences) and commits.
    fn import_rows(&self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()>;
}

/// Copies every row of `from` into the empty store `to`, in one transaction
/// of `to`.
pub fn copy(from: &dyn Transfer, to: &dyn Transfer) -> Result<()> {
    to.import_rows(&mut |sink| {
        for table in TABLES {
            let forward: Vec<usize> = table
                .forward
                .iter()
                .filter_map(|c| table.position(c))
                .collect();
            let mut later: Vec<(i64, usize, Value)> = Vec::new();
            from.export_rows(table, &mut |mut row| {
                if !forward.is_empty() {
                    let id = match row.first() {
                        Some(Value::Int(id)) => *id,
                        other => {
                            return Err(StoreError::Corrupt(format!(
                                "{} row without an integer id: {other:?}",
                                table.name
                            )));
                        }
                    };
                    for &i in &forward {
                        if let Some(value) = row.get_mut(i)
                            && *value != Value::Null
                        {
                            later.push((id, i, std::mem::replace(value, Value::Null)));
                        }
                    }
                }
                sink.insert(table, row)
            })?;
            for (id, i, value) in later {
                sink.set(table, table.columns[i], id, value)?;
            }
        }
        Ok(())
    })
}

/// The rows of one table and a digest of their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    /// The table.
    pub table: &'static str,
    /// Its rows.
    pub rows: u64,
    /// `sha256:` and the hex SHA-256 of every value of every row, in key order.
    pub checksum: String,
}

/// Counts and checksums of every table of a store.
pub fn checksums(store: &dyn Transfer) -> Result<Vec<TableSum>> {
    TABLES
        .iter()
        .map(|table| {
            let mut hasher = Sha256::new();
            let mut rows = 0u64;
            store.export_rows(table, &mut |row| {
                rows += 1;
                for value in &row {
                    hash_value(&mut hasher, value);
                }
                Ok(())
            })?;
            let digest: String = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            Ok(TableSum {
                table: table.name,
                rows,
                checksum: format!("sha256:{digest}"),
            })
        })
        .collect()
}

/// Feeds a value with its type and length, so that no two rows hash alike by accident.
fn hash_value(hasher: &mut Sha256, value: &Value) {
    match value {
        Value::Null => hasher.update(b"N"),
        Value::Int(i) => {
            hasher.update(b"I");
            hasher.update(i.to_le_bytes());
        }
        Value::Real(f) => {
            hasher.update(b"R");
            hasher.update(f.to_bits().to_le_bytes());
        }
        Value::Text(t) => {
            hasher.update(b"T");
            hasher.update((t.len() as u64).to_le_bytes());
            hasher.update(t.as_bytes());
        }
        Value::Bytes(b) => {
            hasher.update(b"B");
            hasher.update((b.len() as u64).to_le_bytes());
            hasher.update(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_name_their_keys_and_forward_columns() {
        for table in TABLES {
            for key in table.key {
                assert!(table.position(key.column()).is_some(), "{}", table.name);
            }
            for column in table.forward {
                assert!(table.position(column).is_some(), "{}", table.name);
                assert!(matches!(table.key, [Key::Int(_)]), "{}", table.name);
            }
        }
    }

    #[test]
    fn values_hash_with_their_types() {
        let digest = |values: &[Value]| {
            let mut hasher = Sha256::new();
            for value in values {
                hash_value(&mut hasher, value);
            }
            hasher.finalize().to_vec()
        };
        assert_ne!(digest(&[Value::Text("1".into())]), digest(&[Value::Int(1)]));
        assert_ne!(
            digest(&[Value::Text("ab".into()), Value::Text("c".into())]),
            digest(&[Value::Text("a".into()), Value::Text("bc".into())])
        );
        assert_eq!(digest(&[Value::Null]), digest(&[Value::Null]));
    }
}
