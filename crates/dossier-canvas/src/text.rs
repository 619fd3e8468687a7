//! Text layout: rich paragraphs and single-line labels, shaped with parley
//! from the embedded fonts only, giving positioned glyph runs that keep the
//! source text of every cluster.

use std::ops::Range;
use std::sync::Arc;

use crate::fonts::Face;
use crate::scene::{Color, Rect};

/// Base direction of a paragraph or label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// Horizontal alignment, relative to the base direction: `Start` is the
/// right edge in a right-to-left paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    Start,
    End,
    Center,
    /// Widens spaces so that lines fill the width; the last line is set at `Start`.
    Justify,
}

/// Font weight of the embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// The look of a run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanStyle {
    pub size: f32,
    pub weight: Weight,
    pub color: Color,
    /// Link target of this span (a URL, or `#anchor` for an internal link).
    pub link: Option<String>,
    /// How far the glyphs sit above the baseline, in points (a footnote
    /// mark); the line's height does not change.
    pub raise: f32,
    /// The BCP 47 tag of the span's language when it is marked as
    /// another language than the paragraph's; its runs keep it
    /// ([`Line::langs`]) for writers that tag text.
    pub lang: Option<String>,
}

impl SpanStyle {
    pub fn new(size: f32, weight: Weight, color: Color) -> SpanStyle {
        SpanStyle {
            size,
            weight,
            color,
            link: None,
            raise: 0.0,
            lang: None,
        }
    }
}

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: SpanStyle,
}

/// What to lay out: rich text at a width.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphSpec {
    pub spans: Vec<Span>,
    pub direction: Direction,
    pub align: Align,
    /// Available width in points.
    pub width: f32,
    /// Line height as a multiple of the largest font size on the line.
    pub line_height: f32,
    /// Where the text came from (e.g. `reports/my-report/trade.fa.md`),
    /// named in errors.
    pub origin: String,
}

/// One glyph of a run, positioned in the coordinates of whatever contains
/// the run (the paragraph's top-left corner, until placed in a scene).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Pen position of the glyph origin (on the baseline).
    pub x: f32,
    pub y: f32,
    pub advance: f32,
}

/// A group of glyphs that stands for a piece of the source text, e.g. a
/// Persian ligature standing for two letters, or a mark glyph attached to its
/// base letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Indices into `GlyphRun::glyphs` (may be empty for text that produced
    /// no glyph, such as a ZWNJ).
    pub glyphs: Range<usize>,
    /// Byte range of the source text this cluster stands for, in
    /// [`GlyphRun::text`].
    pub text: Range<usize>,
}

/// A sequence of glyphs from one face at one size and colour, in visual
/// (left-to-right drawing) order. Placing a run copies its glyphs, which
/// move, and shares its text and clusters, which do not.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: Face,
    pub size: f32,
    pub color: Color,
    pub glyphs: Vec<Glyph>,
    /// The run's source text in logical (reading) order.
    pub text: Arc<str>,
    /// Clusters in visual order; together they cover the run's text exactly once.
    pub clusters: Arc<[Cluster]>,
    /// True when the run's text is right-to-left (its logical order is the
    /// reverse of the visual order).
    pub rtl: bool,
}

impl GlyphRun {
    /// The run moved by (`x`, `y`): its glyphs copied and moved, its text
    /// and clusters shared.
    pub fn placed(&self, x: f32, y: f32) -> GlyphRun {
        let mut run = self.clone();
        for g in &mut run.glyphs {
            g.x += x;
            g.y += y;
        }
        run
    }

    /// The run's source text in logical (reading) order.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text `cluster` stands for; empty if the cluster does not
    /// belong to this run.
    pub fn cluster_text(&self, cluster: &Cluster) -> &str {
        self.text.get(cluster.text.clone()).unwrap_or("")
    }

    /// Clusters in visual order, each with its source text.
    pub fn clusters_with_text(&self) -> impl Iterator<Item = (&Cluster, &str)> {
        self.clusters.iter().map(|c| (c, self.cluster_text(c)))
    }
}

/// A laid-out line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, measured down from the paragraph's top.
    pub baseline: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Advance width of the line's content.
    pub width: f32,
    /// Runs in visual order, positioned relative to the paragraph's top-left.
    pub runs: Vec<GlyphRun>,
    /// Link areas on this line, relative to the paragraph's top-left.
    pub links: Vec<(Rect, String)>,
    /// The runs (by index into `runs`) of spans marked with a language.
    pub langs: Vec<(usize, String)>,
}

/// A paragraph after layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub lines: Vec<Line>,
    /// The width it was laid out at.
    pub width: f32,
    /// Total height of all lines.
    pub height: f32,
}

/// A single line of text laid out with an explicit direction, for charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Runs positioned with the pen starting at x = 0 on the baseline y = 0.
    pub runs: Vec<GlyphRun>,
}

/// Text that could not be laid out.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TextError {
    /// No embedded font has a glyph for this character.
    #[error("{origin}: no embedded font covers U+{code:04X} ({ch:?}) in {text:?}")]
    Uncovered {
        ch: char,
        code: u32,
        text: String,
        origin: String,
    },
}
