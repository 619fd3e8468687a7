//! Locale formatting of chart numbers, through dossier-core.

use dossier_core::locale::{format_number, format_percent, format_year};
use dossier_core::Lang;

/// `3,792` / `۳٬۷۹۲`.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    format_number(v, decimals, lang)
}

/// A percentage (23.5 means 23.5 %): `23.5%` / `۲۳٫۵٪`.
pub fn percent(v: f64, decimals: usize, lang: Lang) -> String {
    format_percent(v, decimals, lang)
}

/// `1995` / `۱۹۹۵`.
pub fn year(y: i32, lang: Lang) -> String {
    format_year(y, lang)
}
