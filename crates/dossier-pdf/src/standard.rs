//! The PDF standards a file can declare: PDF/UA-1 (accessible) and
//! PDF/A-2 at level B or U (archival), alone or together, named as on the
//! command line and in a report's spec (`ua-1`, `a-2b`, `a-2u`).

use std::fmt;
use std::str::FromStr;

/// One standard, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PdfStandard {
    /// PDF/UA-1 (ISO 14289-1).
    Ua1,
    /// PDF/A-2 level B (ISO 19005-2): the appearance is preserved.
    A2b,
    /// PDF/A-2 level U: and every character maps to Unicode.
    A2u,
}

impl PdfStandard {
    pub const ALL: [PdfStandard; 3] = [PdfStandard::Ua1, PdfStandard::A2b, PdfStandard::A2u];

    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A2u => "a-2u",
        }
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a standard, or standards that exclude each other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardError {
    #[error("unknown PDF standard {0:?}: expected ua-1, a-2b or a-2u")]
    Unknown(String),
    #[error("a-2b and a-2u are two levels of one standard: choose one")]
    TwoLevels,
}

impl FromStr for PdfStandard {
    type Err = StandardError;

    fn from_str(s: &str) -> Result<PdfStandard, StandardError> {
        PdfStandard::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| StandardError::Unknown(s.to_string()))
    }
}

/// The PDF/A-2 level a file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfALevel {
    B,
    U,
}

impl PdfALevel {
    /// The `pdfaid:conformance` letter.
    pub fn letter(self) -> &'static str {
        match self {
            PdfALevel::B => "B",
            PdfALevel::U => "U",
        }
    }
}

/// What a file declares: PDF/UA-1, a PDF/A-2 level, both or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Standards {
    pub ua1: bool,
    pub pdfa2: Option<PdfALevel>,
}

impl Standards {
    pub const NONE: Standards = Standards {
        ua1: false,
        pdfa2: None,
    };

    /// The set of `list`, refusing two PDF/A levels at once.
    pub fn from_list(list: &[PdfStandard]) -> Result<Standards, StandardError> {
        let mut s = Standards::NONE;
        for p in list {
            let level = match p {
                PdfStandard::Ua1 => {
                    s.ua1 = true;
                    continue;
                }
                PdfStandard::A2b => PdfALevel::B,
                PdfStandard::A2u => PdfALevel::U,
            };
            match s.pdfa2 {
                Some(l) if l != level => return Err(StandardError::TwoLevels),
                _ => s.pdfa2 = Some(level),
            }
        }
        Ok(s)
    }

    /// Parses a comma-separated list (`a-2u,ua-1`).
    pub fn parse(list: &str) -> Result<Standards, StandardError> {
        let items: Vec<PdfStandard> = list
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()?;
        Standards::from_list(&items)
    }

    /// The standards declared, in the order of [`PdfStandard::ALL`].
    pub fn list(&self) -> Vec<PdfStandard> {
        let mut out = Vec::new();
        if self.ua1 {
            out.push(PdfStandard::Ua1);
        }
        match self.pdfa2 {
            Some(PdfALevel::B) => out.push(PdfStandard::A2b),
            Some(PdfALevel::U) => out.push(PdfStandard::A2u),
            None => {}
        }
        out
    }
}

impl fmt::Display for Standards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.list().into_iter().map(PdfStandard::name).collect();
        if names.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&names.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in PdfStandard::ALL {
            assert_eq!(p.name().parse::<PdfStandard>(), Ok(p));
        }
        assert_eq!(" UA-1 ".parse::<PdfStandard>(), Ok(PdfStandard::Ua1));
        assert!(matches!(
            "a-3b".parse::<PdfStandard>(),
            Err(StandardError::Unknown(_))
        ));
    }

    #[test]
    fn lists_combine() {
        let s = Standards::parse("a-2u,ua-1").unwrap();
        assert!(s.ua1);
        assert_eq!(s.pdfa2, Some(PdfALevel::U));
        assert_eq!(s.to_string(), "ua-1,a-2u");
        assert_eq!(Standards::parse("").unwrap(), Standards::NONE);
        assert_eq!(
            Standards::parse("a-2b,a-2b").unwrap().pdfa2,
            Some(PdfALevel::B)
        );
        assert_eq!(Standards::parse("a-2b,a-2u"), Err(StandardError::TwoLevels));
        assert!(Standards::parse("ua-1,x").is_err());
    }
}
