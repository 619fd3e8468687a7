//! The `Scene`: a display list in points, the one contract between layout
//! (pages, charts) and the writers (PDF, SVG, PNG).
//!
//! Coordinates are in points (1/72 inch) with the origin at the top-left
//! corner and y growing downwards, as in SVG. The PDF writer flips y.

use crate::text::GlyphRun;

/// An sRGB colour with straight (non-premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    /// Opacity, 0.0 (transparent) to 1.0 (opaque).
    pub alpha: f32,
}

impl Color {
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    pub const WHITE: Color = Color::rgb(255, 255, 255);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color {
            r,
            g,
            b,
            alpha: 1.0,
        }
    }

    pub const fn with_alpha(self, alpha: f32) -> Color {
        Color { alpha, ..self }
    }

    /// Parses `#rrggbb`.
    pub fn from_hex(hex: &str) -> Option<Color> {
        let h = hex.strip_prefix('#')?;
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Color::rgb(p(0)?, p(2)?, p(4)?))
    }

    /// `#rrggbb`, for SVG and diagnostics.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A point in scene coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle: top-left corner plus size.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// True when the two rectangles share interior area.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// One segment of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathSeg {
    MoveTo(Point),
    LineTo(Point),
    QuadTo(Point, Point),
    CubicTo(Point, Point, Point),
    Close,
}

/// A vector outline made of segments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Path {
    pub segs: Vec<PathSeg>,
}

impl Path {
    pub fn new() -> Path {
        Path::default()
    }

    pub fn move_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.segs.push(PathSeg::MoveTo(Point::new(x, y)));
        self
    }

    pub fn line_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.segs.push(PathSeg::LineTo(Point::new(x, y)));
        self
    }

    pub fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) -> &mut Self {
        self.segs
            .push(PathSeg::QuadTo(Point::new(x1, y1), Point::new(x, y)));
        self
    }

    pub fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) -> &mut Self {
        self.segs.push(PathSeg::CubicTo(
            Point::new(x1, y1),
            Point::new(x2, y2),
            Point::new(x, y),
        ));
        self
    }

    pub fn close(&mut self) -> &mut Self {
        self.segs.push(PathSeg::Close);
        self
    }

    /// A closed rectangle.
    pub fn rect(r: Rect) -> Path {
        let mut p = Path::new();
        p.move_to(r.x, r.y)
            .line_to(r.right(), r.y)
            .line_to(r.right(), r.bottom())
            .line_to(r.x, r.bottom())
            .close();
        p
    }

    /// A straight line from `a` to `b`.
    pub fn line(a: Point, b: Point) -> Path {
        let mut p = Path::new();
        p.move_to(a.x, a.y).line_to(b.x, b.y);
        p
    }

    /// A circle approximated by four cubic Béziers.
    pub fn circle(c: Point, r: f32) -> Path {
        const K: f32 = 0.552_284_8;
        let k = K * r;
        let mut p = Path::new();
        p.move_to(c.x + r, c.y)
            .cubic_to(c.x + r, c.y + k, c.x + k, c.y + r, c.x, c.y + r)
            .cubic_to(c.x - k, c.y + r, c.x - r, c.y + k, c.x - r, c.y)
            .cubic_to(c.x - r, c.y - k, c.x - k, c.y - r, c.x, c.y - r)
            .cubic_to(c.x + k, c.y - r, c.x + r, c.y - k, c.x + r, c.y)
            .close();
        p
    }

    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }
}

/// How a path's outline is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
    /// Dash lengths in points; empty for a solid line.
    pub dash: Vec<f32>,
}

impl Stroke {
    pub fn solid(color: Color, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: Vec::new(),
        }
    }
}

/// A 2-D affine transform `[a b c d e f]`, mapping (x, y) to
/// (a·x + c·y + e, b·x + d·y + f), as in PDF and SVG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Transform {
    pub const IDENTITY: Transform = Transform {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub const fn translate(x: f32, y: f32) -> Transform {
        Transform {
            e: x,
            f: y,
            ..Transform::IDENTITY
        }
    }

    pub const fn scale(sx: f32, sy: f32) -> Transform {
        Transform {
            a: sx,
            d: sy,
            ..Transform::IDENTITY
        }
    }

    /// `self` applied after `inner`: `self ∘ inner`.
    pub fn then(self, inner: Transform) -> Transform {
        Transform {
            a: self.a * inner.a + self.c * inner.b,
            b: self.b * inner.a + self.d * inner.b,
            c: self.a * inner.c + self.c * inner.d,
            d: self.b * inner.c + self.d * inner.d,
            e: self.a * inner.e + self.c * inner.f + self.e,
            f: self.b * inner.e + self.d * inner.f + self.f,
        }
    }

    pub fn apply(&self, p: Point) -> Point {
        Point::new(
            self.a * p.x + self.c * p.y + self.e,
            self.b * p.x + self.d * p.y + self.f,
        )
    }

    pub fn is_identity(&self) -> bool {
        *self == Transform::IDENTITY
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An external URL.
    Url(String),
    /// A named destination inside the same document (e.g. a heading anchor).
    Anchor(String),
}

/// A raster image placed in a rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Straight-alpha RGBA8 pixels, row-major, `width * height * 4` bytes.
    pub rgba: Vec<u8>,
    /// Where the image is drawn, in points.
    pub rect: Rect,
}

/// A group of items drawn with a transform and an optional clip.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub transform: Transform,
    /// Clip path in the group's own (transformed) coordinates.
    pub clip: Option<Path>,
    pub items: Vec<Item>,
}

/// One thing drawn in a scene.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A path, filled, stroked or both (fill first).
    Path {
        path: Path,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// Shaped text: glyphs positioned in scene coordinates.
    Glyphs(GlyphRun),
    Image(Image),
    /// A clickable area.
    Link {
        rect: Rect,
        target: LinkTarget,
    },
    /// A named destination at a point (targets of `LinkTarget::Anchor`).
    Anchor {
        name: String,
        at: Point,
    },
    Group(Group),
}

/// A display list of a given size in points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn new(width: f32, height: f32) -> Scene {
        Scene {
            width,
            height,
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    pub fn fill(&mut self, path: Path, color: Color) {
        self.items.push(Item::Path {
            path,
            fill: Some(color),
            stroke: None,
        });
    }

    pub fn stroke(&mut self, path: Path, stroke: Stroke) {
        self.items.push(Item::Path {
            path,
            fill: None,
            stroke: Some(stroke),
        });
    }

    /// Adds `other` as a group translated to (`x`, `y`).
    pub fn place(&mut self, other: Scene, x: f32, y: f32) {
        self.items.push(Item::Group(Group {
            transform: Transform::translate(x, y),
            clip: None,
            items: other.items,
        }));
    }

    /// Every glyph run in the scene, with the transform that places it.
    pub fn glyph_runs(&self) -> Vec<(Transform, &GlyphRun)> {
        fn walk<'a>(items: &'a [Item], t: Transform, out: &mut Vec<(Transform, &'a GlyphRun)>) {
            for item in items {
                match item {
                    Item::Glyphs(run) => out.push((t, run)),
                    Item::Group(g) => walk(&g.items, t.then(g.transform), out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.items, Transform::IDENTITY, &mut out);
        out
    }
}
