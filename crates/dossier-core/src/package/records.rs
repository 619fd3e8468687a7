//! The rows of a data file as written, before typing: CSV with a header
//! row, a JSON array of objects, or a TOML array of tables. Each cell keeps
//! its place, so that every later error points at it.
//!
//! The row limit ([`Limits::max_table_rows`]) and the cell limit (a cell
//! holds at most [`Limits::max_paragraph_chars`] characters, since it ends
//! up laid out like a paragraph) are checked here, and name the data file.

use std::path::Path;

use super::delimited::Records;
use super::error::{Errors, PackageError, Place};
use super::json::parse_json;
use super::position::TextFile;
use super::tree::{parse_toml, Node, NodeValue, SyntaxError};
use crate::access::Limits;

/// A cell as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// A CSV field.
    Text(String),
    /// A JSON or TOML value.
    Node(Node),
}

impl Raw {
    /// The cell's text when it is a string (CSV, or a JSON/TOML string).
    pub fn text(&self) -> Option<&str> {
        match self {
            Raw::Text(t) => Some(t),
            Raw::Node(n) => n.as_str(),
        }
    }

    /// The cell for messages: its text, or the number, boolean or kind of
    /// value it holds.
    pub fn shown(&self) -> String {
        match self {
            Raw::Text(t) => t.clone(),
            Raw::Node(n) => match &n.value {
                NodeValue::String(s) | NodeValue::Number(s) | NodeValue::Datetime(s) => s.clone(),
                NodeValue::Bool(b) => b.to_string(),
                other => other.describe().to_string(),
            },
        }
    }
}

/// One cell with its 1-based line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct RawCell {
    pub raw: Raw,
    pub line: u32,
    pub column: u32,
}

/// One row: a cell per column of the table (`None` where a JSON or TOML
/// row lacks the key), and where the row starts.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub column: usize,
    pub cells: Vec<Option<RawCell>>,
}

/// A data file as written.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTable {
    /// Column names: the CSV header, or every key of a JSON/TOML row in
    /// order of first appearance.
    pub columns: Vec<String>,
    /// Where each column is first named.
    pub column_places: Vec<(usize, usize)>,
    pub rows: Vec<RawRow>,
    /// Whether columns come from a header (CSV) rather than row keys.
    pub header: bool,
}

fn place(path: &Path, (line, column): (usize, usize)) -> Place {
    Place::new(path, line, column)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn row_limit(path: &Path, at: (usize, usize), rows: usize, limit: usize) -> PackageError {
    PackageError::Limit {
        at: place(path, at),
        what: "the number of rows".into(),
        value: rows as u64,
        limit: limit as u64,
        flag: "max-table-rows".into(),
    }
}

fn cell_limit(path: &Path, at: (usize, usize), chars: usize, limit: usize) -> PackageError {
    PackageError::Limit {
        at: place(path, at),
        what: "the length of this cell in characters".into(),
        value: chars as u64,
        limit: limit as u64,
        flag: "max-paragraph-chars".into(),
    }
}

/// Reads a delimited file with a header row.
pub fn read_csv(
    path: &Path,
    file: &TextFile,
    delimiter: u8,
    quote: u8,
    limits: &Limits,
    errors: &mut Errors,
) -> Option<RawTable> {
    let text = &file.text;
    let at = |offset: usize| file.lines.line_col(text, offset);
    let mut records = Records::new(text, delimiter, quote);
    let header = loop {
        match records.next() {
            None => {
                errors.push(PackageError::Syntax {
                    at: Place::new(path, 1, 1),
                    message: "empty file; expected a header row naming the columns, then one row per record".into(),
                });
                return None;
            }
            Some(Err(e)) => {
                errors.push(PackageError::Syntax {
                    at: file.place(path, e.offset),
                    message: e.message,
                });
                if e.fatal {
                    return None;
                }
            }
            Some(Ok(r)) => break r,
        }
    };
    let mut columns = Vec::new();
    let mut column_places = Vec::new();
    for f in &header.fields {
        columns.push(f.text.clone());
        column_places.push(at(f.offset));
    }
    let mut rows = Vec::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(PackageError::Syntax {
                    at: file.place(path, e.offset),
                    message: e.message,
                });
                continue;
            }
        };
        let start = at(rec.offset);
        if rows.len() >= limits.max_table_rows {
            errors.push(row_limit(
                path,
                start,
                rows.len() + 1,
                limits.max_table_rows,
            ));
            return None;
        }
        if rec.fields.len() != columns.len() {
            errors.push(PackageError::RaggedRow {
                at: place(path, start),
                expected: columns.len(),
                found: rec.fields.len(),
            });
            continue;
        }
        let mut cells = Vec::with_capacity(rec.fields.len());
        let mut ok = true;
        for f in rec.fields {
            let (line, column) = at(f.offset);
            let chars = f.text.chars().count();
            if chars > limits.max_paragraph_chars {
                errors.push(cell_limit(
                    path,
                    (line, column),
                    chars,
                    limits.max_paragraph_chars,
                ));
                ok = false;
            }
            cells.push(Some(RawCell {
                raw: Raw::Text(f.text),
                line: to_u32(line),
                column: to_u32(column),
            }));
        }
        if ok {
            rows.push(RawRow {
                line: start.0,
                column: start.1,
                cells,
            });
        }
    }
    Some(RawTable {
        columns,
        column_places,
        rows,
        header: true,
    })
}

/// Rows from an array of objects (JSON) or tables (TOML).
fn rows_of(
    path: &Path,
    file: &TextFile,
    items: &[Node],
    limits: &Limits,
    errors: &mut Errors,
) -> Option<RawTable> {
    let at = |offset: usize| file.lines.line_col(&file.text, offset);
    if items.len() > limits.max_table_rows {
        let start = items.get(limits.max_table_rows).map_or(0, |n| n.span.start);
        errors.push(row_limit(
            path,
            at(start),
            items.len(),
            limits.max_table_rows,
        ));
        return None;
    }
    let mut columns: Vec<String> = Vec::new();
    let mut column_places = Vec::new();
    let mut rows = Vec::new();
    for item in items {
        let start = at(item.span.start);
        let Some(entries) = item.as_table() else {
            errors.push(PackageError::Syntax {
                at: place(path, start),
                message: format!(
                    "expected a row (an object of column = value), found {}",
                    item.value.describe()
                ),
            });
            continue;
        };
        let mut cells: Vec<Option<RawCell>> = vec![None; columns.len()];
        let mut ok = true;
        for e in entries {
            let i = match columns.iter().position(|c| *c == e.key) {
                Some(i) => i,
                None => {
                    columns.push(e.key.clone());
                    column_places.push(at(e.key_span.start));
                    cells.push(None);
                    columns.len() - 1
                }
            };
            let (line, column) = at(e.value.span.start);
            if let NodeValue::String(s) = &e.value.value {
                let chars = s.chars().count();
                if chars > limits.max_paragraph_chars {
                    errors.push(cell_limit(
                        path,
                        (line, column),
                        chars,
                        limits.max_paragraph_chars,
                    ));
                    ok = false;
                }
            }
            cells[i] = Some(RawCell {
                raw: Raw::Node(e.value.clone()),
                line: to_u32(line),
                column: to_u32(column),
            });
        }
        if ok {
            rows.push(RawRow {
                line: start.0,
                column: start.1,
                cells,
            });
        }
    }
    for r in &mut rows {
        r.cells.resize(columns.len(), None);
    }
    Some(RawTable {
        columns,
        column_places,
        rows,
        header: false,
    })
}

fn syntax(path: &Path, file: &TextFile, e: SyntaxError) -> PackageError {
    PackageError::Syntax {
        at: file.place(path, e.offset),
        message: e.message,
    }
}

/// Reads a JSON array of objects.
pub fn read_json(
    path: &Path,
    file: &TextFile,
    limits: &Limits,
    errors: &mut Errors,
) -> Option<RawTable> {
    let root = match parse_json(&file.text) {
        Ok(r) => r,
        Err(e) => {
            errors.push(syntax(path, file, e));
            return None;
        }
    };
    match root.as_array() {
        Some(items) => rows_of(path, file, items, limits, errors),
        None => {
            errors.push(PackageError::Syntax {
                at: file.place(path, root.span.start),
                message: format!(
                    "expected an array of objects, one per row, found {}",
                    root.value.describe()
                ),
            });
            None
        }
    }
}

/// Reads a TOML array of tables: under `key`, or the document's only
/// top-level array.
pub fn read_toml(
    path: &Path,
    file: &TextFile,
    key: Option<&str>,
    limits: &Limits,
    errors: &mut Errors,
) -> Option<RawTable> {
    let root = match parse_toml(&file.text) {
        Ok(r) => r,
        Err(e) => {
            errors.push(syntax(path, file, e));
            return None;
        }
    };
    let entries = root.as_table().unwrap_or_default();
    let chosen = match key {
        Some(k) => entries.iter().find(|e| e.key == k),
        None if entries.len() == 1 => entries.first(),
        None => None,
    };
    if let Some(c) = chosen {
        for e in entries.iter().filter(|e| e.key != c.key) {
            errors.push(PackageError::UnknownKey {
                at: file.place(path, e.key_span.start),
                key: e.key.clone(),
                suggestion: super::error::closest(&e.key, [c.key.as_str()]),
                expected: vec![c.key.clone()],
            });
        }
    }
    let Some(chosen) = chosen else {
        errors.push(PackageError::Syntax {
            at: Place::new(path, 1, 1),
            message: match key {
                Some(k) => format!("expected an array of tables `[[{k}]]`, one per row (the resource's `rows`)"),
                None => "expected one array of tables (`[[row]]`), one per row; with several, name it with the resource's `rows`".into(),
            },
        });
        return None;
    };
    match chosen.value.as_array() {
        Some(items) => rows_of(path, file, items, limits, errors),
        None => {
            errors.push(PackageError::Syntax {
                at: file.place(path, chosen.value.span.start),
                message: format!(
                    "expected an array of tables, found {}",
                    chosen.value.value.describe()
                ),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> TextFile {
        TextFile::decode(Path::new("t"), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn csv_rows_and_places() {
        let mut errors = Errors::default();
        let f = file("a,b\r1,2\r3\r4,\"x\"\r");
        let t = read_csv(
            Path::new("t.csv"),
            &f,
            b',',
            b'"',
            &Limits::default(),
            &mut errors,
        )
        .unwrap();
        assert_eq!(t.columns, ["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
        let c = t.rows[1].cells[1].as_ref().unwrap();
        assert_eq!((c.line, c.column), (4, 3));
        let e = errors.into_vec();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind(), "ragged_row");
        assert_eq!(e[0].line(), 3);
    }

    #[test]
    fn limits_name_the_data_file() {
        let limits = Limits {
            max_table_rows: 2,
            max_paragraph_chars: 5,
            ..Limits::default()
        };
        let mut errors = Errors::default();
        let f = file("a\n1\n123456\n");
        read_csv(Path::new("t.csv"), &f, b',', b'"', &limits, &mut errors);
        let e = errors.into_vec();
        assert_eq!(e[0].path(), Path::new("t.csv"));
        assert_eq!((e[0].line(), e[0].column()), (3, 1));
        assert!(
            e[0].to_string().contains("--max-paragraph-chars"),
            "{}",
            e[0]
        );
        let mut errors = Errors::default();
        read_csv(
            Path::new("t.csv"),
            &file("a\n1\n2\n3\n"),
            b',',
            b'"',
            &limits,
            &mut errors,
        );
        let e = errors.into_vec();
        assert_eq!(e[0].line(), 4);
        assert!(e[0].to_string().contains("--max-table-rows"), "{}", e[0]);
    }

    #[test]
    fn json_and_toml_rows() {
        let mut errors = Errors::default();
        let f = file("[{\"a\": 1},\n {\"b\": \"x\", \"a\": 2}]");
        let t = read_json(Path::new("t.json"), &f, &Limits::default(), &mut errors).unwrap();
        assert_eq!(t.columns, ["a", "b"]);
        assert!(t.rows[0].cells[1].is_none());
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().line, 2);
        let f = file("[[claim]]\nid = \"a\"\n[[claim]]\nid = \"b\"\n");
        let t = read_toml(
            Path::new("t.toml"),
            &f,
            None,
            &Limits::default(),
            &mut errors,
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[0].as_ref().unwrap().line, 4);
        assert!(errors.is_empty());
    }
}
