//! What a formula costs: parsing, a key lookup, a filter over a
//! thousand-row data set, and a traced evaluation with its rendering.
//!
//! `cargo bench -p dossier-formula`

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_formula::{Decimal, Formula, MemoryContext, MemoryTable, Value};
use std::hint::black_box;

/// A data set of 1,000 rows: 10 groups × 100 years.
fn context() -> MemoryContext {
    let rows = (0..1000)
        .map(|i| {
            vec![
                Value::from(format!("g{}", i / 100)),
                Value::from(1900 + (i % 100) as i64),
                Value::Number(Decimal::new(i as i64 * 37 % 10_000, 1)),
            ]
        })
        .collect();
    let table = MemoryTable::new(
        vec!["group".into(), "year".into(), "amount".into()],
        &["group", "year"],
        rows,
    )
    .expect("the bench table is valid");
    MemoryContext::new().with_table("data", table)
}

const CHANGE: &str = "pct_change(data['g3', 1950].amount, data['g3', 1951].amount)";
const FILTER: &str = "sum(data[year >= 1950 and group = 'g7'].amount)";

fn bench(c: &mut Criterion) {
    let ctx = context();
    let change = Formula::parse(CHANGE).expect("parses");
    let filter = Formula::parse(FILTER).expect("parses");
    c.bench_function("parse pct_change of two lookups", |b| {
        b.iter(|| Formula::parse(black_box(CHANGE)))
    });
    c.bench_function("evaluate pct_change of two lookups", |b| {
        b.iter(|| change.evaluate(black_box(&ctx)))
    });
    c.bench_function("evaluate and render the trace of pct_change", |b| {
        b.iter(|| {
            let t = change.evaluate_traced(black_box(&ctx)).expect("evaluates");
            t.trace.render(&|n: &Decimal| n.to_string())
        })
    });
    c.bench_function("evaluate sum over a filter of 1,000 rows", |b| {
        b.iter(|| filter.evaluate(black_box(&ctx)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
