//! `vigil demo` end to end, then `show document --raw`, `search` and `export` on its database.

use std::path::Path;
use std::process::Command;

use vigil_store::{PageRequest, Store};
use vigil_store_sqlite::SqliteStore;

fn vigil(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("vigil runs")
}

/// The number printed just before `what` on a summary line ("43 stored", "2 duplicates").
fn counted(line: &str, what: &str) -> usize {
    let words: Vec<&str> = line
        .split([' ', ',', ';', ':'])
        .filter(|w| !w.is_empty())
        .collect();
    let first = what.split(' ').next().unwrap_or(what);
    words
        .windows(2)
        .find(|w| w[1] == first)
        .and_then(|w| w[0].parse().ok())
        .unwrap_or(0)
}

#[test]
fn demo_stores_the_corpus_and_the_cli_reads_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("vigil-demo.db"),
        b"an old file to be replaced",
    )
    .expect("w");
    let out = vigil(&["demo", "--no-serve"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("stored in vigil-demo.db"), "{stdout}");
    assert!(stdout.contains("0 failed"), "{stdout}");

    let db = dir.path().join("vigil-demo.db");
    let store = SqliteStore::open(&db).expect("the demo database opens");
    assert!(store.integrity_check().expect("check").is_ok());
    let docs = store
        .list_documents(None, &PageRequest::first(100))
        .expect("list");
    // Every one of the 51 bundled reports is read; each is stored, or linked as a copy of
    // one stored (an exact copy after cleaning is not stored again, a near one is).
    let sum = |what: &str| -> usize {
        stdout
            .lines()
            .filter(|l| l.contains(" documents in "))
            .map(|l| counted(l, what))
            .sum()
    };
    assert_eq!(sum("documents in"), 51, "{stdout}");
    assert_eq!(
        sum("stored") + sum("duplicates") + sum("near-duplicates"),
        51,
        "{stdout}"
    );
    assert_eq!(
        docs.items.len(),
        sum("stored") + sum("near-duplicates"),
        "{stdout}"
    );
    assert!(docs.items.len() >= 45, "{} documents", docs.items.len());

    // Resolved at ingest: stories told by several outlets are single incidents with
    // several sources, and the journalist spelt two ways is one person with a long timeline.
    let totals = store
        .incident_totals(&vigil_store::EventFilter::default())
        .expect("totals");
    assert!(totals.incidents < totals.events, "{totals:?}");
    let mut several = 0;
    let mut after = None;
    let mut incidents =
        std::collections::BTreeMap::<i64, std::collections::BTreeSet<String>>::new();
    loop {
        let links = store
            .current_links(vigil_store::LinkKind::Incident, after, 1000)
            .expect("links");
        let Some(last) = links.last() else { break };
        after = Some(last.id);
        for l in links.iter().filter(|l| l.state.is_member()) {
            let event = store
                .get_event(vigil_store::EventId(l.subject))
                .expect("read")
                .expect("a linked event exists");
            incidents
                .entry(l.target.0)
                .or_default()
                .insert(event.document.to_string());
        }
    }
    several += incidents.values().filter(|docs| docs.len() > 1).count();
    assert!(several >= 5, "{several} incidents with several sources");
    let sadykova = docs
        .items
        .iter()
        .flat_map(|d| store.document_entities(&d.id).expect("entities"))
        .find(|e| e.entity.name.contains("Sadikova"))
        .expect("the journalist spelt Sadikova");
    let person = store
        .links_of(vigil_store::LinkKind::Person, &[sadykova.id.0])
        .expect("links")
        .into_iter()
        .find(|l| l.state.is_member())
        .expect("Sadikova is linked")
        .target;
    let names: std::collections::BTreeSet<String> = store
        .cluster_members(vigil_store::LinkKind::Person, person)
        .expect("members")
        .into_iter()
        .filter_map(|id| store.get_entity(vigil_store::EntityId(id)).expect("read"))
        .map(|e| e.entity.name)
        .collect();
    assert!(names.iter().any(|n| n.contains("Sadykova")), "{names:?}");
    let events = store
        .cluster_events(vigil_store::LinkKind::Person, person)
        .expect("events");
    let ids: Vec<i64> = events.iter().map(|e| e.id.0).collect();
    let timeline: std::collections::BTreeSet<i64> = store
        .links_of(vigil_store::LinkKind::Incident, &ids)
        .expect("links")
        .into_iter()
        .filter(|l| l.state.is_member())
        .map(|l| l.target.0)
        .collect();
    assert!(
        timeline.len() >= 4,
        "a timeline of {} incidents",
        timeline.len()
    );

    // A feed page, fetched over loopback HTTP, comes back byte for byte.
    let fed = docs
        .items
        .iter()
        .filter_map(|d| store.get_document(&d.id).expect("get"))
        .find(|d| {
            d.raw
                .as_ref()
                .and_then(|r| r.url.as_deref())
                .is_some_and(|u| u.contains("/pages/ow-2024-02-20"))
        })
        .expect("the Nukus feed page was fetched over HTTP");
    assert_eq!(fed.raw.as_ref().and_then(|r| r.http_status), Some(200));
    let raw = vigil(
        &[
            "show",
            "document",
            fed.id.as_str(),
            "--raw",
            "--db",
            "vigil-demo.db",
        ],
        dir.path(),
    );
    assert!(raw.status.success());
    let original = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/demo/feed/pages/ow-2024-02-20-nukus-blogger-missing.html");
    assert_eq!(
        raw.stdout,
        std::fs::read(original).expect("the corpus file")
    );

    let found = vigil(
        &[
            "search",
            "detained",
            "--type",
            "detention",
            "--format",
            "json",
            "--db",
            "vigil-demo.db",
        ],
        dir.path(),
    );
    let events: serde_json::Value = serde_json::from_slice(&found.stdout).expect("JSON");
    let events = events.as_array().expect("an array");
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["event"]["type"] == "detention"));

    let acled = vigil(
        &["export", "--format", "acled", "--db", "vigil-demo.db"],
        dir.path(),
    );
    assert!(acled.status.success());
    let text = String::from_utf8_lossy(&acled.stdout);
    let header = text.lines().next().expect("a header");
    assert_eq!(header.split(',').count(), 31);
    assert!(header.starts_with("event_id_cnty,event_date,year,time_precision"));
    assert!(String::from_utf8_lossy(&acled.stderr).contains("left out"));
}

/// One request on a fresh connection; the status line and the whole answer.
fn http(addr: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    answer
}

#[test]
fn demo_serves_in_one_command_and_prints_the_admin_password_beside_the_address() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["demo", "--web", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("vigil demo runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut address = None;
    let mut password = None;
    for line in lines.by_ref() {
        let line = line.expect("a line");
        if let Some(rest) = line.strip_prefix("Vigil is serving on http://") {
            address = Some(rest.trim_end_matches('/').to_owned());
            let next = lines
                .next()
                .expect("a line after the address")
                .expect("text");
            password = next
                .strip_prefix("Log in as admin with the password ")
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_owned);
            break;
        }
    }
    let (Some(address), Some(password)) = (address, password) else {
        let _ = child.kill();
        panic!("the demo prints its address and, beside it, the admin's password");
    };
    // Private: the overview asks for a login.
    let anonymous = http(
        &address,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let body = serde_json::json!({ "name": "admin", "password": password }).to_string();
    let login = http(
        &address,
        &format!(
            "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    let cookie = login
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned);
    let overview = cookie.as_ref().map(|cookie| {
        http(
            &address,
            &format!("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n"),
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(anonymous.starts_with("HTTP/1.1 303"), "{anonymous}");
    assert!(
        anonymous.contains("location: /login?next=%2F"),
        "{anonymous}"
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let overview = overview.expect("a session cookie");
    assert!(overview.starts_with("HTTP/1.1 200"), "{overview}");
    assert!(
        overview.contains("admin · admin"),
        "the page names who is logged in"
    );
}
