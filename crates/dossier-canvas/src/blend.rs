//! Source-over blending of one colour at a given coverage into
//! premultiplied RGBA8 pixels, for the parts of the PNG writer that compute
//! their own coverage (cached glyph masks, rectangle edges) instead of
//! asking tiny-skia to rasterise a path.

use crate::scene::Color;

/// `a × b / 255`, rounded.
pub(crate) fn mul255(a: u32, b: u32) -> u32 {
    let x = a * b + 128;
    (x + (x >> 8)) >> 8
}

/// A colour ready to blend: premultiplied RGBA, 0–255 per channel.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source([u32; 4]);

/// What [`Source::over`] makes of a white, opaque pixel at each coverage:
/// most text is drawn on the white page, and a lookup there takes the place
/// of four multiplications per pixel with the same result.
pub(crate) struct OverWhite {
    source: Source,
    pixels: [[u8; 4]; 256],
}

impl OverWhite {
    pub(crate) fn new(source: Source) -> OverWhite {
        let mut pixels = [[255u8; 4]; 256];
        for (c, px) in pixels.iter_mut().enumerate() {
            source.over(px, c as u32, None);
        }
        OverWhite { source, pixels }
    }

    pub(crate) fn source(&self) -> Source {
        self.source
    }

    /// Blends the colour over `px` at `coverage` (0–255), as
    /// [`Source::over`] does.
    #[inline]
    pub(crate) fn over(&self, px: &mut [u8], coverage: u8) {
        if coverage == 0 {
            return;
        }
        if px == [255; 4] {
            px.copy_from_slice(&self.pixels[usize::from(coverage)]);
        } else {
            self.source.over(px, u32::from(coverage), None);
        }
    }
}

impl Source {
    /// `None` for a fully transparent colour, which draws nothing.
    pub(crate) fn new(color: Color) -> Option<Source> {
        let alpha = u32::from((color.alpha.clamp(0.0, 1.0) * 255.0).round() as u8);
        (alpha > 0).then(|| {
            Source([
                mul255(u32::from(color.r), alpha),
                mul255(u32::from(color.g), alpha),
                mul255(u32::from(color.b), alpha),
                alpha,
            ])
        })
    }

    /// Blends the colour over the pixel `px` (4 bytes, premultiplied) at
    /// `coverage` (0–255), optionally scaled by a clip mask value.
    #[inline]
    pub(crate) fn over(&self, px: &mut [u8], coverage: u32, clip: Option<u8>) {
        let c = match clip {
            Some(m) => mul255(coverage, u32::from(m)),
            None => coverage,
        };
        if c == 0 {
            return;
        }
        let keep = 255 - mul255(self.0[3], c);
        for (d, s) in px.iter_mut().zip(self.0) {
            *d = (mul255(s, c) + mul255(u32::from(*d), keep)).min(255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul255_is_exact_at_the_ends_and_rounds_between() {
        assert_eq!(mul255(255, 255), 255);
        assert_eq!(mul255(0, 255), 0);
        assert_eq!(mul255(255, 128), 128);
        assert_eq!(mul255(100, 100), 39);
    }

    #[test]
    fn full_coverage_of_an_opaque_colour_replaces_the_pixel() {
        let src = Source::new(Color::rgb(10, 20, 30)).expect("opaque");
        let mut px = [255, 255, 255, 255];
        src.over(&mut px, 255, None);
        assert_eq!(px, [10, 20, 30, 255]);
    }

    #[test]
    fn over_white_is_over_on_every_pixel_and_coverage() {
        for color in [
            Color::rgb(10, 20, 30),
            Color::BLACK,
            Color {
                alpha: 0.4,
                ..Color::rgb(200, 100, 50)
            },
        ] {
            let src = Source::new(color).expect("visible");
            let table = OverWhite::new(src);
            for under in [
                [255, 255, 255, 255],
                [200, 10, 30, 255],
                [0, 0, 0, 0],
                [40, 40, 40, 128],
            ] {
                for c in 0..=255u8 {
                    let (mut a, mut b) = (under, under);
                    src.over(&mut a, u32::from(c), None);
                    table.over(&mut b, c);
                    assert_eq!(a, b, "{under:?} at {c}");
                }
            }
        }
    }

    #[test]
    fn partial_coverage_and_clips_mix_with_the_pixel() {
        let src = Source::new(Color::BLACK).expect("opaque");
        let mut px = [255, 255, 255, 255];
        src.over(&mut px, 128, None);
        assert_eq!(px, [127, 127, 127, 255]);
        let mut px = [255, 255, 255, 255];
        src.over(&mut px, 255, Some(0));
        assert_eq!(px, [255, 255, 255, 255]);
        assert!(Source::new(Color {
            alpha: 0.0,
            ..Color::BLACK
        })
        .is_none());
    }
}
