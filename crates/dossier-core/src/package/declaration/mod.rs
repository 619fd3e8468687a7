//! The declaration of a data package: `datapackage.toml`, or an imported
//! `datapackage.json` with the same meaning.
//!
//! Keys follow the Frictionless Data Package and Table Schema specs
//! (`resources`, `schema`, `fields`, `primaryKey`, `foreignKeys`,
//! `missingValues`, `constraints`, `categories`, `licenses`, `sources`);
//! dossier adds `provenance` per resource, `kind`, `short` and `sha256`
//! per source, `unit` and `qualifier` per field, the `localized` field type
//! and the package's `errata` and `claims` files. Frictionless keys that
//! dossier has no use for (`homepage`, `mediatype`, …) are accepted; a key
//! that neither spec knows is an error suggesting the closest known key,
//! and a Frictionless feature dossier cannot honour (`pattern`, inline
//! `data`, remote paths, `datetime`) is an error that says so, never
//! silently ignored.
//!
//! Parsing is independent of the report: [`check_languages`] then checks
//! that every text given per language serves each language of a report.

pub(crate) mod field;
pub mod read;
mod resource;
mod source;

use std::path::{Path, PathBuf};

use dossier_lang::LanguageTag;
use serde::Serialize;

pub use resource::{
    ForeignKey, Format, Matching, ProvenanceRule, ResourceDecl, Schema, SourceRule,
};
pub use source::{License, Source, SourceKind};

use super::error::{closest, Errors, PackageError, Place};
use super::json::parse_json;
use super::position::TextFile;
use super::tree::{parse_toml, Node, SyntaxError};
use super::types::Localized;
use read::{At, Doc, Table};

/// A parsed declaration: everything `datapackage.toml` says, with names
/// resolved and cross-checked, before any data file is read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Declaration {
    /// The declaration file.
    pub path: PathBuf,
    pub name: Option<String>,
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub licenses: Vec<License>,
    /// Package sources, then the sources resources declare themselves.
    pub sources: Vec<Source>,
    pub resources: Vec<ResourceDecl>,
    /// The errata file (dossier's fixed schema), relative to the package.
    pub errata: Option<At<PathBuf>>,
    /// The claims file, relative to the package.
    pub claims: Option<At<PathBuf>>,
}

impl Declaration {
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }

    pub fn resource(&self, name: &str) -> Option<&ResourceDecl> {
        self.resources.iter().find(|r| r.name == name)
    }
}

const PACKAGE_KEYS: &[&str] = &[
    "name",
    "id",
    "title",
    "description",
    "homepage",
    "version",
    "created",
    "contributors",
    "keywords",
    "image",
    "licenses",
    "sources",
    "resources",
    "profile",
    "$schema",
    "errata",
    "claims",
];

/// Which syntax a declaration is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

/// Parses the text of a declaration file, collecting every error.
pub fn parse(
    path: &Path,
    file: &TextFile,
    syntax: Syntax,
) -> Result<Declaration, Vec<PackageError>> {
    let mut errors = Errors::default();
    let root = match syntax {
        Syntax::Toml => parse_toml(&file.text),
        Syntax::Json => parse_json(&file.text),
    };
    let root = match root {
        Ok(r) => r,
        Err(SyntaxError { offset, message }) => {
            return Err(vec![PackageError::Syntax {
                at: file.place(path, offset),
                message,
            }])
        }
    };
    let doc = Doc { path, file };
    let decl = declaration(&doc, &root, &mut errors);
    match decl {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(errors.into_vec()),
    }
}

fn declaration(doc: &Doc<'_>, root: &Node, errors: &mut Errors) -> Option<Declaration> {
    let mut t = Table::of(doc, root, "", "the package", errors)?;
    let name = t.string("name", errors).map(|n| n.value);
    let title = t.localized("title", errors).map(|v| v.value);
    let description = t.localized("description", errors).map(|v| v.value);
    let licenses = t
        .array("licenses", errors)
        .map(|items| source::licenses(doc, items, errors))
        .unwrap_or_default();
    let mut sources = Vec::new();
    if let Some(items) = t.array("sources", errors) {
        for item in items {
            if let Some(st) = Table::of(doc, item, "sources", "a source", errors) {
                if let Some(s) = source::source(st, None, errors) {
                    sources.push(s);
                }
            }
        }
    }
    let mut resources = Vec::new();
    let mut resource_sources = Vec::new();
    match t.array("resources", errors) {
        Some(items) => {
            for item in items {
                if let Some(rt) = Table::of(doc, item, "resources", "a resource", errors) {
                    if let Some(r) = resource::resource(rt, &mut resource_sources, errors) {
                        resources.push(r);
                    }
                }
            }
        }
        None => {
            t.require("resources", errors);
        }
    }
    sources.extend(resource_sources);
    let file = |t: &mut Table<'_>, key: &str, errors: &mut Errors| {
        t.string(key, errors).map(|s| At {
            value: PathBuf::from(s.value),
            at: s.at,
        })
    };
    let errata = file(&mut t, "errata", errors);
    let claims = file(&mut t, "claims", errors);
    if let Some(e) = t.get("contributors") {
        if e.value.as_array().is_none() {
            errors.push(read::wrong_type(
                doc,
                &e.value,
                "contributors",
                "an array",
                &e.value.value,
            ));
        }
    }
    t.finish(PACKAGE_KEYS, errors);
    let d = Declaration {
        path: doc.path.to_path_buf(),
        name,
        title,
        description,
        licenses,
        sources,
        resources,
        errata,
        claims,
    };
    cross_check(&d, errors);
    Some(d)
}

/// Names used across the declaration: unique sources and resources,
/// sources and resources that rows and keys name, and what each source
/// kind needs from the provenance that cites it.
fn cross_check(d: &Declaration, errors: &mut Errors) {
    for (i, s) in d.sources.iter().enumerate() {
        if let Some(first) = d.sources[..i].iter().find(|o| o.name == s.name) {
            errors.push(PackageError::DuplicateName {
                at: s.place.clone(),
                what: "source".into(),
                name: s.name.clone(),
                first: first.place.clone(),
            });
        }
    }
    for (i, r) in d.resources.iter().enumerate() {
        if let Some(first) = d.resources[..i].iter().find(|o| o.name == r.name) {
            errors.push(PackageError::DuplicateName {
                at: r.place.clone(),
                what: "resource".into(),
                name: r.name.clone(),
                first: first.place.clone(),
            });
        }
    }
    let source_names: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
    let resource_names: Vec<&str> = d.resources.iter().map(|r| r.name.as_str()).collect();
    for r in &d.resources {
        let p = &r.provenance;
        if let SourceRule::Named(n) = &p.source {
            match d.source(&n.value) {
                None => errors.push(PackageError::UnknownName {
                    at: n.at.clone(),
                    what: "source".into(),
                    name: n.value.clone(),
                    suggestion: closest(&n.value, source_names.iter().copied()),
                    expected: source_names.iter().map(|s| s.to_string()).collect(),
                }),
                Some(s) => {
                    if let Some(needs) = needs(s.kind, p) {
                        errors.push(PackageError::WrongSourceKind {
                            at: p.place.clone(),
                            source_name: s.name.clone(),
                            source_kind: s.kind.name().into(),
                            needs,
                        });
                    }
                }
            }
        }
        for fk in &r.schema.foreign_keys {
            let target = if fk.resource.is_empty() {
                Some(r)
            } else {
                d.resource(&fk.resource)
            };
            let Some(target) = target else {
                errors.push(PackageError::UnknownName {
                    at: fk.place.clone(),
                    what: "resource in a foreign key".into(),
                    name: fk.resource.clone(),
                    suggestion: closest(&fk.resource, resource_names.iter().copied()),
                    expected: resource_names.iter().map(|s| s.to_string()).collect(),
                });
                continue;
            };
            let names: Vec<&str> = target
                .schema
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            for rf in &fk.reference {
                if target.schema.index(&rf.value).is_none() {
                    errors.push(resource::unknown_field(
                        rf.clone(),
                        &names,
                        "foreignKeys.reference",
                    ));
                }
            }
        }
    }
}

/// What a provenance rule lacks for citing a source of `kind`, if anything.
pub fn needs(kind: SourceKind, p: &ProvenanceRule) -> Option<String> {
    match kind {
        SourceKind::Text if p.quote.is_none() => Some(
            "expected the provenance to give `paragraph` and `quote` columns (rows cite a paragraph and its exact words)".into(),
        ),
        SourceKind::Table if p.key.is_empty() => Some(
            "expected the provenance to give `key` and `columns` (rows cite a row of the table and the columns they take from it)".into(),
        ),
        SourceKind::Reference if p.locator.is_none() => Some(
            "expected the provenance to give a `locator` column (page or section of the cited work)".into(),
        ),
        _ => None,
    }
}

/// Checks that every text given per language in the declaration serves
/// each of `languages` (through the fallback `es-CL` → `es`, or a plain
/// string for all), and that category values have labels.
pub fn check_languages(d: &Declaration, languages: &[LanguageTag], errors: &mut Errors) {
    if languages.is_empty() {
        return;
    }
    let codes: Vec<String> = languages.iter().map(|l| l.to_string()).collect();
    let check = |text: Option<&Localized>, at: &Place, what: String, errors: &mut Errors| {
        let missing = match text {
            Some(t) => t.missing(languages),
            None => languages.first(),
        };
        if let Some(lang) = missing {
            errors.push(PackageError::MissingLabel {
                at: at.clone(),
                what,
                language: lang.to_string(),
                languages: codes.clone(),
            });
        }
    };
    let plain = Place::file(&d.path);
    for (text, what) in [
        (&d.title, "the package title"),
        (&d.description, "the package description"),
    ] {
        if text.is_some() {
            check(text.as_ref(), &plain, what.to_string(), errors);
        }
    }
    for s in &d.sources {
        if s.short.is_some() {
            check(
                s.short.as_ref(),
                &s.place,
                format!("the short name of source `{}`", s.name),
                errors,
            );
        }
    }
    for r in &d.resources {
        if r.title.is_some() {
            check(
                r.title.as_ref(),
                &r.place,
                format!("the title of `{}`", r.name),
                errors,
            );
        }
        if r.description.is_some() {
            check(
                r.description.as_ref(),
                &r.place,
                format!("the description of `{}`", r.name),
                errors,
            );
        }
        for f in &r.schema.fields {
            if f.title.is_some() {
                check(
                    f.title.as_ref(),
                    &f.place,
                    format!("the title of field `{}`", f.name),
                    errors,
                );
            }
            if f.description.is_some() {
                check(
                    f.description.as_ref(),
                    &f.place,
                    format!("the description of field `{}`", f.name),
                    errors,
                );
            }
            for c in &f.categories {
                check(
                    c.label.as_ref(),
                    &c.place,
                    format!("the label of category `{}` of field `{}`", c.value, f.name),
                    errors,
                );
            }
        }
    }
}
