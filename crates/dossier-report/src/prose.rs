//! Prose files: a small, strict subset of Markdown (paragraphs, bullet and
//! numbered lists, bold, italic, links) with `{figure}` references that are
//! replaced by figures computed from the data, formatted for the language.
//!
//! Links may lead to web pages (`https`, `http`), mail addresses
//! (`mailto`) or a section of the document (`#id`); anything else, and an
//! `#id` no section has, is an error naming the line (see
//! [`dossier_core::check_link`] and [`crate::resolve`]). So is a character
//! text may not hold (see [`crate::characters`]).

use std::path::Path;

use dossier_canvas::Weight;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::characters;
use crate::error::{locate, ReportError};
use crate::resolve::Resolver;

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

/// Parses Markdown `text` read from `path`, replacing `{name}` with the
/// figure `resolver` gives and checking every link against it. Anything
/// outside the supported subset is an error that names the line, so that a
/// report never silently drops content.
pub fn parse(text: &str, path: &Path, resolver: &Resolver) -> Result<Vec<ProseBlock>, ReportError> {
    Ok(parse_lines(text, path, resolver)?
        .into_iter()
        .map(|(_, block)| block)
        .collect())
}

/// As [`parse`], with the 1-based line each block starts on.
pub fn parse_lines(
    text: &str,
    path: &Path,
    resolver: &Resolver,
) -> Result<Vec<(usize, ProseBlock)>, ReportError> {
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
    let mut line = 0;

    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                if list.is_none() {
                    line = locate(text, range.start).0;
                }
            }
            Event::Start(Tag::Item) => {}
            Event::End(TagEnd::Paragraph) => {
                if list.is_none() {
                    blocks.push((line, ProseBlock::Paragraph(std::mem::take(&mut current))));
                }
            }
            Event::Start(Tag::List(first)) => {
                if list.is_some() {
                    return Err(err(range.start, "nested lists are not supported".into()));
                }
                line = locate(text, range.start).0;
                list = Some((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::Item) => {
                if let Some((_, items)) = list.as_mut() {
                    items.push(std::mem::take(&mut current));
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = list.take() {
                    blocks.push((line, ProseBlock::List { ordered, items }));
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                link = Some(resolver.link(&dest).map_err(|m| err(range.start, m))?);
            }
            Event::End(TagEnd::Link) => link = None,
            Event::Text(t) => {
                let weight = if bold > 0 { Weight::Bold } else { Weight::Regular };
                if let Some((offset, message)) = characters::refusal(&t, true, weight) {
                    let at = (range.start + offset).min(range.end.saturating_sub(1));
                    let (line, column) = locate(text, at);
                    return Err(ReportError::Character {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message,
                    });
                }
                let text = substitute(&t, resolver).map_err(|name| {
                    err(
                        range.start,
                        format!(
                            "unknown figure `{{{name}}}`; known figures: {}",
                            resolver.figure_names()
                        ),
                    )
                })?;
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
fn substitute(text: &str, resolver: &Resolver) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(after.to_string());
        };
        let name = &after[..close];
        match resolver.figure(name) {
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
    use std::collections::BTreeMap;

    fn parse_with(md: &str) -> Result<Vec<ProseBlock>, ReportError> {
        let figures = BTreeMap::from([("exports.1995".to_string(), "2,375".to_string())]);
        let resolver = Resolver::new(&figures, ["trade".to_string()]);
        parse(md, Path::new("p.md"), &resolver)
    }

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let md = "First **bold** {exports.1995}.\n\n- one\n- *two*\n";
        let blocks = parse_with(md).unwrap();
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
        let e = parse_with("ok\n\nbad {nope}\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("p.md:3:"), "{msg}");
        assert!(msg.contains("unknown figure `{nope}`"), "{msg}");
    }

    #[test]
    fn unsupported_markdown_is_an_error() {
        let e = parse_with("# Heading\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("p.md:1: unsupported Markdown (heading)"),
            "{e}"
        );
        let e = parse_with("text\n\n```\ncode\n```\n").unwrap_err();
        assert!(e.to_string().contains("p.md:3:"), "{e}");
    }

    #[test]
    fn links_are_checked() {
        let blocks =
            parse_with("See [the data](https://example.org/x) and [trade](#trade).\n").unwrap();
        let ProseBlock::Paragraph(p) = &blocks[0] else {
            panic!("paragraph expected")
        };
        let links: Vec<&str> = p.iter().filter_map(|i| i.link.as_deref()).collect();
        assert_eq!(links, ["https://example.org/x", "#trade"]);
        let blocks = parse_with("Write to <a@example.org>.\n").unwrap();
        let ProseBlock::Paragraph(p) = &blocks[0] else {
            panic!("paragraph expected")
        };
        assert!(p
            .iter()
            .any(|i| i.link.as_deref() == Some("mailto:a@example.org")));
        for (md, line, why) in [
            ("ok\n\n[x](javascript:alert(1))\n", 3, "scheme `javascript`"),
            ("[x](file:///etc/passwd)\n", 1, "scheme `file`"),
            ("[x](data:text/html,hi)\n", 1, "scheme `data`"),
            ("a\nb [x](other.md)\n", 2, "relative links"),
            ("[x](HTTPS://example.org)\n", 1, "scheme `HTTPS`"),
            ("[x](<java script:x>)\n", 1, "U+0020"),
            ("[x](java&#115;cript:alert(1))\n", 1, "scheme `javascript`"),
            ("<javascript:alert(1)>\n", 1, "scheme `javascript`"),
            ("[x][r]\n\n[r]: vbscript:msgbox\n", 1, "scheme `vbscript`"),
            ("\n[x](#nowhere)\n", 2, "no section has the id `nowhere`"),
        ] {
            let e = parse_with(md).expect_err(md);
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("p.md:{line}:")), "{md:?}: {msg}");
            assert!(msg.contains(why), "{md:?}: {msg}");
        }
    }

    #[test]
    fn refused_characters_name_their_line() {
        for (md, at, why) in [
            ("ok\n\nbad \u{10FFFF} here\n", "p.md:3:5:", "noncharacter"),
            ("x \u{E000}\n", "p.md:1:3:", "private-use"),
            (
                "\n\n- one\n- two \u{1F600}\n",
                "p.md:4:7:",
                "no embedded font covers U+1F600",
            ),
            ("**bold \u{4E2D}**\n", "p.md:1:8:", "U+4E2D"),
            ("a &#x10FFFF; b\n", "p.md:1:3:", "noncharacter"),
        ] {
            let e = parse_with(md).expect_err(md);
            assert_eq!(e.kind(), "text", "{md:?}");
            let msg = e.to_string();
            assert!(msg.starts_with(at), "{md:?}: {msg}");
            assert!(msg.contains(why), "{md:?}: {msg}");
        }
    }
}
