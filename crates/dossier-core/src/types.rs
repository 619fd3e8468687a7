//! Basic typed values shared by the whole workspace.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar year (Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Year(pub u16);

/// An amount in millions of US dollars.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub f64);

/// A percentage, stored as written (`18.0` means 18 %).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Percent(pub f64);

impl Percent {
    /// The percentage as a fraction (`18 %` → `0.18`).
    pub fn fraction(self) -> f64 {
        self.0 / 100.0
    }
}

/// A date with the precision the source gives: a year, optionally a month,
/// optionally a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    pub fn year(year: i32) -> Self {
        Date {
            year,
            month: None,
            day: None,
        }
    }
    pub fn month(year: i32, month: u8) -> Self {
        Date {
            year,
            month: Some(month),
            day: None,
        }
    }
    pub fn day(year: i32, month: u8, day: u8) -> Self {
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Builds a date from optional parts, checking ranges (a day needs a month).
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, String> {
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("month must be 1-12, found {m}"));
            }
        }
        match (month, day) {
            (None, Some(_)) => return Err("a day needs a month".into()),
            (Some(m), Some(d)) => {
                let max = days_in_month(year, m);
                if d == 0 || d > max {
                    return Err(format!("day must be 1-{max} for month {m}, found {d}"));
                }
            }
            _ => {}
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01, taking missing month/day as the first.
    pub fn days_from_epoch(&self) -> i64 {
        let m = self.month.unwrap_or(1) as i64;
        let d = self.day.unwrap_or(1) as i64;
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if m <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Precision of the date as a word: "day", "month" or "year".
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Output language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fa,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fa, Lang::En];

    /// BCP 47 code: "fa" or "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fa => "fa",
            Lang::En => "en",
        }
    }

    /// Whether text in this language runs right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Fa)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Error from parsing a [`Lang`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: expected `fa` or `en`")]
pub struct ParseLangError(pub String);

impl FromStr for Lang {
    type Err = ParseLangError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fa" | "fas" | "per" | "persian" | "farsi" | "fa-ir" => Ok(Lang::Fa),
            "en" | "eng" | "english" | "en-us" | "en-gb" => Ok(Lang::En),
            _ => Err(ParseLangError(s.to_string())),
        }
    }
}

/// Where a fact comes from: a source document, a paragraph (1-based, blocks
/// separated by blank lines) and an exact quote from the original text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    pub source: String,
    pub paragraph: u32,
    pub quote: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parse_and_codes() {
        assert_eq!("fa".parse::<Lang>().unwrap(), Lang::Fa);
        assert_eq!(" EN ".parse::<Lang>().unwrap(), Lang::En);
        assert!("de".parse::<Lang>().is_err());
        assert_eq!(Lang::Fa.code(), "fa");
        assert!(Lang::Fa.is_rtl());
        assert!(!Lang::En.is_rtl());
        let l: Lang = serde_json::from_str("\"fa\"").unwrap();
        assert_eq!(l, Lang::Fa);
    }

    #[test]
    fn date_validation_and_days() {
        assert!(Date::new(1995, Some(2), Some(29)).is_err());
        assert!(Date::new(1996, Some(2), Some(29)).is_ok());
        assert!(Date::new(1995, None, Some(3)).is_err());
        assert!(Date::new(1995, Some(13), None).is_err());
        assert_eq!(Date::day(1970, 1, 1).days_from_epoch(), 0);
        assert_eq!(
            Date::day(1973, 9, 14).days_from_epoch() - Date::day(1973, 9, 11).days_from_epoch(),
            3
        );
        assert_eq!(Date::day(1995, 4, 7).to_string(), "1995-04-07");
        assert_eq!(Date::month(1990, 3).to_string(), "1990-03");
    }
}
