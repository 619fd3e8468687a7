//! Shaping checked against HarfBuzz's own `hb-shape` on the embedded font.
//!
//! parley shapes with its own engine; this test is the evidence that its
//! glyph ids and advances match the reference shaper for our kind of text
//! (Persian with ZWNJ, digits, brackets, percent signs; English; mixed).
//! CI installs `hb-shape` (Debian `libharfbuzz-bin`); without it the test
//! fails and says so, rather than passing silently.

use std::process::Command;

use dossier_canvas::{units_per_em, Color, Direction, Face, SpanStyle, Typesetter, Weight};

const FONT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/Vazirmatn-Regular.ttf");
const SEED: &str = include_str!("../../../data/sources/000_be3af3bae581de8e.txt");

/// (gid, advance in font units, x offset, y offset) in visual order.
type Shaped = Vec<(u32, i64, i64, i64)>;

fn hb_shape(text: &str, rtl: bool) -> Shaped {
    let mut cmd = Command::new("hb-shape");
    cmd.arg("--output-format=json").arg("--no-glyph-names");
    if rtl {
        cmd.arg("--direction=rtl");
    } else {
        cmd.arg("--direction=ltr");
    }
    cmd.arg(FONT).arg(format!("--text={text}"));
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!(
            "hb-shape is needed for this test (Debian: apt-get install libharfbuzz-bin): {e}"
        ),
    };
    assert!(
        out.status.success(),
        "hb-shape failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_hb_json(&String::from_utf8_lossy(&out.stdout))
}

/// Parses hb-shape's JSON without a JSON crate: a flat list of objects with
/// integer fields.
fn parse_hb_json(s: &str) -> Shaped {
    let mut glyphs = Vec::new();
    for obj in s.split('{').skip(1) {
        let body = obj.split('}').next().unwrap_or("");
        let field = |name: &str| -> i64 {
            body.split(',')
                .find_map(|kv| {
                    let (k, v) = kv.split_once(':')?;
                    (k.trim().trim_matches('"') == name).then(|| v.trim().parse::<i64>().ok())?
                })
                .unwrap_or_else(|| panic!("field {name} missing in {body}"))
        };
        glyphs.push((field("g") as u32, field("ax"), field("dx"), field("dy")));
    }
    glyphs
}

/// Our shaping of `text` as a label at size = units-per-em, so that
/// positions are in font units.
fn ours(ts: &mut Typesetter, text: &str, dir: Direction) -> Shaped {
    let upem = f32::from(units_per_em(Face::Regular));
    let style = SpanStyle::new(upem, Weight::Regular, Color::BLACK);
    let label = ts
        .label(text, &style, dir, "harfbuzz test")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut pen = 0.0f32;
    let mut out = Vec::new();
    for run in &label.runs {
        for g in &run.glyphs {
            let dx = (g.x - pen).round() as i64;
            let dy = (-g.y).round() as i64;
            out.push((u32::from(g.id), g.advance.round() as i64, dx, dy));
            pen += g.advance;
        }
    }
    out
}

/// HarfBuzz keeps default-ignorable characters (ZWNJ, bidi marks) as
/// zero-width space glyphs; parley may drop them. Neither draws anything.
fn drop_invisible(s: &Shaped, space: u32) -> Shaped {
    s.iter()
        .copied()
        .filter(|&(g, ax, _, _)| !(g == space && ax == 0))
        .collect()
}

fn has_ltr(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphanumeric())
}

fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) && !('\u{06F0}'..='\u{06F9}').contains(&c))
}

fn samples() -> Vec<String> {
    let mut s: Vec<String> = [
        "سلام",
        "می‌کند",
        "می‌شود و نمی‌توان گفت",
        "کتاب‌های ما",
        "بزرگ‌ترین کشور",
        "صادرات (میلیون دلار، فوب)",
        "رشد ۱۸٪ در سال ۱۳۷۴",
        "۲۴٫۷ درصد",
        "۱٬۲۳۴٬۵۶۷",
        "«آمریکا» و سیسیلی؛ چرا؟",
        "[قیمت‌ها] {واردات}",
        "Hello, world!",
        "Sicily 12%",
        "United States (1995)",
        "The quick brown fox jumps over the lazy dog.",
        "office affine fluffy",
        "Exports grew 18% in 1995, to $2,375m.",
        "a–b — c “quoted” ‘single’",
        "سیسیلی Sicily",
        "سال 1995 میلادی",
        "در سال ۱۹۹۵ سیسیلی (Sicily) رشد کرد",
        "صادرات به USA در ۱۹۹۵",
        "%۱۸",
        "۹۴/۹۵",
        "مُحَمَّد رَسُول",
        "بُعد",
        "لا الله",
        "ئ أ ؤ إ ء",
        "پ چ ژ گ ک ی",
        "ك ي ى",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for line in SEED.split(['.', '\n']) {
        let line = line.trim();
        if line.chars().count() >= 20 && line.chars().count() <= 160 {
            s.push(line.to_string());
        }
    }
    s
}

#[test]
fn parley_matches_hb_shape() {
    let mut ts = Typesetter::new();
    let space = {
        use skrifa::MetadataProvider;
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("font parses");
        font.charmap().map(' ').expect("space").to_u32()
    };
    let samples = samples();
    assert!(samples.len() >= 30, "only {} samples", samples.len());
    let mut glyphs = 0;
    let mut failures = Vec::new();
    for text in &samples {
        let rtl = has_rtl(text) || text.chars().any(|c| ('\u{06F0}'..='\u{06F9}').contains(&c));
        let dir = if rtl { Direction::Rtl } else { Direction::Ltr };
        let hb = drop_invisible(&hb_shape(text, rtl), space);
        let us = drop_invisible(&ours(&mut ts, text, dir), space);
        glyphs += hb.len();
        let mixed = has_rtl(text) && has_ltr(text);
        let digits = text
            .chars()
            .any(|c| c.is_ascii_digit() || ('\u{06F0}'..='\u{06F9}').contains(&c));
        if mixed || (rtl && digits) {
            // One hb-shape call shapes the whole string in one direction;
            // parley splits it into bidi runs. Compare what was drawn, not
            // the order or the (direction-dependent) positions.
            let mut a: Vec<(u32, i64)> = hb.iter().map(|g| (g.0, g.1)).collect();
            let mut b: Vec<(u32, i64)> = us.iter().map(|g| (g.0, g.1)).collect();
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                failures.push(format!("{text:?} (multiset)\n  hb:   {a:?}\n  ours: {b:?}"));
            }
        } else if hb != us {
            failures.push(format!("{text:?}\n  hb:   {hb:?}\n  ours: {us:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} strings differ from hb-shape:\n{}",
        failures.len(),
        samples.len(),
        failures.join("\n")
    );
    println!("compared {glyphs} glyphs in {} strings", samples.len());
    assert!(glyphs > 500, "compared only {glyphs} glyphs");
}

/// ZWNJ must stop joining: "می‌کند" has a final-form yeh before the ZWNJ,
/// exactly as HarfBuzz gives, and differs from the joined "میکند".
#[test]
fn zwnj_breaks_the_join() {
    let mut ts = Typesetter::new();
    let space = {
        use skrifa::MetadataProvider;
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("font parses");
        font.charmap().map(' ').expect("space").to_u32()
    };
    let with = drop_invisible(&ours(&mut ts, "می‌کند", Direction::Rtl), space);
    let without = drop_invisible(&ours(&mut ts, "میکند", Direction::Rtl), space);
    assert_eq!(with, drop_invisible(&hb_shape("می‌کند", true), space));
    assert_ne!(
        with.iter().map(|g| g.0).collect::<Vec<_>>(),
        without.iter().map(|g| g.0).collect::<Vec<_>>(),
        "ZWNJ changed no glyph form"
    );
}
