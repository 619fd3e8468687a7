//! Rendering a ten-page bilingual sample briefing (layout + PDF writing).
//! Target: at most 30 ms per language. `write_untagged_*` writes the same
//! layout without tags, so that one run gives what tagging costs (the goal:
//! at most 15%).

use criterion::{criterion_group, criterion_main, Criterion};
use dossier_doc::{sample::sample_document, Theme};
use dossier_pdf::{render, PdfOptions};

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let theme = Theme::default();
    for (name, persian) in [("en", false), ("fa", true)] {
        // Five sections come to about ten pages with cover and contents.
        let doc = sample_document(persian, 5, &theme);
        let pages = dossier_pdf::layout(&doc, &theme).unwrap().pages.len();
        let bytes = render(&doc, &theme).unwrap();
        eprintln!("{name}: {pages} pages, {} bytes", bytes.len());
        c.bench_function(&format!("layout_{name}"), |b| {
            b.iter(|| dossier_pdf::layout(&doc, &theme).unwrap())
        });
        let laid = dossier_pdf::layout(&doc, &theme).unwrap();
        c.bench_function(&format!("write_{name}"), |b| {
            b.iter(|| dossier_pdf::write_layout(&doc, &laid).unwrap())
        });
        let untagged = PdfOptions {
            tagged: false,
            ..PdfOptions::default()
        };
        let plain = dossier_pdf::write_layout_with(&doc, &laid, &untagged).unwrap();
        eprintln!("{name}: {} bytes untagged", plain.len());
        c.bench_function(&format!("write_untagged_{name}"), |b| {
            b.iter(|| dossier_pdf::write_layout_with(&doc, &laid, &untagged).unwrap())
        });
        c.bench_function(&format!("render_{name}"), |b| {
            b.iter(|| render(&doc, &theme).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
