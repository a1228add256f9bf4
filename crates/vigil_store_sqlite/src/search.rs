//! Event search: one FROM and WHERE clause built from an [`EventFilter`],
//! used by the result list, the facet counts, the timeline and the map alike.
//!
//! A query with words is driven from the full-text index: its hits are
//! joined to `events` (a CROSS JOIN, which SQLite never reorders) and then
//! filtered, so its cost follows the number of hits. Without words, the
//! partial indexes over current events (migration 3) serve the filters and
//! the order.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use vigil_model::{EntityKind, EventType};
use vigil_store::{
    Cursor, EntityKey, EventFilter, Facets, FtsTerm, IncidentTotals, MapPoint, PLACE_FACET_LIMIT,
    Page, PageRequest, ReviewState, Sort, StoreError, StoredEvent, TimelineBucket, fts_terms,
    normalize_name,
};

use crate::convert::{Context, Result, date_from_sql, to_u64};
use crate::events::{EVENT_JOINS, EVENT_SELECT, EventRow};

/// A facet dimension, left out of its own count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    Type,
    Country,
    Place,
    Review,
}

/// The rows to search (`events e`, or full-text hits joined to it) and SQL
/// conditions over them, with their parameters in order.
struct Conditions {
    from: &'static str,
    from_params: Vec<Value>,
    clauses: Vec<String>,
    params: Vec<Value>,
}

/// Every current event.
const ALL_EVENTS: &str = "events e";

/// The events whose full-text row matches the first parameter.
const TEXT_HITS: &str = "(SELECT rowid AS hit FROM event_fts WHERE event_fts MATCH ?) h
    CROSS JOIN events e ON e.id = h.hit";

impl Conditions {
    /// Every parameter, in the order the SQL names them.
    fn params(&self) -> impl Iterator<Item = &Value> {
        self.from_params.iter().chain(&self.params)
    }

    fn push(&mut self, clause: String, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause);
        self.params.extend(params);
    }

    /// `e.column IN (?, ?…)` over `values`, if any.
    fn any_of(&mut self, column: &str, values: Vec<String>) {
        if values.is_empty() {
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.push(
            format!("{column} IN ({marks})"),
            values.into_iter().map(Value::Text),
        );
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

fn conditions(filter: &EventFilter, skip: Option<Dim>) -> Result<Conditions> {
    let mut c = Conditions {
        from: ALL_EVENTS,
        from_params: Vec::new(),
        clauses: Vec::new(),
        params: Vec::new(),
    };
    c.push("e.current = 1".to_owned(), []);
    if let Some(text) = &filter.text {
        c.from = TEXT_HITS;
        c.from_params
            .push(Value::Text(event_match(text, filter, skip)?));
    }
    if skip != Some(Dim::Type) {
        c.any_of(
            "e.kind",
            filter.types.iter().map(|t| t.as_str().to_owned()).collect(),
        );
    }
    if skip != Some(Dim::Country) {
        c.any_of(
            "e.country",
            filter
                .countries
                .iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
    }
    if skip != Some(Dim::Review) {
        c.any_of(
            "e.review",
            filter
                .review
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
        );
    }
    if let (Some(place), true) = (&filter.place, skip != Some(Dim::Place)) {
        c.push(
            "e.place_key = ?".to_owned(),
            [Value::Text(normalize_name(place))],
        );
    }
    if let Some(from) = filter.from {
        c.push(
            "e.date_end >= ?".to_owned(),
            [Value::Text(from.to_string())],
        );
    }
    if let Some(to) = filter.to {
        c.push(
            "e.date_start <= ?".to_owned(),
            [Value::Text(to.to_string())],
        );
    }
    for (kind, name) in [
        (EntityKind::Person, &filter.person),
        (EntityKind::Organization, &filter.organization),
    ] {
        if let Some(name) = name {
            c.push(
                "e.id IN (SELECT p.event_id FROM entities n
                  JOIN event_participants p ON p.entity_id = n.id WHERE n.key = ?)"
                    .to_owned(),
                [Value::Text(EntityKey::new(kind, name).as_str().to_owned())],
            );
        }
    }
    Ok(c)
}

/// The full-text query for events: the words in the text columns, and the
/// type and country filters as tokens of the `facets` column, so that the
/// index itself intersects them.
fn event_match(text: &str, filter: &EventFilter, skip: Option<Dim>) -> Result<String> {
    let mut query = format!("{{fields evidence}} : ({})", fts_query(text)?);
    let mut facet = |tokens: Vec<String>| {
        if !tokens.is_empty() {
            query.push_str(&format!(" AND facets : ({})", tokens.join(" OR ")));
        }
    };
    if skip != Some(Dim::Type) {
        facet(
            filter
                .types
                .iter()
                .map(|t| type_token(t.as_str()))
                .collect(),
        );
    }
    if skip != Some(Dim::Country) {
        facet(filter.countries.iter().map(|c| country_token(c)).collect());
    }
    Ok(query)
}

/// The `facets` token of an event type, quoted.
pub(crate) fn type_token(kind: &str) -> String {
    format!("\"t{kind}\"")
}

/// The `facets` token of a country, quoted; anything but letters and digits dropped.
pub(crate) fn country_token(country: &str) -> String {
    let code: String = country
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("\"c{code}\"")
}

/// The FTS5 query for a user's words: every term quoted, all required.
pub(crate) fn fts_query(text: &str) -> Result<String> {
    let terms = fts_terms(text);
    if terms.is_empty() {
        return Err(StoreError::InvalidQuery(format!(
            "no word to search for in {text:?}"
        )));
    }
    Ok(terms.iter().map(fts_term).collect::<Vec<_>>().join(" AND "))
}

fn fts_term(term: &FtsTerm) -> String {
    let star = if term.prefix { "*" } else { "" };
    format!("\"{}\"{star}", term.words.join(" "))
}

/// One page of matching events in `sort` order.
pub(crate) fn search(
    conn: &Connection,
    filter: &EventFilter,
    sort: Sort,
    page: &PageRequest,
) -> Result<Page<StoredEvent>> {
    let limit = page.checked_limit()?;
    let mut c = conditions(filter, None)?;
    let (key_column, order) = match sort {
        Sort::Newest => ("e.sort_date", "DESC"),
        Sort::Oldest => ("e.sort_date", "ASC"),
        Sort::LeastConfident => ("e.confidence", "ASC"),
    };
    if let Some(cursor) = &page.after {
        let (key, id) = cursor.for_sort_parts(sort)?;
        let op = if order == "DESC" { "<" } else { ">" };
        c.push(
            format!("({key_column}, e.id) {op} (?, ?)"),
            [key_value(sort, key)?, Value::Integer(id)],
        );
    }
    // The page is chosen over the narrow rows first and only its events are
    // joined to their versions: sorting every hit with its JSON costs far more.
    let sql = format!(
        "SELECT s.k, {EVENT_SELECT} FROM (
           SELECT {key_column} AS k, e.id AS pick FROM {} WHERE {}
           ORDER BY {key_column} {order}, e.id {order} LIMIT {}
         ) s CROSS JOIN events e ON e.id = s.pick {EVENT_JOINS}
         ORDER BY s.k {order}, e.id {order}",
        c.from,
        c.sql(),
        i64::from(limit) + 1
    );
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(params_from_iter(c.params()), |r| {
                Ok((r.get::<_, Value>(0)?, EventRow::read(r, 1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ctx("searching events")?;
    let cursor = |(key, row): &(Value, EventRow)| Cursor::for_sort(sort, &key_text(key), row.id());
    crate::paging::page(rows, limit, cursor, |(_, row)| row.decode())
}

fn key_value(sort: Sort, key: &str) -> Result<Value> {
    match sort {
        Sort::LeastConfident => key
            .parse::<f64>()
            .map(Value::Real)
            .map_err(|_| StoreError::InvalidQuery("malformed cursor".to_owned())),
        Sort::Newest | Sort::Oldest => Ok(Value::Text(key.to_owned())),
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::Real(f) => f.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Text(t) => t.clone(),
        Value::Null | Value::Blob(_) => String::new(),
    }
}

/// Runs an aggregate over matching events; `select` and `tail` frame the WHERE clause.
fn aggregate<T>(
    conn: &Connection,
    c: &Conditions,
    select: &str,
    tail: &str,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let sql = format!("SELECT {select} FROM {} WHERE {} {tail}", c.from, c.sql());
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_map(params_from_iter(c.params()), row)?.collect())
        .ctx("counting events")
}

fn counts(
    conn: &Connection,
    filter: &EventFilter,
    dim: Dim,
    column: &str,
    limit: usize,
) -> Result<Vec<(String, u64)>> {
    let c = conditions(filter, Some(dim))?;
    let tail =
        format!("AND {column} IS NOT NULL GROUP BY {column} ORDER BY 2 DESC, 1 LIMIT {limit}");
    aggregate(conn, &c, &format!("{column}, count(*)"), &tail, |r| {
        Ok((r.get::<_, String>(0)?, to_u64(r.get(1)?)))
    })
}

/// Counts by type, country, place and review state.
pub(crate) fn facets(conn: &Connection, filter: &EventFilter) -> Result<Facets> {
    let total = aggregate(conn, &conditions(filter, None)?, "count(*)", "", |r| {
        r.get::<_, i64>(0)
    })?;
    let types = counts(conn, filter, Dim::Type, "e.kind", 100)?
        .into_iter()
        .filter_map(|(name, n)| EventType::parse(&name).map(|t| (t, n)))
        .collect();
    let mut review: Vec<(ReviewState, u64)> = counts(conn, filter, Dim::Review, "e.review", 100)?
        .into_iter()
        .filter_map(|(name, n)| ReviewState::parse(&name).map(|s| (s, n)))
        .collect();
    review.sort();
    Ok(Facets {
        total: total.first().copied().map_or(0, to_u64),
        types,
        countries: counts(conn, filter, Dim::Country, "e.country", 300)?,
        places: counts(conn, filter, Dim::Place, "e.place_name", PLACE_FACET_LIMIT)?,
        review,
    })
}

/// Events, incidents and reports among the matching events; an event in no
/// incident counts as its own (its negated id keeps it apart from cluster ids).
pub(crate) fn incident_totals(conn: &Connection, filter: &EventFilter) -> Result<IncidentTotals> {
    let c = conditions(filter, None)?;
    let sql = format!(
        "SELECT count(*), count(DISTINCT coalesce(
             (SELECT l.cluster_id FROM links l WHERE l.kind = 'incident' AND l.subject = e.id
                AND l.ended_at IS NULL AND l.state IN ('auto', 'confirmed')), -e.id)),
           count(DISTINCT e.document_id)
         FROM {} WHERE {}",
        c.from,
        c.sql()
    );
    let (events, incidents, reports) = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_row(params_from_iter(c.params()), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
        })
        .ctx("counting incidents")?;
    Ok(IncidentTotals {
        events: to_u64(events),
        incidents: to_u64(incidents),
        reports: to_u64(reports),
    })
}

/// Matching dated events per ISO week (from Monday) and type.
pub(crate) fn timeline(conn: &Connection, filter: &EventFilter) -> Result<Vec<TimelineBucket>> {
    let c = conditions(filter, None)?;
    let rows = aggregate(
        conn,
        &c,
        "date(e.date_start, 'weekday 0', '-6 days') AS week, e.kind, count(*)",
        "AND e.date_start IS NOT NULL GROUP BY week, e.kind ORDER BY week, e.kind",
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    )?;
    let mut buckets = Vec::with_capacity(rows.len());
    for (week, kind, count) in rows {
        let (Some(week), Some(kind)) = (date_from_sql(week)?, EventType::parse(&kind)) else {
            continue;
        };
        buckets.push(TimelineBucket {
            week,
            kind,
            count: to_u64(count),
        });
    }
    Ok(buckets)
}

/// Matching events per located place.
pub(crate) fn map_points(conn: &Connection, filter: &EventFilter) -> Result<Vec<MapPoint>> {
    let c = conditions(filter, None)?;
    aggregate(
        conn,
        &c,
        "max(e.place_name), e.country, avg(e.lat), avg(e.lon), count(*)",
        "AND e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.place_key IS NOT NULL
         GROUP BY e.place_key, e.country ORDER BY 5 DESC, 1",
        |r| {
            Ok(MapPoint {
                place: r.get(0)?,
                country: r.get(1)?,
                lat: r.get(2)?,
                lon: r.get(3)?,
                count: to_u64(r.get(4)?),
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(
            fts_query("detain* \"city hall\"").expect("words"),
            "\"detain\"* AND \"city hall\""
        );
        assert_eq!(fts_query("NOT OR (").expect("words"), "\"not\" AND \"or\"");
        assert!(fts_query("( * )").is_err());
    }

    #[test]
    fn filters_become_facet_tokens() {
        let filter = EventFilter {
            types: vec![EventType::Fine, EventType::Release],
            countries: vec!["k\"g)".to_owned()],
            ..EventFilter::default()
        };
        assert_eq!(
            event_match("gas", &filter, None).expect("words"),
            "{fields evidence} : (\"gas\") AND facets : (\"tfine\" OR \"trelease\") \
             AND facets : (\"ckg\")"
        );
        let own = event_match("gas", &filter, Some(Dim::Type)).expect("words");
        assert!(
            !own.contains("tfine"),
            "a facet's own filter is left out of its count"
        );
    }
}
