//! Formatting speed: loading a language (once per edition) and the calls
//! every chart tick, table cell and prose figure makes.
//!
//! `cargo bench -p dossier-lang --bench format`
//!
//! On the shared 2-core machine under a load average of 17 (2026-12-01):
//! loading `fa` with the font check 1.96 ms; an integer 1.23 µs, a
//! decimal 1.01 µs, a percentage 1.09 µs, a year 0.59 µs, a Persian date
//! with the Gregorian one in parentheses 3.9 µs, a plural message 1.6 µs.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_lang::{
    Args, CalendarChoice, DateStyle, Language, LanguageOptions, LanguageTag, Message, PartialDate,
};
use rust_decimal::Decimal;

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let fa_tag = LanguageTag::parse("fa").unwrap();
    let load = |tag: &LanguageTag| {
        Language::load(tag, LanguageOptions::default(), &dossier_canvas::covers).unwrap()
    };
    c.bench_function("load fa (with the font check)", |b| {
        b.iter(|| load(black_box(&fa_tag)))
    });
    let fa = load(&fa_tag);
    let value = Decimal::new(1_649_306, 2);
    c.bench_function("fa integer", |b| b.iter(|| fa.integer(black_box(value))));
    c.bench_function("fa decimal, 1 place", |b| {
        b.iter(|| fa.decimal(black_box(value), 1))
    });
    c.bench_function("fa percent, 1 place", |b| {
        b.iter(|| fa.percent(black_box(Decimal::new(437, 1)), 1))
    });
    c.bench_function("fa year", |b| b.iter(|| fa.year(black_box(1995))));
    let cover = DateStyle {
        calendar: CalendarChoice::Default,
        precision: None,
        other_calendar: true,
    };
    let date = PartialDate::ymd(2026, 11, 28);
    c.bench_function("fa date, Persian with Gregorian", |b| {
        b.iter(|| fa.date(black_box(&date), &cover).unwrap())
    });
    c.bench_function("fa message, plural", |b| {
        b.iter(|| {
            fa.message(
                Message::SourceNoteParagraphs,
                &Args::new()
                    .text("source", "S")
                    .text("paragraphs", "۷ و ۹")
                    .number("count", black_box(2)),
            )
            .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
