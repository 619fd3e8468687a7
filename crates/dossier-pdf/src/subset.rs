//! Font subsets, made once per process for each face and set of glyphs.
//!
//! A document embeds, for each face it uses, a subset holding only its
//! glyphs. The runs of one template show mostly the same glyphs (the
//! country notes of a batch: 109 distinct subsets over 248 uses), so the
//! subset program, and the same program compressed as the file writer
//! compresses streams, are kept and handed out again. A subset depends on
//! nothing but the face and its glyph ids, so a kept one is the one that
//! subsetting would give, and the document's bytes do not change.
//!
//! The cache is bounded like the shaping cache: two generations of
//! entries; when the newer holds half the byte budget, the older is
//! dropped and the newer takes its place. An entry found in the older
//! generation moves to the newer.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use dossier_canvas::Face;
use sha2::{Digest, Sha256};

use crate::file;
use crate::PdfError;

/// A face's subset for one set of glyphs.
#[derive(Debug)]
pub(crate) struct Subset {
    /// The TrueType program of the subset.
    pub program: Vec<u8>,
    /// The program compressed at the document's flate level, when that
    /// makes it smaller, as the file writer would compress it.
    pub deflated: Option<Vec<u8>>,
    /// The six-letter subset tag of the font's name, from the program.
    pub tag: String,
}

impl Subset {
    fn bytes(&self) -> usize {
        self.program.len() + self.deflated.as_ref().map_or(0, Vec::len)
    }
}

type Key = (Face, Vec<u16>);

/// Bytes the cache holds at most: a few hundred subsets of a short
/// document's glyphs.
const BUDGET: usize = 32 << 20;

#[derive(Default)]
struct Cache {
    newer: HashMap<Key, Arc<Subset>>,
    older: HashMap<Key, Arc<Subset>>,
    newer_bytes: usize,
}

impl Cache {
    fn get(&mut self, key: &Key) -> Option<Arc<Subset>> {
        if let Some(s) = self.newer.get(key) {
            return Some(s.clone());
        }
        let s = self.older.remove(key)?;
        self.put(key.clone(), s.clone());
        Some(s)
    }

    fn put(&mut self, key: Key, subset: Arc<Subset>) {
        if self.newer_bytes + subset.bytes() > BUDGET / 2 {
            self.older = std::mem::take(&mut self.newer);
            self.newer_bytes = 0;
        }
        self.newer_bytes += subset.bytes();
        self.newer.insert(key, subset);
    }
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The subset of `face` holding `glyphs` (old glyph id → its id in the
/// subset, numbered in order of the old ids), compressed at `level`.
pub(crate) fn subset(
    face: Face,
    glyphs: &BTreeMap<u16, u16>,
    level: u32,
) -> Result<Arc<Subset>, PdfError> {
    let key: Key = (face, glyphs.keys().copied().collect());
    if let Some(s) = cache().lock().ok().and_then(|mut c| c.get(&key)) {
        return Ok(s);
    }
    let mut mapper = subsetter::GlyphRemapper::new();
    for &gid in glyphs.keys() {
        mapper.remap(gid);
    }
    let program = subsetter::subset(face.data(), 0, &mapper)
        .map_err(|e| PdfError::Font(format!("{}: {e:?}", face.postscript_name())))?;
    let digest = Sha256::digest(&program);
    let tag = digest[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    let deflated = file::compressed(&program, level);
    let made = Arc::new(Subset {
        program,
        deflated,
        tag,
    });
    if let Ok(mut c) = cache().lock() {
        c.put(key, made.clone());
    }
    Ok(made)
}

/// The glyph ids of a subset: `gids` in order, numbered from 0 as the
/// subsetter numbers them (the notdef glyph first when it is not there).
pub(crate) fn remap(gids: impl IntoIterator<Item = u16>) -> BTreeMap<u16, u16> {
    let mut mapper = subsetter::GlyphRemapper::new();
    gids.into_iter()
        .map(|gid| (gid, mapper.remap(gid)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_subset_is_the_one_subsetting_gives() {
        let glyphs = remap([3, 17, 40, 41]);
        let first = subset(Face::Regular, &glyphs, 6).unwrap();
        let again = subset(Face::Regular, &glyphs, 6).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let mut mapper = subsetter::GlyphRemapper::new();
        for &g in glyphs.keys() {
            mapper.remap(g);
        }
        let fresh = subsetter::subset(Face::Regular.data(), 0, &mapper).unwrap();
        assert_eq!(first.program, fresh);
        assert_eq!(first.deflated, file::compressed(&fresh, 6));
        let other = subset(Face::Bold, &glyphs, 6).unwrap();
        assert_ne!(other.program, first.program);
    }

    #[test]
    fn the_cache_keeps_within_its_budget() {
        let mut c = Cache::default();
        let big = |n: u8| {
            Arc::new(Subset {
                program: vec![n; BUDGET / 5],
                deflated: None,
                tag: String::new(),
            })
        };
        for n in 0..10u8 {
            c.put((Face::Regular, vec![u16::from(n)]), big(n));
            let held: usize = c
                .newer
                .values()
                .chain(c.older.values())
                .map(|s| s.bytes())
                .sum();
            assert!(held <= BUDGET, "{held} bytes held");
        }
        // The last put is found; the first was dropped.
        assert!(c.get(&(Face::Regular, vec![9])).is_some());
        assert!(c.get(&(Face::Regular, vec![0])).is_none());
    }
}
