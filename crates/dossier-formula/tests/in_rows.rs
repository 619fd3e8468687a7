//! A formula over many rows at once gives, row by row, what it gives over
//! each row alone: the parts evaluated once for all rows are those that
//! cannot depend on the row.

mod common;

use common::fixture;
use dossier_formula::{Context, Formula};

fn same_as_one_by_one(formula: &str) {
    let ctx = fixture();
    let f = Formula::parse(formula).unwrap();
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
    assert_eq!(at_once, one_by_one[..end].to_vec(), "{formula}");
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
    ] {
        same_as_one_by_one(formula);
    }
}
