//! No grid or axis line crosses text: where one passes through a label's
//! box, an opaque fill drawn after the line and before the text covers the
//! crossing (a label's backing, or a timeline's band under a period label).

use super::{en, fa};
use dossier_canvas::{GlyphRun, Item, PathSeg, Rect};
use dossier_core::Lang;

use crate::examples::samples;
use crate::*;

const GRID: Color = Color::rgb(0xdd, 0xdd, 0xdd);
const AXIS: Color = Color::rgb(0x44, 0x44, 0x44);

/// A straight segment of a grid or axis line, with its place in the Scene.
struct Segment {
    index: usize,
    a: (f32, f32),
    b: (f32, f32),
}

/// Every straight segment stroked in a grid or axis colour.
fn segments(scene: &Scene) -> Vec<Segment> {
    let mut out = Vec::new();
    for (index, item) in scene.items.iter().enumerate() {
        let Item::Path {
            path,
            stroke: Some(s),
            ..
        } = item
        else {
            continue;
        };
        if s.color != GRID && s.color != AXIS {
            continue;
        }
        let mut at = None;
        for seg in &path.segs {
            match seg {
                PathSeg::MoveTo(p) => at = Some((p.x, p.y)),
                PathSeg::LineTo(p) => {
                    if let Some(a) = at {
                        out.push(Segment {
                            index,
                            a,
                            b: (p.x, p.y),
                        });
                    }
                    at = Some((p.x, p.y));
                }
                _ => at = None,
            }
        }
    }
    out
}

/// Opaque axis-aligned rectangles filled in the Scene, with their places.
fn opaque_fills(scene: &Scene) -> Vec<(usize, Rect)> {
    scene
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Item::Path {
                path,
                fill: Some(c),
                ..
            } if c.alpha >= 1.0 => {
                let pts: Vec<(f32, f32)> = path
                    .segs
                    .iter()
                    .filter_map(|s| match s {
                        PathSeg::MoveTo(p) | PathSeg::LineTo(p) => Some((p.x, p.y)),
                        _ => None,
                    })
                    .collect();
                let axis_aligned = pts.len() >= 4
                    && pts.iter().all(|p| {
                        pts.iter()
                            .filter(|q| (q.0 - p.0).abs() < 0.01 || (q.1 - p.1).abs() < 0.01)
                            .count()
                            >= 2
                    });
                if !axis_aligned {
                    return None;
                }
                let (x0, x1) = pts
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
                let (y0, y1) = pts
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
                Some((i, Rect::new(x0, y0, x1 - x0, y1 - y0)))
            }
            _ => None,
        })
        .collect()
}

/// The part of segment `s` inside `r` (shrunk a little), if any.
fn clip(s: &Segment, r: &Rect) -> Option<((f32, f32), (f32, f32))> {
    let r = Rect::new(r.x + 0.25, r.y + 0.25, r.width - 0.5, r.height - 0.5);
    let ((ax, ay), (bx, by)) = (s.a, s.b);
    if (ay - by).abs() < 0.01 {
        let (x0, x1) = (ax.min(bx).max(r.x), ax.max(bx).min(r.right()));
        (ay > r.y && ay < r.bottom() && x0 < x1).then_some(((x0, ay), (x1, ay)))
    } else if (ax - bx).abs() < 0.01 {
        let (y0, y1) = (ay.min(by).max(r.y), ay.max(by).min(r.bottom()));
        (ax > r.x && ax < r.right() && y0 < y1).then_some(((ax, y0), (ax, y1)))
    } else {
        None
    }
}

/// Where the first glyph run of `label` is in the Scene.
fn text_index(scene: &Scene, label: &PlacedLabel) -> Option<usize> {
    let r = &label.rect;
    scene.items.iter().position(|item| match item {
        Item::Glyphs(GlyphRun { glyphs, text, .. }) => glyphs.first().is_some_and(|g| {
            label.text.contains(&**text)
                && g.x >= r.x - 1.0
                && g.x <= r.right() + 1.0
                && g.y >= r.y - 0.5
                && g.y <= r.bottom() + 0.5
        }),
        _ => false,
    })
}

fn assert_clean(spec: &ChartSpec, data: &ChartData, lang: Lang, what: &str) {
    let (scene, layout) = render_with_layout(spec, data, lang).unwrap();
    let segs = segments(&scene);
    let fills = opaque_fills(&scene);
    assert!(!segs.is_empty(), "{what}: no grid lines found");
    for label in &layout.labels {
        let Some(text) = text_index(&scene, label) else {
            panic!("{what}: no glyphs for {label:?}");
        };
        for s in &segs {
            let Some((a, b)) = clip(s, &label.rect) else {
                continue;
            };
            let covered = fills.iter().any(|(i, f)| {
                *i > s.index
                    && *i < text
                    && a.0 >= f.x - 0.01
                    && b.0 <= f.right() + 0.01
                    && a.1 >= f.y - 0.01
                    && b.1 <= f.bottom() + 0.01
            });
            assert!(
                covered,
                "{what}: a line from {:?} to {:?} crosses {label:?}",
                s.a, s.b
            );
        }
    }
}

#[test]
fn no_grid_line_crosses_text() {
    for lang in [fa(), en()] {
        for (mut spec, data) in samples(lang) {
            for (w, h) in [
                (800.0, 500.0),
                (480.0, 300.0),
                (320.0, 220.0),
                (600.0, 260.0),
            ] {
                spec.width = w;
                spec.height = h;
                let what = format!("{:?} {lang:?} {w}x{h}", spec.kind);
                assert_clean(&spec, &data, lang, &what);
            }
        }
    }
}

/// Values that sit on grid lines: tick values themselves, in every kind
/// with value labels.
#[test]
fn labels_on_grid_lines_stand_on_backings() {
    for lang in [fa(), en()] {
        for (spec, data) in samples(lang) {
            let ChartData::Categories(c) = &data else {
                continue;
            };
            let n = c.categories.len().min(4);
            let on_ticks = ChartData::Categories(CategorySeries {
                categories: c.categories[..n].to_vec(),
                series: vec![Series::new(
                    &c.series[0].name,
                    [10.0, 20.0, 30.0, 40.0][..n].to_vec(),
                )],
            });
            assert_clean(&spec, &on_ticks, lang, &format!("{:?} {lang:?}", spec.kind));
        }
    }
}
