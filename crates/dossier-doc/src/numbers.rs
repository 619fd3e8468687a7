//! The numbers a writer invents itself (page, section, figure, table,
//! footnote and list numbers) go through one [`NumberFormat`] that the
//! document carries, so that what stands behind it (a digit mapping today,
//! a CLDR formatter later) changes without touching any writer.

use std::fmt;
use std::sync::Arc;

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

    /// Counting numbers through `digits`, a function that rewrites the
    /// ASCII digits of a string (section numbers keep their `.`).
    pub fn from_digits(digits: impl Fn(&str) -> String + Send + Sync + 'static) -> NumberFormatter {
        struct FromFn<F>(F);
        impl<F: Fn(&str) -> String + Send + Sync> NumberFormat for FromFn<F> {
            fn count(&self, n: u64) -> String {
                (self.0)(&n.to_string())
            }
        }
        NumberFormatter::new(FromFn(digits))
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

    #[test]
    fn a_function_stands_behind_the_formatter() {
        let f = NumberFormatter::from_digits(|s| s.replace('1', "I"));
        assert_eq!(f.count(11), "II");
        assert_eq!(f.section(&[1, 2]), "I.2");
        assert_eq!(format!("{f:?}"), "NumberFormatter(\"I.23\")");
        assert_eq!(NumberFormatter::default().count(42), "42");
    }
}
