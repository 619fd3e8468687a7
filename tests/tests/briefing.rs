//! The shipped briefing and the minimal example report, built and read
//! back as a reader would: page count, section titles and key figures in
//! the edition's digits, fonts embedded, `qpdf --check` clean, charts as
//! vector graphics, and byte-identical rebuilds.

use std::path::Path;

use dossier_e2e::{persian_digits, read_with, root};
use dossier_report::{build, BuildOptions, Built};

fn options() -> BuildOptions {
    BuildOptions {
        langs: None,
        pdf: true,
        png: true,
        svg: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    }
}

fn build_into(report: &Path, out: &Path) -> Built {
    let built = build(report, &options()).unwrap_or_else(|e| panic!("build failed: {e}"));
    for f in &built.files {
        std::fs::write(out.join(&f.name), &f.bytes).expect("write output");
    }
    built
}

/// pdftotext output with ZWNJ removed, so that Persian words compare
/// whatever the extractor does with non-joiners (poppler sets a space
/// before a zero-width glyph that carries one).
fn text_of(pdf: &Path) -> String {
    read_with("pdftotext", &["-enc", "UTF-8"], pdf)
        .replace(" \u{200C}", "")
        .replace('\u{200C}', "")
}

fn pages(pdf: &Path) -> usize {
    read_with("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

fn assert_pdf_sound(pdf: &Path) {
    let check = read_with("qpdf", &["--check"], pdf);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "qpdf --check {}:\n{check}",
        pdf.display()
    );
    let fonts = read_with("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(
            n >= 5 && cols[n - 5] == "yes" && cols[n - 4] == "yes",
            "font not embedded and subset: {row}"
        );
    }
    let images = read_with("pdfimages", &["-list"], pdf);
    assert_eq!(
        images.lines().count(),
        2,
        "charts must be vector graphics, but pdfimages lists bitmaps:\n{images}"
    );
}

#[test]
fn shipped_briefing_reads_right_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let built = build_into(&root().join("reports/us-chile"), dir.path());
    for lang in ["fa", "en", "es-CL"] {
        for chart in ["trade", "balance", "share", "cuba"] {
            for ext in ["png", "svg"] {
                let name = format!("{chart}.{lang}.{ext}");
                assert!(
                    built.files.iter().any(|f| f.name == name),
                    "missing chart file {name}"
                );
            }
        }
    }

    let en = dir.path().join("us-chile.en.pdf");
    assert_pdf_sound(&en);
    let n = pages(&en);
    assert!((6..=16).contains(&n), "English edition has {n} pages");
    let text = text_of(&en);
    for title in [
        "Key points",
        "US policy toward Chile under Pinochet",
        "Trade trends, 1992–1995",
        "Chile–Cuba relations",
        "Annex: data notes and sources",
        "2,375",
        "3,792",
        "1,417",
    ] {
        assert!(text.contains(title), "English edition lacks {title:?}");
    }
    let catalog = uncompressed(&en);
    assert!(
        catalog.contains("/Lang (en)"),
        "no /Lang in the English edition"
    );
    assert!(catalog.contains("/PageMode /UseOutlines"));

    let fa = dir.path().join("us-chile.fa.pdf");
    assert_pdf_sound(&fa);
    let n = pages(&fa);
    assert!((6..=16).contains(&n), "Persian edition has {n} pages");
    let text = text_of(&fa);
    for title in [
        "نکتههای کلیدی",
        "سیاست آمریکا در برابر شیلی در دوران پینوشه",
        "روابط شیلی و کوبا",
        "یادداشت دادهها و منابع",
    ] {
        assert!(text.contains(title), "Persian edition lacks {title:?}");
    }
    for figure in ["2٬375", "3٬792", "1٬417"] {
        let persian = persian_digits(figure);
        assert!(text.contains(&persian), "Persian edition lacks {persian:?}");
    }
    assert!(
        !text.contains("2,375") && !text.contains("2375"),
        "the Persian edition must use Persian digits"
    );
    // Latin names inside Persian keep their order and come out whole, with
    // none of the marks that hold them together on one line.
    for name in ["Assassination on Embassy Row", "El País"] {
        assert!(text.contains(name), "Persian edition lacks {name:?}");
    }
    assert!(
        !text.contains(['\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
        "layout marks in the extracted text"
    );
    let es = dir.path().join("us-chile.es-CL.pdf");
    assert_pdf_sound(&es);
    let text = text_of(&es);
    for title in [
        "Puntos clave",
        "Evolución del comercio, 1992–1995",
        "Anexo: notas sobre los datos y fuentes",
        "Equipo de Investigación",
    ] {
        assert!(text.contains(title), "Spanish edition lacks {title:?}");
    }
    assert!(
        text.contains("2.375"),
        "Spanish edition groups thousands with a point"
    );
    let catalog = uncompressed(&fa);
    assert!(
        catalog.contains("/Lang (fa)"),
        "no /Lang in the Persian edition"
    );
    assert!(
        catalog.contains("/Direction /R2L"),
        "no right-to-left reading direction"
    );
}

/// The PDF with its streams decompressed, as text, to read the catalog.
fn uncompressed(pdf: &Path) -> String {
    let out = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("qpdf runs (install qpdf)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_builds_are_byte_identical() {
    let report = root().join("reports/us-chile");
    let a = build(&report, &options()).expect("first build");
    let b = build(&report, &options()).expect("second build");
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between builds", x.name);
    }
}

#[test]
fn minimal_example_report_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    build_into(&root().join("tests/fixtures/minimal"), dir.path());
    let pdf = dir.path().join("minimal.en.pdf");
    assert_pdf_sound(&pdf);
    assert!(dir.path().join("passengers.en.svg").is_file());
    let text = text_of(&pdf);
    // The figure, the cross-references with their real numbers, the
    // citation and the footnote.
    for expected in [
        "carried 502 thousand passengers",
        "22.4% more than in 2021",
        "Table 1",
        "Figure 1",
        "(Port report)",
        "Rapport annuel du port",
        "Each passenger is counted once per crossing.",
        "Traffic grew by more than 20%",
        "consistent",
    ] {
        assert!(
            text.contains(expected),
            "the minimal report lacks {expected:?}:\n{text}"
        );
    }
}

/// Words the prose marks as another language (`[words]{lang=fr}`) are a
/// `Span` with that `/Lang` in the PDF's structure tree.
#[test]
fn marked_words_carry_their_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    build_into(&root().join("tests/fixtures/minimal"), dir.path());
    let pdf = lopdf::Document::load(dir.path().join("minimal.en.pdf")).expect("a PDF");
    let spans: Vec<&lopdf::Dictionary> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Span".as_slice()))
        .collect();
    let french = spans
        .iter()
        .filter(|d| d.get(b"Lang").and_then(|l| l.as_str()).ok() == Some(b"fr".as_slice()))
        .count();
    assert!(
        french >= 1,
        "no Span with /Lang (fr) among {} spans",
        spans.len()
    );
}

/// Words of the machinery that built a report, which a reader must never
/// see: the tool's name and crates, file paths and hashes of the data, and
/// the ids of claims.
#[test]
fn no_machinery_words_in_any_edition() {
    let dir = tempfile::tempdir().expect("tempdir");
    build_into(&root().join("reports/us-chile"), dir.path());
    let claims = std::fs::read_to_string(root().join("data/claims.toml")).expect("claims");
    let ids: Vec<&str> = claims
        .lines()
        .filter_map(|l| l.trim().strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    for lang in ["fa", "en", "es-CL"] {
        let text = text_of(&dir.path().join(format!("us-chile.{lang}.pdf")));
        let lower = text.to_lowercase();
        for word in [
            "dossier",
            "data/sources",
            "000_be3af3bae581de8e",
            ".csv",
            ".toml",
        ] {
            assert!(!lower.contains(word), "the {lang} edition shows {word:?}");
        }
        for id in &ids {
            assert!(
                !text.contains(id),
                "the {lang} edition shows the claim id {id:?}"
            );
        }
    }
}
