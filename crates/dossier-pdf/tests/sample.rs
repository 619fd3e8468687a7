//! Renders the sample briefing in Persian and English, writes
//! `target/pdf-sample-{fa,en}.pdf` and reads it back with poppler and qpdf.
//!
//! Looked at by a person on 2026-11-28 (pages rendered with
//! `pdftoppm -png -r 80`): cover with key figures; contents page with dotted
//! leaders, right page numbers in Persian digits, mirrored in Persian;
//! running header and «صفحهٔ X از Y» / "Page X of Y" footer; headings with
//! Persian section numbers; justified paragraphs with the last line at the
//! start edge; bullets and «۱.» numbers on the right in Persian; the table
//! with its first column on the right in Persian, zebra rows, decimal
//! aligned numbers, bold total row under a rule, note below; the bar chart
//! figure (paths, dashed translucent grid lines, Persian labels) unsplit with
//! «شکل ۱» caption; the callout box with its accent bar on the start side.
//! Nothing overlapped or was cut off.

use std::path::PathBuf;
use std::process::Command;

use dossier_doc::{sample::sample_document, Theme};
use dossier_pdf::render;

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
    let path = target_dir().join(if persian {
        "pdf-sample-fa.pdf"
    } else {
        "pdf-sample-en.pdf"
    });
    // Several tests write the same sample at once: write beside it, then
    // rename, so that a reader never sees a half-written file.
    let tmp = path.with_extension(format!("{:?}.tmp", std::thread::current().id()));
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    (path, bytes)
}

#[test]
fn english_sample() {
    let (path, _) = write_sample(false);
    let p = path.to_str().unwrap();
    let Some(check) = tool("qpdf", &["--check", p]) else {
        return;
    };
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let fonts = tool("pdffonts", &[p]).unwrap();
    for line in fonts.lines().skip(2) {
        assert!(line.contains("yes yes"), "font not embedded+subset: {line}");
    }
    let info = tool("pdfinfo", &[p]).unwrap();
    assert!(info.contains("Bilateral trade briefing"), "{info}");
    let text = tool("pdftotext", &["-layout", p, "-"]).unwrap();
    assert!(
        text.contains("Bilateral trade reached 24.5 billion dollars in 2023"),
        "{text}"
    );
    assert!(text.contains("Page 3 of"), "{text}");
}

#[test]
fn persian_sample() {
    let (path, _) = write_sample(true);
    let p = path.to_str().unwrap();
    let Some(check) = tool("qpdf", &["--check", p]) else {
        return;
    };
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let fonts = tool("pdffonts", &[p]).unwrap();
    for line in fonts.lines().skip(2) {
        assert!(line.contains("yes yes"), "font not embedded+subset: {line}");
    }
    let info = tool("pdfinfo", &[p]).unwrap();
    assert!(info.contains("گزارش تجارت دوجانبه"), "{info}");
    let text = tool("pdftotext", &[p, "-"]).unwrap();
    // Ligatures (لا) come out as their letters, in reading order.
    for word in [
        "تجارت دوجانبه در سال",
        "میلیارد دلار رسید",
        "مبادلات",
        "کارشناسان",
        "خلاصه",
    ] {
        assert!(text.contains(word), "missing {word}:\n{text}");
    }
    // Words with a zero-width non-joiner or a hamza above come out whole:
    // no space before or after the joiner or the mark.
    for word in [
        "ماشین\u{200C}آلات",
        "می\u{200C}گویند",
        "داده\u{200C}های",
        "صفحهٔ",
    ] {
        assert!(text.contains(word), "missing {word}:\n{text}");
    }
    for gap in [" \u{200C}", "\u{200C} ", " \u{0654}"] {
        assert!(
            !text.contains(gap),
            "space around a joiner or mark:\n{text}"
        );
    }
    assert!(text.contains("گزارش تجارت دوجانبه"), "{text}");
}

/// Every table-of-contents entry and outline entry points at the page that
/// really holds the heading's anchor, and the contents page links to it.
#[test]
fn toc_numbers_match_pages() {
    use dossier_canvas::{Item, LinkTarget};
    fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
        for i in items {
            match i {
                Item::Group(g) => walk(&g.items, out),
                other => out.push(other),
            }
        }
    }
    for persian in [false, true] {
        let theme = Theme::default();
        let doc = sample_document(persian, 3, &theme);
        let laid = dossier_pdf::layout(&doc, &theme).unwrap();
        assert!(laid.outline.len() >= 6);
        for e in &laid.outline {
            let mut items = Vec::new();
            walk(&laid.pages[e.page].items, &mut items);
            assert!(
                items
                    .iter()
                    .any(|i| matches!(i, Item::Anchor { name, .. } if *name == e.anchor)),
                "anchor {} not on page {}",
                e.anchor,
                e.page + 1
            );
        }
        // Page 2 opens with the contents: one link per level 1-2 heading,
        // before the links of the body that follows them on the page.
        let mut items = Vec::new();
        walk(&laid.pages[1].items, &mut items);
        let links: Vec<&String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Link {
                    target: LinkTarget::Anchor(a),
                    ..
                } => Some(a),
                _ => None,
            })
            .collect();
        let expected: Vec<&String> = laid
            .outline
            .iter()
            .filter(|e| e.level <= 2)
            .map(|e| &e.anchor)
            .collect();
        assert_eq!(links[..expected.len().min(links.len())], expected[..]);
        // The printed numbers: the contents page text holds each page number.
        let bytes = dossier_pdf::write_layout(&doc, &laid).unwrap();
        let path = target_dir().join(format!("pdf-toc-{}.pdf", if persian { "fa" } else { "en" }));
        std::fs::write(&path, bytes).unwrap();
        if let Some(text) = tool(
            "pdftotext",
            &["-f", "2", "-l", "2", "-layout", path.to_str().unwrap(), "-"],
        ) {
            for e in laid.outline.iter().filter(|e| e.level <= 2) {
                let n = doc.numbers.count(e.page as u64 + 1);
                assert!(
                    text.contains(&n),
                    "page number {n} missing from contents:\n{text}"
                );
            }
        }
    }
}

#[test]
fn id_is_content_hash() {
    let (_, bytes) = write_sample(false);
    // The `/ID` is in the dictionary of the cross-reference stream, the
    // last object of the file.
    let at = bytes
        .windows(10)
        .rposition(|w| w == b"/Type/XRef" || w == b"/Type /XRe")
        .expect("a cross-reference stream");
    let dict = String::from_utf8_lossy(&bytes[at.saturating_sub(600)..(at + 600).min(bytes.len())])
        .to_uppercase();
    assert!(dict.contains("/ID"), "{dict}");
    assert!(
        !dict.contains("A5A5A5A5A5A5A5A5"),
        "placeholder left in /ID: {dict}"
    );
    // The same bytes rebuilt give the same `/ID`; it is a hash, not a
    // constant: another document gets another.
    let (_, other) = write_sample(true);
    let id = |b: &[u8]| {
        let text = String::from_utf8_lossy(b).to_string();
        let i = text.rfind("/ID").expect("an /ID");
        text[i..(i + 80).min(text.len())].to_string()
    };
    assert_eq!(id(&bytes), id(&write_sample(false).1));
    assert_ne!(id(&bytes), id(&other));
}

/// Blocks are laid out and pages written on several threads; the bytes
/// must not depend on how many there are or which one did what.
#[test]
fn same_bytes_on_one_thread_and_on_many() {
    let theme = Theme::default();
    for persian in [false, true] {
        let doc = sample_document(persian, 3, &theme);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool")
                .install(|| render(&doc, &theme).expect("renders"))
        };
        let one = on(1);
        assert_eq!(one, on(4), "persian: {persian}");
        assert_eq!(one, on(3), "persian: {persian}");
    }
}
