//! Numbers in a language's own way: ICU4X's decimal formatter (digits,
//! separators, grouping, minus sign with its bidi marks) and, around it,
//! CLDR's percent pattern and sign.

use icu_decimal::options::GroupingStrategy;
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale_core::extensions::unicode::Value;
use icu_locale_core::LanguageIdentifier;

use crate::cldr_numbers::{self, Numbering};
use crate::number::Number;
use crate::percent::PercentPattern;

/// The signs a language writes numbers with, as ICU4X and CLDR give them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberSymbols {
    /// The CLDR numbering system: `arabext`, `arab`, `latn`, ...
    pub numbering_system: String,
    /// The digits zero to nine.
    pub digits: [char; 10],
    /// The decimal separator: `.`, `,`, `٫`.
    pub decimal: String,
    /// The grouping separator: `,`, `.`, `٬`, U+202F.
    pub group: String,
    /// What goes before and after a negative number, bidi marks included:
    /// U+200E U+2212 before, nothing after, in Persian.
    pub minus_prefix: String,
    pub minus_suffix: String,
    /// The percent sign, bidi marks included: `%`, `٪`, `٪` U+061C.
    pub percent_sign: String,
    /// CLDR's standard percent pattern: `#,##0%`, `#,##0 %`, `%#,##0`.
    pub percent_pattern: String,
}

/// Why ICU4X or the percent table cannot serve a locale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NumbersError {
    pub what: &'static str,
    pub message: String,
}

/// The number formatters of one language.
#[derive(Debug)]
pub(crate) struct Numbers {
    /// Grouped as the locale groups (CLDR's minimum grouping digits).
    grouped: DecimalFormatter,
    /// Never grouped: years, page and heading numbers.
    plain: DecimalFormatter,
    percent: PercentPattern,
    symbols: NumberSymbols,
}

/// The numbering system ICU4X's data gives `id` by default. This is the
/// one place that reads ICU4X's data structs rather than its formatters:
/// the formatters do not say which numbering system they resolved.
fn icu_default_numbering(id: &LanguageIdentifier) -> Option<String> {
    use icu_decimal::provider::{Baked, DecimalSymbolsV1};
    use icu_provider::prelude::*;
    let locale = DataLocale::from(id);
    let request = DataRequest {
        id: DataIdentifierBorrowed::for_locale(&locale),
        ..Default::default()
    };
    let response = DataProvider::<DecimalSymbolsV1>::load(&Baked, request).ok()?;
    Some(response.payload.get().numsys().to_string())
}

impl Numbers {
    pub(crate) fn new(id: &LanguageIdentifier, choice: Numbering) -> Result<Numbers, NumbersError> {
        // ICU4X's data is newer than the table (CLDR 49 against 48), and
        // decides the default; the table gives the native system.
        let system = match choice {
            Numbering::Default => icu_default_numbering(id)
                .unwrap_or_else(|| cldr_numbers::numbering_system(id, choice)),
            _ => cldr_numbers::numbering_system(id, choice),
        };
        let mut prefs = DecimalFormatterPreferences::from(id);
        let value = Value::try_from_str(&system).map_err(|_| NumbersError {
            what: "numbering system",
            message: format!("`{system}` is not a numbering system name"),
        })?;
        prefs.numbering_system = Some(value.try_into().map_err(|_| NumbersError {
            what: "numbering system",
            message: format!("`{system}` is not a numbering system name"),
        })?);
        let formatter = |strategy: GroupingStrategy| {
            DecimalFormatter::try_new(prefs, strategy.into()).map_err(|e| NumbersError {
                what: "number symbols",
                message: e.to_string(),
            })
        };
        let grouped = formatter(GroupingStrategy::Auto)?;
        let plain = formatter(GroupingStrategy::Never)?;
        let always = formatter(GroupingStrategy::Always)?;
        let (percent_sign, percent_pattern) = cldr_numbers::percent(id, &system);
        let percent =
            PercentPattern::parse(&percent_pattern, &percent_sign).map_err(|problem| {
                NumbersError {
                    what: "percent pattern",
                    message: format!("`{percent_pattern}`: {problem}"),
                }
            })?;
        let symbols = probe_symbols(&plain, &always, system, percent_sign, percent_pattern);
        Ok(Numbers {
            grouped,
            plain,
            percent,
            symbols,
        })
    }

    pub(crate) fn symbols(&self) -> &NumberSymbols {
        &self.symbols
    }

    /// `n` as it is, grouped: `3,792`, `۳٬۷۹۲`, `1.649`.
    pub(crate) fn grouped(&self, n: &Number) -> String {
        self.grouped.format(&n.0).to_string()
    }

    /// `n` as it is, without grouping: `1995`, `۱۹۹۵`.
    pub(crate) fn plain(&self, n: &Number) -> String {
        self.plain.format(&n.0).to_string()
    }

    /// `n` percent, grouped, with the locale's pattern and sign.
    pub(crate) fn percent(&self, n: &Number) -> String {
        let digits = self.grouped(&n.abs());
        self.percent.apply(
            &digits,
            n.is_negative(),
            &self.symbols.minus_prefix,
            &self.symbols.minus_suffix,
        )
    }
}

/// Reads the symbols back from what the formatters write, so that they
/// are exactly those the formatted numbers use.
fn probe_symbols(
    plain: &DecimalFormatter,
    always: &DecimalFormatter,
    numbering_system: String,
    percent_sign: String,
    percent_pattern: String,
) -> NumberSymbols {
    let fmt = |f: &DecimalFormatter, n: fixed_decimal::Decimal| f.format(&n).to_string();
    let mut digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    for (d, slot) in digits.iter_mut().enumerate() {
        if let Some(c) = fmt(plain, fixed_decimal::Decimal::from(d as u8))
            .chars()
            .next()
        {
            *slot = c;
        }
    }
    let one = digits[1].to_string();
    // -1: what stands around the digit is the minus sign.
    let minus = fmt(plain, fixed_decimal::Decimal::from(-1));
    let (minus_prefix, minus_suffix) = minus
        .split_once(&one)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or_else(|| ("-".to_string(), String::new()));
    // 1.5: what stands between the digits is the decimal separator.
    let mut one_half = fixed_decimal::Decimal::from(15);
    one_half.multiply_pow10(-1);
    let decimal = between(&fmt(plain, one_half), digits[1], digits[5]);
    // 1000000 always grouped: what stands after the 1 is the separator.
    let group = between(
        &fmt(always, fixed_decimal::Decimal::from(1_000_000)),
        digits[1],
        digits[0],
    );
    NumberSymbols {
        numbering_system,
        digits,
        decimal,
        group,
        minus_prefix,
        minus_suffix,
        percent_sign,
        percent_pattern,
    }
}

/// The text between the first `a` and the next `b`.
fn between(text: &str, a: char, b: char) -> String {
    let Some(start) = text.find(a).map(|i| i + a.len_utf8()) else {
        return String::new();
    };
    let rest = &text[start..];
    rest.find(b)
        .map(|end| rest[..end].to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(tag: &str) -> Numbers {
        Numbers::new(&tag.parse().unwrap(), Numbering::Default).unwrap()
    }

    #[test]
    fn symbols_are_read_back() {
        let fa = numbers("fa");
        let s = fa.symbols();
        assert_eq!(s.numbering_system, "arabext");
        assert_eq!(s.digits, ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹']);
        assert_eq!(s.decimal, "٫");
        assert_eq!(s.group, "٬");
        assert_eq!(s.minus_prefix, "\u{200E}\u{2212}");
        assert_eq!(s.minus_suffix, "");
        assert_eq!(s.percent_sign, "٪");

        let es = numbers("es-CL").symbols().clone();
        assert_eq!((es.decimal.as_str(), es.group.as_str()), (",", "."));
        let fr = numbers("fr").symbols().clone();
        assert_eq!(fr.group, "\u{202F}");
    }

    /// For every locale of CLDR, the default numbers are ICU4X's own.
    #[test]
    fn the_table_agrees_with_icu4x_on_every_default_numbering_system() {
        let mut differ = Vec::new();
        for locale in crate::cldr_numbers::locales() {
            let Ok(id) = locale.parse::<LanguageIdentifier>() else {
                continue;
            };
            let ours = Numbers::new(&id, Numbering::Default).unwrap();
            let icu = DecimalFormatter::try_new((&id).into(), Default::default()).unwrap();
            let theirs = icu
                .format(&fixed_decimal::Decimal::from(1_234_567_890u64))
                .to_string();
            if ours.grouped(&Number::from(1_234_567_890u64)) != theirs {
                differ.push(format!(
                    "{locale}: ours {} icu {theirs}",
                    ours.grouped(&Number::from(1_234_567_890u64))
                ));
            }
        }
        assert!(differ.is_empty(), "{differ:?}");
    }

    #[test]
    fn between_finds_the_separator() {
        assert_eq!(between("1.5", '1', '5'), ".");
        assert_eq!(between("1,000,000", '1', '0'), ",");
        assert_eq!(between("15", '1', '5'), "");
        assert_eq!(between("x", '1', '5'), "");
    }
}
