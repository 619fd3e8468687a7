//! The checker on deliberately broken files: a good tagged PDF/UA-1 and
//! PDF/A-2u file (see `fixture`) passes every checkpoint, and for each
//! checkpoint there is an edit of that file which fails it. A checkpoint
//! without such an edit fails the test, so no check can be added that is
//! never seen to fail.

mod fixture;

use std::collections::BTreeSet;

use dossier_pdfcheck::{check, Checkpoint as C, Level, Options, Report};
use fixture::Fixture;
use lopdf::{dictionary, Object, Stream};

/// Every check, the identifier included, at PDF/A level U.
fn all() -> Options {
    Options {
        ua: true,
        ua_identification: Some(true),
        pdfa: Some(Level::U),
        no_pdfa: false,
    }
}

fn run(f: &mut Fixture) -> Report {
    check(&f.bytes(), &all()).expect("the fixture stays readable")
}

type Break = fn(&mut Fixture);

/// (checkpoint, what the edit does, the edit).
const CASES: &[(C, &str, Break)] = &[
    (
        C::M01_003,
        "an artifact inside a heading's marked content",
        |f| {
            f.edit_content(
                0,
                "/H1 <</MCID 1>> BDC",
                "/H1 <</MCID 1>> BDC /Artifact BMC 0 0 1 1 re f EMC",
            );
        },
    ),
    (
        C::M01_004,
        "tagged content inside the running header",
        |f| {
            f.edit_content(
                0,
                "/Subtype /Header>> BDC",
                "/Subtype /Header>> BDC /Span <</MCID 9>> BDC EMC",
            );
        },
    ),
    (C::M01_005, "an untagged text run", |f| {
        let run = format!("BT /F1 12 Tf 1 0 0 1 50 100 Tm <{}> Tj ET\n", f.hex("Item"));
        f.append_content(1, &run);
    }),
    (C::M01_005, "an untagged rule", |f| {
        f.append_content(0, "0 0 1 1 re f\n")
    }),
    (C::M01_007, "MarkInfo /Suspects true", |f| {
        f.catalog().set(
            "MarkInfo",
            dictionary! { "Marked" => true, "Suspects" => true },
        );
    }),
    (
        C::M02_001,
        "a non-standard type with no role mapping",
        |f| {
            f.element("P").set("S", "Para");
        },
    ),
    (C::M02_002, "a circular role map", |f| {
        f.element("P").set("S", "Para");
        let root = f.struct_root;
        f.dict(root).set(
            "RoleMap",
            dictionary! { "Para" => "Body", "Body" => "Para" },
        );
    }),
    (C::M02_003, "a standard type remapped", |f| {
        let root = f.struct_root;
        f.dict(root).set("RoleMap", dictionary! { "P" => "Span" });
    }),
    (
        C::M02_004,
        "a non-standard type mapped to a standard one",
        |f| {
            f.element("P").set("S", "Para");
            let root = f.struct_root;
            f.dict(root).set("RoleMap", dictionary! { "Para" => "P" });
        },
    ),
    (C::M06_001, "no metadata stream", |f| {
        f.catalog().remove(b"Metadata");
    }),
    (C::M06_002, "metadata without pdfuaid:part", |f| {
        let mut x = f.xmp.clone();
        x.pdfua_part = None;
        f.set_xmp(x);
    }),
    (C::M06_002, "pdfuaid:part 2", |f| {
        let mut x = f.xmp.clone();
        x.pdfua_part = Some("2".into());
        f.set_xmp(x);
    }),
    (C::M06_003, "metadata without dc:title", |f| {
        let mut x = f.xmp.clone();
        x.title = None;
        f.set_xmp(x);
    }),
    (C::M07_001, "no DisplayDocTitle", |f| {
        f.catalog().set("ViewerPreferences", dictionary! {});
    }),
    (C::M07_002, "DisplayDocTitle false", |f| {
        f.catalog().set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => false },
        );
    }),
    (C::M09_004, "a header cell outside a row", |f| {
        f.element("TR head").set("S", "Div");
    }),
    (C::M09_005, "a list item holding a paragraph", |f| {
        f.element("Lbl").set("S", "P");
    }),
    (C::M09_006, "a TOC entry outside a TOC", |f| {
        f.element("TOC").set("S", "Div");
    }),
    (C::M09_007, "a Ruby holding a paragraph", |f| {
        let ruby = f.add_element("Document", "Ruby", dictionary! {});
        f.add_element_under(ruby, "P");
    }),
    (C::M09_008, "a Warichu holding a paragraph", |f| {
        let w = f.add_element("Document", "Warichu", dictionary! {});
        f.add_element_under(w, "P");
    }),
    (C::M10_001, "a code shown with no ToUnicode entry", |f| {
        let code = f.codes[&'Y'];
        f.set_unicode(code, None);
    }),
    (C::M11_001, "no language anywhere", |f| {
        f.catalog().remove(b"Lang");
    }),
    (C::M11_001, "a language tag that is not one", |f| {
        f.element("Note")
            .set("Lang", Object::string_literal("en_US"));
    }),
    (C::M11_002, "alternative text in no language", |f| {
        f.catalog().remove(b"Lang");
    }),
    (C::M11_003, "outline entries in no language", |f| {
        f.catalog().remove(b"Lang");
    }),
    (C::M11_004, "annotation Contents in no language", |f| {
        f.catalog().remove(b"Lang");
    }),
    (C::M11_005, "a form field tooltip in no language", |f| {
        let field = f.doc.add_object(dictionary! { "FT" => "Tx", "T" => Object::string_literal("f"), "TU" => Object::string_literal("Name") });
        let c = f.catalog();
        c.remove(b"Lang");
        c.set("AcroForm", dictionary! { "Fields" => vec![field.into()] });
    }),
    (C::M11_006, "metadata text in no language", |f| {
        f.catalog().remove(b"Lang");
    }),
    (C::M13_004, "a figure without /Alt", |f| {
        f.element("Figure").remove(b"Alt");
    }),
    (C::M13_004, "a figure with empty /Alt", |f| {
        f.element("Figure").set("Alt", Object::string_literal(" "));
    }),
    (C::M14_002, "the first heading is H2", |f| {
        f.element("H1").set("S", "H2");
    }),
    (C::M14_003, "H1 followed by H3", |f| {
        f.element("H2").set("S", "H3");
    }),
    (C::M14_006, "a section with two H", |f| {
        let sect = f.add_element("Document", "Sect", dictionary! {});
        f.add_element_under(sect, "H");
        f.add_element_under(sect, "H");
    }),
    (C::M14_007, "H beside numbered headings", |f| {
        f.add_element("Document", "H", dictionary! {});
    }),
    (C::M15_003, "TH without /Scope", |f| {
        f.element("TH").remove(b"A");
    }),
    (C::M15_003, "TH with a bad /Scope", |f| {
        f.element("TH")
            .set("A", dictionary! { "O" => "Table", "Scope" => "Cell" });
    }),
    (C::M19_003, "a Note without /ID", |f| {
        f.element("Note").remove(b"ID");
    }),
    (C::M19_004, "two notes with one /ID", |f| {
        f.add_element(
            "Document",
            "Note",
            dictionary! { "ID" => Object::string_literal("note-1") },
        );
    }),
    (
        C::M28_002,
        "a text annotation outside an Annot element",
        |f| {
            f.add_annotation(0, dictionary! {
            "Type" => "Annot", "Subtype" => "Text", "F" => 4, "Contents" => Object::string_literal("n"),
            "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        });
        },
    ),
    (C::M28_004, "an annotation without Contents or Alt", |f| {
        f.add_annotation(
            0,
            dictionary! {
                "Type" => "Annot", "Subtype" => "Square", "F" => 4,
                "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            },
        );
    }),
    (C::M28_007, "a TrapNet annotation", |f| {
        f.add_annotation(
            0,
            dictionary! {
                "Type" => "Annot", "Subtype" => "TrapNet", "F" => 4,
                "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
            },
        );
    }),
    (C::M28_008, "a page with annotations and no /Tabs", |f| {
        let p = f.pages[0];
        f.dict(p).remove(b"Tabs");
    }),
    (C::M28_009, "/Tabs /R", |f| {
        let p = f.pages[0];
        f.dict(p).set("Tabs", "R");
    }),
    (C::M28_010, "a widget outside a Form element", |f| {
        f.add_annotation(
            0,
            dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "F" => 4, "FT" => "Tx",
                "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            },
        );
    }),
    (
        C::M28_011,
        "a link annotation outside a Link element",
        |f| {
            f.element("Link").set("S", "Span");
        },
    ),
    (C::M28_012, "a link annotation without /Contents", |f| {
        let a = f.link_annot;
        f.dict(a).remove(b"Contents");
    }),
    (C::M30_001, "a reference XObject", |f| {
        f.doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
                "Ref" => dictionary! { "F" => Object::string_literal("other.pdf"), "Page" => 0 } },
            Vec::new(),
        ));
    }),
    (C::M31_009, "a font program not embedded", |f| {
        let d = f.descriptor;
        f.dict(d).remove(b"FontFile2");
    }),
    (C::M31_027, "a font without ToUnicode", |f| {
        let font = f.font;
        f.dict(font).remove(b"ToUnicode");
    }),
    (C::M31_028, "a code mapped to U+0000", |f| {
        let code = f.codes[&'Y'];
        f.set_unicode(code, Some("0000"));
    }),
    (C::M31_029, "a code mapped to U+FEFF", |f| {
        let code = f.codes[&'Y'];
        f.set_unicode(code, Some("FEFF"));
    }),
    (C::M31_030, "the .notdef glyph shown", |f| {
        f.edit_content(
            1,
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <",
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <0000",
        );
    }),
    (C::StructTree, "no structure tree", |f| {
        f.catalog().remove(b"StructTreeRoot");
    }),
    (C::StructTree, "MarkInfo /Marked false", |f| {
        f.catalog()
            .set("MarkInfo", dictionary! { "Marked" => false });
    }),
    (
        C::StructParent,
        "an element whose /P is not its parent",
        |f| {
            let table = f.elements["Table"];
            f.element("TD").set("P", table);
        },
    ),
    (C::StructParent, "an element reached twice", |f| {
        let h1 = f.elements["H1"];
        let doc = f.elements["Document"];
        f.push_kid(doc, Object::Reference(h1));
    }),
    (C::ParentTree, "an MCID removed from the content", |f| {
        f.edit_content(0, "/TD <</MCID 5>> BDC", "/TD <<>> BDC");
    }),
    (C::ParentTree, "an MCID used twice in the content", |f| {
        f.edit_content(0, "/TD <</MCID 5>> BDC", "/TD <</MCID 4>> BDC");
    }),
    (
        C::ParentTree,
        "a parent-tree entry naming the wrong element",
        |f| {
            let root = f.struct_root;
            let h1 = f.elements["H1"];
            let link = f.elements["Link"];
            let d = f.dict(root);
            d.set(
            "ParentTree",
            dictionary! { "Nums" => vec![0.into(), vec![h1.into(), h1.into()].into(), 2.into(), link.into()] },
        );
        },
    ),
    (C::ParentTree, "an MCID claimed by two elements", |f| {
        f.element("TH")
            .set("K", vec![Object::Integer(4), Object::Integer(5)]);
    }),
    (C::ParentTree, "a page without /StructParents", |f| {
        let p = f.pages[1];
        f.dict(p).remove(b"StructParents");
    }),
    (
        C::ObjectRef,
        "an annotation whose /StructParent does not lead back",
        |f| {
            let a = f.link_annot;
            f.dict(a).set("StructParent", 7);
        },
    ),
    (
        C::ObjectRef,
        "an annotation with /StructParent that no OBJR names",
        |f| {
            f.element("Link").set("K", vec![Object::Integer(3)]);
        },
    ),
    (C::A2Header, "a PDF 2.0 header", |f| {
        f.doc.version = "2.0".into()
    }),
    (C::A2Header, "no binary comment", |f| {
        f.doc.binary_mark = Vec::new()
    }),
    (C::A2Trailer, "no /ID", |f| {
        f.doc.trailer.remove(b"ID");
    }),
    (C::A2Trailer, "bytes after %%EOF", |f| {
        f.after = b"garbage after the end".to_vec()
    }),
    (C::A2Stream, "an LZW stream", |f| {
        f.doc.add_object(Stream::new(
            dictionary! { "Filter" => "LZWDecode" },
            vec![0x80, 0x0B],
        ));
    }),
    (C::A2Limits, "an integer beyond 32 bits", |f| {
        f.catalog().set("Extra", Object::Integer(1 << 33));
    }),
    (C::A2Limits, "q nested 29 deep", |f| {
        let ops = "q ".repeat(29) + &"Q ".repeat(29) + "\n";
        f.append_content(1, &ops);
    }),
    (C::A2OutputIntent, "no output intent", |f| {
        f.catalog().remove(b"OutputIntents");
    }),
    (
        C::A2OutputIntent,
        "an output profile that is not ICC",
        |f| {
            let icc = f
                .doc
                .add_object(Stream::new(dictionary! { "N" => 3 }, vec![0; 200]));
            f.catalog().set(
            "OutputIntents",
            vec![Object::Dictionary(dictionary! { "Type" => "OutputIntent", "S" => "GTS_PDFA1", "DestOutputProfile" => icc })],
        );
        },
    ),
    (C::A2DeviceColour, "CMYK colour under an RGB intent", |f| {
        f.edit_content(
            1,
            "/Note <</MCID 3>> BDC 0 0 0 rg",
            "/Note <</MCID 3>> BDC 0 0 0 1 k",
        );
    }),
    (C::A2GraphicsState, "a transfer function", |f| {
        let gs = f
            .doc
            .add_object(dictionary! { "Type" => "ExtGState", "TR" => "Identity" });
        f.add_resource(0, "ExtGState", "G0", gs);
    }),
    (C::A2Image, "an interpolated image", |f| {
        f.doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Interpolate" => true },
            vec![0, 0, 0],
        ));
    }),
    (C::A2XObject, "a PostScript XObject", |f| {
        f.doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "PS" },
            b"0 0 moveto".to_vec(),
        ));
    }),
    (C::A2Transparency, "an unknown blend mode", |f| {
        let gs = f
            .doc
            .add_object(dictionary! { "Type" => "ExtGState", "BM" => "Glow" });
        f.add_resource(0, "ExtGState", "G0", gs);
    }),
    (
        C::A2CompositeFont,
        "a CIDFontType2 without CIDToGIDMap",
        |f| {
            let cf = f.cid_font;
            f.dict(cf).remove(b"CIDToGIDMap");
        },
    ),
    (
        C::A2CompositeFont,
        "a CMap neither Identity nor embedded",
        |f| {
            let font = f.font;
            f.dict(font).set("Encoding", "UniGB-UCS2-H");
        },
    ),
    (C::A2FontEmbedded, "a font program not embedded", |f| {
        let d = f.descriptor;
        f.dict(d).remove(b"FontFile2");
    }),
    (C::A2FontEmbedded, "a glyph the program lacks", |f| {
        f.edit_content(
            1,
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <",
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <FFF0",
        );
    }),
    (
        C::A2FontWidths,
        "a /W width the program does not have",
        |f| {
            let code = i64::from(f.codes[&'Y']);
            let cf = f.cid_font;
            f.dict(cf).set(
                "W",
                vec![Object::Integer(code), vec![Object::Integer(1)].into()],
            );
        },
    ),
    (C::A2Unicode, "a font without ToUnicode", |f| {
        let font = f.font;
        f.dict(font).remove(b"ToUnicode");
    }),
    (C::A2Unicode, "a code mapped to U+FFFE", |f| {
        let code = f.codes[&'Y'];
        f.set_unicode(code, Some("FFFE"));
    }),
    (C::A2Notdef, "the .notdef glyph shown", |f| {
        f.edit_content(
            1,
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <",
            "/Note <</MCID 3>> BDC 0 0 0 rg BT /F1 12 Tf 1 0 0 1 50 670 Tm <0000",
        );
    }),
    (C::A2AnnotType, "a 3D annotation", |f| {
        f.add_annotation(0, dictionary! {
            "Type" => "Annot", "Subtype" => "3D", "F" => 4, "Contents" => Object::string_literal("m"),
            "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        });
    }),
    (C::A2AnnotFlags, "a link that does not print", |f| {
        let a = f.link_annot;
        f.dict(a).set("F", 0);
    }),
    (C::A2AnnotFlags, "a link without /F", |f| {
        let a = f.link_annot;
        f.dict(a).remove(b"F");
    }),
    (
        C::A2AnnotAppearance,
        "an annotation without an appearance",
        |f| {
            f.add_annotation(0, dictionary! {
            "Type" => "Annot", "Subtype" => "Square", "F" => 4, "Contents" => Object::string_literal("box"),
            "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        });
        },
    ),
    (C::A2Forms, "NeedAppearances true", |f| {
        f.catalog().set(
            "AcroForm",
            dictionary! { "Fields" => Vec::<Object>::new(), "NeedAppearances" => true },
        );
    }),
    (C::A2Actions, "a JavaScript link", |f| {
        let a = f.link_annot;
        f.dict(a).set(
            "A",
            dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") },
        );
    }),
    (C::A2Actions, "document JavaScript", |f| {
        f.catalog().set(
            "Names",
            dictionary! { "JavaScript" => dictionary! { "Names" => Vec::<Object>::new() } },
        );
    }),
    (C::A2Actions, "page additional actions", |f| {
        let p = f.pages[1];
        f.dict(p).set("AA", dictionary! {});
    }),
    (C::A2External, "a link into another file", |f| {
        let a = f.link_annot;
        f.dict(a).set("A", dictionary! { "S" => "GoToR", "F" => Object::string_literal("other.pdf"), "D" => vec![0.into(), "Fit".into()] });
    }),
    (C::A2External, "a stream kept in another file", |f| {
        f.doc.add_object(Stream::new(
            dictionary! { "F" => Object::string_literal("data.bin") },
            Vec::new(),
        ));
    }),
    (C::A2Metadata, "malformed XMP", |f| {
        f.set_xmp_raw(b"<x:xmpmeta><rdf:RDF>")
    }),
    (C::A2Metadata, "a metadata stream of the wrong type", |f| {
        let m = f.metadata;
        f.dict(m).set("Subtype", "Text");
    }),
    (
        C::A2XmpSchemas,
        "pdfuaid without its extension schema",
        |f| {
            let mut x = f.xmp.clone();
            x.describe_pdfua = false;
            f.set_xmp(x);
        },
    ),
    (
        C::A2XmpSchemas,
        "a property of an undescribed schema",
        |f| {
            let mut x = f.xmp.clone();
            x.extra = "<foo:bar xmlns:foo=\"http://example.org/foo/\">1</foo:bar>\n".into();
            f.set_xmp(x);
        },
    ),
    (C::A2XmpInfo, "Info /Title and dc:title differ", |f| {
        let i = f.info;
        f.dict(i)
            .set("Title", Object::string_literal("Another title"));
    }),
    (
        C::A2XmpInfo,
        "Info /ModDate and xmp:ModifyDate differ",
        |f| {
            let i = f.info;
            f.dict(i)
                .set("ModDate", Object::string_literal("D:20240101000000Z"));
        },
    ),
    (C::A2Identification, "pdfaid:part 1", |f| {
        let mut x = f.xmp.clone();
        x.pdfa_part = Some("1".into());
        f.set_xmp(x);
    }),
    (C::A2Identification, "conformance B checked as U", |f| {
        let mut x = f.xmp.clone();
        x.pdfa_conformance = Some("B".into());
        f.set_xmp(x);
    }),
    (C::A2EmbeddedFiles, "an embedded file", |f| {
        f.catalog().set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => Vec::<Object>::new() } },
        );
    }),
    (
        C::A2OptionalContent,
        "an optional content configuration without a name",
        |f| {
            f.catalog().set(
                "OCProperties",
                dictionary! { "OCGs" => Vec::<Object>::new(), "D" => dictionary! {} },
            );
        },
    ),
    (C::A2Catalog, "a catalog with /Requirements", |f| {
        f.catalog().set("Requirements", Vec::<Object>::new());
    }),
];

#[test]
fn the_good_file_passes_every_checkpoint() {
    let mut f = Fixture::good();
    let report = run(&mut f);
    for finding in &report.findings {
        eprintln!("{finding}");
    }
    assert!(
        report.passed(),
        "{} findings on the good file",
        report.findings.len()
    );
    assert_eq!(
        report.checked,
        C::ALL.to_vec(),
        "every checkpoint is decided"
    );
}

#[test]
fn every_edit_fails_its_checkpoint() {
    let mut missed = Vec::new();
    for (checkpoint, what, edit) in CASES {
        let mut f = Fixture::good();
        edit(&mut f);
        let report = run(&mut f);
        if !report.failed(*checkpoint) {
            let others: BTreeSet<&str> =
                report.findings.iter().map(|x| x.checkpoint.id()).collect();
            missed.push(format!(
                "{checkpoint} not failed by {what} (failed instead: {others:?})"
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn every_checkpoint_has_an_edit_that_fails_it() {
    let covered: BTreeSet<C> = CASES.iter().map(|c| c.0).collect();
    let missing: Vec<&str> = C::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.id())
        .collect();
    assert!(
        missing.is_empty(),
        "checkpoints no broken file fails: {missing:?}"
    );
}

#[test]
fn findings_name_their_page_or_object() {
    let mut f = Fixture::good();
    let run_text = format!("BT /F1 12 Tf 1 0 0 1 50 100 Tm <{}> Tj ET\n", f.hex("Item"));
    f.append_content(1, &run_text);
    f.element("Figure").remove(b"Alt");
    let report = run(&mut f);
    let untagged: Vec<_> = report.of(C::M01_005).collect();
    assert_eq!(untagged.len(), 1);
    assert_eq!(untagged[0].place.page, Some(2));
    let figure = f.elements["Figure"];
    let alt: Vec<_> = report.of(C::M13_004).collect();
    assert_eq!(alt[0].place.object, Some(figure));
    assert!(alt[0]
        .to_string()
        .starts_with("13-004 (ISO 14289-1 7.3): object"));
}

#[test]
fn the_identifier_and_pdfa_are_checked_only_when_claimed() {
    let mut f = Fixture::good();
    let mut x = f.xmp.clone();
    x.pdfua_part = None;
    x.pdfa_part = None;
    x.pdfa_conformance = None;
    x.describe_pdfua = false;
    f.set_xmp(x);
    f.catalog().remove(b"OutputIntents");
    let report = check(&f.bytes(), &Options::claimed()).unwrap();
    assert!(report.passed(), "{:?}", report.findings);
    assert!(!report.checked.contains(&C::M06_002));
    assert!(!report.checked.contains(&C::A2OutputIntent));
    // Claimed, they are checked.
    let report = check(&Fixture::good().bytes(), &Options::claimed()).unwrap();
    assert!(report.passed(), "{:?}", report.findings);
    assert!(report.checked.contains(&C::M06_002));
    assert!(report.checked.contains(&C::A2Unicode));
}

#[test]
fn compressed_content_is_read() {
    use std::io::Write;
    let mut f = Fixture::good();
    let id = f.contents[0];
    let raw = f.content(0);
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(raw.as_bytes()).unwrap();
    let packed = enc.finish().unwrap();
    f.doc.objects.insert(
        id,
        Object::Stream(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            packed,
        )),
    );
    let report = run(&mut f);
    assert!(report.passed(), "{:?}", report.findings);
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(check(b"not a pdf", &all()).is_err());
    let mut bytes = Fixture::good().bytes();
    bytes.truncate(bytes.len() / 3);
    let _ = check(&bytes, &all());
}
