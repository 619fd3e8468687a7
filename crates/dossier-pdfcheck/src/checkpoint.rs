//! The checkpoints this crate decides, with the clause each comes from,
//! and the findings and report a check produces.
//!
//! Three families:
//! - Matterhorn Protocol failure conditions (PDF/UA-1, ISO 14289-1), named
//!   by their Matterhorn index (`01-005`);
//! - structure checks that Matterhorn leaves to the underlying standard
//!   (ISO 32000-1 14.7): a structure tree exists, every element knows its
//!   parent, and the parent tree and the content agree MCID for MCID;
//! - PDF/A-2 requirements (ISO 19005-2), named by their clause (`6.2.3`).

use std::fmt;

/// Which standard a checkpoint belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// PDF/UA-1, as the Matterhorn Protocol 1.1 enumerates its failure conditions.
    Matterhorn,
    /// Logical structure (ISO 32000-1 14.7), which PDF/UA-1 builds on.
    Structure,
    /// PDF/A-2 (ISO 19005-2).
    PdfA2,
}

macro_rules! checkpoints {
    ($($variant:ident => ($id:literal, $family:ident, $clause:literal, $title:literal),)*) => {
        /// One machine-checkable requirement.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Checkpoint {
            $(#[doc = $title] $variant,)*
        }

        impl Checkpoint {
            /// Every checkpoint, in the order of the standards.
            pub const ALL: &'static [Checkpoint] = &[$(Checkpoint::$variant,)*];

            /// The checkpoint's name: a Matterhorn index, a PDF/A-2
            /// clause, or a structure check's name.
            pub fn id(self) -> &'static str {
                match self { $(Checkpoint::$variant => $id,)* }
            }

            pub fn family(self) -> Family {
                match self { $(Checkpoint::$variant => Family::$family,)* }
            }

            /// The clause of the standard the checkpoint tests.
            pub fn clause(self) -> &'static str {
                match self { $(Checkpoint::$variant => $clause,)* }
            }

            /// What fails, in a few words.
            pub fn title(self) -> &'static str {
                match self { $(Checkpoint::$variant => $title,)* }
            }
        }
    };
}

checkpoints! {
    M01_003 => ("01-003", Matterhorn, "ISO 14289-1 7.1", "artifact inside tagged content"),
    M01_004 => ("01-004", Matterhorn, "ISO 14289-1 7.1", "tagged content inside an artifact"),
    M01_005 => ("01-005", Matterhorn, "ISO 14289-1 7.1", "content neither tagged nor marked as an artifact"),
    M01_007 => ("01-007", Matterhorn, "ISO 14289-1 7.1", "MarkInfo /Suspects is true"),
    M02_001 => ("02-001", Matterhorn, "ISO 14289-1 7.1", "non-standard structure type not mapped to a standard type"),
    M02_002 => ("02-002", Matterhorn, "ISO 14289-1 7.1", "circular role mapping"),
    M02_003 => ("02-003", Matterhorn, "ISO 14289-1 7.1", "standard structure type remapped"),
    M02_004 => ("02-004", Matterhorn, "ISO 14289-1 7.1", "non-standard structure type whose mapping a person would have to judge"),
    M06_001 => ("06-001", Matterhorn, "ISO 14289-1 7.1", "no XMP metadata stream in the catalog"),
    M06_002 => ("06-002", Matterhorn, "ISO 14289-1 5", "metadata without the PDF/UA identifier"),
    M06_003 => ("06-003", Matterhorn, "ISO 14289-1 7.1", "metadata without dc:title"),
    M07_001 => ("07-001", Matterhorn, "ISO 14289-1 7.1", "ViewerPreferences without DisplayDocTitle"),
    M07_002 => ("07-002", Matterhorn, "ISO 14289-1 7.1", "DisplayDocTitle is false"),
    M09_004 => ("09-004", Matterhorn, "ISO 14289-1 7.2", "table element nested against ISO 32000-1 14.8.4.3.4"),
    M09_005 => ("09-005", Matterhorn, "ISO 14289-1 7.2", "list element nested against ISO 32000-1 14.8.4.3.3"),
    M09_006 => ("09-006", Matterhorn, "ISO 14289-1 7.2", "TOC element nested against ISO 32000-1 14.8.4.3.2"),
    M09_007 => ("09-007", Matterhorn, "ISO 14289-1 7.2", "Ruby element nested wrongly"),
    M09_008 => ("09-008", Matterhorn, "ISO 14289-1 7.2", "Warichu element nested wrongly"),
    M10_001 => ("10-001", Matterhorn, "ISO 14289-1 7.2", "character code without a Unicode value"),
    M11_001 => ("11-001", Matterhorn, "ISO 14289-1 7.2", "language of page content cannot be determined"),
    M11_002 => ("11-002", Matterhorn, "ISO 14289-1 7.2", "language of Alt, ActualText or E cannot be determined"),
    M11_003 => ("11-003", Matterhorn, "ISO 14289-1 7.2", "language of outline entries cannot be determined"),
    M11_004 => ("11-004", Matterhorn, "ISO 14289-1 7.2", "language of annotation Contents cannot be determined"),
    M11_005 => ("11-005", Matterhorn, "ISO 14289-1 7.2", "language of form field TU cannot be determined"),
    M11_006 => ("11-006", Matterhorn, "ISO 14289-1 7.2", "language of the metadata cannot be determined"),
    M13_004 => ("13-004", Matterhorn, "ISO 14289-1 7.3", "Figure without alternative text"),
    M14_002 => ("14-002", Matterhorn, "ISO 14289-1 7.4.2", "first numbered heading is not H1"),
    M14_003 => ("14-003", Matterhorn, "ISO 14289-1 7.4.2", "numbered heading level skipped"),
    M14_006 => ("14-006", Matterhorn, "ISO 14289-1 7.4.4", "node with more than one H"),
    M14_007 => ("14-007", Matterhorn, "ISO 14289-1 7.4.4", "both H and numbered headings used"),
    M15_003 => ("15-003", Matterhorn, "ISO 14289-1 7.5", "TH without Scope in a table without Headers"),
    M19_003 => ("19-003", Matterhorn, "ISO 14289-1 7.9", "Note without ID"),
    M19_004 => ("19-004", Matterhorn, "ISO 14289-1 7.9", "Note ID not unique"),
    M28_002 => ("28-002", Matterhorn, "ISO 14289-1 7.18.1", "annotation not in an Annot element"),
    M28_004 => ("28-004", Matterhorn, "ISO 14289-1 7.18.1", "annotation without Contents or Alt"),
    M28_007 => ("28-007", Matterhorn, "ISO 14289-1 7.18.2", "TrapNet annotation"),
    M28_008 => ("28-008", Matterhorn, "ISO 14289-1 7.18.3", "page with annotations has no Tabs"),
    M28_009 => ("28-009", Matterhorn, "ISO 14289-1 7.18.3", "page Tabs is not S"),
    M28_010 => ("28-010", Matterhorn, "ISO 14289-1 7.18.4", "Widget annotation not in a Form element"),
    M28_011 => ("28-011", Matterhorn, "ISO 14289-1 7.18.5", "Link annotation not in a Link element"),
    M28_012 => ("28-012", Matterhorn, "ISO 14289-1 7.18.5", "Link annotation without Contents"),
    M30_001 => ("30-001", Matterhorn, "ISO 14289-1 7.20", "reference XObject"),
    M31_009 => ("31-009", Matterhorn, "ISO 14289-1 7.21.4.1", "font program not embedded"),
    M31_027 => ("31-027", Matterhorn, "ISO 14289-1 7.21.7", "font without a ToUnicode map"),
    M31_028 => ("31-028", Matterhorn, "ISO 14289-1 7.21.7", "ToUnicode value U+0000"),
    M31_029 => ("31-029", Matterhorn, "ISO 14289-1 7.21.7", "ToUnicode value U+FEFF or U+FFFE"),
    M31_030 => ("31-030", Matterhorn, "ISO 14289-1 7.21.8", ".notdef glyph shown"),
    StructTree => ("struct-tree", Structure, "ISO 32000-1 14.7.2", "no structure tree, or MarkInfo /Marked not true"),
    StructParent => ("struct-parent", Structure, "ISO 32000-1 14.7.2", "structure element whose /P is not its parent"),
    ParentTree => ("parent-tree", Structure, "ISO 32000-1 14.7.4.4", "MCIDs and parent tree disagree"),
    ObjectRef => ("objr", Structure, "ISO 32000-1 14.7.4.3", "object reference and StructParent disagree"),
    A2Header => ("6.1.2", PdfA2, "ISO 19005-2 6.1.2", "file header"),
    A2Trailer => ("6.1.3", PdfA2, "ISO 19005-2 6.1.3", "trailer: ID, no encryption, nothing after %%EOF"),
    A2Stream => ("6.1.7", PdfA2, "ISO 19005-2 6.1.7", "stream with an external file or a forbidden filter"),
    A2Limits => ("6.1.13", PdfA2, "ISO 19005-2 6.1.13", "implementation limit exceeded"),
    A2OutputIntent => ("6.2.3", PdfA2, "ISO 19005-2 6.2.3", "no valid PDF/A output intent"),
    A2DeviceColour => ("6.2.4.3", PdfA2, "ISO 19005-2 6.2.4.3", "device colour space the output intent does not cover"),
    A2GraphicsState => ("6.2.5", PdfA2, "ISO 19005-2 6.2.5", "graphics state with TR, TR2 or HTP"),
    A2Image => ("6.2.8", PdfA2, "ISO 19005-2 6.2.8", "image with Alternates, OPI, Interpolate or a bad bit depth"),
    A2XObject => ("6.2.9", PdfA2, "ISO 19005-2 6.2.9", "reference, PostScript or OPI XObject"),
    A2Transparency => ("6.2.10", PdfA2, "ISO 19005-2 6.2.10", "blend mode or transparency group not allowed"),
    A2CompositeFont => ("6.2.11.3", PdfA2, "ISO 19005-2 6.2.11.3", "composite font without CIDToGIDMap or with an unembedded CMap"),
    A2FontEmbedded => ("6.2.11.4", PdfA2, "ISO 19005-2 6.2.11.4", "font program not embedded, or a shown glyph missing from it"),
    A2FontWidths => ("6.2.11.5", PdfA2, "ISO 19005-2 6.2.11.5", "glyph width differs from the font program"),
    A2Unicode => ("6.2.11.7", PdfA2, "ISO 19005-2 6.2.11.7.2", "character code without a valid Unicode value"),
    A2Notdef => ("6.2.11.8", PdfA2, "ISO 19005-2 6.2.11.8", ".notdef glyph shown"),
    A2AnnotType => ("6.3.1", PdfA2, "ISO 19005-2 6.3.1", "annotation type not allowed"),
    A2AnnotFlags => ("6.3.2", PdfA2, "ISO 19005-2 6.3.2", "annotation flags: F missing, not printed, or hidden"),
    A2AnnotAppearance => ("6.3.3", PdfA2, "ISO 19005-2 6.3.3", "annotation without a normal appearance stream"),
    A2Forms => ("6.4", PdfA2, "ISO 19005-2 6.4", "interactive form with NeedAppearances, XFA or actions"),
    A2Actions => ("6.5", PdfA2, "ISO 19005-2 6.5", "forbidden action (JavaScript, Launch, ...) or additional actions"),
    A2External => ("external", PdfA2, "ISO 19005-2 6.1.7, 6.2.9, 6.5.1, 6.8", "reference to content outside the file other than a link's URI"),
    A2Metadata => ("6.6.2.1", PdfA2, "ISO 19005-2 6.6.2.1", "XMP metadata missing or malformed"),
    A2XmpSchemas => ("6.6.2.3", PdfA2, "ISO 19005-2 6.6.2.3", "XMP property outside the predefined and described schemas"),
    A2XmpInfo => ("xmp-info", PdfA2, "ISO 19005-1 6.7.3, ISO 32000-1 14.3.2", "document information dictionary and XMP disagree"),
    A2Identification => ("6.6.4", PdfA2, "ISO 19005-2 6.6.4", "PDF/A identification missing or wrong"),
    A2EmbeddedFiles => ("6.8", PdfA2, "ISO 19005-2 6.8", "embedded file"),
    A2OptionalContent => ("6.9", PdfA2, "ISO 19005-2 6.9", "optional content configuration without Name or with AS"),
    A2Catalog => ("6.10", PdfA2, "ISO 19005-2 6.10, 6.11", "AlternatePresentations, PresSteps or Requirements"),
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where in the file a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Place {
    /// One-based page number.
    pub page: Option<usize>,
    /// The object (number, generation) the finding is about.
    pub object: Option<(u32, u16)>,
}

impl Place {
    pub const FILE: Place = Place {
        page: None,
        object: None,
    };

    pub fn page(page: usize) -> Place {
        Place {
            page: Some(page),
            object: None,
        }
    }

    pub fn object(id: (u32, u16)) -> Place {
        Place {
            page: None,
            object: Some(id),
        }
    }

    pub fn on_page(self, page: Option<usize>) -> Place {
        Place { page, ..self }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.page, self.object) {
            (Some(p), Some((n, g))) => write!(f, "page {p}, object {n} {g}"),
            (Some(p), None) => write!(f, "page {p}"),
            (None, Some((n, g))) => write!(f, "object {n} {g}"),
            (None, None) => f.write_str("document"),
        }
    }
}

/// One failed checkpoint at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub checkpoint: Checkpoint,
    pub place: Place,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}: {}",
            self.checkpoint,
            self.checkpoint.clause(),
            self.place,
            self.message
        )
    }
}

/// What a check found, and which checkpoints it decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Failures, sorted by checkpoint and place.
    pub findings: Vec<Finding>,
    /// Every checkpoint the check decided (passed or failed).
    pub checked: Vec<Checkpoint>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings of one checkpoint.
    pub fn of(&self, checkpoint: Checkpoint) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.checkpoint == checkpoint)
    }

    /// True when `checkpoint` failed at least once.
    pub fn failed(&self, checkpoint: Checkpoint) -> bool {
        self.of(checkpoint).next().is_some()
    }
}

/// Collects findings while a check runs.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    list: Vec<Finding>,
}

/// At most this many findings of one checkpoint are kept: a broken file
/// can fail one checkpoint on every glyph.
const PER_CHECKPOINT: usize = 50;

impl Findings {
    pub(crate) fn add(&mut self, checkpoint: Checkpoint, place: Place, message: impl Into<String>) {
        let same = self
            .list
            .iter()
            .filter(|f| f.checkpoint == checkpoint)
            .count();
        if same < PER_CHECKPOINT {
            self.list.push(Finding {
                checkpoint,
                place,
                message: message.into(),
            });
        }
    }

    pub(crate) fn into_sorted(mut self) -> Vec<Finding> {
        self.list.sort();
        self.list.dedup();
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = Checkpoint::ALL.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn findings_are_capped_per_checkpoint() {
        let mut f = Findings::default();
        for i in 0..80 {
            f.add(Checkpoint::M01_005, Place::page(i), "x");
        }
        f.add(Checkpoint::M13_004, Place::FILE, "y");
        let list = f.into_sorted();
        assert_eq!(list.len(), PER_CHECKPOINT + 1);
    }
}
