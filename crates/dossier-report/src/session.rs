//! A report kept in memory between builds, for a watch: each rebuild
//! redoes only the work that the changed files reach.
//!
//! A build has two stages, and the session keeps what each read:
//!
//! - **opening**: `report.toml` parsed, the data package loaded (its
//!   declaration, data files, sources and claims), figures, claims and table
//!   views evaluated. A change to any file this stage read opens the report
//!   again.
//! - **one edition per language**: the prose files and chart specs that
//!   language read, assembled into a document with chart scenes. A change
//!   to a file only an edition read assembles that edition again, with the
//!   opened report kept.
//!
//! Whatever was assembled again is compared with what it replaces: a chart
//! whose scene did not change keeps its PNG and SVG bytes, and an edition
//! whose document did not change keeps its PDF and HTML bytes, so a data
//! edit that moves one chart redraws that chart and lays out the editions
//! whose text or figures changed, not the others. Layout itself is not
//! split further: an edition whose document changed is laid out whole.
//!
//! A rebuild that fails leaves the session as it was, with the failed part
//! marked to be redone on the next change, so that the last good outputs
//! stay the ones to show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dossier_canvas::Scene;
use dossier_core::{sha256_hex, Input, Lang, Listing, Sandbox};
use dossier_doc::Document;
use dossier_outputs::{FolderPlan, Product};
use rayon::prelude::*;

use crate::assemble::{self, Assembled};
use crate::{
    characters, claim_warnings, render_chart, render_edition, sandbox_for, BuildOptions,
    OutputFile, Report, ReportError,
};

/// An opened report and what opening it read.
struct Opened {
    report: Report,
    plan: FolderPlan,
    langs: Vec<Lang>,
    inputs: Vec<Input>,
    listings: Vec<Listing>,
}

/// One language's edition: what it read, what it assembled, and its files
/// by name.
struct Edition {
    inputs: Vec<Input>,
    assembled: Assembled,
    files: BTreeMap<String, Vec<u8>>,
}

/// One edition's rebuild: its language, the edition and the names it made
/// (or why not), and the files it read.
type Attempt = (
    Lang,
    Result<(Edition, Vec<String>), ReportError>,
    Vec<PathBuf>,
);

/// The outputs after a rebuild, with what was made anew.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub id: String,
    /// Every file of the output set (the build record aside), in plan order.
    pub files: Vec<OutputFile>,
    /// The names of the files made anew; the others were carried forward.
    pub remade: Vec<String>,
    /// Whether the report was opened again (its spec or data changed).
    pub reopened: bool,
    /// The editions assembled again, by language tag.
    pub assembled: Vec<String>,
    pub plan: FolderPlan,
    pub inputs: Vec<Input>,
    pub listings: Vec<Listing>,
    pub claims: Vec<dossier_core::ClaimCheck>,
    pub warnings: Vec<String>,
}

/// A report in memory (see the module docs).
pub struct Session {
    dir: PathBuf,
    options: BuildOptions,
    opened: Option<Opened>,
    editions: BTreeMap<String, Edition>,
    /// Opening failed last time: open again on any change.
    reopen: bool,
    /// Editions whose last rebuild failed: assemble again on any change.
    redo: BTreeSet<String>,
    /// The files the last failed rebuild read, besides the known inputs.
    failed_reads: Vec<PathBuf>,
}

/// A path as the session compares it: absolute, `.` and `..` removed.
fn key(path: &Path) -> PathBuf {
    dossier_core::access::lexical(&std::path::absolute(path).unwrap_or_else(|_| path.into()))
}

fn holds(inputs: &[Input], path: &Path) -> bool {
    inputs.iter().any(|i| key(&i.path) == path)
}

/// Whether two documents of one language say the same: every part but
/// the number formatter, which the language alone decides.
fn same_document(a: &Document, b: &Document) -> bool {
    a.lang == b.lang
        && a.direction == b.direction
        && a.scripts == b.scripts
        && a.labels == b.labels
        && a.metadata == b.metadata
        && a.cover == b.cover
        && a.toc == b.toc
        && a.blocks == b.blocks
}

/// The scene drawn for the chart spec `spec` (as planned), if any.
fn scene_of<'a>(assembled: &'a Assembled, spec: &Path) -> Option<&'a Scene> {
    assembled
        .charts
        .iter()
        .find(|(p, _)| dossier_core::access::lexical(p) == spec)
        .map(|(_, s)| s)
}

impl Session {
    /// A session for the report in `dir`; nothing is read until
    /// [`Session::rebuild`].
    pub fn new(dir: &Path, options: BuildOptions) -> Session {
        Session {
            dir: dir.to_path_buf(),
            options,
            opened: None,
            editions: BTreeMap::new(),
            reopen: true,
            redo: BTreeSet::new(),
            failed_reads: Vec::new(),
        }
    }

    /// The report folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every file the outputs depend on, and those a failed rebuild read
    /// (so that fixing one is seen): the files a watch watches.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .opened
            .iter()
            .flat_map(|o| o.inputs.iter().map(|i| i.path.clone()))
            .chain(
                self.editions
                    .values()
                    .flat_map(|e| e.inputs.iter().map(|i| i.path.clone())),
            )
            .chain(self.failed_reads.iter().cloned())
            .chain(
                self.opened
                    .iter()
                    .flat_map(|o| o.listings.iter().map(|l| l.path.clone())),
            )
            .collect();
        // Before the first good open, the spec at least.
        out.push(self.dir.join("report.toml"));
        out.sort();
        out.dedup();
        out
    }

    /// The files the last failed rebuild read: only their lines may be
    /// shown with its error.
    pub fn failed_reads(&self) -> &[PathBuf] {
        &self.failed_reads
    }

    /// Whether any of `changed` differs from what the outputs were built
    /// from: a file read whose bytes changed (or that is gone), or a file
    /// no build read (a new prose file may serve a language now). A save
    /// that wrote the same bytes changes nothing.
    pub fn affected(&self, changed: &[PathBuf]) -> bool {
        if self.opened.is_none() || self.reopen || !self.redo.is_empty() {
            return true;
        }
        changed.iter().any(|p| {
            let p = key(p);
            let known: Vec<&Input> = self
                .opened
                .iter()
                .flat_map(|o| &o.inputs)
                .chain(self.editions.values().flat_map(|e| &e.inputs))
                .filter(|i| key(&i.path) == p)
                .collect();
            // Read through the sandbox: a file swapped for a FIFO or a
            // link out is refused, not waited on or followed.
            let reader = self
                .opened
                .as_ref()
                .map(|o| o.report.sandbox.with_new_journal());
            match (known.first(), reader) {
                (None, _) | (_, None) => true,
                (Some(input), Some(reader)) => match reader.read(&p) {
                    Ok(bytes) => {
                        bytes.len() as u64 != input.bytes || sha256_hex(&bytes) != input.sha256
                    }
                    Err(_) => true,
                },
            }
        })
    }

    /// Builds what `changed` reaches (everything on the first call, or when
    /// `changed` holds a file no build read) and returns every output.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, ReportError> {
        let changed: Vec<PathBuf> = changed.iter().map(|p| key(p)).collect();
        let known = |p: &PathBuf| {
            self.opened.as_ref().is_some_and(|o| holds(&o.inputs, p))
                || self.editions.values().any(|e| holds(&e.inputs, p))
        };
        let unknown = changed.iter().any(|p| !known(p));
        let reopen = self.reopen
            || self.opened.is_none()
            || unknown
            || self
                .opened
                .as_ref()
                .is_some_and(|o| changed.iter().any(|p| holds(&o.inputs, p)));
        let mut reopened = false;
        if reopen {
            let sandbox = sandbox_for(&self.dir, &self.options)?;
            let journal = sandbox.clone();
            let opened = Report::open_in(sandbox, &self.dir).and_then(|report| {
                let plan = report.plan(&self.options)?;
                let langs = report.build_langs(&self.options)?;
                Ok((report, plan, langs))
            });
            match opened {
                Ok((report, plan, langs)) => {
                    let inputs = journal.inputs();
                    let listings = journal.listings();
                    self.opened = Some(Opened {
                        report,
                        plan,
                        langs,
                        inputs,
                        listings,
                    });
                    self.reopen = false;
                    reopened = true;
                }
                Err(e) => {
                    self.reopen = true;
                    self.failed_reads = journal.inputs().into_iter().map(|i| i.path).collect();
                    return Err(e);
                }
            }
        }
        let Some(opened) = &self.opened else {
            return Err(ReportError::Io {
                path: self.dir.join("report.toml"),
                message: "the report could not be opened".into(),
            });
        };
        let todo: Vec<Lang> = opened
            .langs
            .iter()
            .copied()
            .filter(|l| {
                reopened
                    || self.redo.contains(l.code())
                    || self
                        .editions
                        .get(l.code())
                        .is_none_or(|e| changed.iter().any(|p| holds(&e.inputs, p)))
            })
            .collect();
        let previous = &self.editions;
        let options = &self.options;
        let results: Vec<Attempt> = todo
            .par_iter()
            .map(|&lang| {
                let sandbox = opened.report.sandbox.with_new_journal();
                let result = edition(opened, &sandbox, lang, options, previous.get(lang.code()))
                    .map_err(|e| characters::located(&opened.report.sandbox, e));
                let reads = sandbox.inputs().into_iter().map(|i| i.path).collect();
                (lang, result, reads)
            })
            .collect();
        let mut built = Vec::new();
        let mut first_error = None;
        let mut failed_reads: Vec<PathBuf> = Vec::new();
        for (lang, result, reads) in results {
            match result {
                Ok(done) => built.push((lang, done)),
                Err(e) => {
                    self.redo.insert(lang.code().to_string());
                    failed_reads.extend(reads);
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            // The opening's reads may be shown too.
            failed_reads.extend(opened.inputs.iter().map(|i| i.path.clone()));
            self.failed_reads = failed_reads;
            return Err(e);
        }
        let mut remade = Vec::new();
        let mut assembled = Vec::new();
        for (lang, (edition, names)) in built {
            self.redo.remove(lang.code());
            remade.extend(names);
            assembled.push(lang.code().to_string());
            self.editions.insert(lang.code().to_string(), edition);
        }
        // Languages no longer built are dropped.
        let codes: Vec<&str> = opened.langs.iter().map(|l| l.code()).collect();
        self.editions
            .retain(|code, _| codes.contains(&code.as_str()));
        self.failed_reads.clear();
        let mut files = Vec::new();
        for planned in opened.plan.files() {
            let lang = match &planned.product {
                Product::Chart { lang, .. } | Product::Edition { lang, .. } => lang,
                _ => continue,
            };
            let bytes = self
                .editions
                .get(lang)
                .and_then(|e| e.files.get(&planned.name))
                .ok_or_else(|| ReportError::Io {
                    path: self.dir.join("report.toml"),
                    message: format!("`{}` is planned but was not made", planned.name),
                })?;
            files.push(OutputFile {
                name: planned.name.clone(),
                bytes: bytes.clone(),
            });
        }
        let mut inputs: Vec<Input> = opened
            .inputs
            .iter()
            .chain(self.editions.values().flat_map(|e| &e.inputs))
            .cloned()
            .collect();
        inputs.sort();
        inputs.dedup();
        Ok(Rebuilt {
            id: opened.report.parsed.spec.id.clone(),
            files,
            remade,
            reopened,
            assembled,
            plan: opened.plan.clone(),
            inputs,
            listings: opened.listings.clone(),
            claims: opened.report.claims.clone(),
            warnings: claim_warnings(&opened.report, opened.langs[0]),
        })
    }
}

/// Assembles the `lang` edition again and makes the files whose content
/// changed from `previous`; returns the edition and the names made.
fn edition(
    opened: &Opened,
    sandbox: &Sandbox,
    lang: Lang,
    options: &BuildOptions,
    previous: Option<&Edition>,
) -> Result<(Edition, Vec<String>), ReportError> {
    let report = &opened.report;
    let assembled = assemble::document_in(report, sandbox, lang, options.source_date_epoch)?;
    let document_same =
        previous.is_some_and(|p| same_document(&p.assembled.document, &assembled.document));
    let mut files = BTreeMap::new();
    let mut remade = Vec::new();
    for planned in opened.plan.files() {
        let reused = |name: &str| previous.and_then(|p| p.files.get(name)).cloned();
        let bytes = match &planned.product {
            Product::Chart {
                spec,
                lang: l,
                format,
            } if l == lang.code() => {
                let scene = scene_of(&assembled, spec).ok_or_else(|| ReportError::Io {
                    path: report.dir.join("report.toml"),
                    message: format!("chart `{}` is planned but was not drawn", spec.display()),
                })?;
                let before = previous.and_then(|p| scene_of(&p.assembled, spec));
                match reused(&planned.name).filter(|_| before == Some(scene)) {
                    Some(bytes) => bytes,
                    None => {
                        remade.push(planned.name.clone());
                        render_chart(scene, *format, &report.dir.join(spec))?
                    }
                }
            }
            Product::Edition { lang: l, format } if l == lang.code() => {
                match reused(&planned.name).filter(|_| document_same) {
                    Some(bytes) => bytes,
                    None => {
                        remade.push(planned.name.clone());
                        render_edition(report, &assembled, lang, *format, options)?
                    }
                }
            }
            _ => continue,
        };
        files.insert(planned.name.clone(), bytes);
    }
    Ok((
        Edition {
            inputs: sandbox.inputs(),
            assembled,
            files,
        },
        remade,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the minimal fixture in a fresh folder.
    fn fixture() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
        copy(&from, tmp.path());
        tmp
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }

    fn options() -> BuildOptions {
        BuildOptions {
            pdf: true,
            png: true,
            svg: true,
            html: true,
            source_date_epoch: Some(1_767_225_600),
            ..Default::default()
        }
    }

    #[test]
    fn each_change_remakes_only_what_it_reaches() {
        let tmp = fixture();
        let dir = tmp.path();
        let mut s = Session::new(dir, options());
        let first = s.rebuild(&[]).unwrap();
        assert!(first.reopened);
        assert_eq!(first.remade.len(), first.files.len(), "all made at first");
        let full = crate::build(dir, &options()).unwrap();
        let names = |files: &[OutputFile]| files.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&first.files), names(&full.files));
        for (a, b) in first.files.iter().zip(&full.files) {
            assert!(a.bytes == b.bytes, "{} as a build makes it", a.name);
        }

        // A prose edit: the edition, not the chart, and no reopening.
        let prose = dir.join("prose/traffic.en.md");
        let text = std::fs::read_to_string(&prose).unwrap();
        std::fs::write(&prose, text.replace("The harbour line", "The ferry line")).unwrap();
        assert!(s.affected(std::slice::from_ref(&prose)));
        let after = s.rebuild(std::slice::from_ref(&prose)).unwrap();
        assert!(!after.reopened);
        assert_eq!(after.remade, ["minimal.en.pdf", "minimal.en.html"]);
        let full = crate::build(dir, &options()).unwrap();
        for (a, b) in after.files.iter().zip(&full.files) {
            assert!(a.bytes == b.bytes, "{} as a build makes it", a.name);
        }
        assert!(
            !s.affected(std::slice::from_ref(&prose)),
            "nothing new since"
        );

        // A chart spec edit: that chart and the edition placing it.
        let chart = dir.join("charts/passengers.toml");
        let spec = std::fs::read_to_string(&chart).unwrap();
        std::fs::write(
            &chart,
            spec.replace("Thousands per year", "Thousands a year"),
        )
        .unwrap();
        let after = s.rebuild(std::slice::from_ref(&chart)).unwrap();
        let mut remade = after.remade.clone();
        remade.sort();
        assert_eq!(
            remade,
            [
                "minimal.en.html",
                "minimal.en.pdf",
                "passengers.en.png",
                "passengers.en.svg"
            ]
        );

        // A data edit reopens, and remakes what shows the value.
        let data = dir.join("data/ferries.csv");
        let csv = std::fs::read_to_string(&data).unwrap();
        std::fs::write(&data, csv.replace("2022,455", "2022,456")).unwrap();
        let after = s.rebuild(std::slice::from_ref(&data)).unwrap();
        assert!(after.reopened);
        assert_eq!(after.remade.len(), 4, "{:?}", after.remade);
        let full = crate::build(dir, &options()).unwrap();
        for (a, b) in after.files.iter().zip(&full.files) {
            assert!(a.bytes == b.bytes, "{} as a build makes it", a.name);
        }
    }

    #[test]
    fn a_failed_rebuild_keeps_the_session_and_is_redone() {
        let tmp = fixture();
        let dir = tmp.path();
        let mut s = Session::new(dir, options());
        let good = s.rebuild(&[]).unwrap();
        let prose = dir.join("prose/traffic.en.md");
        let text = std::fs::read_to_string(&prose).unwrap();
        std::fs::write(&prose, "{no_such_figure}\n").unwrap();
        let e = s.rebuild(std::slice::from_ref(&prose)).unwrap_err();
        assert!(e.to_string().contains("no_such_figure"), "{e}");
        assert!(s.failed_reads().iter().any(|p| key(p) == key(&prose)));
        // Put back: the edition is made again, as it was.
        std::fs::write(&prose, text).unwrap();
        let again = s.rebuild(std::slice::from_ref(&prose)).unwrap();
        for (a, b) in again.files.iter().zip(&good.files) {
            assert!(a.bytes == b.bytes, "{}", a.name);
        }
        // A broken spec: opening fails, and any later change opens again.
        let spec = dir.join("report.toml");
        let toml = std::fs::read_to_string(&spec).unwrap();
        std::fs::write(&spec, toml.replace("id = \"minimal\"", "id = ")).unwrap();
        assert!(s.rebuild(std::slice::from_ref(&spec)).is_err());
        std::fs::write(&spec, toml).unwrap();
        let again = s.rebuild(std::slice::from_ref(&spec)).unwrap();
        assert!(again.reopened);
        assert_eq!(again.files.len(), good.files.len());
    }
}
