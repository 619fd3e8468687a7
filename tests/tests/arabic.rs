//! A report in Arabic (`tests/fixtures/arabic`), with Arabic-Indic digits
//! (٠–٩), Arabic punctuation and right-to-left layout, built and read back
//! as a reader would: proof that right to left is not hard-wired to
//! Persian. Its text reads in logical order, its numbers are in Arabic
//! digits everywhere, the PDF passes `qpdf --check`, its fonts are
//! embedded and subset, and a second build is byte-identical.

use std::path::Path;

use dossier_e2e::{assert_pdf_sound, pages, reads_rtl, root, text_of, uncompressed};
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

fn fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/arabic")
}

fn build_into(out: &Path) -> Built {
    let built = build(&fixture(), &options()).unwrap_or_else(|e| panic!("build failed: {e}"));
    for f in &built.files {
        std::fs::write(out.join(&f.name), &f.bytes).expect("write output");
    }
    built
}

/// Digits that are not the edition's: ASCII, and Persian (U+06F0 to
/// U+06F9), which look alike but are other characters.
fn foreign_digits(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_ascii_digit() || ('\u{6F0}'..='\u{6F9}').contains(c))
        .collect()
}

#[test]
fn the_arabic_report_reads_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let built = build_into(dir.path());
    for name in ["visitors.ar.png", "visitors.ar.svg"] {
        assert!(
            built.files.iter().any(|f| f.name == name),
            "missing chart file {name}"
        );
    }
    let pdf = dir.path().join("arabic.ar.pdf");
    assert_pdf_sound(&pdf);
    assert_eq!(
        pages(&pdf),
        3,
        "cover, contents with the first sections, and one more page"
    );
    let text = text_of(&pdf);

    // Words, figures, percentages (one that grows, one that falls),
    // cross-references, the citation and the footnote, each reading as
    // the edition wrote it.
    for phrase in [
        "زوار مكتبة المدينة",
        "المحتويات",
        "استقبلت مكتبة المدينة ١٦٬٠٣٢ زائرًا في عام",
        "أي بزيادة قدرها ٢٨٫٥٪\u{61C} على عام",
        "فتغيّر بنسبة \u{61C}-٨٫٠٪\u{61C} في المدة نفسها",
        "إذ بلغ ٧٬٦٤٢ كتابًا في عام",
        "الجدول ١",
        "الشكل ١",
        "للمكتبة (التقرير السنوي) هذه الأرقام كلها",
        "هل يعني ذلك أن القراء صاروا يفضّلون القراءة داخل المكتبة؟",
        "لا تجيب البيانات عن هذا السؤال؛ فهي تعدّ الزيارات",
        "يُحسب الزائر مرة واحدة في كل يوم يدخل فيه المكتبة.",
        "١ الزيارات والإعارة",
        "٢ ملاحظات على البيانات",
        "الصفحة ٢ من ٣",
        "المصدر: التقرير السنوي، الصفحة ٤ والصفحة ٥ (انظر المصادر)",
        "متّسق",
        // The cover: the author and the date, in the Gregorian calendar
        // (the default of `ar`) with its Arabic month name.
        "وحدة البحوث في المكتبة · ١٥ يناير ٢٠٢٦",
    ] {
        assert!(
            reads_rtl(&text, phrase),
            "the Arabic report does not read {phrase:?}:\n{text}"
        );
    }
    // The table's cells and the chart's ticks and values.
    for number in ["١٢٬٤٨٠", "١٤٬٢١٥", "٨٬٣١٠", "٧٬٩٠٥", "٢٠٬٠٠٠", "٢٠٢٢"]
    {
        assert!(text.contains(number), "the Arabic report lacks {number}");
    }
    let foreign = foreign_digits(&text);
    assert!(
        foreign.is_empty(),
        "digits other than Arabic-Indic ones: {foreign:?}\n{text}"
    );
    assert!(
        !text.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
        "layout marks in the extracted text"
    );
    let catalog = uncompressed(&pdf);
    assert!(catalog.contains("/Lang (ar)"), "no /Lang (ar)");
    assert!(
        catalog.contains("/Direction /R2L"),
        "no right-to-left reading direction"
    );

    // The charts are in the edition's digits too.
    let svg = built
        .files
        .iter()
        .find(|f| f.name == "visitors.ar.svg")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .expect("the chart's SVG");
    assert!(svg.contains("١٦٬٠٣٢"), "the chart's value labels");
}

#[test]
fn the_arabic_report_rebuilds_byte_identical() {
    let a = build(&fixture(), &options()).expect("first build");
    let b = build(&fixture(), &options()).expect("second build");
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between builds", x.name);
    }
}
