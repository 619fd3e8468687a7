//! A strict JSON reader (RFC 8259) that keeps the byte range of every key
//! and value, for `datapackage.json` and JSON resources.
//!
//! `serde_json` drops positions once a value is parsed, and errors in a
//! data file must name the line and column of the bad value. Numbers are
//! kept as written, so a published `0.30000000000000004` is compared
//! digit for digit and never passes through a float. Nesting is limited
//! to [`MAX_DEPTH`], so a hostile file cannot exhaust the stack; a key
//! given twice in one object is an error, since which one wins differs
//! between readers.

use super::tree::{Entry, Node, NodeValue, SyntaxError};

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON document (surrounding whitespace allowed).
pub fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("expected the end of the document after the top-level value"));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error("expected a value, found the end of the file")),
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("objects and arrays nest too deeply (over 128 levels)"));
                }
                self.object(depth)?
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("objects and arrays nest too deeply (over 128 levels)"));
                }
                self.array(depth)?
            }
            Some(b'"') => NodeValue::String(self.string()?),
            Some(b't') => self.literal("true", NodeValue::Bool(true))?,
            Some(b'f') => self.literal("false", NodeValue::Bool(false))?,
            Some(b'n') => self.literal("null", NodeValue::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.error(
                    "expected a value (an object, array, string, number, true, false or null)",
                ))
            }
        };
        Ok(Node {
            span: start..self.pos,
            value,
        })
    }

    fn literal(&mut self, word: &str, value: NodeValue) -> Result<NodeValue, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(&format!("expected `{word}`")))
        }
    }

    fn object(&mut self, depth: usize) -> Result<NodeValue, SyntaxError> {
        self.pos += 1;
        let mut entries: Vec<Entry> = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(NodeValue::Table(entries));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            if entries.iter().any(|e| e.key == key) {
                self.pos = key_start;
                return Err(self.error("duplicate key in one object; expected each key once"));
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(NodeValue::Table(entries));
                }
                _ => return Err(self.error("expected `,` or `}` after the value")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<NodeValue, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(NodeValue::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(NodeValue::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after the value")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<NodeValue, SyntaxError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = self.digits();
        if n == 0 {
            return Err(self.error("expected a digit"));
        }
        if n > 1 && self.bytes[int_start] == b'0' {
            self.pos = int_start;
            return Err(self.error("a number may not start with a leading zero"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(NodeValue::Number(self.text[start..self.pos].to_string()))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let hex = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .filter(|_| {
                self.bytes[self.pos..self.pos + 4]
                    .iter()
                    .all(u8::is_ascii_hexdigit)
            });
        match hex {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.error("expected four hexadecimal digits after `\\u`")),
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run stops only at ASCII bytes, so it ends on a char boundary.
            out.push_str(&self.text[run_start..self.pos]);
            match self.bytes.get(self.pos) {
                None => return Err(self.error("unterminated string; expected a closing `\"`")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self.bytes.get(self.pos).copied();
                    self.pos += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&first) {
                                if !self.bytes[self.pos..].starts_with(b"\\u") {
                                    return Err(self.error(
                                        "expected the second half of a surrogate pair (`\\uDC00`-`\\uDFFF`)",
                                    ));
                                }
                                self.pos += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.error(
                                        "expected the second half of a surrogate pair (`\\uDC00`-`\\uDFFF`)",
                                    ));
                                }
                                char::from_u32(
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00),
                                )
                            } else {
                                char::from_u32(first)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => {
                                    return Err(self.error("a lone surrogate is not a character"))
                                }
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error(
                                "unknown escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uHHHH",
                            ));
                        }
                    }
                }
                Some(_) => {
                    return Err(self.error(
                        "control character in a string; expected it escaped (\\n, \\t, \\u0000)",
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Node {
        parse_json(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn values_with_spans() {
        let text = r#" [ {"a": 0.30000000000000004, "b": "x\u00e9\ud83d\ude00", "c": null}, true, -1e5 ] "#;
        let root = ok(text);
        let items = root.as_array().unwrap();
        let a = items[0].get("a").unwrap();
        assert_eq!(
            a.value.value,
            NodeValue::Number("0.30000000000000004".into())
        );
        assert_eq!(&text[a.key_span.clone()], "\"a\"");
        assert_eq!(
            items[0].get("b").unwrap().value.value,
            NodeValue::String("xé😀".into())
        );
        assert_eq!(items[0].get("c").unwrap().value.value, NodeValue::Null);
        assert_eq!(&text[items[2].span.clone()], "-1e5");
    }

    #[test]
    fn rejects_what_json_does_not_allow() {
        for bad in [
            "",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "[1 2]",
            "{'a':1}",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "{\"a\":1,\"a\":2}",
            "nul",
            "[1] 2",
            "\"abc",
            "1e",
            "{\"a\" 1}",
        ] {
            assert!(parse_json(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let e = parse_json(&deep).unwrap_err();
        assert!(e.message.contains("nest"), "{e:?}");
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        ok(&fine);
    }

    #[test]
    fn error_offset_points_at_the_problem() {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}";
        let e = parse_json(text).unwrap_err();
        assert_eq!(&text[e.offset..e.offset + 3], "tru");
    }
}
