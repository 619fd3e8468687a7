//! Heading numbers in right-to-left editions read in the right order
//! through layout and extraction: a level-2 heading `۳.۱` (the levels
//! joined with the language's `heading-number-separator`) must come out
//! of the PDF as `۳.۱`, in the heading, in the contents and in a
//! cross-reference, never as `۱.۳` (Typst's issue #8500 is that mistake).
//!
//! Reports number their sections on one level, so the document is made
//! here, as dossier-report makes one: its numbers and words from the
//! edition's language.

use std::path::Path;

use dossier_canvas::Direction;
use dossier_core::Lang;
use dossier_doc::{
    Block, Document, Heading, Inline, Labels, Metadata, NumberFormatter, RefKind, Script,
    ScriptLanguages, Theme,
};
use dossier_e2e::{assert_pdf_sound, plain_text_of, squashed};
use dossier_lang::{Language, LanguageOptions, LanguageTag, Numbering};

fn heading(level: u8, text: &str, id: &str) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        numbered: true,
        id: Some(id.into()),
    })
}

/// A document in `lang` with three sections, the third with a
/// subsection, and a paragraph that refers to the subsection.
fn document(language: &'static Language, titles: [&str; 5], sentence: [&str; 2]) -> Document {
    let [first, second, third, sub, body] = titles;
    Document {
        lang: language.tag().clone(),
        direction: Direction::Rtl,
        scripts: ScriptLanguages::new(Script::ARABIC),
        numbers: NumberFormatter::from_language(language),
        labels: Labels::from_language(language),
        metadata: Metadata {
            title: first.into(),
            ..Metadata::default()
        },
        cover: None,
        toc: true,
        blocks: vec![
            heading(1, first, "first"),
            Block::Paragraph(vec![Inline::plain(body)]),
            heading(1, second, "second"),
            Block::Paragraph(vec![
                Inline::plain(sentence[0]),
                Inline::cross_ref(RefKind::Section, "sub"),
                Inline::plain(sentence[1]),
            ]),
            heading(1, third, "third"),
            heading(2, sub, "sub"),
            Block::Paragraph(vec![Inline::plain(body)]),
        ],
    }
}

/// Lays out and writes `doc`, and reads it back.
fn extracted(doc: &Document, dir: &Path, name: &str) -> String {
    let bytes = dossier_pdf::render(doc, &Theme::default()).expect("the document renders");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    assert_pdf_sound(&path);
    plain_text_of(&path)
}

/// The lines of `text` that hold `word`.
fn lines_with<'t>(text: &'t str, word: &str) -> Vec<&'t str> {
    text.lines().filter(|l| l.contains(word)).collect()
}

/// Checks the Persian document of `fa` read back: its heading number
/// `number` in order in the heading, the contents and a cross-reference.
fn check_persian(fa: &'static Language, number: &str, name: &str) {
    let doc = document(
        fa,
        [
            "مقدمه",
            "روش کار",
            "بازار",
            "قیمت‌ها",
            "این بخش متن کوتاهی دارد.",
        ],
        ["جزئیات در ", " آمده است."],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let text = extracted(&doc, dir.path(), name);
    let reversed: String = number.chars().rev().collect();
    assert!(
        !text.contains(&reversed),
        "a reversed heading number:\n{text}"
    );
    // The heading itself and its entry in the contents.
    let headings = lines_with(&text, "قیمتها");
    assert_eq!(
        headings.len(),
        2,
        "the heading and its contents entry:\n{text}"
    );
    for line in headings {
        assert!(
            line.starts_with(number),
            "the number must stand first, in order: {line:?}"
        );
    }
    // The cross-reference, after Persian words, keeps its order too.
    assert!(
        squashed(&text).contains(&squashed(&format!("جزئیات در بخش {number} آمده است"))),
        "the cross-reference:\n{text}"
    );
    // Level-one numbers and the page footer are in Persian digits.
    assert!(squashed(&text).contains("۱مقدمه"), "{text}");
    assert!(squashed(&text).contains("صفحهٔ۱از۱"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_ascii_digit()),
        "ASCII digits:\n{text}"
    );
}

#[test]
fn a_level_two_heading_number_reads_in_order_in_persian() {
    let fa = Lang::parse("fa").expect("a shipped language").language();
    // What the language gives: the separator of its message file.
    let number = fa.heading_number(&[3, 1]);
    assert_eq!(number, "۳.۱");
    check_persian(fa, &number, "headings.fa.pdf");
}

/// With a hyphen between the levels, which after Persian words the bidi
/// algorithm alone would show as `۱-۳`, the number still reads `۳-۱`.
#[test]
fn a_hyphenated_heading_number_reads_in_order() {
    let messages = include_str!("../../crates/dossier-lang/messages/fa.toml").replace(
        "heading-number-separator = \".\"",
        "heading-number-separator = \"-\"",
    );
    let tag = LanguageTag::parse("fa").expect("a tag");
    let fa = Language::with_messages(
        &tag,
        LanguageOptions::default(),
        &dossier_canvas::covers,
        "messages/fa.toml",
        &messages,
    )
    .expect("the Persian messages with a hyphen load");
    // Kept for the test's life, as an edition's language is.
    let fa: &'static Language = Box::leak(Box::new(fa));
    let number = fa.heading_number(&[3, 1]);
    assert_eq!(number, "۳-۱");
    check_persian(fa, &number, "headings.fa-hyphen.pdf");
}

#[test]
fn a_level_two_heading_number_reads_in_order_in_arabic() {
    let tag = LanguageTag::parse("ar").expect("a tag");
    let native = LanguageOptions {
        numbering: Numbering::Native,
    };
    let ar = Lang::load(&tag, native, &dossier_canvas::covers).expect("a shipped language");
    let number = ar.language().heading_number(&[3, 1]);
    assert_eq!(number, "٣.١");
    let doc = document(
        ar.language(),
        [
            "مقدمة",
            "المنهج",
            "السوق",
            "الأسعار",
            "في هذا القسم نص قصير.",
        ],
        ["التفاصيل في ", " أدناه."],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let text = extracted(&doc, dir.path(), "headings.ar.pdf");
    let reversed: String = number.chars().rev().collect();
    assert!(
        !text.contains(&reversed),
        "a reversed heading number:\n{text}"
    );
    let headings = lines_with(&text, "الأسعار");
    assert_eq!(
        headings.len(),
        2,
        "the heading and its contents entry:\n{text}"
    );
    for line in headings {
        assert!(
            line.starts_with(&number),
            "the number must stand first, in order: {line:?}"
        );
    }
    assert!(
        squashed(&text).contains(&squashed(&format!("التفاصيل في القسم {number} أدناه"))),
        "the cross-reference:\n{text}"
    );
    assert!(squashed(&text).contains("الصفحة١من١"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_ascii_digit()),
        "ASCII digits:\n{text}"
    );
}
