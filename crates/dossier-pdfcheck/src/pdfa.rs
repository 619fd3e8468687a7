//! The PDF/A-2 checks a machine can decide (ISO 19005-2): file structure,
//! output intent and colour, graphics states, images and XObjects,
//! annotations, actions and JavaScript, references to other files, XMP
//! metadata (well-formed, schemas described, identification, agreeing
//! with the document information dictionary). Font checks live in
//! [`crate::fonts`].

use lopdf::{Dictionary, Object};

use crate::checkpoint::{Checkpoint as C, Findings, Place};
use crate::content::{DeviceSpace, PageContent};
use crate::reader::{decode_text, oid, show, stream_bytes, Pdf};
use crate::tagged::annotations_of;
use crate::xmp::{self, Xmp};

/// The PDF/A-2 conformance level checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Level B: the visual appearance is preserved.
    B,
    /// Level U: and every character maps to Unicode.
    U,
}

impl Level {
    pub fn letter(self) -> &'static str {
        match self {
            Level::B => "B",
            Level::U => "U",
        }
    }
}

pub(crate) struct Inputs<'a, 'p> {
    pub bytes: &'a [u8],
    pub pdf: &'a Pdf<'p>,
    pub pages: &'a [PageContent],
    pub xmp: Option<&'a Result<Xmp, String>>,
    pub level: Level,
}

pub(crate) fn check(i: &Inputs, out: &mut Findings) {
    header(i.bytes, out);
    trailer(i, out);
    objects(i.pdf, out);
    output_intent(i, out);
    annotations(i.pdf, out);
    actions(i.pdf, out);
    metadata(i, out);
    catalog(i.pdf, out);
    for (pi, c) in i.pages.iter().enumerate() {
        if c.max_q_depth > 28 {
            out.add(
                C::A2Limits,
                Place::page(pi + 1),
                format!("q/Q nested {} deep (at most 28)", c.max_q_depth),
            );
        }
    }
}

fn header(bytes: &[u8], out: &mut Findings) {
    let first_line_end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len());
    let line = &bytes[..first_line_end];
    let ok = line.len() == 8 && line.starts_with(b"%PDF-1.") && (b'0'..=b'7').contains(&line[7]);
    if !ok {
        out.add(
            C::A2Header,
            Place::FILE,
            format!("header is {:?}, not %PDF-1.0 to %PDF-1.7", show(line)),
        );
    }
    let mut rest = &bytes[first_line_end..];
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'\n' || b == b'\r' {
            rest = tail;
        } else {
            break;
        }
    }
    let binary =
        rest.first() == Some(&b'%') && rest.len() > 4 && rest[1..5].iter().all(|&b| b > 127);
    if !binary {
        out.add(
            C::A2Header,
            Place::FILE,
            "the header line is not followed by a comment of four bytes above 127",
        );
    }
}

fn trailer(i: &Inputs, out: &mut Findings) {
    let t = &i.pdf.doc.trailer;
    let has_id =
        matches!(t.get(b"ID").map(|o| i.pdf.resolve(o)), Ok(Object::Array(a)) if a.len() == 2);
    if !has_id {
        out.add(
            C::A2Trailer,
            Place::FILE,
            "the trailer has no /ID of two strings",
        );
    }
    if t.has(b"Encrypt") || i.pdf.doc.was_encrypted() {
        out.add(C::A2Trailer, Place::FILE, "the file is encrypted");
    }
    let tail = i.bytes.len().saturating_sub(1024);
    if let Some(pos) = i.bytes[tail..].windows(5).rposition(|w| w == b"%%EOF") {
        let after = &i.bytes[tail + pos + 5..];
        if !after.is_empty() && after != b"\n" && after != b"\r\n" && after != b"\r" {
            out.add(
                C::A2Trailer,
                Place::FILE,
                format!("{} bytes follow the last %%EOF", after.len()),
            );
        }
    } else {
        out.add(C::A2Trailer, Place::FILE, "no %%EOF at the end of the file");
    }
}

/// Checks every object: streams, limits, images, XObjects, graphics states.
fn objects(pdf: &Pdf, out: &mut Findings) {
    if pdf.doc.objects.len() > 8_388_607 {
        out.add(
            C::A2Limits,
            Place::FILE,
            "more than 8,388,607 indirect objects",
        );
    }
    for (id, o) in pdf.objects() {
        let at = Place::object(oid(id));
        limits(o, at, out, 0);
        let dict = match o {
            Object::Stream(s) => {
                for key in [&b"F"[..], b"FFilter", b"FDecodeParms"] {
                    if s.dict.has(key) {
                        out.add(
                            C::A2External,
                            at,
                            format!("stream with /{} (its data is in another file)", show(key)),
                        );
                    }
                }
                for f in s.filters().unwrap_or_default() {
                    if f == b"LZWDecode" || f == b"Crypt" {
                        out.add(C::A2Stream, at, format!("stream filter {}", show(f)));
                    }
                }
                &s.dict
            }
            Object::Dictionary(d) => d,
            _ => continue,
        };
        let ty = pdf.name(dict, b"Type");
        let sub = pdf.name(dict, b"Subtype");
        if sub == Some(b"Image") {
            if dict.has(b"Alternates") || dict.has(b"OPI") {
                out.add(C::A2Image, at, "image with /Alternates or /OPI");
            }
            if pdf.boolean(dict, b"Interpolate") == Some(true) {
                out.add(C::A2Image, at, "image with /Interpolate true");
            }
            let mask = pdf.boolean(dict, b"ImageMask") == Some(true);
            if let Some(bpc) = pdf.int(dict, b"BitsPerComponent") {
                let ok = if mask {
                    bpc == 1
                } else {
                    [1, 2, 4, 8, 16].contains(&bpc)
                };
                if !ok {
                    out.add(C::A2Image, at, format!("image with BitsPerComponent {bpc}"));
                }
            }
        }
        if sub == Some(b"Form") && (dict.has(b"Ref") || dict.has(b"OPI") || dict.has(b"PS")) {
            out.add(C::A2XObject, at, "form XObject with /Ref, /OPI or /PS");
        }
        if sub == Some(b"PS") || pdf.name(dict, b"Subtype2") == Some(b"PS") {
            out.add(C::A2XObject, at, "PostScript XObject");
        }
        if ty == Some(b"ExtGState") || dict.has(b"CA") || dict.has(b"ca") {
            if dict.has(b"TR") || dict.has(b"HTP") {
                out.add(C::A2GraphicsState, at, "graphics state with /TR or /HTP");
            }
            if dict.has(b"TR2") && pdf.name(dict, b"TR2") != Some(b"Default") {
                out.add(
                    C::A2GraphicsState,
                    at,
                    "graphics state with /TR2 other than Default",
                );
            }
            let blends: Vec<&[u8]> = match pdf.get(dict, b"BM") {
                Some(Object::Name(n)) => vec![n],
                Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
                _ => Vec::new(),
            };
            const MODES: &[&[u8]] = &[
                b"Normal",
                b"Compatible",
                b"Multiply",
                b"Screen",
                b"Overlay",
                b"Darken",
                b"Lighten",
                b"ColorDodge",
                b"ColorBurn",
                b"HardLight",
                b"SoftLight",
                b"Difference",
                b"Exclusion",
                b"Hue",
                b"Saturation",
                b"Color",
                b"Luminosity",
            ];
            for b in blends {
                if !MODES.contains(&b) {
                    out.add(C::A2Transparency, at, format!("blend mode {}", show(b)));
                }
            }
        }
        if ty == Some(b"Filespec") && dict.has(b"EF") {
            out.add(
                C::A2EmbeddedFiles,
                at,
                "embedded file (only PDF/A files may be embedded, which this check cannot verify)",
            );
        }
    }
}

/// ISO 19005-2 6.1.13: numbers, strings and names within limits.
fn limits(o: &Object, at: Place, out: &mut Findings, depth: usize) {
    if depth > 64 {
        return;
    }
    match o {
        Object::Integer(v) if *v > i64::from(i32::MAX) || *v < i64::from(i32::MIN) => {
            out.add(C::A2Limits, at, format!("integer {v} out of 32-bit range"));
        }
        Object::Real(r) if !r.is_finite() || (*r != 0.0 && r.abs() < 1.175e-38) => {
            out.add(C::A2Limits, at, format!("real number {r} out of range"));
        }
        Object::String(s, _) if s.len() > 32767 => {
            out.add(
                C::A2Limits,
                at,
                format!("string of {} bytes (at most 32767)", s.len()),
            );
        }
        Object::Name(n) if n.len() > 127 => {
            out.add(
                C::A2Limits,
                at,
                format!("name of {} bytes (at most 127)", n.len()),
            );
        }
        Object::Array(a) => a.iter().for_each(|x| limits(x, at, out, depth + 1)),
        Object::Dictionary(d) => d.iter().for_each(|(k, v)| {
            if k.len() > 127 {
                out.add(
                    C::A2Limits,
                    at,
                    format!("name of {} bytes (at most 127)", k.len()),
                );
            }
            limits(v, at, out, depth + 1)
        }),
        Object::Stream(s) => limits(&Object::Dictionary(s.dict.clone()), at, out, depth + 1),
        _ => {}
    }
}

/// The colour space of the PDF/A output intent's profile (`RGB `,
/// `CMYK`, `GRAY`), or why there is none.
fn output_intent(i: &Inputs, out: &mut Findings) {
    let pdf = i.pdf;
    let Some(cat) = pdf.catalog() else { return };
    let intents = pdf.array(cat, b"OutputIntents").unwrap_or(&[]);
    let mut profile_space: Option<[u8; 4]> = None;
    let mut profiles = Vec::new();
    for o in intents {
        let Object::Dictionary(d) = pdf.resolve(o) else {
            continue;
        };
        if pdf.name(d, b"S") != Some(b"GTS_PDFA1") {
            continue;
        }
        let Some(prof_ref) = d.get(b"DestOutputProfile").ok() else {
            out.add(
                C::A2OutputIntent,
                Place::FILE,
                "PDF/A output intent without /DestOutputProfile",
            );
            continue;
        };
        profiles.push(prof_ref.as_reference().ok());
        let Object::Stream(s) = pdf.resolve(prof_ref) else {
            out.add(
                C::A2OutputIntent,
                Place::FILE,
                "/DestOutputProfile is not a stream",
            );
            continue;
        };
        let icc = stream_bytes(s);
        if icc.len() < 128 || &icc[36..40] != b"acsp" {
            out.add(
                C::A2OutputIntent,
                Place::FILE,
                "/DestOutputProfile is not an ICC profile",
            );
            continue;
        }
        let class = &icc[12..16];
        let space: [u8; 4] = [icc[16], icc[17], icc[18], icc[19]];
        if class != b"mntr" && class != b"prtr" {
            out.add(
                C::A2OutputIntent,
                Place::FILE,
                format!("output profile class {} (not mntr or prtr)", show(class)),
            );
        }
        let n = match &space {
            b"RGB " => 3,
            b"CMYK" => 4,
            b"GRAY" => 1,
            _ => {
                out.add(
                    C::A2OutputIntent,
                    Place::FILE,
                    format!("output profile colour space {}", show(&space)),
                );
                0
            }
        };
        if let Some(declared) = pdf.int(&s.dict, b"N") {
            if n != 0 && declared != n {
                out.add(
                    C::A2OutputIntent,
                    Place::FILE,
                    format!("output profile /N {declared} but the profile has {n} components"),
                );
            }
        }
        profile_space = Some(space);
    }
    if profiles.len() > 1 && profiles.windows(2).any(|w| w[0] != w[1] || w[0].is_none()) {
        out.add(
            C::A2OutputIntent,
            Place::FILE,
            "several output intents with different profiles",
        );
    }
    if profiles.is_empty() {
        out.add(
            C::A2OutputIntent,
            Place::FILE,
            "no output intent with /S /GTS_PDFA1",
        );
    }
    for (pi, c) in i.pages.iter().enumerate() {
        for space in &c.device_spaces {
            let ok = match (space, profile_space.as_ref()) {
                (_, None) => false,
                (DeviceSpace::Gray, Some(_)) => true,
                (DeviceSpace::Rgb, Some(s)) => s == b"RGB ",
                (DeviceSpace::Cmyk, Some(s)) => s == b"CMYK",
            };
            if !ok {
                out.add(
                    C::A2DeviceColour,
                    Place::page(pi + 1),
                    format!("{space:?} colour used without a matching output intent"),
                );
            }
        }
        if profile_space.is_none() {
            if let Some(&page) = pdf.pages.get(pi) {
                let group_cs = pdf
                    .dict_of(page)
                    .and_then(|d| pdf.dict(d, b"Group"))
                    .is_some_and(|g| g.has(b"CS"));
                if !c.ext_gstates.is_empty() && !group_cs {
                    out.add(
                        C::A2Transparency,
                        Place::page(pi + 1),
                        "transparency without an output intent or a page group /CS",
                    );
                }
            }
        }
    }
}

fn annotations(pdf: &Pdf, out: &mut Findings) {
    const ALLOWED: &[&[u8]] = &[
        b"Text",
        b"Link",
        b"FreeText",
        b"Line",
        b"Square",
        b"Circle",
        b"Polygon",
        b"PolyLine",
        b"Highlight",
        b"Underline",
        b"Squiggly",
        b"StrikeOut",
        b"Stamp",
        b"Caret",
        b"Ink",
        b"Popup",
        b"FileAttachment",
        b"Widget",
        b"PrinterMark",
        b"TrapNet",
        b"Watermark",
        b"Redact",
    ];
    for (pi, &page) in pdf.pages.iter().enumerate() {
        for (id, a) in annotations_of(pdf, page) {
            let at = Place {
                page: Some(pi + 1),
                object: id.map(oid),
            };
            let sub = pdf.name(a, b"Subtype").unwrap_or(b"");
            if !ALLOWED.contains(&sub) {
                out.add(C::A2AnnotType, at, format!("annotation type {}", show(sub)));
            }
            if sub != b"Popup" {
                match pdf.int(a, b"F") {
                    None => out.add(C::A2AnnotFlags, at, "annotation without /F"),
                    Some(f) if f & 4 == 0 || f & (1 | 2 | 32 | 256) != 0 => out.add(
                        C::A2AnnotFlags,
                        at,
                        format!("annotation flags {f}: not printed, or hidden"),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(ca) = a.get(b"CA").ok().and_then(|o| o.as_float().ok()) {
                if ca != 1.0 {
                    out.add(C::A2AnnotFlags, at, format!("annotation /CA {ca}, not 1.0"));
                }
            }
            let zero = pdf
                .array(a, b"Rect")
                .map(|r| {
                    r.iter()
                        .filter_map(|o| o.as_float().ok())
                        .collect::<Vec<f32>>()
                })
                .is_some_and(|r| r.len() == 4 && r[0] == r[2] && r[1] == r[3]);
            if sub != b"Popup" && sub != b"Link" && !zero {
                match pdf.dict(a, b"AP") {
                    None => out.add(C::A2AnnotAppearance, at, "annotation without /AP"),
                    Some(ap) => {
                        if ap.iter().any(|(k, _)| k != b"N") {
                            out.add(
                                C::A2AnnotAppearance,
                                at,
                                "appearance dictionary with entries other than /N",
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Every action dictionary reachable from annotations, outlines, the
/// catalog's open action and names, plus `AA` and the JavaScript name tree.
fn actions(pdf: &Pdf, out: &mut Findings) {
    const FORBIDDEN: &[&[u8]] = &[
        b"Launch",
        b"Sound",
        b"Movie",
        b"ResetForm",
        b"ImportData",
        b"Hide",
        b"SetOCGState",
        b"Rendition",
        b"Trans",
        b"GoTo3DView",
        b"JavaScript",
        b"SetState",
        b"NOP",
    ];
    for (id, o) in pdf.objects() {
        let dict = match o {
            Object::Dictionary(d) => d,
            _ => continue,
        };
        let at = Place::object(oid(id));
        let mut check_action = |a: &Dictionary| {
            let s = pdf.name(a, b"S").unwrap_or(b"");
            if FORBIDDEN.contains(&s) {
                out.add(C::A2Actions, at, format!("{} action", show(s)));
            }
            if s == b"Named" {
                let n = pdf.name(a, b"N").unwrap_or(b"");
                if ![&b"NextPage"[..], b"PrevPage", b"FirstPage", b"LastPage"].contains(&n) {
                    out.add(C::A2Actions, at, format!("named action {}", show(n)));
                }
            }
            if matches!(s, b"GoToR" | b"GoToE" | b"SubmitForm") || (s == b"Launch") {
                out.add(
                    C::A2External,
                    at,
                    format!("{} action refers to another file", show(s)),
                );
            }
        };
        if pdf.name(dict, b"Type") == Some(b"Action") {
            check_action(dict);
        }
        for key in [&b"A"[..], b"OpenAction"] {
            if let Some(a) = pdf.dict(dict, key) {
                // An action and the chain of actions after it.
                let mut next = vec![a];
                let mut n = 0;
                while let Some(a) = next.pop() {
                    n += 1;
                    if n > 64 {
                        break;
                    }
                    check_action(a);
                    match pdf.get(a, b"Next") {
                        Some(Object::Dictionary(d)) => next.push(d),
                        Some(Object::Array(list)) => {
                            next.extend(list.iter().filter_map(|o| pdf.resolve(o).as_dict().ok()))
                        }
                        _ => {}
                    }
                }
            }
        }
        if dict.has(b"AA") {
            let ty = pdf.name(dict, b"Type");
            if ty == Some(b"Catalog") || ty == Some(b"Page") {
                out.add(
                    C::A2Actions,
                    at,
                    format!("{} with additional actions (/AA)", show(ty.unwrap_or(b""))),
                );
            } else if pdf.name(dict, b"Subtype") == Some(b"Widget") || dict.has(b"FT") {
                out.add(C::A2Forms, at, "form field or widget with /AA");
            }
        }
    }
    if let Some(cat) = pdf.catalog() {
        if let Some(names) = pdf.dict(cat, b"Names") {
            if names.has(b"JavaScript") {
                out.add(
                    C::A2Actions,
                    Place::FILE,
                    "document JavaScript (a /JavaScript name tree)",
                );
            }
            if names.has(b"AlternatePresentations") {
                out.add(
                    C::A2Catalog,
                    Place::FILE,
                    "/AlternatePresentations in the name dictionary",
                );
            }
            if names.has(b"EmbeddedFiles") {
                out.add(
                    C::A2EmbeddedFiles,
                    Place::FILE,
                    "/EmbeddedFiles in the name dictionary",
                );
            }
        }
        if let Some(form) = pdf.dict(cat, b"AcroForm") {
            if pdf.boolean(form, b"NeedAppearances") == Some(true) {
                out.add(C::A2Forms, Place::FILE, "/NeedAppearances is true");
            }
            if form.has(b"XFA") {
                out.add(C::A2Forms, Place::FILE, "XFA form");
            }
        }
        if pdf.boolean(cat, b"NeedsRendering") == Some(true) {
            out.add(C::A2Forms, Place::FILE, "/NeedsRendering is true");
        }
    }
}

fn catalog(pdf: &Pdf, out: &mut Findings) {
    let Some(cat) = pdf.catalog() else { return };
    if cat.has(b"Requirements") {
        out.add(C::A2Catalog, Place::FILE, "catalog with /Requirements");
    }
    for (pi, &page) in pdf.pages.iter().enumerate() {
        if pdf.dict_of(page).is_some_and(|d| d.has(b"PresSteps")) {
            out.add(C::A2Catalog, Place::page(pi + 1), "page with /PresSteps");
        }
    }
    if let Some(oc) = pdf.dict(cat, b"OCProperties") {
        let mut configs: Vec<&Dictionary> = pdf.dict(oc, b"D").into_iter().collect();
        for o in pdf.array(oc, b"Configs").unwrap_or(&[]) {
            if let Object::Dictionary(d) = pdf.resolve(o) {
                configs.push(d);
            }
        }
        let mut names = Vec::new();
        for c in configs {
            match pdf.text(c, b"Name") {
                Some(n) if !n.is_empty() => {
                    if names.contains(&n) {
                        out.add(
                            C::A2OptionalContent,
                            Place::FILE,
                            format!("optional content configuration name {n:?} used twice"),
                        );
                    }
                    names.push(n);
                }
                _ => out.add(
                    C::A2OptionalContent,
                    Place::FILE,
                    "optional content configuration without /Name",
                ),
            }
            if c.has(b"AS") {
                out.add(
                    C::A2OptionalContent,
                    Place::FILE,
                    "optional content configuration with /AS",
                );
            }
        }
    }
}

fn metadata(i: &Inputs, out: &mut Findings) {
    let pdf = i.pdf;
    let Some(cat) = pdf.catalog() else { return };
    let Some(stream) = pdf.stream(cat, b"Metadata") else {
        out.add(
            C::A2Metadata,
            Place::FILE,
            "the catalog has no /Metadata stream",
        );
        return;
    };
    if pdf.name(&stream.dict, b"Type") != Some(b"Metadata")
        || pdf.name(&stream.dict, b"Subtype") != Some(b"XML")
    {
        out.add(
            C::A2Metadata,
            Place::FILE,
            "the metadata stream is not /Type /Metadata /Subtype /XML",
        );
    }
    let x = match i.xmp {
        Some(Ok(x)) => x,
        Some(Err(e)) => {
            out.add(
                C::A2Metadata,
                Place::FILE,
                format!("the metadata is not well-formed XMP: {e}"),
            );
            return;
        }
        None => return,
    };
    for a in &x.header_attributes {
        out.add(
            C::A2Metadata,
            Place::FILE,
            format!("the xpacket header has a {a} attribute"),
        );
    }
    for p in x.undescribed() {
        out.add(
            C::A2XmpSchemas,
            Place::FILE,
            format!(
                "property {} of {} is neither predefined nor described by an extension schema",
                p.name, p.ns
            ),
        );
    }
    match x.get(xmp::PDFAID, "part").and_then(|v| v.text()) {
        Some("2") => {}
        Some(p) => out.add(
            C::A2Identification,
            Place::FILE,
            format!("pdfaid:part is {p}, not 2"),
        ),
        None => out.add(
            C::A2Identification,
            Place::FILE,
            "the metadata has no pdfaid:part",
        ),
    }
    match x.get(xmp::PDFAID, "conformance").and_then(|v| v.text()) {
        Some(c)
            if c == i.level.letter()
                || (i.level == Level::B && (c == "U" || c == "A"))
                || (i.level == Level::U && c == "A") => {}
        Some(c) => out.add(
            C::A2Identification,
            Place::FILE,
            format!("pdfaid:conformance is {c}, not {}", i.level.letter()),
        ),
        None => out.add(
            C::A2Identification,
            Place::FILE,
            "the metadata has no pdfaid:conformance",
        ),
    }
    info_agrees(pdf, x, out);
}

/// The document information dictionary and the XMP say the same.
fn info_agrees(pdf: &Pdf, x: &Xmp, out: &mut Findings) {
    let Some(info) = pdf
        .doc
        .trailer
        .get(b"Info")
        .ok()
        .map(|o| pdf.resolve(o))
        .and_then(|o| o.as_dict().ok())
    else {
        return;
    };
    let pairs: [(&[u8], &str, &str); 6] = [
        (b"Title", xmp::DC, "title"),
        (b"Author", xmp::DC, "creator"),
        (b"Subject", xmp::DC, "description"),
        (b"Keywords", xmp::PDF, "Keywords"),
        (b"Creator", xmp::XMP, "CreatorTool"),
        (b"Producer", xmp::PDF, "Producer"),
    ];
    for (key, ns, name) in pairs {
        let Some(value) = pdf.text(info, key) else {
            continue;
        };
        let in_xmp = x.get(ns, name).and_then(|v| v.text());
        if in_xmp != Some(value.as_str()) {
            out.add(
                C::A2XmpInfo,
                Place::FILE,
                format!(
                    "Info /{} is {value:?} but the XMP has {in_xmp:?}",
                    show(key)
                ),
            );
        }
    }
    for (key, name) in [
        (&b"CreationDate"[..], "CreateDate"),
        (b"ModDate", "ModifyDate"),
    ] {
        let Some(Object::String(raw, _)) = pdf.get(info, key) else {
            continue;
        };
        let info_date = pdf_date_seconds(&decode_text(raw));
        let xmp_date = x
            .get(xmp::XMP, name)
            .and_then(|v| v.text())
            .and_then(iso_date_seconds);
        if info_date.is_none() || info_date != xmp_date {
            out.add(
                C::A2XmpInfo,
                Place::FILE,
                format!(
                    "Info /{} and xmp:{name} are not the same instant",
                    show(key)
                ),
            );
        }
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str, at: usize, n: usize) -> Option<i64> {
    let part = s.get(at..at + n)?;
    if part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// `D:YYYYMMDDHHmmSSOHH'mm` in seconds since the epoch (missing parts default).
pub(crate) fn pdf_date_seconds(s: &str) -> Option<i64> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let y = digits(s, 0, 4)?;
    let get = |at, default| {
        if s.len() > at {
            digits(s, at, 2)
        } else {
            Some(default)
        }
    };
    let (mo, d, h, mi, se) = (get(4, 1)?, get(6, 1)?, get(8, 0)?, get(10, 0)?, get(12, 0)?);
    let mut t = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    match s.as_bytes().get(14) {
        Some(sign @ (b'+' | b'-')) => {
            let oh = digits(s, 15, 2).unwrap_or(0);
            let om = digits(s, 18, 2).unwrap_or(0);
            let off = oh * 3600 + om * 60;
            t += if *sign == b'+' { -off } else { off };
        }
        Some(b'Z') | None => {}
        Some(_) => return None,
    }
    Some(t)
}

/// An ISO 8601 date-time (XMP `Date`) in seconds since the epoch.
pub(crate) fn iso_date_seconds(s: &str) -> Option<i64> {
    let y = digits(s, 0, 4)?;
    let mo = if s.len() > 4 { digits(s, 5, 2)? } else { 1 };
    let d = if s.len() > 7 { digits(s, 8, 2)? } else { 1 };
    let (mut h, mut mi, mut se) = (0, 0, 0);
    let mut rest = "";
    if s.len() > 10 {
        h = digits(s, 11, 2)?;
        mi = digits(s, 14, 2)?;
        rest = &s[16..];
        if let Some(r) = rest.strip_prefix(':') {
            se = digits(r, 0, 2)?;
            rest = &r[2..];
            if let Some(frac) = rest.strip_prefix('.') {
                rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
            }
        }
    }
    let mut t = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    match rest.as_bytes().first() {
        Some(sign @ (b'+' | b'-')) => {
            let oh = digits(rest, 1, 2)?;
            let om = digits(rest, 4, 2).unwrap_or(0);
            let off = oh * 3600 + om * 60;
            t += if *sign == b'+' { -off } else { off };
        }
        Some(b'Z') | None => {}
        Some(_) => return None,
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_compare_as_instants() {
        let a = pdf_date_seconds("D:20231114221320Z");
        assert_eq!(a, Some(1_700_000_000));
        assert_eq!(iso_date_seconds("2023-11-14T22:13:20Z"), a);
        assert_eq!(iso_date_seconds("2023-11-15T01:43:20+03:30"), a);
        assert_eq!(pdf_date_seconds("D:20231115014320+03'30'"), a);
        assert_eq!(iso_date_seconds("2023-11-14T22:13:20.25Z"), a);
        assert_eq!(pdf_date_seconds("garbage"), None);
        assert_eq!(iso_date_seconds("2023-1"), None);
    }
}
