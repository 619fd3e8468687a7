//! Dates through ICU4X: a full date, a month and year, or a year alone,
//! in the language's default calendar (Solar Hijri for `fa`) or in the
//! Gregorian calendar, with the language's month names and digits.
//!
//! Dates come in as Gregorian dates at the precision they were given in
//! (a year, a month, a day), which is how sources and data date things.
//! A date is shown in another calendar only when asked, and only when it
//! has a day: a Gregorian year or month does not map onto one year or
//! month of another calendar.

use std::fmt;

use icu_calendar::{AnyCalendarKind, Date, Iso};
use icu_datetime::fieldsets::{M, Y, YM, YMD};
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::preferences::extensions::unicode::keywords::{
    CalendarAlgorithm, NumberingSystem,
};
use icu_locale_core::LanguageIdentifier;

use crate::error::DateError;

/// A date in the Gregorian calendar at the precision it was given in: a
/// year, a year and month, or a full date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    pub fn ym(year: i32, month: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    pub fn y(year: i32) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The first day the date covers, checked.
    fn first_day(&self) -> Result<Date<Iso>, DateError> {
        if let (None, Some(day)) = (self.month, self.day) {
            return Err(DateError::DayWithoutMonth { day });
        }
        let month = self.month.unwrap_or(1);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month {
                year: self.year,
                month,
            });
        }
        let day = self.day.unwrap_or(1);
        Date::try_new_iso(self.year, month, day).map_err(|_| DateError::Invalid {
            year: self.year,
            month,
            day,
        })
    }
}

impl fmt::Display for PartialDate {
    /// `1973`, `1973-09`, `1973-09-11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// How much of a date to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// Day, month and year: «۷ آذر ۱۴۰۵», "November 28, 2026".
    Day,
    /// Month and year: «۱۴۰۵ آذر», "November 2026".
    Month,
    /// The year alone: «۱۴۰۵», "2026".
    Year,
}

impl DatePrecision {
    fn name(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// The calendar to show a date in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CalendarChoice {
    /// The Gregorian calendar, in which dates are given: historical dates
    /// stay as the source wrote them.
    #[default]
    Gregorian,
    /// The language's default calendar in CLDR (Solar Hijri for `fa`,
    /// Buddhist for `th`, Gregorian for most).
    Default,
}

/// How to show a date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateStyle {
    pub calendar: CalendarChoice,
    /// How much to show; `None` shows what the date has.
    pub precision: Option<DatePrecision>,
    /// Adds the date in the other calendar (Gregorian or the language's
    /// default) in parentheses, when the two differ.
    pub other_calendar: bool,
}

/// A calendar system, as CLDR names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Calendar(pub(crate) AnyCalendarKind);

impl Calendar {
    /// The CLDR calendar id: `gregorian`, `persian`, `buddhist`,
    /// `islamic-umalqura`, ...
    pub fn id(self) -> &'static str {
        match self.0 {
            AnyCalendarKind::Buddhist => "buddhist",
            AnyCalendarKind::Chinese => "chinese",
            AnyCalendarKind::Coptic => "coptic",
            AnyCalendarKind::Dangi => "dangi",
            AnyCalendarKind::Ethiopian => "ethiopic",
            AnyCalendarKind::EthiopianAmeteAlem => "ethiopic-amete-alem",
            AnyCalendarKind::Gregorian => "gregorian",
            AnyCalendarKind::Hebrew => "hebrew",
            AnyCalendarKind::Indian => "indian",
            AnyCalendarKind::HijriTabularTypeIIFriday => "islamic-civil",
            AnyCalendarKind::HijriSimulatedMecca => "islamic-rgsa",
            AnyCalendarKind::HijriTabularTypeIIThursday => "islamic-tbla",
            AnyCalendarKind::HijriUmmAlQura => "islamic-umalqura",
            AnyCalendarKind::Iso => "iso8601",
            AnyCalendarKind::Japanese => "japanese",
            AnyCalendarKind::Persian => "persian",
            AnyCalendarKind::Roc => "roc",
            _ => "other",
        }
    }

    pub fn is_gregorian(self) -> bool {
        self.0 == AnyCalendarKind::Gregorian
    }
}

/// The field sets of one calendar.
#[derive(Debug)]
struct Formats {
    ymd: DateTimeFormatter<YMD>,
    ym: DateTimeFormatter<YM>,
    y: DateTimeFormatter<Y>,
    m: DateTimeFormatter<M>,
}

impl Formats {
    fn new(prefs: DateTimeFormatterPreferences) -> Result<Formats, String> {
        let e = |e: icu_datetime::DateTimeFormatterLoadError| e.to_string();
        Ok(Formats {
            ymd: DateTimeFormatter::try_new(prefs, YMD::long()).map_err(e)?,
            ym: DateTimeFormatter::try_new(prefs, YM::long()).map_err(e)?,
            y: DateTimeFormatter::try_new(prefs, Y::long()).map_err(e)?,
            m: DateTimeFormatter::try_new(prefs, M::long()).map_err(e)?,
        })
    }

    fn format(&self, date: &Date<Iso>, precision: DatePrecision) -> String {
        match precision {
            DatePrecision::Day => self.ymd.format(date).to_string(),
            DatePrecision::Month => self.ym.format(date).to_string(),
            DatePrecision::Year => self.y.format(date).to_string(),
        }
    }
}

/// The date formatters of one language.
#[derive(Debug)]
pub(crate) struct Dates {
    default_calendar: Calendar,
    default: Formats,
    /// `None` when the default calendar is the Gregorian one.
    gregorian: Option<Formats>,
}

impl Dates {
    pub(crate) fn new(
        id: &LanguageIdentifier,
        numbering: NumberingSystem,
    ) -> Result<Dates, String> {
        let mut prefs = DateTimeFormatterPreferences::from(id);
        prefs.numbering_system = Some(numbering);
        let default = Formats::new(prefs)?;
        let default_calendar = Calendar(default.ymd.calendar().kind());
        let gregorian = if default_calendar.is_gregorian() {
            None
        } else {
            prefs.calendar_algorithm = Some(CalendarAlgorithm::Gregory);
            Some(Formats::new(prefs)?)
        };
        Ok(Dates {
            default_calendar,
            default,
            gregorian,
        })
    }

    pub(crate) fn default_calendar(&self) -> Calendar {
        self.default_calendar
    }

    /// The calendar a choice stands for.
    pub(crate) fn calendar(&self, choice: CalendarChoice) -> Calendar {
        match choice {
            CalendarChoice::Default => self.default_calendar,
            CalendarChoice::Gregorian => Calendar(AnyCalendarKind::Gregorian),
        }
    }

    /// The other choice, when it is a different calendar.
    pub(crate) fn other(&self, choice: CalendarChoice) -> Option<CalendarChoice> {
        self.gregorian.as_ref()?;
        Some(match choice {
            CalendarChoice::Default => CalendarChoice::Gregorian,
            CalendarChoice::Gregorian => CalendarChoice::Default,
        })
    }

    /// The name of a Gregorian month (1 = January), as it stands alone.
    pub(crate) fn gregorian_month(&self, month: u8) -> Option<String> {
        let date = Date::try_new_iso(2001, month, 15).ok()?;
        let formats = self.gregorian.as_ref().unwrap_or(&self.default);
        Some(formats.m.format(&date).to_string())
    }

    /// Formats `date` at `precision` in the calendar of `choice`.
    pub(crate) fn format(
        &self,
        date: &PartialDate,
        precision: Option<DatePrecision>,
        choice: CalendarChoice,
    ) -> Result<String, DateError> {
        let first = date.first_day()?;
        let precision = precision.unwrap_or(date.precision());
        if precision < date.precision() {
            return Err(DateError::TooCoarse {
                date: date.to_string(),
                missing: if date.month.is_none() { "month" } else { "day" },
                precision: precision.name(),
            });
        }
        let formats = match (choice, &self.gregorian) {
            (CalendarChoice::Gregorian, Some(g)) => g,
            (CalendarChoice::Gregorian, None) | (CalendarChoice::Default, _) => &self.default,
        };
        let converted = !self.calendar(choice).is_gregorian();
        if converted && date.precision() != DatePrecision::Day {
            return Err(DateError::NotConvertible {
                date: date.to_string(),
                calendar: self.default_calendar.id(),
            });
        }
        Ok(formats.format(&first, precision))
    }
}
