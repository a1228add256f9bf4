//! Conversion between UTF-8 byte offsets (what Rust slices use) and code-point
//! offsets (what the contract uses).

/// Maps byte offsets of one text to code-point offsets.
///
/// ```
/// use vigil_model::CharIndex;
/// let index = CharIndex::new("Bişkek ok");
/// assert_eq!(index.char_offset(8), 7); // "ş" is two bytes
/// ```
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `ascii` is true when every byte is one code point: no table needed.
    ascii: bool,
    /// For non-ASCII texts: the byte offset of every code point, plus the length.
    starts: Vec<u32>,
}

impl CharIndex {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                ascii: true,
                starts: Vec::new(),
            };
        }
        let mut starts: Vec<u32> = text.char_indices().map(|(i, _)| offset_u32(i)).collect();
        starts.push(offset_u32(text.len()));
        Self {
            ascii: false,
            starts,
        }
    }

    /// The code-point offset of byte offset `byte` (which must be on a char boundary;
    /// an offset inside a code point maps to the code point that contains it).
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.starts.binary_search(&offset_u32(byte)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset of code-point offset `char`, clamped to the text's end.
    pub fn byte_offset(&self, char: usize) -> usize {
        if self.ascii {
            return char;
        }
        let last = self.starts.len().saturating_sub(1);
        self.starts.get(char.min(last)).map_or(0, |&b| b as usize)
    }
}

fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_non_ascii() {
        let text = "Ош — Бишкек";
        let index = CharIndex::new(text);
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(bytes), chars);
            assert_eq!(index.byte_offset(chars), bytes);
        }
        assert_eq!(index.char_offset(text.len()), text.chars().count());
    }
}
