//! Data packages: declared data sets of any subject, loaded, typed and
//! checked against their sources.
//!
//! A data folder holds `datapackage.toml` (or, with no TOML, a
//! `datapackage.json` read with the same meaning), written with the names
//! of the Frictionless Data Package and Table Schema specs plus dossier's
//! extensions (see [`declaration`]). [`load`] reads it and everything it
//! names, through the report's [`Sandbox`]:
//!
//! 1. the **declaration**: every key known (an unknown one is an error
//!    that suggests the closest), every name resolved (fields in keys and
//!    provenance, sources, resources of foreign keys), every text given
//!    per language checked against the report's languages;
//! 2. the **sources**: text sources split into paragraphs, table sources
//!    (vendored published data sets) read as written; each file hashed,
//!    a declared `sha256` checked;
//! 3. each **resource** (CSV, TSV, a JSON array of objects or a TOML
//!    array of tables): columns matched to fields, every cell typed
//!    ([`types::FieldType`]) and checked against its range
//!    ([`types::Range`]: declared bounds, else the type's default),
//!    categories and constraints; primary and unique keys unique;
//! 4. **foreign keys** between resources;
//! 5. the **provenance** of every row ([`provenance`]): quotes in their
//!    paragraphs and values equal to whole number tokens of their quotes
//!    ([`tokens`]), values of table sources equal to the published file,
//!    locators of references;
//! 6. the package's **errata** ([`errata`], a fixed schema) and **claims**
//!    ([`claims`], loaded with the place of each formula).
//!
//! Every problem is a [`PackageError`] naming the file, line and column
//! (in the declaration for a mistake there, in the data file for a bad
//! value), and loading reports all of them (up to
//! [`error::MAX_ERRORS_PER_FILE`] per file). Input never causes a panic.
//!
//! The loaded [`Package`] holds typed [`Resource`]s whose [`Row`]s keep
//! the place of each cell and their [`RowProvenance`]. A resource is a
//! [`dossier_formula::Table`], and the package a
//! [`dossier_formula::Context`] with data sets only (no figures or
//! parameters: those belong to the report), so formulas read it directly.
//!
//! ```no_run
//! use dossier_core::package::{load, LoadOptions};
//! use dossier_core::{Limits, Sandbox};
//! use dossier_lang::LanguageTag;
//!
//! let sandbox = Sandbox::unconfined(Limits::default());
//! let options = LoadOptions { languages: vec![LanguageTag::parse("en").unwrap()] };
//! match load("data".as_ref(), &sandbox, &options) {
//!     Ok(package) => println!("{} data sets", package.resources.len()),
//!     Err(errors) => errors.iter().for_each(|e| eprintln!("error: {e}")),
//! }
//! ```

pub mod cells;
pub mod citation;
pub mod claims;
pub mod declaration;
pub mod delimited;
pub mod errata;
pub mod error;
pub mod json;
pub mod keys;
pub mod position;
pub mod provenance;
pub mod records;
pub mod resource;
pub mod rows;
pub mod sources;
pub mod tokens;
pub mod tree;
pub mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_formula::{Context, FigureError, Value};
use dossier_lang::LanguageTag;
use serde::Serialize;

pub use claims::{Claim, Formula, Rule, Stated};
pub use declaration::{
    Declaration, ForeignKey, Format, License, Matching, ProvenanceRule, Schema, Source, SourceKind,
    SourceRule,
};
pub use errata::{Confidence, Erratum, ErratumKind};
pub use error::{PackageError, Place};
pub use position::TextFile;
pub use resource::{Locator, Resource, Row, RowProvenance};
pub use sources::{SourceContent, SourceFile, TextDocument};
pub use types::{
    Bound, Category, Constraints, Field, FieldType, Localized, Qualifier, Range, Unit,
};

use crate::access::{sha256_hex, Sandbox};
use error::Errors;

/// The declaration file names, in the order they are looked for.
pub const DECLARATION_TOML: &str = "datapackage.toml";
pub const DECLARATION_JSON: &str = "datapackage.json";

/// What a load checks against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The report's languages: every text given per language (labels,
    /// titles, localized cells, errata and claims) must serve each of
    /// them. Empty: no language is required.
    pub languages: Vec<LanguageTag>,
}

/// Something worth knowing that is not an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub at: Place,
    pub message: String,
}

/// A loaded and checked data package.
#[derive(Clone, Debug, Serialize)]
pub struct Package {
    /// The package folder.
    pub dir: PathBuf,
    /// The declaration file read.
    pub declaration: PathBuf,
    pub name: Option<String>,
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub licenses: Vec<License>,
    pub sources: Vec<Source>,
    /// The files of text and table sources, by source name.
    pub files: BTreeMap<String, SourceFile>,
    pub resources: Vec<Resource>,
    pub errata: Vec<Erratum>,
    pub claims: Vec<Claim>,
    /// The claims file, to place errors inside formulas
    /// ([`Formula::place_of`]).
    #[serde(skip)]
    pub claims_file: Option<TextFile>,
    pub warnings: Vec<Warning>,
}

impl Package {
    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }

    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }

    /// The paragraphs of text source `name`.
    pub fn text(&self, name: &str) -> Option<&TextDocument> {
        match &self.files.get(name)?.content {
            SourceContent::Text(d) => Some(d),
            SourceContent::Table(_) => None,
        }
    }

    /// The data set `name` as a formula reads it.
    pub fn table(&self, name: &str) -> Option<&dyn dossier_formula::Table> {
        self.resource(name)
            .map(|r| r as &dyn dossier_formula::Table)
    }

    /// The place in the claims file of byte `pos` of a claim's formula.
    pub fn formula_place(&self, formula: &Formula, pos: usize) -> Place {
        match &self.claims_file {
            Some(f) => formula.place_of(f, pos),
            None => formula.place.clone(),
        }
    }
}

/// The data sets of a package, for formulas; figures and parameters are
/// the report's, so there are none here.
impl Context for Package {
    fn table(&self, name: &str) -> Option<&dyn dossier_formula::Table> {
        Package::table(self, name)
    }

    fn is_figure(&self, _name: &str) -> bool {
        false
    }

    fn figure(&self, _name: &str) -> Option<Result<Value, FigureError>> {
        None
    }

    fn parameter(&self, _name: &str) -> Option<Value> {
        None
    }

    fn names(&self) -> Vec<&str> {
        self.resources.iter().map(|r| r.name.as_str()).collect()
    }
}

/// Finds, reads and parses the declaration of the package in `dir`.
pub fn read_declaration(dir: &Path, sandbox: &Sandbox) -> Result<Declaration, Vec<PackageError>> {
    let entries = sandbox.list(dir).map_err(|e| vec![PackageError::Read(e)])?;
    let has = |name: &str| {
        entries
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == name))
    };
    let (name, syntax) = if has(DECLARATION_TOML) {
        (DECLARATION_TOML, declaration::Syntax::Toml)
    } else if has(DECLARATION_JSON) {
        (DECLARATION_JSON, declaration::Syntax::Json)
    } else {
        return Err(vec![PackageError::Read(crate::error::DataError::Io {
            path: dir.join(DECLARATION_TOML),
            message: format!("no {DECLARATION_TOML} (or {DECLARATION_JSON}) in the data folder"),
        })]);
    };
    let path = dir.join(name);
    let bytes = sandbox
        .read(&path)
        .map_err(|e| vec![PackageError::Read(e)])?;
    let file = TextFile::decode(&path, bytes).map_err(|e| vec![e])?;
    declaration::parse(&path, &file, syntax)
}

/// Loads and checks the package in `dir`, reading only through `sandbox`
/// and within its limits. Returns every error found.
pub fn load(
    dir: &Path,
    sandbox: &Sandbox,
    options: &LoadOptions,
) -> Result<Package, Vec<PackageError>> {
    let decl = read_declaration(dir, sandbox)?;
    let mut errors = Errors::default();
    declaration::check_languages(&decl, &options.languages, &mut errors);
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    let mut warnings = Vec::new();
    let files = sources::load_sources(dir, &decl.sources, sandbox, &mut errors);
    let mut resources = Vec::new();
    for r in &decl.resources {
        if let Some(res) = load_resource(
            dir,
            r,
            sandbox,
            &options.languages,
            &mut warnings,
            &mut errors,
        ) {
            resources.push(res);
        }
    }
    keys::check_foreign_keys(&resources, &mut errors);
    let cited = provenance::Cited {
        sources: &decl.sources,
        files: &files,
    };
    for r in &mut resources {
        provenance::check_resource(r, &cited, &mut errors);
    }
    let errata = match &decl.errata {
        Some(p) => errata::load_errata(
            &dir.join(&p.value),
            sandbox,
            &cited,
            &options.languages,
            &mut errors,
        ),
        None => Vec::new(),
    };
    let (claims, claims_file) = match &decl.claims {
        Some(p) => match claims::load_claims(
            &dir.join(&p.value),
            sandbox,
            &cited,
            &options.languages,
            &mut errors,
        ) {
            Some(c) => (c.claims, Some(c.file)),
            None => (Vec::new(), None),
        },
        None => (Vec::new(), None),
    };
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    Ok(Package {
        dir: dir.to_path_buf(),
        declaration: decl.path,
        name: decl.name,
        title: decl.title,
        description: decl.description,
        licenses: decl.licenses,
        sources: decl.sources,
        files,
        resources,
        errata,
        claims,
        claims_file,
        warnings,
    })
}

/// Reads, types and key-checks one resource.
fn load_resource(
    dir: &Path,
    decl: &declaration::ResourceDecl,
    sandbox: &Sandbox,
    languages: &[LanguageTag],
    warnings: &mut Vec<Warning>,
    errors: &mut Errors,
) -> Option<Resource> {
    let path = dir.join(&decl.path);
    let bytes = match sandbox.read(&path) {
        Ok(b) => b,
        Err(e) => {
            errors.push(PackageError::Read(e));
            return None;
        }
    };
    let sha256 = sha256_hex(&bytes);
    if let Some(size) = &decl.bytes {
        if size.value != bytes.len() as u64 {
            errors.push(PackageError::SizeMismatch {
                at: size.at.clone(),
                path: path.clone(),
                declared: size.value,
                actual: bytes.len() as u64,
            });
        }
    }
    if let Some(hash) = &decl.hash {
        match hash.value.split_once(':') {
            Some(("sha256", hex)) => {
                if !hex.eq_ignore_ascii_case(&sha256) {
                    errors.push(PackageError::HashMismatch {
                        at: hash.at.clone(),
                        path: path.clone(),
                        declared: hex.to_string(),
                        actual: sha256.clone(),
                    });
                }
            }
            other => warnings.push(Warning {
                at: hash.at.clone(),
                message: format!(
                    "the {} hash of {} is not checked; only sha256 is (its SHA-256 is {sha256})",
                    other.map_or("md5", |(alg, _)| alg),
                    path.display()
                ),
            }),
        }
    }
    let file = match TextFile::decode(&path, bytes) {
        Ok(f) => f,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let raw = match &decl.format {
        Format::Csv { delimiter, quote } => {
            records::read_csv(&path, &file, *delimiter, *quote, &sandbox.limits, errors)
        }
        Format::Json => records::read_json(&path, &file, &sandbox.limits, errors),
        Format::Toml { rows } => {
            records::read_toml(&path, &file, rows.as_deref(), &sandbox.limits, errors)
        }
    }?;
    let rows = rows::type_rows(&path, &raw, decl, languages, errors);
    let resource = Resource::new(decl.clone(), path, sha256, rows);
    keys::check_unique(&resource, errors);
    Some(resource)
}

#[cfg(test)]
mod tests;
