//! The structure tree read back: every element with its type, the standard
//! type its role maps to, its parent, kids (elements, marked-content
//! references, object references) and the attributes the checks need;
//! the role map; and the parent tree.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId};

use crate::reader::Pdf;

/// The standard structure types of ISO 32000-1 14.8.4.
pub(crate) const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

pub(crate) fn is_standard(t: &[u8]) -> bool {
    STANDARD.iter().any(|s| s.as_bytes() == t)
}

/// A kid of a structure element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kid {
    Element(usize),
    /// Marked content on `page` (the MCR's `/Pg`, else the element's).
    Mcid {
        page: Option<ObjectId>,
        mcid: i64,
        /// In a content stream other than the page's (an XObject).
        stream: Option<ObjectId>,
    },
    /// An object (an annotation) referenced with an OBJR.
    Objr {
        obj: ObjectId,
    },
}

/// How a type maps to a standard type through the role map.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Role {
    /// A standard type, used as is.
    Standard(String),
    /// A non-standard type mapped (possibly through several steps) to a
    /// standard type.
    Mapped(String),
    /// A standard type that the role map remaps (02-003).
    Remapped(String),
    /// A mapping that comes back to itself (02-002).
    Circular,
    /// A non-standard type whose mapping ends at a non-standard type (02-001).
    Unmapped,
}

impl Role {
    /// The standard type the checks judge the element as.
    pub(crate) fn standard(&self) -> Option<&str> {
        match self {
            Role::Standard(s) | Role::Mapped(s) | Role::Remapped(s) => Some(s),
            Role::Circular | Role::Unmapped => None,
        }
    }
}

/// One structure element.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub id: Option<ObjectId>,
    pub s: String,
    pub role: Role,
    pub parent: Option<usize>,
    /// The object `/P` names.
    pub p_entry: Option<ObjectId>,
    pub kids: Vec<Kid>,
    pub page: Option<ObjectId>,
    pub lang: Option<String>,
    pub alt: Option<String>,
    pub actual_text: Option<String>,
    pub expansion: Option<String>,
    pub scope: Option<Vec<u8>>,
    pub headers: bool,
    pub id_entry: Option<Vec<u8>>,
}

impl Element {
    pub(crate) fn std(&self) -> &str {
        self.role.standard().unwrap_or("")
    }
}

/// A parent-tree entry: the elements owning each MCID of a page, or the
/// element owning an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParentEntry {
    Page(Vec<Option<ObjectId>>),
    Object(Option<ObjectId>),
}

/// The structure tree of a document.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub root: Option<ObjectId>,
    pub elements: Vec<Element>,
    pub role_map: BTreeMap<String, String>,
    /// `/ParentTree`, by key.
    pub parent_tree: BTreeMap<i64, ParentEntry>,
    pub has_parent_tree: bool,
    /// Kids of the root (indices of top-level elements).
    pub top: Vec<usize>,
    /// Element index by object id.
    pub by_id: BTreeMap<ObjectId, usize>,
    /// Problems met while reading (cycles, wrong kinds).
    pub problems: Vec<(Option<ObjectId>, String)>,
}

/// Elements beyond this many are not read.
const MAX_ELEMENTS: usize = 2_000_000;

impl Tree {
    pub(crate) fn read(pdf: &Pdf) -> Tree {
        let mut tree = Tree::default();
        let Some(cat) = pdf.catalog() else {
            return tree;
        };
        let Ok(root_obj) = cat.get(b"StructTreeRoot") else {
            return tree;
        };
        tree.root = root_obj.as_reference().ok();
        let Object::Dictionary(root) = pdf.resolve(root_obj) else {
            return tree;
        };
        if let Some(rm) = pdf.dict(root, b"RoleMap") {
            for (k, v) in rm.iter() {
                if let Object::Name(n) = pdf.resolve(v) {
                    tree.role_map.insert(
                        String::from_utf8_lossy(k).into_owned(),
                        String::from_utf8_lossy(n).into_owned(),
                    );
                }
            }
        }
        let class_map = pdf.dict(root, b"ClassMap");
        if let Ok(pt) = root.get(b"ParentTree") {
            tree.has_parent_tree = true;
            let mut seen = HashSet::new();
            read_number_tree(pdf, pt, &mut tree.parent_tree, &mut seen, 0);
        }
        let mut seen: HashSet<ObjectId> = HashSet::new();
        if let Some(id) = tree.root {
            seen.insert(id);
        }
        // Depth first in document order, with an explicit stack of
        // (element, its kids, next kid) so that deep trees cannot
        // overflow the call stack and content kids keep their place
        // among element kids.
        let top = root.get(b"K").map(|k| kid_list(pdf, k)).unwrap_or_default();
        let mut frames: Vec<(Option<usize>, Vec<Object>, usize)> = vec![(None, top, 0)];
        while let Some(frame) = frames.last_mut() {
            let (parent, kids, next) = (frame.0, &frame.1, frame.2);
            let Some(kid) = kids.get(next).cloned() else {
                frames.pop();
                continue;
            };
            frame.2 += 1;
            if let Some(p) = parent {
                let page = tree.elements[p].page;
                if let Some(leaf) = classify(pdf, &kid, page) {
                    tree.elements[p].kids.push(leaf);
                    continue;
                }
            }
            if tree.elements.len() >= MAX_ELEMENTS {
                tree.problems
                    .push((None, "too many structure elements".into()));
                break;
            }
            let id = kid.as_reference().ok();
            if let Some(id) = id {
                if !seen.insert(id) {
                    tree.problems
                        .push((Some(id), "structure element reached twice".into()));
                    continue;
                }
            }
            let Object::Dictionary(d) = pdf.resolve(&kid) else {
                tree.problems
                    .push((id, "kid of the structure tree is not a dictionary".into()));
                continue;
            };
            let index = tree.elements.len();
            let el = tree.element(pdf, d, id, parent, class_map);
            tree.elements.push(el);
            if let Some(id) = id {
                tree.by_id.insert(id, index);
            }
            match parent {
                Some(p) => tree.elements[p].kids.push(Kid::Element(index)),
                None => tree.top.push(index),
            }
            let kids = d.get(b"K").map(|k| kid_list(pdf, k)).unwrap_or_default();
            frames.push((Some(index), kids, 0));
        }
        tree
    }

    fn element(
        &mut self,
        pdf: &Pdf,
        d: &Dictionary,
        id: Option<ObjectId>,
        parent: Option<usize>,
        class_map: Option<&Dictionary>,
    ) -> Element {
        let s = pdf
            .name(d, b"S")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let role = self.role(&s);
        let mut scope = None;
        let mut attrs: Vec<&Dictionary> = Vec::new();
        match pdf.get(d, b"A") {
            Some(Object::Dictionary(a)) => attrs.push(a),
            Some(Object::Array(list)) => {
                for o in list {
                    if let Object::Dictionary(a) = pdf.resolve(o) {
                        attrs.push(a);
                    }
                }
            }
            _ => {}
        }
        if let Some(cm) = class_map {
            let classes: Vec<&[u8]> = match pdf.get(d, b"C") {
                Some(Object::Name(n)) => vec![n.as_slice()],
                Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
                _ => Vec::new(),
            };
            for c in classes {
                match cm.get(c).map(|o| pdf.resolve(o)) {
                    Ok(Object::Dictionary(a)) => attrs.push(a),
                    Ok(Object::Array(list)) => {
                        for o in list {
                            if let Object::Dictionary(a) = pdf.resolve(o) {
                                attrs.push(a);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut headers = false;
        for a in attrs {
            if pdf.name(a, b"O") == Some(b"Table") {
                if let Some(sc) = pdf.name(a, b"Scope") {
                    scope = Some(sc.to_vec());
                }
                if a.has(b"Headers") {
                    headers = true;
                }
            }
        }
        let id_entry = match pdf.get(d, b"ID") {
            Some(Object::String(b, _)) => Some(b.clone()),
            _ => None,
        };
        Element {
            id,
            s,
            role,
            parent,
            p_entry: d.get(b"P").ok().and_then(|o| o.as_reference().ok()),
            kids: Vec::new(),
            page: d.get(b"Pg").ok().and_then(|o| o.as_reference().ok()),
            lang: pdf.text(d, b"Lang"),
            alt: pdf.text(d, b"Alt"),
            actual_text: pdf.text(d, b"ActualText"),
            expansion: pdf.text(d, b"E"),
            scope,
            headers,
            id_entry,
        }
    }

    /// How `s` maps to a standard type.
    pub(crate) fn role(&self, s: &str) -> Role {
        let standard = is_standard(s.as_bytes());
        let Some(first) = self.role_map.get(s) else {
            return if standard {
                Role::Standard(s.to_string())
            } else {
                Role::Unmapped
            };
        };
        if standard {
            return Role::Remapped(first.clone());
        }
        let mut seen = vec![s.to_string()];
        let mut cur = first.clone();
        loop {
            if seen.contains(&cur) {
                return Role::Circular;
            }
            if is_standard(cur.as_bytes()) && !self.role_map.contains_key(&cur) {
                return Role::Mapped(cur);
            }
            match self.role_map.get(&cur) {
                Some(next) => {
                    seen.push(cur);
                    cur = next.clone();
                }
                None => return Role::Unmapped,
            }
        }
    }

    /// The element's nearest language: its own `/Lang` or an ancestor's.
    pub(crate) fn inherited_lang(&self, mut i: usize) -> Option<&str> {
        for _ in 0..self.elements.len() + 1 {
            let e = &self.elements[i];
            if let Some(l) = &e.lang {
                return Some(l);
            }
            i = e.parent?;
        }
        None
    }
}

/// `/K` as a list (a single kid, or an array of kids).
fn kid_list(pdf: &Pdf, k: &Object) -> Vec<Object> {
    match k {
        Object::Array(a) => a.clone(),
        Object::Reference(_) => match pdf.resolve(k) {
            Object::Array(a) => a.clone(),
            _ => vec![k.clone()],
        },
        other => vec![other.clone()],
    }
}

/// A content kid (MCID, MCR, OBJR), or `None` for a structure element.
fn classify(pdf: &Pdf, kid: &Object, page: Option<ObjectId>) -> Option<Kid> {
    match kid {
        Object::Integer(i) => Some(Kid::Mcid {
            page,
            mcid: *i,
            stream: None,
        }),
        _ => {
            let Object::Dictionary(d) = pdf.resolve(kid) else {
                return None;
            };
            let ty = pdf.name(d, b"Type");
            let pg = d
                .get(b"Pg")
                .ok()
                .and_then(|o| o.as_reference().ok())
                .or(page);
            match ty {
                Some(b"MCR") => Some(Kid::Mcid {
                    page: pg,
                    mcid: pdf.int(d, b"MCID").unwrap_or(-1),
                    stream: d.get(b"Stm").ok().and_then(|o| o.as_reference().ok()),
                }),
                Some(b"OBJR") => d
                    .get(b"Obj")
                    .ok()
                    .and_then(|o| o.as_reference().ok())
                    .map(|obj| Kid::Objr { obj }),
                _ => None,
            }
        }
    }
}

fn read_number_tree(
    pdf: &Pdf,
    node: &Object,
    out: &mut BTreeMap<i64, ParentEntry>,
    seen: &mut HashSet<ObjectId>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    if let Object::Reference(id) = node {
        if !seen.insert(*id) {
            return;
        }
    }
    let Object::Dictionary(d) = pdf.resolve(node) else {
        return;
    };
    if let Some(nums) = pdf.array(d, b"Nums") {
        for pair in nums.chunks(2) {
            let [key, value] = pair else { continue };
            let Object::Integer(k) = pdf.resolve(key) else {
                continue;
            };
            let entry = match (value, pdf.resolve(value)) {
                (_, Object::Array(a)) => {
                    ParentEntry::Page(a.iter().map(|o| o.as_reference().ok()).collect())
                }
                (Object::Reference(id), Object::Dictionary(_)) => ParentEntry::Object(Some(*id)),
                _ => ParentEntry::Object(None),
            };
            out.insert(*k, entry);
        }
    }
    if let Some(kids) = pdf.array(d, b"Kids") {
        for k in kids {
            read_number_tree(pdf, k, out, seen, depth + 1);
        }
    }
}
