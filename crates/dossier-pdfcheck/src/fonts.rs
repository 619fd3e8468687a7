//! Font checks: every font used is embedded, maps every code it shows to
//! Unicode through a well-formed ToUnicode map, shows no `.notdef` glyph,
//! and (for embedded TrueType-based CID fonts) defines every glyph shown
//! with the width the font dictionary declares.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, GlyphId, MetadataProvider};

use crate::checkpoint::{Checkpoint, Findings, Place};
use crate::content::PageContent;
use crate::reader::{oid, show, stream_bytes, Pdf};

/// Which families of font checks to run.
pub(crate) struct FontChecks {
    pub ua: bool,
    pub pdfa: bool,
    /// PDF/A level U or A: every code maps to Unicode.
    pub pdfa_unicode: bool,
}

/// How one font is used across the document.
#[derive(Default)]
struct Usage {
    /// Codes shown, with the first page each appears on.
    codes: BTreeMap<u32, usize>,
    /// Codes shown visibly (rendering mode other than 3).
    rendered: BTreeSet<u32>,
    first_page: usize,
}

/// A parsed ToUnicode map: code → UTF-16 units.
pub(crate) fn parse_to_unicode(bytes: &[u8]) -> BTreeMap<u32, Vec<u16>> {
    let text = String::from_utf8_lossy(bytes);
    let tokens = tokens(&text);
    let mut map = BTreeMap::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let (Some(src), Some(dst)) = (hex(&tokens[i]), hex(&tokens[i + 1])) {
                        map.insert(code_of(&src), units(&dst));
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (Some(lo), Some(hi)) = (hex(&tokens[i]), hex(&tokens[i + 1])) else {
                        i += 1;
                        continue;
                    };
                    let (lo, hi) = (code_of(&lo), code_of(&hi));
                    if tokens[i + 2] == "[" {
                        let mut j = i + 3;
                        let mut c = lo;
                        while j < tokens.len() && tokens[j] != "]" {
                            if let Some(dst) = hex(&tokens[j]) {
                                if c <= hi {
                                    map.insert(c, units(&dst));
                                }
                                c = c.saturating_add(1);
                            }
                            j += 1;
                        }
                        i = j + 1;
                    } else {
                        if let Some(dst) = hex(&tokens[i + 2]) {
                            let base = units(&dst);
                            // A range longer than a 2-byte code space is malformed.
                            for (k, c) in (lo..=hi.min(lo.saturating_add(0xFFFF))).enumerate() {
                                let mut u = base.clone();
                                if let Some(last) = u.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                map.insert(c, u);
                            }
                        }
                        i += 3;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_hex = false;
    for ch in text.chars() {
        match ch {
            '<' if !in_hex => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                in_hex = true;
                cur.push('<');
            }
            '>' if in_hex => {
                cur.push('>');
                out.push(std::mem::take(&mut cur));
                in_hex = false;
            }
            '[' | ']' if !in_hex => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push(ch.to_string());
            }
            c if c.is_whitespace() && !in_hex => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c if c.is_whitespace() => {}
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn hex(tok: &str) -> Option<Vec<u8>> {
    let inner = tok.strip_prefix('<')?.strip_suffix('>')?;
    if inner.len() % 2 != 0 || !inner.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..inner.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&inner[i..i + 2], 16).ok())
        .collect()
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect()
}

/// The descendant CIDFont of a Type0 font.
fn descendant<'a>(pdf: &'a Pdf, font: &'a Dictionary) -> Option<&'a Dictionary> {
    let d = pdf.array(font, b"DescendantFonts")?;
    match pdf.resolve(d.first()?) {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The bytes of each code in `bytes` for this font: two per code for
/// Identity CMaps and other composite fonts, one for simple fonts.
fn codes(pdf: &Pdf, font: &Dictionary, bytes: &[u8]) -> Vec<u32> {
    let composite = pdf.name(font, b"Subtype") == Some(b"Type0");
    if composite {
        bytes
            .chunks(2)
            .map(|c| (u32::from(c[0]) << 8) | u32::from(*c.get(1).unwrap_or(&0)))
            .collect()
    } else {
        bytes.iter().map(|&b| u32::from(b)).collect()
    }
}

/// Widths from a CIDFont's `/W` array, by CID.
fn cid_widths(pdf: &Pdf, cid_font: &Dictionary) -> BTreeMap<u32, f32> {
    let mut out = BTreeMap::new();
    let Some(w) = pdf.array(cid_font, b"W") else {
        return out;
    };
    let num = |o: &Object| match pdf.resolve(o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    };
    let mut i = 0;
    while i < w.len() {
        let Some(first) = num(&w[i]) else { break };
        match w.get(i + 1).map(|o| pdf.resolve(o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = num(o) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(_) => {
                let (Some(last), Some(v)) =
                    (w.get(i + 1).and_then(num), w.get(i + 2).and_then(num))
                else {
                    break;
                };
                for c in first as u32..=(last as u32).min(first as u32 + 0xFFFF) {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

fn font_program<'a>(
    pdf: &'a Pdf,
    descriptor: Option<&'a Dictionary>,
) -> Option<(&'static [u8], Vec<u8>)> {
    let fd = descriptor?;
    for key in [&b"FontFile2"[..], b"FontFile3", b"FontFile"] {
        if let Some(s) = pdf.stream(fd, key) {
            let kind: &'static [u8] = match key {
                b"FontFile2" => b"FontFile2",
                b"FontFile3" => b"FontFile3",
                _ => b"FontFile",
            };
            return Some((kind, stream_bytes(s)));
        }
    }
    None
}

/// Glyph count, advances (thousandths of an em) of an embedded TrueType program.
fn glyph_metrics(program: &[u8]) -> Option<(u32, Vec<f32>)> {
    let font = FontRef::new(program).ok()?;
    let m = font.metrics(Size::unscaled(), LocationRef::default());
    let count = u32::from(m.glyph_count);
    let upem = f32::from(m.units_per_em.max(1));
    let gm = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let adv = (0..count)
        .map(|g| gm.advance_width(GlyphId::new(g)).unwrap_or(0.0) * 1000.0 / upem)
        .collect();
    Some((count, adv))
}

pub(crate) fn check(pdf: &Pdf, pages: &[PageContent], which: &FontChecks, out: &mut Findings) {
    // How each (indirect) font is used.
    let mut usage: BTreeMap<ObjectId, Usage> = BTreeMap::new();
    for (pi, page) in pages.iter().enumerate() {
        for t in &page.text {
            let Some(id) = t.font else { continue };
            let Some(font) = pdf.dict_of(id) else {
                continue;
            };
            let u = usage.entry(id).or_insert_with(|| Usage {
                first_page: pi + 1,
                ..Usage::default()
            });
            for c in codes(pdf, font, &t.bytes) {
                u.codes.entry(c).or_insert(pi + 1);
                if t.mode != 3 {
                    u.rendered.insert(c);
                }
            }
        }
    }
    for (&id, u) in &usage {
        let Some(font) = pdf.dict_of(id) else {
            continue;
        };
        let place = Place {
            page: Some(u.first_page),
            object: Some(oid(id)),
        };
        let name = pdf
            .name(font, b"BaseFont")
            .map(show)
            .unwrap_or_else(|| "(unnamed)".into());
        let subtype = pdf.name(font, b"Subtype").unwrap_or(b"");
        if subtype == b"Type3" {
            continue;
        }
        let cid_font = if subtype == b"Type0" {
            descendant(pdf, font)
        } else {
            None
        };
        let descriptor = pdf.dict(cid_font.unwrap_or(font), b"FontDescriptor");
        let program = font_program(pdf, descriptor);
        if program.is_none() && !u.rendered.is_empty() {
            let msg = format!("font {name} is used for rendering but its program is not embedded");
            if which.ua {
                out.add(Checkpoint::M31_009, place, msg.clone());
            }
            if which.pdfa {
                out.add(Checkpoint::A2FontEmbedded, place, msg);
            }
        }

        // Composite font plumbing (PDF/A-2 6.2.11.3; PDF/UA-1 7.21.3).
        if let Some(cf) = cid_font {
            let enc = pdf.get(font, b"Encoding");
            let identity =
                matches!(enc, Some(Object::Name(n)) if n == b"Identity-H" || n == b"Identity-V");
            let embedded_cmap = matches!(enc, Some(Object::Stream(_)));
            if which.pdfa && !identity && !embedded_cmap {
                out.add(
                    Checkpoint::A2CompositeFont,
                    place,
                    format!("font {name}: its CMap is neither Identity nor embedded"),
                );
            }
            if which.pdfa
                && pdf.name(cf, b"Subtype") == Some(b"CIDFontType2")
                && program.is_some()
                && pdf.get(cf, b"CIDToGIDMap").is_none()
            {
                out.add(
                    Checkpoint::A2CompositeFont,
                    place,
                    format!("font {name}: Type 2 CIDFont without CIDToGIDMap"),
                );
            }
        }

        // Unicode.
        let to_unicode = pdf
            .stream(font, b"ToUnicode")
            .map(|s| parse_to_unicode(&stream_bytes(s)));
        let unicode_wanted = which.ua || which.pdfa_unicode;
        match &to_unicode {
            None if unicode_wanted => {
                let msg = format!("font {name} has no ToUnicode map");
                if which.ua {
                    out.add(Checkpoint::M31_027, place, msg.clone());
                }
                if which.pdfa_unicode {
                    out.add(Checkpoint::A2Unicode, place, msg);
                }
            }
            Some(map) if unicode_wanted => {
                for (&code, &page) in &u.codes {
                    let at = place.on_page(Some(page));
                    match map.get(&code) {
                        None => {
                            let msg = format!("font {name}: code {code:04X} has no Unicode value");
                            if which.ua {
                                out.add(Checkpoint::M10_001, at, msg.clone());
                            }
                            if which.pdfa_unicode {
                                out.add(Checkpoint::A2Unicode, at, msg);
                            }
                        }
                        Some(v) if v.is_empty() || v.contains(&0) => {
                            let msg = format!(
                                "font {name}: code {code:04X} maps to U+0000 or to nothing"
                            );
                            if which.ua {
                                out.add(Checkpoint::M31_028, at, msg.clone());
                            }
                            if which.pdfa_unicode {
                                out.add(Checkpoint::A2Unicode, at, msg);
                            }
                        }
                        Some(v) if v.iter().any(|&c| c == 0xFEFF || c == 0xFFFE) => {
                            let msg =
                                format!("font {name}: code {code:04X} maps to U+FEFF or U+FFFE");
                            if which.ua {
                                out.add(Checkpoint::M31_029, at, msg.clone());
                            }
                            if which.pdfa_unicode {
                                out.add(Checkpoint::A2Unicode, at, msg);
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
            _ => {}
        }

        // Glyphs of embedded TrueType-based CID fonts.
        let Some(cf) = cid_font else { continue };
        let Some((b"FontFile2", bytes)) = program.as_ref().map(|(k, b)| (*k, b)) else {
            continue;
        };
        let cid_to_gid: Option<Vec<u8>> = match pdf.get(cf, b"CIDToGIDMap") {
            Some(Object::Stream(s)) => Some(stream_bytes(s)),
            _ => None,
        };
        let gid_of = |cid: u32| -> u32 {
            match &cid_to_gid {
                Some(map) => {
                    let i = cid as usize * 2;
                    match (map.get(i), map.get(i + 1)) {
                        (Some(&a), Some(&b)) => (u32::from(a) << 8) | u32::from(b),
                        _ => 0,
                    }
                }
                None => cid,
            }
        };
        let metrics = glyph_metrics(bytes);
        let widths = cid_widths(pdf, cf);
        let default_width = match pdf.get(cf, b"DW") {
            Some(Object::Integer(i)) => *i as f32,
            Some(Object::Real(r)) => *r,
            _ => 1000.0,
        };
        for (&code, &page) in &u.codes {
            let at = place.on_page(Some(page));
            let gid = gid_of(code);
            if gid == 0 {
                let msg = format!("font {name}: code {code:04X} shows the .notdef glyph");
                if which.ua {
                    out.add(Checkpoint::M31_030, at, msg.clone());
                }
                if which.pdfa {
                    out.add(Checkpoint::A2Notdef, at, msg);
                }
                continue;
            }
            if !which.pdfa || !u.rendered.contains(&code) {
                continue;
            }
            let Some((count, adv)) = &metrics else {
                continue;
            };
            if gid >= *count {
                out.add(
                    Checkpoint::A2FontEmbedded,
                    at,
                    format!(
                        "font {name}: glyph {gid} is not in the embedded program ({count} glyphs)"
                    ),
                );
                continue;
            }
            let declared = widths.get(&code).copied().unwrap_or(default_width);
            let actual = adv.get(gid as usize).copied().unwrap_or(0.0);
            if (declared - actual).abs() > 1.0 {
                out.add(
                    Checkpoint::A2FontWidths,
                    at,
                    format!("font {name}: code {code:04X} is {declared} wide in /W but {actual:.0} in the program"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps() {
        let cmap = b"2 beginbfchar\n<0001> <0061>\n<0002><06CC0020>\nendbfchar\n\
            1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n\
            1 beginbfrange\n<0020> <0021> [<0030> <0031>]\nendbfrange\n";
        let m = parse_to_unicode(cmap);
        assert_eq!(m[&1], vec![0x61]);
        assert_eq!(m[&2], vec![0x06CC, 0x20]);
        assert_eq!(m[&0x11], vec![0x42]);
        assert_eq!(m[&0x21], vec![0x31]);
        assert!(!m.contains_key(&3));
    }

    #[test]
    fn malformed_maps_do_not_panic() {
        let m = parse_to_unicode(b"beginbfrange <00> endbfrange beginbfchar <0> <zz> endbfchar <");
        assert!(m.is_empty());
        let m = parse_to_unicode(b"beginbfrange <0000> <FFFFFFFF> <0041> endbfrange");
        assert!(m.len() <= 0x10000);
    }
}
