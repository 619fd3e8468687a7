//! Layout speed: one 60-word Persian paragraph, 50 of them in a row, and
//! 50 across rayon workers (each with its thread-local typesetter).
//! Targets: ≤ 0.2 ms per paragraph, ≤ 5 ms for 50.
//!
//! Wall-clock figures on the shared 2-core machine vary with the other
//! work on it (0.18–0.32 ms per paragraph; on 2026-11-29 0.20 ms, 50 in a
//! row 10.5 ms, 50 across both cores 6.2 ms). For stable comparisons count
//! instructions:
//! `valgrind --tool=callgrind target/release/examples/profile_layout`
//! (250 paragraphs: 471 M instructions before caching coverage, 451 M
//! after, 421 M once clusters point into their run's text instead of
//! owning a string each, 417 M now). 78 % of it is parley 0.12.0 building
//! the layout: shaping 61 % (harfrust applying the font's lookups 40 %,
//! font selection per grapheme 10 %) and text analysis 16 %; breaking,
//! aligning and walking the laid-out clusters are the rest.
//! parley 0.12.0 shapes with harfrust 0.12; harfrust 0.15 shapes the same
//! 50 paragraphs in about half the time (1.9 ms against 3.7 ms, whole
//! paragraphs, one plan), so the 5 ms target for 50 paragraphs waits for a
//! parley release on the newer harfrust.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_canvas::{
    with_typesetter, Align, Color, Direction, ParagraphSpec, Span, SpanStyle, Typesetter, Weight,
};
use rayon::prelude::*;

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORDS: &str = "روابط سیسیلی و آمریکا در سال ۱۹۹۵ به اوج رسید و صادرات سیسیلی به آمریکا ۱۸٪ رشد کرد؛ این کشور پس از مکزیک مهم‌ترین متحد آمریکا در آمریکای لاتین است و همواره می‌کوشد روابط اقتصادی خود را گسترش دهد و در بانک جهانی و بانک توسعه بین آمریکایی نیز نقش مهمی دارد";

fn paragraph_spec(i: usize) -> ParagraphSpec {
    let words: Vec<&str> = WORDS.split(' ').collect();
    // 60 words, rotated so that paragraphs differ (no shaping cache hits
    // from identical text).
    let text: Vec<&str> = (0..60).map(|k| words[(k + i) % words.len()]).collect();
    ParagraphSpec {
        spans: vec![Span {
            text: text.join(" "),
            style: SpanStyle::new(11.0, Weight::Regular, Color::BLACK),
        }],
        direction: Direction::Rtl,
        align: Align::Justify,
        width: 420.0,
        line_height: 1.7,
        origin: "bench".to_string(),
    }
}

fn bench(c: &mut Criterion) {
    let one = paragraph_spec(0);
    let fifty: Vec<ParagraphSpec> = (0..50).map(paragraph_spec).collect();
    let mut ts = Typesetter::new();
    c.bench_function("paragraph_60_words", |b| {
        b.iter(|| black_box(ts.paragraph(black_box(&one))))
    });
    c.bench_function("paragraphs_50", |b| {
        b.iter(|| {
            for spec in &fifty {
                let _ = black_box(ts.paragraph(spec));
            }
        })
    });
    c.bench_function("paragraphs_50_rayon", |b| {
        b.iter(|| {
            let out: Vec<_> = fifty
                .par_iter()
                .map(|spec| with_typesetter(|t| t.paragraph(spec)))
                .collect();
            black_box(out)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
