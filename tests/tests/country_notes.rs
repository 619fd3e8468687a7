//! The country notes, a report with a parameter over the Gapminder data:
//! one run per country of its data set, each edition read back as a
//! reader would (the country's name and its own figures in the edition's
//! language and digits, nothing of the machinery), and a change to one
//! country's row changing what that country's run reads and no other's.

use std::path::Path;

use dossier_e2e::{persian_digits, read_with, root};
use dossier_report::{BuildOptions, Selection, Template};

fn options() -> BuildOptions {
    BuildOptions {
        pdf: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    }
}

fn text_of(pdf: &Path) -> String {
    read_with("pdftotext", &["-enc", "UTF-8"], pdf)
        .replace(" \u{200C}", "")
        .replace('\u{200C}', "")
}

#[test]
fn there_is_a_run_for_every_country_of_the_data() {
    let t = Template::open(&root().join("reports/country-note"), &options()).expect("opens");
    let runs = t.runs(&Selection::Configured).expect("runs");
    assert_eq!(runs.len(), 62);
    assert!(runs.iter().any(|r| r.folder == "country-note-HKG"));
    let plan = t.plan(&runs[0], &options()).expect("plan");
    assert_eq!(plan.folder(), "country-note-AFG");
}

#[test]
fn each_note_shows_its_country_in_both_languages() {
    let t = Template::open(&root().join("reports/country-note"), &options()).expect("opens");
    let dir = tempfile::tempdir().expect("tempdir");
    // Life expectancy fell in one of them; a name holds parentheses.
    for (code, en_name, fa_name, en_facts, fa_facts) in [
        (
            "ZAF",
            "South Africa",
            "آفریقای جنوبی",
            [
                "14,594,129",
                "49,017,147",
                "53.0 years",
                "52.1 years",
                "-0.9 years",
            ],
            ["۱۴٬۵۹۴٬۱۲۹", "۴۹٬۰۱۷٬۱۴۷", "۵۳٫۰", "۵۲٫۱", "۲٫۵۱"],
        ),
        (
            "HKG",
            "Hong Kong (China)",
            "هنگ‌کنگ (چین)",
            ["2,490,487", "6,936,874", "63.0 years", "81.8 years", "0.96"],
            ["۲٬۴۹۰٬۴۸۷", "۶٬۹۳۶٬۸۷۴", "۶۳٫۰", "۸۱٫۸", "۰٫۹۶"],
        ),
    ] {
        let run = t
            .runs(&Selection::Given(vec![("country".into(), code.into())]))
            .expect("run")
            .remove(0);
        let report = t.evaluate(&run).expect("evaluates");
        let built = dossier_report::build_report(&report, &options()).expect("builds");
        for f in &built.files {
            std::fs::write(dir.path().join(&f.name), &f.bytes).expect("write");
        }
        let en = text_of(&dir.path().join(format!("country-note-{code}.en.pdf")));
        assert!(
            en.contains(&format!("Population and health in {en_name}")),
            "{code}: {en}"
        );
        for fact in en_facts {
            assert!(
                en.contains(fact),
                "{code}: the English edition lacks {fact:?}"
            );
        }
        let fa = text_of(&dir.path().join(format!("country-note-{code}.fa.pdf")));
        let fa_name = fa_name.replace('\u{200C}', "");
        assert!(
            fa.contains(&format!("جمعیت و سلامت در {fa_name}")),
            "{code}: {fa}"
        );
        for fact in fa_facts {
            // The extractor may give the group separator as a comma.
            let loose = fa.replace(',', "٬");
            assert!(
                loose.contains(fact) || loose.contains(&persian_digits(fact)),
                "{code}: the Persian edition lacks {fact:?}"
            );
        }
        for text in [&en, &fa] {
            let lower = text.to_lowercase();
            for word in ["dossier", "param", ".json", ".csv", ".toml", "country-note"] {
                assert!(!lower.contains(word), "{code}: an edition shows {word:?}");
            }
            // The code names the folder and the files, never the text.
            assert!(!has_word(text, code), "{code}: an edition shows its code");
            for arabic in ['\u{064A}', '\u{0643}', '\u{0649}'] {
                assert!(!text.contains(arabic), "{code}: Arabic letter {arabic:?}");
            }
        }
    }
}

/// Whether `text` holds `word` as a whole word.
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

#[test]
fn one_countrys_row_is_read_by_its_note_alone() {
    let t = Template::open(&root().join("reports/country-note"), &options()).expect("opens");
    let all = t.runs(&Selection::Configured).expect("runs");
    let mut taking = 0;
    for run in &all {
        let reads = t
            .evaluate(run)
            .expect("evaluates")
            .data_reads()
            .expect("reads");
        let gapminder = reads
            .iter()
            .find(|d| d.name == "gapminder")
            .expect("gapminder");
        assert_eq!(gapminder.rows, 11, "{}: its own eleven rows", run.folder);
        let countries = reads
            .iter()
            .find(|d| d.name == "countries")
            .expect("countries");
        assert_eq!(countries.rows, 1, "{}", run.folder);
        taking += 1;
    }
    assert_eq!(taking, 62);
}
