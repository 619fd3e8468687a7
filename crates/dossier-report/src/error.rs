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
}

pub use dossier_core::line_col as locate;
