//! The report spec: languages as BCP 47 tags, every localised text checked
//! against them, errors at their file, line and column with the closest
//! known name.

use std::path::Path;

use dossier_report::spec::parse;

const BASE: &str = r#"id = "r"
data = "data"
languages = LANGS
title = TITLE
subtitle = { SUB }
author = { AUTHOR }

[[section]]
id = "s"
title = { SECTION }
blocks = [{ prose = "p" }]
"#;

fn spec(langs: &str, title: &str, rest: &str) -> String {
    BASE.replace("LANGS", langs)
        .replace("TITLE", title)
        .replace("{ SUB }", rest)
        .replace("{ AUTHOR }", rest)
        .replace("{ SECTION }", rest)
}

fn error(text: &str) -> String {
    match parse(text, Path::new("report.toml")) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn one_language_alone_is_a_report() {
    for (langs, text) in [
        (r#"["en"]"#, r#"{ en = "A" }"#),
        (r#"["fa"]"#, r#"{ fa = "الف" }"#),
    ] {
        let parsed = parse(&spec(langs, text, text), Path::new("report.toml")).unwrap();
        assert_eq!(parsed.languages.len(), 1);
    }
    // `es` serves `es-CL`.
    let parsed = parse(
        &spec(r#"["es-CL"]"#, r#"{ es = "A" }"#, r#"{ es = "A" }"#),
        Path::new("report.toml"),
    )
    .unwrap();
    assert_eq!(parsed.languages[0].to_string(), "es-CL");
}

#[test]
fn a_missing_language_names_the_field_and_the_language() {
    let e = error(&spec(
        r#"["en", "fa"]"#,
        r#"{ en = "A" }"#,
        r#"{ en = "A", fa = "ب" }"#,
    ));
    assert!(e.starts_with("report.toml:4:9:"), "{e}");
    assert!(e.contains("title: no text for the language `fa`"), "{e}");
}

#[test]
fn an_extra_language_is_an_error_too() {
    let e = error(&spec(
        r#"["en"]"#,
        r#"{ en = "A", de = "B" }"#,
        r#"{ en = "A" }"#,
    ));
    assert!(
        e.contains("title: a text for `de`, which is not a language of the report (en)"),
        "{e}"
    );
}

#[test]
fn bad_tags_and_unknown_keys() {
    let e = error(&spec(
        r#"["en", "not a tag"]"#,
        r#"{ en = "A" }"#,
        r#"{ en = "A" }"#,
    ));
    assert!(e.starts_with("report.toml:3:"), "{e}");
    assert!(e.contains("is not a language tag"), "{e}");
    let text =
        spec(r#"["en"]"#, r#"{ en = "A" }"#, r#"{ en = "A" }"#).replace("subtitle", "subtitel");
    let e = error(&text);
    assert!(e.contains("unknown field `subtitel`"), "{e}");
    assert!(e.contains("did you mean `subtitle`?"), "{e}");
}

#[test]
fn tables_are_checked_when_read() {
    let base = spec(r#"["en"]"#, r#"{ en = "A" }"#, r#"{ en = "A" }"#);
    let e = error(&format!(
        "{base}\n[[table]]\nid = \"claims\"\ndata = \"d\"\ncaption = {{ en = \"C\" }}\n"
    ));
    assert!(e.contains("is the name of a built-in table"), "{e}");
    let e = error(&format!(
        "{base}\n[[table]]\nid = \"t\"\ndata = \"d\"\ncaption = {{ en = \"C\" }}\nstyle = \"zebr\"\n"
    ));
    assert!(e.contains("did you mean `zebra`?"), "{e}");
    let e = error(&format!(
        "{base}\n[[table]]\nid = \"t\"\ndata = \"d\"\ncaption = {{ en = \"C\" }}\nnotes = [{{ fa = \"ن\" }}]\n"
    ));
    assert!(
        e.contains("a note of table `t`: no text for the language `en`"),
        "{e}"
    );
}

/// A spec in Persian and English with `edition` appended.
fn with_edition(edition: &str) -> String {
    format!(
        "{}\n{edition}",
        spec(
            r#"["fa", "en"]"#,
            r#"{ fa = "الف", en = "A" }"#,
            r#"{ fa = "الف", en = "A" }"#
        )
    )
}

#[test]
fn editions_choose_their_calendar_and_digits() {
    use dossier_lang::{CalendarChoice, LanguageTag, Numbering};
    let text = with_edition(
        "[edition.fa]\ncalendar = \"default\"\nother_calendar = true\n\n[edition.en]\ncalendar = \"gregorian\"\nnumbering = \"latin\"\n",
    );
    let parsed = parse(&text, Path::new("report.toml")).unwrap();
    let fa = parsed.edition(&LanguageTag::parse("fa").unwrap());
    assert_eq!(fa.date.calendar, CalendarChoice::Default);
    assert!(fa.date.other_calendar);
    assert_eq!(fa.language.numbering, Numbering::Default);
    let en = parsed.edition(&LanguageTag::parse("en").unwrap());
    assert_eq!(en.date.calendar, CalendarChoice::Gregorian);
    assert!(!en.date.other_calendar);
    assert_eq!(en.language.numbering, Numbering::Latin);
    // Without a table: the language's own calendar alone, its digits.
    let plain = parse(&with_edition(""), Path::new("report.toml")).unwrap();
    let fa = plain.edition(&LanguageTag::parse("fa").unwrap());
    assert_eq!(fa.date.calendar, CalendarChoice::Default);
    assert!(!fa.date.other_calendar);
}

#[test]
fn bad_editions_are_located_errors() {
    let e = error(&with_edition("[edition.fa]\ncalendar = \"persian\"\n"));
    assert!(e.starts_with("report.toml:14:12:"), "{e}");
    assert!(
        e.contains("unknown calendar `persian`; expected one of default, gregorian"),
        "{e}"
    );
    let e = error(&with_edition("[edition.fa]\nnumbering = \"nativ\"\n"));
    assert!(e.starts_with("report.toml:14:13:"), "{e}");
    assert!(e.contains("did you mean `native`?"), "{e}");
    let e = error(&with_edition("[edition.es]\nother_calendar = true\n"));
    assert!(e.starts_with("report.toml:13:10:"), "{e}");
    assert!(
        e.contains(
            "`[edition.es]` names a language the report does not list; its languages are fa, en"
        ),
        "{e}"
    );
    let e = error(&with_edition("[edition.fa]\nother_calender = true\n"));
    assert!(e.starts_with("report.toml:14:1:"), "{e}");
    assert!(e.contains("did you mean `other_calendar`?"), "{e}");
    let e = error(&with_edition("[edition.fa]\n[edition.FA]\n"));
    assert!(e.contains("the edition of `fa` is given twice"), "{e}");
    let e = error(&with_edition("[edition.\"not a tag\"]\n"));
    assert!(e.starts_with("report.toml:13:10:"), "{e}");
    assert!(e.contains("is not a BCP 47 language tag"), "{e}");
    let e = error(&with_edition("[edition.fa]\nother_calendar = \"yes\"\n"));
    assert!(e.starts_with("report.toml:14:"), "{e}");
}
