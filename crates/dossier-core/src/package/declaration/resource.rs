//! One declared resource: its file and format, schema (fields, keys,
//! missing values) and the rule that gives each row its provenance.

use std::path::PathBuf;

use serde::Serialize;

use super::field::{field, missing_values};
use super::read::{string, strings, wrong_type, At, Doc, Table};
use super::source::{licenses, source, License, Source};
use crate::package::error::{closest, Errors, PackageError, Place};
use crate::package::tree::{Node, NodeValue};
use crate::package::types::{Field, FieldType, Localized};

/// How a resource's file is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Format {
    /// Delimited text with a header row.
    Csv { delimiter: u8, quote: u8 },
    /// A JSON array of objects, one per row.
    Json,
    /// A TOML array of tables, one per row, under the key `rows` (or the
    /// file's only top-level array of tables).
    Toml { rows: Option<String> },
}

/// A Frictionless foreign key: these fields' values must be a key of rows
/// in another resource (or this one, when `resource` is empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    pub fields: Vec<usize>,
    pub resource: String,
    pub reference: Vec<At<String>>,
    pub place: Place,
}

/// Fields and keys of a resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Schema {
    pub fields: Vec<Field>,
    /// Indices into `fields`, in key order.
    pub primary_key: Vec<usize>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Further sets of fields whose values must be unique together.
    pub unique_keys: Vec<Vec<usize>>,
    /// Fields whose declaration had errors (only while parsing).
    #[serde(skip)]
    pub(crate) broken: Vec<usize>,
}

impl Schema {
    /// Whether field `i` was declared without errors; checks of other
    /// keys that depend on its type skip a field that was not.
    pub fn is_sound(&self, i: usize) -> bool {
        !self.broken.contains(&i)
    }

    /// The index of the field called `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// How the rows sharing one quote are matched against its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// Each value equals some whole number token of its quote.
    Token,
    /// The rows sharing one source, paragraph and quote list its tokens in
    /// order: value k (in file order, and in the order of `values` within
    /// a row) equals token k.
    Position,
}

/// Where each row's source comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum SourceRule {
    /// A column names the source of each row.
    Column(usize),
    /// Every row cites this source.
    Named(At<String>),
    /// A Frictionless resource with its own `sources`: the file is the
    /// published data set, each row located by its line.
    Published(Vec<String>),
}

/// The `[resources.provenance]` table: how each row names its source and
/// where in it the row's facts are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvenanceRule {
    pub source: SourceRule,
    /// Text sources: the paragraph-number and quote columns.
    pub paragraph: Option<usize>,
    pub quote: Option<usize>,
    /// Numeric columns whose values must be number tokens of the quote.
    pub values: Vec<usize>,
    pub matching: Matching,
    /// Table sources: our key column → the source's column.
    pub key: Vec<(usize, At<String>)>,
    /// Table sources: our value column → the source's column.
    pub columns: Vec<(usize, At<String>)>,
    /// Reference sources: the column holding the page or section.
    pub locator: Option<usize>,
    pub place: Place,
}

/// A declared resource (a data set), before its rows are read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceDecl {
    pub name: String,
    /// The file, relative to the package folder.
    pub path: PathBuf,
    pub format: Format,
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub schema: Schema,
    pub provenance: ProvenanceRule,
    pub licenses: Vec<License>,
    /// Frictionless `hash` (`sha256:…`; other algorithms are not checked).
    pub hash: Option<At<String>>,
    /// Frictionless `bytes`: the file's size, checked.
    pub bytes: Option<At<u64>>,
    pub place: Place,
}

const RESOURCE_KEYS: &[&str] = &[
    "name",
    "path",
    "data",
    "type",
    "title",
    "description",
    "format",
    "mediatype",
    "encoding",
    "bytes",
    "hash",
    "sources",
    "licenses",
    "schema",
    "dialect",
    "scheme",
    "profile",
    "homepage",
    "provenance",
    "rows",
];

const SCHEMA_KEYS: &[&str] = &[
    "fields",
    "primaryKey",
    "foreignKeys",
    "missingValues",
    "uniqueKeys",
    "fieldsMatch",
    "$schema",
];

const DIALECT_KEYS: &[&str] = &[
    "delimiter",
    "quoteChar",
    "header",
    "doubleQuote",
    "lineTerminator",
    "skipInitialSpace",
    "caseSensitiveHeader",
    "csvddfVersion",
    "csv",
    "json",
    "keyed",
    "$schema",
];

const PROVENANCE_KEYS: &[&str] = &[
    "source",
    "source_name",
    "paragraph",
    "quote",
    "values",
    "match",
    "key",
    "columns",
    "locator",
];

/// Reads one resource. Sources it declares itself (Frictionless
/// resource `sources`) are pushed to `sources`, named `RESOURCE/N`.
pub fn resource(
    mut t: Table<'_>,
    sources: &mut Vec<Source>,
    errors: &mut Errors,
) -> Option<ResourceDecl> {
    let doc = t.doc();
    let name = t.required_string("name", errors);
    let name_text = name.as_ref().map_or_else(String::new, |n| n.value.clone());
    t.what = format!("resource `{name_text}`");
    if let Some(d) = t.get("data") {
        errors.push(PackageError::Unsupported {
            at: doc.at(&d.key_span),
            what: "inline `data`".into(),
            message: "expected the rows in a file named by `path`".into(),
        });
    }
    let path = match t.require("path", errors) {
        None => None,
        Some(e) => match &e.value.value {
            NodeValue::String(p) if p.contains("://") => {
                errors.push(PackageError::Unsupported {
                    at: doc.at(&e.value.span),
                    what: "a remote path".into(),
                    message: "a build never reaches the network; expected a file inside the package folder".into(),
                });
                None
            }
            NodeValue::String(p) => Some(At {
                value: PathBuf::from(p),
                at: doc.at(&e.value.span),
            }),
            NodeValue::Array(_) => {
                errors.push(PackageError::Unsupported {
                    at: doc.at(&e.value.span),
                    what: "a path in several parts".into(),
                    message: "expected one file per resource".into(),
                });
                None
            }
            other => {
                errors.push(wrong_type(doc, &e.value, "path", "a string", other));
                None
            }
        },
    };
    if let Some(ty) = t.string("type", errors) {
        if ty.value != "table" {
            errors.push(PackageError::Unsupported {
                at: ty.at,
                what: format!("resource type `{}`", ty.value),
                message: "dossier reads tables only; expected `type = \"table\"` and a schema"
                    .into(),
            });
        }
    }
    if let Some(s) = t.string("scheme", errors) {
        if s.value != "file" {
            errors.push(PackageError::Unsupported {
                at: s.at,
                what: format!("scheme `{}`", s.value),
                message: "expected a local file (`scheme = \"file\"`)".into(),
            });
        }
    }
    if let Some(enc) = t.string("encoding", errors) {
        let e = enc.value.to_ascii_lowercase();
        if e != "utf-8" && e != "utf8" {
            errors.push(PackageError::Unsupported {
                at: enc.at,
                what: format!("encoding `{}`", enc.value),
                message: "expected UTF-8 (`encoding = \"utf-8\"`)".into(),
            });
        }
    }
    let format_name = t.string("format", errors);
    let rows_key = t.string("rows", errors).map(|r| r.value);
    let dialect = t
        .get("dialect")
        .and_then(|d| dialect(doc, &d.value, errors));
    let format = path.as_ref().and_then(|p| {
        let ext = p
            .value
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let (name, at) = match &format_name {
            Some(f) => (f.value.trim_start_matches('.').to_ascii_lowercase(), f.at.clone()),
            None => (ext, p.at.clone()),
        };
        let (delimiter, quote) = dialect.unwrap_or((None, b'"'));
        match name.as_str() {
            "csv" => Some(Format::Csv {
                delimiter: delimiter.unwrap_or(b','),
                quote,
            }),
            "tsv" => Some(Format::Csv {
                delimiter: delimiter.unwrap_or(b'\t'),
                quote,
            }),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml {
                rows: rows_key.clone(),
            }),
            other => {
                errors.push(PackageError::Unsupported {
                    at,
                    what: format!("format `{other}`"),
                    message: "expected a table in csv, tsv, json (an array of objects) or toml (an array of tables)".into(),
                });
                None
            }
        }
    });
    let title = t.localized("title", errors).map(|v| v.value);
    let description = t.localized("description", errors).map(|v| v.value);
    let lic = t
        .array("licenses", errors)
        .map(|items| licenses(doc, items, errors))
        .unwrap_or_default();
    let hash = t.string("hash", errors);
    let bytes = t.count("bytes", errors);

    let mut published = Vec::new();
    if let Some(items) = t.array("sources", errors) {
        for (i, item) in items.iter().enumerate() {
            let Some(st) = Table::of(
                doc,
                item,
                "sources",
                format!("a source of resource `{name_text}`"),
                errors,
            ) else {
                continue;
            };
            if let Some(s) = source(st, Some(format!("{name_text}/{}", i + 1)), errors) {
                published.push(s.name.clone());
                sources.push(s);
            }
        }
    }

    let schema = match t.require("schema", errors) {
        None => None,
        Some(e) if e.value.as_str().is_some() => {
            errors.push(PackageError::Unsupported {
                at: doc.at(&e.value.span),
                what: "a schema in its own file".into(),
                message: "expected the schema inline, as `[resources.schema]`".into(),
            });
            None
        }
        Some(e) => schema(doc, &e.value, &name_text, format.as_ref(), errors),
    };
    let provenance = match (&schema, t.get("provenance")) {
        (Some(s), Some(e)) => provenance(doc, &e.value, s, errors),
        (Some(_), None) if !published.is_empty() => Some(ProvenanceRule {
            source: SourceRule::Published(published),
            paragraph: None,
            quote: None,
            values: Vec::new(),
            matching: Matching::Token,
            key: Vec::new(),
            columns: Vec::new(),
            locator: None,
            place: t.at.clone(),
        }),
        (Some(_), None) => {
            errors.push(PackageError::MissingKey {
                at: t.at.clone(),
                key: "provenance".into(),
                within: format!(
                    "resource `{name_text}` (every row needs a source: `[resources.provenance]` with `source` or `source_name`)"
                ),
            });
            None
        }
        (None, _) => None,
    };
    let place = t.at.clone();
    t.finish(RESOURCE_KEYS, errors);
    if let Some(n) = &name {
        if n.value.is_empty() {
            errors.push(PackageError::BadDeclaration {
                at: n.at.clone(),
                key: "name".into(),
                expected: "a resource name".into(),
                found: String::new(),
            });
        }
    }
    Some(ResourceDecl {
        name: name?.value,
        path: path?.value,
        format: format?,
        title,
        description,
        schema: schema?,
        provenance: provenance?,
        licenses: lic,
        hash,
        bytes,
        place,
    })
}

/// The delimiter (when given) and quote character of a CSV dialect.
fn dialect(doc: &Doc<'_>, node: &Node, errors: &mut Errors) -> Option<(Option<u8>, u8)> {
    let mut t = Table::of(doc, node, "dialect", "the dialect", errors)?;
    let mut delimiter = None;
    let mut quote = b'"';
    let mut read = |t: &mut Table<'_>, errors: &mut Errors| {
        for key in ["delimiter", "quoteChar"] {
            let Some(c) = t.string(key, errors) else {
                continue;
            };
            match c.value.as_bytes() {
                [b] if b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b'\n' && *b != b'\r' => {
                    if key == "delimiter" {
                        delimiter = Some(*b);
                    } else {
                        quote = *b;
                    }
                }
                _ => errors.push(PackageError::Unsupported {
                    at: c.at,
                    what: format!("{key} `{}`", c.value),
                    message: "expected one ASCII punctuation or space character".into(),
                }),
            }
        }
        for (key, want) in [
            ("header", true),
            ("doubleQuote", true),
            ("skipInitialSpace", false),
            ("keyed", true),
        ] {
            if let Some(b) = t.bool(key, errors) {
                if b.value != want {
                    errors.push(PackageError::Unsupported {
                        at: b.at,
                        what: format!("{key} = {}", b.value),
                        message: format!("dossier reads files with `{key} = {want}` only"),
                    });
                }
            }
        }
    };
    read(&mut t, errors);
    for nested in ["csv", "json"] {
        if let Some(e) = t.get(nested) {
            if let Some(mut inner) = Table::of(doc, &e.value, nested, "the dialect", errors) {
                read(&mut inner, errors);
                inner.finish(DIALECT_KEYS, errors);
            }
        }
    }
    t.finish(DIALECT_KEYS, errors);
    Some((delimiter, quote))
}

fn schema(
    doc: &Doc<'_>,
    node: &Node,
    resource: &str,
    format: Option<&Format>,
    errors: &mut Errors,
) -> Option<Schema> {
    let mut t = Table::of(
        doc,
        node,
        "schema",
        format!("the schema of `{resource}`"),
        errors,
    )?;
    let missing = missing_values(doc, t.get("missingValues").map(|e| &e.value), errors);
    let mut fields: Vec<Field> = Vec::new();
    let mut broken = Vec::new();
    if let Some(items) = t.array("fields", errors) {
        for item in items {
            let Some(ft) = Table::of(
                doc,
                item,
                "fields",
                format!("a field of `{resource}`"),
                errors,
            ) else {
                continue;
            };
            if let Some((f, sound)) = field(ft, &missing, errors) {
                if let Some(first) = fields.iter().find(|g| g.name == f.name) {
                    errors.push(PackageError::DuplicateName {
                        at: f.place.clone(),
                        what: "field".into(),
                        name: f.name.clone(),
                        first: first.place.clone(),
                    });
                    continue;
                }
                if !sound {
                    broken.push(fields.len());
                }
                fields.push(f);
            }
        }
    } else {
        t.require("fields", errors);
    }
    // In CSV a localized field `label` is read from `label_<tag>` columns;
    // a field named like one of them would be ambiguous.
    if matches!(format, Some(Format::Csv { .. })) {
        for l in fields
            .iter()
            .filter(|f| f.field_type == FieldType::Localized)
        {
            let prefix = format!("{}_", l.name);
            for f in &fields {
                if f.name.starts_with(&prefix) {
                    errors.push(PackageError::BadDeclaration {
                        at: f.place.clone(),
                        key: "name".into(),
                        expected: format!(
                            "a name that does not start with `{prefix}`, which the localized field `{}` reads its columns from",
                            l.name
                        ),
                        found: f.name.clone(),
                    });
                }
            }
        }
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let resolve = |list: Vec<At<String>>, what: &str, errors: &mut Errors| -> Vec<usize> {
        let mut out = Vec::new();
        for n in list {
            match names.iter().position(|f| *f == n.value) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => errors.push(PackageError::BadDeclaration {
                    at: n.at,
                    key: what.to_string(),
                    expected: "each field once".into(),
                    found: n.value,
                }),
                None => errors.push(unknown_field(n, &names, what)),
            }
        }
        out
    };
    let primary_key = t
        .strings("primaryKey", errors)
        .map(|l| resolve(l, "primaryKey", errors))
        .unwrap_or_default();
    for &i in &primary_key {
        if fields[i].field_type == FieldType::Localized {
            errors.push(PackageError::BadDeclaration {
                at: fields[i].place.clone(),
                key: "primaryKey".into(),
                expected: "key fields that are not localized (a key is the same in every language)"
                    .into(),
                found: fields[i].name.clone(),
            });
        }
    }
    let mut unique_keys = Vec::new();
    if let Some(items) = t.array("uniqueKeys", errors) {
        for item in items {
            if let Some(l) = strings(doc, item, "uniqueKeys", errors) {
                unique_keys.push(resolve(l, "uniqueKeys", errors));
            }
        }
    }
    let mut foreign_keys = Vec::new();
    if let Some(items) = t.array("foreignKeys", errors) {
        for item in items {
            let Some(mut ft) = Table::of(doc, item, "foreignKeys", "a foreign key", errors) else {
                continue;
            };
            let own = ft.strings("fields", errors);
            if own.is_none() {
                ft.require("fields", errors);
            }
            let reference = ft.require("reference", errors).and_then(|e| {
                let mut rt = Table::of(
                    doc,
                    &e.value,
                    "reference",
                    "the reference of a foreign key",
                    errors,
                )?;
                let res = rt
                    .string("resource", errors)
                    .map(|r| r.value)
                    .unwrap_or_default();
                let rf = rt.strings("fields", errors);
                if rf.is_none() {
                    rt.require("fields", errors);
                }
                rt.finish(&["resource", "fields"], errors);
                Some((res, rf?))
            });
            let place = ft.at.clone();
            ft.finish(&["fields", "reference"], errors);
            if let (Some(own), Some((res, rf))) = (own, reference) {
                let n_own = own.len();
                let fields_ix = resolve(own, "foreignKeys", errors);
                if fields_ix.len() != n_own {
                    continue;
                }
                if rf.len() != fields_ix.len() {
                    errors.push(PackageError::BadDeclaration {
                        at: place.clone(),
                        key: "reference.fields".into(),
                        expected: format!(
                            "{} fields, as many as the foreign key has",
                            fields_ix.len()
                        ),
                        found: rf.len().to_string(),
                    });
                    continue;
                }
                foreign_keys.push(ForeignKey {
                    fields: fields_ix,
                    resource: res,
                    reference: rf,
                    place,
                });
            }
        }
    }
    if let Some(m) = t.string("fieldsMatch", errors) {
        if m.value != "exact" {
            errors.push(PackageError::Unsupported {
                at: m.at,
                what: format!("fieldsMatch `{}`", m.value),
                message: "dossier expects every declared field and no other (`exact`)".into(),
            });
        }
    }
    t.finish(SCHEMA_KEYS, errors);
    // A date's qualifier names another field, of type string.
    for f in &fields {
        if let Some(q) = &f.qualifier {
            match fields.iter().enumerate().find(|(_, g)| &g.name == q) {
                None => errors.push(unknown_field(
                    At {
                        value: q.clone(),
                        at: f.place.clone(),
                    },
                    &names,
                    "qualifier",
                )),
                Some((gi, g)) if g.field_type != FieldType::String && !broken.contains(&gi) => {
                    errors.push(PackageError::BadDeclaration {
                        at: g.place.clone(),
                        key: "type".into(),
                        expected: format!(
                            "a string field, since it holds the qualifier of `{}`",
                            f.name
                        ),
                        found: g.field_type.to_string(),
                    })
                }
                Some(_) => {}
            }
        }
    }
    Some(Schema {
        fields,
        primary_key,
        foreign_keys,
        unique_keys,
        broken,
    })
}

pub fn unknown_field(n: At<String>, names: &[&str], what: &str) -> PackageError {
    PackageError::UnknownName {
        at: n.at,
        what: format!("field in `{what}`"),
        suggestion: closest(&n.value, names.iter().copied()),
        name: n.value,
        expected: names.iter().map(|s| s.to_string()).collect(),
    }
}

fn provenance(
    doc: &Doc<'_>,
    node: &Node,
    schema: &Schema,
    errors: &mut Errors,
) -> Option<ProvenanceRule> {
    let mut t = Table::of(doc, node, "provenance", "the provenance", errors)?;
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    let column = |s: At<String>, what: &str, errors: &mut Errors| -> Option<usize> {
        let i = schema.index(&s.value);
        if i.is_none() {
            errors.push(unknown_field(s, &names, what));
        }
        i
    };
    let place = t.at.clone();
    let source = match (t.string("source", errors), t.string("source_name", errors)) {
        (Some(c), None) => column(c, "provenance.source", errors).map(SourceRule::Column),
        (None, Some(n)) => Some(SourceRule::Named(n)),
        (Some(c), Some(_)) => {
            errors.push(PackageError::BadDeclaration {
                at: c.at,
                key: "source".into(),
                expected: "either `source` (a column naming each row's source) or `source_name` (one source for every row), not both".into(),
                found: c.value,
            });
            None
        }
        (None, None) => {
            errors.push(PackageError::MissingKey {
                at: place.clone(),
                key: "source".into(),
                within:
                    "the provenance (name a column with `source`, or one source with `source_name`)"
                        .into(),
            });
            None
        }
    };
    let mut typed = |key: &str, want: &[FieldType], errors: &mut Errors| -> Option<usize> {
        let s = t.string(key, errors)?;
        let at = s.at.clone();
        let i = column(s, &format!("provenance.{key}"), errors)?;
        let ty = schema.fields[i].field_type;
        if !want.contains(&ty) && schema.is_sound(i) {
            errors.push(PackageError::BadDeclaration {
                at,
                key: key.to_string(),
                expected: format!(
                    "a field of type {}",
                    want.iter()
                        .map(|w| w.to_string())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
                found: format!("`{}` of type {ty}", schema.fields[i].name),
            });
            return None;
        }
        Some(i)
    };
    let paragraph = typed("paragraph", &[FieldType::Integer], errors);
    let quote = typed("quote", &[FieldType::String], errors);
    let locator = typed("locator", &[FieldType::String], errors);
    if paragraph.is_some() != quote.is_some() {
        errors.push(PackageError::MissingKey {
            at: place.clone(),
            key: if paragraph.is_some() {
                "quote"
            } else {
                "paragraph"
            }
            .into(),
            within: "the provenance (a text source is cited by paragraph and quote together)"
                .into(),
        });
    }
    let mut values = Vec::new();
    for v in t.strings("values", errors).unwrap_or_default() {
        let at = v.at.clone();
        if let Some(i) = column(v, "provenance.values", errors) {
            if schema.fields[i].field_type.is_numeric() {
                values.push(i);
            } else if schema.is_sound(i) {
                errors.push(PackageError::BadDeclaration {
                    at,
                    key: "values".into(),
                    expected: "numeric fields (integer, number, percent, money, year)".into(),
                    found: format!(
                        "`{}` of type {}",
                        schema.fields[i].name, schema.fields[i].field_type
                    ),
                });
            }
        }
    }
    if !values.is_empty() && quote.is_none() {
        errors.push(PackageError::MissingKey {
            at: place.clone(),
            key: "quote".into(),
            within: "the provenance (`values` are checked against the quote)".into(),
        });
    }
    let matching = match t.string("match", errors) {
        None => Matching::Token,
        Some(m) => match m.value.as_str() {
            "token" => Matching::Token,
            "position" => Matching::Position,
            other => {
                errors.push(PackageError::UnknownName {
                    at: m.at,
                    what: "match rule".into(),
                    name: other.to_string(),
                    suggestion: closest(other, ["token", "position"]),
                    expected: vec!["token".into(), "position".into()],
                });
                Matching::Token
            }
        },
    };
    let mut mapping = |key: &str, errors: &mut Errors| -> Vec<(usize, At<String>)> {
        let Some(e) = t.get(key) else {
            return Vec::new();
        };
        let Some(entries) = e.value.as_table() else {
            errors.push(wrong_type(
                doc,
                &e.value,
                key,
                "a table: our column = the source's column",
                &e.value.value,
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in entries {
            let ours = At {
                value: entry.key.clone(),
                at: doc.at(&entry.key_span),
            };
            let Some(i) = column(ours, &format!("provenance.{key}"), errors) else {
                continue;
            };
            if let Some(theirs) = string(doc, &entry.value, &entry.key, errors) {
                out.push((i, theirs));
            }
        }
        out
    };
    let key = mapping("key", errors);
    let columns = mapping("columns", errors);
    if key.is_empty() != columns.is_empty() {
        errors.push(PackageError::MissingKey {
            at: place.clone(),
            key: if key.is_empty() { "key" } else { "columns" }.into(),
            within: "the provenance (a table source is cited by row key and columns together)"
                .into(),
        });
    }
    t.finish(PROVENANCE_KEYS, errors);
    Some(ProvenanceRule {
        source: source?,
        paragraph,
        quote,
        values,
        matching,
        key,
        columns,
        locator,
        place,
    })
}
