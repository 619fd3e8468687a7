//! What a build may read, and how much: the folders an untrusted report is
//! confined to ([`Sandbox`]) and the resource limits ([`Limits`]).
//!
//! Report folders arrive from pull requests anyone can open, so every file
//! a build reads goes through [`Sandbox::read`]. A path is refused when it
//! leaves the allowed folders: first as written (an absolute path or `..`
//! steps, checked before the file system is touched), then at every step
//! of the written path with symlinks resolved (so a linked folder cannot
//! lead outside even when the file it names would be inside), and again
//! for the whole path resolved.
//!
//! Only regular files are read. The type is checked without following a
//! symlink and before the file is opened, so a FIFO, a socket or a device
//! is refused without blocking; the file is then opened from its allowed
//! folder one step at a time with `O_NOFOLLOW`, the last step with
//! `O_NONBLOCK`, and checked again with `fstat`, so a swap between the
//! check and the open cannot make the build read anything else. At most
//! [`Limits::max_file_bytes`] are read, whatever size the file claims.
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::DataError;
use crate::regular_file;

/// Resource limits of one build. Every limit is named in the error that
/// reports it, with the command-line flag (`--<name>`) that raises it.
///
/// | Field | Flag | Default |
/// |---|---|---|
/// | `max_file_bytes` | `--max-file-bytes` | 16 MiB (16,777,216) per input file |
/// | `max_table_rows` | `--max-table-rows` | 10,000 rows per data file and per table |
/// | `max_pages` | `--max-pages` | 1,000 pages per document |
/// | `max_prose_chars` | `--max-prose-chars` | 200,000 characters per prose file |
/// | `max_paragraph_chars` | `--max-paragraph-chars` | 20,000 characters per paragraph, list item, title, label or table cell |
/// | `max_document_chars` | `--max-document-chars` | 1,000,000 characters of text per document |
/// | `max_blocks` | `--max-blocks` | 10,000 blocks (headings, paragraphs, lists, tables, figures, page breaks) per document |
/// | `max_charts` | `--max-charts` | 200 charts per document |
/// | `max_chart_points` | `--max-chart-points` | 10,000 points per chart |
/// | `max_chart_width` | `--max-chart-width` | 2,000 points wide per chart |
/// | `max_chart_height` | `--max-chart-height` | 2,000 points high per chart |
/// | `max_chart_pixels` | `--max-chart-pixels` | 16,777,216 pixels per chart image (width × height at the raster scale) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Bytes of any one file a build reads.
    pub max_file_bytes: u64,
    /// Rows of one data file (CSV rows, TOML tables) and of one table
    /// placed in a document.
    pub max_table_rows: usize,
    /// Pages of one PDF.
    pub max_pages: usize,
    /// Characters of one prose file.
    pub max_prose_chars: usize,
    /// Characters of one paragraph or list item, and of any one text that
    /// is laid out on its own (a title, a label, a table cell).
    pub max_paragraph_chars: usize,
    /// Characters of all the text of one document: prose, headings,
    /// tables, captions, counted for every time a block is placed.
    pub max_document_chars: usize,
    /// Blocks of one document: headings, paragraphs, lists, tables,
    /// figures and page breaks, so that empty blocks cannot make layout
    /// unbounded either.
    pub max_blocks: usize,
    /// Charts in one document.
    pub max_charts: usize,
    /// Points (categories times series, or timeline events and periods)
    /// of one chart.
    pub max_chart_points: usize,
    /// Width of one chart, in points.
    pub max_chart_width: u32,
    /// Height of one chart, in points.
    pub max_chart_height: u32,
    /// Pixels of one chart image: its width times its height at the
    /// raster scale (2 pixels per point in a build), so that no PNG needs
    /// more than this many 4-byte pixels in memory.
    pub max_chart_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_table_rows: 10_000,
            max_pages: 1_000,
            max_prose_chars: 200_000,
            max_paragraph_chars: 20_000,
            max_document_chars: 1_000_000,
            max_blocks: 10_000,
            max_charts: 200,
            max_chart_points: 10_000,
            max_chart_width: 2_000,
            max_chart_height: 2_000,
            max_chart_pixels: 16_777_216,
        }
    }
}

/// The folders a build may read from, and the limits it runs under.
///
/// A sandbox also keeps a journal of every file it read and every folder
/// it listed (shared by its clones), so that a build can say exactly what
/// it depended on and a later build can tell whether anything changed.
///
/// The forks of one sandbox (one per run of a report opened once) read
/// each file once between them: a file one fork read is handed to the
/// others as it was read, so every run of a build sees the same version of
/// the report's prose and chart specs, and sixty runs do not resolve, open
/// and hash the same files sixty times.
#[derive(Debug, Clone, Default)]
pub struct Sandbox {
    /// Allowed folders as given (made absolute) and as resolved; empty
    /// means no confinement.
    roots: Vec<Root>,
    pub limits: Limits,
    journal: Arc<Mutex<Journal>>,
    /// The files read by this sandbox's forks, shared between them.
    forks_read: Arc<Kept>,
    /// For a fork, the files read by it and its siblings.
    kept: Option<Arc<Kept>>,
}

/// Files read once and handed out again, up to [`Kept::MAX_BYTES`] in all.
#[derive(Debug, Default)]
struct Kept {
    files: Mutex<std::collections::HashMap<PathBuf, Arc<KeptFile>>>,
}

/// A file's bytes, and the input it was recorded as.
type KeptFile = (Vec<u8>, Input);

impl Kept {
    /// Files are kept while they hold no more than this in all: a report's
    /// prose and chart specs are a few kilobytes each.
    const MAX_BYTES: usize = 32 << 20;

    fn get(&self, path: &Path) -> Option<Arc<KeptFile>> {
        self.files.lock().ok()?.get(path).cloned()
    }

    fn put(&self, path: &Path, bytes: &[u8], input: &Input) {
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        let held: usize = files.values().map(|f| f.0.len()).sum();
        if held + bytes.len() <= Kept::MAX_BYTES {
            files.insert(
                path.to_path_buf(),
                Arc::new((bytes.to_vec(), input.clone())),
            );
        }
    }
}

/// A file a build read: the path as it was read, its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Input {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

/// A folder a build listed, with the names it held, sorted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Listing {
    pub path: PathBuf,
    pub entries: Vec<String>,
}

#[derive(Debug, Default)]
struct Journal {
    inputs: Vec<Input>,
    listings: Vec<Listing>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[derive(Debug, Clone)]
struct Root {
    given: PathBuf,
    resolved: PathBuf,
}

impl Sandbox {
    /// A sandbox that reads anywhere (trusted input) under `limits`.
    pub fn unconfined(limits: Limits) -> Sandbox {
        Sandbox {
            roots: Vec::new(),
            limits,
            ..Sandbox::default()
        }
    }

    /// A sandbox that reads only inside `roots`. Each root must exist.
    pub fn new(roots: &[PathBuf], limits: Limits) -> Result<Sandbox, DataError> {
        let mut out = Vec::new();
        for root in roots {
            let resolved = std::fs::canonicalize(root).map_err(|e| DataError::Io {
                path: root.clone(),
                message: e.to_string(),
            })?;
            out.push(Root {
                given: lexical(&absolute(root)),
                resolved,
            });
        }
        Ok(Sandbox {
            roots: out,
            limits,
            ..Sandbox::default()
        })
    }

    /// The same folders and limits with a journal of its own, empty, that
    /// reads every file afresh: what one part of a build reads, apart from
    /// the rest (a watch rebuilds one edition and must know which files
    /// that edition read, as they are now).
    pub fn with_new_journal(&self) -> Sandbox {
        Sandbox {
            roots: self.roots.clone(),
            limits: self.limits,
            ..Sandbox::default()
        }
    }

    /// The same folders and limits with a journal of its own that starts
    /// as a copy of this one: what is read through the fork from now on
    /// is in its journal only. One report opened once and built for many
    /// runs gives each run a fork, so that each run's journal says what
    /// opening read and what that run read. The forks of one sandbox share
    /// the files they read (see [`Sandbox`]).
    pub fn forked(&self) -> Sandbox {
        let journal = match self.journal.lock() {
            Ok(j) => Journal {
                inputs: j.inputs.clone(),
                listings: j.listings.clone(),
            },
            Err(_) => Journal::default(),
        };
        Sandbox {
            roots: self.roots.clone(),
            limits: self.limits,
            journal: Arc::new(Mutex::new(journal)),
            forks_read: Arc::default(),
            kept: Some(self.kept.clone().unwrap_or_else(|| self.forks_read.clone())),
        }
    }

    /// Every file read so far, sorted by path, each once.
    pub fn inputs(&self) -> Vec<Input> {
        let mut v = self
            .journal
            .lock()
            .map(|j| j.inputs.clone())
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }

    /// Every folder listed so far, sorted by path, each once.
    pub fn listings(&self) -> Vec<Listing> {
        let mut v = self
            .journal
            .lock()
            .map(|j| j.listings.clone())
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }

    /// The allowed folders, resolved.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.iter().map(|r| r.resolved.clone()).collect()
    }

    fn outside(&self, path: &Path, resolved: PathBuf) -> DataError {
        DataError::Outside {
            path: path.to_path_buf(),
            resolved,
            allowed: self.roots(),
        }
    }

    fn inside(&self, real: &Path) -> bool {
        self.roots.iter().any(|r| real.starts_with(&r.resolved))
    }

    /// Resolves `path` (every symlink followed) and checks that it stays
    /// inside the allowed folders: as written, at every step below the
    /// allowed folder it is written in, and as a whole. A path whose
    /// written form and resolved form name different places (a symlink
    /// followed by `..`) is refused too.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, DataError> {
        let canonical = |p: &Path| {
            std::fs::canonicalize(p).map_err(|e| DataError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        };
        if self.roots.is_empty() {
            return canonical(path);
        }
        let written = lexical(&absolute(path));
        let Some(base) = self
            .roots
            .iter()
            .flat_map(|r| [&r.given, &r.resolved])
            .filter(|base| written.starts_with(base))
            .max_by_key(|base| base.components().count())
        else {
            return Err(self.outside(path, written));
        };
        // Each step's real place, from the one before: a step that is no
        // symlink lies where its folder really is, and only a symlink needs
        // resolving in full. A report reads dozens of files, each some
        // folders deep, and resolving every step from the root took a
        // system call per folder of every step.
        let mut step = base.clone();
        let mut real = canonical(base)?;
        if let Ok(below) = written.strip_prefix(base) {
            for name in below.components() {
                step.push(name);
                let link = std::fs::symlink_metadata(&step)
                    .map_err(|e| DataError::Io {
                        path: path.to_path_buf(),
                        message: e.to_string(),
                    })?
                    .is_symlink();
                if link {
                    real = canonical(&step)?;
                } else {
                    real.push(name);
                }
                if !self.inside(&real) {
                    return Err(self.outside(path, real));
                }
            }
        }
        // Without `..`, the path as given is the path as written, whose
        // real place the steps reached.
        if !path.components().any(|c| c == Component::ParentDir) {
            return Ok(real);
        }
        let resolved = canonical(path)?;
        if !self.inside(&resolved) {
            return Err(self.outside(path, resolved));
        }
        if real != resolved {
            return Err(self.outside(path, resolved));
        }
        Ok(resolved)
    }

    /// The allowed folder a resolved path lies in (the innermost), and the
    /// rest of the path below it; for an unconfined sandbox, the path's
    /// folder and its name.
    fn split<'a>(&self, resolved: &'a Path) -> (PathBuf, &'a Path) {
        let root = self
            .roots
            .iter()
            .map(|r| r.resolved.as_path())
            .filter(|r| resolved.starts_with(r))
            .max_by_key(|r| r.components().count());
        match root.and_then(|r| resolved.strip_prefix(r).ok().map(|rest| (r, rest))) {
            Some((root, rest)) => (root.to_path_buf(), rest),
            None => match (resolved.parent(), resolved.file_name()) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), Path::new(name)),
                _ => (resolved.to_path_buf(), Path::new("")),
            },
        }
    }

    /// Reads the regular file at `path`, confined and size-limited. A FIFO,
    /// socket or device is refused before it is opened.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, DataError> {
        if let Some(file) = self.kept.as_ref().and_then(|k| k.get(path)) {
            self.note(file.1.clone());
            return Ok(file.0.clone());
        }
        let resolved = self.resolve(path)?;
        let (root, rest) = self.split(&resolved);
        let file = regular_file::open_file(&root, rest).map_err(|e| e.at(path))?;
        let bytes = regular_file::read_bounded(path, file, self.limits.max_file_bytes)?;
        let input = Input {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
        };
        if let Some(kept) = &self.kept {
            kept.put(path, &bytes, &input);
        }
        self.note(input);
        Ok(bytes)
    }

    fn note(&self, input: Input) {
        if let Ok(mut journal) = self.journal.lock() {
            journal.inputs.push(input);
        }
    }

    /// Whether `path` resolves, inside the allowed folders, to a regular
    /// file; a file this fork or a sibling has read is one.
    pub fn is_file(&self, path: &Path) -> bool {
        self.kept.as_ref().is_some_and(|k| k.get(path).is_some())
            || self.resolve(path).is_ok_and(|p| p.is_file())
    }

    /// Reads `path` as UTF-8 text, confined and size-limited, reporting the
    /// line and column of the first invalid byte.
    pub fn read_text(&self, path: &Path) -> Result<String, DataError> {
        let bytes = self.read(path)?;
        utf8(path, bytes)
    }

    /// The entries of folder `dir`, after checking that the folder itself
    /// is allowed. Entries are checked when they are read.
    pub fn list(&self, dir: &Path) -> Result<Vec<PathBuf>, DataError> {
        let resolved = self.resolve(dir)?;
        let (root, rest) = if self.roots.is_empty() {
            (resolved.clone(), Path::new(""))
        } else {
            self.split(&resolved)
        };
        let names = regular_file::list_dir(&root, rest).map_err(|e| e.at(dir))?;
        let mut out: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
        out.sort();
        let mut names: Vec<String> = names
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        names.sort();
        if let Ok(mut journal) = self.journal.lock() {
            journal.listings.push(Listing {
                path: dir.to_path_buf(),
                entries: names,
            });
        }
        Ok(out)
    }
}

/// `path` made absolute against the current directory, symlinks untouched.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` with `.` and `..` steps removed without looking at the file
/// system; `..` at the root stays at the root.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `bytes` as UTF-8 text, or an error naming the line and column of the
/// first byte that is not UTF-8.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, DataError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let (line, column) = crate::error::line_col(valid, offset);
            Err(DataError::BadUtf8 {
                path: path.to_path_buf(),
                line,
                column,
                offset,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_removes_dots() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(lexical(Path::new("/a/../../etc")), Path::new("/etc"));
    }

    #[cfg(unix)]
    #[test]
    fn resolving_follows_links_inside_and_refuses_the_way_out() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        let away = tmp.path().join("away");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::fs::write(root.join("a/b/data.csv"), "x").unwrap();
        std::fs::write(away.join("secret.csv"), "x").unwrap();
        std::fs::create_dir_all(tmp.path().join("b")).unwrap();
        std::fs::write(tmp.path().join("b/data.csv"), "x").unwrap();
        symlink(root.join("a"), root.join("inside")).unwrap();
        symlink(&away, root.join("a/out")).unwrap();
        symlink(away.join("secret.csv"), root.join("a/b/file.csv")).unwrap();
        let sb = Sandbox::new(std::slice::from_ref(&root), Limits::default()).unwrap();
        let real = |p: &Path| std::fs::canonicalize(p).unwrap();

        // Plain steps, and a link that stays inside: the real place.
        let plain = root.join("a/b/data.csv");
        assert_eq!(sb.resolve(&plain).unwrap(), real(&plain));
        let linked = root.join("inside/b/data.csv");
        assert_eq!(sb.resolve(&linked).unwrap(), real(&plain));
        let dotted = root.join("a/./b/../b/data.csv");
        assert_eq!(sb.resolve(&dotted).unwrap(), real(&plain));

        // A folder or a file linked outside, and a link followed by `..`
        // (which lands outside physically while it reads as inside).
        for bad in [
            root.join("a/out/secret.csv"),
            root.join("a/b/file.csv"),
            root.join("a/out/../b/data.csv"),
        ] {
            let err = sb.resolve(&bad).unwrap_err();
            assert!(matches!(err, DataError::Outside { .. }), "{bad:?}: {err:?}");
        }
        // A missing file is an error about the path as given.
        let missing = root.join("a/nothing.csv");
        let err = sb.resolve(&missing).unwrap_err();
        assert!(
            matches!(&err, DataError::Io { path, .. } if *path == missing),
            "{err:?}"
        );
    }

    #[test]
    fn a_fork_starts_with_the_journal_and_keeps_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(tmp.path().join(name), name).unwrap();
        }
        let sb = Sandbox::new(&[tmp.path().to_path_buf()], Limits::default()).unwrap();
        sb.read(&tmp.path().join("a.txt")).unwrap();
        let fork = sb.forked();
        fork.read(&tmp.path().join("b.txt")).unwrap();
        sb.read(&tmp.path().join("c.txt")).unwrap();
        let names = |s: &Sandbox| -> Vec<String> {
            s.inputs()
                .iter()
                .map(|i| i.path.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&fork), ["a.txt", "b.txt"]);
        assert_eq!(names(&sb), ["a.txt", "c.txt"]);
        assert!(
            fork.read(Path::new("/etc/passwd")).is_err(),
            "still confined"
        );
    }

    #[test]
    fn forks_share_what_they_read_and_a_new_journal_reads_afresh() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("prose.md");
        std::fs::write(&path, "first").unwrap();
        let sb = Sandbox::new(&[tmp.path().to_path_buf()], Limits::default()).unwrap();
        let (one, two) = (sb.forked(), sb.forked());
        assert_eq!(one.read_text(&path).unwrap(), "first");
        std::fs::write(&path, "second, longer").unwrap();
        // A sibling fork, and a fork of a fork, get the file as first read,
        // and each journal records it with that file's size and hash.
        assert_eq!(two.read_text(&path).unwrap(), "first");
        assert_eq!(two.forked().read_text(&path).unwrap(), "first");
        assert_eq!(two.inputs(), one.inputs());
        assert_eq!(two.inputs()[0].bytes, 5);
        assert_eq!(two.inputs()[0].sha256, sha256_hex(b"first"));
        // The sandbox itself, and a new journal, read the file as it is.
        assert_eq!(sb.read_text(&path).unwrap(), "second, longer");
        assert_eq!(
            two.with_new_journal().read_text(&path).unwrap(),
            "second, longer"
        );
        // Forks of another sandbox share nothing with these.
        let other = sb.with_new_journal().forked();
        assert_eq!(other.read_text(&path).unwrap(), "second, longer");
        // A refused read is refused through the shared files too.
        assert!(one.read(Path::new("/etc/passwd")).is_err());
    }

    #[test]
    fn confined_reads() {
        let tmp = tempfile::tempdir().unwrap();
        let inside = tmp.path().join("in");
        std::fs::create_dir(&inside).unwrap();
        std::fs::write(inside.join("ok.txt"), "fine").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "no").unwrap();
        let sb = Sandbox::new(std::slice::from_ref(&inside), Limits::default()).unwrap();
        assert_eq!(sb.read_text(&inside.join("ok.txt")).unwrap(), "fine");
        let e = sb.read(&inside.join("../secret.txt")).unwrap_err();
        assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        assert!(e.to_string().contains("secret.txt"), "{e}");
        let e = sb.read(Path::new("/etc/passwd")).unwrap_err();
        assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), inside.join("link.txt"))
                .unwrap();
            let e = sb.read(&inside.join("link.txt")).unwrap_err();
            assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_cannot_lead_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let inside = tmp.path().join("in");
        std::fs::create_dir_all(inside.join("real")).unwrap();
        std::fs::write(inside.join("real/ok.txt"), "fine").unwrap();
        std::fs::create_dir(tmp.path().join("out")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("out"), inside.join("away")).unwrap();
        std::os::unix::fs::symlink("real", inside.join("near")).unwrap();
        let sb = Sandbox::new(std::slice::from_ref(&inside), Limits::default()).unwrap();
        // A link that stays inside is followed.
        assert_eq!(sb.read_text(&inside.join("near/ok.txt")).unwrap(), "fine");
        // `away/back/ok.txt` ends at an allowed file (`out/back` links to
        // `in/real`), but its first step leads outside.
        std::os::unix::fs::symlink(inside.join("real"), tmp.path().join("out/back")).unwrap();
        let e = sb.read(&inside.join("away/back/ok.txt")).unwrap_err();
        assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        assert!(e.to_string().contains("resolves to"), "{e}");
        // A symlink followed by `..` names one place as written and
        // another resolved.
        std::fs::create_dir_all(inside.join("x/y")).unwrap();
        std::os::unix::fs::symlink(inside.join("x/y"), inside.join("deep")).unwrap();
        std::fs::write(inside.join("x/ok.txt"), "x").unwrap();
        std::fs::write(inside.join("ok.txt"), "top").unwrap();
        let e = sb.read(&inside.join("deep/../ok.txt")).unwrap_err();
        assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        let e = sb.list(&inside.join("away")).unwrap_err();
        assert!(matches!(e, DataError::Outside { .. }), "{e:?}");
        assert_eq!(
            sb.list(&inside.join("near")).unwrap(),
            vec![inside.join("near/ok.txt")]
        );
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("report.toml");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let sb = Sandbox::new(&[tmp.path().to_path_buf()], Limits::default()).unwrap();
        let e = sb.read(&fifo).unwrap_err();
        assert_eq!(e.kind(), "special", "{e:?}");
        assert!(e.to_string().contains("a FIFO (named pipe)"), "{e}");
        assert!(e.to_string().contains("report.toml: refused"), "{e}");
        // Devices, reached through an allowed folder that holds them.
        let sb = Sandbox::new(&[PathBuf::from("/dev")], Limits::default()).unwrap();
        for device in ["/dev/zero", "/dev/null", "/dev/urandom"] {
            let e = sb.read(Path::new(device)).unwrap_err();
            assert!(e.to_string().contains("a character device"), "{e}");
        }
        // A folder is not a file either.
        let sb = Sandbox::new(&[tmp.path().to_path_buf()], Limits::default()).unwrap();
        let e = sb.read(tmp.path()).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
    }

    #[test]
    fn file_size_limit() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("big.txt"), vec![b'a'; 100]).unwrap();
        let limits = Limits {
            max_file_bytes: 99,
            ..Limits::default()
        };
        let sb = Sandbox::new(&[tmp.path().to_path_buf()], limits).unwrap();
        let e = sb.read(&tmp.path().join("big.txt")).unwrap_err();
        assert!(e.to_string().contains("--max-file-bytes"), "{e}");
        assert!(e.to_string().contains("100"), "{e}");
    }
}
