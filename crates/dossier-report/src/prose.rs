//! Prose files: a small, strict subset of Markdown (paragraphs, bullet and
//! numbered lists, bold, italic, links, footnotes) with the references of
//! the one grammar ([`crate::refs`]) resolved for the edition.
//!
//! Footnotes are Markdown's: `[^label]` where the note belongs and
//! `[^label]: text` anywhere in the file. Labels are scoped to their file
//! (two files may both use `[^1]`); the document numbers the notes
//! continuously. A link to `#id` is an internal link to a block of the
//! report. Anything outside the subset, an unknown footnote label, and an
//! unknown figure, id, source or parameter are errors naming the file,
//! line and column, so that a report never silently drops content.
//!
//! Links may lead to web pages (`https`, `http`), mail addresses
//! (`mailto`) or a block of the document (`#id`); anything else is an
//! error naming the line (see [`dossier_core::check_link`]). So is a
//! character text may not hold (see [`crate::characters`]).

use std::collections::BTreeMap;
use std::path::Path;

use dossier_canvas::Weight;
use dossier_core::check_link;
use dossier_doc::{Inline, Link, RichText, Span};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::characters;
use crate::error::{locate, ReportError};
use crate::resolve::Resolver;

/// A block of prose.
#[derive(Debug, Clone, PartialEq)]
pub enum ProseBlock {
    Paragraph(RichText),
    List { ordered: bool, items: Vec<RichText> },
}

struct Builder<'a, 'r> {
    resolver: &'a Resolver<'r>,
    text: &'a str,
    path: &'a Path,
    current: RichText,
    pending: String,
    pending_at: usize,
    bold: u32,
    italic: u32,
    link: Option<Link>,
}

impl Builder<'_, '_> {
    fn error(&self, offset: usize, message: String) -> ReportError {
        let (line, column) = locate(self.text, offset);
        ReportError::Prose {
            path: self.path.to_path_buf(),
            line,
            column,
            message,
        }
    }

    fn style(&self) -> Span {
        Span {
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.link.clone(),
            ..Span::default()
        }
    }

    /// A character of `t` (at byte `at` of the file) that text may not
    /// hold, as an error at its line and column.
    fn refuse_characters(&self, t: &str, at: usize) -> Result<(), ReportError> {
        let weight = if self.bold > 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        match characters::refusal(t, true, weight) {
            None => Ok(()),
            Some((offset, message)) => {
                // An entity (`&#x10FFFF;`) is found at its start.
                let written = self.text.get(at..).unwrap_or("");
                let ch = t[offset..].chars().next().unwrap_or(' ');
                let at = written
                    .find(ch)
                    .filter(|&i| i <= offset + 16)
                    .map_or(at, |i| at + i);
                let (line, column) = locate(self.text, at);
                Err(ReportError::Character {
                    path: self.path.to_path_buf(),
                    line,
                    column,
                    message,
                })
            }
        }
    }

    fn push_text(&mut self, t: &str, at: usize) {
        if self.pending.is_empty() {
            self.pending_at = at;
        }
        self.pending.push_str(t);
    }

    /// Resolves the text gathered so far in the current style.
    fn flush(&mut self) -> Result<(), ReportError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = std::mem::take(&mut self.pending);
        // Markdown leaves a footnote reference without its note as text:
        // it is an error, not a literal `[^label]`.
        if let Some(i) = text.find("[^") {
            let label = text[i + 2..].split(']').next().unwrap_or("");
            return Err(self.error(
                self.pending_at + i,
                format!(
                    "the footnote `[^{label}]` has no note in this file (write `[^{label}]: …`)"
                ),
            ));
        }
        let style = self.style();
        let inlines = self
            .resolver
            .inlines(&text, &style)
            .map_err(|(at, m)| self.error(self.pending_at + at, m))?;
        self.current.extend(inlines);
        Ok(())
    }

    fn take(&mut self) -> Result<RichText, ReportError> {
        self.flush()?;
        Ok(std::mem::take(&mut self.current))
    }

    /// Handles an inline event; `false` when it is not one.
    fn inline(&mut self, event: &Event<'_>, at: usize) -> Result<bool, ReportError> {
        match event {
            Event::Text(t) => {
                self.refuse_characters(t, at)?;
                self.push_text(t, at)
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", at),
            Event::Start(Tag::Strong) => {
                self.flush()?;
                self.bold += 1
            }
            Event::End(TagEnd::Strong) => {
                self.flush()?;
                self.bold = self.bold.saturating_sub(1)
            }
            Event::Start(Tag::Emphasis) => {
                self.flush()?;
                self.italic += 1
            }
            Event::End(TagEnd::Emphasis) => {
                self.flush()?;
                self.italic = self.italic.saturating_sub(1)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                self.flush()?;
                let dest = if *link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let link = match check_link(&dest) {
                    Ok(dossier_core::Link::Anchor(id)) => {
                        let target = self
                            .resolver
                            .target(None, id)
                            .map_err(|m| self.error(at, format!("link to `#{id}`: {m}")))?;
                        Link::Internal(target)
                    }
                    Ok(dossier_core::Link::Web(uri) | dossier_core::Link::Mail(uri)) => {
                        Link::External(uri.to_string())
                    }
                    Err(e) => return Err(self.error(at, format!("link `{}`: {e}", shown(&dest)))),
                };
                self.link = Some(link);
            }
            Event::End(TagEnd::Link) => {
                self.flush()?;
                self.link = None
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn shown(dest: &str) -> String {
    let mut out: String = dest
        .chars()
        .take(200)
        .flat_map(|c| {
            if c == ' ' || c.is_alphanumeric() || c.is_ascii_punctuation() {
                vec![c]
            } else {
                c.escape_unicode().collect()
            }
        })
        .collect();
    if dest.chars().count() > 200 {
        out.push('…');
    }
    out
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

/// Parses the Markdown `text` read from `path`, resolving its references
/// with `resolver`.
pub fn parse(
    text: &str,
    path: &Path,
    resolver: &Resolver<'_>,
) -> Result<Vec<ProseBlock>, ReportError> {
    Ok(parse_lines(text, path, resolver)?
        .into_iter()
        .map(|(_, block)| block)
        .collect())
}

/// As [`parse`], with the 1-based line each block starts on.
pub fn parse_lines(
    text: &str,
    path: &Path,
    resolver: &Resolver<'_>,
) -> Result<Vec<(usize, ProseBlock)>, ReportError> {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(text, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .collect();
    let new = || Builder {
        resolver,
        text,
        path,
        current: Vec::new(),
        pending: String::new(),
        pending_at: 0,
        bold: 0,
        italic: 0,
        link: None,
    };
    // First the notes, so that a reference may come before its note.
    let mut notes: BTreeMap<String, RichText> = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::FootnoteDefinition(label)), range) = &events[i] {
            let mut b = new();
            let mut note = RichText::new();
            i += 1;
            while i < events.len() {
                let (event, range) = &events[i];
                match event {
                    Event::End(TagEnd::FootnoteDefinition) => break,
                    Event::Start(Tag::Paragraph) => {}
                    Event::End(TagEnd::Paragraph) => {
                        if !note.is_empty() {
                            note.push(Inline::plain(" "));
                        }
                        note.extend(b.take()?);
                    }
                    Event::FootnoteReference(_) => {
                        return Err(b.error(
                            range.start,
                            "a footnote cannot hold another footnote".into(),
                        ))
                    }
                    other => {
                        if !b.inline(other, range.start)? {
                            return Err(b.error(
                                range.start,
                                format!("unsupported Markdown in a footnote ({})", describe(other)),
                            ));
                        }
                    }
                }
                i += 1;
            }
            if notes.insert(label.to_string(), note).is_some() {
                return Err(new().error(
                    range.start,
                    format!("the footnote `[^{label}]` is defined twice"),
                ));
            }
        }
        i += 1;
    }
    let mut b = new();
    let mut blocks = Vec::new();
    let mut list: Option<(bool, Vec<RichText>)> = None;
    let mut in_note = false;
    let mut line = 0;
    for (event, range) in &events {
        if in_note {
            in_note = !matches!(event, Event::End(TagEnd::FootnoteDefinition));
            continue;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note = true,
            Event::Start(Tag::Paragraph) => {
                if list.is_none() {
                    line = locate(text, range.start).0;
                }
            }
            Event::Start(Tag::Item) => {}
            Event::End(TagEnd::Paragraph) => {
                if list.is_none() {
                    blocks.push((line, ProseBlock::Paragraph(b.take()?)));
                }
            }
            Event::Start(Tag::List(first)) => {
                if list.is_some() {
                    return Err(b.error(range.start, "nested lists are not supported".into()));
                }
                line = locate(text, range.start).0;
                list = Some((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::Item) => {
                let item = b.take()?;
                if let Some((_, items)) = list.as_mut() {
                    items.push(item);
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = list.take() {
                    blocks.push((line, ProseBlock::List { ordered, items }));
                }
            }
            Event::FootnoteReference(label) => {
                b.flush()?;
                let note = notes.get(label.as_ref()).ok_or_else(|| {
                    let known: Vec<&str> = notes.keys().map(String::as_str).collect();
                    let hint = dossier_core::closest(label, known.iter().copied())
                        .map(|c| format!("; did you mean `[^{c}]`?"))
                        .unwrap_or_default();
                    b.error(
                        range.start,
                        format!("the footnote `[^{label}]` has no note in this file{hint}"),
                    )
                })?;
                b.current.push(Inline::footnote(note.clone()));
            }
            other => {
                if !b.inline(other, range.start)? {
                    return Err(b.error(
                        range.start,
                        format!(
                            "unsupported Markdown ({}); prose may use paragraphs, lists, **bold**, *italic*, links and footnotes",
                            describe(other)
                        ),
                    ));
                }
            }
        }
    }
    Ok(blocks)
}
