//! Glyph outlines of the embedded faces, for the SVG and PNG writers.
//!
//! Outlines are in em units (the font's units divided by units-per-em, so a
//! glyph drawn at size `s` is the outline scaled by `s`) with y pointing
//! down, like the scene. Each glyph's outline is drawn once, on first use,
//! and shared by all threads.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

use crate::fonts::Face;
use crate::scene::Path;

/// Collects skrifa's pen calls into a [`Path`], scaled to em and flipped.
struct EmPen {
    scale: f32,
    path: Path,
}

impl OutlinePen for EmPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let s = self.scale;
        self.path.move_to(x * s, -y * s);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let s = self.scale;
        self.path.line_to(x * s, -y * s);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let s = self.scale;
        self.path.quad_to(cx0 * s, -cy0 * s, x * s, -y * s);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let s = self.scale;
        self.path
            .cubic_to(cx0 * s, -cy0 * s, cx1 * s, -cy1 * s, x * s, -y * s);
    }

    fn close(&mut self) {
        self.path.close();
    }
}

/// The outlines of one face, indexed by glyph id and each drawn on first
/// use (a chart needs a few dozen of the 1,333 glyphs); `None` for glyphs
/// with no contours (spaces, joiners).
struct FaceOutlines {
    units_per_em: u16,
    source: Option<OutlineGlyphCollection<'static>>,
    glyphs: Vec<OnceLock<Option<Path>>>,
}

fn open(face: Face) -> FaceOutlines {
    let Ok(font) = skrifa::FontRef::new(face.data()) else {
        return FaceOutlines {
            units_per_em: 1000,
            source: None,
            glyphs: Vec::new(),
        };
    };
    let metrics = font.metrics(Size::unscaled(), LocationRef::default());
    let upem = if metrics.units_per_em == 0 {
        1000
    } else {
        metrics.units_per_em
    };
    FaceOutlines {
        units_per_em: upem,
        source: Some(font.outline_glyphs()),
        glyphs: (0..metrics.glyph_count).map(|_| OnceLock::new()).collect(),
    }
}

impl FaceOutlines {
    fn draw(&self, gid: u16) -> Option<Path> {
        let glyph = self.source.as_ref()?.get(GlyphId::new(u32::from(gid)))?;
        let mut pen = EmPen {
            scale: 1.0 / f32::from(self.units_per_em),
            path: Path::new(),
        };
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        glyph.draw(settings, &mut pen).ok()?;
        (!pen.path.is_empty()).then_some(pen.path)
    }

    fn get(&self, gid: u16) -> Option<&Path> {
        self.glyphs
            .get(usize::from(gid))?
            .get_or_init(|| self.draw(gid))
            .as_ref()
    }
}

fn outlines(face: Face) -> &'static FaceOutlines {
    static REGULAR: OnceLock<FaceOutlines> = OnceLock::new();
    static BOLD: OnceLock<FaceOutlines> = OnceLock::new();
    match face {
        Face::Regular => REGULAR.get_or_init(|| open(Face::Regular)),
        Face::Bold => BOLD.get_or_init(|| open(Face::Bold)),
    }
}

/// The outline of glyph `gid` at size 1 (em units, y down), or `None` when
/// the glyph draws nothing or does not exist.
pub fn glyph_outline(face: Face, gid: u16) -> Option<&'static Path> {
    outlines(face).get(gid)
}

/// How many glyphs the face has: glyph ids run below it.
pub(crate) fn glyph_count(face: Face) -> usize {
    outlines(face).glyphs.len()
}

/// The face's design units per em (for comparing with font-unit tools).
pub fn units_per_em(face: Face) -> u16 {
    outlines(face).units_per_em
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_have_outlines_and_space_has_none() {
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("embedded font parses");
        let cmap = font.charmap();
        let alef = cmap.map('ا').expect("alef mapped").to_u32() as u16;
        let space = cmap.map(' ').expect("space mapped").to_u32() as u16;
        let path = glyph_outline(Face::Regular, alef).expect("alef has an outline");
        assert!(path.segs.len() > 2);
        assert!(glyph_outline(Face::Regular, space).is_none());
        assert!(units_per_em(Face::Regular) > 0);
    }

    #[test]
    fn outlines_are_flipped_to_y_down() {
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("embedded font parses");
        let h = font.charmap().map('H').expect("H mapped").to_u32() as u16;
        let path = glyph_outline(Face::Regular, h).expect("H has an outline");
        let ys: Vec<f32> = path
            .segs
            .iter()
            .filter_map(|s| match s {
                crate::scene::PathSeg::MoveTo(p) | crate::scene::PathSeg::LineTo(p) => Some(p.y),
                _ => None,
            })
            .collect();
        let min = ys.iter().copied().fold(f32::INFINITY, f32::min);
        let max = ys.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        // 'H' sits on the baseline and rises to cap height: y in [-0.8, 0].
        assert!(min < -0.5 && max <= 0.01, "min {min} max {max}");
    }
}
