//! Report text with spans marked: escaped, every mark a `<mark>` or a link.
//!
//! Offsets are the contract's code-point offsets; overlapping marks keep the
//! one that starts first (the longer one on a tie), so the output is always
//! well nested whatever the stored spans say.

use maud::{Markup, html};
use vigil_model::{CharIndex, Range};

/// One span to mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// CSS class (`ev`, `trigger`, `person`…).
    pub class: &'static str,
    /// Where the mark links to, if anywhere.
    pub href: Option<String>,
    /// Tooltip.
    pub title: String,
}

/// `text` with `marks` highlighted; everything escaped.
pub fn marked(text: &str, marks: &[Mark]) -> Markup {
    let index = CharIndex::new(text);
    let chars = text.chars().count();
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.end <= chars)
        .collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut pieces: Vec<(String, Option<&Mark>)> = Vec::new();
    let mut at = 0;
    for mark in marks {
        if mark.start < at {
            continue;
        }
        let (from, start, end) = (
            index.byte_offset(at),
            index.byte_offset(mark.start),
            index.byte_offset(mark.end),
        );
        pieces.push((text[from..start].to_owned(), None));
        pieces.push((text[start..end].to_owned(), Some(mark)));
        at = mark.end;
    }
    pieces.push((text[index.byte_offset(at)..].to_owned(), None));
    html! {
        @for (piece, mark) in &pieces {
            @match mark {
                None => (piece),
                Some(Mark { href: Some(href), class, title, .. }) => {
                    a class={ "m " (class) } href=(href) title=(title) { (piece) }
                }
                Some(Mark { class, title, .. }) => mark class=(class) title=(title) { (piece) },
            }
        }
    }
}

/// The paragraph of `text` around `range`, with `range` and `inner` marked.
pub fn in_context(text: &str, range: Range, inner: &[Mark]) -> Markup {
    let (para_start, para_end) = paragraph_around(text, range);
    let slice: String = text
        .chars()
        .skip(para_start)
        .take(para_end - para_start)
        .collect();
    let shift = |m: &Mark| Mark {
        start: m.start.saturating_sub(para_start),
        end: m.end.saturating_sub(para_start),
        ..m.clone()
    };
    let mut marks: Vec<Mark> = inner
        .iter()
        .filter(|m| m.start >= range.start && m.end <= range.end)
        .map(shift)
        .collect();
    // The inner marks are drawn inside the evidence sentence's own mark by
    // splitting the sentence around them.
    let sentence = Mark {
        start: range.start - para_start,
        end: range.end.min(para_end) - para_start,
        class: "ev",
        href: None,
        title: "evidence".to_owned(),
    };
    marks.sort_by_key(|m| m.start);
    let mut pieces = Vec::new();
    let mut at = sentence.start;
    for m in marks {
        if m.start < at {
            continue;
        }
        pieces.push(Mark {
            start: at,
            end: m.start,
            ..sentence.clone()
        });
        at = m.end;
        pieces.push(m);
    }
    pieces.push(Mark {
        start: at,
        end: sentence.end,
        ..sentence
    });
    html! { p.context { (marked(&slice, &pieces)) } }
}

/// The code-point bounds of the paragraph (blank-line separated) holding `range`.
fn paragraph_around(text: &str, range: Range) -> (usize, usize) {
    let mut start = 0;
    let mut offset = 0;
    for para in text.split("\n\n") {
        let len = para.chars().count();
        let end = offset + len;
        if range.start >= offset && range.start <= end {
            start = offset;
            return (start, end.max(range.end.min(text.chars().count())));
        }
        offset = end + 2;
    }
    (start.min(range.start), range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_and_marks_spans() {
        let text = "A <script>alert(1)</script> and <img src=x onerror=alert(2)> Ош.";
        let mark = Mark {
            start: 2,
            end: 10,
            class: "ev",
            href: Some("/events/1".to_owned()),
            title: "t".to_owned(),
        };
        let html = marked(text, &[mark]).into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("Ош."));
    }

    #[test]
    fn overlapping_and_out_of_range_marks_are_dropped() {
        let text = "Police detained Ana Petrova.";
        let m = |start, end| Mark {
            start,
            end,
            class: "x",
            href: None,
            title: String::new(),
        };
        let html = marked(text, &[m(7, 15), m(10, 20), m(16, 999)]).into_string();
        assert_eq!(html.matches("<mark").count(), 1, "{html}");
        assert!(html.ends_with("Ana Petrova."));
    }

    #[test]
    fn context_is_the_paragraph() {
        let text = "First para.\n\nSecond one here. Police detained Ana.\n\nThird.";
        let range = Range { start: 30, end: 51 };
        let html = in_context(text, range, &[]).into_string();
        assert!(html.contains("Second one here."), "{html}");
        assert!(!html.contains("Third"), "{html}");
        assert!(html.contains("<mark class=\"ev\""), "{html}");
    }
}
