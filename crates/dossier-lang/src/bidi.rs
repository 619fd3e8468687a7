//! Writing direction, and the Unicode isolates that keep a piece of text
//! (a heading number, a Latin name) in its own order inside text of the
//! other direction.

use icu_locale::LocaleDirectionality;

use crate::LanguageTag;

/// The direction a language is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

/// U+2066 LEFT-TO-RIGHT ISOLATE.
pub const LRI: char = '\u{2066}';
/// U+2067 RIGHT-TO-LEFT ISOLATE.
pub const RLI: char = '\u{2067}';
/// U+2069 POP DIRECTIONAL ISOLATE.
pub const PDI: char = '\u{2069}';

impl Direction {
    /// The direction the likely script of `tag` is written in (CLDR):
    /// right to left for `fa`, `ar` or `he`, left to right for `en` or
    /// `az-Latn`. For any tag, not only the languages dossier ships.
    pub fn of(tag: &LanguageTag) -> Direction {
        if LocaleDirectionality::new_extended().is_right_to_left(tag.identifier()) {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Direction::RightToLeft
    }

    /// The HTML `dir` value: `ltr` or `rtl`.
    pub fn html(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

/// `text` inside an isolate of direction `dir` (LRI or RLI … PDI): its
/// characters are ordered as a paragraph of their own, and the whole
/// piece moves as one neutral character in the text around it.
pub fn isolate(text: &str, dir: Direction) -> String {
    let open = match dir {
        Direction::LeftToRight => LRI,
        Direction::RightToLeft => RLI,
    };
    let mut out = String::with_capacity(text.len() + 6);
    out.push(open);
    out.push_str(text);
    out.push(PDI);
    out
}
