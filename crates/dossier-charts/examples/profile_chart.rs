//! A fixed amount of chart work for instruction-counting profilers
//! (`valgrind --tool=callgrind`): the grouped-bar sample (800×500 pt, Persian)
//! rendered and written as PNG at scale 2, `ROUNDS` times after a warm-up.
//! `profile_chart svg` writes SVG instead, `profile_chart scene` only
//! renders, and `profile_chart time` prints the best wall-clock times of
//! 40 rounds. A second argument picks the kind (`line`, `diverging`, ...),
//! a third the language (`en`).

use dossier_canvas::{png::to_png, svg::to_svg};
use dossier_charts::{examples::samples, render, PNG_SCALE};
use dossier_core::Lang;

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROUNDS: usize = 4;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "png".to_string());
    let kind = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "grouped-bar".to_string());
    let lang = match std::env::args().nth(3).as_deref() {
        Some("en") => Lang::parse("en").expect("a shipped language"),
        _ => Lang::parse("fa").expect("a shipped language"),
    };
    let (mut spec, data) = samples(lang)
        .into_iter()
        .find(|(s, _)| format!("{:?}", s.kind).to_lowercase() == kind.replace('-', ""))
        .unwrap_or_else(|| samples(lang).remove(0));
    spec.width = 800.0;
    spec.height = 500.0;
    if what == "time" {
        let scene = render(&spec, &data, lang).expect("renders");
        let mut best = [f64::MAX; 3];
        for _ in 0..40 {
            let t = std::time::Instant::now();
            let s = render(&spec, &data, lang).expect("renders");
            best[0] = best[0].min(t.elapsed().as_secs_f64() * 1e3);
            let t = std::time::Instant::now();
            let png = to_png(&s, PNG_SCALE).expect("encodes");
            best[1] = best[1].min(t.elapsed().as_secs_f64() * 1e3);
            let t = std::time::Instant::now();
            let _ = to_svg(&scene);
            best[2] = best[2].min(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(png.len());
        }
        println!(
            "render {:.2} ms, png {:.2} ms, svg {:.2} ms",
            best[0], best[1], best[2]
        );
        return;
    }
    let mut bytes = 0usize;
    for _ in 0..=ROUNDS {
        let scene = render(&spec, &data, lang).expect("renders");
        bytes = match what.as_str() {
            "svg" => to_svg(&scene).len(),
            "scene" => scene.items.len(),
            _ => to_png(&scene, PNG_SCALE).expect("encodes").len(),
        };
    }
    println!("{what}: {bytes}");
}
