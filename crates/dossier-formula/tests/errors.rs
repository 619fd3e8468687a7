//! One test per error kind: the kind, the span it points at, and a message
//! that says what was expected.

mod common;

use common::{eval, fixture};
use dossier_formula::{ErrorKind, Formula, FormulaError, Limit, Limits, Span};

fn err(formula: &str) -> FormulaError {
    match eval(formula) {
        Ok(v) => panic!("{formula}: expected an error, got {v}"),
        Err(e) => e,
    }
}

/// The error's span, as the text it covers.
fn at<'a>(formula: &'a str, e: &FormulaError) -> &'a str {
    &formula[e.span.start..e.span.end]
}

#[test]
fn syntax_errors_say_what_was_expected() {
    let f = "1 +";
    let e = err(f);
    assert!(matches!(e.kind, ErrorKind::Syntax { .. }));
    assert_eq!(e.span, Span::new(3, 3));
    assert_eq!(
        e.to_string(),
        "expected a value: a number, a text in quotes, a name, a function call, `-`, `not` or `(`, found end of formula"
    );

    let f = "1 < 2 < 3";
    let e = err(f);
    assert_eq!(at(f, &e), "<");
    assert_eq!(e.span.start, 6);
    assert!(e.to_string().contains("comparisons do not chain"), "{e}");

    let f = "sales['north', year = 2001]";
    let e = err(f);
    assert_eq!(at(f, &e), "year = 2001");
    assert!(
        e.to_string()
            .starts_with("expected a key value, like the first item"),
        "{e}"
    );

    let f = "sum(sales.units";
    let e = err(f);
    assert_eq!(e.to_string(), "expected `,` or `)`, found end of formula");
    let f = "(1 + 2";
    assert_eq!(
        err(f).to_string(),
        "expected `)` or an operator, found end of formula"
    );
    let f = "sales[]";
    assert_eq!(at(f, &err(f)), "]");
    let f = "sales['a', 1].";
    assert!(err(f)
        .to_string()
        .starts_with("expected a field name after `.`"));
    let f = "param";
    assert!(err(f).to_string().contains("`.NAME` after `param`"));
    let f = "a ≥ b";
    let e = err(f);
    assert_eq!(at(f, &e), "≥");
    let f = "'open";
    let e = err(f);
    assert_eq!(
        (e.span, e.to_string().as_str()),
        (
            Span::new(0, 5),
            "expected a closing ', found end of formula"
        )
    );
}

#[test]
fn limits_each_have_their_own_error() {
    let long = format!("1{}", " + 1".repeat(600));
    let e = Formula::parse(&long).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::TooLong {
            max: 2000,
            found: 2401
        }
    );
    assert_eq!(e.kind.limit(), Some(Limit::Length));
    assert_eq!(e.span, Span::new(2000, 2401));

    let parens = format!("{}1{}", "(".repeat(70), ")".repeat(70));
    let e = Formula::parse(&parens).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep { max: 64 });
    assert_eq!(e.span.start, 64);
    let minus = format!("{}1", "-".repeat(70));
    assert_eq!(
        Formula::parse(&minus).unwrap_err().kind,
        ErrorKind::TooDeep { max: 64 }
    );
    let chain = format!("1{}", " + 1".repeat(64));
    let e = Formula::parse(&chain).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep { max: 64 });
    assert!(Formula::parse(&format!("1{}", " + 1".repeat(63))).is_ok());
    assert!(e.to_string().contains("split it into named figures"), "{e}");

    let limits = Limits {
        max_steps: 20,
        ..Limits::default()
    };
    let f = Formula::parse_with("count(sales[year = 2001 and units > 0])", limits).unwrap();
    let e = f.evaluate(&fixture()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManySteps { max: 20 });
    assert_eq!(e.kind.limit(), Some(Limit::Steps));
    // The default allows it.
    assert!(eval("count(sales[year = 2001 and units > 0])").is_ok());
    // A filter inside a filter multiplies the steps.
    let nested = "count(sales[count(sales[count(sales[count(sales[count(sales[count(sales[units > 0]) > 0]) > 0]) > 0]) > 0]) > 0])";
    let e = Formula::parse(nested)
        .unwrap()
        .evaluate(&fixture())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManySteps { max: 10_000 });
}

#[test]
fn unknown_data_set_suggests_the_closest() {
    let f = "salse['north', 2001].revenue";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::UnknownDataSet {
            name: "salse".into(),
            suggestion: Some("sales".into())
        }
    );
    assert_eq!(at(f, &e), "salse");
    assert_eq!(
        e.to_string(),
        "unknown data set `salse` (did you mean `sales`?)"
    );
    let f = "revenue.north.2002['x']";
    assert!(matches!(err(f).kind, ErrorKind::UnknownDataSet { .. }));
}

#[test]
fn unknown_name_suggests_figures_and_fields() {
    let f = "1 + revenue.north.2003";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::UnknownName {
            name: "revenue.north.2003".into(),
            suggestion: Some("revenue.north.2002".into())
        }
    );
    assert_eq!(at(f, &e), "revenue.north.2003");
    let f = "count(sales[yaer = 2001])";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::UnknownName {
            name: "yaer".into(),
            suggestion: Some("year".into())
        }
    );
    assert_eq!(at(f, &e), "yaer");
}

#[test]
fn unknown_parameter() {
    let f = "param.base_yr + 1";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::UnknownParameter {
            name: "base_yr".into(),
            suggestion: Some("base_year".into())
        }
    );
    assert_eq!(at(f, &e), "param.base_yr");
}

#[test]
fn unknown_field_suggests_the_closest() {
    let f = "sales['north', 2001].revenu";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::UnknownField {
            data_set: "sales".into(),
            field: "revenu".into(),
            suggestion: Some("revenue".into())
        }
    );
    assert_eq!(at(f, &e), "revenu");
    let f = "sales[regoin = 'north', year = 2001].units";
    let e = err(f);
    assert!(matches!(e.kind, ErrorKind::UnknownField { ref field, .. } if field == "regoin"));
    assert_eq!(at(f, &e), "regoin");
    let f = "sum(sales.unitz)";
    assert_eq!(at(f, &err(f)), "unitz");
}

#[test]
fn unknown_function_suggests_the_closest() {
    let f = "pct_chnage(1, 2)";
    let e = Formula::parse(f).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::UnknownFunction {
            name: "pct_chnage".into(),
            suggestion: Some("pct_change".into())
        }
    );
    assert_eq!(at(f, &e), "pct_chnage");
    assert!(
        e.to_string()
            .contains("the functions are pct_change, share, sum"),
        "{e}"
    );
}

#[test]
fn wrong_argument_count() {
    let f = "1 + round(2)";
    let e = Formula::parse(f).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::ArgumentCount {
            function: "round".into(),
            expected: "2 arguments".into(),
            found: 1
        }
    );
    assert_eq!(at(f, &e), "round");
    assert_eq!(e.to_string(), "`round` takes 2 arguments, found 1");
    assert!(matches!(
        Formula::parse("min()").unwrap_err().kind,
        ErrorKind::ArgumentCount { .. }
    ));
}

#[test]
fn wrong_types() {
    let f = "1 + 'a'";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::Type {
            expected: "a number on each side of `+`".into(),
            found: "a text".into()
        }
    );
    assert_eq!(at(f, &e), "'a'");
    let f = "sum(5)";
    let e = err(f);
    assert!(matches!(e.kind, ErrorKind::Type { .. }));
    assert_eq!(at(f, &e), "5");
    let f = "sales[region = 'north'].units + 1";
    let e = err(f);
    assert!(e.to_string().contains("a filter gives a list"), "{e}");
    assert_eq!(at(f, &e), "sales[region = 'north'].units");
    let f = "sales['north', 2001]";
    let e = err(f);
    assert!(e.to_string().contains("add `.field`"), "{e}");
    let f = "count(sales[units])";
    let e = err(f);
    assert_eq!(
        e.to_string(),
        "a lookup in `sales` by key gives 2 value(s) (region, year), found 1"
    );
    let f = "count(sales[units + 1 > 0 and 'x'])";
    let e = err(f);
    assert_eq!(at(f, &e), "'x'");
    let f = "year = '2001'";
    let e = err("sales['north', 2001].year = '2001'");
    assert!(e.to_string().contains("found a text"), "{e} {f}");
    let f = "events['merger'].date - events['founded'].date";
    assert!(err(f).to_string().contains("days_between"));
    let f = "min(sales.revenue, events['merger'].date)";
    assert!(matches!(err(f).kind, ErrorKind::Type { .. }));
    let f = "true < false";
    let e = err(f);
    assert_eq!(
        e.to_string(),
        "expected numbers, texts or dates on each side of `<`, found a boolean on each side"
    );
    assert_eq!(at(f, &e), f);
    let f = "sales.units = 1";
    let e = err(f);
    assert!(
        e.to_string()
            .starts_with("expected one value on each side of `=` (a filter gives a list"),
        "{e}"
    );
    assert_eq!(at(f, &e), "sales.units");
    let f = "sales['north', 2001].revenue.x";
    assert_eq!(at(f, &err(f)), "x");
}

#[test]
fn invalid_arguments() {
    let f = "round(1, 1.5)";
    let e = err(f);
    assert!(matches!(e.kind, ErrorKind::InvalidArgument { .. }));
    assert_eq!(at(f, &e), "1.5");
    assert_eq!(
        e.to_string(),
        "`round`: the number of decimals must be a whole number from 0 to 28"
    );
    let f = "date('1973-13')";
    let e = err(f);
    assert_eq!(e.to_string(), "`date`: month 13 is outside 1-12");
    assert_eq!(at(f, &e), "'1973-13'");
    assert!(matches!(
        err("date(0)").kind,
        ErrorKind::InvalidArgument { .. }
    ));
    assert!(matches!(
        err("round(1, 29)").kind,
        ErrorKind::InvalidArgument { .. }
    ));
}

#[test]
fn empty_list() {
    let f = "mean(sales[year = 1900].units)";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::EmptyList {
            function: "mean".into()
        }
    );
    assert_eq!(at(f, &e), f);
    assert!(matches!(
        err("max(sales[year = 1900].units)").kind,
        ErrorKind::EmptyList { .. }
    ));
}

#[test]
fn key_count() {
    let f = "sales['north'].units";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::KeyCount {
            data_set: "sales".into(),
            fields: vec!["region".into(), "year".into()],
            expected: 2,
            found: 1
        }
    );
    assert_eq!(at(f, &e), "sales['north']");
}

#[test]
fn no_row_matches() {
    let f = "sales['east', 2001].units";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::NoRow {
            data_set: "sales".into(),
            key: "region = 'east', year = 2001".into()
        }
    );
    assert_eq!(at(f, &e), "sales['east', 2001]");
    assert_eq!(
        e.to_string(),
        "no row of `sales` has region = 'east', year = 2001"
    );
    let f = "sales[region = 'south']['north', 2001].units";
    assert!(
        matches!(err(f).kind, ErrorKind::NoRow { .. }),
        "the key exists, but not in the filtered rows"
    );
}

#[test]
fn several_rows_match() {
    let f = "sales[year = 2001, channel = 'web'].units";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::SeveralRows {
            data_set: "sales".into(),
            key: "year = 2001, channel = 'web'".into(),
            count: 2
        }
    );
    assert_eq!(at(f, &e), "sales[year = 2001, channel = 'web']");
}

#[test]
fn division_by_zero() {
    let f = "1 + 1 / (2 - 2)";
    let e = err(f);
    assert_eq!(e.kind, ErrorKind::DivisionByZero);
    assert_eq!(at(f, &e), "1 / (2 - 2)");
    let f = "pct_change(0, 5)";
    let e = err(f);
    assert_eq!(e.kind, ErrorKind::DivisionByZero);
    assert_eq!(at(f, &e), f);
    assert_eq!(err("share(1, 0)").kind, ErrorKind::DivisionByZero);
}

#[test]
fn overflow() {
    let f = "79228162514264337593543950335 * 2";
    let e = err(f);
    assert_eq!(e.kind, ErrorKind::Overflow);
    assert_eq!(at(f, &e), f);
    assert_eq!(
        err("79228162514264337593543950335 + 1").kind,
        ErrorKind::Overflow
    );
    assert_eq!(
        err("79228162514264337593543950335 / 0.1").kind,
        ErrorKind::Overflow
    );
}

#[test]
fn circular_definition() {
    let f = "2 * loop.a";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::Circular {
            chain: vec!["loop.a".into(), "loop.b".into(), "loop.a".into()]
        }
    );
    assert_eq!(at(f, &e), "loop.a");
    assert_eq!(
        e.to_string(),
        "circular definition: loop.a -> loop.b -> loop.a"
    );
}

#[test]
fn a_failing_figure() {
    let f = "broken + 1";
    let e = err(f);
    assert_eq!(
        e.kind,
        ErrorKind::FigureFailed {
            name: "broken".into(),
            message: "division by zero".into()
        }
    );
    assert_eq!(at(f, &e), "broken");
}

#[test]
fn built_trees_are_checked_when_evaluated() {
    use dossier_formula::{Expr, ExprKind, Ident};
    let span = Span::default();
    let call = Expr::new(
        ExprKind::Call {
            function: Ident {
                name: "nope".into(),
                span,
            },
            args: vec![],
        },
        span,
    );
    let e = Formula::from_expr(call, Limits::default())
        .evaluate(&fixture())
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::UnknownFunction { .. }));
    let mut deep = Expr::new(ExprKind::Bool(true), span);
    for _ in 0..100 {
        deep = Expr::new(
            ExprKind::Unary {
                op: dossier_formula::UnaryOp::Not,
                operand: Box::new(deep),
            },
            span,
        );
    }
    let e = Formula::from_expr(deep, Limits::default())
        .evaluate(&fixture())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep { max: 64 });
}
