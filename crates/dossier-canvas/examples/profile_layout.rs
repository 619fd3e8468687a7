//! A fixed amount of layout work for instruction-counting profilers
//! (`valgrind --tool=callgrind`): the 50 paragraphs of the layout bench,
//! laid out `ROUNDS` times after one warm-up round.

use dossier_canvas::{Align, Color, Direction, ParagraphSpec, Span, SpanStyle, Typesetter, Weight};

/// The allocator the `dossier` binary uses, so the figures are its figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORDS: &str = "روابط سیسیلی و آمریکا در سال ۱۹۹۵ به اوج رسید و صادرات سیسیلی به آمریکا ۱۸٪ رشد کرد؛ این کشور پس از مکزیک مهم‌ترین متحد آمریکا در آمریکای لاتین است و همواره می‌کوشد روابط اقتصادی خود را گسترش دهد و در بانک جهانی و بانک توسعه بین آمریکایی نیز نقش مهمی دارد";

const ROUNDS: usize = 4;

fn main() {
    let words: Vec<&str> = WORDS.split(' ').collect();
    let specs: Vec<ParagraphSpec> = (0..50)
        .map(|i| ParagraphSpec {
            spans: vec![Span {
                text: (0..60)
                    .map(|k| words[(k + i) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" "),
                style: SpanStyle::new(11.0, Weight::Regular, Color::BLACK),
            }],
            direction: Direction::Rtl,
            align: Align::Justify,
            width: 420.0,
            line_height: 1.7,
            origin: "profile".to_string(),
        })
        .collect();
    let mut ts = Typesetter::new();
    let mut glyphs = 0usize;
    for _ in 0..=ROUNDS {
        for spec in &specs {
            let p = ts.paragraph(spec).expect("lays out");
            glyphs += p
                .lines
                .iter()
                .flat_map(|l| &l.runs)
                .map(|r| r.glyphs.len())
                .sum::<usize>();
        }
    }
    println!("{glyphs} glyphs");
}
