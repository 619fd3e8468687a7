//! Tests of spec reading, layout, text, writers and bad input; the
//! right-to-left convention, legends, grid lines, timeline events and
//! render options have modules of their own.

mod direction;
mod events;
mod grid;
mod legend;
mod options;

use dossier_canvas::{png::to_png, svg::to_svg};
use dossier_core::Lang;

fn fa() -> Lang {
    Lang::parse("fa").expect("a shipped language")
}

fn en() -> Lang {
    Lang::parse("en").expect("a shipped language")
}

use crate::examples::samples;
use crate::*;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

const EXAMPLE: &str = r##"
kind = "grouped-bar"
table = "trade"
category = "year"
width = 480
height = 300
value_labels = true
decimals = 1

[title]
fa = "تجارت کالا"
en = "Goods trade"

[source_note]
fa = "منبع: دفتر سرشماری"
en = "Source: US Census Bureau"

[[series]]
column = "exports"
name = { fa = "صادرات", en = "Exports" }

[[series]]
column = "imports"
name = { fa = "واردات", en = "Imports" }
color = "#D55E00"
"##;

#[test]
fn spec_reads_example() {
    let s = parse_spec(EXAMPLE, "chart.toml").unwrap();
    assert_eq!(s.kind, ChartKind::GroupedBar);
    assert_eq!(s.width, 480.0);
    assert_eq!(s.series.len(), 2);
    assert_eq!(s.series[1].color, Some(Color::rgb(0xD5, 0x5E, 0x00)));
    assert_eq!(s.title.get(fa()), "تجارت کالا");
    assert_eq!(s.decimals, 1);
    assert!(!s.percent);
}

#[test]
fn spec_reads_the_divisor_of_its_values() {
    assert_eq!(parse_spec(EXAMPLE, "c.toml").unwrap().divide_by, 1.0);
    let text = EXAMPLE.replace("decimals = 1", "decimals = 1\ndivide_by = 1000000");
    assert!(text.contains("divide_by"), "the example sets decimals");
    assert_eq!(parse_spec(&text, "c.toml").unwrap().divide_by, 1e6);
    for bad in ["0", "-2", "nan", "1e20"] {
        let text = EXAMPLE.replace("decimals = 1", &format!("decimals = 1\ndivide_by = {bad}"));
        let e = parse_spec(&text, "c.toml").unwrap_err();
        assert!(e.message.contains("divide_by must be"), "{bad}: {e}");
    }
}

#[test]
fn spec_reads_stacked_bar() {
    let s = parse_spec(&EXAMPLE.replace("grouped-bar", "stacked-bar"), "c.toml").unwrap();
    assert_eq!(s.kind, ChartKind::StackedBar);
    let e = parse_spec(&EXAMPLE.replace("grouped-bar", "stacked"), "c.toml").unwrap_err();
    assert_eq!((e.line, e.column), (2, 8), "{e}");
}

/// Segments stack from zero in both directions, and each bar is labelled
/// with its net total, in Persian digits in Persian.
#[test]
fn stacked_bars_show_the_net_balance() {
    for lang in [fa(), en()] {
        let (spec, data) = samples(lang).pop().unwrap();
        assert_eq!(spec.kind, ChartKind::StackedBar);
        let (scene, layout) = render_with_layout(&spec, &data, lang).unwrap();
        let values: Vec<&str> = layout
            .labels
            .iter()
            .filter(|l| l.role == Role::Value)
            .map(|l| l.text.as_str())
            .collect();
        // 2014: exports 16.5, imports 9.3, balance 7.2.
        let first = if lang.is_rtl() { "۷٫۲" } else { "7.2" };
        assert_eq!(values.first(), Some(&first), "{values:?}");
        assert_eq!(values.len(), 10);
        // The legend is mirrored in Persian: the first series on the right.
        let legend: Vec<_> = layout
            .labels
            .iter()
            .filter(|l| l.role == Role::Legend)
            .collect();
        assert_eq!(legend.len(), 2);
        assert_eq!(legend[0].rect.x > legend[1].rect.x, lang == fa());
        // Imports are drawn below the zero line: some bar reaches under it.
        let zero_y = layout.plot.bottom();
        assert!(scene.items.len() > 40 && zero_y > layout.plot.y);
    }
}

#[test]
fn spec_errors_point_at_the_field() {
    let bad = EXAMPLE.replace("value_labels = true", "value_label = true");
    let e = parse_spec(&bad, "chart.toml").unwrap_err();
    assert_eq!((e.line, e.column), (7, 1), "{e}");
    assert!(e.to_string().starts_with("chart.toml:7:1:"), "{e}");

    let bad = EXAMPLE.replace("height = 300", "height = 3");
    let e = parse_spec(&bad, "c.toml").unwrap_err();
    assert_eq!((e.line, e.column), (6, 10), "{e}");

    let bad = EXAMPLE.replace("#D55E00", "red");
    let e = parse_spec(&bad, "c.toml").unwrap_err();
    assert_eq!(
        bad.lines().nth(e.line - 1).unwrap().trim(),
        "color = \"red\"",
        "{e}"
    );
    assert_eq!(e.column, 9, "{e}");
    assert!(e.message.contains("#rrggbb"), "{e}");

    let bad = EXAMPLE.replace("grouped-bar", "pie");
    let e = parse_spec(&bad, "c.toml").unwrap_err();
    assert_eq!(e.line, 2, "{e}");

    // A text for a language of the report is missing, and one is for a
    // language the report does not have.
    let bad = EXAMPLE.replace("en = \"Goods trade\"\n", "");
    let spec = parse_spec(&bad, "c.toml").unwrap();
    let langs = [
        dossier_lang::LanguageTag::parse("fa").unwrap(),
        dossier_lang::LanguageTag::parse("en").unwrap(),
    ];
    let e = crate::check_languages(&spec, &bad, "c.toml", &langs).unwrap_err();
    assert!(
        e.message.contains("`title`: no text for the language `en`"),
        "{e}"
    );
    assert_eq!(
        bad.lines().nth(e.line - 1).unwrap().trim(),
        "[title]",
        "{e}"
    );
    let spec = parse_spec(EXAMPLE, "c.toml").unwrap();
    let e = crate::check_languages(&spec, EXAMPLE, "c.toml", &langs[..1]).unwrap_err();
    assert!(
        e.message.contains("not a language of the report (fa)"),
        "{e}"
    );
}

/// Every label placed on every kind of chart, in both languages, is in the
/// SVG as the logical text of its glyph runs.
#[test]
fn every_label_is_in_the_svg() {
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let (scene, layout) = render_with_layout(&spec, &data, lang).unwrap();
            let svg = to_svg(&scene);
            assert!(layout.labels.len() > 5);
            for l in &layout.labels {
                // A label of mixed direction is several runs: check pieces.
                for word in l
                    .text
                    .split(|c: char| c.is_whitespace() || "()«»:،,-".contains(c))
                {
                    if word.is_empty() {
                        continue;
                    }
                    assert!(
                        svg.contains(&esc(word)),
                        "{:?} {lang:?}: {word:?} missing",
                        spec.kind
                    );
                }
            }
            let roles: Vec<Role> = layout.labels.iter().map(|l| l.role).collect();
            assert!(roles.contains(&Role::Title) && roles.contains(&Role::Note));
        }
    }
}

/// No two labels overlap, and every label is inside the chart.
#[test]
fn labels_do_not_overlap() {
    for lang in [fa(), en()] {
        for (mut spec, data) in samples(lang) {
            for (w, h) in [(800.0, 500.0), (480.0, 300.0), (320.0, 220.0)] {
                spec.width = w;
                spec.height = h;
                let (_, layout) = render_with_layout(&spec, &data, lang).unwrap();
                let ls = &layout.labels;
                for (i, a) in ls.iter().enumerate() {
                    assert!(
                        a.rect.x >= -0.5
                            && a.rect.right() <= w + 0.5
                            && a.rect.y >= 0.0
                            && a.rect.bottom() <= h,
                        "{:?} {lang:?} {w}x{h}: {:?} outside",
                        spec.kind,
                        a
                    );
                    for b in &ls[i + 1..] {
                        assert!(
                            !a.rect.intersects(&b.rect),
                            "{:?} {lang:?} {w}x{h}: {:?} overlaps {:?}",
                            spec.kind,
                            a,
                            b
                        );
                    }
                }
                let ticks = ls
                    .iter()
                    .filter(|l| matches!(l.role, Role::XTick | Role::YTick))
                    .count();
                assert!(ticks >= 2, "{:?}: {ticks} ticks", spec.kind);
            }
        }
    }
}

#[test]
fn persian_text_is_right_aligned_and_uses_persian_digits() {
    let (spec, data) = samples(fa()).remove(0);
    let (_, layout) = render_with_layout(&spec, &data, fa()).unwrap();
    let title = layout
        .labels
        .iter()
        .find(|l| l.role == Role::Title)
        .unwrap();
    assert!((title.rect.right() - (spec.width - 12.0)).abs() < 0.5);
    let legend: Vec<_> = layout
        .labels
        .iter()
        .filter(|l| l.role == Role::Legend)
        .collect();
    // The first series reads first, from the right.
    assert!(legend[0].rect.x > legend[1].rect.x);
    for l in layout
        .labels
        .iter()
        .filter(|l| matches!(l.role, Role::XTick | Role::YTick | Role::Value))
    {
        assert!(!l.text.chars().any(|c| c.is_ascii_digit()), "{:?}", l.text);
    }
    let (_, en) = render_with_layout(&spec, &data, en()).unwrap();
    let title = en.labels.iter().find(|l| l.role == Role::Title).unwrap();
    assert!((title.rect.x - 12.0).abs() < 0.5);
    // Time runs left to right in both languages.
    let x: Vec<f32> = layout
        .labels
        .iter()
        .filter(|l| l.role == Role::XTick)
        .map(|l| l.rect.x)
        .collect();
    assert!(x.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn bad_input_is_refused() {
    let (spec, data) = samples(en()).remove(0);
    let ChartData::Categories(c) = data else {
        unreachable!()
    };
    let mut nan = c.clone();
    nan.series[0].values[3] = f64::NAN;
    assert!(matches!(
        render(&spec, &ChartData::Categories(nan), en()),
        Err(ChartError::NotFinite { .. })
    ));
    let mut short = c.clone();
    short.series[1].values.pop();
    assert!(matches!(
        render(&spec, &ChartData::Categories(short), en()),
        Err(ChartError::Length { .. })
    ));
    let empty = CategorySeries {
        categories: vec![],
        series: vec![],
    };
    assert!(matches!(
        render(&spec, &ChartData::Categories(empty), en()),
        Err(ChartError::Empty { .. })
    ));
    let tl = TimelineData {
        periods: vec![],
        events: vec![],
        statuses: vec![],
    };
    assert!(matches!(
        render(&spec, &ChartData::Timeline(tl), en()),
        Err(ChartError::WrongData { .. })
    ));
    let missing = CategorySeries::from_columns(
        &parse_spec(EXAMPLE, "x").unwrap(),
        en(),
        vec!["2020".into()],
        |c| (c == "exports").then(|| vec![1.0]),
    );
    assert!(
        matches!(missing, Err(ChartError::MissingColumn { ref column, .. }) if column == "imports")
    );
    let (tspec, tdata) = samples(en()).remove(4);
    let ChartData::Timeline(mut t) = tdata else {
        unreachable!()
    };
    t.periods[0].end = 1990.0;
    assert!(matches!(
        render(&tspec, &ChartData::Timeline(t), en()),
        Err(ChartError::BadTimeline { .. })
    ));
}

#[test]
fn odd_but_valid_data_draws() {
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let ChartData::Categories(c) = data else {
                continue;
            };
            let cases: Vec<Vec<f64>> = vec![
                vec![7.0],
                vec![-3.0],
                vec![0.0],
                vec![5.0; 4],
                vec![-1.0e12, 3.0e12, 2.5e12],
                vec![-2.0, -5.0, -1.0],
                vec![0.001, 0.002, 0.0015],
            ];
            for values in cases {
                let n = values.len();
                let d = CategorySeries {
                    categories: c.categories.iter().cycle().take(n).cloned().collect(),
                    series: vec![Series::new(&c.series[0].name, values.clone())],
                };
                let (scene, layout) = render_with_layout(&spec, &ChartData::Categories(d), lang)
                    .unwrap_or_else(|e| panic!("{:?} {values:?}: {e}", spec.kind));
                assert!(scene.items.len() > 5);
                let ls = &layout.labels;
                for (i, a) in ls.iter().enumerate() {
                    for b in &ls[i + 1..] {
                        assert!(
                            !a.rect.intersects(&b.rect),
                            "{:?} {values:?}: {a:?} / {b:?}",
                            spec.kind
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let a = render(&spec, &data, lang).unwrap();
            let b = render(&spec, &data, lang).unwrap();
            assert_eq!(to_svg(&a), to_svg(&b));
            assert_eq!(to_png(&a, 1.0).unwrap(), to_png(&b, 1.0).unwrap());
        }
    }
}

fn decode_rgb(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let p = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
    let rgb = p.pixels().iter().flat_map(|c| {
        let c = c.demultiply();
        [c.red(), c.green(), c.blue()]
    });
    (p.width(), p.height(), rgb.collect())
}

/// Our PNG and resvg's rendering of our SVG agree: the SVG is a faithful
/// vector copy of the same Scene.
#[test]
fn svg_and_png_agree() {
    let scale = 2.0;
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let scene = render(&spec, &data, lang).unwrap();
            let svg = to_svg(&scene);
            let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
            let (w, h) = (
                (scene.width * scale).ceil() as u32,
                (scene.height * scale).ceil() as u32,
            );
            let mut pix = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
            pix.fill(resvg::tiny_skia::Color::WHITE);
            // The SVG's size is in points; usvg reads it in CSS pixels.
            let k = w as f32 / tree.size().width();
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::from_scale(k, k),
                &mut pix.as_mut(),
            );
            let (ow, oh, ours) = decode_rgb(&to_png(&scene, scale).unwrap());
            let (_, _, theirs) = decode_rgb(&pix.encode_png().unwrap());
            assert_eq!((ow, oh), (w, h));
            let diff: u64 = ours
                .iter()
                .zip(&theirs)
                .map(|(a, b)| a.abs_diff(*b) as u64)
                .sum();
            let mean = diff as f64 / ours.len() as f64 / 255.0;
            if mean >= 0.02 {
                let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/charts-look");
                let _ = std::fs::create_dir_all(&dir);
                let _ =
                    pix.save_png(dir.join(format!("resvg-{:?}-{}.png", spec.kind, lang.code())));
            }
            assert!(
                mean < 0.02,
                "{:?} {lang:?}: mean difference {mean:.4}",
                spec.kind
            );
        }
    }
}

/// Writes a Persian and an English PNG (and SVG) of every kind to
/// `target/charts-look/`, at 800 × 500 pt and at page size (480 × 300 pt,
/// timeline 480 × 220 pt, `-small`), for a person to look at.
///
/// A person looked at these on 2026-11-28 (the first five kinds, both languages,
/// both sizes, PNG at scale 2) and checked: Persian letters joined and in
/// order, titles, subtitles, legends, value-axis caption and source note
/// right-aligned in Persian and left-aligned in English; legend order
/// mirrored in Persian and first series rightmost in each bar group; years
/// left to right in both languages with Persian digits, `٫` and `٪`; no
/// text clipped at the edges; value labels clear of bars, markers and each
/// other (bar value labels dropped as a whole at 480 pt where they would
/// touch); line value labels move below or beside a marker when a line
/// would cross them; surplus blue and deficit vermillion around a dark zero
/// line; timeline event labels hang from their leader lines without any
/// line crossing a label. Fixed after looking: the timeline was a thin band
/// at the bottom of an empty chart, and one event label could not be
/// placed; value labels were crossed by lines. Noted, not changed: negative
/// numbers in Persian come from dossier-core with the hyphen-minus, which
/// the bidi algorithm shows at the right of the digits (`۰٫۹-`).
///
/// The stacked bar (`stackedbar-fa.png`, `stackedbar-en.png`, 800 × 500 pt)
/// was looked at later the same day: exports stacked up from zero and
/// imports down, in the palette's blue and orange; the net balance above
/// each bar in Persian digits with `٫`; legend mirrored in Persian (exports
/// on the right); years left to right in both languages; no label touches
/// another.
///
/// The timelines were looked at again after long event labels began to
/// wrap and the label placement began to try several orders: the samples
/// here and the briefing's Sicily–Malta chart (`out/my-report/timeline.*.png`)
/// show every event but one of the two on the same date, as a staircase of
/// flags, Persian lines right-aligned against their leader lines; before,
/// the briefing's chart labelled two to four of its seven events.
#[test]
fn write_look_pngs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/charts-look");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let mut small = spec.clone();
            small.width = 480.0;
            small.height = if spec.kind == ChartKind::Timeline {
                220.0
            } else {
                300.0
            };
            let name = format!("{:?}-{}-small", spec.kind, lang.code()).to_lowercase();
            let scene = render(&small, &data, lang).unwrap();
            std::fs::write(
                dir.join(format!("{name}.png")),
                to_png(&scene, PNG_SCALE).unwrap(),
            )
            .unwrap();
            let scene = render(&spec, &data, lang).unwrap();
            let name = format!("{:?}-{}", spec.kind, lang.code()).to_lowercase();
            std::fs::write(
                dir.join(format!("{name}.png")),
                to_png(&scene, PNG_SCALE).unwrap(),
            )
            .unwrap();
            std::fs::write(dir.join(format!("{name}.svg")), to_svg(&scene)).unwrap();
            let scene = render_with_options(&small, &data, lang, RenderOptions::FIGURE).unwrap();
            let name = format!("{:?}-{}-figure", spec.kind, lang.code()).to_lowercase();
            std::fs::write(
                dir.join(format!("{name}.png")),
                to_png(&scene, PNG_SCALE).unwrap(),
            )
            .unwrap();
        }
        for (w, h) in [(480.0, 220.0), (480.0, 330.0), (800.0, 300.0)] {
            let spec = events::timeline_spec(w, h);
            let scene = render(&spec, &events::dense(), lang).unwrap();
            let name = format!("timeline-dense-{w}x{h}-{}", lang.code());
            std::fs::write(
                dir.join(format!("{name}.png")),
                to_png(&scene, PNG_SCALE).unwrap(),
            )
            .unwrap();
        }
    }
}

#[test]
fn small_timelines_draw() {
    let (spec, _) = samples(en()).remove(4);
    let one_event = TimelineData {
        periods: vec![],
        events: vec![Event {
            at: 2004.0,
            label: "Entry into force".into(),
        }],
        statuses: vec![],
    };
    let instant = TimelineData {
        periods: vec![Period {
            start: 2010.5,
            end: 2010.5,
            status_key: "a".into(),
            label: "Instant".into(),
        }],
        events: vec![],
        statuses: vec![Status {
            key: "a".into(),
            label: "A".into(),
            color: PALETTE[0],
        }],
    };
    for data in [one_event, instant] {
        let (_, layout) = render_with_layout(&spec, &ChartData::Timeline(data), en()).unwrap();
        let years = layout
            .labels
            .iter()
            .filter(|l| l.role == Role::XTick)
            .count();
        assert!(years >= 2, "{years}");
    }
}
