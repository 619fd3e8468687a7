//! Renders the ten-page sample briefing a number of times, for profiling
//! with tools that count instructions rather than time.
//!
//! `render_sample [en|fa] [write|render] [iterations] [out.pdf]`

use dossier_doc::{sample::sample_document, Theme};
use dossier_pdf::{layout, render, write_layout};

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let persian = args.get(1).map(String::as_str) == Some("fa");
    let write_only = args.get(2).map(String::as_str) == Some("write");
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let theme = Theme::default();
    let doc = sample_document(persian, 5, &theme);
    let laid = layout(&doc, &theme).expect("sample lays out");
    let mut bytes = Vec::new();
    for _ in 0..n {
        let out = if write_only {
            write_layout(&doc, &laid)
        } else {
            render(&doc, &theme)
        };
        bytes = out.expect("sample writes");
    }
    if let Some(path) = args.get(4) {
        std::fs::write(path, &bytes).expect("output is writable");
    }
    println!("{} pages, {} bytes", laid.pages.len(), bytes.len());
}
