//! Removing a folder tree under `--out` without following a symlink and
//! without a limit on its depth: a folder left by a killed build, or the
//! previous output set after a switch, may come from a poisoned cache.

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};

use rustix::fs::AtFlags;
use rustix::io::Errno;

use super::root::{entries, open_dir};

/// Removes `name` in `dir` and everything under it. A symlink, anywhere,
/// is removed itself; what it points to is never touched. Folders met
/// below the first level are moved up to it before they are emptied, so
/// the work needs two open folders and no recursion, however deep the tree.
/// Nothing there is not success.
pub fn remove_tree(dir: BorrowedFd<'_>, name: &str) -> io::Result<()> {
    let top = match open_dir(dir, name) {
        Ok(fd) => fd,
        Err(e) => {
            return match errno(&e) {
                Some(Errno::NOENT) => Ok(()),
                // A file, a symlink or a special file: only the name goes.
                Some(Errno::NOTDIR | Errno::LOOP) => {
                    ignore_missing(rustix::fs::unlinkat(dir, name, AtFlags::empty()))
                }
                _ => Err(e),
            };
        }
    };
    let mut moved = 0u64;
    loop {
        let names = entries(top.as_fd())?;
        if names.is_empty() {
            break;
        }
        for entry in &names {
            if !unlink_unless_folder(top.as_fd(), entry)? {
                continue;
            }
            let sub = open_dir_c(top.as_fd(), entry)?;
            for child in entries(sub.as_fd())? {
                if !unlink_unless_folder(sub.as_fd(), &child)? {
                    continue;
                }
                // One level up, under a fresh name; a name that is taken
                // (by a file, or a folder that is not empty) is skipped.
                loop {
                    moved += 1;
                    let up = format!(".{moved}");
                    match rustix::fs::renameat(sub.as_fd(), child.as_c_str(), top.as_fd(), &up) {
                        Ok(()) => break,
                        Err(Errno::EXIST | Errno::NOTEMPTY | Errno::NOTDIR | Errno::ISDIR) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            ignore_missing(rustix::fs::unlinkat(
                top.as_fd(),
                entry.as_c_str(),
                AtFlags::REMOVEDIR,
            ))?;
        }
    }
    ignore_missing(rustix::fs::unlinkat(dir, name, AtFlags::REMOVEDIR))
}

/// Unlinks `name` in `dir` unless it is a folder; says whether it is one.
fn unlink_unless_folder(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<bool> {
    match rustix::fs::unlinkat(dir, name, AtFlags::empty()) {
        Ok(()) | Err(Errno::NOENT) => Ok(false),
        // Linux says EISDIR for a folder; POSIX allows EPERM.
        Err(Errno::ISDIR) => Ok(true),
        Err(Errno::PERM) => match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st)
                if rustix::fs::FileType::from_raw_mode(st.st_mode)
                    == rustix::fs::FileType::Directory =>
            {
                Ok(true)
            }
            _ => Err(Errno::PERM.into()),
        },
        Err(e) => Err(e.into()),
    }
}

fn open_dir_c(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    Ok(rustix::fs::openat(
        dir,
        name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// The errno of an I/O error from the system.
pub(crate) fn errno(e: &io::Error) -> Option<Errno> {
    e.raw_os_error().map(Errno::from_raw_os_error)
}

fn ignore_missing(result: rustix::io::Result<()>) -> io::Result<()> {
    match result {
        Ok(()) | Err(Errno::NOENT) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn open(path: &Path) -> std::fs::File {
        std::fs::File::open(path).unwrap()
    }

    #[test]
    fn a_tree_goes_but_what_its_links_point_to_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        std::fs::create_dir_all(keep.join("inner")).unwrap();
        std::fs::write(keep.join("inner/file"), "keep").unwrap();
        let doomed = tmp.path().join("doomed");
        std::fs::create_dir_all(doomed.join("a/b/c")).unwrap();
        std::fs::write(doomed.join("a/b/c/f"), "x").unwrap();
        std::fs::write(doomed.join("top"), "x").unwrap();
        std::os::unix::fs::symlink(&keep, doomed.join("a/to-dir")).unwrap();
        std::os::unix::fs::symlink(keep.join("inner/file"), doomed.join("a/b/to-file")).unwrap();
        // Names like the ones it moves folders up to.
        std::fs::create_dir_all(doomed.join(".1/.2")).unwrap();
        remove_tree(open(tmp.path()).as_fd(), "doomed").unwrap();
        assert!(!doomed.exists());
        assert_eq!(
            std::fs::read_to_string(keep.join("inner/file")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_link_in_place_of_the_tree_is_removed_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        std::fs::create_dir(&keep).unwrap();
        std::fs::write(keep.join("f"), "keep").unwrap();
        std::os::unix::fs::symlink(&keep, tmp.path().join("link")).unwrap();
        remove_tree(open(tmp.path()).as_fd(), "link").unwrap();
        assert!(std::fs::symlink_metadata(tmp.path().join("link")).is_err());
        assert!(keep.join("f").exists());
        remove_tree(open(tmp.path()).as_fd(), "missing").unwrap();
    }

    #[test]
    fn depth_costs_no_open_files() {
        let tmp = tempfile::tempdir().unwrap();
        // Deeper than the open-file limit a recursive walk would need.
        let mut dir = open(tmp.path());
        std::fs::create_dir(tmp.path().join("deep")).unwrap();
        let mut fd = open(&tmp.path().join("deep"));
        for _ in 0..3000 {
            rustix::fs::mkdirat(&fd, "d", rustix::fs::Mode::from_raw_mode(0o755)).unwrap();
            let next = open_dir(fd.as_fd(), "d").unwrap();
            fd = std::fs::File::from(next);
        }
        rustix::fs::mkdirat(&fd, "last", rustix::fs::Mode::from_raw_mode(0o755)).unwrap();
        drop(fd);
        remove_tree(dir.as_fd(), "deep").unwrap();
        dir = open(tmp.path());
        assert_eq!(entries(dir.as_fd()).unwrap().len(), 0);
    }
}
