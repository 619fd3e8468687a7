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
}

impl ReportError {
    /// A stable name for the kind of error: `io`, `spec`, `prose`,
    /// `data.<kind>` (see [`dossier_core::DataError::kind`]), `path` (a
    /// read outside the allowed folders), `limit`, `chart`, `text` or `pdf`.
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
            ReportError::Pdf(_) => "pdf".into(),
            ReportError::Limit(_) => "limit".into(),
        }
    }
}

pub use dossier_core::line_col as locate;
