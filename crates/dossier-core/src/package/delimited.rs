//! CSV (and other delimited text) split into records and fields, each
//! field with the byte offset where it starts in the file.
//!
//! The `csv` crate counts only line feeds, so an error in a file with
//! lone-CR line endings was reported on line 1; and it gives no position
//! for a field. This reader follows RFC 4180 with the usual leniencies:
//! a record ends at LF, CRLF or a lone CR; a field may be quoted (`"a,b"`,
//! with `""` for a quote inside); a quote inside an unquoted field is kept
//! as it is; blank lines are skipped. Text after a closing quote, and a
//! quote left open at the end of the file, are syntax errors at their
//! place.

/// One field of a record: its text (quotes removed) and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    /// Byte offset of the field's first character (the opening quote for
    /// a quoted field).
    pub offset: usize,
}

/// One record: its fields, and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub offset: usize,
    pub fields: Vec<Field>,
}

/// A syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub offset: usize,
    pub message: String,
    /// An unterminated quote: nothing after it can be read as records.
    pub fatal: bool,
}

/// The records of `text`, in order. After an error the reader goes on
/// with the next line, except after an unterminated quote, which ends the
/// file.
pub struct Records<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    delimiter: u8,
    quote: u8,
}

impl<'a> Records<'a> {
    /// Reads `text` with ASCII `delimiter` and `quote` characters.
    pub fn new(text: &'a str, delimiter: u8, quote: u8) -> Records<'a> {
        Records {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            delimiter,
            quote,
        }
    }

    fn at_line_end(&self) -> bool {
        matches!(self.bytes.get(self.pos), Some(b'\n' | b'\r'))
    }

    /// Steps over one line end (LF, CRLF or CR).
    fn eat_line_end(&mut self) {
        match self.bytes.get(self.pos) {
            Some(b'\r') if self.bytes.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
            Some(b'\r' | b'\n') => self.pos += 1,
            _ => {}
        }
    }

    fn skip_to_next_line(&mut self) {
        while self.pos < self.bytes.len() && !self.at_line_end() {
            self.pos += 1;
        }
        self.eat_line_end();
    }

    fn field(&mut self) -> Result<Field, CsvError> {
        let offset = self.pos;
        if self.bytes.get(self.pos) == Some(&self.quote) {
            self.pos += 1;
            let mut text = String::new();
            loop {
                let run = self.pos;
                while self.pos < self.bytes.len() && self.bytes[self.pos] != self.quote {
                    self.pos += 1;
                }
                // Runs stop only at the ASCII quote byte or the end, both
                // char boundaries.
                text.push_str(&self.text[run..self.pos]);
                if self.pos >= self.bytes.len() {
                    return Err(CsvError {
                        offset,
                        message: "quoted field is never closed; expected a closing quote".into(),
                        fatal: true,
                    });
                }
                self.pos += 1;
                if self.bytes.get(self.pos) == Some(&self.quote) {
                    text.push(self.quote as char);
                    self.pos += 1;
                    continue;
                }
                break;
            }
            match self.bytes.get(self.pos) {
                None | Some(b'\n' | b'\r') => {}
                Some(&b) if b == self.delimiter => {}
                Some(_) => {
                    return Err(CsvError {
                        offset: self.pos,
                        message: format!(
                            "text after the closing quote; expected `{}` or the end of the line (write a quote inside a quoted field as two quotes)",
                            self.delimiter as char
                        ),
                        fatal: false,
                    })
                }
            }
            Ok(Field { text, offset })
        } else {
            while self.pos < self.bytes.len()
                && self.bytes[self.pos] != self.delimiter
                && !self.at_line_end()
            {
                self.pos += 1;
            }
            Ok(Field {
                text: self.text[offset..self.pos].to_string(),
                offset,
            })
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.at_line_end() {
            self.eat_line_end();
        }
        if self.pos >= self.bytes.len() {
            return None;
        }
        let offset = self.pos;
        let mut fields = Vec::new();
        loop {
            match self.field() {
                Ok(f) => fields.push(f),
                Err(e) => {
                    if e.fatal {
                        self.pos = self.bytes.len();
                    } else {
                        self.skip_to_next_line();
                    }
                    return Some(Err(e));
                }
            }
            match self.bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => self.pos += 1,
                _ => {
                    self.eat_line_end();
                    return Some(Ok(Record { offset, fields }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<String>> {
        Records::new(text, b',', b'"')
            .map(|r| r.unwrap().fields.into_iter().map(|f| f.text).collect())
            .collect()
    }

    #[test]
    fn splits_records_at_every_line_end() {
        let want = vec![vec!["a", "b"], vec!["1", "2"], vec!["3", ""]];
        for text in [
            "a,b\n1,2\n3,\n",
            "a,b\r\n1,2\r\n3,",
            "a,b\r1,2\r3,\r",
            "a,b\n\n1,2\r\r3,",
        ] {
            assert_eq!(texts(text), want, "{text:?}");
        }
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(
            texts("\"a,b\",\"say \"\"hi\"\"\",\"line\r\nbreak\"\nx\"y,z"),
            vec![
                vec!["a,b", "say \"hi\"", "line\r\nbreak"],
                vec!["x\"y", "z"]
            ]
        );
    }

    #[test]
    fn offsets_of_fields() {
        let text = "id,name\r7,\"سلام\"\r";
        let recs: Vec<Record> = Records::new(text, b',', b'"').map(Result::unwrap).collect();
        assert_eq!(recs[1].offset, text.find('7').unwrap());
        assert_eq!(recs[1].fields[1].offset, text.find('"').unwrap());
    }

    #[test]
    fn errors_and_recovery() {
        let text = "a,b\n\"x\"y,2\n3,4\n\"open,5\n6,7";
        let out: Vec<_> = Records::new(text, b',', b'"').collect();
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.offset, text.find('y').unwrap());
        assert_eq!(out[2].as_ref().unwrap().fields[0].text, "3");
        let e = out[3].as_ref().unwrap_err();
        assert!(e.fatal);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn tabs_as_delimiter() {
        let recs: Vec<_> = Records::new("a\tb\n1\t2", b'\t', b'"')
            .map(Result::unwrap)
            .collect();
        assert_eq!(recs[1].fields[1].text, "2");
    }
}
