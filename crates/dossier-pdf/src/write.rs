//! Pages of [`Scene`]s → PDF bytes.
//!
//! printpdf writes the pages, the content streams and the CID fonts; the
//! fonts given to it are already subset with `subsetter`, and the content
//! refers to the subset's glyph ids. A lopdf pass then adds what printpdf
//! lacks: `/Lang`, a nested outline, named destinations and link
//! annotations, transparency states, images, right-to-left viewer
//! preferences, the `/Info` dictionary, subset font names and a `/ID` that
//! is a hash of the content, so that the same input gives the same bytes.
//!
//! Text extraction: every glyph id keeps one Unicode text for the whole
//! document (the first one seen wins, preferring glyphs that stand alone
//! for their cluster). A cluster whose glyphs do not spell its text through
//! that map (ligatures, marks, contextual forms shared by several letters)
//! is wrapped in a `/Span` marked-content sequence with `/ActualText`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use dossier_canvas::{
    Face, GlyphRun, Image, Item, LinkTarget, Path, PathSeg, Point, Scene, Transform,
};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{
    Codepoint, DictItem, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

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
fn text_units(run: &GlyphRun) -> Vec<(Vec<usize>, String)> {
    let n = run.glyphs.len();
    let mut logical: Vec<(Vec<usize>, String)> = Vec::new();
    let order: Vec<usize> = if run.rtl {
        (0..run.clusters.len()).rev().collect()
    } else {
        (0..run.clusters.len()).collect()
    };
    let mut pending = String::new();
    for ci in order {
        let c = &run.clusters[ci];
        let glyphs: Vec<usize> = c.glyphs.clone().filter(|&i| i < n).collect();
        let attach = glyphs.is_empty() || (!c.text.is_empty() && c.text.chars().all(is_joiner));
        match logical.last_mut() {
            Some(last) if attach => {
                last.0.extend(glyphs);
                last.1.push_str(&c.text);
            }
            _ if glyphs.is_empty() => pending.push_str(&c.text),
            _ => {
                let text = std::mem::take(&mut pending) + &c.text;
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

/// Character map and advances of an embedded face, parsed once.
struct FaceInfo {
    cmap: BTreeMap<u32, u16>,
    widths: BTreeMap<u16, u16>,
    upem: f32,
}

fn face_info(face: Face) -> &'static FaceInfo {
    static CELLS: [OnceLock<FaceInfo>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = match face {
        Face::Regular => 0,
        Face::Bold => 1,
    };
    CELLS[i].get_or_init(|| {
        let mut warnings = Vec::new();
        match ParsedFont::from_bytes(face.data(), 0, &mut warnings) {
            Some(f) => FaceInfo {
                cmap: f.codepoint_to_glyph,
                widths: f.glyph_widths,
                upem: f32::from(f.units_per_em.max(1)),
            },
            None => FaceInfo {
                cmap: BTreeMap::new(),
                widths: BTreeMap::new(),
                upem: 1000.0,
            },
        }
    })
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
fn collect_glyphs(pages: &[Scene]) -> BTreeMap<Face, FaceGlyphs> {
    let mut faces: BTreeMap<Face, FaceGlyphs> = BTreeMap::new();
    for pass in 0..2 {
        for page in pages {
            walk(&page.items, Transform::IDENTITY, &mut |item, _| {
                let Item::Glyphs(run) = item else { return };
                let fg = faces.entry(run.face).or_default();
                for (gl, text) in text_units(run) {
                    let simple = is_simple(&gl, &text);
                    if pass == 0 && simple {
                        fg.text.entry(run.glyphs[gl[0]].id).or_insert(text);
                    } else if pass == 1 && !simple {
                        if run.rtl {
                            let info = face_info(run.face);
                            for c in text.chars() {
                                if let Some(&gid) = info.cmap.get(&(c as u32)) {
                                    fg.text.entry(gid).or_insert_with(|| c.to_string());
                                }
                            }
                            for &gi in &gl {
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
            });
        }
    }
    faces
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

fn raw(key: &str, nums: &[f32]) -> Op {
    Op::Unknown {
        key: key.to_string(),
        value: nums.iter().map(|&n| DictItem::Real(round(n))).collect(),
    }
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

fn utf16_item(s: &str) -> DictItem {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    DictItem::String {
        data: b,
        literal: false,
    }
}

fn scale_of(t: &Transform) -> f32 {
    (t.a * t.d - t.b * t.c).abs().sqrt()
}

/// Per-page state of the content writer.
struct PageWriter<'a> {
    height: f32,
    ops: Vec<Op>,
    faces: &'a BTreeMap<Face, FaceGlyphs>,
    font_ids: &'a BTreeMap<Face, FontId>,
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
        self.ops.push(raw(if stroke { "RG" } else { "rg" }, &v));
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
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::Unknown {
            key: "gs".into(),
            value: vec![DictItem::Name(name.into_bytes())],
        });
        true
    }

    fn path(&mut self, t: &Transform, path: &Path) {
        let mut cur = Point::default();
        for seg in &path.segs {
            match *seg {
                PathSeg::MoveTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.ops.push(raw("m", &[x, y]));
                    cur = p;
                }
                PathSeg::LineTo(p) => {
                    let (x, y) = self.pt(t, p);
                    self.ops.push(raw("l", &[x, y]));
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
                    self.ops.push(raw("c", &[a, b, c, d, e, f]));
                    cur = p;
                }
                PathSeg::CubicTo(c1, c2, p) => {
                    let (a, b) = self.pt(t, c1);
                    let (c, d) = self.pt(t, c2);
                    let (e, f) = self.pt(t, p);
                    self.ops.push(raw("c", &[a, b, c, d, e, f]));
                    cur = p;
                }
                PathSeg::Close => self.ops.push(raw("h", &[])),
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
                        self.ops.push(raw("w", &[s.width * sc]));
                        let dash: Vec<DictItem> = s
                            .dash
                            .iter()
                            .map(|d| DictItem::Real(round(d * sc)))
                            .collect();
                        self.ops.push(Op::Unknown {
                            key: "d".into(),
                            value: vec![DictItem::Array(dash), DictItem::Int(0)],
                        });
                    }
                    self.path(&t, path);
                    let op = match (fill.is_some(), stroke.is_some()) {
                        (true, true) => "B",
                        (true, false) => "f",
                        _ => "S",
                    };
                    self.ops.push(raw(op, &[]));
                    if saved {
                        self.ops.push(Op::RestoreGraphicsState);
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
                    self.ops.push(Op::SaveGraphicsState);
                    self.ops
                        .push(raw("cm", &[x1 - x0, 0.0, 0.0, y1 - y0, x0, y0]));
                    self.ops.push(Op::Unknown {
                        key: "Do".into(),
                        value: vec![DictItem::Name(name.into_bytes())],
                    });
                    self.ops.push(Op::RestoreGraphicsState);
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
                        self.ops.push(Op::SaveGraphicsState);
                        self.path(&inner, clip);
                        self.ops.push(raw("W", &[]));
                        self.ops.push(raw("n", &[]));
                        self.items(&g.items, inner);
                        self.ops.push(Op::RestoreGraphicsState);
                    } else {
                        self.items(&g.items, inner);
                    }
                }
            }
        }
    }

    fn glyphs(&mut self, run: &GlyphRun, t: &Transform) {
        let (Some(fg), Some(font)) = (self.faces.get(&run.face), self.font_ids.get(&run.face))
        else {
            return;
        };
        if run.glyphs.is_empty() {
            return;
        }
        let saved = self.alpha(run.color.alpha, 1.0);
        let size = run.size * scale_of(t);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(round(size)),
        });
        self.color(run.color, false);
        let mut covered = vec![false; run.glyphs.len()];
        for (gl, text) in text_units(run) {
            if gl.is_empty() {
                continue;
            }
            let plain = gl.len() == 1
                && fg.text.get(&run.glyphs[gl[0]].id).map(String::as_str) == Some(text.as_str());
            let carriers = !plain && run.rtl;
            if !plain {
                let mut props = BTreeMap::new();
                let actual = if carriers { "" } else { text.as_str() };
                props.insert("ActualText".to_string(), utf16_item(actual));
                self.ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: DictItem::Dict { map: props },
                });
            }
            for &gi in &gl {
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
                self.ops.push(Op::EndMarkedContentWithProperties);
            }
            if carriers {
                self.carriers(run, &gl, &text, fg, t);
            }
        }
        // Glyphs outside every cluster (should not happen) are still drawn.
        for (gi, done) in covered.iter().enumerate() {
            if !done {
                self.glyph(run, gi, fg, t);
            }
        }
        self.ops.push(Op::EndTextSection);
        if saved {
            self.ops.push(Op::RestoreGraphicsState);
        }
    }

    /// Invisible glyphs, one per character of `text`, spread right to left
    /// over the unit's glyphs, carrying its text for extraction.
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
        let chars: Vec<char> = text.chars().collect();
        let step = ((right - left) / chars.len() as f32).max(0.01);
        self.ops.push(Op::SetTextRenderingMode {
            mode: printpdf::TextRenderingMode::Invisible,
        });
        for (k, c) in chars.iter().enumerate() {
            let Some(&gid) = info.cmap.get(&(*c as u32)) else {
                continue;
            };
            let Some(&new) = fg.remap.get(&gid) else {
                continue;
            };
            if fg.text.get(&gid).map(String::as_str) != Some(c.to_string().as_str()) {
                continue;
            }
            let adv = f32::from(info.widths.get(&gid).copied().unwrap_or(0)) / info.upem * run.size;
            // Give every carrier the width of its share, so that readers
            // see neither gaps nor overlaps: scale wide glyphs, and space
            // out zero-width ones (joiners, marks) with character spacing.
            if adv > 0.0 {
                let scale = (step / adv * 100.0).clamp(0.1, 1000.0);
                self.ops.push(Op::SetHorizontalScaling {
                    percent: round(scale),
                });
                self.ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
            } else {
                self.ops.push(Op::SetHorizontalScaling { percent: 100.0 });
                self.ops.push(Op::SetCharacterSpacing {
                    multiplier: round(step * scale_of(t)),
                });
            }
            let x = right - (k as f32 + 1.0) * step;
            let (px, py) = self.pt(t, Point::new(x, y));
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(round(px)), Pt(round(py))),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![Codepoint {
                    gid: new,
                    offset: 0.0,
                    cid: Some(c.to_string()),
                }])],
            });
        }
        self.ops.push(Op::SetHorizontalScaling { percent: 100.0 });
        self.ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        self.ops.push(Op::SetTextRenderingMode {
            mode: printpdf::TextRenderingMode::Fill,
        });
    }

    fn glyph(&mut self, run: &GlyphRun, gi: usize, fg: &FaceGlyphs, t: &Transform) {
        let g = run.glyphs[gi];
        let Some(&gid) = fg.remap.get(&g.id) else {
            return;
        };
        let (x, y) = self.pt(t, Point::new(g.x, g.y));
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(round(x)), Pt(round(y))),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint {
                gid,
                offset: 0.0,
                cid: Some(fg.text.get(&g.id).cloned().unwrap_or_default()),
            }])],
        });
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
    let mut faces = collect_glyphs(pages);
    let mut pdf = PdfDocument::new(&meta.title);
    let mut font_ids = BTreeMap::new();
    let mut subset_tags = BTreeMap::new();
    for (i, (face, fg)) in faces.iter_mut().enumerate() {
        let bytes = subset(*face, fg)?;
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
            PdfError::Font(format!("{}: subset not parsable", face.postscript_name()))
        })?;
        let digest = Sha256::digest(&bytes);
        let tag: String = digest[..6]
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect();
        let id = FontId(format!("F{i}"));
        subset_tags.insert(id.0.clone(), format!("{tag}+{}", face.postscript_name()));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::font::PdfFont::new(font));
        font_ids.insert(*face, id);
    }

    let mut alphas = BTreeMap::new();
    let mut images = Vec::new();
    let mut extras = Vec::new();
    let mut pdf_pages = Vec::new();
    for scene in pages {
        let mut w = PageWriter {
            height: scene.height,
            ops: Vec::new(),
            faces: &faces,
            font_ids: &font_ids,
            alphas: &mut alphas,
            images: &mut images,
            links: Vec::new(),
            anchors: Vec::new(),
        };
        w.items(&scene.items, Transform::IDENTITY);
        let ops = std::mem::take(&mut w.ops);
        extras.push(PageExtras {
            links: w.links,
            anchors: w.anchors,
        });
        let mut page = PdfPage::new(Mm::from(Pt(scene.width)), Mm::from(Pt(scene.height)), ops);
        let mb = printpdf::Rect::from_wh(Pt(scene.width), Pt(scene.height));
        page.media_box = mb.clone();
        page.trim_box = mb.clone();
        page.crop_box = mb;
        pdf_pages.push(page);
    }
    pdf.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    finish(
        &mut doc,
        &extras,
        outline,
        meta,
        &alphas,
        &images,
        &subset_tags,
    )?;
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

fn resources_of(doc: &mut lopdf::Document, page: ObjectId) -> Result<ObjectId, PdfError> {
    // Give the page its own resource dictionary object, so additions stay local.
    let res = doc
        .get_dictionary(page)
        .map_err(lerr)?
        .get(b"Resources")
        .ok()
        .cloned();
    let dict = match res {
        Some(Object::Reference(id)) => doc.get_dictionary(id).map_err(lerr)?.clone(),
        Some(Object::Dictionary(d)) => d,
        _ => Dictionary::new(),
    };
    let id = doc.add_object(dict);
    doc.get_dictionary_mut(page)
        .map_err(lerr)?
        .set("Resources", Object::Reference(id));
    Ok(id)
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

#[allow(clippy::too_many_arguments)]
fn finish(
    doc: &mut lopdf::Document,
    extras: &[PageExtras],
    outline: &[OutlineEntry],
    meta: &PdfMeta,
    alphas: &BTreeMap<(u32, u32), String>,
    images: &[(Image, String)],
    subset_tags: &BTreeMap<String, String>,
) -> Result<(), PdfError> {
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();

    // Subset font names: BaseFont / FontName get a six-letter tag.
    let font_objs: Vec<(ObjectId, Vec<u8>)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            let is_type0 = d.get(b"Subtype").ok()?.as_name().ok()? == b"Type0";
            let base = d.get(b"BaseFont").ok()?.as_name().ok()?.to_vec();
            is_type0.then_some((*id, base))
        })
        .collect();
    // Fonts are keyed by their resource name on the pages; find each by name.
    let mut renames: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    if let Some(&first) = page_ids.first() {
        let res = doc
            .get_dictionary(first)
            .map_err(lerr)?
            .get(b"Resources")
            .ok()
            .cloned();
        let res = match res {
            Some(Object::Reference(id)) => doc.get_dictionary(id).ok().cloned(),
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        if let Some(fonts) = res.as_ref().and_then(|r| r.get(b"Font").ok()) {
            let fonts = match fonts {
                Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
                Object::Dictionary(d) => Some(d.clone()),
                _ => None,
            };
            for (name, obj) in fonts.iter().flat_map(|d| d.iter()) {
                if let (Ok(id), Some(tagged)) = (
                    obj.as_reference(),
                    subset_tags.get(&String::from_utf8_lossy(name).to_string()),
                ) {
                    if let Some((_, base)) = font_objs.iter().find(|(fid, _)| *fid == id) {
                        renames.insert(base.clone(), tagged.clone());
                    }
                }
            }
        }
    }
    for o in doc.objects.values_mut() {
        if let Ok(d) = o.as_dict_mut() {
            for key in [&b"BaseFont"[..], &b"FontName"[..]] {
                let new = d
                    .get(key)
                    .ok()
                    .and_then(|v| v.as_name().ok())
                    .and_then(|n| renames.get(n).cloned());
                if let Some(new) = new {
                    d.set(key, Object::Name(new.into_bytes()));
                }
            }
        }
    }

    // Transparency states and images, on every page that may use them.
    let mut gs = Dictionary::new();
    for (&(fa, sa), name) in alphas {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"ExtGState".to_vec()));
        d.set("ca", Object::Real(fa as f32 / 1000.0));
        d.set("CA", Object::Real(sa as f32 / 1000.0));
        gs.set(name.as_bytes().to_vec(), Object::Dictionary(d));
    }
    let mut xobjects = Dictionary::new();
    for (img, name) in images {
        let id = image_object(doc, img);
        xobjects.set(name.as_bytes().to_vec(), Object::Reference(id));
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
        if !alphas.is_empty() || !images.is_empty() {
            let res_id = resources_of(doc, page)?;
            let res = doc.get_dictionary_mut(res_id).map_err(lerr)?;
            if !alphas.is_empty() {
                res.set("ExtGState", Object::Dictionary(gs.clone()));
            }
            if !images.is_empty() {
                res.set("XObject", Object::Dictionary(xobjects.clone()));
            }
        }
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
    catalog.remove(b"Metadata");

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
    info.set("Producer", text_string("dossier-pdf (printpdf, lopdf)"));
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

/// Compresses, removes unreferenced objects, and writes with a `/ID`
/// derived from the content.
fn save(mut doc: lopdf::Document) -> Result<Vec<u8>, PdfError> {
    doc.prune_objects();
    doc.renumber_objects();
    doc.compress();
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
}
