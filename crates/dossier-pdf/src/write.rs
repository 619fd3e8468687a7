//! Pages of [`Scene`]s → PDF bytes.
//!
//! The document is built directly with lopdf. Content streams are written
//! as bytes by [`PageWriter`]; glyphs go out as `TJ` arrays whose kerning
//! numbers come from the same `/W` widths the font dictionary declares, so
//! one text-matrix move starts a line and the rest are small adjustments.
//! Each face used is subset once per document with `subsetter` and embedded
//! as a Type0 / CIDFontType2 font with Identity-H codes, which are the
//! subset's glyph ids; `/W` and `/ToUnicode` are built from the same table.
//! Streams are compressed with flate at a fast level: the fonts and text
//! compress almost as well as at the best level, at a fraction of the time.
//!
//! Around the pages go `/Lang`, a nested outline, named destinations and
//! link annotations, transparency states, images, right-to-left viewer
//! preferences, the `/Info` dictionary, subset font names and a `/ID` that
//! is a hash of the content, so that the same input gives the same bytes.
//!
//! Text extraction: every glyph id keeps one Unicode text for the whole
//! document (the first one seen wins, preferring glyphs that stand alone
//! for their cluster). A cluster whose glyphs do not spell its text through
//! that map (ligatures, marks, contextual forms shared by several letters)
//! is wrapped in a `/Span` marked-content sequence with `/ActualText`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::sync::OnceLock;

use dossier_canvas::{
    Face, GlyphRun, Image, Item, LinkTarget, Path, PathSeg, Point, Scene, Transform,
};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};
use skrifa::instance::{LocationRef, Size};
use skrifa::{GlyphId, MetadataProvider};

use crate::layout::OutlineEntry;
use crate::PdfError;

/// What goes into the PDF besides the pages.
#[derive(Debug, Clone, Default)]
pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub lang: String,
    pub rtl: bool,
    /// Seconds since the Unix epoch.
    pub creation_date: Option<i64>,
}

/// Per-face glyph bookkeeping: the one text of each glyph and its id in the subset.
#[derive(Default)]
struct FaceGlyphs {
    text: BTreeMap<u16, String>,
    remap: BTreeMap<u16, u16>,
}

/// A run's text units: glyph indices and the text they stand for.
type Units = Vec<(Vec<usize>, String)>;

/// Text units of every run of the document, computed once and looked up
/// by the run's address while the pages are written.
type RunUnits = HashMap<*const GlyphRun, Units>;

fn walk<'a>(items: &'a [Item], t: Transform, f: &mut impl FnMut(&'a Item, Transform)) {
    for item in items {
        match item {
            Item::Group(g) => walk(&g.items, t.then(g.transform), f),
            _ => f(item, t),
        }
    }
}

/// Characters that never stand on their own in extracted text.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// A run's text units in visual order: glyph indices and the text they
/// stand for. Clusters without glyphs (the second letter of a ligature)
/// and clusters of joiners only (ZWNJ) are merged into the cluster before
/// them in reading order, so that no text is lost or misplaced.
fn text_units(run: &GlyphRun) -> Units {
    let n = run.glyphs.len();
    let mut logical: Units = Vec::with_capacity(run.clusters.len());
    let order: Vec<usize> = if run.rtl {
        (0..run.clusters.len()).rev().collect()
    } else {
        (0..run.clusters.len()).collect()
    };
    let mut pending = String::new();
    for ci in order {
        let c = &run.clusters[ci];
        let text = run.cluster_text(c);
        let glyphs: Vec<usize> = c.glyphs.clone().filter(|&i| i < n).collect();
        let attach = glyphs.is_empty() || (!text.is_empty() && text.chars().all(is_joiner));
        match logical.last_mut() {
            Some(last) if attach => {
                last.0.extend(glyphs);
                last.1.push_str(text);
            }
            _ if glyphs.is_empty() => pending.push_str(text),
            _ => {
                let text = std::mem::take(&mut pending) + text;
                logical.push((glyphs, text));
            }
        }
    }
    if !pending.is_empty() {
        if let Some(last) = logical.last_mut() {
            last.1.push_str(&pending);
        }
    }
    if run.rtl {
        logical.reverse();
    }
    for u in &mut logical {
        u.0.sort_unstable();
    }
    logical
}

/// Character map, advances and descriptor metrics of an embedded face,
/// read once per process.
struct FaceInfo {
    cmap: HashMap<u32, u16>,
    /// Advance widths in font units, by glyph id.
    advances: Vec<u16>,
    upem: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    italic_angle: f32,
    bbox: [f32; 4],
    weight: f32,
}

impl FaceInfo {
    fn read(face: Face) -> FaceInfo {
        let Ok(font) = skrifa::FontRef::new(face.data()) else {
            return FaceInfo {
                cmap: HashMap::new(),
                advances: Vec::new(),
                upem: 1000.0,
                ascent: 800.0,
                descent: -200.0,
                cap_height: 700.0,
                italic_angle: 0.0,
                bbox: [0.0, -200.0, 1000.0, 800.0],
                weight: 400.0,
            };
        };
        let m = font.metrics(Size::unscaled(), LocationRef::default());
        let gm = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let advances = (0..u32::from(m.glyph_count))
            .map(|g| {
                gm.advance_width(GlyphId::new(g))
                    .unwrap_or(0.0)
                    .round()
                    .clamp(0.0, f32::from(u16::MAX)) as u16
            })
            .collect();
        let cmap = font
            .charmap()
            .mappings()
            .filter_map(|(c, g)| u16::try_from(g.to_u32()).ok().map(|g| (c, g)))
            .collect();
        let bbox = m
            .bounds
            .map(|b| [b.x_min, b.y_min, b.x_max, b.y_max])
            .unwrap_or([0.0, m.descent, f32::from(m.units_per_em), m.ascent]);
        FaceInfo {
            cmap,
            advances,
            upem: f32::from(m.units_per_em.max(1)),
            ascent: m.ascent,
            descent: m.descent,
            cap_height: m.cap_height.unwrap_or(m.ascent),
            italic_angle: m.italic_angle,
            bbox,
            weight: font.attributes().weight.value(),
        }
    }

    /// The glyph's advance in thousandths of an em, as written in `/W`.
    fn width1000(&self, gid: u16) -> i64 {
        let adv = self.advances.get(usize::from(gid)).copied().unwrap_or(0);
        (f32::from(adv) * 1000.0 / self.upem).round() as i64
    }

    /// A font-unit value in thousandths of an em.
    fn scaled(&self, v: f32) -> i64 {
        (v * 1000.0 / self.upem).round() as i64
    }
}

fn face_info(face: Face) -> &'static FaceInfo {
    static CELLS: [OnceLock<FaceInfo>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = match face {
        Face::Regular => 0,
        Face::Bold => 1,
    };
    CELLS[i].get_or_init(|| FaceInfo::read(face))
}

/// A unit that one glyph spells exactly: one glyph, one character.
fn is_simple(glyphs: &[usize], text: &str) -> bool {
    glyphs.len() == 1 && text.chars().count() == 1
}

/// Registers every glyph's one text for the document. Glyphs that stand
/// alone for one character first; then the rest: in right-to-left runs the
/// glyphs of a complex unit carry no text and invisible "carrier" glyphs
/// (the characters' own glyphs) carry it, one per character, so that
/// extractors that order characters by position (poppler) keep the reading
/// order; in left-to-right runs the first glyph carries the unit's text.
fn collect_glyphs(pages: &[Scene]) -> (BTreeMap<Face, FaceGlyphs>, RunUnits) {
    let mut runs: Vec<(&GlyphRun, Units)> = Vec::new();
    for page in pages {
        walk(&page.items, Transform::IDENTITY, &mut |item, _| {
            if let Item::Glyphs(run) = item {
                runs.push((run, text_units(run)));
            }
        });
    }
    let mut faces: BTreeMap<Face, FaceGlyphs> = BTreeMap::new();
    for (run, units) in &runs {
        let fg = faces.entry(run.face).or_default();
        for (gl, text) in units {
            if is_simple(gl, text) {
                fg.text.entry(run.glyphs[gl[0]].id).or_insert(text.clone());
            }
        }
    }
    for (run, units) in &runs {
        let fg = faces.entry(run.face).or_default();
        for (gl, text) in units {
            if is_simple(gl, text) {
                continue;
            }
            if run.rtl {
                let info = face_info(run.face);
                for c in text.chars() {
                    if let Some(&gid) = info.cmap.get(&(c as u32)) {
                        fg.text.entry(gid).or_insert_with(|| c.to_string());
                    }
                }
                for &gi in gl {
                    fg.text.entry(run.glyphs[gi].id).or_default();
                }
            } else {
                for (k, &gi) in gl.iter().enumerate() {
                    let t = if k == 0 { text.clone() } else { String::new() };
                    fg.text.entry(run.glyphs[gi].id).or_insert(t);
                }
            }
        }
    }
    let units = runs
        .into_iter()
        .map(|(run, units)| (run as *const GlyphRun, units))
        .collect();
    (faces, units)
}

fn subset(face: Face, fg: &mut FaceGlyphs) -> Result<Vec<u8>, PdfError> {
    let mut mapper = subsetter::GlyphRemapper::new();
    for &gid in fg.text.keys() {
        let new = mapper.remap(gid);
        fg.remap.insert(gid, new);
    }
    subsetter::subset(face.data(), 0, &mapper)
        .map_err(|e| PdfError::Font(format!("{}: {e:?}", face.postscript_name())))
}

/// Flate level for every stream: fast. Level 9 took most of the writing
/// time and saved only a few per cent of the file.
const FLATE_LEVEL: u32 = 1;

/// A stream compressed with flate (kept as is when that does not help).
fn flate_stream(mut dict: Dictionary, content: Vec<u8>) -> Stream {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(content.len() / 2),
        flate2::Compression::new(FLATE_LEVEL),
    );
    let packed = enc.write_all(&content).and_then(|_| enc.finish());
    match packed {
        Ok(packed) if packed.len() + 19 < content.len() => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, packed)
        }
        _ => Stream::new(dict, content),
    }
}

/// The `/ToUnicode` CMap of a subset font: subset glyph id → text.
fn to_unicode_cmap(fg: &FaceGlyphs) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(u16, &str)> = fg
        .text
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .filter_map(|(gid, t)| fg.remap.get(gid).map(|&new| (new, t.as_str())))
        .collect::<BTreeMap<u16, &str>>()
        .into_iter()
        .collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (code, text) in chunk {
            let _ = write!(out, "<{code:04X}> <");
            for u in text.encode_utf16() {
                let _ = write!(out, "{u:04X}");
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// Embeds one subset face as a Type0 font and returns the font dictionary's id.
fn font_object(
    doc: &mut lopdf::Document,
    face: Face,
    fg: &FaceGlyphs,
    program: Vec<u8>,
) -> ObjectId {
    let info = face_info(face);
    let digest = Sha256::digest(&program);
    let tag: String = digest[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    let name = format!("{tag}+{}", face.postscript_name()).into_bytes();

    let mut file = Dictionary::new();
    file.set("Length1", Object::Integer(program.len() as i64));
    let file_id = doc.add_object(flate_stream(file, program));

    let italic = info.italic_angle.round() as i64;
    let flags = (1 << 5) | if italic != 0 { 1 << 6 } else { 0 };
    let stem_v = 50 + ((info.weight / 65.0).powi(2)).round() as i64;
    let mut fd = Dictionary::new();
    fd.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    fd.set("FontName", Object::Name(name.clone()));
    fd.set("Flags", Object::Integer(flags));
    fd.set(
        "FontBBox",
        Object::Array(
            info.bbox
                .iter()
                .map(|&v| Object::Integer(info.scaled(v)))
                .collect(),
        ),
    );
    fd.set("ItalicAngle", Object::Integer(italic));
    fd.set("Ascent", Object::Integer(info.scaled(info.ascent)));
    fd.set("Descent", Object::Integer(info.scaled(info.descent)));
    fd.set("CapHeight", Object::Integer(info.scaled(info.cap_height)));
    fd.set("StemV", Object::Integer(stem_v));
    fd.set("FontFile2", Object::Reference(file_id));
    let fd_id = doc.add_object(fd);

    // `/W`: runs of consecutive subset ids with their widths.
    let mut by_new: Vec<(u16, u16)> = fg.remap.iter().map(|(&old, &new)| (new, old)).collect();
    by_new.sort_unstable();
    let mut w = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0u16;
    for (i, &(new, old)) in by_new.iter().enumerate() {
        if i > 0 && new != by_new[i - 1].0 + 1 {
            w.push(Object::Integer(i64::from(first)));
            w.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = new;
        }
        run.push(Object::Integer(info.width1000(old)));
    }
    if !run.is_empty() {
        w.push(Object::Integer(i64::from(first)));
        w.push(Object::Array(run));
    }

    let mut csi = Dictionary::new();
    csi.set("Registry", Object::string_literal("Adobe"));
    csi.set("Ordering", Object::string_literal("Identity"));
    csi.set("Supplement", Object::Integer(0));
    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    cid.set("BaseFont", Object::Name(name.clone()));
    cid.set("CIDSystemInfo", Object::Dictionary(csi));
    cid.set("FontDescriptor", Object::Reference(fd_id));
    cid.set("DW", Object::Integer(1000));
    cid.set("W", Object::Array(w));
    cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    let cid_id = doc.add_object(cid);

    let cmap_id = doc.add_object(flate_stream(Dictionary::new(), to_unicode_cmap(fg)));
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type0".to_vec()));
    font.set("BaseFont", Object::Name(name));
    font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid_id)]),
    );
    font.set("ToUnicode", Object::Reference(cmap_id));
    doc.add_object(font)
}

fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// A PDF text string: literal for ASCII, UTF-16BE with a byte-order mark otherwise.
pub(crate) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

fn scale_of(t: &Transform) -> f32 {
    (t.a * t.d - t.b * t.c).abs().sqrt()
}

/// Appends `v` rounded to three decimals, without trailing zeros.
fn put_num(buf: &mut Vec<u8>, v: f32) {
    let r = (f64::from(v) * 1000.0).round() as i64;
    if r < 0 {
        buf.push(b'-');
    }
    let a = r.unsigned_abs();
    put_uint(buf, a / 1000);
    let frac = a % 1000;
    if frac != 0 {
        let digits = [
            b'0' + (frac / 100) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ];
        let len = if digits[2] != b'0' {
            3
        } else if digits[1] != b'0' {
            2
        } else {
            1
        };
        buf.push(b'.');
        buf.extend_from_slice(&digits[..len]);
    }
}

fn put_uint(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn put_hex4(buf: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        buf.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

/// A content stream under construction, with the text state that lets
/// consecutive glyphs share one `TJ` array.
#[derive(Default)]
struct Content {
    buf: Vec<u8>,
    /// Where the next glyph of the open text object would be drawn with no
    /// adjustment (page x, y), when known.
    pen: Option<(f32, f32)>,
    /// A `TJ` array is open.
    open: bool,
    /// Font size of the open text object.
    size: f32,
}

impl Content {
    /// Operands, then the operator.
    fn op(&mut self, nums: &[f32], op: &str) {
        self.close_tj();
        for &n in nums {
            put_num(&mut self.buf, n);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
    }

    /// A name operand, then the operator (`/GA0 gs`, `/Im0 Do`).
    fn named(&mut self, name: &str, op: &str) {
        self.close_tj();
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b' ');
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
    }

    fn close_tj(&mut self) {
        if self.open {
            self.buf.extend_from_slice(b"]TJ\n");
            self.open = false;
        }
    }

    fn begin_text(&mut self, font: &str, size: f32) {
        self.close_tj();
        self.buf.extend_from_slice(b"BT\n/");
        self.buf.extend_from_slice(font.as_bytes());
        self.buf.push(b' ');
        put_num(&mut self.buf, size);
        self.buf.extend_from_slice(b" Tf\n");
        self.size = size;
        self.pen = None;
    }

    fn end_text(&mut self) {
        self.close_tj();
        self.buf.extend_from_slice(b"ET\n");
        self.pen = None;
    }

    /// Moves the text position to page point (x, y).
    fn move_to(&mut self, x: f32, y: f32) {
        self.close_tj();
        self.buf.extend_from_slice(b"1 0 0 1 ");
        put_num(&mut self.buf, x);
        self.buf.push(b' ');
        put_num(&mut self.buf, y);
        self.buf.extend_from_slice(b" Tm\n");
        self.pen = Some((round(x), round(y)));
    }

    /// Shows subset glyph `code` with its origin at page point (x, y);
    /// `width1000` is its `/W` width. Needs unit horizontal scaling and no
    /// character spacing.
    fn glyph(&mut self, code: u16, x: f32, y: f32, width1000: i64) {
        let size = self.size.max(0.001);
        let pen_x = match self.pen {
            Some((px, py)) if (py - round(y)).abs() < 0.0005 => {
                let adj = round((px - x) * 1000.0 / size);
                if !self.open {
                    self.buf.push(b'[');
                    self.open = true;
                }
                if adj != 0.0 {
                    put_num(&mut self.buf, adj);
                }
                px - adj / 1000.0 * size
            }
            _ => {
                self.move_to(x, y);
                self.buf.push(b'[');
                self.open = true;
                round(x)
            }
        };
        if !self.open {
            self.buf.push(b'[');
            self.open = true;
        }
        self.buf.push(b'<');
        put_hex4(&mut self.buf, code);
        self.buf.push(b'>');
        self.pen = Some((pen_x + width1000 as f32 / 1000.0 * size, round(y)));
    }

    /// Begins a `/Span` with `/ActualText`.
    fn begin_actual_text(&mut self, text: &str) {
        self.close_tj();
        self.buf.extend_from_slice(b"/Span <</ActualText <FEFF");
        for u in text.encode_utf16() {
            put_hex4(&mut self.buf, u);
        }
        self.buf.extend_from_slice(b">>> BDC\n");
    }

    fn end_marked(&mut self) {
        self.close_tj();
        self.buf.extend_from_slice(b"EMC\n");
    }
}

/// Per-page state of the content writer.
struct PageWriter<'a> {
    height: f32,
    out: Content,
    faces: &'a BTreeMap<Face, FaceGlyphs>,
    units: &'a RunUnits,
    font_names: &'a BTreeMap<Face, String>,
    alphas: &'a mut BTreeMap<(u32, u32), String>,
    images: &'a mut Vec<(Image, String)>,
    links: Vec<([f32; 4], LinkTarget)>,
    anchors: Vec<(String, [f32; 2])>,
}

impl PageWriter<'_> {
    fn pt(&self, t: &Transform, p: Point) -> (f32, f32) {
        let q = t.apply(p);
        (q.x, self.height - q.y)
    }

    fn color(&mut self, c: dossier_canvas::Color, stroke: bool) {
        let v = [c.r as f32 / 255.0, c.g as f32 / 255.0, c.b as f32 / 255.0];
        self.out.op(&v, if stroke { "RG" } else { "rg" });
    }

    /// Sets fill and stroke opacity through an ExtGState when not opaque.
    fn alpha(&mut self, fill: f32, stroke: f32) -> bool {
        if fill >= 1.0 && stroke >= 1.0 {
            return false;
        }
        let key = (
            (fill.clamp(0.0, 1.0) * 1000.0).round() as u32,
            (stroke.clamp(0.0, 1.0) * 1000.0).round() as u32,
        );
        let n = self.alphas.len();
        let name = self
            .alphas
            .entry(key)
            .or_insert_with(|| format!("GA{n}"))
            .clone();
        self.out.op(&[], "q");
        self.out.named(&name, "gs");
        true
    }

    fn path(&mut self, t: &Transform, path: &Path) {
        let mut cur = Point::default();
        for seg in &path.segs {
            match *seg {
                PathSeg::MoveTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.out.op(&[x, y], "m");
                    cur = p;
                }
                PathSeg::LineTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.out.op(&[x, y], "l");
                    cur = p;
                }
                PathSeg::QuadTo(c, p) => {
                    let c1 = Point::new(
                        cur.x + 2.0 / 3.0 * (c.x - cur.x),
                        cur.y + 2.0 / 3.0 * (c.y - cur.y),
                    );
                    let c2 =
                        Point::new(p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                    let (a, b) = self.pt(t, c1);
                    let (c, d) = self.pt(t, c2);
                    let (e, f) = self.pt(t, p);
                    self.out.op(&[a, b, c, d, e, f], "c");
                    cur = p;
                }
                PathSeg::CubicTo(c1, c2, p) => {
                    let (a, b) = self.pt(t, c1);
                    let (c, d) = self.pt(t, c2);
                    let (e, f) = self.pt(t, p);
                    self.out.op(&[a, b, c, d, e, f], "c");
                    cur = p;
                }
                PathSeg::Close => self.out.op(&[], "h"),
            }
        }
    }

    fn items(&mut self, items: &[Item], t: Transform) {
        for item in items {
            match item {
                Item::Path { path, fill, stroke } => {
                    if path.is_empty() || (fill.is_none() && stroke.is_none()) {
                        continue;
                    }
                    let fa = fill.map(|c| c.alpha).unwrap_or(1.0);
                    let sa = stroke.as_ref().map(|s| s.color.alpha).unwrap_or(1.0);
                    let saved = self.alpha(fa, sa);
                    if let Some(c) = fill {
                        self.color(*c, false);
                    }
                    if let Some(s) = stroke {
                        self.color(s.color, true);
                        let sc = scale_of(&t);
                        self.out.op(&[s.width * sc], "w");
                        self.out.buf.push(b'[');
                        for (i, d) in s.dash.iter().enumerate() {
                            if i > 0 {
                                self.out.buf.push(b' ');
                            }
                            put_num(&mut self.out.buf, d * sc);
                        }
                        self.out.buf.extend_from_slice(b"] ");
                        self.out.op(&[0.0], "d");
                    }
                    self.path(&t, path);
                    let op = match (fill.is_some(), stroke.is_some()) {
                        (true, true) => "B",
                        (true, false) => "f",
                        _ => "S",
                    };
                    self.out.op(&[], op);
                    if saved {
                        self.out.op(&[], "Q");
                    }
                }
                Item::Glyphs(run) => self.glyphs(run, &t),
                Item::Image(img) => {
                    let name = format!("Im{}", self.images.len());
                    self.images.push((img.clone(), name.clone()));
                    let r = img.rect;
                    let (x0, y0) = self.pt(&t, Point::new(r.x, r.bottom()));
                    let (x1, _) = self.pt(&t, Point::new(r.right(), r.bottom()));
                    let (_, y1) = self.pt(&t, Point::new(r.x, r.y));
                    self.out.op(&[], "q");
                    self.out.op(&[x1 - x0, 0.0, 0.0, y1 - y0, x0, y0], "cm");
                    self.out.named(&name, "Do");
                    self.out.op(&[], "Q");
                }
                Item::Link { rect, target } => {
                    let (x0, y0) = self.pt(&t, Point::new(rect.x, rect.bottom()));
                    let (x1, y1) = self.pt(&t, Point::new(rect.right(), rect.y));
                    self.links.push((
                        [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)],
                        target.clone(),
                    ));
                }
                Item::Anchor { name, at } => {
                    let (x, y) = self.pt(&t, *at);
                    self.anchors.push((name.clone(), [x, y]));
                }
                Item::Group(g) => {
                    let inner = t.then(g.transform);
                    if let Some(clip) = &g.clip {
                        self.out.op(&[], "q");
                        self.path(&inner, clip);
                        self.out.op(&[], "W");
                        self.out.op(&[], "n");
                        self.items(&g.items, inner);
                        self.out.op(&[], "Q");
                    } else {
                        self.items(&g.items, inner);
                    }
                }
            }
        }
    }

    fn glyphs(&mut self, run: &GlyphRun, t: &Transform) {
        let (Some(fg), Some(font)) = (self.faces.get(&run.face), self.font_names.get(&run.face))
        else {
            return;
        };
        if run.glyphs.is_empty() {
            return;
        }
        let computed;
        let units = match self.units.get(&(run as *const GlyphRun)) {
            Some(u) => u,
            None => {
                computed = text_units(run);
                &computed
            }
        };
        let saved = self.alpha(run.color.alpha, 1.0);
        let size = run.size * scale_of(t);
        self.out.begin_text(font, size);
        self.color(run.color, false);
        let mut covered = vec![false; run.glyphs.len()];
        for (gl, text) in units {
            if gl.is_empty() {
                continue;
            }
            let plain = gl.len() == 1
                && fg.text.get(&run.glyphs[gl[0]].id).map(String::as_str) == Some(text.as_str());
            let carriers = !plain && run.rtl;
            if !plain {
                self.out
                    .begin_actual_text(if carriers { "" } else { text.as_str() });
            }
            for &gi in gl {
                covered[gi] = true;
                // A zero-width blank (a ZWNJ shaped to the space glyph)
                // draws nothing; skipping it keeps its space out of the text.
                let g = run.glyphs[gi];
                let blank = fg
                    .text
                    .get(&g.id)
                    .is_some_and(|t| !t.is_empty() && t.trim().is_empty());
                if !(g.advance == 0.0 && blank) {
                    self.glyph(run, gi, fg, t);
                }
            }
            if !plain {
                self.out.end_marked();
            }
            if carriers {
                self.carriers(run, gl, text, fg, t);
            }
        }
        // Glyphs outside every cluster (should not happen) are still drawn.
        for (gi, done) in covered.iter().enumerate() {
            if !done {
                self.glyph(run, gi, fg, t);
            }
        }
        self.out.end_text();
        if saved {
            self.out.op(&[], "Q");
        }
    }

    /// Invisible glyphs, one per character of `text`, laid right to left
    /// over the unit's glyphs and drawn left to right like the rest of the
    /// line, carrying its text for extraction. Characters with an advance
    /// share the unit's width; zero-width ones (joiners, marks) sit with no
    /// width at the end of the character before them, so that readers see
    /// neither gaps (which they turn into spaces) nor overlaps.
    fn carriers(
        &mut self,
        run: &GlyphRun,
        gl: &[usize],
        text: &str,
        fg: &FaceGlyphs,
        t: &Transform,
    ) {
        let info = face_info(run.face);
        let left = gl
            .iter()
            .map(|&i| run.glyphs[i].x)
            .fold(f32::INFINITY, f32::min);
        let right = gl
            .iter()
            .map(|&i| run.glyphs[i].x + run.glyphs[i].advance)
            .fold(f32::NEG_INFINITY, f32::max);
        let y = run.glyphs[gl[0]].y;
        let gid_of = |c: char| info.cmap.get(&(c as u32)).copied();
        let wide = |c: char| gid_of(c).is_some_and(|g| info.width1000(g) > 0);
        let chars: Vec<char> = text.chars().collect();
        let n_wide = chars.iter().filter(|&&c| wide(c)).count();
        // With no wide character at all, every character gets a share.
        let shares = if n_wide == 0 { chars.len() } else { n_wide };
        let share = (right - left) / shares.max(1) as f32;
        let mut slots = Vec::with_capacity(chars.len());
        let mut edge = right;
        for &c in &chars {
            let w = if n_wide == 0 || wide(c) { share } else { 0.0 };
            slots.push((c, edge - w, w));
            edge -= w;
        }
        let sc = scale_of(t);
        let size = self.out.size.max(0.001);
        self.out.op(&[3.0], "Tr");
        let (mut tz, mut tc) = (100.0_f32, 0.0_f32);
        for &(c, x, w) in slots.iter().rev() {
            let Some(gid) = gid_of(c) else { continue };
            let Some(&code) = fg.remap.get(&gid) else {
                continue;
            };
            if fg.text.get(&gid).map(String::as_str) != Some(c.encode_utf8(&mut [0; 4])) {
                continue;
            }
            let adv = info.width1000(gid) as f32 / 1000.0 * size;
            let (want_tz, want_tc) = if w <= 0.0 {
                (100.0, 0.0)
            } else if adv > 0.0 {
                (round((w * sc / adv * 100.0).clamp(0.1, 1000.0)), 0.0)
            } else {
                (100.0, round(w * sc))
            };
            if want_tz != tz {
                self.out.op(&[want_tz], "Tz");
                tz = want_tz;
            }
            if want_tc != tc {
                self.out.op(&[want_tc], "Tc");
                tc = want_tc;
            }
            let (px, py) = self.pt(t, Point::new(x, y));
            self.out.move_to(px, py);
            self.out.buf.extend_from_slice(b"[<");
            put_hex4(&mut self.out.buf, code);
            self.out.buf.extend_from_slice(b">]TJ\n");
        }
        if tz != 100.0 {
            self.out.op(&[100.0], "Tz");
        }
        if tc != 0.0 {
            self.out.op(&[0.0], "Tc");
        }
        self.out.op(&[0.0], "Tr");
        self.out.pen = None;
    }

    fn glyph(&mut self, run: &GlyphRun, gi: usize, fg: &FaceGlyphs, t: &Transform) {
        let g = run.glyphs[gi];
        let Some(&code) = fg.remap.get(&g.id) else {
            return;
        };
        let (x, y) = self.pt(t, Point::new(g.x, g.y));
        let w = face_info(run.face).width1000(g.id);
        self.out.glyph(code, x, y, w);
    }
}

/// One page's annotations and destinations, in PDF coordinates.
struct PageExtras {
    links: Vec<([f32; 4], LinkTarget)>,
    anchors: Vec<(String, [f32; 2])>,
}

/// Writes `pages` as a PDF.
pub fn write_pdf(
    pages: &[Scene],
    outline: &[OutlineEntry],
    meta: &PdfMeta,
) -> Result<Vec<u8>, PdfError> {
    let (mut faces, units) = collect_glyphs(pages);
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();

    let mut font_names = BTreeMap::new();
    let mut fonts = Dictionary::new();
    for (i, (face, fg)) in faces.iter_mut().enumerate() {
        let program = subset(*face, fg)?;
        let name = format!("F{i}");
        let id = font_object(&mut doc, *face, fg, program);
        fonts.set(name.as_bytes().to_vec(), Object::Reference(id));
        font_names.insert(*face, name);
    }

    let mut alphas = BTreeMap::new();
    let mut images = Vec::new();
    let mut extras = Vec::new();
    let mut contents = Vec::new();
    for scene in pages {
        let mut w = PageWriter {
            height: scene.height,
            out: Content {
                buf: Vec::with_capacity(32 * 1024),
                ..Content::default()
            },
            faces: &faces,
            units: &units,
            font_names: &font_names,
            alphas: &mut alphas,
            images: &mut images,
            links: Vec::new(),
            anchors: Vec::new(),
        };
        w.items(&scene.items, Transform::IDENTITY);
        w.out.close_tj();
        contents.push(std::mem::take(&mut w.out.buf));
        extras.push(PageExtras {
            links: w.links,
            anchors: w.anchors,
        });
    }

    // One resource dictionary serves every page.
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    if !alphas.is_empty() {
        let mut gs = Dictionary::new();
        for (&(fa, sa), name) in &alphas {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"ExtGState".to_vec()));
            d.set("ca", Object::Real(fa as f32 / 1000.0));
            d.set("CA", Object::Real(sa as f32 / 1000.0));
            gs.set(name.as_bytes().to_vec(), Object::Dictionary(d));
        }
        resources.set("ExtGState", Object::Dictionary(gs));
    }
    if !images.is_empty() {
        let mut xobjects = Dictionary::new();
        for (img, name) in &images {
            let id = image_object(&mut doc, img);
            xobjects.set(name.as_bytes().to_vec(), Object::Reference(id));
        }
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    let resources_id = doc.add_object(resources);

    let mut page_ids = Vec::with_capacity(pages.len());
    for (scene, content) in pages.iter().zip(contents) {
        let content_id = doc.add_object(flate_stream(Dictionary::new(), content));
        let bx = Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(round(scene.width)),
            Object::Real(round(scene.height)),
        ]);
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("MediaBox", bx.clone());
        page.set("TrimBox", bx);
        page.set("Resources", Object::Reference(resources_id));
        page.set("Contents", Object::Reference(content_id));
        page_ids.push(doc.add_object(page));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Kids",
        Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
    );
    tree.set("Count", Object::Integer(page_ids.len() as i64));
    doc.objects.insert(pages_id, Object::Dictionary(tree));

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    catalog.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));

    finish(&mut doc, &page_ids, &extras, outline, meta)?;
    save(doc)
}

fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn lerr(e: lopdf::Error) -> PdfError {
    PdfError::Pdf(e.to_string())
}

fn image_object(doc: &mut lopdf::Document, img: &Image) -> ObjectId {
    let n = (img.width * img.height) as usize;
    let mut rgb = Vec::with_capacity(n * 3);
    let mut alpha = Vec::with_capacity(n);
    for px in img.rgba.chunks_exact(4).take(n) {
        rgb.extend_from_slice(&px[..3]);
        alpha.push(px[3]);
    }
    let base = |cs: &str| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"XObject".to_vec()));
        d.set("Subtype", Object::Name(b"Image".to_vec()));
        d.set("Width", Object::Integer(img.width as i64));
        d.set("Height", Object::Integer(img.height as i64));
        d.set("ColorSpace", Object::Name(cs.as_bytes().to_vec()));
        d.set("BitsPerComponent", Object::Integer(8));
        d
    };
    let mut dict = base("DeviceRGB");
    if alpha.iter().any(|&a| a < 255) {
        let smask = doc.add_object(flate_stream(base("DeviceGray"), alpha));
        dict.set("SMask", Object::Reference(smask));
    }
    doc.add_object(flate_stream(dict, rgb))
}

fn dest(page: ObjectId, x: f32, y: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Real(round(x)),
        Object::Real(round(y)),
        Object::Null,
    ])
}

fn finish(
    doc: &mut lopdf::Document,
    page_ids: &[ObjectId],
    extras: &[PageExtras],
    outline: &[OutlineEntry],
    meta: &PdfMeta,
) -> Result<(), PdfError> {
    // Named destinations.
    let mut dests: BTreeMap<String, Object> = BTreeMap::new();
    for (pi, ex) in extras.iter().enumerate() {
        for (name, [x, y]) in &ex.anchors {
            dests
                .entry(name.clone())
                .or_insert_with(|| dest(page_ids[pi], *x, *y + 14.0));
        }
    }

    for (pi, &page) in page_ids.iter().enumerate() {
        let Some(ex) = extras.get(pi) else { continue };
        let mut annots = Vec::new();
        for (r, target) in &ex.links {
            let mut a = Dictionary::new();
            a.set("Type", Object::Name(b"Annot".to_vec()));
            a.set("Subtype", Object::Name(b"Link".to_vec()));
            a.set(
                "Rect",
                Object::Array(r.iter().map(|v| Object::Real(round(*v))).collect()),
            );
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            let mut action = Dictionary::new();
            match target {
                LinkTarget::Url(u) => {
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(u.as_bytes().to_vec(), StringFormat::Literal),
                    );
                }
                LinkTarget::Anchor(name) => {
                    if !dests.contains_key(name) {
                        continue;
                    }
                    action.set("S", Object::Name(b"GoTo".to_vec()));
                    action.set(
                        "D",
                        Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
                    );
                }
            }
            a.set("A", Object::Dictionary(action));
            annots.push(Object::Reference(doc.add_object(a)));
        }
        if !annots.is_empty() {
            doc.get_dictionary_mut(page)
                .map_err(lerr)?
                .set("Annots", Object::Array(annots));
        }
    }

    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(lerr)?;

    // Outline, nested by heading level.
    let outline_root = if outline.is_empty() {
        None
    } else {
        Some(build_outline(doc, outline, page_ids, &dests))
    };

    let mut names = Vec::new();
    for (name, d) in &dests {
        names.push(Object::String(
            name.as_bytes().to_vec(),
            StringFormat::Literal,
        ));
        names.push(d.clone());
    }
    let catalog = doc.get_dictionary_mut(catalog_id).map_err(lerr)?;
    catalog.set("Lang", text_string(&meta.lang));
    if !names.is_empty() {
        let mut tree = Dictionary::new();
        tree.set("Names", Object::Array(names));
        let mut nd = Dictionary::new();
        nd.set("Dests", Object::Dictionary(tree));
        catalog.set("Names", Object::Dictionary(nd));
    }
    let mut vp = Dictionary::new();
    vp.set("DisplayDocTitle", Object::Boolean(true));
    if meta.rtl {
        vp.set("Direction", Object::Name(b"R2L".to_vec()));
    }
    catalog.set("ViewerPreferences", Object::Dictionary(vp));
    if let Some(root) = outline_root {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }

    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string("dossier"));
    info.set("Producer", text_string("dossier-pdf (lopdf)"));
    if let Some(epoch) = meta.creation_date {
        let d = pdf_date(epoch);
        info.set("CreationDate", Object::string_literal(d.clone()));
        info.set("ModDate", Object::string_literal(d));
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    Ok(())
}

fn build_outline(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    page_ids: &[ObjectId],
    dests: &BTreeMap<String, Object>,
) -> ObjectId {
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = outline.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(outline.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in outline.iter().enumerate() {
        while stack.last().is_some_and(|&j| outline[j].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..outline.len()).filter(|&i| parent[i] == p).collect()
    };
    let mut count_all = vec![0i64; outline.len()];
    for i in (0..outline.len()).rev() {
        let kids = children(Some(i));
        count_all[i] = kids.iter().map(|&k| 1 + count_all[k]).sum();
    }
    for (i, e) in outline.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        let pid = parent[i].map(|p| ids[p]).unwrap_or(root);
        d.set("Parent", Object::Reference(pid));
        let sib = children(parent[i]);
        let pos = sib.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[sib[pos - 1]]));
        }
        if let Some(&n) = sib.get(pos + 1) {
            d.set("Next", Object::Reference(ids[n]));
        }
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            d.set("Count", Object::Integer(count_all[i]));
        }
        let dst = dests.get(&e.anchor).cloned().unwrap_or_else(|| {
            let p = page_ids.get(e.page).or(page_ids.last()).copied();
            p.map(|p| dest(p, 0.0, 842.0)).unwrap_or(Object::Null)
        });
        d.set("Dest", dst);
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[f]));
        r.set("Last", Object::Reference(ids[l]));
    }
    r.set("Count", Object::Integer(outline.len() as i64));
    doc.objects.insert(root, Object::Dictionary(r));
    root
}

/// Writes the document with a `/ID` derived from the content.
fn save(mut doc: lopdf::Document) -> Result<Vec<u8>, PdfError> {
    // Write once with a placeholder `/ID`, then put the hash of those bytes
    // in its place (same length, so nothing else moves).
    let placeholder = [0xA5u8; 16];
    let id = Object::String(placeholder.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Pdf(e.to_string()))?;
    let digest = Sha256::digest(&out);
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let old = format!("<{}>", hex(&placeholder));
    let new = format!("<{}>", hex(&digest[..16]));
    let tail_start = out.len().saturating_sub(4096);
    let mut i = tail_start;
    while let Some(pos) = out[i..]
        .windows(old.len())
        .position(|w| w.eq_ignore_ascii_case(old.as_bytes()))
    {
        let at = i + pos;
        out[at..at + new.len()].copy_from_slice(new.as_bytes());
        i = at + new.len();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }

    #[test]
    fn numbers_have_three_decimals_at_most() {
        let text = |v: f32| {
            let mut b = Vec::new();
            put_num(&mut b, v);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(text(0.0), "0");
        assert_eq!(text(-0.0001), "0");
        assert_eq!(text(12.5), "12.5");
        assert_eq!(text(-1.23456), "-1.235");
        assert_eq!(text(842.0), "842");
        assert_eq!(text(0.05), "0.05");
    }
}
