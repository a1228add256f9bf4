//! Datelines: the place (and sometimes date and agency) that opens a wire
//! report — `BISHKEK, Kyrgyzstan --`, `ALMATY (Reuters) -`, `MOSCOW —`,
//! `TBILISI, Georgia, May 3 (AP) —`.
//!
//! Strict on purpose: the place must be printed in capitals and the head must
//! end in a dash set off by spaces, so an ordinary sentence never matches.

use std::sync::LazyLock;

use regex::Regex;

/// Longest dateline accepted, in bytes.
const MAX_LEN: usize = 90;

static DATELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let city = r"\p{Lu}[\p{Lu}'’.]*(?:[ \-]\p{Lu}[\p{Lu}'’.]*){0,3}";
    let region = r"\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3}";
    let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?";
    // "May 3", "March 2, 2024"; or day first with the month in small letters,
    // as Russian and most European wires print it ("10 апреля").
    let date =
        format!(r"(?:{month} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} \p{{Ll}}{{3,}}\.?(?: \d{{4}})?)");
    let agency = r"\((?:\p{Lu}[\p{L}&.\-]*)(?: \p{Lu}[\p{L}&.\-]*){0,3}\)";
    let pattern = format!(
        r"^(?P<head>{city}(?:, (?:{date}|{region})){{0,3}}(?: {agency})?)\s+(?:--|—|–|-)\s+\S"
    );
    Regex::new(&pattern).ok()
});

/// The dateline at the start of `paragraph`, as printed, without its dash.
pub(crate) fn find(paragraph: &str) -> Option<&str> {
    let head = DATELINE
        .as_ref()?
        .captures(paragraph)?
        .name("head")?
        .as_str();
    let city_letters = head
        .chars()
        .take_while(|c| *c != ',' && *c != '(')
        .filter(|c| c.is_alphabetic())
        .count();
    (head.len() <= MAX_LEN && city_letters >= 3).then_some(head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expect: Option<&str>) {
        assert_eq!(find(paragraph), expect, "{paragraph}");
    }

    #[test]
    fn wire_styles() {
        check(
            "BISHKEK, Kyrgyzstan -- Police in the Kyrgyz capital detained twelve people.",
            Some("BISHKEK, Kyrgyzstan"),
        );
        check(
            "ALMATY (Reuters) - Riot police dispersed a rally on Sunday.",
            Some("ALMATY (Reuters)"),
        );
        check("MOSCOW — A court fined two activists.", Some("MOSCOW"));
        check(
            "TBILISI, Georgia, May 3 (AP) — Thousands marched on parliament.",
            Some("TBILISI, Georgia, May 3 (AP)"),
        );
        check(
            "NUR-SULTAN, Kazakhstan – Police detained a blogger.",
            Some("NUR-SULTAN, Kazakhstan"),
        );
        check(
            "ST. PETERSBURG, Russia, March 2, 2024 (Vesna Wire) — Police detained 30.",
            Some("ST. PETERSBURG, Russia, March 2, 2024 (Vesna Wire)"),
        );
        check("NEW YORK — Protesters gathered.", Some("NEW YORK"));
        check("МОСКВА — Суд оштрафовал двух активистов.", Some("МОСКВА"));
        check(
            "ОРЛАН, 10 апреля — Полиция задержала девять человек.",
            Some("ОРЛАН, 10 апреля"),
        );
    }

    #[test]
    fn ordinary_sentences_do_not_match() {
        check(
            "Police detained twelve people -- including two minors.",
            None,
        );
        check("Moscow — a city of protests — was quiet.", None);
        check("In Bishkek, Kyrgyzstan -- police detained twelve.", None);
        check("I — and many others — went to the square.", None);
        check("A - B testing is common.", None);
        check("BISHKEK, Kyrgyzstan --", None);
        check("The court, in a ruling on May 3 - fined him.", None);
        check("", None);
    }
}
