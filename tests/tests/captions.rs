//! Where figure captions land, read back from the PDF with the places of
//! its words (`pdftotext -bbox`): each "Figure N:" caption stands above
//! its chart, the chart's axis labels below it, and the figure's source
//! line below the chart, on the same page; no bare "Figure N" label is
//! left under a source line.

use std::path::Path;

use dossier_e2e::{read_with, root};
use dossier_report::{build, BuildOptions};

/// One word and the top of its box, by page.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    top: f32,
    text: String,
}

/// The words of `pdf` with their pages and tops, in pdftotext's order.
fn words(pdf: &Path) -> Vec<Word> {
    let html = read_with("pdftotext", &["-bbox", "-enc", "UTF-8"], pdf);
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
            continue;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> Option<f32> {
            let at = rest.find(&format!("{name}=\""))? + name.len() + 2;
            rest[at..].split('"').next()?.parse().ok()
        };
        let text = rest
            .split_once('>')
            .and_then(|(_, t)| t.strip_suffix("</word>"))
            .unwrap_or("")
            .replace("&amp;", "&");
        if let Some(top) = attr("yMin") {
            out.push(Word { page, top, text });
        }
    }
    out
}

/// Checks the captions of the English edition of the report in `dir`,
/// whose charts label `axis_word` on their axes (when given; else any
/// word of the chart will do); returns how many captions it found.
fn check_captions(dir: &str, id: &str, axis_word: Option<&str>) -> usize {
    let out = tempfile::tempdir().expect("tempdir");
    let options = BuildOptions {
        langs: Some(vec!["en".to_string()]),
        pdf: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    };
    let built = build(&root().join(dir), &options).unwrap_or_else(|e| panic!("{e}"));
    let pdf = out.path().join(format!("{id}.en.pdf"));
    let file = built
        .files
        .iter()
        .find(|f| f.name == format!("{id}.en.pdf"))
        .expect("the English PDF");
    std::fs::write(&pdf, &file.bytes).expect("write");
    let words = words(&pdf);
    let is_number_colon = |w: &str| {
        w.strip_suffix(':')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut captions = 0;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|w| w.text.as_str()).unwrap_or("");
        if w.text == "Figure" && is_number_colon(next) {
            captions += 1;
            // The first source line after the caption, on its page.
            let source = words[i..]
                .iter()
                .filter(|s| s.page == w.page && s.top > w.top)
                .find(|s| s.text == "Source:")
                .unwrap_or_else(|| {
                    panic!(
                        "{dir}: no source line below `Figure {next}` on page {}",
                        w.page
                    )
                });
            assert!(
                words.iter().any(|a| a.page == w.page
                    && axis_word.is_none_or(|x| a.text == x)
                    && a.top > w.top + 1.0
                    && a.top < source.top),
                "{dir}: the chart of `Figure {next}` ({axis_word:?}) is not between its caption and its source line"
            );
        }
        // A figure label alone on its line (under the source line) is the
        // old placement.
        let line_of = |j: usize| words.get(j).map(|x| (x.page, x.top.round() as i64));
        let alone = (i == 0 || line_of(i - 1) != line_of(i)) && line_of(i + 2) != line_of(i);
        if w.text == "Figure"
            && !next.is_empty()
            && next.chars().all(|c| c.is_ascii_digit())
            && alone
        {
            panic!("{dir}: a bare `Figure {next}` label on page {}", w.page);
        }
    }
    captions
}

#[test]
fn captions_stand_above_their_charts_with_the_source_below() {
    assert_eq!(
        check_captions("reports/gapminder-note", "gapminder-note", Some("1955")),
        3,
        "the note has three figures"
    );
    assert_eq!(
        check_captions("reports/us-chile", "us-chile", None),
        4,
        "the briefing has four figures"
    );
}
