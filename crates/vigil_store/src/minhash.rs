//! MinHash signatures of reports and their LSH bands, shared by the backends.
//!
//! A signature holds, for each of [`HASHES`] seeded hash functions, the least hash over the
//! report's word shingles; two signatures agree at a position with probability equal to the
//! Jaccard similarity of the two shingle sets. The signature is cut into [`BANDS`] bands of
//! [`ROWS`] values; a store indexes one key per band, and reports agreeing on a whole band are
//! candidates, so a lookup costs [`BANDS`] index probes instead of a scan of every report.
//!
//! With 3 rows per band a pair at Jaccard 0.5 shares a band with probability 0.96, at 0.3
//! with 0.48 and at 0.05 with 0.003: a syndicated copy with a new intro and an extra
//! paragraph (Jaccard about 0.6–0.8) is nearly always a candidate, an unrelated report
//! almost never. Candidates are then checked with [`MinHash::containment`].

use serde::{Deserialize, Serialize};

/// Hash functions per signature.
pub const HASHES: usize = BANDS * ROWS;
/// Bands of the signature, each one indexed key.
pub const BANDS: usize = 24;
/// Signature values per band.
pub const ROWS: usize = 3;

/// The MinHash signature of a report's shingle set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinHash {
    /// Distinct shingles the signature was made from.
    pub shingles: u32,
    /// The least hash per hash function, [`HASHES`] of them.
    pub values: Vec<u32>,
}

impl MinHash {
    /// The band keys to index or look up: each band's values and its position, hashed.
    pub fn bands(&self) -> Vec<i64> {
        self.values
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut key = mix(band as u64 + 1);
                for &value in rows {
                    key = mix(key ^ u64::from(value));
                }
                i64::from_ne_bytes(key.to_ne_bytes())
            })
            .collect()
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share of agreeing
    /// positions. Signatures of different lengths are not comparable and give 0.
    pub fn jaccard(&self, other: &Self) -> f64 {
        if self.values.len() != other.values.len() || self.values.is_empty() {
            return 0.0;
        }
        let same = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / self.values.len() as f64
    }

    /// The estimated share of the smaller shingle set found in the larger: 1 for a copy
    /// inside a longer report, whatever was added around it.
    pub fn containment(&self, other: &Self) -> f64 {
        self.containment_at(self.jaccard(other), other)
    }

    /// [`MinHash::containment`] given the two signatures' Jaccard estimate `j`, for a caller
    /// that has it already.
    pub fn containment_at(&self, j: f64, other: &Self) -> f64 {
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let smaller = a.min(b);
        if smaller <= 0.0 {
            return 0.0;
        }
        // |A ∩ B| = J · |A ∪ B| and |A ∪ B| = |A| + |B| − |A ∩ B|.
        let shared = j * (a + b) / (1.0 + j);
        (shared / smaller).min(1.0)
    }

    /// The signature as bytes (little-endian values), for a blob column.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The inverse of [`MinHash::to_bytes`]; `None` if the length is not whole values.
    pub fn from_bytes(shingles: u32, bytes: &[u8]) -> Option<Self> {
        if !bytes.len().is_multiple_of(4) {
            return None;
        }
        let values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(Self { shingles, values })
    }
}

/// A stored report sharing a band with a looked-up signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinHashCandidate {
    /// The stored document.
    pub id: crate::DocumentId,
    /// Its version series' address.
    pub locator: String,
    /// The report it is itself a copy of, if any.
    pub duplicate_of: Option<crate::DocumentId>,
    /// Its signature.
    pub signature: MinHash,
}

/// A 64-bit finaliser (SplitMix64's): spreads every input bit over the output.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(values: impl Iterator<Item = u32>, shingles: u32) -> MinHash {
        MinHash {
            shingles,
            values: values.collect(),
        }
    }

    #[test]
    fn equal_signatures_share_every_band() {
        let a = sig(0..HASHES as u32, 100);
        let same = sig(0..HASHES as u32, 100);
        assert_eq!(a.bands(), same.bands());
        assert_eq!(a.bands().len(), BANDS);
        assert_eq!(a.jaccard(&a), 1.0);
        assert_eq!(a.containment(&a), 1.0);
    }

    #[test]
    fn one_changed_value_changes_one_band() {
        let a = sig(0..HASHES as u32, 100);
        let mut b = a.clone();
        b.values[4] = 999;
        let shared = a
            .bands()
            .iter()
            .zip(b.bands())
            .filter(|(x, y)| **x == *y)
            .count();
        assert_eq!(shared, BANDS - 1);
    }

    #[test]
    fn same_values_in_another_band_give_another_key() {
        let a = sig(std::iter::repeat_n(7, HASHES), 10);
        let bands = a.bands();
        assert_ne!(bands[0], bands[1]);
    }

    #[test]
    fn containment_sees_a_small_set_inside_a_large_one() {
        // 100 shingles inside 200: Jaccard 0.5, containment 1.
        let half = HASHES / 2;
        let a = sig((0..HASHES as u32).map(|i| i * 2), 100);
        let b = sig(
            (0..HASHES as u32).map(|i| if (i as usize) < half { i * 2 } else { 9_999 }),
            200,
        );
        assert!((a.jaccard(&b) - 0.5).abs() < 1e-9);
        assert!((a.containment(&b) - 1.0).abs() < 1e-9);
        assert_eq!(a.jaccard(&sig(0..3, 3)), 0.0, "different lengths");
    }

    #[test]
    fn bytes_round_trip() {
        let a = sig((0..HASHES as u32).map(|i| i.wrapping_mul(0x9e37_79b9)), 42);
        assert_eq!(MinHash::from_bytes(42, &a.to_bytes()), Some(a));
        assert_eq!(MinHash::from_bytes(1, &[1, 2, 3]), None);
    }
}
