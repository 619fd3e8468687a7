//! The language of a run of text by its script: a span that markup gives no
//! language is in the document's language, except for runs of letters in
//! another script, such as a Latin name inside Persian prose. The tagged
//! PDF and the web edition both ask [`ScriptLanguages`] which runs those
//! are, so that they tag the same words.
//!
//! Only letters decide: digits (Persian ones too, which Unicode counts as
//! Arabic script), punctuation, spaces and symbols never start a run of
//! their own. Those between two letters of one run stay in it
//! (`Jean-Paul 2`), those at its edges go to the document's language.

use std::ops::Range;

use dossier_lang::LanguageTag;
use icu_locale_core::subtags::{self, script};
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup, Script as UnicodeScript};
use icu_properties::CodePointMapData;

/// A writing system, as an ISO 15924 code (`Latn`, `Arab`, `Cyrl`), the
/// script subtag of a language tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Script(subtags::Script);

impl Script {
    pub const LATIN: Script = Script(script!("Latn"));
    pub const ARABIC: Script = Script(script!("Arab"));

    /// Reads an ISO 15924 code in any letter case (`latn` is `Latn`).
    pub fn parse(code: &str) -> Option<Script> {
        subtags::Script::try_from_str(code).ok().map(Script)
    }

    /// The four-letter code.
    pub fn code(&self) -> &str {
        self.0.as_str()
    }

    /// The script of a letter; `None` for anything that is not a letter
    /// (digits, punctuation, spaces, symbols, combining marks) and for
    /// letters every script shares.
    pub fn of(c: char) -> Option<Script> {
        let gc = CodePointMapData::<GeneralCategory>::new().get(c);
        if !GeneralCategoryGroup::Letter.contains(gc) {
            return None;
        }
        let sc = CodePointMapData::<UnicodeScript>::new().get(c);
        if matches!(
            sc,
            UnicodeScript::Common | UnicodeScript::Inherited | UnicodeScript::Unknown
        ) {
            return None;
        }
        Some(Script(subtags::Script::from(sc)))
    }
}

impl std::fmt::Display for Script {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Which language runs of letters in each script are in, for a document
/// whose own language is written in one script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLanguages {
    own: Script,
    /// Sorted by script, one entry per script.
    by_script: Vec<(Script, LanguageTag)>,
}

/// A stretch of text in one language: `lang` is `None` for the document's
/// own language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageRun<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    pub lang: Option<&'a LanguageTag>,
}

impl ScriptLanguages {
    /// For a document whose language is written in `own`. Runs of Latin
    /// letters are English until [`with`](Self::with) says otherwise (when
    /// `own` is Latin they are the document's language); letters of a
    /// script no language is given for are left in the document's
    /// language, since a wrong tag misleads a screen reader more than a
    /// missing one.
    pub fn new(own: Script) -> ScriptLanguages {
        let mut languages = ScriptLanguages {
            own,
            by_script: Vec::new(),
        };
        if own != Script::LATIN {
            // A fixed, valid tag: parsing cannot fail.
            let en = LanguageTag::parse("en").expect("`en` is a language tag");
            languages = languages.with(Script::LATIN, en);
        }
        languages
    }

    /// Runs of letters in `script` are in `lang` (the report's choice, such
    /// as `es` for Spanish names in a Persian briefing). The
    /// document's own script always stays in the document's language.
    pub fn with(mut self, script: Script, lang: LanguageTag) -> ScriptLanguages {
        if script == self.own {
            return self;
        }
        match self.by_script.binary_search_by(|(s, _)| s.cmp(&script)) {
            Ok(i) => self.by_script[i].1 = lang,
            Err(i) => self.by_script.insert(i, (script, lang)),
        }
        self
    }

    /// The script of the document's own language.
    pub fn own(&self) -> Script {
        self.own
    }

    /// The language of letters in `script`; `None` for the document's own
    /// language.
    pub fn language_of(&self, script: Script) -> Option<&LanguageTag> {
        self.by_script
            .binary_search_by(|(s, _)| s.cmp(&script))
            .ok()
            .map(|i| &self.by_script[i].1)
    }

    /// Splits `text` into runs of one language, in order, covering it
    /// exactly; adjacent runs differ in language. Empty text has no run.
    pub fn runs<'a>(&'a self, text: &str) -> Vec<LanguageRun<'a>> {
        let mut out: Vec<LanguageRun<'a>> = Vec::new();
        let mut push = |range: Range<usize>, lang: Option<&'a LanguageTag>| {
            if range.is_empty() {
                return;
            }
            match out.last_mut() {
                Some(last) if last.lang == lang => last.range.end = range.end,
                _ => out.push(LanguageRun { range, lang }),
            }
        };
        // The run of foreign letters being read: start, end of its last
        // letter (or mark on it), language.
        let mut open: Option<(usize, usize, &'a LanguageTag)> = None;
        // Where the text not yet given to a run starts.
        let mut done = 0;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let Some(script) = Script::of(c) else {
                // A combining mark right after a foreign letter is part of it.
                if let Some((_, last, _)) = open.as_mut() {
                    if *last == i && is_mark(c) {
                        *last = end;
                    }
                }
                continue;
            };
            let lang = self.language_of(script);
            match (open, lang) {
                (Some((start, _, current)), Some(l)) if current == l => {
                    open = Some((start, end, current));
                }
                (_, lang) => {
                    if let Some((start, last, current)) = open.take() {
                        push(done..start, None);
                        push(start..last, Some(current));
                        done = last;
                    }
                    if let Some(l) = lang {
                        open = Some((i, end, l));
                    }
                }
            }
        }
        if let Some((start, last, current)) = open {
            push(done..start, None);
            push(start..last, Some(current));
            done = last;
        }
        push(done..text.len(), None);
        out
    }
}

/// Combining marks and joiners, which belong to the letter before them.
fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
        || CodePointMapData::<UnicodeScript>::new().get(c) == UnicodeScript::Inherited
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageTag {
        LanguageTag::parse(s).unwrap()
    }

    /// The runs as (text, language) pairs.
    fn runs<'a>(l: &ScriptLanguages, text: &'a str) -> Vec<(&'a str, Option<String>)> {
        l.runs(text)
            .into_iter()
            .map(|r| (&text[r.range], r.lang.map(|t| t.to_string())))
            .collect()
    }

    fn en(s: &str) -> (&str, Option<String>) {
        (s, Some("en".into()))
    }

    fn own(s: &str) -> (&str, Option<String>) {
        (s, None)
    }

    #[test]
    fn scripts_of_characters() {
        assert_eq!(Script::of('a'), Some(Script::LATIN));
        assert_eq!(Script::of('ش'), Some(Script::ARABIC));
        assert_eq!(Script::of('ж').map(|s| s.to_string()), Some("Cyrl".into()));
        for neutral in [
            '1', '۱', '٣', ' ', '.', '،', '٫', '٪', '«', '%', '\u{200C}', '\u{0301}', '\u{064E}',
        ] {
            assert_eq!(Script::of(neutral), None, "{neutral:?}");
        }
        assert_eq!(Script::parse("latn"), Some(Script::LATIN));
        assert_eq!(Script::parse("Latin"), None);
    }

    #[test]
    fn latin_in_a_persian_document_is_english_by_default() {
        let l = ScriptLanguages::new(Script::ARABIC);
        assert_eq!(
            runs(&l, "در dossier-core (ادعای export_share_note)."),
            [
                own("در "),
                en("dossier-core"),
                own(" (ادعای "),
                en("export_share_note"),
                own(")."),
            ]
        );
    }

    #[test]
    fn digits_and_punctuation_never_change_the_language() {
        let l = ScriptLanguages::new(Script::ARABIC);
        // Digits between Latin words stay in the Latin run; digits and
        // signs alone stay in the document's language.
        assert_eq!(
            runs(&l, "رشد trade in 1995 grew ۱۲٪."),
            [own("رشد "), en("trade in 1995 grew"), own(" ۱۲٪.")]
        );
        assert_eq!(runs(&l, "1995, 12% (3.5)"), [own("1995, 12% (3.5)")]);
        assert_eq!(runs(&l, ""), []);
    }

    #[test]
    fn the_report_chooses_the_latin_language() {
        let l = ScriptLanguages::new(Script::ARABIC).with(Script::LATIN, tag("es"));
        assert_eq!(
            runs(&l, "شهر Cádiz"),
            [own("شهر "), ("Cádiz", Some("es".into()))]
        );
        // A combining accent stays with its letter.
        assert_eq!(
            runs(&l, "e\u{0301} ب"),
            [("e\u{0301}", Some("es".into())), own(" ب")]
        );
    }

    #[test]
    fn the_own_script_is_the_document_language() {
        let l = ScriptLanguages::new(Script::LATIN)
            .with(Script::LATIN, tag("fr"))
            .with(Script::ARABIC, tag("fa"));
        assert_eq!(l.language_of(Script::LATIN), None);
        assert_eq!(
            runs(&l, "The word «دولت» means state."),
            [
                own("The word «"),
                ("دولت", Some("fa".into())),
                own("» means state."),
            ]
        );
        // No language for Cyrillic: left in the document's language.
        assert_eq!(runs(&l, "Moscow (Москва)"), [own("Moscow (Москва)")]);
    }

    #[test]
    fn two_foreign_languages_side_by_side() {
        let l = ScriptLanguages::new(Script::LATIN)
            .with(Script::ARABIC, tag("fa"))
            .with(Script::parse("Cyrl").unwrap(), tag("ru"));
        assert_eq!(
            runs(&l, "خط Москва"),
            [
                ("خط", Some("fa".into())),
                own(" "),
                ("Москва", Some("ru".into())),
            ]
        );
    }
}
