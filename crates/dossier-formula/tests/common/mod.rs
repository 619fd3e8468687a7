//! A small neutral context for the tests: two data sets, a few figures
//! (two of them circular, one failing) and one parameter.

#![allow(dead_code)]

use dossier_formula::{Date, Decimal, Formula, MemoryContext, MemoryTable, Value};

pub fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

pub fn num(s: &str) -> Value {
    Value::Number(d(s))
}

/// The fixture's context.
pub fn fixture() -> MemoryContext {
    let text = |s: &str| Value::from(s);
    let sales = MemoryTable::new(
        ["region", "year", "units", "revenue", "channel"]
            .map(String::from)
            .to_vec(),
        &["region", "year"],
        vec![
            vec![
                text("north"),
                2001.into(),
                10.into(),
                num("120.50"),
                text("web"),
            ],
            vec![
                text("north"),
                2002.into(),
                12.into(),
                num("150.25"),
                text("web"),
            ],
            vec![text("south"), 2001.into(), 8.into(), num("90"), text("web")],
            vec![
                text("south"),
                2002.into(),
                Value::Missing,
                num("110"),
                text("shop"),
            ],
        ],
    )
    .unwrap();
    let date = |s: &str| Value::Date(Date::parse(s).unwrap());
    let events = MemoryTable::new(
        vec!["name".into(), "date".into()],
        &["name"],
        vec![
            vec![text("founded"), date("1990-03-15")],
            vec![text("listing"), date("1999")],
            vec![text("merger"), date("2001-07")],
        ],
    )
    .unwrap();
    let mut ctx = MemoryContext::new()
        .with_table("sales", sales)
        .with_table("events", events)
        .with_parameter("base_year", 2001.into());
    for (name, formula) in [
        ("revenue.north.2002", "sales['north', 2002].revenue"),
        (
            "growth.north",
            "pct_change(sales['north', 2001].revenue, sales['north', 2002].revenue)",
        ),
        ("loop.a", "loop.b + 1"),
        ("loop.b", "loop.a"),
        ("broken", "1 / 0"),
    ] {
        ctx = ctx.with_figure(name, Formula::parse(formula).unwrap());
    }
    ctx
}

/// Evaluates `formula` over the fixture.
pub fn eval(formula: &str) -> Result<Value, dossier_formula::FormulaError> {
    Formula::parse(formula)?.evaluate(&fixture())
}
