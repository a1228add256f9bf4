//! Country facts for ACLED's columns — name, ISO 3166-1 alpha-3 and numeric
//! code, ACLED's region — from `data/export/countries.tsv` (made by
//! `scripts/gen_countries.py`), embedded and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../data/export/countries.tsv");

/// One country as ACLED names and codes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, as Vigil's places carry it ("RU").
    pub alpha2: String,
    /// ISO 3166-1 alpha-3, the prefix of ACLED's `event_id_cnty` ("RUS").
    pub alpha3: String,
    /// ISO 3166-1 numeric, ACLED's `iso` (643; 0 for Kosovo, as ACLED has it).
    pub numeric: u16,
    /// ACLED's `country` ("Russia").
    pub name: String,
    /// ACLED's `region` ("Europe", "Caucasus and Central Asia").
    pub region: String,
}

fn table() -> &'static HashMap<String, Country> {
    static TABLE_CELL: OnceLock<HashMap<String, Country>> = OnceLock::new();
    TABLE_CELL.get_or_init(|| parse(TABLE))
}

/// Rows of the table; a malformed line is skipped (the generator makes none).
fn parse(text: &str) -> HashMap<String, Country> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let c = Country {
                alpha2: cols.next()?.to_owned(),
                alpha3: cols.next()?.to_owned(),
                numeric: cols.next()?.parse().ok()?,
                name: cols.next()?.to_owned(),
                region: cols.next()?.to_owned(),
            };
            Some((c.alpha2.clone(), c))
        })
        .collect()
}

/// The country with ISO 3166-1 alpha-2 code `alpha2` (any case).
pub fn by_alpha2(alpha2: &str) -> Option<&'static Country> {
    table().get(&alpha2.trim().to_ascii_uppercase())
}

/// Every country of the table.
pub fn all() -> impl Iterator<Item = &'static Country> {
    table().values()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_of_the_region_and_beyond() {
        let ru = by_alpha2("ru").expect("Russia");
        assert_eq!(
            (
                ru.alpha3.as_str(),
                ru.numeric,
                ru.name.as_str(),
                ru.region.as_str()
            ),
            ("RUS", 643, "Russia", "Europe")
        );
        let kg = by_alpha2("KG").expect("Kyrgyzstan");
        assert_eq!(
            (kg.numeric, kg.region.as_str()),
            (417, "Caucasus and Central Asia")
        );
        assert_eq!(
            by_alpha2("TR").map(|c| c.region.as_str()),
            Some("Middle East")
        );
        assert_eq!(by_alpha2("XK").map(|c| c.numeric), Some(0));
        assert!(by_alpha2("ZZ").is_none());
        assert!(all().count() > 240);
    }

    #[test]
    fn a_malformed_line_is_skipped() {
        let t = parse(
            "# header\nRU\tRUS\t643\tRussia\tEurope\nKG\tKGZ\tx\tKyrgyzstan\tCentral\nshort\n",
        );
        assert_eq!(t.len(), 1);
    }
}
