//! A formula over many rows at once gives, row by row, what it gives over
//! each row alone: the parts evaluated once for all rows are those that
//! cannot depend on the row.

mod common;

use common::fixture;
use dossier_formula::{Context, Formula};

fn same_as_one_by_one(formula: &str) {
    same_as_one_by_one_within(formula, dossier_formula::Limits::default());
}

/// [`same_as_one_by_one`] with the formula evaluated under `limits`.
fn same_as_one_by_one_within(formula: &str, limits: dossier_formula::Limits) {
    let ctx = fixture();
    let f = Formula::parse_with(formula, limits).unwrap();
    let table = ctx.table("sales").unwrap();
    let rows: Vec<usize> = (0..table.len()).collect();
    let one_by_one: Vec<_> = rows
        .iter()
        .map(|&r| f.evaluate_in_row(&ctx, table, r))
        .collect();
    let at_once = f.evaluate_in_rows(&ctx, table, rows.iter().copied());
    // The same, up to and with the first error.
    let end = one_by_one
        .iter()
        .position(Result::is_err)
        .map_or(one_by_one.len(), |i| i + 1);
    assert_eq!(
        at_once,
        one_by_one[..end].to_vec(),
        "{formula}, {} steps",
        limits.max_steps
    );
}

#[test]
fn rows_at_once_are_rows_one_by_one() {
    for formula in [
        "year = param.base_year",
        "units > sales['north', 2001].units",
        "region = sales[year = 2002 and channel = 'shop'].region",
        // Names inside the inner filter are the inner row's fields.
        "count(sales[year = 2002 and units > 0]) > units",
        "revenue.north.2002 > revenue",
        "units * 2 + sales['south', 2001].units",
        "1 / (units - 10)",
        "sales[units = 999].revenue",
        // A text field against a known text: answered by the field's index.
        "region = sales['north', 2001].region",
        "sales['south', 2002].channel = channel",
        "region = 'nowhere'",
        "channel = sales[units = 8].channel",
        // Text against a number: a type error at the first row.
        "region = sales['north', 2001].units",
        // Comparisons joined by `and` and `or`, with missing values and
        // errors on either side.
        "region = sales['north', 2001].region and units > sales['south', 2001].units",
        "year = param.base_year or channel = sales['south', 2002].channel",
        "units > sales['north', 2001].units and region = sales['north', 2001].region",
        "channel = sales['south', 2002].channel and region = sales['north', 2001].units",
        "region = sales['north', 2001].units or channel = 'web'",
        "(region = 'north' or channel = 'shop') and year >= param.base_year",
    ] {
        same_as_one_by_one(formula);
    }
}

/// Row by row and at once, a condition runs out of steps at the same row
/// and node, whatever the limit.
#[test]
fn rows_at_once_count_the_steps_of_rows_one_by_one() {
    for formula in [
        "region = sales['north', 2001].region and units > sales['south', 2001].units",
        "(region = 'north' or channel = 'shop') and year >= param.base_year",
        "sales['north', 2001].units < units",
    ] {
        for max_steps in 1..40 {
            let limits = dossier_formula::Limits {
                max_steps,
                ..dossier_formula::Limits::default()
            };
            same_as_one_by_one_within(formula, limits);
        }
    }
}

/// A filter keeps the rows its condition, evaluated in each row alone, is
/// true for, and fails where that fails: also when the condition compares
/// a field with a value the same for every row, which a filter compares
/// without evaluating the condition row by row.
#[test]
fn filters_keep_the_rows_their_condition_holds_for() {
    let ctx = fixture();
    let table = ctx.table("sales").unwrap();
    let prefix = "count(sales[";
    for cond in [
        "units = sales['north', 2001].units",
        "sales['north', 2002].year = year",
        "units > sales['south', 2001].units",
        "units <= sales['south', 2001].units",
        "region != sales[year = 2002 and channel = 'shop'].region",
        "year >= sales['north', 2002].year",
        "year < param.base_year",
        // A text field against a known text: answered by the field's index.
        "region = sales['north', 2001].region",
        "sales['south', 2002].channel = channel",
        "channel = sales['south', 2002].channel",
        "region = sales[units = 8].region",
        // Text against a number: a type error, with the same kind.
        "region = sales['north', 2001].units",
        "sales['north', 2001].units < region",
        // Comparisons joined by `and` and `or`.
        "region = sales['north', 2001].region and units > sales['south', 2001].units",
        "units > sales['north', 2001].units or region = sales['south', 2001].region",
        "channel = sales['south', 2002].channel and region = sales['north', 2001].units",
        "(region = 'north' or channel = 'shop') and year >= param.base_year",
    ] {
        let c = Formula::parse(cond).unwrap();
        let by_row: Result<Vec<bool>, _> = (0..table.len())
            .map(|r| {
                c.evaluate_in_row(&ctx, table, r)
                    .map(|v| v == dossier_formula::Value::Bool(true))
            })
            .collect();
        let filtered = Formula::parse(&format!("{prefix}{cond}])"))
            .unwrap()
            .evaluate(&ctx);
        match (by_row, filtered) {
            (Ok(kept), Ok(count)) => {
                let n = kept.iter().filter(|k| **k).count();
                assert_eq!(count, dossier_formula::Value::from(n as i64), "{cond}");
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.kind, b.kind, "{cond}");
                assert_eq!(a.span.start + prefix.len(), b.span.start, "{cond}");
            }
            (a, b) => panic!("{cond}: {a:?} row by row, {b:?} filtered"),
        }
    }
}

/// Filters chained after one another, and over a field of texts that the
/// table indexes, keep what a filter of both conditions keeps.
#[test]
fn chained_filters_keep_the_rows_both_conditions_hold_for() {
    let ctx = fixture();
    for (chained, both) in [
        (
            "count(sales[year = 2002][channel = sales['south', 2001].channel])",
            "count(sales[year = 2002 and channel = 'web'])",
        ),
        (
            "sum(sales[units > 9][region = sales['north', 2002].region].units)",
            "sum(sales[units > 9 and region = 'north'].units)",
        ),
        (
            "count(sales[channel = sales['south', 2002].channel][region = sales['north', 2001].region])",
            "count(sales[channel = 'shop' and region = 'north'])",
        ),
    ] {
        let a = Formula::parse(chained).unwrap().evaluate(&ctx);
        let b = Formula::parse(both).unwrap().evaluate(&ctx);
        assert_eq!(a, b, "{chained}");
    }
}
