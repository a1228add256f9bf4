//! `vigil show event|document`: one stored record with its evidence and history.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigil_model::{Event, Range};
use vigil_store::{DocumentId, EventId, Store};

use crate::cli::ShowCommand;
use crate::filter::open_existing;

/// Runs `vigil show`.
pub fn run(command: &ShowCommand) -> Result<ExitCode> {
    match command {
        ShowCommand::Event { id, db } => event(&*open_existing(db)?, EventId(*id)),
        ShowCommand::Document { id, raw, db } => {
            let store = open_existing(db)?;
            let id = DocumentId(id.clone());
            if *raw {
                raw_page(&*store, &id)
            } else {
                document(&*store, &id)
            }
        }
    }
}

fn event(store: &dyn Store, id: EventId) -> Result<ExitCode> {
    let stored = store
        .get_event(id)?
        .with_context(|| format!("no event {id}"))?;
    let e = &stored.event;
    println!(
        "event {id}: {} (version {}, {})",
        e.kind.as_str(),
        stored.version,
        stored.review.as_str()
    );
    if let Some(date) = &e.date {
        println!(
            "date: {}",
            date.start
                .map_or_else(|| date.text.clone(), |d| d.to_string())
        );
    }
    if let Some(place) = &e.place {
        let name = place.name.as_deref().unwrap_or("?");
        println!("place: {name} {}", place.country.as_deref().unwrap_or(""));
    }
    for p in &e.participants {
        println!("{:?}: {}", p.role, p.text);
    }
    println!("confidence: {:.2}", e.confidence);
    println!(
        "document: {} {}",
        stored.document,
        stored.document_title.as_deref().unwrap_or("")
    );
    if let Some(doc) = store.get_document(&stored.document)? {
        println!("\nevidence:");
        let bold = std::io::stdout().is_terminal();
        for range in evidence(e) {
            println!("  {}", highlight(&doc.document.text, range, e, bold));
        }
    }
    println!("\nhistory:");
    for v in store.event_history(id)? {
        println!(
            "  v{} {} by {} at {}{}",
            v.version,
            v.review.as_str(),
            v.provenance.author,
            v.provenance.at.format("%Y-%m-%d %H:%M:%S"),
            v.note.map(|n| format!(": {n}")).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn evidence(event: &Event) -> Vec<Range> {
    if event.evidence.is_empty() {
        vec![event.sentence]
    } else {
        event.evidence.clone()
    }
}

/// The sentence at `range` (code points), its trigger in bold or in brackets.
fn highlight(text: &str, range: Range, event: &Event, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let t = &event.trigger;
    let mut out = String::new();
    for (i, c) in text
        .chars()
        .enumerate()
        .skip(range.start)
        .take(range.end.saturating_sub(range.start))
    {
        if i == t.start && t.end > t.start {
            out.push_str(open);
        }
        out.push(if c == '\n' { ' ' } else { c });
        if i + 1 == t.end && t.end > t.start {
            out.push_str(close);
        }
    }
    out
}

fn raw_page(store: &dyn Store, id: &DocumentId) -> Result<ExitCode> {
    let raw = store
        .raw_page(id)?
        .with_context(|| format!("no raw page stored for {id}"))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&raw.bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn document(store: &dyn Store, id: &DocumentId) -> Result<ExitCode> {
    let doc = store
        .get_document(id)?
        .with_context(|| format!("no document {id}"))?;
    let d = &doc.document;
    println!(
        "document {} (version {} at {})",
        doc.id, doc.version, doc.locator
    );
    println!("title: {}", d.title.as_deref().unwrap_or("-"));
    println!(
        "published: {}",
        d.published
            .map_or_else(|| "-".to_owned(), |p| p.to_string())
    );
    println!(
        "stored by {} at {}",
        doc.provenance.author,
        doc.provenance.at.format("%Y-%m-%d %H:%M:%S")
    );
    if let Some(raw) = &doc.raw {
        println!(
            "raw page: {} bytes, {}, status {}, fetched {}, sha256 {}",
            raw.size,
            raw.content_type.as_deref().unwrap_or("?"),
            raw.http_status
                .map_or_else(|| "-".to_owned(), |s| s.to_string()),
            raw.fetched_at.format("%Y-%m-%d %H:%M:%S"),
            raw.sha256
        );
    }
    if let Some(of) = &doc.duplicate_of {
        println!("copy of: {of}");
    }
    if let Some(next) = &doc.superseded_by {
        println!("superseded by: {next}");
    }
    for v in store.document_versions(id)? {
        println!(
            "version {}: {} stored {}",
            v.version,
            v.id,
            v.stored_at.format("%Y-%m-%d")
        );
    }
    for copy in store.duplicates_of(id)? {
        println!("copied by: {} {}", copy.id, copy.locator);
    }
    for e in store.document_events(id)? {
        println!(
            "event {}: {} «{}» ({})",
            e.id,
            e.event.kind.as_str(),
            e.event.trigger.text,
            e.review.as_str()
        );
    }
    println!("\n{}", d.text);
    Ok(ExitCode::SUCCESS)
}
