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
    /// Within lines longer than [`STRIDE`] bytes: a byte offset about
    /// every `STRIDE` bytes and its character column from the line's
    /// start, so that a lookup counts at most `STRIDE` bytes. A data set
    /// written on one line (minified JSON) has a place looked up for every
    /// cell, and counting from the line's start each time took time in the
    /// square of the file's size.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two marks of a long line.
const STRIDE: usize = 1024;

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
        let mut marks = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let (mut at, mut column) = (start, 0);
            while end - at > STRIDE {
                let mut next = at + STRIDE;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                column += text[at..next].chars().count();
                marks.push((next, column));
                at = next;
            }
        }
        LineIndex { starts, marks }
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
        // The last mark at or before `offset`, if it lies on this line.
        let mark = self
            .marks
            .partition_point(|&(at, _)| at <= offset)
            .checked_sub(1)
            .map(|m| self.marks[m]);
        let (from, counted) = match mark {
            Some((at, column)) if at >= start => (at, column),
            _ => (start, 0),
        };
        let column = counted
            + text
                .get(from..offset)
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

    /// Lines far longer than the distance between marks, of one- to
    /// four-byte characters, count as a plain count from the line's start
    /// does, at every character and inside characters.
    #[test]
    fn long_lines_count_as_from_their_start() {
        let line: String = "aé€😀سb".chars().cycle().take(5 * STRIDE).collect();
        let text = format!("{line}\r\n{line}\nshort\r{line}");
        let idx = LineIndex::new(&text);
        assert!(idx.marks.len() > 10);
        // Walks the characters before `offset`, as a reader counts.
        let naive = |offset: usize| {
            let (mut line, mut column) = (1, 1);
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if i + c.len_utf8() > offset {
                    break;
                }
                let crlf = c == '\r' && chars.peek().is_some_and(|&(j, d)| d == '\n' && j < offset);
                match c {
                    '\r' if crlf => {
                        chars.next();
                        (line, column) = (line + 1, 1);
                    }
                    '\n' | '\r' => (line, column) = (line + 1, 1),
                    _ => column += 1,
                }
            }
            (line, column)
        };
        for offset in (0..text.len() + 3)
            .step_by(7)
            .filter(|&o| o == 0 || text.as_bytes().get(o - 1) != Some(&b'\r'))
        {
            assert_eq!(idx.line_col(&text, offset), naive(offset), "at {offset}");
        }
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
