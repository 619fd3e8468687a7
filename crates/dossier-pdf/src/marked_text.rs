//! Laid-out text as items with their structure marks: each run of a line
//! belongs to the element the text is in, a linked run to a `Link` under
//! it (with the link area, whose annotation the `Link` holds), and a run
//! of letters in another language to a `Span` that carries the language.
//! Runs are emitted in logical order (right to left lines reversed), so
//! that marked content, and therefore the structure tree, reads in the
//! order of the text; drawing order does not change what is printed.

use dossier_canvas::{GlyphRun, Item, Label, Line, LinkTarget, Paragraph, Rect};
use dossier_doc::{Script, ScriptLanguages};

use crate::tags::{Mark, Role, Structure};

/// Items and their marks, one mark per item.
#[derive(Debug, Default)]
pub(crate) struct Marked {
    pub items: Vec<Item>,
    pub marks: Vec<Mark>,
}

impl Marked {
    pub fn push(&mut self, item: Item, mark: Mark) {
        self.items.push(item);
        self.marks.push(mark);
    }

    pub fn extend(&mut self, other: Marked) {
        self.items.extend(other.items);
        self.marks.extend(other.marks);
    }

    /// Puts `other` before what is here (a list label before its item).
    pub fn prepend(&mut self, other: Marked) {
        let mut items = other.items;
        let mut marks = other.marks;
        items.append(&mut self.items);
        marks.append(&mut self.marks);
        self.items = items;
        self.marks = marks;
    }

    /// Items all marked `mark`.
    pub fn all(items: Vec<Item>, mark: Mark) -> Marked {
        let marks = Mark::all(mark, items.len());
        Marked { items, marks }
    }
}

/// How text is marked: the languages runs of other scripts are in, and
/// whether lines read right to left.
pub(crate) struct TextMarks<'a> {
    pub scripts: &'a ScriptLanguages,
}

impl TextMarks<'_> {
    /// The language of a run, when all its letters are in one language
    /// other than the document's.
    fn run_lang(&self, text: &str) -> Option<String> {
        let runs = self.scripts.runs(text);
        let mut lang = None;
        for r in &runs {
            match r.lang {
                Some(l) => match lang {
                    None => lang = Some(l),
                    Some(prev) if prev == l => {}
                    Some(_) => return None,
                },
                None => {
                    let letters = text
                        .get(r.range.clone())
                        .is_some_and(|s| s.chars().any(|c| Script::of(c).is_some()));
                    if letters {
                        return None;
                    }
                }
            }
        }
        lang.map(|l| l.to_string())
    }

    /// The paragraph's lines at (`x`, `y`), as `Paragraph::items_at` places
    /// them, marked under `parent`.
    pub fn paragraph(
        &self,
        p: &Paragraph,
        x: f32,
        y: f32,
        rtl: bool,
        tree: &mut Structure,
        parent: usize,
    ) -> Marked {
        let mut out = Marked::default();
        for line in &p.lines {
            out.extend(self.line(line, x, y, rtl, tree, parent));
        }
        out
    }

    /// A one-line label with its pen at (`x`, `y`), marked under `parent`.
    pub fn label(
        &self,
        l: &Label,
        x: f32,
        y: f32,
        rtl: bool,
        tree: &mut Structure,
        parent: usize,
    ) -> Marked {
        let line = Line {
            baseline: 0.0,
            ascent: l.ascent,
            descent: l.descent,
            width: l.width,
            runs: l.runs.clone(),
            links: Vec::new(),
            langs: Vec::new(),
        };
        self.line(&line, x, y, rtl, tree, parent)
    }

    fn line(
        &self,
        line: &Line,
        x: f32,
        y: f32,
        rtl: bool,
        tree: &mut Structure,
        parent: usize,
    ) -> Marked {
        let mut out = Marked::default();
        let mut link_nodes: Vec<Option<usize>> = vec![None; line.links.len()];
        let mut link_text: Vec<String> = vec![String::new(); line.links.len()];
        let order: Vec<(usize, &GlyphRun)> = if rtl {
            line.runs.iter().enumerate().rev().collect()
        } else {
            line.runs.iter().enumerate().collect()
        };
        // A run of a span marked in another language gets that language;
        // others get theirs from their script.
        for (i, run) in order {
            let explicit = line
                .langs
                .iter()
                .find(|(r, _)| *r == i)
                .map(|(_, l)| l.clone());
            let mark = match link_of(run, &line.links) {
                Some(i) => {
                    let node = *link_nodes[i].get_or_insert_with(|| tree.add(parent, Role::Link));
                    link_text[i].push_str(run.text());
                    Mark::Content(node)
                }
                None => match explicit.or_else(|| self.run_lang(run.text())) {
                    Some(lang) => {
                        let span = tree.add(parent, Role::Span);
                        if let Some(n) = tree.node_mut(span) {
                            n.lang = Some(lang);
                        }
                        Mark::Content(span)
                    }
                    None => Mark::Content(parent),
                },
            };
            out.push(Item::Glyphs(run.placed(x, y)), mark);
        }
        for (i, (rect, link)) in line.links.iter().enumerate() {
            let node = *link_nodes[i].get_or_insert_with(|| tree.add(parent, Role::Link));
            let text = link_text[i].trim();
            if let Some(n) = tree.node_mut(node) {
                n.title = Some(if text.is_empty() {
                    link.clone()
                } else {
                    text.to_string()
                });
            }
            out.push(
                Item::Link {
                    rect: Rect::new(rect.x + x, rect.y + y, rect.width, rect.height),
                    target: link_target(link),
                },
                Mark::Content(node),
            );
        }
        out
    }
}

/// The link area a run sits in: the middle of its glyphs inside the area.
fn link_of(run: &GlyphRun, links: &[(Rect, String)]) -> Option<usize> {
    if links.is_empty() || run.glyphs.is_empty() {
        return None;
    }
    let left = run.glyphs.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
    let right = run
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f32::NEG_INFINITY, f32::max);
    let mid = (left + right) / 2.0;
    links
        .iter()
        .position(|(r, _)| mid >= r.x - 0.01 && mid <= r.right() + 0.01)
}

/// `#name` is a link inside the document, anything else a URL (as
/// dossier-canvas reads a span's link).
fn link_target(link: &str) -> LinkTarget {
    match link.strip_prefix('#') {
        Some(name) => LinkTarget::Anchor(name.to_string()),
        None => LinkTarget::Url(link.to_string()),
    }
}
