//! Places named in a sentence, looked up in the gazetteer: "Bishkek", "the city of Osh", and
//! "the (Kyrgyz) capital", which stands for the dateline's city when the report has one.

use crate::context::Ctx;
use crate::lexicon::WordClass;
use crate::token::TokenKind;

/// A place found in the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlaceHit {
    /// The gazetteer's name for it.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Latitude, for cities.
    pub lat: Option<f64>,
    /// Longitude, for cities.
    pub lon: Option<f64>,
    /// A country rather than a city or region.
    pub is_country: bool,
    /// Population, 0 where unknown.
    pub population: u64,
}

/// The place called `name`, if the gazetteer knows it. Among places of the same name, the
/// one in the dateline's country wins, then one in a country the report has already named
/// ("Talas" in a report from Kyrgyzstan), then the most populous.
pub(crate) fn lookup(ctx: &Ctx<'_>, name: &str) -> Option<PlaceHit> {
    let mut all = crate::gazetteer_glue::lookup_all(name);
    if all.len() > 1 {
        let countries = report_countries(ctx);
        if let Some(k) = countries
            .iter()
            .find_map(|c| all.iter().position(|h| h.country.as_deref() == Some(c)))
        {
            return Some(all.swap_remove(k));
        }
    }
    all.into_iter().next()
}

/// The countries of the report so far: the dateline's first, then those of the places named.
fn report_countries(ctx: &Ctx<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(dateline) = ctx.doc.dateline.as_deref() {
        for part in dateline.split(',') {
            if let Some(c) = crate::gazetteer_glue::lookup(part.trim()).and_then(|h| h.country) {
                out.push(c);
            }
        }
    }
    for e in &ctx.entities.items {
        if e.kind == vigil_model::EntityKind::Location
            && let Some(c) = &e.country
            && !out.contains(c)
        {
            out.push(c.clone());
        }
    }
    out
}

/// A place phrase starting at token `i` (before `end`): its end token and place name.
pub(crate) fn place_phrase(ctx: &mut Ctx<'_>, i: usize, end: usize) -> Option<(usize, String)> {
    let mut j = i;
    if ctx.is(j, "the") {
        j += 1;
    }
    if ctx.is(j, "city") && ctx.is(j + 1, "of") {
        j += 2;
    }
    // "the capital", "the Kyrgyz capital"
    let capital_at = if ctx.is(j, "capital") {
        Some(j)
    } else if ctx.is(j + 1, "capital") && ctx.tokens.get(j).is_some_and(|t| t.capital) {
        Some(j + 1)
    } else {
        None
    };
    if let Some(c) = capital_at.filter(|&c| c < end) {
        let by_adjective = (c > j)
            .then(|| crate::gazetteer_glue::capital_of(&ctx.tokens[j].lower))
            .flatten();
        let city = by_adjective.or_else(|| dateline_city(ctx))?;
        let span = ctx.span(i, c + 1);
        ctx.location_entity(&city, span);
        return Some((c + 1, city.name));
    }
    let mut k = j;
    while k < end
        && ctx.tokens[k].capital
        && ctx.tokens[k].kind == TokenKind::Word
        && !ctx.lex.words.is(WordClass::Calendar, &ctx.tokens[k].lower)
    {
        k += 1;
    }
    if k == j {
        return None;
    }
    let name = ctx.slice(j, k).to_owned();
    let hit = lookup(ctx, &name)?;
    let span = ctx.span(j, k);
    ctx.location_entity(&hit, span);
    Some((k, hit.name))
}

/// The city of the dateline ("BISHKEK, Kyrgyzstan" → Bishkek), if the gazetteer knows it.
pub(crate) fn dateline_city(ctx: &Ctx<'_>) -> Option<PlaceHit> {
    let dateline = ctx.doc.dateline.as_deref()?;
    let city = dateline.split(',').next()?.trim();
    lookup(ctx, city).filter(|h| !h.is_country)
}
