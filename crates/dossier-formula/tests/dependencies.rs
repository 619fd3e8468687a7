//! Dependencies of a parsed formula, and ordering figures by them.

mod common;

use std::collections::BTreeMap;

use common::fixture;
use dossier_formula::{evaluation_order, DependencyKind, Formula};

fn deps(formula: &str) -> Vec<(DependencyKind, String, String)> {
    let f = Formula::parse(formula).unwrap();
    f.dependencies(&fixture())
        .into_iter()
        .map(|d| {
            (
                d.kind,
                d.name,
                formula[d.span.start..d.span.end].to_string(),
            )
        })
        .collect()
}

#[test]
fn names_every_data_set_figure_and_parameter() {
    use DependencyKind::*;
    let f = "sales['north', 2001].revenue + revenue.north.2002 * param.base_year + count(sales[year = 2001 and units > growth.north]) + sum(events.date) + nothing";
    let s = |k, n: &str, at: &str| (k, n.to_string(), at.to_string());
    assert_eq!(
        deps(f),
        [
            s(DataSet, "sales", "sales"),
            s(Figure, "revenue.north.2002", "revenue.north.2002"),
            s(Parameter, "base_year", "param.base_year"),
            s(DataSet, "sales", "sales"),
            s(Figure, "growth.north", "growth.north"),
            s(DataSet, "events", "events"),
            s(Unknown, "nothing", "nothing"),
        ]
    );
}

#[test]
fn orders_the_fixture_figures_and_finds_its_cycle() {
    let fx = fixture();
    let figures = [
        ("revenue.north.2002", "sales['north', 2002].revenue"),
        ("double", "revenue.north.2002 * 2"),
        ("quadruple", "double * 2"),
    ];
    let graph = |extra: &[(&str, &str)]| -> BTreeMap<String, Vec<String>> {
        figures
            .iter()
            .chain(extra)
            .map(|(name, text)| {
                let f = Formula::parse(text).unwrap();
                let names = f
                    .dependencies(&fx)
                    .into_iter()
                    .filter(|d| {
                        d.kind == DependencyKind::Figure || d.kind == DependencyKind::Unknown
                    })
                    .map(|d| d.name)
                    .collect();
                (name.to_string(), names)
            })
            .collect()
    };
    assert_eq!(
        evaluation_order(&graph(&[])).unwrap(),
        ["revenue.north.2002", "double", "quadruple"]
    );
    // `loop.a` and `loop.b` are figures of the fixture; here they are
    // declared as names of the graph to find the cycle before evaluating.
    let cycle =
        evaluation_order(&graph(&[("loop.a", "loop.b + 1"), ("loop.b", "loop.a")])).unwrap_err();
    assert_eq!(cycle.chain, ["loop.a", "loop.b", "loop.a"]);
}
