//! Arbitrary text as a prose file, then as a link target. Prose that
//! parses holds only links the filter allows (an `https`, `http` or
//! `mailto` address, or `#` and a known section id) and no character text
//! may not hold; an error names a line of the file. A link target the
//! filter accepts starts with an allowed scheme and holds no whitespace or
//! control character.

#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use dossier_report::prose::{parse, ProseBlock};
use dossier_report::resolve::Resolver;
use libfuzzer_sys::fuzz_target;

fn allowed(link: &str) -> bool {
    link.starts_with("https://")
        || link.starts_with("http://")
        || link.starts_with("mailto:")
        || link == "#intro"
}

fuzz_target!(|text: &str| {
    let figures = BTreeMap::from([("a.1".to_string(), "12".to_string())]);
    let resolver = Resolver::new(&figures, ["intro".to_string()]);
    match parse(text, Path::new("p.md"), &resolver) {
        Ok(blocks) => {
            for block in &blocks {
                let inlines: Vec<_> = match block {
                    ProseBlock::Paragraph(inlines) => inlines.iter().collect(),
                    ProseBlock::List { items, .. } => items.iter().flatten().collect(),
                };
                for inline in inlines {
                    if let Some(link) = &inline.link {
                        assert!(allowed(link), "{link:?}");
                    }
                    assert!(
                        !inline.text.chars().any(|c| {
                            let cp = c as u32;
                            cp & 0xFFFE == 0xFFFE || (0xE000..=0xF8FF).contains(&cp)
                        }),
                        "{inline:?}"
                    );
                }
            }
        }
        Err(e) => {
            let lines = text.split('\n').count();
            for place in e.locations() {
                assert!(place.line <= lines, "{e}: line {} of {lines}", place.line);
            }
        }
    }
    if let Ok(link) = dossier_core::check_link(text) {
        let written = match link {
            dossier_core::Link::Web(u) | dossier_core::Link::Mail(u) => u,
            dossier_core::Link::Anchor(id) => id,
        };
        assert!(!written.chars().any(|c| c.is_whitespace() || c.is_control()));
        assert!(
            text.starts_with("https://")
                || text.starts_with("http://")
                || text.starts_with("mailto:")
                || text.starts_with('#'),
            "{text:?}"
        );
    }
});
