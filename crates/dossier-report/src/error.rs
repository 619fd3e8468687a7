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
    #[error("{}:{line}:{column}: {message}", path.display())]
    Prose {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Data(Vec<dossier_core::DataError>),
    /// The data package could not be loaded or checked.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Package(Vec<dossier_core::package::PackageError>),
    /// A figure, claim or table view could not be evaluated.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Eval(Vec<dossier_core::EvalError>),
    /// A language of the report cannot be loaded or drawn.
    #[error("{path}: {message}", path = path.display())]
    Language { path: PathBuf, message: String },
    /// A chart that cannot be drawn from its spec and data; `line` and
    /// `column` point at the field of the spec to change (0 when none is).
    #[error("{}: {source}", place(path, *line, *column))]
    Chart {
        path: PathBuf,
        line: usize,
        column: usize,
        source: dossier_charts::ChartError,
    },
    /// A character that text may not hold (see [`crate::characters`]).
    #[error("{}: {message}", place(path, *line, *column))]
    Character {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A report or data folder that is not a plain folder (see
    /// [`crate::folder`]).
    #[error("{}: refused: {message}", path.display())]
    Folder { path: PathBuf, message: String },
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
            ReportError::Package(errors) => match errors.first() {
                Some(dossier_core::package::PackageError::Read(e)) => match e.kind() {
                    "outside" | "special" => "path".into(),
                    "limit" => "limit".into(),
                    "io" => "io".into(),
                    kind => format!("data.{kind}"),
                },
                Some(e) if e.kind() == "limit" => "limit".into(),
                Some(e) => format!("package.{}", e.kind()),
                None => "package".into(),
            },
            ReportError::Eval(errors) => {
                format!("eval.{}", errors.first().map_or("formula", |e| e.kind))
            }
            ReportError::Language { .. } => "language".into(),
            ReportError::Data(errors) => match errors.first().map(|e| e.kind()) {
                Some("outside" | "special") => "path".into(),
                Some("limit") => "limit".into(),
                Some("io") => "io".into(),
                Some(kind) => format!("data.{kind}"),
                None => "data".into(),
            },
            ReportError::Chart { .. } => "chart".into(),
            ReportError::Folder { .. } => "path".into(),
            ReportError::Character { .. } => "text".into(),
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
            ReportError::Prose {
                path, line, column, ..
            } => vec![at(path, *line, *column)],
            ReportError::Language { path, .. } => vec![at(path, 0, 0)],
            ReportError::Package(errors) => errors
                .iter()
                .map(|e| match (e, e.place()) {
                    (dossier_core::package::PackageError::Read(d), _) => Location {
                        path: d.path().to_path_buf(),
                        line: d.line(),
                        column: d.column(),
                        message: e.to_string(),
                        needle: None,
                    },
                    (_, Some(place)) => Location {
                        path: place.path.clone(),
                        line: place.line,
                        column: place.column,
                        message: e.to_string(),
                        needle: None,
                    },
                    (_, None) => Location {
                        path: PathBuf::new(),
                        line: 0,
                        column: 0,
                        message: e.to_string(),
                        needle: None,
                    },
                })
                .collect(),
            ReportError::Eval(errors) => errors
                .iter()
                .map(|e| Location {
                    path: e.place.path.clone(),
                    line: e.place.line,
                    column: e.place.column,
                    message: e.to_string(),
                    needle: None,
                })
                .collect(),
            ReportError::Chart {
                path, line, column, ..
            }
            | ReportError::Character {
                path, line, column, ..
            } => vec![at(path, *line, *column)],
            ReportError::Io { path, .. } | ReportError::Folder { path, .. } => {
                vec![at(path, 0, 0)]
            }
            ReportError::Limit(l) => vec![at(&l.path, l.line, 0)],
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

/// `path`, `path:line` or `path:line:column`, as far as they are known.
fn place(path: &std::path::Path, line: usize, column: usize) -> String {
    match (line, column) {
        (0, _) => path.display().to_string(),
        (line, 0) => format!("{}:{line}", path.display()),
        (line, column) => format!("{}:{line}:{column}", path.display()),
    }
}
