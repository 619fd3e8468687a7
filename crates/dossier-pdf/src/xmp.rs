//! The XMP metadata packet of the catalog: the same title, author,
//! subject, keywords, tools and dates as the `/Info` dictionary (PDF/A
//! requires the two to agree, PDF/UA requires `dc:title`), the document's
//! language, and the identification of each standard the file declares
//! (`pdfuaid:part`, `pdfaid:part` and `pdfaid:conformance`). PDF/A-2
//! predefines no schema for `pdfuaid`, so the packet describes it with an
//! extension schema.

use crate::standard::Standards;

/// What the packet says; each text is the one `/Info` holds.
pub(crate) struct XmpFields<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a str,
    pub creator_tool: &'a str,
    pub producer: &'a str,
    pub lang: &'a str,
    /// ISO 8601 date-time of creation (and modification).
    pub date: Option<String>,
    pub standards: Standards,
}

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The packet, as UTF-8 bytes, without padding.
pub(crate) fn packet(f: &XmpFields) -> Vec<u8> {
    let mut s = String::with_capacity(2048);
    s.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    s.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    s.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    s.push_str(
        "<rdf:Description rdf:about=\"\"\n\
         \x20 xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \x20 xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
         \x20 xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
    );
    if f.standards.pdfa2.is_some() {
        s.push_str("\n  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    if f.standards.ua1 {
        s.push_str("\n  xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    }
    s.push_str(">\n");
    let alt = |name: &str, text: &str| {
        format!(
            "<dc:{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{name}>\n",
            esc(text)
        )
    };
    s.push_str(&alt("title", f.title));
    if !f.author.is_empty() {
        s.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(f.author)
        ));
    }
    if !f.subject.is_empty() {
        s.push_str(&alt("description", f.subject));
    }
    if !f.lang.is_empty() {
        s.push_str(&format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            esc(f.lang)
        ));
    }
    s.push_str("<dc:format>application/pdf</dc:format>\n");
    if !f.keywords.is_empty() {
        s.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            esc(f.keywords)
        ));
    }
    s.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n",
        esc(f.producer)
    ));
    s.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        esc(f.creator_tool)
    ));
    if let Some(d) = &f.date {
        for key in ["CreateDate", "ModifyDate", "MetadataDate"] {
            s.push_str(&format!("<xmp:{key}>{d}</xmp:{key}>\n"));
        }
    }
    if let Some(level) = f.standards.pdfa2 {
        s.push_str("<pdfaid:part>2</pdfaid:part>\n");
        s.push_str(&format!(
            "<pdfaid:conformance>{}</pdfaid:conformance>\n",
            level.letter()
        ));
    }
    if f.standards.ua1 {
        s.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    }
    s.push_str("</rdf:Description>\n");
    if f.standards.ua1 && f.standards.pdfa2.is_some() {
        s.push_str(PDFUA_EXTENSION);
    }
    s.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    s.into_bytes()
}

/// The PDF/A extension schema that describes `pdfuaid:part`.
const PDFUA_EXTENSION: &str = "<rdf:Description rdf:about=\"\"\n\
  xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n\
  xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n\
  xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaProperty:name>part</pdfaProperty:name>\n\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n\
<pdfaProperty:category>internal</pdfaProperty:category>\n\
<pdfaProperty:description>Indicates which part of ISO 14289 the document conforms to</pdfaProperty:description>\n\
</rdf:li></rdf:Seq></pdfaSchema:property>\n\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n\
</rdf:Description>\n";

/// Seconds since the epoch as an XMP date (`2023-11-14T22:13:20Z`).
pub(crate) fn xmp_date(epoch: i64) -> String {
    let (y, m, d) = civil(epoch.div_euclid(86_400));
    let secs = epoch.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::PdfALevel;

    fn fields(standards: Standards) -> XmpFields<'static> {
        XmpFields {
            title: "A & B <report>",
            author: "Someone",
            subject: "",
            keywords: "one, two",
            creator_tool: "dossier",
            producer: "dossier-pdf",
            lang: "fa-IR",
            date: Some(xmp_date(1_700_000_000)),
            standards,
        }
    }

    #[test]
    fn dates() {
        assert_eq!(xmp_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(xmp_date(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn identification_follows_the_standards() {
        let plain = String::from_utf8(packet(&fields(Standards::NONE))).unwrap();
        assert!(plain.contains("A &amp; B &lt;report&gt;"));
        assert!(!plain.contains("pdfaid") && !plain.contains("pdfuaid"));
        assert!(!plain.contains("dc:description"));
        let both = Standards {
            ua1: true,
            pdfa2: Some(PdfALevel::U),
        };
        let s = String::from_utf8(packet(&fields(both))).unwrap();
        assert!(s.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(s.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        assert!(s.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(s.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        let ua = String::from_utf8(packet(&fields(Standards {
            ua1: true,
            pdfa2: None,
        })))
        .unwrap();
        assert!(ua.contains("pdfuaid:part") && !ua.contains("pdfaExtension"));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(esc("a\u{1}b\tc\u{FFFF}"), "ab\tc");
    }
}
