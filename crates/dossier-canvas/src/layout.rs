//! The typesetter: turns [`ParagraphSpec`]s and label strings into
//! positioned glyph runs with parley, using only the embedded Vazirmatn faces.
//!
//! parley does the hard parts (bidi, shaping with HarfBuzz-compatible
//! results, line breaking at spaces, justification). This module checks font
//! coverage first, so that a missing glyph is an error naming its source and
//! never a `.notdef` box, and then walks parley's visual clusters so that
//! every glyph keeps the source text it stands for.

use std::cell::RefCell;
use std::sync::Arc;

use parley::fontique::{Blob, Collection, CollectionOptions, FamilyId, Script, SourceCache};
use parley::{
    Alignment, AlignmentOptions, BaseDirection, FontContext, FontFamily, FontWeight, Layout,
    LayoutContext, LineHeight, StyleProperty,
};
use skrifa::charmap::Charmap;
use skrifa::MetadataProvider;

use crate::fonts::Face;
use crate::scene::{Color, Item, LinkTarget, Rect};
use crate::shape_cache;
use crate::text::{
    Align, Cluster, Direction, Glyph, GlyphRun, Label, Line, Paragraph, ParagraphSpec, Span,
    SpanStyle, TextError, Weight,
};

/// Shapes and lays out text with the embedded fonts.
///
/// It owns parley's font and layout contexts, which are costly to build and
/// not `Sync`; use one per thread (see [`with_typesetter`]).
pub struct Typesetter {
    fcx: FontContext,
    lcx: LayoutContext<u32>,
    layout: Layout<u32>,
    family: String,
    charmaps: [Charmap<'static>; 2],
    /// Per face, what `charmaps` said about each BMP character so far:
    /// [`UNKNOWN`], [`COVERED`] or [`UNCOVERED`]. A paragraph repeats few
    /// distinct characters, and a table lookup is much cheaper than a cmap
    /// search.
    coverage: [Vec<u8>; 2],
}

const UNKNOWN: u8 = 0;
const COVERED: u8 = 1;
const UNCOVERED: u8 = 2;

impl Default for Typesetter {
    fn default() -> Self {
        Typesetter::new()
    }
}

thread_local! {
    static TYPESETTER: RefCell<Typesetter> = RefCell::new(Typesetter::new());
}

/// Runs `f` with this thread's typesetter, so that rayon workers each keep
/// one warm set of parley caches instead of rebuilding them per paragraph.
///
/// `f` must not call `with_typesetter` itself (the typesetter is borrowed
/// mutably for the duration of the call).
pub fn with_typesetter<R>(f: impl FnOnce(&mut Typesetter) -> R) -> R {
    TYPESETTER.with(|t| f(&mut t.borrow_mut()))
}

/// Characters that never need a glyph: line breaks, joiner controls, bidi
/// controls and other invisible format characters.
fn is_invisible_control(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{034F}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
        )
}

/// Whether `ch` can be set with the face of `charmap`: it has a real glyph,
/// or it is an invisible control that needs none.
fn glyph_for(charmap: &Charmap, ch: char) -> bool {
    is_invisible_control(ch) || charmap.map(ch).is_some_and(|g| g.to_u32() != 0)
}

fn face_of(weight: Weight) -> Face {
    match weight {
        Weight::Regular => Face::Regular,
        Weight::Bold => Face::Bold,
    }
}

fn face_index(face: Face) -> usize {
    match face {
        Face::Regular => 0,
        Face::Bold => 1,
    }
}

/// A glyph run under construction, with the span it came from.
struct RunBuilder {
    span: usize,
    run: GlyphRun,
    clusters: Vec<Cluster>,
    /// Byte range of the paragraph text the run's clusters cover so far;
    /// cluster ranges are kept absolute until [`RunBuilder::finish`].
    start: usize,
    end: usize,
}

impl RunBuilder {
    /// Gives the run its slice of `text` and makes cluster ranges relative to it.
    fn finish(mut self, text: &str) -> GlyphRun {
        let start = self.start.min(self.end);
        self.run.text = text.get(start..self.end).unwrap_or("").into();
        for c in &mut self.clusters {
            c.text = c.text.start - start..c.text.end - start;
        }
        self.run.clusters = self.clusters.into();
        self.run
    }
}

/// A laid-out line before it becomes a [`Line`] or a [`Label`].
struct RawLine {
    /// Pen position where the line's content starts.
    start: f32,
    baseline: f32,
    ascent: f32,
    descent: f32,
    width: f32,
    runs: Vec<GlyphRun>,
    /// Visual extents of linked spans: (span index, x0, x1), in visual order.
    link_segments: Vec<(usize, f32, f32)>,
    /// The span each run came from.
    run_spans: Vec<usize>,
}

impl Typesetter {
    /// Builds a typesetter with the two embedded faces registered from
    /// memory, no system fonts, and Vazirmatn as the fallback for Arabic
    /// and Latin script.
    pub fn new() -> Typesetter {
        let mut collection = Collection::new(CollectionOptions {
            shared: false,
            system_fonts: false,
        });
        let mut families: Vec<FamilyId> = Vec::new();
        for face in Face::ALL {
            let blob = Blob::new(Arc::new(face.data()));
            for (id, _) in collection.register_fonts(blob, None) {
                if !families.contains(&id) {
                    families.push(id);
                }
            }
        }
        let family = families
            .first()
            .and_then(|id| collection.family_name(*id))
            .unwrap_or("Vazirmatn")
            .to_string();
        for script in [*b"Arab", *b"Latn", *b"Zyyy", *b"Zinh"] {
            collection.set_fallbacks(Script::from_bytes(script), families.iter().copied());
        }
        let charmaps = Face::ALL.map(|face| match skrifa::FontRef::new(face.data()) {
            Ok(font) => font.charmap(),
            // The fonts are embedded at build time; a broken one is a build
            // defect that the tests catch. An empty charmap turns every
            // character into an `Uncovered` error rather than a panic.
            Err(_) => Charmap::default(),
        });
        Typesetter {
            fcx: FontContext {
                collection,
                source_cache: SourceCache::default(),
            },
            lcx: LayoutContext::new(),
            layout: Layout::new(),
            family,
            charmaps,
            coverage: [vec![UNKNOWN; 0x1_0000], vec![UNKNOWN; 0x1_0000]],
        }
    }

    /// Fails with [`TextError::Uncovered`] on the first character that the
    /// face has no glyph for.
    fn check_coverage(&mut self, text: &str, face: Face, origin: &str) -> Result<(), TextError> {
        let i = face_index(face);
        let (charmap, known) = (&self.charmaps[i], &mut self.coverage[i]);
        for ch in text.chars() {
            let covered = match known.get_mut(ch as usize) {
                Some(state) => {
                    if *state == UNKNOWN {
                        *state = if glyph_for(charmap, ch) {
                            COVERED
                        } else {
                            UNCOVERED
                        };
                    }
                    *state == COVERED
                }
                None => glyph_for(charmap, ch),
            };
            if !covered {
                return Err(TextError::Uncovered {
                    ch,
                    code: ch as u32,
                    text: text.to_string(),
                    origin: origin.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The first character of `text` that the face of `weight` has no
    /// glyph for (invisible controls need none), if any: what
    /// [`Typesetter::paragraph`] and [`Typesetter::label`] would refuse,
    /// for callers that check text where it enters and know its file.
    pub fn first_uncovered(&mut self, text: &str, weight: Weight) -> Option<char> {
        match self.check_coverage(text, face_of(weight), "") {
            Err(TextError::Uncovered { ch, .. }) => Some(ch),
            Ok(()) => None,
        }
    }

    /// Lays out rich text at `spec.width`. The result is kept in the
    /// process's shaping cache ([`crate::shape_cache`]) and handed out
    /// again for an equal `spec`.
    pub fn paragraph(&mut self, spec: &ParagraphSpec) -> Result<Arc<Paragraph>, TextError> {
        for span in &spec.spans {
            self.check_coverage(&span.text, face_of(span.style.weight), &spec.origin)?;
        }
        let cache = shape_cache::global();
        let key = shape_cache::Key::new(
            &spec.spans,
            spec.direction,
            spec.align,
            Some(spec.width),
            spec.line_height,
        );
        if let Some(shape_cache::Laid::Paragraph(p)) = cache.get(&key) {
            return Ok(p);
        }
        let paragraph = Arc::new(self.paragraph_uncached(spec));
        cache.put(key, shape_cache::Laid::Paragraph(paragraph.clone()));
        Ok(paragraph)
    }

    fn paragraph_uncached(&mut self, spec: &ParagraphSpec) -> Paragraph {
        let width = if spec.width.is_finite() && spec.width > 0.0 {
            spec.width
        } else {
            0.0
        };
        let raw = self.lay_out(
            &spec.spans,
            spec.direction,
            Some(width),
            spec.align,
            spec.line_height,
        );
        let mut lines = Vec::with_capacity(raw.len());
        let mut height: f32 = 0.0;
        for (raw_line, bottom) in raw {
            height = height.max(bottom);
            let links = link_rects(&raw_line, &spec.spans);
            let langs = raw_line
                .run_spans
                .iter()
                .enumerate()
                .filter_map(|(i, &s)| Some((i, spec.spans.get(s)?.style.lang.clone()?)))
                .collect();
            lines.push(Line {
                baseline: raw_line.baseline,
                ascent: raw_line.ascent,
                descent: raw_line.descent,
                width: raw_line.width,
                runs: raw_line.runs,
                links,
                langs,
            });
        }
        Paragraph {
            lines,
            width: spec.width,
            height,
        }
    }

    /// Lays out one line of text without wrapping. The pen starts at x = 0
    /// on the baseline y = 0. Line breaks in `text` are laid out as spaces
    /// would be, so a label is always a single line.
    pub fn label(
        &mut self,
        text: &str,
        style: &SpanStyle,
        direction: Direction,
        origin: &str,
    ) -> Result<Arc<Label>, TextError> {
        self.check_coverage(text, face_of(style.weight), origin)?;
        let spans = [Span {
            text: text.to_string(),
            style: style.clone(),
        }];
        let cache = shape_cache::global();
        let key = shape_cache::Key::new(&spans, direction, Align::Start, None, 1.0);
        if let Some(shape_cache::Laid::Label(l)) = cache.get(&key) {
            return Ok(l);
        }
        let label = Arc::new(self.label_uncached(&spans, direction));
        cache.put(key, shape_cache::Laid::Label(label.clone()));
        Ok(label)
    }

    fn label_uncached(&mut self, spans: &[Span], direction: Direction) -> Label {
        let raw = self.lay_out(spans, direction, None, Align::Start, 1.0);
        let mut label = Label {
            width: 0.0,
            ascent: 0.0,
            descent: 0.0,
            runs: Vec::new(),
        };
        let mut pen_x = 0.0;
        for (line, _) in raw {
            let start = line.start;
            let mut line_width = 0.0;
            for mut run in line.runs {
                for g in &mut run.glyphs {
                    g.x += pen_x - start;
                    g.y -= line.baseline;
                    line_width += g.advance;
                }
                label.runs.push(run);
            }
            pen_x += line_width;
            label.ascent = label.ascent.max(line.ascent);
            label.descent = label.descent.max(line.descent);
        }
        label.width = pen_x;
        label
    }

    /// Breaks `text` into lines no wider than `width` where it can (a word
    /// wider than `width` keeps a line of its own) and lays out each line as
    /// a [`Label`], for multi-line labels on charts. Returns each line's text
    /// with its label; the texts, in order, are the pieces of `text` between
    /// the breaks, without the spaces at the breaks.
    pub fn label_lines(
        &mut self,
        text: &str,
        style: &SpanStyle,
        direction: Direction,
        width: f32,
        origin: &str,
    ) -> Result<Vec<(String, Arc<Label>)>, TextError> {
        let paragraph = self.paragraph(&ParagraphSpec {
            spans: vec![Span {
                text: text.to_string(),
                style: style.clone(),
            }],
            direction,
            align: Align::Start,
            width,
            line_height: 1.0,
            origin: origin.to_string(),
        })?;
        // Lines hold consecutive pieces of the text: each takes as many
        // characters as its clusters stand for. Each piece is laid out
        // again as a label, without the spaces at the break, so that its
        // width and pen start are those of its visible text.
        let mut rest = text;
        let mut out = Vec::with_capacity(paragraph.lines.len());
        for line in &paragraph.lines {
            let count: usize = line.runs.iter().map(|r| r.text.chars().count()).sum();
            let end = rest
                .char_indices()
                .nth(count)
                .map_or(rest.len(), |(i, _)| i);
            let (piece, tail) = rest.split_at(end);
            rest = tail;
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push((
                    piece.to_string(),
                    self.label(piece, style, direction, origin)?,
                ));
            }
        }
        Ok(out)
    }

    /// Shapes and breaks `spans`; returns each line with the bottom of its
    /// line box.
    fn lay_out(
        &mut self,
        spans: &[Span],
        direction: Direction,
        width: Option<f32>,
        align: Align,
        line_height: f32,
    ) -> Vec<(RawLine, f32)> {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(spans.len());
        for span in spans {
            let start = text.len();
            if width.is_none() {
                // Labels never break: a newline becomes a space of the same length.
                text.extend(span.text.chars().map(|c| match c {
                    '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}' => ' ',
                    c => c,
                }));
            } else {
                text.push_str(&span.text);
            }
            ranges.push(start..text.len());
        }
        let line_height = if line_height.is_finite() && line_height > 0.0 {
            line_height
        } else {
            1.0
        };

        let mut builder = self.lcx.ranged_builder(&mut self.fcx, &text, 1.0, false);
        builder.set_base_direction(match direction {
            Direction::Ltr => BaseDirection::Ltr,
            Direction::Rtl => BaseDirection::Rtl,
        });
        builder.push_default(StyleProperty::FontFamily(FontFamily::named(&self.family)));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            line_height,
        )));
        builder.push_default(StyleProperty::LetterSpacing(0.0));
        // The root style acts as a strut on every line (as in CSS); giving it
        // the smallest span size lets the largest size on each line decide.
        let strut = spans
            .iter()
            .map(|s| s.style.size)
            .filter(|s| s.is_finite() && *s > 0.0)
            .fold(f32::INFINITY, f32::min);
        builder.push_default(StyleProperty::FontSize(if strut.is_finite() {
            strut
        } else {
            1.0
        }));
        for (i, (span, range)) in spans.iter().zip(&ranges).enumerate() {
            if range.is_empty() {
                continue;
            }
            let size = if span.style.size.is_finite() && span.style.size > 0.0 {
                span.style.size
            } else {
                1.0
            };
            builder.push(StyleProperty::FontSize(size), range.clone());
            let weight = match span.style.weight {
                Weight::Regular => FontWeight::NORMAL,
                Weight::Bold => FontWeight::BOLD,
            };
            builder.push(StyleProperty::FontWeight(weight), range.clone());
            builder.push(StyleProperty::Brush(i as u32), range.clone());
        }
        builder.build_into(&mut self.layout, &text);
        self.layout.break_all_lines(width);
        let alignment = match align {
            Align::Start => Alignment::Start,
            Align::End => Alignment::End,
            Align::Center => Alignment::Center,
            Align::Justify => Alignment::Justify,
        };
        self.layout.align(alignment, AlignmentOptions::default());

        let mut out = Vec::with_capacity(self.layout.len());
        for line in self.layout.lines() {
            let m = line.metrics();
            let mut pen = m.inline_min_coord + m.offset;
            let mut runs: Vec<GlyphRun> = Vec::new();
            let mut link_segments: Vec<(usize, f32, f32)> = Vec::new();
            let mut run_spans: Vec<usize> = Vec::new();
            let mut advance_sum = 0.0;
            for prun in line.runs() {
                let rtl = prun.is_rtl();
                let face = face_for_font(prun.font());
                let size = prun.font_size();
                let mut current: Option<RunBuilder> = None;
                let mut raise = 0.0_f32;
                for cluster in prun.visual_clusters() {
                    let span = cluster.style().brush as usize;
                    let range = cluster.text_range();
                    let needs_new = current.as_ref().is_none_or(|b| b.span != span);
                    if needs_new {
                        if let Some(b) = current.take() {
                            run_spans.push(b.span);
                            runs.push(b.finish(&text));
                        }
                        let color = spans.get(span).map_or(Color::BLACK, |s| s.style.color);
                        // At most the font size either way; nothing for
                        // a value that is not a number.
                        raise = spans
                            .get(span)
                            .map(|s| s.style.raise)
                            .filter(|r| r.is_finite())
                            .map_or(0.0, |r| r.max(-size).min(size));
                        current = Some(RunBuilder {
                            span,
                            run: GlyphRun {
                                face,
                                size,
                                color,
                                glyphs: Vec::new(),
                                text: "".into(),
                                clusters: Arc::from([]),
                                rtl,
                            },
                            clusters: Vec::new(),
                            start: range.start,
                            end: range.end,
                        });
                    }
                    let Some(b) = current.as_mut() else {
                        continue;
                    };
                    let cluster_start = pen;
                    let first = b.run.glyphs.len();
                    for g in cluster.glyphs() {
                        b.run.glyphs.push(Glyph {
                            id: u16::try_from(g.id).unwrap_or(0),
                            x: pen + g.x,
                            y: m.baseline + g.y - raise,
                            advance: g.advance,
                        });
                        pen += g.advance;
                        advance_sum += g.advance;
                    }
                    let last = b.run.glyphs.len();
                    b.start = b.start.min(range.start);
                    b.end = b.end.max(range.end);
                    b.clusters.push(Cluster {
                        glyphs: first..last,
                        text: range,
                    });
                    if spans.get(span).is_some_and(|s| s.style.link.is_some()) {
                        match link_segments.last_mut() {
                            Some((s, _, x1))
                                if *s == span && (*x1 - cluster_start).abs() < 1e-3 =>
                            {
                                *x1 = pen;
                            }
                            _ => link_segments.push((span, cluster_start, pen)),
                        }
                    }
                }
                if let Some(b) = current.take() {
                    run_spans.push(b.span);
                    runs.push(b.finish(&text));
                }
            }
            let ascent = m.baseline - m.content_block_min_coord;
            let descent = m.content_block_max_coord - m.baseline;
            let raw = RawLine {
                start: m.inline_min_coord + m.offset,
                baseline: m.baseline,
                ascent,
                descent,
                width: (advance_sum - m.hanging_advance).max(0.0),
                runs,
                link_segments,
                run_spans,
            };
            out.push((raw, m.block_max_coord));
        }
        out
    }
}

/// Which embedded face parley picked for a run. Both faces are registered
/// from the `'static` bytes, so the data pointer identifies them.
fn face_for_font(font: &parley::FontData) -> Face {
    let ptr = font.data.data().as_ptr();
    if ptr == Face::Bold.data().as_ptr() {
        Face::Bold
    } else {
        Face::Regular
    }
}

/// One rectangle per contiguous linked stretch of a line, covering the
/// line's ascent and descent.
fn link_rects(line: &RawLine, spans: &[Span]) -> Vec<(Rect, String)> {
    line.link_segments
        .iter()
        .filter_map(|(span, x0, x1)| {
            let link = spans.get(*span)?.style.link.clone()?;
            Some((
                Rect::new(
                    *x0,
                    line.baseline - line.ascent,
                    x1 - x0,
                    line.ascent + line.descent,
                ),
                link,
            ))
        })
        .collect()
}

/// `#name` is a link inside the document, anything else a URL.
fn link_target(link: &str) -> LinkTarget {
    match link.strip_prefix('#') {
        Some(name) => LinkTarget::Anchor(name.to_string()),
        None => LinkTarget::Url(link.to_string()),
    }
}

impl Paragraph {
    /// The paragraph as scene items with its top-left corner at (`x`, `y`):
    /// one `Item::Glyphs` per run and one `Item::Link` per link area.
    pub fn items_at(&self, x: f32, y: f32) -> Vec<Item> {
        let mut items = Vec::new();
        for line in &self.lines {
            for run in &line.runs {
                items.push(Item::Glyphs(run.placed(x, y)));
            }
            for (rect, link) in &line.links {
                items.push(Item::Link {
                    rect: Rect::new(rect.x + x, rect.y + y, rect.width, rect.height),
                    target: link_target(link),
                });
            }
        }
        items
    }
}

impl Label {
    /// The label as scene items with the pen starting at (`x`, `y`) on the
    /// baseline.
    pub fn items_at(&self, x: f32, y: f32) -> Vec<Item> {
        self.runs
            .iter()
            .map(|run| Item::Glyphs(run.placed(x, y)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::MetadataProvider;

    fn style(size: f32) -> SpanStyle {
        SpanStyle::new(size, Weight::Regular, Color::BLACK)
    }

    fn spec(text: &str, direction: Direction, align: Align, width: f32) -> ParagraphSpec {
        ParagraphSpec {
            spans: vec![Span {
                text: text.to_string(),
                style: style(11.0),
            }],
            direction,
            align,
            width,
            line_height: 1.6,
            origin: "layout test".to_string(),
        }
    }

    fn gid(ch: char) -> u16 {
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("font parses");
        font.charmap().map(ch).expect("mapped").to_u32() as u16
    }

    /// The line's text in reading order: runs are stored left to right, so
    /// a right-to-left line reads them from the last.
    fn reading_order(line: &Line, direction: Direction) -> String {
        let mut runs: Vec<&str> = line.runs.iter().map(GlyphRun::text).collect();
        if direction == Direction::Rtl {
            runs.reverse();
        }
        runs.concat()
    }

    const PERSIAN: &str = "روابط سیسیلی و آمریکا در سال ۱۹۹۵ به اوج رسید و صادرات سیسیلی (Sicily) به آمریکا ۱۸٪ رشد کرد؛ این کشور پس از مکزیک مهم‌ترین متحد آمریکا در آمریکای لاتین است و همواره می‌کوشد روابط اقتصادی خود را گسترش دهد.";

    #[test]
    fn a_kept_layout_is_the_layout_made_afresh() {
        // Warm typesetters and the shared cache give what a fresh
        // typesetter that never saw the texts gives, for paragraphs at
        // several widths, both directions and labels.
        let mut warm = Typesetter::new();
        for round in 0..3 {
            for (text, direction) in [
                (PERSIAN, Direction::Rtl),
                ("Ferries carried 502 thousand passengers", Direction::Ltr),
            ] {
                for (width, align) in [(120.0, Align::Justify), (300.0, Align::Start)] {
                    let s = spec(text, direction, align, width);
                    let kept = warm.paragraph(&s).expect("lays out");
                    let fresh = Typesetter::new().paragraph_uncached(&s);
                    assert_eq!(*kept, fresh, "round {round}, width {width}");
                }
                let kept = warm
                    .label(text, &style(9.0), direction, "t")
                    .expect("label");
                let spans = [Span {
                    text: text.to_string(),
                    style: style(9.0),
                }];
                let fresh = Typesetter::new().label_uncached(&spans, direction);
                assert_eq!(*kept, fresh, "round {round}");
            }
        }
        assert!(shape_cache::stats().hits > 0);
    }

    #[test]
    fn rtl_runs_read_in_order_with_ltr_numbers_and_latin() {
        let text = "در سال ۱۹۹۵ سیسیلی (Sicily) رشد کرد";
        let p = Typesetter::new()
            .paragraph(&spec(text, Direction::Rtl, Align::Start, 1000.0))
            .expect("lays out");
        assert_eq!(p.lines.len(), 1);
        let line = &p.lines[0];
        assert_eq!(reading_order(line, Direction::Rtl), text);
        let digits = line
            .runs
            .iter()
            .find(|r| r.text() == "۱۹۹۵")
            .expect("digits form their own run");
        assert!(!digits.rtl);
        // Left to right on the page: ۱ then ۹ ۹ ۵.
        assert_eq!(digits.glyphs[0].id, gid('۱'));
        assert_eq!(digits.glyphs[3].id, gid('۵'));
        let latin = line
            .runs
            .iter()
            .find(|r| r.text() == "Sicily")
            .expect("Sicily run");
        assert!(!latin.rtl);
        assert_eq!(latin.glyphs[0].id, gid('S'));
        // Start alignment in RTL: the line ends at the right edge.
        let right = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.x + g.advance)
            .fold(0.0f32, f32::max);
        assert!((right - 1000.0).abs() < 0.5, "right edge at {right}");
        // Glyphs are in visual order: x never decreases along the line.
        let xs: Vec<f32> = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.x)
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1] + 1.0), "{xs:?}");
    }

    #[test]
    fn a_raised_span_sits_above_the_baseline_without_moving_the_line() {
        let mut raised = style(7.0);
        raised.raise = 3.5;
        let mut sp = spec("note", Direction::Ltr, Align::Start, 400.0);
        sp.spans.push(Span {
            text: "12".into(),
            style: raised,
        });
        let mut flat = sp.clone();
        flat.spans[1].style.raise = 0.0;
        let mut ts = Typesetter::new();
        let p = ts.paragraph(&sp).expect("lays out");
        let q = ts.paragraph(&flat).expect("lays out");
        assert_eq!(p.height, q.height);
        let line = &p.lines[0];
        let y_of = |text: &str| {
            line.runs
                .iter()
                .find(|r| r.text() == text)
                .map(|r| r.glyphs[0].y)
                .expect("run")
        };
        assert!((y_of("note") - line.baseline).abs() < 1e-3);
        assert!((y_of("12") - (line.baseline - 3.5)).abs() < 1e-3);
        // A raise that is not a number is none.
        sp.spans[1].style.raise = f32::NAN;
        let p = ts.paragraph(&sp).expect("lays out");
        assert!(p.lines[0]
            .runs
            .iter()
            .all(|r| r.glyphs[0].y == p.lines[0].baseline));
    }

    #[test]
    fn brackets_are_mirrored_in_rtl() {
        let label = Typesetter::new()
            .label("(سلام)", &style(12.0), Direction::Rtl, "test")
            .expect("lays out");
        let mut open = None;
        for run in &label.runs {
            for (c, text) in run.clusters_with_text() {
                if text == "(" {
                    open = Some(run.glyphs[c.glyphs.clone()][0].id);
                }
            }
        }
        // The logical opening bracket sits on the right and is drawn with
        // the ')' glyph, which opens to the left.
        assert_eq!(open, Some(gid(')')));
        let ltr = Typesetter::new()
            .label("(Sicily)", &style(12.0), Direction::Ltr, "test")
            .expect("lays out");
        assert_eq!(ltr.runs[0].glyphs[0].id, gid('('));
    }

    #[test]
    fn justified_lines_fill_the_width_except_the_last() {
        let width = 220.0;
        let p = Typesetter::new()
            .paragraph(&spec(PERSIAN, Direction::Rtl, Align::Justify, width))
            .expect("lays out");
        assert!(p.lines.len() >= 3, "{} lines", p.lines.len());
        let (last, rest) = p.lines.split_last().expect("lines");
        for line in rest {
            assert!(
                (line.width - width).abs() < 0.5,
                "line width {}",
                line.width
            );
            let right = line
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter())
                .map(|g| g.x + g.advance)
                .fold(0.0f32, f32::max);
            assert!(right <= width + 0.5);
        }
        assert!(last.width < width - 1.0);
        let text: String = p
            .lines
            .iter()
            .map(|l| reading_order(l, Direction::Rtl))
            .collect();
        assert_eq!(text, PERSIAN);
    }

    #[test]
    fn lines_stack_and_height_covers_them() {
        let p = Typesetter::new()
            .paragraph(&spec(PERSIAN, Direction::Rtl, Align::Start, 200.0))
            .expect("lays out");
        let baselines: Vec<f32> = p.lines.iter().map(|l| l.baseline).collect();
        assert!(
            baselines
                .windows(2)
                .all(|w| (w[1] - w[0] - 11.0 * 1.6).abs() < 0.01),
            "{baselines:?}"
        );
        let last = p.lines.last().expect("lines");
        assert!(p.height >= last.baseline + last.descent);
        for line in &p.lines {
            assert!(line.ascent > 0.0 && line.descent > 0.0);
            assert!(line.width <= 200.0 + 0.01);
        }
    }

    #[test]
    fn alignment_start_end_center_ltr() {
        let mut ts = Typesetter::new();
        let left = |p: &Paragraph| {
            p.lines[0]
                .runs
                .iter()
                .flat_map(|r| r.glyphs.first())
                .map(|g| g.x)
                .fold(f32::INFINITY, f32::min)
        };
        let start = ts
            .paragraph(&spec("Sicily", Direction::Ltr, Align::Start, 300.0))
            .expect("ok");
        let end = ts
            .paragraph(&spec("Sicily", Direction::Ltr, Align::End, 300.0))
            .expect("ok");
        let center = ts
            .paragraph(&spec("Sicily", Direction::Ltr, Align::Center, 300.0))
            .expect("ok");
        let w = start.lines[0].width;
        assert!(left(&start).abs() < 0.5);
        assert!((left(&end) - (300.0 - w)).abs() < 0.5);
        assert!((left(&center) - (300.0 - w) / 2.0).abs() < 0.5);
    }

    #[test]
    fn spans_keep_their_style_and_links() {
        let mut bold = style(14.0);
        bold.weight = Weight::Bold;
        bold.color = Color::rgb(200, 0, 0);
        let mut link = style(11.0);
        link.link = Some("#table-1".to_string());
        let mut url = style(11.0);
        url.link = Some("https://example.org".to_string());
        let spec = ParagraphSpec {
            spans: vec![
                Span {
                    text: "صادرات ".into(),
                    style: bold,
                },
                Span {
                    text: "جدول ۱".into(),
                    style: link,
                },
                Span {
                    text: " و ".into(),
                    style: style(11.0),
                },
                Span {
                    text: "source".into(),
                    style: url,
                },
            ],
            direction: Direction::Rtl,
            align: Align::Start,
            width: 400.0,
            line_height: 1.5,
            origin: "test".into(),
        };
        let p = Typesetter::new().paragraph(&spec).expect("lays out");
        let runs: Vec<&GlyphRun> = p.lines.iter().flat_map(|l| l.runs.iter()).collect();
        let first = runs
            .iter()
            .find(|r| r.text().contains("صادرات"))
            .expect("bold run");
        assert_eq!(first.face, Face::Bold);
        assert_eq!(first.size, 14.0);
        assert_eq!(first.color, Color::rgb(200, 0, 0));
        let links: Vec<&(Rect, String)> = p.lines.iter().flat_map(|l| l.links.iter()).collect();
        assert_eq!(links.len(), 2, "{links:?}");
        assert!(links.iter().all(|(r, _)| r.width > 5.0 && r.height > 5.0));
        let items = p.items_at(10.0, 20.0);
        let targets: Vec<&LinkTarget> = items
            .iter()
            .filter_map(|i| match i {
                Item::Link { target, .. } => Some(target),
                _ => None,
            })
            .collect();
        assert!(targets.contains(&&LinkTarget::Anchor("table-1".into())));
        assert!(targets.contains(&&LinkTarget::Url("https://example.org".into())));
        let moved = items
            .iter()
            .find_map(|i| match i {
                Item::Glyphs(r) => Some(r),
                _ => None,
            })
            .expect("glyphs");
        assert!((moved.glyphs[0].x - p.lines[0].runs[0].glyphs[0].x - 10.0).abs() < 1e-3);
    }

    #[test]
    fn label_lines_break_at_spaces_within_the_width() {
        let mut ts = Typesetter::new();
        for (text, direction) in [
            (PERSIAN, Direction::Rtl),
            ("Relations restored after Allende's election victory in 1970, three years before the coup", Direction::Ltr),
        ] {
            let lines = ts
                .label_lines(text, &style(9.0), direction, 150.0, "test")
                .expect("lays out");
            assert!(lines.len() >= 2, "{text:?} gave {} lines", lines.len());
            for (piece, label) in &lines {
                assert!(
                    label.width <= 150.0 + 0.01 || !piece.contains(' '),
                    "{piece:?} is {} wide",
                    label.width
                );
            }
            let joined: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(joined.join(" "), text);
        }
        let word = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let lines = ts
            .label_lines(word, &style(9.0), Direction::Ltr, 20.0, "test")
            .expect("lays out");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].0, word);
    }

    #[test]
    fn label_starts_at_zero_on_the_baseline() {
        let mut ts = Typesetter::new();
        for (text, dir) in [("سلام دنیا", Direction::Rtl), ("Hello", Direction::Ltr)] {
            let l = ts.label(text, &style(10.0), dir, "test").expect("lays out");
            let first = &l.runs[0].glyphs[0];
            assert!(first.x.abs() < 0.01, "{text}: first glyph at {}", first.x);
            assert!(first.y.abs() < 0.01);
            let sum: f32 = l
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter())
                .map(|g| g.advance)
                .sum();
            assert!((l.width - sum).abs() < 0.01);
            assert!(l.ascent > 5.0 && l.descent > 1.0);
            let items = l.items_at(5.0, 7.0);
            assert_eq!(items.len(), l.runs.len());
        }
        let empty = ts
            .label("", &style(10.0), Direction::Ltr, "test")
            .expect("empty is fine");
        assert_eq!(empty.width, 0.0);
    }

    #[test]
    fn uncovered_character_is_an_error_naming_it() {
        let err = Typesetter::new()
            .label(
                "سیسیلی 中",
                &style(10.0),
                Direction::Rtl,
                "reports/x/a.fa.md",
            )
            .expect_err("中 is not in Vazirmatn");
        assert_eq!(
            err,
            TextError::Uncovered {
                ch: '中',
                code: 0x4E2D,
                text: "سیسیلی 中".into(),
                origin: "reports/x/a.fa.md".into(),
            }
        );
        assert!(err.to_string().contains("U+4E2D"));
        let mut s = spec("a 中", Direction::Ltr, Align::Start, 100.0);
        s.origin = "para".into();
        assert!(matches!(
            Typesetter::new().paragraph(&s),
            Err(TextError::Uncovered { code: 0x4E2D, .. })
        ));
        // Controls need no glyph.
        assert!(Typesetter::new()
            .label(
                "می\u{200C}شود\u{200F}\u{200E}",
                &style(10.0),
                Direction::Rtl,
                "t"
            )
            .is_ok());
    }

    #[test]
    fn thread_local_typesetter_works_from_rayon() {
        use rayon::prelude::*;
        let widths: Vec<f32> = (0..8)
            .into_par_iter()
            .map(|_| {
                with_typesetter(|ts| {
                    ts.label("سیسیلی", &style(10.0), Direction::Rtl, "t")
                        .map(|l| l.width)
                        .unwrap_or(0.0)
                })
            })
            .collect();
        assert!(widths.iter().all(|w| *w > 0.0 && *w == widths[0]));
    }
}
