//! 64-bit SimHash over word shingles, for finding syndicated copies of a report.
//!
//! Words are lower-cased runs of letters and digits; each run of [`SHINGLE`] consecutive
//! words is hashed (FNV-1a, stable across builds and platforms) and votes on every bit. Two
//! texts sharing nearly all their shingles get hashes a few bits apart, whatever the header,
//! footer or photo credit around them.

/// Words per shingle.
pub const SHINGLE: usize = 3;

/// Texts with fewer words than this get no hash: short texts collide too easily.
pub const MIN_WORDS: usize = 40;

/// The lower-cased runs of letters and digits of `text`: what both SimHash and MinHash
/// shingle, split once per report.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The SimHash of `text`, or `None` when it has fewer than [`MIN_WORDS`] words.
pub fn simhash(text: &str) -> Option<u64> {
    of_words(&words(text))
}

/// The SimHash of a report's [`words`], or `None` when there are fewer than [`MIN_WORDS`].
pub fn of_words(words: &[String]) -> Option<u64> {
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut votes = [0i32; 64];
    for shingle in words.windows(SHINGLE) {
        let hash = shingle_hash(shingle);
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    Some(
        votes
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .fold(0u64, |acc, (bit, _)| acc | 1 << bit),
    )
}

fn shingle_hash(words: &[String]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        for byte in word.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_store::simhash::distance;

    fn body() -> String {
        "Police in the northern town detained at least twenty market traders on Monday after \
         they gathered outside the regional administration to protest a rise in stall rents, \
         witnesses said. Officers in riot gear pushed the crowd back from the steps and drove \
         several people away in a bus; relatives said they were not told where. The traders \
         had asked the mayor to freeze the rents until the spring and to publish the new rules. \
         By evening most of the detained had been released after paying small fines, but three \
         of the organisers were still held at the district police station, their lawyer said. \
         She added that none of them had been allowed to call their families and that one, a \
         woman in her sixties who sells fabric at the covered market, needed medicine for her \
         heart. The city administration said in a statement that the gathering had not been \
         approved and that it blocked the entrance for visitors. It promised to meet a group \
         of traders next week to discuss the rents, without saying who would be invited. \
         Traders interviewed at the market on Tuesday said they would not pay the new rent \
         and planned to close their stalls for a day in protest if nothing changed soon."
            .to_owned()
    }

    #[test]
    fn a_copy_with_a_source_label_is_close() {
        let original = body();
        let copy = format!("Source: wire. {}", body());
        let (a, b) = (
            simhash(&original).expect("long enough to hash"),
            simhash(&copy).expect("long enough to hash"),
        );
        assert!(distance(a, b) <= 3, "distance {}", distance(a, b));
    }

    #[test]
    fn another_report_is_far() {
        let other = "A court in the capital sentenced a blogger to seven years in a penal colony \
                     on Thursday for posts criticising the governor, his lawyer said, adding \
                     that the defence would appeal. The judge read the verdict behind closed \
                     doors and reporters were kept outside the building while relatives waited \
                     in the rain for several hours before they were told the result.";
        let (a, b) = (
            simhash(&body()).expect("long enough to hash"),
            simhash(other).expect("long enough to hash"),
        );
        assert!(distance(a, b) > 10, "distance {}", distance(a, b));
    }

    #[test]
    fn short_texts_get_no_hash() {
        assert_eq!(simhash("Police detained three activists."), None);
        assert_eq!(simhash(""), None);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(simhash(&body()), simhash(&body().to_uppercase()));
    }
}
