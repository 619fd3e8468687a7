//! Message files: one TOML file per language, checked against the ids of
//! [`Label`] and [`Message`] when it loads, with errors that point into
//! the file.
//!
//! ```toml
//! table = "Table"
//! page-of = "Page {page} of {pages}"
//! source-note-paragraphs = { one = "Source: {source}, paragraph {paragraphs}", other = "Source: {source}, paragraphs {paragraphs}" }
//! ```
//!
//! `{name}` is an argument, `{{` and `}}` are literal braces. A message
//! that takes `count` may be a table of forms: CLDR's plural categories
//! of the language (`zero`, `one`, `two`, `few`, `many`, `other`) and
//! exact values (`"=0"`); `other` is required and is the fallback.

use icu_plurals::PluralCategory;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::{CatalogueError, CatalogueErrorKind};
use crate::messages::{Label, Message};

/// A piece of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Text(String),
    /// The argument at this index of [`Message::arguments`].
    Argument(usize),
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pattern(pub Vec<Segment>);

impl Pattern {
    /// The text of a pattern without arguments.
    fn plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.as_str(),
                Segment::Argument(_) => "",
            })
            .collect()
    }

    /// The literal text of the pattern (for font coverage).
    pub(crate) fn literal_text(&self) -> String {
        self.plain()
    }

    fn uses(&self, index: usize) -> bool {
        self.0.contains(&Segment::Argument(index))
    }
}

/// A message's forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Forms {
    /// Exact values (`"=0"`), as written after the `=`.
    pub exact: Vec<(String, Pattern)>,
    /// By plural category; `other` is always there.
    pub categories: Vec<(PluralCategory, Pattern)>,
}

impl Forms {
    /// The form for a count written `exact` (trimmed, ASCII digits) in
    /// `category`, falling back to `other`.
    pub(crate) fn select(&self, exact: Option<&str>, category: PluralCategory) -> &Pattern {
        if let Some(e) = exact {
            if let Some((_, p)) = self.exact.iter().find(|(v, _)| v == e) {
                return p;
            }
        }
        self.categories
            .iter()
            .find(|(c, _)| *c == category)
            .or_else(|| {
                self.categories
                    .iter()
                    .find(|(c, _)| *c == PluralCategory::Other)
            })
            .map(|(_, p)| p)
            // `other` is checked to be there when the file loads.
            .unwrap_or(&EMPTY)
    }

    pub(crate) fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.exact
            .iter()
            .map(|(_, p)| p)
            .chain(self.categories.iter().map(|(_, p)| p))
    }
}

static EMPTY: Pattern = Pattern(Vec::new());

/// Every text of one language, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    file: String,
    labels: Vec<String>,
    messages: Vec<Forms>,
}

impl Catalogue {
    /// Parses the message file `file` (named in errors) of `language`,
    /// whose plural categories are `categories`.
    pub fn parse(
        file: &str,
        language: &str,
        text: &str,
        categories: &[PluralCategory],
    ) -> Result<Catalogue, CatalogueError> {
        let err = |span: Option<std::ops::Range<usize>>, kind| {
            let (line, column) = span.map(|s| position(text, s.start)).unwrap_or((0, 0));
            CatalogueError {
                file: file.to_string(),
                line,
                column,
                kind,
            }
        };
        let table = DeTable::parse(text)
            .map_err(|e| err(e.span(), CatalogueErrorKind::Toml(e.message().to_string())))?;
        let mut labels: Vec<Option<String>> = vec![None; Label::ALL.len()];
        let mut messages: Vec<Option<Forms>> = vec![None; Message::ALL.len()];
        for (key, value) in table.get_ref() {
            let id = key.get_ref().as_ref();
            let key_span = Some(key.span());
            if let Some(i) = Label::ALL.iter().position(|l| l.id() == id) {
                let label = Label::ALL[i];
                let DeValue::String(s) = value.get_ref() else {
                    return Err(err(
                        key_span,
                        CatalogueErrorKind::NotText { id: label.id() },
                    ));
                };
                let pattern = parse_pattern(s, label.id(), &[])
                    .map_err(|kind| err(Some(value.span()), kind))?;
                labels[i] = Some(pattern.plain());
            } else if let Some(i) = Message::ALL.iter().position(|m| m.id() == id) {
                let forms = parse_forms(Message::ALL[i], value, categories)
                    .map_err(|(span, kind)| err(Some(span), kind))?;
                messages[i] = Some(forms);
            } else {
                let suggestion = Label::ALL
                    .iter()
                    .map(|l| l.id())
                    .chain(Message::ALL.iter().map(|m| m.id()))
                    .map(|known| (strsim::jaro_winkler(id, known), known))
                    .filter(|(score, _)| *score > 0.85)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, known)| known);
                return Err(err(
                    key_span,
                    CatalogueErrorKind::Unknown {
                        id: id.to_string(),
                        suggestion,
                    },
                ));
            }
        }
        let missing = |id: &'static str, expected: String| {
            err(
                None,
                CatalogueErrorKind::Missing {
                    language: language.to_string(),
                    id,
                    expected,
                },
            )
        };
        let labels = labels
            .into_iter()
            .zip(Label::ALL)
            .map(|(l, label)| l.ok_or_else(|| missing(label.id(), "a string".to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let messages = messages
            .into_iter()
            .zip(Message::ALL)
            .map(|(m, message)| {
                m.ok_or_else(|| {
                    let args: Vec<String> = message
                        .arguments()
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect();
                    missing(message.id(), format!("a string with {}", args.join(", ")))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalogue {
            file: file.to_string(),
            labels,
            messages,
        })
    }

    /// The file it was read from, as `messages/<tag>.toml`.
    pub fn file(&self) -> &str {
        &self.file
    }

    pub(crate) fn label(&self, label: Label) -> &str {
        // Every label is there once the file has loaded.
        self.labels
            .get(label as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub(crate) fn forms(&self, message: Message) -> Option<&Forms> {
        self.messages.get(message as usize)
    }

    /// Every label with its id, in the order of [`Label::ALL`].
    pub(crate) fn labels(&self) -> impl Iterator<Item = (Label, &str)> {
        Label::ALL
            .iter()
            .copied()
            .zip(self.labels.iter().map(String::as_str))
    }

    /// Every message with its forms, in the order of [`Message::ALL`].
    pub(crate) fn messages(&self) -> impl Iterator<Item = (Message, &Forms)> {
        Message::ALL.iter().copied().zip(self.messages.iter())
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[start..].chars().count() + 1)
}

fn parse_forms(
    message: Message,
    value: &Spanned<DeValue<'_>>,
    categories: &[PluralCategory],
) -> Result<Forms, (std::ops::Range<usize>, CatalogueErrorKind)> {
    let id = message.id();
    let args = message.arguments();
    let unknown = |form: &Spanned<toml::de::DeString<'_>>| {
        let mut names: Vec<&str> = categories.iter().map(|c| category_name(*c)).collect();
        if !names.contains(&"other") {
            names.push("other");
        }
        (
            form.span(),
            CatalogueErrorKind::UnknownForm {
                id,
                form: form.get_ref().to_string(),
                forms: names.join(", "),
            },
        )
    };
    let mut forms = Forms {
        exact: Vec::new(),
        categories: Vec::new(),
    };
    match value.get_ref() {
        DeValue::String(s) => {
            let p = parse_pattern(s, id, args).map_err(|k| (value.span(), k))?;
            forms.categories.push((PluralCategory::Other, p));
        }
        DeValue::Table(table) if args.contains(&"count") => {
            for (form, pattern) in table {
                let name = form.get_ref().as_ref();
                let DeValue::String(s) = pattern.get_ref() else {
                    return Err((pattern.span(), CatalogueErrorKind::NotPlural { id }));
                };
                let p = parse_pattern(s, id, args).map_err(|k| (pattern.span(), k))?;
                if let Some(exact) = name.strip_prefix('=') {
                    // Written as the count's plain digits: `=007` is `7`.
                    let Some(value) = exact
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| exact.parse::<u64>().ok())
                        .flatten()
                    else {
                        return Err(unknown(form));
                    };
                    forms.exact.push((value.to_string(), p));
                    continue;
                }
                let category = PluralCategory::get_for_cldr_string(name)
                    .filter(|c| categories.contains(c) || *c == PluralCategory::Other)
                    .ok_or_else(|| unknown(form))?;
                forms.categories.push((category, p));
            }
            if !forms
                .categories
                .iter()
                .any(|(c, _)| *c == PluralCategory::Other)
            {
                return Err((value.span(), CatalogueErrorKind::NoOther { id }));
            }
        }
        DeValue::Table(_) => return Err((value.span(), CatalogueErrorKind::NotText { id })),
        _ if args.contains(&"count") => {
            return Err((value.span(), CatalogueErrorKind::NotPlural { id }))
        }
        _ => return Err((value.span(), CatalogueErrorKind::NotText { id })),
    }
    // Every argument but `count` appears in every form: a form that drops
    // one would drop part of what the text says.
    for pattern in forms.patterns() {
        for (i, name) in args.iter().enumerate() {
            if *name != "count" && !pattern.uses(i) {
                return Err((
                    value.span(),
                    CatalogueErrorKind::UnusedPlaceholder { id, name },
                ));
            }
        }
    }
    Ok(forms)
}

/// CLDR's name of a plural category.
fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Parses `{name}` arguments and `{{`/`}}` escapes.
fn parse_pattern(
    text: &str,
    id: &'static str,
    args: &'static [&'static str],
) -> Result<Pattern, CatalogueErrorKind> {
    let problem = |p: &str| CatalogueErrorKind::Pattern {
        id,
        problem: p.to_string(),
    };
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => return Err(problem("a `}` without its `{` (write `}}` for a brace)")),
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) if c.is_ascii_alphanumeric() || c == '-' || c == '_' => {
                            name.push(c)
                        }
                        _ => return Err(problem("a `{` without its `}` (write `{{` for a brace)")),
                    }
                }
                let Some(index) = args.iter().position(|a| *a == name) else {
                    return Err(CatalogueErrorKind::UnknownPlaceholder {
                        id,
                        name,
                        takes: if args.is_empty() {
                            "no arguments".to_string()
                        } else {
                            args.iter()
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    });
                };
                if !literal.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut literal)));
                }
                segments.push(Segment::Argument(index));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Text(literal));
    }
    Ok(Pattern(segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../messages/en.toml");

    fn en_categories() -> Vec<PluralCategory> {
        vec![PluralCategory::One, PluralCategory::Other]
    }

    fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        Catalogue::parse("messages/xx.toml", "xx", text, &en_categories())
    }

    /// The English file with one line replaced.
    fn en_with(id: &str, line: Option<&str>) -> String {
        EN.lines()
            .filter_map(|l| {
                if l.starts_with(&format!("{id} =")) {
                    line
                } else {
                    Some(l)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_missing_message_names_the_language_and_the_id() {
        let e = parse(&en_with("page-of", None)).unwrap_err();
        assert_eq!(
            e.kind,
            CatalogueErrorKind::Missing {
                language: "xx".into(),
                id: "page-of",
                expected: "a string with {page}, {pages}".into(),
            }
        );
        assert_eq!(
            e.to_string(),
            "messages/xx.toml: language `xx` has no message `page-of` (expected a string with {page}, {pages})"
        );
        let e = parse(&en_with("contents", None)).unwrap_err();
        assert!(e.to_string().contains("has no message `contents`"), "{e}");
    }

    #[test]
    fn an_unknown_message_is_refused_where_it_stands() {
        let text = en_with("page-of", Some("page-off = \"Page {page} of {pages}\""));
        let e = parse(&text).unwrap_err();
        let line = text
            .lines()
            .position(|l| l.starts_with("page-off"))
            .unwrap()
            + 1;
        assert_eq!((e.line, e.column), (line, 1));
        assert_eq!(
            e.kind,
            CatalogueErrorKind::Unknown {
                id: "page-off".into(),
                suggestion: Some("page-of")
            }
        );
    }

    #[test]
    fn placeholders_are_checked() {
        let e = parse(&en_with(
            "page-of",
            Some("page-of = \"Page {pgae} of {pages}\""),
        ))
        .unwrap_err();
        assert!(
            matches!(e.kind, CatalogueErrorKind::UnknownPlaceholder { ref name, .. } if name == "pgae"),
            "{e}"
        );
        let e = parse(&en_with("page-of", Some("page-of = \"Page {page}\""))).unwrap_err();
        assert_eq!(
            e.kind,
            CatalogueErrorKind::UnusedPlaceholder {
                id: "page-of",
                name: "pages"
            }
        );
        let e = parse(&en_with("contents", Some("contents = \"Con{tents\""))).unwrap_err();
        assert!(matches!(e.kind, CatalogueErrorKind::Pattern { .. }), "{e}");
        let e = parse(&en_with("contents", Some("contents = \"{page}\""))).unwrap_err();
        assert!(e.to_string().contains("it takes no arguments"), "{e}");
    }

    #[test]
    fn plural_forms_are_checked() {
        let line = |v: &str| en_with("provenance-note", Some(&format!("provenance-note = {v}")));
        let e = parse(&line("{ one = \"Document {documents}\" }")).unwrap_err();
        assert_eq!(
            e.kind,
            CatalogueErrorKind::NoOther {
                id: "provenance-note"
            }
        );
        let e = parse(&line("{ few = \"{documents}\", other = \"{documents}\" }")).unwrap_err();
        assert!(
            matches!(e.kind, CatalogueErrorKind::UnknownForm { ref form, .. } if form == "few"),
            "{e}"
        );
        let e = parse(&line(
            "{ \"=x\" = \"{documents}\", other = \"{documents}\" }",
        ))
        .unwrap_err();
        assert!(
            matches!(e.kind, CatalogueErrorKind::UnknownForm { .. }),
            "{e}"
        );
        let e = parse(&line("[\"{documents}\"]")).unwrap_err();
        assert_eq!(
            e.kind,
            CatalogueErrorKind::NotPlural {
                id: "provenance-note"
            }
        );
        // A message without `count` has one form.
        let e = parse(&en_with(
            "page-of",
            Some("page-of = { other = \"{page} {pages}\" }"),
        ))
        .unwrap_err();
        assert_eq!(e.kind, CatalogueErrorKind::NotText { id: "page-of" });
    }

    #[test]
    fn plural_selection_falls_back_to_other() {
        let c = parse(&en_with(
            "provenance-note",
            Some("provenance-note = { \"=0\" = \"none {documents}\", one = \"one {documents}\", other = \"many {documents}\" }"),
        ))
        .unwrap();
        let forms = c.forms(Message::ProvenanceNote).unwrap();
        let text = |p: &Pattern| p.literal_text();
        assert_eq!(
            text(forms.select(Some("0"), PluralCategory::Other)),
            "none "
        );
        assert_eq!(text(forms.select(Some("1"), PluralCategory::One)), "one ");
        assert_eq!(text(forms.select(Some("7"), PluralCategory::Few)), "many ");
    }

    #[test]
    fn toml_errors_have_a_place() {
        let e = parse("contents = \"Contents\"\ntable = \n").unwrap_err();
        assert!(matches!(e.kind, CatalogueErrorKind::Toml(_)));
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn braces_can_be_written() {
        let p = parse_pattern("{{x}} {page}", "page-of", &["page"]).unwrap();
        assert_eq!(
            p.0,
            vec![Segment::Text("{x} ".into()), Segment::Argument(0)]
        );
        assert!(parse_pattern("}", "t", &[]).is_err());
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\nجدول = x", 3 + "جدول".len()), (2, 5));
        assert_eq!(position("x", 0), (1, 1));
    }
}
