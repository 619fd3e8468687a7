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
pub(crate) struct Source([u32; 4]);

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
