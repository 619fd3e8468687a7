//! The embedded fonts, listed in one manifest ([`FONTS`]): Vazirmatn
//! Regular and Bold (SIL OFL 1.1, see `fonts/OFL.txt`). No system font is
//! ever consulted, so output is the same on every machine, and what the
//! manifest's fonts draw is what a language may use ([`covers`]).

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::MetadataProvider;

/// One of the embedded font faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
}

/// An embedded font file.
#[derive(Debug, Clone, Copy)]
pub struct FontFile {
    /// The face it serves.
    pub face: Face,
    /// Its PostScript name, as embedded in PDFs.
    pub postscript_name: &'static str,
    /// The TrueType file.
    pub data: &'static [u8],
    /// Its licence, by SPDX id; the text is in `fonts/`.
    pub license: &'static str,
}

/// Every font dossier ships, one entry per face, in [`Face::ALL`] order.
/// A new script is supported by adding its fonts here (and to layout's
/// fallback list); reports never bring font files.
pub static FONTS: [FontFile; 2] = [
    FontFile {
        face: Face::Regular,
        postscript_name: "Vazirmatn-Regular",
        data: include_bytes!("../fonts/Vazirmatn-Regular.ttf"),
        license: "OFL-1.1",
    },
    FontFile {
        face: Face::Bold,
        postscript_name: "Vazirmatn-Bold",
        data: include_bytes!("../fonts/Vazirmatn-Bold.ttf"),
        license: "OFL-1.1",
    },
];

impl Face {
    pub const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    fn file(self) -> &'static FontFile {
        match self {
            Face::Regular => &FONTS[0],
            Face::Bold => &FONTS[1],
        }
    }

    /// The TrueType file of this face.
    pub fn data(self) -> &'static [u8] {
        self.file().data
    }

    /// PostScript name, as embedded in PDFs.
    pub fn postscript_name(self) -> &'static str {
        self.file().postscript_name
    }
}

/// The character maps of the manifest's fonts, read once.
fn charmaps() -> &'static [Option<Charmap<'static>>] {
    static MAPS: OnceLock<Vec<Option<Charmap<'static>>>> = OnceLock::new();
    MAPS.get_or_init(|| {
        FONTS
            .iter()
            .map(|f| skrifa::FontRef::new(f.data).ok().map(|font| font.charmap()))
            .collect()
    })
}

/// Whether every face of the manifest has a glyph for `c`, so that text
/// in it draws the same in regular and bold.
pub fn covers(c: char) -> bool {
    charmaps()
        .iter()
        .all(|map| map.as_ref().is_some_and(|m| m.map(c).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_lists_every_face_once_in_order() {
        assert_eq!(FONTS.len(), Face::ALL.len());
        for (file, face) in FONTS.iter().zip(Face::ALL) {
            assert_eq!(file.face, face);
            assert_eq!(face.data().as_ptr(), file.data.as_ptr());
            assert!(
                skrifa::FontRef::new(file.data).is_ok(),
                "{}",
                file.postscript_name
            );
        }
    }

    #[test]
    fn coverage_is_the_fonts_character_maps() {
        for c in [
            'a', 'Z', '0', 'ی', 'ک', 'پ', '۴', '٤', '٫', '٬', '٪', '،', '«', '»', ' ',
        ] {
            assert!(covers(c), "{c:?}");
        }
        // Vazirmatn has neither Devanagari, Han nor Greek letters, nor arrows.
        for c in ['क', '中', 'α', '→'] {
            assert!(!covers(c), "{c:?}");
        }
    }
}
