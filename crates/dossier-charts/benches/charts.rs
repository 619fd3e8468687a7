//! Rendering time of every chart kind at 800×500 pt: to PNG (scale 2, the
//! default, and scale 1) and to SVG, plus the chart layout alone.
//! Targets: PNG at scale 2 (render and encode) ≤ 5 ms, SVG ≤ 3 ms, and at
//! least 50× faster than a matplotlib process drawing the same chart
//! (`benches/matplotlib/`).
//!
//! Measured 2026-11-29 on the shared 2-core machine (criterion means, all
//! kinds, both languages): PNG scale 2 2.6–4.3 ms in a quiet run and
//! 3.5–6.3 ms in a run while the machine was busy (the line chart is the
//! slowest: its thick polylines go through tiny-skia's supersampled path
//! filler), PNG scale 1 0.9–1.7 ms, SVG 0.8–1.7 ms, scene alone
//! 0.2–0.4 ms. For stable comparisons count instructions instead:
//! `valgrind --tool=callgrind target/release/examples/profile_chart png`
//! (grouped bar, 5 rounds: 556 M instructions before the PNG work, 267 M
//! after, 246 M with RGB packing on fixed-size arrays, 197 M with cached
//! glyph masks, 181 M with rectangle edges blended directly, 170 M with
//! rows packed, filtered and compressed in one pass).
//!
//! 2026-12-01, one right-to-left convention, honest legends, label backings
//! and numbered timeline events, against the code before them (callgrind,
//! `profile_chart <png|scene> <kind> fa`, 4 rounds): PNG within 2% on every
//! kind (grouped bar 170 M to 173 M instructions, line 201 M to 197 M,
//! timeline 160 M to 162 M); the layout alone costs 5-30% more (grouped bar
//! 12.7 M to 13.9 M, timeline 16.0 M to 20.8 M: the event placement search
//! runs in both preference orders), a fraction of a millisecond.

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_canvas::{png::to_png, svg::to_svg};
use dossier_charts::{examples::samples, render, PNG_SCALE};
use dossier_core::Lang;

fn fa() -> Lang {
    Lang::parse("fa").expect("a shipped language")
}

fn en() -> Lang {
    Lang::parse("en").expect("a shipped language")
}

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn charts(c: &mut Criterion) {
    for lang in [fa(), en()] {
        for (mut spec, data) in samples(lang) {
            spec.width = 800.0;
            spec.height = 500.0;
            let name = format!("{:?}/{}", spec.kind, lang.code());
            c.bench_function(&format!("{name}/png"), |b| {
                b.iter(|| to_png(&render(&spec, &data, lang).unwrap(), PNG_SCALE).unwrap())
            });
            c.bench_function(&format!("{name}/svg"), |b| {
                b.iter(|| to_svg(&render(&spec, &data, lang).unwrap()))
            });
            if lang == fa() {
                c.bench_function(&format!("{name}/png-scale-1"), |b| {
                    b.iter(|| to_png(&render(&spec, &data, lang).unwrap(), 1.0).unwrap())
                });
                c.bench_function(&format!("{name}/scene-only"), |b| {
                    b.iter(|| render(&spec, &data, lang).unwrap())
                });
            }
        }
    }
}

criterion_group!(benches, charts);
criterion_main!(benches);
