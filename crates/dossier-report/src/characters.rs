//! Which characters the text of a report may hold, checked where the text
//! enters, so that an error names the file, line and column to change
//! rather than the layout engine that tripped over it.
//!
//! Refused anywhere: noncharacters (U+FDD0–FDEF, U+xFFFE, U+xFFFF),
//! private-use characters (U+E000–F8FF, planes 15 and 16) and control
//! characters other than tab and line ends. Refused in text that is laid
//! out: characters no embedded font covers, which takes in every
//! unassigned code point.
//!
//! Three entry points: prose checks each text piece with [`refusal`];
//! TOML files (`report.toml`, chart specs) go through [`check_toml`],
//! which checks every string and treats the values of language keys
//! (`fa`, `en-GB`: a tag serving a language of the report) as laid-out
//! text; and a character that only layout found
//! (a data label, say) is traced back to the first input holding it with
//! [`locate`].

use std::path::{Path, PathBuf};

use dossier_canvas::{with_typesetter, Weight};
use dossier_core::{line_col, Sandbox};
use dossier_lang::LanguageTag;
use toml::de::{DeTable, DeValue};

use crate::error::ReportError;

/// What kind of character `c` is, when no text may hold it.
fn never_allowed(c: char) -> Option<&'static str> {
    let cp = c as u32;
    if (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE {
        Some("a noncharacter")
    } else if (0xE000..=0xF8FF).contains(&cp) || cp >= 0xF_0000 {
        Some("a private-use character")
    } else if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
        Some("a control character")
    } else {
        None
    }
}

/// The first character of `text` that it may not hold, with its byte
/// offset and why. `laid_out` adds the font check (set in `weight`).
pub fn refusal(text: &str, laid_out: bool, weight: Weight) -> Option<(usize, String)> {
    if let Some((i, c, what)) = text
        .char_indices()
        .find_map(|(i, c)| never_allowed(c).map(|what| (i, c, what)))
    {
        return Some((
            i,
            format!(
                "U+{:04X} is {what}; expected text without noncharacters, private-use or control characters",
                c as u32
            ),
        ));
    }
    if !laid_out {
        return None;
    }
    let ch = with_typesetter(|ts| ts.first_uncovered(text, weight))?;
    let at = text.find(ch).unwrap_or(0);
    Some((at, uncovered_message(ch)))
}

/// The message for a character no embedded font covers.
pub fn uncovered_message(ch: char) -> String {
    format!(
        "no embedded font covers U+{:04X} ({ch:?}); expected Persian, Arabic or Latin script, \
         digits and common punctuation (the embedded Vazirmatn faces)",
        ch as u32
    )
}

/// Checks every string of the TOML file `text` read from `path`; the
/// values under a key that is a tag serving one of `languages` (`fa =
/// "…"`) are laid out, so their characters must also be covered by the
/// fonts. The error points at the
/// character when it is written as itself, else at the start of the
/// string. A file that does not parse is left to its own parser.
pub fn check_toml(text: &str, path: &Path, languages: &[LanguageTag]) -> Result<(), ReportError> {
    let Ok(root) = DeTable::parse(text) else {
        return Ok(());
    };
    let is_language = |key: &toml::Spanned<toml::de::DeString>| {
        LanguageTag::parse(key.get_ref())
            .is_ok_and(|t| languages.iter().any(|l| l.fallbacks().contains(&t)))
    };
    // An explicit stack: nesting depth is the file's to choose.
    let mut stack: Vec<(bool, &toml::Spanned<DeValue>)> = root
        .get_ref()
        .iter()
        .map(|(key, value)| (is_language(key), value))
        .collect();
    while let Some((laid_out, value)) = stack.pop() {
        match value.get_ref() {
            DeValue::String(s) => {
                if let Some((offset, message)) = refusal(s, laid_out, Weight::Regular) {
                    let span = value.span();
                    let written = text.get(span.clone()).unwrap_or("");
                    let bad = &s[offset..];
                    let at = bad
                        .chars()
                        .next()
                        .and_then(|c| written.find(c))
                        .map_or(span.start, |i| span.start + i);
                    let (line, column) = line_col(text, at);
                    return Err(ReportError::Character {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message,
                    });
                }
            }
            DeValue::Array(items) => stack.extend(items.iter().map(|v| (laid_out, v))),
            DeValue::Table(table) => {
                stack.extend(table.iter().map(|(key, value)| (is_language(key), value)))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The first place among the files `sandbox` has read that holds `ch`,
/// as (path, line, column).
pub fn locate(sandbox: &Sandbox, ch: char) -> Option<(PathBuf, usize, usize)> {
    // The files as they are now, not as a run of this build first read them.
    let reader = sandbox.with_new_journal();
    sandbox.inputs().into_iter().find_map(|input| {
        let text = reader.read_text(&input.path).ok()?;
        let at = text.find(ch)?;
        let (line, column) = line_col(&text, at);
        Some((input.path, line, column))
    })
}

/// `error` pointed at the first input holding the character it is about,
/// when it is a character no font covers; otherwise `error` as it is.
pub fn located(sandbox: &Sandbox, error: ReportError) -> ReportError {
    let ch = match &error {
        ReportError::Text(dossier_canvas::TextError::Uncovered { ch, .. })
        | ReportError::Pdf(dossier_pdf::PdfError::Text(dossier_canvas::TextError::Uncovered {
            ch,
            ..
        })) => *ch,
        _ => return error,
    };
    match locate(sandbox, ch) {
        Some((path, line, column)) => ReportError::Character {
            path,
            line,
            column,
            message: uncovered_message(ch),
        },
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_refused_characters() {
        for (text, what) in [
            ("a\u{FDD0}b", "noncharacter"),
            ("\u{10FFFF}", "noncharacter"),
            ("x\u{FFFE}", "noncharacter"),
            ("\u{E000}", "private-use"),
            ("\u{F0000}", "private-use"),
            ("\u{100000}", "private-use"),
            ("bell\u{7}", "control character"),
            ("\u{9F}", "control character"),
        ] {
            let (_, message) = refusal(text, false, Weight::Regular).expect(text);
            assert!(message.contains(what), "{text:?}: {message}");
        }
        assert!(refusal("tab\tand\nlines\r\n", false, Weight::Regular).is_none());
        assert!(refusal("中", false, Weight::Regular).is_none());
        let (at, message) = refusal("ab中", true, Weight::Regular).unwrap();
        assert_eq!(at, 2);
        assert!(message.contains("U+4E2D"), "{message}");
        assert!(refusal("سلام، «دنیا» ۱۲۳ hello", true, Weight::Bold).is_none());
        // U+0378 is unassigned: no font has it.
        assert!(refusal("\u{378}", true, Weight::Regular).is_some());
    }

    #[test]
    fn toml_strings_point_at_the_character() {
        let text = "id = \"x\"\n[title]\nfa = \"عنوان\"\nen = \"Ti😀tle\"\n";
        let langs = [
            LanguageTag::parse("fa").unwrap(),
            LanguageTag::parse("en").unwrap(),
        ];
        let e = check_toml(text, Path::new("report.toml"), &langs).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("report.toml:4:9:"), "{msg}");
        assert!(msg.contains("U+1F600"), "{msg}");
        // A name outside a language key need not be covered by the fonts.
        assert!(check_toml("data = \"数据\"\n", Path::new("r.toml"), &langs).is_ok());
        // Escaped, it is found at the start of its string.
        let e =
            check_toml("x = [\"ok\", \"a\\uFDD0\"]\n", Path::new("r.toml"), &langs).unwrap_err();
        assert!(e.to_string().starts_with("r.toml:1:12:"), "{e}");
        assert_eq!(e.kind(), "text");
    }
}
