//! Opening and reading regular files only: never a FIFO, a socket or a
//! device (opening a FIFO blocks until someone writes to it, and a device
//! may never end), never through a symlink, and never more bytes than a
//! bound.
//!
//! A path is opened from a folder one step at a time. On Unix every step is
//! opened with `O_NOFOLLOW` (a folder that became a symlink stops the
//! walk); the type of the last step is read with `lstat` before it is
//! opened, so special files are refused without blocking; the file itself
//! is opened with `O_NONBLOCK | O_NOFOLLOW` and checked again with
//! `fstat`, so a swap between the check and the open cannot win.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};

use crate::error::{DataError, LimitExceeded};

/// Why a file could not be opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// Not a regular file: what it is instead ("a FIFO (named pipe)").
    Special(&'static str),
    /// A step of the path was swapped for a symlink or something else
    /// after the path was checked.
    Changed,
    Io(std::io::Error),
}

impl OpenError {
    /// As a data error about `path`.
    pub(crate) fn at(self, path: &Path) -> DataError {
        match self {
            OpenError::Special(what) => DataError::Special {
                path: path.to_path_buf(),
                what: what.to_string(),
            },
            OpenError::Changed => DataError::Io {
                path: path.to_path_buf(),
                message: "the path changed while it was opened (a step became a symlink or \
                          another kind of file)"
                    .into(),
            },
            OpenError::Io(e) => DataError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            },
        }
    }
}

/// The steps of `rel`, which must be plain names (a path already resolved
/// and made relative to its folder).
fn steps(rel: &Path) -> Result<Vec<&std::ffi::OsStr>, OpenError> {
    rel.components()
        .map(|c| match c {
            Component::Normal(name) => Ok(name),
            _ => Err(OpenError::Changed),
        })
        .collect()
}

/// Reads at most `limit` bytes of `file` (opened from `path`), failing when
/// it holds more, whatever size it claims.
pub(crate) fn read_bounded(path: &Path, file: File, limit: u64) -> Result<Vec<u8>, DataError> {
    let too_big = |size: u64| {
        DataError::Limit(LimitExceeded {
            path: path.to_path_buf(),
            what: "file size in bytes".into(),
            value: size,
            limit,
            name: "max-file-bytes".into(),
            line: 0,
        })
    };
    let claimed = file
        .metadata()
        .map_err(|e| OpenError::Io(e).at(path))?
        .len();
    if claimed > limit {
        return Err(too_big(claimed));
    }
    let mut bytes = Vec::with_capacity(claimed as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| OpenError::Io(e).at(path))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads the regular file at `path`, at most `limit` bytes, refusing a
/// special file without blocking and a symlink in its last step. For files
/// outside any report (a previous build's outputs), where the folders
/// above are trusted but the file itself may be anything.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, DataError> {
    let Some(name) = path.file_name() else {
        return Err(OpenError::Special("a folder").at(path));
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file = open_file(dir, Path::new(name)).map_err(|e| e.at(path))?;
    read_bounded(path, file, limit)
}

#[cfg(unix)]
mod imp {
    use super::*;
    use rustix::fs::{fstat, openat, statat, AtFlags, Dir, FileType, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::os::fd::OwnedFd;

    fn dir_flags() -> OFlags {
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
    }

    fn io(e: Errno) -> OpenError {
        match e {
            // O_NOFOLLOW met a symlink, or O_DIRECTORY something else.
            Errno::LOOP | Errno::NOTDIR => OpenError::Changed,
            e => OpenError::Io(e.into()),
        }
    }

    /// What a file of kind `kind` is, in words.
    fn describe(kind: FileType) -> &'static str {
        match kind {
            FileType::Fifo => "a FIFO (named pipe)",
            FileType::Socket => "a socket",
            FileType::CharacterDevice => "a character device",
            FileType::BlockDevice => "a block device",
            FileType::Directory => "a folder",
            FileType::Symlink => "a symlink",
            _ => "not a regular file",
        }
    }

    /// Opens `root`, then every step of `rel` but the last, each without
    /// following a symlink; returns the folder and the last step.
    fn open_parent<'a>(
        root: &Path,
        rel: &'a Path,
    ) -> Result<(OwnedFd, Option<&'a std::ffi::OsStr>), OpenError> {
        let mut names = steps(rel)?;
        let last = names.pop();
        let mut dir = openat(CWD, root, dir_flags(), Mode::empty()).map_err(io)?;
        for name in names {
            dir = openat(&dir, name, dir_flags(), Mode::empty()).map_err(io)?;
        }
        Ok((dir, last))
    }

    pub(crate) fn open_file(root: &Path, rel: &Path) -> Result<File, OpenError> {
        let (dir, last) = open_parent(root, rel)?;
        let Some(name) = last else {
            return Err(OpenError::Special("a folder"));
        };
        let before = statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(io)?;
        let kind = FileType::from_raw_mode(before.st_mode);
        if kind != FileType::RegularFile {
            return Err(OpenError::Special(describe(kind)));
        }
        let flags =
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::CLOEXEC;
        let fd = openat(&dir, name, flags, Mode::empty()).map_err(io)?;
        let after = fstat(&fd).map_err(io)?;
        let kind = FileType::from_raw_mode(after.st_mode);
        if kind != FileType::RegularFile {
            return Err(OpenError::Special(describe(kind)));
        }
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino) {
            return Err(OpenError::Changed);
        }
        Ok(File::from(fd))
    }

    pub(crate) fn list_dir(root: &Path, rel: &Path) -> Result<Vec<OsString>, OpenError> {
        let (dir, last) = open_parent(root, rel)?;
        let dir = match last {
            Some(name) => openat(&dir, name, dir_flags(), Mode::empty()).map_err(io)?,
            None => dir,
        };
        let mut names = Vec::new();
        for entry in Dir::read_from(&dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name().to_bytes();
            if name != b"." && name != b".." {
                use std::os::unix::ffi::OsStringExt;
                names.push(OsString::from_vec(name.to_vec()));
            }
        }
        Ok(names)
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    pub(crate) fn open_file(root: &Path, rel: &Path) -> Result<File, OpenError> {
        steps(rel)?;
        let path = root.join(rel);
        let meta = std::fs::symlink_metadata(&path).map_err(OpenError::Io)?;
        if meta.is_dir() {
            return Err(OpenError::Special("a folder"));
        }
        if !meta.is_file() {
            return Err(OpenError::Special("not a regular file"));
        }
        let file = File::open(&path).map_err(OpenError::Io)?;
        if !file.metadata().map_err(OpenError::Io)?.is_file() {
            return Err(OpenError::Special("not a regular file"));
        }
        Ok(file)
    }

    pub(crate) fn list_dir(root: &Path, rel: &Path) -> Result<Vec<OsString>, OpenError> {
        steps(rel)?;
        let mut names = Vec::new();
        for entry in std::fs::read_dir(root.join(rel)).map_err(OpenError::Io)? {
            names.push(entry.map_err(OpenError::Io)?.file_name());
        }
        Ok(names)
    }
}

pub(crate) use imp::{list_dir, open_file};

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("a")).unwrap();
        std::fs::write(tmp.path().join("a/f.txt"), "text").unwrap();
        let file = open_file(tmp.path(), Path::new("a/f.txt")).unwrap();
        let bytes = read_bounded(Path::new("f.txt"), file, 100).unwrap();
        assert_eq!(bytes, b"text");
        let names = list_dir(tmp.path(), Path::new("a")).unwrap();
        assert_eq!(names, vec![OsString::from("f.txt")]);
    }

    #[test]
    fn special_files_are_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let e = open_file(tmp.path(), Path::new("fifo")).unwrap_err();
        assert!(
            matches!(e, OpenError::Special("a FIFO (named pipe)")),
            "{e:?}"
        );
        let sock = tmp.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let e = open_file(tmp.path(), Path::new("sock")).unwrap_err();
        assert!(matches!(e, OpenError::Special("a socket")), "{e:?}");
        let e = open_file(Path::new("/dev"), Path::new("zero")).unwrap_err();
        assert!(
            matches!(e, OpenError::Special("a character device")),
            "{e:?}"
        );
        let e = open_file(tmp.path(), Path::new("")).unwrap_err();
        assert!(matches!(e, OpenError::Special("a folder")), "{e:?}");
    }

    #[test]
    fn symlinks_are_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("real")).unwrap();
        std::fs::write(tmp.path().join("real/f.txt"), "text").unwrap();
        std::os::unix::fs::symlink("real", tmp.path().join("link")).unwrap();
        std::os::unix::fs::symlink("real/f.txt", tmp.path().join("f.txt")).unwrap();
        let e = open_file(tmp.path(), Path::new("link/f.txt")).unwrap_err();
        assert!(matches!(e, OpenError::Changed), "{e:?}");
        let e = open_file(tmp.path(), Path::new("f.txt")).unwrap_err();
        assert!(matches!(e, OpenError::Special("a symlink")), "{e:?}");
        let e = list_dir(tmp.path(), Path::new("link")).unwrap_err();
        assert!(matches!(e, OpenError::Changed), "{e:?}");
        let e = read_regular_file(&tmp.path().join("f.txt"), 100).unwrap_err();
        assert!(e.to_string().contains("a symlink"), "{e}");
    }

    #[test]
    fn reads_are_bounded() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big");
        std::fs::write(&path, vec![b'x'; 101]).unwrap();
        let e = read_regular_file(&path, 100).unwrap_err();
        assert!(e.to_string().contains("--max-file-bytes"), "{e}");
        assert_eq!(read_regular_file(&path, 101).unwrap().len(), 101);
    }
}
