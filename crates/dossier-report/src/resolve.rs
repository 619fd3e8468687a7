//! The names prose may refer to, resolved in one place: figures
//! (`{exports.1995}`) and internal link targets (`[see](#trade)`). An
//! unknown name of either kind is an error, never a silent drop, and
//! cross-references join the same resolver.

use std::collections::{BTreeMap, BTreeSet};

use dossier_core::{check_link, Link};

/// What the prose of one edition may name.
pub struct Resolver<'a> {
    figures: &'a BTreeMap<String, String>,
    /// Ids a link may name after `#`: the section ids.
    anchors: BTreeSet<String>,
}

impl<'a> Resolver<'a> {
    /// A resolver of `figures` (name → formatted value) and `anchors`.
    pub fn new(
        figures: &'a BTreeMap<String, String>,
        anchors: impl IntoIterator<Item = String>,
    ) -> Resolver<'a> {
        Resolver {
            figures,
            anchors: anchors.into_iter().collect(),
        }
    }

    /// The formatted value of figure `name`.
    pub fn figure(&self, name: &str) -> Option<&str> {
        self.figures.get(name).map(String::as_str)
    }

    /// The figure names, for an error that lists them.
    pub fn figure_names(&self) -> String {
        let names: Vec<&str> = self.figures.keys().map(String::as_str).collect();
        names.join(", ")
    }

    /// The link target to write for `dest` as written in prose, or why it
    /// is refused (see [`dossier_core::check_link`]).
    pub fn link(&self, dest: &str) -> Result<String, String> {
        match check_link(dest) {
            Ok(Link::Anchor(id)) if self.anchors.contains(id) => Ok(dest.to_string()),
            Ok(Link::Anchor(id)) => {
                let known: Vec<&str> = self.anchors.iter().map(String::as_str).collect();
                Err(format!(
                    "link to `#{id}`: no section has the id `{id}`; expected one of: {}",
                    known.join(", ")
                ))
            }
            Ok(Link::Web(uri) | Link::Mail(uri)) => Ok(uri.to_string()),
            Err(e) => Err(format!("link `{}`: {e}", shown(dest))),
        }
    }
}

/// `dest` as it can be shown in a message: control and invisible
/// characters escaped, at most 200 characters.
fn shown(dest: &str) -> String {
    let mut out: String = dest
        .chars()
        .take(200)
        .flat_map(|c| {
            if c == ' ' || c.is_alphanumeric() || c.is_ascii_punctuation() {
                vec![c]
            } else {
                c.escape_unicode().collect()
            }
        })
        .collect();
    if dest.chars().count() > 200 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_to_sections_or_allowed_urls() {
        let figures = BTreeMap::new();
        let r = Resolver::new(&figures, ["trade".to_string()]);
        assert_eq!(r.link("#trade").unwrap(), "#trade");
        assert_eq!(
            r.link("https://example.org").unwrap(),
            "https://example.org"
        );
        let e = r.link("#nowhere").unwrap_err();
        assert!(e.contains("no section has the id `nowhere`"), "{e}");
        assert!(e.contains("trade"), "{e}");
        let e = r.link("javascript:alert(1)").unwrap_err();
        assert!(e.contains("scheme `javascript`"), "{e}");
        let e = r.link("java\u{202E}script:x").unwrap_err();
        assert!(e.contains("\\u{202e}"), "{e}");
    }
}
