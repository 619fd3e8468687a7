//! Property tests: no text and no syntax tree makes the parser or the
//! evaluator panic, and printing a tree gives text that parses back to it.

mod common;

use common::fixture;
use dossier_formula::{
    BinaryOp, Decimal, Expr, ExprKind, Formula, Ident, Limits, Span, Subscript, UnaryOp, FUNCTIONS,
};
use proptest::prelude::*;

/// Parses and, when that works, evaluates, traces and lists dependencies.
fn exercise(formula: &Formula) {
    let fx = fixture();
    let plain = formula.evaluate(&fx);
    let traced = formula.evaluate_traced(&fx);
    // Tracing changes nothing about the value or the error.
    match (&plain, &traced) {
        (Ok(v), Ok(t)) => {
            assert_eq!(v, &t.value);
            let _ = t.trace.render(&|n: &Decimal| n.to_string());
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("evaluate and evaluate_traced disagree: {plain:?} / {traced:?}"),
    }
    if let Err(e) = &plain {
        assert!(!e.to_string().is_empty());
        assert!(e.span.start <= e.span.end);
    }
    let sales = fx.memory_table("sales").unwrap();
    let _ = formula.evaluate_in_row(&fx, sales, 1);
    let _ = formula.dependencies(&fx);
    let _ = formula.expr().to_string();
}

fn check_text(text: &str) {
    match Formula::parse(text) {
        Ok(f) => {
            exercise(&f);
            // Printing what was parsed gives a formula that parses to the
            // same tree.
            let printed = f.expr().to_string();
            let again = Formula::parse_with(
                &printed,
                Limits {
                    max_length: usize::MAX,
                    ..Limits::default()
                },
            )
            .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?}: {e}"));
            assert_eq!(again.expr().to_string(), printed, "{text:?}");
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{text:?}: {e:?}"
            );
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            assert!(!e.to_string().is_empty());
        }
    }
}

/// Text made of the language's own pieces, so that most of it parses.
fn formula_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "sales",
        "events",
        "revenue.north.2002",
        "growth.north",
        "loop.a",
        "broken",
        "param.base_year",
        "param.nope",
        "region",
        "year",
        "units",
        "revenue",
        "date",
        "name",
        "'north'",
        "'south'",
        "'2001'",
        "'merger'",
        "2001",
        "2002",
        "0",
        "1",
        "2.5",
        "-",
        "+",
        "*",
        "/",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "and",
        "or",
        "not",
        "true",
        "false",
        "(",
        ")",
        "[",
        "]",
        ",",
        ".",
        "`year`",
        "sum(",
        "mean(",
        "count(",
        "min(",
        "max(",
        "abs(",
        "round(",
        "pct_change(",
        "share(",
        "days_between(",
        "years_between(",
        "year(",
        "date(",
        "nope(",
        " ",
        "'",
        "\"",
        "ش",
        "79228162514264337593543950335",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn ident(name: &str) -> Ident {
    Ident {
        name: name.to_string(),
        span: Span::default(),
    }
}

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

/// Any tree at all: any names, any function name and argument count,
/// negative literals, conditions where values belong and the reverse.
fn any_expr() -> impl Strategy<Value = Expr> {
    let name = prop::sample::select(vec![
        "sales",
        "events",
        "region",
        "year",
        "units",
        "revenue",
        "date",
        "growth.north",
        "loop.b",
        "broken",
        "nothing",
        "",
        "a b",
        "`",
    ]);
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| node(ExprKind::Number(Decimal::from(n)))),
        (any::<i64>(), 0u32..28).prop_map(|(n, s)| node(ExprKind::Number(Decimal::new(n, s)))),
        "[a-z' ]{0,6}".prop_map(|t| node(ExprKind::Text(t))),
        any::<bool>().prop_map(|b| node(ExprKind::Bool(b))),
        prop::collection::vec(name.clone(), 1..3)
            .prop_map(|segments| node(ExprKind::Name(segments.iter().map(|s| ident(s)).collect()))),
        name.clone().prop_map(|n| node(ExprKind::Param(ident(n)))),
    ];
    let op = prop::sample::select(vec![
        BinaryOp::Or,
        BinaryOp::And,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
    ]);
    let mut functions: Vec<&str> = FUNCTIONS.to_vec();
    functions.push("nope");
    let function = prop::sample::select(functions);
    leaf.prop_recursive(8, 64, 4, move |inner| {
        prop_oneof![
            (any::<bool>(), inner.clone()).prop_map(|(neg, e)| node(ExprKind::Unary {
                op: if neg { UnaryOp::Neg } else { UnaryOp::Not },
                operand: Box::new(e),
            })),
            (op.clone(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| node(
                ExprKind::Binary {
                    op,
                    left: Box::new(l),
                    right: Box::new(r),
                }
            )),
            (function.clone(), prop::collection::vec(inner.clone(), 0..4)).prop_map(|(f, args)| {
                node(ExprKind::Call {
                    function: ident(f),
                    args,
                })
            }),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3)).prop_map(
                |(s, items)| node(ExprKind::Subscript {
                    subject: Box::new(s),
                    items: Subscript::Key(items)
                })
            ),
            (
                inner.clone(),
                prop::collection::vec((name.clone(), inner.clone()), 0..3)
            )
                .prop_map(|(s, pairs)| node(ExprKind::Subscript {
                    subject: Box::new(s),
                    items: Subscript::Named(
                        pairs.into_iter().map(|(n, v)| (ident(n), v)).collect()
                    ),
                })),
            (inner.clone(), inner.clone()).prop_map(|(s, c)| node(ExprKind::Subscript {
                subject: Box::new(s),
                items: Subscript::Filter(Box::new(c)),
            })),
            (inner.clone(), name.clone()).prop_map(|(s, f)| node(ExprKind::Field {
                subject: Box::new(s),
                field: ident(f)
            })),
        ]
    })
}

/// Trees the parser can build: plain names, literals as written, filters
/// holding conditions, lookups holding values, known functions.
fn parsable_expr() -> impl Strategy<Value = Expr> {
    let name = prop::sample::select(vec![
        "sales", "events", "region", "year", "units", "x1", "_y", "ش",
    ]);
    let segment = prop::sample::select(vec!["north", "2002", "b", "c_1"]);
    let leaf = prop_oneof![
        (0u64..100_000, 0u32..4)
            .prop_map(|(n, s)| node(ExprKind::Number(Decimal::new(n as i64, s)))),
        "[a-z' ]{0,6}".prop_map(|t| node(ExprKind::Text(t))),
        (name.clone(), prop::collection::vec(segment.clone(), 0..3)).prop_map(|(first, rest)| {
            let mut segments = vec![ident(first)];
            segments.extend(rest.iter().map(|s| ident(s)));
            node(ExprKind::Name(segments))
        }),
        name.clone().prop_map(|n| node(ExprKind::Param(ident(n)))),
    ];
    let arith_op = prop::sample::select(vec![
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
    ]);
    let cmp_op = prop::sample::select(vec![
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
    ]);
    let unary_function =
        prop::sample::select(vec!["sum", "mean", "count", "abs", "year", "date", "min"]);
    let binary_function = prop::sample::select(vec![
        "pct_change",
        "share",
        "round",
        "days_between",
        "years_between",
        "max",
    ]);
    let value = leaf.prop_recursive(6, 48, 3, move |inner| {
        let condition = (cmp_op.clone(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| {
            node(ExprKind::Binary {
                op,
                left: Box::new(l),
                right: Box::new(r),
            })
        });
        let condition = prop_oneof![
            condition.clone(),
            (any::<bool>(), condition.clone(), condition.clone()).prop_map(|(and, l, r)| node(
                ExprKind::Binary {
                    op: if and { BinaryOp::And } else { BinaryOp::Or },
                    left: Box::new(l),
                    right: Box::new(r),
                }
            )),
            condition.prop_map(|c| node(ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(c)
            })),
        ];
        prop_oneof![
            inner.clone().prop_map(|e| node(ExprKind::Unary {
                op: UnaryOp::Neg,
                operand: Box::new(e)
            })),
            (arith_op.clone(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| node(
                ExprKind::Binary {
                    op,
                    left: Box::new(l),
                    right: Box::new(r),
                }
            )),
            (unary_function.clone(), inner.clone()).prop_map(|(f, a)| node(ExprKind::Call {
                function: ident(f),
                args: vec![a]
            })),
            (binary_function.clone(), inner.clone(), inner.clone()).prop_map(|(f, a, b)| node(
                ExprKind::Call {
                    function: ident(f),
                    args: vec![a, b]
                }
            )),
            (
                inner.clone(),
                // A key value that is a condition would read as a filter
                // or as a `field = value` pair.
                prop::collection::vec(inner.clone(), 1..3)
                    .prop_filter("key values are not conditions", |items| items
                        .iter()
                        .all(|i| !i.is_condition())),
            )
                .prop_map(|(s, items)| node(ExprKind::Subscript {
                    subject: Box::new(s),
                    items: Subscript::Key(items)
                })),
            (
                inner.clone(),
                prop::collection::vec((name.clone(), inner.clone()), 2..4)
            )
                .prop_map(|(s, pairs)| node(ExprKind::Subscript {
                    subject: Box::new(s),
                    items: Subscript::Named(
                        pairs.into_iter().map(|(n, v)| (ident(n), v)).collect()
                    ),
                })),
            (inner.clone(), condition.clone()).prop_map(|(s, c)| node(ExprKind::Subscript {
                subject: Box::new(s),
                items: Subscript::Filter(Box::new(c)),
            })),
            (inner.clone(), name.clone()).prop_map(|(s, f)| node(ExprKind::Field {
                subject: Box::new(s),
                field: ident(f)
            })),
            condition,
        ]
    });
    value
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_fails_cleanly(text in "\\PC{0,80}") {
        check_text(&text);
    }

    #[test]
    fn formula_like_text_parses_or_fails_cleanly(text in formula_text()) {
        check_text(&text);
    }

    #[test]
    fn any_tree_evaluates_or_fails_cleanly(expr in any_expr()) {
        let formula = Formula::from_expr(expr, Limits::default());
        exercise(&formula);
    }

    #[test]
    fn printed_trees_parse_back(expr in parsable_expr()) {
        let printed = expr.to_string();
        let limits = Limits { max_length: usize::MAX, max_depth: 1_000, ..Limits::default() };
        let parsed = Formula::parse_with(&printed, limits)
            .unwrap_or_else(|e| panic!("{printed:?}: {e}"));
        prop_assert_eq!(parsed.expr().to_string(), printed);
        exercise(&parsed);
    }
}

/// Shapes the generators reach only rarely.
#[test]
fn printing_corner_cases() {
    for text in [
        "sales[a = (b = 1), c = 2]",
        "-(-1)",
        "--1",
        "not not true",
        "(not true) = false",
        "-(not true)",
        "(a).b",
        "(true).x",
        "param.a.b",
        "`a b`.c",
        "sales[(1 < 2) = true]",
        "f.x",
        "x.`y z`",
        "sales['a', 1].1995",
    ] {
        check_text(text);
    }
}

fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), any::<i64>(), 0u32..=28).prop_map(|(hi, lo, scale)| {
        Decimal::from_i128_with_scale(((hi as i128) << 32) ^ lo as i128, scale)
    })
}

proptest! {
    #[test]
    fn claim_rules_never_panic_and_agree_with_rounding(computed in any_decimal(), stated in any_decimal(), decimals in 0u32..6) {
        use dossier_formula::{classify, round_half_away, Class, Rule, Stated};
        let stated = Stated { value: round_half_away(stated, decimals), decimals };
        for name in dossier_formula::RULE_NAMES {
            let _ = classify(computed, &stated, &Rule::new(name, None).unwrap());
        }
        let equal = classify(computed, &stated, &Rule::Equal { tolerance: None });
        prop_assert_eq!(equal == Class::Consistent, round_half_away(computed, decimals) == stated.value);
        let exact = Stated { value: computed, decimals: computed.scale() };
        for rule in [Rule::Equal { tolerance: None }, Rule::AtLeast, Rule::AtMost] {
            prop_assert_eq!(classify(computed, &exact, &rule), Class::Consistent);
        }
    }
}
