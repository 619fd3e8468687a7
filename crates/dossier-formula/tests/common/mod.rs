//! A small neutral context for the tests: two data sets, a few figures
//! (two of them circular, one failing) and one parameter.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;

use dossier_formula::{Context, Date, Decimal, FigureError, Formula, MemoryTable, Table, Value};

pub fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

pub fn num(s: &str) -> Value {
    Value::Number(d(s))
}

pub struct Fixture {
    tables: BTreeMap<String, MemoryTable>,
    figures: BTreeMap<String, Formula>,
    params: BTreeMap<String, Value>,
    /// Figures being evaluated, outermost first, to detect cycles.
    stack: RefCell<Vec<String>>,
}

impl Fixture {
    pub fn new() -> Fixture {
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
        let figures = [
            ("revenue.north.2002", "sales['north', 2002].revenue"),
            (
                "growth.north",
                "pct_change(sales['north', 2001].revenue, sales['north', 2002].revenue)",
            ),
            ("loop.a", "loop.b + 1"),
            ("loop.b", "loop.a"),
            ("broken", "1 / 0"),
        ]
        .into_iter()
        .map(|(n, f)| (n.to_string(), Formula::parse(f).unwrap()))
        .collect();
        Fixture {
            tables: [("sales".to_string(), sales), ("events".to_string(), events)]
                .into_iter()
                .collect(),
            figures,
            params: [("base_year".to_string(), 2001.into())]
                .into_iter()
                .collect(),
            stack: RefCell::new(Vec::new()),
        }
    }

    pub fn table_named(&self, name: &str) -> &MemoryTable {
        &self.tables[name]
    }
}

impl Context for Fixture {
    fn table(&self, name: &str) -> Option<&dyn Table> {
        self.tables.get(name).map(|t| t as &dyn Table)
    }

    fn is_figure(&self, name: &str) -> bool {
        self.figures.contains_key(name)
    }

    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>> {
        let formula = self.figures.get(name)?;
        if let Some(start) = self.stack.borrow().iter().position(|n| n == name) {
            let mut chain = self.stack.borrow()[start..].to_vec();
            chain.push(name.to_string());
            return Some(Err(FigureError::Circular { chain }));
        }
        self.stack.borrow_mut().push(name.to_string());
        let out = formula.evaluate(self);
        self.stack.borrow_mut().pop();
        Some(out.map_err(|e| match e.kind {
            dossier_formula::ErrorKind::Circular { chain } => FigureError::Circular { chain },
            other => FigureError::Failed {
                message: other.to_string(),
            },
        }))
    }

    fn parameter(&self, name: &str) -> Option<Value> {
        self.params.get(name).cloned()
    }

    fn names(&self) -> Vec<&str> {
        self.tables
            .keys()
            .chain(self.figures.keys())
            .map(String::as_str)
            .collect()
    }

    fn parameter_names(&self) -> Vec<&str> {
        self.params.keys().map(String::as_str).collect()
    }
}

/// Evaluates `formula` over the fixture.
pub fn eval(formula: &str) -> Result<Value, dossier_formula::FormulaError> {
    Formula::parse(formula)?.evaluate(&Fixture::new())
}
