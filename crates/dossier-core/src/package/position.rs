//! Byte offsets to lines and columns, the way a person counts them.
//!
//! Every error of the package loader names a line and a column. Files come
//! from many editors, so a line ends at a line feed (LF), a carriage return
//! followed by a line feed (CRLF, one line end), or a carriage return alone
//! (lone CR, as old Mac editors and some exporters write). Columns count
//! characters, not bytes, from 1.

use std::path::Path;

use super::error::{PackageError, Place};

/// The start offsets of every line of one text, for repeated lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0]` is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`; CR, LF and CRLF each end one line.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line and character column of byte `offset` in `text` (the
    /// text this index was built from). An offset inside a character or
    /// past the end is clamped.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // `starts` begins with 0, so the partition point is at least 1.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, column)
    }

    /// The number of lines (a final line end does not start a new one).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }
}

/// A decoded text file: its UTF-8 text without a byte order mark, and where
/// its lines start.
#[derive(Clone, Debug)]
pub struct TextFile {
    pub text: String,
    pub lines: LineIndex,
}

impl TextFile {
    /// Decodes `bytes` read from `path` as UTF-8, ignoring a leading byte
    /// order mark. Invalid UTF-8 is an error at the line and column of the
    /// first bad byte.
    // Errors are rare and carry their place and what was expected;
    // their size does not matter on the path that succeeds.
    #[allow(clippy::result_large_err)]
    pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<TextFile, PackageError> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let lines = LineIndex::new(&text);
                Ok(TextFile { text, lines })
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // The prefix up to `valid_up_to` is valid UTF-8 by definition.
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let (line, column) = LineIndex::new(prefix).line_col(prefix, valid);
                Err(PackageError::BadUtf8 {
                    at: Place::new(path, line, column),
                })
            }
        }
    }

    /// The place of byte `offset` in this file.
    pub fn place(&self, path: &Path, offset: usize) -> Place {
        let (line, column) = self.lines.line_col(&self.text, offset);
        Place::new(path, line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_counts_once() {
        for (text, nl) in [
            ("a\nb\nc\nX", "LF"),
            ("a\r\nb\r\nc\r\nX", "CRLF"),
            ("a\rb\rc\rX", "CR"),
        ] {
            let idx = LineIndex::new(text);
            let x = text.find('X').unwrap();
            assert_eq!(idx.line_col(text, x), (4, 1), "{nl}");
            assert_eq!(idx.lines(), 4, "{nl}");
        }
        let mixed = "a\r\rb\n\rc";
        let idx = LineIndex::new(mixed);
        assert_eq!(idx.line_col(mixed, mixed.find('c').unwrap()), (5, 1));
    }

    #[test]
    fn columns_count_characters() {
        let t = "x\nسلام y";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, t.find('y').unwrap()), (2, 6));
        // Inside a character: clamped back to its start.
        assert_eq!(idx.line_col(t, t.find('س').unwrap() + 1), (2, 1));
        assert_eq!(idx.line_col(t, 10_000), (2, 7));
    }

    #[test]
    fn decode_drops_bom_and_points_at_bad_bytes() {
        let f = TextFile::decode(Path::new("a.csv"), b"\xEF\xBB\xBFx,y\n".to_vec()).unwrap();
        assert_eq!(f.text, "x,y\n");
        let e = TextFile::decode(Path::new("a.csv"), b"ab\rcd\xFFe".to_vec()).unwrap_err();
        let at = e.place().unwrap();
        assert_eq!((at.line, at.column), (2, 3));
    }
}
