//! Web fonts: the faces of dossier-canvas's manifest that a page uses, as
//! `@font-face` rules with the whole font as a WOFF `data:` URL (the PDF's
//! subsets keep no `cmap`, which a browser needs). Each face is wrapped
//! once per process.

use std::fmt::Write;
use std::sync::OnceLock;

use dossier_canvas::Face;

use crate::woff::{wrap, WoffError};

/// The font family name the style sheet uses.
pub const FAMILY: &str = "Vazirmatn";

/// The faces a page draws text in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FacesUsed {
    pub regular: bool,
    pub bold: bool,
}

fn woff(face: Face) -> &'static Result<Vec<u8>, WoffError> {
    static REGULAR: OnceLock<Result<Vec<u8>, WoffError>> = OnceLock::new();
    static BOLD: OnceLock<Result<Vec<u8>, WoffError>> = OnceLock::new();
    let cell = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
    };
    cell.get_or_init(|| wrap(face.data()))
}

/// The `@font-face` rules for the faces `used`.
pub fn font_faces(used: FacesUsed) -> Result<String, (Face, WoffError)> {
    let mut css = String::new();
    for (face, on, weight) in [
        (Face::Regular, used.regular, 400),
        (Face::Bold, used.bold, 700),
    ] {
        if !on {
            continue;
        }
        let data = woff(face).as_ref().map_err(|e| (face, e.clone()))?;
        let _ = writeln!(
            css,
            "@font-face{{font-family:\"{FAMILY}\";font-style:normal;font-weight:{weight};font-display:block;src:url(data:font/woff;base64,{}) format(\"woff\")}}",
            base64(data)
        );
    }
    Ok(css)
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(char::from(A[(v >> 18) as usize & 63]));
        out.push(char::from(A[(v >> 12) as usize & 63]));
        out.push(if chunk.len() > 1 {
            char::from(A[(v >> 6) as usize & 63])
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            char::from(A[v as usize & 63])
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_faces_used_are_embedded() {
        let none = font_faces(FacesUsed::default()).unwrap();
        assert_eq!(none, "");
        let regular = font_faces(FacesUsed {
            regular: true,
            bold: false,
        })
        .unwrap();
        assert_eq!(regular.matches("@font-face").count(), 1);
        assert!(regular.contains("font-weight:400"));
        assert!(regular.contains("url(data:font/woff;base64,d09GR"), "wOFF");
        let both = font_faces(FacesUsed {
            regular: true,
            bold: true,
        })
        .unwrap();
        assert_eq!(both.matches("@font-face").count(), 2);
        assert!(both.contains("font-weight:700"));
    }

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
