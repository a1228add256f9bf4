//! `vigil search`: stored events matching a query and filters, as a table or JSON.

use std::process::ExitCode;

use anyhow::Result;
use vigil_store::{PageRequest, Sort, StoredEvent};

use crate::cli::{SearchArgs, SearchFormat};
use crate::filter::{event_filter, open_existing};

/// Runs `vigil search`.
pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let store = open_existing(&args.filter.db)?;
    let filter = event_filter(&args.filter, Some(&args.query))?;
    let page = store.search(&filter, Sort::Newest, &PageRequest::first(args.limit))?;
    match args.format {
        SearchFormat::Json => println!("{}", serde_json::to_string_pretty(&page.items)?),
        SearchFormat::Table => print_table(&page.items),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(events: &[StoredEvent]) {
    println!(
        "{:>6}  {:<10}  {:<13}  {:<18}  {:<8}  what",
        "id", "date", "type", "place", "review"
    );
    for stored in events {
        let event = &stored.event;
        let date = event
            .date
            .as_ref()
            .and_then(|d| d.start)
            .map_or_else(|| "-".to_owned(), |d| d.to_string());
        let place = event
            .place
            .as_ref()
            .map(|p| {
                let name = p.name.clone().unwrap_or_default();
                match &p.country {
                    Some(cc) => format!("{name} ({cc})"),
                    None => name,
                }
            })
            .unwrap_or_default();
        let title = stored.document_title.as_deref().unwrap_or("");
        println!(
            "{:>6}  {:<10}  {:<13}  {:<18}  {:<8}  «{}» in {}",
            stored.id.0,
            date,
            event.kind.as_str(),
            truncate(&place, 18),
            stored.review.as_str(),
            event.trigger.text,
            truncate(title, 60),
        );
    }
    if events.is_empty() {
        println!("(no events)");
    }
}

pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
