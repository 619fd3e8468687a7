//! Formatting of numbers, percentages, years and dates for an edition,
//! through its [`Lang`] (CLDR data by ICU4X): the one place charts, tables,
//! prose and the cover format what they print.
//!
//! Rounding is half away from zero; negative numbers take the language's
//! minus sign (`−`, with its bidi mark in right-to-left languages).
//! Historical dates are shown in the Gregorian calendar, as sources give
//! them.

use dossier_formula::{Date, Decimal};
use dossier_lang::{DateStyle, Number, PartialDate};

pub use crate::lang::Lang;

/// Writes every ASCII digit of `s` in the language's digits.
pub fn digits(s: &str, lang: Lang) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => lang.language().digits(u64::from(d)),
            _ => c.to_string(),
        })
        .collect()
}

/// `value` rounded to `decimals` places with the language's grouping:
/// `3,792`, `۳٬۷۹۲`, `3.792` (es-CL). Not a finite number: `NaN`.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    match Number::try_from(value) {
        Ok(n) => lang.language().decimal(n, places(decimals)),
        Err(_) => "NaN".into(),
    }
}

/// A decimal, as [`format_number`] writes it.
pub fn format_decimal(value: Decimal, decimals: u32, lang: Lang) -> String {
    lang.language().decimal(value, places(decimals as usize))
}

/// A percentage (`43.8` is 43.8 %) in the language's pattern: `43.8%`,
/// `۴۳٫۸٪`, `43,8 %`.
pub fn format_percent(value: f64, decimals: usize, lang: Lang) -> String {
    match Number::try_from(value) {
        Ok(n) => lang.language().percent(n, places(decimals)),
        Err(_) => "NaN".into(),
    }
}

/// A decimal percentage, as [`format_percent`] writes it.
pub fn format_decimal_percent(value: Decimal, decimals: u32, lang: Lang) -> String {
    lang.language().percent(value, places(decimals as usize))
}

/// A year, never grouped: `1995`, `۱۹۹۵`.
pub fn format_year(y: i32, lang: Lang) -> String {
    lang.language().year(y)
}

/// The Gregorian month name (1 = January); empty outside 1 to 12.
pub fn month_name(m: u8, lang: Lang) -> String {
    lang.language().month_name(m).unwrap_or_default()
}

/// A date at its own precision, in the Gregorian calendar.
pub fn format_date(date: &Date, lang: Lang) -> String {
    let partial = match (date.month(), date.day()) {
        (Some(m), Some(d)) => PartialDate::ymd(date.year(), m, d),
        (Some(m), None) => PartialDate::ym(date.year(), m),
        _ => PartialDate::y(date.year()),
    };
    lang.language()
        .date(&partial, &DateStyle::default())
        .unwrap_or_else(|_| digits(&date.to_string(), lang))
}

/// Decimal places as the formatter takes them (at most 28 are meaningful).
fn places(decimals: usize) -> u8 {
    decimals.min(28) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(format_number(3792.0, 0, lang("en")), "3,792");
        assert_eq!(format_number(43.75, 1, lang("en")), "43.8");
        assert_eq!(format_number(3792.0, 0, lang("fa")), "۳٬۷۹۲");
        assert_eq!(format_number(f64::NAN, 0, lang("fa")), "NaN");
        assert_eq!(format_percent(43.8, 1, lang("fa")), "۴۳٫۸٪");
        assert_eq!(format_year(1995, lang("fa")), "۱۹۹۵");
        assert_eq!(digits("1995/04", lang("fa")), "۱۹۹۵/۰۴");
        assert_eq!(
            format_decimal(Decimal::new(43745, 3), 3, lang("en")),
            "43.745"
        );
    }

    #[test]
    fn dates_at_their_precision() {
        let d = Date::parse("1973-09-14").unwrap();
        assert!(format_date(&d, lang("en")).contains("September"));
        assert!(format_date(&d, lang("fa")).contains("سپتامبر"));
        assert_eq!(
            format_date(&Date::parse("1970").unwrap(), lang("en")),
            "1970"
        );
        assert_eq!(month_name(13, lang("en")), "");
    }
}
