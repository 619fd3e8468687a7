//! dossier-pdfcheck: checks a PDF read back from its bytes against the
//! requirements of tagged, accessible PDF (PDF/UA-1, as the Matterhorn
//! Protocol lists its machine-checkable failure conditions) and of
//! archival PDF (PDF/A-2, levels B and U).
//!
//! The reference validator, veraPDF, needs a Java runtime; this crate
//! needs nothing but the file. It is what the end-to-end tests run on
//! every edition dossier builds, and a `dossier-pdfcheck FILE...` binary
//! for people. Each finding names its checkpoint (a Matterhorn index such
//! as `01-005`, a PDF/A-2 clause such as `6.2.3`, or a structure check),
//! the page or object, and what is wrong. [`Checkpoint::ALL`] lists what
//! is covered; which of them ran on a file is in [`Report::checked`].
//!
//! The file is read with lopdf; content streams are decoded operator by
//! operator (`Content::decode`), so every painting operator is seen with
//! the marked content around it, and every MCID is matched against the
//! parent tree both ways.
//!
//! ```no_run
//! let bytes = std::fs::read("report.pdf").unwrap();
//! let report = dossier_pdfcheck::check(&bytes, &dossier_pdfcheck::Options::claimed()).unwrap();
//! for f in &report.findings {
//!     eprintln!("{f}");
//! }
//! ```

mod checkpoint;
mod content;
mod fonts;
mod pdfa;
mod reader;
mod structure;
mod tagged;
mod xmp;

pub use checkpoint::{Checkpoint, Family, Finding, Place, Report};
pub use pdfa::Level;

use checkpoint::Findings;
use reader::{stream_bytes, Pdf};

/// What to check a file against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The PDF/UA-1 checks (Matterhorn and structure).
    pub ua: bool,
    /// Check the PDF/UA identifier in the XMP (06-002): `None` checks it
    /// when the file claims PDF/UA, `Some(true)` always, `Some(false)` never.
    pub ua_identification: Option<bool>,
    /// The PDF/A-2 checks at this level: `None` checks the level the file
    /// claims (none when it claims none).
    pub pdfa: Option<Level>,
    /// Skip PDF/A-2 even when claimed.
    pub no_pdfa: bool,
}

impl Options {
    /// PDF/UA-1 checks always, the identifier and PDF/A-2 when the file
    /// claims them.
    pub fn claimed() -> Options {
        Options {
            ua: true,
            ua_identification: None,
            pdfa: None,
            no_pdfa: false,
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::claimed()
    }
}

/// Why a file could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("not a readable PDF: {0}")]
    Unreadable(String),
}

/// Checks `bytes` as a PDF.
pub fn check(bytes: &[u8], options: &Options) -> Result<Report, CheckError> {
    let doc =
        lopdf::Document::load_mem(bytes).map_err(|e| CheckError::Unreadable(e.to_string()))?;
    let pdf = Pdf::new(&doc);
    let pages: Vec<content::PageContent> = pdf
        .pages
        .iter()
        .map(|&p| content::page_content(&pdf, p))
        .collect();
    let xmp_bytes = pdf
        .catalog()
        .and_then(|c| pdf.stream(c, b"Metadata"))
        .map(stream_bytes);
    let parsed = xmp_bytes.as_deref().map(xmp::Xmp::parse);
    let claims_ua = matches!(&parsed, Some(Ok(x)) if x.get(xmp::PDFUAID, "part").is_some());
    let claimed_pdfa = match &parsed {
        Some(Ok(x)) if x.get(xmp::PDFAID, "part").and_then(|v| v.text()) == Some("2") => {
            match x.get(xmp::PDFAID, "conformance").and_then(|v| v.text()) {
                Some("U") | Some("A") => Some(Level::U),
                _ => Some(Level::B),
            }
        }
        Some(Ok(x)) if x.get(xmp::PDFAID, "part").is_some() => Some(Level::B),
        _ => None,
    };
    let pdfa = if options.no_pdfa {
        None
    } else {
        options.pdfa.or(claimed_pdfa)
    };
    let identification = options.ua_identification.unwrap_or(claims_ua);

    let mut out = Findings::default();
    let mut checked: Vec<Checkpoint> = Vec::new();
    if options.ua {
        let tree = structure::Tree::read(&pdf);
        tagged::check(
            &tagged::Inputs {
                pdf: &pdf,
                tree: &tree,
                pages: &pages,
                xmp: parsed.as_ref(),
                identification,
            },
            &mut out,
        );
        checked.extend(
            Checkpoint::ALL
                .iter()
                .filter(|c| matches!(c.family(), Family::Matterhorn | Family::Structure))
                .filter(|c| identification || **c != Checkpoint::M06_002),
        );
    }
    if let Some(level) = pdfa {
        pdfa::check(
            &pdfa::Inputs {
                bytes,
                pdf: &pdf,
                pages: &pages,
                xmp: parsed.as_ref(),
                level,
            },
            &mut out,
        );
        checked.extend(
            Checkpoint::ALL
                .iter()
                .filter(|c| c.family() == Family::PdfA2)
                .filter(|c| level == Level::U || **c != Checkpoint::A2Unicode),
        );
    }
    fonts::check(
        &pdf,
        &pages,
        &fonts::FontChecks {
            ua: options.ua,
            pdfa: pdfa.is_some(),
            pdfa_unicode: pdfa == Some(Level::U),
        },
        &mut out,
    );
    checked.sort();
    checked.dedup();
    Ok(Report {
        findings: out.into_sorted(),
        checked,
    })
}
