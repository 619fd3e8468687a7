//! The PDF/UA-1 checks: Matterhorn Protocol failure conditions that a
//! machine can decide, and the structure checks under them (the tree
//! exists, elements know their parents, MCIDs in the content and in the
//! parent tree agree one to one, object references and `StructParent`
//! agree).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lopdf::{Dictionary, Object, ObjectId};

use crate::checkpoint::{Checkpoint as C, Findings, Place};
use crate::content::PageContent;
use crate::reader::{oid, show, Pdf};
use crate::structure::{Kid, ParentEntry, Role, Tree};
use crate::xmp::{self, Xmp};

/// True for a language identifier as ISO 32000-1 14.9.2 reads RFC 3066:
/// subtags of 1 to 8 letters or digits, the first letters only.
pub(crate) fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let ok = |p: &str, letters: bool| {
        (1..=8).contains(&p.len())
            && p.chars().all(|c| {
                if letters {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
    };
    ok(first, true) && parts.all(|p| ok(p, false))
}

pub(crate) struct Inputs<'a, 'p> {
    pub pdf: &'a Pdf<'p>,
    pub tree: &'a Tree,
    pub pages: &'a [PageContent],
    pub xmp: Option<&'a Result<Xmp, String>>,
    /// Check the PDF/UA identifier (06-002).
    pub identification: bool,
}

pub(crate) fn check(i: &Inputs, out: &mut Findings) {
    let pdf = i.pdf;
    let Some(cat) = pdf.catalog() else {
        out.add(C::StructTree, Place::FILE, "the trailer has no catalog");
        return;
    };
    structure_root(i, cat, out);
    content_marks(i, out);
    roles(i, out);
    metadata(i, cat, out);
    viewer(pdf, cat, out);
    nesting(i.tree, out);
    languages(i, cat, out);
    figures_headings_tables_notes(i.tree, out);
    annotations(i, out);
    reference_xobjects(pdf, out);
    parents(i, out);
    mcids(i, out);
}

fn el_place(tree: &Tree, e: usize) -> Place {
    Place {
        page: None,
        object: tree.elements[e].id.map(oid),
    }
}

fn structure_root(i: &Inputs, cat: &Dictionary, out: &mut Findings) {
    let pdf = i.pdf;
    if i.tree.root.is_none() && pdf.dict(cat, b"StructTreeRoot").is_none() {
        out.add(
            C::StructTree,
            Place::FILE,
            "the catalog has no /StructTreeRoot",
        );
    }
    match pdf.dict(cat, b"MarkInfo") {
        None => out.add(C::StructTree, Place::FILE, "the catalog has no /MarkInfo"),
        Some(mi) => {
            if pdf.boolean(mi, b"Marked") != Some(true) {
                out.add(C::StructTree, Place::FILE, "/MarkInfo /Marked is not true");
            }
            if pdf.boolean(mi, b"Suspects") == Some(true) {
                out.add(C::M01_007, Place::FILE, "/MarkInfo /Suspects is true");
            }
        }
    }
    for (id, msg) in &i.tree.problems {
        out.add(
            C::StructParent,
            Place {
                page: None,
                object: id.map(oid),
            },
            msg.clone(),
        );
    }
}

fn content_marks(i: &Inputs, out: &mut Findings) {
    for (pi, c) in i.pages.iter().enumerate() {
        let at = Place::page(pi + 1);
        if let Some(e) = &c.error {
            out.add(
                C::M01_005,
                at,
                format!("content stream cannot be read: {e}"),
            );
        }
        if c.untagged_count > 0 {
            out.add(
                C::M01_005,
                at,
                format!(
                    "{} painting operator(s) ({}) outside marked content and artifacts",
                    c.untagged_count,
                    c.untagged.join(", ")
                ),
            );
        }
        if c.artifact_in_tagged > 0 {
            out.add(
                C::M01_003,
                at,
                format!("{} artifact(s) inside tagged content", c.artifact_in_tagged),
            );
        }
        if c.tagged_in_artifact > 0 {
            out.add(
                C::M01_004,
                at,
                format!(
                    "{} tagged sequence(s) inside an artifact",
                    c.tagged_in_artifact
                ),
            );
        }
        if c.unbalanced {
            out.add(
                C::M01_005,
                at,
                "marked-content operators do not balance (BMC/BDC and EMC)",
            );
        }
    }
}

fn roles(i: &Inputs, out: &mut Findings) {
    let tree = i.tree;
    for (k, v) in &tree.role_map {
        if crate::structure::is_standard(k.as_bytes()) {
            out.add(
                C::M02_003,
                Place::FILE,
                format!("the role map remaps the standard type {k} to {v}"),
            );
        }
        if tree.role(k) == Role::Circular {
            out.add(
                C::M02_002,
                Place::FILE,
                format!("the role mapping of {k} comes back to itself"),
            );
        }
    }
    let mut reported = BTreeSet::new();
    for (e, el) in tree.elements.iter().enumerate() {
        let (c, msg) = match &el.role {
            Role::Standard(_) | Role::Remapped(_) => continue,
            Role::Circular => (C::M02_002, format!("{} maps circularly", el.s)),
            Role::Unmapped => (C::M02_001, format!("{} is not a standard type and maps to none", el.s)),
            Role::Mapped(to) => (
                C::M02_004,
                format!("{} is not a standard type (mapped to {to}): whether the mapping fits needs a person", el.s),
            ),
        };
        if reported.insert((c, el.s.clone())) {
            out.add(c, el_place(tree, e), msg);
        }
    }
}

fn metadata(i: &Inputs, _cat: &Dictionary, out: &mut Findings) {
    match i.xmp {
        None => out.add(
            C::M06_001,
            Place::FILE,
            "the catalog has no /Metadata stream",
        ),
        Some(Err(e)) => out.add(
            C::M06_001,
            Place::FILE,
            format!("the metadata stream is not valid XMP: {e}"),
        ),
        Some(Ok(x)) => {
            if i.identification {
                match x.get(xmp::PDFUAID, "part").and_then(|v| v.text()) {
                    None => out.add(C::M06_002, Place::FILE, "the metadata has no pdfuaid:part"),
                    Some(p) if p.trim() != "1" => out.add(
                        C::M06_002,
                        Place::FILE,
                        format!("pdfuaid:part is {p}, not 1"),
                    ),
                    Some(_) => {}
                }
            }
            match x.get(xmp::DC, "title").and_then(|v| v.text()) {
                Some(t) if !t.trim().is_empty() => {}
                _ => out.add(C::M06_003, Place::FILE, "the metadata has no dc:title"),
            }
        }
    }
}

fn viewer(pdf: &Pdf, cat: &Dictionary, out: &mut Findings) {
    match pdf
        .dict(cat, b"ViewerPreferences")
        .map(|vp| pdf.boolean(vp, b"DisplayDocTitle"))
    {
        None | Some(None) => out.add(
            C::M07_001,
            Place::FILE,
            "ViewerPreferences has no DisplayDocTitle",
        ),
        Some(Some(false)) => out.add(C::M07_002, Place::FILE, "DisplayDocTitle is false"),
        Some(Some(true)) => {}
    }
}

/// Standard types of an element's element kids.
fn kid_types(tree: &Tree, e: usize) -> Vec<&str> {
    tree.elements[e]
        .kids
        .iter()
        .filter_map(|k| match k {
            Kid::Element(k) => Some(tree.elements[*k].std()),
            _ => None,
        })
        .collect()
}

fn nesting(tree: &Tree, out: &mut Findings) {
    for (e, el) in tree.elements.iter().enumerate() {
        let at = el_place(tree, e);
        let parent = el.parent.map(|p| tree.elements[p].std()).unwrap_or("");
        let kids = kid_types(tree, e);
        let only = |allowed: &[&str]| kids.iter().all(|k| allowed.contains(k));
        let count = |t: &str| kids.iter().filter(|k| **k == t).count();
        let caption_inside = kids.len() > 2 && kids[1..kids.len() - 1].contains(&"Caption");
        let mut bad = |c: C, msg: String| out.add(c, at, msg);
        match el.std() {
            "Table" => {
                if !only(&["TR", "THead", "TBody", "TFoot", "Caption"]) {
                    bad(C::M09_004, format!("Table holds {}", kids.join(", ")));
                }
                if count("THead") > 1 || count("TFoot") > 1 || count("Caption") > 1 {
                    bad(
                        C::M09_004,
                        "Table holds more than one THead, TFoot or Caption".into(),
                    );
                }
                if (count("THead") > 0 || count("TFoot") > 0) && count("TBody") == 0 {
                    bad(C::M09_004, "Table with THead or TFoot but no TBody".into());
                }
                if caption_inside {
                    bad(C::M09_004, "Table Caption is neither first nor last".into());
                }
            }
            "TR" => {
                if !["Table", "THead", "TBody", "TFoot"].contains(&parent) {
                    bad(C::M09_004, format!("TR inside {parent}"));
                }
                if !only(&["TH", "TD"]) {
                    bad(C::M09_004, format!("TR holds {}", kids.join(", ")));
                }
            }
            "THead" | "TBody" | "TFoot" => {
                if parent != "Table" {
                    bad(C::M09_004, format!("{} inside {parent}", el.std()));
                }
                if !only(&["TR"]) {
                    bad(
                        C::M09_004,
                        format!("{} holds {}", el.std(), kids.join(", ")),
                    );
                }
            }
            "TH" | "TD" if parent != "TR" => {
                bad(C::M09_004, format!("{} inside {parent}", el.std()))
            }
            "L" => {
                if !only(&["L", "LI", "Caption"]) {
                    bad(C::M09_005, format!("L holds {}", kids.join(", ")));
                }
                if kids.iter().skip(1).any(|k| *k == "Caption") {
                    bad(C::M09_005, "L Caption is not first".into());
                }
            }
            "LI" => {
                if parent != "L" {
                    bad(C::M09_005, format!("LI inside {parent}"));
                }
                if !only(&["Lbl", "LBody"]) {
                    bad(C::M09_005, format!("LI holds {}", kids.join(", ")));
                }
            }
            "LBody" if parent != "LI" => bad(C::M09_005, format!("LBody inside {parent}")),
            "TOC" => {
                if !only(&["TOC", "TOCI", "Caption"]) {
                    bad(C::M09_006, format!("TOC holds {}", kids.join(", ")));
                }
                if kids.iter().skip(1).any(|k| *k == "Caption") {
                    bad(C::M09_006, "TOC Caption is not first".into());
                }
            }
            "TOCI" if parent != "TOC" => bad(C::M09_006, format!("TOCI inside {parent}")),
            "Ruby" if !only(&["RB", "RT", "RP"]) => {
                bad(C::M09_007, format!("Ruby holds {}", kids.join(", ")))
            }
            "RB" | "RT" | "RP" if parent != "Ruby" => {
                bad(C::M09_007, format!("{} inside {parent}", el.std()))
            }
            "Warichu" if !only(&["WT", "WP"]) => {
                bad(C::M09_008, format!("Warichu holds {}", kids.join(", ")))
            }
            "WT" | "WP" if parent != "Warichu" => {
                bad(C::M09_008, format!("{} inside {parent}", el.std()))
            }
            _ => {}
        }
    }
}

fn languages(i: &Inputs, cat: &Dictionary, out: &mut Findings) {
    let pdf = i.pdf;
    let tree = i.tree;
    let catalog_lang = pdf.text(cat, b"Lang");
    let doc_lang = match &catalog_lang {
        Some(l) if is_language_tag(l) => true,
        Some(l) if l.is_empty() => false,
        Some(l) => {
            out.add(
                C::M11_001,
                Place::FILE,
                format!("catalog /Lang {l:?} is not a language identifier"),
            );
            false
        }
        None => false,
    };
    for (e, el) in tree.elements.iter().enumerate() {
        if let Some(l) = &el.lang {
            if !l.is_empty() && !is_language_tag(l) {
                out.add(
                    C::M11_001,
                    el_place(tree, e),
                    format!("/Lang {l:?} is not a language identifier"),
                );
            }
        }
    }
    // Elements by object id, to find the language of marked content.
    if !doc_lang {
        let owner = mcid_owners(i);
        for (pi, c) in i.pages.iter().enumerate() {
            let undetermined = c
                .text
                .iter()
                .filter(|t| {
                    !t.lang
                        && t.mcid
                            .and_then(|m| owner.get(&(pi, m)))
                            .and_then(|&e| tree.inherited_lang(e))
                            .is_none_or(|l| !is_language_tag(l))
                })
                .count();
            if undetermined > 0 {
                out.add(
                    C::M11_001,
                    Place::page(pi + 1),
                    format!("{undetermined} text run(s) in no language: no catalog /Lang and none on their element"),
                );
            }
        }
        for (e, el) in tree.elements.iter().enumerate() {
            if (el.alt.is_some() || el.actual_text.is_some() || el.expansion.is_some())
                && tree.inherited_lang(e).is_none()
            {
                out.add(
                    C::M11_002,
                    el_place(tree, e),
                    format!("{} has Alt, ActualText or E in no language", el.s),
                );
            }
        }
        if pdf.dict(cat, b"Outlines").is_some_and(|o| o.has(b"First")) {
            out.add(
                C::M11_003,
                Place::FILE,
                "outline entries in no language: no catalog /Lang",
            );
        }
        for (pi, &page) in pdf.pages.iter().enumerate() {
            for annot in annotations_of(pdf, page) {
                if annot.1.has(b"Contents") && !annot.1.has(b"Lang") {
                    out.add(
                        C::M11_004,
                        Place {
                            page: Some(pi + 1),
                            object: annot.0.map(oid),
                        },
                        "annotation Contents in no language",
                    );
                }
            }
        }
        if let Some(form) = pdf.dict(cat, b"AcroForm") {
            if pdf.array(form, b"Fields").is_some_and(|f| {
                f.iter()
                    .any(|o| matches!(pdf.resolve(o), Object::Dictionary(d) if d.has(b"TU")))
            }) {
                out.add(C::M11_005, Place::FILE, "form field TU in no language");
            }
        }
        if let Some(Ok(x)) = i.xmp {
            let only_default = x.properties.iter().any(|p| match &p.value {
                xmp::Value::Alt(items) => items
                    .iter()
                    .all(|(l, _)| l.as_deref().is_none_or(|l| l == "x-default")),
                _ => false,
            });
            if only_default {
                out.add(
                    C::M11_006,
                    Place::FILE,
                    "metadata text is x-default only and the catalog has no /Lang",
                );
            }
        }
    }
}

/// (page index, MCID) → the element that claims it.
fn mcid_owners(i: &Inputs) -> HashMap<(usize, i64), usize> {
    let mut owner = HashMap::new();
    for (e, el) in i.tree.elements.iter().enumerate() {
        for k in &el.kids {
            if let Kid::Mcid {
                page: Some(p),
                mcid,
                stream: None,
            } = k
            {
                if let Some(&n) = i.pdf.page_number.get(p) {
                    owner.insert((n - 1, *mcid), e);
                }
            }
        }
    }
    owner
}

fn figures_headings_tables_notes(tree: &Tree, out: &mut Findings) {
    let mut first_numbered: Option<u8> = None;
    let mut prev: Option<u8> = None;
    let (mut uses_h, mut uses_hn) = (false, false);
    let mut note_ids: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    for (e, el) in tree.elements.iter().enumerate() {
        let at = el_place(tree, e);
        let std = el.std();
        if std == "Figure" {
            let alt = el.alt.as_deref().is_some_and(|a| !a.trim().is_empty());
            if !alt && el.actual_text.is_none() {
                out.add(C::M13_004, at, "Figure without /Alt or /ActualText");
            }
        }
        if std == "H" {
            uses_h = true;
        }
        if let Some(level) = std.strip_prefix('H').and_then(|d| d.parse::<u8>().ok()) {
            uses_hn = true;
            if first_numbered.is_none() {
                first_numbered = Some(level);
                if level != 1 {
                    out.add(
                        C::M14_002,
                        at,
                        format!("the first heading is H{level}, not H1"),
                    );
                }
            }
            if let Some(p) = prev {
                if level > p + 1 {
                    out.add(C::M14_003, at, format!("H{level} follows H{p}"));
                }
            }
            prev = Some(level);
        }
        if kid_types(tree, e).iter().filter(|k| **k == "H").count() > 1 {
            out.add(C::M14_006, at, format!("{} holds more than one H", el.s));
        }
        if std == "Table" {
            let cells = descendants(tree, e)
                .into_iter()
                .filter(|&d| matches!(tree.elements[d].std(), "TH" | "TD"));
            let cells: Vec<usize> = cells.collect();
            let with_headers = cells.iter().any(|&d| tree.elements[d].headers);
            if !with_headers {
                for &d in &cells {
                    let c = &tree.elements[d];
                    let ok = matches!(c.scope.as_deref(), Some(b"Row" | b"Column" | b"Both"));
                    if c.std() == "TH" && !ok {
                        out.add(
                            C::M15_003,
                            el_place(tree, d),
                            "TH without /Scope (Row, Column or Both)",
                        );
                    }
                }
            }
        }
        if std == "Note" {
            match &el.id_entry {
                None => out.add(C::M19_003, at, "Note without /ID"),
                Some(id) => {
                    if let Some(first) = note_ids.insert(id.clone(), e) {
                        let _ = first;
                        out.add(C::M19_004, at, format!("Note /ID {} used twice", show(id)));
                    }
                }
            }
        }
    }
    if uses_h && uses_hn {
        out.add(
            C::M14_007,
            Place::FILE,
            "the document uses both H and numbered headings",
        );
    }
}

fn descendants(tree: &Tree, e: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        for k in &tree.elements[x].kids {
            if let Kid::Element(k) = k {
                out.push(*k);
                stack.push(*k);
            }
        }
    }
    out
}

/// The annotations of a page: (object id when indirect, dictionary).
pub(crate) fn annotations_of<'a>(
    pdf: &'a Pdf,
    page: ObjectId,
) -> Vec<(Option<ObjectId>, &'a Dictionary)> {
    let Some(pd) = pdf.dict_of(page) else {
        return Vec::new();
    };
    let Some(list) = pdf.array(pd, b"Annots") else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|o| match pdf.resolve(o) {
            Object::Dictionary(d) => Some((o.as_reference().ok(), d)),
            _ => None,
        })
        .collect()
}

/// The element a `StructParent` key names.
fn struct_parent(i: &Inputs, annot: &Dictionary) -> Option<usize> {
    let key = i.pdf.int(annot, b"StructParent")?;
    match i.tree.parent_tree.get(&key)? {
        ParentEntry::Object(Some(id)) => i.tree.by_id.get(id).copied(),
        _ => None,
    }
}

fn annotations(i: &Inputs, out: &mut Findings) {
    let pdf = i.pdf;
    for (pi, &page) in pdf.pages.iter().enumerate() {
        let annots = annotations_of(pdf, page);
        if annots.is_empty() {
            continue;
        }
        let at = Place::page(pi + 1);
        match pdf.dict_of(page).and_then(|d| pdf.name(d, b"Tabs")) {
            None => out.add(C::M28_008, at, "page with annotations has no /Tabs"),
            Some(b"S") => {}
            Some(t) => out.add(C::M28_009, at, format!("page /Tabs is {}, not S", show(t))),
        }
        for (id, a) in annots {
            let at = Place {
                page: Some(pi + 1),
                object: id.map(oid),
            };
            let subtype = pdf.name(a, b"Subtype").unwrap_or(b"");
            let hidden = pdf.int(a, b"F").is_some_and(|f| f & 2 != 0);
            if hidden {
                continue;
            }
            let parent = struct_parent(i, a);
            let parent_std = parent.map(|e| i.tree.elements[e].std()).unwrap_or("");
            let contents = pdf
                .text(a, b"Contents")
                .is_some_and(|c| !c.trim().is_empty());
            let alt = parent
                .and_then(|e| i.tree.elements[e].alt.as_deref())
                .is_some_and(|a| !a.trim().is_empty());
            match subtype {
                b"Link" => {
                    if parent_std != "Link" {
                        out.add(C::M28_011, at, "Link annotation not inside a Link element");
                    }
                    if !contents {
                        out.add(C::M28_012, at, "Link annotation without /Contents");
                    }
                }
                b"Widget" => {
                    if parent_std != "Form" {
                        out.add(
                            C::M28_010,
                            at,
                            "Widget annotation not inside a Form element",
                        );
                    }
                }
                b"PrinterMark" => {}
                b"TrapNet" => out.add(C::M28_007, at, "TrapNet annotation"),
                other => {
                    if parent_std != "Annot" {
                        out.add(
                            C::M28_002,
                            at,
                            format!("{} annotation not inside an Annot element", show(other)),
                        );
                    }
                }
            }
            if !matches!(subtype, b"Widget" | b"PrinterMark") && !contents && !alt {
                out.add(
                    C::M28_004,
                    at,
                    format!("{} annotation without /Contents or /Alt", show(subtype)),
                );
            }
        }
    }
}

fn reference_xobjects(pdf: &Pdf, out: &mut Findings) {
    for (id, o) in pdf.objects() {
        if let Object::Stream(s) = o {
            if pdf.name(&s.dict, b"Subtype") == Some(b"Form") && s.dict.has(b"Ref") {
                out.add(C::M30_001, Place::object(oid(id)), "reference XObject");
            }
        }
    }
}

fn parents(i: &Inputs, out: &mut Findings) {
    let tree = i.tree;
    for (e, el) in tree.elements.iter().enumerate() {
        let expected = match el.parent {
            Some(p) => tree.elements[p].id,
            None => tree.root,
        };
        match (el.p_entry, expected) {
            (None, _) => out.add(
                C::StructParent,
                el_place(tree, e),
                format!("{} has no /P", el.s),
            ),
            (Some(p), Some(x)) if p != x => out.add(
                C::StructParent,
                el_place(tree, e),
                format!(
                    "{} has /P {} {} but sits under {} {}",
                    el.s, p.0, p.1, x.0, x.1
                ),
            ),
            _ => {}
        }
    }
}

fn mcids(i: &Inputs, out: &mut Findings) {
    let pdf = i.pdf;
    let tree = i.tree;
    if tree.root.is_none() {
        return;
    }
    if !tree.has_parent_tree {
        out.add(
            C::ParentTree,
            Place::FILE,
            "the structure tree root has no /ParentTree",
        );
    }
    // Who claims each (page, MCID), and OBJR kids.
    let mut claims: HashMap<(usize, i64), Vec<usize>> = HashMap::new();
    let mut objrs: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (e, el) in tree.elements.iter().enumerate() {
        for k in &el.kids {
            match k {
                Kid::Mcid { page, mcid, stream } => {
                    if stream.is_some() {
                        continue;
                    }
                    match page.and_then(|p| pdf.page_number.get(&p)) {
                        Some(&n) => claims.entry((n - 1, *mcid)).or_default().push(e),
                        None => out.add(
                            C::ParentTree,
                            el_place(tree, e),
                            format!(
                                "{} claims MCID {mcid} on no page (/Pg missing or not a page)",
                                el.s
                            ),
                        ),
                    }
                }
                Kid::Objr { obj } => objrs.entry(*obj).or_default().push(e),
                Kid::Element(_) => {}
            }
        }
    }
    let mut keys_seen: BTreeMap<i64, usize> = BTreeMap::new();
    for (pi, (&page, c)) in pdf.pages.iter().zip(i.pages).enumerate() {
        let at = Place::page(pi + 1);
        let mut in_content: BTreeMap<i64, usize> = BTreeMap::new();
        for m in &c.mcids {
            *in_content.entry(m.mcid).or_default() += 1;
        }
        for (&m, &n) in &in_content {
            if n > 1 {
                out.add(C::ParentTree, at, format!("MCID {m} marks {n} sequences"));
            }
        }
        let key = pdf.dict_of(page).and_then(|d| pdf.int(d, b"StructParents"));
        let entry = key.and_then(|k| tree.parent_tree.get(&k));
        if let Some(k) = key {
            if let Some(other) = keys_seen.insert(k, pi + 1) {
                out.add(
                    C::ParentTree,
                    at,
                    format!("/StructParents {k} is also page {other}'s"),
                );
            }
        }
        let array = match entry {
            Some(ParentEntry::Page(a)) => Some(a),
            Some(ParentEntry::Object(_)) => {
                out.add(
                    C::ParentTree,
                    at,
                    "the page's parent-tree entry is not an array",
                );
                None
            }
            None if !in_content.is_empty() => {
                out.add(
                    C::ParentTree,
                    at,
                    "page with MCIDs has no /StructParents entry in the parent tree",
                );
                None
            }
            None => None,
        };
        for &m in in_content.keys() {
            let claimed = claims.get(&(pi, m)).map(Vec::as_slice).unwrap_or(&[]);
            match claimed.len() {
                0 => out.add(
                    C::ParentTree,
                    at,
                    format!("MCID {m} belongs to no structure element"),
                ),
                1 => {}
                n => out.add(
                    C::ParentTree,
                    at,
                    format!("MCID {m} is claimed by {n} structure elements"),
                ),
            }
            if let Some(a) = array {
                let listed = usize::try_from(m)
                    .ok()
                    .and_then(|k| a.get(k))
                    .copied()
                    .flatten();
                match listed {
                    None => out.add(
                        C::ParentTree,
                        at,
                        format!("MCID {m} has no parent-tree entry"),
                    ),
                    Some(id) => {
                        let owner = tree.by_id.get(&id);
                        if owner.is_none_or(|o| !claimed.contains(o)) {
                            out.add(
                                C::ParentTree,
                                at,
                                format!("the parent tree gives MCID {m} to object {} {}, which does not claim it", id.0, id.1),
                            );
                        }
                    }
                }
            }
        }
        if let Some(a) = array {
            for (m, id) in a.iter().enumerate() {
                if id.is_some() && !in_content.contains_key(&(m as i64)) {
                    out.add(
                        C::ParentTree,
                        at,
                        format!("parent-tree entry for MCID {m} points at no content"),
                    );
                }
            }
        }
    }
    for (&(pi, m), _) in claims.iter().filter(|((pi, m), _)| {
        i.pages
            .get(*pi)
            .is_some_and(|c| !c.mcids.iter().any(|x| x.mcid == *m))
    }) {
        out.add(
            C::ParentTree,
            Place::page(pi + 1),
            format!("a structure element claims MCID {m}, which the content lacks"),
        );
    }
    // Object references, both ways.
    for (obj, owners) in &objrs {
        let at = Place::object(oid(*obj));
        if owners.len() > 1 {
            out.add(
                C::ObjectRef,
                at,
                "annotation referenced by several elements",
            );
        }
        let back = pdf.dict_of(*obj).and_then(|d| struct_parent(i, d));
        if back.is_none_or(|b| !owners.contains(&b)) {
            out.add(
                C::ObjectRef,
                at,
                "object referenced with OBJR whose /StructParent does not lead back",
            );
        }
    }
    for (pi, &page) in pdf.pages.iter().enumerate() {
        for (id, a) in annotations_of(pdf, page) {
            let Some(id) = id else { continue };
            if a.has(b"StructParent") && !objrs.contains_key(&id) {
                out.add(
                    C::ObjectRef,
                    Place {
                        page: Some(pi + 1),
                        object: Some(oid(id)),
                    },
                    "annotation with /StructParent that no OBJR references",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in [
            "en",
            "fa-IR",
            "en-US",
            "x-default",
            "zh-Hant-TW",
            "i-klingon",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "-", "en-", "toolongtag", "1en", "en US", "en_US"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
