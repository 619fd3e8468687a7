//! Showing errors: one diagnostic per place an error points at, with the
//! offending line of the TOML, CSV or Markdown file and its neighbours,
//! drawn by miette. In colour on a terminal; plain ASCII in logs.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
    SourceSpan,
};

/// How diagnostics and progress are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour, Unicode box drawing and a progress bar.
    pub fancy: bool,
}

/// One error, possibly with the source line it points at.
#[derive(Debug)]
struct Shown {
    message: String,
    source: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl Diagnostic for Shown {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".into()),
            span,
        ))))
    }
}

/// Longest source line shown; longer lines are cut, so that a hostile
/// 2 MB line cannot flood a log.
const MAX_LINE_CHARS: usize = 160;

/// Renders `message`, and when `text` (the file's contents) is given and
/// `line` is not 0, the line with one line of context either side.
pub fn render(
    style: Style,
    message: &str,
    file: &str,
    text: Option<&str>,
    line: usize,
    column: usize,
) -> String {
    let (source, span) = match text {
        Some(text) if line > 0 => match excerpt(text, line, column) {
            Some((excerpt, span)) => (
                Some(NamedSource::new(file, excerpt).with_language("text")),
                Some(span),
            ),
            None => (None, None),
        },
        _ => (None, None),
    };
    let shown = Shown {
        message: message.to_string(),
        source,
        span,
    };
    let theme = if style.fancy {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_wrap_lines(false);
    let mut out = String::new();
    if handler.render_report(&mut out, &shown).is_err() {
        return format!("error: {message}\n");
    }
    if style.fancy {
        out
    } else {
        // Logs get a greppable first line, `error: <message>`.
        let body = out.trim_start();
        let body = body.strip_prefix('x').unwrap_or(body).trim_start();
        format!("error: {body}")
    }
}

/// A copy of `text` that keeps lines `line - 1 ..= line + 1` (each cut to
/// [`MAX_LINE_CHARS`]) and empties the others, so that line numbers stay
/// right while the excerpt stays small, and the span of the error in it:
/// the word at `column`, or the whole line when `column` is 0.
fn excerpt(text: &str, line: usize, column: usize) -> Option<(String, SourceSpan)> {
    let lines: Vec<&str> = text.split('\n').collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let mut out = String::new();
    let mut span = None;
    for (i, l) in lines.iter().enumerate().take(line + 1) {
        let n = i + 1;
        if n + 1 < line {
            out.push('\n');
            continue;
        }
        let l = l.trim_end_matches('\r');
        let cut: String = l.chars().take(MAX_LINE_CHARS).collect();
        if n == line {
            let start_char = column.saturating_sub(1).min(cut.chars().count());
            let start = out.len() + byte_of(&cut, start_char);
            let len = if column == 0 {
                cut.len()
            } else {
                let rest = &cut[byte_of(&cut, start_char)..];
                rest.find([' ', '\t', ',', '='])
                    .unwrap_or(rest.len())
                    .max(1)
                    .min(rest.len())
            };
            span = Some(SourceSpan::new(start.into(), len));
        }
        out.push_str(&cut);
        if cut.len() < l.len() {
            out.push('…');
        }
        out.push('\n');
    }
    Some((out, span?))
}

fn byte_of(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "year,flow,value\n1992,exports,1649\n1993,exports,16x49\n1994,exports,1800\n";

    #[test]
    fn shows_the_offending_line() {
        let plain = Style { fancy: false };
        let out = render(
            plain,
            "data/t.csv:3: bad value",
            "data/t.csv",
            Some(CSV),
            3,
            14,
        );
        assert!(out.starts_with("error: data/t.csv:3: bad value"), "{out}");
        assert!(out.contains("1993,exports,16x49"), "{out}");
        assert!(out.contains("1992,exports,1649"), "context line: {out}");
        assert!(
            !out.contains("year,flow"),
            "only one line of context: {out}"
        );
        assert!(out.contains("here"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour in logs: {out:?}");
    }

    #[test]
    fn fancy_has_colour() {
        let out = render(Style { fancy: true }, "bad", "t.csv", Some(CSV), 2, 0);
        assert!(out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("1992,exports,1649"), "{out}");
    }

    #[test]
    fn long_lines_are_cut() {
        let text = format!("a\n{}\n", "x".repeat(1_000_000));
        let out = render(Style { fancy: false }, "long", "p.md", Some(&text), 2, 0);
        assert!(out.len() < 2_000, "{}", out.len());
    }

    #[test]
    fn no_line_no_snippet() {
        let out = render(
            Style { fancy: false },
            "x.toml: refused",
            "x.toml",
            None,
            0,
            0,
        );
        assert_eq!(out.trim(), "error: x.toml: refused");
    }
}
