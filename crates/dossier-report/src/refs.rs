//! The one reference grammar, used in prose and in every text of the spec
//! (cover labels, captions, table notes, row labels):
//!
//! | form | meaning |
//! |---|---|
//! | `{name}` | a figure, formatted for the edition's language |
//! | `{@sec:id}`, `{@tbl:id}`, `{@fig:id}` | a cross-reference: "Figure 2" / «شکل ۲» with the real number, as an internal link (prose only) |
//! | `{cite:source}`, `{cite:source, 7}` | a citation of a declared source, optionally with a paragraph |
//! | `{param.name}` | the run's value of a parameter, formatted for the edition |
//! | `{param.name.label}` | the label of that value in the edition's language |
//! | `[words]{lang=en}` | words in another language than the edition's (Pandoc's span syntax), tagged so in the PDF and the web edition |
//! | `{{`, `}}` | a literal `{`, `}` |
//!
//! Markdown links to `#id` are internal links resolved by the same
//! resolver as cross-references; Markdown footnotes (`[^label]`) are the
//! prose's footnotes ([`crate::prose`]). An unknown figure, id, source or
//! parameter is an error naming the file, line and column.

use dossier_doc::RefKind;

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Figure(String),
    CrossRef(RefKind, String),
    Cite {
        source: String,
        locator: Option<String>,
    },
    Param(String),
    /// Words in the language `tag`: `[Kennedy Amendment]{lang=en}`.
    Lang {
        tag: String,
        text: String,
    },
}

/// A piece with the byte offset of its start in the text.
pub type Placed = (Piece, usize);

/// Splits `text` into pieces. Errors give the byte offset of the fault.
pub fn pieces(text: &str) -> Result<Vec<Placed>, (usize, String)> {
    let mut out: Vec<Placed> = Vec::new();
    let mut plain = String::new();
    let mut plain_at = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            if plain.is_empty() {
                plain_at = i;
            }
            plain.push_str(&rest[..1]);
            i += 2;
            continue;
        }
        if bytes[i] == b'}' {
            return Err((
                i,
                "a `}` without `{`; write `}}` for a literal brace".into(),
            ));
        }
        if bytes[i] != b'{' {
            let c = rest.chars().next().unwrap_or(' ');
            if plain.is_empty() {
                plain_at = i;
            }
            plain.push(c);
            i += c.len_utf8();
            continue;
        }
        let Some(close) = rest.find('}') else {
            return Err((
                i,
                "a `{` without `}`; write `{{` for a literal brace".into(),
            ));
        };
        let inner = rest[1..close].trim();
        if let Some(tag) = inner.strip_prefix("lang=") {
            // The span is the bracketed text just before: `[words]{lang=xx}`.
            let open = plain
                .strip_suffix(']')
                .and_then(|p| p.rfind('[').map(|o| (o, p)))
                .filter(|(o, p)| !p[o + 1..].contains(['[', ']']) && *o + 1 < p.len());
            let Some((open, body)) = open else {
                return Err((
                    i,
                    format!("`{{{inner}}}` must follow the words it marks, in brackets: `[words]{{{inner}}}`"),
                ));
            };
            let text = body[open + 1..].to_string();
            let span_at = plain_at + open;
            plain.truncate(open);
            if !plain.is_empty() {
                out.push((Piece::Text(std::mem::take(&mut plain)), plain_at));
            }
            out.push((
                Piece::Lang {
                    tag: tag.trim().to_string(),
                    text,
                },
                span_at,
            ));
            i += close + 1;
            continue;
        }
        if !plain.is_empty() {
            out.push((Piece::Text(std::mem::take(&mut plain)), plain_at));
        }
        out.push((piece(inner).map_err(|m| (i, m))?, i));
        i += close + 1;
    }
    if !plain.is_empty() {
        out.push((Piece::Text(plain), plain_at));
    }
    Ok(out)
}

fn piece(inner: &str) -> Result<Piece, String> {
    if inner.is_empty() {
        return Err("an empty reference `{}`; write `{{}}` for literal braces".into());
    }
    if let Some(r) = inner.strip_prefix('@') {
        let (kind, id) = r.split_once(':').ok_or_else(|| {
            format!("cross-reference `{{{inner}}}` needs a kind: `{{@sec:id}}`, `{{@tbl:id}}` or `{{@fig:id}}`")
        })?;
        let kind = RefKind::from_prefix(kind.trim()).ok_or_else(|| {
            format!(
                "unknown cross-reference kind `{kind}` in `{{{inner}}}`; expected sec, tbl or fig"
            )
        })?;
        return Ok(Piece::CrossRef(kind, id.trim().to_string()));
    }
    if let Some(c) = inner.strip_prefix("cite:") {
        let (source, locator) = match c.split_once(',') {
            Some((s, l)) => (s.trim(), Some(l.trim().to_string())),
            None => (c.trim(), None),
        };
        if source.is_empty() {
            return Err("a citation `{cite:…}` needs the name of a declared source".into());
        }
        return Ok(Piece::Cite {
            source: source.to_string(),
            locator,
        });
    }
    if let Some(p) = inner.strip_prefix("param.") {
        return Ok(Piece::Param(p.to_string()));
    }
    if inner.chars().any(|c| c.is_whitespace() || c == '{') {
        return Err(format!(
            "`{{{inner}}}` is not a reference; write `{{{{` and `}}}}` for literal braces"
        ));
    }
    Ok(Piece::Figure(inner.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_reference() {
        let p = pieces("a {x.1} b {@tbl:t} {cite:src, 7} {cite:s} {param.y} {{lit}}").unwrap();
        let kinds: Vec<&Piece> = p.iter().map(|(p, _)| p).collect();
        assert_eq!(kinds[1], &Piece::Figure("x.1".into()));
        assert_eq!(kinds[3], &Piece::CrossRef(RefKind::Table, "t".into()));
        assert_eq!(
            kinds[5],
            &Piece::Cite {
                source: "src".into(),
                locator: Some("7".into())
            }
        );
        assert_eq!(kinds[9], &Piece::Param("y".into()));
        assert_eq!(kinds[10], &Piece::Text(" {lit}".into()));
        assert_eq!(p[1].1, 2);
    }

    #[test]
    fn spans_in_another_language() {
        let p = pieces("قانون [Kennedy Amendment]{lang=en} و {x}").unwrap();
        assert_eq!(p[0].0, Piece::Text("قانون ".into()));
        assert_eq!(
            p[1],
            (
                Piece::Lang {
                    tag: "en".into(),
                    text: "Kennedy Amendment".into()
                },
                "قانون ".len()
            )
        );
        assert_eq!(p[2].0, Piece::Text(" و ".into()));
        assert!(pieces("no brackets {lang=en}")
            .unwrap_err()
            .1
            .contains("[words]{lang=en}"));
        assert!(pieces("[]{lang=en}").is_err());
    }

    #[test]
    fn bad_references_give_their_offset() {
        assert_eq!(pieces("ab {x").unwrap_err().0, 3);
        assert!(pieces("{@eq:1}").unwrap_err().1.contains("sec, tbl or fig"));
        assert!(pieces("a } b").is_err());
        assert!(pieces("{}").is_err());
    }
}
