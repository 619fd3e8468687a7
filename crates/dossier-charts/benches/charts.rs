//! Rendering time of every chart kind at 800×500 pt: to PNG (scale 2, the
//! default, and scale 1) and to SVG, plus the chart layout alone.

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_canvas::{png::to_png, svg::to_svg};
use dossier_charts::{examples::samples, render, PNG_SCALE};
use dossier_core::Lang;

fn charts(c: &mut Criterion) {
    for lang in [Lang::Fa, Lang::En] {
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
            if lang == Lang::Fa {
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
