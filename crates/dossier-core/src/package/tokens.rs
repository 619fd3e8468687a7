//! The number tokens of a quote, against which every declared value of a
//! text source is checked.
//!
//! A value passes only when it equals a *whole* number of its quote: `16`
//! does not match `۱۶۴۹`, and `0` matches only a `0`. The grammar, applied
//! to the quote as written:
//!
//! 1. **Digits** are ASCII `0-9`, Persian `۰-۹` (U+06F0-U+06F9) and
//!    Arabic-Indic `٠-٩` (U+0660-U+0669), all read as their ASCII values.
//! 2. A **run** is a maximal sequence `D+ (J D+)*` where the joiner `J` is
//!    a decimal sign: `/` (the decimal sign of older Persian print, as in
//!    `۱۴/۴`), `٫` (U+066B, the Arabic decimal separator) or `.`; or the
//!    Arabic thousands separator `٬` (U+066C) when exactly three digits
//!    follow it. Thousands separators are dropped: `۱٬۶۴۹` is 1649. The
//!    ASCII comma is never a joiner, since it also separates list items.
//! 3. A run with no decimal sign is an integer token; with one, a decimal
//!    token (`۴۳/۸` is 43.8). A run with two or more decimal signs, like
//!    the date `۱۱/۹/۱۹۷۳`, is no single number: each of its digit groups
//!    is an integer token of its own (11, 9, 1973).
//! 4. A minus sign (`-` or `−` U+2212) immediately before a run makes it
//!    negative, unless a letter or digit comes right before the sign (as
//!    in `1992-1995`, two tokens 1992 and 1995).
//! 5. A percent sign (`%` or `٪` U+066A) immediately before or after a
//!    token marks it a percentage (`%۱۸` and `۱۸٪` both read 18 %).
//!
//! A token equals a value when they are equal as decimals (`14.4` equals
//! `۱۴/۴` and `14.40`). A percentage token is matched only by a value of a
//! field whose unit is percent; a plain token by any numeric value.

use dossier_formula::Decimal;

/// One number of a quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its value, or `None` when it has more digits than a decimal holds
    /// (it then equals no value, but still takes its position).
    pub value: Option<Decimal>,
    /// The token in ASCII digits, with its sign and decimal point, and a
    /// trailing `%` when it is a percentage: `-43.8%`.
    pub text: String,
    pub percent: bool,
}

impl Token {
    /// Whether `value` (of a field whose unit is percent when `percent`)
    /// equals this token.
    pub fn matches(&self, value: &Decimal, percent: bool) -> bool {
        (percent || !self.percent) && self.value.as_ref() == Some(value)
    }
}

/// The ASCII value of a digit in any of the three accepted scripts.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        _ => None,
    }
}

fn is_decimal_sign(c: char) -> bool {
    matches!(c, '/' | '\u{066B}' | '.')
}

fn is_percent(c: char) -> bool {
    matches!(c, '%' | '\u{066A}')
}

/// The number tokens of `quote`, in order.
pub fn tokens(quote: &str) -> Vec<Token> {
    let chars: Vec<char> = quote.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        // Digit groups of the run, and how many decimal signs joined them.
        let mut groups: Vec<String> = vec![String::new()];
        let mut signs = 0;
        loop {
            match chars.get(i).copied() {
                Some(c) if digit(c).is_some() => {
                    if let (Some(g), Some(d)) = (groups.last_mut(), digit(c)) {
                        g.push((b'0' + d) as char);
                    }
                    i += 1;
                }
                Some(c)
                    if is_decimal_sign(c)
                        && chars.get(i + 1).is_some_and(|&n| digit(n).is_some()) =>
                {
                    signs += 1;
                    groups.push(String::new());
                    i += 1;
                }
                Some('\u{066C}')
                    if (1..=3).all(|k| chars.get(i + k).is_some_and(|&n| digit(n).is_some()))
                        && chars.get(i + 4).is_none_or(|&n| digit(n).is_none()) =>
                {
                    i += 1;
                }
                _ => break,
            }
        }
        let end = i;
        let before = start.checked_sub(1).map(|k| chars[k]);
        let negative = matches!(before, Some('-' | '\u{2212}'))
            && !start
                .checked_sub(2)
                .is_some_and(|k| chars[k].is_alphanumeric());
        let lead = if negative {
            start.checked_sub(2)
        } else {
            start.checked_sub(1)
        };
        let percent = lead.is_some_and(|k| is_percent(chars[k]))
            || chars.get(end).is_some_and(|&c| is_percent(c));
        if signs <= 1 {
            let mut text = String::new();
            if negative {
                text.push('-');
            }
            text.push_str(&groups[0]);
            if let Some(frac) = groups.get(1) {
                text.push('.');
                text.push_str(frac);
            }
            out.push(token(text, percent));
        } else {
            let n = groups.len();
            for (k, g) in groups.into_iter().enumerate() {
                let mut text = String::new();
                if negative && k == 0 {
                    text.push('-');
                }
                text.push_str(&g);
                let pct = (k == 0 && lead.is_some_and(|k| is_percent(chars[k])))
                    || (k + 1 == n && chars.get(end).is_some_and(|&c| is_percent(c)));
                out.push(token(text, pct));
            }
        }
    }
    out
}

fn token(text: String, percent: bool) -> Token {
    let value = text.parse::<Decimal>().ok();
    let text = if percent { format!("{text}%") } else { text };
    Token {
        value,
        text,
        percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        tokens(q).into_iter().map(|t| t.text).collect()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn whole_tokens_only() {
        let t = tokens("۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵");
        assert_eq!(
            texts("۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵"),
            ["1649", "1655", "2012", "2375"]
        );
        assert!(t.iter().any(|t| t.matches(&dec("1649"), false)));
        assert!(!t.iter().any(|t| t.matches(&dec("16"), false)));
        assert!(!t.iter().any(|t| t.matches(&dec("0"), false)));
        assert!(!t.iter().any(|t| t.matches(&dec("49"), false)));
        assert!(tokens("۰ و ۱۰").iter().any(|t| t.matches(&dec("0"), false)));
    }

    #[test]
    fn decimal_signs() {
        assert_eq!(texts("%۱۸ ۱۴/۴"), ["18%", "14.4"]);
        assert_eq!(texts("۴۳٫۸ و 2.5 و ٣/٧"), ["43.8", "2.5", "3.7"]);
        let t = tokens("۱۴/۴");
        assert!(t[0].matches(&dec("14.4"), false));
        assert!(t[0].matches(&dec("14.40"), false));
        assert!(!t[0].matches(&dec("14"), false));
        assert!(!t[0].matches(&dec("4"), false));
        // A sign not between digits is punctuation.
        assert_eq!(texts("سال ۱۹۹۵. سپس"), ["1995"]);
        assert_eq!(texts("۱۹۹۵/"), ["1995"]);
    }

    #[test]
    fn runs_with_several_signs_are_groups() {
        assert_eq!(texts("۱۱/۹/۱۹۷۳"), ["11", "9", "1973"]);
        assert_eq!(texts("1.2.3"), ["1", "2", "3"]);
    }

    #[test]
    fn thousands_separator() {
        assert_eq!(texts("۱٬۶۴۹ و ۱٬۲۳۴٬۵۶۷"), ["1649", "1234567"]);
        // Not followed by exactly three digits: not a separator.
        assert_eq!(texts("۱٬۲۳ ۱٬۲۳۴۵"), ["1", "23", "1", "2345"]);
        assert_eq!(texts("1,649"), ["1", "649"]);
    }

    #[test]
    fn percent_marks() {
        assert_eq!(texts("%۴۳/۸ و ۲۵٪ و 7 %"), ["43.8%", "25%", "7"]);
        let t = tokens("به ۲۵% تقلیل");
        assert!(t[0].percent);
        assert!(t[0].matches(&dec("25"), true));
        assert!(
            !t[0].matches(&dec("25"), false),
            "a percentage is not a plain number"
        );
        assert!(tokens("۲۵")[0].matches(&dec("25"), true));
    }

    #[test]
    fn minus_signs() {
        assert_eq!(
            texts("-۵ و (−1.5) و 1992-1995 و x-3"),
            ["-5", "-1.5", "1992", "1995", "3"]
        );
        assert_eq!(texts("-%5"), ["5%"]);
        assert_eq!(texts("%-5"), ["-5%"]);
    }

    #[test]
    fn huge_tokens_take_a_place_but_match_nothing() {
        let big = "9".repeat(40);
        let t = tokens(&format!("{big} 1"));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].value, None);
        assert!(t[1].matches(&dec("1"), false));
    }
}
