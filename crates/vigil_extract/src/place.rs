//! The place of an event: the location named nearest its trigger in the sentence ("in
//! Bishkek", "police in the capital"), the site ("outside the government building"), and the
//! dateline's city for the lead sentence when it names no place of its own (or only the
//! dateline's country). A city named in the sentence wins over a country named nearer the
//! trigger; a country alone gives the event its country and no city.

use vigil_model::{EntityKind, Place, PlacePrecision};

use crate::context::Ctx;
use crate::entities::id;
use crate::lexicon::WordClass;
use crate::sentence::Sentence;

/// How many words may stand between "outside the" and the site's head noun.
const SITE_WORDS: usize = 3;

/// The place of an event triggered at byte `trigger` in sentence `s` (number `index`).
pub(crate) fn place_of(
    ctx: &mut Ctx<'_>,
    s: Sentence,
    index: usize,
    trigger: usize,
) -> Option<Place> {
    let site = site(ctx, s, trigger);
    let mut located = nearest_location(ctx, s, trigger);
    let country_only = located.is_none_or(|e| ctx.entities.items[e].is_country);
    if index == 0 && country_only {
        located = dateline_in(ctx, s, located).or(located);
    }
    if located.is_none() && site.is_none() {
        return None;
    }
    let ent = located.map(|e| &ctx.entities.items[e]);
    let country_level = ent.is_some_and(|e| e.is_country);
    let precision = match (&site, ent) {
        (Some(_), _) => PlacePrecision::Site,
        (None, Some(_)) if country_level => PlacePrecision::Country,
        _ => PlacePrecision::City,
    };
    Some(Place {
        entity: located.map(id),
        // `name` is the city (or region): a country goes in `country` only.
        name: ent.filter(|_| !country_level).map(|e| e.name.clone()),
        country: ent.and_then(|e| e.country.clone()),
        site,
        precision,
    })
}

/// The dateline's city, for a lead sentence that names no place or only the country that
/// city is in.
fn dateline_in(ctx: &mut Ctx<'_>, s: Sentence, country: Option<usize>) -> Option<usize> {
    let city = crate::geo::dateline_city(ctx)?;
    let wanted = country.and_then(|c| ctx.entities.items[c].country.clone());
    if wanted.is_some() && wanted != city.country {
        return None;
    }
    let found = ctx.entities.find(EntityKind::Location, &city.name);
    Some(found.unwrap_or_else(|| ctx.location_entity(&city, (s.start, s.start))))
}

/// The location entity mentioned nearest the trigger in the sentence; a city before a country.
fn nearest_location(ctx: &Ctx<'_>, s: Sentence, trigger: usize) -> Option<usize> {
    ctx.entities
        .items
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Location)
        .flat_map(|(i, e)| {
            e.mentions
                .iter()
                .filter(|m| m.0 >= s.start && m.1 <= s.end && m.1 > m.0)
                .map(move |m| (e.is_country, m.0.abs_diff(trigger), i))
        })
        .min()
        .map(|(_, _, i)| i)
}

/// "outside the government building", "in front of city hall", "near the embassy".
fn site(ctx: &Ctx<'_>, s: Sentence, trigger: usize) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for i in s.first..s.last {
        let start = match ctx.tokens[i].lower.as_str() {
            "in" if ctx.is(i + 1, "front") && ctx.is(i + 2, "of") => i + 3,
            "outside" | "near" | "at" | "in" => i + 1,
            _ => continue,
        };
        let mut j = start;
        if j < s.last
            && ctx
                .lex
                .words
                .is(WordClass::Determiner, &ctx.tokens[j].lower)
        {
            j += 1;
        }
        let head = (j..(j + SITE_WORDS + 1).min(s.last))
            .take_while(|&k| ctx.tokens[k].is_wordlike() && !ctx.is_function(k))
            .find(|&k| ctx.lex.words.is(WordClass::Site, &ctx.tokens[k].lower));
        if let Some(h) = head {
            let distance = ctx.tokens[i].start.abs_diff(trigger);
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, ctx.slice(j, h + 1).to_owned()));
            }
        }
    }
    best.map(|(_, text)| text)
}
