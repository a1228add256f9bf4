//! Command-line filters → the store's [`EventFilter`], and opening the store they name.

use anyhow::{Context, Result, bail};
use vigil_model::EventType;
use vigil_store::{EventFilter, ReviewState};

use crate::cli::FilterArgs;

/// The filter the arguments describe, with `text` as the full-text query.
pub fn event_filter(args: &FilterArgs, text: Option<&str>) -> Result<EventFilter> {
    let types = args
        .types
        .iter()
        .map(|t| EventType::parse(t).with_context(|| format!("unknown event type {t:?}")))
        .collect::<Result<Vec<_>>>()?;
    let review = args
        .review
        .iter()
        .map(|r| ReviewState::parse(r).with_context(|| format!("unknown review state {r:?}")))
        .collect::<Result<Vec<_>>>()?;
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    Ok(EventFilter {
        text: text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        types,
        countries: args.countries.iter().map(|c| c.to_uppercase()).collect(),
        place: args.place.clone(),
        from: args.from,
        to: args.to,
        person: args.person.clone(),
        organization: args.organization.clone(),
        review,
    })
}

pub use crate::store::open_existing;
