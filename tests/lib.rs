//! End-to-end tests: build real reports with dossier-report and read the
//! results back with real readers (poppler's `pdftotext`, `pdfinfo`,
//! `pdffonts`, `pdfimages`, and `qpdf`). The helpers here run those readers.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a reader on `file` and returns its stdout; fails the test with a clear
/// message when the reader is not installed.
pub fn read_with(program: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} could not run ({e}); install poppler-utils and qpdf (see README)")
        });
    assert!(
        out.status.success() || program == "qpdf",
        "{program} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `s` with its ASCII digits in the digits of the language `tag`:
/// Persian digits for `fa`.
pub fn digits_of(tag: &str, s: &str) -> String {
    dossier_core::Lang::parse(tag)
        .expect("a shipped language")
        .language()
        .localize_digits(s)
}

/// `s` in Persian digits.
pub fn persian_digits(s: &str) -> String {
    digits_of("fa", s)
}

/// pdftotext output with ZWNJ removed, so that Persian words compare
/// whatever the extractor does with non-joiners (poppler sets a space
/// before a zero-width glyph that carries one).
pub fn text_of(pdf: &Path) -> String {
    read_with("pdftotext", &["-enc", "UTF-8"], pdf)
        .replace(" \u{200C}", "")
        .replace('\u{200C}', "")
}

/// [`text_of`] without the embedding marks poppler sets around runs of
/// the other direction (U+202A to U+202E), each line trimmed: what the
/// words of a line read, in the order they are stored.
pub fn plain_text_of(pdf: &Path) -> String {
    text_of(pdf)
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` without whitespace. poppler moves a space at the edge of a run
/// of the other direction to its other side, so phrases that mix digits
/// and right-to-left words are compared without their spaces: the order
/// of their letters and digits is what a reader reads.
pub fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The characters of `text` as a right-to-left line shows them, left to
/// right (the Unicode bidirectional algorithm), without the invisible
/// marks that steer it and without whitespace.
pub fn shown_rtl(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::rtl()));
    let mut out = String::new();
    for para in &info.paragraphs {
        out.push_str(&info.reorder_line(para, para.range.clone()));
    }
    out.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                )
        })
        .collect()
}

/// Whether a line of the extracted right-to-left `text` shows `phrase`
/// as the phrase shows when laid out on its own: its words, digits and
/// signs in the order a reader sees them. pdftotext writes the runs of
/// the other direction (numbers, Latin words) in the order they stand on
/// the page, inside embedding marks, so the extracted text is compared
/// as it shows, not character by character. `phrase` should begin and
/// end with right-to-left letters, so that it shows in one piece.
pub fn reads_rtl(text: &str, phrase: &str) -> bool {
    let wanted = shown_rtl(phrase);
    text.lines().any(|line| shown_rtl(line).contains(&wanted))
}

/// The number of pages, as `pdfinfo` counts them.
pub fn pages(pdf: &Path) -> usize {
    read_with("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

/// What every edition must pass: `qpdf --check` clean, every font
/// embedded and subset (`pdffonts`), and no bitmap images (charts are
/// vector graphics).
pub fn assert_pdf_sound(pdf: &Path) {
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

/// The PDF with its streams decompressed, as text, to read the catalog.
pub fn uncompressed(pdf: &Path) -> String {
    let out = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("qpdf runs (install qpdf)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
