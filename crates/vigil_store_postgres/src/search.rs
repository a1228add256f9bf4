//! Event search: one WHERE clause built from an [`EventFilter`], used by the
//! result list, the facet counts, the timeline and the map alike.
//!
//! Words are matched by the `fts` column of current events (a partial GIN
//! index); the other filters and the orders use the partial B-tree indexes
//! over current events. Text compared or ordered in results uses the "C"
//! collation, so that ties break as in the SQLite store whatever the
//! database's locale.

use postgres::Row;
use postgres::types::ToSql;
use vigil_model::{EntityKind, EventType};
use vigil_store::{
    Cursor, EntityKey, EventFilter, Facets, IncidentTotals, MapPoint, PLACE_FACET_LIMIT, Page,
    PageRequest, ReviewState, Sort, StoreError, StoredEvent, TimelineBucket, normalize_name,
};

use crate::convert::{Context, Result, to_u64, ts_query};
use crate::events::{EVENT_JOINS, EVENT_SELECT};
use crate::pool::Db;

/// A facet dimension, left out of its own count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    Type,
    Country,
    Place,
    Review,
}

/// SQL conditions over `events e` with their parameters in order.
struct Conditions {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Conditions {
    /// The placeholder of a new parameter.
    fn bind(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    /// `column = ANY($n)` over `values`, if any.
    fn any_of(&mut self, column: &str, values: Vec<String>) {
        if values.is_empty() {
            return;
        }
        let mark = self.bind(values);
        self.clauses.push(format!("{column} = ANY({mark})"));
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|p| &**p as _).collect()
    }
}

fn conditions(filter: &EventFilter, skip: Option<Dim>) -> Result<Conditions> {
    let mut c = Conditions {
        clauses: vec!["e.current".to_owned()],
        params: Vec::new(),
    };
    if let Some(text) = &filter.text {
        let mark = c.bind(ts_query(text)?);
        c.clauses
            .push(format!("e.fts @@ to_tsquery('vigil_english', {mark})"));
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
        let mark = c.bind(normalize_name(place));
        c.clauses.push(format!("e.place_key = {mark}"));
    }
    if let Some(from) = filter.from {
        let mark = c.bind(from);
        c.clauses.push(format!("e.date_end >= {mark}"));
    }
    if let Some(to) = filter.to {
        let mark = c.bind(to);
        c.clauses.push(format!("e.date_start <= {mark}"));
    }
    for (kind, name) in [
        (EntityKind::Person, &filter.person),
        (EntityKind::Organization, &filter.organization),
    ] {
        if let Some(name) = name {
            let mark = c.bind(EntityKey::new(kind, name).as_str().to_owned());
            c.clauses.push(format!(
                "e.id IN (SELECT p.event_id FROM entities n
                  JOIN event_participants p ON p.entity_id = n.id WHERE n.key = {mark})"
            ));
        }
    }
    Ok(c)
}

/// One page of matching events in `sort` order.
pub(crate) fn search(
    db: &mut Db<'_>,
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
        let key_mark = match sort {
            Sort::LeastConfident => c.bind(
                key.parse::<f64>()
                    .map_err(|_| StoreError::InvalidQuery("malformed cursor".to_owned()))?,
            ),
            Sort::Newest | Sort::Oldest => c.bind(key.to_owned()),
        };
        let id_mark = c.bind(id);
        c.clauses
            .push(format!("({key_column}, e.id) {op} ({key_mark}, {id_mark})"));
    }
    // The page is chosen over the narrow rows first and only its events are
    // joined to their versions.
    let key_text = match sort {
        Sort::LeastConfident => "s.k::float8::text",
        Sort::Newest | Sort::Oldest => "s.k::text",
    };
    let sql = format!(
        "SELECT {key_text}, {EVENT_SELECT} FROM (
           SELECT {key_column} AS k, e.id AS pick FROM events e WHERE {}
           ORDER BY {key_column} {order}, e.id {order} LIMIT {}
         ) s JOIN events e ON e.id = s.pick {EVENT_JOINS}
         ORDER BY s.k {order}, e.id {order}",
        c.sql(),
        i64::from(limit) + 1
    );
    let rows = db.query(&sql, &c.params(), "searching events")?;
    let rows = rows
        .iter()
        .map(|r| {
            let key: String = r.try_get(0).ctx("searching events")?;
            let key = match sort {
                // Rust's shortest form, which parses back to the same value.
                Sort::LeastConfident => key
                    .parse::<f64>()
                    .map(|f| f.to_string())
                    .map_err(|_| StoreError::Corrupt(format!("confidence {key:?}")))?,
                Sort::Newest | Sort::Oldest => key,
            };
            Ok((key, crate::events::decode(r, 1)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let cursor = |(key, event): &(String, StoredEvent)| Cursor::for_sort(sort, key, event.id.0);
    crate::paging::page(rows, limit, cursor, |(_, event)| Ok(event))
}

/// Runs an aggregate over matching events; `select` and `tail` frame the WHERE clause.
fn aggregate(db: &mut Db<'_>, c: &Conditions, select: &str, tail: &str) -> Result<Vec<Row>> {
    let sql = format!("SELECT {select} FROM events e WHERE {} {tail}", c.sql());
    db.query(&sql, &c.params(), "counting events")
}

fn counts(
    db: &mut Db<'_>,
    filter: &EventFilter,
    dim: Dim,
    column: &str,
    limit: usize,
) -> Result<Vec<(String, u64)>> {
    let c = conditions(filter, Some(dim))?;
    let tail = format!(
        "AND {column} IS NOT NULL GROUP BY {column}
         ORDER BY count(*) DESC, {column} COLLATE \"C\" LIMIT {limit}"
    );
    aggregate(db, &c, &format!("{column}, count(*)"), &tail)?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<_, String>(0).ctx("counting events")?,
                to_u64(r.try_get(1).ctx("counting events")?),
            ))
        })
        .collect()
}

/// Counts by type, country, place and review state.
pub(crate) fn facets(db: &mut Db<'_>, filter: &EventFilter) -> Result<Facets> {
    let total: i64 = aggregate(db, &conditions(filter, None)?, "count(*)", "")?
        .first()
        .map(|r| r.try_get(0))
        .transpose()
        .ctx("counting events")?
        .unwrap_or(0);
    let types = counts(db, filter, Dim::Type, "e.kind", 100)?
        .into_iter()
        .filter_map(|(name, n)| EventType::parse(&name).map(|t| (t, n)))
        .collect();
    let mut review: Vec<(ReviewState, u64)> = counts(db, filter, Dim::Review, "e.review", 100)?
        .into_iter()
        .filter_map(|(name, n)| ReviewState::parse(&name).map(|s| (s, n)))
        .collect();
    review.sort();
    Ok(Facets {
        total: to_u64(total),
        types,
        countries: counts(db, filter, Dim::Country, "e.country", 300)?,
        places: counts(db, filter, Dim::Place, "e.place_name", PLACE_FACET_LIMIT)?,
        review,
    })
}

/// Events, incidents and reports among the matching events; an event in no
/// incident counts as its own (its negated id keeps it apart from cluster ids).
pub(crate) fn incident_totals(db: &mut Db<'_>, filter: &EventFilter) -> Result<IncidentTotals> {
    let c = conditions(filter, None)?;
    let r = aggregate(
        db,
        &c,
        "count(*), count(DISTINCT coalesce(
             (SELECT l.cluster_id FROM links l WHERE l.kind = 'incident' AND l.subject = e.id
                AND l.ended_at IS NULL AND l.state IN ('auto', 'confirmed')), -e.id)),
           count(DISTINCT e.document_id)",
        "",
    )?;
    let read = |i: usize| -> Result<u64> {
        r.first()
            .map(|r| r.try_get::<_, i64>(i))
            .transpose()
            .ctx("counting incidents")
            .map(|n| to_u64(n.unwrap_or(0)))
    };
    Ok(IncidentTotals {
        events: read(0)?,
        incidents: read(1)?,
        reports: read(2)?,
    })
}

/// Matching dated events per ISO week (from Monday) and type.
pub(crate) fn timeline(db: &mut Db<'_>, filter: &EventFilter) -> Result<Vec<TimelineBucket>> {
    let c = conditions(filter, None)?;
    let rows = aggregate(
        db,
        &c,
        "e.date_start - (extract(isodow FROM e.date_start)::int - 1) AS week, e.kind, count(*)",
        "AND e.date_start IS NOT NULL GROUP BY week, e.kind ORDER BY week, e.kind COLLATE \"C\"",
    )?;
    let mut buckets = Vec::with_capacity(rows.len());
    for r in rows {
        let week: chrono::NaiveDate = r.try_get(0).ctx("counting events")?;
        let kind: String = r.try_get(1).ctx("counting events")?;
        let count: i64 = r.try_get(2).ctx("counting events")?;
        let Some(kind) = EventType::parse(&kind) else {
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
pub(crate) fn map_points(db: &mut Db<'_>, filter: &EventFilter) -> Result<Vec<MapPoint>> {
    let c = conditions(filter, None)?;
    aggregate(
        db,
        &c,
        "max(e.place_name COLLATE \"C\"), e.country, avg(e.lat), avg(e.lon), count(*)",
        "AND e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.place_key IS NOT NULL
         GROUP BY e.place_key, e.country ORDER BY 5 DESC, 1",
    )?
    .iter()
    .map(|r| {
        let read = || -> std::result::Result<_, postgres::Error> {
            Ok(MapPoint {
                place: r.try_get(0)?,
                country: r.try_get(1)?,
                lat: r.try_get(2)?,
                lon: r.try_get(3)?,
                count: to_u64(r.try_get(4)?),
            })
        };
        read().ctx("counting events")
    })
    .collect()
}
