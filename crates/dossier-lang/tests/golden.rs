//! Exact strings for each shipped language, loaded with the real embedded
//! fonts. The expected strings were looked up in CLDR (cldr-numbers-full
//! and cldr-dates-full 48.2, cldr-cal-persian-full 46.1: symbols,
//! minimum grouping digits, percent patterns, `dateFormats/long`,
//! `availableFormats/yMMMM` and `y`, month names), not taken from the
//! output; where CLDR 49 (the data of ICU4X 2.4) differs, the test says
//! so.

use dossier_lang::{
    isolate, Args, CalendarChoice, DatePrecision, DateStyle, Direction, Language, LanguageOptions,
    LanguageTag, Message, Numbering, PartialDate,
};
use rust_decimal::Decimal;

fn load(tag: &str) -> Language {
    load_with(tag, Numbering::Default)
}

fn load_with(tag: &str, numbering: Numbering) -> Language {
    let tag = LanguageTag::parse(tag).unwrap();
    Language::load(&tag, LanguageOptions { numbering }, &dossier_canvas::covers)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn d(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

/// What every language is checked for.
struct Expected {
    integers: [&'static str; 4],
    decimals: [&'static str; 3],
    negatives: [&'static str; 3],
    percents: [&'static str; 3],
    dates: [&'static str; 3],
}

fn check(lang: &Language, e: &Expected) {
    let tag = lang.tag().to_string();
    let integers = [
        lang.integer(7),
        lang.integer(1649),
        lang.integer(16493),
        lang.integer(1_234_567),
    ];
    assert_eq!(integers, e.integers, "{tag} integers");
    let decimals = [
        lang.decimal(d(4375, 2), 1),
        lang.decimal(d(1_234_567_891, 3), 2),
        lang.decimal(d(5, 1), 0),
    ];
    assert_eq!(decimals, e.decimals, "{tag} decimals");
    let negatives = [
        lang.integer(-1417),
        lang.decimal(d(-25, 1), 1),
        lang.decimal(d(-1, 2), 0),
    ];
    assert_eq!(negatives, e.negatives, "{tag} negatives");
    let percents = [
        lang.percent(d(437, 1), 1),
        lang.percent(18, 0),
        lang.percent(d(-525, 2), 2),
    ];
    assert_eq!(percents, e.percents, "{tag} percents");
    let gregorian = DateStyle::default();
    let dates = [
        PartialDate::ymd(2026, 11, 28),
        PartialDate::ym(1990, 3),
        PartialDate::y(1970),
    ]
    .map(|date| lang.date(&date, &gregorian).unwrap());
    assert_eq!(dates, e.dates, "{tag} dates");
}

#[test]
fn persian() {
    let fa = load("fa");
    assert_eq!(fa.direction(), Direction::RightToLeft);
    check(
        &fa,
        &Expected {
            integers: ["۷", "۱٬۶۴۹", "۱۶٬۴۹۳", "۱٬۲۳۴٬۵۶۷"],
            decimals: ["۴۳٫۸", "۱٬۲۳۴٬۵۶۷٫۸۹", "۱"],
            // U+200E keeps the minus sign on the left in right-to-left text.
            negatives: ["\u{200E}\u{2212}۱٬۴۱۷", "\u{200E}\u{2212}۲٫۵", "۰"],
            percents: ["۴۳٫۷٪", "۱۸٪", "\u{200E}\u{2212}۵٫۲۵٪"],
            dates: ["۲۸ نوامبر ۲۰۲۶", "مارس ۱۹۹۰", "۱۹۷۰"],
        },
    );
    // As good as the hand-written formatting it replaces.
    assert_eq!(fa.integer(2375), "۲٬۳۷۵");
    assert_eq!(fa.integer(3792), "۳٬۷۹۲");
    assert_eq!(fa.year(1995), "۱۹۹۵");
    assert_eq!(fa.digits(12), "۱۲");
}

#[test]
fn persian_calendar() {
    let fa = load("fa");
    assert_eq!(fa.default_calendar().id(), "persian");
    let cover = PartialDate::ymd(2026, 11, 28);
    let style = |calendar, precision, other_calendar| DateStyle {
        calendar,
        precision,
        other_calendar,
    };
    let date = |s: DateStyle| fa.date(&cover, &s).unwrap();
    assert_eq!(
        date(style(CalendarChoice::Default, None, false)),
        "۷ آذر ۱۴۰۵"
    );
    assert_eq!(
        date(style(CalendarChoice::Default, None, true)),
        "۷ آذر ۱۴۰۵ (۲۸ نوامبر ۲۰۲۶)"
    );
    assert_eq!(
        date(style(CalendarChoice::Gregorian, None, true)),
        "۲۸ نوامبر ۲۰۲۶ (۷ آذر ۱۴۰۵)"
    );
    // CLDR's Persian calendar has no yMMMM of its own in `fa` and takes
    // the generic calendar's `y MMMM`: the year first.
    assert_eq!(
        date(style(
            CalendarChoice::Default,
            Some(DatePrecision::Month),
            false
        )),
        "۱۴۰۵ آذر"
    );
    assert_eq!(
        date(style(
            CalendarChoice::Default,
            Some(DatePrecision::Year),
            false
        )),
        "۱۴۰۵"
    );
    // Nowruz 1404 fell on 21 March 2025.
    let nowruz = DateStyle {
        calendar: CalendarChoice::Default,
        ..DateStyle::default()
    };
    assert_eq!(
        fa.date(&PartialDate::ymd(2025, 3, 21), &nowruz).unwrap(),
        "۱ فروردین ۱۴۰۴"
    );
    assert_eq!(
        fa.date(&PartialDate::ymd(2025, 3, 20), &nowruz).unwrap(),
        "۳۰ اسفند ۱۴۰۳"
    );
}

#[test]
fn historical_dates_stay_gregorian() {
    let fa = load("fa");
    let as_given = DateStyle::default();
    assert_eq!(
        fa.date(&PartialDate::ymd(1973, 9, 11), &as_given).unwrap(),
        "۱۱ سپتامبر ۱۹۷۳"
    );
    assert_eq!(
        fa.date(&PartialDate::ymd(1995, 4, 7), &as_given).unwrap(),
        "۷ آوریل ۱۹۹۵"
    );
    // CLDR 48 wrote the month in a date with the ezafe (ژانویهٔ); CLDR
    // 49, the data of ICU4X 2.4, writes it bare, as dossier always did.
    assert_eq!(
        fa.date(&PartialDate::ymd(1959, 1, 1), &as_given).unwrap(),
        "۱ ژانویه ۱۹۵۹"
    );
    assert_eq!(fa.month_name(1).as_deref(), Some("ژانویه"));
    assert_eq!(fa.month_name(9).as_deref(), Some("سپتامبر"));
    assert_eq!(fa.month_name(13), None);
    // Converting a date without a day is refused, not guessed.
    let persian = DateStyle {
        calendar: CalendarChoice::Default,
        ..DateStyle::default()
    };
    assert!(fa.date(&PartialDate::ym(1990, 3), &persian).is_err());
    assert!(fa.date(&PartialDate::y(1990), &persian).is_err());
    // Asked for the other calendar, a partial date stays alone.
    let both = DateStyle {
        other_calendar: true,
        ..DateStyle::default()
    };
    assert_eq!(
        fa.date(&PartialDate::ym(1990, 3), &both).unwrap(),
        "مارس ۱۹۹۰"
    );
}

#[test]
fn english() {
    let en = load("en");
    assert_eq!(en.direction(), Direction::LeftToRight);
    check(
        &en,
        &Expected {
            integers: ["7", "1,649", "16,493", "1,234,567"],
            decimals: ["43.8", "1,234,567.89", "1"],
            // CLDR's `en` minus sign is U+002D.
            negatives: ["-1,417", "-2.5", "0"],
            percents: ["43.7%", "18%", "-5.25%"],
            dates: ["November 28, 2026", "March 1990", "1970"],
        },
    );
    // British English writes the day first.
    let gb = load("en-GB");
    assert_eq!(
        gb.date(&PartialDate::ymd(1995, 4, 7), &DateStyle::default())
            .unwrap(),
        "7 April 1995"
    );
    // The default calendar is Gregorian: there is no other to add.
    let both = DateStyle {
        calendar: CalendarChoice::Default,
        other_calendar: true,
        ..DateStyle::default()
    };
    assert_eq!(
        en.date(&PartialDate::ymd(2026, 11, 28), &both).unwrap(),
        "November 28, 2026"
    );
}

#[test]
fn spanish_with_four_digit_grouping() {
    let es = load("es-CL");
    assert_eq!(es.message_file(), "messages/es.toml");
    check(
        &es,
        &Expected {
            integers: ["7", "1.649", "16.493", "1.234.567"],
            decimals: ["43,8", "1.234.567,89", "1"],
            negatives: ["-1.417", "-2,5", "0"],
            // es-CL inherits es-419's percent pattern, without a space.
            percents: ["43,7%", "18%", "-5,25%"],
            dates: ["28 de noviembre de 2026", "marzo de 1990", "1970"],
        },
    );
}

#[test]
fn plain_spanish_does_not_group_four_digits() {
    let es = load("es");
    assert_eq!(es.integer(1649), "1649");
    assert_eq!(es.integer(16493), "16.493");
    assert_eq!(es.percent(d(437, 1), 1), "43,7\u{A0}%");
    assert_eq!(load("es-419").integer(1649), "1,649");
    assert_eq!(load("es-CL").integer(1649), "1.649");
}

#[test]
fn arabic() {
    // CLDR's default numbering system for `ar` is `latn`; its native one,
    // and the default of `ar-EG`, is `arab` (٠–٩).
    let ar = load("ar");
    assert_eq!(ar.direction(), Direction::RightToLeft);
    assert_eq!(ar.symbols().numbering_system, "latn");
    check(
        &ar,
        &Expected {
            integers: ["7", "1,649", "16,493", "1,234,567"],
            decimals: ["43.8", "1,234,567.89", "1"],
            negatives: ["\u{200E}-1,417", "\u{200E}-2.5", "0"],
            percents: [
                "43.7\u{200E}%\u{200E}",
                "18\u{200E}%\u{200E}",
                "\u{200E}-5.25\u{200E}%\u{200E}",
            ],
            dates: ["28 نوفمبر 2026", "مارس 1990", "1970"],
        },
    );
    let native = load_with("ar", Numbering::Native);
    let expected = Expected {
        integers: ["٧", "١٬٦٤٩", "١٦٬٤٩٣", "١٬٢٣٤٬٥٦٧"],
        decimals: ["٤٣٫٨", "١٬٢٣٤٬٥٦٧٫٨٩", "١"],
        // U+061C ARABIC LETTER MARK keeps the sign with the digits.
        negatives: ["\u{61C}-١٬٤١٧", "\u{61C}-٢٫٥", "٠"],
        percents: ["٤٣٫٧٪\u{61C}", "١٨٪\u{61C}", "\u{61C}-٥٫٢٥٪\u{61C}"],
        dates: ["٢٨ نوفمبر ٢٠٢٦", "مارس ١٩٩٠", "١٩٧٠"],
    };
    check(&native, &expected);
    check(&load("ar-EG"), &expected);
}

#[test]
fn plural_messages() {
    let en = load("en");
    let note = |lang: &Language, n: u32| {
        let list = lang.list(
            &(1..=n)
                .map(|p| lang.digits(u64::from(p + 6)))
                .collect::<Vec<_>>(),
        );
        lang.message(
            Message::SourceNoteParagraphs,
            &Args::new()
                .text("source", "S")
                .text("paragraphs", &list)
                .number("count", n),
        )
        .unwrap()
    };
    assert_eq!(note(&en, 1), "Source: S, paragraph 7");
    assert_eq!(note(&en, 2), "Source: S, paragraphs 7 and 8");
    assert_eq!(note(&en, 3), "Source: S, paragraphs 7, 8, and 9");
    let ar = load_with("ar", Numbering::Native);
    assert_eq!(note(&ar, 1), "المصدر: S، الفقرة ٧");
    assert_eq!(note(&ar, 2), "المصدر: S، الفقرتان ٧ و٨");
    assert_eq!(note(&ar, 3), "المصدر: S، الفقرات ٧ و٨ و٩");
    let es = load("es-CL");
    assert_eq!(note(&es, 2), "Fuente: S, párrafos 7 y 8");
    let fa = load("fa");
    assert_eq!(note(&fa, 2), "منبع: S، بند ۷ و ۸");
    assert_eq!(
        fa.message(
            Message::PageOf,
            &Args::new()
                .text("page", &fa.digits(3))
                .text("pages", &fa.digits(12))
        )
        .unwrap(),
        "صفحهٔ ۳ از ۱۲"
    );
}

/// What an edition's furniture is made of, per shipped language: the
/// numbers a document counts with, a heading number, digits inside a
/// locator or report number, the page footer, and the cover's edition
/// date in the language's own calendar with the other one added.
#[test]
fn edition_furniture_per_language() {
    let cover = DateStyle {
        calendar: CalendarChoice::Default,
        precision: None,
        other_calendar: true,
    };
    for (lang, expected) in [
        (
            load("fa"),
            [
                "۱۲",
                "۳.۱",
                "p. ۵ (R-۱۲)",
                "صفحهٔ ۳ از ۱۲",
                "۷ آذر ۱۴۰۵ (۲۸ نوامبر ۲۰۲۶)",
            ],
        ),
        (
            load("en"),
            [
                "12",
                "3.1",
                "p. 5 (R-12)",
                "Page 3 of 12",
                "November 28, 2026",
            ],
        ),
        (
            load("es-CL"),
            [
                "12",
                "3.1",
                "p. 5 (R-12)",
                "Página 3 de 12",
                "28 de noviembre de 2026",
            ],
        ),
        (
            load_with("ar", Numbering::Native),
            [
                "١٢",
                "٣.١",
                "p. ٥ (R-١٢)",
                "الصفحة ٣ من ١٢",
                "٢٨ نوفمبر ٢٠٢٦",
            ],
        ),
    ] {
        let page = lang
            .message(
                Message::PageOf,
                &Args::new()
                    .text("page", &lang.digits(3))
                    .text("pages", &lang.digits(12)),
            )
            .unwrap();
        let got = [
            lang.digits(12),
            lang.heading_number(&[3, 1]),
            lang.localize_digits("p. 5 (R-12)"),
            page,
            lang.date(&PartialDate::ymd(2026, 11, 28), &cover).unwrap(),
        ];
        assert_eq!(got, expected, "{}", lang.tag());
    }
}

#[test]
fn message_arguments_are_checked() {
    let en = load("en");
    assert!(en
        .message(Message::PageOf, &Args::new().text("page", "1"))
        .is_err());
    assert!(en
        .message(
            Message::PageOf,
            &Args::new()
                .text("page", "1")
                .text("pages", "2")
                .text("extra", "3")
        )
        .is_err());
    assert!(en
        .message(
            Message::ProvenanceNote,
            &Args::new().text("documents", "a").text("count", "one")
        )
        .is_err());
}

/// The visual order, left to right, of a right-to-left paragraph.
fn visual_rtl(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::rtl()));
    let para = &info.paragraphs[0];
    info.reorder_line(para, para.range.clone()).into_owned()
}

#[test]
fn heading_numbers_keep_their_order_in_an_isolate() {
    for (tag, numbering, number) in [
        ("fa", Numbering::Default, "۳.۱"),
        ("ar", Numbering::Native, "٣.١"),
        ("ar", Numbering::Default, "3.1"),
    ] {
        let lang = load_with(tag, numbering);
        let n = lang.heading_number(&[3, 1]);
        assert_eq!(n, number);
        let heading = format!("{}  عنوان", isolate(&n, Direction::LeftToRight));
        let visual = visual_rtl(&heading);
        assert!(visual.contains(number), "{tag}: {visual:?}");
        // The number stands at the start of the heading: on the right.
        assert!(
            visual
                .trim_end_matches(['\u{2066}', '\u{2069}'])
                .ends_with(number),
            "{tag}: {visual:?}"
        );
    }
    // Why the isolate is needed: after Arabic-script letters, digits and a
    // hyphen between them read right to left, so "3-1" would show as "1-3".
    let plain = visual_rtl("بخش ۳-۱");
    assert!(plain.contains("۱-۳"), "{plain:?}");
    let isolated = visual_rtl(&format!("بخش {}", isolate("۳-۱", Direction::LeftToRight)));
    assert!(isolated.contains("۳-۱"), "{isolated:?}");
}

#[test]
fn languages_whose_script_no_font_covers_are_refused() {
    // The English texts with their `other` forms only, so that a language
    // without `one` (such as zh) reads them.
    let en_messages: String = include_str!("../messages/en.toml")
        .lines()
        .map(
            |l| match (l.split_once(" = { "), l.rsplit_once("other = ")) {
                (Some((id, _)), Some((_, other))) => {
                    format!("{id} = {}\n", other.trim_end_matches(" }"))
                }
                _ => format!("{l}\n"),
            },
        )
        .collect();
    // The exemplar characters come in code point order, so the first one
    // no font has is the lowest of the script.
    for (tag, first) in [("hi", '\u{901}'), ("zh", '一'), ("el", 'ΐ')] {
        let t = LanguageTag::parse(tag).unwrap();
        let err = Language::with_messages(
            &t,
            LanguageOptions::default(),
            &dossier_canvas::covers,
            "messages/en.toml",
            &en_messages,
        )
        .unwrap_err();
        let dossier_lang::LanguageError::NoGlyph {
            language,
            character,
            place,
        } = &err
        else {
            panic!("{tag}: {err}");
        };
        assert_eq!(language, &t);
        assert_eq!(*character, first, "{tag}");
        assert!(!dossier_canvas::covers(*character));
        assert_eq!(place, "the exemplar characters of CLDR");
        let text = err.to_string();
        let code = format!("U+{:04X}", *character as u32);
        assert!(
            text.contains(&format!("`{tag}`")) && text.contains(&code),
            "{text}"
        );
    }
    for tag in ["fa", "en", "es", "es-CL", "ar"] {
        load(tag);
    }
}

#[test]
fn a_message_file_missing_a_message_is_refused_at_load_time() {
    let es = include_str!("../messages/es.toml");
    let without: String = es
        .lines()
        .filter(|l| !l.starts_with("page-of ="))
        .map(|l| format!("{l}\n"))
        .collect();
    let tag = LanguageTag::parse("es-CL").unwrap();
    let err = Language::with_messages(
        &tag,
        LanguageOptions::default(),
        &dossier_canvas::covers,
        "messages/es.toml",
        &without,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "messages/es.toml: language `es-CL` has no message `page-of` (expected a string with {page}, {pages})"
    );
}

#[test]
fn every_shipped_file_is_a_language_tag_that_loads() {
    let shipped = dossier_lang::shipped_languages();
    assert_eq!(shipped, ["ar", "en", "es", "fa"]);
    for tag in shipped {
        let t = LanguageTag::parse(tag).unwrap();
        assert_eq!(t.to_string(), tag, "file names are canonical tags");
        load(tag);
    }
    let err = Language::load(
        &LanguageTag::parse("hi").unwrap(),
        LanguageOptions::default(),
        &dossier_canvas::covers,
    )
    .unwrap_err();
    assert!(err.to_string().contains("no message file"), "{err}");
}
