//! The numbers a writer invents itself (page, section, figure, table,
//! footnote and list numbers) go through one [`NumberFormat`] that the
//! document carries, so that no writer knows what stands behind it: the
//! edition's [`Language`] ([`LanguageNumbers`]) for a report, or a plain
//! set of digits ([`Digits`]) for samples and tests.

use std::fmt;
use std::sync::Arc;

use dossier_lang::Language;

/// How a document writes the numbers its writers count with.
pub trait NumberFormat: Send + Sync {
    /// A counting number: page, figure, table, footnote or list item.
    fn count(&self, n: u64) -> String;

    /// A section number from its parts, outermost first: `[2, 1]` is
    /// section 2.1.
    fn section(&self, parts: &[u32]) -> String {
        parts
            .iter()
            .map(|p| self.count(u64::from(*p)))
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// Numbers in one set of decimal digits, without grouping: `۱۲` for 12
/// with Extended Arabic-Indic digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digits {
    digits: [char; 10],
}

impl Digits {
    /// ASCII digits, 0–9.
    pub const ASCII: Digits = Digits {
        digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    };

    /// The digits that start at `zero`, such as `'۰'` (U+06F0) or `'٠'`
    /// (U+0660). Unicode keeps every set of decimal digits in ten
    /// consecutive code points; `None` when `zero` does not start one.
    pub fn from_zero(zero: char) -> Option<Digits> {
        if zero.to_digit(10) == Some(0) {
            return Some(Digits::ASCII);
        }
        let mut digits = ['0'; 10];
        for (i, d) in digits.iter_mut().enumerate() {
            *d = char::from_u32(zero as u32 + i as u32)?;
        }
        // Decimal digits are numeric; the ten after a letter are not all.
        digits
            .iter()
            .all(|c| c.is_numeric())
            .then_some(Digits { digits })
    }

    /// `text` with its ASCII digits written in these digits.
    pub fn apply(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => self.digits[d as usize],
                _ => c,
            })
            .collect()
    }
}

impl NumberFormat for Digits {
    fn count(&self, n: u64) -> String {
        self.apply(&n.to_string())
    }
}

/// A shared handle on the document's [`NumberFormat`].
#[derive(Clone)]
pub struct NumberFormatter(Arc<dyn NumberFormat>);

impl NumberFormatter {
    pub fn new(format: impl NumberFormat + 'static) -> NumberFormatter {
        NumberFormatter(Arc::new(format))
    }

    /// The numbers of an edition in `language`: counting numbers in its
    /// digits, section numbers joined with its `heading-number-separator`
    /// (see [`LanguageNumbers`]).
    pub fn from_language(language: &'static Language) -> NumberFormatter {
        NumberFormatter::new(LanguageNumbers(language))
    }
}

/// Numbers through a [`Language`], the one formatter of an edition: its
/// digits for counting numbers (`۱۲`, `٣`), and its heading numbers
/// (`۳.۱`). In a right-to-left language a section number is a
/// left-to-right isolate (U+2066 … U+2069), so that its levels read in
/// order wherever it stands, whatever separator the language has: after
/// Arabic letters, `۳-۱` alone would be shown as `۱-۳`.
#[derive(Debug, Clone, Copy)]
pub struct LanguageNumbers(pub &'static Language);

impl NumberFormat for LanguageNumbers {
    fn count(&self, n: u64) -> String {
        self.0.digits(n)
    }

    fn section(&self, parts: &[u32]) -> String {
        let number = self.0.heading_number(parts);
        if self.0.is_rtl() {
            dossier_lang::isolate(&number, dossier_lang::Direction::LeftToRight)
        } else {
            number
        }
    }
}

impl Default for NumberFormatter {
    /// ASCII digits.
    fn default() -> NumberFormatter {
        NumberFormatter::new(Digits::ASCII)
    }
}

impl std::ops::Deref for NumberFormatter {
    type Target = dyn NumberFormat;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl fmt::Debug for NumberFormatter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("NumberFormatter")
            .field(&self.0.section(&[1, 23]))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_digits() {
        let fa = Digits::from_zero('۰').unwrap();
        assert_eq!(fa.count(1234), "۱۲۳۴");
        assert_eq!(fa.section(&[2, 1]), "۲.۱");
        assert_eq!(fa.apply("12 of 30"), "۱۲ of ۳۰");
        assert_eq!(Digits::ASCII.section(&[2, 10]), "2.10");
    }

    #[test]
    fn zero_must_start_a_digit_set() {
        assert_eq!(Digits::from_zero('0'), Some(Digits::ASCII));
        assert_eq!(Digits::from_zero('٠').unwrap().count(7), "٧");
        assert_eq!(Digits::from_zero('a'), None);
        assert_eq!(Digits::from_zero(char::MAX), None);
    }

    fn language(tag: &str) -> &'static Language {
        let tag = dossier_lang::LanguageTag::parse(tag).unwrap();
        let language = Language::load(&tag, Default::default(), &|_| true).unwrap();
        Box::leak(Box::new(language))
    }

    #[test]
    fn a_language_stands_behind_the_formatter() {
        let en = NumberFormatter::from_language(language("en"));
        assert_eq!(en.count(12), "12");
        assert_eq!(en.section(&[3, 1]), "3.1");
        assert_eq!(format!("{en:?}"), "NumberFormatter(\"1.23\")");
        let fa = NumberFormatter::from_language(language("fa"));
        assert_eq!(fa.count(12), "۱۲");
        // Isolated, so that the levels keep their order in Persian text.
        assert_eq!(fa.section(&[3, 1]), "\u{2066}۳.۱\u{2069}");
        assert_eq!(NumberFormatter::default().count(42), "42");
    }
}
