//! Table views into document tables for one edition: headers from the
//! spec (or the fields' titles and the pivot's values), cells formatted
//! for the language, the source note from the provenance of the rows
//! shown, and the spec's notes.

use dossier_core::evaluate::{Cell, ColumnHead, RowLabel, View};
use dossier_core::Lang;
use dossier_doc::{ColumnAlign, HeaderCell, Table, TableStyle};

use crate::error::ReportError;
use crate::format;
use crate::resolve::Resolver;
use crate::spec::{Parsed, TableSpec, Text};
use crate::Report;

/// A spec text with its references resolved, errors placed in the spec.
pub fn resolved(
    parsed: &Parsed,
    resolver: &Resolver<'_>,
    text: &Text,
) -> Result<String, ReportError> {
    resolver
        .plain(text.get(resolver.lang))
        .map_err(|(_, m)| parsed.error(text.0.offset, m))
}

fn align(cell: Option<&Cell>) -> ColumnAlign {
    match cell {
        Some(Cell::Number { .. }) => ColumnAlign::Numeric,
        _ => ColumnAlign::Start,
    }
}

/// The edition's table of `view`, as `spec` describes it.
pub fn table(
    report: &Report,
    spec: &TableSpec,
    view: &View,
    resolver: &Resolver<'_>,
    lang: Lang,
) -> Result<Table, ReportError> {
    let parsed = &report.parsed;
    let text = |t: &Text| resolved(parsed, resolver, t);
    let res = report.package.resource(&view.data);
    let pivot = view.pivot_rows.is_some();
    let mut header = Vec::new();
    if let Some(rows_field) = &view.pivot_rows {
        header.push(match &spec.corner {
            Some(c) => text(c)?,
            None => res
                .and_then(|r| r.field(rows_field))
                .and_then(|(_, f)| f.title.as_ref())
                .and_then(|t| t.get(lang.tag()))
                .unwrap_or("")
                .to_string(),
        });
    }
    for head in &view.columns {
        header.push(match head {
            ColumnHead::Pivot(c) => format::cell(c, lang),
            ColumnHead::Column(i) => {
                let column = &spec.columns[*i];
                match &column.header {
                    Some(h) => text(h)?,
                    None => column
                        .field
                        .as_ref()
                        .and_then(|f| res.and_then(|r| r.field(f.get_ref())))
                        .and_then(|(_, f)| {
                            f.title
                                .as_ref()
                                .and_then(|t| t.get(lang.tag()))
                                .map(str::to_string)
                                .or(Some(f.name.clone()))
                        })
                        .unwrap_or_default(),
                }
            }
        });
    }
    let label = |l: &Option<RowLabel>| -> Result<Option<String>, ReportError> {
        Ok(match l {
            None => None,
            Some(RowLabel::Key(c)) => Some(format::cell(c, lang)),
            Some(RowLabel::Derived(i)) => Some(text(&spec.rows[*i].label)?),
            Some(RowLabel::Total) => Some(match &spec.total {
                Some(t) => text(&t.label)?,
                None => String::new(),
            }),
        })
    };
    let mut rows = Vec::new();
    for r in &view.rows {
        let mut cells: Vec<String> = label(&r.label)?.into_iter().collect();
        cells.extend(r.cells.iter().map(|c| format::cell(c, lang)));
        rows.push(cells);
    }
    let total_row = match &view.total {
        Some(t) => {
            let mut cells: Vec<String> = label(&t.label)?.into_iter().collect();
            cells.extend(t.cells.iter().map(|c| format::cell(c, lang)));
            Some(cells)
        }
        None => None,
    };
    let mut aligns = Vec::new();
    if pivot {
        aligns.push(ColumnAlign::Start);
    }
    for i in 0..view.columns.len() {
        let first = view
            .rows
            .iter()
            .map(|r| r.cells.get(i))
            .find(|c| !matches!(c, Some(Cell::Missing) | None))
            .flatten();
        aligns.push(align(first));
    }
    let mut notes = Vec::new();
    for n in &spec.notes {
        notes.push(text(n)?);
    }
    let note = format::source_note(&report.package, &view.provenance, lang);
    Ok(Table {
        id: Some(view.id.clone()),
        caption: text(&spec.caption)?,
        number: None,
        header: vec![HeaderCell::row_of(header)],
        rows,
        total_row,
        align: aligns,
        row_headers: pivot,
        source_note: (!note.is_empty()).then_some(note),
        notes,
        style: match spec.style.as_ref().map(|s| s.get_ref().as_str()) {
            Some("ruled") => TableStyle::Ruled,
            _ => TableStyle::Zebra,
        },
    })
}
