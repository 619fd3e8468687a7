//! A page's content stream, written as bytes while the page is walked.
//!
//! printpdf's `Op` list would hold every operator as an enum with its own
//! allocations, then turn each into lopdf operands and format those; for a
//! page of text, that was a third of writing the PDF. Here each operator
//! goes straight into the stream. Numbers are written in thousandths (the
//! precision every coordinate is rounded to), without float formatting.
//!
//! The stream keeps the colours, line width, dash and font it has set
//! (saved by `q`, restored by `Q`, as the graphics state is) and leaves out
//! an operator that would set one to what it already is: a page of text
//! sets the same font and colour for each of its runs.

/// The bytes of one content stream.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub bytes: Vec<u8>,
    state: State,
    saved: Vec<State>,
    /// Inside a text object that has neither moved nor shown text yet: its
    /// text matrix is the identity, so a position is a plain `Td`.
    text_start: bool,
}

/// What the stream has set of the graphics state; `None` where it has set
/// nothing yet (the reader's initial value is not assumed).
#[derive(Debug, Default, Clone, PartialEq)]
struct State {
    fill: Option<[u8; 3]>,
    stroke: Option<[u8; 3]>,
    /// In thousandths, as written.
    width: Option<i64>,
    dash: Option<Vec<i64>>,
    font: Option<(String, i64)>,
}

/// `v` in thousandths, as [`write_thousandths`] writes it.
fn thousandths(v: f32) -> i64 {
    if v.is_finite() {
        (f64::from(v) * 1000.0).round() as i64
    } else {
        0
    }
}

/// One element of a `TJ` array: a glyph code, or an adjustment in
/// thousandths of an em (positive moves the pen back).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shown {
    Glyph(u16),
    Adjust(f32),
}

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Fill,
    Stroke,
    FillStroke,
    Clip,
}

impl Content {
    pub fn with_capacity(n: usize) -> Content {
        Content {
            bytes: Vec::with_capacity(n),
            ..Content::default()
        }
    }

    fn op(&mut self, op: &[u8]) {
        self.bytes.extend_from_slice(op);
        self.bytes.push(b'\n');
    }

    /// A number, rounded to thousandths, then a space.
    pub fn num(&mut self, v: f32) {
        write_thousandths(&mut self.bytes, v);
        self.bytes.push(b' ');
    }

    pub fn save(&mut self) {
        self.saved.push(self.state.clone());
        self.op(b"q");
    }

    pub fn restore(&mut self) {
        self.state = self.saved.pop().unwrap_or_default();
        self.op(b"Q");
    }

    /// `/NAME gs`.
    pub fn graphics_state(&mut self, name: &str) {
        self.name(name);
        self.bytes.push(b' ');
        self.op(b"gs");
    }

    /// Fill colour from 8-bit sRGB components.
    pub fn fill_rgb(&mut self, rgb: [u8; 3]) {
        if self.state.fill.replace(rgb) != Some(rgb) {
            self.rgb(rgb);
            self.op(b"rg");
        }
    }

    /// Stroke colour from 8-bit sRGB components.
    pub fn stroke_rgb(&mut self, rgb: [u8; 3]) {
        if self.state.stroke.replace(rgb) != Some(rgb) {
            self.rgb(rgb);
            self.op(b"RG");
        }
    }

    fn rgb(&mut self, rgb: [u8; 3]) {
        for c in rgb {
            self.num(f32::from(c) / 255.0);
        }
    }

    pub fn line_width(&mut self, w: f32) {
        let t = thousandths(w);
        if self.state.width.replace(t) != Some(t) {
            self.num(w);
            self.op(b"w");
        }
    }

    /// `[dash gap …] 0 d`; an empty pattern is a solid line.
    pub fn dash(&mut self, pattern: &[f32]) {
        let t: Vec<i64> = pattern.iter().map(|&d| thousandths(d)).collect();
        if self.state.dash.as_ref() == Some(&t) {
            return;
        }
        self.state.dash = Some(t);
        self.bytes.push(b'[');
        for (i, &d) in pattern.iter().enumerate() {
            if i > 0 {
                self.bytes.push(b' ');
            }
            write_thousandths(&mut self.bytes, d);
        }
        self.bytes.extend_from_slice(b"] 0 ");
        self.op(b"d");
    }

    pub fn move_to(&mut self, x: f32, y: f32) {
        self.num(x);
        self.num(y);
        self.op(b"m");
    }

    pub fn line_to(&mut self, x: f32, y: f32) {
        self.num(x);
        self.num(y);
        self.op(b"l");
    }

    pub fn curve_to(&mut self, pts: [(f32, f32); 3]) {
        for (x, y) in pts {
            self.num(x);
            self.num(y);
        }
        self.op(b"c");
    }

    pub fn close(&mut self) {
        self.op(b"h");
    }

    /// Paints the current path (non-zero winding), or clips to it.
    pub fn paint(&mut self, how: Paint) {
        match how {
            Paint::Fill => self.op(b"f"),
            Paint::Stroke => self.op(b"S"),
            Paint::FillStroke => self.op(b"B"),
            Paint::Clip => {
                self.op(b"W");
                self.op(b"n");
            }
        }
    }

    /// `a b c d e f cm`.
    pub fn transform(&mut self, m: [f32; 6]) {
        for v in m {
            self.num(v);
        }
        self.op(b"cm");
    }

    /// `/NAME Do`.
    pub fn xobject(&mut self, name: &str) {
        self.name(name);
        self.bytes.push(b' ');
        self.op(b"Do");
    }

    pub fn begin_text(&mut self) {
        self.op(b"BT");
        self.text_start = true;
    }

    pub fn end_text(&mut self) {
        self.op(b"ET");
    }

    /// `/FONT size Tf`.
    pub fn font(&mut self, name: &str, size: f32) {
        let t = thousandths(size);
        if self
            .state
            .font
            .as_ref()
            .is_some_and(|(n, s)| n == name && *s == t)
        {
            return;
        }
        self.state.font = Some((name.to_string(), t));
        self.name(name);
        self.bytes.push(b' ');
        self.num(size);
        self.op(b"Tf");
    }

    /// `1 0 0 1 x y Tm`, or `x y Td` where that is the same.
    pub fn text_position(&mut self, x: f32, y: f32) {
        if std::mem::take(&mut self.text_start) {
            self.num(x);
            self.num(y);
            self.op(b"Td");
            return;
        }
        self.bytes.extend_from_slice(b"1 0 0 1 ");
        self.num(x);
        self.num(y);
        self.op(b"Tm");
    }

    /// `Tr`: 0 fills glyphs, 3 draws them invisible.
    pub fn rendering_mode(&mut self, mode: u8) {
        self.bytes.push(b'0' + mode.min(7));
        self.bytes.push(b' ');
        self.op(b"Tr");
    }

    /// `Tz`, in percent.
    pub fn horizontal_scaling(&mut self, percent: f32) {
        self.num(percent);
        self.op(b"Tz");
    }

    /// `Tc`, in text space units.
    pub fn character_spacing(&mut self, spacing: f32) {
        self.num(spacing);
        self.op(b"Tc");
    }

    /// `[<gid> adj <gid> …] TJ` with two-byte glyph codes.
    pub fn show(&mut self, items: &[Shown]) {
        self.text_start = false;
        self.bytes.push(b'[');
        // Glyphs with nothing between them share one string.
        let mut open = false;
        for item in items {
            match *item {
                Shown::Glyph(g) => {
                    if !open {
                        self.bytes.push(b'<');
                        open = true;
                    }
                    hex4(&mut self.bytes, g);
                }
                Shown::Adjust(a) if a != 0.0 => {
                    if open {
                        self.bytes.push(b'>');
                        open = false;
                    }
                    self.bytes.push(b' ');
                    write_thousandths(&mut self.bytes, a);
                }
                Shown::Adjust(_) => {}
            }
        }
        if open {
            self.bytes.push(b'>');
        }
        self.bytes.extend_from_slice(b"] ");
        self.op(b"TJ");
    }

    /// `/TAG <<properties>> BDC`; `properties` is a dictionary already
    /// written out.
    pub fn begin_marked(&mut self, tag: &str, properties: &[u8]) {
        self.name(tag);
        self.bytes.push(b' ');
        self.bytes.extend_from_slice(properties);
        self.bytes.push(b' ');
        self.op(b"BDC");
    }

    pub fn end_marked(&mut self) {
        self.op(b"EMC");
    }

    /// A name of resource or tag characters (letters, digits, `_`, `-`),
    /// which need no escaping.
    fn name(&mut self, name: &str) {
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(name.as_bytes());
    }
}

fn hex4(out: &mut Vec<u8>, v: u16) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[((v >> shift) & 15) as usize]);
    }
}

/// `v` rounded to thousandths, in plain decimal notation with no trailing
/// zeros (`12`, `0.5`, `-3.125`).
fn write_thousandths(out: &mut Vec<u8>, v: f32) {
    let t = thousandths(v);
    if t < 0 {
        out.push(b'-');
    }
    let t = t.unsigned_abs();
    let (whole, mut frac) = (t / 1000, t % 1000);
    crate::file::number(out, whole as i64);
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut d = [0u8; 3];
        for k in (0..digits).rev() {
            d[k] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&d[..digits]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Content)) -> String {
        let mut c = Content::default();
        f(&mut c);
        String::from_utf8(c.bytes).unwrap()
    }

    #[test]
    fn numbers_in_thousandths() {
        let mut out = Vec::new();
        for v in [
            0.0,
            12.0,
            0.5,
            -3.125,
            595.2756,
            0.0004,
            -0.0004,
            1.01,
            f32::NAN,
        ] {
            write_thousandths(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 12 0.5 -3.125 595.276 0 0 1.01 0 "
        );
    }

    #[test]
    fn operators_read_back_with_lopdf() {
        let s = text(|c| {
            c.begin_marked("P", b"<</MCID 0>>");
            c.begin_text();
            c.font("F0", 10.5);
            c.fill_rgb([255, 0, 51]);
            c.text_position(62.0, 700.25);
            c.show(&[
                Shown::Adjust(-3.0),
                Shown::Glyph(0x1f),
                Shown::Glyph(0x20),
                Shown::Adjust(12.0),
                Shown::Adjust(1.0),
                Shown::Glyph(2),
            ]);
            c.end_text();
            c.end_marked();
            c.dash(&[0.8, 2.4]);
            c.move_to(1.0, 2.0);
            c.curve_to([(3.0, 4.0), (5.0, 6.0), (7.0, 8.0)]);
            c.close();
            c.paint(Paint::Clip);
        });
        // Glyphs side by side share a string.
        assert!(s.contains("[ -3<001f0020> 12 1<0002>] TJ\n"), "{s}");
        assert!(s.contains("1 0 0.2 rg\n"), "{s}");
        let ops = lopdf::content::Content::decode(s.as_bytes())
            .unwrap()
            .operations;
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(
            names,
            ["BDC", "BT", "Tf", "rg", "Td", "TJ", "ET", "EMC", "d", "m", "c", "h", "W", "n"]
        );
        let tj = ops[5].operands[0].as_array().unwrap();
        assert_eq!(tj.len(), 5);
        assert_eq!(tj[1].as_str().unwrap(), [0x00, 0x1f, 0x00, 0x20]);
    }

    #[test]
    fn state_already_set_is_not_set_again() {
        let s = text(|c| {
            for x in [10.0, 20.0] {
                c.begin_text();
                c.font("F0", 10.5);
                c.fill_rgb([255, 0, 51]);
                c.text_position(x, 700.0);
                c.show(&[Shown::Glyph(1)]);
                c.text_position(x, 690.0);
                c.show(&[Shown::Glyph(2)]);
                c.end_text();
            }
            c.save();
            c.font("F0", 12.0);
            c.fill_rgb([0, 0, 0]);
            c.line_width(0.8);
            c.dash(&[]);
            c.line_width(0.8);
            c.dash(&[]);
            c.restore();
            // Back to the state the `q` saved: setting it is nothing, and
            // what was set inside is set again.
            c.font("F0", 10.5);
            c.fill_rgb([255, 0, 51]);
            c.font("F0", 12.0);
            c.fill_rgb([0, 0, 0]);
        });
        let ops: Vec<String> = lopdf::content::Content::decode(s.as_bytes())
            .unwrap()
            .operations
            .iter()
            .map(|o| o.operator.clone())
            .collect();
        assert_eq!(
            ops,
            [
                "BT", "Tf", "rg", "Td", "TJ", "Tm", "TJ", "ET", // first run
                "BT", "Td", "TJ", "Tm", "TJ", "ET", // same font and colour
                "q", "Tf", "rg", "w", "d", "Q", // once each
                "Tf", "rg", // the font and colour of inside the `q` again
            ],
            "{s}"
        );
    }
}
