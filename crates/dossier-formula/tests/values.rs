//! Golden values: each formula over the fixture and the value it must
//! give, worked out by hand.

mod common;

use common::{d, eval, fixture, num};
use dossier_formula::{Date, Formula, Value};

fn check(formula: &str, expected: Value) {
    match eval(formula) {
        Ok(v) => assert_eq!(v, expected, "{formula}"),
        Err(e) => panic!("{formula}: {e} at {}", e.span),
    }
}

fn date(s: &str) -> Value {
    Value::Date(Date::parse(s).unwrap())
}

#[test]
fn literals_and_arithmetic() {
    check("1 + 2 * 3", num("7"));
    check("(1 + 2) * 3", num("9"));
    check("10 - 4 - 3", num("3"));
    check("12 / 4 / 3", num("1"));
    check("-2 * -3", num("6"));
    check("1 / 3 * 3", num("0.9999999999999999999999999999"));
    check("0.1 + 0.2", num("0.3"));
    check("'a''b'", Value::from("a'b"));
    check("true and not false", Value::Bool(true));
    check(
        "1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2 and 1 = 1.00",
        Value::Bool(true),
    );
    check("'abc' < 'abd'", Value::Bool(true));
    check("1 < 2 or 1 / 1 = 2", Value::Bool(true));
}

#[test]
fn lookups() {
    check("sales['north', 2002].revenue", num("150.25"));
    check(
        "sales[year = 2002, region = 'north'].revenue",
        num("150.25"),
    );
    check("sales['north', param.base_year].units", num("10"));
    check("sales[region = 'north']['north', 2002].units", num("12"));
    check("events['merger'].date", date("2001-07"));
    check("sales['north', 2002.0].units", num("12"));
    check("sales[`region` = 'south', `year` = 2001].units", num("8"));
}

#[test]
fn filters_and_lists() {
    check("sum(sales[year = 2001].revenue)", num("210.50"));
    check(
        "sales[region = 'north'].units",
        Value::List(vec![num("10"), num("12")]),
    );
    check("count(sales[region = 'north'])", num("2"));
    check("count(sales[year = 1900])", num("0"));
    check("count(sales.units)", num("3"));
    check("count(sales[units > 5])", num("3"));
    check("mean(sales[region = 'north'].units)", num("11"));
    check("sum(sales.units)", num("30"));
    check("sum(sales[year = 1900].units)", num("0"));
    check(
        "count(sales[year = max(sales.year) and region = 'south'])",
        num("1"),
    );
    check("count(events[date >= '2000'])", num("1"));
    check("count(events[date < date('1999-06')])", num("2"));
    check(
        "count(sales[not (region = 'north') or year = 2002])",
        num("3"),
    );
}

#[test]
fn functions() {
    check(
        "pct_change(120.50, 150.25)",
        num("24.688796680497925311203319502"),
    );
    check(
        "pct_change(2638, 3792)",
        num("43.745261561789234268385140258"),
    );
    check("share(1154, 2638)", num("43.745261561789234268385140258"));
    check("round(share(1154, 2638), 1)", num("43.7"));
    check("round(2.45, 1)", num("2.5"));
    check("round(-2.45, 1)", num("-2.5"));
    check("round(2.5, 0)", num("3"));
    check("abs(-3.5)", num("3.5"));
    check("min(sales.revenue)", num("90"));
    check("max(sales.revenue)", num("150.25"));
    check("min(3, 1, 2)", num("1"));
    check("max(events.date)", date("2001-07"));
    check("min(events.date)", date("1990-03-15"));
    check(
        "days_between(date('1973-09-11'), date('1973-09-14'))",
        num("3"),
    );
    check("days_between('2000-01-01', '2001-01-01')", num("366"));
    check("days_between(date('2001'), date('2000'))", num("-366"));
    check(
        "days_between(events['founded'].date, events['merger'].date)",
        num("4126"),
    );
    check(
        "years_between(date('2000-01-01'), date('2001-01-01'))",
        num("1.0020739645577937945337686605"),
    );
    check(
        "round(years_between(date('1973-09-11'), date('1995-04-07')), 1)",
        num("21.6"),
    );
    check("year(events['merger'].date)", num("2001"));
    check("date('1973-09')", date("1973-09"));
    check("date(1973)", date("1973"));
    check("year(date(param.base_year)) + 1", num("2002"));
}

#[test]
fn figures_and_parameters() {
    check("revenue.north.2002 * 2", num("300.50"));
    check("round(growth.north, 2)", num("24.69"));
    check("param.base_year + 1", num("2002"));
}

#[test]
fn missing_values_propagate() {
    check("sales['south', 2002].units", Value::Missing);
    check("sales['south', 2002].units + 1", Value::Missing);
    check("pct_change(sales['south', 2002].units, 5)", Value::Missing);
    check("sales['south', 2002].units > 1", Value::Missing);
    check("sales['south', 2002].units > 1 or true", Value::Bool(true));
    check(
        "sales['south', 2002].units > 1 and false",
        Value::Bool(false),
    );
    check("sales['south', 2002].units > 1 and true", Value::Missing);
    check("not (sales['south', 2002].units > 1)", Value::Missing);
    check("sales['south', 2002].units = 1", Value::Bool(false));
    check("min(sales['south', 2002].units, 1)", Value::Missing);
    check("round(sales['south', 2002].units, 1)", Value::Missing);
    check(
        "days_between(sales['south', 2002].units, '2001')",
        Value::Missing,
    );
}

#[test]
fn a_row_in_scope() {
    let fx = fixture();
    let sales = fx.memory_table("sales").unwrap();
    let f = Formula::parse("units * 2 + revenue.north.2002").unwrap();
    assert_eq!(f.evaluate_in_row(&fx, sales, 0).unwrap(), num("170.25"));
    let f = Formula::parse("year >= 2002 and channel = 'web'").unwrap();
    let kept: Vec<bool> = (0..4)
        .map(|r| f.evaluate_in_row(&fx, sales, r).unwrap() == Value::Bool(true))
        .collect();
    assert_eq!(kept, [false, true, false, false]);
    assert_eq!(d("1"), d("1.0"));
}
