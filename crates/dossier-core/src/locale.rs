//! Locale formatting for numbers, percentages, years and dates in Persian
//! and English.
//!
//! Persian output uses Extended Arabic-Indic digits (۰-۹), the Arabic
//! thousands separator `٬` (U+066C), the Arabic decimal separator `٫`
//! (U+066B) and the Arabic percent sign `٪` (U+066A) after the number.
//! Negative numbers use an ASCII hyphen-minus in both languages.

use crate::types::Date;
pub use crate::types::Lang;

const FA_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FA_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// Replaces ASCII digits with Persian digits for [`Lang::Fa`]; returns the
/// string unchanged for [`Lang::En`].
pub fn digits(s: &str, lang: Lang) -> String {
    match lang {
        Lang::En => s.to_string(),
        Lang::Fa => s
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => FA_DIGITS[d as usize],
                _ => c,
            })
            .collect(),
    }
}

/// Formats `value` rounded to `decimals` places with thousands grouping:
/// en `3,792` / `43.8`, fa `۳٬۷۹۲` / `۴۳٫۸`.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    let decimals = decimals.min(20);
    let raw = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match raw.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (raw.as_str(), None),
    };
    let is_zero = raw.chars().all(|c| c == '0' || c == '.');
    let (group, point) = match lang {
        Lang::En => (',', '.'),
        Lang::Fa => ('\u{066C}', '\u{066B}'),
    };
    let mut out = String::new();
    if value < 0.0 && !is_zero {
        // A true minus sign. In Persian a left-to-right mark goes first so
        // that, inside right-to-left text, the sign stays on the left of
        // the digits, as in the mathematical notation Persian readers use.
        if lang == Lang::Fa {
            out.push('\u{200E}');
        }
        out.push('\u{2212}');
    }
    let n = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac_part {
        out.push(point);
        out.push_str(f);
    }
    digits(&out, lang)
}

/// Formats a percentage: en `18%` / `43.8%`, fa `۱۸٪` / `۴۳٫۸٪`.
pub fn format_percent(value: f64, decimals: usize, lang: Lang) -> String {
    let n = format_number(value, decimals, lang);
    match lang {
        Lang::En => format!("{n}%"),
        Lang::Fa => format!("{n}\u{066A}"),
    }
}

/// Formats a year without thousands separator: `1995` / `۱۹۹۵`.
pub fn format_year(y: i32, lang: Lang) -> String {
    digits(&y.to_string(), lang)
}

/// Gregorian month name (1 = January); an empty string outside 1-12.
pub fn month_name(m: u8, lang: Lang) -> &'static str {
    if !(1..=12).contains(&m) {
        return "";
    }
    match lang {
        Lang::En => EN_MONTHS[m as usize - 1],
        Lang::Fa => FA_MONTHS[m as usize - 1],
    }
}

/// Formats a date at its own precision: en `7 April 1995`, `March 1990`,
/// `1970`; fa `۷ آوریل ۱۹۹۵`, `مارس ۱۹۹۰`, `۱۹۷۰`.
pub fn format_date(date: &Date, lang: Lang) -> String {
    let year = format_year(date.year, lang);
    let month = date
        .month
        .map(|m| month_name(m, lang))
        .filter(|m| !m.is_empty());
    match (month, date.day) {
        (Some(m), Some(d)) => format!("{} {m} {year}", digits(&d.to_string(), lang)),
        (Some(m), None) => format!("{m} {year}"),
        _ => year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_en() {
        assert_eq!(format_number(3792.0, 0, Lang::En), "3,792");
        assert_eq!(format_number(43.75, 1, Lang::En), "43.8");
        assert_eq!(format_number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(format_number(-1417.0, 0, Lang::En), "\u{2212}1,417");
        assert_eq!(format_number(-1417.0, 0, Lang::Fa), "\u{200E}\u{2212}۱٬۴۱۷");
        assert_eq!(format_number(-0.01, 0, Lang::En), "0");
        assert_eq!(format_number(999.0, 0, Lang::En), "999");
        assert_eq!(format_number(0.0, 2, Lang::En), "0.00");
    }

    #[test]
    fn numbers_fa() {
        assert_eq!(format_number(3792.0, 0, Lang::Fa), "۳٬۷۹۲");
        assert_eq!(format_number(43.8, 1, Lang::Fa), "۴۳٫۸");
        assert_eq!(format_number(16493.06, 0, Lang::Fa), "۱۶٬۴۹۳");
        assert_eq!(format_number(f64::NAN, 0, Lang::Fa), "NaN");
    }

    #[test]
    fn percents() {
        assert_eq!(format_percent(18.0, 0, Lang::En), "18%");
        assert_eq!(format_percent(43.8, 1, Lang::En), "43.8%");
        assert_eq!(format_percent(18.0, 0, Lang::Fa), "۱۸٪");
        assert_eq!(format_percent(43.8, 1, Lang::Fa), "۴۳٫۸٪");
    }

    #[test]
    fn years_dates_months() {
        assert_eq!(format_year(1995, Lang::En), "1995");
        assert_eq!(format_year(1995, Lang::Fa), "۱۹۹۵");
        assert_eq!(
            format_date(&Date::day(1995, 4, 7), Lang::En),
            "7 April 1995"
        );
        assert_eq!(format_date(&Date::month(1990, 3), Lang::En), "March 1990");
        assert_eq!(format_date(&Date::year(1970), Lang::En), "1970");
        assert_eq!(
            format_date(&Date::day(1995, 4, 7), Lang::Fa),
            "۷ آوریل ۱۹۹۵"
        );
        assert_eq!(format_date(&Date::month(1990, 3), Lang::Fa), "مارس ۱۹۹۰");
        assert_eq!(
            format_date(&Date::day(1973, 9, 14), Lang::Fa),
            "۱۴ سپتامبر ۱۹۷۳"
        );
        assert_eq!(month_name(13, Lang::En), "");
        assert_eq!(month_name(0, Lang::Fa), "");
        assert_eq!(month_name(9, Lang::Fa), "سپتامبر");
        assert_eq!(digits("1995/04", Lang::Fa), "۱۹۹۵/۰۴");
        assert_eq!(digits("1995", Lang::En), "1995");
    }
}
