//! dossier-canvas: how things look on a surface.
//!
//! It holds the embedded fonts, lays out Persian and English text (shaping,
//! bidi, line breaking, alignment, justification) into positioned glyph runs
//! that keep their source text, and defines the [`Scene`] display list that
//! pages and charts both produce. The SVG and PNG writers walk a Scene and
//! never shape or measure text themselves.
//!
//! Data flow: dossier-charts and dossier-pdf → text layout → `Scene` →
//! writers (here: SVG, PNG; PDF lives in dossier-pdf).

mod blend;
pub mod fonts;
mod glyph_masks;
pub mod layout;
pub mod outline;
pub mod png;
pub mod scene;
pub mod shape_cache;
pub mod svg;
pub mod text;

pub use fonts::{covers, Face, FontFile, FONTS};
pub use layout::{with_typesetter, Typesetter};
pub use outline::{glyph_outline, units_per_em};
pub use png::{to_png, PngError};
pub use scene::{
    Color, Group, Image, Item, LinkTarget, Path, PathSeg, Point, Rect, Scene, Stroke, Transform,
};
pub use svg::{to_svg, to_svg_element, SvgElement};
pub use text::{
    Align, Cluster, Direction, Glyph, GlyphRun, Label, Line, Paragraph, ParagraphSpec, Span,
    SpanStyle, TextError, Weight,
};
