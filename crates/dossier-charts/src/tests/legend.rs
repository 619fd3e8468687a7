//! A legend lists only what the chart draws, in every kind.

use super::{en, fa};
use dossier_core::Lang;

use crate::examples::samples;
use crate::*;

fn legend(spec: &ChartSpec, data: &ChartData, lang: Lang) -> Vec<String> {
    let (_, layout) = render_with_layout(spec, data, lang).unwrap();
    layout
        .labels
        .iter()
        .filter(|l| l.role == Role::Legend)
        .map(|l| l.text.clone())
        .collect()
}

fn categories(values: Vec<Vec<f64>>) -> ChartData {
    let n = values[0].len();
    ChartData::Categories(CategorySeries {
        categories: (0..n).map(|i| format!("{}", 2000 + i)).collect(),
        series: values
            .into_iter()
            .enumerate()
            .map(|(i, v)| Series::new(&format!("S{i}"), v))
            .collect(),
    })
}

/// A diverging chart lists surplus and deficit only when some value has
/// that sign.
#[test]
fn diverging_legend_lists_only_the_signs_drawn() {
    let (spec, _) = samples(en()).remove(3);
    assert_eq!(spec.kind, ChartKind::Diverging);
    let cases = [
        (vec![-3.0, -1.0, -2.0], vec!["Deficit"]),
        (vec![3.0, 1.0, 0.0], vec!["Surplus"]),
        (vec![3.0, -1.0, 2.0], vec!["Surplus", "Deficit"]),
        (vec![0.0, 0.0, 0.0], vec![]),
    ];
    for (values, expected) in cases {
        assert_eq!(
            legend(&spec, &categories(vec![values.clone()]), en()),
            expected
        );
        let fa = legend(&spec, &categories(vec![values]), fa());
        assert_eq!(fa.len(), expected.len());
    }
}

/// A bar series with no bar of some height is not listed; a line is drawn
/// whatever its values, so it is.
#[test]
fn bar_series_without_bars_are_not_listed() {
    for lang in [fa(), en()] {
        for (spec, _) in samples(lang) {
            let data = categories(vec![
                vec![1.0, 2.0, 3.0],
                vec![0.0, 0.0, 0.0],
                vec![2.0, 1.0, 4.0],
            ]);
            let listed = match spec.kind {
                ChartKind::GroupedBar | ChartKind::StackedBar | ChartKind::HorizontalBar => {
                    vec!["S0", "S2"]
                }
                ChartKind::Line => vec!["S0", "S1", "S2"],
                _ => continue,
            };
            assert_eq!(
                legend(&spec, &data, lang),
                listed,
                "{:?} {lang:?}",
                spec.kind
            );
        }
    }
}

/// A timeline lists the statuses of its periods, leaving out a status with
/// no period and one whose only period has no length.
#[test]
fn timeline_legend_lists_only_statuses_with_a_period() {
    let (spec, _) = samples(en()).remove(4);
    let status = |key: &str, color| Status {
        key: key.into(),
        label: key.to_uppercase(),
        color,
    };
    let period = |start, end, key: &str| Period {
        start,
        end,
        status_key: key.into(),
        label: String::new(),
    };
    let data = ChartData::Timeline(TimelineData {
        periods: vec![period(2000.0, 2005.0, "a"), period(2007.0, 2007.0, "c")],
        events: vec![Event {
            at: 2003.0,
            label: "An event".into(),
        }],
        statuses: vec![
            status("a", PALETTE[0]),
            status("b", PALETTE[1]),
            status("c", PALETTE[2]),
        ],
    });
    for lang in [fa(), en()] {
        assert_eq!(legend(&spec, &data, lang), vec!["A"]);
    }
}
