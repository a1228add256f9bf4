//! Publication dates printed on a line of their own above a report:
//! `Published March 15, 2024`, `Friday, 15 March 2024, 10:32`, `2024-03-15`.
//! An `Updated …` line is not the publication date and is not taken.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A date line is short.
const MAX_CHARS: usize = 80;

static DATE_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let prefix = r"(?:(?:published|posted|date)(?: on)?:?\s+)?";
    let weekday = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";
    let month = r"[a-z]{3,9}\.?";
    let date = format!(
        r"(?P<date>{month} \d{{1,2}},? \d{{4}}|\d{{1,2}} {month},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    );
    let time = r"(?:\s*(?:[,|·•–—-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[a-z. ]{0,12})?)?";
    Regex::new(&format!(r"^{prefix}{weekday}{date}{time}$")).ok()
});

/// The date on `line`, if the line is a publication date and nothing else.
pub(crate) fn parse(line: &str) -> Option<NaiveDate> {
    if line.len() > MAX_CHARS {
        return None;
    }
    let lower = line.trim().to_lowercase();
    let captures = DATE_LINE.as_ref()?.captures(&lower)?;
    let date = captures.name("date")?.as_str();
    if date.contains('-') {
        return NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    }
    if date.chars().filter(|c| *c == '.').count() == 2
        && date.starts_with(|c: char| c.is_ascii_digit())
    {
        return NaiveDate::parse_from_str(date, "%d.%m.%Y").ok();
    }
    let plain = date.replace(['.', ','], "");
    ["%B %d %Y", "%d %B %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&plain, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expect: Option<(i32, u32, u32)>) {
        let expect = expect.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(parse(line), expect, "{line}");
    }

    #[test]
    fn printed_dates() {
        check("March 15, 2024", Some((2024, 3, 15)));
        check("Published March 15, 2024", Some((2024, 3, 15)));
        check("Published: Mar. 15, 2024 10:32 a.m.", Some((2024, 3, 15)));
        check("Friday, 15 March 2024, 10:32", Some((2024, 3, 15)));
        check("2024-03-15", Some((2024, 3, 15)));
        check("15.03.2024 | 10:32", Some((2024, 3, 15)));
        check("Posted on Sep 3, 2023 at 9:15 GMT", Some((2023, 9, 3)));
    }

    #[test]
    fn not_publication_dates() {
        check("Updated March 16, 2024", None);
        check("March 15, 2024: a day of protest", None);
        check("Police detained 12 people on March 15, 2024.", None);
        check("Smarch 45, 2024", None);
        check("2024-02-30", None);
    }
}
