//! The shipped briefing and the minimal example report, built and read
//! back as a reader would: page count, section titles and key figures in
//! the edition's digits, fonts embedded, `qpdf --check` clean, charts as
//! vector graphics, and byte-identical rebuilds.

use std::path::Path;

use dossier_e2e::{
    assert_pdf_sound, pages, persian_digits, reads_rtl, root, text_of, uncompressed,
};
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

/// Each edition of the shipped briefing: its tag, and text it must read.
const EDITIONS: [&str; 3] = ["fa", "en", "es-CL"];

#[test]
fn every_edition_of_the_shipped_briefing_reads_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let built = build_into(&root().join("reports/us-chile"), dir.path());
    for lang in EDITIONS {
        for chart in ["trade", "balance", "share", "cuba"] {
            for ext in ["png", "svg"] {
                let name = format!("{chart}.{lang}.{ext}");
                assert!(
                    built.files.iter().any(|f| f.name == name),
                    "missing chart file {name}"
                );
            }
        }
        // What every edition passes alike.
        let pdf = dir.path().join(format!("us-chile.{lang}.pdf"));
        assert_pdf_sound(&pdf);
        let n = pages(&pdf);
        assert!((6..=16).contains(&n), "the {lang} edition has {n} pages");
        let catalog = uncompressed(&pdf);
        assert!(
            catalog.contains(&format!("/Lang ({lang})")),
            "no /Lang in the {lang} edition"
        );
        assert!(catalog.contains("/PageMode /UseOutlines"));
        let text = text_of(&pdf);
        assert!(
            !text.contains(['\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
            "layout marks in the extracted text of the {lang} edition"
        );
    }

    let text = text_of(&dir.path().join("us-chile.en.pdf"));
    for expected in [
        "Key points",
        "US policy toward Chile under Pinochet",
        "Trade trends, 1992–1995",
        "Chile–Cuba relations",
        "Annex: data notes and sources",
        "2,375",
        "3,792",
        // CLDR's English minus sign is the hyphen-minus.
        "-1,417",
        "43.7%",
        // The edition date, in the Gregorian calendar alone.
        "Research Desk · Compiled from a single Persian-language article · November 28, 2026",
        "1 Key points",
        "Page 2 of",
    ] {
        assert!(
            text.contains(expected),
            "English edition lacks {expected:?}"
        );
    }

    let fa = dir.path().join("us-chile.fa.pdf");
    let text = text_of(&fa);
    for title in [
        "نکتههای کلیدی",
        "سیاست آمریکا در برابر شیلی در دوران پینوشه",
        "روابط شیلی و کوبا",
        "یادداشت دادهها و منابع",
    ] {
        assert!(text.contains(title), "Persian edition lacks {title:?}");
    }
    for figure in ["2٬375", "3٬792", "43٫7٪"] {
        let persian = persian_digits(figure);
        assert!(text.contains(&persian), "Persian edition lacks {persian:?}");
    }
    // The minus sign stands on the left of the digits, as read.
    assert!(
        text.contains(&persian_digits("−1٬417")),
        "Persian edition lacks its negative balance"
    );
    assert!(
        !text.contains("2,375") && !text.contains("2375"),
        "the Persian edition must use Persian digits"
    );
    // Words, numbers and the calendars read in order: the edition date
    // in the Solar Hijri calendar, the Gregorian date after it, as the
    // report asks; a section number before its title; the page footer.
    for phrase in [
        "برگرفته از یک مقالهٔ فارسی · ۷ آذر ۱۴۰۵ (۲۸ نوامبر ۲۰۲۶)",
        "۱ نکتههای کلیدی",
        "صفحهٔ ۲ از",
    ] {
        assert!(
            reads_rtl(&text, phrase),
            "Persian edition does not read {phrase:?}"
        );
    }
    // Latin names inside Persian keep their order and come out whole, with
    // none of the marks that hold them together on one line.
    for name in ["Assassination on Embassy Row", "El País"] {
        assert!(text.contains(name), "Persian edition lacks {name:?}");
    }
    let catalog = uncompressed(&fa);
    assert!(
        catalog.contains("/Direction /R2L"),
        "no right-to-left reading direction"
    );

    let text = text_of(&dir.path().join("us-chile.es-CL.pdf"));
    for expected in [
        "Puntos clave",
        "Evolución del comercio, 1992–1995",
        "Anexo: notas sobre los datos y fuentes",
        // Four-digit numbers are grouped with a point in es-CL.
        "2.375",
        "3.792",
        "-1.417",
        "43,7%",
        "Equipo de Investigación · Elaborado a partir de un único artículo en persa · 28 de noviembre de 2026",
        "1 Puntos clave",
    ] {
        assert!(text.contains(expected), "Spanish edition lacks {expected:?}");
    }
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
    for lang in EDITIONS {
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
