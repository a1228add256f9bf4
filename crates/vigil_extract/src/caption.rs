//! Captions (EXTRACT008): a photo caption often tells where and who for an event the text
//! names only in passing ("the February rally"). Captions carry no offsets into the text, so
//! they add place and participants (without entities) to a text event of the same type and
//! date, never events of their own.

use vigil_model::{DateSpan, EntityKind, Place, PlacePrecision};

use crate::context::Ctx;
use crate::entities::id;
use crate::lexicon::Lexicon;
use crate::rules::{CAPTION, Draft};

/// Merge what `caption` tells into the matching drafts of the text.
pub(crate) fn merge(text: &Ctx<'_>, lexicon: &Lexicon, caption: &str, drafts: &mut [Draft]) {
    let mut ctx = Ctx::new(text.doc, caption, lexicon);
    let mut ignored = Vec::new();
    let told = crate::analysis::drafts(&mut ctx, &mut ignored);
    for c in told {
        let Some(target) = drafts
            .iter_mut()
            .find(|d| d.kind == c.kind && same_time(d.date.as_ref(), c.date.as_ref()))
        else {
            continue;
        };
        if let Some(place) = c
            .place
            .as_ref()
            .filter(|p| more_precise(p, target.place.as_ref()))
        {
            target.place = Some(remap(text, &ctx, place));
        }
        for mut p in c.parts {
            p.entity = None;
            target.add(p);
        }
        target.rule = CAPTION;
    }
}

/// Both dates resolved and one within the other.
fn same_time(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    match (a.start, a.end, b.start, b.end) {
        (Some(s1), Some(e1), Some(s2), Some(e2)) => {
            (s1 <= s2 && e2 <= e1) || (s2 <= s1 && e1 <= e2)
        }
        _ => false,
    }
}

fn rank(p: PlacePrecision) -> u8 {
    match p {
        PlacePrecision::Site => 3,
        PlacePrecision::City => 2,
        PlacePrecision::Region => 1,
        PlacePrecision::Country => 0,
    }
}

fn more_precise(new: &Place, old: Option<&Place>) -> bool {
    old.is_none_or(|o| rank(new.precision) > rank(o.precision))
}

/// The caption's place with its entity taken from the text's table (by name), if there.
fn remap(text: &Ctx<'_>, caption: &Ctx<'_>, place: &Place) -> Place {
    let name = place.entity.as_ref().and_then(|e| {
        let n: usize = e.trim_start_matches('n').parse().ok()?;
        caption
            .entities
            .items
            .get(n.checked_sub(1)?)
            .map(|x| x.name.clone())
    });
    let entity = name
        .and_then(|n| text.entities.find(EntityKind::Location, &n))
        .map(id);
    Place {
        entity,
        ..place.clone()
    }
}
