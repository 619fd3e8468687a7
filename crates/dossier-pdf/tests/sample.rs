//! Renders the sample briefing in Persian and English, writes
//! `target/pdf-sample-{fa,en}.pdf` and reads it back with poppler and qpdf.

use std::path::PathBuf;
use std::process::Command;

use dossier_pdf::{render, sample::sample_document, Theme};

fn target_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(name: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(name).args(args).output().ok()?;
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn write_sample(persian: bool) -> (PathBuf, Vec<u8>) {
    let theme = Theme::default();
    let doc = sample_document(persian, 2, &theme);
    let bytes = render(&doc, &theme).expect("render");
    let again = render(&doc, &theme).expect("render");
    assert!(bytes == again, "two renders differ");
    let path = target_dir().join(if persian { "pdf-sample-fa.pdf" } else { "pdf-sample-en.pdf" });
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn english_sample() {
    let (path, _) = write_sample(false);
    let p = path.to_str().unwrap();
    let Some(check) = tool("qpdf", &["--check", p]) else { return };
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    let fonts = tool("pdffonts", &[p]).unwrap();
    for line in fonts.lines().skip(2) {
        assert!(line.contains("yes yes"), "font not embedded+subset: {line}");
    }
    let info = tool("pdfinfo", &[p]).unwrap();
    assert!(info.contains("Iran–Chile trade briefing"), "{info}");
    let text = tool("pdftotext", &["-layout", p, "-"]).unwrap();
    assert!(text.contains("Bilateral trade reached 24.5 billion dollars in 2023"), "{text}");
    assert!(text.contains("Page 3 of"), "{text}");
}

#[test]
fn persian_sample() {
    let (path, _) = write_sample(true);
    let p = path.to_str().unwrap();
    let Some(check) = tool("qpdf", &["--check", p]) else { return };
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    let fonts = tool("pdffonts", &[p]).unwrap();
    for line in fonts.lines().skip(2) {
        assert!(line.contains("yes yes"), "font not embedded+subset: {line}");
    }
    let info = tool("pdfinfo", &[p]).unwrap();
    assert!(info.contains("گزارش تجارت ایران و شیلی"), "{info}");
    let text = tool("pdftotext", &[p, "-"]).unwrap();
    for word in ["تجارت", "دوجانبه", "صادرات", "ماشین‌آلات", "کارشناسان", "میلیارد"] {
        assert!(text.contains(word), "missing {word}:\n{text}");
    }
}
