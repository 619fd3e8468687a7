//! Arbitrary UTF-8 as a formula: parsed, and when it parses, evaluated
//! with and without a trace (which must agree), in a row scope, its
//! dependencies listed, its trace rendered, and its printed form parsed
//! again (which must print the same). The context is a small neutral data
//! set with figures, one of them circular, and a parameter.

#![no_main]

use dossier_formula::{Date, Decimal, Formula, Limits, MemoryContext, MemoryTable, Value};
use libfuzzer_sys::fuzz_target;

fn context() -> MemoryContext {
    let n = |s: &str| Value::Number(Decimal::from_str_exact(s).unwrap_or_default());
    let t = Value::from;
    let sales = MemoryTable::new(
        ["region", "year", "units", "revenue"].map(String::from).to_vec(),
        &["region", "year"],
        vec![
            vec![t("north"), n("2001"), n("10"), n("120.50")],
            vec![t("north"), n("2002"), n("12"), n("150.25")],
            vec![t("south"), n("2001"), n("8"), n("90")],
            vec![t("south"), n("2002"), Value::Missing, n("-110")],
        ],
    )
    .expect("the fixture table is valid");
    let date = |s: &str| Date::parse(s).map(Value::Date).unwrap_or(Value::Missing);
    let events = MemoryTable::new(
        vec!["name".into(), "date".into()],
        &["name"],
        vec![
            vec![t("founded"), date("1990-03-15")],
            vec![t("listing"), date("1999")],
            vec![t("merger"), date("2001-07")],
        ],
    )
    .expect("the fixture table is valid");
    let mut ctx = MemoryContext::new()
        .with_table("sales", sales)
        .with_table("events", events)
        .with_parameter("base_year", n("2001"));
    for (name, formula) in [
        ("total", "sum(sales.revenue)"),
        ("growth.north", "pct_change(sales['north', 2001].revenue, sales['north', 2002].revenue)"),
        ("loop.a", "loop.b + 1"),
        ("loop.b", "loop.a"),
    ] {
        let f = Formula::parse(formula).expect("the fixture formulas parse");
        ctx = ctx.with_figure(name, f);
    }
    ctx
}

thread_local! {
    static CONTEXT: MemoryContext = context();
}

fuzz_target!(|text: &str| {
    let formula = match Formula::parse(text) {
        Ok(f) => f,
        Err(e) => {
            let s = e.span;
            assert!(s.start <= s.end && s.end <= text.len(), "{e:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{e:?}");
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    CONTEXT.with(|ctx| {
        let plain = formula.evaluate(ctx);
        let traced = formula.evaluate_traced(ctx);
        match (&plain, &traced) {
            (Ok(v), Ok(t)) => {
                assert_eq!(v, &t.value);
                let _ = t.trace.render(&|n: &Decimal| n.to_string());
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b);
                assert!(a.span.end <= text.len(), "{a:?}");
            }
            _ => panic!("evaluate and evaluate_traced disagree: {plain:?} / {traced:?}"),
        }
        if let Some(sales) = ctx.memory_table("sales") {
            let _ = formula.evaluate_in_row(ctx, sales, 3);
        }
        let _ = formula.dependencies(ctx);
    });
    let printed = formula.expr().to_string();
    let limits = Limits {
        max_length: usize::MAX,
        ..Limits::default()
    };
    let again = Formula::parse_with(&printed, limits)
        .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?} does not parse: {e}"));
    assert_eq!(again.expr().to_string(), printed, "{text:?}");
});
