//! The embedded fonts: Vazirmatn Regular and Bold (SIL OFL 1.1, see
//! `fonts/OFL.txt`). No system font is ever consulted, so output is the same
//! on every machine.

/// One of the embedded font faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
}

static REGULAR: &[u8] = include_bytes!("../fonts/Vazirmatn-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/Vazirmatn-Bold.ttf");

impl Face {
    pub const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The TrueType file of this face.
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
        }
    }

    /// PostScript name, as embedded in PDFs.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "Vazirmatn-Regular",
            Face::Bold => "Vazirmatn-Bold",
        }
    }
}
