//! Timeline events: every event is labelled when there is room, the same
//! events are labelled in both directions, events on one date share a
//! flag, and an event that cannot be labelled is numbered with its label in
//! the key, never left out unsaid.

use super::{en, fa};

use crate::examples::samples;
use crate::*;

pub(super) fn timeline_spec(width: f32, height: f32) -> ChartSpec {
    let mut spec = ChartSpec::new(
        ChartKind::Timeline,
        Localized::from_pairs(&[("fa", "خط زمان"), ("en", "Timeline")]),
    );
    spec.width = width;
    spec.height = height;
    spec
}

/// Events at `dates`, each labelled `E<i>` followed by `words`.
fn events(dates: &[f64], words: &str) -> ChartData {
    ChartData::Timeline(TimelineData {
        periods: vec![Period {
            start: dates[0].floor(),
            end: dates[dates.len() - 1].ceil(),
            status_key: "a".into(),
            label: String::new(),
        }],
        events: dates
            .iter()
            .enumerate()
            .map(|(i, at)| Event {
                at: *at,
                label: format!("E{i:02} {words}"),
            })
            .collect(),
        statuses: vec![Status {
            key: "a".into(),
            label: "A".into(),
            color: PALETTE[2],
        }],
    })
}

/// For each event, whether it is labelled beside its marker, and whether
/// it is in the key.
fn where_labelled(layout: &ChartLayout, n: usize) -> Vec<(bool, bool)> {
    let has = |role: Role, token: &str| {
        layout
            .labels
            .iter()
            .any(|l| l.role == role && l.text.contains(token))
    };
    (0..n)
        .map(|i| {
            let token = format!("E{i:02}");
            (has(Role::Event, &token), has(Role::EventKey, &token))
        })
        .collect()
}

fn assert_no_overlap(layout: &ChartLayout, what: &str) {
    let ls = &layout.labels;
    for (i, a) in ls.iter().enumerate() {
        for b in &ls[i + 1..] {
            assert!(!a.rect.intersects(&b.rect), "{what}: {a:?} overlaps {b:?}");
        }
    }
}

/// The sample timeline labels every event beside its marker, at page size
/// and larger, in both languages.
#[test]
fn every_event_is_labelled_when_there_is_room() {
    for lang in [fa(), en()] {
        let (mut spec, data) = samples(lang).remove(4);
        let ChartData::Timeline(t) = &data else {
            unreachable!()
        };
        for (w, h) in [(800.0, 300.0), (480.0, 220.0)] {
            spec.width = w;
            spec.height = h;
            let (_, layout) = render_with_layout(&spec, &data, lang).unwrap();
            for e in &t.events {
                let first = e.label.split_whitespace().next().unwrap();
                assert!(
                    layout
                        .labels
                        .iter()
                        .any(|l| l.role == Role::Event && l.text.contains(first)),
                    "{lang:?} {w}x{h}: {:?} not labelled",
                    e.label
                );
            }
            assert!(!layout.labels.iter().any(|l| l.role == Role::EventKey));
        }
    }
}

/// Two events on one date share one flag, both labelled.
#[test]
fn events_on_one_date_share_a_flag() {
    let data = events(&[1990.0, 1990.0, 1995.0], "happened");
    for lang in [fa(), en()] {
        let (_, layout) = render_with_layout(&timeline_spec(480.0, 220.0), &data, lang).unwrap();
        assert_eq!(
            where_labelled(&layout, 3),
            vec![(true, false); 3],
            "{lang:?}"
        );
        let ev: Vec<&PlacedLabel> = layout
            .labels
            .iter()
            .filter(|l| l.role == Role::Event)
            .collect();
        // One above the other, aligned on the same leader line.
        let (a, b) = (ev[0].rect, ev[1].rect);
        assert!(a.bottom() <= b.y || b.bottom() <= a.y);
        if lang.is_rtl() {
            assert!((a.right() - b.right()).abs() < 0.5);
        } else {
            assert!((a.x - b.x).abs() < 0.5);
        }
        assert_no_overlap(&layout, &format!("{lang:?}"));
    }
}

/// Fourteen events of some length, every two and a half years: more than
/// a page-wide timeline can label beside their markers.
pub(super) fn dense() -> ChartData {
    let dates: Vec<f64> = (0..14).map(|i| 1960.0 + i as f64 * 2.5).collect();
    events(&dates, "an event of some length that takes room")
}

/// In a dense timeline, the same events are labelled beside their markers
/// in both directions, every other one is numbered in the key or counted
/// there, and nothing is labelled twice.
#[test]
fn dense_timelines_label_the_same_events_in_both_directions() {
    let data = dense();
    for (w, h) in [
        (480.0, 220.0),
        (480.0, 330.0),
        (320.0, 260.0),
        (800.0, 300.0),
    ] {
        let spec = timeline_spec(w, h);
        let (_, ltr) = render_with_layout(&spec, &data, en()).unwrap();
        let (_, rtl) = render_with_layout(&spec, &data, fa()).unwrap();
        let (a, b) = (where_labelled(&ltr, 14), where_labelled(&rtl, 14));
        assert_eq!(a, b, "{w}x{h}");
        for (i, (beside, keyed)) in a.iter().enumerate() {
            assert!(!(beside & keyed), "{w}x{h}: event {i} labelled twice");
        }
        // Where the plot has room for a row of flags, some events are
        // labelled beside their markers; in a chart too short for that,
        // the key may say more by numbering them all.
        if h >= 300.0 {
            assert!(
                a.iter().any(|(beside, _)| *beside),
                "{w}x{h}: nothing labelled"
            );
        }
        assert!(a.iter().any(|(b, k)| *b || *k), "{w}x{h}: nothing said");
        // Events neither beside their marker nor in the key are counted.
        let unsaid = a.iter().filter(|(beside, keyed)| !beside && !keyed).count();
        if unsaid > 0 {
            let count = format!("{unsaid} ");
            assert!(
                ltr.labels.iter().any(|l| l.role == Role::EventKey
                    && l.text.starts_with(&count)
                    && l.text.ends_with("not labelled")),
                "{w}x{h}: {unsaid} events left out unsaid"
            );
        }
        for layout in [&ltr, &rtl] {
            let numbers = layout
                .labels
                .iter()
                .filter(|l| l.role == Role::EventNumber)
                .count();
            let keyed = a.iter().filter(|(_, k)| *k).count();
            // A number on the marker and one in the key.
            assert_eq!(numbers, 2 * keyed, "{w}x{h}");
            assert_no_overlap(layout, &format!("{w}x{h}"));
            for l in &layout.labels {
                assert!(
                    l.rect.x >= -0.5 && l.rect.right() <= w + 0.5,
                    "{w}x{h}: {l:?}"
                );
                assert!(
                    l.rect.y >= 0.0 && l.rect.bottom() <= h + 0.5,
                    "{w}x{h}: {l:?}"
                );
            }
        }
    }
}

/// Numbers in the key and on the markers use the edition's digits.
#[test]
fn numbers_use_the_editions_digits() {
    let (_, layout) = render_with_layout(&timeline_spec(320.0, 220.0), &dense(), fa()).unwrap();
    let numbers: Vec<&str> = layout
        .labels
        .iter()
        .filter(|l| l.role == Role::EventNumber)
        .map(|l| l.text.as_str())
        .collect();
    assert!(numbers.contains(&"۱"), "{numbers:?}");
    assert!(numbers
        .iter()
        .all(|t| !t.chars().any(|c| c.is_ascii_digit())));
}

/// With more events than can be labelled at all, the key says how many.
#[test]
fn too_many_events_are_counted_in_the_key() {
    let dates: Vec<f64> = (0..201).map(|i| 1800.0 + i as f64).collect();
    let data = events(&dates, "x");
    for (lang, text) in [
        (en(), "201 events are not labelled"),
        (fa(), "برچسب ۲۰۱ رویداد نمایش داده نشده است"),
    ] {
        let (_, layout) = render_with_layout(&timeline_spec(480.0, 220.0), &data, lang).unwrap();
        let key: Vec<&str> = layout
            .labels
            .iter()
            .filter(|l| l.role == Role::EventKey)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(key, vec![text]);
    }
}
