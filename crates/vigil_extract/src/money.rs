//! Money amounts with their ISO 4217 currency: "10,000 soms" → 10000 KGS, "$115" → 115 USD,
//! "1.5 million rubles" → 1500000 RUB.
//!
//! [`find_money`] lists every amount in a text. The currency words, symbols and codes are data
//! (`data/en/currencies.tsv`), with the ambiguities it resolves written at its top ("manat" is
//! AZN unless "Turkmen manat", "¥" is CNY, lower-case "try" is no currency).

use std::sync::LazyLock;

use crate::counts::{Kind, Lexicon, Token, number_at, tokenize};

/// An amount of money found in a text. Offsets are UTF-8 byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyExpr {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The amount in whole units of the currency (fractions rounded).
    pub amount: u64,
    /// ISO 4217 code ("KGS").
    pub currency: &'static str,
    /// The words of the report ("10,000 soms").
    pub text: String,
}

/// Every money amount in `text`, left to right, not overlapping.
#[allow(
    dead_code,
    reason = "substrate API for the event rules; not every caller exists yet"
)]
pub fn find_money(text: &str) -> Vec<MoneyExpr> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match money_at(text, &toks, i) {
            Some((m, next)) => {
                out.push(m);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A money amount starting at token `i`, and the index of the token after it.
pub(crate) fn money_at(text: &str, toks: &[Token], i: usize) -> Option<(MoneyExpr, usize)> {
    if let Some((code, j)) = currency_before(text, toks, i) {
        let (value, k) = amount_at(text, toks, j)?;
        return Some((expr(text, toks, i, k, value, code)?, k));
    }
    let (value, j) = amount_at(text, toks, i)?;
    let hyphen = toks.get(j).is_some_and(|t| t.text(text) == "-");
    let (code, k) = currency_after(text, toks, j + usize::from(hyphen))?;
    Some((expr(text, toks, i, k, value, code)?, k))
}

fn expr(
    text: &str,
    toks: &[Token],
    i: usize,
    k: usize,
    value: f64,
    currency: &'static str,
) -> Option<MoneyExpr> {
    let (start, end) = (toks.get(i)?.start, toks.get(k.checked_sub(1)?)?.end);
    let amount = whole(value)?;
    Some(MoneyExpr {
        start,
        end,
        amount,
        currency,
        text: text.get(start..end)?.to_owned(),
    })
}

fn whole(value: f64) -> Option<u64> {
    let ok = value.is_finite() && (0.0..1e18).contains(&value);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    ok.then_some(value.round() as u64)
}

/// A number, with "m", "bn", "k" glued to it as in "$1.5m".
fn amount_at(text: &str, toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let (value, j) = number_at(text, toks, i)?;
    let Some(next) = toks.get(j) else {
        return Some((value, j));
    };
    let glued = next.kind == Kind::Word && next.start == toks[j - 1].end;
    let scale = match next.text(text) {
        "m" | "mn" | "M" => 1e6,
        "bn" | "b" => 1e9,
        "k" | "K" => 1e3,
        _ => return Some((value, j)),
    };
    Some(if glued {
        (value * scale, j + 1)
    } else {
        (value, j)
    })
}

/// A currency that can follow an amount, starting at token `i`: its code and the next token.
pub(crate) fn currency_after(
    text: &str,
    toks: &[Token],
    i: usize,
) -> Option<(&'static str, usize)> {
    let (cur, n) = currencies().longest_at(text, toks, i)?;
    let ok = match cur.position {
        Position::After | Position::Either => true,
        Position::Code => is_upper_code(toks[i].text(text)),
        Position::Before => false,
    };
    ok.then_some((cur.code.as_str(), i + n))
}

/// A currency that can precede an amount, starting at token `i`: its code and the next token.
fn currency_before(text: &str, toks: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let (cur, n) = currencies().longest_at(text, toks, i)?;
    let ok = match cur.position {
        Position::Before | Position::Either => true,
        Position::Code => is_upper_code(toks[i].text(text)),
        Position::After => false,
    };
    ok.then_some((cur.code.as_str(), i + n))
}

/// Whether `word` is a currency symbol or capitalised code written before amounts ("$", "USD").
pub(crate) fn is_currency_prefix(word: &str) -> bool {
    currencies().get(word).is_some_and(|c| match c.position {
        Position::Before | Position::Either => true,
        Position::Code => is_upper_code(word),
        Position::After => false,
    })
}

fn is_upper_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    After,
    Before,
    Either,
    Code,
}

#[derive(Debug)]
struct Currency {
    code: String,
    position: Position,
}

fn currencies() -> &'static Lexicon<Currency> {
    static LEX: LazyLock<Lexicon<Currency>> = LazyLock::new(|| {
        Lexicon::parse(include_str!("../../../data/en/currencies.tsv"), |cols| {
            let position = match cols.get(1)?.trim() {
                "after" => Position::After,
                "before" => Position::Before,
                "either" => Position::Either,
                "code" => Position::Code,
                _ => return None,
            };
            Some(Currency {
                code: cols.first()?.trim().to_owned(),
                position,
            })
        })
    });
    &LEX
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `expect` is "text=amount CODE" per amount, joined by " | ".
    fn check(input: &str, expect: &str) {
        let got: Vec<String> = find_money(input)
            .iter()
            .map(|m| {
                assert_eq!(&input[m.start..m.end], m.text);
                format!("{}={} {}", m.text, m.amount, m.currency)
            })
            .collect();
        assert_eq!(got.join(" | "), expect, "input: {input}");
    }

    #[test]
    fn region_currencies() {
        check(
            "fined 10,000 soms ($115)",
            "10,000 soms=10000 KGS | $115=115 USD",
        );
        check("a fine of 50,000 tenge", "50,000 tenge=50000 KZT");
        check("30,000 rubles", "30,000 rubles=30000 RUB");
        check("30,000 roubles", "30,000 roubles=30000 RUB");
        check(
            "1,000 Belarusian rubles",
            "1,000 Belarusian rubles=1000 BYN",
        );
        check("2 million sum", "2 million sum=2000000 UZS");
        check("500 somoni", "500 somoni=500 TJS");
        check("100 yuan", "100 yuan=100 CNY");
        check("2,000 lari", "2,000 lari=2000 GEL");
        check("500 manats", "500 manats=500 AZN");
        check("500 Turkmen manat", "500 Turkmen manat=500 TMT");
        check("3,400 hryvnias", "3,400 hryvnias=3400 UAH");
        check("1.5 million rubles", "1.5 million rubles=1500000 RUB");
        check("ten thousand soms", "ten thousand soms=10000 KGS");
    }

    #[test]
    fn symbols_and_codes() {
        check("$1.5m", "$1.5m=1500000 USD");
        check("US$ 20", "US$ 20=20 USD");
        check("€200 and £50", "€200=200 EUR | £50=50 GBP");
        check("KGS 10,000", "KGS 10,000=10000 KGS");
        check("10,000 KGS", "10,000 KGS=10000 KGS");
        check("500 ₽", "500 ₽=500 RUB");
        check("$115.50", "$115.50=116 USD");
        check("a 10,000-som fine", "10,000-som=10000 KGS");
    }

    #[test]
    fn not_money() {
        check("try 3 times", "");
        check("12 pensioners", "");
        check("the sum of money", "");
        check("dollars and euros", "");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            for m in find_money(&s) {
                proptest::prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
            }
        }

        #[test]
        fn never_panics_on_amount_soup(s in "([0-9]{1,4}[,.]?|\\$|€| |m|bn|soms |million |USD |-){0,12}") {
            for m in find_money(&s) {
                proptest::prop_assert!(m.start <= m.end && m.end <= s.len());
            }
        }
    }
}
