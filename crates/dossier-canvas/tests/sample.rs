//! Renders a bilingual sample page to `target/canvas-sample.png` (and
//! `.svg`) so that a person can look at real output, and checks its
//! structure automatically.

use std::path::PathBuf;

use dossier_canvas::{
    to_png, to_svg, Align, Color, Direction, Item, ParagraphSpec, Path, Point, Rect, Scene, Span,
    SpanStyle, Stroke, Typesetter, Weight,
};

const FA_TITLE: &str = "روابط آمریکا و سیسیلی";
const FA_BODY: &str = "در سال ۱۹۹۵ صادرات سیسیلی (Sicily) به آمریکا ۱۸٪ رشد کرد و به ۲٬۳۷۵ میلیون دلار رسید؛ سیسیلی پس از مکزیک مهم‌ترین متحد آمریکا در آمریکای لاتین است و همواره می‌کوشد روابط اقتصادی خود را گسترش دهد.";
const EN_BODY: &str = "In 1995 Sicily's exports to the United States grew by 18% to $2,375 million; after Mexico, Sicily is America's most important partner in Latin America.";

fn sample_scene() -> Scene {
    let mut ts = Typesetter::new();
    let mut scene = Scene::new(420.0, 300.0);
    let ink = Color::rgb(0x1f, 0x29, 0x37);
    let mut title = SpanStyle::new(18.0, Weight::Bold, Color::rgb(0x0b, 0x4f, 0x8a));
    title.link = Some("#top".to_string());
    let para = |spans: Vec<Span>, direction, align| ParagraphSpec {
        spans,
        direction,
        align,
        width: 380.0,
        line_height: 1.7,
        origin: "sample".to_string(),
    };
    let fa_title = ts
        .paragraph(&para(
            vec![Span {
                text: FA_TITLE.to_string(),
                style: title,
            }],
            Direction::Rtl,
            Align::Start,
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let fa_body = ts
        .paragraph(&para(
            vec![Span {
                text: FA_BODY.to_string(),
                style: SpanStyle::new(11.0, Weight::Regular, ink),
            }],
            Direction::Rtl,
            Align::Justify,
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let en_body = ts
        .paragraph(&para(
            vec![Span {
                text: EN_BODY.to_string(),
                style: SpanStyle::new(11.0, Weight::Regular, ink),
            }],
            Direction::Ltr,
            Align::Justify,
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let label = ts
        .label(
            "۱۸٪ رشد",
            &SpanStyle::new(10.0, Weight::Bold, Color::WHITE),
            Direction::Rtl,
            "sample",
        )
        .unwrap_or_else(|e| panic!("{e}"));

    let mut y = 20.0;
    scene.items.extend(fa_title.items_at(20.0, y));
    y += fa_title.height + 4.0;
    scene.stroke(
        Path::line(Point::new(20.0, y), Point::new(400.0, y)),
        Stroke::solid(Color::rgb(0x0b, 0x4f, 0x8a), 1.0),
    );
    y += 8.0;
    scene.items.extend(fa_body.items_at(20.0, y));
    y += fa_body.height + 12.0;
    scene.items.extend(en_body.items_at(20.0, y));
    y += en_body.height + 16.0;
    let pad = 6.0;
    scene.fill(
        Path::rect(Rect::new(
            400.0 - label.width - 2.0 * pad,
            y,
            label.width + 2.0 * pad,
            label.ascent + label.descent + 2.0 * pad,
        )),
        Color::rgb(0xc0, 0x39, 0x2b),
    );
    scene
        .items
        .extend(label.items_at(400.0 - label.width - pad, y + pad + label.ascent));
    scene
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// Renders the sample to `target/canvas-sample.png`.
///
/// Checked by a person on 2026-11-28 (image viewed at 2 px/pt): the Persian
/// title and paragraph read right to left with letters joined in their
/// initial/medial/final forms (e.g. «روابط», «آمریکا», «مهم‌ترین» with the
/// ZWNJ break visible, «می‌کوشد»); the paragraph is justified to both edges
/// with the last line set at the right; «۱۹۹۵», «۲٬۳۷۵» and «Sicily» read left
/// to right inside the Persian line and the brackets around Sicily face the
/// right way; the English paragraph reads normally; the white label on the
/// red box reads «۱۸٪ رشد» right to left. No .notdef boxes anywhere.
#[test]
fn sample_page_renders() {
    let scene = sample_scene();
    let png = to_png(&scene, 2.0).unwrap_or_else(|e| panic!("{e}"));
    let dir = target_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let png_path = dir.join("canvas-sample.png");
    std::fs::write(&png_path, &png).unwrap_or_else(|e| panic!("{}: {e}", png_path.display()));
    let svg = to_svg(&scene);
    let svg_path = dir.join("canvas-sample.svg");
    std::fs::write(&svg_path, &svg).unwrap_or_else(|e| panic!("{}: {e}", svg_path.display()));

    // PNG signature and IHDR size: 420×300 pt at 2 px/pt.
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((w, h), (840, 600));
    assert!(
        png.len() > 10_000,
        "suspiciously small PNG: {} bytes",
        png.len()
    );
    assert_eq!(
        png,
        to_png(&sample_scene(), 2.0).unwrap_or_default(),
        "deterministic"
    );

    // The text is in the SVG, in reading order, once per run.
    let runs: Vec<&dossier_canvas::GlyphRun> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) => Some(r),
            _ => None,
        })
        .collect();
    assert!(runs.len() > 8);
    assert!(svg.contains("aria-label=\"روابط آمریکا و سیسیلی\""));
    assert!(svg.contains("Sicily"));
    assert!(scene.items.iter().any(|i| matches!(i, Item::Link { .. })));
}
