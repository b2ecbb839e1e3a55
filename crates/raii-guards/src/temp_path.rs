//! The part of `TempFile` and `TempDir` that deletes the path on drop.

use std::eprintln;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What kind of entry a [`TempPath`] deletes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    File,
    Dir,
}

/// An absolute path that is deleted when dropped, unless kept.
#[derive(Debug)]
pub(crate) struct TempPath {
    /// Absolute, so changing the current directory cannot redirect the deletion. Empty once
    /// the path was kept or closed: then drop has nothing to do.
    path: PathBuf,
    kind: Kind,
    keep_on_panic: bool,
}

impl TempPath {
    pub(crate) fn new(path: PathBuf, kind: Kind) -> Self {
        debug_assert!(path.is_absolute());
        TempPath {
            path,
            kind,
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
    pub(crate) fn close(self) -> io::Result<()> {
        let kind = self.kind;
        let path = self.keep();
        delete(&path, kind).map_err(|e| {
            io::Error::new(
                e.kind(),
                std::format!("cannot delete temporary {kind:?} {}: {e}", path.display()),
            )
        })
    }
}

fn delete(path: &Path, kind: Kind) -> io::Result<()> {
    match kind {
        Kind::File => fs::remove_file(path),
        // `remove_dir_all` does not follow symlinks inside the directory.
        Kind::Dir => fs::remove_dir_all(path),
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
                let _ = delete(&self.path, self.kind);
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

    /// Disarms `p` so its own drop does nothing, after reading its decision.
    fn decision(p: TempPath) -> OnDrop {
        let d = p.on_drop();
        p.keep();
        d
    }

    #[test]
    fn an_armed_path_is_deleted_on_drop() {
        assert_eq!(decision(TempPath::new(path(), Kind::File)), OnDrop::Delete);
    }

    #[test]
    fn a_kept_path_is_left_alone_and_returned() {
        let p = TempPath::new(path(), Kind::Dir);
        let mut emptied = TempPath::new(path(), Kind::Dir);
        emptied.path = PathBuf::new();
        assert_eq!(emptied.on_drop(), OnDrop::Nothing);
        assert_eq!(p.keep(), path());
    }

    #[test]
    fn keep_on_panic_keeps_only_while_panicking() {
        let mut p = TempPath::new(path(), Kind::File);
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
        let p = TempPath::new(path(), Kind::File);
        let seen = Cell::new(None);
        let _ = panic::catch_unwind(AssertUnwindSafe(|| {
            let _probe = crate::guard((), |()| seen.set(Some(p.on_drop())));
            panic!("unwind");
        }));
        assert_eq!(seen.take(), Some(OnDrop::Delete));
        p.keep();
    }
}
