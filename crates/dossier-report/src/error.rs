//! Errors of report assembly, each naming the file and place it concerns.

use std::path::PathBuf;

/// Why a report could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Spec {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}:{line}: {message}", path.display())]
    Prose {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Data(Vec<dossier_core::DataError>),
    #[error("{}: {source}", path.display())]
    Chart {
        path: PathBuf,
        source: dossier_charts::ChartError,
    },
    #[error("{0}")]
    Text(#[from] dossier_canvas::TextError),
    #[error("{0}")]
    Pdf(#[from] dossier_pdf::PdfError),
    #[error("{0}")]
    Limit(dossier_core::LimitExceeded),
    /// An output name that collides with another or is unsafe.
    #[error("{0}")]
    Output(#[from] dossier_outputs::PlanError),
}

impl ReportError {
    /// A stable name for the kind of error: `io`, `spec`, `prose`,
    /// `data.<kind>` (see [`dossier_core::DataError::kind`]), `path` (a
    /// read outside the allowed folders), `limit`, `chart`, `text`,
    /// `document` (ids, cross-references or footnotes that do not hold
    /// together), `pdf` or `output` (two outputs that would share a name,
    /// or an unsafe output name).
    pub fn kind(&self) -> String {
        match self {
            ReportError::Io { .. } => "io".into(),
            ReportError::Spec { .. } => "spec".into(),
            ReportError::Prose { .. } => "prose".into(),
            ReportError::Data(errors) => match errors.first().map(|e| e.kind()) {
                Some("outside") => "path".into(),
                Some("limit") => "limit".into(),
                Some("io") => "io".into(),
                Some(kind) => format!("data.{kind}"),
                None => "data".into(),
            },
            ReportError::Chart { .. } => "chart".into(),
            ReportError::Text(_) => "text".into(),
            ReportError::Pdf(dossier_pdf::PdfError::Text(_)) => "text".into(),
            ReportError::Pdf(dossier_pdf::PdfError::Document(_)) => "document".into(),
            ReportError::Pdf(_) => "pdf".into(),
            ReportError::Limit(_) => "limit".into(),
            ReportError::Output(_) => "output".into(),
        }
    }
}

/// A place in an input file an error points at, for showing the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based line; 0 when the error is about the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when the whole line is meant.
    pub column: usize,
    /// The error's message for this place.
    pub message: String,
    /// Text on the line the error is about (a bad CSV value), to point
    /// at when there is no column.
    pub needle: Option<String>,
}

impl ReportError {
    /// The places in input files this error points at: one per error, or
    /// none when it is not about a place in a file.
    pub fn locations(&self) -> Vec<Location> {
        let at = |path: &PathBuf, line: usize, column: usize| Location {
            path: path.clone(),
            line,
            column,
            message: self.to_string(),
            needle: None,
        };
        match self {
            ReportError::Spec {
                path, line, column, ..
            } => vec![at(path, *line, *column)],
            ReportError::Prose { path, line, .. } => vec![at(path, *line, 0)],
            ReportError::Io { path, .. } | ReportError::Chart { path, .. } => vec![at(path, 0, 0)],
            ReportError::Limit(l) => vec![at(&l.path, 0, 0)],
            ReportError::Data(errors) => errors
                .iter()
                .map(|e| Location {
                    path: e.path().to_path_buf(),
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                    needle: match e {
                        dossier_core::DataError::BadValue { found, .. } => Some(found.clone()),
                        _ => None,
                    },
                })
                .collect(),
            // The source to change first carries the message; the other
            // is shown as what it collides with.
            ReportError::Output(e) => e
                .origins()
                .into_iter()
                .enumerate()
                .map(|(i, o)| Location {
                    path: o.path.clone(),
                    line: o.line,
                    column: o.column,
                    message: if i == 0 {
                        self.to_string()
                    } else {
                        format!("{}: {}, which it collides with", o.path.display(), o.what)
                    },
                    needle: None,
                })
                .collect(),
            ReportError::Text(_) | ReportError::Pdf(_) => Vec::new(),
        }
    }
}

pub use dossier_core::line_col as locate;
