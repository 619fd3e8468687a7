//! Traces: the computation with data values in place, in the notation of
//! each language, operands in logical order.

mod common;

use common::{d, fixture};
use dossier_formula::{Date, Decimal, Formula, Notation, Value};

/// English-style grouping with commas, the decimals as stored.
fn english(n: &Decimal) -> String {
    let text = n.to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// Persian digits, `٬` for groups and `٫` for the decimal sign.
struct Persian;

impl Notation for Persian {
    fn number(&self, n: &Decimal) -> String {
        english(n)
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                ',' => '٬',
                '.' => '٫',
                other => other,
            })
            .collect()
    }

    fn date(&self, d: &Date) -> String {
        self.number(&Decimal::from(d.year()))
    }
}

fn trace(formula: &str, notation: &dyn Notation) -> String {
    let traced = Formula::parse(formula)
        .unwrap()
        .evaluate_traced(&fixture())
        .unwrap();
    traced.trace.render(notation)
}

fn plain(formula: &str) -> String {
    trace(formula, &|n: &Decimal| n.to_string())
}

#[test]
fn functions_show_their_display_form() {
    assert_eq!(
        trace("pct_change(2638, 3792)", &english),
        "(3,792 − 2,638) / 2,638"
    );
    assert_eq!(
        trace("pct_change(2638, 3792)", &Persian),
        "(۳٬۷۹۲ − ۲٬۶۳۸) / ۲٬۶۳۸"
    );
    assert_eq!(plain("share(1154, 2638)"), "1154 / 2638");
    assert_eq!(
        plain("mean(sales[region = 'north'].units)"),
        "(10 + 12) / 2"
    );
    assert_eq!(plain("sum(sales[year = 2001].revenue)"), "120.50 + 90");
    assert_eq!(plain("abs(1 - 3)"), "|1 − 3|");
    assert_eq!(plain("round(share(1, 3), 1)"), "round(1 / 3, 1)");
    assert_eq!(plain("max(1, 2 * 3)"), "max(1, 2 × 3)");
    assert_eq!(plain("count(sales[year = 2001])"), "2");
    assert_eq!(
        plain("days_between(date('1973-09-11'), '1995-04-07')"),
        "1995-04-07 − 1973-09-11"
    );
    assert_eq!(
        plain("years_between(events['founded'].date, events['merger'].date)"),
        "(2001-07 − 1990-03-15) / 365.2425"
    );
    assert_eq!(
        trace("years_between(date('1973'), date('1995'))", &Persian),
        "(۱٬۹۹۵ − ۱٬۹۷۳) / ۳۶۵٫۲۴۲۵"
    );
    assert_eq!(plain("year(events['merger'].date) + 1"), "2001 + 1");
}

#[test]
fn data_leaves_show_unrounded_values() {
    assert_eq!(
        plain("pct_change(sales['north', 2001].revenue, sales['north', 2002].revenue)"),
        "(150.25 − 120.50) / 120.50"
    );
    assert_eq!(
        plain("revenue.north.2002 / param.base_year"),
        "150.25 / 2001"
    );
    assert_eq!(plain("sales['south', 2002].units + 1"), "— + 1");
    let traced = Formula::parse("round(share(1154, 2638), 1)")
        .unwrap()
        .evaluate_traced(&fixture())
        .unwrap();
    assert_eq!(traced.value, Value::Number(d("43.7")));
}

#[test]
fn operators_are_typographic_and_parenthesised_by_precedence() {
    assert_eq!(plain("1 - 2 * 3"), "1 − 2 × 3");
    assert_eq!(plain("(1 - 2) * 3"), "(1 − 2) × 3");
    assert_eq!(plain("1 - (2 - 3)"), "1 − (2 − 3)");
    assert_eq!(plain("(1 - 2) - 3"), "1 − 2 − 3");
    assert_eq!(plain("1 / (2 / 4)"), "1 / (2 / 4)");
    assert_eq!(plain("-(1 + 2)"), "−(1 + 2)");
    assert_eq!(plain("3 - -2"), "3 − (−2)");
    assert_eq!(
        plain("3 - sales['north', 2001].units * -1"),
        "3 − 10 × (−1)"
    );
    assert_eq!(
        plain("1 < 2 and not (2 = 3) or false"),
        "1 < 2 ∧ ¬(2 = 3) ∨ false"
    );
    assert_eq!(
        plain("1 != 2 and 1 <= 2 and 2 >= 1"),
        "1 ≠ 2 ∧ 1 ≤ 2 ∧ 2 ≥ 1"
    );
}

#[test]
fn negative_values_get_a_typographic_minus_and_parentheses() {
    let fx = fixture();
    let traced = Formula::parse("1 - min(sales.units) * 0 + abs(-4)")
        .unwrap()
        .evaluate_traced(&fx)
        .unwrap();
    assert_eq!(
        traced.trace.render(&|n: &Decimal| n.to_string()),
        "1 − min(10, 12, 8) × 0 + |−4|"
    );
    let negative = dossier_formula::Trace::Binary {
        op: dossier_formula::BinaryOp::Sub,
        left: Box::new(dossier_formula::Trace::Leaf(Value::Number(d("-1")))),
        right: Box::new(dossier_formula::Trace::Leaf(Value::Number(d("-2.5")))),
    };
    assert_eq!(negative.render(&|n: &Decimal| n.to_string()), "−1 − (−2.5)");
}

#[test]
fn long_lists_are_elided() {
    let values: Vec<Value> = (1..=10).map(Value::from).collect();
    let list = dossier_formula::Trace::Leaf(Value::List(values));
    assert_eq!(list.render(&|n: &Decimal| n.to_string()), "[1, 2, …, 10]");
}
