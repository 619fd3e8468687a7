//! Cross-references and footnotes, laid out: a reference prints its
//! target's real number and links to it; a footnote's number follows the
//! document order, and its note stands at the foot of the page that
//! references it.

use std::process::Command;

use dossier_canvas::{Item, LinkTarget, Point, Rect, Scene, Transform};
use dossier_doc::sample::{empty_document, sample_chart};
use dossier_doc::{
    Block, Caption, Document, Figure, HeaderCell, Heading, Inline, RefKind, Table, Theme,
};
use dossier_pdf::{layout, render, Layout, PdfError};

/// Every item of a page with the transform that places it.
fn flatten(items: &[Item], t: Transform, out: &mut Vec<(Transform, Item)>) {
    for item in items {
        match item {
            Item::Group(g) => flatten(&g.items, t.then(g.transform), out),
            other => out.push((t, other.clone())),
        }
    }
}

fn page_items(page: &Scene) -> Vec<(Transform, Item)> {
    let mut out = Vec::new();
    flatten(&page.items, Transform::translate(0.0, 0.0), &mut out);
    out
}

/// The page that holds the anchor `name`, and the anchor's y on it.
fn anchor(laid: &Layout, name: &str) -> Option<(usize, f32)> {
    laid.pages.iter().enumerate().find_map(|(i, page)| {
        page_items(page)
            .into_iter()
            .find_map(|(t, item)| match item {
                Item::Anchor { name: n, at } if n == name => Some((i, t.apply(at).y)),
                _ => None,
            })
    })
}

/// The pages holding a link to the anchor `name`, with the link's box.
fn links_to(laid: &Layout, name: &str) -> Vec<(usize, Rect)> {
    let mut out = Vec::new();
    for (i, page) in laid.pages.iter().enumerate() {
        for (t, item) in page_items(page) {
            if let Item::Link {
                rect,
                target: LinkTarget::Anchor(a),
            } = item
            {
                if a == name {
                    let p = t.apply(Point::new(rect.x, rect.y));
                    out.push((i, Rect::new(p.x, p.y, rect.width, rect.height)));
                }
            }
        }
    }
    out
}

fn pdftotext(pdf: &[u8], page: usize) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).ok()?;
    let n = (page + 1).to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, path.to_str()?, "-"])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Extracted text without the bidi controls pdftotext puts around
/// right-to-left runs, on one line with single spaces.
fn plain_words(text: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let kept: String = text.chars().filter(|c| !bidi(*c)).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

const WORDS: &str = "The figures of this section come from the survey of the year, and every one of them is checked against the tables it cites before it is printed here.";

fn heading(text: &str, id: &str) -> Block {
    Block::Heading(Heading {
        level: 1,
        text: text.into(),
        numbered: true,
        id: Some(id.into()),
    })
}

/// A document with a section, a numbered table and figure with ids, and a
/// paragraph referring to all three.
fn referring(persian: bool) -> Document {
    let theme = Theme::default();
    let mut doc = empty_document(persian);
    doc.blocks = vec![
        heading("Prices", "prices"),
        Block::Table(Table {
            id: Some("tbl-costs".into()),
            caption: "Costs".into(),
            number: Some(2),
            header: vec![HeaderCell::row_of(["Item", "Cost"])],
            rows: vec![vec!["Bread".into(), "3".into()]],
            ..Table::default()
        }),
        Block::Figure(Figure {
            id: Some("fig-growth".into()),
            scene: sample_chart(persian, &theme),
            caption: Caption {
                title: "Growth".into(),
                subtitle: None,
            },
            number: Some(1),
            ..Figure::default()
        }),
        heading("Summary", "summary"),
        Block::Paragraph(vec![
            Inline::plain("As "),
            Inline::cross_ref(RefKind::Table, "tbl-costs"),
            Inline::plain(" and "),
            Inline::cross_ref(RefKind::Figure, "fig-growth"),
            Inline::plain(" show, and "),
            Inline::cross_ref(RefKind::Section, "prices"),
            Inline::plain(" says."),
        ]),
    ];
    doc
}

#[test]
fn cross_references_print_the_real_numbers_and_link_to_their_targets() {
    let theme = Theme::default();
    for persian in [false, true] {
        let doc = referring(persian);
        let laid = layout(&doc, &theme).unwrap();
        let (ref_page, _) = links_to(&laid, "tbl-costs")[0];
        for target in ["tbl-costs", "fig-growth", "prices"] {
            assert!(anchor(&laid, target).is_some(), "no anchor {target}");
            assert_eq!(links_to(&laid, target).len(), 1, "{target}");
        }
        let index = doc.index().unwrap();
        let words: Vec<String> = ["tbl-costs", "fig-growth", "prices"]
            .iter()
            .map(|id| doc.reference_text(index.get(id).unwrap()))
            .collect();
        let expected: [&str; 3] = if persian {
            ["جدول ۲", "شکل ۱", "بخش ۱"]
        } else {
            ["Table 2", "Figure 1", "Section 1"]
        };
        assert_eq!(words, expected);
        let pdf = render(&doc, &theme).unwrap();
        if let Some(text) = pdftotext(&pdf, ref_page) {
            let text = plain_words(&text);
            for word in &expected {
                // Right-to-left extraction may put the number first.
                let (name, number) = word.split_once(' ').unwrap();
                assert!(
                    text.contains(*word) || text.contains(&format!("{number} {name}")),
                    "{word} missing:\n{text}"
                );
            }
        }
    }
}

#[test]
fn a_reference_to_a_missing_block_is_an_error_not_a_panic() {
    let mut doc = referring(false);
    doc.blocks.push(Block::Paragraph(vec![Inline::cross_ref(
        RefKind::Figure,
        "nowhere",
    )]));
    let e = layout(&doc, &Theme::default()).unwrap_err();
    assert!(matches!(e, PdfError::Document(_)), "{e}");
    assert!(e.to_string().contains("`nowhere`"), "{e}");
}

/// Paragraphs, every third with a footnote, over several pages.
fn annotated(persian: bool) -> Document {
    let mut doc = empty_document(persian);
    doc.blocks.push(heading("Notes", "notes"));
    for i in 0..36 {
        let mut p = vec![Inline::plain(format!("{i}. {WORDS} {WORDS}"))];
        if i % 3 == 1 {
            p.push(Inline::footnote(vec![Inline::plain(format!(
                "Note on paragraph {i}: the survey counts households, not people."
            ))]));
            p.push(Inline::plain(format!(" {WORDS}")));
        }
        doc.blocks.push(Block::Paragraph(p));
    }
    doc
}

#[test]
fn footnotes_stand_at_the_foot_of_the_page_that_references_them() {
    let theme = Theme::default();
    let (_, page_height) = theme.page.points();
    let bottom = page_height - theme.margin_bottom;
    for persian in [false, true] {
        let doc = annotated(persian);
        let laid = layout(&doc, &theme).unwrap();
        assert!(laid.pages.len() >= 4, "{} pages", laid.pages.len());
        let mut pages = Vec::new();
        for n in 1..=12 {
            let name = format!("fn-{n}");
            let refs = links_to(&laid, &name);
            assert_eq!(refs.len(), 1, "{name}");
            let (ref_page, mark) = refs[0];
            let Some((note_page, note_y)) = anchor(&laid, &name) else {
                panic!("no note {name}")
            };
            assert_eq!(note_page, ref_page, "{name}");
            assert!(note_y > mark.y, "{name}: the note is below its reference");
            assert!(note_y < bottom, "{name}: inside the text area");
            pages.push(note_page);
        }
        assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
        assert!(pages.first() < pages.last(), "notes on several pages");
        // Nothing of the body runs into the notes: every body link (the
        // marks) is above the first note of its page.
        for n in 1..=12 {
            let (page, mark) = links_to(&laid, &format!("fn-{n}"))[0];
            let first_note = (1..=12)
                .filter_map(|k| anchor(&laid, &format!("fn-{k}")))
                .filter(|(p, _)| *p == page)
                .map(|(_, y)| y)
                .fold(f32::INFINITY, f32::min);
            assert!(mark.y + mark.height <= first_note, "fn-{n}");
        }
        // The note's words are on its page, with its number.
        let pdf = render(&doc, &theme).unwrap();
        let (page, _) = anchor(&laid, "fn-5").unwrap();
        if let Some(text) = pdftotext(&pdf, page) {
            assert!(text.contains("Note on paragraph 13"), "{text}");
        }
    }
}
