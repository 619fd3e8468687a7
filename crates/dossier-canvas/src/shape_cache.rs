//! The shaping cache: laid-out paragraphs and labels, kept by everything
//! their layout depends on, shared by every thread of the process.
//!
//! A batch of reports (the runs of one template above all) lays out the
//! same texts again and again: headings, captions, table headers, axis
//! ticks, legends, page footers. Layout is a pure function of its input
//! (the embedded fonts never change within a process), so its result can
//! be kept and handed out again, as Typst memoises its layout. The key is
//! the whole input: every span's text and style (size, weight, colour,
//! link, raise and language; the face follows from the weight, the font
//! from the embedded faces), the base direction, the alignment, the width
//! (none for a label) and the line height. A span's language does not
//! change its glyphs, but the layout hands it on to the writers that tag
//! text, so it is part of the key. Two inputs share an entry only when
//! they are equal, never by hash alone, so a result from the cache is the
//! result layout would give.
//!
//! A key is hashed once, when it is made (foldhash, with a fixed seed):
//! the same number picks the shard and the slot in the shard's table.
//!
//! The cache is bounded: each of its shards holds two generations of
//! entries, and when the newer reaches half the shard's byte budget the
//! older is dropped and the newer takes its place; an entry found in the
//! older generation moves to the newer. The bytes counted are those of
//! the texts and glyphs an entry holds. [`stats`] counts hits, misses and
//! the entries dropped.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::text::{Align, Direction, Label, Paragraph, Span, Weight};

/// What a layout is asked for, in full, with its hash.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    input: Input,
    /// The hash of `input`.
    hash: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Input {
    spans: Vec<SpanKey>,
    direction: Direction,
    align: Align,
    /// The width for a paragraph, as bits; `None` for a label.
    width: Option<u32>,
    line_height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SpanKey {
    text: String,
    size: u32,
    weight: Weight,
    color: (u8, u8, u8, u32),
    link: Option<String>,
    raise: u32,
    lang: Option<String>,
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.hash == other.hash && self.input == other.input
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Hands on the hash a [`Key`] carries, so that a table does not hash
/// the key's texts again.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only keys are hashed here, and they write one u64.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyTable = HashMap<Key, (Laid, usize), BuildHasherDefault<KeyHasher>>;

impl Key {
    pub(crate) fn new(
        spans: &[Span],
        direction: Direction,
        align: Align,
        width: Option<f32>,
        line_height: f32,
    ) -> Key {
        let input = Input {
            spans: spans
                .iter()
                .map(|s| SpanKey {
                    text: s.text.clone(),
                    size: s.style.size.to_bits(),
                    weight: s.style.weight,
                    color: (
                        s.style.color.r,
                        s.style.color.g,
                        s.style.color.b,
                        s.style.color.alpha.to_bits(),
                    ),
                    link: s.style.link.clone(),
                    raise: s.style.raise.to_bits(),
                    lang: s.style.lang.clone(),
                })
                .collect(),
            direction,
            align,
            width: width.map(f32::to_bits),
            line_height: line_height.to_bits(),
        };
        Key {
            hash: foldhash::fast::FixedState::with_seed(0).hash_one(&input),
            input,
        }
    }

    fn bytes(&self) -> usize {
        self.input
            .spans
            .iter()
            .map(|s| {
                s.text.len()
                    + s.link.as_ref().map_or(0, String::len)
                    + s.lang.as_ref().map_or(0, String::len)
                    + 32
            })
            .sum()
    }
}

/// A kept layout.
#[derive(Debug, Clone)]
pub(crate) enum Laid {
    Paragraph(Arc<Paragraph>),
    Label(Arc<Label>),
}

impl Laid {
    fn bytes(&self) -> usize {
        let runs = |runs: &[crate::text::GlyphRun]| -> usize {
            runs.iter()
                .map(|r| r.text.len() + r.glyphs.len() * 16 + r.clusters.len() * 32 + 64)
                .sum()
        };
        match self {
            Laid::Paragraph(p) => p.lines.iter().map(|l| runs(&l.runs) + 64).sum(),
            Laid::Label(l) => runs(&l.runs),
        }
    }
}

/// The counters of the cache since the process started (or since
/// [`reset_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    /// Entries dropped with an older generation.
    pub evicted: u64,
    /// Entries held now.
    pub entries: u64,
    /// Bytes of texts and glyphs held now (approximate).
    pub bytes: u64,
}

impl Stats {
    /// Hits over lookups, 0 when there were none.
    pub fn hit_rate(&self) -> f64 {
        let all = self.hits + self.misses;
        if all == 0 {
            0.0
        } else {
            self.hits as f64 / all as f64
        }
    }
}

#[derive(Default)]
struct Generation {
    entries: KeyTable,
    bytes: usize,
}

#[derive(Default)]
struct Shard {
    newer: Generation,
    older: Generation,
}

const SHARDS: usize = 16;

/// The default budget of the whole cache, in bytes.
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// A bounded cache of layouts; the process has one ([`get`], [`put`]),
/// and tests make their own.
pub(crate) struct Cache {
    shards: [Mutex<Shard>; SHARDS],
    budget: AtomicUsize,
    hits: AtomicU64,
    misses: AtomicU64,
    evicted: AtomicU64,
}

/// The shard of `key`, from bits of its hash that the table in the shard
/// uses for neither the slot (the low bits) nor the tag (the top seven).
fn shard_of(key: &Key) -> usize {
    (key.hash >> 32) as usize % SHARDS
}

impl Cache {
    pub(crate) fn new(budget: usize) -> Cache {
        Cache {
            shards: std::array::from_fn(|_| Mutex::default()),
            budget: AtomicUsize::new(budget),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evicted: AtomicU64::new(0),
        }
    }

    /// The layout kept for `key`, if any.
    pub(crate) fn get(&self, key: &Key) -> Option<Laid> {
        if self.budget.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let Ok(mut shard) = self.shards[shard_of(key)].lock() else {
            return None;
        };
        if let Some((laid, _)) = shard.newer.entries.get(key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Some(laid.clone());
        }
        match shard.older.entries.remove_entry(key) {
            Some((k, (laid, bytes))) => {
                shard.older.bytes -= bytes;
                self.hits.fetch_add(1, Ordering::Relaxed);
                let out = laid.clone();
                self.insert_newer(&mut shard, k, laid, bytes);
                Some(out)
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps `laid` as the layout of `key`.
    pub(crate) fn put(&self, key: Key, laid: Laid) {
        let budget = self.budget.load(Ordering::Relaxed);
        if budget == 0 {
            return;
        }
        let bytes = key.bytes() + laid.bytes();
        // An entry larger than a generation would only push everything out.
        if bytes > budget / SHARDS / 2 {
            return;
        }
        let Ok(mut shard) = self.shards[shard_of(&key)].lock() else {
            return;
        };
        self.insert_newer(&mut shard, key, laid, bytes);
    }

    fn insert_newer(&self, shard: &mut Shard, key: Key, laid: Laid, bytes: usize) {
        let half = self.budget.load(Ordering::Relaxed) / SHARDS / 2;
        if shard.newer.bytes + bytes > half {
            let dropped = std::mem::take(&mut shard.older);
            self.evicted
                .fetch_add(dropped.entries.len() as u64, Ordering::Relaxed);
            shard.older = std::mem::take(&mut shard.newer);
        }
        if let Some((_, old)) = shard.newer.entries.insert(key, (laid, bytes)) {
            shard.newer.bytes -= old;
        }
        shard.newer.bytes += bytes;
    }

    fn stats(&self) -> Stats {
        let (mut entries, mut bytes) = (0u64, 0u64);
        for s in &self.shards {
            if let Ok(s) = s.lock() {
                entries += (s.newer.entries.len() + s.older.entries.len()) as u64;
                bytes += (s.newer.bytes + s.older.bytes) as u64;
            }
        }
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evicted: self.evicted.load(Ordering::Relaxed),
            entries,
            bytes,
        }
    }

    fn set_budget(&self, bytes: usize) {
        self.budget.store(bytes, Ordering::Relaxed);
        for s in &self.shards {
            if let Ok(mut s) = s.lock() {
                *s = Shard::default();
            }
        }
    }
}

/// The process's cache.
pub(crate) fn global() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::new(DEFAULT_BUDGET))
}

/// The counters and size of the process's cache now.
pub fn stats() -> Stats {
    global().stats()
}

/// Sets the byte budget of the process's cache and empties it; 0 turns
/// the cache off (every layout is made afresh).
pub fn set_budget(bytes: usize) {
    global().set_budget(bytes);
}

/// Sets the counters of the process's cache back to zero.
pub fn reset_stats() {
    let c = global();
    c.hits.store(0, Ordering::Relaxed);
    c.misses.store(0, Ordering::Relaxed);
    c.evicted.store(0, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Color;
    use crate::text::SpanStyle;

    fn key(text: &str, size: f32) -> Key {
        let spans = [Span {
            text: text.to_string(),
            style: SpanStyle::new(size, Weight::Regular, Color::BLACK),
        }];
        Key::new(&spans, Direction::Ltr, Align::Start, None, 1.0)
    }

    fn label(text: &str) -> Laid {
        Laid::Label(Arc::new(Label {
            width: 1.0,
            ascent: 1.0,
            descent: 1.0,
            runs: vec![crate::text::GlyphRun {
                face: crate::fonts::Face::Regular,
                size: 10.0,
                color: Color::BLACK,
                glyphs: Vec::new(),
                text: text.into(),
                clusters: Arc::from([]),
                rtl: false,
            }],
        }))
    }

    #[test]
    fn hits_misses_and_eviction_within_the_budget() {
        let c = Cache::new(SHARDS * 2 * 4096);
        assert!(c.get(&key("a", 10.0)).is_none());
        c.put(key("a", 10.0), label("a"));
        assert!(matches!(c.get(&key("a", 10.0)), Some(Laid::Label(_))));
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 1, 1));
        // Far more than the budget holds: the cache stays within it.
        for i in 0..10_000 {
            let text = format!("text number {i}");
            c.put(key(&text, 10.0), label(&text));
        }
        let s = c.stats();
        assert!(s.bytes as usize <= SHARDS * 2 * 4096, "{s:?}");
        assert!(s.evicted > 0 && s.entries < 10_000, "{s:?}");
        // The newest are kept.
        assert!(c.get(&key("text number 9999", 10.0)).is_some());
        // Off: nothing kept, nothing found.
        c.set_budget(0);
        c.put(key("a", 10.0), label("a"));
        assert!(c.get(&key("a", 10.0)).is_none());
        assert_eq!(c.stats().entries, 0);
    }

    #[test]
    fn keys_differ_in_everything_layout_depends_on() {
        let base = key("abc", 10.0);
        assert_eq!(base, key("abc", 10.0));
        assert_ne!(base, key("abd", 10.0));
        assert_ne!(base, key("abc", 10.5));
        let spans = [Span {
            text: "abc".into(),
            style: SpanStyle::new(10.0, Weight::Bold, Color::BLACK),
        }];
        assert_ne!(
            base,
            Key::new(&spans, Direction::Ltr, Align::Start, None, 1.0)
        );
        let spans = [Span {
            text: "abc".into(),
            style: SpanStyle::new(10.0, Weight::Regular, Color::BLACK),
        }];
        assert_ne!(
            base,
            Key::new(&spans, Direction::Rtl, Align::Start, None, 1.0)
        );
        assert_ne!(
            base,
            Key::new(&spans, Direction::Ltr, Align::End, None, 1.0)
        );
        assert_ne!(
            base,
            Key::new(&spans, Direction::Ltr, Align::Start, Some(100.0), 1.0)
        );
        assert_ne!(
            base,
            Key::new(&spans, Direction::Ltr, Align::Start, None, 1.2)
        );
        let mut spans = spans;
        spans[0].style.lang = Some("es".into());
        assert_ne!(
            base,
            Key::new(&spans, Direction::Ltr, Align::Start, None, 1.0)
        );
    }
}
