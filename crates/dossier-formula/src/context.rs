//! What a formula reads: data sets, other figures and parameters, through
//! the [`Context`] trait, so that the language knows nothing of files.

use std::collections::HashMap;

use crate::value::Value;

/// One data set as a formula sees it: named fields, rows of values, and a
/// primary key.
///
/// Object safe; [`MemoryTable`] is a ready implementation.
pub trait Table {
    /// The field names, in column order.
    fn fields(&self) -> &[String];

    /// Indices into [`Table::fields`] of the primary key, in key order
    /// (empty when the data set declares none).
    fn key(&self) -> &[usize];

    /// Number of rows.
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of `field` (an index into [`Table::fields`]) in `row`.
    fn value(&self, row: usize, field: usize) -> Option<&Value>;

    /// The index of a field by name.
    fn field_index(&self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f == name)
    }

    /// The rows, in order, whose `field` (an index into [`Table::fields`])
    /// holds exactly the text `text`, when the table keeps an index of the
    /// field; `None` when it does not, and the caller compares row by row.
    /// Only a field holding nothing but texts and missing values may be
    /// indexed, where `field = 'text'` row by row can give no other answer.
    fn rows_with_text(&self, field: usize, text: &str) -> Option<&[usize]> {
        let _ = (field, text);
        None
    }

    /// The rows whose primary key [`matches`](Value::matches) `key` (values
    /// in key order): one, or none; several only when the data set's key is
    /// not unique. The default scans every row; an implementation with an
    /// index may answer faster, with the same result.
    fn find(&self, key: &[Value]) -> Vec<usize> {
        let fields = self.key();
        if fields.len() != key.len() {
            return Vec::new();
        }
        (0..self.len())
            .filter(|&row| {
                fields
                    .iter()
                    .zip(key)
                    .all(|(&f, k)| self.value(row, f).is_some_and(|v| v.matches(k)))
            })
            .collect()
    }
}

/// Why a figure that a formula names has no value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    /// Evaluating the figure would need its own value: the chain of figure
    /// names from the first back to itself (`a`, `b`, `a`).
    #[error("circular definition: {}", chain.join(" -> "))]
    Circular { chain: Vec<String> },
    /// The figure's own formula failed; its error is reported on it.
    #[error("{message}")]
    Failed { message: String },
}

/// Everything outside the formula that it may name.
///
/// The caller implements it over its loaded data. Figures are evaluated
/// by the caller ([`Context::figure`]), which lets it cache values and
/// detect cycles.
pub trait Context {
    /// A data set by name.
    fn table(&self, name: &str) -> Option<&dyn Table>;

    /// Whether a figure of this name exists, without evaluating it.
    fn is_figure(&self, name: &str) -> bool;

    /// The value of a figure, `None` when there is no figure of that name.
    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>>;

    /// The value of a parameter (`param.NAME` in a formula).
    fn parameter(&self, name: &str) -> Option<Value>;

    /// Names of data sets and figures (one namespace), for suggesting the
    /// closest one when a name is unknown. Called only on that error path.
    fn names(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Names of parameters, for suggestions.
    fn parameter_names(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Told of the rows of data set `name` whose values a formula takes
    /// (`.field` of a row or of a set of rows, a set of rows counted), so
    /// that a caller can record what a result depends on. Rows a filter
    /// or a lookup only looks at to choose are not told: the choice is
    /// made again whenever the formula is. The default does nothing.
    fn rows_used(&self, name: &str, rows: &[usize]) {
        let _ = (name, rows);
    }
}

/// Why a [`MemoryTable`] cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("key field `{0}` is not a field")]
    UnknownKeyField(String),
    #[error("field `{0}` is named twice")]
    DuplicateField(String),
    #[error("row {row} has {found} values, expected {expected}")]
    RowLength {
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error("rows {first} and {second} have the same key")]
    DuplicateKey { first: usize, second: usize },
}

/// A data set held as rows of values, with an index on its primary key
/// and one on each field of texts.
#[derive(Clone, Debug, Default)]
pub struct MemoryTable {
    fields: Vec<String>,
    key: Vec<usize>,
    rows: Vec<Vec<Value>>,
    index: HashMap<Vec<Value>, usize>,
    texts: Vec<Option<HashMap<String, Vec<usize>>>>,
}

impl MemoryTable {
    /// Checks that the key names fields, every row has one value per
    /// field, and no two rows share a key.
    pub fn new(
        fields: Vec<String>,
        key: &[&str],
        rows: Vec<Vec<Value>>,
    ) -> Result<MemoryTable, TableError> {
        for (i, f) in fields.iter().enumerate() {
            if fields[..i].contains(f) {
                return Err(TableError::DuplicateField(f.clone()));
            }
        }
        let key = key
            .iter()
            .map(|k| {
                fields
                    .iter()
                    .position(|f| f == k)
                    .ok_or_else(|| TableError::UnknownKeyField(k.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut index = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            if row.len() != fields.len() {
                return Err(TableError::RowLength {
                    row: i,
                    found: row.len(),
                    expected: fields.len(),
                });
            }
            if !key.is_empty() {
                let k: Vec<Value> = key.iter().map(|&f| row[f].clone()).collect();
                if let Some(first) = index.insert(k, i) {
                    return Err(TableError::DuplicateKey { first, second: i });
                }
            }
        }
        let texts = (0..fields.len())
            .map(|f| {
                let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, row) in rows.iter().enumerate() {
                    match &row[f] {
                        Value::Text(t) => by_text.entry(t.clone()).or_default().push(i),
                        Value::Missing => {}
                        _ => return None,
                    }
                }
                Some(by_text)
            })
            .collect();
        Ok(MemoryTable {
            fields,
            key,
            rows,
            index,
            texts,
        })
    }

    pub fn rows(&self) -> &[Vec<Value>] {
        &self.rows
    }
}

impl Table for MemoryTable {
    fn fields(&self) -> &[String] {
        &self.fields
    }

    fn key(&self) -> &[usize] {
        &self.key
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn value(&self, row: usize, field: usize) -> Option<&Value> {
        self.rows.get(row)?.get(field)
    }

    fn rows_with_text(&self, field: usize, text: &str) -> Option<&[usize]> {
        let index = self.texts.get(field)?.as_ref()?;
        Some(index.get(text).map_or(&[], Vec::as_slice))
    }

    fn find(&self, key: &[Value]) -> Vec<usize> {
        if key.len() != self.key.len() {
            return Vec::new();
        }
        if let Some(&row) = self.index.get(key) {
            return vec![row];
        }
        // A text given for a date key matches by parsing; only then scan.
        if key.iter().any(|k| matches!(k, Value::Text(_))) {
            return (0..self.rows.len())
                .filter(|&row| {
                    self.key
                        .iter()
                        .zip(key)
                        .all(|(&f, k)| self.rows[row][f].matches(k))
                })
                .collect();
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn table() -> MemoryTable {
        MemoryTable::new(
            vec!["kind".into(), "when".into(), "amount".into()],
            &["kind", "when"],
            vec![
                vec!["a".into(), Date::parse("2001").unwrap().into(), 10.into()],
                vec!["b".into(), Date::parse("2001").unwrap().into(), 20.into()],
            ],
        )
        .unwrap()
    }

    #[test]
    fn finds_rows_by_key() {
        let t = table();
        assert_eq!(
            t.find(&["b".into(), Date::parse("2001").unwrap().into()]),
            vec![1]
        );
        assert_eq!(t.find(&["b".into(), "2001".into()]), vec![1]);
        assert!(t.find(&["c".into(), "2001".into()]).is_empty());
        assert!(t.find(&["b".into()]).is_empty());
        assert_eq!(t.field_index("amount"), Some(2));
    }

    #[test]
    fn refuses_bad_tables() {
        let fields = || vec!["k".to_string(), "v".to_string()];
        assert_eq!(
            MemoryTable::new(fields(), &["x"], vec![]).unwrap_err(),
            TableError::UnknownKeyField("x".into())
        );
        assert_eq!(
            MemoryTable::new(fields(), &["k"], vec![vec![1.into()]]).unwrap_err(),
            TableError::RowLength {
                row: 0,
                found: 1,
                expected: 2
            }
        );
        assert_eq!(
            MemoryTable::new(
                fields(),
                &["k"],
                vec![vec![1.into(), 2.into()], vec![1.into(), 3.into()]]
            )
            .unwrap_err(),
            TableError::DuplicateKey {
                first: 0,
                second: 1
            }
        );
        assert_eq!(
            MemoryTable::new(vec!["k".into(), "k".into()], &[], vec![]).unwrap_err(),
            TableError::DuplicateField("k".into())
        );
    }
}
