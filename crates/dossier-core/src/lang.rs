//! [`Lang`]: the language of an edition, as a small copyable handle.
//!
//! A report names its languages with BCP 47 tags; every word and number an
//! edition prints goes through the [`dossier_lang::Language`] of its tag
//! (CLDR through ICU4X, and the shipped message files): reach it with
//! [`Lang::language`]. Loading one is not cheap, and charts, tables and
//! prose all need it, so each tag, with the options a report chose for it
//! (its numbering system), is loaded once per process and kept for the
//! life of the process (one entry per distinct tag and options a process
//! builds, a handful in practice); a [`Lang`] is a reference to that entry,
//! and is `Copy`, `Send` and `Sync`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use dossier_lang::{Language, LanguageError, LanguageOptions, LanguageTag};

struct Entry {
    language: Language,
    options: LanguageOptions,
    code: String,
}

/// The languages loaded so far, one per tag.
fn loaded() -> &'static Mutex<Vec<&'static Entry>> {
    static LOADED: OnceLock<Mutex<Vec<&'static Entry>>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(Vec::new()))
}

/// The language of an edition: its tag, direction, formatter and messages.
#[derive(Clone, Copy)]
pub struct Lang(&'static Entry);

impl Lang {
    /// The language of `tag` with `options`, loaded on first use.
    /// `covers` says whether the embedded fonts draw a character: a
    /// language whose letters, digits or messages they cannot draw is
    /// refused (checked on the first load of the tag and options).
    pub fn load(
        tag: &LanguageTag,
        options: LanguageOptions,
        covers: &dyn Fn(char) -> bool,
    ) -> Result<Lang, LanguageError> {
        let mut cache = loaded().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = cache
            .iter()
            .find(|e| e.language.tag() == tag && e.options == options)
        {
            return Ok(Lang(entry));
        }
        let language = Language::load(tag, options, covers)?;
        // Kept for the life of the process: see the module docs.
        let entry: &'static Entry = Box::leak(Box::new(Entry {
            code: tag.to_string(),
            options,
            language,
        }));
        cache.push(entry);
        Ok(Lang(entry))
    }

    /// The language of the tag `text`, without a font check (for tools
    /// and tests that draw nothing, or whose fonts are checked elsewhere).
    pub fn parse(text: &str) -> Result<Lang, String> {
        let tag = LanguageTag::parse(text).map_err(|e| e.to_string())?;
        Lang::load(&tag, LanguageOptions::default(), &|_| true).map_err(|e| e.to_string())
    }

    /// The language's formatter and messages.
    pub fn language(self) -> &'static Language {
        &self.0.language
    }

    pub fn tag(self) -> &'static LanguageTag {
        self.0.language.tag()
    }

    /// The options it was loaded with.
    pub fn options(self) -> LanguageOptions {
        self.0.options
    }

    /// The tag as text (`fa`, `es-CL`): it names output files.
    pub fn code(self) -> &'static str {
        &self.0.code
    }

    /// Whether text in this language runs right to left.
    pub fn is_rtl(self) -> bool {
        self.0.language.is_rtl()
    }
}

/// Two handles are equal when they stand for the same tag with the same
/// options.
impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.code() == other.code() && self.options() == other.options()
    }
}

impl Eq for Lang {}

impl Hash for Lang {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code().hash(state)
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_tag() {
        let a = Lang::parse("fa").unwrap();
        let b = Lang::parse("FA").unwrap();
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.language(), b.language()));
        assert!(a.is_rtl());
        assert_eq!(Lang::parse("es-cl").unwrap().code(), "es-CL");
        assert!(!Lang::parse("en").unwrap().is_rtl());
        assert!(Lang::parse("not a tag").is_err());
    }

    #[test]
    fn options_make_another_entry() {
        let tag = LanguageTag::parse("ar").unwrap();
        let native = LanguageOptions {
            numbering: dossier_lang::Numbering::Native,
        };
        let a = Lang::load(&tag, LanguageOptions::default(), &|_| true).unwrap();
        let b = Lang::load(&tag, native, &|_| true).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.code(), b.code());
        assert_eq!(a.language().integer(12), "12");
        assert_eq!(b.language().integer(12), "١٢");
        assert_eq!(Lang::load(&tag, native, &|_| true).unwrap(), b);
    }
}
