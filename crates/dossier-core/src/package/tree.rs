//! A document tree that remembers where every key and value was written.
//!
//! The declaration and the TOML and JSON resources are read into one
//! [`Node`] tree, whatever their syntax, so that a single reader checks
//! them and every error can point at a line and column of the file. TOML
//! is parsed by the `toml` crate (`DeTable`, which keeps spans); JSON by
//! [`super::json`]. Numbers keep the text they were written with, so that
//! `0.1` stays exactly one tenth when it becomes a decimal.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One value of a document, with the byte range it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: NodeValue,
}

/// The kinds of value TOML and JSON share (plus TOML's date-times and
/// JSON's null).
#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    String(String),
    /// A number as written, in decimal notation or with an exponent; never
    /// NaN or infinite (those stay `Float` text that no decimal parses).
    Number(String),
    Bool(bool),
    /// A TOML date, time or date-time, as written.
    Datetime(String),
    Null,
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// A key of a table with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl NodeValue {
    /// What this kind of value is called in messages: "a string", "a table".
    pub fn describe(&self) -> &'static str {
        match self {
            NodeValue::String(_) => "a string",
            NodeValue::Number(_) => "a number",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Datetime(_) => "a date-time",
            NodeValue::Null => "null",
            NodeValue::Array(_) => "an array",
            NodeValue::Table(_) => "a table",
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&[Entry]> {
        match &self.value {
            NodeValue::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The entry for `key`, when this is a table holding it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_table()?.iter().find(|e| e.key == key)
    }
}

/// A syntax error: where, and the parser's own words.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses a TOML document into a tree.
pub fn parse_toml(text: &str) -> Result<Node, SyntaxError> {
    match DeTable::parse(text) {
        Ok(table) => {
            let span = table.span();
            Ok(Node {
                span,
                value: NodeValue::Table(toml_table(table.into_inner())),
            })
        }
        Err(e) => Err(SyntaxError {
            offset: e.span().map_or(0, |s| s.start),
            message: e.message().trim().replace('\n', " "),
        }),
    }
}

fn toml_table(table: DeTable<'_>) -> Vec<Entry> {
    table
        .into_iter()
        .map(|(k, v)| Entry {
            key_span: k.span(),
            key: k.into_inner().into_owned(),
            value: toml_node(v),
        })
        .collect()
}

fn toml_node(v: Spanned<DeValue<'_>>) -> Node {
    let span = v.span();
    let value = match v.into_inner() {
        DeValue::String(s) => NodeValue::String(s.into_owned()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            if i.radix() == 10 {
                NodeValue::Number(digits)
            } else {
                // 0x, 0o and 0b integers: written out in decimal, or kept
                // as their text (which no decimal parses) when too large.
                match i128::from_str_radix(&digits, i.radix()) {
                    Ok(n) => NodeValue::Number(n.to_string()),
                    Err(_) => NodeValue::Number(i.to_string()),
                }
            }
        }
        DeValue::Float(f) => NodeValue::Number(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => NodeValue::Bool(b),
        DeValue::Datetime(d) => NodeValue::Datetime(d.to_string()),
        DeValue::Array(a) => NodeValue::Array(a.into_iter().map(toml_node).collect()),
        DeValue::Table(t) => NodeValue::Table(toml_table(t)),
    };
    Node { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keeps_spans_and_number_text() {
        let text = "a = 0.1\n[b]\nc = [1, 0x10, \"x\"]\n[[d]]\ne = true\n";
        let root = parse_toml(text).unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.value.value, NodeValue::Number("0.1".into()));
        assert_eq!(&text[a.key_span.clone()], "a");
        assert_eq!(&text[a.value.span.clone()], "0.1");
        let c = root.get("b").unwrap().value.get("c").unwrap();
        let items = c.value.as_array().unwrap();
        assert_eq!(items[1].value, NodeValue::Number("16".into()));
        assert_eq!(&text[items[2].span.clone()], "\"x\"");
        let d = root.get("d").unwrap().value.as_array().unwrap();
        assert_eq!(d[0].get("e").unwrap().value.value, NodeValue::Bool(true));
    }

    #[test]
    fn toml_errors_have_offsets() {
        let e = parse_toml("a = 1\nb = = 2\n").unwrap_err();
        assert!(e.offset >= 6, "{e:?}");
        let e = parse_toml("a = 1\na = 2\n").unwrap_err();
        assert!(e.message.contains("duplicate"), "{e:?}");
    }
}
