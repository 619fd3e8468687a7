//! What a context is told of the rows a formula takes values from: the
//! rows behind `.field` and `count`, never the rows a filter or a lookup
//! only looks at to choose.

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;

use common::fixture;
use dossier_formula::{Context, FigureError, Formula, MemoryContext, Table, Value};

/// The fixture, remembering every row it is told of.
struct Recording {
    inner: MemoryContext,
    used: RefCell<BTreeSet<(String, usize)>>,
}

impl Context for Recording {
    fn table(&self, name: &str) -> Option<&dyn Table> {
        self.inner.table(name)
    }
    fn is_figure(&self, name: &str) -> bool {
        self.inner.is_figure(name)
    }
    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>> {
        self.inner.figure(name)
    }
    fn parameter(&self, name: &str) -> Option<Value> {
        self.inner.parameter(name)
    }
    fn rows_used(&self, name: &str, rows: &[usize]) {
        let mut used = self.used.borrow_mut();
        used.extend(rows.iter().map(|&r| (name.to_string(), r)));
    }
}

fn used(formula: &str) -> Vec<(String, usize)> {
    let ctx = Recording {
        inner: fixture(),
        used: RefCell::default(),
    };
    Formula::parse(formula)
        .unwrap()
        .evaluate(&ctx)
        .unwrap_or_else(|e| panic!("{formula}: {e}"));
    ctx.used.into_inner().into_iter().collect()
}

fn rows(name: &str, rows: &[usize]) -> Vec<(String, usize)> {
    rows.iter().map(|&r| (name.to_string(), r)).collect()
}

#[test]
fn a_lookup_uses_the_one_row_it_finds() {
    assert_eq!(used("sales['south', 2001].units"), rows("sales", &[2]));
    assert_eq!(
        used("sales[region = 'north', year = 2002].revenue"),
        rows("sales", &[1])
    );
}

#[test]
fn a_filter_uses_the_rows_it_keeps_not_those_it_looks_at() {
    assert_eq!(
        used("sum(sales[region = 'north'].units)"),
        rows("sales", &[0, 1])
    );
    assert_eq!(used("count(sales[channel = 'shop'])"), rows("sales", &[3]));
    // Nothing kept, nothing used.
    assert_eq!(used("count(sales[year > 2005])"), rows("sales", &[]));
}

#[test]
fn a_whole_data_set_uses_every_row() {
    assert_eq!(used("sum(sales.units)"), rows("sales", &[0, 1, 2, 3]));
    assert_eq!(used("count(sales)"), rows("sales", &[0, 1, 2, 3]));
}

#[test]
fn parameters_and_literals_use_no_rows() {
    assert!(used("param.base_year + 1").is_empty());
    assert_eq!(
        used("sales[year = param.base_year and region = 'south'].units"),
        rows("sales", &[2])
    );
}
