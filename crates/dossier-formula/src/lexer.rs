//! Splits a formula into tokens, each with its byte span.

use rust_decimal::Decimal;

use crate::ast::Ident;
use crate::error::{ErrorKind, FormulaError, Span};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Number(Decimal),
    Text(String),
    /// A plain name, dotted or not: `trade`, `growth.imports.1995`.
    Name(Vec<Ident>),
    /// A name in backticks: `` `life expectancy` ``.
    Quoted(String),
    And,
    Or,
    Not,
    True,
    False,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    End,
}

impl Tok {
    /// How an error message names the token.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Number(n) => format!("number `{n}`"),
            Tok::Text(_) => "a text".to_string(),
            Tok::Name(segments) => format!(
                "name `{}`",
                segments
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            ),
            Tok::Quoted(name) => format!("name `{name}`"),
            Tok::End => "end of formula".to_string(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::And => "and",
            Tok::Or => "or",
            Tok::Not => "not",
            Tok::True => "true",
            Tok::False => "false",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::Eq => "=",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Number(_) | Tok::Text(_) | Tok::Name(_) | Tok::Quoted(_) | Tok::End => "",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

const KEYWORDS: [&str; 6] = ["and", "or", "not", "true", "false", "param"];

fn name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `name` can be written without backticks as a whole name.
pub(crate) fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(name_start) && chars.all(name_char) && !KEYWORDS.contains(&name)
}

/// Whether `segment` can follow a `.` inside a dotted name.
pub(crate) fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && segment.chars().all(name_char)
}

fn syntax(expected: &str, found: String, span: Span) -> FormulaError {
    FormulaError::new(
        ErrorKind::Syntax {
            expected: expected.to_string(),
            found,
        },
        span,
    )
}

/// The tokens of `text`, ending with [`Tok::End`].
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, FormulaError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let single = |tok| (tok, start + c.len_utf8());
        let (tok, end) = match c {
            '(' => single(Tok::LParen),
            ')' => single(Tok::RParen),
            '[' => single(Tok::LBracket),
            ']' => single(Tok::RBracket),
            ',' => single(Tok::Comma),
            '.' => single(Tok::Dot),
            '+' => single(Tok::Plus),
            '-' => single(Tok::Minus),
            '*' => single(Tok::Star),
            '/' => single(Tok::Slash),
            '=' | '!' | '<' | '>' => {
                let next = text[start + 1..].chars().next();
                match (c, next) {
                    ('=', Some('=')) => {
                        return Err(syntax(
                            "`=` (a comparison is written with one `=`)",
                            "`==`".into(),
                            Span::new(start, start + 2),
                        ))
                    }
                    ('!', Some('=')) => (Tok::Ne, start + 2),
                    ('<', Some('=')) => (Tok::Le, start + 2),
                    ('>', Some('=')) => (Tok::Ge, start + 2),
                    ('=', _) => single(Tok::Eq),
                    ('<', _) => single(Tok::Lt),
                    ('>', _) => single(Tok::Gt),
                    _ => {
                        return Err(syntax(
                            "`!=` or `not`",
                            "`!`".into(),
                            Span::new(start, start + 1),
                        ))
                    }
                }
            }
            '\'' | '"' => quoted(text, start, c).map(|(t, end)| (Tok::Text(t), end))?,
            '`' => {
                let (name, end) = quoted(text, start, '`')?;
                if name.is_empty() {
                    return Err(syntax(
                        "a name between the backticks",
                        "``".into(),
                        Span::new(start, end),
                    ));
                }
                (Tok::Quoted(name), end)
            }
            c if c.is_ascii_digit() => number(text, start)?,
            c if name_start(c) => name(text, start),
            other => {
                return Err(syntax(
                    "a number, a text in quotes, a name, an operator (+ - * / = != < <= > >=) or a bracket",
                    format!("`{other}`"),
                    Span::new(start, start + other.len_utf8()),
                ))
            }
        };
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
        out.push(Token {
            tok,
            span: Span::new(start, end),
        });
    }
    out.push(Token {
        tok: Tok::End,
        span: Span::new(text.len(), text.len()),
    });
    Ok(out)
}

/// A run between `quote` characters, a doubled quote standing for one.
fn quoted(text: &str, start: usize, quote: char) -> Result<(String, usize), FormulaError> {
    let mut out = String::new();
    let body = start + quote.len_utf8();
    let mut iter = text[body..].char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == quote {
            if iter.peek().is_some_and(|&(_, n)| n == quote) {
                iter.next();
                out.push(quote);
            } else {
                return Ok((out, body + i + quote.len_utf8()));
            }
        } else {
            out.push(c);
        }
    }
    Err(syntax(
        &format!("a closing {quote}"),
        "end of formula".into(),
        Span::new(start, text.len()),
    ))
}

fn digits_end(text: &str, from: usize) -> usize {
    from + text[from..].bytes().take_while(u8::is_ascii_digit).count()
}

/// `D+ ('.' D+)?`, held exactly.
fn number(text: &str, start: usize) -> Result<(Tok, usize), FormulaError> {
    let mut end = digits_end(text, start);
    let bytes = text.as_bytes();
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_end(text, end + 1);
    }
    let literal = &text[start..end];
    let n = Decimal::from_str_exact(literal).map_err(|_| {
        syntax(
            "a number of at most 28 digits",
            format!("`{literal}`"),
            Span::new(start, end),
        )
    })?;
    Ok((Tok::Number(n), end))
}

/// A name, joined with the segments that follow it after a `.` with no
/// space between: `growth.imports.1995` is one name.
fn name(text: &str, start: usize) -> (Tok, usize) {
    let segment_end = |from: usize| {
        from + text[from..]
            .chars()
            .take_while(|&c| name_char(c))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let mut segments = Vec::new();
    let mut from = start;
    loop {
        let end = segment_end(from);
        segments.push(Ident {
            name: text[from..end].to_string(),
            span: Span::new(from, end),
        });
        let joined =
            text[end..].starts_with('.') && text[end + 1..].chars().next().is_some_and(name_char);
        if !joined {
            let tok = match (segments.len(), segments[0].name.as_str()) {
                (1, "and") => Tok::And,
                (1, "or") => Tok::Or,
                (1, "not") => Tok::Not,
                (1, "true") => Tok::True,
                (1, "false") => Tok::False,
                _ => Tok::Name(segments),
            };
            return (tok, end);
        }
        from = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn names(t: &Tok) -> Vec<&str> {
        match t {
            Tok::Name(s) => s.iter().map(|i| i.name.as_str()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn joins_dotted_names_without_spaces() {
        let t = toks("growth.imports.1995 + t['a'].v + x .y");
        assert_eq!(names(&t[0]), ["growth", "imports", "1995"]);
        assert_eq!(t[1], Tok::Plus);
        assert_eq!(t[6], Tok::Dot);
        assert_eq!(names(&t[7]), ["v"]);
        assert_eq!(t[10], Tok::Dot);
    }

    #[test]
    fn reads_literals() {
        assert_eq!(
            toks("43.8 'it''s' \"q\" `a b` true"),
            [
                Tok::Number(Decimal::from_str("43.8").unwrap()),
                Tok::Text("it's".into()),
                Tok::Text("q".into()),
                Tok::Quoted("a b".into()),
                Tok::True,
                Tok::End
            ]
        );
        assert_eq!(toks("1.")[..2], [Tok::Number(Decimal::ONE), Tok::Dot]);
    }

    #[test]
    fn spans_are_byte_ranges() {
        let t = tokenize("ab <= 'ش'").unwrap();
        assert_eq!(t[0].span, Span::new(0, 2));
        assert_eq!(t[1].span, Span::new(3, 5));
        assert_eq!(t[2].span, Span::new(6, 10));
        assert_eq!(t[3].span, Span::new(10, 10));
    }

    #[test]
    fn refuses_bad_characters_with_their_span() {
        let err = tokenize("a × b").unwrap_err();
        assert_eq!(err.span, Span::new(2, 4));
        assert!(err.to_string().contains("`×`"), "{err}");
        assert_eq!(tokenize("a == b").unwrap_err().span, Span::new(2, 4));
        assert_eq!(tokenize("x + 'open").unwrap_err().span, Span::new(4, 9));
        let long = "1".repeat(40);
        assert!(tokenize(&long)
            .unwrap_err()
            .to_string()
            .contains("28 digits"));
    }
}
