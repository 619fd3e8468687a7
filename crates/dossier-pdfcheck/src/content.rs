//! Content streams read back operator by operator (lopdf's
//! `Content::decode`): which painting operators run inside which marked
//! content, the MCIDs in stream order, the text shown with each font, the
//! graphics-state nesting and the device colour spaces used. Form
//! XObjects are followed into, with the marked content that surrounds the
//! `Do`.

use std::collections::BTreeSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};

use crate::reader::{stream_bytes, Pdf};

/// A marked-content sequence that carries an MCID.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mcid {
    pub mcid: i64,
    pub tag: Vec<u8>,
}

/// Text shown by one text-showing operator.
#[derive(Debug, Clone)]
pub(crate) struct TextShow {
    /// The font dictionary, when it is an indirect object.
    pub font: Option<ObjectId>,
    /// The string operands' bytes, concatenated.
    pub bytes: Vec<u8>,
    /// Text rendering mode (3 is invisible).
    pub mode: i64,
    /// The innermost MCID around the text.
    pub mcid: Option<i64>,
    /// True when a marked-content property list around the text has `/Lang`.
    pub lang: bool,
}

/// Device colour spaces, as PDF/A-2 6.2.4.3 distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DeviceSpace {
    Gray,
    Rgb,
    Cmyk,
}

/// What one page's content does.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub mcids: Vec<Mcid>,
    /// Painting operators outside both tagged content and artifacts (the
    /// first few, by operator).
    pub untagged: Vec<String>,
    pub untagged_count: usize,
    pub artifact_in_tagged: usize,
    pub tagged_in_artifact: usize,
    pub text: Vec<TextShow>,
    pub max_q_depth: usize,
    pub device_spaces: BTreeSet<DeviceSpace>,
    /// XObjects drawn (images and forms).
    pub xobjects: BTreeSet<ObjectId>,
    /// Graphics states set with `gs`.
    pub ext_gstates: BTreeSet<ObjectId>,
    /// The content could not be decoded.
    pub error: Option<String>,
    /// `BMC`/`BDC` without `EMC`, or `EMC` without an open sequence.
    pub unbalanced: bool,
}

#[derive(Debug, Clone)]
enum Marked {
    Artifact,
    Tagged(i64),
    Other { lang: bool },
}

struct Walker<'p, 'a> {
    pdf: &'p Pdf<'a>,
    out: PageContent,
    stack: Vec<Marked>,
    q_depth: usize,
    mode: Vec<i64>,
    font: Option<ObjectId>,
    /// The font of each `q` still open, which its `Q` restores: the font
    /// is part of the graphics state.
    saved_fonts: Vec<Option<ObjectId>>,
    forms: Vec<ObjectId>,
}

/// Painting operators: each puts marks on the page.
fn paints(op: &str) -> bool {
    matches!(
        op,
        "Tj" | "TJ"
            | "'"
            | "\""
            | "S"
            | "s"
            | "f"
            | "F"
            | "f*"
            | "B"
            | "B*"
            | "b"
            | "b*"
            | "sh"
            | "BI"
            | "EI"
    )
}

/// Reads page `page`'s content.
pub(crate) fn page_content(pdf: &Pdf, page: ObjectId) -> PageContent {
    let mut w = Walker {
        pdf,
        out: PageContent::default(),
        stack: Vec::new(),
        q_depth: 0,
        mode: vec![0],
        font: None,
        saved_fonts: Vec::new(),
        forms: Vec::new(),
    };
    let bytes = pdf.page_content(page);
    let res = pdf.resources(page);
    w.run(&bytes, res);
    if !w.stack.is_empty() {
        w.out.unbalanced = true;
    }
    w.out
}

impl Walker<'_, '_> {
    fn tagged(&self) -> Option<i64> {
        self.stack.iter().rev().find_map(|m| match m {
            Marked::Tagged(id) => Some(*id),
            _ => None,
        })
    }

    fn in_artifact(&self) -> bool {
        self.stack.iter().any(|m| matches!(m, Marked::Artifact))
    }

    fn has_lang(&self) -> bool {
        self.stack
            .iter()
            .any(|m| matches!(m, Marked::Other { lang: true }))
    }

    fn run(&mut self, bytes: &[u8], res: Option<&Dictionary>) {
        let content = match Content::decode(bytes) {
            Ok(c) => c,
            Err(e) => {
                self.out.error = Some(e.to_string());
                return;
            }
        };
        for op in &content.operations {
            self.op(&op.operator, &op.operands, res);
        }
    }

    fn painted(&mut self, op: &str) {
        if self.tagged().is_none() && !self.in_artifact() {
            self.out.untagged_count += 1;
            if self.out.untagged.len() < 5 && !self.out.untagged.iter().any(|o| o == op) {
                self.out.untagged.push(op.to_string());
            }
        }
    }

    fn begin(&mut self, tag: &[u8], props: Option<&Dictionary>) {
        if tag == b"Artifact" {
            if self.tagged().is_some() {
                self.out.artifact_in_tagged += 1;
            }
            self.stack.push(Marked::Artifact);
            return;
        }
        let mcid = props.and_then(|p| match p.get(b"MCID").map(|o| self.pdf.resolve(o)) {
            Ok(Object::Integer(i)) => Some(*i),
            _ => None,
        });
        match mcid {
            Some(id) => {
                if self.in_artifact() {
                    self.out.tagged_in_artifact += 1;
                }
                self.out.mcids.push(Mcid {
                    mcid: id,
                    tag: tag.to_vec(),
                });
                self.stack.push(Marked::Tagged(id));
            }
            None => {
                let lang = props.is_some_and(|p| p.has(b"Lang"));
                self.stack.push(Marked::Other { lang });
            }
        }
    }

    fn resource<'r>(
        &'r self,
        res: Option<&'r Dictionary>,
        kind: &[u8],
        name: &[u8],
    ) -> Option<&'r Object> {
        let dict = self.pdf.dict(res?, kind)?;
        dict.get(name).ok()
    }

    fn op(&mut self, op: &str, operands: &[Object], res: Option<&Dictionary>) {
        match op {
            "BMC" => {
                let tag = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .unwrap_or(b"");
                self.begin(tag, None);
            }
            "BDC" => {
                let tag = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .unwrap_or(b"")
                    .to_vec();
                let props = match operands.get(1) {
                    Some(Object::Dictionary(d)) => Some(d.clone()),
                    Some(Object::Name(n)) => self
                        .resource(res, b"Properties", n)
                        .map(|o| self.pdf.resolve(o))
                        .and_then(|o| o.as_dict().ok())
                        .cloned(),
                    _ => None,
                };
                self.begin(&tag, props.as_ref());
            }
            "EMC" => {
                let closed = self.stack.pop();
                self.out.unbalanced |= closed.is_none();
            }
            "q" => {
                self.q_depth += 1;
                self.out.max_q_depth = self.out.max_q_depth.max(self.q_depth);
                let m = self.mode.last().copied().unwrap_or(0);
                self.mode.push(m);
                self.saved_fonts.push(self.font);
            }
            "Q" => {
                self.q_depth = self.q_depth.saturating_sub(1);
                if let Some(font) = self.saved_fonts.pop() {
                    self.font = font;
                }
                if self.mode.len() > 1 {
                    self.mode.pop();
                }
            }
            "Tr" => {
                if let (Some(m), Some(Object::Integer(v))) =
                    (self.mode.last_mut(), operands.first())
                {
                    *m = *v;
                }
            }
            "Tf" => {
                self.font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| self.resource(res, b"Font", n))
                    .and_then(|o| o.as_reference().ok());
            }
            "rg" | "RG" => {
                self.out.device_spaces.insert(DeviceSpace::Rgb);
            }
            "g" | "G" => {
                self.out.device_spaces.insert(DeviceSpace::Gray);
            }
            "k" | "K" => {
                self.out.device_spaces.insert(DeviceSpace::Cmyk);
            }
            "cs" | "CS" => {
                if let Some(Ok(n)) = operands.first().map(|o| o.as_name()) {
                    match n {
                        b"DeviceRGB" => self.out.device_spaces.insert(DeviceSpace::Rgb),
                        b"DeviceGray" => self.out.device_spaces.insert(DeviceSpace::Gray),
                        b"DeviceCMYK" => self.out.device_spaces.insert(DeviceSpace::Cmyk),
                        _ => false,
                    };
                }
            }
            "gs" => {
                if let Some(id) = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| self.resource(res, b"ExtGState", n))
                    .and_then(|o| o.as_reference().ok())
                {
                    self.out.ext_gstates.insert(id);
                }
            }
            "Do" => self.draw_xobject(operands, res),
            _ => {}
        }
        if matches!(op, "Tj" | "TJ" | "'" | "\"") {
            let mut bytes = Vec::new();
            for o in operands {
                collect_strings(o, &mut bytes);
            }
            self.out.text.push(TextShow {
                font: self.font,
                bytes,
                mode: self.mode.last().copied().unwrap_or(0),
                mcid: self.tagged(),
                lang: self.has_lang(),
            });
        }
        if paints(op) {
            self.painted(op);
        }
    }

    fn draw_xobject(&mut self, operands: &[Object], res: Option<&Dictionary>) {
        let Some(name) = operands.first().and_then(|o| o.as_name().ok()) else {
            return;
        };
        let Some(id) = self
            .resource(res, b"XObject", name)
            .and_then(|o| o.as_reference().ok())
        else {
            self.painted("Do");
            return;
        };
        self.out.xobjects.insert(id);
        let Ok(Object::Stream(s)) = self.pdf.doc.get_object(id) else {
            self.painted("Do");
            return;
        };
        let form = s.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(b"Form");
        if !form {
            if let Some(cs) = self.pdf.get(&s.dict, b"ColorSpace") {
                match cs {
                    Object::Name(n) if n == b"DeviceRGB" => {
                        self.out.device_spaces.insert(DeviceSpace::Rgb);
                    }
                    Object::Name(n) if n == b"DeviceGray" => {
                        self.out.device_spaces.insert(DeviceSpace::Gray);
                    }
                    Object::Name(n) if n == b"DeviceCMYK" => {
                        self.out.device_spaces.insert(DeviceSpace::Cmyk);
                    }
                    _ => {}
                }
            }
            self.painted("Do");
            return;
        }
        if self.forms.contains(&id) || self.forms.len() >= 16 {
            return;
        }
        self.forms.push(id);
        let bytes = stream_bytes(s);
        let inner = self.pdf.dict(&s.dict, b"Resources").or(res);
        self.run(&bytes, inner);
        self.forms.pop();
    }
}

fn collect_strings(o: &Object, out: &mut Vec<u8>) {
    match o {
        Object::String(b, _) => out.extend_from_slice(b),
        Object::Array(a) => a.iter().for_each(|o| collect_strings(o, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document, Stream};

    fn one_page(content: &[u8]) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let c = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", cat);
        (doc, page)
    }

    #[test]
    fn marks_and_mcids() {
        let (doc, page) = one_page(
            b"/P <</MCID 0>> BDC 0 0 m 1 1 l S EMC \
              /Artifact BMC 0 0 1 1 re f EMC \
              0 0 1 1 re f \
              /P <</MCID 1>> BDC /Artifact BMC 0 0 1 1 re f EMC EMC \
              /Artifact BMC /Span <</MCID 2>> BDC 0 0 1 1 re f EMC EMC \
              q q 1 0 0 rg Q Q",
        );
        let pdf = Pdf::new(&doc);
        let c = page_content(&pdf, page);
        assert_eq!(
            c.mcids.iter().map(|m| m.mcid).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(c.untagged_count, 1);
        assert_eq!(c.untagged, ["f"]);
        assert_eq!(c.artifact_in_tagged, 1);
        assert_eq!(c.tagged_in_artifact, 1);
        assert_eq!(c.max_q_depth, 2);
        assert!(c.device_spaces.contains(&DeviceSpace::Rgb));
        assert!(!c.unbalanced);
    }

    #[test]
    fn unbalanced_and_garbage_do_not_panic() {
        let (doc, page) = one_page(b"/P <</MCID 0>> BDC EMC EMC /X BDC");
        let c = page_content(&Pdf::new(&doc), page);
        assert!(c.unbalanced);
        let (doc, page) = one_page(b"(((((( BT ] >> <<");
        let _ = page_content(&Pdf::new(&doc), page);
    }
}
