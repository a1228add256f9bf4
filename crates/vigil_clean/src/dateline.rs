//! Datelines: `BISHKEK, Kyrgyzstan --` at the head of the first paragraph.
//! (Skeleton: owned by the clean-text work.)

/// The dateline at the start of `paragraph`, as printed, without its dash.
pub(crate) fn find(paragraph: &str) -> Option<&str> {
    let (head, _) = paragraph.split_once(" -- ")?;
    (head.len() < 60).then_some(head)
}
