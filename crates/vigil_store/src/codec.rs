//! Compression of stored blobs (raw pages, analysis JSON), shared by the
//! backends so that a database can move between them byte for byte.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use crate::StoreError;

/// The codec name stored beside each blob.
pub const CODEC: &str = "zlib";

/// `bytes` compressed with [`CODEC`].
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    encoder
        .write_all(bytes)
        .expect("invariant: writing to a Vec cannot fail");
    encoder
        .finish()
        .expect("invariant: writing to a Vec cannot fail")
}

/// The bytes `blob` was made from, given the codec name stored with it.
pub fn decompress(codec: &str, blob: &[u8]) -> Result<Vec<u8>, StoreError> {
    match codec {
        "zlib" => {
            let mut out = Vec::with_capacity(blob.len() * 3);
            ZlibDecoder::new(blob)
                .read_to_end(&mut out)
                .map_err(|e| StoreError::Corrupt(format!("compressed blob: {e}")))?;
            Ok(out)
        }
        "none" => Ok(blob.to_vec()),
        other => Err(StoreError::Corrupt(format!("unknown codec {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_bytes() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(decompress(CODEC, &compress(&bytes)).expect("valid"), bytes);
        assert_eq!(decompress(CODEC, &compress(b"")).expect("valid"), b"");
    }

    #[test]
    fn damaged_blobs_are_errors() {
        assert!(decompress(CODEC, b"not zlib").is_err());
        assert!(decompress("lz4", b"").is_err());
    }
}
