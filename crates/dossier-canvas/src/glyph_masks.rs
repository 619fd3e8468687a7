//! Glyph coverage masks for the PNG writer, rasterised once per glyph, size
//! and quarter-pixel offset and then reused, as text rasterisers do.
//!
//! Filling every glyph outline anew was about a third of a chart's PNG
//! time: a chart repeats the same few dozen glyphs (digits, the letters of
//! its labels) hundreds of times. A run's masks are combined into one
//! coverage buffer before it is blended, so that joined Persian letters,
//! whose outlines meet or overlap, blend once, as a single filled path
//! would.
//!
//! The output does not depend on what the cache holds: a mask is a pure
//! function of its key, and positions are quantised the same way whether
//! the mask is new or reused.

use std::collections::HashMap;

use tiny_skia as sk;

use crate::blend::{mul255, OverWhite, Source};
use crate::fonts::Face;
use crate::outline::glyph_outline;
use crate::png::append_path;
use crate::scene::{Color, Path, Transform};

/// Glyph positions are rounded to a quarter of a pixel, horizontally and
/// vertically: at the default scale of 2 that is 1/8 pt, far below what a
/// reader can see, and it bounds the masks per glyph and size at 16.
const STEPS: f32 = 4.0;

/// Pixel sizes above this are drawn from outlines: large glyphs are rare
/// and their masks would be large.
pub(crate) const MAX_SIZE: f32 = 200.0;

/// Masks kept per thread before the cache starts over (a few MB at most).
const MAX_MASKS: usize = 20_000;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    face: Face,
    id: u16,
    /// Pixel size, as `f32` bits.
    size: u32,
    /// Sub-pixel offset in steps of 1/`STEPS`.
    dx: u8,
    dy: u8,
}

/// A glyph's anti-aliased coverage. `left` and `top` place the mask
/// relative to the whole pixel that holds the glyph's origin.
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
}

/// A rectangle of whole pixels, `x0..x1` × `y0..y1`.
#[derive(Clone, Copy)]
struct Bounds {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

/// The cache, and the buffer a run's coverage is summed in.
#[derive(Default)]
pub(crate) struct GlyphMasks {
    masks: HashMap<Key, Option<Mask>>,
    run: Vec<u8>,
    placed: Vec<(Key, i32, i32)>,
    /// Blending tables of the colours text was drawn in (a chart uses a
    /// handful).
    colors: Vec<OverWhite>,
}

/// Colours whose blending tables are kept before they start over.
const MAX_COLORS: usize = 16;

/// One glyph to draw: its face and id, and its origin in pixels.
pub(crate) struct Placed {
    pub face: Face,
    pub id: u16,
    pub x: f32,
    pub y: f32,
}

/// Splits a pixel coordinate into its whole pixel and its step.
fn quantise(v: f32) -> (i32, u8) {
    let whole = v.floor();
    let step = ((v - whole) * STEPS).round();
    if step >= STEPS {
        (whole as i32 + 1, 0)
    } else {
        (whole as i32, step as u8)
    }
}

/// `path` (in em units) scaled to `size` pixels and moved by (`dx`, `dy`).
fn sk_path(path: &Path, size: f32, dx: f32, dy: f32) -> Option<sk::Path> {
    let mut pb = sk::PathBuilder::new();
    let place = Transform {
        a: size,
        d: size,
        e: dx,
        f: dy,
        ..Transform::IDENTITY
    };
    append_path(&mut pb, path, &place);
    pb.finish()
}

/// Rasterises one glyph at its key's size and offset; `None` for glyphs
/// that draw nothing.
fn rasterise(key: &Key) -> Option<Mask> {
    let outline = glyph_outline(key.face, key.id)?;
    let size = f32::from_bits(key.size);
    let (fx, fy) = (f32::from(key.dx) / STEPS, f32::from(key.dy) / STEPS);
    let bounds = sk_path(outline, size, fx, fy)?.bounds();
    // One pixel of margin: anti-aliasing may touch the pixel beyond an
    // edge that lies exactly on a pixel boundary.
    let left = bounds.left().floor() as i32 - 1;
    let top = bounds.top().floor() as i32 - 1;
    let width = (bounds.right().ceil() as i32 + 1 - left).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 + 1 - top).max(1) as u32;
    let path = sk_path(outline, size, fx - left as f32, fy - top as f32)?;
    let mut mask = sk::Mask::new(width, height)?;
    mask.fill_path(
        &path,
        sk::FillRule::Winding,
        true,
        sk::Transform::identity(),
    );
    Some(Mask {
        left,
        top,
        width: width as usize,
        height: height as usize,
        coverage: mask.data().to_vec(),
    })
}

impl GlyphMasks {
    /// Draws `glyphs` (one run, at `size` pixels) in `color` onto `pixmap`,
    /// under the optional clip `clip` (a mask of the pixmap's size).
    pub(crate) fn draw_run(
        &mut self,
        pixmap: &mut sk::Pixmap,
        glyphs: impl Iterator<Item = Placed>,
        size: f32,
        color: Color,
        clip: Option<&sk::Mask>,
    ) {
        if self.masks.len() > MAX_MASKS {
            self.masks.clear();
        }
        let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
        let mut area: Option<Bounds> = None;
        self.placed.clear();
        for g in glyphs {
            if !(g.x.is_finite() && g.y.is_finite()) || g.x.abs() > 1e6 || g.y.abs() > 1e6 {
                continue;
            }
            let (x, dx) = quantise(g.x);
            let (y, dy) = quantise(g.y);
            let key = Key {
                face: g.face,
                id: g.id,
                size: size.to_bits(),
                dx,
                dy,
            };
            let Some(mask) = self.masks.entry(key).or_insert_with(|| rasterise(&key)) else {
                continue;
            };
            let b = Bounds {
                x0: x + mask.left,
                y0: y + mask.top,
                x1: x + mask.left + mask.width as i32,
                y1: y + mask.top + mask.height as i32,
            };
            area = Some(match area {
                None => b,
                Some(a) => Bounds {
                    x0: a.x0.min(b.x0),
                    y0: a.y0.min(b.y0),
                    x1: a.x1.max(b.x1),
                    y1: a.y1.max(b.y1),
                },
            });
            self.placed.push((key, x, y));
        }
        let Some(a) = area else {
            return;
        };
        let area = Bounds {
            x0: a.x0.max(0),
            y0: a.y0.max(0),
            x1: a.x1.min(pw),
            y1: a.y1.min(ph),
        };
        if area.x0 >= area.x1 || area.y0 >= area.y1 {
            return;
        }
        let aw = (area.x1 - area.x0) as usize;
        let ah = (area.y1 - area.y0) as usize;
        self.run.clear();
        self.run.resize(aw * ah, 0);

        // Combine the run's coverage, clipped to the pixmap, as
        // `a + b − a·b`: where two glyphs overlap, interiors stay at full
        // coverage and shared edges come within an eighth of what filling
        // the run as one path gives.
        for (key, x, y) in &self.placed {
            let Some(Some(mask)) = self.masks.get(key) else {
                continue;
            };
            let mx0 = x + mask.left;
            let my0 = y + mask.top;
            let cx0 = mx0.max(area.x0);
            let cy0 = my0.max(area.y0);
            let cx1 = (mx0 + mask.width as i32).min(area.x1);
            let cy1 = (my0 + mask.height as i32).min(area.y1);
            if cx0 >= cx1 {
                continue;
            }
            let n = (cx1 - cx0) as usize;
            for py in cy0..cy1 {
                let src = (py - my0) as usize * mask.width + (cx0 - mx0) as usize;
                let dst = (py - area.y0) as usize * aw + (cx0 - area.x0) as usize;
                for (d, s) in self.run[dst..dst + n]
                    .iter_mut()
                    .zip(&mask.coverage[src..src + n])
                {
                    let (a, b) = (u32::from(*d), u32::from(*s));
                    *d = (a + b - mul255(a, b)) as u8;
                }
            }
        }

        // Blend the colour through the coverage: source-over with
        // premultiplied pixels, as tiny-skia's own fills do.
        let Some(src) = Source::new(color) else {
            return;
        };
        let table = match self.colors.iter().position(|t| t.source() == src) {
            Some(i) => i,
            None => {
                if self.colors.len() >= MAX_COLORS {
                    self.colors.clear();
                }
                self.colors.push(OverWhite::new(src));
                self.colors.len() - 1
            }
        };
        let table = &self.colors[table];
        let stride = pw as usize;
        let clip = clip.map(|m| m.data());
        let data = pixmap.data_mut();
        for py in 0..ah {
            let row = (area.y0 as usize + py) * stride + area.x0 as usize;
            let coverage = &self.run[py * aw..(py + 1) * aw];
            let pixels = &mut data[row * 4..(row + aw) * 4];
            match clip {
                None => {
                    for (c, pixel) in coverage.iter().zip(pixels.chunks_exact_mut(4)) {
                        table.over(pixel, *c);
                    }
                }
                Some(m) => {
                    for (px, (c, pixel)) in
                        coverage.iter().zip(pixels.chunks_exact_mut(4)).enumerate()
                    {
                        src.over(pixel, u32::from(*c), Some(m[row + px]));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_rounds_to_quarter_pixels() {
        assert_eq!(quantise(3.0), (3, 0));
        assert_eq!(quantise(3.24), (3, 1));
        assert_eq!(quantise(3.5), (3, 2));
        assert_eq!(quantise(3.9), (4, 0));
        assert_eq!(quantise(-0.3), (-1, 3));
    }

    /// The same glyph drawn twice in a row gives the same pixels whether
    /// its mask was new or cached, and both match a fresh cache.
    #[test]
    fn cached_and_fresh_masks_draw_the_same_pixels() {
        let id = glyph('ش');
        let draw = |cache: &mut GlyphMasks| {
            let mut pixmap = sk::Pixmap::new(60, 40).expect("pixmap");
            pixmap.fill(sk::Color::WHITE);
            let glyph = || Placed {
                face: Face::Regular,
                id,
                x: 10.3,
                y: 30.6,
            };
            cache.draw_run(
                &mut pixmap,
                std::iter::once(glyph()),
                24.0,
                Color::BLACK,
                None,
            );
            pixmap.data().to_vec()
        };
        let mut warm = GlyphMasks::default();
        let first = draw(&mut warm);
        let second = draw(&mut warm);
        let fresh = draw(&mut GlyphMasks::default());
        assert_eq!(first, second);
        assert_eq!(first, fresh);
        assert!(first.chunks(4).any(|p| p[0] < 64), "the glyph left ink");
    }

    fn glyph(ch: char) -> u16 {
        use skrifa::MetadataProvider;
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("font parses");
        font.charmap().map(ch).expect("mapped").to_u32() as u16
    }

    fn blank(w: u32, h: u32) -> sk::Pixmap {
        let mut pixmap = sk::Pixmap::new(w, h).expect("pixmap");
        pixmap.fill(sk::Color::WHITE);
        pixmap
    }

    /// Fills `path` in black with tiny-skia's own anti-aliased filler.
    fn fill_black(pixmap: &mut sk::Pixmap, path: &sk::Path) {
        let mut paint = sk::Paint::default();
        paint.set_color(sk::Color::BLACK);
        paint.anti_alias = true;
        pixmap.fill_path(
            path,
            &paint,
            sk::FillRule::Winding,
            sk::Transform::identity(),
            None,
        );
    }

    /// The largest difference of any channel of any pixel.
    fn worst_difference(a: &sk::Pixmap, b: &sk::Pixmap) -> u8 {
        a.data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0)
    }

    /// Overlapping glyphs of one run blend once: where two translucent
    /// glyphs overlap, the pixels are no darker than one glyph's interior.
    #[test]
    fn a_translucent_run_blends_once() {
        let id = glyph('ـ');
        let half_blue = Color {
            alpha: 0.5,
            ..Color::rgb(0, 90, 200)
        };
        let at = |x| Placed {
            face: Face::Regular,
            id,
            x,
            y: 30.0,
        };
        let mut once = blank(80, 40);
        let mut twice = blank(80, 40);
        let mut masks = GlyphMasks::default();
        masks.draw_run(&mut once, [at(10.0)].into_iter(), 40.0, half_blue, None);
        masks.draw_run(
            &mut twice,
            [at(10.0), at(18.0)].into_iter(),
            40.0,
            half_blue,
            None,
        );
        let darkest = |p: &sk::Pixmap| p.data().chunks(4).map(|px| px[0]).min().unwrap_or(255);
        let interior = darkest(&once);
        assert!(interior < 200, "the glyph left ink");
        assert_eq!(darkest(&twice), interior);
        // Two runs do blend twice: the second darkens the first.
        masks.draw_run(&mut twice, [at(10.0)].into_iter(), 40.0, half_blue, None);
        assert!(darkest(&twice) < interior);
    }

    /// A joined Persian line drawn from masks stays within an eighth of
    /// filling its outlines as one path, at the sizes charts use.
    #[test]
    fn a_persian_line_matches_its_filled_outlines() {
        use crate::{Direction, SpanStyle, Typesetter, Weight};
        let mut ts = Typesetter::new();
        for (size, weight) in [(9.0, Weight::Regular), (13.5, Weight::Bold)] {
            let style = SpanStyle::new(size, weight, Color::BLACK);
            let text = "میلیارد دلار آمریکا، صادرات و واردات سیسیلی ۱۹۹۵";
            let label = ts
                .label(text, &style, Direction::Rtl, "test")
                .expect("lays out");
            let scale = 2.0;
            let w = (label.width * scale).ceil() as u32 + 20;
            let (mut ours, mut filled) = (blank(w, 70), blank(w, 70));
            let mut masks = GlyphMasks::default();
            for run in &label.runs {
                let px = run.size * scale;
                // Positions already on the quarter-pixel grid, so that both
                // drawings put every glyph in the same place.
                let at: Vec<(f32, f32, u16)> = run
                    .glyphs
                    .iter()
                    .map(|g| {
                        let q = |v: f32| (v * STEPS).round() / STEPS;
                        (q(10.0 + g.x * scale), q(45.0 + g.y * scale), g.id)
                    })
                    .collect();
                let placed = at.iter().map(|&(x, y, id)| Placed {
                    face: run.face,
                    id,
                    x,
                    y,
                });
                masks.draw_run(&mut ours, placed, px, Color::BLACK, None);
                let mut pb = sk::PathBuilder::new();
                for &(x, y, id) in &at {
                    if let Some(p) = glyph_outline(run.face, id).and_then(|o| sk_path(o, px, x, y))
                    {
                        pb.push_path(&p);
                    }
                }
                if let Some(p) = pb.finish() {
                    fill_black(&mut filled, &p);
                }
            }
            let worst = worst_difference(&ours, &filled);
            let inked = filled.data().chunks(4).filter(|p| p[0] < 128).count();
            assert!(inked > 500, "the line left ink");
            assert!(worst <= 40, "{size} pt: largest difference {worst}");
        }
    }

    /// A clip mask cuts a run: nothing is drawn where the mask is zero.
    #[test]
    fn runs_respect_the_clip() {
        let id = glyph('ـ');
        let (w, h) = (80, 40);
        let mut clip = sk::Mask::new(w, h).expect("mask");
        let left = sk::PathBuilder::from_rect(sk::Rect::from_xywh(0.0, 0.0, 40.0, 40.0).unwrap());
        clip.fill_path(
            &left,
            sk::FillRule::Winding,
            false,
            sk::Transform::identity(),
        );
        let mut pixmap = blank(w, h);
        let run = (0..8).map(|k| Placed {
            face: Face::Regular,
            id,
            x: 5.0 + k as f32 * 8.0,
            y: 25.0,
        });
        GlyphMasks::default().draw_run(&mut pixmap, run, 20.0, Color::BLACK, Some(&clip));
        let inked = |x0: u32, x1: u32| {
            (0..h).any(|y| (x0..x1).any(|x| pixmap.pixel(x, y).is_some_and(|p| p.red() < 200)))
        };
        assert!(inked(0, 40), "the run is drawn inside the clip");
        assert!(!inked(40, w), "nothing is drawn outside the clip");
    }

    /// Coverage from the cache matches tiny-skia filling the outline at
    /// the same (quantised) position, up to rounding.
    #[test]
    fn masks_match_filling_the_outline() {
        let id = glyph('g');
        let (x, y, size) = (12.25, 30.5, 22.0);
        let mut ours = blank(50, 45);
        let at = Placed {
            face: Face::Regular,
            id,
            x,
            y,
        };
        GlyphMasks::default().draw_run(&mut ours, [at].into_iter(), size, Color::BLACK, None);
        let mut filled = blank(50, 45);
        let outline = glyph_outline(Face::Regular, id).expect("outline");
        fill_black(&mut filled, &sk_path(outline, size, x, y).expect("path"));
        let worst = worst_difference(&ours, &filled);
        assert!(worst <= 2, "largest difference {worst}");
    }
}
