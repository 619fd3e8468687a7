//! The CLDR number data ICU4X 2.x does not carry: each locale's native
//! numbering system, and per numbering system the percent sign and the
//! standard percent pattern. They come from `data/numbers.tsv`, generated
//! from CLDR's JSON by `examples/cldr_numbers.rs`; lookups walk ICU4X's
//! own locale fallback (`es-CL` → `es-419` → `es` → `und`), so they agree
//! with the locale ICU4X formats the digits for.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use icu_locale::fallback::{LocaleFallbackConfig, LocaleFallbacker};
use icu_locale_core::{DataLocale, LanguageIdentifier};

static TABLE: &str = include_str!("../data/numbers.tsv");

/// Which of a locale's numbering systems to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// The locale's default numbering system in CLDR: `arabext` (۰–۹)
    /// for `fa`, `latn` for `ar` and `es`, `arab` (٠–٩) for `ar-EG`.
    #[default]
    Default,
    /// The locale's native numbering system in CLDR: `arab` for `ar`,
    /// `deva` for `hi`; the same as the default where CLDR names none.
    Native,
    /// Latin digits 0–9, with the locale's own signs for them.
    Latin,
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub numbering: String,
    pub default: bool,
    pub native: bool,
    pub percent_sign: String,
    pub percent_pattern: String,
}

/// A malformed line of the table (only ever seen by the table's tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// Rows by locale, in file order.
type Table = BTreeMap<String, Vec<Row>>;

pub(crate) fn parse(text: &str) -> Result<Table, BadLine> {
    let mut table = Table::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |problem: &str| BadLine {
            line: i + 1,
            problem: problem.to_string(),
        };
        let cells: Vec<&str> = line.split('\t').collect();
        let [locale, numbering, role, sign, pattern] = cells[..] else {
            return Err(bad("expected five tab-separated cells"));
        };
        let (default, native) = match role {
            "default+native" => (true, true),
            "default" => (true, false),
            "native" => (false, true),
            "other" => (false, false),
            _ => {
                return Err(bad(
                    "the role is not default, native, default+native or other",
                ))
            }
        };
        table.entry(locale.to_string()).or_default().push(Row {
            numbering: numbering.to_string(),
            default,
            native,
            percent_sign: unescape(sign).ok_or_else(|| bad("a bad \\u{...} escape"))?,
            percent_pattern: unescape(pattern).ok_or_else(|| bad("a bad \\u{...} escape"))?,
        });
    }
    Ok(table)
}

/// Reads `\u{HHHH}` escapes back into characters.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\\u{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let end = after.find('}')?;
        let code = u32::from_str_radix(&after[..end], 16).ok()?;
        out.push(char::from_u32(code)?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    // The table is ours and its tests parse every line; a bad line would
    // leave the table empty, and every lookup would then fall back to the
    // root locale's values rather than fail.
    PARSED.get_or_init(|| parse(TABLE).unwrap_or_default())
}

/// The rows of the most specific locale in ICU4X's fallback chain of
/// `id` that the table has, ending with the root locale `und`.
fn rows_for(id: &LanguageIdentifier) -> impl Iterator<Item = &'static [Row]> {
    let fallbacker = LocaleFallbacker::new();
    let mut it = fallbacker
        .for_config(LocaleFallbackConfig::default())
        .fallback_for(DataLocale::from(id));
    let mut chain = Vec::new();
    loop {
        let locale = it.get();
        let name = if locale.is_unknown() {
            "und".to_string()
        } else {
            locale.to_string()
        };
        if let Some(rows) = table().get(&name) {
            chain.push(rows.as_slice());
        }
        if locale.is_unknown() {
            break;
        }
        it.step();
    }
    chain.into_iter()
}

/// The numbering system CLDR gives `id` for a choice.
pub(crate) fn numbering_system(id: &LanguageIdentifier, choice: Numbering) -> String {
    if choice == Numbering::Latin {
        return "latn".to_string();
    }
    rows_for(id)
        .find_map(|rows| {
            rows.iter()
                .find(|r| match choice {
                    Numbering::Default => r.default,
                    Numbering::Native => r.native,
                    Numbering::Latin => r.numbering == "latn",
                })
                .map(|r| r.numbering.clone())
        })
        .unwrap_or_else(|| "latn".to_string())
}

/// The percent sign and pattern of `id` in `numbering`: the most specific
/// locale of the fallback chain that has that numbering system, else
/// CLDR's root values.
pub(crate) fn percent(id: &LanguageIdentifier, numbering: &str) -> (String, String) {
    rows_for(id)
        .find_map(|rows| {
            rows.iter()
                .find(|r| r.numbering == numbering)
                .map(|r| (r.percent_sign.clone(), r.percent_pattern.clone()))
        })
        .unwrap_or_else(|| ("%".to_string(), "#,##0%".to_string()))
}

/// Every locale of the table (for tests across all of CLDR).
#[cfg(test)]
pub(crate) fn locales() -> impl Iterator<Item = &'static str> {
    table().keys().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> LanguageIdentifier {
        s.parse().unwrap()
    }

    #[test]
    fn every_line_parses() {
        let t = parse(TABLE).expect("the shipped table parses");
        assert!(t.len() > 700, "{} locales", t.len());
        // Each locale has exactly one default and one native system.
        for (locale, rows) in &t {
            assert_eq!(rows.iter().filter(|r| r.default).count(), 1, "{locale}");
            assert_eq!(rows.iter().filter(|r| r.native).count(), 1, "{locale}");
        }
    }

    #[test]
    fn the_header_names_its_source_and_licence() {
        assert!(TABLE.contains("cldr-numbers-full"));
        assert!(TABLE.contains("Unicode License v3"));
    }

    #[test]
    fn bad_lines_are_refused() {
        assert_eq!(parse("fa\tarabext").unwrap_err().line, 1);
        assert!(parse("# c\nfa\tarabext\tboth\t%\t#0%").is_err());
        assert!(parse("fa\tarabext\tdefault\t\\u{ZZ}\t#0%").is_err());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape("\\u{200E}%\\u{200E}").unwrap(),
            "\u{200E}%\u{200E}"
        );
        assert_eq!(unescape("#,##0\\u{00A0}%").unwrap(), "#,##0\u{A0}%");
        assert_eq!(unescape("plain").unwrap(), "plain");
        assert_eq!(unescape("\\u{110000}"), None);
    }

    #[test]
    fn numbering_systems_follow_cldr() {
        assert_eq!(numbering_system(&id("fa"), Numbering::Default), "arabext");
        assert_eq!(numbering_system(&id("ar"), Numbering::Default), "latn");
        assert_eq!(numbering_system(&id("ar"), Numbering::Native), "arab");
        assert_eq!(numbering_system(&id("ar-EG"), Numbering::Default), "arab");
        assert_eq!(numbering_system(&id("hi"), Numbering::Native), "deva");
        assert_eq!(numbering_system(&id("en"), Numbering::Native), "latn");
        assert_eq!(numbering_system(&id("fa"), Numbering::Latin), "latn");
        // A region CLDR has no data for falls back to the language.
        assert_eq!(
            numbering_system(&id("fa-DE"), Numbering::Default),
            "arabext"
        );
    }

    #[test]
    fn percent_follows_the_fallback_chain() {
        // es-CL inherits es-419's pattern, not es's.
        assert_eq!(percent(&id("es"), "latn").1, "#,##0\u{A0}%");
        assert_eq!(percent(&id("es-CL"), "latn").1, "#,##0%");
        assert_eq!(percent(&id("es-PE"), "latn").1, "#,##0%");
        assert_eq!(percent(&id("fa"), "arabext"), ("٪".into(), "#,##0%".into()));
        assert_eq!(percent(&id("ar"), "arab").0, "٪\u{61C}");
        assert_eq!(percent(&id("tr"), "latn").1, "%#,##0");
    }
}
