//! CLDR percent patterns (`#,##0%`, `#,##0 %`, `%#,##0`,
//! `% #,#0;% -#,#0`) read into the text that goes before and after the
//! formatted number, for positive and negative values (UTS #35, Number
//! Patterns). The digits themselves always come from ICU4X.

/// One piece of an affix.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `-` in a pattern: the locale's minus sign.
    Minus,
}

/// What stands before and after the number in one subpattern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Affixes {
    prefix: Vec<Piece>,
    suffix: Vec<Piece>,
}

/// A parsed percent pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PercentPattern {
    positive: Affixes,
    /// An explicit negative subpattern; without one, the minus sign goes
    /// before the positive pattern (UTS #35).
    negative: Option<Affixes>,
}

impl PercentPattern {
    /// Parses `pattern`, putting `sign` where it has `%`.
    pub(crate) fn parse(pattern: &str, sign: &str) -> Result<PercentPattern, String> {
        let mut parts = split_unquoted(pattern, ';').into_iter();
        let positive = affixes(parts.next().unwrap_or_default(), sign)?;
        let negative = parts.next().map(|p| affixes(p, sign)).transpose()?;
        if parts.next().is_some() {
            return Err("more than two subpatterns".to_string());
        }
        if positive.prefix.contains(&Piece::Minus) || positive.suffix.contains(&Piece::Minus) {
            return Err("a minus sign in the positive subpattern".to_string());
        }
        Ok(PercentPattern { positive, negative })
    }

    /// Puts the formatted absolute value `digits` into the pattern.
    pub(crate) fn apply(
        &self,
        digits: &str,
        negative: bool,
        minus_prefix: &str,
        minus_suffix: &str,
    ) -> String {
        let mut out = String::new();
        let write = |out: &mut String, pieces: &[Piece]| {
            for p in pieces {
                match p {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Minus => {
                        out.push_str(minus_prefix);
                        out.push_str(minus_suffix);
                    }
                }
            }
        };
        match (&self.negative, negative) {
            (Some(neg), true) => {
                write(&mut out, &neg.prefix);
                out.push_str(digits);
                write(&mut out, &neg.suffix);
            }
            (None, true) => {
                out.push_str(minus_prefix);
                write(&mut out, &self.positive.prefix);
                out.push_str(digits);
                write(&mut out, &self.positive.suffix);
                out.push_str(minus_suffix);
            }
            (_, false) => {
                write(&mut out, &self.positive.prefix);
                out.push_str(digits);
                write(&mut out, &self.positive.suffix);
            }
        }
        out
    }
}

/// Splits at `sep` outside single quotes.
fn split_unquoted(pattern: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in pattern.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            c if c == sep && !quoted => {
                parts.push(&pattern[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&pattern[start..]);
    parts
}

/// Characters of the number part of a pattern.
fn is_number_char(c: char) -> bool {
    matches!(c, '#' | '0'..='9' | ',' | '.' | '@')
}

fn affixes(subpattern: &str, sign: &str) -> Result<Affixes, String> {
    let mut out = Affixes::default();
    let mut seen_number = false;
    let mut after_number = false;
    let mut quoted = false;
    let mut percent = 0;
    for c in subpattern.chars() {
        if quoted {
            if c == '\'' {
                quoted = false;
            } else {
                push_text(side(&mut out, after_number), c);
            }
            continue;
        }
        if is_number_char(c) {
            if after_number {
                return Err("the number part is split in two".to_string());
            }
            seen_number = true;
            continue;
        }
        if seen_number {
            after_number = true;
        }
        let pieces = side(&mut out, after_number);
        match c {
            '\'' => quoted = true,
            '%' => {
                percent += 1;
                for s in sign.chars() {
                    push_text(pieces, s);
                }
            }
            '-' => pieces.push(Piece::Minus),
            '¤' | '‰' | 'E' | '*' | '+' => {
                return Err(format!("`{c}` has no meaning in a percent pattern here"))
            }
            c => push_text(pieces, c),
        }
    }
    if quoted {
        return Err("an unclosed quote".to_string());
    }
    if !seen_number {
        return Err("no number part".to_string());
    }
    if percent != 1 {
        return Err(format!("{percent} percent signs, expected one"));
    }
    Ok(out)
}

fn side(a: &mut Affixes, after_number: bool) -> &mut Vec<Piece> {
    if after_number {
        &mut a.suffix
    } else {
        &mut a.prefix
    }
}

fn push_text(pieces: &mut Vec<Piece>, c: char) {
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        t.push(c);
    } else {
        pieces.push(Piece::Text(c.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(pattern: &str, sign: &str, negative: bool) -> String {
        PercentPattern::parse(pattern, sign)
            .unwrap()
            .apply("43.7", negative, "-", "")
    }

    #[test]
    fn sign_after_or_before() {
        assert_eq!(apply("#,##0%", "%", false), "43.7%");
        assert_eq!(apply("#,##0\u{A0}%", "%", false), "43.7\u{A0}%");
        assert_eq!(apply("%#,##0", "%", false), "%43.7");
        assert_eq!(apply("%\u{A0}#,##0", "%", false), "%\u{A0}43.7");
        assert_eq!(apply("#,##0%", "٪\u{61C}", false), "43.7٪\u{61C}");
    }

    #[test]
    fn negatives() {
        // Implicit: the minus sign before the whole positive pattern.
        assert_eq!(apply("#,##0%", "%", true), "-43.7%");
        assert_eq!(apply("%#,##0", "%", true), "-%43.7");
        // Explicit: where the negative subpattern puts it.
        assert_eq!(apply("%\u{A0}#,#0;%\u{A0}-#,#0", "%", true), "%\u{A0}-43.7");
        let p = PercentPattern::parse("#,##0%", "%").unwrap();
        assert_eq!(
            p.apply("۵", true, "\u{200E}\u{2212}", ""),
            "\u{200E}\u{2212}۵%"
        );
    }

    #[test]
    fn quotes_are_literal() {
        assert_eq!(apply("#,##0 '%'%", "٪", false), "43.7 %٪");
    }

    #[test]
    fn refuses_what_is_not_a_percent_pattern() {
        for bad in [
            "#,##0",
            "#,##0%%",
            "%",
            "#,##0 ¤",
            "#0%0",
            "'#0%",
            "#0%;#0%;#0%",
            "-#0%",
        ] {
            assert!(PercentPattern::parse(bad, "%").is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn every_pattern_of_cldr_parses() {
        let table = crate::cldr_numbers::parse(include_str!("../data/numbers.tsv")).unwrap();
        for (locale, rows) in table {
            for row in rows {
                assert!(
                    PercentPattern::parse(&row.percent_pattern, &row.percent_sign).is_ok(),
                    "{locale} {}: {:?}",
                    row.numbering,
                    row.percent_pattern
                );
            }
        }
    }
}
