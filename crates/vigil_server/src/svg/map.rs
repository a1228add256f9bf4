//! The map: Natural Earth country outlines (from `data/map/countries.tsv`)
//! in an equirectangular projection, events as circles sized by count,
//! clustered where they would overlap, zoomed by region presets.

use std::fmt::Write as _;
use std::sync::OnceLock;

use maud::{Markup, PreEscaped, html};
use vigil_store::MapPoint;

use crate::AppError;

const COUNTRIES: &str = include_str!("../../../../data/map/countries.tsv");
const WIDTH: f64 = 800.0;
/// Markers closer than this many pixels are drawn as one cluster.
const CLUSTER_PX: f64 = 16.0;

/// A zoom preset: a bounding box in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The whole world.
    World,
    /// Kazakhstan to Tajikistan.
    CentralAsia,
    /// The Caucasus.
    Caucasus,
    /// Eastern Europe.
    EasternEurope,
    /// Russia.
    Russia,
    /// The Middle East.
    MiddleEast,
}

impl Region {
    /// Every preset, in menu order.
    pub const ALL: [Region; 6] = [
        Self::World,
        Self::CentralAsia,
        Self::Caucasus,
        Self::EasternEurope,
        Self::Russia,
        Self::MiddleEast,
    ];

    /// The URL name.
    pub fn name(self) -> &'static str {
        match self {
            Self::World => "world",
            Self::CentralAsia => "central-asia",
            Self::Caucasus => "caucasus",
            Self::EasternEurope => "eastern-europe",
            Self::Russia => "russia",
            Self::MiddleEast => "middle-east",
        }
    }

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::World => "World",
            Self::CentralAsia => "Central Asia",
            Self::Caucasus => "Caucasus",
            Self::EasternEurope => "Eastern Europe",
            Self::Russia => "Russia",
            Self::MiddleEast => "Middle East",
        }
    }

    /// West, south, east, north, in degrees.
    fn bbox(self) -> [f64; 4] {
        match self {
            Self::World => [-180.0, -58.0, 180.0, 84.0],
            Self::CentralAsia => [46.0, 34.0, 88.0, 56.0],
            Self::Caucasus => [37.5, 38.0, 51.0, 44.8],
            Self::EasternEurope => [13.0, 43.0, 42.0, 60.0],
            Self::Russia => [26.0, 40.0, 180.0, 78.0],
            Self::MiddleEast => [25.0, 12.0, 63.0, 42.0],
        }
    }

    /// The preset named in `?region=`, the world when absent.
    pub fn parse(name: Option<&str>) -> Result<Self, AppError> {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            None => Ok(Self::World),
            Some(name) => Self::ALL.into_iter().find(|r| r.name() == name).ok_or_else(|| {
                AppError::bad_parameter("region", "expected world, central-asia, caucasus, eastern-europe, russia or middle-east")
            }),
        }
    }
}

/// One country: its rings in tenths of a degree and their bounding box.
struct Country {
    rings: Vec<Vec<(i32, i32)>>,
    bbox: [i32; 4],
}

fn countries() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| {
        COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(parse_country)
            .collect()
    })
}

fn parse_country(line: &str) -> Option<Country> {
    let mut cols = line.split('\t');
    let (_id, _name, rings) = (cols.next()?, cols.next()?, cols.next()?);
    let rings: Vec<Vec<(i32, i32)>> = rings
        .split('|')
        .map(|ring| {
            ring.split(' ')
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect();
    let points = rings.iter().flatten();
    let bbox = points.fold([i32::MAX, i32::MAX, i32::MIN, i32::MIN], |b, &(x, y)| {
        [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
    });
    Some(Country { rings, bbox })
}

/// The projection of one region onto the drawing.
struct Projection {
    bbox: [f64; 4],
    scale: f64,
    height: f64,
}

impl Projection {
    fn new(region: Region) -> Self {
        let bbox = region.bbox();
        let scale = WIDTH / (bbox[2] - bbox[0]);
        Self {
            bbox,
            scale,
            height: ((bbox[3] - bbox[1]) * scale).round(),
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.bbox[0]) * self.scale,
            (self.bbox[3] - lat) * self.scale,
        )
    }

    fn sees(&self, bbox: [i32; 4]) -> bool {
        let [w, s, e, n] = bbox.map(|v| f64::from(v) / 10.0);
        e >= self.bbox[0] && w <= self.bbox[2] && n >= self.bbox[1] && s <= self.bbox[3]
    }
}

/// The map of `points` in `region`.
pub fn render(points: &[MapPoint], region: Region) -> Markup {
    let proj = Projection::new(region);
    let mut svg = String::with_capacity(48 * 1024);
    let _ = write!(
        svg,
        r#"<svg class="chart map" viewBox="0 0 {WIDTH} {}" role="img" aria-label="Map of events"><rect class="sea" width="{WIDTH}" height="{}"/>"#,
        proj.height, proj.height
    );
    svg.push_str(land(region));
    for cluster in clusters(points, &proj) {
        write_marker(&mut svg, &cluster);
    }
    svg.push_str("</svg>");
    let total: u64 = points.iter().map(|p| p.count).sum();
    let located = points.len();
    html! {
        (PreEscaped(svg))
        p.muted { (total) " located events at " (located) " places. Outlines: Natural Earth." }
    }
}

/// The land outlines of `region` as one `<path>`: the bulk of the page and
/// the same on every request, so drawn once per region.
fn land(region: Region) -> &'static str {
    static DRAWN: [OnceLock<String>; Region::ALL.len()] =
        [const { OnceLock::new() }; Region::ALL.len()];
    let at = Region::ALL.iter().position(|r| *r == region).unwrap_or(0);
    DRAWN[at].get_or_init(|| {
        let proj = Projection::new(region);
        let mut path = String::from(r#"<path class="land" d=""#);
        for country in countries().iter().filter(|c| proj.sees(c.bbox)) {
            for ring in &country.rings {
                write_ring(&mut path, &proj, ring);
            }
        }
        path.push_str(r#""/>"#);
        path
    })
}

/// A ring as path commands in whole pixels, relative after the first; a jump
/// across the antimeridian starts a new sub-path instead of a line across the map.
fn write_ring(out: &mut String, proj: &Projection, ring: &[(i32, i32)]) {
    let mut last: Option<(i64, i64, i32)> = None;
    for &(lon, lat) in ring {
        let (x, y) = proj.xy(f64::from(lon) / 10.0, f64::from(lat) / 10.0);
        let (x, y) = (x.round() as i64, y.round() as i64);
        match last {
            Some((lx, ly, llon)) if (lon - llon).abs() < 1800 => {
                if (x, y) != (lx, ly) {
                    let _ = write!(out, "l{} {}", x - lx, y - ly);
                }
            }
            _ => {
                let _ = write!(out, "M{x} {y}");
            }
        }
        last = Some((x, y, lon));
    }
    out.push('z');
}

/// Markers that would overlap, merged.
struct Cluster {
    x: f64,
    y: f64,
    count: u64,
    places: Vec<String>,
}

fn clusters(points: &[MapPoint], proj: &Projection) -> Vec<Cluster> {
    let mut sorted: Vec<&MapPoint> = points
        .iter()
        .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        .collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.count));
    let mut out: Vec<Cluster> = Vec::new();
    for p in sorted {
        let (x, y) = proj.xy(p.lon, p.lat);
        if x < 0.0 || y < 0.0 || x > WIDTH || y > proj.height {
            continue;
        }
        match out
            .iter_mut()
            .find(|c| (c.x - x).hypot(c.y - y) < CLUSTER_PX)
        {
            Some(c) => {
                c.count += p.count;
                c.places.push(p.place.clone());
            }
            None => out.push(Cluster {
                x,
                y,
                count: p.count,
                places: vec![p.place.clone()],
            }),
        }
    }
    out
}

fn write_marker(out: &mut String, c: &Cluster) {
    let r = 3.0 + 2.5 * (c.count as f64).sqrt().min(10.0);
    let place = maud::html! { (c.places[0]) }.into_string();
    let title = if c.places.len() > 1 {
        format!(
            "{place} and {} more places: {} events",
            c.places.len() - 1,
            c.count
        )
    } else {
        format!("{place}: {} events", c.count)
    };
    let href = format!(
        "/search?place={}",
        crate::pages::layout::segment(&c.places[0])
    );
    let _ = write!(
        out,
        r#"<a href="{href}"><circle class="{}" cx="{:.0}" cy="{:.0}" r="{r:.1}"><title>{title}</title></circle></a>"#,
        if c.places.len() > 1 {
            "cluster"
        } else {
            "point"
        },
        c.x,
        c.y
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(place: &str, lat: f64, lon: f64, count: u64) -> MapPoint {
        MapPoint {
            place: place.to_owned(),
            country: None,
            lat,
            lon,
            count,
        }
    }

    #[test]
    fn outlines_load_and_markers_cluster() {
        assert!(countries().len() > 150);
        let points = [
            point("Bishkek", 42.87, 74.59, 5),
            point("Kant", 42.89, 74.85, 1),
            point("Osh", 40.53, 72.8, 2),
        ];
        let svg = render(&points, Region::CentralAsia).into_string();
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "Bishkek and Kant merge at this scale"
        );
        assert!(svg.contains("Bishkek and 1 more places: 6 events"));
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
        let world = render(&points, Region::World).into_string();
        assert!(world.len() < 80_000, "world map is {} bytes", world.len());
    }

    #[test]
    fn unknown_region_is_a_bad_parameter() {
        assert_eq!(
            Region::parse(Some("mars")).expect_err("unknown").code,
            "bad_parameter"
        );
        assert_eq!(Region::parse(None).expect("default"), Region::World);
    }

    #[test]
    fn place_names_are_escaped() {
        let svg =
            render(&[point("<script>x</script>", 42.0, 74.0, 1)], Region::World).into_string();
        assert!(!svg.contains("<script>"));
    }
}
