//! Prose files: a small, strict subset of Markdown (paragraphs, bullet and
//! numbered lists, bold, italic, links) with `{figure}` references that are
//! replaced by figures computed from the data, formatted for the language.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::error::{locate, ReportError};

/// A piece of inline text with its emphasis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
}

/// A block of prose.
#[derive(Debug, Clone, PartialEq)]
pub enum ProseBlock {
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// Parses Markdown `text` read from `path`, replacing `{name}` with
/// `figures[name]`. Anything outside the supported subset is an error that
/// names the line, so that a report never silently drops content.
pub fn parse(
    text: &str,
    path: &Path,
    figures: &BTreeMap<String, String>,
) -> Result<Vec<ProseBlock>, ReportError> {
    let err = |offset: usize, message: String| ReportError::Prose {
        path: path.to_path_buf(),
        line: locate(text, offset).0,
        message,
    };
    let mut blocks = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut link: Option<String> = None;

    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {}
            Event::End(TagEnd::Paragraph) => {
                if list.is_none() {
                    blocks.push(ProseBlock::Paragraph(std::mem::take(&mut current)));
                }
            }
            Event::Start(Tag::List(first)) => {
                if list.is_some() {
                    return Err(err(range.start, "nested lists are not supported".into()));
                }
                list = Some((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::Item) => {
                if let Some((_, items)) = list.as_mut() {
                    items.push(std::mem::take(&mut current));
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = list.take() {
                    blocks.push(ProseBlock::List { ordered, items });
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Text(t) => {
                let text = substitute(&t, figures)
                    .map_err(|name| err(range.start, format!("unknown figure `{{{name}}}`; known figures: {}", known(figures))))?;
                current.push(Inline {
                    text,
                    bold: bold > 0,
                    italic: italic > 0,
                    link: link.clone(),
                });
            }
            Event::SoftBreak | Event::HardBreak => current.push(Inline {
                text: " ".into(),
                bold: bold > 0,
                italic: italic > 0,
                link: link.clone(),
            }),
            other => {
                return Err(err(
                    range.start,
                    format!(
                        "unsupported Markdown ({}); prose may use paragraphs, lists, **bold**, *italic* and links",
                        describe(&other)
                    ),
                ))
            }
        }
    }
    Ok(blocks)
}

fn known(figures: &BTreeMap<String, String>) -> String {
    let names: Vec<&str> = figures.keys().map(String::as_str).collect();
    names.join(", ")
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Start(tag) => format!("{tag:?}")
            .split(['(', ' ', '{'])
            .next()
            .unwrap_or("element")
            .to_lowercase(),
        Event::Code(_) => "inline code".into(),
        Event::Html(_) | Event::InlineHtml(_) => "HTML".into(),
        Event::Rule => "horizontal rule".into(),
        _ => "element".into(),
    }
}

/// Replaces every `{name}` by its figure; returns the unknown name on failure.
fn substitute(text: &str, figures: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(after.to_string());
        };
        let name = &after[..close];
        match figures.get(name) {
            Some(value) => out.push_str(value),
            None => return Err(name.to_string()),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs() -> BTreeMap<String, String> {
        BTreeMap::from([("exports.1995".to_string(), "2,375".to_string())])
    }

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let md = "First **bold** {exports.1995}.\n\n- one\n- *two*\n";
        let blocks = parse(md, Path::new("p.md"), &figs()).unwrap();
        assert_eq!(blocks.len(), 2);
        let ProseBlock::Paragraph(p) = &blocks[0] else {
            panic!("paragraph expected")
        };
        assert!(p.iter().any(|i| i.bold && i.text == "bold"));
        assert!(p.iter().any(|i| i.text.contains("2,375")));
        let ProseBlock::List { ordered, items } = &blocks[1] else {
            panic!("list expected")
        };
        assert!(!ordered);
        assert_eq!(items.len(), 2);
        assert!(items[1][0].italic);
    }

    #[test]
    fn unknown_figure_names_the_line() {
        let e = parse("ok\n\nbad {nope}\n", Path::new("p.md"), &figs()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("p.md:3:"), "{msg}");
        assert!(msg.contains("unknown figure `{nope}`"), "{msg}");
    }

    #[test]
    fn unsupported_markdown_is_an_error() {
        let e = parse("# Heading\n", Path::new("p.md"), &figs()).unwrap_err();
        assert!(
            e.to_string()
                .contains("p.md:1: unsupported Markdown (heading)"),
            "{e}"
        );
        let e = parse("text\n\n```\ncode\n```\n", Path::new("p.md"), &figs()).unwrap_err();
        assert!(e.to_string().contains("p.md:3:"), "{e}");
    }
}
