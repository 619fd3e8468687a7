//! A loaded resource: its declaration and its typed rows, each with the
//! place of every cell and the provenance it was checked against. It is
//! also what formulas read, through [`dossier_formula::Table`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use dossier_formula::Value;
use dossier_lang::LanguageTag;
use serde::Serialize;

use super::declaration::{Format, License, ProvenanceRule, ResourceDecl, Schema};
use super::error::Place;
use super::types::{Field, FieldType, Localized, Qualifier};

/// Where in its source a row's facts are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Locator {
    /// A paragraph (1-based) of a text source and the exact words quoted.
    Text { paragraph: u32, quote: String },
    /// A row of a table source, found by its key, and the columns taken
    /// from it; `line` is the row's line in the source file.
    Table {
        key: Vec<(String, Value)>,
        columns: Vec<String>,
        line: usize,
    },
    /// A page or section of a reference source.
    Reference { locator: String },
    /// The row itself, in a resource that is a published data set.
    Line { line: usize },
}

/// The sources a row cites and where in them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProvenance {
    pub sources: Vec<String>,
    pub locator: Locator,
}

/// One typed row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// One value per field, in field order; localized fields hold
    /// [`Value::Missing`] here (their texts are in `texts`), since a
    /// formula has no language to pick one in.
    pub values: Vec<Value>,
    /// The texts of localized fields, by field index (`None` for other
    /// fields and for a localized field left empty).
    pub texts: Vec<Option<Localized>>,
    pub provenance: RowProvenance,
    /// (line, column) of each field's cell; (0, 0) when the row has none.
    #[serde(skip)]
    pub(crate) cells: Vec<(u32, u32)>,
    /// Whether a cell of the row had an error (such a row never reaches
    /// a loaded package; later checks skip it to avoid repeating the
    /// error, but it keeps its place in a series).
    #[serde(skip)]
    pub(crate) failed: bool,
}

/// A declared and loaded data set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resource {
    pub name: String,
    /// The data file as read (the package folder joined with the declared
    /// path).
    pub path: PathBuf,
    pub format: Format,
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub schema: Schema,
    pub provenance: ProvenanceRule,
    pub licenses: Vec<License>,
    /// SHA-256 of the data file, lower-case hex.
    pub sha256: String,
    pub rows: Vec<Row>,
    /// Where the resource is declared.
    pub place: Place,
    #[serde(skip)]
    names: Vec<String>,
    #[serde(skip)]
    index: HashMap<Vec<Value>, Vec<usize>>,
    #[serde(skip)]
    texts: TextIndex,
}

/// Each text field's rows by value, built on the first filter that
/// compares the field with a text and shared by every run that reads the
/// data set: a parameterised report filters the same rows by its own
/// value, once per figure, chart and view.
#[derive(Clone, Debug, Default)]
struct TextIndex {
    /// Per field: its rows by text, or `None` for a field that holds
    /// anything but texts and missing values.
    fields: Vec<OnceLock<Option<RowsByText>>>,
}

type RowsByText = HashMap<String, Vec<usize>>;

impl TextIndex {
    fn new(fields: usize) -> TextIndex {
        TextIndex {
            fields: (0..fields).map(|_| OnceLock::new()).collect(),
        }
    }
}

/// A cache of what the rows hold: equal whatever it has built so far.
impl PartialEq for TextIndex {
    fn eq(&self, _: &TextIndex) -> bool {
        true
    }
}

impl Resource {
    pub(crate) fn new(
        decl: ResourceDecl,
        path: PathBuf,
        sha256: String,
        rows: Vec<Row>,
    ) -> Resource {
        let names: Vec<String> = decl.schema.fields.iter().map(|f| f.name.clone()).collect();
        let mut index: HashMap<Vec<Value>, Vec<usize>> = HashMap::new();
        if !decl.schema.primary_key.is_empty() {
            for (i, r) in rows.iter().enumerate() {
                let key = decl
                    .schema
                    .primary_key
                    .iter()
                    .map(|&f| r.values[f].clone())
                    .collect();
                index.entry(key).or_default().push(i);
            }
        }
        Resource {
            name: decl.name,
            path,
            format: decl.format,
            title: decl.title,
            description: decl.description,
            schema: decl.schema,
            provenance: decl.provenance,
            licenses: decl.licenses,
            sha256,
            rows,
            place: decl.place,
            texts: TextIndex::new(names.len()),
            names,
            index,
        }
    }

    /// The field called `name`, with its index.
    pub fn field(&self, name: &str) -> Option<(usize, &Field)> {
        self.schema
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == name)
    }

    /// The value of field `name` in `row`.
    pub fn value<'a>(&self, row: &'a Row, name: &str) -> Option<&'a Value> {
        let (i, _) = self.field(name)?;
        row.values.get(i)
    }

    /// The text of localized field `name` in `row` for `lang` (with the
    /// fallback `es-CL` → `es`); for a string or category field, its value.
    pub fn text<'a>(&self, row: &'a Row, name: &str, lang: &LanguageTag) -> Option<&'a str> {
        let (i, f) = self.field(name)?;
        match f.field_type {
            FieldType::Localized => row.texts.get(i)?.as_ref()?.get(lang),
            _ => row.values.get(i)?.as_text(),
        }
    }

    /// The label of a category value for `lang`.
    pub fn label(&self, name: &str, value: &str, lang: &LanguageTag) -> Option<&str> {
        self.field(name)?
            .1
            .category(value)?
            .label
            .as_ref()?
            .get(lang)
    }

    /// The qualifier of date field `name` in `row`: [`Qualifier::Exact`]
    /// when the field declares no qualifier column or the row leaves it
    /// empty.
    pub fn qualifier(&self, row: &Row, name: &str) -> Option<Qualifier> {
        let (_, f) = self.field(name)?;
        if f.field_type != FieldType::Date {
            return None;
        }
        let Some(q) = &f.qualifier else {
            return Some(Qualifier::Exact);
        };
        match self.value(row, q)? {
            Value::Text(t) => Qualifier::parse(t),
            _ => Some(Qualifier::Exact),
        }
    }

    /// The rows whose primary key equals `key` (values in key order).
    pub fn find(&self, key: &[Value]) -> Vec<&Row> {
        self.index
            .get(key)
            .map(|ix| ix.iter().map(|&i| &self.rows[i]).collect())
            .unwrap_or_default()
    }

    /// Where the cell of field `field` (an index) of `row` is written, or
    /// the row's line when the row has no such cell.
    pub fn place(&self, row: &Row, field: usize) -> Place {
        match row.cells.get(field) {
            Some(&(line, column)) if line > 0 => {
                Place::new(&self.path, line as usize, column as usize)
            }
            _ => Place::new(&self.path, row.line, 0),
        }
    }
}

impl dossier_formula::Table for Resource {
    fn fields(&self) -> &[String] {
        &self.names
    }

    fn key(&self) -> &[usize] {
        &self.schema.primary_key
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn value(&self, row: usize, field: usize) -> Option<&Value> {
        self.rows.get(row)?.values.get(field)
    }

    fn rows_with_text(&self, field: usize, text: &str) -> Option<&[usize]> {
        let index = self.texts.fields.get(field)?.get_or_init(|| {
            let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, row) in self.rows.iter().enumerate() {
                match row.values.get(field) {
                    Some(Value::Text(t)) => by_text.entry(t.clone()).or_default().push(i),
                    Some(Value::Missing) | None => {}
                    // A number or a date compares otherwise than a text.
                    Some(_) => return None,
                }
            }
            Some(by_text)
        });
        Some(index.as_ref()?.get(text).map_or(&[], Vec::as_slice))
    }

    /// Looks the key up in the primary-key index. A formula gives texts
    /// for dates (`'1973-09'`), which the index holds as dates, so a key
    /// with such a text falls back to the scan.
    fn find(&self, key: &[Value]) -> Vec<usize> {
        if key.len() != self.schema.primary_key.len() {
            return Vec::new();
        }
        let has_dates = self.schema.primary_key.iter().any(|&f| {
            matches!(
                self.schema.fields[f].field_type,
                FieldType::Date | FieldType::YearMonth
            )
        });
        if !has_dates {
            if let Some(ix) = self.index.get(key) {
                return ix.clone();
            }
            return Vec::new();
        }
        (0..self.rows.len())
            .filter(|&r| {
                self.schema
                    .primary_key
                    .iter()
                    .zip(key)
                    .all(|(&f, k)| self.rows[r].values[f].matches(k))
            })
            .collect()
    }
}
