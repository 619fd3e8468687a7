//! No input makes formatting or message loading panic, and numbers are
//! written only with the language's own digits and signs.

use std::sync::OnceLock;

use dossier_lang::{
    CalendarChoice, Catalogue, DatePrecision, DateStyle, Language, LanguageOptions, LanguageTag,
    Number, Numbering, PartialDate, PluralCategory,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn languages() -> &'static [Language] {
    static LANGS: OnceLock<Vec<Language>> = OnceLock::new();
    LANGS.get_or_init(|| {
        [
            ("fa", Numbering::Default),
            ("en", Numbering::Default),
            ("es-CL", Numbering::Default),
            ("ar", Numbering::Native),
        ]
        .iter()
        .map(|(tag, numbering)| {
            Language::load(
                &LanguageTag::parse(tag).unwrap(),
                LanguageOptions {
                    numbering: *numbering,
                },
                &|_| true,
            )
            .unwrap()
        })
        .collect()
    })
}

/// Every character a number of `lang` may hold.
fn number_chars(lang: &Language) -> String {
    let s = lang.symbols();
    let mut all: String = s.digits.iter().collect();
    for sign in [
        &s.decimal,
        &s.group,
        &s.minus_prefix,
        &s.minus_suffix,
        &s.percent_sign,
    ] {
        all.push_str(sign);
    }
    all.push('\u{A0}');
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn numbers_use_only_the_languages_digits_and_signs(
        mantissa in any::<i64>(),
        scale in 0u32..=28,
        places in 0u8..=30,
    ) {
        let n = Decimal::new(mantissa, scale);
        for lang in languages() {
            let allowed = number_chars(lang);
            for text in [lang.decimal(n, places), lang.percent(n, places), lang.number(n)] {
                prop_assert!(!text.is_empty());
                prop_assert!(text.chars().all(|c| allowed.contains(c)), "{} {text:?}", lang.tag());
            }
        }
    }

    #[test]
    fn any_finite_f64_formats(v in any::<f64>()) {
        match Number::try_from(v) {
            Ok(n) => {
                for lang in languages() {
                    prop_assert!(!lang.decimal(n.clone(), 2).is_empty());
                }
            }
            Err(_) => prop_assert!(!v.is_finite()),
        }
    }

    #[test]
    fn any_date_formats_or_is_refused(
        year in any::<i32>(),
        month in proptest::option::of(any::<u8>()),
        day in proptest::option::of(any::<u8>()),
        default_calendar in any::<bool>(),
        other_calendar in any::<bool>(),
        precision in proptest::option::of(0u8..3),
    ) {
        let date = PartialDate { year, month, day };
        let style = DateStyle {
            calendar: if default_calendar { CalendarChoice::Default } else { CalendarChoice::Gregorian },
            precision: precision.map(|p| [DatePrecision::Day, DatePrecision::Month, DatePrecision::Year][p as usize]),
            other_calendar,
        };
        for lang in languages() {
            if let Ok(text) = lang.date(&date, &style) {
                prop_assert!(!text.is_empty());
            }
        }
    }

    #[test]
    fn any_message_file_loads_or_is_refused(text in "\\PC{0,300}") {
        let _ = Catalogue::parse("messages/xx.toml", "xx", &text, &[PluralCategory::One, PluralCategory::Other]);
    }

    #[test]
    fn a_damaged_message_file_is_refused_with_a_place(cut in 0usize..6000, insert in "[\\PC{}=\"\\[\\]]{0,8}") {
        let en = include_str!("../messages/en.toml");
        let mut at = cut.min(en.len());
        while !en.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{insert}{}", &en[..at], &en[at..]);
        if let Err(e) = Catalogue::parse("messages/en.toml", "en", &text, &[PluralCategory::One, PluralCategory::Other]) {
            prop_assert!(e.to_string().starts_with("messages/en.toml"));
        }
    }
}

#[test]
fn extreme_years_are_refused_not_wrapped() {
    let fa = &languages()[0];
    let style = DateStyle::default();
    for year in [i32::MIN, -1_000_000, 1_000_000, i32::MAX] {
        let _ = fa.date(&PartialDate::ymd(year, 1, 1), &style);
    }
    assert!(fa.date(&PartialDate::ymd(2026, 2, 30), &style).is_err());
    assert!(fa.date(&PartialDate::ymd(2026, 13, 1), &style).is_err());
    assert!(fa
        .date(
            &PartialDate {
                year: 2026,
                month: None,
                day: Some(3)
            },
            &style
        )
        .is_err());
    let day = DateStyle {
        precision: Some(DatePrecision::Day),
        ..style
    };
    assert!(fa.date(&PartialDate::ym(2026, 3), &day).is_err());
}
