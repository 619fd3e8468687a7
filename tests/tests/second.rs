//! The second shipped report, a note on life expectancy and fertility from
//! a published data set, built and read back as a reader would: its
//! sentences with the computed figures in each language's digits, its
//! tables, charts and sources, its statements checked against the data,
//! and no word of the machinery that built it.

use std::path::Path;

use dossier_core::Class;
use dossier_e2e::{persian_digits, read_with, root};
use dossier_report::{build, check, BuildOptions};

const REPORT: &str = "reports/gapminder-note";

fn options() -> BuildOptions {
    BuildOptions {
        langs: None,
        pdf: true,
        png: true,
        svg: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    }
}

/// pdftotext output as one line: ZWNJ and the bidi embedding marks the
/// extractor sets around runs removed, whitespace collapsed, so that a
/// sentence compares whatever the line breaks.
fn text_of(pdf: &Path) -> String {
    read_with("pdftotext", &["-enc", "UTF-8"], pdf)
        .replace(MARKS, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// ZWNJ and the bidi embedding marks.
const MARKS: [char; 6] = [
    '\u{200C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
];

/// `text` with no marks and no whitespace: pdftotext sets the spaces
/// around a number inside Persian where its embedding ends, not where the
/// words are, so Persian compares without them.
fn compact(text: &str) -> String {
    text.replace(MARKS, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn build_into(out: &Path) -> Vec<String> {
    let built = build(&root().join(REPORT), &options()).unwrap_or_else(|e| panic!("{e}"));
    for f in &built.files {
        std::fs::write(out.join(&f.name), &f.bytes).expect("write output");
    }
    built.files.iter().map(|f| f.name.clone()).collect()
}

#[test]
fn the_note_reads_right_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = build_into(dir.path());
    for lang in ["en", "fa"] {
        for chart in ["life", "fertility", "population"] {
            for ext in ["png", "svg"] {
                let name = format!("{chart}.{lang}.{ext}");
                assert!(names.contains(&name), "missing chart file {name}");
            }
        }
    }

    let en = text_of(&dir.path().join("gapminder-note.en.pdf"));
    for expected in [
        "Life expectancy and fertility in Chile, Cuba and the United States, 1955–2005",
        "In 1955 a child born in Chile could expect to live 54.8 years, 15.0 years less than a child born in the United States",
        "by 2005 Chile had drawn level and even edged ahead, at 77.9 years against 77.7",
        "Life expectancy rose by 23.1 years in Chile, 10.6 in Cuba and 7.9 in the United States (Table 1)",
        "Births per woman fell by 64% in Chile, 62% in Cuba and 41% in the United States (Table 2)",
        "from 7.3 million to 16.2 million (Figure 3)",
        "12.3 years ahead of Chile",
        "was 0.16 of a year ahead of the United States",
        "trailing by 0.05 of a year",
        "below the replacement level of about 2.1 births per woman by 1980 and stood at 1.47 in 2005",
        "with 297 million people, held 92% of the three countries’ combined population",
        "Table 1: Life expectancy at birth by country, every ten years",
        "Figure 1: Life expectancy at birth",
        "Figure 3: Population of the three countries",
        "Source: Gapminder (see Sources)",
        "(Gapminder)",
        "3.2.1, data set “gapminder”",
        "77.89 − 77.73 = 0.160",
        "rounding difference",
    ] {
        assert!(en.contains(expected), "the English note lacks {expected:?}:\n{en}");
    }

    let fa = compact(&text_of(&dir.path().join("gapminder-note.fa.pdf")));
    for phrase in [
        "عمر بلندتر، خانوادهٔ کوچک‌تر",
        "امید به زندگی در بدو تولد به تفکیک کشور، هر ده سال",
        "سال کمتر از کودکی که در ایالات متحده زاده می‌شد",
        "جمعیت روی‌هم‌رفتهٔ این سه کشور",
        "منبع: گپ‌مایندر",
        "سازگار",
        "اختلاف گردکردن",
    ] {
        assert!(
            fa.contains(&compact(phrase)),
            "the Persian note lacks {phrase:?}:\n{fa}"
        );
    }
    // The computed figures in Persian digits, with the Persian decimal
    // separator, between their words.
    for (before, figure, after) in [
        ("باشد", "54٫8", "سال عمر کند"),
        ("شیلی", "23٫1", "سال، در کوبا"),
        ("شیلی", "15٫0", "سال از ایالات متحده عقب بود"),
        ("به", "1٫47", "فرزند رسیده بود"),
        ("کوبا هنوز", "0٫05", "سال"),
        ("با", "297", "میلیون نفر"),
    ] {
        let expected = compact(&format!("{before}{}{after}", persian_digits(figure)));
        assert!(
            fa.contains(&expected),
            "the Persian note lacks {expected:?}:\n{fa}"
        );
    }
    for latin in ["54.8", "77.9", "23.1", "1.47", "1980"] {
        assert!(
            !fa.contains(latin),
            "the Persian note shows {latin:?} in Latin digits"
        );
    }
}

#[test]
fn the_note_checks_its_statements_against_the_data() {
    let checked =
        check(&root().join(REPORT), &BuildOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let rows: usize = checked
        .data_sets
        .iter()
        .find(|d| d.name == "gap")
        .map(|d| d.rows)
        .expect("the data set");
    assert_eq!(rows, 33, "three countries, eleven years each");
    let class = |id: &str| {
        checked
            .claims
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no claim {id}"))
            .class
    };
    // Chile 77.89 against 77.73: ahead.
    assert_eq!(class("chile_passed_us_2005"), Class::Consistent);
    // Cuba 77.68 against 77.73: level only at whole years.
    assert_eq!(class("cuba_passed_us_2005"), Class::RoundingDifference);
    // 77.89 − 54.83 = 23.06 years.
    assert_eq!(class("chile_gain_23_years"), Class::Consistent);
    // (1.47 − 3.82) / 3.82 = −61.518 %, which rounds to −62.
    assert_eq!(class("cuba_fertility_fall"), Class::Consistent);
}

/// A reader never sees the tool's name, file names, paths or claim ids.
#[test]
fn no_machinery_words_in_the_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    build_into(dir.path());
    let claims =
        std::fs::read_to_string(root().join(REPORT).join("data/claims.toml")).expect("claims");
    let ids: Vec<&str> = claims
        .lines()
        .filter_map(|l| l.trim().strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert_eq!(ids.len(), 4);
    for lang in ["en", "fa"] {
        let text = text_of(&dir.path().join(format!("gapminder-note.{lang}.pdf")));
        let lower = text.to_lowercase();
        for word in [
            "dossier",
            "sources/",
            ".json",
            ".csv",
            ".toml",
            "life_expect",
        ] {
            assert!(!lower.contains(word), "the {lang} note shows {word:?}");
        }
        for id in &ids {
            assert!(
                !text.contains(id),
                "the {lang} note shows the claim id {id:?}"
            );
        }
    }
}
