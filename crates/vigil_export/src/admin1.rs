//! ACLED's `admin1`, the first-level region of a place: the gazetteer's
//! cities with their region (`data/gazetteer/admin1.tsv`, made by
//! `scripts/gen_gazetteer.py --admin1`), keyed by country and the
//! coordinates the gazetteer gives the place, embedded and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../data/gazetteer/admin1.tsv");

/// Country, and latitude and longitude in hundredths of a degree.
type Key = (String, i32, i32);

fn key(country: &str, lat: f64, lon: f64) -> Option<Key> {
    let hundredths = |x: f64| {
        let h = (x * 100.0).round();
        (h.is_finite() && h.abs() <= 18_000.0).then_some(h as i32)
    };
    Some((
        country.trim().to_ascii_uppercase(),
        hundredths(lat)?,
        hundredths(lon)?,
    ))
}

fn table() -> &'static HashMap<Key, String> {
    static CELL: OnceLock<HashMap<Key, String>> = OnceLock::new();
    CELL.get_or_init(|| parse(TABLE))
}

/// Rows of the table; the first row of a key wins (the table lists the more
/// populous city first), a malformed line is skipped.
fn parse(text: &str) -> HashMap<Key, String> {
    let mut map = HashMap::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(cc), Some(lat), Some(lon), Some(_name), Some(admin1)) = (
            cols.next(),
            cols.next().and_then(|x| x.parse().ok()),
            cols.next().and_then(|x| x.parse().ok()),
            cols.next(),
            cols.next(),
        ) else {
            continue;
        };
        if let Some(k) = key(cc, lat, lon) {
            map.entry(k).or_insert_with(|| admin1.to_owned());
        }
    }
    map
}

/// The first-level region of the gazetteer's city at (`lat`, `lon`) in `country`.
pub(crate) fn of_city(country: &str, lat: f64, lon: f64) -> Option<&'static str> {
    table().get(&key(country, lat, lon)?).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_of_the_region_have_their_region() {
        assert_eq!(of_city("KG", 40.53, 72.80), Some("Osh"));
        assert_eq!(of_city("kz", 43.34, 52.86), Some("Mangghystau"));
        assert_eq!(of_city("RU", 55.79, 49.12), Some("Tatarstan"));
        // The same coordinates in another country, or nowhere, have none.
        assert_eq!(of_city("UZ", 40.53, 72.80), None);
        assert_eq!(of_city("KG", f64::NAN, 72.80), None);
    }

    #[test]
    fn a_malformed_line_is_skipped() {
        let t = parse("KG\t40.53\t72.80\tOsh\tOsh\nKG\tx\t1\tA\tB\nshort\n");
        assert_eq!(t.len(), 1);
    }
}
