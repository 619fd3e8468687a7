//! The XMP metadata packet read back: its top-level properties (simple
//! values, language alternatives, sequences and bags), the extension
//! schemas it describes (PDF/A-2 6.6.2.3), and the packet header's
//! attributes.

use std::collections::BTreeSet;

pub(crate) const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub(crate) const DC: &str = "http://purl.org/dc/elements/1.1/";
pub(crate) const XMP: &str = "http://ns.adobe.com/xap/1.0/";
pub(crate) const PDF: &str = "http://ns.adobe.com/pdf/1.3/";
pub(crate) const PDFAID: &str = "http://www.aiim.org/pdfa/ns/id/";
pub(crate) const PDFUAID: &str = "http://www.aiim.org/pdfua/ns/id/";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const EXTENSION: &str = "http://www.aiim.org/pdfa/ns/extension/";
const SCHEMA: &str = "http://www.aiim.org/pdfa/ns/schema#";
const PROPERTY: &str = "http://www.aiim.org/pdfa/ns/property#";

/// Schemas PDF/A-2 takes as predefined (the XMP specification of 2005 and
/// ISO 19005): their properties need no extension schema.
const PREDEFINED: &[&str] = &[
    DC,
    XMP,
    PDF,
    PDFAID,
    "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/",
    "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
    "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/",
    "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    EXTENSION,
];

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    /// `rdf:Alt`: (xml:lang, text) items.
    Alt(Vec<(Option<String>, String)>),
    /// `rdf:Seq` or `rdf:Bag` items.
    List(Vec<String>),
    /// A structure or anything else.
    Other,
}

impl Value {
    /// The simple value, or the x-default (else first) alternative, or the
    /// only list item.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            Value::Alt(items) => items
                .iter()
                .find(|(l, _)| l.as_deref() == Some("x-default"))
                .or(items.first())
                .map(|(_, t)| t.as_str()),
            Value::List(items) if items.len() == 1 => Some(&items[0]),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Property {
    pub ns: String,
    pub name: String,
    pub value: Value,
}

/// A parsed packet.
#[derive(Debug, Default)]
pub(crate) struct Xmp {
    pub properties: Vec<Property>,
    /// (namespace, property) pairs described by extension schemas.
    pub described: BTreeSet<(String, String)>,
    /// The `xpacket` header has a `bytes` or an `encoding` attribute.
    pub header_attributes: Vec<String>,
}

impl Xmp {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Xmp, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
        let text = text.trim_start_matches('\u{FEFF}');
        let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        let mut xmp = Xmp::default();
        for node in doc.descendants() {
            if let Some(pi) = node.pi() {
                if pi.target == "xpacket" {
                    let v = pi.value.unwrap_or("");
                    for attr in ["bytes", "encoding"] {
                        if v.split_whitespace()
                            .any(|kv| kv.starts_with(&format!("{attr}=")))
                        {
                            xmp.header_attributes.push(attr.to_string());
                        }
                    }
                }
            }
        }
        for desc in doc.descendants().filter(|n| {
            n.is_element()
                && n.tag_name().namespace() == Some(RDF)
                && n.tag_name().name() == "Description"
        }) {
            // Only descriptions directly under rdf:RDF hold top-level properties.
            let top = desc.parent_element().is_some_and(|p| {
                p.tag_name().namespace() == Some(RDF) && p.tag_name().name() == "RDF"
            });
            if !top {
                continue;
            }
            for a in desc.attributes() {
                let Some(ns) = a.namespace() else { continue };
                if ns == RDF || ns == XML {
                    continue;
                }
                xmp.properties.push(Property {
                    ns: ns.to_string(),
                    name: a.name().to_string(),
                    value: Value::Text(a.value().to_string()),
                });
            }
            for child in desc.children().filter(|n| n.is_element()) {
                let ns = child.tag_name().namespace().unwrap_or("").to_string();
                let name = child.tag_name().name().to_string();
                let value = value_of(child);
                if ns == EXTENSION && name == "schemas" {
                    describe(child, &mut xmp.described);
                }
                xmp.properties.push(Property { ns, name, value });
            }
        }
        Ok(xmp)
    }

    pub(crate) fn get(&self, ns: &str, name: &str) -> Option<&Value> {
        self.properties
            .iter()
            .find(|p| p.ns == ns && p.name == name)
            .map(|p| &p.value)
    }

    /// Properties neither predefined nor described by an extension schema.
    pub(crate) fn undescribed(&self) -> Vec<&Property> {
        self.properties
            .iter()
            .filter(|p| {
                !PREDEFINED.contains(&p.ns.as_str())
                    && !self.described.contains(&(p.ns.clone(), p.name.clone()))
            })
            .collect()
    }
}

fn value_of(node: roxmltree::Node) -> Value {
    let Some(inner) = node.children().find(|n| n.is_element()) else {
        return Value::Text(node.text().unwrap_or("").to_string());
    };
    if inner.tag_name().namespace() != Some(RDF) {
        return Value::Other;
    }
    let items = inner
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "li");
    match inner.tag_name().name() {
        "Alt" => Value::Alt(
            items
                .map(|li| {
                    (
                        li.attribute((XML, "lang")).map(str::to_string),
                        li.text().unwrap_or("").to_string(),
                    )
                })
                .collect(),
        ),
        "Seq" | "Bag" => Value::List(
            items
                .map(|li| li.text().unwrap_or("").to_string())
                .collect(),
        ),
        _ => Value::Other,
    }
}

/// Records the (namespace, property) pairs of `pdfaExtension:schemas`.
fn describe(schemas: roxmltree::Node, out: &mut BTreeSet<(String, String)>) {
    for schema in schemas
        .descendants()
        .filter(|n| {
            n.is_element() && n.tag_name().name() == "li" && n.tag_name().namespace() == Some(RDF)
        })
        .filter(|li| {
            li.children().any(|c| {
                c.tag_name().namespace() == Some(SCHEMA) && c.tag_name().name() == "namespaceURI"
            })
        })
    {
        let field = |n: roxmltree::Node, ns: &str, name: &str| {
            n.children()
                .find(|c| c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
                .and_then(|c| c.text())
                .map(str::to_string)
        };
        let Some(uri) = field(schema, SCHEMA, "namespaceURI") else {
            continue;
        };
        for prop in schema
            .descendants()
            .filter(|n| n.tag_name().name() == "li")
            .filter_map(|li| field(li, PROPERTY, "name"))
        {
            out.insert((uri.clone(), prop));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>A</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="r"?>"#;

    #[test]
    fn properties() {
        let x = Xmp::parse(PACKET.as_bytes()).unwrap();
        assert_eq!(x.get(DC, "title").and_then(Value::text), Some("T"));
        assert_eq!(x.get(DC, "creator").and_then(Value::text), Some("A"));
        assert_eq!(x.get(PDFUAID, "part").and_then(Value::text), Some("1"));
        assert!(x.header_attributes.is_empty());
        // pdfuaid is not predefined in PDF/A-2 and is not described here.
        assert_eq!(x.undescribed().len(), 1);
    }

    #[test]
    fn malformed() {
        assert!(Xmp::parse(b"<x:xmpmeta").is_err());
        assert!(Xmp::parse(&[0xFF, 0xFE]).is_err());
    }
}
