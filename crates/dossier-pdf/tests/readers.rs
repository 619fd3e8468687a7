//! Every PDF must read cleanly in poppler: `pdfinfo` and `pdftotext` run
//! over documents whose title, subtitle, author, key-figure labels,
//! headings, paragraphs and link texts have many lengths (1 byte to several
//! thousand, Persian and English), and any warning either prints counts as
//! a failure. Poppler finds cross-reference entries by position, so a
//! table with holes or several sections, which `qpdf --check` accepts,
//! shows up here ("Couldn't find trailer dictionary").

use std::process::Command;

use dossier_doc::sample::sample_document;
use dossier_doc::{Block, Heading, Inline, Link, Theme};
use dossier_pdf::render;

/// Byte lengths around the boundaries readers use for buffers and tokens.
const LENGTHS: [usize; 14] = [
    1, 2, 31, 127, 128, 129, 200, 255, 256, 257, 1000, 1024, 3000, 6000,
];

/// Text of about `bytes` bytes made of `word`, cut at a character
/// boundary; at least one character.
fn text_of(word: &str, bytes: usize) -> String {
    let mut out = String::new();
    for c in word.chars().cycle() {
        if out.len() + c.len_utf8() > bytes && !out.is_empty() {
            break;
        }
        out.push(c);
    }
    out
}

/// Runs `tool` with `args`; `None` when poppler is not installed. Fails on
/// a non-zero exit or on anything printed to stderr.
fn run_clean(tool: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(tool).args(args).output().ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "{tool} {args:?}: exit {:?}, stderr: {stderr}",
        out.status.code()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn check(persian: bool, bytes: usize) {
    let word = if persian {
        "تجارت کالا "
    } else {
        "Trade goods "
    };
    let text = text_of(word, bytes);
    let theme = Theme::default();
    let mut doc = sample_document(persian, 1, &theme);
    doc.metadata.title = text.clone();
    doc.metadata.subtitle = text.clone();
    doc.metadata.subject = text.clone();
    doc.metadata.author = text.clone();
    doc.metadata.keywords = vec![text.clone(), text.clone()];
    if let Some(cover) = doc.cover.as_mut() {
        cover.title = text.clone();
        cover.subtitle = text.clone();
        for (_, label) in &mut cover.key_figures {
            *label = text.clone();
        }
    }
    doc.blocks.push(Block::Heading(Heading {
        level: 1,
        text: text.clone(),
        numbered: true,
        id: Some("long".into()),
    }));
    doc.blocks.push(Block::Paragraph(vec![
        Inline::plain(text.clone()),
        Inline::link(text.clone(), Link::from_href("#long")),
        Inline::link(text.clone(), Link::from_href("https://example.org/a?b=c")),
    ]));
    let pdf = render(&doc, &theme).expect("render");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let p = path.to_str().expect("utf-8 path");
    let Some(info) = run_clean("pdfinfo", &[p]) else {
        eprintln!("pdfinfo not installed; skipped");
        return;
    };
    let first: String = text.chars().take(20).collect();
    assert!(info.contains(first.trim()), "title missing: {info}");
    run_clean("pdfinfo", &["-meta", p]);
    let extracted = run_clean("pdftotext", &[p, "-"]).unwrap_or_default();
    assert!(!extracted.trim().is_empty(), "no text extracted");
}

#[test]
fn english_texts_of_every_length_read_cleanly() {
    for bytes in LENGTHS {
        check(false, bytes);
    }
}

#[test]
fn persian_texts_of_every_length_read_cleanly() {
    for bytes in LENGTHS {
        check(true, bytes);
    }
}

#[test]
fn cross_reference_stream_lists_every_object_once() {
    let theme = Theme::default();
    let doc = sample_document(false, 2, &theme);
    let pdf = render(&doc, &theme).expect("render");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("xref.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let p = path.to_str().expect("utf-8 path");
    let Some(listing) = run_clean("qpdf", &["--show-xref", p]) else {
        eprintln!("qpdf is not installed; scripts/test installs it");
        return;
    };
    // One entry per object, numbered 1, 2, 3, … with no gap: each one
    // either at an offset of the file or inside an object stream.
    let mut expected = 1usize;
    for line in listing.lines() {
        let (id, what) = line.split_once(": ").expect("`n/g: …`");
        assert_eq!(id, format!("{expected}/0"), "{line}");
        assert!(
            what.starts_with("uncompressed; offset = ")
                || what.starts_with("compressed; stream = "),
            "{line}"
        );
        expected += 1;
    }
    assert!(expected > 10, "{listing}");
    assert!(
        pdf.windows(7).any(|w| w == b"/ObjStm"),
        "dictionaries go into object streams"
    );
}
