//! The page around the body: the head (language, direction, the
//! Content-Security-Policy, metadata, style sheet and web fonts), the
//! cover and the table of contents.

use std::fmt::Write;

use dossier_doc::{Block, Document, Index, Span};

use crate::body::{dir_attr, footnote_ref_anchor, BodyWriter};
use crate::escape::text as esc;
use crate::fonts::font_faces;
use crate::style::style_sheet;
use crate::{HtmlError, Options};

/// Forbids scripts, remote loads, frames and forms: the page may only use
/// its own inline style and `data:` fonts and images.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

/// Writes `doc` as one self-contained HTML5 page.
pub fn write(doc: &Document, options: &Options) -> Result<String, HtmlError> {
    let index = doc.index()?;
    check_page_ids(&index)?;
    let mut body = BodyWriter::new(doc, &index);
    cover(&mut body);
    contents(&mut body);
    body.out.push_str("<main>\n");
    body.blocks()?;
    body.out.push_str("</main>\n");

    let mut out = String::with_capacity(body.out.len() + 300_000);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        esc(&doc.lang.to_string()),
        dir_attr(doc.direction)
    );
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let m = &doc.metadata;
    let title = if m.title.is_empty() {
        doc.cover.as_ref().map(|c| c.title.as_str()).unwrap_or("")
    } else {
        &m.title
    };
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    for (name, value) in [
        ("author", m.author.clone()),
        ("description", m.subject.clone()),
        ("keywords", m.keywords.join(", ")),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "<meta name=\"{name}\" content=\"{}\">", esc(&value));
        }
    }
    out.push_str("<meta name=\"generator\" content=\"dossier\">\n<style>\n");
    if options.embed_fonts {
        let faces =
            font_faces(body.faces).map_err(|(face, reason)| HtmlError::Font { face, reason })?;
        out.push_str(&faces);
    }
    out.push_str(&style_sheet(&options.theme));
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&body.out);
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// The page makes ids of its own: `fn-N-ref` for the mark of footnote N,
/// and `bN-…` inside the drawing of the figure at block N. No block may
/// take one.
fn check_page_ids(index: &Index) -> Result<(), HtmlError> {
    for n in 1..=index.footnotes() {
        let id = footnote_ref_anchor(n);
        if index.get(&id).is_some() {
            return Err(HtmlError::DuplicateId {
                id,
                what: "footnote mark",
            });
        }
    }
    for target in index.targets() {
        let a = &target.anchor;
        let drawing = a.strip_prefix('b').is_some_and(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && rest.as_bytes().get(digits) == Some(&b'-')
        });
        if drawing {
            return Err(HtmlError::DuplicateId {
                id: a.clone(),
                what: "chart drawing ids (b<number>-…)",
            });
        }
    }
    Ok(())
}

fn cover(w: &mut BodyWriter<'_>) {
    let Some(cover) = &w.doc.cover else {
        return;
    };
    w.out.push_str("<header class=\"cover\">\n");
    for (class, text) in [
        ("title", &cover.title),
        ("subtitle", &cover.subtitle),
        ("date", &cover.date),
    ] {
        if text.is_empty() {
            continue;
        }
        let _ = write!(w.out, "<p class=\"{class}\">");
        w.span_text(&Span {
            bold: class == "title",
            ..Span::new(text.clone())
        });
        w.out.push_str("</p>\n");
    }
    w.key_figures(&cover.key_figures);
    w.out.push_str("</header>\n");
}

/// The contents: headings of levels 1 and 2, as the PDF lists them, each
/// linked to its heading.
fn contents(w: &mut BodyWriter<'_>) {
    if !w.doc.toc {
        return;
    }
    let entries: Vec<(u8, String, String)> = w
        .doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading(h) if h.level() <= 2 => {
                let anchor = w.index.heading(i)?.anchor.clone();
                Some((h.level(), w.heading_text(i, h), anchor))
            }
            _ => None,
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    w.faces.bold = true;
    let label = w.doc.labels.contents.clone();
    let _ = writeln!(
        w.out,
        "<nav class=\"toc\" aria-label=\"{}\">\n<h1>{}</h1>\n<ul>",
        esc(&label),
        esc(&label)
    );
    for (level, text, anchor) in entries {
        let _ = write!(
            w.out,
            "<li class=\"level-{level}\"><a href=\"#{}\">",
            esc(&anchor)
        );
        w.span_text(&Span::new(text));
        w.out.push_str("</a></li>\n");
    }
    w.out.push_str("</ul>\n</nav>\n");
}
