//! Near-duplicate lookup over 64-bit SimHashes, shared by the backends.
//!
//! A SimHash is cut into four 16-bit bands. Two hashes within Hamming
//! distance 3 differ in at most three bands, so they agree on at least one:
//! a store that indexes the bands finds every neighbour within
//! [`EXACT_RADIUS`] by four exact lookups, then checks the true distance.

/// The largest distance for which band lookup is guaranteed complete.
pub const EXACT_RADIUS: u32 = 3;

/// The four 16-bit bands of `hash`, low band first.
pub fn bands(hash: u64) -> [i64; 4] {
    [0, 16, 32, 48].map(|shift| ((hash >> shift) & 0xffff) as i64)
}

/// Hamming distance of two hashes.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// A hash as a signed 64-bit integer, the type SQL databases store; bit for bit.
pub fn to_sql(hash: u64) -> i64 {
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// The inverse of [`to_sql`].
pub fn from_sql(value: i64) -> u64 {
    u64::from_ne_bytes(value.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_hashes_share_a_band() {
        let a = 0x0123_4567_89ab_cdef_u64;
        let b = a ^ (1 << 3) ^ (1 << 20) ^ (1 << 40);
        assert_eq!(distance(a, b), 3);
        let shared = bands(a)
            .iter()
            .zip(bands(b))
            .filter(|(x, y)| **x == *y)
            .count();
        assert_eq!(shared, 1);
    }

    #[test]
    fn sql_form_is_lossless() {
        for hash in [0, 1, u64::MAX, 1 << 63] {
            assert_eq!(from_sql(to_sql(hash)), hash);
        }
    }
}
