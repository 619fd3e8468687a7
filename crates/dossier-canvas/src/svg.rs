//! SVG writer for a [`Scene`].
//!
//! Text is drawn as glyph outlines (each glyph defined once in `<defs>` and
//! reused with `<use>`), so the file looks the same without our fonts
//! installed. Every glyph run also carries its logical text in an
//! `aria-label` and a `<title>`, so the text stays searchable and readable by
//! screen readers. Output is deterministic: the same scene gives the same
//! bytes.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::OnceLock;

use crate::fonts::Face;
use crate::outline::{glyph_count, glyph_outline, units_per_em};
use crate::scene::{
    Color, Group, Image, Item, LinkTarget, Path, PathSeg, Point, Scene, Stroke, Transform,
};
use crate::text::GlyphRun;

/// Formats a number with at most `digits` decimals and no trailing zeros,
/// as `format!("{v:.digits$}")` rounds it (the exact value, ties to even),
/// without its slow exact-decimal path: `v × 10^digits` is exact in an
/// `f64` for the digits a writer uses (an `f32` has 24 bits, `5^6` 14),
/// so rounding that product to an integer, ties to even, rounds `v` the
/// same way.
fn num(v: f32, digits: usize) -> String {
    let mut s = String::with_capacity(12);
    push_num(&mut s, v, digits);
    s
}

/// [`num`], appended to `out` without a string of its own: path data
/// holds thousands of numbers.
fn push_num(out: &mut String, v: f32, digits: usize) {
    let v = if v.is_finite() { v } else { 0.0 };
    if digits <= 6 {
        let scale = 10u64.pow(digits as u32);
        let scaled = (f64::from(v) * scale as f64).round_ties_even();
        if scaled.abs() < 1e15 {
            let q = scaled as i64;
            if q == 0 {
                out.push('0');
                return;
            }
            if q < 0 {
                out.push('-');
            }
            let q = q.unsigned_abs();
            let (int, mut frac) = (q / scale, q % scale);
            push_digits(out, int, 1);
            if frac > 0 {
                let mut width = digits;
                while frac % 10 == 0 {
                    frac /= 10;
                    width -= 1;
                }
                out.push('.');
                push_digits(out, frac, width);
            }
            return;
        }
    }
    out.push_str(&num_formatted(v, digits));
}

/// The decimal digits of `n`, zero-padded on the left to `width`.
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < width.max(1) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// [`num`] through the formatter, for what its fast path does not take.
fn num_formatted(v: f32, digits: usize) -> String {
    let mut s = format!("{v:.digits$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

fn n(v: f32) -> String {
    num(v, 3)
}

/// Escapes text for attribute values and element content.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Path data with coordinates at `digits` decimals.
fn path_data(path: &Path, digits: usize) -> String {
    path_data_scaled(path, 1.0, digits)
}

/// Path data with coordinates multiplied by `scale`, at `digits` decimals.
fn path_data_scaled(path: &Path, scale: f32, digits: usize) -> String {
    let mut d = String::with_capacity(path.segs.len() * 16);
    let points = |d: &mut String, letter: char, ps: &[Point]| {
        d.push(letter);
        for (i, p) in ps.iter().enumerate() {
            if i > 0 {
                d.push(' ');
            }
            push_num(d, p.x * scale, digits);
            d.push(' ');
            push_num(d, p.y * scale, digits);
        }
    };
    for seg in &path.segs {
        if !d.is_empty() {
            d.push(' ');
        }
        match seg {
            PathSeg::MoveTo(p) => points(&mut d, 'M', &[*p]),
            PathSeg::LineTo(p) => points(&mut d, 'L', &[*p]),
            PathSeg::QuadTo(c, p) => points(&mut d, 'Q', &[*c, *p]),
            PathSeg::CubicTo(c1, c2, p) => points(&mut d, 'C', &[*c1, *c2, *p]),
            PathSeg::Close => d.push('Z'),
        }
    }
    d
}

/// A glyph's outline as path data, formatted once per process and shared
/// by all threads: every chart's `<defs>` holds the same few dozen glyphs,
/// and formatting their numbers was most of writing an SVG. The data is in
/// the font's design units, whole numbers in a static font, and its
/// `<path>` scales it to one em ([`glyph_scale`]): a third shorter than
/// the same outline in ems at five decimals, and as exact.
fn glyph_data(face: Face, gid: u16) -> Option<&'static str> {
    type Table = Vec<OnceLock<Option<Box<str>>>>;
    static REGULAR: OnceLock<Table> = OnceLock::new();
    static BOLD: OnceLock<Table> = OnceLock::new();
    let table = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
    }
    .get_or_init(|| (0..glyph_count(face)).map(|_| OnceLock::new()).collect());
    table
        .get(usize::from(gid))?
        .get_or_init(|| {
            let upem = f32::from(units_per_em(face));
            glyph_outline(face, gid).map(|p| path_data_scaled(p, upem, 1).into_boxed_str())
        })
        .as_deref()
}

/// The transform from a face's design units to ems, exact in decimal
/// (1/2048 is 0.00048828125).
fn glyph_scale(face: Face) -> String {
    format!("scale({})", 1.0 / f64::from(units_per_em(face)))
}

fn glyph_id(prefix: &str, face: Face, gid: u16) -> String {
    match face {
        Face::Regular => format!("{prefix}gr{gid}"),
        Face::Bold => format!("{prefix}gb{gid}"),
    }
}

fn fill_attrs(color: Color) -> String {
    let mut s = format!("fill=\"{}\"", color.to_hex());
    if color.alpha < 1.0 {
        let _ = write!(
            s,
            " fill-opacity=\"{}\"",
            num(color.alpha.clamp(0.0, 1.0), 3)
        );
    }
    s
}

fn stroke_attrs(stroke: &Stroke) -> String {
    let mut s = format!(
        "stroke=\"{}\" stroke-width=\"{}\"",
        stroke.color.to_hex(),
        n(stroke.width)
    );
    if stroke.color.alpha < 1.0 {
        let _ = write!(
            s,
            " stroke-opacity=\"{}\"",
            num(stroke.color.alpha.clamp(0.0, 1.0), 3)
        );
    }
    if !stroke.dash.is_empty() {
        let dash: Vec<String> = stroke.dash.iter().map(|d| n(*d)).collect();
        let _ = write!(s, " stroke-dasharray=\"{}\"", dash.join(" "));
    }
    s
}

fn matrix(t: &Transform) -> String {
    if t.a == 1.0 && t.b == 0.0 && t.c == 0.0 && t.d == 1.0 {
        format!("translate({} {})", n(t.e), n(t.f))
    } else {
        format!(
            "matrix({} {} {} {} {} {})",
            num(t.a, 5),
            num(t.b, 5),
            num(t.c, 5),
            num(t.d, 5),
            n(t.e),
            n(t.f)
        )
    }
}

/// Every glyph used anywhere in the scene, in a stable order.
fn collect_glyphs(items: &[Item], out: &mut BTreeSet<(Face, u16)>) {
    for item in items {
        match item {
            Item::Glyphs(run) => {
                for g in &run.glyphs {
                    out.insert((run.face, g.id));
                }
            }
            Item::Group(g) => collect_glyphs(&g.items, out),
            _ => {}
        }
    }
}

struct Writer<'a> {
    out: String,
    clip_count: usize,
    /// Put before every id the SVG defines (glyphs, clips).
    prefix: &'a str,
    /// Decides whether a link's URL may be written; a refused one is left
    /// out, with its area.
    allow_url: &'a dyn Fn(&str) -> bool,
}

impl Writer<'_> {
    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Path { path, fill, stroke } => self.path(path, *fill, stroke.as_ref()),
                Item::Glyphs(run) => self.glyphs(run),
                Item::Image(img) => self.image(img),
                Item::Link { rect, target } => {
                    let href = match target {
                        LinkTarget::Url(u) if (self.allow_url)(u) => u.clone(),
                        LinkTarget::Url(_) => continue,
                        LinkTarget::Anchor(a) => format!("#{a}"),
                    };
                    let _ = writeln!(
                        self.out,
                        "<a xlink:href=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"transparent\"/></a>",
                        esc(&href),
                        n(rect.x),
                        n(rect.y),
                        n(rect.width),
                        n(rect.height)
                    );
                }
                Item::Anchor { name, at } => {
                    let _ = writeln!(
                        self.out,
                        "<g id=\"{}\" transform=\"translate({} {})\"/>",
                        esc(name),
                        n(at.x),
                        n(at.y)
                    );
                }
                Item::Group(g) => self.group(g),
            }
        }
    }

    fn path(&mut self, path: &Path, fill: Option<Color>, stroke: Option<&Stroke>) {
        if path.is_empty() || (fill.is_none() && stroke.is_none()) {
            return;
        }
        let fill = match fill {
            Some(c) => fill_attrs(c),
            None => "fill=\"none\"".to_string(),
        };
        let stroke = stroke
            .map(|s| format!(" {}", stroke_attrs(s)))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<path d=\"{}\" {fill}{stroke}/>",
            path_data(path, 3)
        );
    }

    fn glyphs(&mut self, run: &GlyphRun) {
        let text = run.text();
        let _ = writeln!(
            self.out,
            "<g role=\"img\" aria-label=\"{}\" {}>",
            esc(text),
            fill_attrs(run.color)
        );
        let _ = writeln!(self.out, "<title>{}</title>", esc(text));
        for g in &run.glyphs {
            if glyph_outline(run.face, g.id).is_none() {
                continue;
            }
            let _ = writeln!(
                self.out,
                "<use xlink:href=\"#{}\" transform=\"translate({} {}) scale({})\"/>",
                glyph_id(self.prefix, run.face, g.id),
                n(g.x),
                n(g.y),
                num(run.size, 4)
            );
        }
        self.out.push_str("</g>\n");
    }

    fn image(&mut self, img: &Image) {
        let Some(png) = crate::png::encode_rgba(img.width, img.height, &img.rgba) else {
            return;
        };
        let _ = writeln!(
            self.out,
            "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,{}\"/>",
            n(img.rect.x),
            n(img.rect.y),
            n(img.rect.width),
            n(img.rect.height),
            base64(&png)
        );
    }

    fn group(&mut self, g: &Group) {
        let mut attrs = String::new();
        if !g.transform.is_identity() {
            let _ = write!(attrs, " transform=\"{}\"", matrix(&g.transform));
        }
        if let Some(clip) = &g.clip {
            self.clip_count += 1;
            let id = format!("{}clip{}", self.prefix, self.clip_count);
            // The clip is in the group's own coordinates, which is the user
            // space a `clip-path` on the transformed <g> is resolved in.
            let _ = writeln!(
                self.out,
                "<clipPath id=\"{id}\"><path d=\"{}\"/></clipPath>",
                path_data(clip, 3)
            );
            let _ = write!(attrs, " clip-path=\"url(#{id})\"");
        }
        let _ = writeln!(self.out, "<g{attrs}>");
        self.items(&g.items);
        self.out.push_str("</g>\n");
    }
}

/// Standard base64 with padding, for image data URIs.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(A[(v >> 18) as usize & 63] as char);
        out.push(A[(v >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            A[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            A[v as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Writes `scene` as a standalone SVG document whose viewBox is the scene
/// size in points.
pub fn to_svg(scene: &Scene) -> String {
    let header = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{}pt\" height=\"{}pt\" viewBox=\"0 0 {} {}\">\n",
        n(scene.width),
        n(scene.height),
        n(scene.width),
        n(scene.height)
    );
    write_svg(scene, header, "", &|_| true)
}

/// How [`to_svg_element`] writes a scene for a place inside an HTML page.
#[derive(Clone, Copy)]
pub struct SvgElement<'a> {
    /// Put before every id the SVG defines, so that several scenes on one
    /// page never share an id (`fig1-`).
    pub id_prefix: &'a str,
    /// What the scene shows, in words: the `svg` element's `aria-label`
    /// and `<title>`. Empty writes neither.
    pub label: &'a str,
    /// Whether a link's URL may be written; links it refuses are dropped.
    pub allow_url: &'a dyn Fn(&str) -> bool,
}

/// Writes `scene` as an `svg` element for an HTML page: `role="img"` with
/// the label as its name, ids prefixed, a viewBox without a fixed size (the
/// page scales it), and only the links `allow_url` accepts.
pub fn to_svg_element(scene: &Scene, element: &SvgElement<'_>) -> String {
    let mut header = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {} {}\" role=\"img\"",
        n(scene.width),
        n(scene.height)
    );
    if element.label.is_empty() {
        header.push_str(">\n");
    } else {
        let _ = writeln!(
            header,
            " aria-label=\"{}\">\n<title>{}</title>",
            esc(element.label),
            esc(element.label)
        );
    }
    write_svg(scene, header, element.id_prefix, element.allow_url)
}

fn write_svg(
    scene: &Scene,
    header: String,
    prefix: &str,
    allow_url: &dyn Fn(&str) -> bool,
) -> String {
    let mut glyphs = BTreeSet::new();
    collect_glyphs(&scene.items, &mut glyphs);
    let mut w = Writer {
        out: header,
        clip_count: 0,
        prefix,
        allow_url,
    };
    w.out.push_str("<defs>\n");
    for (face, gid) in &glyphs {
        if let Some(data) = glyph_data(*face, *gid) {
            let _ = writeln!(
                w.out,
                "<path id=\"{}\" transform=\"{}\" d=\"{}\"/>",
                glyph_id(prefix, *face, *gid),
                glyph_scale(*face),
                data
            );
        }
    }
    w.out.push_str("</defs>\n");
    w.items(&scene.items);
    w.out.push_str("</svg>\n");
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Point, Rect};
    use crate::text::{Cluster, Glyph};

    fn sample() -> Scene {
        let mut scene = Scene::new(200.0, 100.0);
        scene.fill(
            Path::rect(Rect::new(0.0, 0.0, 50.0, 20.0)),
            Color::rgb(255, 0, 0).with_alpha(0.5),
        );
        scene.stroke(
            Path::line(Point::new(0.0, 50.0), Point::new(100.0, 50.0)),
            Stroke {
                color: Color::BLACK,
                width: 1.0,
                dash: vec![2.0, 1.0],
            },
        );
        let font = skrifa::FontRef::new(Face::Regular.data()).expect("font");
        use skrifa::MetadataProvider;
        let a = font.charmap().map('a').expect("a").to_u32() as u16;
        let run = GlyphRun {
            face: Face::Regular,
            size: 12.0,
            color: Color::BLACK,
            glyphs: vec![
                Glyph {
                    id: a,
                    x: 10.0,
                    y: 80.0,
                    advance: 6.0,
                },
                Glyph {
                    id: a,
                    x: 16.0,
                    y: 80.0,
                    advance: 6.0,
                },
            ],
            text: "a<".into(),
            clusters: vec![
                Cluster {
                    glyphs: 0..1,
                    text: 0..1,
                },
                Cluster {
                    glyphs: 1..2,
                    text: 1..2,
                },
            ]
            .into(),
            rtl: false,
        };
        scene.push(Item::Group(Group {
            transform: Transform::translate(5.0, 5.0),
            clip: Some(Path::rect(Rect::new(0.0, 0.0, 100.0, 100.0))),
            items: vec![Item::Glyphs(run)],
        }));
        scene.push(Item::Link {
            rect: Rect::new(0.0, 0.0, 10.0, 10.0),
            target: LinkTarget::Url("https://example.org/?a=1&b=2".into()),
        });
        scene.push(Item::Image(Image {
            width: 1,
            height: 1,
            rgba: vec![0, 0, 255, 255],
            rect: Rect::new(150.0, 10.0, 10.0, 10.0),
        }));
        scene
    }

    #[test]
    fn svg_defines_each_glyph_once_and_keeps_text() {
        let svg = to_svg(&sample());
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("viewBox=\"0 0 200 100\""));
        assert_eq!(svg.matches("<path id=\"gr").count(), 1);
        assert_eq!(svg.matches("<use ").count(), 2);
        assert!(svg.contains("aria-label=\"a&lt;\""));
        assert!(svg.contains("clip-path=\"url(#clip1)\""));
        assert!(svg.contains("stroke-dasharray=\"2 1\""));
        assert!(svg.contains("fill-opacity=\"0.5\""));
        assert!(svg.contains("href=\"https://example.org/?a=1&amp;b=2\""));
        assert!(svg.contains("data:image/png;base64,"));
        assert_eq!(svg, to_svg(&sample()), "deterministic");
    }

    /// A glyph's path, in design units, scaled as its `<path>` scales it,
    /// is its outline in ems, point for point.
    #[test]
    fn glyph_data_scaled_to_an_em_is_the_outline() {
        for face in [Face::Regular, Face::Bold] {
            let upem = f64::from(units_per_em(face));
            assert_eq!(glyph_scale(face), format!("scale({})", 1.0 / upem));
            let mut checked = 0;
            for gid in 0..glyph_count(face).min(400) as u16 {
                let (Some(outline), Some(data)) = (glyph_outline(face, gid), glyph_data(face, gid))
                else {
                    continue;
                };
                let numbers: Vec<f64> = data
                    .split([' ', 'M', 'L', 'Q', 'C', 'Z'])
                    .filter(|t| !t.is_empty())
                    .map(|t| t.parse().expect("a number"))
                    .collect();
                let points: Vec<Point> = outline
                    .segs
                    .iter()
                    .flat_map(|seg| match seg {
                        PathSeg::MoveTo(p) | PathSeg::LineTo(p) => vec![*p],
                        PathSeg::QuadTo(c, p) => vec![*c, *p],
                        PathSeg::CubicTo(a, b, p) => vec![*a, *b, *p],
                        PathSeg::Close => vec![],
                    })
                    .collect();
                assert_eq!(numbers.len(), points.len() * 2, "glyph {gid}");
                for (xy, p) in numbers.chunks(2).zip(&points) {
                    assert!((xy[0] / upem - f64::from(p.x)).abs() < 1e-4, "glyph {gid}");
                    assert!((xy[1] / upem - f64::from(p.y)).abs() < 1e-4, "glyph {gid}");
                }
                checked += 1;
            }
            assert!(checked > 100, "{face:?}: {checked} glyphs");
        }
        let svg = to_svg(&sample());
        assert!(svg.contains(&format!(
            "transform=\"{}\" d=\"M",
            glyph_scale(Face::Regular)
        )));
    }

    #[test]
    fn an_element_for_a_page_has_a_name_prefixed_ids_and_filtered_links() {
        let element = SvgElement {
            id_prefix: "f2-",
            label: "Bars \"up\" & down",
            allow_url: &|u: &str| u.starts_with("mailto:"),
        };
        let svg = to_svg_element(&sample(), &element);
        assert!(svg.starts_with("<svg "), "{svg}");
        let root = svg.lines().next().unwrap_or_default();
        assert!(!root.contains(" width="), "the page sizes it: {root}");
        assert!(svg.contains(
            "role=\"img\" aria-label=\"Bars &quot;up&quot; &amp; down\">\n<title>Bars &quot;up&quot; &amp; down</title>"
        ));
        assert!(svg.contains("<path id=\"f2-gr"));
        assert!(svg.contains("xlink:href=\"#f2-gr"));
        assert!(svg.contains("clip-path=\"url(#f2-clip1)\""));
        assert!(!svg.contains("example.org"), "a refused link is dropped");
        let plain = SvgElement {
            id_prefix: "",
            label: "",
            allow_url: &|_: &str| true,
        };
        let svg = to_svg_element(&sample(), &plain);
        assert!(svg.contains("role=\"img\">\n<defs>"));
        assert!(svg.contains("https://example.org/"));
    }

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn numbers_are_what_the_formatter_gives() {
        // Ties of the exact binary value, values near them, signs, zero,
        // large and small magnitudes, every digit count the fast path takes.
        let mut values = vec![
            0.0625,
            0.0005,
            0.0015,
            0.0025,
            -0.0625,
            1.0005,
            2.5,
            -2.5,
            0.125,
            1e-7,
            -1e-7,
            123_456.79,
            3.4e10,
            -0.0,
            0.5,
            1.5,
            0.999_999_9,
        ];
        let mut x: u32 = 0x1234_5678;
        for _ in 0..200_000 {
            // A fixed xorshift sequence over every bit pattern.
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let v = f32::from_bits(x);
            if v.is_finite() && v.abs() < 1e9 {
                values.push(v);
            }
            values.push((x % 2_000_000) as f32 / 1024.0 - 900.0);
        }
        for digits in 0..=6 {
            for &v in &values {
                assert_eq!(
                    num(v, digits),
                    num_formatted(v, digits),
                    "{v:e} at {digits}"
                );
            }
        }
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.0001), "0");
        assert_eq!(n(2.5), "2.5");
        assert_eq!(n(f32::NAN), "0");
    }
}
