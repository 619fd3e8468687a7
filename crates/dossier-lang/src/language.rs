//! [`Language`]: everything dossier knows of a language, loaded once per
//! edition, and the one formatter every number, date and text of that
//! edition goes through (chart ticks, table cells, prose figures, the
//! cover, page and heading numbers, captions).

use icu_list::options::{ListFormatterOptions, ListLength};
use icu_list::ListFormatter;
use icu_locale_core::extensions::unicode::Value;
use icu_locale_core::DataLocale;
use icu_plurals::{PluralCategory, PluralOperands, PluralRules, PluralRulesPreferences};

use crate::bidi::Direction;
use crate::catalogue::{Catalogue, Segment};
use crate::cldr_numbers::Numbering;
use crate::coverage::{self, Repertoire};
use crate::dates::{Calendar, CalendarChoice, DatePrecision, DateStyle, Dates, PartialDate};
use crate::error::{DateError, LanguageError, MessageError};
use crate::messages::{Label, Message};
use crate::number::Number;
use crate::numbers::{NumberSymbols, Numbers};
use crate::{shipped, LanguageTag};

/// Choices a report makes for a language beyond its tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LanguageOptions {
    /// Which of the language's numbering systems to write numbers and
    /// dates in.
    pub numbering: Numbering,
}

/// A language, as CLDR describes it through ICU4X, with its messages.
#[derive(Debug)]
pub struct Language {
    tag: LanguageTag,
    direction: Direction,
    numbers: Numbers,
    dates: Dates,
    plurals: PluralRules,
    list: ListFormatter,
    catalogue: Catalogue,
}

/// The arguments of a [`Message`]: text, or numbers that the language
/// formats (and, for `count`, picks the plural form by).
#[derive(Clone, Debug, Default)]
pub struct Args<'a> {
    values: Vec<(&'a str, Arg<'a>)>,
}

#[derive(Clone, Debug)]
enum Arg<'a> {
    Text(&'a str),
    Number(Number),
}

impl<'a> Args<'a> {
    pub fn new() -> Args<'a> {
        Args::default()
    }

    /// Text put in as it is: a name, or a value formatted already.
    pub fn text(mut self, name: &'a str, value: &'a str) -> Args<'a> {
        self.values.push((name, Arg::Text(value)));
        self
    }

    /// A number, written as the language writes numbers with the digits
    /// after the point it has.
    pub fn number(mut self, name: &'a str, value: impl Into<Number>) -> Args<'a> {
        self.values.push((name, Arg::Number(value.into())));
        self
    }

    fn get(&self, name: &str) -> Option<&Arg<'a>> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl Language {
    /// Loads the language of `tag`: CLDR data from ICU4X's compiled data,
    /// and the shipped message file of the tag or of its fallback (`es`
    /// for `es-CL`). A language is refused when it has no message file,
    /// when its file lacks a message, or when `covers` (the embedded
    /// fonts, `dossier_canvas::fonts::covers`) has no glyph for one of
    /// the characters it needs.
    pub fn load(
        tag: &LanguageTag,
        options: LanguageOptions,
        covers: &dyn Fn(char) -> bool,
    ) -> Result<Language, LanguageError> {
        let (file_tag, text) = shipped::find(tag).ok_or_else(|| LanguageError::NoMessages {
            language: tag.clone(),
            shipped: shipped::shipped_languages().join(", "),
        })?;
        Language::with_messages(
            tag,
            options,
            covers,
            &format!("messages/{file_tag}.toml"),
            text,
        )
    }

    /// Loads the language of `tag` with the message file `text` (named
    /// `file` in errors) instead of the shipped one.
    pub fn with_messages(
        tag: &LanguageTag,
        options: LanguageOptions,
        covers: &dyn Fn(char) -> bool,
        file: &str,
        text: &str,
    ) -> Result<Language, LanguageError> {
        let id = tag.identifier();
        let data_error = |what: &'static str, message: String| LanguageError::Data {
            language: tag.clone(),
            what,
            message,
        };
        let numbers =
            Numbers::new(id, options.numbering).map_err(|e| data_error(e.what, e.message))?;
        let numbering = Value::try_from_str(&numbers.symbols().numbering_system)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| {
                data_error(
                    "numbering system",
                    numbers.symbols().numbering_system.clone(),
                )
            })?;
        let dates = Dates::new(id, numbering).map_err(|e| data_error("date formats", e))?;
        let plurals = PluralRules::try_new_cardinal(PluralRulesPreferences::from(id))
            .map_err(|e| data_error("plural rules", e.to_string()))?;
        let list = ListFormatter::try_new_and(
            id.into(),
            ListFormatterOptions::default().with_length(ListLength::Wide),
        )
        .map_err(|e| data_error("list patterns", e.to_string()))?;
        let categories: Vec<PluralCategory> = plurals.categories().collect();
        let catalogue = Catalogue::parse(file, &tag.to_string(), text, &categories)?;
        let direction = Direction::of(tag);
        let language = Language {
            tag: tag.clone(),
            direction,
            numbers,
            dates,
            plurals,
            list,
            catalogue,
        };
        if let Some((character, place)) = coverage::first_uncovered(&language.repertoire(), covers)
        {
            return Err(LanguageError::NoGlyph {
                language: tag.clone(),
                character,
                place,
            });
        }
        Ok(language)
    }

    /// Every text the language can put on a page, with where it comes
    /// from, for the font check.
    fn repertoire(&self) -> Repertoire {
        let mut r = Repertoire::new();
        r.push((
            "the exemplar characters of CLDR".to_string(),
            coverage::exemplars(&DataLocale::from(self.tag.identifier())),
        ));
        let s = self.symbols();
        let mut signs: String = s.digits.iter().collect();
        for sign in [
            &s.decimal,
            &s.group,
            &s.minus_prefix,
            &s.minus_suffix,
            &s.percent_sign,
        ] {
            signs.push_str(sign);
        }
        r.push(("the digits and number signs".to_string(), signs));
        r.push(("a percentage".to_string(), self.percent(-12, 1)));
        // Each month in each calendar, so that month names and the words
        // and punctuation of date patterns are all seen.
        let mut dates = String::new();
        for choice in [CalendarChoice::Default, CalendarChoice::Gregorian] {
            for month in 1..=12 {
                let date = PartialDate::ymd(2026, month, 15);
                for precision in [
                    DatePrecision::Day,
                    DatePrecision::Month,
                    DatePrecision::Year,
                ] {
                    let style = DateStyle {
                        calendar: choice,
                        precision: Some(precision),
                        other_calendar: true,
                    };
                    if let Ok(text) = self.date(&date, &style) {
                        dates.push_str(&text);
                    }
                }
            }
        }
        for month in 1..=12 {
            dates.extend(self.month_name(month));
        }
        r.push(("the month names and date patterns".to_string(), dates));
        r.push(("a list".to_string(), self.list(&["a", "b", "c"])));
        for (label, text) in self.catalogue.labels() {
            r.push((format!("message `{}`", label.id()), text.to_string()));
        }
        for (message, forms) in self.catalogue.messages() {
            let text: String = forms.patterns().map(|p| p.literal_text()).collect();
            r.push((format!("message `{}`", message.id()), text));
        }
        r
    }

    /// The tag the language was loaded for.
    pub fn tag(&self) -> &LanguageTag {
        &self.tag
    }

    /// The message file that serves it (`messages/es.toml` for `es-CL`).
    pub fn message_file(&self) -> &str {
        self.catalogue.file()
    }

    /// The direction its script is written in (CLDR's likely script).
    pub fn direction(&self) -> Direction {
        self.direction
    }

    pub fn is_rtl(&self) -> bool {
        self.direction.is_rtl()
    }

    /// Its digits and number signs.
    pub fn symbols(&self) -> &NumberSymbols {
        self.numbers.symbols()
    }

    /// Its default calendar in CLDR.
    pub fn default_calendar(&self) -> Calendar {
        self.dates.default_calendar()
    }

    /// The plural category of a number (CLDR cardinal rules), taking the
    /// digits after the point into account: "1" is `one` in English,
    /// "1.0" is `other`.
    pub fn plural_category(&self, n: impl Into<Number>) -> PluralCategory {
        self.plurals.category_for(PluralOperands::from(&n.into().0))
    }

    /// The plural categories the language has, `other` last.
    pub fn plural_categories(&self) -> Vec<PluralCategory> {
        self.plurals.categories().collect()
    }

    /// An integer, rounded half away from zero, grouped as the language
    /// groups: `3,792`, `۳٬۷۹۲`, `1.649` (es-CL), `1649` (es).
    pub fn integer(&self, n: impl Into<Number>) -> String {
        self.decimal(n, 0)
    }

    /// A number with exactly `places` digits after the point, rounded
    /// half away from zero: `43.7`, `۴۳٫۷`, `43,7`. Negatives take CLDR's
    /// minus sign of the language with its bidi marks: U+200E U+2212 in
    /// Persian (so that the sign stays on the left), U+061C `-` in Arabic
    /// with Arabic-Indic digits, and the ASCII hyphen-minus U+002D in
    /// English and Spanish, as CLDR gives it.
    pub fn decimal(&self, n: impl Into<Number>, places: u8) -> String {
        self.numbers.grouped(&n.into().with_places(places))
    }

    /// A number with the digits after the point it has (trailing zeros
    /// dropped): `2.5`, `۱۲`.
    pub fn number(&self, n: impl Into<Number>) -> String {
        self.numbers.grouped(&n.into().trimmed())
    }

    /// A percentage, `n` being in percent (43.7 is 43.7 %), with exactly
    /// `places` digits after the point, in CLDR's pattern and sign:
    /// `43.7%`, `۴۳٫۷٪`, `43,7 %` (es), `43,7%` (es-CL).
    pub fn percent(&self, n: impl Into<Number>, places: u8) -> String {
        self.numbers.percent(&n.into().with_places(places))
    }

    /// A year as a number, never grouped: `1995`, `۱۹۹۵`.
    pub fn year(&self, year: i32) -> String {
        self.numbers.plain(&Number::from(year))
    }

    /// Digits alone, never grouped, for page numbers and counters:
    /// `12`, `۱۲`.
    pub fn digits(&self, n: u64) -> String {
        self.numbers.plain(&Number::from(n))
    }

    /// `text` with each ASCII digit written in the language's digits, the
    /// rest kept: for what holds digits without being a number, such as a
    /// report number (`R-12`, `R-۱۲`) or a page locator (`p. 5`).
    pub fn localize_digits(&self, text: &str) -> String {
        let digits = &self.symbols().digits;
        text.chars()
            .map(|c| match c {
                // An ASCII digit is its own index into the ten digits.
                '0'..='9' => digits[usize::from(c as u8 - b'0')],
                c => c,
            })
            .collect()
    }

    /// A heading number from its levels, `[3, 1]` → `3.1`, `۳٫۱` or
    /// `۳-۱` (the separator is the message `heading-number-separator`).
    ///
    /// In right-to-left text the string must be laid out as one
    /// left-to-right piece: put it in [`crate::isolate`] with
    /// [`Direction::LeftToRight`] (or as a run of its own), so that its
    /// levels keep their order whatever separator and digits it has.
    pub fn heading_number(&self, levels: &[u32]) -> String {
        let separator = self.label(Label::HeadingNumberSeparator);
        levels
            .iter()
            .map(|n| self.digits(u64::from(*n)))
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// A date: see [`DateStyle`]. With `other_calendar`, the same day in
    /// the other calendar follows in parentheses (message
    /// `date-with-other-calendar`); a date without a day is never
    /// converted, so it is then shown alone.
    pub fn date(&self, date: &PartialDate, style: &DateStyle) -> Result<String, DateError> {
        let main = self.dates.format(date, style.precision, style.calendar)?;
        let other = match self.dates.other(style.calendar) {
            Some(other) if style.other_calendar && date.precision() == DatePrecision::Day => other,
            _ => return Ok(main),
        };
        let second = self.dates.format(date, style.precision, other)?;
        let forms = self.catalogue.forms(Message::DateWithOtherCalendar);
        Ok(match forms {
            Some(forms) => {
                let pattern = forms.select(None, PluralCategory::Other);
                render(pattern, &[main, second])
            }
            None => main,
        })
    }

    /// The name of a Gregorian month (1 = January) as it stands alone, as
    /// in a chart's axis: `September`, `سپتامبر`, `septiembre`; `None`
    /// outside 1 to 12.
    pub fn month_name(&self, month: u8) -> Option<String> {
        self.dates.gregorian_month(month)
    }

    /// The calendar a choice stands for in this language.
    pub fn calendar(&self, choice: CalendarChoice) -> Calendar {
        self.dates.calendar(choice)
    }

    /// A list joined with "and" as the language joins it (CLDR list
    /// patterns): `7 and 9`, `7, 8 and 9`, `۷ و ۹`, `7 y 9`.
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.list.format_to_string(items.iter().map(|s| s.as_ref()))
    }

    /// A text without arguments.
    pub fn label(&self, label: Label) -> &str {
        self.catalogue.label(label)
    }

    /// A text with arguments. Every argument the message takes must be
    /// given, and no other; a message that takes `count` picks its form
    /// by the plural category of that number.
    pub fn message(&self, message: Message, args: &Args<'_>) -> Result<String, MessageError> {
        let id = message.id();
        let names = message.arguments();
        if let Some((name, _)) = args.values.iter().find(|(n, _)| !names.contains(n)) {
            return Err(MessageError::UnknownArgument {
                id,
                name: name.to_string(),
                takes: names.join(", "),
            });
        }
        let mut values = Vec::with_capacity(names.len());
        for name in names {
            let value = args
                .get(name)
                .ok_or(MessageError::MissingArgument { id, name })?;
            values.push(match value {
                Arg::Text(t) => t.to_string(),
                Arg::Number(n) => self.number(n.clone()),
            });
        }
        let (exact, category) = if names.contains(&"count") {
            match args.get("count") {
                Some(Arg::Number(n)) => {
                    let n = n.trimmed();
                    let text = n.0.to_string();
                    let exact = (!text.contains('.') && !n.is_negative()).then_some(text);
                    (exact, self.plurals.category_for(PluralOperands::from(&n.0)))
                }
                _ => return Err(MessageError::CountNotNumber { id }),
            }
        } else {
            (None, PluralCategory::Other)
        };
        let Some(forms) = self.catalogue.forms(message) else {
            return Ok(String::new());
        };
        Ok(render(forms.select(exact.as_deref(), category), &values))
    }
}

/// Fills a pattern with the formatted values of its arguments.
fn render(pattern: &crate::catalogue::Pattern, values: &[String]) -> String {
    let mut out = String::new();
    for segment in &pattern.0 {
        match segment {
            Segment::Text(t) => out.push_str(t),
            Segment::Argument(i) => out.push_str(values.get(*i).map(String::as_str).unwrap_or("")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Editions are built in parallel: a language is shared between threads.
    #[test]
    fn a_language_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Language>();
    }

    #[test]
    fn any_tag_is_written_in_the_direction_of_its_likely_script() {
        let dir = |t: &str| Direction::of(&LanguageTag::parse(t).expect("tag"));
        for t in ["fa", "ar", "he", "ur", "ps", "az-Arab"] {
            assert_eq!(dir(t), Direction::RightToLeft, "{t}");
        }
        for t in ["en", "es-CL", "de", "az-Latn", "ru", "zh"] {
            assert_eq!(dir(t), Direction::LeftToRight, "{t}");
        }
    }
}
