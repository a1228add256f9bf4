//! MinHash over word shingles, for syndicated copies that SimHash misses.
//!
//! SimHash keeps a copy close only while the added text is a small share of it; an outlet
//! that wraps a wire story in its own intro and closing paragraph moves the hash far away.
//! MinHash estimates the Jaccard similarity of the two shingle sets, and with the set sizes
//! the share of the shorter report found in the longer (containment), which stays near 1
//! for such a copy. Finding candidates is by LSH bands ([`vigil_store::minhash`]): a few
//! index probes per report, never a comparison with every stored report.
//!
//! A report is a copy of another when most of the shorter one is in the longer one
//! ([`MIN_CONTAINMENT`]) and the longer one is mostly that shared text ([`MIN_JACCARD`]):
//! a round-up that quotes a whole report among several others is not a copy of it, since
//! a copy keeps no events of its own.

use std::collections::HashMap;

use vigil_store::minhash::{HASHES, MinHash, mix};

/// Words per shingle: four-word runs are rarely shared by two reports on the same topic
/// told in their own words, and a small edit breaks only the few shingles around it.
pub const SHINGLE: usize = 4;

/// Least share of the shorter report's shingles found in the longer one for a copy.
pub const MIN_CONTAINMENT: f64 = 0.8;

/// Least Jaccard similarity for a copy: the longer report adds at most about as much text
/// again as the two share.
pub const MIN_JACCARD: f64 = 0.45;

/// The MinHash signature of `text`, or `None` when it has fewer than
/// [`crate::simhash::MIN_WORDS`] words (short texts collide too easily).
pub fn minhash(text: &str) -> Option<MinHash> {
    of_words(&crate::simhash::words(text))
}

/// The MinHash signature of a report's [`crate::simhash::words`], or `None` when there are
/// fewer than [`crate::simhash::MIN_WORDS`].
pub fn of_words(words: &[String]) -> Option<MinHash> {
    if words.len() < crate::simhash::MIN_WORDS {
        return None;
    }
    let mut shingles: Vec<u64> = words.windows(SHINGLE).map(shingle_hash).collect();
    shingles.sort_unstable();
    shingles.dedup();
    let coefficients = coefficients();
    let mut values = vec![u32::MAX; HASHES];
    for &shingle in &shingles {
        for (min, &(a, b)) in values.iter_mut().zip(&coefficients) {
            // Multiply-add-shift over an already mixed key: one cheap universal hash per
            // position, instead of mixing every shingle once per position.
            let h = (shingle.wrapping_mul(a).wrapping_add(b) >> 32) as u32;
            *min = (*min).min(h);
        }
    }
    Some(MinHash {
        shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
        values,
    })
}

/// The odd multipliers and the offsets of the position hashes, fixed for good: stored
/// signatures are only comparable with signatures made the same way.
fn coefficients() -> Vec<(u64, u64)> {
    (0..HASHES as u64)
        .map(|i| (mix(2 * i + 1) | 1, mix(2 * i + 2)))
        .collect()
}

/// FNV-1a over the shingle's words, then mixed so that every bit depends on every byte.
fn shingle_hash(words: &[String]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for word in words {
        for byte in word.bytes().chain([b' ']) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    mix(hash)
}

/// How alike two signatures are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// Estimated Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Estimated share of the shorter report's shingles in the longer one.
    pub containment: f64,
}

impl Likeness {
    /// The likeness of two signatures.
    pub fn of(a: &MinHash, b: &MinHash) -> Self {
        let jaccard = a.jaccard(b);
        Self {
            jaccard,
            containment: a.containment_at(jaccard, b),
        }
    }

    /// Whether one report is a copy of the other.
    pub fn is_copy(&self) -> bool {
        self.containment >= MIN_CONTAINMENT && self.jaccard >= MIN_JACCARD
    }
}

/// Signatures seen in the batch being written, indexed by band, for copies inside one batch.
#[derive(Debug)]
pub(crate) struct BatchIndex<T> {
    bands: HashMap<i64, Vec<usize>>,
    entries: Vec<(MinHash, T)>,
}

impl<T> Default for BatchIndex<T> {
    fn default() -> Self {
        Self {
            bands: HashMap::new(),
            entries: Vec::new(),
        }
    }
}

impl<T> BatchIndex<T> {
    /// Adds a signature with what to answer when it is found.
    pub(crate) fn insert(&mut self, sig: MinHash, value: T) {
        let index = self.entries.len();
        for band in sig.bands() {
            self.bands.entry(band).or_default().push(index);
        }
        self.entries.push((sig, value));
    }

    /// Entries sharing a band with `sig`, each once, with their likeness.
    pub(crate) fn candidates(&self, sig: &MinHash) -> Vec<(&T, Likeness)> {
        let mut seen: Vec<usize> = sig
            .bands()
            .iter()
            .filter_map(|band| self.bands.get(band))
            .flatten()
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .map(|i| {
                let (other, value) = &self.entries[i];
                (value, Likeness::of(sig, other))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Written for Vigil: a made-up wire story, a partner's copy with its own intro and
    // closing paragraph, a lightly edited copy, and another outlet's report of the same
    // events in its own words.
    const STORY: &str = include_str!("../tests/fixtures/near-dup/story.txt");
    const SYNDICATED: &str = include_str!("../tests/fixtures/near-dup/syndicated.txt");
    const EDITED: &str = include_str!("../tests/fixtures/near-dup/edited.txt");
    const SAME_TOPIC: &str = include_str!("../tests/fixtures/near-dup/same-topic.txt");

    fn sig(text: &str) -> MinHash {
        minhash(text).expect("long enough")
    }

    fn likeness(text: &str) -> Likeness {
        let likeness = Likeness::of(&sig(STORY), &sig(text));
        eprintln!("{likeness:?}");
        likeness
    }

    #[test]
    fn an_exact_copy_is_a_copy() {
        let likeness = likeness(STORY);
        assert_eq!(likeness.jaccard, 1.0);
        assert!(likeness.is_copy());
    }

    #[test]
    fn a_copy_with_an_intro_and_a_closing_paragraph_is_a_copy() {
        let likeness = likeness(SYNDICATED);
        assert!(likeness.is_copy(), "{likeness:?}");
        assert!(likeness.containment > 0.9, "{likeness:?}");
        let shared = sig(STORY)
            .bands()
            .iter()
            .zip(sig(SYNDICATED).bands())
            .filter(|(a, b)| **a == *b)
            .count();
        assert!(shared > 0, "the copy is found by its bands");
    }

    #[test]
    fn simhash_alone_misses_the_copy_with_added_paragraphs() {
        let (a, b) = (
            crate::simhash::simhash(STORY).expect("long enough"),
            crate::simhash::simhash(SYNDICATED).expect("long enough"),
        );
        let bits = vigil_store::simhash::distance(a, b);
        eprintln!("SimHash distance {bits}");
        assert!(bits > vigil_store::simhash::EXACT_RADIUS, "{bits} bits");
    }

    #[test]
    fn a_copy_with_small_edits_is_a_copy() {
        let likeness = likeness(EDITED);
        assert!(likeness.is_copy(), "{likeness:?}");
    }

    #[test]
    fn another_report_on_the_same_events_is_not_a_copy() {
        let likeness = likeness(SAME_TOPIC);
        assert!(!likeness.is_copy(), "{likeness:?}");
        assert!(likeness.jaccard < 0.1, "{likeness:?}");
    }

    #[test]
    fn a_round_up_quoting_a_whole_report_is_not_its_copy() {
        let round_up = format!(
            "{STORY}\n\n{SAME_TOPIC}\n\n{}",
            EDITED.replace(' ', " and ")
        );
        let likeness = likeness(&round_up);
        assert!(likeness.jaccard < MIN_JACCARD, "{likeness:?}");
        assert!(!likeness.is_copy(), "{likeness:?}");
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert_eq!(minhash("Police detained three activists."), None);
        assert_eq!(minhash(""), None);
    }

    #[test]
    fn signatures_ignore_case() {
        assert_eq!(minhash(STORY), minhash(&STORY.to_uppercase()));
    }

    #[test]
    fn the_batch_index_finds_copies_by_band() {
        let mut index = BatchIndex::default();
        index.insert(sig(STORY), "original");
        let found = index.candidates(&sig(SYNDICATED));
        assert_eq!(found.len(), 1);
        assert_eq!(*found[0].0, "original");
        assert!(found[0].1.is_copy());
        assert!(index.candidates(&sig(SAME_TOPIC)).is_empty());
    }
}
