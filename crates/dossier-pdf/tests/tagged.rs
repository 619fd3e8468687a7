//! The sample document, tagged, declared PDF/UA-1 and PDF/A-2u, read back
//! by dossier-pdfcheck in both languages: no finding. Written without
//! tags it has no structure, and cannot claim PDF/UA-1.

use dossier_doc::{sample::sample_document, Theme};
use dossier_pdf::{layout, write_layout_with, PdfError, PdfOptions, Standards};

fn render(persian: bool, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let theme = Theme::default();
    let doc = sample_document(persian, 2, &theme);
    let laid = layout(&doc, &theme)?;
    write_layout_with(&doc, &laid, options)
}

fn claimed() -> PdfOptions {
    PdfOptions {
        standards: Standards::parse("ua-1,a-2u").unwrap(),
        tagged: true,
    }
}

fn assert_clean(persian: bool) {
    let bytes = render(persian, &claimed()).unwrap();
    let report = dossier_pdfcheck::check(&bytes, &dossier_pdfcheck::Options::claimed()).unwrap();
    let text: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert!(text.is_empty(), "{}", text.join("\n"));
    // Both families ran.
    assert!(report
        .checked
        .contains(&dossier_pdfcheck::Checkpoint::M01_005));
    assert!(report
        .checked
        .iter()
        .any(|c| c.family() == dossier_pdfcheck::Family::PdfA2));
    assert_eq!(
        bytes,
        render(persian, &claimed()).unwrap(),
        "rebuild differs"
    );
}

#[test]
fn english_sample_passes_the_checker() {
    assert_clean(false);
}

#[test]
fn persian_sample_passes_the_checker() {
    assert_clean(true);
}

#[test]
fn untagged_has_no_structure() {
    let options = PdfOptions {
        standards: Standards::NONE,
        tagged: false,
    };
    let bytes = render(false, &options).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_err());
    assert!(catalog.get(b"MarkInfo").is_err());
    let ua = PdfOptions {
        standards: Standards::parse("ua-1").unwrap(),
        tagged: false,
    };
    assert_eq!(render(false, &ua), Err(PdfError::UntaggedUa));
}
