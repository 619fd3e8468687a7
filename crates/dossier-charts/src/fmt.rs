//! Chart numbers through the edition's language: chart values are `f64`,
//! and this is the edge where they become exact decimals for
//! [`dossier_lang::Language`], which writes every number of the edition.

use dossier_core::Lang;
use dossier_lang::Number;

/// Decimal places as the formatter takes them (at most 28 mean anything
/// to a decimal).
fn places(decimals: usize) -> u8 {
    decimals.min(28) as u8
}

/// `3,792` / `۳٬۷۹۲`; an infinite value or NaN, which no chart value is
/// once its data is checked, prints as nothing.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    Number::try_from(v)
        .map(|n| lang.language().decimal(n, places(decimals)))
        .unwrap_or_default()
}

/// A percentage (23.5 means 23.5 %): `23.5%` / `۲۳٫۵٪`.
pub fn percent(v: f64, decimals: usize, lang: Lang) -> String {
    Number::try_from(v)
        .map(|n| lang.language().percent(n, places(decimals)))
        .unwrap_or_default()
}

/// `1995` / `۱۹۹۵`.
pub fn year(y: i32, lang: Lang) -> String {
    lang.language().year(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_through_the_language() {
        let fa = Lang::parse("fa").unwrap();
        let en = Lang::parse("en").unwrap();
        assert_eq!(number(3792.0, 0, fa), "۳٬۷۹۲");
        assert_eq!(number(43.75, 1, en), "43.8");
        assert_eq!(number(-1417.0, 0, fa), "\u{200E}\u{2212}۱٬۴۱۷");
        assert_eq!(percent(43.8, 1, fa), "۴۳٫۸٪");
        assert_eq!(year(1995, fa), "۱۹۹۵");
        assert_eq!(number(f64::NAN, 0, fa), "");
        assert_eq!(percent(f64::INFINITY, 1, en), "");
    }
}
