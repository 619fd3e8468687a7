//! The output root: `--out`, resolved once when a command starts and held
//! open as a folder. Every later step names files relative to that open
//! folder, one name at a time, and follows no symlink: a link under
//! `--out`, committed in a pull request or restored from a poisoned cache,
//! is replaced or refused, never written through or read through.
//!
//! `--out` itself, and the folders above it, may be symlinks: those are the
//! user's own choice, and they are resolved here, once.

use std::ffi::CStr;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

/// An open `--out` folder, with the path it was given as, for messages.
pub struct OutRoot {
    path: PathBuf,
    fd: OwnedFd,
    /// Whether sets were switched into the folder since it was last synced
    /// (see [`OutRoot::sync_switches`]).
    switched: AtomicBool,
}

impl OutRoot {
    /// Creates `path` and its parents when missing, and opens it.
    pub fn open(path: &Path) -> Result<OutRoot, String> {
        std::fs::create_dir_all(path)
            .map_err(|e| format!("{}: cannot create the output folder: {e}", path.display()))?;
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| {
            format!(
                "{}: cannot open the output folder: {}",
                path.display(),
                io::Error::from(e)
            )
        })?;
        Ok(OutRoot {
            path: path.to_path_buf(),
            fd,
            switched: AtomicBool::new(false),
        })
    }

    /// Records that a synced set was switched in, to be made durable by
    /// the next [`OutRoot::sync_switches`]. The set's own files and folder
    /// are synced before its switch, so a crash before that sync leaves
    /// the previous state of the name, never a set in part; a build of
    /// sixty runs then syncs its output folder once instead of sixty times.
    pub(crate) fn switched(&self) {
        self.switched.store(true, Ordering::Release);
    }

    /// Makes every switch recorded by [`OutRoot::switched`] durable. A
    /// build calls it before it reports its sets as written; dropping the
    /// root calls it too.
    pub fn sync_switches(&self) {
        if self.switched.swap(false, Ordering::AcqRel) {
            sync(self.fd());
        }
    }

    /// Whether switches are waiting for [`OutRoot::sync_switches`].
    #[cfg(test)]
    pub(crate) fn switches_unsynced(&self) -> bool {
        self.switched.load(Ordering::Acquire)
    }

    /// The path `--out` was given as.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// Writes the file `name` directly in the root, atomically: a fresh
    /// temporary file beside it, synced, then renamed over `name`. A
    /// symlink at `name` is replaced, not followed.
    pub fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let shown = self.path.join(name);
        let fail = |e: io::Error| format!("{}: cannot write: {e}", shown.display());
        // Short, so that a name of the longest allowed length still fits.
        let tmp = format!(
            ".dossier-tmp.{}.{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let written = create_file(self.fd(), &tmp)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
            .and_then(|()| Ok(rustix::fs::renameat(self.fd(), &tmp, self.fd(), name)?));
        if let Err(e) = written {
            let _ = rustix::fs::unlinkat(self.fd(), &tmp, AtFlags::empty());
            return Err(fail(e));
        }
        sync(self.fd());
        Ok(())
    }

    /// The output folder `name`, opened for reading. Fails when it is
    /// missing, or is anything but a real folder (a symlink among them).
    pub fn folder(&self, name: &str) -> io::Result<Folder> {
        Ok(Folder {
            fd: open_dir(self.fd(), name)?,
        })
    }

    /// Every name in `--out`, hidden ones too, sorted.
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = entries(self.fd())?
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// An output folder open for reading, as it was when it was opened: a
/// folder switched in its place meanwhile is not mixed into what is read.
pub struct Folder {
    fd: OwnedFd,
}

impl Folder {
    /// Every name in the folder, hidden ones too, sorted.
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = entries(self.fd.as_fd())?
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// The bytes of the regular file `name`, at most `max` of them.
    pub fn read(&self, name: &str, max: u64) -> io::Result<Vec<u8>> {
        read_regular(self.fd.as_fd(), name, max)
    }
}

/// Opens the folder `name` in `dir`; a symlink there is an error (ELOOP
/// or ENOTDIR), not followed.
pub(crate) fn open_dir(dir: BorrowedFd<'_>, name: &str) -> io::Result<OwnedFd> {
    Ok(rustix::fs::openat(
        dir,
        name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// What `name` in `dir` is, without following a symlink; `None` when
/// there is nothing.
pub(crate) fn kind(dir: BorrowedFd<'_>, name: &str) -> io::Result<Option<FileType>> {
    match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(st) => Ok(Some(FileType::from_raw_mode(st.st_mode))),
        Err(Errno::NOENT) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Creates the new file `name` in `dir` for writing. Anything already
/// there, a symlink above all, makes it fail: nothing is written through.
pub(crate) fn create_file(dir: BorrowedFd<'_>, name: &str) -> io::Result<File> {
    let fd = rustix::fs::openat(
        dir,
        name,
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o666),
    )?;
    Ok(File::from(fd))
}

/// Reads the regular file `name` in `dir`, refusing symlinks, special
/// files (opened without blocking, then checked) and files over `max`
/// bytes.
pub(crate) fn read_regular(dir: BorrowedFd<'_>, name: &str, max: u64) -> io::Result<Vec<u8>> {
    let fd = rustix::fs::openat(
        dir,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let st = rustix::fs::fstat(&fd)?;
    if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    File::from(fd)
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {max} bytes"),
        ));
    }
    Ok(bytes)
}

impl Drop for OutRoot {
    fn drop(&mut self) {
        self.sync_switches();
    }
}

/// The names in the open folder `dir`, without `.` and `..`.
pub(crate) fn entries(dir: BorrowedFd<'_>) -> io::Result<Vec<std::ffi::CString>> {
    let mut names = Vec::new();
    for entry in rustix::fs::Dir::read_from(dir)? {
        let entry = entry?;
        let name: &CStr = entry.file_name();
        if name != c"." && name != c".." {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

/// Makes the renames and creations in `dir` durable. Not every file
/// system can sync a folder; the files themselves are complete either way.
pub(crate) fn sync(dir: BorrowedFd<'_>) {
    let _ = rustix::fs::fsync(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_replace_symlinks_instead_of_following_them() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("chart.en.png")).unwrap();
        let root = OutRoot::open(&out).unwrap();
        root.write_file("chart.en.png", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        let meta = std::fs::symlink_metadata(out.join("chart.en.png")).unwrap();
        assert!(meta.is_file(), "the link was replaced by a file");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "no temporary");
    }

    #[test]
    fn a_symlinked_out_is_resolved_once() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let root = OutRoot::open(&link).unwrap();
        // Pointing the link elsewhere after the start changes nothing.
        std::fs::remove_file(&link).unwrap();
        std::fs::create_dir(&link).unwrap();
        root.write_file("a.svg", b"<svg/>").unwrap();
        assert!(real.join("a.svg").is_file());
        assert!(!link.join("a.svg").exists());
    }

    #[test]
    fn folders_and_files_are_read_without_following_links() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(out.join("r")).unwrap();
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("build.json"), "{}").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("build.json"), out.join("r/build.json")).unwrap();
        std::fs::write(out.join("r/a.pdf"), "12345").unwrap();
        let root = OutRoot::open(&out).unwrap();
        assert!(root.folder("linked").is_err(), "a linked folder is refused");
        let r = root.folder("r").unwrap();
        assert_eq!(r.names().unwrap(), ["a.pdf", "build.json"]);
        assert!(
            r.read("build.json", 100).is_err(),
            "a linked file is refused"
        );
        assert_eq!(r.read("a.pdf", 5).unwrap(), b"12345");
        assert!(r.read("a.pdf", 4).is_err(), "bounded");
    }

    #[test]
    fn an_out_that_is_a_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "").unwrap();
        let err = OutRoot::open(&file.join("x")).err().unwrap();
        assert!(err.contains("cannot create the output folder"), "{err}");
        assert!(err.contains("file/x"), "{err}");
    }
}
