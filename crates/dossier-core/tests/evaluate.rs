//! Figures, claims and table views evaluated over a small neutral package.

use std::path::Path;

use dossier_core::evaluate::{
    check_claims, evaluate_figures, evaluate_view, Cell, ColumnDef, DerivedDef, FigureDef,
    FigureUnit, FormulaSource, PivotDef, RowLabel, ViewDef,
};
use dossier_core::package::{load, LoadOptions, Package, Place};
use dossier_core::{Class, Decimal, Limits, Sandbox, Value};
use dossier_lang::LanguageTag;

const DECLARATION: &str = r#"name = "sample"
claims = "claims.toml"

[[sources]]
name = "ledger"
kind = "reference"
title = "The ledger"

[[resources]]
name = "sales"
path = "sales.csv"

[resources.provenance]
source_name = "ledger"
locator = "page"

[resources.schema]
primaryKey = ["kind", "year"]

[[resources.schema.fields]]
name = "kind"
type = "string"
categories = [
  { value = "a", label = { en = "Apples" } },
  { value = "b", label = { en = "Pears" } },
]

[[resources.schema.fields]]
name = "year"
type = "year"

[[resources.schema.fields]]
name = "amount"
type = "number"

[[resources.schema.fields]]
name = "page"
type = "string"
"#;

const SALES: &str =
    "kind,year,amount,page\na,2001,2638,p. 1\na,2002,3792,p. 1\nb,2001,10,p. 2\nb,2002,12,p. 2\n";

const CLAIMS: &str = r#"[[claim]]
id = "growth_a"
statement = { en = "A grew 43.8%" }
stated = "43.8"
unit = "percent"
source = "ledger"
locator = "p. 1"
formula = "growth.a"

[[claim]]
id = "growth_b_more"
statement = { en = "B grew more than 25%" }
stated = "25"
unit = "percent"
source = "ledger"
locator = "p. 2"
formula = "pct_change(sales['b', 2001].amount, sales['b', 2002].amount)"
rule = "more_than"

[[claim]]
id = "unchecked"
statement = { en = "Something else" }
source = "ledger"
locator = "p. 3"
checkable_against = { en = "other records" }
"#;

fn package(dir: &Path) -> Package {
    std::fs::write(dir.join("datapackage.toml"), DECLARATION).unwrap();
    std::fs::write(dir.join("sales.csv"), SALES).unwrap();
    std::fs::write(dir.join("claims.toml"), CLAIMS).unwrap();
    let sandbox = Sandbox::new(&[dir.to_path_buf()], Limits::default()).unwrap();
    let options = LoadOptions {
        languages: vec![LanguageTag::parse("en").unwrap()],
    };
    load(dir, &sandbox, &options).unwrap_or_else(|e| panic!("{e:?}"))
}

fn place() -> Place {
    Place::new(Path::new("report.toml"), 3, 11)
}

fn source(text: &str) -> FormulaSource {
    FormulaSource::new(text, place(), true)
}

fn figure(name: &str, formula: &str) -> FigureDef {
    FigureDef {
        name: name.into(),
        formula: source(formula),
        each: None,
        decimals: None,
        unit: None,
        place: place(),
    }
}

#[test]
fn figures_in_dependency_order_with_units_and_families() {
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path());
    let defs = vec![
        figure("growth.a", "pct_change(a.2001, a.2002)"),
        FigureDef {
            each: Some(source("sales[kind = 'a']")),
            ..figure("a.{year}", "amount")
        },
    ];
    let figures = evaluate_figures(&p, &defs).unwrap();
    assert_eq!(
        figures.get("a.2002").unwrap().value,
        Value::Number(Decimal::from(3792))
    );
    let g = figures.get("growth.a").unwrap();
    assert_eq!(g.unit, FigureUnit::Percent);
    assert_eq!(g.decimals, 1);
    assert_eq!(
        g.value.as_number().unwrap().round_dp(3),
        Decimal::new(43745, 3)
    );
}

#[test]
fn circular_definitions_and_bad_formulas_are_errors_with_places() {
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path());
    let errors = evaluate_figures(&p, &[figure("x", "y + 1"), figure("y", "x * 2")]).unwrap_err();
    assert!(errors.iter().any(|e| e.kind == "circular"), "{errors:?}");
    assert!(errors[0].message.contains("x -> y -> x") || errors[0].message.contains("y -> x -> y"));
    let errors = evaluate_figures(&p, &[figure("z", "sales['a', 2001].amont")]).unwrap_err();
    assert_eq!(errors[0].place.line, 3);
    assert!(errors[0].place.column > 11, "{:?}", errors[0].place);
    assert!(
        errors[0].message.contains("amount"),
        "{}",
        errors[0].message
    );
    let errors = evaluate_figures(&p, &[figure("z", "1 / 0")]).unwrap_err();
    assert!(errors[0].message.contains("division by zero"));
}

#[test]
fn claims_are_classed_by_their_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path());
    let figures = evaluate_figures(
        &p,
        &[figure(
            "growth.a",
            "pct_change(sales['a', 2001].amount, sales['a', 2002].amount)",
        )],
    )
    .unwrap();
    let checks = check_claims(&p, &figures).unwrap();
    let class = |id: &str| checks.iter().find(|c| c.id == id).unwrap().class;
    // 43.745 rounds half away from zero to 43.7, not the stated 43.8.
    assert_eq!(class("growth_a"), Class::RoundingDifference);
    // (12 − 10) / 10 = 20 %, not more than 25 %.
    assert_eq!(class("growth_b_more"), Class::Inconsistent);
    assert_eq!(class("unchecked"), Class::NotCheckable);
    let a = checks.iter().find(|c| c.id == "growth_a").unwrap();
    assert_eq!(a.shown_decimals(), 3);
    let b = checks.iter().find(|c| c.id == "growth_b_more").unwrap();
    let trace = b
        .trace
        .as_ref()
        .unwrap()
        .render(&|n: &Decimal| n.to_string());
    assert!(trace.contains("12") && trace.contains("10"), "{trace}");
}

#[test]
fn views_pivot_with_derived_rows_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path());
    let figures = evaluate_figures(&p, &[]).unwrap();
    let def = ViewDef {
        id: "sales".into(),
        data: "sales".into(),
        filter: Some(source("year >= 2001")),
        sort: vec![],
        columns: vec![],
        pivot: Some(PivotDef {
            rows: "kind".into(),
            columns: "year".into(),
            value: "amount".into(),
            decimals: None,
            place: place(),
        }),
        derived_rows: vec![DerivedDef {
            id: None,
            formula: Some(source("a - b")),
            decimals: None,
            place: place(),
        }],
        total: Some(DerivedDef {
            id: None,
            formula: None,
            decimals: None,
            place: place(),
        }),
        place: place(),
    };
    let view = evaluate_view(&p, &figures, &def).unwrap();
    assert_eq!(view.columns.len(), 2);
    assert_eq!(view.rows.len(), 3);
    assert!(matches!(
        view.rows[0].label,
        Some(RowLabel::Key(Cell::Category { .. }))
    ));
    let number = |c: &Cell| match c {
        Cell::Number { value, .. } => *value,
        other => panic!("{other:?}"),
    };
    assert_eq!(number(&view.rows[2].cells[1]), Decimal::from(3780));
    assert_eq!(
        number(&view.total.as_ref().unwrap().cells[0]),
        Decimal::from(2648)
    );
    assert_eq!(view.provenance.len(), 4);
}

#[test]
fn plain_views_filter_sort_and_compute_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = package(dir.path());
    let figures = evaluate_figures(&p, &[]).unwrap();
    let column = |field: Option<&str>, formula: Option<&str>| ColumnDef {
        field: field.map(str::to_string),
        formula: formula.map(source),
        decimals: None,
        unit: None,
        place: place(),
    };
    let def = ViewDef {
        id: "b".into(),
        data: "sales".into(),
        filter: Some(source("kind = 'b'")),
        sort: vec!["-year".into()],
        columns: vec![column(Some("year"), None), column(None, Some("amount * 2"))],
        pivot: None,
        derived_rows: vec![],
        total: None,
        place: place(),
    };
    let view = evaluate_view(&p, &figures, &def).unwrap();
    assert_eq!(view.rows.len(), 2);
    assert!(
        matches!(&view.rows[0].cells[0], Cell::Number { value, .. } if *value == Decimal::from(2002))
    );
    assert!(
        matches!(&view.rows[0].cells[1], Cell::Number { value, .. } if *value == Decimal::from(24))
    );
    let bad = ViewDef {
        sort: vec!["yaer".into()],
        ..def
    };
    let e = evaluate_view(&p, &figures, &bad).unwrap_err();
    assert!(e.message.contains("did you mean `year`"), "{e}");
}
