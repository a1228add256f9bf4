//! Compression of stored blobs (raw pages, analysis JSON), shared by the
//! backends so that a database can move between them byte for byte.
//!
//! New blobs are LZ4 blocks with their length in front: compressing is several
//! times cheaper than zlib's fastest level, which matters because the single
//! store writer compresses every page of an ingest run. Blobs written earlier
//! as zlib keep their codec name and still decompress.

use std::io::Read;

use flate2::read::ZlibDecoder;

use crate::StoreError;

/// The codec name stored beside each new blob.
pub const CODEC: &str = "lz4";

/// The largest blob size [`decompress`] accepts, against a corrupt length prefix.
const MAX_SIZE: usize = 1 << 30;

/// `bytes` compressed with [`CODEC`].
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(bytes)
}

/// The bytes `blob` was made from, given the codec name stored with it.
pub fn decompress(codec: &str, blob: &[u8]) -> Result<Vec<u8>, StoreError> {
    match codec {
        "lz4" => {
            let size = blob
                .get(..4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
            if size.is_none_or(|size| size > MAX_SIZE) {
                return Err(StoreError::Corrupt(
                    "compressed blob: bad length".to_owned(),
                ));
            }
            lz4_flex::block::decompress_size_prepended(blob)
                .map_err(|e| StoreError::Corrupt(format!("compressed blob: {e}")))
        }
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
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    /// `bytes` compressed with zlib, as blobs were written before LZ4.
    fn compress_zlib(bytes: &[u8]) -> Vec<u8> {
        let mut encoder =
            ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
        encoder
            .write_all(bytes)
            .expect("invariant: writing to a Vec cannot fail");
        encoder
            .finish()
            .expect("invariant: writing to a Vec cannot fail")
    }

    #[test]
    fn round_trips_any_bytes() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(decompress(CODEC, &compress(&bytes)).expect("valid"), bytes);
        assert_eq!(decompress(CODEC, &compress(b"")).expect("valid"), b"");
        assert_eq!(
            decompress("zlib", &compress_zlib(&bytes)).expect("valid"),
            bytes
        );
    }

    #[test]
    fn damaged_blobs_are_errors() {
        assert!(decompress(CODEC, b"not lz4").is_err());
        assert!(decompress(CODEC, &[0xff, 0xff, 0xff, 0x7f, 1, 2]).is_err());
        assert!(decompress(CODEC, b"").is_err());
        assert!(decompress("zlib", b"not zlib").is_err());
        assert!(decompress("brotli", b"").is_err());
    }
}
