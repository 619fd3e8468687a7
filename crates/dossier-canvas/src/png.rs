//! PNG writer for a [`Scene`], rasterised with tiny-skia on a white
//! background.
//!
//! Glyphs are filled from their outlines (see [`crate::outline`]), so no
//! font rasteriser is involved and the output is the same bytes on every
//! machine. Groups compose their transforms; a group's clip becomes a
//! tiny-skia mask intersected with the clips of the enclosing groups.

use std::cell::RefCell;

use tiny_skia as sk;

use crate::outline::glyph_outline;
use crate::scene::{Color, Image, Item, Path, PathSeg, Scene, Stroke, Transform};
use crate::text::GlyphRun;

/// Why a scene could not be written as PNG.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PngError {
    /// The scene at that scale is empty or too large for a pixmap.
    #[error("cannot rasterise a {width}×{height} pt scene at scale {scale}")]
    Size { width: f32, height: f32, scale: f32 },
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

fn sk_transform(t: &Transform) -> sk::Transform {
    sk::Transform::from_row(t.a, t.b, t.c, t.d, t.e, t.f)
}

fn sk_color(c: Color) -> sk::Color {
    sk::Color::from_rgba8(
        c.r,
        c.g,
        c.b,
        (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
    )
}

fn paint(c: Color) -> sk::Paint<'static> {
    let mut p = sk::Paint::default();
    p.set_color(sk_color(c));
    p.anti_alias = true;
    p
}

/// Appends `path`, mapped through `t`, to a tiny-skia path builder.
fn append_path(pb: &mut sk::PathBuilder, path: &Path, t: &Transform) {
    for seg in &path.segs {
        match seg {
            PathSeg::MoveTo(p) => {
                let p = t.apply(*p);
                pb.move_to(p.x, p.y);
            }
            PathSeg::LineTo(p) => {
                let p = t.apply(*p);
                pb.line_to(p.x, p.y);
            }
            PathSeg::QuadTo(c, p) => {
                let (c, p) = (t.apply(*c), t.apply(*p));
                pb.quad_to(c.x, c.y, p.x, p.y);
            }
            PathSeg::CubicTo(c1, c2, p) => {
                let (c1, c2, p) = (t.apply(*c1), t.apply(*c2), t.apply(*p));
                pb.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y);
            }
            PathSeg::Close => pb.close(),
        }
    }
}

fn sk_path(path: &Path) -> Option<sk::Path> {
    let mut pb = sk::PathBuilder::new();
    append_path(&mut pb, path, &Transform::IDENTITY);
    pb.finish()
}

/// The rectangle, in pixels, that `path` mapped through `t` covers, when
/// the path is exactly an axis-aligned rectangle (as [`Path::rect`] makes
/// it) and `t` only scales and translates.
fn axis_aligned_rect(path: &Path, t: &Transform) -> Option<sk::Rect> {
    if t.b != 0.0 || t.c != 0.0 {
        return None;
    }
    let [PathSeg::MoveTo(p0), PathSeg::LineTo(p1), PathSeg::LineTo(p2), PathSeg::LineTo(p3), PathSeg::Close] =
        path.segs.as_slice()
    else {
        return None;
    };
    let horizontal_first = p0.y == p1.y && p1.x == p2.x && p2.y == p3.y && p3.x == p0.x;
    let vertical_first = p0.x == p1.x && p1.y == p2.y && p2.x == p3.x && p3.y == p0.y;
    if !(horizontal_first || vertical_first) {
        return None;
    }
    let (a, b) = (t.apply(*p0), t.apply(*p2));
    sk::Rect::from_ltrb(a.x.min(b.x), a.y.min(b.y), a.x.max(b.x), a.y.max(b.y))
}

/// Converts straight-alpha RGBA8 into a tiny-skia pixmap (premultiplied).
fn pixmap_from_rgba(width: u32, height: u32, rgba: &[u8]) -> Option<sk::Pixmap> {
    let len = (width as usize)
        .checked_mul(height as usize)?
        .checked_mul(4)?;
    if rgba.len() != len || len == 0 {
        return None;
    }
    let mut data = Vec::with_capacity(len);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        let mul = |c: u8| ((u16::from(c) * a + 127) / 255) as u8;
        data.extend_from_slice(&[mul(px[0]), mul(px[1]), mul(px[2]), px[3]]);
    }
    sk::Pixmap::from_vec(data, sk::IntSize::from_wh(width, height)?)
}

/// Encodes straight-alpha RGBA8 pixels as PNG (for SVG data URIs).
pub(crate) fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Option<Vec<u8>> {
    pixmap_from_rgba(width, height, rgba)?.encode_png().ok()
}

struct Raster {
    pixmap: sk::Pixmap,
}

impl Raster {
    fn items(&mut self, items: &[Item], t: Transform, mask: Option<&sk::Mask>) {
        for item in items {
            match item {
                Item::Path { path, fill, stroke } => {
                    self.path(path, *fill, stroke.as_ref(), t, mask)
                }
                Item::Glyphs(run) => self.glyphs(run, t, mask),
                Item::Image(img) => self.image(img, t, mask),
                Item::Link { .. } | Item::Anchor { .. } => {}
                Item::Group(g) => {
                    let inner = t.then(g.transform);
                    match &g.clip {
                        Some(clip) => {
                            let Some(clip_path) = sk_path(clip) else {
                                // An empty clip hides the whole group.
                                continue;
                            };
                            let new_mask = match mask {
                                Some(m) => {
                                    let mut m = m.clone();
                                    m.intersect_path(
                                        &clip_path,
                                        sk::FillRule::Winding,
                                        true,
                                        sk_transform(&inner),
                                    );
                                    Some(m)
                                }
                                None => sk::Mask::new(self.pixmap.width(), self.pixmap.height())
                                    .map(|mut m| {
                                        m.fill_path(
                                            &clip_path,
                                            sk::FillRule::Winding,
                                            true,
                                            sk_transform(&inner),
                                        );
                                        m
                                    }),
                            };
                            if let Some(m) = new_mask {
                                self.items(&g.items, inner, Some(&m));
                            }
                        }
                        None => self.items(&g.items, inner, mask),
                    }
                }
            }
        }
    }

    fn path(
        &mut self,
        path: &Path,
        fill: Option<Color>,
        stroke: Option<&Stroke>,
        t: Transform,
        mask: Option<&sk::Mask>,
    ) {
        if let (Some(c), None) = (fill, stroke) {
            if let Some(r) = axis_aligned_rect(path, &t) {
                self.rect(r, c, mask);
                return;
            }
        }
        let Some(p) = sk_path(path) else {
            return;
        };
        let ts = sk_transform(&t);
        if let Some(c) = fill {
            self.pixmap
                .fill_path(&p, &paint(c), sk::FillRule::Winding, ts, mask);
        }
        if let Some(s) = stroke {
            if s.width <= 0.0 || !s.width.is_finite() {
                return;
            }
            let mut sks = sk::Stroke {
                width: s.width,
                ..sk::Stroke::default()
            };
            if !s.dash.is_empty() {
                let mut dash = s.dash.clone();
                if dash.len() % 2 == 1 {
                    dash.extend_from_within(..);
                }
                sks.dash = sk::StrokeDash::new(dash, 0.0);
            }
            self.pixmap.stroke_path(&p, &paint(s.color), &sks, ts, mask);
        }
    }

    /// True when `item` is an opaque rectangle over the whole pixmap (a
    /// chart's background), which makes filling the page white first
    /// pointless.
    fn covers(&self, item: &Item, scale: f32) -> bool {
        let Item::Path {
            path,
            fill: Some(c),
            stroke: None,
        } = item
        else {
            return false;
        };
        let (w, h) = (self.pixmap.width() as f32, self.pixmap.height() as f32);
        c.alpha >= 1.0
            && axis_aligned_rect(path, &Transform::scale(scale, scale)).is_some_and(|r| {
                r.left() <= 0.0 && r.top() <= 0.0 && r.right() >= w && r.bottom() >= h
            })
    }

    /// Fills a rectangle given in pixels. Charts are mostly rectangles
    /// (background, bars, bands, legend swatches), and tiny-skia's
    /// rectangle filler computes exact edge coverage in one pass, where the
    /// general path filler supersamples every row. An opaque rectangle that
    /// covers the whole unmasked pixmap is a plain fill.
    fn rect(&mut self, r: sk::Rect, c: Color, mask: Option<&sk::Mask>) {
        let (w, h) = (self.pixmap.width() as f32, self.pixmap.height() as f32);
        if mask.is_none()
            && c.alpha >= 1.0
            && r.left() <= 0.0
            && r.top() <= 0.0
            && r.right() >= w
            && r.bottom() >= h
        {
            self.pixmap.fill(sk_color(c));
            return;
        }
        self.pixmap
            .fill_rect(r, &paint(c), sk::Transform::identity(), mask);
    }

    /// Fills all glyphs of a run as one path, so overlapping glyph parts
    /// (joined Persian letters) blend once under a translucent colour.
    fn glyphs(&mut self, run: &GlyphRun, t: Transform, mask: Option<&sk::Mask>) {
        let mut pb = sk::PathBuilder::new();
        for g in &run.glyphs {
            if let Some(outline) = glyph_outline(run.face, g.id) {
                let gt = Transform::translate(g.x, g.y).then(Transform::scale(run.size, run.size));
                append_path(&mut pb, outline, &gt);
            }
        }
        if let Some(p) = pb.finish() {
            self.pixmap.fill_path(
                &p,
                &paint(run.color),
                sk::FillRule::Winding,
                sk_transform(&t),
                mask,
            );
        }
    }

    fn image(&mut self, img: &Image, t: Transform, mask: Option<&sk::Mask>) {
        let Some(src) = pixmap_from_rgba(img.width, img.height, &img.rgba) else {
            return;
        };
        let place = Transform::translate(img.rect.x, img.rect.y).then(Transform::scale(
            img.rect.width / img.width as f32,
            img.rect.height / img.height as f32,
        ));
        let paint = sk::PixmapPaint {
            quality: sk::FilterQuality::Bilinear,
            ..sk::PixmapPaint::default()
        };
        self.pixmap.draw_pixmap(
            0,
            0,
            src.as_ref(),
            &paint,
            sk_transform(&t.then(place)),
            mask,
        );
    }
}

/// Rasterises `scene` at `scale` pixels per point on a white background and
/// encodes it as PNG.
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, PngError> {
    let size_err = PngError::Size {
        width: scene.width,
        height: scene.height,
        scale,
    };
    let w = (scene.width * scale).ceil();
    let h = (scene.height * scale).ceil();
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 && w <= 30000.0 && h <= 30000.0) {
        return Err(size_err);
    }
    let (w, h) = (w as u32, h as u32);
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let pixmap = match scratch.pixmap.take() {
            Some(p) if p.width() == w && p.height() == h => Some(p),
            _ => sk::Pixmap::new(w, h),
        };
        let Some(pixmap) = pixmap else {
            return Err(size_err);
        };
        let mut r = Raster { pixmap };
        if !scene.items.first().is_some_and(|i| r.covers(i, scale)) {
            r.pixmap.fill(sk::Color::WHITE);
        }
        r.items(&scene.items, Transform::scale(scale, scale), None);
        let png =
            encode_rgb(&r.pixmap, &mut scratch.rgb).map_err(|e| PngError::Encode(e.to_string()));
        if r.pixmap.data().len() <= SCRATCH_MAX_BYTES {
            scratch.pixmap = Some(r.pixmap);
        } else {
            scratch.rgb = Vec::new();
        }
        png
    })
}

/// Buffers kept between PNGs on the same thread: a chart run writes many
/// images of one size, and fresh multi-megabyte buffers cost a page fault
/// per 4 KB. Every pixel is overwritten before use, so nothing carries over
/// from one image to the next.
#[derive(Default)]
struct Scratch {
    pixmap: Option<sk::Pixmap>,
    rgb: Vec<u8>,
}

/// Larger pixmaps (over 4,000 × 4,000 pixels) are not kept.
const SCRATCH_MAX_BYTES: usize = 64 << 20;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Premultiplied RGBA8 pixels → straight RGB8.
fn demultiply_into(rgba: &[u8], rgb: &mut [u8]) {
    for (s, d) in rgba.chunks_exact(4).zip(rgb.chunks_exact_mut(3)) {
        let c = sk::PremultipliedColorU8::from_rgba(s[0], s[1], s[2], s[3]).map_or(
            [255, 255, 255],
            |p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()]
            },
        );
        d.copy_from_slice(&c);
    }
}

/// Encodes an opaque pixmap as 8-bit RGB: the page is white underneath, so
/// alpha carries nothing.
///
/// Compression is fdeflate's single-pass compressor with the `Up` filter on
/// every row: on flat chart graphics that takes about half the time of
/// adaptive filtering, and the file stays a small fraction of the raw
/// pixels (an 800 × 500 pt chart at scale 2: about 190 KB, against 78 KB
/// with adaptive filtering and 4.8 MB raw).
fn encode_rgb(pixmap: &sk::Pixmap, rgb: &mut Vec<u8>) -> Result<Vec<u8>, png::EncodingError> {
    let data = pixmap.data();
    rgb.resize(data.len() / 4 * 3, 0);
    // Four pixels at a time as fixed-size arrays, which the compiler turns
    // into a byte shuffle. Opaque pixels (all of them, over the white page)
    // need nothing else; any other pixel sends the image through the
    // division by alpha.
    let (src, src_rest) = data.as_chunks::<16>();
    let (dst, dst_rest) = rgb.as_chunks_mut::<12>();
    let mut opaque = 0xFF;
    for (s, d) in src.iter().zip(dst.iter_mut()) {
        *d = [
            s[0], s[1], s[2], s[4], s[5], s[6], s[8], s[9], s[10], s[12], s[13], s[14],
        ];
        opaque &= s[3] & s[7] & s[11] & s[15];
    }
    demultiply_into(src_rest, dst_rest);
    if opaque != 0xFF {
        demultiply_into(data, rgb);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Group, Point, Rect};

    fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 4] {
        let p = sk::Pixmap::decode_png(png).expect("decodes");
        let c = p.pixel(x, y).expect("in range").demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    }

    /// Packing to RGB: whole groups of four pixels, the leftover pixel, and
    /// the division by alpha when a pixel is not opaque.
    #[test]
    fn rgb_packing_keeps_every_pixel() {
        for alpha in [255u8, 128] {
            let mut pixmap = sk::Pixmap::new(3, 3).expect("pixmap");
            for (i, px) in pixmap.pixels_mut().iter_mut().enumerate() {
                let a = if i == 4 { alpha } else { 255 };
                let c = sk::ColorU8::from_rgba(i as u8 * 20, 200 - i as u8 * 10, 7, a);
                *px = c.premultiply();
            }
            let png = encode_rgb(&pixmap, &mut Vec::new()).expect("encodes");
            let back = sk::Pixmap::decode_png(&png).expect("decodes");
            for (i, (a, b)) in pixmap.pixels().iter().zip(back.pixels()).enumerate() {
                let (a, b) = (a.demultiply(), b.demultiply());
                assert_eq!(
                    (a.red(), a.green(), a.blue()),
                    (b.red(), b.green(), b.blue()),
                    "pixel {i} with alpha {alpha}"
                );
                assert_eq!(b.alpha(), 255);
            }
        }
    }

    #[test]
    fn fills_strokes_and_clips() {
        let mut scene = Scene::new(40.0, 20.0);
        scene.fill(
            Path::rect(Rect::new(0.0, 0.0, 10.0, 10.0)),
            Color::rgb(255, 0, 0),
        );
        scene.stroke(
            Path::line(Point::new(0.0, 15.0), Point::new(40.0, 15.0)),
            Stroke {
                color: Color::BLACK,
                width: 2.0,
                dash: vec![4.0, 4.0],
            },
        );
        let inner = vec![Item::Path {
            path: Path::rect(Rect::new(0.0, 0.0, 20.0, 10.0)),
            fill: Some(Color::rgb(0, 0, 255).with_alpha(0.5)),
            stroke: None,
        }];
        scene.push(Item::Group(Group {
            transform: Transform::translate(20.0, 0.0),
            clip: Some(Path::rect(Rect::new(0.0, 0.0, 10.0, 10.0))),
            items: inner,
        }));
        let png = to_png(&scene, 2.0).expect("renders");
        assert_eq!(pixel(&png, 10, 10), [255, 0, 0, 255]);
        // Half-transparent blue over white.
        let c = pixel(&png, 50, 10);
        assert!(c[0] > 120 && c[0] < 135 && c[2] == 255, "{c:?}");
        // Clipped away.
        assert_eq!(pixel(&png, 70, 10), [255, 255, 255, 255]);
        // Dash: on at x 0..4, off at 4..8 (points).
        assert_eq!(pixel(&png, 4, 30)[0], 0);
        assert_eq!(pixel(&png, 12, 30)[0], 255);
        assert_eq!(png, to_png(&scene, 2.0).expect("renders"), "deterministic");
    }

    #[test]
    fn images_are_drawn_into_their_rect() {
        let mut scene = Scene::new(10.0, 10.0);
        scene.push(Item::Image(Image {
            width: 2,
            height: 1,
            rgba: vec![0, 255, 0, 255, 0, 0, 0, 0],
            rect: Rect::new(0.0, 0.0, 10.0, 10.0),
        }));
        let png = to_png(&scene, 1.0).expect("renders");
        assert_eq!(pixel(&png, 1, 5), [0, 255, 0, 255]);
        assert_eq!(pixel(&png, 9, 5), [255, 255, 255, 255]);
    }

    #[test]
    fn empty_scene_is_an_error() {
        assert!(matches!(
            to_png(&Scene::new(0.0, 10.0), 2.0),
            Err(PngError::Size { .. })
        ));
    }
}
