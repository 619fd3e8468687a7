//! The page on neutral documents: languages and directions, escaping of
//! hostile text, the link rule, ids, header scopes, footnotes,
//! cross-references and figure alternative text.

use dossier_canvas::Scene;
use dossier_doc::sample::{empty_document, sample_document};
use dossier_doc::{
    Block, Caption, Cover, Document, Figure, HeaderCell, Heading, Inline, Link, List, RefKind,
    Scope, Span, Table, Theme,
};
use dossier_lang::LanguageTag;

use crate::{write, HtmlError, Options};

fn options() -> Options {
    Options {
        embed_fonts: false,
        ..Options::default()
    }
}

fn page(doc: &Document) -> String {
    write(doc, &options()).unwrap()
}

fn heading(level: u8, text: &str, id: Option<&str>) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        numbered: true,
        id: id.map(String::from),
    })
}

fn doc(persian: bool, blocks: Vec<Block>) -> Document {
    Document {
        blocks,
        ..empty_document(persian)
    }
}

#[test]
fn the_root_carries_language_and_direction() {
    let en = page(&doc(false, vec![heading(1, "One", None)]));
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\" dir=\"ltr\">"));
    let fa = page(&doc(true, vec![heading(1, "یک", None)]));
    assert!(fa.starts_with("<!DOCTYPE html>\n<html lang=\"fa-IR\" dir=\"rtl\">"));
    // Section numbers in the document's digits.
    assert!(fa.contains("<h1 id=\"sec-1\"><span class=\"secno\">۱</span>  یک</h1>"));
}

#[test]
fn the_policy_forbids_scripts_and_remote_loads() {
    let html = page(&doc(
        false,
        vec![Block::Paragraph(vec![Inline::plain("x")])],
    ));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:\">"
    ));
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
}

#[test]
fn spans_in_another_language_are_tagged() {
    let d = doc(
        true,
        vec![Block::Paragraph(vec![
            Inline::plain("نام Sevilla است"),
            Inline::Text(Span {
                lang: Some(LanguageTag::parse("es").unwrap()),
                ..Span::new("Sevilla")
            }),
        ])],
    );
    let html = page(&d);
    assert!(
        html.contains("<p>نام <span lang=\"en\" dir=\"ltr\">Sevilla</span> است<span lang=\"es\" dir=\"ltr\">Sevilla</span></p>"),
        "{html}"
    );
    // In an English page a Persian run turns right to left.
    let en = page(&doc(
        false,
        vec![Block::Paragraph(vec![Inline::Text(Span {
            lang: Some(LanguageTag::parse("fa").unwrap()),
            ..Span::new("کتاب")
        })])],
    ));
    assert!(
        en.contains("<span lang=\"fa\" dir=\"rtl\">کتاب</span>"),
        "{en}"
    );
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let evil = "<script>alert(1)</script>\"'&";
    let mut d = doc(
        false,
        vec![
            heading(1, evil, None),
            Block::Paragraph(vec![Inline::plain(evil), Inline::bold(evil)]),
            Block::Table(Table {
                caption: evil.into(),
                header: vec![HeaderCell::row_of([evil])],
                rows: vec![vec![evil.into()]],
                source_note: Some(evil.into()),
                ..Table::default()
            }),
            Block::Figure(Figure {
                scene: Scene::new(10.0, 10.0),
                alt: evil.into(),
                caption: Caption {
                    title: evil.into(),
                    subtitle: None,
                },
                ..Figure::default()
            }),
        ],
    );
    d.metadata.title = evil.into();
    d.metadata.author = evil.into();
    d.cover = Some(Cover {
        title: evil.into(),
        key_figures: vec![(evil.into(), evil.into())],
        ..Cover::default()
    });
    d.toc = true;
    let html = page(&d);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("alert(1)</"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    assert!(html.contains("aria-label=\"&lt;script&gt;"));
}

#[test]
fn links_pass_the_link_rule() {
    let link = |href: &str| {
        doc(
            false,
            vec![Block::Paragraph(vec![Inline::link(
                "here",
                Link::External(href.into()),
            )])],
        )
    };
    for good in ["https://example.org/?a=1&b=2", "mailto:a@example.org"] {
        let html = page(&link(good));
        assert!(
            html.contains(&format!(
                "<a href=\"{}\">here</a>",
                good.replace('&', "&amp;")
            )),
            "{html}"
        );
    }
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "x.html",
    ] {
        let e = write(&link(bad), &options()).unwrap_err();
        assert!(
            matches!(&e, HtmlError::Link { block: 0, href, .. } if href == bad),
            "{bad}: {e}"
        );
        assert!(e.to_string().contains("is refused"), "{e}");
    }
}

#[test]
fn ids_match_the_index_and_the_contents_link_to_them() {
    let mut d = doc(
        false,
        vec![
            heading(1, "Trade", Some("trade")),
            heading(2, "Prices", None),
            heading(3, "Detail", None),
            Block::Paragraph(vec![Inline::link("up", Link::Internal("trade".into()))]),
        ],
    );
    d.toc = true;
    let html = page(&d);
    assert!(html.contains("<h1 id=\"trade\">"));
    assert!(html.contains("<h2 id=\"sec-1-1\"><span class=\"secno\">1.1</span>  Prices</h2>"));
    assert!(html.contains("<h3 id=\"sec-1-1-1\">"));
    assert!(html.contains("<li class=\"level-1\"><a href=\"#trade\">1  Trade</a></li>"));
    assert!(html.contains("<li class=\"level-2\"><a href=\"#sec-1-1\">1.1  Prices</a></li>"));
    assert!(
        !html.contains("href=\"#sec-1-1-1\""),
        "level 3 is not listed"
    );
    assert!(html.contains("<a href=\"#trade\">up</a>"));
    // An id the page makes for itself is refused.
    let taken = doc(
        false,
        vec![
            heading(1, "A", Some("fn-1-ref")),
            Block::Paragraph(vec![Inline::footnote(vec![Inline::plain("n")])]),
        ],
    );
    assert!(matches!(
        write(&taken, &options()),
        Err(HtmlError::DuplicateId { .. })
    ));
    let drawing = doc(false, vec![heading(1, "A", Some("b4-gr1"))]);
    assert!(matches!(
        write(&drawing, &options()),
        Err(HtmlError::DuplicateId { .. })
    ));
}

#[test]
fn tables_scope_their_headers_and_total() {
    let d = doc(
        true,
        vec![Block::Table(Table {
            id: Some("t".into()),
            caption: "صادرات".into(),
            number: Some(3),
            header: vec![
                HeaderCell::row_of(["", "۲۰۲۰"]),
                vec![HeaderCell {
                    text: "یادداشت".into(),
                    scope: Scope::Row,
                }],
            ],
            rows: vec![vec!["مس".into(), "۱٬۲۰۰".into()]],
            total_row: Some(vec!["جمع".into(), "۱٬۲۰۰".into()]),
            align: vec![
                dossier_doc::ColumnAlign::Start,
                dossier_doc::ColumnAlign::Numeric,
            ],
            row_headers: true,
            source_note: Some("منبع: گمرک".into()),
            ..Table::default()
        })],
    );
    let html = page(&d);
    assert!(
        html.contains(
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"جدول ۳: صادرات\">"
        ),
        "{html}"
    );
    assert!(html.contains("<table id=\"t\" class=\"zebra\">"));
    assert!(html.contains("<caption><span class=\"label\">جدول ۳: </span>صادرات</caption>"));
    assert!(html.contains("<thead>\n<tr><td></td><th scope=\"col\" class=\"num\">۲۰۲۰</th></tr>\n<tr><th scope=\"row\">یادداشت</th></tr>"));
    assert!(
        html.contains("<tbody>\n<tr><th scope=\"row\">مس</th><td class=\"num\">۱٬۲۰۰</td></tr>")
    );
    assert!(html.contains(
        "<tfoot>\n<tr><th scope=\"row\">جمع</th><td class=\"num\">۱٬۲۰۰</td></tr>\n</tfoot>"
    ));
    assert!(html.contains("</div>\n<p class=\"note\">منبع: گمرک</p>"));
}

#[test]
fn footnotes_are_listed_per_section_with_links_back() {
    let d = doc(
        true,
        vec![
            heading(1, "الف", None),
            Block::Paragraph(vec![
                Inline::plain("یک"),
                Inline::footnote(vec![Inline::plain("نخست")]),
                Inline::footnote(vec![Inline::cross_ref(RefKind::Section, "sec-2")]),
            ]),
            heading(1, "ب", None),
            Block::List(List {
                ordered: true,
                items: vec![vec![
                    Inline::plain("سه"),
                    Inline::footnote(vec![Inline::plain("سوم")]),
                ]],
            }),
        ],
    );
    let html = page(&d);
    assert!(html.contains("یک<sup><a class=\"fnref\" id=\"fn-1-ref\" href=\"#fn-1\">۱</a></sup><sup><a class=\"fnref\" id=\"fn-2-ref\" href=\"#fn-2\">۲</a></sup>"), "{html}");
    let first_notes = html
        .find("<li id=\"fn-1\"><a class=\"back\" href=\"#fn-1-ref\">۱</a>نخست</li>")
        .unwrap();
    let second = html.find("<h1 id=\"sec-2\">").unwrap();
    assert!(first_notes < second, "the first section's notes end it");
    assert!(html.contains("<li id=\"fn-2\"><a class=\"back\" href=\"#fn-2-ref\">۲</a><a class=\"xref\" href=\"#sec-2\">بخش ۲</a></li>"));
    assert!(html.contains("<li><span class=\"marker\">۱.</span>سه<sup><a class=\"fnref\" id=\"fn-3-ref\" href=\"#fn-3\">۳</a></sup></li>"));
    let third = html.find("<li id=\"fn-3\">").unwrap();
    assert!(third > second && third < html.find("</main>").unwrap());
}

#[test]
fn cross_references_read_as_in_the_pdf() {
    let d = doc(
        false,
        vec![
            heading(1, "Trade", Some("trade")),
            Block::Table(Table {
                id: Some("prices".into()),
                caption: "Prices".into(),
                number: Some(2),
                ..Table::default()
            }),
            Block::Paragraph(vec![
                Inline::cross_ref(RefKind::Table, "prices"),
                Inline::plain(", "),
                Inline::cross_ref(RefKind::Section, "trade"),
            ]),
        ],
    );
    let html = page(&d);
    assert!(html.contains(
        "<p><a class=\"xref\" href=\"#prices\">Table 2</a>, <a class=\"xref\" href=\"#trade\">Section 1</a></p>"
    ));
    let wrong = doc(
        false,
        vec![Block::Paragraph(vec![Inline::cross_ref(
            RefKind::Figure,
            "none",
        )])],
    );
    assert!(matches!(
        write(&wrong, &options()),
        Err(HtmlError::Document(_))
    ));
}

#[test]
fn figures_carry_their_alternative_text() {
    let d = doc(
        false,
        vec![
            Block::Figure(Figure {
                id: Some("growth".into()),
                scene: Scene::new(300.0, 150.0),
                caption: Caption {
                    title: "Growth".into(),
                    subtitle: Some("per year".into()),
                },
                number: Some(1),
                source_note: "Source: a survey".into(),
                alt: "Bars rising from 1 to 5".into(),
            }),
            Block::Figure(Figure {
                scene: Scene::new(300.0, 150.0),
                caption: Caption {
                    title: "Only a caption".into(),
                    subtitle: None,
                },
                ..Figure::default()
            }),
        ],
    );
    let html = page(&d);
    // The caption comes first, then the chart, then its source line.
    assert!(html.contains(
        "<figure id=\"growth\">\n<figcaption><span class=\"label\">Figure 1: </span>Growth — per year</figcaption>\n<div class=\"chart\" tabindex=\"0\" style=\"max-width:400px;--least:300px\">\n<svg "
    ));
    assert!(html.contains("role=\"img\" aria-label=\"Bars rising from 1 to 5\">\n<title>Bars rising from 1 to 5</title>"));
    assert!(html.contains("</svg>\n</div>\n<p class=\"note\">Source: a survey</p>\n</figure>"));
    // Without alternative text the caption names the drawing.
    assert!(html.contains("aria-label=\"Only a caption\""));
}

#[test]
fn the_sample_briefing_is_deterministic_and_embeds_its_fonts() {
    let theme = Theme::default();
    for persian in [false, true] {
        let d = sample_document(persian, 2, &theme);
        let a = write(&d, &Options::default()).unwrap();
        let b = write(&d, &Options::default()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.matches("@font-face").count(), 2);
        assert!(a.contains("font/woff;base64,d09GR"));
        assert_eq!(a.matches("<svg ").count(), 2);
        assert_eq!(
            a.matches("<section>").count(),
            a.matches("</section>").count()
        );
        // Ids the charts define are their own.
        assert!(a.contains("<path id=\"b6-gr"), "the first chart, block 6");
    }
}
