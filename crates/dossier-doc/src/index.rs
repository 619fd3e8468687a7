//! One resolver for what writers look up: the number and anchor of every
//! heading, the block behind every id, the number of every footnote, and
//! the checks that make them sound (unique ids, cross-references and
//! internal links that reach a block of the right kind). The PDF layout
//! and the web edition both number from here, so their numbers agree.

use std::collections::BTreeMap;

use crate::block::Block;
use crate::inline::{walk_inlines, CrossRef, Inline, Link, RefKind};

/// Why a document's references do not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// Two blocks (or a block and a heading's generated anchor) share an id.
    #[error("the id `{id}` is given to two blocks (blocks {first} and {second})")]
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
    /// An id that cannot name an anchor.
    #[error(
        "block {block}: `{id}` is not an id (expected a name without spaces or control characters)"
    )]
    BadId { id: String, block: usize },
    /// A cross-reference to an id no block has.
    #[error("block {block}: cross-reference to the unknown {kind} `{id}`; known ids: {known}")]
    UnknownTarget {
        kind: RefKind,
        id: String,
        block: usize,
        known: String,
    },
    /// A cross-reference whose target is a block of another kind.
    #[error("block {block}: cross-reference to {expected} `{id}`, but `{id}` is a {found}")]
    WrongKind {
        id: String,
        expected: RefKind,
        found: RefKind,
        block: usize,
    },
    /// An internal link to an anchor no block has.
    #[error("block {block}: link to the unknown anchor `#{id}`; known ids: {known}")]
    UnknownAnchor {
        id: String,
        block: usize,
        known: String,
    },
    /// A footnote inside a footnote.
    #[error("block {block}: a footnote holds another footnote")]
    NestedFootnote { block: usize },
}

/// How a target is numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetNumber {
    /// A section number's parts, outermost first (`[2, 1]` is 2.1).
    Section(Vec<u32>),
    /// A table or figure number.
    Item(u32),
}

/// A block that can be referred to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: RefKind,
    /// Index of the block in [`Document::blocks`](crate::Document::blocks).
    pub block: usize,
    /// The named destination (PDF) or element id (HTML): the block's id,
    /// or for a heading without one, `sec-` and its number (`sec-2-1`).
    pub anchor: String,
    /// `None` for an unnumbered heading, table or figure.
    pub number: Option<TargetNumber>,
    /// The heading text or caption, printed in place of a number when
    /// there is none.
    pub title: String,
}

/// A heading's place in the section numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingNumber {
    /// Its number's parts; counted for unnumbered headings too, as the
    /// generated anchors are.
    pub parts: Vec<u32>,
    pub anchor: String,
}

/// What a document's references resolve to; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Index {
    /// By anchor: every id and every generated heading anchor.
    targets: BTreeMap<String, Target>,
    /// Per block: its heading number, for headings.
    headings: Vec<Option<HeadingNumber>>,
    /// Per block: the number of the first footnote it holds (footnotes are
    /// numbered from 1 in reading order).
    first_footnote: Vec<u32>,
    footnotes: u32,
}

impl Index {
    /// Builds the index of `blocks`, checking every id, cross-reference
    /// and internal link.
    pub fn build(blocks: &[Block]) -> Result<Index, DocError> {
        let mut index = Index {
            headings: Vec::with_capacity(blocks.len()),
            first_footnote: Vec::with_capacity(blocks.len()),
            ..Index::default()
        };
        let mut counters = [0u32; 3];
        let mut footnotes = 0u32;
        let mut note_blocks = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            index.first_footnote.push(footnotes + 1);
            for rich in block.rich_texts() {
                for inline in rich {
                    if let Inline::Footnote(note) = inline {
                        footnotes = footnotes.saturating_add(1);
                        note_blocks.push(i);
                        if note
                            .content
                            .iter()
                            .any(|i| matches!(i, Inline::Footnote(_)))
                        {
                            return Err(DocError::NestedFootnote { block: i });
                        }
                    }
                }
            }
            if let Some(id) = block.id() {
                check_id(id, i)?;
            }
            let heading = match block {
                Block::Heading(h) => {
                    let lvl = usize::from(h.level());
                    counters[lvl - 1] = counters[lvl - 1].saturating_add(1);
                    for c in counters.iter_mut().skip(lvl) {
                        *c = 0;
                    }
                    let parts = counters[..lvl].to_vec();
                    let anchor = h.id.clone().unwrap_or_else(|| {
                        let n: Vec<String> = parts.iter().map(u32::to_string).collect();
                        format!("sec-{}", n.join("-"))
                    });
                    index.insert(Target {
                        kind: RefKind::Section,
                        block: i,
                        anchor: anchor.clone(),
                        number: h.numbered.then(|| TargetNumber::Section(parts.clone())),
                        title: h.text.clone(),
                    })?;
                    Some(HeadingNumber { parts, anchor })
                }
                Block::Table(t) => {
                    if let Some(id) = &t.id {
                        index.insert(Target {
                            kind: RefKind::Table,
                            block: i,
                            anchor: id.clone(),
                            number: t.number.map(TargetNumber::Item),
                            title: t.caption.clone(),
                        })?;
                    }
                    None
                }
                Block::Figure(f) => {
                    if let Some(id) = &f.id {
                        index.insert(Target {
                            kind: RefKind::Figure,
                            block: i,
                            anchor: id.clone(),
                            number: f.number.map(TargetNumber::Item),
                            title: f.caption.text(),
                        })?;
                    }
                    None
                }
                _ => None,
            };
            index.headings.push(heading);
        }
        index.footnotes = footnotes;
        // Footnote anchors are taken too.
        for (n, block) in note_blocks.iter().enumerate() {
            let anchor = footnote_anchor(n as u32 + 1);
            if let Some(old) = index.targets.get(&anchor) {
                return Err(DocError::DuplicateId {
                    id: anchor,
                    first: old.block,
                    second: *block,
                });
            }
        }
        for (i, block) in blocks.iter().enumerate() {
            for rich in block.rich_texts() {
                let mut result = Ok(());
                walk_inlines(rich, &mut |inline| {
                    if result.is_ok() {
                        result = index.check_inline(inline, i);
                    }
                });
                result?;
            }
        }
        Ok(index)
    }

    fn insert(&mut self, target: Target) -> Result<(), DocError> {
        if let Some(old) = self.targets.get(&target.anchor) {
            return Err(DocError::DuplicateId {
                id: target.anchor,
                first: old.block,
                second: target.block,
            });
        }
        self.targets.insert(target.anchor.clone(), target);
        Ok(())
    }

    fn check_inline(&self, inline: &Inline, block: usize) -> Result<(), DocError> {
        match inline {
            Inline::CrossRef(r) => self.resolve(r, block).map(|_| ()),
            Inline::Text(span) => match &span.link {
                Some(Link::Internal(id)) if !self.targets.contains_key(id) => {
                    Err(DocError::UnknownAnchor {
                        id: id.clone(),
                        block,
                        known: self.known(),
                    })
                }
                _ => Ok(()),
            },
            Inline::Footnote(_) => Ok(()),
        }
    }

    fn known(&self) -> String {
        let ids: Vec<&str> = self.targets.keys().map(String::as_str).collect();
        ids.join(", ")
    }

    /// The target of a cross-reference made in block `block`.
    pub fn resolve(&self, r: &CrossRef, block: usize) -> Result<&Target, DocError> {
        let target = self
            .targets
            .get(&r.target)
            .ok_or_else(|| DocError::UnknownTarget {
                kind: r.kind,
                id: r.target.clone(),
                block,
                known: self.known(),
            })?;
        if target.kind != r.kind {
            return Err(DocError::WrongKind {
                id: r.target.clone(),
                expected: r.kind,
                found: target.kind,
                block,
            });
        }
        Ok(target)
    }

    /// The block with id (or generated anchor) `id`.
    pub fn get(&self, id: &str) -> Option<&Target> {
        self.targets.get(id)
    }

    /// Every target, by anchor.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.values()
    }

    /// The number and anchor of block `block`, when it is a heading.
    pub fn heading(&self, block: usize) -> Option<&HeadingNumber> {
        self.headings.get(block).and_then(Option::as_ref)
    }

    /// The number of the first footnote block `block` holds; the others
    /// follow in reading order (paragraph text, list items one by one,
    /// callout body).
    pub fn first_footnote(&self, block: usize) -> u32 {
        self.first_footnote.get(block).copied().unwrap_or(1)
    }

    /// How many footnotes the document holds.
    pub fn footnotes(&self) -> u32 {
        self.footnotes
    }
}

/// The anchor of footnote `n`: `fn-1`, `fn-2`, …; no block may take
/// one as its id.
pub fn footnote_anchor(n: u32) -> String {
    format!("fn-{n}")
}

/// Ids name PDF destinations and HTML ids (which hold no whitespace) and
/// appear in `#id` links.
fn check_id(id: &str, block: usize) -> Result<(), DocError> {
    if !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err(DocError::BadId {
            id: id.to_string(),
            block,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{Caption, Figure, Heading, List};
    use crate::table::Table;

    fn heading(level: u8, text: &str, id: Option<&str>) -> Block {
        Block::Heading(Heading {
            level,
            text: text.into(),
            numbered: true,
            id: id.map(String::from),
        })
    }

    fn table(id: &str, number: u32) -> Block {
        Block::Table(Table {
            id: Some(id.into()),
            caption: "Prices".into(),
            number: Some(number),
            ..Table::default()
        })
    }

    fn figure(id: &str, number: Option<u32>) -> Block {
        Block::Figure(Figure {
            id: Some(id.into()),
            caption: Caption {
                title: "Growth".into(),
                subtitle: Some("1990s".into()),
            },
            number,
            ..Figure::default()
        })
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph(inlines)
    }

    #[test]
    fn headings_are_numbered_and_anchored() {
        let blocks = vec![
            heading(1, "One", Some("one")),
            heading(2, "One.A", None),
            heading(2, "One.B", None),
            heading(1, "Two", None),
            heading(3, "Two..x", None),
        ];
        let index = Index::build(&blocks).unwrap();
        let h = |i| index.heading(i).unwrap();
        assert_eq!(h(0).parts, [1]);
        assert_eq!(h(0).anchor, "one");
        assert_eq!(h(2).parts, [1, 2]);
        assert_eq!(h(2).anchor, "sec-1-2");
        assert_eq!(h(3).anchor, "sec-2");
        assert_eq!(h(4).parts, [2, 0, 1]);
        assert_eq!(
            index.get("sec-1-1").unwrap().number,
            Some(TargetNumber::Section(vec![1, 1]))
        );
    }

    #[test]
    fn ids_resolve_to_their_blocks() {
        let blocks = vec![
            heading(1, "Trade", Some("trade")),
            table("prices", 3),
            figure("growth", Some(2)),
            figure("sketch", None),
            para(vec![
                Inline::cross_ref(RefKind::Table, "prices"),
                Inline::cross_ref(RefKind::Figure, "growth"),
                Inline::cross_ref(RefKind::Section, "trade"),
                Inline::link("see", Link::Internal("growth".into())),
            ]),
        ];
        let index = Index::build(&blocks).unwrap();
        let at = |kind, id: &str| {
            index
                .resolve(
                    &CrossRef {
                        kind,
                        target: id.into(),
                    },
                    4,
                )
                .unwrap()
                .clone()
        };
        let t = at(RefKind::Table, "prices");
        assert_eq!((t.block, t.number), (1, Some(TargetNumber::Item(3))));
        let f = at(RefKind::Figure, "growth");
        assert_eq!((f.block, f.anchor.as_str()), (2, "growth"));
        let s = at(RefKind::Figure, "sketch");
        assert_eq!((s.number, s.title.as_str()), (None, "Growth — 1990s"));
        assert_eq!(at(RefKind::Section, "trade").block, 0);
    }

    #[test]
    fn a_reference_to_an_unknown_id_or_the_wrong_kind_is_an_error() {
        let e = Index::build(&[
            table("prices", 1),
            para(vec![Inline::cross_ref(RefKind::Table, "cost")]),
        ])
        .unwrap_err();
        assert!(
            matches!(&e, DocError::UnknownTarget { id, block: 1, .. } if id == "cost"),
            "{e}"
        );
        assert!(e.to_string().contains("known ids: prices"), "{e}");
        let e = Index::build(&[
            table("prices", 1),
            para(vec![Inline::cross_ref(RefKind::Figure, "prices")]),
        ])
        .unwrap_err();
        assert_eq!(
            e,
            DocError::WrongKind {
                id: "prices".into(),
                expected: RefKind::Figure,
                found: RefKind::Table,
                block: 1
            }
        );
        // Inside a footnote and in a list item too.
        let e = Index::build(&[Block::List(List {
            ordered: false,
            items: vec![vec![Inline::footnote(vec![Inline::cross_ref(
                RefKind::Section,
                "nowhere",
            )])]],
        })])
        .unwrap_err();
        assert!(matches!(e, DocError::UnknownTarget { .. }), "{e}");
        let e = Index::build(&[para(vec![Inline::link(
            "x",
            Link::Internal("nowhere".into()),
        )])])
        .unwrap_err();
        assert!(matches!(e, DocError::UnknownAnchor { .. }), "{e}");
    }

    #[test]
    fn ids_are_unique_and_plain() {
        let e = Index::build(&[heading(1, "A", Some("x")), table("x", 1)]).unwrap_err();
        assert_eq!(
            e,
            DocError::DuplicateId {
                id: "x".into(),
                first: 0,
                second: 1
            }
        );
        // A generated anchor is taken too.
        let e = Index::build(&[heading(1, "A", None), figure("sec-1", None)]).unwrap_err();
        assert!(matches!(e, DocError::DuplicateId { .. }), "{e}");
        for bad in ["", "two words", "tab\tx", "a\u{0}"] {
            let e = Index::build(&[table(bad, 1)]).unwrap_err();
            assert!(matches!(e, DocError::BadId { .. }), "{bad:?}: {e}");
        }
        assert!(Index::build(&[table("tbl:prices-2.b_c", 1)]).is_ok());
    }

    #[test]
    fn footnotes_are_numbered_through_the_document() {
        let note = || Inline::footnote(vec![Inline::plain("n")]);
        let blocks = vec![
            para(vec![Inline::plain("a"), note(), note()]),
            heading(1, "H", None),
            Block::List(List {
                ordered: true,
                items: vec![vec![note()], vec![Inline::plain("b"), note()]],
            }),
            para(vec![note()]),
        ];
        let index = Index::build(&blocks).unwrap();
        let firsts: Vec<u32> = (0..4).map(|b| index.first_footnote(b)).collect();
        assert_eq!(firsts, [1, 3, 3, 5]);
        assert_eq!(index.footnotes(), 5);
        // Their anchors are reserved.
        let mut taken = blocks.clone();
        taken.push(table("fn-2", 1));
        let e = Index::build(&taken).unwrap_err();
        assert_eq!(
            e,
            DocError::DuplicateId {
                id: "fn-2".into(),
                first: 4,
                second: 0
            }
        );
        assert!(
            Index::build(&[table("fn-1", 1)]).is_ok(),
            "no footnote, no anchor"
        );
        let nested = Inline::footnote(vec![note()]);
        assert_eq!(
            Index::build(&[para(vec![nested])]).unwrap_err(),
            DocError::NestedFootnote { block: 0 }
        );
    }
}
