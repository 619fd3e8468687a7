//! The right-to-left convention of the crate docs, asserted on the Scene of
//! every kind in both directions: where the title, the legend's first
//! entry, the value axis, the first series of a group, a horizontal bar's
//! categories and a timeline's flags go.

use super::{en, fa};
use dossier_canvas::{Item, Rect};

use crate::examples::samples;
use crate::*;

const PAD: f32 = 12.0;

fn labels(layout: &ChartLayout, role: Role) -> Vec<&PlacedLabel> {
    layout.labels.iter().filter(|l| l.role == role).collect()
}

/// Rectangles filled with `color` inside `area`, in drawing order.
fn fills(scene: &Scene, color: Color, area: &Rect) -> Vec<Rect> {
    scene
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Path {
                path,
                fill: Some(c),
                ..
            } if *c == color => {
                let pts: Vec<(f32, f32)> =
                    path.segs
                        .iter()
                        .filter_map(|s| match s {
                            dossier_canvas::PathSeg::MoveTo(p)
                            | dossier_canvas::PathSeg::LineTo(p) => Some((p.x, p.y)),
                            _ => None,
                        })
                        .collect();
                let (x0, x1) = pts
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
                let (y0, y1) = pts
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
                let r = Rect::new(x0, y0, x1 - x0, y1 - y0);
                let inside = r.x >= area.x - 0.5
                    && r.right() <= area.right() + 0.5
                    && r.y >= area.y - 0.5
                    && r.bottom() <= area.bottom() + 0.5;
                inside.then_some(r)
            }
            _ => None,
        })
        .collect()
}

/// Title, subtitle and source note start at the start edge; the legend's
/// first entry is at the start edge and the next entries follow it in
/// reading order.
#[test]
fn text_starts_on_the_start_side_of_every_kind() {
    for lang in [fa(), en()] {
        let rtl = lang.is_rtl();
        for (spec, data) in samples(lang) {
            let (_, layout) = render_with_layout(&spec, &data, lang).unwrap();
            for role in [Role::Title, Role::Subtitle, Role::Note] {
                for l in labels(&layout, role) {
                    let at_start = if rtl {
                        (l.rect.right() - (spec.width - PAD)).abs() < 0.5
                    } else {
                        (l.rect.x - PAD).abs() < 0.5
                    };
                    assert!(at_start, "{:?} {lang:?}: {role:?} {:?}", spec.kind, l.rect);
                }
            }
            let legend = labels(&layout, Role::Legend);
            if let Some(first) = legend.first() {
                // Swatch (9 pt) and gap (4 pt) come before the text.
                let at_start = if rtl {
                    (first.rect.right() - (spec.width - PAD - 13.0)).abs() < 0.5
                } else {
                    (first.rect.x - (PAD + 13.0)).abs() < 0.5
                };
                assert!(
                    at_start,
                    "{:?} {lang:?}: legend {:?}",
                    spec.kind, first.rect
                );
                for pair in legend.windows(2) {
                    if (pair[0].rect.y - pair[1].rect.y).abs() < 0.5 {
                        assert_eq!(pair[0].rect.x > pair[1].rect.x, rtl, "{:?}", spec.kind);
                    }
                }
            }
        }
    }
}

/// The value axis of every vertical kind stands on the start side, its
/// numbers right-aligned (flush with the chart's right edge in Persian),
/// and the category axis runs left to right in both directions.
#[test]
fn value_axis_on_the_start_side_and_time_left_to_right() {
    for lang in [fa(), en()] {
        let rtl = lang.is_rtl();
        for (spec, data) in samples(lang) {
            if matches!(spec.kind, ChartKind::HorizontalBar | ChartKind::Timeline) {
                continue;
            }
            let (_, layout) = render_with_layout(&spec, &data, lang).unwrap();
            let plot = layout.plot;
            let ticks = labels(&layout, Role::YTick);
            assert!(ticks.len() >= 2, "{:?}", spec.kind);
            let right = ticks[0].rect.right();
            for t in &ticks {
                if rtl {
                    assert!(t.rect.x >= plot.right(), "{:?}: {t:?}", spec.kind);
                    assert!((t.rect.right() - (spec.width - PAD)).abs() < 0.5);
                } else {
                    assert!(t.rect.right() <= plot.x, "{:?}: {t:?}", spec.kind);
                }
                assert!((t.rect.right() - right).abs() < 0.5, "right-aligned");
            }
            // The value caption stands above the axis, on the same side.
            let caption = labels(&layout, Role::AxisTitle)
                .into_iter()
                .find(|l| l.rect.bottom() <= plot.y)
                .unwrap();
            assert_eq!(caption.rect.x > plot.x + plot.width / 2.0, rtl);
            let xs: Vec<f32> = labels(&layout, Role::XTick)
                .iter()
                .map(|l| l.rect.x)
                .collect();
            assert!(
                xs.windows(2).all(|w| w[0] < w[1]),
                "{:?} {lang:?}",
                spec.kind
            );
        }
    }
}

/// In each group of bars the first series stands at the start side: the
/// leftmost bar in English, the rightmost in Persian.
#[test]
fn first_series_of_a_group_on_the_start_side() {
    for lang in [fa(), en()] {
        let (spec, data) = samples(lang).remove(0);
        assert_eq!(spec.kind, ChartKind::GroupedBar);
        let (scene, layout) = render_with_layout(&spec, &data, lang).unwrap();
        let first = fills(&scene, PALETTE[0], &layout.plot);
        let second = fills(&scene, PALETTE[1], &layout.plot);
        assert_eq!(first.len(), 10);
        assert_eq!(second.len(), 10);
        for (a, b) in first.iter().zip(&second) {
            assert_eq!(a.x > b.x, lang.is_rtl(), "{a:?} {b:?}");
        }
    }
}

/// A horizontal bar chart is mirrored: category labels on the start side,
/// flush against the bars, bars growing away from them, value labels past
/// their ends, and the value axis reading away from the labels.
#[test]
fn horizontal_bars_are_mirrored() {
    for lang in [fa(), en()] {
        let rtl = lang.is_rtl();
        let (spec, data) = samples(lang).remove(2);
        assert_eq!(spec.kind, ChartKind::HorizontalBar);
        let (scene, layout) = render_with_layout(&spec, &data, lang).unwrap();
        let plot = layout.plot;
        let cats = labels(&layout, Role::YTick);
        let edge = if rtl {
            cats[0].rect.x
        } else {
            cats[0].rect.right()
        };
        for c in &cats {
            if rtl {
                assert!(c.rect.x >= plot.right());
                assert!((c.rect.x - edge).abs() < 0.5, "flush against the bars");
            } else {
                assert!(c.rect.right() <= plot.x);
                assert!(
                    (c.rect.right() - edge).abs() < 0.5,
                    "flush against the bars"
                );
            }
        }
        let bars = fills(&scene, PALETTE[0], &plot);
        assert_eq!(bars.len(), 5);
        let values = labels(&layout, Role::Value);
        for (b, v) in bars.iter().zip(&values) {
            if rtl {
                assert!((b.right() - plot.right()).abs() < 0.5, "{b:?}");
                assert!(v.rect.right() <= b.x);
            } else {
                assert!((b.x - plot.x).abs() < 0.5, "{b:?}");
                assert!(v.rect.x >= b.right());
            }
        }
        // The first tick (zero) is at the bars' base.
        let ticks = labels(&layout, Role::XTick);
        assert_eq!(ticks[0].rect.x > ticks[1].rect.x, rtl);
    }
}

/// A timeline's dates run left to right in both directions, and an event
/// label with room on both sides hangs towards the reading direction, its
/// date next to the marker.
#[test]
fn timeline_flags_hang_towards_the_reading_direction() {
    for lang in [fa(), en()] {
        let rtl = lang.is_rtl();
        let (mut spec, _) = samples(lang).remove(4);
        assert_eq!(spec.kind, ChartKind::Timeline);
        spec.width = 600.0;
        let data = ChartData::Timeline(TimelineData {
            periods: vec![Period {
                start: 2000.0,
                end: 2020.0,
                status_key: "a".into(),
                label: String::new(),
            }],
            events: vec![Event {
                at: 2010.0,
                label: "2010 · One event".into(),
            }],
            statuses: vec![Status {
                key: "a".into(),
                label: "A".into(),
                color: PALETTE[2],
            }],
        });
        let (_, layout) = render_with_layout(&spec, &data, lang).unwrap();
        let years = labels(&layout, Role::XTick);
        assert!(years.windows(2).all(|w| w[0].rect.x < w[1].rect.x));
        // The axis spans 2000 to 2020: the event is halfway.
        let marker = layout.plot.x + layout.plot.width / 2.0;
        let event = labels(&layout, Role::Event);
        assert_eq!(event.len(), 1);
        if rtl {
            assert!(
                event[0].rect.right() < marker,
                "{:?} {marker}",
                event[0].rect
            );
        } else {
            assert!(event[0].rect.x > marker, "{:?} {marker}", event[0].rect);
        }
    }
}
