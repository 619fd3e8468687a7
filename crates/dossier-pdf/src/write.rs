//! Pages of [`Scene`]s → PDF bytes.
//!
//! printpdf writes the document: its pages, transparency states and the
//! Type0 fonts with their `/W` widths and `/ToUnicode` maps. The fonts it
//! is given are already subset with `subsetter` (printpdf subsets only
//! with its text-layout feature) and described from the metrics read once
//! per process; it learns which glyphs each font shows, with their text,
//! from a glyph inventory (see [`glyph_inventory`]).
//!
//! The content streams (text as subset glyph ids, paths, colours, images,
//! marked content) are written here as bytes by [`crate::content`], while
//! each page is walked, and take the place of printpdf's. Consecutive
//! glyphs on a line go out as one `TJ` whose kerning numbers come from the
//! same widths printpdf declares in `/W`, so one text-matrix move starts a
//! line and the rest are small adjustments.
//!
//! A pass with lopdf then adds what printpdf lacks: `/Lang`, a nested
//! outline, named destinations and link annotations, image XObjects,
//! right-to-left viewer preferences, an `/Info` dictionary with properly
//! encoded text, and the structure tree. [`crate::file`] writes the
//! objects out: streams compressed by libdeflate at zlib's default flate
//! level, dictionaries in object streams, and a `/ID` that is a hash of
//! the content, so that the same input gives the same bytes.
//!
//! Text extraction: every glyph id keeps one Unicode text for the whole
//! document (the first one seen wins, preferring glyphs that stand alone
//! for their cluster), because printpdf keeps one text per glyph id too. A
//! cluster whose glyphs do not spell its text through that map (ligatures,
//! marks, contextual forms shared by several letters) is wrapped in a
//! `/Span` marked-content sequence with `/ActualText`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use dossier_canvas::{
    Face, GlyphRun, Image, Item, LinkTarget, Path, PathSeg, Point, Scene, Transform,
};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{
    Codepoint, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, FontMetrics, FontType, Mm,
    Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect as PdfRect, TextItem,
};
use rayon::prelude::*;
use skrifa::instance::{LocationRef, Size};
use skrifa::{GlyphId, MetadataProvider};

use crate::content::{Content, Paint, Shown};
use crate::file;
use crate::layout::OutlineEntry;
use crate::standard::Standards;
use crate::struct_tree::{self, PageTags, Tagged};
use crate::subset;
use crate::tags::{Artifact, Mark, Role, Structure};
use crate::xmp;
use crate::PdfError;

/// The structure of the pages and the mark of every item on them
/// (`marks[page][item]`), for a tagged PDF.
#[derive(Debug, Clone, Copy)]
pub struct Tags<'a> {
    pub structure: &'a Structure,
    pub marks: &'a [Vec<Mark>],
}

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
    /// The standards the file declares (in its XMP metadata), and for
    /// PDF/A the output intent it carries.
    pub standards: Standards,
}

/// Per-face glyph bookkeeping: the one text of each glyph and its id in the subset.
#[derive(Default)]
struct FaceGlyphs {
    text: BTreeMap<u16, String>,
    remap: BTreeMap<u16, u16>,
    /// The same, by glyph id, once `remap` is made ([`FaceGlyphs::set_remap`]):
    /// the pages look a glyph up several times for each glyph they draw.
    by_id: Vec<Option<Drawn>>,
}

/// What the pages need of a glyph the document draws.
struct Drawn {
    /// Its id in the subset.
    code: u16,
    text: String,
    /// Its text is only white space, such as a ZWNJ shaped to the space.
    blank: bool,
}

impl FaceGlyphs {
    /// Sets the glyphs' ids in the subset, and the table by glyph id.
    fn set_remap(&mut self, remap: BTreeMap<u16, u16>) {
        self.remap = remap;
        let len = self
            .text
            .keys()
            .next_back()
            .map_or(0, |&g| usize::from(g) + 1);
        self.by_id = std::iter::repeat_with(|| None).take(len).collect();
        for (&gid, text) in &self.text {
            if let Some(&code) = self.remap.get(&gid) {
                self.by_id[usize::from(gid)] = Some(Drawn {
                    code,
                    text: text.clone(),
                    blank: !text.is_empty() && text.trim().is_empty(),
                });
            }
        }
    }

    fn drawn(&self, gid: u16) -> Option<&Drawn> {
        self.by_id.get(usize::from(gid))?.as_ref()
    }
}

/// A run's text units: glyph indices and the text they stand for, each
/// unit a stretch of two shared buffers (a run has a unit per cluster, and
/// two allocations for each were a sizeable part of writing a PDF).
#[derive(Debug, Default, PartialEq)]
struct Units {
    glyphs: Vec<usize>,
    text: String,
    units: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

impl Units {
    /// Each unit's glyph indices and text.
    fn iter(&self) -> impl Iterator<Item = (&[usize], &str)> + '_ {
        self.units
            .iter()
            .map(|(g, t)| (&self.glyphs[g.clone()], &self.text[t.clone()]))
    }
}

/// Text units of every run of the document, computed once and looked up
/// by the run's address while the pages are written.
type RunUnits = HashMap<usize, Units>;

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

/// Marks that only steer layout (the word joiner that keeps an identifier
/// on one line, the directional isolates around it): they are left out of
/// the extracted text, where a reader searching for the word would trip
/// over them.
pub(crate) fn is_layout_mark(c: char) -> bool {
    matches!(c, '\u{2060}' | '\u{2066}'..='\u{2069}')
}

/// A run's text units in visual order: glyph indices and the text they
/// stand for. Clusters without glyphs (the second letter of a ligature)
/// and clusters of joiners only (ZWNJ) are merged into the cluster before
/// them in reading order, so that no text is lost or misplaced.
fn text_units(run: &GlyphRun) -> Units {
    let n = run.glyphs.len();
    let mut out = Units {
        glyphs: Vec::with_capacity(n),
        text: String::with_capacity(run.text.len()),
        units: Vec::with_capacity(run.clusters.len()),
    };
    let count = run.clusters.len();
    let mut pending = String::new();
    for k in 0..count {
        let ci = if run.rtl { count - 1 - k } else { k };
        let c = &run.clusters[ci];
        let raw = run.cluster_text(c);
        let glyphs = c.glyphs.clone().filter(|&i| i < n);
        let none = glyphs.clone().next().is_none();
        let attach = none || (!raw.is_empty() && raw.chars().all(is_joiner));
        let push_text = |out: &mut String| {
            if raw.chars().any(is_layout_mark) {
                out.extend(raw.chars().filter(|&c| !is_layout_mark(c)));
            } else {
                out.push_str(raw);
            }
        };
        match out.units.last_mut() {
            // The last unit ends both buffers, so it grows in place.
            Some(last) if attach => {
                out.glyphs.extend(glyphs);
                push_text(&mut out.text);
                last.0.end = out.glyphs.len();
                last.1.end = out.text.len();
            }
            _ if none => push_text(&mut pending),
            _ => {
                let (g0, t0) = (out.glyphs.len(), out.text.len());
                out.glyphs.extend(glyphs);
                out.text.push_str(&pending);
                pending.clear();
                push_text(&mut out.text);
                out.units.push((g0..out.glyphs.len(), t0..out.text.len()));
            }
        }
    }
    if !pending.is_empty() {
        if let Some(last) = out.units.last_mut() {
            out.text.push_str(&pending);
            last.1.end = out.text.len();
        }
    }
    if run.rtl {
        out.units.reverse();
    }
    for (g, _) in &out.units {
        out.glyphs[g.clone()].sort_unstable();
    }
    out
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
    fn scaled(&self, v: f32) -> i16 {
        (v * 1000.0 / self.upem)
            .round()
            .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
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
    let mut all: Vec<&GlyphRun> = Vec::new();
    for page in pages {
        walk(&page.items, Transform::IDENTITY, &mut |item, _| {
            if let Item::Glyphs(run) = item {
                all.push(run);
            }
        });
    }
    let runs: Vec<(&GlyphRun, Units)> = all.into_par_iter().map(|r| (r, text_units(r))).collect();
    let mut faces: BTreeMap<Face, FaceGlyphs> = BTreeMap::new();
    for (run, units) in &runs {
        let fg = faces.entry(run.face).or_default();
        for (gl, text) in units.iter() {
            if is_simple(gl, text) {
                fg.text
                    .entry(run.glyphs[gl[0]].id)
                    .or_insert_with(|| text.to_string());
            }
        }
    }
    for (run, units) in &runs {
        let fg = faces.entry(run.face).or_default();
        for (gl, text) in units.iter() {
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
                    fg.text.entry(run.glyphs[gi].id).or_insert_with(|| {
                        if k == 0 {
                            text.to_string()
                        } else {
                            String::new()
                        }
                    });
                }
            }
        }
    }
    // Every glyph maps to Unicode (PDF/UA-1 7.21.7, PDF/A-2u): one that
    // carries no text of its own gets the first letter of the first unit
    // it draws. Such glyphs are always drawn inside an `/ActualText` span,
    // which readers take instead, so the text read back does not change.
    for (run, units) in &runs {
        let Some(fg) = faces.get_mut(&run.face) else {
            continue;
        };
        for (gl, text) in units.iter() {
            let Some(c) = text
                .chars()
                .find(|c| !c.is_whitespace() && !is_layout_mark(*c))
            else {
                continue;
            };
            for &gi in gl {
                if let Some(t) = fg.text.get_mut(&run.glyphs[gi].id) {
                    if t.is_empty() {
                        *t = c.to_string();
                    }
                }
            }
        }
    }
    let units = runs
        .into_iter()
        .map(|(run, units)| (run as *const GlyphRun as usize, units))
        .collect();
    (faces, units)
}

/// Flate level for every stream: zlib's default. Tagged content streams
/// (a marked-content sequence per piece of text) shrink by a quarter from
/// level 1 to 6; level 9 saves little more and costs far more time.
const FLATE_LEVEL: u32 = 6;

pub(crate) fn round(v: f32) -> f32 {
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

/// The face as printpdf embeds it: the subset program with its own glyph
/// ids, widths and descriptor metrics, all taken from what skrifa already
/// read, so the program is not parsed again for every document. Metrics
/// are given in thousandths of an em (the program's own units per em stay
/// inside it), so that `/W` holds rounded widths rather than printpdf's
/// truncated ones and the kerning numbers between glyphs stay small.
fn parsed_font(face: Face, fg: &FaceGlyphs, program: Vec<u8>, tag: &str) -> ParsedFont {
    let info = face_info(face);
    let glyph_widths = fg
        .remap
        .iter()
        .map(|(&old, &new)| (new, info.width1000(old).clamp(0, 65_535) as u16))
        .collect();
    // The caret slope printpdf turns back into `/ItalicAngle`.
    let run = (-info.italic_angle.to_radians().tan() * 1000.0).round();
    ParsedFont {
        original_bytes: program,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", face.postscript_name())),
        codepoint_to_glyph: BTreeMap::new(),
        glyph_widths,
        units_per_em: 1000,
        font_metrics: FontMetrics {
            ascent: info.scaled(info.ascent),
            descent: info.scaled(info.descent),
        },
        font_type: FontType::TrueType,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: 1000,
            x_min: info.scaled(info.bbox[0]),
            y_min: info.scaled(info.bbox[1]),
            x_max: info.scaled(info.bbox[2]),
            y_max: info.scaled(info.bbox[3]),
            caret_slope_rise: 1000,
            caret_slope_run: run.clamp(-1000.0, 1000.0) as i16,
            us_weight_class: info.weight.round().clamp(1.0, 1000.0) as u16,
        },
    }
}

/// Glyphs of an open text object waiting to go out as one `ShowText`, and
/// where the pen stands, so that consecutive glyphs share one `TJ` array
/// whose kerning numbers come from the same `/W` widths printpdf declares.
#[derive(Default)]
struct TextState {
    size: f32,
    /// Where the next glyph would be drawn with no adjustment (page x, y).
    pen: Option<(f32, f32)>,
    /// Adjustment before the first pending glyph.
    lead: f32,
    pending: Vec<Shown>,
}

fn rgb(c: dossier_canvas::Color) -> [u8; 3] {
    [c.r, c.g, c.b]
}

/// `<</ActualText <FEFF…>>>`: the text as UTF-16BE with a byte-order mark.
fn actual_text_properties(s: &str) -> Vec<u8> {
    let mut out = b"<</ActualText <FEFF".to_vec();
    for u in s.encode_utf16() {
        file::hex(&mut out, &u.to_be_bytes());
    }
    out.extend_from_slice(b">>>");
    out
}

/// Per-page state of the content writer.
struct PageWriter<'a> {
    height: f32,
    content: Content,
    text: TextState,
    faces: &'a BTreeMap<Face, FaceGlyphs>,
    units: &'a RunUnits,
    font_ids: &'a BTreeMap<Face, FontId>,
    page: usize,
    /// Opacity pairs (fill, stroke) in thousandths that this page uses.
    alphas: BTreeSet<(u32, u32)>,
    images: Vec<(Image, String)>,
    links: Vec<([f32; 4], LinkTarget)>,
    anchors: Vec<(String, [f32; 2])>,
    /// The structure, when the PDF is tagged.
    structure: Option<&'a Structure>,
    /// The marked-content sequence open at the top level, if any.
    open: Option<Mark>,
    /// Marked-content ids given out on this page so far.
    mcids: usize,
    tags: PageTags,
}

/// The property list of an artifact.
fn artifact_properties(a: Artifact) -> &'static [u8] {
    match a {
        Artifact::Header => b"<</Type/Pagination/Subtype/Header>>",
        Artifact::Footer => b"<</Type/Pagination/Subtype/Footer>>",
        Artifact::Pagination => b"<</Type/Pagination>>",
        Artifact::Layout => b"<</Type/Layout>>",
    }
}

impl PageWriter<'_> {
    /// Makes `mark` (content of an element, or an artifact) the open
    /// marked-content sequence; `item` is what it opens for (a figure's
    /// bounding box is taken from it).
    fn open_mark(&mut self, mark: &Mark, item: &Item, t: &Transform) {
        let Some(structure) = self.structure else {
            return;
        };
        if self.open.as_ref() == Some(mark) {
            return;
        }
        self.close_mark();
        match mark {
            Mark::Content(node) => {
                let role = structure.nodes.get(*node).map_or(Role::Span, |n| n.role);
                let mut properties = b"<</MCID ".to_vec();
                file::number(&mut properties, self.mcids as i64);
                properties.extend_from_slice(b">>");
                self.mcids += 1;
                self.out().begin_marked(role.name(), &properties);
                self.tags.events.push(Tagged::Content { node: *node });
                if role == Role::Figure {
                    if let Some(b) = self.bounds(item, t) {
                        self.tags.bboxes.push((*node, b));
                    }
                }
            }
            Mark::Artifact(a) => {
                self.out().begin_marked("Artifact", artifact_properties(*a));
            }
            Mark::Each(_) => return,
        }
        self.open = Some(mark.clone());
    }

    /// Ends the open marked-content sequence.
    fn close_mark(&mut self) {
        if self.open.take().is_some() {
            self.out().end_marked();
        }
    }

    /// The PDF-space bounding box of a clipped group or a path.
    fn bounds(&self, item: &Item, t: &Transform) -> Option<[f32; 4]> {
        let (path, t) = match item {
            Item::Group(g) => (g.clip.as_ref()?, t.then(g.transform)),
            Item::Path { path, .. } => (path, *t),
            _ => return None,
        };
        let mut b = [
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ];
        for seg in &path.segs {
            let pts = match *seg {
                PathSeg::MoveTo(p) | PathSeg::LineTo(p) => [Some(p), None, None],
                PathSeg::QuadTo(a, p) => [Some(a), Some(p), None],
                PathSeg::CubicTo(a, c, p) => [Some(a), Some(c), Some(p)],
                PathSeg::Close => [None; 3],
            };
            for p in pts.into_iter().flatten() {
                let (x, y) = self.pt(&t, p);
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
        b[0].is_finite().then_some(b)
    }

    fn pt(&self, t: &Transform, p: Point) -> (f32, f32) {
        let q = t.apply(p);
        (q.x, self.height - q.y)
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
        self.alphas.insert(key);
        let out = self.out();
        out.save();
        out.graphics_state(&alpha_state(key).0);
        true
    }

    /// Writes the path and paints it (non-zero winding), or clips to it.
    /// Filled and clipped paths close their last subpath, as filling does.
    fn draw(&mut self, t: &Transform, path: &Path, how: Paint) {
        let mut cur = Point::default();
        let mut open = false;
        for seg in &path.segs {
            match *seg {
                PathSeg::MoveTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.content.move_to(x, y);
                    cur = p;
                    open = true;
                }
                PathSeg::LineTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.content.line_to(x, y);
                    cur = p;
                }
                PathSeg::QuadTo(c, p) => {
                    // PDF has cubic curves only: a quadratic one is the
                    // cubic with its control points two thirds of the way.
                    let c1 = Point::new(
                        cur.x + 2.0 / 3.0 * (c.x - cur.x),
                        cur.y + 2.0 / 3.0 * (c.y - cur.y),
                    );
                    let c2 =
                        Point::new(p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                    let pts = [self.pt(t, c1), self.pt(t, c2), self.pt(t, p)];
                    self.content.curve_to(pts);
                    cur = p;
                }
                PathSeg::CubicTo(c1, c2, p) => {
                    let pts = [self.pt(t, c1), self.pt(t, c2), self.pt(t, p)];
                    self.content.curve_to(pts);
                    cur = p;
                }
                PathSeg::Close => {
                    self.content.close();
                    open = false;
                }
            }
        }
        if open && how != Paint::Stroke {
            self.content.close();
        }
        self.content.paint(how);
    }

    /// Draws `items`; `marks`, when the PDF is tagged, holds the mark of
    /// each (an item without one is an artifact, so that no content is
    /// ever left untagged).
    fn items(&mut self, items: &[Item], marks: Option<&[Mark]>, t: Transform) {
        let decoration = Mark::Artifact(Artifact::Layout);
        for (i, item) in items.iter().enumerate() {
            if self.structure.is_some() {
                let mark = marks.and_then(|m| m.get(i)).unwrap_or(&decoration);
                match (item, mark) {
                    (Item::Anchor { .. }, _) => {}
                    (Item::Link { .. }, Mark::Content(node)) => {
                        self.tags.events.push(Tagged::Annot {
                            node: *node,
                            annot: self.links.len(),
                        });
                    }
                    (Item::Link { .. }, _) => {}
                    (Item::Group(g), Mark::Each(sub)) => {
                        self.close_mark();
                        let inner = t.then(g.transform);
                        if let Some(clip) = &g.clip {
                            self.content.save();
                            self.draw(&inner, clip, Paint::Clip);
                            self.items(&g.items, Some(sub), inner);
                            self.close_mark();
                            self.content.restore();
                        } else {
                            self.items(&g.items, Some(sub), inner);
                            self.close_mark();
                        }
                        continue;
                    }
                    (_, Mark::Each(_)) => self.open_mark(&decoration, item, &t),
                    (_, m) => self.open_mark(m, item, &t),
                }
                if let Item::Group(g) = item {
                    // The whole group is one piece of content: its items
                    // are drawn inside the sequence just opened.
                    let structure = self.structure.take();
                    let inner = t.then(g.transform);
                    if let Some(clip) = &g.clip {
                        self.content.save();
                        self.draw(&inner, clip, Paint::Clip);
                        self.items(&g.items, None, inner);
                        self.content.restore();
                    } else {
                        self.items(&g.items, None, inner);
                    }
                    self.structure = structure;
                    continue;
                }
            }
            match item {
                Item::Path { path, fill, stroke } => {
                    if path.is_empty() || (fill.is_none() && stroke.is_none()) {
                        continue;
                    }
                    let fa = fill.map(|c| c.alpha).unwrap_or(1.0);
                    let sa = stroke.as_ref().map(|s| s.color.alpha).unwrap_or(1.0);
                    let saved = self.alpha(fa, sa);
                    if let Some(c) = fill {
                        self.content.fill_rgb(rgb(*c));
                    }
                    if let Some(s) = stroke {
                        let sc = scale_of(&t);
                        self.content.stroke_rgb(rgb(s.color));
                        self.content.line_width(s.width * sc);
                        let dash: Vec<f32> = s.dash.iter().map(|d| d * sc).collect();
                        self.content.dash(&dash);
                    }
                    let how = match (fill.is_some(), stroke.is_some()) {
                        (true, true) => Paint::FillStroke,
                        (true, false) => Paint::Fill,
                        _ => Paint::Stroke,
                    };
                    self.draw(&t, path, how);
                    if saved {
                        self.content.restore();
                    }
                }
                Item::Glyphs(run) => self.glyphs(run, &t),
                Item::Image(img) => {
                    let name = format!("Im{}_{}", self.page, self.images.len());
                    self.images.push((img.clone(), name.clone()));
                    let r = img.rect;
                    let (x0, y0) = self.pt(&t, Point::new(r.x, r.bottom()));
                    let (x1, _) = self.pt(&t, Point::new(r.right(), r.bottom()));
                    let (_, y1) = self.pt(&t, Point::new(r.x, r.y));
                    self.content.save();
                    self.content.transform([x1 - x0, 0.0, 0.0, y1 - y0, x0, y0]);
                    self.content.xobject(&name);
                    self.content.restore();
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
                        self.content.save();
                        self.draw(&inner, clip, Paint::Clip);
                        self.items(&g.items, None, inner);
                        self.content.restore();
                    } else {
                        self.items(&g.items, None, inner);
                    }
                }
            }
        }
    }

    /// Sends the pending glyphs out as one `ShowText`.
    fn flush_text(&mut self) {
        let ts = &mut self.text;
        if ts.pending.is_empty() {
            return;
        }
        if ts.lead != 0.0 {
            ts.pending.insert(0, Shown::Adjust(ts.lead));
            ts.lead = 0.0;
        }
        self.content.show(&ts.pending);
        ts.pending.clear();
    }

    /// Moves the text position to page point (x, y).
    fn move_to(&mut self, x: f32, y: f32) {
        self.out().text_position(x, y);
        self.text.pen = Some((round(x), round(y)));
    }

    /// Shows subset glyph `code` with its origin
    /// at page point (x, y); `width1000` is its `/W` width. Needs unit
    /// horizontal scaling and no character spacing. Adjustments are whole
    /// thousandths of an em (0.01 pt at 10 pt): the pen is tracked through
    /// them, so rounding never adds up along a line.
    fn show(&mut self, code: u16, x: f32, y: f32, width1000: i64) {
        let size = self.text.size.max(0.001);
        let pen_x = match self.text.pen {
            Some((px, py)) if (py - round(y)).abs() < 0.0005 => {
                let adj = ((px - x) * 1000.0 / size).round();
                if adj != 0.0 {
                    match self.text.pending.last_mut() {
                        Some(Shown::Adjust(last)) => *last += adj,
                        Some(Shown::Glyph(_)) => self.text.pending.push(Shown::Adjust(adj)),
                        None => self.text.lead += adj,
                    }
                }
                px - adj / 1000.0 * size
            }
            _ => {
                self.move_to(x, y);
                round(x)
            }
        };
        self.text.pending.push(Shown::Glyph(code));
        self.text.pen = Some((pen_x + width1000 as f32 / 1000.0 * size, round(y)));
    }

    /// The content stream, once the pending glyphs are in it.
    fn out(&mut self) -> &mut Content {
        self.flush_text();
        &mut self.content
    }

    fn glyphs(&mut self, run: &GlyphRun, t: &Transform) {
        let (Some(fg), Some(font)) = (self.faces.get(&run.face), self.font_ids.get(&run.face))
        else {
            return;
        };
        if run.glyphs.is_empty() {
            return;
        }
        let computed;
        let units = match self.units.get(&(run as *const GlyphRun as usize)) {
            Some(u) => u,
            None => {
                computed = text_units(run);
                &computed
            }
        };
        let saved = self.alpha(run.color.alpha, 1.0);
        let size = round(run.size * scale_of(t));
        self.content.begin_text();
        self.content.font(&font.0, size);
        self.content.fill_rgb(rgb(run.color));
        self.text = TextState {
            size,
            ..TextState::default()
        };
        let mut covered = vec![false; run.glyphs.len()];
        for (gl, text) in units.iter() {
            if gl.is_empty() {
                continue;
            }
            let plain = gl.len() == 1
                && fg.drawn(run.glyphs[gl[0]].id).map(|d| d.text.as_str()) == Some(text);
            let carriers = !plain && run.rtl;
            if !plain {
                let actual = if carriers { "" } else { text };
                self.out()
                    .begin_marked("Span", &actual_text_properties(actual));
            }
            for &gi in gl {
                covered[gi] = true;
                // A zero-width blank (a ZWNJ shaped to the space glyph)
                // draws nothing; skipping it keeps its space out of the text.
                let g = run.glyphs[gi];
                let blank = fg.drawn(g.id).is_some_and(|d| d.blank);
                if !(g.advance == 0.0 && blank) {
                    self.glyph(run, gi, fg, t);
                }
            }
            if !plain {
                self.out().end_marked();
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
        self.out().end_text();
        if saved {
            self.content.restore();
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
        let size = self.text.size.max(0.001);
        self.out().rendering_mode(3);
        let (mut tz, mut tc) = (100.0_f32, 0.0_f32);
        for &(c, x, w) in slots.iter().rev() {
            let Some(gid) = gid_of(c) else { continue };
            let Some(d) = fg.drawn(gid) else {
                continue;
            };
            let code = d.code;
            if d.text.chars().ne([c]) {
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
                self.out().horizontal_scaling(want_tz);
                tz = want_tz;
            }
            if want_tc != tc {
                self.out().character_spacing(want_tc);
                tc = want_tc;
            }
            let (px, py) = self.pt(t, Point::new(x, y));
            self.move_to(px, py);
            self.out().show(&[Shown::Glyph(code)]);
        }
        if tz != 100.0 {
            self.out().horizontal_scaling(100.0);
        }
        if tc != 0.0 {
            self.out().character_spacing(0.0);
        }
        self.out().rendering_mode(0);
        self.text.pen = None;
    }

    fn glyph(&mut self, run: &GlyphRun, gi: usize, fg: &FaceGlyphs, t: &Transform) {
        let g = run.glyphs[gi];
        let Some(code) = fg.drawn(g.id).map(|d| d.code) else {
            return;
        };
        let (x, y) = self.pt(t, Point::new(g.x, g.y));
        let w = face_info(run.face).width1000(g.id);
        self.show(code, x, y, w);
    }
}

/// The transparency state for fill and stroke opacity in thousandths.
fn alpha_state((fill, stroke): (u32, u32)) -> ExtendedGraphicsStateId {
    ExtendedGraphicsStateId(format!("GA{fill}_{stroke}"))
}

/// What printpdf is told the document shows: every glyph of every subset
/// font with its text, from which it writes each font's `/W` widths and
/// `/ToUnicode` map. It is given as the operators of the first page; the
/// page's real content stream, written by [`PageWriter`], replaces them.
fn glyph_inventory(
    faces: &BTreeMap<Face, FaceGlyphs>,
    font_ids: &BTreeMap<Face, FontId>,
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(faces.len() * 4);
    for (face, fg) in faces {
        let Some(font) = font_ids.get(face) else {
            continue;
        };
        let glyphs: Vec<Codepoint> = fg
            .remap
            .iter()
            .map(|(gid, &code)| Codepoint {
                gid: code,
                offset: 0.0,
                cid: Some(fg.text.get(gid).cloned().unwrap_or_default()),
            })
            .collect();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
        ops.push(Op::EndTextSection);
    }
    ops
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
    tags: Option<Tags>,
) -> Result<Vec<u8>, PdfError> {
    let (mut faces, units) = collect_glyphs(pages);
    let mut pdf = PdfDocument::new(&meta.title);

    // Resource names are chosen here (`F0`, and below `GA850_1000` and
    // `Im3_0`), not printpdf's random ids, so that the same input gives the
    // same bytes.
    let mut font_ids = BTreeMap::new();
    let mut subsets = Vec::with_capacity(faces.len());
    for (i, (face, fg)) in faces.iter_mut().enumerate() {
        fg.set_remap(subset::remap(fg.text.keys().copied()));
        let sub = subset::subset(*face, &fg.remap, FLATE_LEVEL)?;
        let id = FontId(format!("F{i}"));
        let font = parsed_font(*face, fg, sub.program.clone(), &sub.tag);
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(font));
        subsets.push((id.clone(), sub));
        font_ids.insert(*face, id);
    }

    // Pages are written in parallel; each names what it adds after its
    // own values (`GA850_1000`) or its page (`Im3_0`), so the names do not
    // depend on which page was written first.
    let written: Vec<PageWriter> = pages
        .par_iter()
        .enumerate()
        .map(|(page, scene)| {
            let mut w = PageWriter {
                height: scene.height,
                content: Content::with_capacity(32 * 1024),
                text: TextState::default(),
                faces: &faces,
                units: &units,
                font_ids: &font_ids,
                page,
                alphas: BTreeSet::new(),
                images: Vec::new(),
                links: Vec::new(),
                anchors: Vec::new(),
                structure: tags.map(|t| t.structure),
                open: None,
                mcids: 0,
                tags: PageTags::default(),
            };
            let marks = tags.and_then(|t| t.marks.get(page)).map(Vec::as_slice);
            w.items(&scene.items, marks, Transform::IDENTITY);
            w.close_mark();
            w.flush_text();
            w
        })
        .collect();
    let mut alphas = BTreeSet::new();
    let mut images = Vec::new();
    let mut extras = Vec::with_capacity(pages.len());
    let mut pdf_pages = Vec::with_capacity(pages.len());
    let mut page_tags = Vec::with_capacity(pages.len());
    let mut contents = Vec::with_capacity(pages.len());
    for (i, (scene, w)) in pages.iter().zip(written).enumerate() {
        page_tags.push(w.tags);
        contents.push(w.content.bytes);
        alphas.extend(w.alphas);
        images.extend(w.images);
        extras.push(PageExtras {
            links: w.links,
            anchors: w.anchors,
        });
        let (pw, ph) = (Pt(round(scene.width)), Pt(round(scene.height)));
        let ops = if i == 0 {
            glyph_inventory(&faces, &font_ids)
        } else {
            Vec::new()
        };
        let mut page = PdfPage::new(Mm::from(pw), Mm::from(ph), ops);
        let bx = PdfRect::from_wh(pw, ph);
        page.media_box = bx.clone();
        page.trim_box = bx.clone();
        page.crop_box = bx;
        pdf_pages.push(page);
    }
    for &(fa, sa) in &alphas {
        let gs = ExtendedGraphicsState::default()
            .with_current_fill_alpha(fa as f32 / 1000.0)
            .with_current_stroke_alpha(sa as f32 / 1000.0);
        pdf.resources
            .extgstates
            .map
            .insert(alpha_state((fa, sa)), gs);
    }
    pdf.pages = pdf_pages;

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Pdf(w.msg.clone()));
    }
    // The content streams written above take the place of the inventory.
    for (page, content) in doc.get_pages().into_values().zip(contents) {
        let id = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(lerr)?;
        doc.objects
            .insert(id, Object::Stream(Stream::new(Dictionary::new(), content)));
    }
    for (id, sub) in &subsets {
        font_program_compressed(&mut doc, id, sub)?;
    }
    let tagged = tags.map(|t| (t.structure, page_tags.as_slice()));
    let elements = finish(&mut doc, &extras, &images, outline, meta, tagged)?;
    let late = elements.as_ref().map(|e| e as &dyn file::Late);
    Ok(file::write_file(&mut doc, "1.7", FLATE_LEVEL, late))
}

/// Puts the kept compressed program of font `id` in its `/FontFile2`
/// stream, as the file writer would have compressed it, so that the file
/// writer leaves it as it is.
fn font_program_compressed(
    doc: &mut lopdf::Document,
    id: &FontId,
    sub: &subset::Subset,
) -> Result<(), PdfError> {
    let Some(packed) = &sub.deflated else {
        return Ok(());
    };
    let missing = || PdfError::Pdf(format!("font {} has no program stream", id.0));
    let program = font_dictionary(doc, id)
        .and_then(|font| font_program(doc, font))
        .ok_or_else(missing)?;
    let Ok(Object::Stream(stream)) = doc.get_object_mut(program) else {
        return Err(missing());
    };
    if stream.content != sub.program {
        return Err(PdfError::Pdf(format!(
            "font {}: the embedded program is not the subset",
            id.0
        )));
    }
    stream
        .dict
        .set("Filter", Object::Name(b"FlateDecode".to_vec()));
    stream.content = packed.clone();
    Ok(())
}

/// The `/FontFile2` stream of a Type0 font: through its one descendant
/// font (written inline or referenced) and that font's descriptor.
fn font_program(doc: &lopdf::Document, font: ObjectId) -> Option<ObjectId> {
    let font = doc.get_object(font).ok()?;
    let descendants = entry(doc, font, b"DescendantFonts")?;
    let (_, descendants) = doc.dereference(descendants).ok()?;
    let descendant = descendants.as_array().ok()?.first()?;
    let descriptor = entry(doc, descendant, b"FontDescriptor")?;
    entry(doc, descriptor, b"FontFile2")?.as_reference().ok()
}

/// The entry `key` of the dictionary `object` is or refers to.
fn entry<'a>(doc: &'a lopdf::Document, object: &'a Object, key: &[u8]) -> Option<&'a Object> {
    let (_, object) = doc.dereference(object).ok()?;
    object.as_dict().ok()?.get(key).ok()
}

/// The font dictionary printpdf wrote for `id`, found through the pages'
/// shared font resources.
fn font_dictionary(doc: &lopdf::Document, id: &FontId) -> Option<ObjectId> {
    let page = doc.get_pages().into_values().next()?;
    let fonts = page_resource(doc, page, b"Font").ok()??;
    let fonts = doc.get_object(fonts).ok()?;
    entry(doc, fonts, id.0.as_bytes())?.as_reference().ok()
}

/// The earliest creation time a PDF date can hold: 0000-01-01 00:00:00 UTC,
/// in seconds since the Unix epoch.
pub const MIN_CREATION_DATE: i64 = -62_167_219_200;
/// The latest: 9999-12-31 23:59:59 UTC.
pub const MAX_CREATION_DATE: i64 = 253_402_300_799;

/// `epoch` as a PDF date, `D:YYYYMMDDHHmmSSZ`; `None` outside the four-digit
/// years ([`MIN_CREATION_DATE`] to [`MAX_CREATION_DATE`]).
fn pdf_date(epoch: i64) -> Option<String> {
    if !(MIN_CREATION_DATE..=MAX_CREATION_DATE).contains(&epoch) {
        return None;
    }
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
    Some(format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ))
}

fn lerr(e: lopdf::Error) -> PdfError {
    PdfError::Pdf(e.to_string())
}

/// An RGBA image as an image XObject with a soft mask for its alpha.
/// (printpdf writes images only with its `images` feature, which brings
/// in the `image` crate; the pixels here are raw already.)
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
        let smask = doc.add_object(Stream::new(base("DeviceGray"), alpha));
        dict.set("SMask", Object::Reference(smask));
    }
    doc.add_object(Stream::new(dict, rgb))
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

/// The dictionary a page's resource entry `key` refers to.
fn page_resource(
    doc: &lopdf::Document,
    page: ObjectId,
    key: &[u8],
) -> Result<Option<ObjectId>, PdfError> {
    let res = match doc.get_dictionary(page).map_err(lerr)?.get(b"Resources") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).map_err(lerr)?,
        Ok(Object::Dictionary(d)) => d,
        _ => return Ok(None),
    };
    Ok(res.get(key).and_then(Object::as_reference).ok())
}

/// What printpdf does not write: image XObjects, link annotations with
/// named destinations, a nested outline, `/Lang`, viewer preferences and
/// an `/Info` dictionary with properly encoded text and a fixed date.
/// Returns the structure elements of a tagged file, which
/// [`file::write_file`] writes.
fn finish(
    doc: &mut lopdf::Document,
    extras: &[PageExtras],
    images: &[(Image, String)],
    outline: &[OutlineEntry],
    meta: &PdfMeta,
    tagged: Option<(&Structure, &[PageTags])>,
) -> Result<Option<struct_tree::Elements>, PdfError> {
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut annot_ids: Vec<Vec<ObjectId>> = vec![Vec::new(); page_ids.len()];

    // printpdf shares one XObject dictionary between all pages.
    if !images.is_empty() {
        let Some(&first) = page_ids.first() else {
            return Err(PdfError::Pdf("images but no page".into()));
        };
        let Some(xobjects) = page_resource(doc, first, b"XObject")? else {
            return Err(PdfError::Pdf("page without an XObject dictionary".into()));
        };
        for (img, name) in images {
            let id = image_object(doc, img);
            doc.get_dictionary_mut(xobjects)
                .map_err(lerr)?
                .set(name.as_bytes().to_vec(), Object::Reference(id));
        }
    }

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
            // Printed (PDF/A-2 6.3.2 wants the print flag on every annotation).
            a.set("F", Object::Integer(4));
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
            let id = doc.add_object(a);
            annot_ids[pi].push(id);
            annots.push(Object::Reference(id));
        }
        let page = doc.get_dictionary_mut(page).map_err(lerr)?;
        if annots.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set("Annots", Object::Array(annots));
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
        Some(build_outline(doc, outline, &page_ids, &dests))
    };

    let mut names = Vec::new();
    for (name, d) in &dests {
        names.push(Object::String(
            name.as_bytes().to_vec(),
            StringFormat::Literal,
        ));
        names.push(d.clone());
    }
    let (struct_root, elements) = tagged
        .map(|(tree, tags)| struct_tree::write(doc, tree, tags, &page_ids, &annot_ids))
        .unzip();
    let catalog = doc.get_dictionary_mut(catalog_id).map_err(lerr)?;
    catalog.set("Lang", text_string(&meta.lang));
    if let Some(root) = struct_root {
        catalog.set("StructTreeRoot", Object::Reference(root));
        let mut mi = Dictionary::new();
        mi.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mi));
    }
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
    info.set("Creator", text_string(CREATOR));
    info.set("Producer", text_string(PRODUCER));
    if let Some(epoch) = meta.creation_date {
        let d = pdf_date(epoch).ok_or_else(|| {
            PdfError::Pdf(format!(
                "creation date {epoch} (seconds since 1970) is outside the years 0 to 9999 a \
                 PDF date can hold; expected {MIN_CREATION_DATE} to {MAX_CREATION_DATE}"
            ))
        })?;
        info.set("CreationDate", Object::string_literal(d.clone()));
        info.set("ModDate", Object::string_literal(d));
    }
    // printpdf's own `/Info` gives way to this one.
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    archival_parts(doc, catalog_id, meta)?;
    Ok(elements)
}

/// `/Creator` of the Info dictionary and `xmp:CreatorTool`.
const CREATOR: &str = "dossier";
/// `/Producer` and `pdf:Producer`.
const PRODUCER: &str = "dossier-pdf (printpdf, lopdf)";

/// The sRGB display profile of the PDF/A output intent (see `icc/README.md`
/// for where it comes from and its licence).
static SRGB_PROFILE: &[u8] = include_bytes!("../icc/sRGB.icc");

/// The XMP metadata (uncompressed, so that tools that do not read PDF can
/// still find it) and, for PDF/A, the sRGB output intent that gives every
/// DeviceRGB colour of the file its meaning.
fn archival_parts(
    doc: &mut lopdf::Document,
    catalog_id: ObjectId,
    meta: &PdfMeta,
) -> Result<(), PdfError> {
    let keywords = meta.keywords.join(", ");
    let packet = xmp::packet(&xmp::XmpFields {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        keywords: &keywords,
        creator_tool: CREATOR,
        producer: PRODUCER,
        lang: &meta.lang,
        date: meta.creation_date.map(xmp::xmp_date),
        standards: meta.standards,
    });
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata = doc.add_object(Stream::new(md, packet).with_compression(false));
    let intent = if meta.standards.pdfa2.is_some() {
        let mut pd = Dictionary::new();
        pd.set("N", Object::Integer(3));
        let profile = doc.add_object(Stream::new(pd, SRGB_PROFILE.to_vec()));
        let mut oi = Dictionary::new();
        oi.set("Type", Object::Name(b"OutputIntent".to_vec()));
        oi.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
        oi.set(
            "OutputConditionIdentifier",
            text_string("sRGB IEC61966-2.1"),
        );
        oi.set("RegistryName", text_string("http://www.color.org"));
        oi.set("Info", text_string("sRGB IEC61966-2.1"));
        oi.set("DestOutputProfile", Object::Reference(profile));
        Some(doc.add_object(oi))
    } else {
        None
    };
    let catalog = doc.get_dictionary_mut(catalog_id).map_err(lerr)?;
    catalog.set("Metadata", Object::Reference(metadata));
    if let Some(oi) = intent {
        catalog.set("OutputIntents", Object::Array(vec![Object::Reference(oi)]));
    }
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
        d.set(
            "Title",
            text_string(&crate::layout::without_layout_marks(&e.title)),
        );
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
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0).unwrap(), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000).unwrap(), "D:20231114221320Z");
        assert_eq!(pdf_date(MIN_CREATION_DATE).unwrap(), "D:00000101000000Z");
        assert_eq!(pdf_date(MAX_CREATION_DATE).unwrap(), "D:99991231235959Z");
        assert_eq!(pdf_date(MIN_CREATION_DATE - 1), None);
        assert_eq!(pdf_date(MAX_CREATION_DATE + 1), None);
        assert_eq!(pdf_date(i64::MIN), None);
        assert_eq!(pdf_date(i64::MAX), None);
    }
}
