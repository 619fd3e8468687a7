//! Whether the embedded fonts can draw a language: its exemplar
//! characters (CLDR, through ICU4X), its digits and signs, its month
//! names and date patterns, and every text of its message file.
//! Default-ignorable characters (bidi marks such as U+061C and U+200E,
//! joiners) are not drawn and need no glyph.

use icu_locale::exemplar_chars::ExemplarCharacters;
use icu_locale_core::DataLocale;
use icu_properties::props::DefaultIgnorableCodePoint;
use icu_properties::CodePointSetData;

/// Texts to check, each with the place it comes from.
pub(crate) type Repertoire = Vec<(String, String)>;

/// The main exemplar characters of CLDR for `locale`, as one string
/// (single characters, then the multi-character entries).
pub(crate) fn exemplars(locale: &DataLocale) -> String {
    let Ok(set) = ExemplarCharacters::try_new_main(locale) else {
        return String::new();
    };
    let mut text: String = set.code_points().iter_chars().collect();
    for s in set.strings().iter() {
        text.push_str(s);
    }
    text
}

/// The first character of the repertoire no font covers, with its place.
pub(crate) fn first_uncovered(
    repertoire: &Repertoire,
    covers: &dyn Fn(char) -> bool,
) -> Option<(char, String)> {
    let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
    repertoire.iter().find_map(|(place, text)| {
        text.chars()
            .find(|&c| !c.is_control() && !ignorable.contains(c) && !covers(c))
            .map(|c| (c, place.clone()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignorable_characters_need_no_glyph() {
        let r: Repertoire = vec![(
            "signs".into(),
            "\u{61C}\u{200E}\u{200F}\u{200C}\u{2066}\u{2069}a\n".into(),
        )];
        assert_eq!(first_uncovered(&r, &|c| c == 'a'), None);
        let r: Repertoire = vec![("a".into(), "ab".into()), ("c".into(), "c".into())];
        assert_eq!(first_uncovered(&r, &|c| c == 'a'), Some(('b', "a".into())));
    }

    #[test]
    fn exemplars_come_from_cldr() {
        let fa = exemplars(&DataLocale::from(
            &"fa".parse::<icu_locale_core::LanguageIdentifier>().unwrap(),
        ));
        assert!(
            fa.contains('ی') && fa.contains('ک') && fa.contains('پ'),
            "{fa}"
        );
        let en = exemplars(&DataLocale::from(
            &"en".parse::<icu_locale_core::LanguageIdentifier>().unwrap(),
        ));
        assert!(en.starts_with("abc"), "{en}");
    }
}
