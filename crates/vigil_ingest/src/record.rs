//! WARC record framing (ISO 28500): a `WARC/1.x` line, header fields, a blank line, then a
//! block of `Content-Length` bytes.
//!
//! Written here rather than taken from the `warc` crate: its 0.4 reader panics on a header
//! value that is not UTF-8 and reads header lines without bound, and archives are outside
//! input. This reader bounds every line and the header, and never holds more of a block than
//! the caller keeps.

use std::io::{self, BufRead, Read};

/// Longest header line accepted.
const MAX_LINE: usize = 64 * 1024;
/// Most header fields in one record.
const MAX_FIELDS: usize = 256;

/// The header of one record: fields with lower-case names, and the block length.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RecordHead {
    fields: Vec<(String, String)>,
    pub(crate) length: u64,
}

impl RecordHead {
    /// The first field of this name (given in lower case).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads records one at a time: [`Records::next_head`], then [`Records::block`].
pub(crate) struct Records<R> {
    reader: R,
    number: usize,
}

impl<R: BufRead> Records<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self { reader, number: 0 }
    }

    /// The 1-based number of the record last headed.
    pub(crate) fn number(&self) -> usize {
        self.number
    }

    /// The next record's header, or `None` at the end of the archive. The blank lines that
    /// end the previous block are skipped.
    pub(crate) fn next_head(&mut self) -> Result<Option<RecordHead>, String> {
        let mut line = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        self.number += 1;
        if !line.starts_with(b"WARC/") {
            return Err("no `WARC/` version line where a record should start".to_owned());
        }
        let fields = self.read_fields(&mut line)?;
        let length = fields
            .iter()
            .find(|(n, _)| n == "content-length")
            .ok_or("no Content-Length field")?
            .1
            .parse::<u64>()
            .map_err(|_| "Content-Length is not a number".to_owned())?;
        Ok(Some(RecordHead { fields, length }))
    }

    /// Reads the block of the record just headed: `Some(bytes)` when it is at most `keep`
    /// bytes long, else `None` after skipping it without holding it.
    pub(crate) fn block(&mut self, length: u64, keep: u64) -> Result<Option<Vec<u8>>, String> {
        let mut block = (&mut self.reader).take(length);
        let (read, kept) = if length <= keep {
            let mut bytes = Vec::new();
            let read = block.read_to_end(&mut bytes).map_err(|e| read_error(&e))? as u64;
            (read, Some(bytes))
        } else {
            (
                io::copy(&mut block, &mut io::sink()).map_err(|e| read_error(&e))?,
                None,
            )
        };
        if read < length {
            return Err("end of file inside a record block".to_owned());
        }
        Ok(kept)
    }

    fn read_fields(&mut self, line: &mut Vec<u8>) -> Result<Vec<(String, String)>, String> {
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            if self.read_line(line)? == 0 {
                return Err("end of file inside a record header".to_owned());
            }
            let text = String::from_utf8_lossy(line.trim_ascii_end());
            if text.is_empty() {
                return Ok(fields);
            }
            if fields.len() >= MAX_FIELDS {
                return Err(format!("more than {MAX_FIELDS} header fields"));
            }
            let folded = text.starts_with([' ', '\t']);
            match (folded, fields.last_mut(), text.split_once(':')) {
                (true, Some((_, value)), _) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                (false, _, Some((name, value))) => {
                    fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                }
                _ => {
                    let start: String = text.chars().take(40).collect();
                    return Err(format!("header line without a colon: `{start}`"));
                }
            }
        }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, String> {
        line.clear();
        let read = (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', line)
            .map_err(|e| read_error(&e))?;
        if read == MAX_LINE && !line.ends_with(b"\n") {
            return Err(format!("header line longer than {MAX_LINE} bytes"));
        }
        Ok(read)
    }
}

fn read_error(e: &io::Error) -> String {
    format!("read error: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_framed_by_their_length() {
        let archive = b"WARC/1.1\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n\
            WARC/1.1\r\nWARC-Type: response\r\nX-Note: first part\r\n  second part\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
        let mut records = Records::new(archive.as_slice());
        let first = records.next_head().ok().flatten().expect("first record");
        assert_eq!((first.get("warc-type"), first.length), (Some("request"), 3));
        assert_eq!(records.block(3, 0), Ok(None));
        let second = records.next_head().ok().flatten().expect("second record");
        assert_eq!(second.get("x-note"), Some("first part second part"));
        assert_eq!(records.block(5, 10), Ok(Some(b"hello".to_vec())));
        assert_eq!(records.number(), 2);
        assert_eq!(records.next_head(), Ok(None));
    }

    #[test]
    fn damaged_headers_are_errors() {
        let check = |archive: &[u8], expected: &str| {
            let mut records = Records::new(archive);
            assert_eq!(records.next_head().err().as_deref(), Some(expected));
        };
        check(
            b"HTTP/1.1 200 OK\r\n\r\n",
            "no `WARC/` version line where a record should start",
        );
        check(
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\n",
            "no Content-Length field",
        );
        check(
            b"WARC/1.0\r\nContent-Length: lots\r\n\r\n",
            "Content-Length is not a number",
        );
        check(
            b"WARC/1.0\r\nContent-Length: 5\r\n",
            "end of file inside a record header",
        );
        check(
            b"WARC/1.0\r\nno colon here\r\n\r\n",
            "header line without a colon: `no colon here`",
        );
        let long = [b"WARC/1.0\r\nX: ".as_slice(), &vec![b'a'; MAX_LINE]].concat();
        check(&long, "header line longer than 65536 bytes");
    }

    #[test]
    fn a_short_block_is_an_error() {
        let mut records = Records::new(b"WARC/1.0\r\nContent-Length: 50\r\n\r\nshort".as_slice());
        let head = records.next_head().ok().flatten().expect("a record");
        assert_eq!(
            records.block(head.length, 100).err().as_deref(),
            Some("end of file inside a record block")
        );
        let mut skipped = Records::new(b"WARC/1.0\r\nContent-Length: 50\r\n\r\nshort".as_slice());
        let head = skipped.next_head().ok().flatten().expect("a record");
        assert!(skipped.block(head.length, 10).is_err());
    }
}
