//! The naming rules: what each kind of output is called, what a safe name
//! is, and when two names are the same file on disk.

use std::fmt;
use std::path::Path;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A file format a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Pdf,
    Png,
    Svg,
    /// The web edition: one self-contained page per language.
    Html,
}

impl Format {
    /// The file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }
}

/// Longest file name, in bytes: the limit of ext4, XFS, APFS and NTFS.
pub const MAX_FILE_BYTES: usize = 255;

/// Longest folder name, in bytes. Shorter than a file name so that the
/// hidden siblings the writer keeps beside a folder (`.NAME.lock`,
/// `.NAME.new`, `.NAME.old`) fit too.
pub const MAX_FOLDER_BYTES: usize = 200;

/// The file name of a report's edition: `REPORT.LANG.FORMAT`.
pub fn edition(report: &str, lang: &str, format: Format) -> Result<String, NameProblem> {
    let name = format!("{report}.{lang}.{}", format.ext());
    check_file(&name)?;
    Ok(name)
}

/// The file name of a chart drawn from the spec file `spec`:
/// `STEM.LANG.FORMAT`, where STEM is the spec's file name without its
/// extension (`charts/trade.toml` gives `trade.en.png`).
pub fn chart(spec: &Path, lang: &str, format: Format) -> Result<String, NameProblem> {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.is_empty() {
        return Err(NameProblem::Empty);
    }
    let name = format!("{stem}.{lang}.{}", format.ext());
    check_file(&name)?;
    Ok(name)
}

/// The folder name of one run of a parameterised report:
/// `REPORT-VALUE-VALUE…`, the values in the order the report declares its
/// parameters. A value is made safe, the same way every time: letters and
/// digits of any script (after NFC) and `-` stay, and the zero-width
/// non-joiner inside Persian words; every other run of characters (`.`,
/// `/`, spaces, controls, invisible and reserved characters) becomes one
/// `_`, and `_` at either end is dropped. `../x` gives `x`, `Côte d'Ivoire`
/// gives `Côte_d_Ivoire`. Values that become one name are not told apart
/// here: the planner finds their folders colliding, and names both runs.
pub fn run(report: &str, values: &[&str]) -> Result<String, NameProblem> {
    let mut name = report.to_string();
    for value in values {
        let safe = safe_value(value);
        if safe.is_empty() {
            return Err(NameProblem::Empty);
        }
        name.push('-');
        name.push_str(&safe);
    }
    check_folder(&name)?;
    Ok(name)
}

/// One parameter value as a piece of a folder name (see [`run`]).
/// Combining marks (Persian short vowels, accents NFC cannot compose) and
/// the non-joiner stay when they follow a letter, digit or `-`.
fn safe_value(value: &str) -> String {
    let mut out = String::new();
    // Characters dropped since the last one kept: a gap becomes `_`.
    let mut gap = false;
    let mut joiner = false;
    for c in value.nfc() {
        if is_combining_mark(c) {
            // Some marks are alphabetic too; none starts a piece.
            if !gap && !joiner && !out.is_empty() {
                out.push(c);
            } else {
                (gap, joiner) = (true, false);
            }
        } else if c.is_alphanumeric() || c == '-' {
            if gap && !out.is_empty() {
                out.push('_');
            } else if joiner {
                out.push('\u{200C}');
            }
            out.push(c);
            (gap, joiner) = (false, false);
        } else if !gap && !out.is_empty() && c == '\u{200C}' {
            joiner = true;
        } else {
            (gap, joiner) = (true, false);
        }
    }
    out
}

/// Why a name cannot be an output's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// `.` or `..`.
    DotName,
    /// Longer than the limit, in bytes.
    TooLong {
        bytes: usize,
        limit: usize,
    },
    /// Starts with `.`: hidden, and the writer's own names start so.
    Hidden,
    /// Holds `/` or `\`.
    Separator(char),
    /// A control character (newlines and NUL among them).
    Control(char),
    /// An invisible or direction-changing character, which makes a name
    /// look like another one.
    Invisible(char),
    /// One of `: * ? " < > |`, which Windows and CI artifact stores refuse.
    Reserved(char),
    /// Ends with a space or a dot, which Windows drops.
    Trailing(char),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("is empty"),
            NameProblem::DotName => f.write_str("is `.` or `..`"),
            NameProblem::TooLong { bytes, limit } => {
                write!(
                    f,
                    "is {bytes} bytes long, more than the {limit} a file system allows"
                )
            }
            NameProblem::Hidden => f.write_str("starts with `.`, which hides it"),
            NameProblem::Separator(c) => write!(f, "holds the path separator `{c}`"),
            NameProblem::Control(c) => write!(f, "holds the control character U+{:04X}", *c as u32),
            NameProblem::Invisible(c) => write!(
                f,
                "holds the invisible or direction-changing character U+{:04X}",
                *c as u32
            ),
            NameProblem::Reserved(c) => write!(
                f,
                "holds `{c}`, which Windows and CI artifact stores do not allow in file names"
            ),
            NameProblem::Trailing(c) => write!(
                f,
                "ends with {}, which Windows drops from file names",
                if *c == ' ' { "a space" } else { "a dot" }
            ),
        }
    }
}

/// Checks a file name inside an output folder.
pub fn check_file(name: &str) -> Result<(), NameProblem> {
    check(name, MAX_FILE_BYTES)
}

/// Checks the name of an output folder (a report id, later a run's name).
pub fn check_folder(name: &str) -> Result<(), NameProblem> {
    check(name, MAX_FOLDER_BYTES)
}

fn check(name: &str, limit: usize) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name == "." || name == ".." {
        return Err(NameProblem::DotName);
    }
    if name.len() > limit {
        return Err(NameProblem::TooLong {
            bytes: name.len(),
            limit,
        });
    }
    if name.starts_with('.') {
        return Err(NameProblem::Hidden);
    }
    for c in name.chars() {
        match c {
            '/' | '\\' => return Err(NameProblem::Separator(c)),
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => return Err(NameProblem::Reserved(c)),
            c if c.is_control() => return Err(NameProblem::Control(c)),
            c if invisible(c) => return Err(NameProblem::Invisible(c)),
            _ => {}
        }
    }
    match name.chars().last() {
        Some(c @ (' ' | '.')) => Err(NameProblem::Trailing(c)),
        _ => Ok(()),
    }
}

/// Format characters that draw nothing, or reorder what follows them.
/// The zero-width non-joiner and joiner (U+200C, U+200D) are letters of
/// Persian words (`نمودارها` is written with one), so they are allowed.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// The form under which a name is stored by a file system that ignores
/// case and Unicode normalisation (APFS, NTFS, FAT, most artifact stores):
/// two names with the same key are one file there.
pub fn key(name: &str) -> String {
    name.nfd()
        .flat_map(char::to_lowercase)
        .nfc()
        .collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_one_rule_per_kind() {
        assert_eq!(
            edition("us-note", "fa", Format::Pdf).unwrap(),
            "us-note.fa.pdf"
        );
        assert_eq!(
            edition("us-note", "es-CL", Format::Pdf).unwrap(),
            "us-note.es-CL.pdf"
        );
        assert_eq!(
            edition("us-note", "fa", Format::Html).unwrap(),
            "us-note.fa.html"
        );
        assert_eq!(
            chart(Path::new("charts/sub/trade.toml"), "en", Format::Svg).unwrap(),
            "trade.en.svg"
        );
        assert_eq!(
            chart(Path::new("charts/نمودار.toml"), "fa", Format::Png).unwrap(),
            "نمودار.fa.png"
        );
    }

    #[test]
    fn unsafe_names_are_refused() {
        let bad = [
            ("", NameProblem::Empty),
            ("..", NameProblem::DotName),
            (".hidden.en.png", NameProblem::Hidden),
            ("a\\b.en.png", NameProblem::Separator('\\')),
            ("a/b.en.png", NameProblem::Separator('/')),
            ("line\nbreak.en.png", NameProblem::Control('\n')),
            ("nul\0.en.png", NameProblem::Control('\0')),
            ("gnp.\u{202E}x.en.png", NameProblem::Invisible('\u{202E}')),
            (
                "zero\u{200B}width.en.png",
                NameProblem::Invisible('\u{200B}'),
            ),
            ("a:b.en.png", NameProblem::Reserved(':')),
            ("what?.en.png", NameProblem::Reserved('?')),
            ("x.", NameProblem::Trailing('.')),
            ("x ", NameProblem::Trailing(' ')),
        ];
        for (name, problem) in bad {
            assert_eq!(check_file(name), Err(problem), "{name:?}");
        }
        let long = format!("{}.en.png", "a".repeat(250));
        assert_eq!(
            check_file(&long),
            Err(NameProblem::TooLong {
                bytes: 257,
                limit: 255
            })
        );
        assert!(check_folder(&"a".repeat(201)).is_err());
        assert!(check_folder(&"a".repeat(200)).is_ok());
        assert_eq!(
            chart(Path::new("charts/.toml"), "en", Format::Png),
            Err(NameProblem::Hidden)
        );
    }

    #[test]
    fn ordinary_names_pass() {
        for name in [
            "us-note.fa.pdf",
            "trade flows.en.png",
            "نمودار\u{200C}ها.fa.svg",
            "a_b-c.1.en.png",
        ] {
            assert_eq!(check_file(name), Ok(()), "{name:?}");
        }
    }

    #[test]
    fn run_folders_are_safe_and_stable() {
        assert_eq!(run("country-note", &["CL"]).unwrap(), "country-note-CL");
        assert_eq!(run("note", &["CL", "2024-Q1"]).unwrap(), "note-CL-2024-Q1");
        assert_eq!(run("note", &["../x"]).unwrap(), "note-x");
        assert_eq!(run("note", &["a/../../b"]).unwrap(), "note-a_b");
        assert_eq!(
            run("note", &["C\u{f4}te d'Ivoire"]).unwrap(),
            "note-C\u{f4}te_d_Ivoire"
        );
        // Decomposed input gives the composed name.
        assert_eq!(
            run("note", &["Co\u{302}te"]).unwrap(),
            run("note", &["C\u{f4}te"]).unwrap()
        );
        // Persian stays Persian, its non-joiner kept inside the word.
        assert_eq!(
            run("note", &["\u{0627}\u{06CC}\u{0631}\u{0627}\u{0646}"]).unwrap(),
            "note-\u{0627}\u{06CC}\u{0631}\u{0627}\u{0646}"
        );
        assert_eq!(
            run(
                "note",
                &["\u{0645}\u{06CC}\u{200C}\u{0634}\u{0648}\u{062F}"]
            )
            .unwrap(),
            "note-\u{0645}\u{06CC}\u{200C}\u{0634}\u{0648}\u{062F}"
        );
        for hostile in ["x\u{202E}gpj", "a\nb", "a:b", "nul\0", "dot.", " pad "] {
            let name = run("note", &[hostile]).unwrap();
            assert_eq!(check_folder(&name), Ok(()), "{hostile:?} gave {name:?}");
        }
        assert_eq!(run("note", &[".."]), Err(NameProblem::Empty));
        assert_eq!(run("note", &["\u{200C}"]), Err(NameProblem::Empty));
        // A short vowel stays on its letter; a lone mark or a non-joiner
        // at an end is dropped.
        assert_eq!(
            run("note", &["\u{0645}\u{064E}\u{0646}"]).unwrap(),
            "note-\u{0645}\u{064E}\u{0646}"
        );
        assert_eq!(run("note", &["\u{064E}x\u{200C}"]).unwrap(), "note-x");
        assert_eq!(run("note", &["a\u{200C} b"]).unwrap(), "note-a_b");
        assert!(matches!(
            run("note", &[&"x".repeat(300)]),
            Err(NameProblem::TooLong { .. })
        ));
    }

    #[test]
    fn rules_give_safe_names_and_safe_values_stay_as_they_are() {
        // Letters whose case or normalisation forms change their length.
        let tricky = [
            "\u{130}stanbul",
            "Stra\u{df}e",
            "\u{fb01}le",
            "\u{1100}.\u{1161}",
            "\u{1100}\u{200C}\u{1161}",
            "a\u{301}\u{327}",
            "\u{3a3}\u{39f}\u{3a3}",
            "x\u{200C}\u{301}y",
            "---",
            "_a_",
        ];
        for piece in tricky {
            let k = key(piece);
            assert_eq!(key(&k), k, "{piece:?}");
            let made = run("r", &[piece]).unwrap();
            assert_eq!(check_folder(&made), Ok(()), "{piece:?}");
            let value = &made["r-".len()..];
            assert_eq!(run("r", &[value]).unwrap(), made, "{piece:?}");
            if let Ok(name) = edition(piece, "en", Format::Pdf) {
                assert_eq!(check_file(&name), Ok(()));
            }
        }
    }

    #[test]
    fn keys_ignore_case_and_normalisation() {
        assert_eq!(key("Trade.EN.png"), key("trade.en.png"));
        // آ precomposed and as alef with a madda above.
        assert_eq!(key("\u{0622}.fa.png"), key("\u{0627}\u{0653}.fa.png"));
        assert_ne!(key("trade.en.png"), key("trade.fa.png"));
    }
}
