//! The structure tree of a tagged PDF, written after the pages: one
//! `StructElem` per element of the layout's [`Structure`] (bytes the file
//! writer writes, see [`Elements`]), each with its marked content (MCIDs)
//! and link annotations (OBJRs) in the order the pages drew them, the
//! parent tree that leads from every MCID and annotation back to its
//! element, and what pages and annotations must say about it
//! (`/StructParents`, `/StructParent`, `/Tabs /S`).

use std::collections::BTreeMap;

use dossier_doc::Scope;
use lopdf::{Dictionary, Object, ObjectId};

use crate::file::Syntax;

use crate::tags::{Role, Structure};
use crate::write::text_string;

/// One thing a page drew for an element, in drawing order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tagged {
    /// Marked content with this MCID (MCIDs count from 0 on each page).
    Content { node: usize },
    /// The page's link annotation number `annot`.
    Annot { node: usize, annot: usize },
}

/// What one page contributes to the tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTags {
    /// In drawing order; the n-th `Content` has MCID n.
    pub events: Vec<Tagged>,
    /// Bounding boxes (PDF coordinates) of figures drawn on the page.
    pub bboxes: Vec<(usize, [f32; 4])>,
}

/// A child of an element as written.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Node(usize),
    Mcid { page: usize, mcid: i64 },
    Annot { page: usize, annot: usize },
}

/// The kids of every element: an element enters its parent at the first
/// content drawn for it (after the siblings the layout put before it), so
/// that elements and content interleave in reading order; elements with
/// no content are kept, in the layout's order.
fn order_kids(tree: &Structure, pages: &[PageTags]) -> Vec<Vec<Kid>> {
    let n = tree.nodes.len();
    let mut out: Vec<Vec<Kid>> = vec![Vec::new(); n];
    let mut placed = vec![false; n];
    if n > 0 {
        placed[Structure::ROOT] = true;
    }
    fn place(tree: &Structure, node: usize, placed: &mut [bool], out: &mut [Vec<Kid>]) {
        if placed.get(node).copied().unwrap_or(true) {
            return;
        }
        let Some(parent) = tree.nodes[node].parent else {
            placed[node] = true;
            return;
        };
        place(tree, parent, placed, out);
        for &sib in &tree.nodes[parent].kids {
            if !placed[sib] {
                placed[sib] = true;
                out[parent].push(Kid::Node(sib));
            }
            if sib == node {
                break;
            }
        }
        // A node its parent does not list (not built by `Structure::add`).
        if !placed[node] {
            placed[node] = true;
            out[parent].push(Kid::Node(node));
        }
    }
    for (page, pt) in pages.iter().enumerate() {
        let mut mcid = 0;
        for ev in &pt.events {
            match *ev {
                Tagged::Content { node } if node < n => {
                    place(tree, node, &mut placed, &mut out);
                    out[node].push(Kid::Mcid { page, mcid });
                    mcid += 1;
                }
                Tagged::Annot { node, annot } if node < n => {
                    place(tree, node, &mut placed, &mut out);
                    out[node].push(Kid::Annot { page, annot });
                }
                Tagged::Content { .. } => mcid += 1,
                Tagged::Annot { .. } => {}
            }
        }
    }
    for (node, kids) in out.iter_mut().enumerate().take(n) {
        for &k in &tree.nodes[node].kids {
            if !placed[k] {
                placed[k] = true;
                kids.push(Kid::Node(k));
            }
        }
    }
    out
}

/// Writes the tree; `annots[page][i]` is the object of the page's i-th
/// link annotation. Returns the `StructTreeRoot` and its elements, which
/// the file writer writes in place of the placeholders left for them.
pub(crate) fn write(
    doc: &mut lopdf::Document,
    tree: &Structure,
    pages: &[PageTags],
    page_ids: &[ObjectId],
    annots: &[Vec<ObjectId>],
) -> (ObjectId, Elements) {
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = tree.nodes.iter().map(|_| doc.new_object_id()).collect();
    let kids = order_kids(tree, pages);
    let mut bboxes: BTreeMap<usize, (usize, [f32; 4])> = BTreeMap::new();
    for (page, pt) in pages.iter().enumerate() {
        for &(node, b) in &pt.bboxes {
            bboxes
                .entry(node)
                .and_modify(|(p, acc)| {
                    if *p == page {
                        *acc = [
                            acc[0].min(b[0]),
                            acc[1].min(b[1]),
                            acc[2].max(b[2]),
                            acc[3].max(b[3]),
                        ];
                    }
                })
                .or_insert((page, b));
        }
    }

    // Parent tree: one array per page (MCID → element), then one entry per
    // annotation.
    let mut nums = Vec::new();
    let mut next_key = pages.len() as i64;
    // (page, annotation) → its parent-tree key and element.
    let mut annot_keys: BTreeMap<(usize, usize), (i64, usize)> = BTreeMap::new();
    for (page, pt) in pages.iter().enumerate() {
        let arr: Vec<Object> = pt
            .events
            .iter()
            .filter_map(|ev| match ev {
                Tagged::Content { node } => Some(
                    ids.get(*node)
                        .map_or(Object::Null, |&id| Object::Reference(id)),
                ),
                Tagged::Annot { .. } => None,
            })
            .collect();
        if !arr.is_empty() {
            nums.push(Object::Integer(page as i64));
            nums.push(Object::Array(arr));
        }
    }
    for (page, pt) in pages.iter().enumerate() {
        for ev in &pt.events {
            if let Tagged::Annot { node, annot } = *ev {
                if let Some(&id) = ids.get(node) {
                    annot_keys.insert((page, annot), (next_key, node));
                    nums.push(Object::Integer(next_key));
                    nums.push(Object::Reference(id));
                    next_key += 1;
                }
            }
        }
    }

    // Notes carry an `/ID` (PDF/UA-1 7.9), listed in the root's
    // `/IDTree`; ids are zero-padded so that their byte order, which a
    // name tree is sorted by, is the order of the notes.
    let mut note_ids: Vec<(Vec<u8>, ObjectId)> = Vec::new();
    let mut elements = Vec::with_capacity(tree.nodes.len());
    for (i, node) in tree.nodes.iter().enumerate() {
        let id = (node.role == Role::Note).then(|| {
            let id = format!("note{i:08}").into_bytes();
            note_ids.push((id.clone(), ids[i]));
            Object::String(id, lopdf::StringFormat::Literal)
        });
        let parent = node
            .parent
            .and_then(|p| ids.get(p).copied())
            .unwrap_or(root_id);
        // The page most of the content is on goes in `/Pg`; content on
        // other pages names its page.
        let first_page = kids[i].iter().find_map(|k| match k {
            Kid::Mcid { page, .. } | Kid::Annot { page, .. } => Some(*page),
            Kid::Node(_) => None,
        });
        let mut k = Vec::with_capacity(kids[i].len());
        for kid in &kids[i] {
            match *kid {
                Kid::Node(c) => {
                    if let Some(&id) = ids.get(c) {
                        k.push(Child::Element(id));
                    }
                }
                Kid::Mcid { page, mcid } => {
                    if Some(page) == first_page {
                        k.push(Child::Mcid(mcid));
                    } else if let Some(&pg) = page_ids.get(page) {
                        k.push(Child::OtherPage { page: pg, mcid });
                    }
                }
                Kid::Annot { page, annot } => {
                    if let (Some(&obj), Some(&pg)) = (
                        annots.get(page).and_then(|a| a.get(annot)),
                        page_ids.get(page),
                    ) {
                        k.push(Child::Annot { page: pg, obj });
                    }
                }
            }
        }
        let attributes = match (bboxes.get(&i), node.role) {
            (Some((_, b)), _) => Some(Attributes::Layout(b.map(crate::write::round))),
            (None, Role::TH) => Some(Attributes::Table(match node.scope.unwrap_or_default() {
                Scope::Column => b"Column",
                Scope::Row => b"Row",
            })),
            _ => None,
        };
        elements.push(Element {
            id,
            role: node.role.name(),
            parent,
            page: first_page.and_then(|p| page_ids.get(p).copied()),
            kids: k,
            title: node
                .title
                .as_deref()
                .filter(|_| node.role != Role::Link)
                .map(text_string),
            alt: node.alt.as_deref().map(text_string),
            lang: node.lang.as_deref().map(text_string),
            attributes,
        });
        // A placeholder: the element is written by `Elements`.
        doc.objects.insert(ids[i], Object::Null);
    }

    for (&(page, annot), &(key, node)) in &annot_keys {
        let Some(&obj) = annots.get(page).and_then(|a| a.get(annot)) else {
            continue;
        };
        if let Ok(a) = doc.get_dictionary_mut(obj) {
            a.set("StructParent", Object::Integer(key));
            if let Some(t) = tree.nodes.get(node).and_then(|n| n.title.as_ref()) {
                a.set("Contents", text_string(t));
            }
        }
    }
    for (page, &pid) in page_ids.iter().enumerate() {
        if let Ok(p) = doc.get_dictionary_mut(pid) {
            if pages.get(page).is_some_and(|pt| {
                pt.events
                    .iter()
                    .any(|e| matches!(e, Tagged::Content { .. }))
            }) {
                p.set("StructParents", Object::Integer(page as i64));
            }
            p.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }

    let mut pt = Dictionary::new();
    pt.set("Nums", Object::Array(nums));
    let parent_tree = doc.add_object(Object::Dictionary(pt));
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(&first) = ids.first() {
        root.set("K", Object::Reference(first));
    }
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    if !note_ids.is_empty() {
        note_ids.sort();
        let mut names = Vec::with_capacity(note_ids.len() * 2);
        for (id, obj) in note_ids {
            names.push(Object::String(id, lopdf::StringFormat::Literal));
            names.push(Object::Reference(obj));
        }
        let mut id_tree = Dictionary::new();
        id_tree.set("Names", Object::Array(names));
        root.set("IDTree", Object::Dictionary(id_tree));
    }
    doc.objects.insert(root_id, Object::Dictionary(root));
    (
        root_id,
        Elements {
            first: ids.first().map_or(0, |id| id.0),
            elements,
        },
    )
}

/// The `StructElem` dictionaries, written straight into the file once
/// every object has its number (see [`crate::file::Late`]): the tree of a
/// tagged report holds hundreds, and as lopdf dictionaries each cost a
/// dozen allocations to build and as many to drop. Their ids follow one
/// another from `first`.
pub(crate) struct Elements {
    first: u32,
    elements: Vec<Element>,
}

/// One `StructElem`: what [`write`] decided, in the order it is written.
struct Element {
    id: Option<Object>,
    role: &'static str,
    parent: ObjectId,
    page: Option<ObjectId>,
    kids: Vec<Child>,
    title: Option<Object>,
    alt: Option<Object>,
    lang: Option<Object>,
    attributes: Option<Attributes>,
}

/// A kid of an element as written in `/K`.
enum Child {
    Element(ObjectId),
    /// Marked content on the element's own page (`/Pg`).
    Mcid(i64),
    /// Marked content on another page: a marked-content reference.
    OtherPage {
        page: ObjectId,
        mcid: i64,
    },
    /// A link annotation: an object reference.
    Annot {
        page: ObjectId,
        obj: ObjectId,
    },
}

/// An element's attribute object (`/A`).
enum Attributes {
    /// A table header cell's scope.
    Table(&'static [u8]),
    /// A figure's bounding box.
    Layout([f32; 4]),
}

impl Elements {
    fn element(&self, id: ObjectId) -> Option<&Element> {
        if id.1 != 0 {
            return None;
        }
        let i = id.0.checked_sub(self.first)?;
        self.elements.get(i as usize)
    }
}

impl crate::file::Late for Elements {
    fn holds(&self, id: ObjectId) -> bool {
        self.element(id).is_some()
    }

    fn write(&self, id: ObjectId, out: &mut Syntax<'_>) {
        let Some(e) = self.element(id) else {
            out.raw(b"null");
            return;
        };
        out.raw(b"<</Type/StructElem");
        if let Some(id) = &e.id {
            out.entry(b"ID", id);
        }
        out.name_entry(b"S", e.role.as_bytes());
        out.entry(b"P", &Object::Reference(e.parent));
        if let Some(page) = e.page {
            out.entry(b"Pg", &Object::Reference(page));
        }
        let kid = |out: &mut Syntax<'_>, i: usize, kid: &Child| match *kid {
            Child::Element(id) => out.item(i, &Object::Reference(id)),
            Child::Mcid(mcid) => out.item(i, &Object::Integer(mcid)),
            Child::OtherPage { page, mcid } => {
                out.raw(b"<</Type/MCR");
                out.entry(b"Pg", &Object::Reference(page));
                out.entry(b"MCID", &Object::Integer(mcid));
                out.raw(b">>");
            }
            Child::Annot { page, obj } => {
                out.raw(b"<</Type/OBJR");
                out.entry(b"Pg", &Object::Reference(page));
                out.entry(b"Obj", &Object::Reference(obj));
                out.raw(b">>");
            }
        };
        match e.kids.as_slice() {
            [] => {}
            [only] => {
                // A lone kid is the value itself, spaced as a value.
                out.raw(b"/K");
                if matches!(only, Child::Element(_) | Child::Mcid(_)) {
                    out.raw(b" ");
                }
                kid(out, 0, only);
            }
            kids => {
                out.raw(b"/K[");
                for (i, k) in kids.iter().enumerate() {
                    kid(out, i, k);
                }
                out.raw(b"]");
            }
        }
        for (key, value) in [
            (b"T".as_slice(), &e.title),
            (b"Alt", &e.alt),
            (b"Lang", &e.lang),
        ] {
            if let Some(v) = value {
                out.entry(key, v);
            }
        }
        match &e.attributes {
            None => {}
            Some(Attributes::Table(scope)) => {
                out.raw(b"/A<</O/Table");
                out.name_entry(b"Scope", scope);
                out.raw(b">>");
            }
            Some(Attributes::Layout(b)) => {
                out.raw(b"/A<</O/Layout/BBox[");
                for (i, v) in b.iter().enumerate() {
                    out.item(i, &Object::Real(*v));
                }
                out.raw(b"]>>");
            }
        }
        out.raw(b">>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_enter_their_parent_where_their_content_starts() {
        let mut t = Structure::new(Role::Document);
        let p = t.add(Structure::ROOT, Role::P);
        let link = t.add(p, Role::Link);
        let empty = t.add(Structure::ROOT, Role::P);
        let page = PageTags {
            events: vec![
                Tagged::Content { node: p },
                Tagged::Content { node: link },
                Tagged::Annot {
                    node: link,
                    annot: 0,
                },
                Tagged::Content { node: p },
            ],
            bboxes: Vec::new(),
        };
        let kids = order_kids(&t, &[page]);
        let shape: Vec<String> = kids[p]
            .iter()
            .map(|k| match k {
                Kid::Node(n) => format!("n{n}"),
                Kid::Mcid { mcid, .. } => format!("m{mcid}"),
                Kid::Annot { annot, .. } => format!("a{annot}"),
            })
            .collect();
        assert_eq!(shape, ["m0", format!("n{link}").as_str(), "m2"]);
        assert!(matches!(
            kids[link][..],
            [Kid::Mcid { mcid: 1, .. }, Kid::Annot { annot: 0, .. }]
        ));
        // The empty paragraph stays, after the one with content.
        assert!(
            matches!(kids[Structure::ROOT][..], [Kid::Node(a), Kid::Node(b)] if a == p && b == empty)
        );
    }
}
