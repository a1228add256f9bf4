//! Adapter from the gazetteer module to [`crate::geo::PlaceHit`].

use crate::gazetteer::{self, PlaceKind};
use crate::geo::PlaceHit;

/// Look `name` up in the committed gazetteer.
pub(crate) fn lookup(name: &str) -> Option<PlaceHit> {
    gazetteer::global().lookup(name).map(|h| convert(&h))
}

/// Every place called `name`, most populous first.
pub(crate) fn lookup_all(name: &str) -> Vec<PlaceHit> {
    gazetteer::global()
        .lookup_all(name)
        .iter()
        .map(convert)
        .collect()
}

/// The capital of the country whose adjective is `adjective` ("Kyrgyz" → Bishkek).
pub(crate) fn capital_of(adjective: &str) -> Option<PlaceHit> {
    gazetteer::global()
        .demonym(adjective)?
        .capital
        .map(|h| convert(&h))
}

/// Whether `word` is a country's adjective or its people's name ("Russian", "Kazakh").
pub(crate) fn is_demonym(word: &str) -> bool {
    gazetteer::global().demonym(word).is_some()
}

fn convert(h: &gazetteer::PlaceHit<'_>) -> PlaceHit {
    PlaceHit {
        name: h.name.to_owned(),
        country: Some(h.country.to_owned()),
        lat: h.lat,
        lon: h.lon,
        is_country: h.kind == PlaceKind::Country,
        population: h.population,
    }
}
