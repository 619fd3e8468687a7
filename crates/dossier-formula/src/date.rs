//! The calendar date with mixed precision that data sets and formulas
//! share: a year, optionally a month, optionally a day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The lowest and highest year a [`Date`] holds: four-digit years, so that
/// every date prints as `YYYY` and day counts never overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// A Gregorian date as precise as its source: `1973`, `1973-09` or
/// `1973-09-11`.
///
/// Built only through [`Date::new`] (or parsing), so every value is a real
/// date: the month is 1-12, the day exists in its month, and a day never
/// comes without a month. Dates order by year, then month, then day, a
/// coarser date before a finer one in the same period (`1973` <
/// `1973-01` < `1973-01-01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// How precise a [`Date`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// Why a date is not valid, or a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("year {0} is outside 1-9999")]
    Year(i32),
    #[error("month {0} is outside 1-12")]
    Month(u8),
    #[error("day {day} does not exist in {year:04}-{month:02} (expected 1-{max})")]
    Day {
        year: i32,
        month: u8,
        day: u8,
        max: u8,
    },
    #[error("a day needs a month")]
    DayWithoutMonth,
    #[error("`{0}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    Syntax(String),
}

impl Date {
    /// A checked date; `month` and `day` are optional, a day needs a month.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Date, DateError> {
        if !YEARS.contains(&year) {
            return Err(DateError::Year(year));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::Month(m));
            }
        }
        match (month, day) {
            (None, Some(_)) => return Err(DateError::DayWithoutMonth),
            (Some(m), Some(d)) => {
                let max = days_in_month(year, m);
                if d == 0 || d > max {
                    return Err(DateError::Day {
                        year,
                        month: m,
                        day: d,
                        max,
                    });
                }
            }
            _ => {}
        }
        Ok(Date { year, month, day })
    }

    /// A whole year.
    pub fn from_year(year: i32) -> Result<Date, DateError> {
        Date::new(year, None, None)
    }

    /// A full date.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        Date::new(year, Some(month), Some(day))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (ASCII digits, zero padded).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let syntax = || DateError::Syntax(text.to_string());
        let mut parts = text.split('-');
        let number = |part: Option<&str>, width: usize| -> Result<Option<u32>, DateError> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| syntax())
                }
                Some(_) => Err(syntax()),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(syntax)?;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(syntax());
        }
        // Widths of 4 and 2 digits keep every part inside its integer type.
        Date::new(year as i32, month.map(|m| m as u8), day.map(|d| d as u8))
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u8> {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Days from 1970-01-01 to the first day of the period the date names
    /// (`1973` counts from 1973-01-01, `1973-09` from 1973-09-01).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Days from 1970-01-01 to the last day of the period the date names
    /// (`1973` ends on 1973-12-31).
    pub fn last_day_since_epoch(&self) -> i64 {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        days_from_civil(self.year, month, day)
    }
}

/// Howard Hinnant's `days_from_civil`, for a valid date.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year` (0 for a month outside 1-12).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

/// Written as its text (`"1973-09"`), so JSON output reads like the data.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn validates_parts() {
        assert_eq!(
            Date::from_ymd(1995, 2, 29),
            Err(DateError::Day {
                year: 1995,
                month: 2,
                day: 29,
                max: 28
            })
        );
        assert!(Date::from_ymd(1996, 2, 29).is_ok());
        assert!(Date::from_ymd(2000, 2, 29).is_ok());
        assert!(Date::from_ymd(1900, 2, 29).is_err());
        assert_eq!(
            Date::new(1995, None, Some(3)),
            Err(DateError::DayWithoutMonth)
        );
        assert_eq!(Date::new(1995, Some(13), None), Err(DateError::Month(13)));
        assert_eq!(Date::new(1995, Some(0), None), Err(DateError::Month(0)));
        assert_eq!(Date::from_year(0), Err(DateError::Year(0)));
        assert_eq!(Date::from_year(10_000), Err(DateError::Year(10_000)));
    }

    #[test]
    fn parses_and_prints_each_precision() {
        for text in ["1973", "1973-09", "1973-09-11", "0001", "9999-12-31"] {
            assert_eq!(d(text).to_string(), text);
        }
        assert_eq!(d("1973").precision(), Precision::Year);
        assert_eq!(d("1973-09").precision(), Precision::Month);
        assert_eq!(d("1973-09-11").precision(), Precision::Day);
        for bad in [
            "",
            "73",
            "1973-9",
            "1973-09-1",
            "1973-09-11-01",
            "+973",
            "1973/09",
            "１９７３",
            "1973-",
        ] {
            assert!(
                matches!(Date::parse(bad), Err(DateError::Syntax(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Date::parse("1973-02-30"),
            Err(DateError::Day {
                year: 1973,
                month: 2,
                day: 30,
                max: 28
            })
        );
    }

    #[test]
    fn counts_days() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(
            d("1973-09-14").days_since_epoch() - d("1973-09-11").days_since_epoch(),
            3
        );
        assert_eq!(
            d("1973").days_since_epoch(),
            d("1973-01-01").days_since_epoch()
        );
        assert_eq!(
            d("1996-02").last_day_since_epoch(),
            d("1996-02-29").days_since_epoch()
        );
        assert_eq!(
            d("1973").last_day_since_epoch(),
            d("1973-12-31").days_since_epoch()
        );
        assert_eq!(
            d("2001-01-01").days_since_epoch() - d("2000-01-01").days_since_epoch(),
            366
        );
    }

    #[test]
    fn orders_coarser_first() {
        assert!(d("1973") < d("1973-01"));
        assert!(d("1973-01") < d("1973-01-01"));
        assert!(d("1973-12-31") < d("1974"));
    }

    #[test]
    fn serialises_as_text() {
        assert_eq!(serde_json::to_string(&d("1973-09")).unwrap(), "\"1973-09\"");
        let back: Date = serde_json::from_str("\"1973-09-11\"").unwrap();
        assert_eq!(back, d("1973-09-11"));
        assert!(serde_json::from_str::<Date>("\"1973-13\"").is_err());
    }
}
