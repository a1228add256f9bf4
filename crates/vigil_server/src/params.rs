//! Query parameters shared by the search page, the API and the exports:
//! parsed strictly, so that a bad value is a 400 with a code, never a 500,
//! and written back into URLs so that every page can be shared.

use chrono::NaiveDate;
use vigil_model::EventType;
use vigil_store::{Cursor, EventFilter, MAX_PAGE, PageRequest, ReviewState, Sort};

use crate::AppError;

/// The default page size of listings.
pub const DEFAULT_LIMIT: u32 = 50;

/// A search as given in a URL: filters, order and page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchParams {
    /// The filters.
    pub filter: EventFilter,
    /// The order.
    pub sort: Sort,
    /// Items per page.
    pub limit: u32,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// Parameters not about the search (`format`, `region`…), kept for the handler.
    pub extra: Vec<(String, String)>,
}

/// Splits a raw query string into pairs; malformed encoding is a 400.
pub fn pairs(query: Option<&str>) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|err| AppError::bad_parameter("query string", err))
}

impl SearchParams {
    /// Parses a raw query string.
    pub fn parse(query: Option<&str>) -> Result<Self, AppError> {
        let mut params = Self {
            limit: DEFAULT_LIMIT,
            ..Self::default()
        };
        for (key, value) in pairs(query)? {
            params.set(&key, value)?;
        }
        Ok(params)
    }

    fn set(&mut self, key: &str, value: String) -> Result<(), AppError> {
        let value_trimmed = value.trim();
        if value_trimmed.is_empty() {
            return Ok(());
        }
        let filter = &mut self.filter;
        match key {
            "q" => filter.text = Some(value_trimmed.to_owned()),
            "type" => filter.types.push(
                EventType::parse(value_trimmed)
                    .ok_or_else(|| AppError::bad_parameter("type", "unknown event type"))?,
            ),
            "country" => filter.countries.push(country(value_trimmed)?),
            "place" | "city" => filter.place = Some(value_trimmed.to_owned()),
            "from" => filter.from = Some(date("from", value_trimmed)?),
            "to" => filter.to = Some(date("to", value_trimmed)?),
            "person" => filter.person = Some(value_trimmed.to_owned()),
            "org" | "organization" => filter.organization = Some(value_trimmed.to_owned()),
            "review" => filter.review.push(
                ReviewState::parse(value_trimmed)
                    .ok_or_else(|| AppError::bad_parameter("review", "unknown review state"))?,
            ),
            "sort" => self.sort = sort(value_trimmed)?,
            "limit" => self.limit = limit(value_trimmed)?,
            "cursor" => {
                self.cursor = Some(
                    value_trimmed
                        .parse()
                        .map_err(|_| AppError::bad_parameter("cursor", "malformed cursor"))?,
                );
            }
            _ => self.extra.push((key.to_owned(), value)),
        }
        Ok(())
    }

    /// The page request.
    pub fn page(&self) -> PageRequest {
        PageRequest {
            limit: self.limit,
            after: self.cursor.clone(),
        }
    }

    /// The value of a parameter that is not a filter.
    pub fn extra(&self, key: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The filters (and order) as a query string, without cursor or limit.
    pub fn filter_query(&self) -> String {
        let f = &self.filter;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(q) = &f.text {
            pairs.push(("q", q.clone()));
        }
        pairs.extend(f.types.iter().map(|t| ("type", t.as_str().to_owned())));
        pairs.extend(f.countries.iter().map(|c| ("country", c.clone())));
        if let Some(p) = &f.place {
            pairs.push(("place", p.clone()));
        }
        if let Some(d) = f.from {
            pairs.push(("from", d.to_string()));
        }
        if let Some(d) = f.to {
            pairs.push(("to", d.to_string()));
        }
        if let Some(p) = &f.person {
            pairs.push(("person", p.clone()));
        }
        if let Some(o) = &f.organization {
            pairs.push(("org", o.clone()));
        }
        pairs.extend(f.review.iter().map(|r| ("review", r.as_str().to_owned())));
        if self.sort != Sort::Newest {
            pairs.push(("sort", sort_name(self.sort).to_owned()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// A country code: two ASCII letters, upper-cased.
fn country(value: &str) -> Result<String, AppError> {
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(AppError::bad_parameter(
            "country",
            "expected an ISO 3166-1 alpha-2 code such as KG",
        ))
    }
}

/// A `YYYY-MM-DD` date.
pub fn date(name: &str, value: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| AppError::bad_parameter(name, "expected a date as YYYY-MM-DD"))
}

/// A page size within 1..=MAX_PAGE.
pub fn limit(value: &str) -> Result<u32, AppError> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .ok_or_else(|| AppError::bad_parameter("limit", format!("expected 1 to {MAX_PAGE}")))
}

fn sort(value: &str) -> Result<Sort, AppError> {
    match value {
        "newest" => Ok(Sort::Newest),
        "oldest" => Ok(Sort::Oldest),
        "least_confident" => Ok(Sort::LeastConfident),
        _ => Err(AppError::bad_parameter(
            "sort",
            "expected newest, oldest or least_confident",
        )),
    }
}

/// The URL name of an order.
pub fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
        Sort::LeastConfident => "least_confident",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back() {
        let params = SearchParams::parse(Some(
            "q=detained&type=detention&country=kg&from=2026-05-01&sort=oldest&format=csv",
        ))
        .expect("valid");
        assert_eq!(params.filter.countries, vec!["KG".to_owned()]);
        assert_eq!(params.extra("format"), Some("csv"));
        let again = SearchParams::parse(Some(&params.filter_query())).expect("valid");
        assert_eq!(again.filter, params.filter);
        assert_eq!(again.sort, Sort::Oldest);
    }

    #[test]
    fn refuses_bad_values_with_a_code() {
        for bad in [
            "type=picnic",
            "country=Kyrgyzstan",
            "from=May",
            "limit=0",
            "limit=x",
            "cursor=zz",
            "sort=up",
            "review=maybe",
        ] {
            let err = SearchParams::parse(Some(bad)).expect_err(bad);
            assert_eq!(err.code, "bad_parameter", "{bad}");
        }
    }
}
