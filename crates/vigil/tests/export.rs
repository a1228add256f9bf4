//! `vigil export` and the web API's `/api/v1/export` are one exporter: on the
//! demo database, with the same filters, they give the same bytes in every
//! format and leave out the same number of events.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_server::{AppState, app};
use vigil_store_sqlite::SqliteStore;

fn vigil(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("vigil runs")
}

/// Logs in through the API as the admin `vigil demo` made, with the
/// password it printed; the session cookie.
async fn log_in(router: &axum::Router, demo_stdout: &str) -> String {
    let password = demo_stdout
        .lines()
        .find_map(|l| l.strip_prefix("Log in as admin with the password "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the demo prints the admin's password: {demo_stdout}"));
    let body = serde_json::json!({ "name": "admin", "password": password }).to_string();
    let request = Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie.split(';').next().unwrap_or_default().to_owned()
}

/// The server's export for `query`: its body and its left-out header.
async fn served(router: &axum::Router, cookie: &str, query: &str) -> (Vec<u8>, usize) {
    let request = Request::get(format!("/api/v1/export?{query}"))
        .header("cookie", cookie)
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    let left_out = response
        .headers()
        .get("x-vigil-left-out")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a left-out count");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (body.to_vec(), left_out)
}

/// The count in the CLI's "acled: N events written, M left out" line.
fn acled_left_out(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("acled: "))
        .unwrap_or_else(|| panic!("no acled summary in {stderr}"));
    let (_, tail) = line.split_once(", ").expect("written, left out");
    tail.trim_end_matches(" left out").parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_and_server_export_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = vigil(&["demo", "--no-serve"], dir.path());
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let store = SqliteStore::open(dir.path().join("vigil-demo.db")).expect("demo db opens");
    let router = app(AppState::new(Arc::new(store)));
    let cookie = log_in(&router, &String::from_utf8_lossy(&demo.stdout)).await;

    let filters: [(&[&str], &str); 2] = [
        (&[], ""),
        (
            &[
                "--type",
                "detention",
                "--type",
                "protest",
                "--type",
                "dispersal",
            ],
            "&type=detention&type=protest&type=dispersal",
        ),
    ];
    for format in ["jsonl", "csv", "acled", "geojson"] {
        for (flags, query) in filters {
            let mut args = vec!["export", "--format", format, "--db", "vigil-demo.db"];
            args.extend_from_slice(flags);
            let cli = vigil(&args, dir.path());
            let stderr = String::from_utf8_lossy(&cli.stderr);
            assert!(cli.status.success(), "{format}{query}: {stderr}");
            let (body, left_out) =
                served(&router, &cookie, &format!("format={format}{query}")).await;
            assert!(
                body.len() > 200,
                "{format}{query}: a real export, not an empty one: {}",
                String::from_utf8_lossy(&body)
            );
            assert!(
                cli.stdout == body,
                "{format}{query} differs:\n--- cli\n{}\n--- server\n{}",
                String::from_utf8_lossy(&cli.stdout),
                String::from_utf8_lossy(&body)
            );
            if format == "acled" {
                assert_eq!(acled_left_out(&stderr), left_out, "{format}{query}");
            }
        }
    }
}

/// ACLED's codebook, as far as one row can be checked against it and against
/// the Vigil event it came from. Written apart from the exporter, so that the
/// exporter cannot agree with itself by construction.
mod codebook {
    use std::collections::HashMap;

    /// ACLED's event types and the sub-event types each allows.
    const SUB_EVENT_TYPES: [(&str, &[&str]); 6] = [
        (
            "Battles",
            &[
                "Armed clash",
                "Government regains territory",
                "Non-state actor overtakes territory",
            ],
        ),
        (
            "Explosions/Remote violence",
            &[
                "Chemical weapon",
                "Air/drone strike",
                "Suicide bomb",
                "Shelling/artillery/missile attack",
                "Remote explosive/landmine/IED",
                "Grenade",
            ],
        ),
        (
            "Violence against civilians",
            &[
                "Sexual violence",
                "Attack",
                "Abduction/forced disappearance",
            ],
        ),
        (
            "Protests",
            &[
                "Peaceful protest",
                "Protest with intervention",
                "Excessive force against protesters",
            ],
        ),
        ("Riots", &["Violent demonstration", "Mob violence"]),
        (
            "Strategic developments",
            &[
                "Agreement",
                "Arrests",
                "Change to group/activity",
                "Disrupted weapons use",
                "Headquarters or base established",
                "Looting/property destruction",
                "Non-violent transfer of territory",
                "Other",
            ],
        ),
    ];

    /// One line of `data/export/countries.tsv`: alpha-2, alpha-3, name, region by numeric code.
    pub struct Country {
        pub alpha2: String,
        pub alpha3: String,
        pub name: String,
        pub region: String,
    }

    /// What the Vigil event behind a row says: its date and its country.
    pub struct Event {
        pub start: Option<String>,
        pub end: Option<String>,
        pub precision: Option<String>,
        pub country: Option<String>,
    }

    /// Every way `row` breaks the codebook, or disagrees with `event`.
    pub fn violations(
        row: &HashMap<String, String>,
        event: Option<&Event>,
        countries: &HashMap<String, Country>,
    ) -> Vec<String> {
        let mut bad = Vec::new();
        let col = |name: &str| row.get(name).map_or("", String::as_str);

        // Types.
        let event_type = col("event_type");
        let sub = col("sub_event_type");
        match SUB_EVENT_TYPES.iter().find(|(t, _)| *t == event_type) {
            None => bad.push(format!("unknown event_type {event_type:?}")),
            Some((_, subs)) if !subs.contains(&sub) => {
                bad.push(format!("sub_event_type {sub:?} is not one of {event_type}"));
            }
            Some(_) => {}
        }
        let disorder = match event_type {
            "Protests" | "Riots" => "Demonstrations",
            "Strategic developments" => "Strategic developments",
            _ => "Political violence",
        };
        if !col("disorder_type").split("; ").any(|d| d == disorder) {
            bad.push(format!(
                "disorder_type {:?} for {event_type}",
                col("disorder_type")
            ));
        }
        let targeting = col("civilian_targeting") == "Civilian targeting";
        if targeting != (event_type == "Violence against civilians") {
            bad.push(format!(
                "civilian_targeting {:?} on {event_type}",
                col("civilian_targeting")
            ));
        }

        // Actors and interaction.
        let code =
            |name: &str| -> Option<u8> { col(name).parse().ok().filter(|c| (1..=8).contains(c)) };
        let inter1 = code("inter1");
        let inter2 = code("inter2");
        if inter1.is_none() {
            bad.push(format!("inter1 {:?} is no actor type", col("inter1")));
        }
        if !col("inter2").is_empty() && inter2.is_none() {
            bad.push(format!("inter2 {:?} is no actor type", col("inter2")));
        }
        if col("actor1").is_empty() {
            bad.push("no actor1".to_owned());
        }
        if col("actor2").is_empty() != col("inter2").is_empty() {
            bad.push("actor2 and inter2 must be both given or both empty".to_owned());
        }
        if let Some(a) = inter1 {
            let expected = match inter2 {
                Some(b) => format!("{}{}", a.min(b), a.max(b)),
                None => format!("{a}0"),
            };
            if col("interaction") != expected {
                bad.push(format!(
                    "interaction {:?} for inter1 {a}, inter2 {:?} (expected {expected})",
                    col("interaction"),
                    col("inter2")
                ));
            }
            if a == 7 && inter2.is_none() {
                bad.push("civilians never act alone (interaction 70)".to_owned());
            }
        }
        let sides = [inter1, inter2];
        match (event_type, sub) {
            ("Protests", "Peaceful protest") if !matches!(col("interaction"), "60" | "66") => {
                bad.push(format!(
                    "a peaceful protest is protesters alone, not {}",
                    col("interaction")
                ));
            }
            ("Protests", "Peaceful protest") => {}
            ("Protests", _) if inter2.is_none() || !sides.contains(&Some(6)) => {
                bad.push(format!(
                    "{sub} needs protesters and someone who intervenes, not interaction {}",
                    col("interaction")
                ));
            }
            ("Violence against civilians", _) if inter2 != Some(7) => {
                bad.push("violence against civilians has civilians as actor 2".to_owned());
            }
            ("Strategic developments", "Arrests") if inter1 != Some(1) => {
                bad.push("arrests are made by state forces (inter1 1)".to_owned());
            }
            _ => {}
        }

        // Time.
        let date = col("event_date");
        if !col("event_date").starts_with(col("year")) || col("year").len() != 4 {
            bad.push(format!("year {:?} for event_date {date:?}", col("year")));
        }
        let precision = col("time_precision");
        match event {
            None => bad.push("no Vigil event behind the row".to_owned()),
            Some(ev) => {
                let expected = match (ev.start.as_deref(), ev.precision.as_deref()) {
                    (Some(s), Some("day")) if ev.end.as_deref().is_none_or(|e| e == s) => "1",
                    (Some(_), Some("day" | "week")) => "2",
                    _ => "3",
                };
                // A day range longer than a week is coded 3; accept 3 for any range.
                let range_ok =
                    expected == "2" && precision == "3" && ev.precision.as_deref() == Some("day");
                if precision != expected && !range_ok {
                    bad.push(format!(
                        "time_precision {precision:?} for a date of precision {:?} (expected {expected})",
                        ev.precision
                    ));
                }
                if let (Some(s), Some(e)) = (
                    ev.start.as_deref(),
                    ev.end.as_deref().or(ev.start.as_deref()),
                ) && (date < s || date > e)
                {
                    bad.push(format!("event_date {date} outside the event's {s}..{e}"));
                }
            }
        }

        // Country.
        match countries.get(col("iso")) {
            None => bad.push(format!(
                "iso {:?} is no ISO 3166-1 numeric code",
                col("iso")
            )),
            Some(c) => {
                if col("country") != c.name {
                    bad.push(format!(
                        "country {:?} for iso {} ({})",
                        col("country"),
                        col("iso"),
                        c.name
                    ));
                }
                if col("region") != c.region {
                    bad.push(format!(
                        "region {:?} for {} ({})",
                        col("region"),
                        c.name,
                        c.region
                    ));
                }
                let id = col("event_id_cnty");
                let number = id.strip_prefix(c.alpha3.as_str());
                if number.is_none_or(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit())) {
                    bad.push(format!(
                        "event_id_cnty {id:?} is not {} and a number",
                        c.alpha3
                    ));
                }
                // An event the report does not place takes the report's country.
                if let Some(place) = event.and_then(|ev| ev.country.as_deref())
                    && place != c.alpha2
                {
                    bad.push(format!("{} for an event in {place}", c.name));
                }
            }
        }

        // Source: the outlet's name.
        let source = col("source");
        let lower = source.to_lowercase();
        if source.trim().is_empty()
            || source.contains(['/', '\\'])
            || [".html", ".htm", ".txt", ".xml", ".json"]
                .iter()
                .any(|x| lower.ends_with(x))
        {
            bad.push(format!("source {source:?} is no outlet's name"));
        }
        bad
    }
}

/// `data/export/countries.tsv` by ISO numeric code, read here and not through the exporter.
fn countries_by_numeric() -> std::collections::HashMap<String, codebook::Country> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/export/countries.tsv");
    let text = std::fs::read_to_string(path).expect("countries.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 5, "{l}");
            (
                c[2].to_owned(),
                codebook::Country {
                    alpha2: c[0].to_owned(),
                    alpha3: c[1].to_owned(),
                    name: c[3].to_owned(),
                    region: c[4].to_owned(),
                },
            )
        })
        .collect()
}

#[test]
fn every_acled_row_of_the_demo_follows_the_codebook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = vigil(&["demo", "--no-serve"], dir.path());
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let export = |format: &str| {
        let out = vigil(
            &["export", "--format", format, "--db", "vigil-demo.db"],
            dir.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // The Vigil events behind the rows, by id.
    let events: std::collections::HashMap<String, codebook::Event> =
        String::from_utf8(export("jsonl"))
            .expect("utf-8")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                let text = |p: &str| v.pointer(p).and_then(|x| x.as_str()).map(str::to_owned);
                (
                    v["id"].to_string(),
                    codebook::Event {
                        start: text("/event/date/start"),
                        end: text("/event/date/end"),
                        precision: text("/event/date/precision"),
                        country: text("/event/place/country"),
                    },
                )
            })
            .collect();
    let countries = countries_by_numeric();
    let acled = export("acled");
    let mut reader = csv::Reader::from_reader(acled.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<std::collections::HashMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert!(
        rows.len() >= 30,
        "the demo has an ACLED row for most events: {}",
        rows.len()
    );
    let event_of = |row: &std::collections::HashMap<String, String>| {
        let id: String = row["event_id_cnty"]
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .collect();
        events.get(&id)
    };
    let mut failures = Vec::new();
    for row in &rows {
        for why in codebook::violations(row, event_of(row), &countries) {
            failures.push(format!("{}: {why}", row["event_id_cnty"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows break the codebook:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The check can fail: each of these breaks of a good row is caught.
    let good = rows
        .iter()
        .find(|r| r["sub_event_type"] == "Protest with intervention")
        .expect("the demo has a protest broken up by police");
    let breaks: [(&str, &str); 8] = [
        ("interaction", "60"),
        ("inter2", ""),
        ("sub_event_type", "Arrests"),
        ("time_precision", "2"),
        ("iso", "999"),
        ("region", "Middle East"),
        ("event_id_cnty", "VIG1"),
        (
            "source",
            "data/demo/text/tsd-2024-01-17-tokoyev-ten-days.txt",
        ),
    ];
    for (column, value) in breaks {
        let mut broken = good.clone();
        broken.insert(column.to_owned(), value.to_owned());
        assert!(
            !codebook::violations(&broken, event_of(good), &countries).is_empty(),
            "{column}={value:?} passes the check"
        );
    }
}

#[test]
fn json_lines_carry_incidents_and_people_across_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = vigil(&["demo", "--no-serve"], dir.path());
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let out = vigil(
        &["export", "--format", "jsonl", "--db", "vigil-demo.db"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(lines.len() > 100);

    // Each line's incident is the one stored for its event (the demo resolves at ingest).
    let store = SqliteStore::open(dir.path().join("vigil-demo.db")).expect("the demo store");
    let mut incidents: std::collections::BTreeMap<i64, Vec<(i64, String)>> = Default::default();
    for line in &lines {
        let id = line["id"].as_i64().expect("an id");
        let incident = line["incident"]
            .as_i64()
            .expect("every kept event has an incident");
        let stored = vigil_store::Store::links_of(&store, vigil_store::LinkKind::Incident, &[id])
            .expect("links")
            .into_iter()
            .find(|l| l.state.is_member())
            .map(|l| l.target.0);
        assert_eq!(stored, Some(incident), "event {id}");
        let report = line["document"].as_str().expect("a report").to_owned();
        incidents.entry(incident).or_default().push((id, report));
    }
    let told_twice = incidents
        .values()
        .filter(|events| {
            let reports: std::collections::BTreeSet<_> = events.iter().map(|(_, r)| r).collect();
            reports.len() > 1
        })
        .count();
    assert!(
        told_twice >= 3,
        "stories told by several outlets are one incident: {told_twice}"
    );

    // CSV and ACLED write one row per incident, with every source.
    let csv = vigil(
        &["export", "--format", "csv", "--db", "vigil-demo.db"],
        dir.path(),
    );
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header = reader.headers().expect("a header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect("a column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let mut seen = std::collections::BTreeSet::new();
    for row in &rows {
        let incident = &row[at("incident")];
        assert!(
            seen.insert(incident.to_owned()),
            "incident {incident} twice"
        );
    }
    assert_eq!(rows.len(), incidents.len(), "one row per incident");
    assert!(
        rows.iter()
            .any(|r| r[at("sources")].parse::<usize>().unwrap_or(0) > 1
                && r[at("outlets")].contains("; ")),
        "a row of several outlets' reports"
    );

    // The journalist spelt Sadykova by one outlet and Sadikova by another is one person.
    let mut people: std::collections::BTreeMap<i64, std::collections::BTreeSet<String>> =
        Default::default();
    for line in &lines {
        for p in line["event"]["participants"]
            .as_array()
            .expect("participants")
        {
            if let Some(person) = p["person"].as_i64() {
                let name = p["text"].as_str().unwrap_or_default().to_owned();
                people.entry(person).or_default().insert(name);
            }
        }
    }
    assert!(
        people.values().any(|names| {
            names.iter().any(|n| n.contains("Sadykova"))
                && names.iter().any(|n| n.contains("Sadikova"))
        }),
        "no person joins Sadykova and Sadikova: {people:?}"
    );
}
