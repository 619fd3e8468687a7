//! What a declaration says about each column: its type, unit, labels,
//! constraints and range, and texts given per language.

use std::fmt;

use dossier_formula::{Date, Decimal, Value};
use dossier_lang::LanguageTag;
use serde::Serialize;

use super::error::Place;

/// A text given per language (`{ en = "Exports", fa = "صادرات" }`), or one
/// text for every language (a plain string: a name that reads the same in
/// all of them, or an imported Frictionless title).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Localized {
    /// Texts by language, in the order they were written.
    pub texts: Vec<(LanguageTag, String)>,
    /// The text for every language, when a plain string was given.
    pub all: Option<String>,
}

impl Localized {
    /// One text for every language.
    pub fn plain(text: impl Into<String>) -> Localized {
        Localized {
            texts: Vec::new(),
            all: Some(text.into()),
        }
    }

    /// The text for `lang`: its own, else that of a less specific tag
    /// (`es-CL` falls back to `es`), else the text for every language.
    pub fn get(&self, lang: &LanguageTag) -> Option<&str> {
        for tag in lang.fallbacks() {
            if let Some((_, t)) = self.texts.iter().find(|(l, _)| *l == tag) {
                return Some(t);
            }
        }
        self.all.as_deref()
    }

    /// The first of `languages` this text does not serve.
    pub fn missing<'a>(&self, languages: &'a [LanguageTag]) -> Option<&'a LanguageTag> {
        languages.iter().find(|l| self.get(l).is_none())
    }
}

/// The type of a field (Frictionless Table Schema names; `localized` is
/// dossier's). `percent` and `money` are numbers with a [`Unit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Whole numbers within the i64 range, held as decimals.
    Integer,
    /// Decimal numbers in plain notation (`43.8`, `-1.5`), never floats.
    Number,
    /// A Gregorian year, `1995`.
    Year,
    /// A year and month, `1990-03`.
    YearMonth,
    /// A date of mixed precision: `1973`, `1973-09` or `1973-09-11`.
    Date,
    String,
    /// One column per language (`label_en`, `label_fa`) in CSV; a table of
    /// texts per language in TOML and JSON resources.
    Localized,
    Boolean,
}

impl FieldType {
    /// Every type name a declaration may use, for messages.
    pub const NAMES: &'static [&'static str] = &[
        "integer",
        "number",
        "percent",
        "money",
        "year",
        "yearmonth",
        "date",
        "string",
        "localized",
        "category",
        "boolean",
    ];

    /// Frictionless types that dossier does not read, with the reason.
    pub fn unsupported(name: &str) -> Option<&'static str> {
        Some(match name {
            "datetime" | "time" => "dossier dates have no time of day; use `date` with values YYYY, YYYY-MM or YYYY-MM-DD",
            "duration" => "use a number with a unit in its title (days, years)",
            "object" | "array" | "list" | "geopoint" | "geojson" | "any" => {
                "dossier reads only scalar columns: integer, number, percent, money, year, yearmonth, date, string, localized, boolean"
            }
            _ => return None,
        })
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Number | FieldType::Year
        )
    }

    /// What a value of this type looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            FieldType::Integer => "an integer in ASCII digits (`-12`, `1649`)",
            FieldType::Number => {
                "a decimal number in ASCII digits, in plain notation (`43.8`, `-1.5`)"
            }
            FieldType::Year => "a year of four ASCII digits (`1995`)",
            FieldType::YearMonth => "a year and month, YYYY-MM (`1990-03`)",
            FieldType::Date => {
                "a date YYYY, YYYY-MM or YYYY-MM-DD (`1973`, `1973-09`, `1973-09-11`)"
            }
            FieldType::String => "a text",
            FieldType::Localized => "a text per language",
            FieldType::Boolean => "`true` or `false`",
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Year => "year",
            FieldType::YearMonth => "yearmonth",
            FieldType::Date => "date",
            FieldType::String => "string",
            FieldType::Localized => "localized",
            FieldType::Boolean => "boolean",
        })
    }
}

/// What a number measures, when the declaration says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unit {
    /// `43.8` means 43.8 %.
    Percent,
    /// An amount of `currency` (ISO 4217) in units of `scale`: `3792` with
    /// scale 1,000,000 is 3,792 million.
    Money { currency: String, scale: u64 },
    /// A span of days.
    Days,
    /// A span of years.
    Years,
}

impl Unit {
    /// The unit names a declaration may write as a string.
    pub const NAMES: &'static [&'static str] = &["percent", "days", "years"];
}

/// How sure a date is, from a date field's qualifier column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// The date is known.
    Exact,
    /// Some time after this date.
    After,
    /// About this date.
    About,
    /// The date as the source states it, known or suspected to be wrong.
    AsStated,
}

impl Qualifier {
    pub const NAMES: &'static [&'static str] = &["exact", "after", "about", "as_stated"];

    pub fn parse(text: &str) -> Option<Qualifier> {
        Some(match text {
            "exact" => Qualifier::Exact,
            "after" => Qualifier::After,
            "about" => Qualifier::About,
            "as_stated" => Qualifier::AsStated,
            _ => return None,
        })
    }
}

/// One allowed value of a category field, with its label per language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub value: String,
    pub label: Option<Localized>,
    /// Where the category is declared.
    pub place: Place,
}

/// A bound of a range: a number (integer, number, year fields) or a date
/// (date and yearmonth fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Bound {
    Number(Decimal),
    Date(Date),
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Number(n) => write!(f, "{n}"),
            Bound::Date(d) => write!(f, "{d}"),
        }
    }
}

/// The Frictionless constraints of a field. Minimum and maximum are
/// inclusive; the exclusive forms are kept apart.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Constraints {
    pub required: bool,
    pub unique: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub exclusive_minimum: Option<Bound>,
    pub exclusive_maximum: Option<Bound>,
    /// `enum`: the only values allowed.
    pub allowed: Option<Vec<Value>>,
}

/// The largest magnitude of a number field without declared bounds.
pub const NUMBER_LIMIT: i64 = 1_000_000_000_000_000;

/// The range a field's values must lie in: the declared bounds, else the
/// type's default. Numbers: within ±10^15; integers: within i64; years,
/// and the years of dates: 1 to 9999.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Range {
    pub low: Bound,
    pub low_inclusive: bool,
    pub high: Bound,
    pub high_inclusive: bool,
}

impl Range {
    /// The default range of a type, `None` for types without order.
    pub fn default_for(field_type: FieldType) -> Option<Range> {
        let numbers = |lo: Decimal, hi: Decimal| Range {
            low: Bound::Number(lo),
            low_inclusive: true,
            high: Bound::Number(hi),
            high_inclusive: true,
        };
        let dates = |lo: Date, hi: Date| Range {
            low: Bound::Date(lo),
            low_inclusive: true,
            high: Bound::Date(hi),
            high_inclusive: true,
        };
        // Years 1 and 9999 are inside `dossier_formula::YEARS`, so these
        // dates exist.
        let first = Date::from_ymd(1, 1, 1).ok()?;
        let last = Date::from_ymd(9999, 12, 31).ok()?;
        Some(match field_type {
            FieldType::Integer => numbers(Decimal::from(i64::MIN), Decimal::from(i64::MAX)),
            FieldType::Number => numbers(Decimal::from(-NUMBER_LIMIT), Decimal::from(NUMBER_LIMIT)),
            FieldType::Year => numbers(Decimal::from(1), Decimal::from(9999)),
            FieldType::YearMonth | FieldType::Date => dates(first, last),
            FieldType::String | FieldType::Localized | FieldType::Boolean => return None,
        })
    }

    /// Whether `value` lies in the range. Dates of coarse precision must
    /// lie wholly inside: `1973` is inside `1973-01-01` to `1973-12-31`,
    /// but not inside a range from `1973-06-01`.
    pub fn contains(&self, value: &Value) -> bool {
        match (value, &self.low, &self.high) {
            (Value::Number(n), Bound::Number(lo), Bound::Number(hi)) => {
                (if self.low_inclusive { n >= lo } else { n > lo })
                    && (if self.high_inclusive { n <= hi } else { n < hi })
            }
            (Value::Date(d), Bound::Date(lo), Bound::Date(hi)) => {
                let (first, last) = (d.days_since_epoch(), d.last_day_since_epoch());
                let lo = if self.low_inclusive {
                    lo.days_since_epoch()
                } else {
                    lo.last_day_since_epoch() + 1
                };
                let hi = if self.high_inclusive {
                    hi.last_day_since_epoch()
                } else {
                    hi.days_since_epoch() - 1
                };
                first >= lo && last <= hi
            }
            _ => true,
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo = if self.low_inclusive {
            ""
        } else {
            " (exclusive)"
        };
        let hi = if self.high_inclusive {
            ""
        } else {
            " (exclusive)"
        };
        write!(f, "a value from {}{lo} to {}{hi}", self.low, self.high)
    }
}

/// How numbers are written in a column (Frictionless `decimalChar`,
/// `groupChar`, `bareNumber`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NumberFormat {
    pub decimal_char: char,
    pub group_char: Option<char>,
    /// When false, text before and after the number (`$12`, `43.8%`) is
    /// dropped.
    pub bare_number: bool,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat {
            decimal_char: '.',
            group_char: None,
            bare_number: true,
        }
    }
}

/// One column of a resource, as declared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub field_type: FieldType,
    pub unit: Option<Unit>,
    /// Header and axis words, per language (may carry the unit: "US$
    /// million").
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub constraints: Constraints,
    /// The allowed values of a category field (empty when the field is
    /// not a category): strings, or integers for an integer field.
    pub categories: Vec<Category>,
    /// For a date field: the field holding its [`Qualifier`].
    pub qualifier: Option<String>,
    /// Values that mean "missing" in this column (the schema's unless the
    /// field gives its own).
    pub missing_values: Vec<String>,
    pub number_format: NumberFormat,
    pub true_values: Vec<String>,
    pub false_values: Vec<String>,
    /// Where the field is declared.
    pub place: Place,
}

impl Field {
    /// The range its values must lie in, `None` for types without order.
    pub fn range(&self) -> Option<Range> {
        let mut r = Range::default_for(self.field_type)?;
        let c = &self.constraints;
        if let Some(b) = c.minimum {
            r.low = b;
        }
        if let Some(b) = c.exclusive_minimum {
            r.low = b;
            r.low_inclusive = false;
        }
        if let Some(b) = c.maximum {
            r.high = b;
        }
        if let Some(b) = c.exclusive_maximum {
            r.high = b;
            r.high_inclusive = false;
        }
        Some(r)
    }

    /// Whether values are limited to declared categories.
    pub fn is_category(&self) -> bool {
        !self.categories.is_empty()
    }

    /// The category declared for `value` (a string, or an integer in
    /// decimal digits).
    pub fn category(&self, value: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.value == value)
    }

    /// The category declared for a typed value: a text, or an integer of
    /// an integer category field.
    pub fn category_of(&self, value: &Value) -> Option<&Category> {
        match value {
            Value::Text(t) => self.category(t),
            Value::Number(n) => self.category(&n.normalize().to_string()),
            _ => None,
        }
    }

    /// Whether the unit is percent.
    pub fn is_percent(&self) -> bool {
        self.unit == Some(Unit::Percent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> LanguageTag {
        LanguageTag::parse(t).unwrap()
    }

    #[test]
    fn localized_falls_back_to_the_language() {
        let l = Localized {
            texts: vec![(tag("es"), "Chile".into()), (tag("en"), "x".into())],
            all: None,
        };
        assert_eq!(l.get(&tag("es-CL")), Some("Chile"));
        assert_eq!(l.get(&tag("fa")), None);
        assert_eq!(l.missing(&[tag("en"), tag("fa")]), Some(&tag("fa")));
        assert_eq!(Localized::plain("Z").get(&tag("fa")), Some("Z"));
    }

    #[test]
    fn date_ranges_hold_coarse_dates_wholly() {
        let r = Range {
            low: Bound::Date(Date::parse("1973-06-01").unwrap()),
            low_inclusive: true,
            high: Bound::Date(Date::parse("1990").unwrap()),
            high_inclusive: true,
        };
        let d = |s: &str| Value::Date(Date::parse(s).unwrap());
        assert!(!r.contains(&d("1973")));
        assert!(r.contains(&d("1973-06")));
        assert!(r.contains(&d("1990-12-31")));
        assert!(!r.contains(&d("1991")));
    }

    #[test]
    fn default_ranges() {
        let year = Range::default_for(FieldType::Year).unwrap();
        assert!(!year.contains(&Value::from(0)));
        assert!(!year.contains(&Value::from(99999)));
        assert!(year.contains(&Value::from(1995)));
        let number = Range::default_for(FieldType::Number).unwrap();
        assert!(!number.contains(&Value::from(NUMBER_LIMIT + 1)));
        assert!(number.contains(&Value::from(-NUMBER_LIMIT)));
    }
}
