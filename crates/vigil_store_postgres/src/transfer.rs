//! Reading and loading the store table by table for `vigil migrate` (see
//! [`vigil_store::transfer`]): PostgreSQL's typed values are turned into the
//! canonical form (times and dates as text, booleans as 0 and 1) and back; a
//! load rebuilds the `tsvector` columns and the id sequences.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use postgres::Row;
use postgres::types::{ToSql, Type};
use vigil_store::StoreError;
use vigil_store::transfer::{Key, RowSink, Table, Transfer, Value};

use crate::PostgresStore;
use crate::convert::{Context, Result};
use crate::pool::Db;

/// Tables whose `id` is an identity column, to move past the loaded ids.
const IDENTITIES: &[&str] = &[
    "documents",
    "entities",
    "events",
    "users",
    "clusters",
    "links",
];

/// Documents re-indexed per query while rebuilding the text index.
const CHUNK: i64 = 500;

impl Transfer for PostgresStore {
    fn export_rows(
        &self,
        table: &Table,
        each: &mut dyn FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<()> {
        let order: Vec<String> = table
            .key
            .iter()
            .map(|k| match k {
                Key::Int(c) => (*c).to_owned(),
                Key::Text(c) => format!("{c} COLLATE \"C\""),
            })
            .collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            table.columns.join(", "),
            table.name,
            order.join(", ")
        );
        self.pool().read(|db| {
            db.for_each(&sql, "reading a table", &mut |row| {
                let values = (0..table.columns.len())
                    .map(|i| from_sql(row, i))
                    .collect::<Result<Vec<_>>>()?;
                each(values)
            })
        })
    }

    fn import_rows(&self, fill: &mut dyn FnMut(&mut dyn RowSink) -> Result<()>) -> Result<()> {
        self.pool().write(|db| {
            let held: i64 = db
                .query_one(
                    "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM users)",
                    &[],
                    "checking the target is empty",
                )?
                .try_get(0)
                .ctx("checking the target is empty")?;
            if held > 0 {
                return Err(StoreError::Refused(
                    "the target store is not empty: it holds documents or users".to_owned(),
                ));
            }
            fill(&mut Sink { db })?;
            for table in IDENTITIES {
                db.exec(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                         (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    ),
                    &[],
                    "moving an id sequence",
                )?;
            }
            reindex(db)
        })
    }
}

/// Rebuilds the `tsvector` of every document and event, a chunk of documents at a time.
fn reindex(db: &mut Db<'_>) -> Result<()> {
    let mut after = 0i64;
    loop {
        let rows = db.query(
            "SELECT id, title, document FROM documents WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &CHUNK],
            "re-indexing documents",
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get(0).ctx("re-indexing documents")?;
        for r in &rows {
            let id: i64 = r.try_get(0).ctx("re-indexing documents")?;
            let title: Option<String> = r.try_get(1).ctx("re-indexing documents")?;
            let json: String = r.try_get(2).ctx("re-indexing documents")?;
            let document: vigil_model::Document =
                crate::convert::from_json("document", json.as_bytes())?;
            crate::documents::index(db, id, title.as_deref(), &document.text)?;
            crate::events::reindex(db, id)?;
        }
    }
}

struct Sink<'d, 'a> {
    db: &'d mut Db<'a>,
}

impl RowSink for Sink<'_, '_> {
    fn insert(&mut self, table: &Table, row: Vec<Value>) -> Result<()> {
        let marks: Vec<String> = (1..=table.columns.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name,
            table.columns.join(", "),
            marks.join(", ")
        );
        let types = self.db.param_types(&sql, "loading a row")?;
        let values = row
            .into_iter()
            .zip(&types)
            .map(|(value, ty)| to_sql(value, ty))
            .collect::<Result<Vec<_>>>()?;
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| &**v as _).collect();
        self.db.exec(&sql, &params, "loading a row")?;
        Ok(())
    }

    fn set(&mut self, table: &Table, column: &str, id: i64, value: Value) -> Result<()> {
        let key = table
            .key
            .first()
            .map(|k| k.column())
            .ok_or_else(|| StoreError::Corrupt(format!("{} has no key", table.name)))?;
        let sql = format!("UPDATE {} SET {column} = $1 WHERE {key} = $2", table.name);
        let types = self.db.param_types(&sql, "loading a row")?;
        let ty = types.first().cloned().unwrap_or(Type::TEXT);
        let value = to_sql(value, &ty)?;
        self.db.exec(&sql, &[&*value, &id], "loading a row")?;
        Ok(())
    }
}

/// A stored value in canonical form.
fn from_sql(row: &Row, i: usize) -> Result<Value> {
    let ty = row.columns().get(i).map(|c| c.type_().clone());
    let context = "reading a value";
    let value = match ty {
        Some(Type::INT8) => row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int)),
        Some(Type::INT4) => row
            .try_get::<_, Option<i32>>(i)
            .map(|v| v.map(|n| Value::Int(n.into()))),
        Some(Type::FLOAT8) => row.try_get::<_, Option<f64>>(i).map(|v| v.map(Value::Real)),
        Some(Type::BOOL) => row
            .try_get::<_, Option<bool>>(i)
            .map(|v| v.map(|b| Value::Int(b.into()))),
        Some(Type::BYTEA) => row
            .try_get::<_, Option<Vec<u8>>>(i)
            .map(|v| v.map(Value::Bytes)),
        Some(Type::TIMESTAMPTZ) => row
            .try_get::<_, Option<DateTime<Utc>>>(i)
            .map(|v| v.map(|t| Value::Text(t.to_rfc3339_opts(SecondsFormat::Micros, true)))),
        Some(Type::DATE) => row
            .try_get::<_, Option<NaiveDate>>(i)
            .map(|v| v.map(|d| Value::Text(d.to_string()))),
        _ => row
            .try_get::<_, Option<String>>(i)
            .map(|v| v.map(Value::Text)),
    };
    Ok(value.ctx(context)?.unwrap_or(Value::Null))
}

/// A canonical value as a parameter of type `ty`.
fn to_sql(value: Value, ty: &Type) -> Result<Box<dyn ToSql + Sync>> {
    let bad = |value: &Value| StoreError::Corrupt(format!("{value:?} cannot be stored as {ty}"));
    Ok(match (value, ty) {
        (Value::Null, &Type::INT8) => Box::new(None::<i64>),
        (Value::Null, &Type::FLOAT8) => Box::new(None::<f64>),
        (Value::Null, &Type::BOOL) => Box::new(None::<bool>),
        (Value::Null, &Type::BYTEA) => Box::new(None::<Vec<u8>>),
        (Value::Null, &Type::TIMESTAMPTZ) => Box::new(None::<DateTime<Utc>>),
        (Value::Null, &Type::DATE) => Box::new(None::<NaiveDate>),
        (Value::Null, _) => Box::new(None::<String>),
        (Value::Int(i), &Type::INT8) => Box::new(i),
        (Value::Int(i), &Type::FLOAT8) => Box::new(i as f64),
        (Value::Int(i), &Type::BOOL) => Box::new(i != 0),
        (Value::Real(f), &Type::FLOAT8) => Box::new(f),
        (Value::Bytes(b), &Type::BYTEA) => Box::new(b),
        (Value::Text(t), &Type::BYTEA) => Box::new(t.into_bytes()),
        (Value::Text(t), &Type::TIMESTAMPTZ) => Box::new(
            DateTime::parse_from_rfc3339(&t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| StoreError::Corrupt(format!("time {t:?}: {e}")))?,
        ),
        (Value::Text(t), &Type::DATE) => Box::new(
            NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map_err(|e| StoreError::Corrupt(format!("date {t:?}: {e}")))?,
        ),
        (Value::Text(t), _) => Box::new(t),
        (value, _) => return Err(bad(&value)),
    })
}
