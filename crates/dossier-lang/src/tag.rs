//! The BCP 47 language tag type.

use std::fmt;
use std::str::FromStr;

use icu_locale_core::LanguageIdentifier;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A BCP 47 language tag (language, optional script, region and variants),
/// in canonical form.
///
/// Tags are parsed with ICU4X's locale parser, so the syntax is the one
/// CLDR and every ICU-based library accept. Extensions (`-u-…`) are not
/// part of a report language and are refused.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LanguageTag(LanguageIdentifier);

/// Why a string is not a language tag.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a BCP 47 language tag (expected a tag such as `en`, `fa`, `es-CL` or `zh-Hant-TW`)")]
pub struct ParseTagError {
    pub text: String,
}

impl LanguageTag {
    /// Parses a tag, accepting `_` for `-` and any letter case.
    pub fn parse(text: &str) -> Result<LanguageTag, ParseTagError> {
        let trimmed = text.trim();
        let err = || ParseTagError {
            text: text.to_string(),
        };
        if trimmed.is_empty() || trimmed.len() > 64 {
            return Err(err());
        }
        let id = LanguageIdentifier::try_from_str(&trimmed.replace('_', "-")).map_err(|_| err())?;
        if id.language.is_unknown() {
            return Err(err());
        }
        Ok(LanguageTag(id))
    }

    /// The language subtag alone: `es` for `es-CL`.
    pub fn language(&self) -> &str {
        self.0.language.as_str()
    }

    /// The script subtag, when the tag gives one: `Hant` for `zh-Hant-TW`.
    pub fn script(&self) -> Option<&str> {
        self.0.script.as_ref().map(|s| s.as_str())
    }

    /// The region subtag, when the tag gives one: `CL` for `es-CL`.
    pub fn region(&self) -> Option<&str> {
        self.0.region.as_ref().map(|r| r.as_str())
    }

    /// The tags to try, most specific first, when looking up text given
    /// per language: `es-CL` is served by `es-CL`, then by `es`.
    pub fn fallbacks(&self) -> Vec<LanguageTag> {
        let mut out = vec![self.clone()];
        let mut id = self.0.clone();
        if !id.variants.is_empty() {
            id.variants.clear();
            out.push(LanguageTag(id.clone()));
        }
        if id.region.is_some() {
            id.region = None;
            out.push(LanguageTag(id.clone()));
        }
        if id.script.is_some() {
            id.script = None;
            out.push(LanguageTag(id));
        }
        out
    }

    /// The ICU4X identifier behind the tag.
    pub fn identifier(&self) -> &LanguageIdentifier {
        &self.0
    }
}

/// Tags sort by ICU4X's total order on identifiers, so sets of tags
/// iterate in one stable order.
impl Ord for LanguageTag {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl PartialOrd for LanguageTag {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for LanguageTag {
    type Err = ParseTagError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LanguageTag::parse(s)
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        LanguageTag::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageTag {
        LanguageTag::parse(s).expect(s)
    }

    #[test]
    fn canonical_form() {
        assert_eq!(tag("EN-us").to_string(), "en-US");
        assert_eq!(tag("es_cl").to_string(), "es-CL");
        assert_eq!(tag("zh-hant-tw").to_string(), "zh-Hant-TW");
        assert_eq!(tag(" fa ").to_string(), "fa");
        assert_eq!(tag("en-US"), tag("en-us"));
    }

    #[test]
    fn subtags() {
        let t = tag("zh-Hant-TW");
        assert_eq!(t.language(), "zh");
        assert_eq!(t.script(), Some("Hant"));
        assert_eq!(t.region(), Some("TW"));
        assert_eq!(tag("ar").region(), None);
    }

    #[test]
    fn refuses_what_is_not_a_tag() {
        for bad in [
            "",
            " ",
            "e",
            "english language",
            "en--US",
            "und",
            "123",
            "en-US-u-nu-arab",
        ] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn fallbacks_go_from_specific_to_general() {
        let f: Vec<String> = tag("es-CL")
            .fallbacks()
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(f, ["es-CL", "es"]);
        let f: Vec<String> = tag("zh-Hant-TW")
            .fallbacks()
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(f, ["zh-Hant-TW", "zh-Hant", "zh"]);
        assert_eq!(tag("fa").fallbacks(), vec![tag("fa")]);
    }

    #[test]
    fn serde_round_trip() {
        let t: LanguageTag = serde_json::from_str("\"es-cl\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"es-CL\"");
        assert!(serde_json::from_str::<LanguageTag>("\"not a tag\"").is_err());
    }
}
