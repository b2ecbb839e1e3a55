//! The part of `TempFile` and `TempDir` that deletes the path on drop.

use std::eprintln;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What kind of entry a [`TempPath`] deletes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    File,
    Dir,
}

/// Which file-system entry a path named when it was created: device and inode on Unix.
///
/// Deleting checks it first, so an entry that took the name after ours was renamed or removed
/// is left alone. Elsewhere std offers no stable file identity, and it holds nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EntryId {
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
}

impl EntryId {
    /// The identity in `meta`, which must describe the entry itself (`symlink_metadata`, or
    /// the metadata of an open handle), never a symlink's target.
    pub(crate) fn of(meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            EntryId {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            EntryId {}
        }
    }

    /// Fails with `NotFound` unless `path` names this very entry now.
    fn check(self, path: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            let now = EntryId::of(&fs::symlink_metadata(path)?);
            if now != self {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "the entry at this path is not the one created here (ours was renamed or \
                     removed, and something else took the name), so it was left alone",
                ));
            }
        }
        #[cfg(not(unix))]
        let _ = path;
        Ok(())
    }
}

/// An absolute path that is deleted when dropped, unless kept.
#[derive(Debug)]
pub(crate) struct TempPath {
    /// Absolute, so changing the current directory cannot redirect the deletion. Empty once
    /// the path was kept or closed: then drop has nothing to do.
    path: PathBuf,
    kind: Kind,
    /// The entry created at `path`: only that one is deleted.
    id: EntryId,
    keep_on_panic: bool,
}

impl TempPath {
    pub(crate) fn new(path: PathBuf, kind: Kind, id: EntryId) -> Self {
        debug_assert!(path.is_absolute());
        TempPath {
            path,
            kind,
            id,
            keep_on_panic: false,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn set_keep_on_panic(&mut self, keep: bool) {
        self.keep_on_panic = keep;
    }

    /// Disarms the deletion and returns the path.
    pub(crate) fn keep(mut self) -> PathBuf {
        std::mem::take(&mut self.path)
    }

    /// Deletes the entry now and reports the error, if any.
    ///
    /// The error has the kind of the I/O error that stopped the deletion, and that I/O error
    /// (with its OS error code) as its `source()`.
    pub(crate) fn close(self) -> io::Result<()> {
        let (kind, id) = (self.kind, self.id);
        let path = self.keep();
        delete(&path, kind, id).map_err(|(error, left)| {
            io::Error::new(
                error.kind(),
                DeleteError {
                    kind,
                    path,
                    error,
                    left,
                },
            )
        })
    }
}

/// The error of `close()`: what could not be deleted, with the I/O error as its `source()`.
#[derive(Debug)]
struct DeleteError {
    kind: Kind,
    path: PathBuf,
    error: io::Error,
    /// What is left of a tree, or empty when there is nothing to add.
    left: std::string::String,
}

impl fmt::Display for DeleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot delete temporary {:?} {}: {}",
            self.kind,
            self.path.display(),
            self.error
        )?;
        if !self.left.is_empty() {
            write!(f, "; left behind: {}", self.left)?;
        }
        Ok(())
    }
}

impl std::error::Error for DeleteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Deletes the entry at `path` if it is still the one with identity `id`; on failure returns
/// the I/O error and what is left of a tree (empty if nothing to say).
///
/// Between the check and the deletion someone who may write to the parent directory can still
/// swap the entry: std has no way to delete by identity. On platforms other than Unix there is
/// no check at all.
fn delete(path: &Path, kind: Kind, id: EntryId) -> Result<(), (io::Error, std::string::String)> {
    let no_tree = |e| (e, std::string::String::new());
    id.check(path).map_err(no_tree)?;
    match kind {
        Kind::File => fs::remove_file(path).map_err(no_tree),
        Kind::Dir => remove_tree(path),
    }
}

/// Deletes a directory tree, first as it is, then once more after giving its owner back the
/// permissions that deleting needs (a read-only subdirectory refuses to give up its entries).
///
/// `remove_dir_all` never follows symlinks inside the tree, and neither does the repair.
///
/// On failure returns the I/O error unchanged, and what is left of the tree.
fn remove_tree(path: &Path) -> Result<(), (io::Error, std::string::String)> {
    if fs::remove_dir_all(path).is_ok() {
        return Ok(());
    }
    let_owner_in(path);
    fs::remove_dir_all(path).map_err(|e| (e, left_behind(path)))
}

/// Gives the owner read, write and search permission on `dir` and every directory below it.
///
/// Each directory is changed through a handle opened on it and checked to be the entry that
/// was looked at, so a directory swapped for a symlink in between is not followed. A directory
/// its owner cannot even read (`0o000`) cannot be opened: it is changed by path, where that
/// swap could still redirect the change; only someone who may write to its parent can do it.
#[cfg(unix)]
fn let_owner_in(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return;
    };
    if !meta.is_dir() {
        return; // a symlink, or something else: never touched
    }
    let mode = meta.permissions().mode();
    if mode & 0o700 != 0o700 {
        let wanted = fs::Permissions::from_mode(mode | 0o700);
        match fs::File::open(dir) {
            Ok(handle) => {
                if handle
                    .metadata()
                    .is_ok_and(|m| EntryId::of(&m) == EntryId::of(&meta))
                {
                    let _ = handle.set_permissions(wanted);
                }
            }
            Err(_) => {
                let _ = fs::set_permissions(dir, wanted);
            }
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        // `file_type` does not follow symlinks.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let_owner_in(&entry.path());
        }
    }
}

/// Clears the read-only attribute, which stops deletion on Windows, throughout the tree.
#[cfg(not(unix))]
fn let_owner_in(dir: &Path) {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(t) = entry.file_type() else { continue };
        if t.is_dir() {
            let_owner_in(&entry.path());
        } else if !t.is_symlink() {
            if let Ok(m) = entry.metadata() {
                let mut p = m.permissions();
                if p.readonly() {
                    p.set_readonly(false);
                    let _ = fs::set_permissions(entry.path(), p);
                }
            }
        }
    }
}

/// Says what is left of a tree that could not be deleted: how many entries, and the first.
fn left_behind(dir: &Path) -> std::string::String {
    fn walk(dir: &Path, count: &mut usize, first: &mut Option<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            *count += 1;
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&path, count, first);
            }
            first.get_or_insert(path);
        }
    }
    if fs::symlink_metadata(dir).is_err() {
        return std::string::String::new();
    }
    let (mut count, mut first) = (0, None);
    walk(dir, &mut count, &mut first);
    match first {
        None => "the directory itself".into(),
        Some(first) => std::format!(
            "the directory and {count} entries in it, such as {}",
            first.display()
        ),
    }
}

/// What dropping a [`TempPath`] does.
#[derive(Debug, PartialEq, Eq)]
enum OnDrop {
    /// Kept or closed already: nothing to do.
    Nothing,
    /// Dropped during a panic with `keep_on_panic`: leave it and say where it is.
    KeepAndReport,
    Delete,
}

impl TempPath {
    fn on_drop(&self) -> OnDrop {
        if self.path.as_os_str().is_empty() {
            OnDrop::Nothing
        } else if self.keep_on_panic && std::thread::panicking() {
            OnDrop::KeepAndReport
        } else {
            OnDrop::Delete
        }
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        match self.on_drop() {
            OnDrop::Nothing => {}
            OnDrop::KeepAndReport => eprintln!(
                "raii-guards: kept temporary {:?} {} because the thread panicked",
                self.kind,
                self.path.display()
            ),
            // Nobody is left to tell about an error here; `close()` is the way to see it.
            OnDrop::Delete => {
                let _ = delete(&self.path, self.kind, self.id);
            }
        }
    }
}

// The file-system tests in tests/temp_file.rs and tests/temp_dir.rs do not run under Miri
// (isolation); these cover the decisions they rely on, and do run there.
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};

    /// A path that cannot exist, so a `Delete` in these tests touches nothing.
    fn path() -> PathBuf {
        std::env::temp_dir().join("raii-guards-unit-test-never-created")
    }

    /// An identity for tests that never reach the file system.
    fn id() -> EntryId {
        EntryId {
            #[cfg(unix)]
            dev: 0,
            #[cfg(unix)]
            ino: 0,
        }
    }

    /// Disarms `p` so its own drop does nothing, after reading its decision.
    fn decision(p: TempPath) -> OnDrop {
        let d = p.on_drop();
        p.keep();
        d
    }

    #[test]
    fn an_armed_path_is_deleted_on_drop() {
        assert_eq!(
            decision(TempPath::new(path(), Kind::File, id())),
            OnDrop::Delete
        );
    }

    #[test]
    fn a_kept_path_is_left_alone_and_returned() {
        let p = TempPath::new(path(), Kind::Dir, id());
        let mut emptied = TempPath::new(path(), Kind::Dir, id());
        emptied.path = PathBuf::new();
        assert_eq!(emptied.on_drop(), OnDrop::Nothing);
        assert_eq!(p.keep(), path());
    }

    #[test]
    fn keep_on_panic_keeps_only_while_panicking() {
        let mut p = TempPath::new(path(), Kind::File, id());
        p.set_keep_on_panic(true);
        assert_eq!(p.on_drop(), OnDrop::Delete, "not panicking");
        let seen = Cell::new(None);
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            let _probe = crate::guard((), |()| seen.set(Some(p.on_drop())));
            panic!("unwind");
        }));
        assert!(caught.is_err());
        assert_eq!(seen.take(), Some(OnDrop::KeepAndReport));
        assert_eq!(decision(p), OnDrop::Delete);
    }

    #[test]
    fn without_keep_on_panic_a_panic_still_deletes() {
        let p = TempPath::new(path(), Kind::File, id());
        let seen = Cell::new(None);
        let _ = panic::catch_unwind(AssertUnwindSafe(|| {
            let _probe = crate::guard((), |()| seen.set(Some(p.on_drop())));
            panic!("unwind");
        }));
        assert_eq!(seen.take(), Some(OnDrop::Delete));
        p.keep();
    }
}
