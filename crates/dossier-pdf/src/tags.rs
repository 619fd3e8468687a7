//! The logical structure of a laid-out document, for tagged PDF: a tree of
//! structure elements (Document, headings, paragraphs, lists, tables,
//! figures, links, notes, the table of contents) that follows the document
//! model, and for every item drawn on a page a [`Mark`] saying which
//! element it belongs to, or that it is an artifact (running header and
//! footer, rules, backgrounds, repeated table headers).
//!
//! Layout builds the tree as it lays out each block and marks the items it
//! draws; the writer turns marks into marked content with MCIDs and the
//! tree into the PDF's structure tree. The order of an element's children
//! is the order in which their content is drawn, which layout keeps to the
//! logical order of the text (right to left included).

use dossier_doc::Scope;

/// A standard structure type of ISO 32000-1 (14.8.4); no role map is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Document,
    /// A heading, level 1 to 3.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    Caption,
    Figure,
    Link,
    Note,
    TOC,
    TOCI,
    /// A run of text in another language than its paragraph.
    Span,
    /// A group of elements with no meaning of its own (a callout box).
    Div,
}

impl Role {
    /// The structure type as the PDF names it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(_) => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Caption => "Caption",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Span => "Span",
            Role::Div => "Div",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<usize>,
    /// Child elements in logical order.
    pub kids: Vec<usize>,
    /// `/T`: a heading's text.
    pub title: Option<String>,
    /// `/Alt`: a figure's alternative text.
    pub alt: Option<String>,
    /// `/Lang`, when it differs from the document's.
    pub lang: Option<String>,
    /// `/Scope` of a header cell.
    pub scope: Option<Scope>,
}

/// The structure tree: node 0 is the root, whatever its role.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
}

impl Structure {
    /// A tree holding only its root.
    pub fn new(root: Role) -> Structure {
        Structure {
            nodes: vec![Node::new(root, None)],
        }
    }

    pub const ROOT: usize = 0;

    /// Adds an element of `role` as the last child of `parent`.
    pub fn add(&mut self, parent: usize, role: Role) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node::new(role, Some(parent)));
        if let Some(p) = self.nodes.get_mut(parent) {
            p.kids.push(id);
        }
        id
    }

    /// Grafts the children of `other`'s root under `parent`; returns the
    /// offset added to `other`'s node numbers (its root maps to `parent`).
    pub fn graft(&mut self, parent: usize, other: &Structure) -> Graft {
        let offset = self.nodes.len();
        let map = |i: usize| {
            if i == Structure::ROOT {
                parent
            } else {
                i - 1 + offset
            }
        };
        for node in other.nodes.iter().skip(1) {
            let mut n = node.clone();
            n.parent = n.parent.map(map);
            n.kids = n.kids.iter().map(|&k| map(k)).collect();
            self.nodes.push(n);
        }
        if let (Some(root), Some(p)) = (other.nodes.first(), self.nodes.get_mut(parent)) {
            p.kids.extend(root.kids.iter().map(|&k| map(k)));
        }
        Graft { parent, offset }
    }

    pub fn node_mut(&mut self, id: usize) -> Option<&mut Node> {
        self.nodes.get_mut(id)
    }
}

/// Where a grafted tree's nodes went: see [`Structure::graft`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graft {
    parent: usize,
    offset: usize,
}

impl Graft {
    /// The new number of node `id` of the grafted tree.
    pub fn node(&self, id: usize) -> usize {
        if id == Structure::ROOT {
            self.parent
        } else {
            id - 1 + self.offset
        }
    }

    /// `mark` with its nodes renumbered.
    pub fn mark(&self, mark: &Mark) -> Mark {
        match mark {
            Mark::Content(id) => Mark::Content(self.node(*id)),
            Mark::Artifact(a) => Mark::Artifact(*a),
            Mark::Each(marks) => Mark::Each(marks.iter().map(|m| self.mark(m)).collect()),
        }
    }
}

impl Node {
    fn new(role: Role, parent: Option<usize>) -> Node {
        Node {
            role,
            parent,
            kids: Vec::new(),
            title: None,
            alt: None,
            lang: None,
            scope: None,
        }
    }
}

/// What kind of artifact an item is (ISO 32000-1 14.8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Artifact {
    /// Running header, with the rule under it.
    Header,
    /// Page number.
    Footer,
    /// Repeated on later pages (table header rows).
    Pagination,
    /// Rules, backgrounds, bullets, leaders: decoration.
    Layout,
}

/// What one drawn item is, in the structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Content of the element with this number (for a group: all of it).
    Content(usize),
    Artifact(Artifact),
    /// A group whose items are marked one by one, in order.
    Each(Vec<Mark>),
}

impl Mark {
    /// `mark` on every item of `n`.
    pub fn all(mark: Mark, n: usize) -> Vec<Mark> {
        vec![mark; n]
    }

    /// The same marks with every content mark turned into `artifact` (a
    /// repeated table header).
    pub fn as_artifact(&self, artifact: Artifact) -> Mark {
        match self {
            Mark::Each(marks) => {
                Mark::Each(marks.iter().map(|m| m.as_artifact(artifact)).collect())
            }
            _ => Mark::Artifact(artifact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grafted_nodes_keep_their_shape() {
        let mut doc = Structure::new(Role::Document);
        let h = doc.add(Structure::ROOT, Role::H(1));
        let mut block = Structure::new(Role::Div);
        let l = block.add(Structure::ROOT, Role::L);
        let li = block.add(l, Role::LI);
        let g = doc.graft(Structure::ROOT, &block);
        assert_eq!(doc.nodes[0].kids, vec![h, g.node(l)]);
        assert_eq!(doc.nodes[g.node(l)].kids, vec![g.node(li)]);
        assert_eq!(doc.nodes[g.node(li)].parent, Some(g.node(l)));
        assert_eq!(doc.nodes[g.node(l)].parent, Some(Structure::ROOT));
        assert_eq!(
            g.mark(&Mark::Each(vec![
                Mark::Content(li),
                Mark::Artifact(Artifact::Layout)
            ])),
            Mark::Each(vec![
                Mark::Content(g.node(li)),
                Mark::Artifact(Artifact::Layout)
            ])
        );
    }

    #[test]
    fn repeated_headers_become_artifacts() {
        let m = Mark::Each(vec![Mark::Content(3), Mark::Each(vec![Mark::Content(4)])]);
        assert_eq!(
            m.as_artifact(Artifact::Pagination),
            Mark::Each(vec![
                Mark::Artifact(Artifact::Pagination),
                Mark::Each(vec![Mark::Artifact(Artifact::Pagination)])
            ])
        );
        assert_eq!(Role::H(2).name(), "H2");
        assert_eq!(Role::H(9).name(), "H3");
    }
}
