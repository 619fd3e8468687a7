//! Reading a PDF back: the loaded document, its pages, and small helpers
//! that follow references and decode text strings without failing on
//! malformed input (a missing or mistyped entry reads as absent).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Decompressed streams larger than this are not read: a check must not
/// be made to allocate without bound.
pub(crate) const MAX_STREAM: usize = 256 * 1024 * 1024;

/// A loaded PDF and its page order.
pub(crate) struct Pdf<'a> {
    pub doc: &'a Document,
    /// Page objects in page order.
    pub pages: Vec<ObjectId>,
    /// One-based page number of each page object.
    pub page_number: HashMap<ObjectId, usize>,
}

impl<'a> Pdf<'a> {
    pub(crate) fn new(doc: &'a Document) -> Pdf<'a> {
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let page_number = pages.iter().enumerate().map(|(i, &p)| (p, i + 1)).collect();
        Pdf {
            doc,
            pages,
            page_number,
        }
    }

    /// Follows references (a bounded number of times).
    pub(crate) fn resolve<'o>(&'o self, obj: &'o Object) -> &'o Object {
        let mut cur = obj;
        for _ in 0..32 {
            match cur {
                Object::Reference(id) => match self.doc.get_object(*id) {
                    Ok(o) => cur = o,
                    Err(_) => return &Object::Null,
                },
                _ => return cur,
            }
        }
        &Object::Null
    }

    /// `dict[key]`, references followed; `None` when absent or null.
    pub(crate) fn get<'o>(&'o self, dict: &'o Dictionary, key: &[u8]) -> Option<&'o Object> {
        match dict.get(key).map(|o| self.resolve(o)) {
            Ok(Object::Null) | Err(_) => None,
            Ok(o) => Some(o),
        }
    }

    pub(crate) fn dict<'o>(&'o self, dict: &'o Dictionary, key: &[u8]) -> Option<&'o Dictionary> {
        match self.get(dict, key)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub(crate) fn array<'o>(&'o self, dict: &'o Dictionary, key: &[u8]) -> Option<&'o [Object]> {
        match self.get(dict, key)? {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    pub(crate) fn stream<'o>(&'o self, dict: &'o Dictionary, key: &[u8]) -> Option<&'o Stream> {
        match self.get(dict, key)? {
            Object::Stream(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn name<'o>(&'o self, dict: &'o Dictionary, key: &[u8]) -> Option<&'o [u8]> {
        match self.get(dict, key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn int(&self, dict: &Dictionary, key: &[u8]) -> Option<i64> {
        match self.get(dict, key)? {
            Object::Integer(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn boolean(&self, dict: &Dictionary, key: &[u8]) -> Option<bool> {
        match self.get(dict, key)? {
            Object::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// A text string entry decoded (UTF-16BE with BOM, UTF-8 with BOM, or
    /// PDFDocEncoding read as Latin-1).
    pub(crate) fn text(&self, dict: &Dictionary, key: &[u8]) -> Option<String> {
        match self.get(dict, key)? {
            Object::String(bytes, _) => Some(decode_text(bytes)),
            _ => None,
        }
    }

    /// The dictionary of an object (a stream's own dictionary for streams).
    pub(crate) fn dict_of(&self, id: ObjectId) -> Option<&Dictionary> {
        match self.doc.get_object(id).ok()? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub(crate) fn catalog(&self) -> Option<&Dictionary> {
        let root = self.doc.trailer.get(b"Root").ok()?;
        match self.resolve(root) {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The page's inherited attribute (`Resources`, `MediaBox`, ...).
    pub(crate) fn inherited(&self, page: ObjectId, key: &[u8]) -> Option<&Object> {
        let mut cur = self.dict_of(page)?;
        for _ in 0..64 {
            if let Some(v) = self.get(cur, key) {
                return Some(v);
            }
            cur = self.dict(cur, b"Parent")?;
        }
        None
    }

    /// The page's resource dictionary.
    pub(crate) fn resources(&self, page: ObjectId) -> Option<&Dictionary> {
        match self.inherited(page, b"Resources")? {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The page's content streams, decompressed and concatenated.
    pub(crate) fn page_content(&self, page: ObjectId) -> Vec<u8> {
        let Some(dict) = self.dict_of(page) else {
            return Vec::new();
        };
        let streams: Vec<&Stream> = match dict.get(b"Contents").map(|o| (o, self.resolve(o))) {
            Ok((_, Object::Stream(s))) => vec![s],
            Ok((_, Object::Array(a))) => a
                .iter()
                .filter_map(|o| match self.resolve(o) {
                    Object::Stream(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for s in streams {
            out.extend(stream_bytes(s));
            out.push(b'\n');
        }
        out
    }

    /// Every object of the file, in object order.
    pub(crate) fn objects(&self) -> impl Iterator<Item = (ObjectId, &Object)> {
        self.doc.objects.iter().map(|(id, o)| (*id, o))
    }
}

/// A stream's decoded bytes (the raw bytes when it cannot be decoded).
pub(crate) fn stream_bytes(s: &Stream) -> Vec<u8> {
    if s.dict.has(b"Filter") {
        s.decompressed_content_with_limit(MAX_STREAM)
            .unwrap_or_else(|_| s.content.clone())
    } else {
        s.content.clone()
    }
}

/// Decodes a PDF text string.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The number of an object id, for places.
pub(crate) fn oid(id: ObjectId) -> (u32, u16) {
    id
}

/// A name as text, for messages.
pub(crate) fn show(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(decode_text(b"abc"), "abc");
        assert_eq!(decode_text(&[0xFE, 0xFF, 0x06, 0x33]), "\u{633}");
        assert_eq!(decode_text(&[0xEF, 0xBB, 0xBF, b'x']), "x");
        // An odd trailing byte is dropped, not a panic.
        assert_eq!(decode_text(&[0xFE, 0xFF, 0x00, 0x41, 0x00]), "A");
    }
}
