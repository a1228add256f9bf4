//! A short-lived cache of aggregates (facet counts, the timeline, the map),
//! which cost a scan of every matching event while the list of results is
//! cheap. Entries live [`TTL`] and are dropped at once when this server
//! writes (a review, an ingest); writes by other processes (`vigil ingest`)
//! show within [`TTL`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vigil_store::{Facets, IncidentTotals, MapPoint, Page, StoredEvent, TimelineBucket};

/// How long an aggregate is served from memory.
pub const TTL: Duration = Duration::from_secs(60);
/// Past this many entries the cache starts over.
const MAX_ENTRIES: usize = 256;

/// Values by key, each for [`TTL`].
#[derive(Debug)]
pub struct Cache<T> {
    entries: Mutex<HashMap<String, (Instant, Arc<T>)>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Cache<T> {
    /// The value under `key`, if fresh.
    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.get(key)?;
        (at.elapsed() < TTL).then(|| Arc::clone(value))
    }

    /// Keeps `value` under `key`.
    pub fn put(&self, key: String, value: Arc<T>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), value));
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

/// The overview's aggregates for one filter.
#[derive(Debug)]
pub struct Overview {
    /// Counts by dimension.
    pub facets: Facets,
    /// Weekly counts by type.
    pub timeline: Vec<TimelineBucket>,
    /// Events per located place.
    pub map: Vec<MapPoint>,
    /// Incidents and reports among the events.
    pub totals: IncidentTotals,
}

/// Every aggregate cache of the server.
#[derive(Debug, Default)]
pub struct Caches {
    /// Facets of the search page, by filter.
    pub facets: Cache<Facets>,
    /// Incidents and reports of the search page, by filter.
    pub totals: Cache<IncidentTotals>,
    /// The overview's aggregates, by filter.
    pub overview: Cache<Overview>,
    /// Pages of search results, by filter, order, size and cursor: a popular
    /// search (a shared link, a type in the overview) is asked for again and
    /// again while the store stays the same.
    pub results: Cache<Page<StoredEvent>>,
    /// The overview's counts, timeline and map as HTML, by filter and region.
    pub overview_html: Cache<String>,
}

impl Caches {
    /// Drops every aggregate: the store changed.
    pub fn invalidate(&self) {
        self.facets.clear();
        self.totals.clear();
        self.overview.clear();
        self.results.clear();
        self.overview_html.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_until_cleared() {
        let cache: Cache<u32> = Cache::default();
        assert!(cache.get("a").is_none());
        cache.put("a".to_owned(), Arc::new(7));
        assert_eq!(cache.get("a").as_deref(), Some(&7));
        cache.clear();
        assert!(cache.get("a").is_none());
    }
}
