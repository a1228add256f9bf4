//! The timeline: events per week, stacked by type, one SVG path per type so
//! that a long period stays a few kilobytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};
use maud::{Markup, PreEscaped, html};
use vigil_model::EventType;
use vigil_store::TimelineBucket;

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 160.0;
/// The most weeks drawn: the latest ones.
const MAX_WEEKS: i64 = 260;

/// The stacked weekly chart of `buckets`, or a note when there are none.
pub fn render(buckets: &[TimelineBucket]) -> Markup {
    let (Some(first), Some(last)) = (
        buckets.iter().map(|b| b.week).min(),
        buckets.iter().map(|b| b.week).max(),
    ) else {
        return html! { p.muted { "No dated events." } };
    };
    let first = first.max(last - Duration::weeks(MAX_WEEKS - 1));
    let weeks = (last - first).num_weeks() + 1;
    let mut by_week: BTreeMap<NaiveDate, BTreeMap<EventType, u64>> = BTreeMap::new();
    for b in buckets.iter().filter(|b| b.week >= first) {
        *by_week
            .entry(b.week)
            .or_default()
            .entry(b.kind)
            .or_default() += b.count;
    }
    let peak = by_week
        .values()
        .map(|t| t.values().sum::<u64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let bar = WIDTH / weeks as f64;
    let mut paths: BTreeMap<EventType, String> = BTreeMap::new();
    for (week, types) in &by_week {
        let x = (*week - first).num_weeks() as f64 * bar;
        let mut base = HEIGHT;
        for (kind, n) in types {
            let h = *n as f64 / peak as f64 * (HEIGHT - 18.0);
            let path = paths.entry(*kind).or_default();
            let _ = write!(
                path,
                "M{x:.1} {:.1}h{:.1}v{h:.1}h{:.1}z",
                base - h,
                (bar - 0.5).max(0.5),
                -(bar - 0.5).max(0.5)
            );
            base -= h;
        }
    }
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg class="chart timeline" viewBox="0 0 {WIDTH} {}" role="img" aria-label="Events per week by type">"#,
        HEIGHT + 16.0
    );
    for (kind, d) in &paths {
        let _ = write!(
            svg,
            r#"<path class="t-{k}" d="{d}"><title>{k}</title></path>"#,
            k = kind.as_str()
        );
    }
    let _ = write!(
        svg,
        r#"<text x="0" y="{y}">{first}</text><text x="{WIDTH}" y="{y}" text-anchor="end">{last}</text><text x="4" y="12">peak {peak}/week</text></svg>"#,
        y = HEIGHT + 14.0
    );
    html! {
        (PreEscaped(svg))
        p.legend { @for kind in paths.keys() { span class={ "badge t-" (kind.as_str()) } { (kind.as_str()) } " " } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacks_types_per_week() {
        let week = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("valid");
        let buckets = vec![
            TimelineBucket {
                week: week("2026-05-04"),
                kind: EventType::Protest,
                count: 2,
            },
            TimelineBucket {
                week: week("2026-05-04"),
                kind: EventType::Detention,
                count: 2,
            },
            TimelineBucket {
                week: week("2026-05-18"),
                kind: EventType::Detention,
                count: 1,
            },
        ];
        let svg = render(&buckets).into_string();
        assert_eq!(svg.matches("<path").count(), 2, "{svg}");
        assert!(svg.contains("peak 4/week"));
        assert!(svg.contains("2026-05-04") && svg.contains("2026-05-18"));
        assert!(render(&[]).into_string().contains("No dated events"));
    }
}
