//! The resolver of the reference grammar ([`crate::refs`]): figures to
//! their formatted values, cross-references and internal links to the
//! blocks they name (checked against every id of the report), citations
//! to the declared sources, parameters to their values: `{param.NAME}`
//! is the run's value formatted for the edition (a year as a year, a
//! number with the language's digits and signs, a date in its words),
//! `{param.NAME.label}` the value's label in the edition's language.

use std::collections::BTreeMap;

use dossier_core::evaluate::{FigureUnit, Figures};
use dossier_core::package::Package;
use dossier_core::Lang;
use dossier_doc::{Inline, Link, RefKind, Span};
use dossier_lang::LanguageTag;

use crate::format;
use crate::params::{Param, ParamType, Run};
use crate::refs::{pieces, Piece};

/// What the texts of one edition may refer to.
pub struct Resolver<'a> {
    pub lang: Lang,
    pub package: &'a Package,
    pub figures: &'a Figures,
    /// Every id a cross-reference or `#link` may name, with its kinds
    /// (a section and a table may share an id).
    pub ids: &'a BTreeMap<String, Vec<RefKind>>,
    /// The parameters the report declares, and the run's values of them.
    pub params: &'a [Param],
    pub run: &'a Run,
}

/// A fault at a byte offset of the text being resolved.
pub type Fault = (usize, String);

fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    dossier_core::closest(name, known)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

impl Resolver<'_> {
    fn figure(&self, name: &str) -> Result<String, String> {
        self.figures
            .get(name)
            .map(|f| format::figure(f, self.lang))
            .ok_or_else(|| {
                format!(
                    "unknown figure `{{{name}}}`{}",
                    suggest(name, self.figures.names())
                )
            })
    }

    fn cite(&self, source: &str, locator: Option<&str>) -> Result<String, String> {
        if self.package.source(source).is_none() {
            return Err(format!(
                "unknown source `{source}` in a citation{}",
                suggest(source, self.package.sources.iter().map(|s| s.name.as_str()))
            ));
        }
        Ok(format::citation(self.package, source, locator, self.lang))
    }

    /// The document anchor of the block `id` of kind `kind` (any kind,
    /// sections first, when `None`), checked to exist. A `#link` may
    /// name the kind too: `#tbl:trade`.
    pub fn target(&self, kind: Option<RefKind>, id: &str) -> Result<String, String> {
        let (kind, id) = match (kind, id.split_once(':')) {
            (None, Some((prefix, rest))) if RefKind::from_prefix(prefix).is_some() => {
                (RefKind::from_prefix(prefix), rest)
            }
            _ => (kind, id),
        };
        match (self.ids.get(id), kind) {
            (Some(found), Some(kind)) if !found.contains(&kind) => Err(format!(
                "`{{@{}:{id}}}` refers to a {kind}, but `{id}` is a {}",
                kind.prefix(),
                found
                    .iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" and a ")
            )),
            (Some(_), Some(kind)) => Ok(anchor(kind, id)),
            (Some(found), None) => Ok(anchor(found[0], id)),
            (None, _) => {
                let mut known: Vec<&str> = self.ids.keys().map(String::as_str).take(30).collect();
                if self.ids.len() > known.len() {
                    known.push("…");
                }
                Err(format!(
                    "unknown id `{id}`; expected one of: {}{}",
                    known.join(", "),
                    suggest(id, self.ids.keys().map(String::as_str))
                ))
            }
        }
    }

    /// `{param.NAME}` or `{param.NAME.label}`, for the edition.
    fn param(&self, name: &str) -> Result<String, String> {
        let (base, label) = match name.strip_suffix(".label") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let Some(value) = self.run.get(base) else {
            let known: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
            return Err(format!(
                "in `{{param.{name}}}`: {}",
                crate::params::declare::unknown_param(base, &known)
            ));
        };
        if label {
            return value
                .label
                .as_ref()
                .and_then(|l| l.get(self.lang.tag()))
                .map(str::to_string)
                .ok_or_else(|| {
                    format!(
                        "`{{param.{name}}}`: the value `{}` of `{base}` has no label; give its allowed values labels (`label` in `values`, or `label` in `values_from`)",
                        value.text
                    )
                });
        }
        let kind = self
            .params
            .iter()
            .find(|p| p.name == base)
            .map_or(ParamType::Text, |p| p.kind);
        let (unit, decimals) = match (kind, &value.value) {
            (ParamType::Year, _) => (FigureUnit::Year, 0),
            (_, dossier_core::Value::Number(n)) => (FigureUnit::Number, n.normalize().scale()),
            _ => (FigureUnit::Text, 0),
        };
        Ok(format::value(&value.value, &unit, decimals, self.lang))
    }

    /// A text of the spec with its references filled in: figures,
    /// citations and parameters (cross-references stand in prose only).
    pub fn plain(&self, text: &str) -> Result<String, Fault> {
        let mut out = String::new();
        for (piece, at) in pieces(text)? {
            match piece {
                Piece::Text(t) => out.push_str(&t),
                Piece::Figure(name) => out.push_str(&self.figure(&name).map_err(|m| (at, m))?),
                Piece::Cite { source, locator } => out.push_str(
                    &self
                        .cite(&source, locator.as_deref())
                        .map_err(|m| (at, m))?,
                ),
                Piece::Param(name) => out.push_str(&self.param(&name).map_err(|m| (at, m))?),
                Piece::Lang { text, .. } => out.push_str(&text),
                Piece::CrossRef(kind, id) => {
                    return Err((
                        at,
                        format!(
                            "`{{@{}:{id}}}`: cross-references can stand in prose only",
                            kind.prefix()
                        ),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// Prose text in the style of `style`, as inline pieces: figures and
    /// citations as text, cross-references as slots the document numbers.
    pub fn inlines(&self, text: &str, style: &Span) -> Result<Vec<Inline>, Fault> {
        let mut out = Vec::new();
        let span = |t: String| {
            Inline::Text(Span {
                text: t,
                ..style.clone()
            })
        };
        for (piece, at) in pieces(text)? {
            match piece {
                Piece::Text(t) => out.push(span(t)),
                Piece::Figure(name) => out.push(span(self.figure(&name).map_err(|m| (at, m))?)),
                Piece::Cite { source, locator } => {
                    let text = self
                        .cite(&source, locator.as_deref())
                        .map_err(|m| (at, m))?;
                    out.push(Inline::Text(Span {
                        text,
                        link: self
                            .ids
                            .get("sources")
                            .is_some_and(|k| k.contains(&RefKind::Table))
                            .then(|| Link::Internal(anchor(RefKind::Table, "sources"))),
                        ..style.clone()
                    }))
                }
                Piece::Param(name) => out.push(span(self.param(&name).map_err(|m| (at, m))?)),
                Piece::Lang { tag, text } => {
                    let lang = LanguageTag::parse(&tag).map_err(|e| {
                        (
                            at,
                            format!("`{{lang={tag}}}`: `{tag}` is not a language tag: {e}"),
                        )
                    })?;
                    out.push(Inline::Text(Span {
                        text,
                        lang: Some(lang),
                        ..style.clone()
                    }));
                }
                Piece::CrossRef(kind, id) => {
                    let target = self.target(Some(kind), &id).map_err(|m| (at, m))?;
                    out.push(Inline::cross_ref(kind, target));
                }
            }
        }
        Ok(out)
    }
}

/// The document id of block `id` of kind `kind`: `sec:policy`,
/// `tbl:policy`, `fig:trade`, so that a section and a table may share an
/// id in the spec.
pub fn anchor(kind: RefKind, id: &str) -> String {
    format!("{}:{id}", kind.prefix())
}
