//! The page frame, shared bits of markup, and the error page.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use vigil_model::EventType;
use vigil_store::{EntityKey, StoredEvent};

use crate::AppError;

/// A whole page: head, navigation, `body`.
pub fn page(title: &str, body: Markup) -> Markup {
    let body = PreEscaped(body.into_string());
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Vigil" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "Vigil" }
                    nav {
                        a href="/" { "Overview" }
                        a href="/search" { "Search" }
                        a href="/review" { "Review" }
                        a href="/people" { "People" }
                        a href="/organisations" { "Organisations" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The HTML form of an [`AppError`].
pub fn error_page(err: &AppError) -> Markup {
    page(
        "Error",
        html! {
            h1 { (err.status.as_u16()) " " (err.status.canonical_reason().unwrap_or("error")) }
            p.error { (err.message) }
            p { code { (err.code) } }
            p { a href="/" { "Back to the overview" } }
        },
    )
}

/// A type badge with its own colour class.
pub fn type_badge(kind: EventType) -> Markup {
    html! { span class={ "badge t-" (kind.as_str()) } { (kind.as_str()) } }
}

/// A percent-encoded path segment.
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The page of a cross-document entity.
pub fn entity_href(key: &EntityKey) -> String {
    format!("/entities/{}", segment(key.as_str()))
}

/// The page of a document.
pub fn document_href(id: &str) -> String {
    format!("/documents/{}", segment(id))
}

/// The event's date as worded, with its resolved span and precision.
pub fn date_text(stored: &StoredEvent) -> String {
    match &stored.event.date {
        Some(date) => match (date.start, date.end) {
            (Some(start), Some(end)) if start != end => format!("{start} – {end}"),
            (Some(start), _) => start.to_string(),
            _ => date.text.clone(),
        },
        None => stored
            .published
            .map_or_else(|| "undated".to_owned(), |d| format!("reported {d}")),
    }
}

/// The event's place as one line.
pub fn place_text(stored: &StoredEvent) -> String {
    let Some(place) = &stored.event.place else {
        return String::new();
    };
    let mut parts: Vec<&str> = Vec::new();
    if let Some(site) = &place.site {
        parts.push(site);
    }
    if let Some(name) = &place.name {
        parts.push(name);
    }
    if let Some(country) = &place.country {
        parts.push(country);
    }
    parts.join(", ")
}

/// A table of events, one row each.
pub fn event_table(events: &[StoredEvent]) -> Markup {
    html! {
        @if events.is_empty() {
            p.muted { "No events." }
        } @else {
            table.events {
                thead { tr { th { "Date" } th { "Type" } th { "Place" } th { "Who" } th { "Review" } } }
                tbody {
                    @for e in events {
                        tr {
                            td { a href={ "/events/" (e.id) } { (date_text(e)) } }
                            td { (type_badge(e.event.kind)) }
                            td { (place_text(e)) }
                            td { (participants_line(e)) }
                            td { span class={ "state s-" (e.review.as_str()) } { (e.review.as_str()) } }
                        }
                    }
                }
            }
        }
    }
}

fn participants_line(e: &StoredEvent) -> String {
    let names: Vec<&str> = e
        .event
        .participants
        .iter()
        .take(3)
        .map(|p| p.text.as_str())
        .collect();
    names.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(segment("person:marat tokoev"), "person%3Amarat%20tokoev");
        assert_eq!(segment("sha256:ab/../x"), "sha256%3Aab%2F..%2Fx");
    }
}
