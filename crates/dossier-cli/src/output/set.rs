//! A report's output set, switched in one step. The files of a build are
//! written into a fresh hidden sibling of the report's folder, synced, and
//! then the two folders trade places in one `renameat2(RENAME_EXCHANGE)`;
//! the previous set, now under the hidden name, is removed. A reader of
//! `out/ID/` sees the old set or the new one, never a mix, and whatever
//! was in the folder before (the outputs of a chart since removed, a file
//! put there by hand, a symlink) is gone with the old set.
//!
//! An output whose bytes are those of the file of the same name in the set
//! in place is not written again: that file is linked into the new set. It
//! keeps its time stamp, so that tools that copy or publish changed files
//! see no change, and a rebuild that changes little writes little. No file
//! is ever written in place, so a file shared by the two sets for the time
//! of the switch is never changed.
//!
//! Beside `out/ID/` live, for the time of a build only:
//!
//! | name | what |
//! |---|---|
//! | `.ID.lock` | the lock two builds of one report take turns on; a file beside the folder, so the swap leaves it in place |
//! | `.ID.new` | the set being written |
//! | `.ID.old` | the previous set, where the swap must fall back to two renames |
//!
//! Where the file system cannot exchange two names (NFS, older ramfs and
//! kernels: EINVAL, ENOSYS or EOPNOTSUPP), the folder is renamed aside to
//! `.ID.old` and the new one renamed in. Between those two renames,
//! `out/ID/` does not exist; a build killed there leaves the previous set in
//! `.ID.old`, and the next build of the report, once it holds the lock,
//! puts it back before anything else ([`recover`]). Leftovers of a killed
//! build (`.ID.new`, an `.ID.old` beside a complete folder) are removed
//! then too.

use std::fs::File;
use std::io::Read as _;
use std::io::{self, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::PathBuf;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::root::{self, create_file, kind, open_dir, OutRoot};
use super::tree::{errno, remove_tree};

/// How a new set is switched into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    /// One exchange of the two folders where the file system can, else
    /// [`Switch::RenameAside`].
    Exchange,
    /// The old folder renamed aside, then the new one renamed in. Builds
    /// reach it through [`Switch::Exchange`] on a file system without
    /// exchange; tests, which cannot choose their file system, ask for it.
    #[cfg_attr(not(test), allow(dead_code))]
    RenameAside,
}

/// The hidden names beside the folder `id`.
struct Siblings {
    lock: String,
    new: String,
    old: String,
}

impl Siblings {
    fn of(id: &str) -> Siblings {
        Siblings {
            lock: format!(".{id}.lock"),
            new: format!(".{id}.new"),
            old: format!(".{id}.old"),
        }
    }
}

/// The lock on one report's folder. The lock file is removed before the
/// lock is released, so a finished build leaves nothing beside its folder;
/// a build that waited on the removed file sees that and locks afresh.
struct ReportLock<'a> {
    root: &'a OutRoot,
    name: String,
    _file: File,
}

impl<'a> ReportLock<'a> {
    /// Waits until the lock of `id` under `root` is ours.
    fn acquire(root: &'a OutRoot, id: &str) -> Result<ReportLock<'a>, String> {
        let name = Siblings::of(id).lock;
        let shown = root.path().join(&name);
        let fail =
            |e: io::Error| format!("{}: cannot lock the output folder: {e}", shown.display());
        loop {
            let fd = rustix::fs::openat(
                root.fd(),
                &name,
                rustix::fs::OFlags::RDWR
                    | rustix::fs::OFlags::CREATE
                    | rustix::fs::OFlags::NOFOLLOW
                    | rustix::fs::OFlags::NONBLOCK
                    | rustix::fs::OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            )
            .map_err(|e| {
                if e == Errno::LOOP {
                    format!(
                        "{}: is a symlink where dossier keeps the output folder's lock; nothing under --out is followed, so remove it",
                        shown.display()
                    )
                } else {
                    fail(e.into())
                }
            })?;
            let st = rustix::fs::fstat(&fd).map_err(|e| fail(e.into()))?;
            if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
                return Err(format!(
                    "{}: is not a regular file, where dossier keeps the output folder's lock; remove it",
                    shown.display()
                ));
            }
            let file = File::from(fd);
            file.lock().map_err(fail)?;
            // The holder before us may have removed the file we waited on.
            match rustix::fs::statat(root.fd(), &name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(now) if now.st_dev == st.st_dev && now.st_ino == st.st_ino => {
                    return Ok(ReportLock {
                        root,
                        name,
                        _file: file,
                    })
                }
                Ok(_) | Err(Errno::NOENT) => continue,
                Err(e) => return Err(fail(e.into())),
            }
        }
    }
}

impl Drop for ReportLock<'_> {
    fn drop(&mut self) {
        // Removed while still held; the file closes (and unlocks) after.
        let _ = rustix::fs::unlinkat(self.root.fd(), &self.name, AtFlags::empty());
    }
}

/// Puts the folder of `id` back in order after a killed build: the
/// previous set restored when a fallback switch was cut between its two
/// renames, and every leftover removed. Call it only holding the lock.
pub fn recover(root: &OutRoot, id: &str) -> io::Result<()> {
    let s = Siblings::of(id);
    remove_tree(root.fd(), &s.new)?;
    match (kind(root.fd(), id)?, kind(root.fd(), &s.old)?) {
        (_, None) => Ok(()),
        (Some(_), Some(_)) => remove_tree(root.fd(), &s.old),
        (None, Some(FileType::Directory)) => {
            rustix::fs::renameat(root.fd(), &s.old, root.fd(), id)?;
            root::sync(root.fd());
            Ok(())
        }
        (None, Some(_)) => remove_tree(root.fd(), &s.old),
    }
}

/// Puts the folder of `id` in order, under the lock, after an interrupted
/// build: a fallback switch cut between its two renames (`out/ID/` missing,
/// `.ID.old` there) gets its previous set back, and a staging folder or a
/// lock file left by a killed build is removed. Called before the
/// up-to-date check, so that the set put back can count as up to date and
/// an up-to-date folder has nothing beside it; cheap when there is nothing
/// to do.
pub fn restore(root: &OutRoot, id: &str) -> Result<(), String> {
    let s = Siblings::of(id);
    let there = |name: &str| kind(root.fd(), name).unwrap_or(None).is_some();
    if !there(&s.old) && !there(&s.new) && !there(&s.lock) {
        return Ok(());
    }
    let _lock = ReportLock::acquire(root, id)?;
    recover(root, id).map_err(|e| {
        format!(
            "{}: cannot put the output folder in order after an interrupted build: {e}",
            root.path().join(id).display()
        )
    })
}

/// Removes the output folder `id` and whatever a killed build left beside
/// it, under its lock, as a stale output set: the folder of a run that a
/// report no longer makes.
pub fn remove(root: &OutRoot, id: &str) -> Result<(), String> {
    let _lock = ReportLock::acquire(root, id)?;
    let s = Siblings::of(id);
    let fail = |e: io::Error| format!("{}: cannot remove: {e}", root.path().join(id).display());
    for name in [id, s.new.as_str(), s.old.as_str()] {
        remove_tree(root.fd(), name).map_err(fail)?;
    }
    root::sync(root.fd());
    Ok(())
}

/// A new output set being written, under the report's lock. Dropped
/// without [`Staging::publish`], it is removed and the old set stays.
pub struct Staging<'a> {
    root: &'a OutRoot,
    id: String,
    dir: Option<OwnedFd>,
    /// The set in place when the build started, if there was one; its
    /// unchanged files are linked into the new set.
    live: Option<OwnedFd>,
    /// Whether files and folders are synced before the switch: a build's
    /// are; a watch's, remade on the next save, need not be.
    durable: bool,
    /// Files written and on their way to the disk, synced before the
    /// switch (see [`Staging::write`]).
    unsynced: Vec<(String, File)>,
    /// Dropped after the staging folder is removed.
    _lock: ReportLock<'a>,
}

impl<'a> Staging<'a> {
    /// Takes the lock of the folder `id` (waiting for another build of the
    /// same folder to finish), puts the folder in order and starts an
    /// empty new set.
    pub fn start(root: &'a OutRoot, id: &str) -> Result<Staging<'a>, String> {
        Staging::start_with(root, id, true)
    }

    /// [`Staging::start`] for a set that is not synced to disk before it
    /// is switched in: still switched in one step, so no reader sees a
    /// half-written file, but a crash may lose it.
    pub fn start_unsynced(root: &'a OutRoot, id: &str) -> Result<Staging<'a>, String> {
        Staging::start_with(root, id, false)
    }

    fn start_with(root: &'a OutRoot, id: &str, durable: bool) -> Result<Staging<'a>, String> {
        let lock = ReportLock::acquire(root, id)?;
        let s = Siblings::of(id);
        let shown = root.path().join(id);
        recover(root, id).map_err(|e| {
            format!(
                "{}: cannot put the output folder in order after an interrupted build: {e}",
                shown.display()
            )
        })?;
        let fail = |e: io::Error| {
            format!(
                "{}: cannot create the output folder: {e}",
                root.path().join(&s.new).display()
            )
        };
        rustix::fs::mkdirat(root.fd(), &s.new, Mode::from_raw_mode(0o777))
            .map_err(|e| fail(e.into()))?;
        let dir = open_dir(root.fd(), &s.new).map_err(fail)?;
        // A link or a file in place of the folder has no files to keep.
        let live = open_dir(root.fd(), id).ok();
        Ok(Staging {
            root,
            id: id.to_string(),
            dir: Some(dir),
            live,
            durable,
            unsynced: Vec::new(),
            _lock: lock,
        })
    }

    /// Where `name` will be once published, for messages.
    fn shown(&self, name: &str) -> PathBuf {
        self.root.path().join(&self.id).join(name)
    }

    /// Writes the file `name` of the new set. A durable set's file starts
    /// on its way to the disk at once and is synced before the switch:
    /// syncing each file as it is written waits for the disk once per
    /// file, where the files of a set written back side by side take about
    /// half as long (15 chart and PDF files: 17 ms against 9 ms here).
    /// An unchanged file of the set in place is linked instead (see the
    /// module's docs).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let dir = self.dir.as_ref().map(|d| d.as_fd());
        let kept = match (dir, &self.live) {
            (Some(dir), Some(live)) => keep_unchanged(live.as_fd(), dir, name, bytes),
            _ => None,
        };
        let written = match (kept, dir) {
            (Some(file), _) => Ok(file),
            (None, Some(dir)) => create_file(dir, name).and_then(|mut f| {
                f.write_all(bytes)?;
                Ok(f)
            }),
            (None, None) => Err(io::Error::other("the set was already published")),
        };
        let file =
            written.map_err(|e| format!("{}: cannot write: {e}", self.shown(name).display()))?;
        if self.durable {
            start_writeback(&file);
            self.unsynced.push((name.to_string(), file));
            // A set of many files is synced in batches, so that it never
            // holds more than a few dozen open.
            if self.unsynced.len() >= MAX_UNSYNCED {
                self.sync_written()?;
            }
        }
        Ok(())
    }

    /// Waits until every file written so far is on the disk.
    fn sync_written(&mut self) -> Result<(), String> {
        for (name, file) in std::mem::take(&mut self.unsynced) {
            file.sync_all()
                .map_err(|e| format!("{}: cannot write: {e}", self.shown(&name).display()))?;
        }
        Ok(())
    }

    /// Switches the new set into place and removes the old one.
    pub fn publish(self) -> Result<(), String> {
        self.publish_with(Switch::Exchange)
    }

    /// [`Staging::publish`], with the switch chosen.
    pub fn publish_with(mut self, switch: Switch) -> Result<(), String> {
        let s = Siblings::of(&self.id);
        self.sync_written()?;
        if let Some(dir) = self.dir.take() {
            if self.durable {
                root::sync(dir.as_fd());
            }
        }
        let fail = |e: io::Error| {
            format!(
                "{}: cannot switch the new outputs into place: {e}",
                self.root.path().join(&self.id).display()
            )
        };
        let leftover = swap(self.root, &s.new, &self.id, &s.old, switch).map_err(fail)?;
        if self.durable {
            // A previous set is removed only once the switch that put it
            // aside is on the disk; a set switched in under a new name
            // waits for the build's one sync of the root.
            self.root.switched();
            if leftover.is_some() {
                self.root.sync_switches();
            }
        }
        // The new set is in place; an old one that cannot be removed now is
        // hidden, and removed by the next build of the report.
        if let Some(name) = leftover {
            let _ = remove_tree(self.root.fd(), name);
        }
        Ok(())
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        // Whatever is left under the new name is not the live set: the
        // unpublished new one, or the old one a switch moved there.
        self.dir = None;
        let _ = remove_tree(self.root.fd(), &Siblings::of(&self.id).new);
    }
}

/// Links the file `name` of the set in place (`live`) into the new set
/// (`new`) when it is a regular file holding exactly `bytes`; returns it
/// opened, for the sync before the switch. `None`, with nothing linked,
/// whenever it is not, or cannot be shown to be, that file.
fn keep_unchanged(
    live: BorrowedFd<'_>,
    new: BorrowedFd<'_>,
    name: &str,
    bytes: &[u8],
) -> Option<File> {
    let fd = rustix::fs::openat(
        live,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    let st = rustix::fs::fstat(&fd).ok()?;
    if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile
        || u64::try_from(st.st_size).ok()? != bytes.len() as u64
    {
        return None;
    }
    let mut file = File::from(fd);
    let mut old = Vec::with_capacity(bytes.len());
    (&mut file)
        .take(bytes.len() as u64 + 1)
        .read_to_end(&mut old)
        .ok()?;
    if old != bytes {
        return None;
    }
    rustix::fs::linkat(live, name, new, name, AtFlags::empty()).ok()?;
    // The name may have been given another file since it was read: the
    // link must be to the file compared, or it goes.
    match rustix::fs::statat(new, name, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(linked) if linked.st_dev == st.st_dev && linked.st_ino == st.st_ino => Some(file),
        _ => {
            let _ = rustix::fs::unlinkat(new, name, AtFlags::empty());
            None
        }
    }
}

/// How many written files a durable set holds open before syncing them.
const MAX_UNSYNCED: usize = 64;

/// Starts writing `file`'s data to the disk without waiting for it, so
/// that the files of a set travel together and the sync before the switch
/// finds most of them written. Errors are left to that sync to report.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: sync_file_range takes a descriptor and integers and touches
    // no memory of ours; `file` keeps the descriptor open for the call.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File) {}

/// Puts the folder `new` in place of `id`; returns the name the previous
/// set is left under, if there was one.
fn swap<'n>(
    root: &OutRoot,
    new: &'n str,
    id: &str,
    old: &'n str,
    switch: Switch,
) -> io::Result<Option<&'n str>> {
    let fd = root.fd();
    if kind(fd, id)?.is_none() {
        rustix::fs::renameat(fd, new, fd, id)?;
        return Ok(None);
    }
    if switch == Switch::Exchange {
        match exchange(root, new, id) {
            Ok(()) => return Ok(Some(new)),
            Err(e) if !unsupported(&e) => return Err(e),
            Err(_) => {}
        }
    }
    rustix::fs::renameat(fd, id, fd, old)?;
    if let Err(e) = rustix::fs::renameat(fd, new, fd, id) {
        // Put the old set back; failing that, the next build does.
        let _ = rustix::fs::renameat(fd, old, fd, id);
        return Err(e.into());
    }
    Ok(Some(old))
}

/// Whether an exchange failed only because the file system or kernel
/// cannot do one.
fn unsupported(e: &io::Error) -> bool {
    matches!(
        errno(e),
        Some(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP)
    )
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn exchange(root: &OutRoot, a: &str, b: &str) -> io::Result<()> {
    Ok(rustix::fs::renameat_with(
        root.fd(),
        a,
        root.fd(),
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )?)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn exchange(_root: &OutRoot, _a: &str, _b: &str) -> io::Result<()> {
    Err(Errno::NOSYS.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The names and contents of a folder, sorted; hidden names too.
    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                let meta = std::fs::symlink_metadata(e.path()).unwrap();
                let what = if meta.is_dir() {
                    "dir".to_string()
                } else if meta.file_type().is_symlink() {
                    "link".to_string()
                } else {
                    std::fs::read_to_string(e.path()).unwrap()
                };
                (name, what)
            })
            .collect();
        v.sort();
        v
    }

    fn set(root: &OutRoot, files: &[(&str, &str)], switch: Switch) {
        let mut s = Staging::start(root, "r").unwrap();
        for (name, text) in files {
            s.write(name, text.as_bytes()).unwrap();
        }
        s.publish_with(switch).unwrap();
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_stale_set_goes_with_its_leftovers_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let root = OutRoot::open(tmp.path()).unwrap();
        set(&root, &[("a.txt", "1")], Switch::Exchange);
        std::fs::create_dir(tmp.path().join(".r.new")).unwrap();
        std::fs::create_dir(tmp.path().join("other")).unwrap();
        remove(&root, "r").unwrap();
        assert_eq!(listing(tmp.path()), pairs(&[("other", "dir")]));
        // Nothing there is no error.
        remove(&root, "r").unwrap();
    }

    /// A new set under a new name waits for the build's one sync of the
    /// output folder; a switch that leaves an old set to remove syncs at
    /// once, before the removal.
    #[test]
    fn switches_wait_for_one_sync_unless_an_old_set_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = OutRoot::open(tmp.path()).unwrap();
        let first = Staging::start(&root, "a").unwrap();
        first.publish().unwrap();
        let second = Staging::start(&root, "b").unwrap();
        second.publish().unwrap();
        assert!(root.switches_unsynced());
        root.sync_switches();
        assert!(!root.switches_unsynced());
        let unsynced = Staging::start_unsynced(&root, "c").unwrap();
        unsynced.publish().unwrap();
        assert!(
            !root.switches_unsynced(),
            "an unsynced set asks for no sync"
        );
        Staging::start(&root, "d").unwrap().publish().unwrap();
        Staging::start(&root, "a").unwrap().publish().unwrap();
        assert!(
            !root.switches_unsynced(),
            "replacing a set synced the folder before removing the old one"
        );
        assert!(root.path().join("a").is_dir() && root.path().join("d").is_dir());
    }

    #[test]
    fn each_switch_leaves_exactly_the_new_set() {
        for switch in [Switch::Exchange, Switch::RenameAside] {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("out");
            let root = OutRoot::open(&out).unwrap();
            set(&root, &[("a.pdf", "1"), ("gone.png", "1")], switch);
            assert_eq!(
                listing(&out.join("r")),
                pairs(&[("a.pdf", "1"), ("gone.png", "1")])
            );
            set(&root, &[("a.pdf", "2"), ("build.json", "{}")], switch);
            assert_eq!(
                listing(&out.join("r")),
                pairs(&[("a.pdf", "2"), ("build.json", "{}")]),
                "{switch:?}: the output of a removed chart is gone"
            );
            assert_eq!(listing(&out), pairs(&[("r", "dir")]), "nothing beside it");
        }
    }

    #[test]
    fn a_dropped_set_leaves_the_old_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let root = OutRoot::open(&out).unwrap();
        set(&root, &[("a.pdf", "old")], Switch::Exchange);
        let mut s = Staging::start(&root, "r").unwrap();
        s.write("a.pdf", b"new").unwrap();
        let err = s.write("a.pdf", b"twice").unwrap_err();
        assert!(err.contains("out/r/a.pdf: cannot write"), "{err}");
        drop(s);
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
        assert_eq!(listing(&out.join("r")), pairs(&[("a.pdf", "old")]));
    }

    #[test]
    fn unchanged_files_are_kept_and_changed_ones_replaced() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let root = OutRoot::open(&out).unwrap();
        set(
            &root,
            &[
                ("same.pdf", "12345"),
                ("other.png", "abcde"),
                ("gone.svg", "x"),
            ],
            Switch::Exchange,
        );
        let ino = |name: &str| std::fs::metadata(out.join("r").join(name)).unwrap().ino();
        let (same, other) = (ino("same.pdf"), ino("other.png"));
        // A hand edit of the same size is a change.
        std::fs::write(out.join("r/other.png"), "ABCDE").unwrap();
        set(
            &root,
            &[
                ("same.pdf", "12345"),
                ("other.png", "abcde"),
                ("new.svg", "y"),
            ],
            Switch::Exchange,
        );
        assert_eq!(
            listing(&out.join("r")),
            pairs(&[
                ("new.svg", "y"),
                ("other.png", "abcde"),
                ("same.pdf", "12345")
            ])
        );
        assert_eq!(
            ino("same.pdf"),
            same,
            "the unchanged file is the one in place"
        );
        assert_ne!(ino("other.png"), other, "the edited file is written afresh");
        let links = std::fs::metadata(out.join("r/same.pdf")).unwrap().nlink();
        assert_eq!(links, 1, "the old set is gone");
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
        // A link in the set in place is not followed into the new one.
        std::fs::remove_file(out.join("r/same.pdf")).unwrap();
        std::fs::write(tmp.path().join("target"), "12345").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("target"), out.join("r/same.pdf")).unwrap();
        set(&root, &[("same.pdf", "12345")], Switch::RenameAside);
        assert_eq!(listing(&out.join("r")), pairs(&[("same.pdf", "12345")]));
    }

    #[test]
    fn a_build_cut_between_the_two_renames_is_undone_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let root = OutRoot::open(&out).unwrap();
        set(
            &root,
            &[("a.pdf", "old"), ("build.json", "old")],
            Switch::Exchange,
        );
        // What a kill between the renames of the fallback leaves: the old
        // set aside, a complete new one, no folder, and the lock file.
        std::fs::rename(out.join("r"), out.join(".r.old")).unwrap();
        std::fs::create_dir(out.join(".r.new")).unwrap();
        std::fs::write(out.join(".r.new/a.pdf"), "new").unwrap();
        std::fs::write(out.join(".r.lock"), "").unwrap();
        let staging = Staging::start(&root, "r").unwrap();
        assert_eq!(
            listing(&out.join("r")),
            pairs(&[("a.pdf", "old"), ("build.json", "old")]),
            "the previous set is back"
        );
        drop(staging);
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
    }

    #[test]
    fn leftovers_beside_a_complete_folder_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let root = OutRoot::open(&out).unwrap();
        set(&root, &[("a.pdf", "live")], Switch::Exchange);
        std::fs::create_dir_all(out.join(".r.old/x")).unwrap();
        std::fs::create_dir_all(out.join(".r.new")).unwrap();
        recover(&root, "r").unwrap();
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
        assert_eq!(listing(&out.join("r")), pairs(&[("a.pdf", "live")]));
    }

    #[test]
    fn links_in_place_of_the_folder_and_its_siblings_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("a.pdf"), "keep").unwrap();
        for name in ["r", ".r.new", ".r.old"] {
            std::os::unix::fs::symlink(&elsewhere, out.join(name)).unwrap();
        }
        let root = OutRoot::open(&out).unwrap();
        set(&root, &[("a.pdf", "new")], Switch::Exchange);
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
        assert_eq!(listing(&out.join("r")), pairs(&[("a.pdf", "new")]));
        assert_eq!(listing(&elsewhere), pairs(&[("a.pdf", "keep")]));
    }

    #[test]
    fn a_linked_lock_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, out.join(".r.lock")).unwrap();
        let root = OutRoot::open(&out).unwrap();
        let err = Staging::start(&root, "r").err().unwrap();
        assert!(err.contains("out/.r.lock: is a symlink"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(!out.join("r").exists());
    }

    #[test]
    fn the_lock_survives_the_swap_and_is_exclusive() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let root = OutRoot::open(&out).unwrap();
        set(&root, &[("a.pdf", "1")], Switch::Exchange);
        let held = Staging::start(&root, "r").unwrap();
        let other = File::open(out.join(".r.lock")).unwrap();
        assert!(other.try_lock().is_err(), "a second build must wait");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let second = Staging::start(&root, "r").unwrap();
                tx.send(()).unwrap();
                drop(second);
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(rx.try_recv().is_err(), "still waiting");
            let mut held = held;
            held.write("a.pdf", b"2").unwrap();
            held.publish().unwrap();
            rx.recv().unwrap();
        });
        assert_eq!(listing(&out.join("r")), pairs(&[("a.pdf", "2")]));
        assert_eq!(listing(&out), pairs(&[("r", "dir")]));
    }
}
