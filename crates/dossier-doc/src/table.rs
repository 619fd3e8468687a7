//! Tables: header rows of header cells with their scope, body rows, a total
//! row, column alignment, caption, number and notes.

/// How a table column is aligned, relative to the document direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnAlign {
    #[default]
    Start,
    End,
    Center,
    /// Numbers, aligned on their decimal separator (`.` or `٫`).
    Numeric,
}

/// The look of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableStyle {
    /// Alternate rows shaded.
    #[default]
    Zebra,
    /// A thin rule under every row.
    Ruled,
}

/// What a header cell heads: the cells below it, or the cells after it in
/// its row (HTML's `th scope`, tagged PDF's `/Scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Column,
    Row,
}

/// A cell of a header row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderCell {
    pub text: String,
    pub scope: Scope,
}

impl HeaderCell {
    /// A header over its column.
    pub fn column(text: impl Into<String>) -> HeaderCell {
        HeaderCell {
            text: text.into(),
            scope: Scope::Column,
        }
    }

    /// A header row of column headers.
    pub fn row_of<S: Into<String>>(texts: impl IntoIterator<Item = S>) -> Vec<HeaderCell> {
        texts.into_iter().map(HeaderCell::column).collect()
    }
}

/// A table of already formatted cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The spec's id, for cross-references and links.
    pub id: Option<String>,
    pub caption: String,
    /// Table number shown before the caption; `None` for none.
    pub number: Option<u32>,
    /// Header rows, top to bottom, repeated on every page the table
    /// continues on.
    pub header: Vec<Vec<HeaderCell>>,
    /// Body rows of formatted cells.
    pub rows: Vec<Vec<String>>,
    /// A bold total row after a rule, drawn with the last page of the table.
    pub total_row: Option<Vec<String>>,
    /// One per column; missing entries are `Start`.
    pub align: Vec<ColumnAlign>,
    /// The first cell of every body row (and of the total row) heads its
    /// row (`th scope="row"`), such as the label of a data series.
    pub row_headers: bool,
    /// Where the figures come from, printed first under the table.
    pub source_note: Option<String>,
    /// Further notes under the table.
    pub notes: Vec<String>,
    pub style: TableStyle,
}

impl Table {
    /// The number of columns: the widest header or body row.
    pub fn columns(&self) -> usize {
        self.header
            .iter()
            .map(Vec::len)
            .chain(self.rows.iter().map(Vec::len))
            .chain(self.total_row.iter().map(Vec::len))
            .max()
            .unwrap_or(0)
    }

    /// The alignment of column `c`.
    pub fn align_of(&self, c: usize) -> ColumnAlign {
        self.align.get(c).copied().unwrap_or_default()
    }

    /// Whether body cell `c` of a row is a row header.
    pub fn is_row_header(&self, c: usize) -> bool {
        self.row_headers && c == 0
    }

    /// The notes under the table in print order: the source note first.
    pub fn all_notes(&self) -> impl Iterator<Item = &str> {
        self.source_note
            .iter()
            .chain(&self.notes)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            header: vec![
                HeaderCell::row_of(["", "2020", "2021"]),
                vec![HeaderCell {
                    text: "note".into(),
                    scope: Scope::Row,
                }],
            ],
            rows: vec![
                vec!["Apples".into(), "1".into()],
                vec!["Pears".into(), "2".into(), "3".into()],
            ],
            row_headers: true,
            source_note: Some("Source: a survey".into()),
            notes: vec!["".into(), "Rounded.".into()],
            ..Table::default()
        }
    }

    #[test]
    fn header_cells_keep_their_scope() {
        let t = table();
        assert!(t.header[0].iter().all(|c| c.scope == Scope::Column));
        assert_eq!(t.header[1][0].scope, Scope::Row);
        assert_eq!(t.columns(), 3);
    }

    #[test]
    fn first_column_as_row_headers() {
        let mut t = table();
        assert!(t.is_row_header(0));
        assert!(!t.is_row_header(1));
        t.row_headers = false;
        assert!(!t.is_row_header(0));
    }

    #[test]
    fn notes_print_the_source_first_and_skip_empty_ones() {
        let t = table();
        assert_eq!(
            t.all_notes().collect::<Vec<_>>(),
            ["Source: a survey", "Rounded."]
        );
        assert_eq!(t.align_of(7), ColumnAlign::Start);
    }
}
