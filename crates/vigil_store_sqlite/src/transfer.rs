//! Reading and loading the store table by table for `vigil migrate` (see
//! [`vigil_store::transfer`]): SQLite's values are the canonical form as they
//! are; a load rebuilds the two full-text indexes from the loaded rows.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};
use vigil_store::StoreError;
use vigil_store::transfer::{RowSink, Table, Transfer, Value};

use crate::SqliteStore;
use crate::convert::{Context, Result};

impl Transfer for SqliteStore {
    fn export_rows(
        &self,
        table: &Table,
        each: &mut dyn FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<()> {
        let order: Vec<&str> = table.key.iter().map(|k| k.column()).collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            table.columns.join(", "),
            table.name,
            order.join(", ")
        );
        self.read_connection(|conn| {
            let mut stmt = conn.prepare(&sql).ctx("reading a table")?;
            let mut rows = stmt.query([]).ctx("reading a table")?;
            while let Some(row) = rows.next().ctx("reading a table")? {
                let values = (0..table.columns.len())
                    .map(|i| row.get::<_, SqlValue>(i).map(from_sql))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .ctx("reading a table")?;
                each(values)?;
            }
            Ok(())
        })
    }

    fn import_rows(&self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()> {
        self.write_transaction(|tx| {
            let held: i64 = tx
                .query_row(
                    "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM users)",
                    [],
                    |r| r.get(0),
                )
                .ctx("checking the target is empty")?;
            if held > 0 {
                return Err(StoreError::Refused(
                    "the target store is not empty: it holds documents or users".to_owned(),
                ));
            }
            fill(&mut Sink { conn: tx })?;
            tx.execute(
                "INSERT INTO document_fts (rowid, title, body)
                 SELECT id, title, json_extract(document, '$.text') FROM documents",
                [],
            )
            .ctx("indexing documents")?;
            crate::events::reindex_all(tx)
        })
    }
}

struct Sink<'a> {
    conn: &'a Connection,
}

impl RowSink for Sink<'_> {
    fn insert(&mut self, table: &Table, row: Vec<Value>) -> Result<()> {
        let marks = vec!["?"; table.columns.len()].join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({marks})",
            table.name,
            table.columns.join(", ")
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(params_from_iter(row.into_iter().map(to_sql))))
            .ctx("loading a row")?;
        Ok(())
    }

    fn set(&mut self, table: &Table, column: &str, id: i64, value: Value) -> Result<()> {
        let key = table
            .key
            .first()
            .map(|k| k.column())
            .ok_or_else(|| StoreError::Corrupt(format!("{} has no key", table.name)))?;
        let sql = format!("UPDATE {} SET {column} = ?1 WHERE {key} = ?2", table.name);
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(rusqlite::params![to_sql(value), id]))
            .ctx("loading a row")?;
        Ok(())
    }
}

fn from_sql(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::Int(i),
        SqlValue::Real(f) => Value::Real(f),
        SqlValue::Text(t) => Value::Text(t),
        SqlValue::Blob(b) => Value::Bytes(b),
    }
}

fn to_sql(value: Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Int(i) => SqlValue::Integer(i),
        Value::Real(f) => SqlValue::Real(f),
        Value::Text(t) => SqlValue::Text(t),
        Value::Bytes(b) => SqlValue::Blob(b),
    }
}
