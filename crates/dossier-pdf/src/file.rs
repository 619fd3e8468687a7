//! A document's objects → the bytes of a PDF file.
//!
//! Streams are written as indirect objects; every other object goes,
//! compressed, into object streams, and a cross-reference stream ends the
//! file (PDF 1.5 features, which PDF/A-2 and PDF/UA-1 allow). lopdf can
//! save the same layout, but it formats every token through `fmt::Write`
//! and copies each object into its object stream; for the structure tree
//! of a tagged report (hundreds of small dictionaries) that was most of
//! what tagging cost. Here each object is written once, into one buffer.
//!
//! Objects are numbered 1, 2, 3, … in their order in the document, so that
//! the cross-reference stream is one section without holes: poppler
//! (pdfinfo, pdftotext) reads entries by position as if the table were
//! one section from 0, and had to rebuild a table with holes by scanning
//! the file, which failed on some files. A reference to an object that
//! does not exist is written as `null`, as a reader would take it anyway.
//!
//! The `/ID` is the hash of the file written with a placeholder in its
//! place, so that the same input gives the same bytes.

use std::collections::HashMap;
use std::io::Write as _;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Objects per object stream. One stream compresses best; the cap only
/// keeps a reader from inflating one huge stream to reach one object.
const OBJECTS_PER_STREAM: usize = 2000;

/// Writes `doc` as a PDF file of `version` (for example "1.7"). Streams
/// that are not compressed yet, and allow it, are compressed with flate at
/// `level`, while the other objects are packed into object streams: the
/// two are independent, so they run side by side.
///
/// `late` writes the objects it [`Late::holds`] in place of what `doc`
/// holds under their ids (a placeholder).
pub(crate) fn write_file(
    doc: &mut lopdf::Document,
    version: &str,
    level: u32,
    late: Option<&dyn Late>,
) -> Vec<u8> {
    let numbers = Numbers::new(doc);
    let count = doc.objects.len();

    // Each object stream: its content, `/N`, `/First`, and the numbers of
    // the objects it holds.
    let streams: Vec<(Vec<u8>, usize, usize, Vec<u32>)> = {
        let mut loose: Vec<&mut lopdf::Stream> = Vec::new();
        let mut packed: Vec<(u32, Packed)> = Vec::new();
        for (n, (id, object)) in (1u32..).zip(doc.objects.iter_mut()) {
            match (late.filter(|l| l.holds(*id)), object) {
                (Some(l), _) => packed.push((n, Packed::Late(l, *id))),
                (None, Object::Stream(s)) => loose.push(s),
                (None, other) => packed.push((n, Packed::Object(other))),
            }
        }
        let chunks: Vec<&[(u32, Packed)]> = packed.chunks(OBJECTS_PER_STREAM).collect();
        let (streams, ()) = rayon::join(
            || {
                chunks
                    .par_iter()
                    .map(|chunk| {
                        let (data, n, first) = object_stream(chunk, &numbers, level);
                        (data, n, first, chunk.iter().map(|(n, _)| *n).collect())
                    })
                    .collect()
            },
            || loose.par_iter_mut().for_each(|s| compress(s, level)),
        );
        streams
    };

    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    // A comment of four bytes above 127 marks the file as binary (PDF/A
    // requires it).
    out.extend_from_slice(b"\n%\xBB\xAD\xC0\xDE\n");

    // Where each object is: (type, field 2, field 3) of its entry.
    let mut entries: Vec<(u8, u32, u16)> = vec![(0, 0, 0xFFFF); count + 1];
    for (n, object) in (1u32..).zip(doc.objects.values()) {
        if let Object::Stream(_) = object {
            entries[n as usize] = (1, out.len() as u32, 0);
            indirect(&mut out, n, object, &numbers);
        }
    }

    let mut next = count as u32 + 1;
    // Object streams are numbered after the document's objects.
    for (data, n, first, held) in streams {
        let stream_number = next;
        next += 1;
        for (i, number) in held.iter().enumerate() {
            entries[*number as usize] = (2, stream_number, i as u16);
        }
        entries.push((1, out.len() as u32, 0));
        number(&mut out, stream_number as i64);
        out.extend_from_slice(b" 0 obj\n<</Type/ObjStm/N ");
        number(&mut out, n as i64);
        out.extend_from_slice(b"/First ");
        number(&mut out, first as i64);
        out.extend_from_slice(b"/Filter/FlateDecode/Length ");
        number(&mut out, data.len() as i64);
        out.extend_from_slice(b">>stream\n");
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    // The cross-reference stream, the last object.
    let xref_number = next;
    let xref_at = out.len();
    entries.push((1, xref_at as u32, 0));
    let mut table = Vec::with_capacity(entries.len() * 7);
    for &(kind, field2, field3) in &entries {
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes());
        table.extend_from_slice(&field3.to_be_bytes());
    }
    let table = deflate(&table, level);
    number(&mut out, xref_number as i64);
    out.extend_from_slice(b" 0 obj\n<</Type/XRef/Size ");
    number(&mut out, entries.len() as i64);
    out.extend_from_slice(b"/W[1 4 2]");
    for (key, value) in doc.trailer.iter() {
        if matches!(
            key.as_slice(),
            b"Size" | b"Prev" | b"W" | b"Index" | b"Type" | b"Filter" | b"Length" | b"ID"
        ) {
            continue;
        }
        entry(&mut out, key, value, &numbers);
    }
    let placeholder = b"<00000000000000000000000000000000>";
    out.extend_from_slice(b"/ID[");
    let id_at = out.len();
    out.extend_from_slice(placeholder);
    out.extend_from_slice(placeholder);
    out.extend_from_slice(b"]/Filter/FlateDecode/Length ");
    number(&mut out, table.len() as i64);
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(&table);
    out.extend_from_slice(b"\nendstream\nendobj\nstartxref\n");
    number(&mut out, xref_at as i64);
    out.extend_from_slice(b"\n%%EOF\n");

    let digest = Sha256::digest(&out);
    let mut id = Vec::with_capacity(placeholder.len());
    id.push(b'<');
    hex(&mut id, &digest[..16]);
    id.push(b'>');
    out[id_at..id_at + id.len()].copy_from_slice(&id);
    out[id_at + id.len()..id_at + 2 * id.len()].copy_from_slice(&id);
    out
}

/// The new number of every object, by its old id.
struct Numbers {
    /// Indexed by the old object number; 0 for none.
    by_number: Vec<u32>,
    /// Objects whose generation is not 0 (printpdf writes none).
    other: HashMap<ObjectId, u32>,
}

impl Numbers {
    fn new(doc: &lopdf::Document) -> Numbers {
        let top = doc.objects.keys().map(|id| id.0).max().unwrap_or(0) as usize;
        let mut by_number = vec![0; top + 1];
        let mut other = HashMap::new();
        for (&id, n) in doc.objects.keys().zip(1u32..) {
            if id.1 == 0 {
                by_number[id.0 as usize] = n;
            } else {
                other.insert(id, n);
            }
        }
        Numbers { by_number, other }
    }

    fn get(&self, id: ObjectId) -> Option<u32> {
        let n = if id.1 == 0 {
            self.by_number.get(id.0 as usize).copied().unwrap_or(0)
        } else {
            self.other.get(&id).copied().unwrap_or(0)
        };
        (n != 0).then_some(n)
    }
}

/// Objects written by their owner, once every object has its number: the
/// structure tree's elements, hundreds of small dictionaries that cost
/// more to build as lopdf objects than to write.
pub(crate) trait Late: Sync {
    /// Whether the object `id` is one of these.
    fn holds(&self, id: ObjectId) -> bool;
    /// Writes the object `id`.
    fn write(&self, id: ObjectId, out: &mut Syntax<'_>);
}

/// An object of an object stream: the document's, or a [`Late`] one.
#[derive(Clone, Copy)]
enum Packed<'a> {
    Object(&'a Object),
    Late(&'a dyn Late, ObjectId),
}

/// The writer a [`Late`] object writes itself with: PDF syntax as this
/// module writes it, references renumbered.
pub(crate) struct Syntax<'a> {
    out: &'a mut Vec<u8>,
    numbers: &'a Numbers,
}

impl Syntax<'_> {
    /// Bytes as they are: delimiters and names known to need no escape.
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    /// A dictionary entry: `/key value`.
    pub(crate) fn entry(&mut self, key: &[u8], value: &Object) {
        entry(self.out, key, value, self.numbers);
    }

    /// A dictionary entry whose value is a name: `/key/value`.
    pub(crate) fn name_entry(&mut self, key: &[u8], value: &[u8]) {
        name(self.out, key);
        name(self.out, value);
    }

    /// The `i`-th item of an array, spaced as arrays are.
    pub(crate) fn item(&mut self, i: usize, value: &Object) {
        item(self.out, i, value, self.numbers);
    }
}

/// The content of one object stream, compressed, with its `/N` and `/First`.
fn object_stream(
    chunk: &[(u32, Packed)],
    numbers: &Numbers,
    level: u32,
) -> (Vec<u8>, usize, usize) {
    let mut body = Vec::with_capacity(chunk.len() * 96);
    let mut offsets = Vec::with_capacity(chunk.len());
    for (_, o) in chunk {
        offsets.push(body.len());
        match *o {
            Packed::Object(o) => object(&mut body, o, numbers),
            Packed::Late(late, id) => late.write(
                id,
                &mut Syntax {
                    out: &mut body,
                    numbers,
                },
            ),
        }
        body.push(b'\n');
    }
    let mut content = Vec::with_capacity(chunk.len() * 12 + body.len());
    for ((n, _), at) in chunk.iter().zip(&offsets) {
        number(&mut content, *n as i64);
        content.push(b' ');
        number(&mut content, *at as i64);
        content.push(b' ');
    }
    let first = content.len();
    content.extend_from_slice(&body);
    (deflate(&content, level), chunk.len(), first)
}

/// `data` compressed in the zlib format at `level` (1 to 12), by
/// libdeflate: at zlib's default level it compresses PDF streams about
/// twice as fast as zlib, and a little smaller. Each thread keeps its
/// compressor: setting one up (its tables) cost as much as compressing a
/// small stream.
pub(crate) fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<(u32, Compressor)>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let c = match &mut *slot {
            Some((l, c)) if *l == level => c,
            _ => {
                let lvl = CompressionLvl::new(level.clamp(1, 12) as i32)
                    .unwrap_or_else(|_| CompressionLvl::default());
                &mut slot.insert((level, Compressor::new(lvl))).1
            }
        };
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        // The bound holds any input, so compressing into it cannot fail.
        let n = c
            .zlib_compress(data, &mut out)
            .expect("the bound holds the compressed data");
        out.truncate(n);
        out
    })
}

/// Compresses a stream that is not compressed yet and allows it, when
/// that makes it smaller.
fn compress(s: &mut lopdf::Stream, level: u32) {
    if !s.allows_compression || s.dict.has(b"Filter") {
        return;
    }
    if let Some(packed) = compressed(&s.content, level) {
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        s.content = packed;
    }
}

/// `content` compressed at `level`, when that saves more than the bytes
/// `/Filter/FlateDecode` adds to the stream's dictionary.
pub(crate) fn compressed(content: &[u8], level: u32) -> Option<Vec<u8>> {
    let packed = deflate(content, level);
    (packed.len() + 19 < content.len()).then_some(packed)
}

/// `n 0 obj … endobj`.
fn indirect(out: &mut Vec<u8>, n: u32, o: &Object, numbers: &Numbers) {
    number(out, n as i64);
    out.extend_from_slice(b" 0 obj\n");
    object(out, o, numbers);
    out.extend_from_slice(b"\nendobj\n");
}

/// Whether `o` must be kept apart from a name or number written before it.
fn needs_space(o: &Object) -> bool {
    matches!(
        o,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn separate(out: &mut Vec<u8>, next: &Object) {
    if needs_space(next) {
        out.push(b' ');
    }
}

fn object(out: &mut Vec<u8>, o: &Object, numbers: &Numbers) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => number(out, *i),
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            hex(out, s);
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, value) in items.iter().enumerate() {
                item(out, i, value, numbers);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, numbers, None),
        Object::Stream(s) => {
            dictionary(out, &s.dict, numbers, Some(s.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => match numbers.get(*id) {
            Some(n) => {
                number(out, n as i64);
                out.extend_from_slice(b" 0 R");
            }
            None => out.extend_from_slice(b"null"),
        },
    }
}

/// The `i`-th item of an array.
fn item(out: &mut Vec<u8>, i: usize, value: &Object, numbers: &Numbers) {
    if i > 0 && (needs_space(value) || matches!(value, Object::Name(_))) {
        // A name may follow a delimiter directly, but a space keeps
        // arrays of names readable for no real cost.
        out.push(b' ');
    }
    object(out, value, numbers);
}

/// A dictionary entry, `/key value`.
fn entry(out: &mut Vec<u8>, key: &[u8], value: &Object, numbers: &Numbers) {
    name(out, key);
    separate(out, value);
    object(out, value, numbers);
}

/// `<<…>>`; a stream's dictionary gets its `/Length` here.
fn dictionary(out: &mut Vec<u8>, d: &Dictionary, numbers: &Numbers, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        entry(out, key, value, numbers);
    }
    if let Some(len) = length {
        out.extend_from_slice(b"/Length ");
        number(out, len as i64);
    }
    out.extend_from_slice(b">>");
}

pub(crate) fn number(out: &mut Vec<u8>, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// A real number in plain decimal notation (PDF has no exponents).
fn real(out: &mut Vec<u8>, r: f32) {
    if !r.is_finite() {
        out.push(b'0');
    } else if r.fract() == 0.0 && r.abs() < 1e15 {
        number(out, r as i64);
    } else {
        // Rust writes floats without an exponent, in the fewest digits
        // that read back as the same value.
        let _ = write!(out, "{r}");
    }
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            hex(out, &[b]);
        } else {
            out.push(b);
        }
    }
}

/// `(…)`, with backslashes, parentheses and carriage returns escaped.
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'\\' | b'(' | b')' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

pub(crate) fn hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn sample() -> lopdf::Document {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.5), 842.into()],
            "Contents" => content,
            "Missing" => Object::Reference((999, 0)),
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
            "Lang" => Object::String(b"a(b)\\c\r".to_vec(), StringFormat::Literal),
            "Odd" => Object::Name(b"A B#".to_vec()),
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn reads_back_with_every_object_and_reference() {
        let bytes = write_file(&mut sample(), "1.7", 6, None);
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the file");
        assert_eq!(doc.get_pages().len(), 1);
        let catalog = doc.catalog().unwrap();
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            b"a(b)\\c\r"
        );
        assert_eq!(catalog.get(b"Odd").unwrap().as_name().unwrap(), b"A B#");
        let page_id = *doc.get_pages().values().next().unwrap();
        let page = doc.get_dictionary(page_id).unwrap();
        assert_eq!(page.get(b"Missing").unwrap(), &Object::Null);
        let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
        assert_eq!(mb[2].as_float().unwrap(), 595.5);
        assert_eq!(doc.get_page_content(page_id).trim_ascii_end(), b"BT ET");
        // Dense numbers: the document's four objects, one object stream
        // and the cross-reference stream.
        assert_eq!(doc.max_id, 6);
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_and_id() {
        let a = write_file(&mut sample(), "1.7", 6, None);
        let b = write_file(&mut sample(), "1.7", 6, None);
        assert_eq!(a, b);
        let doc = lopdf::Document::load_mem(&a).unwrap();
        let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
        let first = id[0].as_str().unwrap();
        assert_eq!(first.len(), 16);
        assert_ne!(first, [0u8; 16]);
    }

    #[test]
    fn numbers_and_reals() {
        let mut out = Vec::new();
        for n in [0, -7, 1234567890123] {
            number(&mut out, n);
            out.push(b' ');
        }
        for r in [1.5f32, -0.25, 3.0, 1e-4, f32::NAN] {
            real(&mut out, r);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 -7 1234567890123 1.5 -0.25 3 0.0001 0 "
        );
    }
}
