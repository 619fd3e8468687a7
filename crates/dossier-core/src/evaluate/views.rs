//! Table views: a data set shown as a table, with typed cells that the
//! report formats per language, and the provenance of the rows shown.
//!
//! A view selects rows (`filter`, a condition over a row's fields), orders
//! them (`sort`: field names, `-` first for descending), and shows either
//! - **columns**: each a field, or a formula over the row's fields; or
//! - a **pivot**: one row per value of `rows`, one column per value of
//!   `columns` (in sorted order), each cell the `value` field of the rows
//!   that share them (texts of several rows joined), then the view's
//!   columns as **derived columns** (formulas that see the pivot row's key
//!   field by name), **derived rows** (formulas that see every pivot row by
//!   its key: `exports - imports`), and a **total** row (a formula, or the
//!   sum of the numeric rows).
//!
//! The provenance of a view is that of every row it shows, and of every row
//! of the data sets its formulas read.

use std::cmp::Ordering;

use dossier_formula::{
    closest, Context, Date, Decimal, DependencyKind, Formula, MemoryTable, Value,
};
use serde::Serialize;

use super::figures::{FigureUnit, Figures};
use super::{EvalError, FormulaSource};
use crate::package::{FieldType, Localized, Package, Place, Qualifier, Resource, RowProvenance};

/// A column of a view: a field or a formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub field: Option<String>,
    pub formula: Option<FormulaSource>,
    pub decimals: Option<u32>,
    pub unit: Option<FigureUnit>,
    pub place: Place,
}

/// A pivot: rows by one field, columns by another, cells from a third.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PivotDef {
    pub rows: String,
    pub columns: String,
    pub value: String,
    pub decimals: Option<u32>,
    pub place: Place,
}

/// A derived row (or the total row) of a pivot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedDef {
    /// Names the row for charts.
    pub id: Option<String>,
    pub formula: Option<FormulaSource>,
    pub decimals: Option<u32>,
    pub place: Place,
}

/// A table view as the spec defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewDef {
    pub id: String,
    pub data: String,
    pub filter: Option<FormulaSource>,
    /// Field names, `-` first for descending.
    pub sort: Vec<String>,
    pub columns: Vec<ColumnDef>,
    pub pivot: Option<PivotDef>,
    pub derived_rows: Vec<DerivedDef>,
    pub total: Option<DerivedDef>,
    pub place: Place,
}

/// A typed cell, formatted by the report for each language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Cell {
    Number {
        value: Decimal,
        decimals: u32,
        unit: FigureUnit,
    },
    Text(String),
    /// Localized texts (several when a pivot cell joins rows).
    Localized(Vec<Localized>),
    /// A category value with its label.
    Category {
        value: String,
        label: Option<Localized>,
    },
    Date {
        date: Date,
        qualifier: Qualifier,
    },
    Missing,
}

/// What heads a row of a view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RowLabel {
    /// A pivot row: the value of the `rows` field.
    Key(Cell),
    /// The n-th derived row.
    Derived(usize),
    Total,
}

/// One row of a view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ViewRow {
    /// For pivots; `None` for a plain view.
    pub label: Option<RowLabel>,
    pub cells: Vec<Cell>,
}

/// What heads a column of a view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ColumnHead {
    /// The n-th column of the definition.
    Column(usize),
    /// A pivot column: a value of the `columns` field.
    Pivot(Cell),
}

/// A view, evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct View {
    pub id: String,
    pub data: String,
    /// The heads of the columns after the row label (for a pivot) or of
    /// every column.
    pub columns: Vec<ColumnHead>,
    pub rows: Vec<ViewRow>,
    pub total: Option<ViewRow>,
    /// The provenance of every row shown and read.
    pub provenance: Vec<RowProvenance>,
    /// The field of pivot rows, for its title.
    pub pivot_rows: Option<String>,
    /// The field whose values are a pivot's columns (a chart's categories).
    pub pivot_columns: Option<String>,
    /// The ids of the derived rows, in order.
    pub row_ids: Vec<Option<String>>,
}

fn err(place: &Place, message: impl Into<String>) -> EvalError {
    EvalError::new(place.clone(), "view", message)
}

fn unknown_field(res: &Resource, name: &str, place: &Place, what: &str) -> EvalError {
    let hint = closest(name, res.schema.fields.iter().map(|f| f.name.as_str()))
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    err(
        place,
        format!(
            "{what} names `{name}`, which is not a field of `{}`{hint}",
            res.name
        ),
    )
}

/// The typed cell of field `index` of `row`.
fn field_cell(res: &Resource, row: usize, index: usize, decimals: Option<u32>) -> Cell {
    let r = &res.rows[row];
    let field = &res.schema.fields[index];
    if field.field_type == FieldType::Localized {
        return match r.texts.get(index).cloned().flatten() {
            Some(t) => Cell::Localized(vec![t]),
            None => Cell::Missing,
        };
    }
    match r.values.get(index) {
        Some(Value::Text(t)) if !field.categories.is_empty() => Cell::Category {
            value: t.clone(),
            label: field.category(t).and_then(|c| c.label.clone()),
        },
        Some(Value::Text(t)) => Cell::Text(t.clone()),
        Some(Value::Number(n)) => {
            let unit = FigureUnit::of_field(field.field_type, field.unit.as_ref());
            Cell::Number {
                value: *n,
                decimals: decimals.unwrap_or(match unit {
                    FigureUnit::Money { .. } => 0,
                    _ => n.normalize().scale(),
                }),
                unit,
            }
        }
        Some(Value::Date(d)) => Cell::Date {
            date: *d,
            qualifier: res.qualifier(r, &field.name).unwrap_or(Qualifier::Exact),
        },
        Some(Value::Bool(b)) => Cell::Text(b.to_string()),
        _ => Cell::Missing,
    }
}

/// A formula's value as a cell.
fn value_cell(value: Value, decimals: Option<u32>, unit: Option<&FigureUnit>) -> Cell {
    match value {
        Value::Number(n) => {
            let unit = unit.cloned().unwrap_or(FigureUnit::Number);
            Cell::Number {
                value: n,
                decimals: decimals.unwrap_or_else(|| unit.default_decimals()),
                unit,
            }
        }
        Value::Text(t) => Cell::Text(t),
        Value::Date(date) => Cell::Date {
            date,
            qualifier: Qualifier::Exact,
        },
        Value::Bool(b) => Cell::Text(b.to_string()),
        Value::Missing | Value::List(_) => Cell::Missing,
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.cmp(y),
        (Some(Value::Text(x)), Some(Value::Text(y))) => x.cmp(y),
        (Some(Value::Date(x)), Some(Value::Date(y))) => x
            .days_since_epoch()
            .cmp(&y.days_since_epoch())
            .then(x.precision().cmp(&y.precision())),
        (Some(Value::Missing) | None, Some(Value::Missing) | None) => Ordering::Equal,
        (Some(Value::Missing) | None, _) => Ordering::Greater,
        (_, Some(Value::Missing) | None) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

/// Evaluates `def` over `package` with `figures` in scope.
pub fn evaluate_view(
    package: &Package,
    figures: &Figures,
    def: &ViewDef,
) -> Result<View, EvalError> {
    let ctx = figures.context(package);
    let res = package.resource(&def.data).ok_or_else(|| {
        let hint = closest(&def.data, package.resources.iter().map(|r| r.name.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        EvalError::new(
            def.place.clone(),
            "unknown-data",
            format!(
                "table `{}` shows the unknown data set `{}`{hint}",
                def.id, def.data
            ),
        )
    })?;
    // Rows: filtered, then sorted.
    let filter = def
        .filter
        .as_ref()
        .map(|f| f.parse().map(|p| (p, f)))
        .transpose()?;
    let mut rows = Vec::new();
    let tested = filter
        .as_ref()
        .map(|(formula, _)| formula.evaluate_in_rows(&ctx, res, 0..res.rows.len()));
    for row in 0..res.rows.len() {
        let keep = match (&filter, &tested) {
            (Some((_, source)), Some(tested)) => {
                match tested.get(row).cloned().unwrap_or(Ok(Value::Missing)) {
                    Ok(Value::Bool(b)) => b,
                    Ok(Value::Missing) => false,
                    Ok(other) => {
                        return Err(EvalError::new(
                            source.place.clone(),
                            "formula",
                            format!(
                                "the filter of table `{}` gives {}, expected a condition",
                                def.id,
                                other.kind()
                            ),
                        ))
                    }
                    Err(e) => return Err(source.error(&e)),
                }
            }
            _ => true,
        };
        if keep {
            rows.push(row);
        }
    }
    let mut keys = Vec::new();
    for s in &def.sort {
        let (name, descending) = match s.strip_prefix('-') {
            Some(n) => (n, true),
            None => (s.as_str(), false),
        };
        let (index, _) = res
            .field(name)
            .ok_or_else(|| unknown_field(res, name, &def.place, "`sort`"))?;
        keys.push((index, descending));
    }
    rows.sort_by(|&a, &b| {
        keys.iter()
            .map(|&(i, desc)| {
                let o = compare(res.rows[a].values.get(i), res.rows[b].values.get(i));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    figures.mark(&res.name, rows.iter().copied());
    let mut provenance: Vec<RowProvenance> = rows
        .iter()
        .map(|&r| res.rows[r].provenance.clone())
        .collect();
    // The data sets the view's formulas read.
    let formulas = def
        .columns
        .iter()
        .filter_map(|c| c.formula.as_ref())
        .chain(def.derived_rows.iter().filter_map(|d| d.formula.as_ref()))
        .chain(def.total.iter().filter_map(|d| d.formula.as_ref()));
    let mut read = Vec::new();
    for f in formulas {
        let parsed = f.parse()?;
        for d in parsed.dependencies(&ctx) {
            if d.kind == DependencyKind::DataSet && d.name != res.name && !read.contains(&d.name) {
                read.push(d.name);
            }
        }
    }
    for name in &read {
        if let Some(other) = package.resource(name) {
            figures.mark(name, 0..other.rows.len());
            provenance.extend(other.rows.iter().map(|r| r.provenance.clone()));
        }
    }
    let view = match &def.pivot {
        None => plain(res, &ctx, def, &rows)?,
        Some(p) => pivot(res, &ctx, def, p, &rows)?,
    };
    Ok(View { provenance, ..view })
}

fn plain(
    res: &Resource,
    ctx: &dyn Context,
    def: &ViewDef,
    rows: &[usize],
) -> Result<View, EvalError> {
    if def.columns.is_empty() {
        return Err(err(
            &def.place,
            format!(
                "table `{}` shows no columns: give `[[table.column]]` or a `pivot`",
                def.id
            ),
        ));
    }
    let mut columns = Vec::new();
    enum Source {
        Field(usize),
        Formula(Formula),
    }
    for c in &def.columns {
        columns.push(match (&c.field, &c.formula) {
            (Some(f), None) => Source::Field(
                res.field(f)
                    .ok_or_else(|| unknown_field(res, f, &c.place, "the column"))?
                    .0,
            ),
            (None, Some(f)) => Source::Formula(f.parse()?),
            _ => {
                return Err(err(
                    &c.place,
                    "a column gives exactly one of `field` or `formula`",
                ))
            }
        });
    }
    let mut out = Vec::new();
    for &row in rows {
        let mut cells = Vec::new();
        for (c, source) in def.columns.iter().zip(&columns) {
            cells.push(match source {
                Source::Field(i) => field_cell(res, row, *i, c.decimals),
                Source::Formula(f) => {
                    let value = f.evaluate_in_row(ctx, res, row).map_err(|e| {
                        c.formula
                            .as_ref()
                            .map_or_else(|| err(&c.place, e.to_string()), |s| s.error(&e))
                    })?;
                    value_cell(value, c.decimals, c.unit.as_ref())
                }
            });
        }
        out.push(ViewRow { label: None, cells });
    }
    Ok(View {
        id: def.id.clone(),
        data: res.name.clone(),
        columns: (0..def.columns.len()).map(ColumnHead::Column).collect(),
        rows: out,
        total: None,
        provenance: Vec::new(),
        pivot_rows: None,
        pivot_columns: None,
        row_ids: Vec::new(),
    })
}

/// The distinct values of field `index` over `rows`, in order: category
/// declaration order for a category, sorted otherwise.
fn distinct(res: &Resource, index: usize, rows: &[usize]) -> Vec<Value> {
    let mut seen: Vec<Value> = Vec::new();
    for &r in rows {
        if let Some(v) = res.rows[r].values.get(index) {
            if !seen.contains(v) {
                seen.push(v.clone());
            }
        }
    }
    let field = &res.schema.fields[index];
    if field.categories.is_empty() {
        seen.sort_by(|a, b| compare(Some(a), Some(b)));
    } else {
        let rank = |v: &Value| {
            v.as_text()
                .and_then(|t| field.categories.iter().position(|c| c.value == t))
                .unwrap_or(usize::MAX)
        };
        seen.sort_by_key(rank);
    }
    seen
}

fn key_cell(res: &Resource, index: usize, value: &Value) -> Cell {
    let field = &res.schema.fields[index];
    match value {
        Value::Text(t) if !field.categories.is_empty() => Cell::Category {
            value: t.clone(),
            label: field.category(t).and_then(|c| c.label.clone()),
        },
        other => value_cell(
            other.clone(),
            Some(0),
            Some(&FigureUnit::of_field(field.field_type, field.unit.as_ref())),
        ),
    }
}

/// The name a pivot key has in derived-row formulas.
fn key_name(v: &Value) -> String {
    match v {
        Value::Number(n) => n.normalize().to_string(),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        other => format!("{other:?}"),
    }
}

fn pivot(
    res: &Resource,
    ctx: &dyn Context,
    def: &ViewDef,
    p: &PivotDef,
    rows: &[usize],
) -> Result<View, EvalError> {
    let field = |name: &str, what: &str| {
        res.field(name)
            .map(|(i, _)| i)
            .ok_or_else(|| unknown_field(res, name, &p.place, what))
    };
    let (ri, ci, vi) = (
        field(&p.rows, "`pivot.rows`")?,
        field(&p.columns, "`pivot.columns`")?,
        field(&p.value, "`pivot.value`")?,
    );
    let row_keys = distinct(res, ri, rows);
    let col_keys = distinct(res, ci, rows);
    let mut body = Vec::new();
    // Numbers per (pivot row, pivot column), for derived rows.
    let mut numbers: Vec<Vec<Value>> = Vec::new();
    for rk in &row_keys {
        let mut cells = Vec::new();
        let mut nums = Vec::new();
        for ck in &col_keys {
            let matching: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| {
                    res.rows[r].values.get(ri) == Some(rk) && res.rows[r].values.get(ci) == Some(ck)
                })
                .collect();
            let cell = match matching.as_slice() {
                [] => Cell::Missing,
                [one] => field_cell(res, *one, vi, p.decimals),
                several => {
                    let cells: Vec<Cell> = several
                        .iter()
                        .map(|&r| field_cell(res, r, vi, p.decimals))
                        .collect();
                    let mut texts = Vec::new();
                    for c in cells {
                        match c {
                            Cell::Localized(mut t) => texts.append(&mut t),
                            Cell::Text(t) => texts.push(Localized::plain(t)),
                            _ => {
                                return Err(err(
                                    &p.place,
                                    format!(
                                        "table `{}`: {} rows of `{}` share the pivot cell ({}, {}); only texts can be joined",
                                        def.id,
                                        several.len(),
                                        res.name,
                                        key_name(rk),
                                        key_name(ck)
                                    ),
                                ))
                            }
                        }
                    }
                    Cell::Localized(texts)
                }
            };
            nums.push(match &cell {
                Cell::Number { value, .. } => Value::Number(*value),
                _ => Value::Missing,
            });
            cells.push(cell);
        }
        // Derived columns: formulas that see the pivot row's key field.
        for c in &def.columns {
            let Some(source) = &c.formula else {
                return Err(err(
                    &c.place,
                    "the columns of a pivot table are formulas (derived columns)",
                ));
            };
            let formula = source.parse()?;
            let scope = MemoryTable::new(vec![p.rows.clone()], &[], vec![vec![rk.clone()]])
                .map_err(|e| err(&c.place, e.to_string()))?;
            let value = formula
                .evaluate_in_row(ctx, &scope, 0)
                .map_err(|e| source.error(&e))?;
            cells.push(value_cell(value, c.decimals, c.unit.as_ref()));
        }
        numbers.push(nums);
        body.push(ViewRow {
            label: Some(RowLabel::Key(key_cell(res, ri, rk))),
            cells,
        });
    }
    // Derived rows and the total: formulas per pivot column over the rows.
    let names: Vec<String> = row_keys.iter().map(key_name).collect();
    let derive = |d: &DerivedDef, label: RowLabel| -> Result<ViewRow, EvalError> {
        let mut cells = Vec::new();
        let decimals = d.decimals.or(p.decimals);
        for (c, _) in col_keys.iter().enumerate() {
            let column: Vec<Value> = numbers.iter().map(|n| n[c].clone()).collect();
            let value = match &d.formula {
                Some(source) => {
                    let formula = source.parse()?;
                    let scope = MemoryTable::new(names.clone(), &[], vec![column])
                        .map_err(|e| err(&d.place, e.to_string()))?;
                    formula
                        .evaluate_in_row(ctx, &scope, 0)
                        .map_err(|e| source.error(&e))?
                }
                None => {
                    let mut sum = Decimal::ZERO;
                    let mut any = false;
                    for v in &column {
                        if let Value::Number(n) = v {
                            sum = sum.checked_add(*n).ok_or_else(|| {
                                err(&d.place, "the total is too large for a decimal number")
                            })?;
                            any = true;
                        }
                    }
                    if any {
                        Value::Number(sum)
                    } else {
                        Value::Missing
                    }
                }
            };
            let unit = FigureUnit::of_field(
                res.schema.fields[vi].field_type,
                res.schema.fields[vi].unit.as_ref(),
            );
            cells.push(value_cell(
                value,
                Some(decimals.unwrap_or_else(|| unit.default_decimals())),
                Some(&unit),
            ));
        }
        cells.extend(def.columns.iter().map(|_| Cell::Missing));
        Ok(ViewRow {
            label: Some(label),
            cells,
        })
    };
    for (i, d) in def.derived_rows.iter().enumerate() {
        body.push(derive(d, RowLabel::Derived(i))?);
    }
    let total = def
        .total
        .as_ref()
        .map(|t| derive(t, RowLabel::Total))
        .transpose()?;
    let mut columns: Vec<ColumnHead> = col_keys
        .iter()
        .map(|k| ColumnHead::Pivot(key_cell(res, ci, k)))
        .collect();
    columns.extend((0..def.columns.len()).map(ColumnHead::Column));
    Ok(View {
        id: def.id.clone(),
        data: res.name.clone(),
        columns,
        rows: body,
        total,
        provenance: Vec::new(),
        pivot_rows: Some(p.rows.clone()),
        pivot_columns: Some(p.columns.clone()),
        row_ids: def.derived_rows.iter().map(|d| d.id.clone()).collect(),
    })
}
