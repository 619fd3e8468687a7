//! The message files shipped with dossier, compiled in by the build
//! script from `messages/<tag>.toml`.

use crate::LanguageTag;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The message file that serves `tag`: its own, else that of a fallback
/// (`es-CL` is served by `es.toml`). Returns the file's tag and text.
pub(crate) fn find(tag: &LanguageTag) -> Option<(&'static str, &'static str)> {
    tag.fallbacks().iter().find_map(|t| {
        let name = t.to_string();
        SHIPPED.iter().find(|(stem, _)| *stem == name).copied()
    })
}

/// The tags of the shipped message files, sorted: `ar`, `en`, `es`, `fa`.
pub fn shipped_languages() -> Vec<&'static str> {
    SHIPPED.iter().map(|(stem, _)| *stem).collect()
}
