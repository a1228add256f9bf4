//! Conversions between rows and the store's types: errors, times, dates, JSON.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use vigil_store::{Provenance, StoreError};

/// Shorthand for a store call's result.
pub(crate) type Result<T> = std::result::Result<T, StoreError>;

/// Names what the store was doing when the engine failed.
pub(crate) trait Context<T> {
    /// The result with an engine error wrapped in [`StoreError::Backend`].
    fn ctx(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn ctx(self, context: &'static str) -> Result<T> {
        self.map_err(|e| StoreError::backend(context, e))
    }
}

/// A time as stored: RFC 3339 in UTC with microseconds, so it sorts as text.
pub(crate) fn time_to_sql(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored time read back.
pub(crate) fn time_from_sql(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("time {text:?}: {e}")))
}

/// A stored calendar date read back.
pub(crate) fn date_from_sql(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(format!("date {t:?}: {e}")))
    })
    .transpose()
}

/// A provenance read back from its two columns.
pub(crate) fn provenance(author: String, created_at: &str) -> Result<Provenance> {
    Ok(Provenance {
        author,
        at: time_from_sql(created_at)?,
    })
}

/// A value as stored JSON.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Refused(format!("not serialisable: {e}")))
}

/// Stored JSON read back.
pub(crate) fn from_json<T: DeserializeOwned>(what: &str, json: &[u8]) -> Result<T> {
    serde_json::from_slice(json).map_err(|e| StoreError::Corrupt(format!("{what} JSON: {e}")))
}

/// A count or version from SQL, which has only signed integers.
pub(crate) fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A count from SQL.
pub(crate) fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_sort_as_text() {
        let a = DateTime::parse_from_rfc3339("2026-11-26T09:05:00.5Z")
            .expect("valid")
            .with_timezone(&Utc);
        let b = a + chrono::Duration::hours(5);
        assert_eq!(time_from_sql(&time_to_sql(&a)).expect("valid"), a);
        assert!(time_to_sql(&a) < time_to_sql(&b));
        assert!(time_from_sql("yesterday").is_err());
    }

    #[test]
    fn dates_parse_or_fail_cleanly() {
        let date = date_from_sql(Some("2024-03-14".to_owned())).expect("valid");
        assert_eq!(date, NaiveDate::from_ymd_opt(2024, 3, 14));
        assert_eq!(date_from_sql(None).expect("none"), None);
        assert!(date_from_sql(Some("14/03/2024".to_owned())).is_err());
    }
}
