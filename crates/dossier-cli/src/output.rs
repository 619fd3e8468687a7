//! Writing outputs safely: every file of a report is first written to a
//! temporary file beside its destination and synced, and only when all of
//! them are complete are they renamed into place, `build.json` last. A
//! build that fails or is killed therefore never leaves a partial file, and
//! the previous outputs stay readable. A lock on the report's output
//! folder keeps two builds into the same `--out` from interleaving.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An output format the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Png,
    Svg,
}

/// A file written to its temporary name, waiting to be renamed into place.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
}

/// Suffix of temporary files; a build holding the folder's lock removes
/// any it finds, left by a build that was killed.
const TMP_SUFFIX: &str = ".dossier-tmp";

/// Writes `bytes` to a temporary file beside `dest` and syncs it.
pub fn stage(dest: &Path, bytes: &[u8]) -> Result<Staged, String> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = parent(dest);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}{TMP_SUFFIX}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(Staged {
            tmp,
            dest: dest.to_path_buf(),
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("{}: cannot write: {e}", dest.display()))
        }
    }
}

/// Renames staged files into place, in order, then syncs their folders.
/// On an error the files not yet renamed are removed.
pub fn commit(staged: Vec<Staged>) -> Result<(), String> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut iter = staged.into_iter();
    while let Some(s) = iter.next() {
        if let Err(e) = std::fs::rename(&s.tmp, &s.dest) {
            let _ = std::fs::remove_file(&s.tmp);
            discard(iter.collect());
            return Err(format!("{}: cannot write: {e}", s.dest.display()));
        }
        let dir = parent(&s.dest).to_path_buf();
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        // Makes the renames themselves durable; not every system can sync
        // a folder, and the files are complete either way.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Removes staged files that will not be renamed.
pub fn discard(staged: Vec<Staged>) {
    for s in staged {
        let _ = std::fs::remove_file(&s.tmp);
    }
}

/// Writes one file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    create_dir(parent(path))?;
    commit(vec![stage(path, bytes)?])
}

/// Creates `dir` and its parents, with an error naming it.
pub fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the output folder: {e}", dir.display()))
}

/// Removes temporary files a killed build left in `dir`. Call it only while
/// holding the folder's lock.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// An exclusive lock on a report's output folder, held while its files are
/// replaced and released when dropped. On Unix the folder itself is locked,
/// so no lock file is left among the outputs.
pub struct FolderLock {
    _file: std::fs::File,
}

impl FolderLock {
    /// Waits until the lock on `dir` (which must exist) is ours.
    pub fn acquire(dir: &Path) -> Result<FolderLock, String> {
        let err =
            |e: std::io::Error| format!("{}: cannot lock the output folder: {e}", dir.display());
        #[cfg(unix)]
        let file = std::fs::File::open(dir).map_err(err)?;
        #[cfg(not(unix))]
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".dossier.lock"))
            .map_err(err)?;
        file.lock().map_err(err)?;
        Ok(FolderLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        let b = dir.path().join("b.json");
        std::fs::write(&a, "old").unwrap();
        let staged = vec![stage(&a, b"new").unwrap(), stage(&b, b"{}").unwrap()];
        // Until the commit, readers still see the old file.
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        commit(staged).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "{}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn discard_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, "old").unwrap();
        discard(vec![stage(&a, b"new").unwrap()]);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".a.pdf.99.0.dossier-tmp"), "half").unwrap();
        std::fs::write(dir.path().join("a.pdf"), "whole").unwrap();
        remove_stale(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.pdf"]);
    }

    #[test]
    fn an_unwritable_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        let err = write_atomic(&file.join("x/out.pdf"), b"x").unwrap_err();
        assert!(err.contains("cannot create the output folder"), "{err}");
        assert!(err.contains("file/x"), "{err}");
    }

    #[test]
    fn the_lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let held = FolderLock::acquire(dir.path()).unwrap();
        #[cfg(unix)]
        {
            let other = std::fs::File::open(dir.path()).unwrap();
            assert!(other.try_lock().is_err(), "a second lock must wait");
            drop(held);
            assert!(other.try_lock().is_ok());
        }
        #[cfg(not(unix))]
        drop(held);
    }
}
